//! Badge annotations: what the content script draws on a page and which
//! clicks it reports, decided here from a page reading and the ledger. The
//! content script draws exactly these and nothing else.

use crate::core::json::{write_objects, ObjectWriter};
use crate::core::ledger::matching::could_be_same;
use crate::core::ledger::view::{badge_words, push_evidence, Note};
use crate::core::ledger::{ClickAction, Ledger, Viewer};
use crate::core::lookup::KeyIndex;
use crate::core::page::{PageKind, PageReading, Recognition};
use crate::core::text::preview;
use crate::core::vecs;

/// One badge to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The ledger entry the row was matched to.
    pub entry: String,
    pub kind: &'static str,
    /// `watching`, `revoke-pending`, `revoked`, `verified` or `zombie`.
    pub status: &'static str,
    /// Words on the badge.
    pub text: String,
    /// Evidence, for hover and assistive technology.
    pub description: String,
    pub row: u32,
    pub anchor: u32,
    /// The row's remove control; none while it is an item of a menu that
    /// is closed (`Entry::opens_menu`).
    pub control: Option<u32>,
    /// The row's other remove controls, whose clicks count as `control`'s.
    pub also: Vec<u32>,
}

/// One usage meter's badge: drawn like a row's, with no control to watch.
#[derive(Debug, Clone, PartialEq)]
pub struct MeterBadge {
    /// `meter:` and the meter's name, so the badge is told apart from rows'.
    pub entry: String,
    /// `watching`, or `zombie` when it rose after everything was revoked.
    pub status: &'static str,
    pub text: &'static str,
    pub description: String,
    pub anchor: u32,
}

/// A control whose clicks the content script reports (besides the rows'
/// own remove controls, which the annotations name).
#[derive(Debug, Clone, PartialEq)]
pub struct WatchedControl {
    pub node: u32,
    /// `log_out_everywhere`, `dialog_confirm` or `dialog_cancel`.
    pub action: &'static str,
    pub label: Option<String>,
    pub explicit: Option<bool>,
}

/// The answer to a page snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct PageAnswer {
    pub version: &'static str,
    pub page: PageKind,
    pub status: Recognition,
    pub annotations: Vec<Annotation>,
    /// Badges of the usage meters read (usage page only).
    pub meters: Vec<MeterBadge>,
    pub controls: Vec<WatchedControl>,
    pub ledger_error: Option<String>,
    /// The summary drawn above the listing.
    pub summary: Option<crate::core::ui::summary::PageSummary>,
}

impl PageAnswer {
    /// The answer as JSON text, written by hand ([`crate::core::json`]): it
    /// goes out on every page message (tests/golden.rs holds its bytes).
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + 320 * self.annotations.len());
        let mut o = ObjectWriter::new(&mut out);
        o.str("version", self.version);
        o.str("page", self.page.name());
        let mut status = ObjectWriter::new(o.key("status"));
        match &self.status {
            Recognition::Recognised => status.str("state", "recognised"),
            Recognition::NotRecognised { reason } => {
                status.str("state", "not_recognised");
                status.str("reason", reason);
            }
        }
        status.end();
        write_objects(o.key("annotations"), &self.annotations, |w, a| {
            w.str("entry", &a.entry);
            w.str("kind", a.kind);
            w.str("status", a.status);
            w.str("text", &a.text);
            w.str("description", &a.description);
            w.int("row", a.row.into());
            w.int("anchor", a.anchor.into());
            if let Some(c) = a.control {
                w.int("control", c.into());
            }
            if !a.also.is_empty() {
                let list = w.key("also");
                for (k, c) in a.also.iter().enumerate() {
                    list.push(if k == 0 { '[' } else { ',' });
                    crate::core::json::write_int(list, i64::from(*c));
                }
                list.push(']');
            }
        });
        if !self.meters.is_empty() {
            write_objects(o.key("meters"), &self.meters, |w, m| {
                w.str("entry", &m.entry);
                w.str("kind", "meter");
                w.str("status", m.status);
                w.str("text", m.text);
                w.str("description", &m.description);
                w.int("anchor", m.anchor.into());
            });
        }
        write_objects(o.key("controls"), &self.controls, |w, c| {
            w.int("node", c.node.into());
            w.str("action", c.action);
            if let Some(label) = &c.label {
                w.str("label", label);
            }
            if let Some(explicit) = c.explicit {
                w.bool("explicit", explicit);
            }
        });
        if let Some(e) = &self.ledger_error {
            o.str("ledger_error", e);
        }
        if let Some(s) = &self.summary {
            let mut w = ObjectWriter::new(o.key("summary"));
            w.str("title", &s.title);
            w.str("counts", &s.counts);
            w.str("checked", &s.checked);
            if let Some(n) = &s.notice {
                w.str("notice", n);
            }
            w.int("anchor", s.anchor.into());
            w.str("position", s.position);
            w.end();
        }
        o.end();
        out
    }
}

