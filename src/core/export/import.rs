//! Import of a JSON export into the ledger. Every check comes before any
//! change, so a file that is refused changes nothing; the reason names what
//! is wrong and where. Importing the same file twice adds nothing.
//!
//! The file is read in the extension page that chose it ([`parse`], with
//! every reason a person sees), which hands the service worker its events
//! as the ledger stores them ([`incoming`]), as a content script hands it
//! a page. The worker checks those events again ([`check_events`]: chain,
//! sizes, references) before [`merge`], so nothing unchecked reaches the
//! ledger, and the file format's reader is not in the worker's module.

use super::json::{Timeline, SCHEMA_NAME, VERSION};
use crate::core::json::{self, Reader};
use crate::core::ledger::chain;
use crate::core::ledger::events::{Body, Event};
use crate::core::ledger::Ledger;
use crate::core::lookup::KeyIndex;
use crate::core::strmap::StrMap;
use crate::core::time::Interval;
use crate::core::vecs;

/// Largest file accepted (bytes): under the 64 MB a Chromium extension
/// message can carry from the options page to the worker.
pub const MAX_BYTES: usize = 60 * 1024 * 1024;
/// Longest text accepted in any one field (characters).
pub const MAX_TEXT: usize = 10_000;
pub const MAX_EVENTS: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub added: usize,
    pub already_present: usize,
    pub entries_added: usize,
}

crate::json_struct!(write Summary { added: req, already_present: req, entries_added: req });

/// What a page hands the worker to merge: a checked file's events as the
/// ledger stores them, and what its entries carry that no event does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incoming {
    pub events: Vec<Event>,
    pub details: Vec<Detail>,
}

/// An entry's observation details that are not events.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Detail {
    pub id: String,
    pub last_seen_ms: i64,
    pub since: Option<Interval>,
}

crate::json_struct!(both Incoming { events: req, details: req });
crate::json_struct!(both Detail { id: req, last_seen_ms: req, since: opt });

/// The events and details of a file [`parse`] accepted.
pub fn incoming(t: &Timeline) -> Incoming {
    Incoming {
        events: vecs::map(&t.events, |e| e.to_event()),
        details: details(t),
    }
}

fn details(t: &Timeline) -> Vec<Detail> {
    vecs::map(&t.entries, |e| Detail {
        id: e.id.clone(),
        last_seen_ms: e.last_seen.ms,
        since: e.since.as_ref().map(|s| Interval {
            earliest: s.earliest.ms,
            latest: s.latest.ms,
        }),
    })
}

/// The top-level fields that say what a file is, read before the rest.
#[derive(Default)]
struct Header<'a> {
    /// `Some` when present and a string.
    schema: Option<std::borrow::Cow<'a, str>>,
    /// `Some` when present and a whole number.
    version: Option<u64>,
    redacted: bool,
}

/// Checks that `text` is one JSON value, and reads its header when it is an
/// object; `Err` is the reason, in words.
fn header(text: &str) -> Result<Header<'_>, String> {
    let mut r = Reader::new(text);
    if let Err(e) = r.skip().and_then(|_| r.end()) {
        let (line, column) = line_and_column(text, e.at);
        return Err(if e.at >= text.trim_end().len() {
            format!("the file ends early (cut off?) at line {line}, column {column}")
        } else {
            format!(
                "the file is not valid JSON: {} at line {line}, column {column}",
                e.message
            )
        });
    }
    let mut r = Reader::new(text);
    if r.peek_byte() != Some(b'{') {
        return Err("this is not a revoke-watch timeline (it is not a JSON object)".into());
    }
    let mut h = Header::default();
    // The text is valid JSON (checked above), so these reads cannot fail
    // on syntax; a field of another type is passed over.
    let go = |e: json::Error| e.to_string();
    r.begin_object().map_err(go)?;
    while let Some(k) = r.next_key().map_err(go)? {
        match (&*k, r.peek_byte()) {
            ("schema", Some(b'"')) => h.schema = Some(r.str().map_err(go)?),
            ("version", Some(b'0'..=b'9')) => h.version = crate::core::text::parse_count(r.number_text().map_err(go)?),
            ("redacted", Some(b't')) => h.redacted = r.bool().map_err(go)?,
            _ => r.skip().map_err(go)?,
        }
    }
    Ok(h)
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = crate::core::text::head(text, at);
    let line_start = crate::core::text::rfind_byte(before, b'\n').map_or(0, |i| i + 1);
    (
        crate::core::text::count_byte(before, b'\n') + 1,
        crate::core::text::char_count(crate::core::text::tail(before, line_start)) + 1,
    )
}

