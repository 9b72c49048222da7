//! Storage codec: how the ledger lies in `chrome.storage.local`, and how it
//! is read back. Events are stored in numbered segments so that recording
//! an event rewrites only the last segment, never the whole history.
//!
//! | key | value |
//! | --- | --- |
//! | `ledger.meta` | `{schema, segments, events}` |
//! | `ledger.seg.N` | up to 500 events, seq `N*500+1 …` |
//! | `ledger.state` | `{applied_seq, state}`: the derived state cache |
//!
//! Anything unreadable is reported, never overwritten (docs/ledger.md).

use crate::core::ledger::events::Event;
use crate::core::ledger::{Ledger, Settings, State};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The stored layout's version. Older layouts are migrated on load by the
/// numbered steps in [`MIGRATIONS`]; a newer one is refused.
pub const SCHEMA: u32 = 2;
pub const SEGMENT_EVENTS: usize = 500;
pub const META: &str = "ledger.meta";
pub const STATE: &str = "ledger.state";
pub const PREFIX: &str = "ledger.";

/// `MIGRATIONS[i]` turns stored schema `i + 1` into `i + 2`.
pub const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// Schema 2 adds the hash chain: schema-1 events are hashed in order.
fn v1_to_v2(items: &mut Map<String, Value>) -> Result<(), String> {
    let meta: Meta = serde_json::from_value(items.get(META).cloned().unwrap_or(Value::Null))
        .map_err(|e| format!("ledger.meta: {e}"))?;
    let mut events = read_events(items, &meta)?;
    crate::core::ledger::chain::rehash(&mut events);
    for (n, chunk) in events.chunks(SEGMENT_EVENTS).enumerate() {
        items.insert(segment_key(n), serde_json::to_value(chunk).map_err(|e| e.to_string())?);
    }
    items.insert(
        META.into(),
        serde_json::to_value(Meta { schema: 2, ..meta }).map_err(|e| e.to_string())?,
    );
    Ok(())
}

fn read_events(items: &Map<String, Value>, meta: &Meta) -> Result<Vec<Event>, String> {
    let mut events: Vec<Event> = Vec::with_capacity(meta.events.min(1_000_000));
    for n in 0..meta.segments {
        let key = segment_key(n);
        let seg = items.get(&key).ok_or_else(|| format!("{key} is missing"))?;
        let seg: Vec<Event> = serde_json::from_value(seg.clone()).map_err(|e| format!("{key}: {e}"))?;
        events.extend(seg);
    }
    if events.len() != meta.events {
        return Err(format!(
            "ledger.meta counts {} events but {} are stored",
            meta.events,
            events.len()
        ));
    }
    if let Some((i, e)) = events.iter().enumerate().find(|(i, e)| e.seq != *i as u64 + 1) {
        return Err(format!("event {} is stored where event {} belongs", e.seq, i + 1));
    }
    Ok(events)
}

/// One migration step over all stored items.
pub type Migration = fn(&mut Map<String, Value>) -> Result<(), String>;

pub fn segment_key(n: usize) -> String {
    format!("ledger.seg.{n}")
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub schema: u32,
    pub segments: usize,
    pub events: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StateCache {
    applied_seq: u64,
    state: State,
}

/// Why stored data could not be used. Nothing is written while this holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Corrupt(String),
    Newer(u32),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Corrupt(why) => write!(f, "the stored ledger is damaged ({why}); nothing was changed and the raw data can be exported"),
            LoadError::Newer(v) => write!(f, "the stored ledger was written by a newer revoke-watch (schema {v}, this one reads {SCHEMA}); nothing was changed"),
        }
    }
}

