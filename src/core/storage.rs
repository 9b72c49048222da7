//! Storage codec: how the ledger lies in `chrome.storage.local`, and how it
//! is read back. Every value is JSON text (a string), so the binding hands
//! strings across and the core parses them straight into its own types.
//!
//! | key | value |
//! | --- | --- |
//! | `ledger.meta` | `{schema, segments, events, first_at_ms}` |
//! | `ledger.seg.N` | up to 500 events, seq `N*500+1 …` |
//! | `ledger.state` | `{applied_seq, state, archive}`: the entries still watched, meters, settings |
//! | `ledger.archive.N` | archived entries with ids `eN000 … eN999` |
//! | `ledger.imported` | hashes of imported events (so a file imports once) |
//!
//! Reading is staged so that a woken worker answers quickly whatever the
//! history's length (docs/ledger.md, "What is loaded when"):
//! 1. `ledger.meta`; [`plan`] names what to read next;
//! 2. the state and the newest [`TAIL_SEGMENTS`] segments; [`load`];
//! 3. on demand, [`attach_archive`] (page visits, the timeline, exports) and
//!    [`attach_history`] (exports, imports, verification, older events).
//!
//! An entry is archived when nothing about it can change without a new
//! event naming it: not listed, not flagged, and never revoked or verified
//! gone. Anything unreadable is reported, never overwritten.

use crate::core::json::{self, ToJson};
use crate::core::ledger::events::Event;
use crate::core::ledger::{chain, ArchiveSummary, Ledger, Member, Settings, State};
use crate::core::strmap::StrMap;
use crate::core::vecs;

/// Stored items: key → JSON text.
pub type Items = crate::core::json::SmallMap<String>;

/// The stored layout's version. Older layouts are migrated on load by the
/// numbered steps in [`MIGRATIONS`]; a newer one is refused.
pub const SCHEMA: u32 = 3;
pub const SEGMENT_EVENTS: usize = 500;
/// Segments read at wake: enough for the timeline's first page of events.
pub const TAIL_SEGMENTS: usize = 2;
/// Archived entries per stored chunk (by the number in their id).
pub const ARCHIVE_CHUNK: u64 = 1_000;
pub const META: &str = "ledger.meta";
pub const STATE: &str = "ledger.state";
pub const IMPORTED: &str = "ledger.imported";
pub const PREFIX: &str = "ledger.";
const ARCHIVE_PREFIX: &str = "ledger.archive.";

/// `MIGRATIONS[i]` turns stored schema `i + 1` into `i + 2`. Schema 2 → 3
/// needs no step: values became JSON text (the binding reads both) and the
/// archive is split off by the first write, which rewrites everything.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// One migration step over all stored items.
pub type Migration = fn(&mut Items) -> Result<(), String>;

/// Schema 2 adds the hash chain: schema-1 events are hashed in order.
fn v1_to_v2(items: &mut Items) -> Result<(), String> {
    let meta = parse_meta(items)?;
    let mut events = read_segments(items, &meta, 0)?;
    chain::rehash(&mut events);
    for (n, chunk) in events.chunks(SEGMENT_EVENTS).enumerate() {
        items.insert(segment_key(n), text(&chunk));
    }
    items.insert(META.into(), text(&Meta { schema: 2, ..meta }));
    Ok(())
}

fn text<T: ToJson + ?Sized>(v: &T) -> String {
    json::to_string(v)
}

pub fn segment_key(n: usize) -> String {
    format!("ledger.seg.{n}")
}

fn archive_key(chunk: u64) -> String {
    format!("{ARCHIVE_PREFIX}{chunk}")
}

