//! Tamper evidence: every event carries a SHA-256 over the previous event's
//! hash and its own canonical form, so changing, removing or reordering any
//! event breaks the chain from that point on.
//!
//! `hash(n) = SHA-256( hash(n-1) ++ "\n" ++ canonical(n) )`, hex, lower case,
//! with `hash(0)` = 64 zeros; `canonical(n)` is the event serialised as
//! compact JSON without its `hash` field, fields in the order the format
//! defines them (docs/export.md).

use super::events::Event;
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The canonical form hashed for `ev`.
pub fn canonical(ev: &Event) -> String {
    let mut bare = ev.clone();
    bare.hash.clear();
    crate::core::json::to_string(&bare)
}

pub fn event_hash(prev: &str, ev: &Event) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(canonical(ev).as_bytes());
    let digest = h.finalize();
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        out.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    out
}

/// The hash of the last event, or [`GENESIS`] for none.
pub fn head(events: &[Event]) -> &str {
    events.last().map_or(GENESIS, |e| e.hash.as_str())
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    /// Position in the list, from 1.
    pub position: usize,
    pub seq: u64,
    pub reason: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the hash chain breaks at event {} (seq {}): {}",
            self.position, self.seq, self.reason
        )
    }
}

/// Recomputes the chain from `prev`, and checks that seqs count up by one
/// from `first_seq`.
pub fn verify_from(events: &[Event], prev: &str, first_seq: u64) -> Result<(), Break> {
    let mut prev = prev.to_string();
    for (i, e) in events.iter().enumerate() {
        let fail = |reason: String| Break {
            position: i + 1,
            seq: e.seq,
            reason,
        };
        if e.seq != first_seq + i as u64 {
            return Err(fail(format!("expected seq {}", first_seq + i as u64)));
        }
        let want = event_hash(&prev, e);
        if e.hash != want {
            return Err(fail(if e.hash.is_empty() {
                "the event has no hash".into()
            } else {
                "the event or one before it was changed".into()
            }));
        }
        prev = want;
    }
    Ok(())
}

#[inline(never)]
pub fn verify(events: &[Event]) -> Result<(), Break> {
    verify_from(events, GENESIS, 1)
}

/// Adds hashes to events stored without them (schema 1).
pub fn rehash(events: &mut [Event]) {
    let mut prev = GENESIS.to_string();
    for e in events {
        e.hash = event_hash(&prev, e);
        prev = e.hash.clone();
    }
}
