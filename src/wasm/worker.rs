//! Service-worker side: the module decides, the shim performs. The
//! JavaScript shim (extension/service-worker/worker.js, through
//! steps.js) registers the listeners at top level and hands each message,
//! one at a time, to [`begin`]; every step it gets back asks for one
//! thing — browser calls made together, the early answer of a page
//! reading, or the end — and what came of it goes back to [`resume`].
//!
//! In between, this file reads the stored parts the core asks for
//! (`storage::plan`, `worker::needs`), calls [`crate::core::worker::answer`]
//! — a page reading's answer goes out first (`Outcome::answer_early`) —
//! then `settle` (toolbar, alarms), has the writes it asks for made, and
//! then the browser calls. Written as steps rather than one `async fn`:
//! the future's state machine and wasm-bindgen-futures' queue were 8 KB
//! of this module (BENCHMARKS.md).

use super::chrome::{self, text_of};
use crate::core::messages::{authorise, parse_request, permitted, Origin, Request, Sender};
use crate::core::storage::{self, Items, LoadError, Plan};
use crate::core::vecs;
use crate::core::worker::{answer, needs, settle, take_writes, Outcome, Store};
use js_sys::Array;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The ledger, loaded on the first message after the worker (re)starts.
    /// Cells rather than `RefCell`s: their values are taken out and put
    /// back, which can never fail the way a second borrow can. Reached
    /// through `try_with`: the worker's one thread never destroys them
    /// while it runs, so it never fails either, and unlike `with` it
    /// brings no panic path (0.5 KB of wasm); were it to fail, the ledger
    /// would be read from storage again.
    static STORE: Cell<Option<Store>> = const { Cell::new(None) };
    /// What this worker last set through the browser: a call that would
    /// set the same again is skipped (each costs a round trip to the browser
    /// before the page gets its badges).
    static LAST: Cell<LastSet> = const {
        Cell::new(LastSet {
            toolbar: None,
            alarms: None,
            session: Items::new(),
        })
    };
    /// The message in hand between two steps. The ledger travels with it
    /// and goes back to `STORE` once its changes are stored.
    static TALK: Cell<Option<Talk>> = const { Cell::new(None) };
}

#[derive(Default)]
struct LastSet {
    toolbar: Option<(String, String, String)>,
    alarms: Option<Vec<(String, i64)>>,
    session: Items,
}

/// A message being handled.
struct Talk {
    /// Until it is answered.
    request: Option<Request>,
    origin: Origin,
    store: Option<Store>,
    stage: Stage,
    outcome: Outcome,
    now: i64,
    /// What is left to ask of the browser after the answer, last first.
    pending: Vec<Call>,
}

/// What the last step asked for.
enum Stage {
    /// The stored `ledger.meta`, to plan what to load.
    Meta,
    /// The keys the plan named, or all items (`complete`).
    Items { complete: bool },
    /// The archive's items; the history's follow when `history`.
    Archive { history: bool },
    /// The history's items.
    History,
    /// The early answer was sent (and a task passed).
    Answered,
    /// A browser call after the answer.
    Calling(Call),
}

