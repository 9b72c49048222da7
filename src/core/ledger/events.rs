//! Ledger events: the append-only history of what was seen and done. Events
//! are the timeline a user exports; the current state is derived from them.

use crate::core::time::Interval;
use serde::{Deserialize, Serialize};

/// The rules that raise flags (docs/ledger.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    StillListed,
    Reappeared,
    ActiveAfterRevoke,
    UsageAfterRevoke,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::StillListed => "still-listed",
            Rule::Reappeared => "reappeared",
            Rule::ActiveAfterRevoke => "active-after-revoke",
            Rule::UsageAfterRevoke => "usage-after-revoke",
        }
    }
}

/// One observation that supports a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub at_ms: i64,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// 1, 2, 3… in the order recorded.
    pub seq: u64,
    /// Browser clock when recorded (Unix ms).
    pub at_ms: i64,
    /// The settings page it happened on, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(flatten)]
    pub body: Body,
    /// SHA-256 (hex) over the previous event's hash and this event's
    /// canonical form ([`super::chain`]); empty only in schema-1 storage.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Body {
    /// A new entry was listed.
    Seen {
        entry: String,
        kind: String,
        group: String,
        label: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        scopes: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
        /// When it was created (token connected, device enrolled, session signed in).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<Interval>,
    },
    /// Something a user would notice changed on a listed entry.
    Changed {
        entry: String,
        field: String,
        from: String,
        to: String,
    },
    /// The user clicked a remove control.
    RevokeRequested { entry: String },
    /// A confirmation dialog's go-ahead was clicked, or no dialog followed.
    RevokeConfirmed { entry: String },
    /// The confirmation dialog was cancelled: the revocation is withdrawn.
    RevokeCancelled { entry: String },
    /// The user clicked a log-out-everywhere control.
    LogOutEverywhere { label: String, explicit: bool },
    /// A listed entry is no longer listed.
    Gone { entry: String },
    /// An entry that was gone is listed again.
    Reappeared { entry: String },
    /// A usage meter changed.
    UsageReading {
        meter: String,
        percent: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resets: Option<Interval>,
    },
    FlagRaised {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entry: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meter: Option<String>,
        rule: Rule,
        evidence: Vec<Evidence>,
    },
    FlagCleared {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entry: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        meter: Option<String>,
        rule: Rule,
    },
    /// Gone and clean for the whole watch window.
    Verified { entry: String },
}

