//! The revocation ledger: what the user revoked and when, every entry seen
//! across visits, and the judgement of whether revocations took effect.
//!
//! State changes happen through events ([`events::Body`]), applied by
//! [`Ledger::apply`]; replaying the stored events rebuilds the state. A few
//! observation details that are not events (last seen, last activity, the
//! narrowed creation interval) live only in the stored state.
//! Matching across visits and the rules are documented in docs/ledger.md.

pub mod chain;
pub mod events;
pub(crate) mod matching;
mod rules;
pub mod settings;
pub mod view;

use crate::core::decimal::Decimal;
use crate::core::page::{PageReading, Recognition};
use crate::core::strmap::StrMap;
use crate::core::time::Interval;
use crate::core::vecs::{self, Dense};
use events::{Body, Event, Evidence, Rule};
pub use settings::Settings;

/// A revocation of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Revocation {
    /// When the user clicked (Unix ms): the moment the rules measure from.
    pub at_ms: i64,
    /// A confirm dialog's go-ahead was clicked, or no dialog followed.
    pub confirmed: bool,
    /// Recorded by a log-out-everywhere rather than the row's own control.
    pub everywhere: bool,
}

/// Where a reading comes from: the tab, and since when that tab has shown
/// the page (the content script's `shown_since`: the document's load, or
/// the single-page app's move to the page). `None` when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub tab: i64,
    pub shown_since: Option<i64>,
}

impl Viewer {
    /// Whether this viewer has shown the page since before a change (at
    /// `at`, as `tab` showed it): then what it shows is older than that.
    /// Never for the tab that showed the change, nor when either is unknown.
    fn behind(self, at: Option<i64>, tab: Option<i64>) -> bool {
        match (at, tab, self.shown_since) {
            (Some(at), Some(tab), Some(since)) => since < at && tab != self.tab,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub rule: Rule,
    pub since_ms: i64,
    pub evidence: Vec<Evidence>,
}

/// One tracked entry (a token, session, device or generic row).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: String,
    pub kind: String,
    /// Fingerprint of what the row shows; identical-looking rows share it.
    pub group: String,
    pub label: String,
    pub scopes: Vec<String>,
    pub detail: Option<String>,
    /// When it was created, narrowed by every observation.
    pub since: Option<Interval>,
    pub page: Option<String>,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
    pub listed: bool,
    pub current: bool,
    pub last_active: Option<Interval>,
    pub revoke: Option<Revocation>,
    pub gone_ms: Option<i64>,
    pub verified_ms: Option<i64>,
    pub flags: Vec<Flag>,
    /// A flag was raised at some time since the revocation.
    pub flagged_since_revoke: bool,
    /// The latest change to whether it is listed or revoked (first seen,
    /// revoked, gone, back), as of when the page that showed it could date
    /// from (Unix ms), and the tab that showed it ([`Member::behind`]).
    /// Not part of the events: a ledger rebuilt from them has `None`.
    pub changed_ms: Option<i64>,
    pub changed_tab: Option<i64>,
}

/// Status of an entry, as badges show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Watching,
    RevokePending,
    Revoked,
    Verified,
    Zombie,
}

crate::json_struct!(both Revocation { at_ms: req, confirmed: req, everywhere: def });
crate::json_struct!(both Flag { rule: req, since_ms: req, evidence: req });
// A field holding its default is left out of the stored state: a quarter
// of its bytes, which every wake reads and parses. Readers of every
// version take a missing field as its default, as they always did.
crate::json_struct!(both Member {
    id: req,
    kind: req,
    group: req,
    label: req,
    scopes: nonempty,
    detail: opt,
    since: opt,
    page: opt,
    first_seen_ms: req,
    last_seen_ms: req,
    listed: req,
    current: nonempty,
    last_active: opt,
    revoke: opt,
    gone_ms: opt,
    verified_ms: opt,
    flags: nonempty,
    flagged_since_revoke: nonempty,
    changed_ms: opt,
    changed_tab: opt,
});
crate::json_names!(Status {
    Watching = "watching",
    RevokePending = "revoke-pending",
    Revoked = "revoked",
    Verified = "verified",
    Zombie = "zombie",
});
crate::json_struct!(both MeterState {
    name: req,
    percent: req,
    resets: def,
    observed_at_ms: req,
    flags: def,
    changed_ms: opt,
    changed_tab: opt,
});
crate::json_struct!(both Pending { tab: req, entry: def, at_ms: req, dialog_seen: nonempty });
crate::json_struct!(both PageCheck { at_ms: req, recognised: req, reason: def });
crate::json_struct!(both State {
    settings: req,
    members: req,
    meters: req,
    readings: req,
    log_outs: req,
    pending: req,
    checked: req,
    next_member: req,
    recent_clicks: req,
    imported: def,
});

impl Member {
    pub fn status(&self) -> Status {
        if !self.flags.is_empty() {
            return Status::Zombie;
        }
        match &self.revoke {
            None => Status::Watching,
            Some(_) if self.verified_ms.is_some() => Status::Verified,
            Some(_) if self.listed => Status::RevokePending,
            Some(_) => Status::Revoked,
        }
    }

    /// Whether `viewer` is behind this entry: its tab has shown the page
    /// since before the entry's latest change, which another tab saw. Such
    /// a tab may never have fetched the listing again (a second tab left
    /// open), so what it shows of the entry, or leaves out, is old news.
    /// The tab that saw the change is never behind: the page there had
    /// every chance to show it.
    pub fn behind(&self, viewer: Viewer) -> bool {
        viewer.behind(self.changed_ms, self.changed_tab)
    }

