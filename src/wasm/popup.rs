//! The popup: asks the service worker about the tab and renders the core's
//! popup view as DOM, with text set as text (never as markup).

use super::chrome;
use crate::core::annotate::TabSummary;
use crate::core::ledger::view::Counts;
use crate::core::popup::{view, LedgerState};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// Which tab the popup describes: `?tab=N` when opened for a given tab
/// (the toolbar popup has none), else the active tab.
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

/// Renders the popup into `root`, replacing what was there.
#[wasm_bindgen]
pub async fn render_popup(root: Element) -> Result<(), JsValue> {
    let document = root.owner_document().ok_or("no document")?;
    let summary = match target_tab(&document).await? {
        Some(tab_id) => {
            let msg = Object::new();
            Reflect::set(&msg, &"type".into(), &"tab_state".into())?;
            Reflect::set(&msg, &"tab_id".into(), &JsValue::from_f64(tab_id as f64))?;
            let answer = chrome::send_message(&msg).await?;
            let s = chrome::get(&answer, "summary");
            if s.is_null() || s.is_undefined() {
                None
            } else {
                serde_wasm_bindgen::from_value::<TabSummary>(s).ok()
            }
        }
        None => None,
    };
    let state_msg = Object::new();
    Reflect::set(&state_msg, &"type".into(), &"state".into())?;
    let state = chrome::send_message(&state_msg).await?;
    let error = chrome::get(&state, "error_state").as_string();
    let counts: Counts = serde_wasm_bindgen::from_value(chrome::get(&state, "counts")).unwrap_or_default();
    let ledger = match &error {
        Some(e) => LedgerState::Error(e),
        None => LedgerState::Counts(&counts),
    };
    render_lines(&document, &root, &view(summary.as_ref(), ledger))
}

/// Replaces `root`'s children with one element per line.
pub fn render_lines(document: &Document, root: &Element, lines: &[crate::core::popup::Line]) -> Result<(), JsValue> {
    root.set_text_content(None);
    for line in lines {
        let tag = if line.role == "title" { "h1" } else { "p" };
        let el = document.create_element(tag)?;
        el.set_class_name(line.role);
        el.set_text_content(Some(&line.text));
        if let Some(c) = line.count {
            el.set_attribute("data-count", &c.to_string())?;
        }
        root.append_child(&el)?;
    }
    Ok(())
}
