//! Service-worker side: one entry point for every runtime message. The
//! JavaScript shim (extension/service-worker/worker.js) registers the
//! listener at top level and calls this one message at a time (so writes
//! are serialised). This file reads the stored parts the core asks for
//! (`storage::plan`, `worker::needs`), calls [`crate::core::worker::answer`],
//! then `settle` (toolbar, alarms), performs the writes it asks for and
//! then answers — except a page
//! reading, whose answer goes out first (`Outcome::answer_early`).

use super::chrome::{self, text_of, wait};
use crate::core::messages::{authorise, parse_request, permitted, Request, Sender};
use crate::core::storage::{self, Items, LoadError, Plan};
use crate::core::vecs;
use crate::core::worker::{answer, needs, settle, take_writes, Outcome, Store};
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
}

#[derive(Default)]
struct LastSet {
    toolbar: Option<(String, String, String)>,
    alarms: Option<Vec<(String, i64)>>,
    session: Items,
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

/// Items of `chrome.storage.local` as JSON text: `keys`, or all of them.
async fn read_local(keys: Option<&[String]>) -> Result<Items, JsValue> {
    chrome::texts_of(wait(chrome::local_read(keys)).await?)
}

/// Reads what the core's plan names, then loads; reads everything when the
/// core finds that was not enough.
async fn load() -> Result<Store, JsValue> {
    // The seed of the core's hash tables (`core::strmap`), drawn before the
    // ledger makes any: the core cannot draw it itself.
    let word = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
    crate::core::strmap::set_seed(word() << 32 | word());
    let meta = read_local(Some(&[storage::META.to_string()])).await?;
    let (items, complete) = match storage::plan(meta.get(storage::META).map(String::as_str)) {
        Plan::Everything => (read_local(None).await?, true),
        Plan::Keys(mut keys) => {
            keys.push(storage::META.into());
            (read_local(Some(&keys)).await?, false)
        }
    };
    let loaded = match storage::load(&items, complete) {
        Err(LoadError::Incomplete) => storage::load(&read_local(None).await?, true),
        other => other,
    };
    Ok(match loaded {
        Ok(l) => Store::Ready(l),
        Err(e) => Store::Broken(e),
    })
}

async fn loaded() -> Result<Store, JsValue> {
    match STORE.try_with(Cell::take).ok().flatten() {
        Some(store) => Ok(store),
        None => load().await,
    }
}

/// Reads the stored parts `request` needs that are not in memory yet.
async fn complete_for(store: &mut Store, request: &Request) -> Result<(), JsValue> {
    let want = needs(store, request);
    let Store::Ready(l) = store else { return Ok(()) };
    let mut result = Ok(());
    if want.archive {
        let items: Items = read_local(Some(&storage::archive_keys(l))).await?;
        result = storage::attach_archive(l, &items);
    }
    if want.history && result.is_ok() {
        let items: Items = read_local(Some(&storage::history_keys(l))).await?;
        result = storage::attach_history(l, &items);
    }
    if let Err(e) = result {
        *store = Store::Broken(e);
    }
    Ok(())
}

/// Handles one message (JSON text); always resolves to an answer (JSON
/// text, `{error}` for refusals), so a sender never waits on a dropped promise.
#[cfg_attr(not(feature = "pages"), wasm_bindgen)]
pub async fn handle_message(message: String, sender: JsValue, respond: js_sys::Function) -> String {
    match dispatch(&message, sender, &respond).await {
        Ok(v) => v,
        Err(e) => error(&text_of(&e)),
    }
}

async fn dispatch(message: &str, sender: JsValue, respond: &js_sys::Function) -> Result<String, JsValue> {
    let own_id = chrome::runtime_id().unwrap_or_default();
    let origin = authorise(&sender_of(&sender), &own_id, &chrome::base_url()).map_err(|e| JsValue::from_str(&e))?;
    let request = parse_request(message).map_err(|e| JsValue::from_str(&format!("malformed message: {e}")))?;
    if !permitted(&request, origin) {
        return Err(JsValue::from_str("this sender may not make that request"));
    }
    let mut store = loaded().await?;
    if let Err(e) = complete_for(&mut store, &request).await {
        let _ = STORE.try_with(|s| s.set(Some(store)));
        return Err(e);
    }
    let now = js_sys::Date::now() as i64;
    let mut outcome = answer(&mut store, request, origin, now);
    let text = std::mem::take(&mut outcome.answer);
    if outcome.answer_early {
        // The shim sends only the first answer it is given.
        let _ = respond.call1(&JsValue::NULL, &JsValue::from_str(&text));
        // Let the answer leave before the toolbar, alarms and writes are built.
        let _ = wait(chrome::next_task()).await;
    }
    settle(&store, &mut outcome, now);
    if let Some(writes) = &take_writes(&mut store, &mut outcome) {
        if let Err(e) = wait(chrome::local_write(writes)).await {
            // Not stored, so not acknowledged: drop the in-memory change and
            // reload from storage on the next message.
            return Err(JsValue::from_str(&format!(
                "could not store the change: {}",
                text_of(&e)
            )));
        }
    }
    let _ = STORE.try_with(|s| s.set(Some(store)));
    let mut last = LAST.try_with(Cell::take).unwrap_or_default();
    let effects = apply_effects(&outcome, &mut last).await;
    let _ = LAST.try_with(|l| l.set(last));
    effects.map(|()| text)
}

/// Deletes, alarms, notifications, tabs, the toolbar and the session's
/// items, as `outcome` asks; `last` is what this worker set before.
async fn apply_effects(outcome: &Outcome, last: &mut LastSet) -> Result<(), JsValue> {
    if outcome.delete_all {
        wait(chrome::local_delete_all()).await?;
        *last = LastSet::default();
    }
    if let Some(alarms) = &outcome.alarms {
        let list: Vec<(String, i64)> = vecs::map(alarms, |a| (a.name.clone(), a.when_ms));
        if last.alarms.as_ref() != Some(&list) {
            // Reminders are a convenience: failing to set them must not fail the request.
            let set = wait(chrome::clear_alarms()).await.is_ok() && wait(chrome::create_alarms(&list)).await.is_ok();
            last.alarms = set.then_some(list);
        }
    }
    if let Some(n) = &outcome.notify {
        wait(chrome::notify(&n.id, &n.title, &n.message)).await?;
    }
    if let Some(page) = outcome.open_page {
        wait(chrome::open_tab(&chrome::base_url_of(page))).await?;
    }
    if let Some(t) = &outcome.toolbar {
        let want = (t.text.clone(), t.color.to_string(), t.title.clone());
        if last.toolbar.as_ref() != Some(&want) {
            // The icon is a convenience: a failure here must not fail the request.
            let set = wait(chrome::set_toolbar(&t.text, t.color, &t.title)).await.is_ok();
            last.toolbar = set.then_some(want);
        }
    }
    if let Some(writes) = &outcome.session_writes {
        let mut changed = Items::new();
        for (k, v) in writes.iter() {
            if last.session.get(k) != Some(v) {
                changed.insert(k.clone(), v.clone());
            }
        }
        if !changed.is_empty() {
            wait(chrome::session_write(&changed)).await?;
            last.session.extend(changed);
        }
    }
    Ok(())
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