    /// Notes a change to this entry that `tab` showed, as of `as_of`.
    pub(crate) fn note_change(&mut self, tab: i64, as_of: i64) {
        self.changed_ms = Some(as_of);
        self.changed_tab = Some(tab);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeterState {
    pub name: String,
    pub percent: Decimal,
    pub resets: Option<Interval>,
    pub observed_at_ms: i64,
    pub flags: Vec<Flag>,
    /// Its latest change and the tab that showed it, as a member's
    /// (`Member::changed_ms`): a tab behind it shows an older value.
    pub changed_ms: Option<i64>,
    pub changed_tab: Option<i64>,
}

/// How long a click may wait for its tab's next reading before a reading
/// of another tab settles it (its tab was closed at once).
const ORPHAN_CLICK_MS: i64 = 60_000;

/// How long a click may wait on a dialog that was shown and never answered
/// before another tab's listing settles it (its tab was closed with the
/// dialog open): long enough for a user who takes their time to answer.
const ORPHAN_DIALOG_MS: i64 = 30 * 60_000;

/// How many of the latest members that look the same [`Ledger::lookalike_of`]
/// looks through.
const LOOKALIKES_SCANNED: usize = 64;

/// A click waiting for a possible confirmation dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub tab: i64,
    /// The entry, or `None` for a log-out-everywhere.
    pub entry: Option<String>,
    pub at_ms: i64,
    /// A reading of its tab has shown a dialog since the click.
    pub dialog_seen: bool,
}

/// When each page was last read, and whether it could be.
#[derive(Debug, Clone, PartialEq)]
pub struct PageCheck {
    pub at_ms: i64,
    pub recognised: bool,
    pub reason: Option<String>,
}

/// What a click on the page was, as the content script reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum ClickAction {
    Revoke {
        entry: String,
    },
    LogOutEverywhere {
        label: String,
        explicit: bool,
    },
    DialogConfirm,
    DialogCancel,
    /// A button of a dialog clicked before the dialog was read (and its
    /// buttons watched): its name says which answer it was.
    DialogButton {
        label: String,
    },
    /// An item of a row's menu clicked before the open menu was read (and
    /// its removal item watched): `entry` is the row whose menu button the
    /// content script found expanded; the item's name says whether it
    /// removes the row.
    MenuItem {
        entry: String,
        label: String,
    },
}

/// Read flat (see `messages::FlatRequest` for why), unknown fields refused.
struct FlatClick {
    action: String,
    entry: Option<String>,
    label: Option<String>,
    explicit: Option<bool>,
}

crate::json_struct!(read FlatClick deny_unknown { action: req, entry: def, label: def, explicit: def });

impl crate::core::json::FromJson for ClickAction {
    fn from_json(r: &mut crate::core::json::Reader) -> crate::core::json::Result<ClickAction> {
        let f = FlatClick::from_json(r)?;
        let only = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(r.error(format!("a `{what}` click has other fields")))
            }
        };
        let missing = |name: &str| r.error(format!("missing field `{name}`"));
        match f.action.as_str() {
            "revoke" => {
                only(f.label.is_none() && f.explicit.is_none(), "revoke")?;
                Ok(ClickAction::Revoke {
                    entry: f.entry.ok_or_else(|| missing("entry"))?,
                })
            }
            "log_out_everywhere" => {
                only(f.entry.is_none(), "log_out_everywhere")?;
                Ok(ClickAction::LogOutEverywhere {
                    label: f.label.ok_or_else(|| missing("label"))?,
                    explicit: f.explicit.ok_or_else(|| missing("explicit"))?,
                })
            }
            "dialog_confirm" | "dialog_cancel" => {
                only(
                    f.entry.is_none() && f.label.is_none() && f.explicit.is_none(),
                    &f.action,
                )?;
                Ok(if f.action == "dialog_confirm" {
                    ClickAction::DialogConfirm
                } else {
                    ClickAction::DialogCancel
                })
            }
            "dialog_button" => {
                only(f.entry.is_none() && f.explicit.is_none(), "dialog_button")?;
                Ok(ClickAction::DialogButton {
                    label: f.label.ok_or_else(|| missing("label"))?,
                })
            }
            "menu_item" => {
                only(f.explicit.is_none(), "menu_item")?;
                Ok(ClickAction::MenuItem {
                    entry: f.entry.ok_or_else(|| missing("entry"))?,
                    label: f.label.ok_or_else(|| missing("label"))?,
                })
            }
            other => Err(r.error(format!(
                "unknown click action `{}`",
                crate::core::text::preview(other, 40)
            ))),
        }
    }
}

/// The derived state (everything but the event list).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub settings: Settings,
    pub members: Dense<Member>,
    pub meters: Vec<MeterState>,
    /// Every usage reading that changed a meter: (meter, percent, resets, at).
    pub readings: Vec<(String, Decimal, Option<Interval>, i64)>,
    /// Times of log-out-everywhere clicks still standing.
    pub log_outs: Vec<i64>,
    pub pending: Vec<Pending>,
    pub checked: crate::core::json::SmallMap<PageCheck>,
    pub next_member: u64,
    /// Ids of recent click reports, so a retried report is not recorded twice.
    pub recent_clicks: Vec<String>,
    /// Hashes of imported events as they were in their file, so importing
    /// the same file again adds nothing.
    pub imported: Vec<String>,
}

