//! Service-worker side: one entry point for every runtime message. The
//! JavaScript shim (extension/service-worker/worker.js) registers the
//! listener at top level and forwards here once the module is ready.

use super::chrome;
use crate::core::annotate::{answer_page, TabSummary};
use crate::core::messages::{authorise, permitted, Origin, Request, Sender};
use crate::core::time::Clock;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn error(message: &str) -> JsValue {
    #[derive(Serialize)]
    struct Error<'a> {
        error: &'a str,
    }
    to_js(&Error { error: message }).unwrap_or(JsValue::NULL)
}

fn sender_of(js: &JsValue) -> Sender {
    Sender {
        id: chrome::get(js, "id").as_string(),
        url: chrome::get(js, "url").as_string(),
        tab_id: chrome::get(&chrome::get(js, "tab"), "id")
            .as_f64()
            .map(|v| v as i64),
    }
}

fn tab_key(tab_id: i64) -> String {
    format!("tab:{tab_id}")
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
    let origin = authorise(&sender_of(&sender), &own_id, &chrome::base_url())
        .map_err(|e| JsValue::from_str(&e))?;
    let request: Request = serde_wasm_bindgen::from_value(message)
        .map_err(|e| JsValue::from_str(&format!("malformed message: {e}")))?;
    if !permitted(&request, origin) {
        return Err(JsValue::from_str("this sender may not make that request"));
    }
    match (request, origin) {
        (
            Request::Page {
                snapshot,
                tz_offset_min,
            },
            Origin::ContentScript { tab_id },
        ) => {
            let clock = Clock {
                now_ms: js_sys::Date::now() as i64,
                tz_offset_min,
            };
            let (answer, summary) = answer_page(&snapshot, &clock);
            chrome::session_write(&tab_key(tab_id), &to_js(&summary)?).await?;
            to_js(&answer)
        }
        (Request::TabState { tab_id }, _) => {
            let stored = chrome::session_read(&tab_key(tab_id)).await?;
            let summary: Option<TabSummary> = if stored.is_undefined() {
                None
            } else {
                serde_wasm_bindgen::from_value(stored).ok()
            };
            #[derive(Serialize)]
            struct TabState {
                tab_id: i64,
                summary: Option<TabSummary>,
            }
            to_js(&TabState { tab_id, summary })
        }
        (Request::Version, _) => {
            #[derive(Serialize)]
            struct Version {
                version: &'static str,
                engine: &'static str,
            }
            to_js(&Version {
                version: crate::core::VERSION,
                engine: "rust-wasm",
            })
        }
        _ => Err(JsValue::from_str("this sender may not make that request")),
    }
}
