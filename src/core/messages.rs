//! The message API between the content script, extension pages and the
//! service worker (docs/messages.md), and who may send what.

use crate::core::json::FromJson;
use crate::core::json::{self, nullable};
use crate::core::ledger::ClickAction;
use crate::core::text::preview;
use crate::core::tree::Snapshot;

/// A request to the service worker (read through [`FlatRequest`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// From the content script: one pass over the page.
    Page {
        snapshot: Snapshot,
        /// The browser's offset from UTC in minutes (UTC+1 → 60).
        tz_offset_min: i32,
        /// Since when the tab has shown this page (Unix ms): the
        /// document's load, or the single-page app's move to the page.
        /// Optional: `None` is read as a fresh page.
        shown_since: Option<i64>,
        /// A click on a control the content script did not know (drawn
        /// since the page was last read): its unique id and the clicked
        /// node of this snapshot, read at the click, before the page's own
        /// handler changed anything.
        clicked: Option<(String, u32)>,
    },
    /// From the content script: the user clicked a watched control.
    Click {
        /// Unique per click, so a retried report is recorded once.
        id: String,
        /// The page it happened on.
        url: String,
        click: ClickAction,
    },
    /// From an extension page: what is watched now (no history).
    State,
    /// From an extension page: every entry with its events.
    Ledger,
    /// From an extension page: change thresholds (`{"grace_ms": 0}`), as
    /// the JSON text of that object (read by `Settings::patched`).
    Settings { set: String },
    /// From an extension page: the timeline as a JSON file (the page
    /// derives the other formats from it: `export::derive`).
    Export {
        /// Mask labels and places; the `redact_exports` setting when absent.
        redact: Option<bool>,
    },
    /// From an extension page: merge the events of a JSON export the page
    /// has read (`export::import::Incoming`, as JSON text).
    Import { data: String },
    /// From an extension page: recompute the hash chain.
    Verify,
    /// From an extension page: a page view (`timeline`; the popup and the
    /// options page make theirs from the `state` answer, `ui::state`).
    View {
        name: String,
        /// The page's state: time zone, and the timeline's window, filter and pages.
        params: crate::core::ui::timeline::Params,
    },
    /// From an extension page (options): delete every stored ledger item.
    DeleteAll,
    /// A reminder alarm fired: the worker's shim hands it over as a
    /// message from the worker's own page, so that it is handled in turn
    /// with the messages. Any extension page may send it: it only shows a
    /// reminder that is due.
    Alarm { name: String },
    /// From the page summary or an extension page: open the timeline in a tab.
    OpenTimeline,
    /// From anyone allowed: the product version.
    Version,
}

/// Every field any request may have, flat. Requests are read through this
/// rather than an internally tagged enum, which would buffer each message
/// (snapshots of thousands of nodes) in a generic tree first and costs a
/// large share of the wasm module's size. Unknown fields, and fields of
/// another request type, are refused.
#[derive(Default)]
struct FlatRequest {
    kind: String,
    snapshot: Option<Snapshot>,
    tz_offset_min: Option<i32>,
    shown_since: Option<i64>,
    clicked: Option<u32>,
    id: Option<String>,
    url: Option<String>,
    click: Option<ClickAction>,
    set: Option<String>,
    redact: Option<bool>,
    data: Option<String>,
    name: Option<String>,
    params: Option<crate::core::ui::timeline::Params>,
}

