//! Builds the page tree from HTML natively, exactly as the content script
//! (extension/content-script/snapshot.js) builds it from the DOM; the rules
//! are in docs/page-tree.md and an end-to-end test checks the two agree.

use revoke_watch::core::tree::Attrs;
use revoke_watch::core::tree::{Snapshot, WireNode, MAX_NODES, MAX_TEXT_CHARS};
use scraper::{Html, Node};

const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "link",
    "meta",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "revoke-watch-badge",
    "revoke-watch-summary",
];
const KEEP: &[&str] = &[
    "aria-label",
    "title",
    "role",
    "type",
    "alt",
    "datetime",
    "aria-modal",
    "open",
    "aria-valuenow",
    "aria-valuemax",
    "aria-valuemin",
    "aria-valuetext",
    "aria-rowcount",
    "aria-setsize",
    "aria-hidden",
    "aria-haspopup",
    "aria-expanded",
    "max",
    "value",
    "placeholder",
];
const MAX_TOTAL_CHARS: usize = 2_000_000;

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn normalise(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// ^[a-z]+(?:[-_][a-z]+){0,5}$ (any case), as the content script keeps.
fn is_word_id(value: &str) -> bool {
    let words: Vec<&str> = value.split(['-', '_']).collect();
    words.len() <= 6
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
}

fn is_page_id(name: &str) -> bool {
    // ^data-(?:[a-z0-9]+-)*id$
    let Some(rest) = name.strip_prefix("data-") else {
        return false;
    };
    let Some(mid) = rest.strip_suffix("id") else {
        return false;
    };
    mid.is_empty()
        || (mid.ends_with('-')
            && mid[..mid.len() - 1]
                .split('-')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())))
}

enum Item<'a> {
    El(ego_tree::NodeRef<'a, Node>),
    Text(String),
}

fn skipped(el: &scraper::node::Element) -> bool {
    SKIP.contains(&el.name())
        || el.attr("hidden").is_some()
        || el.attr("style").is_some_and(hiding_style)
        || (el.name() == "dialog" && el.attr("open").is_none())
}

/// `display: none` or `visibility: hidden` as one declaration of an inline
/// style (snapshot.js's HIDING_STYLE).
fn hiding_style(style: &str) -> bool {
    style.split(';').any(|decl| {
        let Some((k, v)) = decl.split_once(':') else {
            return false;
        };
        let v = v.trim().to_ascii_lowercase();
        let v = v.strip_suffix("!important").map_or(v.as_str(), str::trim_end);
        let k = k.trim().to_ascii_lowercase();
        (k == "display" && v == "none") || (k == "visibility" && v == "hidden")
    })
}

fn children(node: ego_tree::NodeRef<'_, Node>) -> Vec<Item<'_>> {
    let in_svg = matches!(node.value(), Node::Element(e) if e.name() == "svg");
    let mut out = Vec::new();
    let mut text: Option<String> = None;
    for c in node.children() {
        match c.value() {
            Node::Text(t) => text.get_or_insert_with(String::new).push_str(t),
            Node::Element(e) => {
                if let Some(t) = text.take() {
                    out.push(Item::Text(t));
                }
                if in_svg && e.name() != "title" {
                    continue;
                }
                if !skipped(e) {
                    out.push(Item::El(c));
                }
            }
            _ => {}
        }
    }
    if let Some(t) = text {
        out.push(Item::Text(t));
    }
    out
}

/// The snapshot of `<body>` of `html`, as the content script would send it.
pub fn snapshot_of(html: &str, url: &str) -> Snapshot {
    let doc = Html::parse_document(html);
    let lang = doc.root_element().attr("lang").unwrap_or("").to_string();
    let body = doc
        .tree
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
        .expect("document has a body");
    let mut nodes = Vec::new();
    let mut truncated = false;
    let mut total = 0usize;
    let mut stack = vec![(Item::El(body), -1i64)];
    while let Some((item, parent)) = stack.pop() {
        if nodes.len() >= MAX_NODES {
            truncated = true;
            break;
        }
        match item {
            Item::Text(t) => {
                let x = cut(&normalise(&t), MAX_TEXT_CHARS);
                if x.is_empty() {
                    continue;
                }
                total += x.encode_utf16().count();
                if total > MAX_TOTAL_CHARS {
                    truncated = true;
                    break;
                }
                nodes.push(WireNode {
                    p: parent,
                    t: None,
                    a: Attrs::new(),
                    x: Some(x),
                });
            }
            Item::El(n) => {
                let Node::Element(e) = n.value() else {
                    continue;
                };
                let index = nodes.len() as i64;
                let mut a = Attrs::new();
                for (name, value) in e.attrs() {
                    let mut keep = KEEP.contains(&name) || is_page_id(name) || (name == "id" && is_word_id(value));
                    if name == "style" {
                        keep = value.contains("px");
                    }
                    if name == "value" {
                        let ty = e.attr("type").unwrap_or("").to_ascii_lowercase();
                        keep = (e.name() == "input" && ["button", "submit", "reset", "image"].contains(&ty.as_str()))
                            || e.name() == "progress"
                            || e.name() == "meter";
                    }
                    if keep {
                        a.insert(name.to_string(), cut(value, MAX_TEXT_CHARS));
                    }
                }
                // `aria-labelledby` wins over `aria-label`: the named
                // elements' text, drawn or not, sent as the `aria-label`.
                if let Some(ids) = e.attr("aria-labelledby") {
                    let mut text = String::new();
                    for id in ids.split([' ', '\t', '\n', '\r', '\u{c}']).filter(|id| !id.is_empty()) {
                        let named = doc
                            .tree
                            .root()
                            .descendants()
                            .find(|d| matches!(d.value(), Node::Element(x) if x.attr("id") == Some(id)));
                        if let Some(named) = named {
                            text.push(' ');
                            for t in named.descendants() {
                                if let Node::Text(t) = t.value() {
                                    text.push_str(t);
                                }
                            }
                        }
                    }
                    let text = normalise(&text);
                    if !text.is_empty() {
                        a.insert("aria-label".to_string(), cut(&text, MAX_TEXT_CHARS));
                    }
                }
                // A text field that holds text is marked, never with what
                // it holds (the content script reads the field's value).
                let ty = e.attr("type").unwrap_or("text").to_ascii_lowercase();
                if e.name() == "input"
                    && (ty == "text" || ty == "search")
                    && e.attr("value").is_some_and(|v| !v.is_empty())
                {
                    a.insert("filled".to_string(), String::new());
                }
                nodes.push(WireNode {
                    p: parent,
                    t: Some(e.name().to_string()),
                    a,
                    x: None,
                });
                let kids = children(n);
                for k in kids.into_iter().rev() {
                    stack.push((k, index));
                }
            }
        }
    }
    Snapshot {
        v: 1,
        url: url.to_string(),
        lang,
        truncated,
        nodes,
    }
}
