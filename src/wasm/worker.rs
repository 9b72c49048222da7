//! Service-worker side: one entry point for every runtime message. The
//! JavaScript shim (extension/service-worker/worker.js) registers the
//! listener at top level and calls this one message at a time (so writes
//! are serialised). This file loads the ledger, calls
//! [`crate::core::worker::handle`], performs the writes it asks for and only
//! then answers.

use super::chrome;
use crate::core::annotate::TabSummary;
use crate::core::messages::{authorise, permitted, Request, Sender};
use crate::core::storage;
use crate::core::worker::{handle, tab_key, Store};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The ledger, loaded on the first message after the worker (re)starts.
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn error(message: &str) -> JsValue {
    to_js(&serde_json::json!({ "error": message })).unwrap_or(JsValue::NULL)
}

fn sender_of(js: &JsValue) -> Sender {
    Sender {
        id: chrome::get(js, "id").as_string(),
        url: chrome::get(js, "url").as_string(),
        tab_id: chrome::get(&chrome::get(js, "tab"), "id").as_f64().map(|v| v as i64),
    }
}

async fn all_items() -> Result<serde_json::Map<String, serde_json::Value>, JsValue> {
    let raw = chrome::local_read_all().await?;
    serde_wasm_bindgen::from_value(raw).map_err(|e| JsValue::from_str(&format!("storage could not be read: {e}")))
}

async fn loaded() -> Result<Store, JsValue> {
    if let Some(store) = STORE.with(|s| s.borrow_mut().take()) {
        return Ok(store);
    }
    let items = all_items().await?;
    Ok(match storage::load(&items) {
        Ok(l) => Store::Ready(l),
        Err(e) => Store::Broken(e),
    })
}

/// Handles one message; always resolves to an answer object (`{error}` for
/// refusals), so a sender never waits on a dropped promise.
#[wasm_bindgen]
pub async fn handle_message(message: JsValue, sender: JsValue) -> JsValue {
    match dispatch(message, sender).await {
        Ok(v) => v,
        Err(e) => error(&e.as_string().unwrap_or_else(|| format!("{e:?}"))),
    }
}

async fn dispatch(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let own_id = chrome::runtime_id().unwrap_or_default();
    let origin = authorise(&sender_of(&sender), &own_id, &chrome::base_url()).map_err(|e| JsValue::from_str(&e))?;
    let request: Request =
        serde_wasm_bindgen::from_value(message).map_err(|e| JsValue::from_str(&format!("malformed message: {e}")))?;
    if !permitted(&request, origin) {
        return Err(JsValue::from_str("this sender may not make that request"));
    }
    let mut store = loaded().await?;
    let outcome = handle(&mut store, request, origin, js_sys::Date::now() as i64);
    if let Some(writes) = &outcome.ledger_writes {
        if let Err(e) = chrome::local_write(&to_js(writes)?).await {
            // Not stored, so not acknowledged: drop the in-memory change and
            // reload from storage on the next message.
            return Err(JsValue::from_str(&format!(
                "could not store the change: {}",
                e.as_string().unwrap_or_else(|| format!("{e:?}"))
            )));
        }
    }
    STORE.with(|s| *s.borrow_mut() = Some(store));
    if outcome.delete_all {
        chrome::local_delete_all().await?;
    }
    if let Some(alarms) = &outcome.alarms {
        let list: Vec<(String, i64)> = alarms.iter().map(|a| (a.name.clone(), a.when_ms)).collect();
        // Reminders are a convenience: failing to set them must not fail the request.
        let _ = chrome::set_alarms(&list).await;
    }
    if let Some(page) = outcome.open_page {
        chrome::open_tab(&chrome::base_url_of(page)).await?;
    }
    if let Some(t) = &outcome.toolbar {
        // The icon is a convenience: a failure here must not fail the request.
        let _ = chrome::set_toolbar(&t.text, t.color, &t.title).await;
    }
    if let Some(writes) = &outcome.session_writes {
        chrome::session_write_all(&to_js(writes)?).await?;
    }
    if let Some(tab_id) = outcome.read_tab {
        let stored = chrome::session_read(&tab_key(tab_id)).await?;
        let summary: Option<TabSummary> = if stored.is_undefined() {
            None
        } else {
            serde_wasm_bindgen::from_value(stored).ok()
        };
        return to_js(&serde_json::json!({ "tab_id": tab_id, "summary": summary }));
    }
    if outcome.export_raw {
        let items: serde_json::Map<String, serde_json::Value> = all_items()
            .await?
            .into_iter()
            .filter(|(k, _)| k.starts_with(storage::PREFIX))
            .collect();
        return to_js(&items);
    }
    to_js(&outcome.answer)
}

/// A reminder alarm fired: shows its notification if one is still due.
#[wasm_bindgen]
pub async fn handle_alarm(name: String) -> Result<(), JsValue> {
    let store = loaded().await?;
    let note = match &store {
        Store::Ready(l) => crate::core::reminders::on_alarm(l, &name, js_sys::Date::now() as i64),
        Store::Broken(_) => None,
    };
    STORE.with(|s| *s.borrow_mut() = Some(store));
    if let Some(n) = note {
        chrome::notify(&n.id, &n.title, &n.message).await?;
    }
    Ok(())
}

/// A reminder notification was clicked: opens the page to look at.
#[wasm_bindgen]
pub async fn handle_notification_click(id: String) -> Result<(), JsValue> {
    if let Some(url) = crate::core::reminders::url_of(&id) {
        chrome::open_tab(url).await?;
    }
    Ok(())
}
