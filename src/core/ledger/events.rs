//! Ledger events: the append-only history of what was seen and done. Events
//! are the timeline a user exports; the current state is derived from them.

use crate::core::decimal::Decimal;
use crate::core::json::{field, ObjectWriter, ToJson};
use crate::core::time::Interval;

/// The rules that raise flags (docs/ledger.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rule {
    #[default]
    StillListed,
    Reappeared,
    ActiveAfterRevoke,
    UsageAfterRevoke,
}

crate::json_names!(Rule {
    StillListed = "still-listed",
    Reappeared = "reappeared",
    ActiveAfterRevoke = "active-after-revoke",
    UsageAfterRevoke = "usage-after-revoke",
});

/// One observation that supports a flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub at_ms: i64,
    pub what: String,
}

crate::json_struct!(both Evidence { at_ms: req, what: req });

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// 1, 2, 3… in the order recorded.
    pub seq: u64,
    /// Browser clock when recorded (Unix ms).
    pub at_ms: i64,
    /// The settings page it happened on, when there was one.
    pub page: Option<String>,
    pub body: Body,
    /// SHA-256 (hex) over the previous event's hash and this event's
    /// canonical form ([`super::chain`]); empty only in schema-1 storage.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A new entry was listed.
    Seen {
        entry: String,
        kind: String,
        group: String,
        label: String,
        scopes: Vec<String>,
        detail: Option<String>,
        /// When it was created (token connected, device enrolled, session signed in).
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
        percent: Decimal,
        resets: Option<Interval>,
    },
    FlagRaised {
        entry: Option<String>,
        meter: Option<String>,
        rule: Rule,
        evidence: Vec<Evidence>,
    },
    FlagCleared {
        entry: Option<String>,
        meter: Option<String>,
        rule: Rule,
    },
    /// Gone and clean for the whole watch window.
    Verified { entry: String },
}

/// Written as the format defines it (docs/export.md): `seq`, `at_ms`,
/// `page`, then `type` and the body's fields, then `hash`. The hash chain
/// hashes this text, so its bytes never change.
impl ToJson for Event {
    fn to_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.int("seq", self.seq as i64);
        o.int("at_ms", self.at_ms);
        field::opt::write(&mut o, "page", &self.page);
        self.body.write_fields(&mut o);
        field::nonempty::write(&mut o, "hash", &self.hash);
        o.end();
    }
}