/// The ledger: the event history and the state derived from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    pub events: Vec<Event>,
    pub state: State,
    /// Loaded from an older layout: the next write rewrites every segment.
    pub rewrite_all: bool,
    /// Lookups kept in step with `state.members` by [`Ledger::apply`], so a
    /// visit costs the same with 1,000 or 100,000 events of history.
    pub index: Index,
    /// Which stored parts are in memory (a woken worker loads only the
    /// newest events and the entries still watched; see `storage`).
    pub residence: Residence,
}

/// The archived entries, in brief, while they are not loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArchiveSummary {
    pub members: usize,
    pub counts: view::Counts,
    /// The latest revocation among archived tokens (all of them verified).
    pub latest_token_revoke_ms: Option<i64>,
    /// Stored chunk numbers (`ledger.archive.N`).
    pub chunks: Vec<u64>,
}

crate::json_struct!(both ArchiveSummary { members: req, counts: req, latest_token_revoke_ms: def, chunks: req });

/// What of the stored ledger is in memory.
#[derive(Debug, Clone, Default)]
pub struct Residence {
    /// Stored events before `events[0]` that are not loaded.
    pub events_before: usize,
    /// `Some` while the archived entries are not loaded.
    pub archive: Option<ArchiveSummary>,
    /// Ids the stored archive holds, each with its chunk (to know which
    /// chunks a write changes). A map rather than a set: the index's one
    /// hash table type serves it, and a set would add another to the wasm.
    pub archived: StrMap,
    /// When the first event was recorded.
    pub first_at_ms: Option<i64>,
    /// How many import hashes are stored.
    pub imported_written: usize,
}

/// Two ledgers are equal when they hold the same; bookkeeping of what was
/// written does not count.
impl PartialEq for Residence {
    fn eq(&self, o: &Residence) -> bool {
        self.events_before == o.events_before && self.archive == o.archive
    }
}

/// Derived lookups over the members; never stored, rebuilt on load.
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_id: StrMap,
    /// (page, fingerprint) → members, in the order they were first seen.
    by_page_group: Lists,
    /// page → members listed there now, ascending (a sorted list rather
    /// than a set: the order is wanted, and it spares a set type in the wasm).
    listed: Lists,
    /// Members revoked and not yet verified, ascending: the only ones time
    /// passing can verify, so a tick need not scan every member.
    awaiting: Vec<usize>,
    /// When the state was last written (0 after a load).
    pub state_saved_ms: i64,
}

/// The index is derived from the members, so it never makes two ledgers differ.
impl PartialEq for Index {
    fn eq(&self, _: &Index) -> bool {
        true
    }
}

/// Lists of members by a text key. The index's maps all key by text into
/// positions (`HashMap<String, usize>`), so the wasm module holds one hash
/// table type however many maps the index has.
#[derive(Debug, Clone, Default)]
struct Lists {
    slot: StrMap,
    lists: Dense<Vec<usize>>,
}

impl Lists {
    fn get(&self, key: &str) -> &[usize] {
        self.slot.get(key).map_or(&[], |&s| self.lists[s].as_slice())
    }
    fn get_mut(&mut self, key: &str) -> Option<&mut Vec<usize>> {
        let s = *self.slot.get(key)?;
        self.lists.get_mut(s)
    }
    fn entry(&mut self, key: String) -> &mut Vec<usize> {
        let next = self.lists.len();
        let s = self.slot.get_or_insert(key, next);
        if s == next {
            self.lists.push(Vec::new());
        }
        &mut self.lists[s]
    }
}

/// Which tokens were connected after every token before them was revoked:
/// `tokens` are (the earliest their "Connected …" time can be, when they
/// were revoked), in the order they were first seen. Returns each such
/// token's position and the time of the last revocation before it. A token
/// before it that was never revoked stands in the way, unless it too was
/// connected after all were revoked (a client minting tokens again).
pub fn connected_after_all(tokens: impl Iterator<Item = (Option<i64>, Option<i64>)>) -> Vec<(usize, i64)> {
    let (mut last, mut standing) = (None, false);
    let mut out = Vec::new();
    for (k, (connected, revoked)) in tokens.enumerate() {
        let after = !standing && last.is_some_and(|at| connected.is_some_and(|c| c >= at));
        if after {
            out.push((k, last.unwrap_or_default()));
        }
        match revoked {
            Some(r) => last = Some(last.map_or(r, |l: i64| l.max(r))),
            None => standing |= !after,
        }
    }
    out
}

/// The key of a member's page in [`Index`]: pages are named by words
/// ("claude_code"), so no page is the empty text.
fn page_key(page: &Option<String>) -> &str {
    page.as_deref().unwrap_or("")
}

/// The key of (page, fingerprint): fingerprints are hex, so a separator
/// that is neither keeps two pairs from meeting.
fn group_key(page: &str, group: &str) -> String {
    let mut k = String::with_capacity(page.len() + 1 + group.len());
    k.push_str(page);
    k.push('\u{1f}');
    k.push_str(group);
    k
}

impl Index {
    fn add(&mut self, i: usize, m: &Member) {
        self.by_id.insert(m.id.clone(), i);
        self.by_page_group.entry(group_key(page_key(&m.page), &m.group)).push(i);
        if m.listed {
            insert_sorted(self.listed.entry(page_key(&m.page).to_string()), i);
        }
        self.sync_awaiting(i, m);
    }

    /// Keeps member `i` in `awaiting` exactly while it is revoked and not
    /// verified; called after every change to either.
    fn sync_awaiting(&mut self, i: usize, m: &Member) {
        match self.awaiting.binary_search(&i) {
            Ok(at) if m.revoke.is_none() || m.verified_ms.is_some() => {
                self.awaiting.remove(at);
            }
            Err(at) if m.revoke.is_some() && m.verified_ms.is_none() => self.awaiting.insert(at, i),
            _ => {}
        }
    }

