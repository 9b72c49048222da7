//! Page reading: turns a page tree into typed records (tokens, sessions,
//! devices, usage meters, generic removable rows) or says why it cannot.
//!
//! Rows are found by what they say and how they repeat, never by CSS
//! classes: a control named like a removal (text, aria-label or title), the
//! largest ancestor that holds that control alone, siblings that repeat, and
//! the section heading above them. See docs/page-reading.md.

mod controls;
mod fields;
mod location;
mod meters;
mod records;
mod rows;
mod scroll_room;

pub use controls::{answer_named, removes_named};
pub use location::PageKind;
pub use records::*;

use crate::core::phrases::{primary_subtag, table_for, SectionKind, TABLES};
use crate::core::time::Clock;
use crate::core::tree::{Snapshot, Tree, MAX_NODES};

/// Reads one snapshot. Never panics; a page it cannot read with confidence
/// gives `Recognition::NotRecognised` with the reason.
#[inline(never)]
pub fn read_page(snapshot: Snapshot, clock: &Clock) -> PageReading {
    let page = PageKind::from_url(&snapshot.url);
    let mut reading = PageReading::empty(page);
    if page == PageKind::NotSettings {
        reading.status = Recognition::not("this is not a claude.ai settings page");
        return reading;
    }
    if snapshot.v != crate::core::tree::SNAPSHOT_VERSION {
        reading.status = Recognition::not(&format!("page snapshot format v{} is not supported", snapshot.v));
        return reading;
    }
    if snapshot.truncated {
        reading.status = Recognition::not(&format!(
            "the page is larger than revoke-watch reads safely (over {MAX_NODES} nodes or too much text); nothing was read so that nothing is mistaken for gone"
        ));
        return reading;
    }
    let tree = match Tree::from_wire(snapshot.nodes) {
        Ok(t) => t,
        Err(e) => {
            reading.status = Recognition::not(&format!("page snapshot is malformed: {e}"));
            return reading;
        }
    };
    let language = primary_subtag(&snapshot.lang);
    let table = table_for(&language);
    let phrases = table.unwrap_or(TABLES[0]);
    let mut ctl = controls::classify(&tree, phrases);
    controls::unnamed_removals(&tree, &mut ctl, phrases);
    let found = rows::find(&tree, &ctl, phrases, clock, page);
    reading.entries = found.entries;
    // A row's menu button stands for the remove item of its menu: that
    // item while the menu is open, else nothing to click yet.
    for e in &mut reading.entries {
        let button = e.control as usize;
        if ctl.menus.contains(&button) {
            match controls::open_menu_item(&tree, &ctl, button) {
                Some(item) => e.control = item as Handle,
                None => e.opens_menu = true,
            }
        }
    }
    reading.log_out_controls = found.log_out_controls;
    removes_all(&tree, &ctl, phrases, &mut reading);
    let rows = crate::core::vecs::map(&reading.entries, |e| (e.row, e.control));
    reading.dialogs = controls::dialogs(&tree, &ctl, phrases, &rows);
    reading.empty_sections = found.empty_sections;
    reading.listing = found.listing.map(|l| l as u32);
    reading.partial = found.partial;
    if page == PageKind::Usage {
        reading.meters = meters::find(&tree, &ctl, phrases, clock);
    }
    let sessions_listed = found.current_session_shown && found.section_headings_seen.contains(&SectionKind::Sessions);
    // The sessions listing is shown, holding only the session in use (no
    // control): no other session is listed, as a "no other sessions"
    // sentence would say.
    let no_session_rows = !reading.entries.iter().any(|e| e.kind_tag() == EntryKindTag::Session);
    if sessions_listed && no_session_rows && !reading.empty_sections.contains(&SectionKind::Sessions) {
        reading.empty_sections.push(SectionKind::Sessions);
    }
    reading.titled_listings = found.section_headings_seen.clone();
    reading.status = judge(&reading, found.section_headings_seen, sessions_listed);
    if let Recognition::NotRecognised { reason } = &mut reading.status {
        if says_loading(&tree, phrases) {
            *reason = LOADING.to_string();
        }
    }
    // Words in another language are no sign that the layout changed.
    // (A primary subtag is 2 to 8 letters: a longer text names none.)
    let foreign = table.is_none() && (2..=8).contains(&language.len());
    if let (Recognition::NotRecognised { reason }, true) = (&mut reading.status, foreign) {
        // Put before the reason, so the last part goes first.
        for part in [
            "\"; it reads English): ",
            &language,
            "the page is in a language revoke-watch does not read yet (\"",
        ] {
            reason.insert_str(0, part);
        }
    }
    reading
}

