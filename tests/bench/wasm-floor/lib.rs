//! The size floor of a wasm module like the service worker's (see
//! Cargo.toml): the runtime and containers every such module links, with a
//! few lines of work so that none of them is optimised away.

use std::collections::{BTreeMap, HashMap};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub async fn handle(text: String) -> Result<JsValue, JsValue> {
    let mut by_word: HashMap<String, usize> = HashMap::new();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, w) in text.split(' ').enumerate() {
        by_word.insert(w.to_string(), i);
        groups.entry(w.to_string()).or_default().push(format!("{i}:{w}"));
    }
    let waited = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::from(by_word.len() as u32))).await?;
    let mut out = String::new();
    for (k, v) in &groups {
        out += &format!("{k}={}", v.join(","));
    }
    let mut sizes: Vec<(String, i64)> = groups.keys().map(|k| (k.clone(), k.len() as i64)).collect();
    sizes.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    out += &format!("{} {}", sizes.len(), waited.as_f64().unwrap_or(0.0) as i64);
    Ok(JsValue::from_str(&out))
}
