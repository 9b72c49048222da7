//! Binding-layer tests, run by wasm-bindgen-test in headless Chromium
//! (`./build.sh test`). They exercise the real wasm build of the message
//! handler, driven by the service worker's own steps.js, and the popup
//! renderer. Outside an extension there is no `chrome` object, so the
//! tests install a small stand-in for the calls the handler makes
//! (runtime.id, runtime.getURL, storage, the toolbar; tabs.create for a
//! reminder's click); the real one is covered by the end-to-end suite.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Reflect, JSON};
use revoke_watch::wasm::worker::{begin, resume};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn install_chrome() {
    let make = Function::new_no_args(
        "const area = (store) => ({
           get: async (k) => {
             if (k === null) return { ...store };
             const out = {};
             for (const key of Array.isArray(k) ? k : [k]) if (key in store) out[key] = store[key];
             return out;
           },
           set: async (items) => { Object.assign(store, structuredClone(items)); },
         });
         globalThis.__stored = {};
         globalThis.__local = {};
         globalThis.chrome = {
           runtime: { id: 'own-id', getURL: (p) => 'chrome-extension://own-id/' + p },
           action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {}, setTitle: async () => {} },
           // No alarms API here on purpose: a missing chrome.* API must be an
           // error the worker survives, not an abort of the wasm instance.
           storage: { session: area(globalThis.__stored), local: area(globalThis.__local) },
         };",
    );
    make.call0(&JsValue::NULL).unwrap();
}

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

/// A stored item: JSON text, parsed.
fn stored(area: &str, key: &str) -> JsValue {
    let text = get(&get(&js_sys::global(), area), key)
        .as_string()
        .expect("stored as JSON text");
    js(&text)
}

#[wasm_bindgen(module = "/extension/service-worker/steps.js")]
extern "C" {
    /// The service worker's own loop over the module's steps.
    async fn converse(module: &JsValue, message: &str, sender: JsValue, respond: &Function) -> JsValue;
}

/// Sends `message` (JSON text) as the service-worker shim does, and returns
/// the answer parsed, with what was passed to the early-answer callback.
async fn ask(message: &str, sender: JsValue) -> (JsValue, JsValue) {
    let early = Function::new_with_args("text", "globalThis.__early = text;");
    Reflect::set(&js_sys::global(), &"__early".into(), &JsValue::UNDEFINED).unwrap();
    let begin = Closure::<dyn FnMut(String, JsValue) -> Array>::new(begin);
    let resume = Closure::<dyn FnMut(bool, JsValue) -> Array>::new(resume);
    let module = Object::new();
    Reflect::set(&module, &"begin".into(), begin.as_ref()).unwrap();
    Reflect::set(&module, &"resume".into(), resume.as_ref()).unwrap();
    let answer = converse(&module, message, sender, &early).await;
    (js(&answer.as_string().unwrap()), get(&js_sys::global(), "__early"))
}

const PAGE: &str = r#"{"type":"page","tz_offset_min":0,"snapshot":{"v":1,"url":"https://claude.ai/settings/claude-code","lang":"en","nodes":[
  {"p":-1,"t":"body"},{"p":0,"t":"h2"},{"p":1,"x":"Authorization tokens"},{"p":0,"t":"ul"},
  {"p":3,"t":"li"},{"p":4,"t":"span"},{"p":5,"x":"Claude Code"},{"p":4,"t":"span"},{"p":7,"x":"Connected 3 days ago"},
  {"p":4,"t":"button"},{"p":9,"x":"Revoke"}]}}"#;

