//! Least privilege, held by a test: manifest.json may ask for exactly what
//! SECURITY.md explains, and the shipped code has no eval-like constructs
//! and no remote addresses. Anything new fails here until the allow-list
//! and SECURITY.md say why it is needed.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("manifest.json")).unwrap()).unwrap()
}

/// The allow-list (SECURITY.md, "Least privilege").
const PERMISSIONS: &[&str] = &["storage", "unlimitedStorage", "alarms", "notifications"];
const KEYS: &[&str] = &[
    "manifest_version",
    "name",
    "version",
    "description",
    "minimum_chrome_version",
    "permissions",
    "background",
    "content_scripts",
    "action",
    "icons",
    "content_security_policy",
    "options_ui",
];

#[test]
fn permissions_are_exactly_the_allow_list() {
    let m = manifest();
    let perms: Vec<&str> = m["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(perms, PERMISSIONS);
    for key in m.as_object().unwrap().keys() {
        assert!(
            KEYS.contains(&key.as_str()),
            "manifest key {key} is not on the allow-list (SECURITY.md)"
        );
    }
    for forbidden in [
        "host_permissions",
        "optional_permissions",
        "optional_host_permissions",
        "externally_connectable",
        "web_accessible_resources",
        "update_url",
        "key",
    ] {
        assert!(m.get(forbidden).is_none(), "{forbidden} must not be declared");
    }
}

#[test]
fn content_scripts_run_only_on_claude_ai_top_frames() {
    let m = manifest();
    let cs = m["content_scripts"].as_array().unwrap();
    assert_eq!(cs.len(), 2);
    for c in cs {
        assert_eq!(c["matches"], json!(["https://claude.ai/*"]));
        assert_eq!(c["all_frames"], json!(false));
    }
    assert!(
        cs[0].get("world").is_none(),
        "the content script runs in its isolated world"
    );
    // The one script in the page's main world only wraps `window.confirm`
    // (SECURITY.md): it is alone there, and uses no extension API.
    assert_eq!(cs[1]["world"], json!("MAIN"));
    assert_eq!(cs[1]["js"], json!(["content-script/confirm-hook.js"]));
    let hook = std::fs::read_to_string(root().join("extension/content-script/confirm-hook.js")).unwrap();
    let code: String = hook.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
    for forbidden in [
        "chrome.",
        "browser.",
        "postMessage",
        "fetch",
        "XMLHttpRequest",
        "localStorage",
    ] {
        assert!(!code.contains(forbidden), "confirm-hook.js uses {forbidden}");
    }
}

#[test]
fn extension_pages_allow_only_own_scripts_and_wasm() {
    let m = manifest();
    assert_eq!(
        m["content_security_policy"]["extension_pages"],
        json!("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'")
    );
    assert_eq!(m["manifest_version"], json!(3));
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn shipped_code_has_no_eval_no_inner_html_and_no_remote_addresses() {
    let mut all = Vec::new();
    files(&root().join("extension"), &mut all);
    files(&root().join("src"), &mut all);
    let mut problems = Vec::new();
    for p in all {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "js" | "html" | "css" | "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("//!") || code.starts_with("///") || code.starts_with('*') {
                continue;
            }
            let bad = [
                ("eval(", "eval"),
                ("new Function", "new Function"),
                ("innerHTML", "innerHTML"),
                ("outerHTML", "outerHTML"),
                ("insertAdjacentHTML", "insertAdjacentHTML"),
                ("document.write", "document.write"),
                ("set_inner_html", "set_inner_html"),
                ("importScripts", "importScripts"),
                ("fetch(", "fetch"),
                ("XMLHttpRequest", "XMLHttpRequest"),
                ("WebSocket", "WebSocket"),
                ("sendBeacon", "sendBeacon"),
            ];
            for (needle, what) in bad {
                if line.contains(needle) {
                    problems.push(format!("{}:{}: {what}", p.display(), i + 1));
                }
            }
            if (ext == "js" || ext == "html")
                && (line.contains("http://") || line.contains("https://"))
                && !line.contains("https://claude.ai")
            {
                problems.push(format!("{}:{}: remote address", p.display(), i + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