    /// Members of `page` with fingerprint `group`.
    pub fn group(&self, page: &str, group: &str) -> &[usize] {
        self.by_page_group.get(&group_key(page, group))
    }

    /// Members listed on `page` now, in the order they were first seen.
    pub fn listed_on(&self, page: &str) -> Vec<usize> {
        self.listed.get(page).to_vec()
    }
}

/// Adds `i` to an ascending list unless it is there.
pub(super) fn insert_sorted(list: &mut Vec<usize>, i: usize) {
    if let Err(at) = list.binary_search(&i) {
        list.insert(at, i);
    }
}

const RECENT_CLICKS: usize = 256;

impl Ledger {
    pub fn new(settings: Settings) -> Ledger {
        Ledger {
            events: Vec::new(),
            state: State {
                settings,
                ..State::default()
            },
            rewrite_all: false,
            index: Index::default(),
            residence: Residence::default(),
        }
    }

    /// Rebuilds the lookups after the members were loaded from storage.
    pub fn reindex(&mut self) {
        let mut index = Index::default();
        for (i, m) in self.state.members.iter().enumerate() {
            index.add(i, m);
        }
        self.index = index;
    }

    /// Rebuilds the state from events alone (when the stored state is lost).
    pub fn replay(events: Vec<Event>, settings: Settings) -> Ledger {
        let mut l = Ledger::new(settings);
        for e in &events {
            l.apply(e);
        }
        for e in &events {
            if let Body::Seen { entry, .. } = &e.body {
                let n = entry.strip_prefix('e').and_then(crate::core::text::parse_count);
                l.state.next_member = l.state.next_member.max(n.unwrap_or(0));
            }
        }
        l.events = events;
        l
    }

    pub fn next_seq(&self) -> u64 {
        self.events
            .last()
            .map_or(self.residence.events_before as u64 + 1, |e| e.seq + 1)
    }

    /// Events stored in all, loaded or not.
    pub fn event_count(&self) -> usize {
        self.residence.events_before + self.events.len()
    }

    /// Entries in all, archived or not.
    pub fn entry_count(&self) -> usize {
        self.state.members.len() + self.residence.archive.as_ref().map_or(0, |a| a.members)
    }

    /// When the first event was recorded.
    pub fn first_at_ms(&self) -> Option<i64> {
        self.residence
            .first_at_ms
            .or_else(|| self.events.first().map(|e| e.at_ms))
    }

    pub fn member_mut(&mut self, id: &str) -> Option<&mut Member> {
        let i = *self.index.by_id.get(id)?;
        self.state.members.get_mut(i)
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        let i = *self.index.by_id.get(id)?;
        self.state.members.get(i)
    }

    /// Unrevoked tokens connected after every token listed before them was
    /// revoked, each with when the last of those was
    /// ([`connected_after_all`]): a client that could still sign in (the
    /// report of usage climbing after every token was revoked), or the
    /// account holder signing in again. Not a flag.
    pub fn connected_after_all_revoked(&self) -> Vec<(&str, i64)> {
        // Members are in the order they were first seen (an attached archive
        // is merged in that order too: `storage::attach_archive`).
        let tokens = vecs::filter(&self.state.members, |m| {
            m.kind == "token" && (m.listed || m.revoke.is_some())
        });
        let times = tokens
            .iter()
            .map(|m| (m.since.map(|s| s.earliest), m.revoke.as_ref().map(|r| r.at_ms)));
        let mut out = Vec::new();
        for (k, at) in connected_after_all(times) {
            if let Some(m) = tokens.get(k).filter(|m| m.revoke.is_none()) {
                out.push((m.id.as_str(), at));
            }
        }
        out
    }

    /// The revoked entry, gone from the page, that `m` looks exactly like
    /// when `m` was first seen after that revocation and no creation time
    /// tells whether `m` is a new sign-in or that entry back (session rows
    /// often show none): the most recently revoked such entry. Not a flag:
    /// a person signing in again on the same device looks the same.
    pub fn lookalike_of(&self, m: &Member) -> Option<&Member> {
        if m.revoke.is_some() {
            return None;
        }
        let mut found: Option<(&Member, i64)> = None;
        // The latest first seen only: a page of hundreds of identical
        // tokens asks this for every row, and a group keeps every member
        // ever seen; a lookalike worth naming is a recent one.
        for &i in self
            .index
            .group(page_key(&m.page), &m.group)
            .iter()
            .rev()
            .take(LOOKALIKES_SCANNED)
        {
            let k = &self.state.members[i];
            let Some(at) = k.revoke.as_ref().map(|r| r.at_ms) else {
                continue;
            };
            // Both dated: the matching already told them apart. Signed in
            // after the revocation: new.
            let told_apart = k.since.is_some() && m.since.is_some() || m.since.is_some_and(|s| s.earliest > at);
            if !k.listed && at < m.first_seen_ms && !told_apart && found.is_none_or(|f| f.1 < at) {
                found = Some((k, at));
            }
        }
        found.map(|f| f.0)
    }

    /// Records an event: appends it and applies it to the state.
    fn record(&mut self, at_ms: i64, page: Option<&str>, body: Body) {
        let mut ev = Event {
            seq: self.next_seq(),
            at_ms,
            page: page.map(str::to_string),
            body,
            hash: String::new(),
        };
        ev.hash = chain::event_hash(chain::head(&self.events), &ev);
        self.apply(&ev);
        self.events.push(ev);
    }