/// Why a page that says it is still loading was not read: its listing
/// is not there yet, which is no sign that the layout changed. The
/// content script sends the page again as it changes.
const LOADING: &str = "the page says it is still loading; it is read again when it has loaded";

/// Whether a short text on the page says it is still loading
/// ("Loading…", "Loading your tokens...").
fn says_loading(tree: &Tree, phrases: &crate::core::phrases::Phrases) -> bool {
    (0..tree.len()).filter_map(|i| tree.text(i)).any(|t| {
        let f = crate::core::text::fold(t);
        let words = crate::core::text::split_str(&f, " ");
        words.len() <= 4 && words.first().is_some_and(|w| phrases.loading_words.contains(w))
    })
}

/// A control that removes every entry of a listing at once ("Revoke all
/// tokens"; "Revoke all" under a listing's heading): its click revokes
/// each of them, so it is each one's remove control too
/// (`Entry::more_controls`). One that ends every session signs out
/// everywhere.
fn removes_all(
    tree: &Tree,
    ctl: &controls::Controls,
    phrases: &crate::core::phrases::Phrases,
    reading: &mut PageReading,
) {
    let mut under = None;
    for i in 0..tree.len() {
        if rows::is_heading(tree, i) {
            under = rows::section_kind(&tree.joined_text(i), phrases).or(under);
        }
        let Some(controls::Action::RemoveAll(named)) = ctl.action[i].filter(|_| !ctl.in_dialog[i]) else {
            continue;
        };
        let tag = named.or(under).and_then(entry_kind);
        if tag == Some(EntryKindTag::Session) {
            reading.log_out_controls.push(LogOutControl {
                control: i as Handle,
                label: crate::core::text::preview(&controls::accessible_name(tree, i), 120),
                explicit: true,
            });
            continue;
        }
        for e in reading.entries.iter_mut().filter(|e| Some(e.kind_tag()) == tag) {
            e.more_controls.push(i as Handle);
        }
    }
    crate::core::sort::sort_by_key(&mut reading.log_out_controls, |l| l.control);
}

/// Whether what was read is enough to trust, per page. `sessions_listed`:
/// a sessions section shows the session in use (which has no control), so
/// the listing is there even when no other session is.
fn judge(r: &PageReading, headings: Vec<SectionKind>, sessions_listed: bool) -> Recognition {
    let has = |k: EntryKindTag| r.entries.iter().any(|e| e.kind_tag() == k);
    let empty = |k: SectionKind| r.empty_sections.contains(&k);
    match r.page {
        PageKind::ClaudeCode => {
            if has(EntryKindTag::Token) || empty(SectionKind::Tokens) {
                Recognition::Recognised
            } else if headings.contains(&SectionKind::Tokens) {
                Recognition::not("found the authorization tokens section but no entry with a revoke control in it and no 'no tokens' message; the layout may have changed")
            } else {
                Recognition::not("found no authorization tokens section, no token entries and no 'no tokens' message; the layout may have changed")
            }
        }
        PageKind::Account => {
            if has(EntryKindTag::Session)
                || has(EntryKindTag::Device)
                || empty(SectionKind::Sessions)
                || empty(SectionKind::Devices)
                || !r.log_out_controls.is_empty()
                || sessions_listed
            {
                Recognition::Recognised
            } else {
                Recognition::not(
                    "found no active sessions, trusted devices or log-out control; the layout may have changed",
                )
            }
        }
        PageKind::Usage => {
            if r.meters.is_empty() {
                Recognition::not("found no usage meter (a name with 'N% used'); the layout may have changed")
            } else {
                Recognition::Recognised
            }
        }
        PageKind::OtherSettings => Recognition::Recognised,
        PageKind::NotSettings => Recognition::not("this is not a claude.ai settings page"),
    }
}