/// Parses and checks a file; `Err` is the reason, in words.
pub fn parse(text: &str) -> Result<Timeline, String> {
    parse_checked(text).map(|(t, _)| t)
}

/// [`parse`], then what the page sends the worker: [`incoming`] without
/// converting the file's events a second time (a file may hold a million).
pub fn read(text: &str) -> Result<Incoming, String> {
    parse_checked(text).map(|(t, events)| Incoming {
        events,
        details: details(&t),
    })
}

/// The checked file and its events as the ledger holds them.
#[inline(never)]
fn parse_checked(text: &str) -> Result<(Timeline, Vec<Event>), String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "the file is {} MB; imports are limited to {} MB",
            crate::core::text::decimal(text.len() as f64 / 1_048_576.0, 1),
            MAX_BYTES / 1_048_576
        ));
    }
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    // Look at the header first so a newer or foreign file gets that reason
    // rather than a field-by-field complaint.
    let raw = header(text)?;
    let schema = raw.schema.as_deref();
    if schema != Some(SCHEMA_NAME) {
        return Err(match schema {
            Some(s) => format!(
                "this is not a revoke-watch timeline (its schema is “{}”)",
                crate::core::text::preview(s, 60)
            ),
            None => "this is not a revoke-watch timeline (it has no \"schema\": \"revoke-watch.timeline\")".into(),
        });
    }
    match raw.version {
        Some(v) if v == VERSION as u64 => {}
        Some(v) if v > VERSION as u64 => {
            return Err(format!(
                "the file was written by a newer revoke-watch (timeline version {v}); this one reads version {VERSION}"
            ))
        }
        _ => return Err("the file's \"version\" is missing or not a version this revoke-watch reads".into()),
    }
    if raw.redacted {
        return Err("this is a redacted export: its labels were masked, so it cannot be imported (export again without redaction)".into());
    }
    let t: Timeline = json::from_str(text).map_err(|e| format!("the file does not follow the timeline format: {e}"))?;
    let events = check(&t)?;
    Ok((t, events))
}

fn check(t: &Timeline) -> Result<Vec<Event>, String> {
    if t.integrity.events != t.events.len() {
        return Err(format!(
            "the file says it has {} events but holds {}",
            t.integrity.events,
            t.events.len()
        ));
    }
    let events: Vec<Event> = vecs::map(&t.events, |e| e.to_event());
    check_events(&events)?;
    if chain::head(&events) != t.integrity.head {
        return Err("the integrity head does not match the last event's hash".into());
    }
    Ok(events)
}

/// Checks events to be merged: how many, the hash chain, every field's
/// length, and that each event refers only to an entry an earlier `seen`
/// introduced. `Err` is the reason, in words.
pub fn check_events(events: &[Event]) -> Result<(), String> {
    if events.len() > MAX_EVENTS {
        return Err(format!(
            "the file has {} events, more than the {MAX_EVENTS} accepted",
            events.len()
        ));
    }
    chain::verify(events).map_err(|b| b.to_string())?;
    // Where each entry is introduced: an event may only refer to an entry
    // a `seen` event at or before it introduced. (The map type is the
    // ledger index's, so it adds no code to the wasm.)
    let mut introduced = StrMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Body::Seen { entry, .. } = &e.body {
            if !introduced.contains_key(entry) {
                introduced.insert(entry.clone(), i);
            }
        }
    }
    for (i, e) in events.iter().enumerate() {
        let long = |s: &str| crate::core::text::char_count(s) > MAX_TEXT;
        let too_long = match &e.body {
            Body::Seen {
                entry,
                label,
                scopes,
                detail,
                kind,
                group,
                ..
            } => {
                long(label)
                    || long(entry)
                    || long(kind)
                    || long(group)
                    || scopes.len() > 100
                    || scopes.iter().any(|s| long(s))
                    || detail.as_deref().is_some_and(long)
            }
            Body::LogOutEverywhere { label, .. } => long(label),
            Body::FlagRaised { evidence, meter, .. } => {
                evidence.iter().any(|x| long(&x.what)) || meter.as_deref().is_some_and(long)
            }
            Body::UsageReading { meter, .. } => long(meter),
            Body::Changed { field, from, to, .. } => long(field) || long(from) || long(to),
            _ => false,
        };
        if too_long || e.page.as_deref().is_some_and(long) {
            return Err(format!(
                "event {} (seq {}) has a field longer than {MAX_TEXT} characters or out of range",
                i + 1,
                e.seq
            ));
        }
        if let Some(id) = e.body.entry() {
            if introduced.get(id).is_none_or(|&p| p > i) {
                return Err(format!(
                    "event {} (seq {}) refers to entry “{}” that no earlier event introduced",
                    i + 1,
                    e.seq,
                    crate::core::text::preview(id, 40)
                ));
            }
        }
    }
    Ok(())
}

