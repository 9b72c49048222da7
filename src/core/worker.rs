//! The service worker's decisions, without the browser: given the loaded
//! ledger, one authorised request and the time, what to answer and what to
//! store. `src/wasm/worker.rs` only loads, calls this and writes.

use crate::core::annotate::{annotate, click_at, meter_badges, summary, watched_controls, PageAnswer};
use crate::core::export::{self, import};
use crate::core::json::{self, ToJson};
use crate::core::ledger::chain;
use crate::core::ledger::view::{counts, ledger_view, state_view};
use crate::core::ledger::{Ledger, Viewer};
use crate::core::messages::{Origin, Request};
use crate::core::page::read_page;
use crate::core::reminders::{self, Alarm};
use crate::core::storage::{self, Items, LoadError};
use crate::core::time::Clock;
use crate::core::ui::popup::{toolbar, Toolbar};
use crate::core::ui::timeline;

/// The ledger as loaded from storage, or why it could not be. There is one
/// `Store` per worker, so the size difference of the variants costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Store {
    Ready(Ledger),
    Broken(LoadError),
}

/// What the binding layer must do for one request.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The answer to send (after the writes succeed), as JSON text.
    pub answer: String,
    /// Items to write to `chrome.storage.local` before answering.
    pub ledger_writes: Option<Items>,
    /// Events from this seq on (and the state) are still to be written:
    /// [`take_writes`] builds the items, after an early answer was sent.
    pub writes_from: Option<u64>,
    /// Items to write to `chrome.storage.session` (per-tab summaries).
    pub session_writes: Option<Items>,
    /// Set the toolbar icon's badge.
    pub toolbar: Option<Toolbar>,
    /// Replace every alarm with these (after any change to the ledger).
    pub alarms: Option<Vec<Alarm>>,
    /// Show this reminder notification.
    pub notify: Option<reminders::Notification>,
    /// Open this extension page (a path such as `timeline/timeline.html`) in a tab.
    pub open_page: Option<&'static str>,
    /// Remove every stored ledger item (after the user confirmed).
    pub delete_all: bool,
    /// The answer may be sent before the writes finish: it only shows what
    /// was read (badges), and a failed write drops the change so the next
    /// reading records it again. Never for clicks, whose acknowledgement
    /// means "stored".
    pub answer_early: bool,
}

/// JSON text of `v`.
fn text<T: ToJson + ?Sized>(v: &T) -> String {
    json::to_string(v)
}

/// `{"key": <json>}` around JSON text that is already made.
fn wrap(key: &str, json: String) -> String {
    format!("{{{}:{json}}}", text(key))
}

/// What to write after a request that may have changed the ledger: the
/// new events' segments and the state, in one transaction, so what is
/// stored always agrees with itself.
fn changes(l: &mut Ledger, before: u64, state_changed: bool) -> Option<Items> {
    (state_changed || l.rewrite_all || l.next_seq() != before).then(|| storage::writes(l, before))
}

/// The items `out` asks to write, built now if they were deferred.
pub fn take_writes(store: &mut Store, out: &mut Outcome) -> Option<Items> {
    match (out.ledger_writes.take(), out.writes_from.take(), store) {
        (Some(w), _, _) => Some(w),
        (None, Some(before), Store::Ready(l)) => Some(storage::writes(l, before)),
        _ => None,
    }
}

/// Parts of the stored ledger a request needs in memory beyond what a
/// woken worker loads (the state and the newest events).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// The archived entries.
    pub archive: bool,
    /// Every event.
    pub history: bool,
}

pub fn needs(store: &Store, request: &Request) -> Needs {
    let Store::Ready(l) = store else {
        return Needs::default();
    };
    let (archive, history) = match request {
        // Matching a row may concern an archived entry.
        Request::Page { .. } => (true, false),
        Request::Export { .. } | Request::Import { .. } | Request::Ledger => (true, true),
        Request::Verify => (false, true),
        // The first page of events is among the newest; more is asked for.
        Request::View { name, params, .. } if name == "timeline" => (true, params.events.is_some()),
        _ => (false, false),
    };
    Needs {
        archive: archive && l.residence.archive.is_some(),
        history: history && l.residence.events_before > 0,
    }
}

/// The `storage.session` key of a tab's summary (read by the popup).
pub fn tab_key(tab_id: i64) -> String {
    format!("tab:{tab_id}")
}