/// The archive chunk of an entry id (`e1234` → 1); ids that are not ours
/// (only possible from damaged data) share one last chunk.
fn chunk_of(id: &str) -> u64 {
    id.strip_prefix('e')
        .and_then(crate::core::text::parse_count)
        .map_or(u64::MAX / ARCHIVE_CHUNK, |n| n / ARCHIVE_CHUNK)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Meta {
    pub schema: u32,
    pub segments: usize,
    pub events: usize,
    /// When the first event was recorded (the timeline's start).
    pub first_at_ms: Option<i64>,
}

crate::json_struct!(both Meta { schema: req, segments: req, events: req, first_at_ms: def });

struct SchemaOnly {
    schema: u32,
}

crate::json_struct!(read SchemaOnly { schema: req });

struct StateCache {
    applied_seq: u64,
    state: State,
    archive: Option<ArchiveSummary>,
}

crate::json_struct!(read StateCache { applied_seq: req, state: req, archive: def });

/// The state as written: the members kept out of the archive, and no
/// import hashes (they have their own key).
struct StoredState<'a> {
    applied_seq: u64,
    state: StateOut<'a>,
    archive: Option<&'a ArchiveSummary>,
}

struct StateOut<'a> {
    settings: &'a Settings,
    members: Vec<&'a Member>,
    meters: &'a [crate::core::ledger::MeterState],
    readings: &'a [(
        String,
        crate::core::decimal::Decimal,
        Option<crate::core::time::Interval>,
        i64,
    )],
    log_outs: &'a [i64],
    pending: &'a [crate::core::ledger::Pending],
    checked: &'a crate::core::json::SmallMap<crate::core::ledger::PageCheck>,
    next_member: u64,
    recent_clicks: &'a [String],
}

crate::json_struct!(write StoredState<'a> { applied_seq: req, state: req, archive: req });
crate::json_struct!(write StateOut<'a> {
    settings: req,
    members: req,
    meters: req,
    readings: req,
    log_outs: req,
    pending: req,
    checked: req,
    next_member: req,
    recent_clicks: req,
});

/// Why stored data could not be used. Nothing is written while this holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Corrupt(String),
    Newer(u32),
    /// Not an error a user sees: the items given were not enough (the state
    /// lags behind the loaded segments); read everything and load again.
    Incomplete,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Corrupt(why) => write!(f, "the stored ledger is damaged ({why}); nothing was changed and the raw data can be exported"),
            LoadError::Newer(v) => write!(f, "the stored ledger was written by a newer revoke-watch (schema {v}, this one reads {SCHEMA}); nothing was changed"),
            LoadError::Incomplete => write!(f, "the stored ledger could not be read in full; nothing was changed"),
        }
    }
}

/// What to read after `ledger.meta` (its text, if stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Every stored item (no ledger yet, an older layout, or damage to report).
    Everything,
    /// These keys (with the meta).
    Keys(Vec<String>),
}

pub fn plan(meta: Option<&str>) -> Plan {
    let Some(meta) = meta.and_then(|t| json::from_str::<Meta>(t).ok()) else {
        return Plan::Everything;
    };
    // Another layout, or a meta that does not add up: read everything, so
    // that loading migrates it or reports the damage.
    if meta.schema != SCHEMA || meta.segments != meta.events.div_ceil(SEGMENT_EVENTS) {
        return Plan::Everything;
    }
    let first = meta.segments.saturating_sub(TAIL_SEGMENTS);
    let mut keys = vec![STATE.to_string()];
    for s in first..meta.segments {
        keys.push(segment_key(s));
    }
    Plan::Keys(keys)
}

fn parse_meta(items: &Items) -> Result<Meta, String> {
    let t = items.get(META).ok_or("ledger.meta is missing")?;
    let meta: Meta = json::from_str(t).map_err(|e| format!("ledger.meta: {e}"))?;
    // Every layout so far stores 500 events per segment; anything else is
    // damage (and would send the arithmetic below out of range).
    if meta.segments != meta.events.div_ceil(SEGMENT_EVENTS) {
        return Err(format!(
            "ledger.meta counts {} events in {} segments",
            meta.events, meta.segments
        ));
    }
    Ok(meta)
}