/// Merges a checked timeline into `l`. Into an empty ledger the events are
/// taken as they are (same seqs and hashes, so export → import → export
/// round-trips); into a ledger with history they are appended after it,
/// entries renamed to fresh ids and the chain continued, and the original
/// hashes remembered so the same file adds nothing the second time.
#[inline(never)]
pub fn merge(l: &mut Ledger, file: Incoming) -> Summary {
    let Incoming {
        events: incoming,
        details,
    } = file;
    let mut known: Vec<&str> = Vec::with_capacity(l.events.len() + l.state.imported.len());
    for e in &l.events {
        known.push(&e.hash);
    }
    for h in &l.state.imported {
        known.push(h);
    }
    let local = KeyIndex::new(known);
    let new = vecs::filter(&incoming, |e| local.get(&e.hash).is_none());
    let already_present = incoming.len() - new.len();
    if new.is_empty() {
        return Summary {
            added: 0,
            already_present,
            entries_added: 0,
        };
    }
    let entries_added = new.iter().filter(|e| matches!(e.body, Body::Seen { .. })).count();
    if l.events.is_empty() {
        let settings = l.state.settings;
        *l = Ledger::replay(incoming, settings);
        // Observation details that are not events travel in the file's entries.
        for d in &details {
            if let Some(m) = l.member_mut(&d.id) {
                m.last_seen_ms = d.last_seen_ms;
                m.since = d.since;
            }
        }
        return Summary {
            added: l.events.len(),
            already_present: 0,
            entries_added,
        };
    }
    // Old id → position of its new id in `renamed` (the core's one hash
    // table type, `HashMap<String, usize>`).
    let mut rename = StrMap::new();
    let mut renamed: Vec<String> = Vec::new();
    let originals: Vec<String> = vecs::map(&new, |e| e.hash.clone());
    for e in new {
        let mut body = e.body.clone();
        if let Body::Seen { entry, .. } = &body {
            l.state.next_member += 1;
            rename.insert(entry.clone(), renamed.len());
            renamed.push(format!("e{}", l.state.next_member));
        }
        rename_entry(&mut body, &rename, &renamed);
        let mut ev = Event {
            seq: l.next_seq(),
            at_ms: e.at_ms,
            page: e.page.clone(),
            body,
            hash: String::new(),
        };
        ev.hash = chain::event_hash(chain::head(&l.events), &ev);
        l.apply(&ev);
        l.events.push(ev);
    }
    let added = originals.len();
    l.state.imported.extend(originals);
    Summary {
        added,
        already_present,
        entries_added,
    }
}

fn rename_entry(body: &mut Body, rename: &StrMap, renamed: &[String]) {
    if let Some(id) = body.entry_mut() {
        if let Some(&i) = rename.get(id.as_str()) {
            *id = renamed[i].clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::line_and_column;

    #[test]
    fn a_position_inside_a_character_counts_as_that_character() {
        // "é" is bytes 1..3 and "€" bytes 5..8 of its line.
        assert_eq!(line_and_column("aé", 0), (1, 1));
        assert_eq!(line_and_column("aé", 2), (1, 2));
        assert_eq!(line_and_column("aé\nb€c", 6), (2, 2));
        assert_eq!(line_and_column("aé\nb€c", 7), (2, 2));
        assert_eq!(line_and_column("aé\nb€c", 8), (2, 3));
        // Past the end: the end.
        assert_eq!(line_and_column("ab\n", 99), (2, 1));
    }
}