    /// The effect of one event on the state.
    pub fn apply(&mut self, ev: &Event) {
        let at = ev.at_ms;
        match &ev.body {
            Body::Seen {
                entry,
                kind,
                group,
                label,
                scopes,
                detail,
                since,
            } => {
                self.state.members.push(Member {
                    id: entry.clone(),
                    kind: kind.clone(),
                    group: group.clone(),
                    label: label.clone(),
                    scopes: scopes.clone(),
                    detail: detail.clone(),
                    since: *since,
                    page: ev.page.clone(),
                    first_seen_ms: at,
                    last_seen_ms: at,
                    listed: true,
                    current: false,
                    last_active: None,
                    revoke: None,
                    gone_ms: None,
                    verified_ms: None,
                    flags: Vec::new(),
                    flagged_since_revoke: false,
                    changed_ms: None,
                    changed_tab: None,
                });
                let i = self.state.members.len() - 1;
                self.index.add(i, &self.state.members[i]);
            }
            Body::Changed { entry, field, to, .. } => {
                let Some(&i) = self.index.by_id.get(entry) else {
                    return;
                };
                let Some(m) = self.state.members.get_mut(i) else {
                    return;
                };
                match field.as_str() {
                    "current" => m.current = to == "true",
                    "location" => m.detail = (!to.is_empty()).then(|| to.clone()),
                    // A session seen at a new location: its look changes
                    // with it (matching::moved).
                    "fingerprint" => {
                        let page = page_key(&m.page);
                        if let Some(list) = self.index.by_page_group.get_mut(&group_key(page, &m.group)) {
                            if let Ok(at) = list.binary_search(&i) {
                                list.remove(at);
                            }
                        }
                        insert_sorted(self.index.by_page_group.entry(group_key(page, to)), i);
                        m.group = to.clone();
                    }
                    _ => {}
                }
            }
            Body::RevokeRequested { entry } => {
                if let Some(&i) = self.index.by_id.get(entry) {
                    let m = &mut self.state.members[i];
                    m.revoke = Some(Revocation {
                        at_ms: at,
                        confirmed: false,
                        everywhere: false,
                    });
                    m.verified_ms = None;
                    m.flagged_since_revoke = false;
                    self.index.sync_awaiting(i, m);
                }
            }
            Body::RevokeConfirmed { entry } => {
                if let Some(r) = self.member_mut(entry).and_then(|m| m.revoke.as_mut()) {
                    r.confirmed = true;
                }
            }
            Body::RevokeCancelled { entry } => {
                if let Some(&i) = self.index.by_id.get(entry) {
                    let m = &mut self.state.members[i];
                    m.revoke = None;
                    self.index.sync_awaiting(i, m);
                }
            }
            Body::LogOutEverywhere { .. } => {
                self.state.log_outs.push(at);
                for (i, m) in self.state.members.iter_mut().enumerate() {
                    if m.kind == "session" && m.listed && m.revoke.is_none() {
                        m.revoke = Some(Revocation {
                            at_ms: at,
                            confirmed: true,
                            everywhere: true,
                        });
                        m.flagged_since_revoke = false;
                        self.index.sync_awaiting(i, m);
                    }
                }
            }
            Body::Gone { entry } => {
                if let Some(&i) = self.index.by_id.get(entry) {
                    let m = &mut self.state.members[i];
                    m.listed = false;
                    m.gone_ms = Some(at);
                    if let Some(list) = self.index.listed.get_mut(page_key(&m.page)) {
                        if let Ok(at) = list.binary_search(&i) {
                            list.remove(at);
                        }
                    }
                }
            }
            Body::Reappeared { entry } => {
                if let Some(&i) = self.index.by_id.get(entry) {
                    let m = &mut self.state.members[i];
                    m.listed = true;
                    m.last_seen_ms = m.last_seen_ms.max(at);
                    insert_sorted(self.index.listed.entry(page_key(&m.page).to_string()), i);
                }
            }
            Body::UsageReading { meter, percent, resets } => {
                self.state.readings.push((meter.clone(), *percent, *resets, at));
                match self.state.meters.iter_mut().find(|m| &m.name == meter) {
                    Some(m) => {
                        m.percent = *percent;
                        m.resets = *resets;
                        m.observed_at_ms = at;
                    }
                    None => self.state.meters.push(MeterState {
                        name: meter.clone(),
                        percent: *percent,
                        resets: *resets,
                        observed_at_ms: at,
                        flags: Vec::new(),
                        changed_ms: None,
                        changed_tab: None,
                    }),
                }
            }
            Body::FlagRaised {
                entry,
                meter,
                rule,
                evidence,
            } => {
                let flag = Flag {
                    rule: *rule,
                    since_ms: at,
                    evidence: evidence.clone(),
                };
                if let Some(id) = entry {
                    if let Some(m) = self.member_mut(id) {
                        m.flags.retain(|f| f.rule != *rule);
                        m.flags.push(flag);
                        m.flagged_since_revoke = true;
                    }
                } else if let Some(name) = meter {
                    if let Some(m) = self.state.meters.iter_mut().find(|m| &m.name == name) {
                        m.flags.retain(|f| f.rule != *rule);
                        m.flags.push(flag);
                    }
                }
            }
            Body::FlagCleared { entry, meter, rule } => {
                if let Some(m) = entry.as_deref().and_then(|id| self.member_mut(id)) {
                    m.flags.retain(|f| f.rule != *rule);
                } else if let Some(m) = meter
                    .as_deref()
                    .and_then(|n| self.state.meters.iter_mut().find(|m| m.name == n))
                {
                    m.flags.retain(|f| f.rule != *rule);
                }
            }
            Body::Verified { entry } => {
                if let Some(&i) = self.index.by_id.get(entry) {
                    let m = &mut self.state.members[i];
                    m.verified_ms = Some(at);
                    self.index.sync_awaiting(i, m);
                }
            }
        }
    }

