//! The few `chrome.*` calls revoke-watch makes, as typed Rust functions.
//! Firefox provides the same `chrome` namespace with promises in MV3.

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
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "session"], js_name = set)]
    fn session_set(items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = get)]
    fn local_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = set)]
    fn local_set(items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setBadgeText)]
    fn action_set_badge_text(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setBadgeBackgroundColor)]
    fn action_set_badge_color(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setTitle)]
    fn action_set_title(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = clear)]
    fn local_clear() -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = openOptionsPage)]
    fn runtime_open_options_page() -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = create)]
    fn tabs_create(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "alarms"], js_name = clearAll)]
    fn alarms_clear_all() -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "alarms"], js_name = create)]
    fn alarms_create(name: &str, info: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "notifications"], js_name = create)]
    fn notifications_create(id: &str, options: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = query)]
    fn tabs_query(query: &JsValue) -> Result<Promise, JsValue>;
}

/// Resolves in a later task of the event loop (after pending messages are sent).
pub async fn next_task() -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = set_timeout(&resolve, 0);
    });
    JsFuture::from(promise).await?;
    Ok(())
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

pub async fn send_message(message: &JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(runtime_send_message(message)?).await
}

/// Reads one key of `chrome.storage.session` (JSON text, if stored).
pub async fn session_read_text(key: &str) -> Result<Option<String>, JsValue> {
    let items = JsFuture::from(session_get(&JsValue::from_str(key))?).await?;
    Ok(get(&items, key).as_string())
}

/// The id of the active tab of the current window.
pub async fn active_tab_id() -> Result<Option<i64>, JsValue> {
    let q = Object::new();
    Reflect::set(&q, &"active".into(), &JsValue::TRUE)?;
    Reflect::set(&q, &"currentWindow".into(), &JsValue::TRUE)?;
    let tabs = JsFuture::from(tabs_query(&q)?).await?;
    let first = get(&tabs, "0");
    Ok(get(&first, "id").as_f64().map(|v| v as i64))
}

/// Items of `chrome.storage.local` as JSON text: `keys`, or all of them.
/// Values stored as strings are the text; values of older layouts
/// (objects) are turned into text here.
pub async fn local_read_texts(keys: Option<&[String]>) -> Result<Items, JsValue> {
    let query: JsValue = match keys {
        Some(keys) => keys.iter().map(|k| JsValue::from_str(k)).collect::<Array>().into(),
        None => JsValue::NULL,
    };
    let items = JsFuture::from(local_get(&query)?).await?;
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

fn object_of(items: &Items) -> Result<Object, JsValue> {
    let o = Object::new();
    for (k, v) in items.iter() {
        Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v))?;
    }
    Ok(o)
}

/// Writes several items (JSON text) to `chrome.storage.local` in one call
/// (one transaction: a worker stopped mid-write leaves all or none).
pub async fn local_write_texts(items: &Items) -> Result<(), JsValue> {
    JsFuture::from(local_set(&object_of(items)?.into())?).await?;
    Ok(())
}

/// Writes several items (JSON text) to `chrome.storage.session` in one call.
pub async fn session_write_texts(items: &Items) -> Result<(), JsValue> {
    JsFuture::from(session_set(&object_of(items)?.into())?).await?;
    Ok(())
}

/// Sets the toolbar icon's badge text, colour and tooltip.
pub async fn set_toolbar(text: &str, color: &str, title: &str) -> Result<(), JsValue> {
    let one = |k: &str, v: &str| -> Result<JsValue, JsValue> {
        let o = Object::new();
        Reflect::set(&o, &k.into(), &v.into())?;
        Ok(o.into())
    };
    JsFuture::from(action_set_badge_text(&one("text", text)?)?).await?;
    JsFuture::from(action_set_badge_color(&one("color", color)?)?).await?;
    JsFuture::from(action_set_title(&one("title", title)?)?).await?;
    Ok(())
}

/// Removes everything revoke-watch stored in `chrome.storage.local`.
pub async fn local_delete_all() -> Result<(), JsValue> {
    JsFuture::from(local_clear()?).await?;
    Ok(())
}

pub async fn open_options_page() -> Result<(), JsValue> {
    JsFuture::from(runtime_open_options_page()?).await?;
    Ok(())
}

/// Opens `url` (an extension page or a claude.ai page) in a new tab.
pub async fn open_tab(url: &str) -> Result<(), JsValue> {
    let d = Object::new();
    Reflect::set(&d, &"url".into(), &url.into())?;
    JsFuture::from(tabs_create(&d)?).await?;
    Ok(())
}

/// Replaces every alarm with `alarms` (name, Unix ms).
pub async fn set_alarms(alarms: &[(String, i64)]) -> Result<(), JsValue> {
    JsFuture::from(alarms_clear_all()?).await?;
    for (name, when) in alarms {
        let info = Object::new();
        Reflect::set(&info, &"when".into(), &JsValue::from_f64(*when as f64))?;
        JsFuture::from(alarms_create(name, &info)?).await?;
    }
    Ok(())
}

pub async fn notify(id: &str, title: &str, message: &str) -> Result<(), JsValue> {
    let o = Object::new();
    Reflect::set(&o, &"type".into(), &"basic".into())?;
    Reflect::set(&o, &"iconUrl".into(), &base_url_of("icons/icon-128.png").into())?;
    Reflect::set(&o, &"title".into(), &title.into())?;
    Reflect::set(&o, &"message".into(), &message.into())?;
    JsFuture::from(notifications_create(id, &o)?).await?;
    Ok(())
}