fn broken_state(e: &LoadError) -> String {
    format!("{{\"error_state\":{},\"raw_export\":true}}", text(&e.to_string()))
}

fn error(msg: &str) -> Outcome {
    answered(wrap("error", text(msg)))
}

/// An outcome that only answers: out of line, so that each request's arm
/// does not build the whole [`Outcome`] itself.
#[inline(never)]
fn answered(answer: String) -> Outcome {
    Outcome {
        answer,
        ..Outcome::default()
    }
}

/// An outcome that answers once `writes` are stored.
#[inline(never)]
fn answered_writing(answer: String, writes: Option<Items>) -> Outcome {
    Outcome {
        answer,
        ledger_writes: writes,
        ..Outcome::default()
    }
}

/// Handles one authorised request at `now` (Unix ms), with the toolbar
/// and alarms it changes ([`answer`] then [`settle`]).
#[inline(never)]
pub fn handle(store: &mut Store, request: Request, origin: Origin, now: i64) -> Outcome {
    let mut out = answer(store, request, origin, now);
    settle(store, &mut out, now);
    out
}

/// Whatever changed the ledger refreshes the toolbar count and the
/// reminders. Call before [`take_writes`] (it looks at the pending writes).
#[inline(never)]
pub fn settle(store: &Store, out: &mut Outcome, now: i64) {
    if out.toolbar.is_none() && (out.ledger_writes.is_some() || out.writes_from.is_some()) {
        if let Store::Ready(l) = store {
            out.toolbar = Some(toolbar(&counts(l)));
            out.alarms = Some(reminders::plan(l, now));
        }
    }
}