    /// Records what the user clicked. `click_id` makes a retried report
    /// harmless. Returns how many events were recorded.
    pub fn click(&mut self, click_id: &str, action: ClickAction, tab: i64, page: &str, now: i64) -> usize {
        if self.state.recent_clicks.iter().any(|c| c == click_id) {
            return 0;
        }
        self.state.recent_clicks.push(click_id.to_string());
        let overflow = self.state.recent_clicks.len().saturating_sub(RECENT_CLICKS);
        self.state.recent_clicks.drain(..overflow);
        let before = self.events.len();
        let clicked = Viewer { tab, shown_since: None };
        let action = match action {
            ClickAction::MenuItem { entry, label } => {
                if !crate::core::page::removes_named(&label, crate::core::phrases::for_lang("en")) {
                    return 0;
                }
                ClickAction::Revoke { entry }
            }
            other => other,
        };
        match action {
            ClickAction::Revoke { entry } => {
                let revocable = self.member(&entry).is_some_and(|m| m.listed && m.revoke.is_none());
                if revocable {
                    self.record(now, Some(page), Body::RevokeRequested { entry: entry.clone() });
                    if let Some(m) = self.member_mut(&entry) {
                        m.note_change(tab, now);
                    }
                    self.state.pending.push(Pending {
                        tab,
                        entry: Some(entry),
                        at_ms: now,
                        dialog_seen: false,
                    });
                }
            }
            ClickAction::LogOutEverywhere { label, explicit } => {
                self.record(now, Some(page), Body::LogOutEverywhere { label, explicit });
                for m in self.state.members.iter_mut() {
                    if m.revoke.as_ref().is_some_and(|r| r.everywhere && r.at_ms == now) {
                        m.note_change(tab, now);
                    }
                }
                self.state.pending.push(Pending {
                    tab,
                    entry: None,
                    at_ms: now,
                    dialog_seen: false,
                });
            }
            ClickAction::DialogConfirm => self.resolve_pending(clicked, Some(true), None, page, now),
            ClickAction::DialogCancel => self.resolve_pending(clicked, Some(false), None, page, now),
            ClickAction::DialogButton { label } => {
                let english = crate::core::phrases::for_lang("en");
                if let Some(answer) = crate::core::page::answer_named(&label, english) {
                    self.resolve_pending(clicked, Some(answer), None, page, now);
                }
            }
            ClickAction::MenuItem { .. } => {}
        }
        self.events.len() - before
    }

    /// Settles the clicks of `tab` waiting on a dialog. `answer`: the
    /// dialog's go-ahead or cancel was clicked. Otherwise a reading of the
    /// tab shows no dialog: a click after which none was shown needed none
    /// (`listed` is `None`, before the reading is matched); one whose
    /// dialog closed with no answer revoke-watch saw (Escape, a click
    /// beside it, an unnamed close button, a reload) is judged by what the
    /// page lists now (`listed`: the reading's matched entries). A revoked
    /// entry still listed, or a log-out after which no session is gone, was
    /// dismissed; otherwise it went ahead. A click of another page waits
    /// for a reading of its own page.
    fn resolve_pending(
        &mut self,
        viewer: Viewer,
        answer: Option<bool>,
        listed: Option<&[String]>,
        page: &str,
        now: i64,
    ) {
        let is_listed = |id: &str| listed.is_some_and(|ids| ids.iter().any(|i| i == id));
        let mut settled = Vec::new();
        for p in std::mem::take(&mut self.state.pending) {
            let mine = p.tab == viewer.tab;
            let decision = match (answer, listed) {
                // A click whose tab showed no dialog, and was never read
                // again (closed at once), was a revocation all the same.
                (None, None) if !mine => (!p.dialog_seen && now > p.at_ms + ORPHAN_CLICK_MS).then_some(true),
                // One whose dialog was never answered (its tab closed with
                // it open) is judged, much later, by another tab's listing.
                (None, Some(ids)) if !mine && now > p.at_ms + ORPHAN_DIALOG_MS => {
                    p.entry.as_deref().and_then(|e| self.went_ahead(e, viewer, ids, page))
                }
                _ if !mine => None,
                (Some(confirmed), _) => Some(confirmed),
                (None, None) => (!p.dialog_seen).then_some(true),
                (None, Some(_)) if !p.dialog_seen => None,
                (None, Some(ids)) => match &p.entry {
                    Some(e) => self.went_ahead(e, viewer, ids, page),
                    // A log-out that went ahead usually leaves for the
                    // login page; the account page read again with no
                    // session gone (or none to go) was dismissed.
                    None => (page == crate::core::page::PageKind::Account.name()).then(|| {
                        self.state.members.iter().any(|m| {
                            m.revoke.as_ref().is_some_and(|r| r.everywhere && r.at_ms == p.at_ms) && !is_listed(&m.id)
                        })
                    }),
                },
            };
            match decision {
                Some(confirmed) => settled.push((p, confirmed)),
                None => self.state.pending.push(p),
            }
        }
        for (p, confirmed) in settled {
            match (p.entry, confirmed) {
                (Some(entry), true) => self.record(now, Some(page), Body::RevokeConfirmed { entry }),
                (Some(entry), false) => self.cancel(entry, page, now),
                (None, true) => {}
                (None, false) => self.withdraw_log_out(p.at_ms, page, now),
            }
        }
    }