#[wasm_bindgen_test]
async fn a_content_script_page_message_is_read_and_summarised() {
    install_chrome();
    let sender = js(r#"{"id":"own-id","url":"https://claude.ai/settings/claude-code","tab":{"id":5}}"#);
    let (answer, early) = ask(PAGE, sender).await;
    assert!(get(&answer, "error").is_undefined(), "{:?}", JSON::stringify(&answer));
    // A page's answer is given early (before the writes), and is the same answer.
    assert_eq!(
        early.as_string().map(|t| JSON::stringify(&js(&t)).unwrap()),
        Some(JSON::stringify(&answer).unwrap())
    );
    let annotations = js_sys::Array::from(&get(&answer, "annotations"));
    assert_eq!(annotations.length(), 1);
    let first = annotations.get(0);
    assert_eq!(get(&first, "status").as_string().as_deref(), Some("watching"));
    assert_eq!(get(&first, "anchor").as_f64(), Some(5.0));
    let summary = stored("__stored", "tab:5");
    assert_eq!(get(&summary, "watched").as_f64(), Some(1.0));
    // The ledger was written to storage.local before the message was done.
    let meta = stored("__local", "ledger.meta");
    assert_eq!(get(&meta, "events").as_f64(), Some(1.0));
    assert_eq!(get(&meta, "schema").as_f64(), Some(3.0));

    // The watch state counts the event recorded.
    let popup = js(r#"{"id":"own-id","url":"chrome-extension://own-id/popup/popup.html"}"#);
    let (state, early) = ask(r#"{"type":"state"}"#, popup).await;
    assert_eq!(get(&state, "events").as_f64(), Some(1.0));
    assert!(early.is_undefined(), "only page readings are answered early");
}

#[wasm_bindgen_test]
async fn strangers_and_malformed_messages_are_refused() {
    install_chrome();
    let other = js(r#"{"id":"someone-else","url":"https://claude.ai/settings/claude-code","tab":{"id":5}}"#);
    let (answer, _) = ask(PAGE, other).await;
    assert!(get(&answer, "error").as_string().unwrap().contains("another extension"));

    let page_sender = js(r#"{"id":"own-id","url":"https://claude.ai/settings/claude-code","tab":{"id":5}}"#);
    let (answer, _) = ask(r#"{"type":"page","snapshot":42}"#, page_sender.clone()).await;
    assert!(get(&answer, "error").as_string().unwrap().contains("malformed message"));

    // A content script may not ask for what is watched.
    let (answer, _) = ask(r#"{"type":"state"}"#, page_sender.clone()).await;
    assert!(get(&answer, "error")
        .as_string()
        .unwrap()
        .contains("may not make that request"));
    let (answer, _) = ask("not json", page_sender).await;
    assert!(get(&answer, "error").as_string().unwrap().contains("malformed message"));
}

#[wasm_bindgen_test]
fn views_are_rendered_as_text_and_cannot_run_code() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let view = serde_json::json!({
        "tag": "p",
        "attrs": [["class", "notice"], ["onclick", "window.__pwned=1"], ["href", "javascript:alert(1)"], ["data-count", "3"]],
        "children": [
            "<img src=x onerror=\"window.__pwned=1\">",
            {"tag": "script", "children": ["window.__pwned=1"]},
            {"tag": "circle", "svg": true, "attrs": [["r", "4"]]}
        ]
    });
    // As the worker's answer arrives: a plain JS object.
    let view = js_sys::JSON::parse(&view.to_string()).unwrap();
    let node = revoke_watch::wasm::pages::build(&document, &view).unwrap();
    root.append_child(&node).unwrap();
    let p = root.first_element_child().unwrap();
    assert_eq!(p.class_name(), "notice");
    assert_eq!(p.get_attribute("data-count").as_deref(), Some("3"));
    assert_eq!(p.get_attribute("onclick"), None, "handler attributes are dropped");
    assert_eq!(p.get_attribute("href"), None);
    assert_eq!(root.query_selector("img").unwrap(), None, "text stays text");
    assert_eq!(
        root.query_selector("script").unwrap(),
        None,
        "forbidden tags are not created"
    );
    assert!(p.text_content().unwrap().starts_with("<img src=x"));
    let circle = root.query_selector("circle").unwrap().unwrap();
    assert_eq!(circle.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
    assert!(js_sys::Reflect::get(&js_sys::global(), &"__pwned".into())
        .unwrap()
        .is_undefined());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_reminder_click_opens_its_page_and_a_foreign_one_opens_nothing() {
    install_chrome();
    Function::new_no_args(
        "globalThis.__opened = []; chrome.tabs = { create: async (d) => { __opened.push(d.url); return {}; } };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let click = |id: &str| revoke_watch::wasm::worker::handle_notification_click(id.to_string());
    wasm_bindgen_futures::JsFuture::from(click("open|usage|e1").unwrap())
        .await
        .unwrap();
    // Not one of ours (another extension's id cannot reach us, but a stale
    // or damaged one could): nothing is opened, and the promise still settles.
    wasm_bindgen_futures::JsFuture::from(click("someone else's").unwrap())
        .await
        .unwrap();
    let opened: Vec<String> = js_sys::Array::from(&get(&js_sys::global(), "__opened"))
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    assert_eq!(opened, ["https://claude.ai/settings/usage"]);
}
