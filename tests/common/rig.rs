//! A test rig shared by the ledger and export tests: drives
//! `core::worker::handle` as the service worker does, with pages built from
//! HTML by the native tree builder.
#![allow(dead_code)]

use crate::html_tree;
use revoke_watch::core::ledger::events::Rule;
use revoke_watch::core::ledger::{ClickAction, Ledger, Settings, Status};
use revoke_watch::core::messages::{Origin, Request};
use revoke_watch::core::worker::{handle, Outcome, Store};
use serde_json::Value;

/// An answer as a JSON value, to look into.
pub trait AnswerValue {
    fn answer_value(&self) -> Value;
}

impl AnswerValue for Outcome {
    fn answer_value(&self) -> Value {
        serde_json::from_str(&self.answer).unwrap_or_else(|e| panic!("the answer is not JSON ({e}): {}", self.answer))
    }
}

pub const T0: i64 = 1_795_348_800_000; // 2026-11-22T12:00:00Z
pub const MIN: i64 = 60_000;
pub const HOUR: i64 = 60 * MIN;
pub const TAB: i64 = 7;

/// The content script's message for `html` served at claude.ai/settings/`page`.
pub fn page_request(page: &str, html: &str) -> Request {
    page_request_with(page, html, None, None)
}

/// A page message with when its tab has shown the page and a click read
/// with it.
pub fn page_request_with(page: &str, html: &str, shown_since: Option<i64>, clicked: Option<(String, u32)>) -> Request {
    Request::Page {
        snapshot: html_tree::snapshot_of(html, &format!("https://claude.ai/settings/{page}")),
        tz_offset_min: 0,
        shown_since,
        clicked,
    }
}

pub fn tokens_page(rows: &[(&str, &str)], dialog: bool) -> String {
    let items: String = rows
        .iter()
        .map(|(label, connected)| {
            format!(
                "<li><span>{}</span><span>{connected}</span><span>user:inference</span><button>Revoke</button></li>",
                escape(label)
            )
        })
        .collect();
    // An empty listing says so; a heading with no rows and no message is not recognised.
    let items = if rows.is_empty() {
        "<li>You have no authorization tokens.</li>".to_string()
    } else {
        items
    };
    let dlg = if dialog {
        "<div role=\"dialog\"><p>Revoke token?</p><button>Cancel</button><button>Revoke</button></div>"
    } else {
        ""
    };
    format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul>{items}</ul></main>{dlg}</body></html>")
}

pub fn sessions_page(rows: &[(&str, &str)]) -> String {
    let items: String = rows
        .iter()
        .map(|(label, active)| format!("<tr><td>{label}</td><td>{active}</td><td><button>Terminate</button></td></tr>"))
        .collect();
    format!("<html lang=en><body><main><h2>Active sessions</h2><table><tbody>{items}</tbody></table><button>Log out of all devices</button></main></body></html>")
}

pub fn usage_page(percent: u32, resets: &str) -> String {
    format!("<html lang=en><body><main><h1>Usage</h1><div><span>Current session</span><span>{resets}</span><span>{percent}% used</span></div></main></body></html>")
}

pub struct Rig {
    pub store: Store,
}

impl Rig {
    pub fn new() -> Rig {
        Rig {
            store: Store::Ready(Ledger::new(Settings::default())),
        }
    }
    pub fn ledger(&self) -> &Ledger {
        match &self.store {
            Store::Ready(l) => l,
            Store::Broken(e) => panic!("broken: {e}"),
        }
    }
    pub fn visit(&mut self, page: &str, html: &str, now: i64) -> Value {
        handle(
            &mut self.store,
            page_request(page, html),
            Origin::ContentScript { tab_id: TAB },
            now,
        )
        .answer_value()
    }
    /// A visit from browser tab `tab`, which has shown the page since
    /// `shown_since` (its load, or the app's move to the page).
    pub fn visit_in(&mut self, tab: i64, shown_since: i64, page: &str, html: &str, now: i64) -> Value {
        let req = page_request_with(page, html, Some(shown_since), None);
        handle(&mut self.store, req, Origin::ContentScript { tab_id: tab }, now).answer_value()
    }
    /// A visit whose page message carries a click (click id `id` on node
    /// `node`): a control the content script did not know yet, read with
    /// the page at the click.
    pub fn visit_clicked(&mut self, page: &str, html: &str, id: &str, node: u32, now: i64) -> Value {
        let req = page_request_with(page, html, None, Some((id.into(), node)));
        handle(&mut self.store, req, Origin::ContentScript { tab_id: TAB }, now).answer_value()
    }
    pub fn click(&mut self, id: &str, click: ClickAction, now: i64) -> Value {
        let req = Request::Click {
            id: id.into(),
            url: "https://claude.ai/settings/claude-code".into(),
            click,
        };
        handle(&mut self.store, req, Origin::ContentScript { tab_id: TAB }, now).answer_value()
    }
    pub fn settings(&mut self, set: Value) {
        let out = handle(
            &mut self.store,
            Request::Settings { set: set.to_string() },
            Origin::ExtensionPage,
            T0,
        );
        assert!(out.answer_value().get("error").is_none(), "{}", out.answer);
    }
    pub fn state(&mut self, now: i64) -> Value {
        handle(&mut self.store, Request::State, Origin::ExtensionPage, now).answer_value()
    }
    /// Every entry with its events (the `ledger` request).
    pub fn ledger_view(&mut self, now: i64) -> Value {
        handle(&mut self.store, Request::Ledger, Origin::ExtensionPage, now).answer_value()
    }
    pub fn status(&self, id: &str) -> Status {
        self.ledger().member(id).unwrap().status()
    }
    pub fn entries(answer: &Value) -> Vec<String> {
        answer["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["entry"].as_str().unwrap().to_string())
            .collect()
    }
    pub fn rules(&self, id: &str) -> Vec<Rule> {
        self.ledger().member(id).unwrap().flags.iter().map(|f| f.rule).collect()
    }
}

pub fn revoke(entry: &str) -> ClickAction {
    ClickAction::Revoke { entry: entry.into() }
}

/// Page text is text: labels are escaped into the HTML, as a real page would.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