    /// Whether the click on `entry`, whose dialog closed with no answer
    /// seen, went ahead, by what `viewer`'s reading of `page` lists: gone
    /// means it did, still listed that it was dismissed. `None` when that
    /// reading cannot tell (another page, or a tab behind the entry).
    fn went_ahead(&self, entry: &str, viewer: Viewer, listed: &[String], page: &str) -> Option<bool> {
        self.member(entry)
            .filter(|m| page_key(&m.page) == page && !m.behind(viewer))
            .map(|_| !listed.iter().any(|i| i == entry))
    }

    /// A cancelled log-out-everywhere: withdraws the sessions it covered.
    fn withdraw_log_out(&mut self, at_ms: i64, page: &str, now: i64) {
        let covered = vecs::filter_map(&self.state.members, |m| {
            m.revoke
                .as_ref()
                .is_some_and(|r| r.everywhere && r.at_ms == at_ms)
                .then(|| m.id.clone())
        });
        self.state.log_outs.retain(|&t| t != at_ms);
        for entry in covered {
            self.cancel(entry, page, now);
        }
    }

    /// Withdraws a revocation that never happened, and with it any flag it
    /// raised: a flag judges a revocation, and there is none.
    fn cancel(&mut self, entry: String, page: &str, now: i64) {
        let rules = self
            .member(&entry)
            .map(|m| vecs::map(&m.flags, |f| f.rule))
            .unwrap_or_default();
        for rule in rules {
            self.record(
                now,
                Some(page),
                Body::FlagCleared {
                    entry: Some(entry.clone()),
                    meter: None,
                    rule,
                },
            );
        }
        self.record(now, Some(page), Body::RevokeCancelled { entry });
    }

    /// Takes in one reading of a page seen by `viewer` at `now`. Returns,
    /// for each entry of the reading in order, the member it was matched to.
    #[inline(never)]
    pub fn observe(&mut self, reading: &PageReading, viewer: Viewer, now: i64) -> Vec<String> {
        let tab = viewer.tab;
        let page = reading.page.name();
        let reason = match &reading.status {
            Recognition::Recognised => None,
            Recognition::NotRecognised { reason } => Some(reason.clone()),
        };
        self.state.checked.insert(
            page.to_string(),
            PageCheck {
                at_ms: now,
                recognised: reason.is_none(),
                reason: reason.clone(),
            },
        );
        let asking = !reading.dialogs.is_empty();
        for p in self.state.pending.iter_mut().filter(|p| p.tab == tab) {
            p.dialog_seen |= asking;
        }
        if !asking {
            self.resolve_pending(viewer, None, None, page, now);
        }
        if reason.is_some() {
            return Vec::new();
        }
        let ids = matching::observe_entries(self, reading, page, viewer, now);
        if !asking {
            self.resolve_pending(viewer, None, Some(&ids), page, now);
        }
        rules::observe_meters(self, reading, page, viewer, now);
        self.tick(now);
        ids
    }

    /// Whether the click at `at_ms` on `entry` (`None`: a log-out
    /// everywhere) waits on a dialog its tab has shown: until it is
    /// answered it is no revocation, and no rule judges it. A click after
    /// which no dialog was seen counts at once, as it did before dialogs
    /// were watched (a log-out that leaves for the login page is never
    /// read again).
    pub(crate) fn waits_on_dialog(&self, at_ms: i64, entry: Option<&str>) -> bool {
        self.state
            .pending
            .iter()
            .any(|p| p.dialog_seen && p.at_ms == at_ms && p.entry.as_deref() == entry)
    }

    /// Time passing: verifies revocations whose watch window ended clean,
    /// and clears the usage meters' flags raised a watch window ago.
    pub fn tick(&mut self, now: i64) {
        let window = self.state.settings.watch_window_ms;
        // Only revoked, unverified members can become due (`Index::awaiting`),
        // so a visit's cost does not grow with every entry ever seen.
        let due = vecs::filter_map(&self.index.awaiting, |&i| {
            let m = self.state.members.get(i)?;
            let is_due = m.verified_ms.is_none()
                && !m.listed
                && m.flags.is_empty()
                && !m.flagged_since_revoke
                && m.revoke.as_ref().is_some_and(|r| now >= r.at_ms.saturating_add(window));
            is_due.then(|| m.id.clone())
        });
        for entry in due {
            self.record(now, None, Body::Verified { entry });
        }
        // A meter's rise is judged within the watch window after everything
        // was revoked; its flag stands as long again, then the export and
        // the report keep it (a usage page red for good would be noise).
        let expired = vecs::filter_map(&self.state.meters, |m| {
            m.flags
                .iter()
                .any(|f| now >= f.since_ms.saturating_add(window))
                .then(|| m.name.clone())
        });
        for meter in expired {
            let body = Body::FlagCleared {
                entry: None,
                meter: Some(meter),
                rule: Rule::UsageAfterRevoke,
            };
            self.record(now, None, body);
        }
    }

