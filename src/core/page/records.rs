//! The records a page reading produces. Handles are node indices into the
//! snapshot the reading came from; the content script maps them back to the
//! elements of that same pass.

use super::PageKind;
use crate::core::decimal::Decimal;
use crate::core::json::{field, ObjectWriter, ToJson};
use crate::core::phrases::SectionKind;
use crate::core::time::{Interval, TimeObs};
use crate::core::vecs;

/// Index of a node in the snapshot.
pub type Handle = u32;

#[derive(Debug, Clone, PartialEq)]
pub enum Recognition {
    Recognised,
    NotRecognised { reason: String },
}

impl Recognition {
    pub fn not(reason: &str) -> Recognition {
        Recognition::NotRecognised {
            reason: reason.to_string(),
        }
    }
}

/// Everything read from one pass over one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageReading {
    pub page: PageKind,
    pub status: Recognition,
    /// Removable rows in page order; identical-looking rows stay separate.
    pub entries: Vec<Entry>,
    pub meters: Vec<Meter>,
    pub log_out_controls: Vec<LogOutControl>,
    pub dialogs: Vec<Dialog>,
    /// Listings the page says are empty ("No trusted devices").
    pub empty_sections: Vec<SectionKind>,
    /// Listings whose heading or title the page shows ("Active sessions"),
    /// rows or not: one titled but with no row and not said to be empty is
    /// still loading, or was left out, and says nothing about its entries.
    pub titled_listings: Vec<SectionKind>,
    /// The first listing's container, where the page summary goes.
    pub listing: Option<Handle>,
    /// Why a listing is known to show only part of its entries (it says it
    /// holds more rows than it draws, or offers to show more): entries it
    /// does not show are not taken for gone.
    pub partial: Option<String>,
}

pub fn section_name(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Tokens => "tokens",
        SectionKind::Sessions => "sessions",
        SectionKind::Devices => "devices",
        SectionKind::Usage => "usage",
    }
}

/// The kind of entry a listing holds (none for usage meters).
pub fn entry_kind(k: SectionKind) -> Option<EntryKindTag> {
    match k {
        SectionKind::Tokens => Some(EntryKindTag::Token),
        SectionKind::Sessions => Some(EntryKindTag::Session),
        SectionKind::Devices => Some(EntryKindTag::Device),
        SectionKind::Usage => None,
    }
}

impl PageReading {
    /// The kinds of entry (`EntryKindTag::name`) whose listing this
    /// reading titles but does not show: no row of that kind, and no
    /// sentence (or lone session in use) saying the listing is empty. A
    /// single-page app draws "Active sessions" over "Loading…" while it
    /// fetches the rows, and the page may be recognised by another part.
    /// A listing gone with its heading (a page that drops an empty
    /// section) does show that its entries went.
    pub fn unshown_kinds(&self) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        for &k in &self.titled_listings {
            let Some(kind) = entry_kind(k).map(EntryKindTag::name) else {
                continue;
            };
            let has_rows = self.entries.iter().any(|e| e.kind_tag().name() == kind);
            if !has_rows && !self.empty_sections.contains(&k) && !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds
    }

    pub fn empty(page: PageKind) -> PageReading {
        PageReading {
            page,
            status: Recognition::Recognised,
            entries: Vec::new(),
            meters: Vec::new(),
            log_out_controls: Vec::new(),
            dialogs: Vec::new(),
            empty_sections: Vec::new(),
            titled_listings: Vec::new(),
            listing: None,
            partial: None,
        }
    }
}

/// One removable row.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Position among the page's entries, from 0.
    pub ordinal: u32,
    pub record: Record,
    /// The row element.
    pub row: Handle,
    /// The row's remove control.
    pub control: Handle,
    /// The row's other remove controls ("Remove" beside "Sign out"): a
    /// click on any of them is a revocation of the row too.
    pub more_controls: Vec<Handle>,
    /// `control` is a menu button ("⋯") whose menu, with the row's remove
    /// item, is closed: a click on it removes nothing.
    pub opens_menu: bool,
    /// Where a badge goes: the element holding the row's label.
    pub anchor: Handle,
    /// An id the page gives the row (a `data-…id` attribute), if any.
    pub page_id: Option<String>,
    /// The heading of the listing the row is in.
    pub section: Option<String>,
    /// Row text that no field claimed, kept as evidence.
    pub extra: Vec<String>,
    /// What the row looks like ([`crate::core::identity::fingerprint`]),
    /// set once by the reader: matching and badges both need it.
    pub fingerprint: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKindTag {
    Token,
    Session,
    Device,
    Other,
}

impl Entry {
    pub fn kind_tag(&self) -> EntryKindTag {
        match self.record {
            Record::Token { .. } => EntryKindTag::Token,
            Record::Session { .. } => EntryKindTag::Session,
            Record::Device { .. } => EntryKindTag::Device,
            Record::Other { .. } => EntryKindTag::Other,
        }
    }

    /// When the entry came to be, as far as the page says: a token's
    /// "Connected …", a session's "Signed in …", a device's "Enrolled …".
    pub fn since(&self) -> Option<Interval> {
        let t = match &self.record {
            Record::Token { connected: t, .. }
            | Record::Session { signed_in: t, .. }
            | Record::Device { enrolled: t, .. } => t,
            Record::Other { .. } => &None,
        };
        t.as_ref().and_then(|t| t.interval)
    }

    pub fn label(&self) -> &str {
        match &self.record {
            Record::Token { label, .. } | Record::Session { label, .. } | Record::Other { label, .. } => label,
            Record::Device { name, .. } => name,
        }
    }
}