impl Body {
    /// The `type` this event has in every export.
    pub fn type_name(&self) -> &'static str {
        match self {
            Body::Seen { .. } => "seen",
            Body::Changed { .. } => "changed",
            Body::RevokeRequested { .. } => "revoke_requested",
            Body::RevokeConfirmed { .. } => "revoke_confirmed",
            Body::RevokeCancelled { .. } => "revoke_cancelled",
            Body::LogOutEverywhere { .. } => "log_out_everywhere",
            Body::Gone { .. } => "gone",
            Body::Reappeared { .. } => "reappeared",
            Body::UsageReading { .. } => "usage_reading",
            Body::FlagRaised { .. } => "flag_raised",
            Body::FlagCleared { .. } => "flag_cleared",
            Body::Verified { .. } => "verified",
        }
    }

    /// The entry an event is about, for renaming it (import).
    pub fn entry_mut(&mut self) -> Option<&mut String> {
        match self {
            Body::Seen { entry, .. }
            | Body::Changed { entry, .. }
            | Body::RevokeRequested { entry }
            | Body::RevokeConfirmed { entry }
            | Body::RevokeCancelled { entry }
            | Body::Gone { entry }
            | Body::Reappeared { entry }
            | Body::Verified { entry } => Some(entry),
            Body::FlagRaised { entry, .. } | Body::FlagCleared { entry, .. } => entry.as_mut(),
            Body::LogOutEverywhere { .. } | Body::UsageReading { .. } => None,
        }
    }

    /// The entry an event is about, if any.
    pub fn entry(&self) -> Option<&str> {
        match self {
            Body::Seen { entry, .. }
            | Body::Changed { entry, .. }
            | Body::RevokeRequested { entry }
            | Body::RevokeConfirmed { entry }
            | Body::RevokeCancelled { entry }
            | Body::Gone { entry }
            | Body::Reappeared { entry }
            | Body::Verified { entry } => Some(entry),
            Body::FlagRaised { entry, .. } | Body::FlagCleared { entry, .. } => entry.as_deref(),
            Body::LogOutEverywhere { .. } | Body::UsageReading { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_the_serialised_tags() {
        let samples = vec![
            Body::Seen {
                entry: "e1".into(),
                kind: "token".into(),
                group: "g".into(),
                label: "l".into(),
                scopes: vec![],
                detail: None,
                since: None,
            },
            Body::Changed {
                entry: "e1".into(),
                field: "current".into(),
                from: "false".into(),
                to: "true".into(),
            },
            Body::RevokeRequested { entry: "e1".into() },
            Body::RevokeConfirmed { entry: "e1".into() },
            Body::RevokeCancelled { entry: "e1".into() },
            Body::LogOutEverywhere {
                label: "x".into(),
                explicit: true,
            },
            Body::Gone { entry: "e1".into() },
            Body::Reappeared { entry: "e1".into() },
            Body::UsageReading {
                meter: "m".into(),
                percent: 1.0,
                resets: None,
            },
            Body::FlagRaised {
                entry: Some("e1".into()),
                meter: None,
                rule: Rule::StillListed,
                evidence: vec![],
            },
            Body::FlagCleared {
                entry: Some("e1".into()),
                meter: None,
                rule: Rule::StillListed,
            },
            Body::Verified { entry: "e1".into() },
        ];
        for mut b in samples {
            let v = serde_json::to_value(&b).unwrap();
            assert_eq!(v["type"], b.type_name());
            assert_eq!(b.entry().map(str::to_string), b.entry_mut().map(|e| e.clone()));
        }
    }
}

/// Every field any event may have, flat, as events are written. Events are
/// read through this rather than serde's internally tagged enums and
/// `flatten`, which buffer each event in a generic tree first: that costs
/// time on 100,000 events and a large share of the wasm module's size.
#[derive(Deserialize)]
pub(crate) struct FlatEvent {
    seq: u64,
    #[serde(default)]
    pub(crate) at: Option<String>,
    at_ms: i64,
    #[serde(default)]
    page: Option<String>,
    #[serde(rename = "type")]
    kind_of_event: String,
    #[serde(default)]
    entry: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    scopes: Option<Vec<String>>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    since: Option<Interval>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    explicit: Option<bool>,
    #[serde(default)]
    meter: Option<String>,
    #[serde(default)]
    percent: Option<f64>,
    #[serde(default)]
    resets: Option<Interval>,
    #[serde(default)]
    rule: Option<Rule>,
    #[serde(default)]
    evidence: Option<Vec<Evidence>>,
    #[serde(default)]
    pub(crate) hash: Option<String>,
}

impl FlatEvent {
    /// The event, or why these fields do not make one.
    pub(crate) fn into_event(self) -> Result<Event, String> {
        let ty = self.kind_of_event;
        let need = |v: Option<String>, name: &str| v.ok_or_else(|| format!("a `{ty}` event needs `{name}`"));
        let body = match ty.as_str() {
            "seen" => Body::Seen {
                entry: need(self.entry, "entry")?,
                kind: need(self.kind, "kind")?,
                group: need(self.group, "group")?,
                label: need(self.label, "label")?,
                scopes: self.scopes.unwrap_or_default(),
                detail: self.detail,
                since: self.since,
            },
            "changed" => Body::Changed {
                entry: need(self.entry, "entry")?,
                field: need(self.field, "field")?,
                from: need(self.from, "from")?,
                to: need(self.to, "to")?,
            },
            "revoke_requested" => Body::RevokeRequested {
                entry: need(self.entry, "entry")?,
            },
            "revoke_confirmed" => Body::RevokeConfirmed {
                entry: need(self.entry, "entry")?,
            },
            "revoke_cancelled" => Body::RevokeCancelled {
                entry: need(self.entry, "entry")?,
            },
            "log_out_everywhere" => Body::LogOutEverywhere {
                label: need(self.label, "label")?,
                explicit: self
                    .explicit
                    .ok_or_else(|| format!("a `{ty}` event needs `explicit`"))?,
            },
            "gone" => Body::Gone {
                entry: need(self.entry, "entry")?,
            },
            "reappeared" => Body::Reappeared {
                entry: need(self.entry, "entry")?,
            },
            "usage_reading" => Body::UsageReading {
                meter: need(self.meter, "meter")?,
                percent: self.percent.ok_or_else(|| format!("a `{ty}` event needs `percent`"))?,
                resets: self.resets,
            },
            "flag_raised" => Body::FlagRaised {
                entry: self.entry,
                meter: self.meter,
                rule: self.rule.ok_or_else(|| format!("a `{ty}` event needs `rule`"))?,
                evidence: self
                    .evidence
                    .ok_or_else(|| format!("a `{ty}` event needs `evidence`"))?,
            },
            "flag_cleared" => Body::FlagCleared {
                entry: self.entry,
                meter: self.meter,
                rule: self.rule.ok_or_else(|| format!("a `{ty}` event needs `rule`"))?,
            },
            "verified" => Body::Verified {
                entry: need(self.entry, "entry")?,
            },
            other => {
                return Err(format!(
                    "unknown event type `{}`",
                    crate::core::text::preview(other, 40)
                ))
            }
        };
        Ok(Event {
            seq: self.seq,
            at_ms: self.at_ms,
            page: self.page,
            body,
            hash: self.hash.unwrap_or_default(),
        })
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Event, D::Error> {
        FlatEvent::deserialize(d)?
            .into_event()
            .map_err(serde::de::Error::custom)
    }
}
