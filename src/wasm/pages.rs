//! Extension pages (popup, timeline, options): ask the worker for what the
//! timeline shows, or for the watch state, from which the core makes the
//! page's view; render the view, and turn clicks on `data-action` buttons
//! into messages, downloads or tab openings. Which view and what it says is
//! decided in the core; this file only moves data and events. An export
//! other than JSON is made here from the worker's JSON export by the core's
//! `export::derive`, linked into this module; an import file is read here
//! (`export::import::read`) and the worker is sent its events. Pages read
//! storage but never write it: the popup reads the tab's summary from
//! `storage.session`, and the raw export reads `storage.local` as it is.

use super::chrome;
use crate::core::export::{derive, import, File, Format};
use js_sys::{Array, Object, Reflect};
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
    /// The page's name and the `params` it sends with every `view` request.
    static PAGE: RefCell<(String, Object)> = RefCell::new((String::new(), Object::new()));
}

/// A plain object with these members.
fn object(members: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in members {
        // Setting a member of a fresh plain object cannot fail.
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn set(o: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

fn string_of(o: &JsValue, key: &str) -> Option<String> {
    chrome::get(o, key).as_string()
}

/// A member that is a number, as a whole number for messages.
fn count_of(o: &JsValue, key: &str) -> i64 {
    chrome::get(o, key).as_f64().unwrap_or(0.0) as i64
}

/// The items of a member that is an array (none otherwise).
fn items_of(o: &JsValue, key: &str) -> Vec<JsValue> {
    let v = chrome::get(o, key);
    if Array::is_array(&v) {
        Array::from(&v).iter().collect()
    } else {
        Vec::new()
    }
}

async fn ask(message: &Object) -> Result<JsValue, JsValue> {
    chrome::wait(chrome::send_message(message)).await
}

/// Sends a message as JSON text, which the worker answers as JSON text.
async fn ask_text(message: &str) -> Result<String, JsValue> {
    let answer = chrome::wait(chrome::send_message(&JsValue::from_str(message))).await?;
    Ok(answer.as_string().unwrap_or_default())
}

/// Builds DOM for a view (`{tag, svg?, attrs?, children?}` or a string).
pub fn build(document: &Document, view: &JsValue) -> Result<web_sys::Node, JsValue> {
    if let Some(text) = view.as_string() {
        return Ok(document.create_text_node(&text).into());
    }
    let tag = string_of(view, "tag").unwrap_or_else(|| "span".into());
    let tag = if FORBIDDEN_TAGS.contains(&tag.to_ascii_lowercase().as_str()) {
        "span"
    } else {
        tag.as_str()
    };
    let el: Element = if chrome::get(view, "svg").as_bool() == Some(true) {
        document.create_element_ns(Some(SVG_NS), tag)?
    } else {
        document.create_element(tag)?
    };
    for pair in items_of(view, "attrs") {
        let pair = Array::from(&pair);
        let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            continue;
        };
        let (k, v) = (k.as_str(), v.as_str());
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
    for c in items_of(view, "children") {
        el.append_child(&build(document, &c)?)?;
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
    let (name, params) = PAGE.with(|p| p.borrow().clone());
    let tz = -js_sys::Date::new_0().get_timezone_offset();
    let view = if name == "timeline" {
        // What to show, asked for as JSON text; the core makes the view.
        set(&params, "tz_offset_min", &JsValue::from_f64(tz));
        let msg = object(&[
            ("type", "view".into()),
            ("name", name.as_str().into()),
            ("params", params.clone().into()),
        ]);
        let answer = ask_text(&String::from(js_sys::JSON::stringify(&msg)?)).await?;
        let params = String::from(js_sys::JSON::stringify(&params)?);
        crate::core::ui::timeline::page(&params, &answer, tz as i32)
    } else {
        // The popup and the options page make their view from the watch
        // state (`core::ui::state`).
        let mut tab = None;
        if name == "popup" {
            // What the worker stored about the tab (pages read storage;
            // only the worker writes it).
            if let Some(tab_id) = target_tab(&document).await? {
                let key = crate::core::worker::tab_key(tab_id);
                let stored = chrome::wait(chrome::session_read(&key)).await?;
                tab = chrome::text_in(&stored, &key);
            }
        }
        let state = ask_text(r#"{"type":"state"}"#).await?;
        crate::core::ui::state::view(&name, &state, tab.as_deref(), tz as i32)
    };
    let view = js_sys::JSON::parse(&crate::core::json::to_string(&view))?;
    let node = build(&document, &view)?;
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
    Ok(chrome::first_tab_id(&chrome::wait(chrome::active_tabs()).await?))
}

/// Starts an extension page: `name` is `popup`, `timeline` or `options`.
#[cfg_attr(feature = "pages", wasm_bindgen)]
pub async fn start_page(name: String, root: Element) -> Result<(), JsValue> {
    PAGE.with(|p| *p.borrow_mut() = (name, Object::new()));
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

/// Shows 500 more of `key` (`lanes` or `events`; 200 are shown at first).
fn more(params: &Object, key: &str) {
    let shown = chrome::get(params, key).as_f64().unwrap_or(200.0);
    set(params, key, &JsValue::from_f64(shown + 500.0));
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
            ask(&object(&[("type", "open_timeline".into())])).await?;
        }
        "open-options" => {
            chrome::wait(chrome::open_options_page()).await?;
        }
        "export" => {
            let format = document
                .get_element_by_id("export-format")
                .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
                .and_then(|s| Format::from_name(&s.value()))
                .unwrap_or(Format::Json);
            let redact = input(document, "export-redact").is_some_and(|i| i.checked());
            // The worker makes the JSON export; other formats are derived
            // from its text here, in the core linked into this module.
            let json = json_export(redact).await?;
            let file = match format {
                Format::Json => json,
                _ => derive(&json.content, format).map_err(|e| JsValue::from_str(&e))?,
            };
            download(document, &file)?;
            status_line(document, &format!("Exported {}", file.filename));
        }
        "export-raw" => {
            // Read here, not by the worker: this is the way out when the
            // stored ledger is damaged, so it depends on nothing but storage.
            let items = chrome::texts_of(chrome::wait(chrome::local_read(None)).await?)?;
            let raw = js_sys::JSON::parse(&crate::core::storage::raw_export(&items))?;
            let content =
                js_sys::JSON::stringify_with_replacer_and_space(&raw, &JsValue::NULL, &JsValue::from_f64(2.0))?;
            let file = File {
                filename: "revoke-watch-raw.json".into(),
                mime: "application/json",
                content: content.as_string().unwrap_or_default(),
            };
            download(document, &file)?;
        }
        "zoom-day" | "zoom-week" | "zoom-all" => {
            PAGE.with(|p| {
                set(
                    &p.borrow().1,
                    "window",
                    &action.strip_prefix("zoom-").unwrap_or(action).into(),
                )
            });
            render(root).await?;
        }
        "apply-filter" => {
            let kinds = checked_values(root, "data-filter-kind");
            let statuses = checked_values(root, "data-filter-status");
            let list = |v: Vec<String>| JsValue::from(v.into_iter().map(JsValue::from).collect::<Array>());
            let filter = object(&[("kinds", list(kinds)), ("statuses", list(statuses))]);
            PAGE.with(|p| set(&p.borrow().1, "filter", &filter));
            render(root).await?;
        }
        "more-lanes" => {
            PAGE.with(|p| more(&p.borrow().1, "lanes"));
            render(root).await?;
        }
        "more-events" => {
            PAGE.with(|p| more(&p.borrow().1, "events"));
            render(root).await?;
        }
        "save-settings" => {
            let num = |id: &str| {
                input(document, id)
                    .map(|i| i.value_as_number())
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0) as i64
            };
            let ms = |v: i64| JsValue::from_f64(v as f64);
            let settings = object(&[
                ("grace_ms", ms(num("grace-min") * 60_000)),
                ("skew_ms", ms(num("skew-min") * 60_000)),
                ("watch_window_ms", ms(num("window-h") * 3_600_000)),
                (
                    "reminders",
                    input(document, "reminders").is_some_and(|i| i.checked()).into(),
                ),
                (
                    "redact_exports",
                    input(document, "redact-default").is_some_and(|i| i.checked()).into(),
                ),
            ]);
            let answer = ask(&object(&[("type", "settings".into()), ("set", settings.into())])).await?;
            let msg = match string_of(&answer, "error") {
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
            // The file is read here, with every reason a person may need;
            // the worker gets its events and checks them again.
            let file = match import::read(&text) {
                Ok(file) => file,
                Err(reason) => {
                    status_line(document, &format!("nothing was imported: {reason}"));
                    return Ok(());
                }
            };
            let data = crate::core::json::to_string(&file);
            let answer = ask(&object(&[("type", "import".into()), ("data", data.into())])).await?;
            let imported = chrome::get(&answer, "imported");
            let msg = match (imported.is_object(), string_of(&answer, "error")) {
                (true, _) => format!(
                    "Imported: {} events added ({} entries), {} already present.",
                    count_of(&imported, "added"),
                    count_of(&imported, "entries_added"),
                    count_of(&imported, "already_present")
                ),
                (false, Some(e)) => e,
                _ => "Nothing was imported.".into(),
            };
            render(root).await?;
            status_line(document, &msg);
        }
        "verify" => {
            let answer = ask(&object(&[("type", "verify".into())])).await?;
            let msg = if chrome::get(&answer, "ok").as_bool() == Some(true) {
                format!(
                    "The chain of {} events is intact. Head: {}",
                    count_of(&answer, "events"),
                    string_of(&answer, "head").unwrap_or_default()
                )
            } else {
                string_of(&answer, "reason").unwrap_or_else(|| "The chain could not be verified.".into())
            };
            status_line(document, &msg);
        }
        "delete-all" => {
            let window = web_sys::window().ok_or("no window")?;
            let mut question = String::from("Delete everything revoke-watch has recorded? This cannot be undone.");
            if window.confirm_with_message("Export a copy of your revoke-watch data (JSON) before deleting it?")? {
                // A ledger that cannot be read has no JSON export (the raw
                // export is the way to keep it): say so, and still let the
                // person delete.
                match json_export(false).await {
                    Ok(file) => download(document, &file)?,
                    Err(e) => question = format!("No copy was exported: {}. {question}", chrome::text_of(&e)),
                }
            }
            if window.confirm_with_message(&question)? {
                ask(&object(&[("type", "delete_all".into())])).await?;
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

/// The worker's JSON export; `Err` is its refusal (a damaged ledger).
async fn json_export(redact: bool) -> Result<File, JsValue> {
    let answer = ask(&object(&[("type", "export".into()), ("redact", redact.into())])).await?;
    if let Some(e) = string_of(&answer, "error") {
        return Err(JsValue::from_str(&e));
    }
    Ok(File {
        filename: string_of(&answer, "filename").unwrap_or_else(|| "revoke-watch-export.json".into()),
        mime: "application/json",
        content: string_of(&answer, "content").unwrap_or_default(),
    })
}

/// Saves a file through a blob link (no permission needed).
fn download(document: &Document, file: &File) -> Result<(), JsValue> {
    let parts = Array::of1(&JsValue::from_str(&file.content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(file.mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(&file.filename);
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    // The object URL is left to the page's lifetime: revoking it at once
    // can cancel the download before it starts.
    Ok(())
}
