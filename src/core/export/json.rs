//! The canonical export: `{"schema": "revoke-watch.timeline", "version": 1, …}`.
//! Its JSON Schema is docs/schema/revoke-watch.timeline.v1.schema.json.

use super::{rfc3339, Redactor};
use crate::core::decimal::Decimal;
use crate::core::json::{field, FromJson, ObjectWriter, Reader, ToJson};
use crate::core::ledger::chain;
use crate::core::ledger::events::{Body, Event, Evidence};
use crate::core::ledger::{Ledger, Member, Settings};
use crate::core::time::Interval;
use crate::core::vecs::map;

pub const SCHEMA_NAME: &str = "revoke-watch.timeline";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Instant {
    pub utc: String,
    pub ms: i64,
}

impl Instant {
    pub fn of(ms: i64) -> Instant {
        Instant { utc: rfc3339(ms), ms }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub earliest: Instant,
    pub latest: Instant,
}

impl Span {
    fn of(iv: Interval) -> Span {
        Span {
            earliest: Instant::of(iv.earliest),
            latest: Instant::of(iv.latest),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Product {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlagOut {
    pub rule: String,
    pub since: Instant,
    pub evidence: Vec<EvidenceOut>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceOut {
    pub at: Instant,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryOut {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub scopes: Vec<String>,
    pub detail: Option<String>,
    pub status: String,
    pub listed: bool,
    /// When it was created, as the page showed it (an interval).
    pub since: Option<Span>,
    pub first_seen: Instant,
    pub last_seen: Instant,
    pub revoked_at: Option<Instant>,
    pub gone_at: Option<Instant>,
    pub verified_at: Option<Instant>,
    pub flags: Vec<FlagOut>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeterOut {
    pub name: String,
    pub percent: Decimal,
    pub resets: Option<Span>,
    pub observed_at: Instant,
    pub flags: Vec<FlagOut>,
}

/// An event as exported: the stored event plus its time in RFC 3339.
#[derive(Debug, Clone, PartialEq)]
pub struct EventOut {
    pub seq: u64,
    pub at: String,
    pub at_ms: i64,
    pub page: Option<String>,
    pub body: Body,
    pub hash: String,
}

impl ToJson for EventOut {
    fn to_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.int("seq", self.seq as i64);
        o.str("at", &self.at);
        o.int("at_ms", self.at_ms);
        field::opt::write(&mut o, "page", &self.page);
        self.body.write_fields(&mut o);
        o.str("hash", &self.hash);
        o.end();
    }
}

impl FromJson for EventOut {
    fn from_json(r: &mut Reader) -> crate::core::json::Result<EventOut> {
        let flat = crate::core::ledger::events::FlatEvent::from_json(r)?;
        let at = flat.at.clone().ok_or_else(|| r.error("missing field `at`"))?;
        if flat.hash.is_none() {
            return Err(r.error("missing field `hash`"));
        }
        let e = flat.into_event().map_err(|e| r.error(e))?;
        Ok(EventOut {
            seq: e.seq,
            at,
            at_ms: e.at_ms,
            page: e.page,
            body: e.body,
            hash: e.hash,
        })
    }
}

impl EventOut {
    pub fn to_event(&self) -> Event {
        Event {
            seq: self.seq,
            at_ms: self.at_ms,
            page: self.page.clone(),
            body: self.body.clone(),
            hash: self.hash.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Integrity {
    pub algorithm: String,
    /// The last event's hash: the whole history is fixed by it.
    pub head: String,
    pub events: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub schema: String,
    pub version: u32,
    pub product: Product,
    pub exported_at: Instant,
    pub redacted: bool,
    pub settings: Settings,
    pub entries: Vec<EntryOut>,
    pub meters: Vec<MeterOut>,
    pub events: Vec<EventOut>,
    pub integrity: Integrity,
}

crate::json_struct!(both Instant { utc: req, ms: req });
crate::json_struct!(both Span { earliest: req, latest: req });
crate::json_struct!(both Product { name: req, version: req });
crate::json_struct!(both FlagOut { rule: req, since: req, evidence: req });
crate::json_struct!(both EvidenceOut { at: req, what: req });
crate::json_struct!(both EntryOut {
    id: req,
    kind: req,
    label: req,
    scopes: req,
    detail: opt,
    status: req,
    listed: req,
    since: opt,
    first_seen: req,
    last_seen: req,
    revoked_at: opt,
    gone_at: opt,
    verified_at: opt,
    flags: req,
});
crate::json_struct!(both MeterOut { name: req, percent: req, resets: opt, observed_at: req, flags: req });
crate::json_struct!(both Integrity { algorithm: req, head: req, events: req });
crate::json_struct!(both Timeline {
    schema: req,
    version: req,
    product: req,
    exported_at: req,
    redacted: req,
    settings: req,
    entries: req,
    meters: req,
    events: req,
    integrity: req,
});

fn flags_out(flags: &[crate::core::ledger::Flag], r: &mut Option<Redactor>) -> Vec<FlagOut> {
    map(flags, |f| FlagOut {
        rule: f.rule.name().to_string(),
        since: Instant::of(f.since_ms),
        evidence: map(&f.evidence, |e| evidence_out(e, r)),
    })
}

fn evidence_out(e: &Evidence, r: &mut Option<Redactor>) -> EvidenceOut {
    let what = match r {
        Some(r) => r.scrub(&e.what),
        None => e.what.clone(),
    };
    EvidenceOut {
        at: Instant::of(e.at_ms),
        what,
    }
}

fn entry_out(m: &Member, r: &mut Option<Redactor>) -> EntryOut {
    let (label, detail) = match r {
        Some(r) => (r.mask("label", &m.label), m.detail.as_ref().map(|d| r.mask("place", d))),
        None => (m.label.clone(), m.detail.clone()),
    };
    EntryOut {
        id: m.id.clone(),
        kind: m.kind.clone(),
        label,
        scopes: m.scopes.clone(),
        detail,
        status: m.status().name().to_string(),
        listed: m.listed,
        since: m.since.map(Span::of),
        first_seen: Instant::of(m.first_seen_ms),
        last_seen: Instant::of(m.last_seen_ms),
        revoked_at: m.revoke.as_ref().map(|x| Instant::of(x.at_ms)),
        gone_at: m.gone_ms.map(Instant::of),
        verified_at: m.verified_ms.map(Instant::of),
        flags: flags_out(&m.flags, r),
    }
}

fn redact_body(b: &Body, r: &mut Redactor) -> Body {
    let mut b = b.clone();
    match &mut b {
        Body::Seen { label, detail, .. } => {
            *label = r.mask("label", label);
            if let Some(d) = detail {
                *d = r.mask("place", d);
            }
        }
        Body::LogOutEverywhere { label, .. } => *label = r.mask("label", label),
        Body::Changed { field, from, to, .. } if field == "location" => {
            for place in [from, to] {
                if !place.is_empty() {
                    *place = r.mask("place", place);
                }
            }
        }
        Body::FlagRaised { evidence, .. } => {
            for e in evidence {
                e.what = r.scrub(&e.what);
            }
        }
        _ => {}
    }
    b
}

/// The timeline of `l` exported at `now`. With `redact`, labels, places and
/// addresses are masked; the hashes still refer to the unmasked events, so
/// a redacted export can be read and shown but not imported or re-verified.
pub fn timeline(l: &Ledger, now: i64, redact: bool) -> Timeline {
    let mut r = redact.then(|| Redactor::new(now));
    // Labels first, so evidence text can be scrubbed of every one of them.
    if let Some(r) = &mut r {
        for m in &l.state.members {
            r.mask("label", &m.label);
            if let Some(d) = &m.detail {
                r.mask("place", d);
            }
        }
    }
    let entries = map(&l.state.members, |m| entry_out(m, &mut r));
    let meters = map(&l.state.meters, |m| MeterOut {
        name: m.name.clone(),
        percent: m.percent,
        resets: m.resets.map(Span::of),
        observed_at: Instant::of(m.observed_at_ms),
        flags: flags_out(&m.flags, &mut r),
    });
    let events = map(&l.events, |e| EventOut {
        seq: e.seq,
        at: rfc3339(e.at_ms),
        at_ms: e.at_ms,
        page: e.page.clone(),
        body: match &mut r {
            Some(r) => redact_body(&e.body, r),
            None => e.body.clone(),
        },
        hash: e.hash.clone(),
    });
    Timeline {
        schema: SCHEMA_NAME.into(),
        version: VERSION,
        product: Product {
            name: "revoke-watch".into(),
            version: crate::core::VERSION.into(),
        },
        exported_at: Instant::of(now),
        redacted: redact,
        settings: l.state.settings,
        entries,
        meters,
        events,
        integrity: Integrity {
            algorithm: "sha-256".into(),
            head: chain::head(&l.events).to_string(),
            events: l.events.len(),
        },
    }
}

pub fn to_string(t: &Timeline) -> String {
    // Compact: a 100,000-event export stays within what a browser message
    // can carry back in on import (docs/export.md).
    crate::core::json::to_string(t)
}