/// Per-tab summary kept for the popup.
#[derive(Debug, Clone, PartialEq)]
pub struct TabSummary {
    pub watched: u32,
    pub page: String,
    pub recognised: bool,
    pub reason: Option<String>,
    pub checked_at_ms: i64,
}

crate::json_struct!(both TabSummary { watched: req, page: req, recognised: req, reason: opt, checked_at_ms: req });

/// Badges for a reading seen by a viewer whose entries were matched to
/// `ids` in a ledger (no ledger: the stored ledger is unreadable and rows
/// are only "Watching").
#[inline(never)]
pub fn annotate(
    reading: &PageReading,
    ids: &[String],
    seen: Option<(&Ledger, Viewer)>,
    now: i64,
    tz: i32,
) -> Vec<Annotation> {
    let ledger = seen.map(|s| s.0);
    let alike = KeyIndex::new(vecs::map(&reading.entries, |e| e.fingerprint.as_str()));
    // Rows that look the same and whose creation times do not tell them
    // apart: the rows the ledger cannot tell from this one ("1 of 5 alike").
    // Two "Claude Code" tokens connected on Nov 3 and Nov 5 are not alike.
    let skew = ledger.map_or(0, |l| l.state.settings.skew_ms);
    let alike_to = |e: &crate::core::page::Entry| {
        let since = e.since();
        let run = alike.run(&e.fingerprint);
        let same = |&&(_, _, j): &&(u64, &str, usize)| {
            reading
                .entries
                .get(j)
                .is_some_and(|o| could_be_same(since, o.since(), skew))
        };
        run.iter().filter(same).count()
    };
    // A pass over every member: only for a page that shows a token it
    // could concern (unrevoked, with a "Connected …" time).
    let concerned = |l: &Ledger| {
        ids.iter()
            .filter_map(|id| l.member(id))
            .any(|m| m.kind == "token" && m.revoke.is_none() && m.since.is_some())
    };
    let after_all = ledger
        .filter(|l| concerned(l))
        .map(Ledger::connected_after_all_revoked)
        .unwrap_or_default();
    let mut out = Vec::with_capacity(reading.entries.len());
    for (i, e) in reading.entries.iter().enumerate() {
        out.push({
            let kind = e.kind_tag().name();
            let member = ledger.zip(ids.get(i)).and_then(|(l, id)| l.member(id));
            let (entry, status, text, description) = match member {
                Some(m) => {
                    let alike = if m.revoke.is_some() { alike_to(e) } else { 1 };
                    let behind = m.revoke.is_some() && seen.is_some_and(|(_, v)| m.behind(v));
                    let note = match ledger.and_then(|l| l.lookalike_of(m)) {
                        Some(k) => Some(Note::LooksLike(k)),
                        None => after_all
                            .iter()
                            .find(|a| a.0 == m.id)
                            .map(|a| Note::ConnectedAfter(a.1)),
                    };
                    let (text, description) = badge_words(m, alike, behind, note, now, tz);
                    (m.id.clone(), m.status().name(), text, description)
                }
                None => (
                    format!("page-{}", e.ordinal),
                    "watching",
                    "Watching".to_string(),
                    format!(
                        "revoke-watch: {kind} “{}”. Watching (the stored ledger cannot be read; see the popup)",
                        preview(e.label(), 80)
                    ),
                ),
            };
            Annotation {
                entry,
                kind,
                status,
                text,
                description,
                row: e.row,
                anchor: e.anchor,
                control: (!e.opens_menu).then_some(e.control),
                also: e.more_controls.clone(),
            }
        });
    }
    out
}