impl EntryKindTag {
    pub fn name(self) -> &'static str {
        match self {
            EntryKindTag::Token => "token",
            EntryKindTag::Session => "session",
            EntryKindTag::Device => "device",
            EntryKindTag::Other => "other",
        }
    }
}

/// The typed content of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// An authorization token on /settings/claude-code.
    Token {
        label: String,
        scopes: Vec<String>,
        connected: Option<TimeObs>,
        /// "Last used …", where the page shows it.
        last_used: Option<TimeObs>,
    },
    /// An active session on /settings/account.
    Session {
        label: String,
        location: Option<String>,
        last_active: Option<TimeObs>,
        signed_in: Option<TimeObs>,
        current: bool,
    },
    /// A trusted device on /settings/account.
    Device {
        name: String,
        platform: Option<String>,
        enrolled: Option<TimeObs>,
        /// "Last used …", where the page shows it: use after a removal is
        /// the same evidence as a session's activity.
        last_used: Option<TimeObs>,
    },
    /// A repeated removable row of a layout revoke-watch does not know.
    Other { label: String, times: Vec<TimeObs> },
}

/// A usage meter on /settings/usage.
#[derive(Debug, Clone, PartialEq)]
pub struct Meter {
    pub name: String,
    /// Percent used, 0–100 as the page shows it.
    pub percent: Decimal,
    pub resets: Option<TimeObs>,
    /// The heading the meter stands under ("Weekly limits"), if any.
    pub group: Option<String>,
    /// How long its window lasts (ms), when its name or group says
    /// (`Phrases::meter_windows`).
    pub window_ms: Option<i64>,
    pub node: Handle,
    /// Where its badge goes: the element that says its name.
    pub anchor: Handle,
}

/// A control that signs the account out of every session.
#[derive(Debug, Clone, PartialEq)]
pub struct LogOutControl {
    pub control: Handle,
    pub label: String,
    /// True when its wording says all/everywhere; false for a bare "Log
    /// out", which reports say also signs out everywhere.
    pub explicit: bool,
}

/// A confirmation dialog present in the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub node: Handle,
    pub text: String,
    pub confirm: Option<Handle>,
    pub cancel: Option<Handle>,
}

impl ToJson for Recognition {
    fn to_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        match self {
            Recognition::Recognised => o.str("state", "recognised"),
            Recognition::NotRecognised { reason } => {
                o.str("state", "not_recognised");
                o.str("reason", reason);
            }
        }
        o.end();
    }
}

impl ToJson for PageReading {
    fn to_json(&self, out: &mut String) {
        use field::{opt, req};
        let mut o = ObjectWriter::new(out);
        req::write(&mut o, "page", &self.page);
        req::write(&mut o, "status", &self.status);
        req::write(&mut o, "entries", &self.entries);
        req::write(&mut o, "meters", &self.meters);
        req::write(&mut o, "log_out_controls", &self.log_out_controls);
        req::write(&mut o, "dialogs", &self.dialogs);
        let sections: Vec<&str> = vecs::map(&self.empty_sections, |k| section_name(*k));
        req::write(&mut o, "empty_sections", &sections);
        let titled: Vec<&str> = vecs::map(&self.titled_listings, |k| section_name(*k));
        field::nonempty::write(&mut o, "titled_listings", &titled);
        opt::write(&mut o, "listing", &self.listing);
        opt::write(&mut o, "partial", &self.partial);
        o.end();
    }
}

/// The record's fields follow `ordinal`, after its `kind` (the shape the
/// page-reading fixtures' expected files have).
impl ToJson for Entry {
    fn to_json(&self, out: &mut String) {
        use field::{nonempty, opt};
        let mut o = ObjectWriter::new(out);
        o.int("ordinal", i64::from(self.ordinal));
        o.str("kind", self.kind_tag().name());
        match &self.record {
            Record::Token {
                label,
                scopes,
                connected,
                last_used,
            } => {
                o.str("label", label);
                field::req::write(&mut o, "scopes", scopes);
                opt::write(&mut o, "connected", connected);
                opt::write(&mut o, "last_used", last_used);
            }
            Record::Session {
                label,
                location,
                last_active,
                signed_in,
                current,
            } => {
                o.str("label", label);
                opt::write(&mut o, "location", location);
                opt::write(&mut o, "last_active", last_active);
                opt::write(&mut o, "signed_in", signed_in);
                o.bool("current", *current);
            }
            Record::Device {
                name,
                platform,
                enrolled,
                last_used,
            } => {
                o.str("name", name);
                opt::write(&mut o, "platform", platform);
                opt::write(&mut o, "enrolled", enrolled);
                opt::write(&mut o, "last_used", last_used);
            }
            Record::Other { label, times } => {
                o.str("label", label);
                nonempty::write(&mut o, "times", times);
            }
        }
        o.int("row", i64::from(self.row));
        o.int("control", i64::from(self.control));
        if self.opens_menu {
            o.bool("opens_menu", true);
        }
        nonempty::write(&mut o, "more_controls", &self.more_controls);
        o.int("anchor", i64::from(self.anchor));
        opt::write(&mut o, "page_id", &self.page_id);
        opt::write(&mut o, "section", &self.section);
        nonempty::write(&mut o, "extra", &self.extra);
        o.end();
    }
}

crate::json_struct!(write Meter { name: req, percent: req, resets: opt, group: opt, window_ms: opt, node: req, anchor: req });
crate::json_struct!(write LogOutControl { control: req, label: req, explicit: req });
crate::json_struct!(write Dialog { node: req, text: req, confirm: opt, cancel: opt });