/// A browser call after the answer, and what its result means.
enum Call {
    /// The ledger's changes: not stored means not acknowledged.
    Write(Items),
    DeleteAll,
    ClearAlarms(Vec<(String, i64)>),
    CreateAlarms(Vec<(String, i64)>),
    Notify(crate::core::reminders::Notification),
    Open(&'static str),
    Toolbar((String, String, String)),
    Session(Items),
}

fn error(message: &str) -> String {
    let mut out = String::from("{\"error\":");
    crate::core::json::write_str(&mut out, message);
    out.push('}');
    out
}

fn sender_of(js: &JsValue) -> Sender {
    Sender {
        id: chrome::get(js, "id").as_string(),
        url: chrome::get(js, "url").as_string(),
        tab_id: chrome::get(&chrome::get(js, "tab"), "id").as_f64().map(|v| v as i64),
    }
}

/// A step: `[kind, payload]`.
fn step(kind: &str, payload: JsValue) -> Array {
    Array::of2(&kind.into(), &payload)
}

/// The message's end, with its answer (JSON text).
fn done(text: &str) -> Array {
    step("done", text.into())
}

/// Browser calls to make together: `[[name, [args…]], …]` (names as
/// extension/service-worker/steps.js lists them).
fn calls(list: &[(&str, Array)]) -> Array {
    let out = Array::new();
    for (name, args) in list {
        out.push(&Array::of2(&(*name).into(), args));
    }
    step("calls", out.into())
}

/// Reads items of `chrome.storage.local`: `keys`, or all of them.
fn read(keys: Option<&[String]>) -> Array {
    calls(&[("storage.local.get", Array::of1(&chrome::keys_query(keys)))])
}

/// Starts handling one message (JSON text) from `sender`; returns the
/// first step.
#[cfg_attr(not(feature = "pages"), wasm_bindgen)]
pub fn begin(message: String, sender: JsValue) -> Array {
    let own_id = chrome::runtime_id().unwrap_or_default();
    let origin = match authorise(&sender_of(&sender), &own_id, &chrome::base_url()) {
        Ok(o) => o,
        Err(e) => return done(&error(&e)),
    };
    let request = match parse_request(&message) {
        Ok(r) => r,
        Err(e) => return done(&error(&format!("malformed message: {e}"))),
    };
    if !permitted(&request, origin) {
        return done(&error("this sender may not make that request"));
    }
    let store = STORE.try_with(Cell::take).ok().flatten();
    let mut talk = Talk {
        request: Some(request),
        origin,
        store,
        stage: Stage::Meta,
        outcome: Outcome::default(),
        now: 0,
        pending: Vec::new(),
    };
    let first = if talk.store.is_some() {
        complete(&mut talk)
    } else {
        // The seed of the core's hash tables (`core::strmap`), drawn
        // before the ledger makes any: the core cannot draw it itself.
        let word = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
        crate::core::strmap::set_seed(word() << 32 | word());
        Ok(read(Some(&[storage::META.to_string()])))
    };
    keep(talk, first)
}

/// Hands back what came of the last step (`ok`: the calls' results;
/// else the error they failed with); returns the next step.
#[cfg_attr(not(feature = "pages"), wasm_bindgen)]
pub fn resume(ok: bool, value: JsValue) -> Array {
    match TALK.try_with(Cell::take).ok().flatten() {
        Some(mut talk) => {
            let next = advance(&mut talk, if ok { Ok(value) } else { Err(value) });
            keep(talk, next)
        }
        None => done(&error("no message is being handled")),
    }
}

/// Keeps `talk` for the next step, unless the step ends it; an error ends
/// it with the error as its answer.
fn keep(talk: Talk, next: Result<Array, JsValue>) -> Array {
    match next {
        Ok(s) => {
            if s.get(0).as_string().as_deref() != Some("done") {
                let _ = TALK.try_with(|t| t.set(Some(talk)));
            }
            s
        }
        Err(e) => done(&error(&text_of(&e))),
    }
}

/// The stored items a read gave, as JSON texts.
fn items(value: Result<JsValue, JsValue>) -> Result<Items, JsValue> {
    chrome::texts_of(Array::from(&value?).get(0))
}

fn advance(t: &mut Talk, result: Result<JsValue, JsValue>) -> Result<Array, JsValue> {
    match std::mem::replace(&mut t.stage, Stage::Answered) {
        Stage::Meta => {
            let meta = items(result)?;
            Ok(match storage::plan(meta.get(storage::META).map(String::as_str)) {
                Plan::Everything => {
                    t.stage = Stage::Items { complete: true };
                    read(None)
                }
                Plan::Keys(mut keys) => {
                    keys.push(storage::META.into());
                    t.stage = Stage::Items { complete: false };
                    read(Some(&keys))
                }
            })
        }
        Stage::Items { complete: c } => {
            let store = match storage::load(&items(result)?, c) {
                Err(LoadError::Incomplete) if !c => {
                    t.stage = Stage::Items { complete: true };
                    return Ok(read(None));
                }
                Ok(l) => Store::Ready(l),
                Err(e) => Store::Broken(e),
            };
            t.store = Some(store);
            complete(t)
        }
        Stage::Archive { history } => {
            let read_items = items(result).inspect_err(|_| put_back(t))?;
            if let Some(Store::Ready(l)) = &mut t.store {
                match storage::attach_archive(l, &read_items) {
                    Ok(()) if history => {
                        let keys = storage::history_keys(l);
                        t.stage = Stage::History;
                        return Ok(read(Some(&keys)));
                    }
                    Ok(()) => {}
                    Err(e) => t.store = Some(Store::Broken(e)),
                }
            }
            reply(t)
        }
        Stage::History => {
            let read_items = items(result).inspect_err(|_| put_back(t))?;
            if let Some(Store::Ready(l)) = &mut t.store {
                if let Err(e) = storage::attach_history(l, &read_items) {
                    t.store = Some(Store::Broken(e));
                }
            }
            reply(t)
        }
        Stage::Answered => after_answer(t),
        Stage::Calling(call) => {
            called(t, call, result)?;
            next_call(t)
        }
    }
}

/// Puts the ledger back for the next message, as it is.
fn put_back(t: &mut Talk) {
    let store = t.store.take();
    let _ = STORE.try_with(|s| s.set(store));
}

/// Reads the stored parts the request needs that are not in memory yet,
/// then answers.
fn complete(t: &mut Talk) -> Result<Array, JsValue> {
    let (Some(store), Some(request)) = (&t.store, &t.request) else {
        return Err(JsValue::from_str("no ledger"));
    };
    let want = needs(store, request);
    if let Store::Ready(l) = store {
        if want.archive {
            let keys = storage::archive_keys(l);
            t.stage = Stage::Archive { history: want.history };
            return Ok(read(Some(&keys)));
        }
        if want.history {
            let keys = storage::history_keys(l);
            t.stage = Stage::History;
            return Ok(read(Some(&keys)));
        }
    }
    reply(t)
}

/// Answers the request; a page reading's answer is sent at once.
fn reply(t: &mut Talk) -> Result<Array, JsValue> {
    let (Some(store), Some(request)) = (t.store.as_mut(), t.request.take()) else {
        return Err(JsValue::from_str("no ledger"));
    };
    t.now = js_sys::Date::now() as i64;
    t.outcome = answer(store, request, t.origin, t.now);
    if t.outcome.answer_early {
        // The shim sends it, and lets a task pass so the answer leaves
        // before the toolbar, alarms and writes are built.
        t.stage = Stage::Answered;
        return Ok(step("answer", t.outcome.answer.as_str().into()));
    }
    after_answer(t)
}

/// Builds the writes and the browser calls the answer asks for.
fn after_answer(t: &mut Talk) -> Result<Array, JsValue> {
    let Some(store) = t.store.as_mut() else {
        return Err(JsValue::from_str("no ledger"));
    };
    settle(store, &mut t.outcome, t.now);
    let o = &mut t.outcome;
    let mut pending = Vec::new();
    if let Some(s) = o.session_writes.take() {
        pending.push(Call::Session(s));
    }
    if let Some(tb) = o.toolbar.take() {
        pending.push(Call::Toolbar((tb.text, tb.color.to_string(), tb.title)));
    }
    if let Some(page) = o.open_page {
        pending.push(Call::Open(page));
    }
    if let Some(n) = o.notify.take() {
        pending.push(Call::Notify(n));
    }
    if let Some(alarms) = o.alarms.take() {
        pending.push(Call::ClearAlarms(vecs::map(&alarms, |a| (a.name.clone(), a.when_ms))));
    }
    if o.delete_all {
        pending.push(Call::DeleteAll);
    }
    match take_writes(store, o) {
        Some(writes) => pending.push(Call::Write(writes)),
        None => put_back(t),
    }
    t.pending = pending;
    next_call(t)
}

/// The next browser call that would change something, or the end.
fn next_call(t: &mut Talk) -> Result<Array, JsValue> {
    let last = LAST.try_with(Cell::take).unwrap_or_default();
    let found = first_needed(&mut t.pending, &last);
    let _ = LAST.try_with(|l| l.set(last));
    Ok(match found? {
        Some((call, list)) => {
            t.stage = Stage::Calling(call);
            list
        }
        None => done(&t.outcome.answer),
    })
}

/// Takes calls off `pending` until one would change something (`last`
/// is what this worker set before); that call, and its step.
fn first_needed(pending: &mut Vec<Call>, last: &LastSet) -> Result<Option<(Call, Array)>, JsValue> {
    let one = |key: &str, value: &str| Ok::<_, JsValue>(Array::of1(&chrome::one(key, &value.into())?));
    while let Some(call) = pending.pop() {
        let list = match &call {
            Call::Write(items) => vec![("storage.local.set", Array::of1(&chrome::object_of(items)?))],
            Call::DeleteAll => vec![("storage.local.clear", Array::new())],
            Call::ClearAlarms(list) if last.alarms.as_ref() == Some(list) => continue,
            Call::ClearAlarms(_) => vec![("alarms.clearAll", Array::new())],
            Call::CreateAlarms(list) => {
                let mut each = Vec::new();
                for (name, when) in list {
                    let info = chrome::one("when", &JsValue::from_f64(*when as f64))?;
                    each.push(("alarms.create", Array::of2(&name.into(), &info)));
                }
                each
            }
            Call::Notify(n) => vec![(
                "notifications.create",
                Array::of2(&n.id.as_str().into(), &chrome::notice(&n.title, &n.message)?),
            )],
            Call::Open(page) => vec![("tabs.create", one("url", &chrome::base_url_of(page))?)],
            Call::Toolbar(want) if last.toolbar.as_ref() == Some(want) => continue,
            Call::Toolbar((text, color, title)) => vec![
                ("action.setBadgeText", one("text", text)?),
                ("action.setBadgeBackgroundColor", one("color", color)?),
                ("action.setTitle", one("title", title)?),
            ],
            Call::Session(writes) => {
                let mut changed = Items::new();
                for (k, v) in writes.iter() {
                    if last.session.get(k) != Some(v) {
                        changed.insert(k.clone(), v.clone());
                    }
                }
                if changed.is_empty() {
                    continue;
                }
                let list = calls(&[("storage.session.set", Array::of1(&chrome::object_of(&changed)?))]);
                return Ok(Some((Call::Session(changed), list)));
            }
        };
        return Ok(Some((call, calls(&list))));
    }
    Ok(None)
}

/// Takes in what came of `call`: a failure the request cannot do without
/// is its error; the toolbar and reminders are conveniences.
fn called(t: &mut Talk, call: Call, result: Result<JsValue, JsValue>) -> Result<(), JsValue> {
    let mut last = LAST.try_with(Cell::take).unwrap_or_default();
    let ok = result.is_ok();
    let outcome = match call {
        // Not stored, so not acknowledged: the in-memory change is dropped
        // and the ledger read from storage again on the next message.
        Call::Write(_) => result
            .map(|_| put_back(t))
            .map_err(|e| JsValue::from_str(&format!("could not store the change: {}", text_of(&e)))),
        Call::DeleteAll => result.map(|_| last = LastSet::default()),
        Call::ClearAlarms(list) => {
            last.alarms = None;
            if ok {
                t.pending.push(Call::CreateAlarms(list));
            }
            Ok(())
        }
        Call::CreateAlarms(list) => {
            last.alarms = ok.then_some(list);
            Ok(())
        }
        Call::Toolbar(want) => {
            last.toolbar = ok.then_some(want);
            Ok(())
        }
        Call::Session(changed) => result.map(|_| last.session.extend(changed)),
        Call::Notify(_) | Call::Open(_) => result.map(|_| ()),
    };
    let _ = LAST.try_with(|l| l.set(last));
    outcome
}

/// A reminder notification was clicked: opens the page to look at. Not an
/// async function: it only hands back the browser's promise (an async
/// export costs the module a copy of the future-to-promise machinery).
#[cfg_attr(not(feature = "pages"), wasm_bindgen)]
pub fn handle_notification_click(id: String) -> Result<js_sys::Promise, JsValue> {
    match crate::core::reminders::url_of(&id) {
        Some(url) => chrome::open_tab(url),
        None => Ok(js_sys::Promise::resolve(&JsValue::UNDEFINED)),
    }
}
