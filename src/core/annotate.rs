//! Badge annotations: what the content script draws on a page, decided here
//! from a page reading. The content script draws exactly these and nothing
//! else.

use crate::core::identity::entry_ids;
use crate::core::page::{read_page, PageKind, PageReading, Recognition};
use crate::core::text::preview;
use crate::core::time::Clock;
use crate::core::tree::Snapshot;
use serde::Serialize;

/// Status of a watched row, as badges show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Watching,
}

impl Status {
    pub fn words(self) -> &'static str {
        match self {
            Status::Watching => "Watching",
        }
    }
}

/// One badge to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    pub entry: String,
    pub kind: &'static str,
    pub status: Status,
    /// Words on the badge.
    pub text: String,
    /// What the badge says to assistive technology and on hover.
    pub description: String,
    pub row: u32,
    pub anchor: u32,
    pub control: u32,
}

/// The answer to a page snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageAnswer {
    pub version: &'static str,
    pub page: PageKind,
    pub status: Recognition,
    pub annotations: Vec<Annotation>,
}

/// Per-tab summary kept for the popup.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TabSummary {
    pub watched: u32,
    pub page: String,
    pub recognised: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub checked_at_ms: i64,
}

pub fn annotate(reading: &PageReading) -> Vec<Annotation> {
    let ids = entry_ids(&reading.entries);
    reading
        .entries
        .iter()
        .zip(ids)
        .map(|(e, entry)| {
            let kind = e.kind_tag().name();
            let status = Status::Watching;
            Annotation {
                description: format!(
                    "revoke-watch: {} {} “{}”",
                    status.words(),
                    kind,
                    preview(e.label(), 80)
                ),
                text: status.words().to_string(),
                entry,
                kind,
                status,
                row: e.row,
                anchor: e.anchor,
                control: e.control,
            }
        })
        .collect()
}

/// Reads a snapshot and answers with the badges to draw and a tab summary.
pub fn answer_page(snapshot: &Snapshot, clock: &Clock) -> (PageAnswer, TabSummary) {
    let reading = read_page(snapshot, clock);
    let annotations = annotate(&reading);
    let reason = match &reading.status {
        Recognition::NotRecognised { reason } => Some(reason.clone()),
        Recognition::Recognised => None,
    };
    let summary = TabSummary {
        watched: annotations.len() as u32,
        page: reading.page.name().to_string(),
        recognised: reason.is_none(),
        reason,
        checked_at_ms: clock.now_ms,
    };
    (
        PageAnswer {
            version: crate::core::VERSION,
            page: reading.page,
            status: reading.status,
            annotations,
        },
        summary,
    )
}
