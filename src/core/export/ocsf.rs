//! JSON Lines for security tools: one event per line with the OCSF fields
//! that fit (docs/export.md has the mapping). Fields OCSF has no place for
//! go under `unmapped.revoke_watch`.

use super::json::{EventOut, Timeline};
use crate::core::ledger::events::Body;
use crate::core::lookup::KeyIndex;
use crate::core::vecs;

/// OCSF schema version the lines follow.
pub const OCSF_VERSION: &str = "1.1.0";

/// (class_uid, class_name, activity_id, activity_name, status_id) for an event.
fn mapping(e: &EventOut, kind: &str) -> (u32, &'static str, u32, String, u32) {
    const ACCOUNT_CHANGE: (u32, &str) = (3001, "Account Change");
    const AUTHENTICATION: (u32, &str) = (3002, "Authentication");
    const DETECTION: (u32, &str) = (2004, "Detection Finding");
    let auth_like = kind == "session" || kind == "device";
    let (class, activity, name, status) = match &e.body {
        Body::RevokeRequested { .. } | Body::RevokeConfirmed { .. } if auth_like => (AUTHENTICATION, 2, "Logoff", 1),
        Body::RevokeRequested { .. } | Body::RevokeConfirmed { .. } => (ACCOUNT_CHANGE, 99, "Revoke token", 1),
        Body::RevokeCancelled { .. } => (ACCOUNT_CHANGE, 99, "Revoke cancelled", 2),
        Body::LogOutEverywhere { .. } => (AUTHENTICATION, 2, "Logoff (all sessions)", 1),
        Body::FlagRaised { .. } => (DETECTION, 1, "Create", 0),
        Body::FlagCleared { .. } => (DETECTION, 3, "Close", 0),
        Body::Verified { .. } => (ACCOUNT_CHANGE, 99, "Revocation verified", 1),
        Body::Seen { .. } => (ACCOUNT_CHANGE, 99, "Entry seen", 0),
        Body::Gone { .. } => (ACCOUNT_CHANGE, 99, "Entry no longer listed", 0),
        Body::Reappeared { .. } => (ACCOUNT_CHANGE, 99, "Entry listed again", 0),
        Body::Changed { .. } => (ACCOUNT_CHANGE, 99, "Entry changed", 0),
        Body::UsageReading { .. } => (ACCOUNT_CHANGE, 99, "Usage reading", 0),
    };
    (class.0, class.1, activity, name.to_string(), status)
}

/// One line, as OCSF names its fields (in alphabetical order, as the lines
/// have always been written).
struct Line<'a> {
    activity_id: u32,
    activity_name: &'a str,
    category_uid: u32,
    class_name: &'a str,
    class_uid: u32,
    message: String,
    metadata: Metadata<'a>,
    resource: Option<Subject<'a>>,
    session: Option<Subject<'a>>,
    severity_id: u32,
    status_id: u32,
    time: i64,
    type_uid: u32,
    unmapped: Unmapped<'a>,
}

struct Metadata<'a> {
    product: Product<'a>,
    sequence: u64,
    uid: &'a str,
    version: &'a str,
}

struct Product<'a> {
    name: &'a str,
    vendor_name: &'a str,
    version: &'a str,
}

struct Subject<'a> {
    name: &'a str,
    kind: &'a str,
    uid: &'a str,
}

struct Unmapped<'a> {
    revoke_watch: &'a EventOut,
}

crate::json_struct!(write Line<'a> {
    activity_id: req,
    activity_name: req,
    category_uid: req,
    class_name: req,
    class_uid: req,
    message: req,
    metadata: req,
    resource: opt,
    session: opt,
    severity_id: req,
    status_id: req,
    time: req,
    type_uid: req,
    unmapped: req,
});
crate::json_struct!(write Metadata<'a> { product: req, sequence: req, uid: req, version: req });
crate::json_struct!(write Product<'a> { name: req, vendor_name: req, version: req });
crate::json_struct!(write Subject<'a> { name: req, kind as "type": req, uid: req });
crate::json_struct!(write Unmapped<'a> { revoke_watch: req });

pub fn to_string(t: &Timeline) -> String {
    let ids = KeyIndex::new(vecs::map(&t.entries, |e| e.id.as_str()));
    let mut out = String::new();
    for e in &t.events {
        let entry = e.body.entry();
        let (kind, label) = entry
            .and_then(|id| t.entries.get(ids.get(id)?))
            .map_or(("", ""), |e| (e.kind.as_str(), e.label.as_str()));
        let (class_uid, class_name, activity_id, activity_name, status_id) = mapping(e, kind);
        let flagged = matches!(e.body, Body::FlagRaised { .. });
        let subject = entry.map(|id| Subject {
            name: label,
            kind,
            uid: id,
        });
        let (session, resource) = if kind == "session" {
            (subject, None)
        } else {
            (None, subject)
        };
        let line = Line {
            activity_id,
            activity_name: &activity_name,
            category_uid: class_uid / 1000,
            class_name,
            class_uid,
            message: if label.is_empty() {
                activity_name.clone()
            } else {
                format!("{activity_name}: {label}")
            },
            metadata: Metadata {
                product: Product {
                    name: &t.product.name,
                    vendor_name: "revoke-watch",
                    version: &t.product.version,
                },
                sequence: e.seq,
                uid: &e.hash,
                version: OCSF_VERSION,
            },
            resource,
            session,
            severity_id: if flagged { 4 } else { 1 },
            status_id,
            time: e.at_ms,
            type_uid: class_uid * 100 + activity_id,
            unmapped: Unmapped { revoke_watch: e },
        };
        crate::core::json::ToJson::to_json(&line, &mut out);
        out.push('\n');
    }
    out
}