/// Badges for the usage meters of a reading, from the ledger's meters
/// (which the reading has already updated). A meter that rose after
/// everything was revoked is red, with the readings as evidence.
pub fn meter_badges(reading: &PageReading, ledger: Option<&Ledger>, tz: i32) -> Vec<MeterBadge> {
    vecs::map(&reading.meters, |m| {
        let state = ledger.and_then(|l| l.state.meters.iter().find(|s| s.name == m.name));
        let flags = state.map_or(&[][..], |s| &s.flags[..]);
        let text = if flags.is_empty() {
            "Watching"
        } else {
            "Rose after revoke"
        };
        let mut description = String::with_capacity(160);
        for piece in [
            "revoke-watch: usage meter “",
            &preview(&m.name, 80),
            "”, ",
            &m.percent.text(),
            "% used. ",
            text,
        ] {
            description.push_str(piece);
        }
        push_evidence(&mut description, flags, tz);
        description.push_str(match ledger {
            Some(_) if flags.is_empty() => {
                ": a rise after every token is revoked or everything is logged out is flagged"
            }
            Some(_) => "",
            None => " (the stored ledger cannot be read; see the popup)",
        });
        MeterBadge {
            entry: format!("meter:{}", m.name),
            status: if flags.is_empty() { "watching" } else { "zombie" },
            text,
            description,
            anchor: m.anchor,
        }
    })
}

/// What a click on node `node` of the page just read did: the removal of
/// each entry whose control it is (`ids`: the entries' ids, in order; one,
/// or all of a listing for "Revoke all"), or a log-out everywhere; nothing
/// for anything else (a row's menu button opens its menu, and a dialog's
/// buttons are reported by their names).
pub fn click_at(reading: &PageReading, ids: &[String], node: u32) -> Vec<ClickAction> {
    let mut out = Vec::new();
    for (e, id) in reading.entries.iter().zip(ids) {
        if !e.opens_menu && (e.control == node || e.more_controls.contains(&node)) {
            out.push(ClickAction::Revoke { entry: id.clone() });
        }
    }
    if let Some(c) = reading.log_out_controls.iter().find(|c| c.control == node) {
        out.push(ClickAction::LogOutEverywhere {
            label: preview(&c.label, 120),
            explicit: c.explicit,
        });
    }
    out
}

/// Log-out and dialog controls whose clicks the ledger needs.
pub fn watched_controls(reading: &PageReading) -> Vec<WatchedControl> {
    let mut out: Vec<WatchedControl> = vecs::map(&reading.log_out_controls, |c| WatchedControl {
        node: c.control,
        action: "log_out_everywhere",
        label: Some(preview(&c.label, 120)),
        explicit: Some(c.explicit),
    });
    for d in &reading.dialogs {
        if let Some(n) = d.confirm {
            out.push(WatchedControl {
                node: n,
                action: "dialog_confirm",
                label: None,
                explicit: None,
            });
        }
        if let Some(n) = d.cancel {
            out.push(WatchedControl {
                node: n,
                action: "dialog_cancel",
                label: None,
                explicit: None,
            });
        }
    }
    out
}

pub fn summary(reading: &PageReading, watched: usize, now: i64) -> TabSummary {
    let reason = match &reading.status {
        Recognition::NotRecognised { reason } => Some(reason.clone()),
        Recognition::Recognised => None,
    };
    TabSummary {
        watched: watched as u32,
        page: reading.page.name().to_string(),
        recognised: reason.is_none(),
        reason,
        checked_at_ms: now,
    }
}