/// Events of segments `first..meta.segments`, checked to count up by one.
fn read_segments(items: &Items, meta: &Meta, first: usize) -> Result<Vec<Event>, String> {
    let expected = meta.events.saturating_sub(first.saturating_mul(SEGMENT_EVENTS));
    let mut events: Vec<Event> = Vec::with_capacity(expected.min(1_000_000));
    for n in first..meta.segments {
        let key = segment_key(n);
        let seg = items.get(&key).ok_or_else(|| format!("{key} is missing"))?;
        let seg: Vec<Event> = json::from_str(seg).map_err(|e| format!("{key}: {e}"))?;
        events.extend(seg);
    }
    if events.len() != expected {
        return Err(format!(
            "ledger.meta counts {} events but {} are stored",
            meta.events,
            first.saturating_mul(SEGMENT_EVENTS).saturating_add(events.len())
        ));
    }
    let base = first.saturating_mul(SEGMENT_EVENTS) as u64;
    if let Some((i, e)) = events.iter().enumerate().find(|(i, e)| e.seq != base + *i as u64 + 1) {
        return Err(format!(
            "event {} is stored where event {} belongs",
            e.seq,
            base + i as u64 + 1
        ));
    }
    Ok(events)
}

/// Reads the ledger from `items`: everything stored (`complete`), or the
/// meta plus what [`plan`] named.
#[inline(never)]
pub fn load(items: &Items, complete: bool) -> Result<Ledger, LoadError> {
    let corrupt = LoadError::Corrupt;
    let ours = items.keys().any(|k| k.starts_with(PREFIX));
    let Some(meta_text) = items.get(META) else {
        return if ours {
            Err(corrupt("ledger.meta is missing".into()))
        } else {
            Ok(Ledger::new(Settings::default()))
        };
    };
    let schema = json::from_str::<SchemaOnly>(meta_text)
        .map_err(|_| corrupt("ledger.meta has no schema".into()))?
        .schema;
    if schema > SCHEMA {
        return Err(LoadError::Newer(schema));
    }
    let migrated;
    let items = if schema < SCHEMA {
        // Stored data is only migrated in memory here; it is written back
        // in the new layout with the next change, never before it loaded.
        let mut copy = items.clone();
        for step in MIGRATIONS.iter().skip(schema.saturating_sub(1) as usize) {
            step(&mut copy).map_err(corrupt)?;
        }
        migrated = copy;
        &migrated
    } else {
        items
    };
    let meta = parse_meta(items).map_err(corrupt)?;
    // The newest segments present, contiguous up to the last.
    let mut first = meta.segments;
    while first > 0 && items.contains_key(&segment_key(first - 1)) {
        first -= 1;
    }
    if first > 0 && (complete || schema < SCHEMA) {
        return Err(corrupt(format!("{} is missing", segment_key(first - 1))));
    }
    let events = read_segments(items, &meta, first).map_err(corrupt)?;
    // The whole chain when the whole history is here; else the loaded part
    // (attach_history checks the rest when it is read).
    match events.split_first() {
        Some((head, rest)) if first > 0 => chain::verify_from(rest, &head.hash, head.seq + 1),
        _ => chain::verify(&events),
    }
    .map_err(|b| corrupt(b.to_string()))?;
    let offset = first.saturating_mul(SEGMENT_EVENTS);
    let last = offset as u64 + events.len() as u64;
    let cache: Option<StateCache> = items.get(STATE).and_then(|t| json::from_str(t).ok());
    let mut l = match cache {
        // The cache may lag the events: apply the newer ones to it.
        Some(c) if c.applied_seq <= last && c.applied_seq >= offset as u64 => {
            let mut l = Ledger::new(Settings::default());
            l.state = c.state;
            l.residence.archive = c.archive;
            l.reindex();
            let newer = &events[(c.applied_seq as usize - offset)..];
            if l.residence.archive.is_some() {
                if let Some(chunks) = present_chunks(items, &l) {
                    attach_chunks(&mut l, items, &chunks)?;
                } else if newer
                    .iter()
                    .any(|e| e.body.entry().is_some_and(|id| l.member(id).is_none()))
                {
                    // A newer event names an archived entry: the archive must be read first.
                    return Err(LoadError::Incomplete);
                }
            }
            for e in newer {
                l.apply(e);
                if let crate::core::ledger::events::Body::Seen { entry, .. } = &e.body {
                    if let Some(n) = entry.strip_prefix('e').and_then(crate::core::text::parse_count) {
                        l.state.next_member = l.state.next_member.max(n);
                    }
                }
            }
            l.events = events;
            l
        }
        // The cache is missing, stale or unreadable: rebuild from the events,
        // which are the record. Settings survive if the cache still has them.
        other if first == 0 => {
            let settings = other
                .map(|c| c.state.settings)
                .or_else(|| settings_only(items.get(STATE)?))
                .unwrap_or_default();
            let mut l = Ledger::replay(events, settings);
            // Whatever archive is stored is superseded by the replay.
            let mut archived = StrMap::new();
            for c in items
                .keys()
                .filter_map(|k| crate::core::text::parse_count(k.strip_prefix(ARCHIVE_PREFIX)?))
            {
                archived.insert(
                    format!("e{}", c * ARCHIVE_CHUNK),
                    usize::try_from(c).unwrap_or(usize::MAX),
                );
            }
            l.residence.archived = archived;
            l.rewrite_all = true;
            l
        }
        _ => {
            return Err(if complete {
                corrupt("ledger.state is unreadable".into())
            } else {
                LoadError::Incomplete
            })
        }
    };
    l.residence.events_before = offset;
    l.residence.first_at_ms = meta.first_at_ms.or_else(|| l.events.first().map(|e| e.at_ms));
    if first == 0 {
        l.state.imported = read_imported(items).map_err(corrupt)?;
    }
    if schema < SCHEMA {
        l.rewrite_all = true;
    }
    Ok(l)
}

