//! Extension pages (popup, timeline, options): ask the worker for the view,
//! render it, and turn clicks on `data-action` buttons into messages,
//! downloads or tab openings. Which view and what it says is decided in
//! the core; this file only moves data and events.

use super::chrome;
use js_sys::Array;
use serde_json::{json, Value};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// Tags and attributes the renderer refuses whatever a view says.
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "link", "style", "base", "meta", "frame", "form",
];

thread_local! {
    static PAGE: RefCell<(String, Value)> = RefCell::new((String::new(), json!({})));
}

async fn ask(message: Value) -> Result<Value, JsValue> {
    let answer = chrome::send_message(&js_sys::JSON::parse(&message.to_string())?).await?;
    let text = js_sys::JSON::stringify(&answer)?.as_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Builds DOM for a view (`{tag, svg?, attrs?, children?}` or a string).
pub fn build(document: &Document, view: &Value) -> Result<web_sys::Node, JsValue> {
    if let Some(text) = view.as_str() {
        return Ok(document.create_text_node(text).into());
    }
    let tag = view.get("tag").and_then(Value::as_str).unwrap_or("span");
    let tag = if FORBIDDEN_TAGS.contains(&tag.to_ascii_lowercase().as_str()) {
        "span"
    } else {
        tag
    };
    let el: Element = if view.get("svg").and_then(Value::as_bool) == Some(true) {
        document.create_element_ns(Some(SVG_NS), tag)?
    } else {
        document.create_element(tag)?
    };
    for pair in view.get("attrs").and_then(Value::as_array).into_iter().flatten() {
        let (Some(k), Some(v)) = (pair.get(0).and_then(Value::as_str), pair.get(1).and_then(Value::as_str)) else {
            continue;
        };
        let lower = k.to_ascii_lowercase();
        if lower.starts_with("on")
            || matches!(
                lower.as_str(),
                "href" | "src" | "srcset" | "action" | "formaction" | "style"
            )
        {
            continue;
        }
        el.set_attribute(k, v)?;
    }
    for c in view.get("children").and_then(Value::as_array).into_iter().flatten() {
        el.append_child(&build(document, c)?)?;
    }
    Ok(el.into())
}

fn status_line(document: &Document, text: &str) {
    if let Some(s) = document.get_element_by_id("status-line") {
        s.set_text_content(Some(text));
    }
}

async fn render(root: &Element) -> Result<(), JsValue> {
    let document = root.owner_document().ok_or("no document")?;
    let (name, mut params) = PAGE.with(|p| p.borrow().clone());
    params["tz_offset_min"] = json!(-(js_sys::Date::new_0().get_timezone_offset() as i64));
    let mut msg = json!({ "type": "view", "name": name, "params": params });
    if name == "popup" {
        if let Some(tab_id) = target_tab(&document).await? {
            let state = ask(json!({ "type": "tab_state", "tab_id": tab_id })).await?;
            msg["tab"] = state.get("summary").cloned().unwrap_or(Value::Null);
        }
    }
    let answer = ask(msg).await?;
    let view = answer
        .get("view")
        .ok_or_else(|| JsValue::from_str(answer.get("error").and_then(Value::as_str).unwrap_or("no view")))?;
    let node = build(&document, view)?;
    root.set_text_content(None);
    root.append_child(&node)?;
    Ok(())
}

/// Which tab the popup describes: `?tab=N` when opened for a given tab,
/// else the active tab.
async fn target_tab(document: &Document) -> Result<Option<i64>, JsValue> {
    let search = document
        .location()
        .map(|l| l.search().unwrap_or_default())
        .unwrap_or_default();
    if let Some(id) = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("tab="))
    {
        return Ok(id.parse().ok());
    }
    chrome::active_tab_id().await
}

/// Starts an extension page: `name` is `popup`, `timeline` or `options`.
#[wasm_bindgen]
pub async fn start_page(name: String, root: Element) -> Result<(), JsValue> {
    PAGE.with(|p| *p.borrow_mut() = (name, json!({})));
    render(&root).await?;
    let listener_root = root.clone();
    // One delegated listener for the page's lifetime.
    gloo::events::EventListener::new(&root, "click", move |event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(button)) = target.closest("[data-action]") else {
            return;
        };
        let action = button.get_attribute("data-action").unwrap_or_default();
        let root = listener_root.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Some(document) = root.owner_document() else { return };
            if let Err(e) = act(&action, &root, &document).await {
                status_line(&document, &format!("Something went wrong: {}", chrome::text_of(&e)));
            }
        });
    })
    .forget();
    Ok(())
}

fn input(document: &Document, id: &str) -> Option<HtmlInputElement> {
    document.get_element_by_id(id)?.dyn_into().ok()
}

fn checked_values(root: &Element, attr: &str) -> Vec<String> {
    let list = root.query_selector_all(&format!("input[{attr}]")).ok();
    let mut out = Vec::new();
    if let Some(list) = list {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
                if el.checked() {
                    out.push(el.get_attribute(attr).unwrap_or_default());
                }
            }
        }
    }
    out
}