/// Reads the ledger from all stored items (`chrome.storage.local.get(null)`).
pub fn load(items: &Map<String, Value>) -> Result<Ledger, LoadError> {
    let ours = items.keys().any(|k| k.starts_with(PREFIX));
    let Some(meta) = items.get(META) else {
        return if ours {
            Err(LoadError::Corrupt("ledger.meta is missing".into()))
        } else {
            Ok(Ledger::new(Settings::default()))
        };
    };
    let schema = meta
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or_else(|| LoadError::Corrupt("ledger.meta has no schema".into()))? as u32;
    if schema > SCHEMA {
        return Err(LoadError::Newer(schema));
    }
    let mut items = items.clone();
    // Stored data is only migrated in memory here; it is written back in
    // the new layout with the next change, never before it loaded cleanly.
    for step in MIGRATIONS.iter().skip(schema.saturating_sub(1) as usize) {
        step(&mut items).map_err(LoadError::Corrupt)?;
    }
    let meta: Meta =
        serde_json::from_value(items[META].clone()).map_err(|e| LoadError::Corrupt(format!("ledger.meta: {e}")))?;
    let events = read_events(&items, &meta).map_err(LoadError::Corrupt)?;
    crate::core::ledger::chain::verify(&events).map_err(|b| LoadError::Corrupt(b.to_string()))?;
    let last = events.last().map_or(0, |e| e.seq);
    let cache: Option<StateCache> = items.get(STATE).and_then(|v| serde_json::from_value(v.clone()).ok());
    Ok(match cache {
        // The cache may lag the events (it is written less often): apply
        // the newer events to it.
        Some(c) if c.applied_seq <= last => {
            let applied = c.applied_seq as usize;
            let mut l = Ledger {
                events: Vec::new(),
                state: c.state,
                rewrite_all: schema < SCHEMA,
                index: Default::default(),
            };
            l.reindex();
            for e in &events[applied..] {
                l.apply(e);
                if let crate::core::ledger::events::Body::Seen { entry, .. } = &e.body {
                    if let Some(n) = entry.strip_prefix('e').and_then(|n| n.parse::<u64>().ok()) {
                        l.state.next_member = l.state.next_member.max(n);
                    }
                }
            }
            l.events = events;
            l
        }
        // The cache is missing, stale or unreadable: rebuild from the events,
        // which are the record. Settings survive if the cache still has them.
        other => {
            let settings = other
                .map(|c| c.state.settings)
                .or_else(|| {
                    items
                        .get(STATE)
                        .and_then(|v| v.get("state")?.get("settings"))
                        .and_then(|s| serde_json::from_value(s.clone()).ok())
                })
                .unwrap_or_default();
            let mut l = Ledger::replay(events, settings);
            l.rewrite_all = schema < SCHEMA;
            l
        }
    })
}

/// The items to write after events from `first_new_seq` on were recorded
/// (pass `ledger.next_seq()` taken before the change; equal to the current
/// `next_seq()` when only the state changed).
pub fn writes(l: &Ledger, first_new_seq: u64) -> Map<String, Value> {
    let mut out = writes_events(l, first_new_seq);
    let cache = StateCache {
        applied_seq: l.events.last().map_or(0, |e| e.seq),
        state: l.state.clone(),
    };
    out.insert(STATE.into(), serde_json::to_value(cache).unwrap_or(Value::Null));
    out
}

/// Only the touched segments and the meta, not the state cache.
pub fn writes_events(l: &Ledger, first_new_seq: u64) -> Map<String, Value> {
    let mut out = Map::new();
    let n = l.events.len();
    let first_new_seq = if l.rewrite_all { 1 } else { first_new_seq };
    let first_index = (first_new_seq.max(1) - 1) as usize;
    if first_index < n {
        for seg in first_index / SEGMENT_EVENTS..=(n - 1) / SEGMENT_EVENTS {
            let end = ((seg + 1) * SEGMENT_EVENTS).min(n);
            out.insert(
                segment_key(seg),
                serde_json::to_value(&l.events[seg * SEGMENT_EVENTS..end]).unwrap_or(Value::Null),
            );
        }
    }
    let meta = Meta {
        schema: SCHEMA,
        segments: n.div_ceil(SEGMENT_EVENTS),
        events: n,
    };
    out.insert(META.into(), serde_json::to_value(meta).unwrap_or(Value::Null));
    out
}
