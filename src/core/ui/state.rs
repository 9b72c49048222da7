//! The popup and the options page, made from the worker's `state` answer.
//! Those pages read what the worker answers every extension page anyway
//! (the watch state: entries still watched, meters, pages checked,
//! settings, counts) and compute their views themselves, in the pages'
//! module: the worker's module, which every wake compiles, then holds no
//! code for them (BENCHMARKS.md). Only the fields they show are read; the
//! rest of the answer is skipped.

use super::{options, popup, El};
use crate::core::annotate::TabSummary;
use crate::core::json::{self, SmallMap};
use crate::core::ledger::events::Evidence;
use crate::core::ledger::view::Counts;
use crate::core::ledger::{PageCheck, Settings};

/// The watch state, as the worker's `state` answer gives it
/// (`ledger::view::state_view`).
#[derive(Debug, Default)]
pub struct StateData {
    /// The entries still watched (listed, revoked and not yet verified
    /// gone, or flagged).
    pub entries: Vec<EntryData>,
    pub meters: Vec<MeterData>,
    pub settings: Settings,
    pub pages: SmallMap<PageCheck>,
    /// Absent from an answer that is not a state.
    pub counts: Option<Counts>,
    /// Why the stored ledger cannot be read (the worker's answer then holds
    /// nothing else).
    pub error_state: Option<String>,
    /// Why the worker refused the request.
    pub error: Option<String>,
}

#[derive(Debug, Default)]
pub struct EntryData {
    pub id: String,
    pub kind: String,
    pub label: String,
    /// `watching`, `revoke-pending`, `revoked`, `verified` or `zombie`.
    pub status: String,
    pub flags: Vec<FlagData>,
}

#[derive(Debug, Default)]
pub struct FlagData {
    pub rule: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Default)]
pub struct MeterData {
    pub name: String,
    pub flags: Vec<FlagData>,
}

crate::json_struct!(read StateData {
    entries: def,
    meters: def,
    settings: def,
    pages: def,
    counts: def,
    error_state: def,
    error: def,
});
crate::json_struct!(read EntryData { id: req, kind: req, label: req, status: req, flags: req });
crate::json_struct!(read FlagData { rule: req, evidence: req });
crate::json_struct!(read MeterData { name: req, flags: req });

/// The state in `answer` (the worker's JSON text), or what to show
/// instead: the ledger's damage, the worker's refusal, or an answer that
/// cannot be read.
fn read(answer: &str) -> Result<StateData, String> {
    let data =
        json::from_str::<StateData>(answer).map_err(|e| format!("the worker's answer could not be read: {e}"))?;
    match (&data.error_state, &data.error, &data.counts) {
        (Some(e), _, _) | (None, Some(e), _) => Err(e.clone()),
        (None, None, None) => Err("the worker's answer holds no watch state".into()),
        _ => Ok(data),
    }
}

/// The view of extension page `name` (`popup` or `options`) from the
/// worker's `state` answer and, for the popup, the summary the worker
/// stored for its tab (JSON text, if any; a damaged one counts as none).
#[inline(never)]
pub fn view(name: &str, answer: &str, tab: Option<&str>, tz: i32) -> El {
    let state = read(answer);
    if name == "options" {
        return match &state {
            Ok(s) => options::view(Some(&s.settings), None),
            Err(e) => options::view(None, Some(e)),
        };
    }
    let tab = tab.and_then(|t| json::from_str::<TabSummary>(t).ok());
    match &state {
        Ok(s) => popup::view(popup::LedgerState::Ready(s), tab.as_ref(), tz),
        Err(e) => popup::view(popup::LedgerState::Error(e), tab.as_ref(), tz),
    }
}
