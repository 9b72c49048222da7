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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