impl FlatRequest {
    fn present(&self) -> Vec<&'static str> {
        let mut p = Vec::new();
        let mut add = |is: bool, name: &'static str| {
            if is {
                p.push(name);
            }
        };
        add(self.snapshot.is_some(), "snapshot");
        add(self.tz_offset_min.is_some(), "tz_offset_min");
        add(self.shown_since.is_some(), "shown_since");
        add(self.clicked.is_some(), "clicked");
        add(self.id.is_some(), "id");
        add(self.url.is_some(), "url");
        add(self.click.is_some(), "click");
        add(self.set.is_some(), "set");
        add(self.redact.is_some(), "redact");
        add(self.data.is_some(), "data");
        add(self.name.is_some(), "name");
        add(self.params.is_some(), "params");
        p
    }

    fn into_request(mut self) -> Result<Request, String> {
        let allowed: &[&str] = match self.kind.as_str() {
            "page" => &["snapshot", "tz_offset_min", "shown_since", "clicked", "id"],
            "click" => &["id", "url", "click"],
            "settings" => &["set"],
            "export" => &["redact"],
            "import" => &["data"],
            "view" => &["name", "params"],
            "alarm" => &["name"],
            _ => &[],
        };
        if let Some(extra) = self.present().into_iter().find(|f| !allowed.contains(f)) {
            return Err(format!(
                "unknown field `{extra}` in a `{}` request",
                preview(&self.kind, 40)
            ));
        }
        let need = |name: &str| format!("missing field `{name}`");
        // Fields are taken out of `self` rather than moved: every `?` below
        // then drops one whole `FlatRequest` instead of its own mix of the
        // fields not moved yet (0.3 KB less wasm).
        Ok(match self.kind.as_str() {
            "page" => Request::Page {
                snapshot: self.snapshot.take().ok_or_else(|| need("snapshot"))?,
                tz_offset_min: self.tz_offset_min.take().ok_or_else(|| need("tz_offset_min"))?,
                shown_since: self.shown_since.take(),
                clicked: match (self.id.take(), self.clicked.take()) {
                    (Some(id), Some(node)) => Some((id, node)),
                    (None, None) => None,
                    _ => return Err("a page's click needs both `id` and `clicked`".into()),
                },
            },
            "click" => Request::Click {
                id: self.id.take().ok_or_else(|| need("id"))?,
                url: self.url.take().ok_or_else(|| need("url"))?,
                click: self.click.take().ok_or_else(|| need("click"))?,
            },
            "state" => Request::State,
            "ledger" => Request::Ledger,
            "settings" => Request::Settings {
                set: self.set.take().ok_or_else(|| need("set"))?,
            },
            "export" => Request::Export {
                redact: self.redact.take(),
            },
            "import" => Request::Import {
                data: self.data.take().ok_or_else(|| need("data"))?,
            },
            "verify" => Request::Verify,
            "alarm" => Request::Alarm {
                name: self.name.take().ok_or_else(|| need("name"))?,
            },
            "view" => Request::View {
                name: self.name.take().ok_or_else(|| need("name"))?,
                params: self.params.take().unwrap_or_default(),
            },
            "delete_all" => Request::DeleteAll,
            "open_timeline" => Request::OpenTimeline,
            "version" => Request::Version,
            other => return Err(format!("unknown request type `{}`", preview(other, 40))),
        })
    }
}

/// The fields of [`FlatRequest`], in its order.
const FIELDS: [&str; 13] = [
    "type",
    "snapshot",
    "tz_offset_min",
    "shown_since",
    "clicked",
    "id",
    "url",
    "click",
    "set",
    "redact",
    "data",
    "name",
    "params",
];

/// Reads a request (JSON text), field by field ([`crate::core::json`]).
#[inline(never)]
pub fn parse_request(text: &str) -> Result<Request, String> {
    read_flat(text).map_err(|e| e.to_string())?.into_request()
}

fn read_flat(text: &str) -> json::Result<FlatRequest> {
    let mut r = json::Reader::new(text);
    let mut f = FlatRequest::default();
    let mut kind = None;
    // Unknown fields are refused: a request names exactly what it asks.
    r.fields(&FIELDS, true, &mut |field, r| {
        match field {
            0 => kind = Some(r.string()?),
            1 => f.snapshot = nullable(r, Snapshot::read)?,
            2 => f.tz_offset_min = nullable(r, |r| r.int_in(i32::MIN.into(), i32::MAX.into()).map(|v| v as i32))?,
            3 => f.shown_since = FromJson::from_json(r)?,
            4 => f.clicked = nullable(r, |r| r.int_in(0, u32::MAX.into()).map(|v| v as u32))?,
            5 => f.id = nullable(r, json::Reader::string)?,
            6 => f.url = nullable(r, json::Reader::string)?,
            7 => f.click = FromJson::from_json(r)?,
            8 => f.set = nullable(r, |r| r.raw().map(str::to_string))?,
            9 => f.redact = nullable(r, json::Reader::bool)?,
            10 => f.data = nullable(r, json::Reader::string)?,
            11 => f.name = nullable(r, json::Reader::string)?,
            _ => f.params = FromJson::from_json(r)?,
        }
        Ok(())
    })?;
    r.end()?;
    f.kind = kind.ok_or_else(|| r.error("missing field `type`"))?;
    Ok(f)
}

/// What the browser says about a message's sender.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sender {
    /// `sender.id`: the sending extension's id.
    pub id: Option<String>,
    /// `sender.url`: the sending document's URL.
    pub url: Option<String>,
    /// `sender.tab.id`, present for content scripts.
    pub tab_id: Option<i64>,
}

/// Who a message came from, once authorised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    ContentScript { tab_id: i64 },
    ExtensionPage,
}