/// Decides the answer and the ledger changes. The toolbar and alarms are
/// left to [`settle`], so that an early answer (a page's badges) does not
/// wait for them.
#[inline(never)]
pub fn answer(store: &mut Store, request: Request, origin: Origin, now: i64) -> Outcome {
    match request {
        Request::Version => answered(format!(
            "{{\"version\":{},\"engine\":\"rust-wasm\"}}",
            text(crate::core::VERSION)
        )),
        Request::Page {
            snapshot,
            tz_offset_min,
            shown_since,
            clicked,
        } => {
            let Origin::ContentScript { tab_id } = origin else {
                return error("pages come from content scripts");
            };
            let clock = Clock {
                now_ms: now,
                tz_offset_min,
            };
            let node_count = snapshot.nodes.len();
            let reading = read_page(snapshot, &clock);
            let (annotations, meters, ledger_writes, ledger_error) = match store {
                Store::Ready(l) => {
                    let before = l.next_seq();
                    let viewer = Viewer {
                        tab: tab_id,
                        shown_since,
                    };
                    let ids = l.observe(&reading, viewer, now);
                    if let Some((mut id, node)) = clicked {
                        // A control that removes them all revokes each entry:
                        // one click id per entry ("id", "id+", "id++"…), as
                        // the content script sends a watched one's clicks.
                        for action in click_at(&reading, &ids, node) {
                            l.click(&id, action, tab_id, reading.page.name(), now);
                            id.push('+');
                        }
                    }
                    let a = annotate(&reading, &ids, Some((l, viewer)), now, tz_offset_min);
                    (a, meter_badges(&reading, Some(l), tz_offset_min), Some(before), None)
                }
                Store::Broken(e) => (
                    annotate(&reading, &[], None, now, tz_offset_min),
                    meter_badges(&reading, None, tz_offset_min),
                    None,
                    Some(e.to_string()),
                ),
            };
            let mut session = Items::new();
            let watched = annotations.len() + meters.len();
            session.insert(tab_key(tab_id), text(&summary(&reading, watched, now)));
            let page_summary =
                crate::core::ui::summary::summary(&reading, &annotations, &meters, now, tz_offset_min, node_count);
            let answer = PageAnswer {
                version: crate::core::VERSION,
                page: reading.page,
                status: reading.status.clone(),
                controls: watched_controls(&reading),
                annotations,
                meters,
                ledger_error,
                summary: page_summary,
            };
            Outcome {
                answer: answer.to_json(),
                writes_from: ledger_writes,
                session_writes: Some(session),
                answer_early: true,
                ..Outcome::default()
            }
        }
        Request::Click { id, url, click } => {
            let Origin::ContentScript { tab_id } = origin else {
                return error("clicks come from content scripts");
            };
            let Store::Ready(l) = store else {
                return error("the stored ledger cannot be read; the click was not recorded");
            };
            let before = l.next_seq();
            let page = crate::core::page::PageKind::from_url(&url).name();
            let recorded = l.click(&id, click, tab_id, page, now);
            // The click id must survive a restart (so a retried report is not
            // recorded twice): the state with it is written with the event.
            answered_writing(wrap("recorded", recorded.to_string()), Some(storage::writes(l, before)))
        }
        Request::State => match store {
            Store::Ready(l) => {
                let before = l.next_seq();
                l.tick(now);
                let writes = changes(l, before, false);
                answered_writing(text(&state_view(l)), writes)
            }
            Store::Broken(e) => answered(broken_state(e)),
        },
        Request::Ledger => match store {
            Store::Ready(l) => answered(text(&ledger_view(l))),
            Store::Broken(e) => answered(broken_state(e)),
        },
        Request::Export { redact } => {
            let Store::Ready(l) = store else {
                return error("the stored ledger cannot be read; use the raw export");
            };
            let redact = redact.unwrap_or(l.state.settings.redact_exports);
            answered(text(&export::json_file(l, redact, now)))
        }
        Request::Import { data } => {
            let Store::Ready(l) = store else {
                return error("the stored ledger cannot be read; nothing was imported");
            };
            // The page read the file (`import::parse`) and sends its events
            // as stored; they are checked again here before any change.
            let checked = json::from_str::<import::Incoming>(&data)
                .map_err(|e| format!("the events sent could not be read: {e}"))
                .and_then(|file| import::check_events(&file.events).map(|()| file));
            match checked {
                Ok(file) => {
                    let before = l.next_seq();
                    let summary = import::merge(l, file);
                    // Into an empty ledger the events were adopted whole: write them all.
                    if before == 1 {
                        l.rewrite_all = true;
                    }
                    let writes = storage::writes(l, before);
                    answered_writing(wrap("imported", text(&summary)), Some(writes))
                }
                Err(reason) => error(&format!("nothing was imported: {reason}")),
            }
        }
        Request::Verify => match store {
            Store::Ready(l) => match chain::verify(&l.events) {
                Ok(()) => answered(format!(
                    "{{\"ok\":true,\"events\":{},\"head\":{}}}",
                    l.events.len(),
                    text(chain::head(&l.events))
                )),
                Err(b) => answered(format!(
                    "{{\"ok\":false,\"reason\":{},\"position\":{}}}",
                    text(&b.to_string()),
                    b.position
                )),
            },
            Store::Broken(e) => answered(format!("{{\"ok\":false,\"reason\":{}}}", text(&e.to_string()))),
        },
        Request::Alarm { name } => Outcome {
            notify: match store {
                Store::Ready(l) => reminders::on_alarm(l, &name, now),
                Store::Broken(_) => None,
            },
            ..answered(wrap("alarm", "true".into()))
        },
        Request::OpenTimeline => Outcome {
            open_page: Some("timeline/timeline.html"),
            ..answered(wrap("opened", "true".into()))
        },
        Request::DeleteAll => {
            *store = Store::Ready(Ledger::new(Default::default()));
            Outcome {
                delete_all: true,
                toolbar: Some(toolbar(&Default::default())),
                alarms: Some(Vec::new()),
                ..answered(wrap("deleted", "true".into()))
            }
        }
        // What the timeline page shows, which needs the event history; the
        // page makes the view itself (`ui::timeline::page`), as the popup
        // and the options page make theirs from the `state` answer.
        Request::View { name, params } => match (name.as_str(), &*store) {
            ("timeline", Store::Ready(l)) => answered(wrap("timeline", text(&timeline::data(l, &params, now)))),
            ("timeline", Store::Broken(e)) => answered(broken_state(e)),
            _ => error("unknown view"),
        },
        Request::Settings { set } => {
            let Store::Ready(l) = store else {
                return error("the stored ledger cannot be read; settings were not changed");
            };
            match l.state.settings.patched(&set) {
                Ok(s) => {
                    l.state.settings = s;
                    let before = l.next_seq();
                    answered_writing(wrap("settings", text(&s)), Some(storage::writes(l, before)))
                }
                Err(e) => error(&e),
            }
        }
    }
}
