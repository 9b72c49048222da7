//! The summary revoke-watch shows on a claude.ai page, above the listing:
//! counts for the page's entries, when it was checked, and a plain notice
//! when the page could not be read.

use crate::core::annotate::{Annotation, MeterBadge};
use crate::core::ledger::view::local_time;
use crate::core::page::{PageReading, Recognition};

#[derive(Debug, Clone, PartialEq)]
pub struct PageSummary {
    pub title: String,
    pub counts: String,
    pub checked: String,
    pub notice: Option<String>,
    /// Node the summary is placed at, and how: `before` it or `after` it.
    pub anchor: u32,
    pub position: &'static str,
}

pub fn summary(
    reading: &PageReading,
    annotations: &[Annotation],
    meters: &[MeterBadge],
    now: i64,
    tz: i32,
    tree_len: usize,
) -> Option<PageSummary> {
    let n = |s: &str| annotations.iter().filter(|a| a.status == s).count();
    let notice = match &reading.status {
        Recognition::NotRecognised { reason } => Some(format!(
            "revoke-watch could not read this page with confidence: {reason}. Nothing was recorded from it."
        )),
        Recognition::Recognised => reading.partial.as_ref().map(|why| {
            format!(
                "This list shows only part of its entries ({why}): entries it does not show are not taken for gone."
            )
        }),
    };
    // Above the first listing (a table as a whole, not its body), else at the top.
    let (anchor, position) = match reading.listing {
        Some(l) => (l, "before"),
        None => (0, "prepend"),
    };
    if tree_len == 0 {
        return None;
    }
    Some(PageSummary {
        title: "revoke-watch".into(),
        // The usage page lists meters, not entries: a page with meters and
        // no rows counts its meters.
        counts: if annotations.is_empty() && !meters.is_empty() {
            format!(
                "{} usage meter{} watched · {} rose after everything was revoked",
                meters.len(),
                if meters.len() == 1 { "" } else { "s" },
                meters.iter().filter(|m| m.status == "zombie").count()
            )
        } else {
            format!(
                "{} watched · {} flagged · {} revoked, waiting · {} revoked · {} verified",
                annotations.len(),
                n("zombie"),
                n("revoke-pending"),
                n("revoked"),
                n("verified")
            )
        },
        checked: format!("checked {}", local_time(now, tz)),
        notice,
        anchor,
        position,
    })
}