impl Body {
    /// `type` and the fields of this kind of event.
    pub(crate) fn write_fields(&self, o: &mut ObjectWriter) {
        use field::{opt, req};
        o.str("type", self.type_name());
        match self {
            Body::Seen {
                entry,
                kind,
                group,
                label,
                scopes,
                detail,
                since,
            } => {
                o.str("entry", entry);
                o.str("kind", kind);
                o.str("group", group);
                o.str("label", label);
                field::nonempty::write(o, "scopes", scopes);
                opt::write(o, "detail", detail);
                opt::write(o, "since", since);
            }
            Body::Changed { entry, field, from, to } => {
                o.str("entry", entry);
                o.str("field", field);
                o.str("from", from);
                o.str("to", to);
            }
            Body::RevokeRequested { entry }
            | Body::RevokeConfirmed { entry }
            | Body::RevokeCancelled { entry }
            | Body::Gone { entry }
            | Body::Reappeared { entry }
            | Body::Verified { entry } => o.str("entry", entry),
            Body::LogOutEverywhere { label, explicit } => {
                o.str("label", label);
                o.bool("explicit", *explicit);
            }
            Body::UsageReading { meter, percent, resets } => {
                o.str("meter", meter);
                req::write(o, "percent", percent);
                opt::write(o, "resets", resets);
            }
            Body::FlagRaised {
                entry,
                meter,
                rule,
                evidence,
            } => {
                opt::write(o, "entry", entry);
                opt::write(o, "meter", meter);
                req::write(o, "rule", rule);
                req::write(o, "evidence", evidence);
            }
            Body::FlagCleared { entry, meter, rule } => {
                opt::write(o, "entry", entry);
                opt::write(o, "meter", meter);
                req::write(o, "rule", rule);
            }
        }
    }

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
                percent: Decimal::from_int(1),
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
            let mut text = String::new();
            let mut o = ObjectWriter::new(&mut text);
            b.write_fields(&mut o);
            o.end();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["type"], b.type_name());
            assert_eq!(b.entry().map(str::to_string), b.entry_mut().map(|e| e.clone()));
        }
    }

    #[test]
    fn an_event_lacking_a_field_its_type_needs_is_refused_by_name() {
        use crate::core::json::{from_str, to_string};
        // docs/ledger.md: what each type of event may leave out.
        let optional = |ty: &str, key: &str| {
            matches!(key, "scopes" | "detail" | "since" | "resets" | "page" | "hash")
                || (ty.starts_with("flag_") && matches!(key, "entry" | "meter"))
        };
        let mut samples = vec![
            Body::Seen {
                entry: "e1".into(),
                kind: "token".into(),
                group: "g".into(),
                label: "l".into(),
                scopes: vec!["user:inference".into()],
                detail: Some("d".into()),
                since: Some(Interval { earliest: 1, latest: 2 }),
            },
            Body::Changed {
                entry: "e1".into(),
                field: "current".into(),
                from: "false".into(),
                to: "true".into(),
            },
            Body::LogOutEverywhere {
                label: "x".into(),
                explicit: false,
            },
            Body::UsageReading {
                meter: "m".into(),
                percent: Decimal::from_int(0),
                resets: Some(Interval { earliest: 3, latest: 4 }),
            },
            Body::FlagRaised {
                entry: Some("e1".into()),
                meter: Some("m".into()),
                rule: Rule::UsageAfterRevoke,
                evidence: vec![Evidence {
                    at_ms: 5,
                    what: "w".into(),
                }],
            },
            Body::FlagCleared {
                entry: None,
                meter: Some("m".into()),
                rule: Rule::Reappeared,
            },
        ];
        let e2 = || "e2".to_string();
        samples.extend([
            Body::RevokeRequested { entry: e2() },
            Body::RevokeConfirmed { entry: e2() },
            Body::RevokeCancelled { entry: e2() },
            Body::Gone { entry: e2() },
            Body::Reappeared { entry: e2() },
            Body::Verified { entry: e2() },
        ]);
        let mut required_seen = 0;
        for body in samples {
            let ty = body.type_name();
            let event = Event {
                seq: 7,
                at_ms: 8,
                page: Some("claude_code".into()),
                body,
                hash: "h".into(),
            };
            let text = to_string(&event);
            assert_eq!(from_str::<Event>(&text).unwrap(), event, "{text}");
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            for key in v.as_object().unwrap().keys() {
                if matches!(key.as_str(), "type" | "seq" | "at_ms") {
                    continue;
                }
                let mut without = v.clone();
                without.as_object_mut().unwrap().remove(key);
                let got = from_str::<Event>(&without.to_string());
                if optional(ty, key) {
                    assert!(got.is_ok(), "{ty} without {key}: {got:?}");
                } else {
                    required_seen += 1;
                    let err = got.unwrap_err().to_string();
                    assert!(
                        err.contains(&format!("a `{ty}` event needs `{key}`")),
                        "{ty} without {key}: {err}"
                    );
                }
            }
        }
        assert_eq!(required_seen, 4 + 4 + 2 + 2 + 2 + 1 + 6);
        let err = from_str::<Event>(r#"{"seq":1,"at_ms":2,"type":"revoked_maybe","entry":"e1"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown event type `revoked_maybe`"), "{err}");
    }
}

/// Every field any event may have, flat, as events are written: an event
/// is read in one pass over its fields, whatever order they come in, and
/// then checked against its `type` ([`FlatEvent::into_event`]).
pub(crate) struct FlatEvent {
    seq: u64,
    pub(crate) at: Option<String>,
    at_ms: i64,
    page: Option<String>,
    kind_of_event: String,
    entry: Option<String>,
    kind: Option<String>,
    group: Option<String>,
    label: Option<String>,
    scopes: Option<Vec<String>>,
    detail: Option<String>,
    since: Option<Interval>,
    field: Option<String>,
    from: Option<String>,
    to: Option<String>,
    explicit: Option<bool>,
    meter: Option<String>,
    percent: Option<Decimal>,
    resets: Option<Interval>,
    rule: Option<Rule>,
    evidence: Option<Vec<Evidence>>,
    pub(crate) hash: Option<String>,
}

crate::json_struct!(read FlatEvent {
    seq: req,
    at: opt,
    at_ms: req,
    page: opt,
    kind_of_event as "type": req,
    entry: opt,
    kind: opt,
    group: opt,
    label: opt,
    scopes: opt,
    detail: opt,
    since: opt,
    field: opt,
    from: opt,
    to: opt,
    explicit: opt,
    meter: opt,
    percent: opt,
    resets: opt,
    rule: opt,
    evidence: opt,
    hash: opt,
});