fn settings_only(text: &str) -> Option<Settings> {
    #[derive(Default)]
    struct Inner {
        settings: Settings,
    }
    crate::json_struct!(read Inner { settings: req });
    struct Outer {
        state: Inner,
    }
    crate::json_struct!(read Outer { state: req });
    json::from_str::<Outer>(text).ok().map(|o| o.state.settings)
}

fn read_imported(items: &Items) -> Result<Vec<String>, String> {
    match items.get(IMPORTED) {
        None => Ok(Vec::new()),
        Some(t) => json::from_str(t).map_err(|e| format!("{IMPORTED}: {e}")),
    }
}

/// The archive's chunks, if every one of them is in `items`.
fn present_chunks(items: &Items, l: &Ledger) -> Option<Vec<u64>> {
    let chunks = l.residence.archive.as_ref()?.chunks.clone();
    chunks
        .iter()
        .all(|c| items.contains_key(&archive_key(*c)))
        .then_some(chunks)
}

/// Keys to read for [`attach_archive`] (none when it is loaded).
pub fn archive_keys(l: &Ledger) -> Vec<String> {
    l.residence
        .archive
        .as_ref()
        .map(|a| vecs::map(&a.chunks, |c| archive_key(*c)))
        .unwrap_or_default()
}

/// Keys to read for [`attach_history`] (none when it is loaded).
pub fn history_keys(l: &Ledger) -> Vec<String> {
    let n = l.residence.events_before.div_ceil(SEGMENT_EVENTS);
    let mut keys = Vec::new();
    for s in 0..n {
        keys.push(segment_key(s));
    }
    if n > 0 {
        keys.push(IMPORTED.into());
    }
    keys
}

/// Adds the archived entries to the loaded ledger.
#[inline(never)]
pub fn attach_archive(l: &mut Ledger, items: &Items) -> Result<(), LoadError> {
    if l.residence.archive.is_none() {
        return Ok(());
    }
    let chunks = present_chunks(items, l).ok_or_else(|| {
        LoadError::Corrupt(format!(
            "{} is missing",
            crate::core::text::join_each(&archive_keys(l), ", ", str::to_string)
        ))
    })?;
    attach_chunks(l, items, &chunks)
}