async fn act(action: &str, root: &Element, document: &Document) -> Result<(), JsValue> {
    match action {
        "open-timeline" => {
            ask(json!({ "type": "open_timeline" })).await?;
        }
        "open-options" => {
            chrome::open_options_page().await?;
        }
        "export" => {
            let format = document
                .get_element_by_id("export-format")
                .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_else(|| "json".into());
            let redact = input(document, "export-redact").is_some_and(|i| i.checked());
            let file = ask(json!({ "type": "export", "format": format, "redact": redact })).await?;
            download(document, &file)?;
            status_line(
                document,
                &format!(
                    "Exported {}",
                    file.get("filename").and_then(Value::as_str).unwrap_or("")
                ),
            );
        }
        "export-raw" => {
            let raw = ask(json!({ "type": "export_raw" })).await?;
            let file = json!({ "filename": "revoke-watch-raw.json", "mime": "application/json", "content": serde_json::to_string_pretty(&raw).unwrap_or_default() });
            download(document, &file)?;
        }
        "zoom-day" | "zoom-week" | "zoom-all" => {
            PAGE.with(|p| p.borrow_mut().1["window"] = json!(action.trim_start_matches("zoom-")));
            render(root).await?;
        }
        "apply-filter" => {
            let kinds = checked_values(root, "data-filter-kind");
            let statuses = checked_values(root, "data-filter-status");
            PAGE.with(|p| p.borrow_mut().1["filter"] = json!({ "kinds": kinds, "statuses": statuses }));
            render(root).await?;
        }
        "more-lanes" => {
            PAGE.with(|p| {
                let shown = p.borrow().1.get("lanes").and_then(Value::as_u64).unwrap_or(200);
                p.borrow_mut().1["lanes"] = json!(shown + 500);
            });
            render(root).await?;
        }
        "more-events" => {
            PAGE.with(|p| {
                let shown = p.borrow().1.get("events").and_then(Value::as_u64).unwrap_or(200);
                p.borrow_mut().1["events"] = json!(shown + 500);
            });
            render(root).await?;
        }
        "save-settings" => {
            let num = |id: &str| {
                input(document, id)
                    .map(|i| i.value_as_number())
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0) as i64
            };
            let set = json!({
                "grace_ms": num("grace-min") * 60_000,
                "skew_ms": num("skew-min") * 60_000,
                "watch_window_ms": num("window-h") * 3_600_000,
                "reminders": input(document, "reminders").is_some_and(|i| i.checked()),
                "redact_exports": input(document, "redact-default").is_some_and(|i| i.checked()),
            });
            let answer = ask(json!({ "type": "settings", "set": set })).await?;
            let msg = match answer.get("error").and_then(Value::as_str) {
                Some(e) => format!("Not saved: {e}"),
                None => "Saved.".into(),
            };
            render(root).await?;
            status_line(document, &msg);
        }
        "import" => {
            let file = input(document, "import-file")
                .and_then(|i| i.files())
                .and_then(|f| f.get(0));
            let Some(file) = file else {
                status_line(document, "Choose a JSON export first.");
                return Ok(());
            };
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await?
                .as_string()
                .unwrap_or_default();
            let answer = ask(json!({ "type": "import", "data": text })).await?;
            let msg = match (answer.get("imported"), answer.get("error").and_then(Value::as_str)) {
                (Some(s), _) => format!(
                    "Imported: {} events added ({} entries), {} already present.",
                    s["added"], s["entries_added"], s["already_present"]
                ),
                (None, Some(e)) => e.to_string(),
                _ => "Nothing was imported.".into(),
            };
            render(root).await?;
            status_line(document, &msg);
        }
        "verify" => {
            let answer = ask(json!({ "type": "verify" })).await?;
            let msg = if answer["ok"] == json!(true) {
                format!(
                    "The chain of {} events is intact. Head: {}",
                    answer["events"],
                    answer["head"].as_str().unwrap_or("")
                )
            } else {
                answer["reason"]
                    .as_str()
                    .unwrap_or("The chain could not be verified.")
                    .to_string()
            };
            status_line(document, &msg);
        }
        "delete-all" => {
            let window = web_sys::window().ok_or("no window")?;
            if window.confirm_with_message("Export a copy of your revoke-watch data (JSON) before deleting it?")? {
                let file = ask(json!({ "type": "export", "format": "json", "redact": false })).await?;
                if file.get("content").is_some() {
                    download(document, &file)?;
                }
            }
            if window.confirm_with_message("Delete everything revoke-watch has recorded? This cannot be undone.")? {
                ask(json!({ "type": "delete_all" })).await?;
                render(root).await?;
                status_line(document, "All revoke-watch data was deleted.");
            } else {
                status_line(document, "Nothing was deleted.");
            }
        }
        _ => {}
    }
    Ok(())
}

/// Saves `{filename, mime, content}` through a blob link (no permission needed).
fn download(document: &Document, file: &Value) -> Result<(), JsValue> {
    if let Some(e) = file.get("error").and_then(Value::as_str) {
        return Err(JsValue::from_str(e));
    }
    let content = file.get("content").and_then(Value::as_str).unwrap_or("");
    let parts = Array::of1(&JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(
        file.get("mime")
            .and_then(Value::as_str)
            .unwrap_or("application/octet-stream"),
    );
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(
        file.get("filename")
            .and_then(Value::as_str)
            .unwrap_or("revoke-watch-export"),
    );
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    // The object URL is left to the page's lifetime: revoking it at once
    // can cancel the download before it starts.
    Ok(())
}