    /// The latest moment "everything was revoked": a log-out-everywhere, or
    /// the last of the revocations that left no token unrevoked.
    pub fn all_revoked_at(&self) -> Option<i64> {
        // Only what happened counts: not a log-out or a revocation still
        // waiting on a dialog's answer.
        let mut log_out = None;
        for &t in &self.state.log_outs {
            if !self.waits_on_dialog(t, None) {
                log_out = log_out.max(Some(t));
            }
        }
        let tokens = vecs::filter(&self.state.members, |m| {
            m.kind == "token" && (m.listed || m.revoke.is_some())
        });
        let done = |m: &&Member| {
            m.revoke
                .as_ref()
                .is_some_and(|r| !self.waits_on_dialog(r.at_ms, Some(&m.id)))
        };
        let all_tokens = if !tokens.is_empty() && tokens.iter().all(done) {
            tokens.iter().filter_map(|m| m.revoke.as_ref().map(|r| r.at_ms)).max()
        } else {
            None
        };
        // Archived tokens were all revoked (and verified gone).
        let archived = self.residence.archive.as_ref().and_then(|a| a.latest_token_revoke_ms);
        let all_tokens = match (all_tokens, archived) {
            (Some(t), a) => Some(t.max(a.unwrap_or(t))),
            (None, a) if tokens.is_empty() => a,
            (None, _) => None,
        };
        log_out.max(all_tokens)
    }
}

#[cfg(test)]
mod stored_member_tests {
    use super::*;
    use crate::core::json::{from_str, to_string};

    /// How every version before this one stored a member: each field
    /// written, defaults included.
    const WITH_DEFAULTS: &str = r#"{"id":"e1","kind":"token","group":"g","label":"Claude Code","scopes":[],"detail":null,"since":null,"page":"claude_code","first_seen_ms":5,"last_seen_ms":6,"listed":true,"current":false,"last_active":null,"revoke":null,"gone_ms":null,"verified_ms":null,"flags":[],"flagged_since_revoke":false}"#;

    #[test]
    fn a_member_is_stored_without_its_defaults_and_older_texts_still_read() {
        let old: Member = from_str(WITH_DEFAULTS).unwrap();
        let text = to_string(&old);
        assert_eq!(
            text,
            r#"{"id":"e1","kind":"token","group":"g","label":"Claude Code","page":"claude_code","first_seen_ms":5,"last_seen_ms":6,"listed":true}"#
        );
        assert_eq!(from_str::<Member>(&text).unwrap(), old);
    }

    #[test]
    fn a_member_with_every_field_set_round_trips() {
        let full = Member {
            scopes: vec!["user:inference".into()],
            detail: Some("d".into()),
            since: Some(crate::core::time::Interval { earliest: 1, latest: 2 }),
            current: true,
            last_active: Some(crate::core::time::Interval { earliest: 3, latest: 4 }),
            revoke: Some(Revocation {
                at_ms: 7,
                confirmed: true,
                everywhere: false,
            }),
            changed_ms: Some(11),
            changed_tab: Some(12),
            gone_ms: Some(8),
            verified_ms: Some(9),
            flags: vec![Flag {
                rule: events::Rule::StillListed,
                since_ms: 10,
                evidence: vec![events::Evidence {
                    at_ms: 10,
                    what: "still listed".into(),
                }],
            }],
            flagged_since_revoke: true,
            ..from_str(WITH_DEFAULTS).unwrap()
        };
        assert_eq!(from_str::<Member>(&to_string(&full)).unwrap(), full);
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    fn seen(l: &mut Ledger, id: &str, kind: &str, at: i64) {
        l.record(
            at,
            Some("account"),
            Body::Seen {
                entry: id.into(),
                kind: kind.into(),
                group: format!("g-{id}"),
                label: "Claude Code".into(),
                scopes: vec![],
                detail: None,
                since: None,
            },
        );
    }

    /// The members awaiting verification, as a scan of every member finds them.
    fn scanned(l: &Ledger) -> Vec<usize> {
        let mut fresh = l.clone();
        fresh.reindex();
        let by_scan: Vec<usize> = (0..l.state.members.len())
            .filter(|&i| l.state.members[i].revoke.is_some() && l.state.members[i].verified_ms.is_none())
            .collect();
        assert_eq!(fresh.index.awaiting, by_scan, "reindex and scan disagree");
        by_scan
    }

    #[test]
    fn members_awaiting_verification_are_kept_in_step_with_every_change() {
        let mut l = Ledger::new(Settings::default());
        let entry = |id: &str| id.to_string();
        for (i, id) in ["e1", "e2", "e3"].iter().enumerate() {
            seen(&mut l, id, if i == 2 { "session" } else { "token" }, 1);
        }
        let steps: Vec<Body> = vec![
            Body::RevokeRequested { entry: entry("e2") },
            Body::RevokeRequested { entry: entry("e1") },
            Body::RevokeConfirmed { entry: entry("e1") },
            Body::RevokeCancelled { entry: entry("e2") },
            Body::LogOutEverywhere {
                label: "Log out of all devices".into(),
                explicit: true,
            },
            Body::Gone { entry: entry("e1") },
            Body::Verified { entry: entry("e1") },
            // Revoked again after verification: awaiting once more.
            Body::RevokeRequested { entry: entry("e1") },
            Body::Verified { entry: entry("e3") },
            Body::RevokeCancelled { entry: entry("e1") },
            Body::Verified { entry: entry("nobody") },
        ];
        let want: [&[usize]; 11] = [
            &[1],
            &[0, 1],
            &[0, 1],
            &[0],
            &[0, 2],
            &[0, 2],
            &[2],
            &[0, 2],
            &[0],
            &[],
            &[],
        ];
        for (n, body) in steps.into_iter().enumerate() {
            l.record(10 + n as i64, Some("account"), body);
            assert_eq!(l.index.awaiting, scanned(&l), "after step {n}");
            assert_eq!(l.index.awaiting, want[n], "after step {n}");
        }
    }
}