fn attach_chunks(l: &mut Ledger, items: &Items, chunks: &[u64]) -> Result<(), LoadError> {
    let mut archived = StrMap::new();
    for c in chunks {
        let key = archive_key(*c);
        let text = items.get(&key).map_or("[]", String::as_str);
        let members: Vec<Member> = json::from_str(text).map_err(|e| LoadError::Corrupt(format!("{key}: {e}")))?;
        for m in members {
            if l.member(&m.id).is_some() || archived.contains_key(&m.id) {
                return Err(LoadError::Corrupt(format!("{key}: entry {} is stored twice", m.id)));
            }
            archived.insert(m.id.clone(), usize::try_from(*c).unwrap_or(usize::MAX));
            l.state.members.push(m);
        }
    }
    // Members in the order they were first seen, as if never split.
    crate::core::sort::sort_by_key(&mut l.state.members, |m| {
        (
            m.id.strip_prefix('e')
                .and_then(crate::core::text::parse_count)
                .unwrap_or(u64::MAX),
            m.id.clone(),
        )
    });
    l.reindex();
    l.residence.archive = None;
    l.residence.archived = archived;
    Ok(())
}

/// Adds the older events to the loaded ledger, verifying the whole chain.
#[inline(never)]
pub fn attach_history(l: &mut Ledger, items: &Items) -> Result<(), LoadError> {
    let n = l.residence.events_before.div_ceil(SEGMENT_EVENTS);
    if n == 0 {
        return Ok(());
    }
    let meta = Meta {
        schema: SCHEMA,
        segments: n,
        events: l.residence.events_before,
        first_at_ms: None,
    };
    let mut older = read_segments(items, &meta, 0).map_err(LoadError::Corrupt)?;
    older.append(&mut l.events);
    chain::verify(&older).map_err(|b| LoadError::Corrupt(b.to_string()))?;
    l.events = older;
    l.residence.events_before = 0;
    l.state.imported = read_imported(items).map_err(LoadError::Corrupt)?;
    Ok(())
}

/// Whether an entry belongs in the archive (see the module comment).
pub fn archivable(m: &Member) -> bool {
    !m.listed && m.flags.is_empty() && (m.revoke.is_none() || m.verified_ms.is_some())
}

/// Everything, as a fresh write would store it (tests, benchmarks, imports).
pub fn all_items(l: &Ledger) -> Items {
    let mut copy = l.clone();
    copy.rewrite_all = true;
    writes(&mut copy, 1)
}

/// The items to write after events from `first_new_seq` on were recorded
/// (pass `ledger.next_seq()` taken before the change; equal to the current
/// `next_seq()` when only the state changed): the touched segments, the
/// meta, the state, and the archive chunks whose entries changed.
#[inline(never)]
pub fn writes(l: &mut Ledger, first_new_seq: u64) -> Items {
    let Ledger {
        events,
        state: s,
        residence,
        rewrite_all,
        ..
    } = l;
    let mut out = Items::new();
    let offset = residence.events_before;
    let n = offset + events.len();
    let first_new_seq = if *rewrite_all { 1 } else { first_new_seq };
    let first_index = ((first_new_seq.max(1) - 1) as usize).max(offset);
    if first_index < n {
        for seg in first_index / SEGMENT_EVENTS..=(n - 1) / SEGMENT_EVENTS {
            let start = (seg * SEGMENT_EVENTS).max(offset) - offset;
            let end = ((seg + 1) * SEGMENT_EVENTS).min(n) - offset;
            out.insert(segment_key(seg), text(&events[start..end]));
        }
    }
    let (kept, summary) = if residence.archive.is_none() {
        let (kept, summary, archived) = archive_writes(&s.members, &residence.archived, *rewrite_all, &mut out);
        residence.archived = archived;
        (kept, summary)
    } else {
        // The archive is not loaded: it is unchanged, and every loaded
        // member stays in the state.
        (vecs::map(&s.members, |m| m), residence.archive.clone())
    };
    let stored = StoredState {
        applied_seq: n as u64,
        state: StateOut {
            settings: &s.settings,
            members: kept,
            meters: &s.meters,
            readings: &s.readings,
            log_outs: &s.log_outs,
            pending: &s.pending,
            checked: &s.checked,
            next_member: s.next_member,
            recent_clicks: &s.recent_clicks,
        },
        archive: summary.as_ref(),
    };
    out.insert(STATE.into(), text(&stored));
    if *rewrite_all || s.imported.len() != residence.imported_written {
        out.insert(IMPORTED.into(), text(&s.imported));
        residence.imported_written = s.imported.len();
    }
    let meta = Meta {
        schema: SCHEMA,
        segments: n.div_ceil(SEGMENT_EVENTS),
        events: n,
        first_at_ms: residence.first_at_ms.or_else(|| events.first().map(|e| e.at_ms)),
    };
    out.insert(META.into(), text(&meta));
    *rewrite_all = false;
    out
}