impl FlatEvent {
    /// Why these fields do not make an event: an unknown type, or the
    /// first field its type needs and lacks.
    fn check_fields(&self) -> Result<(), String> {
        let entry = ("entry", self.entry.is_some());
        let label = ("label", self.label.is_some());
        let rule = ("rule", self.rule.is_some());
        let needs: &[(&'static str, bool)] = match self.kind_of_event.as_str() {
            "seen" => &[
                entry,
                ("kind", self.kind.is_some()),
                ("group", self.group.is_some()),
                label,
            ],
            "changed" => &[
                entry,
                ("field", self.field.is_some()),
                ("from", self.from.is_some()),
                ("to", self.to.is_some()),
            ],
            "revoke_requested" | "revoke_confirmed" | "revoke_cancelled" | "gone" | "reappeared" | "verified" => {
                &[entry]
            }
            "log_out_everywhere" => &[label, ("explicit", self.explicit.is_some())],
            "usage_reading" => &[("meter", self.meter.is_some()), ("percent", self.percent.is_some())],
            "flag_raised" => &[rule, ("evidence", self.evidence.is_some())],
            "flag_cleared" => &[rule],
            other => {
                return Err(format!(
                    "unknown event type `{}`",
                    crate::core::text::preview(other, 40)
                ))
            }
        };
        match needs.iter().find(|(_, present)| !present) {
            Some((name, _)) => Err(format!("a `{}` event needs `{name}`", self.kind_of_event)),
            None => Ok(()),
        }
    }

    /// The event, or why these fields do not make one. The fields are
    /// checked first, so that the conversion has a single way out: each
    /// early return used to drop its own mix of the fields not yet taken
    /// (2 KB of wasm).
    pub(crate) fn into_event(mut self) -> Result<Event, String> {
        self.check_fields()?;
        // Each is present wherever the type needs it (checked above). Fields
        // are taken out of `self`, not moved: every arm then leaves one
        // whole `FlatEvent` to drop instead of its own mix of fields.
        let entry = self.entry.take();
        // Never used: `check_fields` found the rule present.
        let rule = self.rule.take().unwrap_or(Rule::StillListed);
        let label = self.label.take().unwrap_or_default();
        let body = match self.kind_of_event.as_str() {
            "seen" => Body::Seen {
                entry: entry.unwrap_or_default(),
                kind: self.kind.take().unwrap_or_default(),
                group: self.group.take().unwrap_or_default(),
                label,
                scopes: self.scopes.take().unwrap_or_default(),
                detail: self.detail.take(),
                since: self.since.take(),
            },
            "changed" => Body::Changed {
                entry: entry.unwrap_or_default(),
                field: self.field.take().unwrap_or_default(),
                from: self.from.take().unwrap_or_default(),
                to: self.to.take().unwrap_or_default(),
            },
            "revoke_requested" => Body::RevokeRequested {
                entry: entry.unwrap_or_default(),
            },
            "revoke_confirmed" => Body::RevokeConfirmed {
                entry: entry.unwrap_or_default(),
            },
            "revoke_cancelled" => Body::RevokeCancelled {
                entry: entry.unwrap_or_default(),
            },
            "log_out_everywhere" => Body::LogOutEverywhere {
                label,
                explicit: self.explicit.take().unwrap_or_default(),
            },
            "gone" => Body::Gone {
                entry: entry.unwrap_or_default(),
            },
            "reappeared" => Body::Reappeared {
                entry: entry.unwrap_or_default(),
            },
            "usage_reading" => Body::UsageReading {
                meter: self.meter.take().unwrap_or_default(),
                percent: self.percent.take().unwrap_or_default(),
                resets: self.resets.take(),
            },
            "flag_raised" => Body::FlagRaised {
                entry,
                meter: self.meter.take(),
                rule,
                evidence: self.evidence.take().unwrap_or_default(),
            },
            "flag_cleared" => Body::FlagCleared {
                entry,
                meter: self.meter.take(),
                rule,
            },
            _ => Body::Verified {
                entry: entry.unwrap_or_default(),
            },
        };
        Ok(Event {
            seq: self.seq,
            at_ms: self.at_ms,
            page: self.page.take(),
            body,
            hash: self.hash.take().unwrap_or_default(),
        })
    }
}

impl crate::core::json::FromJson for Event {
    fn from_json(r: &mut crate::core::json::Reader) -> crate::core::json::Result<Event> {
        FlatEvent::from_json(r)?.into_event().map_err(|e| r.error(e))
    }
}