/// Accepts only this extension's own pages and its content scripts on
/// https://claude.ai; `own_id` is `chrome.runtime.id`, `own_base` the
/// extension's base URL (`chrome.runtime.getURL("")`).
pub fn authorise(sender: &Sender, own_id: &str, own_base: &str) -> Result<Origin, String> {
    if sender.id.as_deref() != Some(own_id) {
        return Err("message from another extension or a web page".into());
    }
    let url = sender.url.as_deref().unwrap_or("");
    if !own_base.is_empty() && url.starts_with(own_base) {
        return Ok(Origin::ExtensionPage);
    }
    match sender.tab_id {
        Some(tab_id) if url.starts_with("https://claude.ai/") => Ok(Origin::ContentScript { tab_id }),
        _ => Err(format!(
            "message from an unexpected sender ({})",
            crate::core::text::preview(url, 60)
        )),
    }
}

/// Whether `origin` may make `request`.
pub fn permitted(request: &Request, origin: Origin) -> bool {
    match request {
        Request::Page { .. } | Request::Click { .. } => {
            matches!(origin, Origin::ContentScript { .. })
        }
        Request::State
        | Request::Ledger
        | Request::Settings { .. }
        | Request::Export { .. }
        | Request::Import { .. }
        | Request::Verify
        | Request::View { .. }
        | Request::Alarm { .. }
        | Request::DeleteAll => origin == Origin::ExtensionPage,
        Request::Version | Request::OpenTimeline => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "abcdefghijklmnop";
    const BASE: &str = "chrome-extension://abcdefghijklmnop/";

    fn s(id: &str, url: &str, tab: Option<i64>) -> Sender {
        Sender {
            id: Some(id.into()),
            url: Some(url.into()),
            tab_id: tab,
        }
    }

    #[test]
    fn accepts_own_pages_and_claude_content_scripts() {
        assert_eq!(
            authorise(
                &s(ID, "chrome-extension://abcdefghijklmnop/popup/popup.html", None),
                ID,
                BASE
            ),
            Ok(Origin::ExtensionPage)
        );
        assert_eq!(
            authorise(&s(ID, "https://claude.ai/settings/account", Some(7)), ID, BASE),
            Ok(Origin::ContentScript { tab_id: 7 })
        );
    }

    #[test]
    fn rejects_strangers() {
        assert!(authorise(&s("other", "https://claude.ai/settings/account", Some(7)), ID, BASE).is_err());
        assert!(authorise(&s(ID, "https://claude.ai.evil.example/settings", Some(7)), ID, BASE).is_err());
        assert!(authorise(&s(ID, "https://evil.example/", Some(7)), ID, BASE).is_err());
        assert!(authorise(&s(ID, "https://claude.ai/settings/account", None), ID, BASE).is_err());
        assert!(authorise(&Sender::default(), ID, BASE).is_err());
    }

    #[test]
    fn requests_are_limited_by_origin() {
        let state = Request::State;
        assert!(permitted(&state, Origin::ExtensionPage));
        assert!(!permitted(&state, Origin::ContentScript { tab_id: 1 }));
        // Pages read what the worker stored themselves; these are gone.
        for gone in [r#"{"type":"tab_state","tab_id":1}"#, r#"{"type":"export_raw"}"#] {
            assert!(parse_request(gone).is_err(), "{gone}");
        }
        let bad =
            parse_request(r#"{"type":"page","snapshot":{"v":1,"url":"x","nodes":[]},"tz_offset_min":0,"extra":1}"#);
        assert!(bad.is_err(), "unknown fields are refused");
        let bad = parse_request(r#"{"type":"launch_missiles"}"#);
        assert!(bad.is_err());
        let bad = parse_request(r#"{"type":"state","data":"x"}"#);
        assert!(
            bad.unwrap_err().to_string().contains("unknown field `data`"),
            "another type's field is refused"
        );
        let alarm = parse_request(r#"{"type":"alarm","name":"recheck|usage|e1|0"}"#).unwrap();
        assert!(permitted(&alarm, Origin::ExtensionPage));
        assert!(!permitted(&alarm, Origin::ContentScript { tab_id: 1 }));
        assert!(parse_request(r#"{"type":"alarm"}"#).is_err(), "an alarm names itself");
        let bad = parse_request(r#"{"type":"import"}"#);
        assert!(bad.unwrap_err().to_string().contains("missing field `data`"));
        let good = parse_request(r#"{"type":"export","redact":true}"#).unwrap();
        assert_eq!(good, Request::Export { redact: Some(true) });
        let bad = parse_request(r#"{"type":"export","format":"csv"}"#);
        assert!(
            bad.unwrap_err().to_string().contains("unknown field `format`"),
            "the worker exports JSON only; pages derive the rest"
        );
    }
}
