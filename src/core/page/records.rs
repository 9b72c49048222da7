//! The records a page reading produces. Handles are node indices into the
//! snapshot the reading came from; the content script maps them back to the
//! elements of that same pass.

use super::PageKind;
use crate::core::phrases::SectionKind;
use crate::core::time::TimeObs;
use serde::Serialize;

/// Index of a node in the snapshot.
pub type Handle = u32;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
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
    pub fn is_recognised(&self) -> bool {
        matches!(self, Recognition::Recognised)
    }
}

/// Everything read from one pass over one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageReading {
    pub page: PageKind,
    pub status: Recognition,
    /// Removable rows in page order; identical-looking rows stay separate.
    pub entries: Vec<Entry>,
    pub meters: Vec<Meter>,
    pub log_out_controls: Vec<LogOutControl>,
    pub dialogs: Vec<Dialog>,
    /// Listings the page says are empty ("No trusted devices").
    #[serde(serialize_with = "ser_sections")]
    pub empty_sections: Vec<SectionKind>,
    /// The first listing's container, where the page summary goes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing: Option<Handle>,
}

fn ser_sections<S: serde::Serializer>(v: &[SectionKind], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for k in v {
        seq.serialize_element(section_name(*k))?;
    }
    seq.end()
}

pub fn section_name(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Tokens => "tokens",
        SectionKind::Sessions => "sessions",
        SectionKind::Devices => "devices",
        SectionKind::Usage => "usage",
    }
}

impl PageReading {
    pub fn empty(page: PageKind) -> PageReading {
        PageReading {
            page,
            status: Recognition::Recognised,
            entries: Vec::new(),
            meters: Vec::new(),
            log_out_controls: Vec::new(),
            dialogs: Vec::new(),
            empty_sections: Vec::new(),
            listing: None,
        }
    }
}

/// One removable row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Position among the page's entries, from 0.
    pub ordinal: u32,
    #[serde(flatten)]
    pub record: Record,
    /// The row element.
    pub row: Handle,
    /// The row's remove control.
    pub control: Handle,
    /// Where a badge goes: the element holding the row's label.
    pub anchor: Handle,
    /// An id the page gives the row (a `data-…id` attribute), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    /// The heading of the listing the row is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Row text that no field claimed, kept as evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
    /// What the row looks like ([`crate::core::identity::fingerprint`]),
    /// set once by the reader: matching and badges both need it.
    #[serde(skip)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// An authorization token on /settings/claude-code.
    Token {
        label: String,
        scopes: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        connected: Option<TimeObs>,
        /// "Last used …", where the page shows it.
        #[serde(skip_serializing_if = "Option::is_none")]
        last_used: Option<TimeObs>,
    },
    /// An active session on /settings/account.
    Session {
        label: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        last_active: Option<TimeObs>,
        #[serde(skip_serializing_if = "Option::is_none")]
        signed_in: Option<TimeObs>,
        current: bool,
    },
    /// A trusted device on /settings/account.
    Device {
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        platform: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        enrolled: Option<TimeObs>,
    },
    /// A repeated removable row of a layout revoke-watch does not know.
    Other {
        label: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        times: Vec<TimeObs>,
    },
}

/// A usage meter on /settings/usage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meter {
    pub name: String,
    /// Percent used, 0–100 as the page shows it.
    pub percent: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resets: Option<TimeObs>,
    /// The heading the meter stands under ("Weekly limits"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub node: Handle,
}

/// A control that signs the account out of every session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogOutControl {
    pub control: Handle,
    pub label: String,
    /// True when its wording says all/everywhere; false for a bare "Log
    /// out", which reports say also signs out everywhere.
    pub explicit: bool,
}

/// A confirmation dialog present in the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dialog {
    pub node: Handle,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirm: Option<Handle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel: Option<Handle>,
}
