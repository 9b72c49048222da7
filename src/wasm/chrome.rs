//! The few `chrome.*` calls the extension pages make (and the worker's
//! reminder click), as typed Rust functions, and the objects the worker's
//! steps hand the browser (`wasm::worker` names its calls; the shim makes
//! them). Firefox provides the same `chrome` namespace with promises in MV3.
//!
//! Each call is a plain function that starts the browser's work and
//! returns its promise; the caller awaits it through [`wait`]. (As async
//! functions, each call's state machine was copied into every caller's:
//! 2.4 KB of the worker's module.)

use crate::core::storage::Items;
use js_sys::{Array, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = getURL)]
    fn runtime_get_url(path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = sendMessage)]
    fn runtime_send_message(message: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "session"], js_name = get)]
    fn session_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = get)]
    fn local_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = openOptionsPage)]
    fn runtime_open_options_page() -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = create)]
    fn tabs_create(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = query)]
    fn tabs_query(query: &JsValue) -> Result<Promise, JsValue>;
}

/// The promise a call started, as a future: a call that failed to start
/// gives its error when awaited.
pub fn wait(started: Result<Promise, JsValue>) -> JsFuture {
    JsFuture::from(started.unwrap_or_else(|e| Promise::reject(&e)))
}

/// A thrown value as text: a string as is, an `Error` by its message,
/// anything else as JSON; a user reads this, not `JsValue(…)` debug output.
pub fn text_of(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    js_sys::JSON::stringify(e)
        .ok()
        .map(String::from)
        .unwrap_or_else(|| "an unknown error".into())
}

pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn runtime_id() -> Option<String> {
    let chrome = get(&js_sys::global(), "chrome");
    get(&get(&chrome, "runtime"), "id").as_string()
}

/// The extension's base URL; empty if the runtime is unavailable (then no
/// sender matches it and every message is refused).
pub fn base_url() -> String {
    runtime_get_url("").unwrap_or_default()
}

/// The full URL of an extension page such as `timeline/timeline.html`.
pub fn base_url_of(path: &str) -> String {
    runtime_get_url(path).unwrap_or_default()
}

/// `{key: value}`.
#[inline(never)]
pub fn one(key: &str, value: &JsValue) -> Result<JsValue, JsValue> {
    let o = Object::new();
    Reflect::set(&o, &key.into(), value)?;
    Ok(o.into())
}

#[inline(never)]
pub fn send_message(message: &JsValue) -> Result<Promise, JsValue> {
    runtime_send_message(message)
}

/// Reads one key of `chrome.storage.session`; [`text_in`] takes its text out.
#[inline(never)]
pub fn session_read(key: &str) -> Result<Promise, JsValue> {
    session_get(&JsValue::from_str(key))
}

/// The text stored under `key` in what a storage read gave, if any.
pub fn text_in(items: &JsValue, key: &str) -> Option<String> {
    get(items, key).as_string()
}

/// The tabs that are active in the current window; [`first_tab_id`] takes
/// the one id out.
#[inline(never)]
pub fn active_tabs() -> Result<Promise, JsValue> {
    let q = Object::new();
    Reflect::set(&q, &"active".into(), &JsValue::TRUE)?;
    Reflect::set(&q, &"currentWindow".into(), &JsValue::TRUE)?;
    tabs_query(&q)
}

pub fn first_tab_id(tabs: &JsValue) -> Option<i64> {
    get(&get(tabs, "0"), "id").as_f64().map(|v| v as i64)
}

/// Reads items of `chrome.storage.local`: `keys`, or all of them;
/// [`texts_of`] turns what it gives into JSON texts.
#[inline(never)]
pub fn local_read(keys: Option<&[String]>) -> Result<Promise, JsValue> {
    local_get(&keys_query(keys))
}

/// What a storage read asks for: `keys`, or all items (`null`).
pub fn keys_query(keys: Option<&[String]>) -> JsValue {
    match keys {
        Some(keys) => {
            let a = Array::new();
            for k in keys {
                a.push(&JsValue::from_str(k));
            }
            a.into()
        }
        None => JsValue::NULL,
    }
}

/// Stored items as JSON text. Values stored as strings are the text;
/// values of older layouts (objects) are turned into text here.
#[inline(never)]
pub fn texts_of(items: JsValue) -> Result<Items, JsValue> {
    let mut out = Items::new();
    for pair in Object::entries(&Object::from(items)).iter() {
        let pair = Array::from(&pair);
        let (Some(key), value) = (pair.get(0).as_string(), pair.get(1)) else {
            continue;
        };
        let text = match value.as_string() {
            Some(t) => t,
            None => JSON::stringify(&value)?.as_string().unwrap_or_default(),
        };
        out.insert(key, text);
    }
    Ok(out)
}

/// Items (JSON texts) as the object a storage write takes.
#[inline(never)]
pub fn object_of(items: &Items) -> Result<JsValue, JsValue> {
    let o = Object::new();
    for (k, v) in items.iter() {
        Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v))?;
    }
    Ok(o.into())
}

#[inline(never)]
pub fn open_options_page() -> Result<Promise, JsValue> {
    runtime_open_options_page()
}

/// Opens `url` (an extension page or a claude.ai page) in a new tab.
#[inline(never)]
pub fn open_tab(url: &str) -> Result<Promise, JsValue> {
    tabs_create(&one("url", &url.into())?)
}

/// The options of a reminder notification.
#[inline(never)]
pub fn notice(title: &str, message: &str) -> Result<JsValue, JsValue> {
    let o = Object::new();
    Reflect::set(&o, &"type".into(), &"basic".into())?;
    Reflect::set(&o, &"iconUrl".into(), &base_url_of("icons/icon-128.png").into())?;
    Reflect::set(&o, &"title".into(), &title.into())?;
    Reflect::set(&o, &"message".into(), &message.into())?;
    Ok(o.into())
}