/// With every member loaded: splits them into state and archive, adds the
/// chunks whose content changed to `out`, and returns the state's members,
/// the archive's summary and the ids now archived.
fn archive_writes<'a>(
    members: &'a [Member],
    was_archived: &StrMap,
    rewrite_all: bool,
    out: &mut Items,
) -> (Vec<&'a Member>, Option<ArchiveSummary>, StrMap) {
    // (chunk, its members) in the order first met; members come in the
    // order they were created, so a member's chunk is nearly always the last.
    let mut chunks: Vec<(u64, Vec<&Member>)> = Vec::new();
    let mut now_archived = StrMap::new();
    let mut summary = ArchiveSummary::default();
    for m in members.iter().filter(|m| archivable(m)) {
        let c = chunk_of(&m.id);
        match chunks.iter().rposition(|(k, _)| *k == c) {
            Some(at) => chunks[at].1.push(m),
            None => chunks.push((c, vec![m])),
        }
        now_archived.insert(m.id.clone(), usize::try_from(c).unwrap_or(usize::MAX));
        summary.members += 1;
        summary.counts.add(m.status());
        if m.kind == "token" {
            if let Some(r) = &m.revoke {
                summary.latest_token_revoke_ms = summary.latest_token_revoke_ms.max(Some(r.at_ms));
            }
        }
    }
    // Chunks that gained or lost an entry (archived entries only change by
    // leaving the archive), or all of them when rewriting everything.
    let mut changed: Vec<u64> = if rewrite_all {
        let mut all: Vec<u64> = vecs::map(&chunks, |(c, _)| *c);
        for id in was_archived.keys() {
            all.push(chunk_of(id));
        }
        all
    } else {
        // The ids in one and not the other.
        let mut changed = Vec::new();
        for (a, b) in [(&now_archived, was_archived), (was_archived, &now_archived)] {
            for id in a.keys() {
                if !b.contains_key(id) {
                    changed.push(chunk_of(id));
                }
            }
        }
        changed
    };
    crate::core::sort::sort(&mut changed);
    changed.dedup();
    for c in &changed {
        let members = chunks
            .iter()
            .find(|(k, _)| k == c)
            .map_or(&[][..], |(_, m)| m.as_slice());
        out.insert(archive_key(*c), text(members));
    }
    summary.chunks = vecs::map(&chunks, |(c, _)| *c);
    crate::core::sort::sort(&mut summary.chunks);
    let kept = vecs::filter(members, |m| !archivable(m));
    (kept, (summary.members > 0).then_some(summary), now_archived)
}

/// Every stored ledger item (`ledger.*`) as it is, for the raw export of
/// a damaged ledger: one object with each key's value as it was stored
/// where that is JSON, else as a string holding the text. The options page
/// makes it from what it reads of `storage.local` itself, so it works
/// whatever the worker can still read.
pub fn raw_export(items: &Items) -> String {
    let mut out = String::from("{");
    for (k, t) in items.iter().filter(|(k, _)| k.starts_with(PREFIX)) {
        if out.len() > 1 {
            out.push(',');
        }
        json::write_str(&mut out, k);
        out.push(':');
        let mut r = json::Reader::new(t);
        if r.skip().and_then(|_| r.end()).is_ok() {
            out.push_str(t.trim());
        } else {
            json::write_str(&mut out, t);
        }
    }
    out.push('}');
    out
}
