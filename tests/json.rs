//! The hand-written JSON reader and writer (`core::json`) side by side with
//! serde_json: the same texts accepted, the same values read, the same
//! bytes written. The reference for the page message and its answer is a
//! serde model of the wire format kept here (the crate itself has no
//! serde). Texts are generated, then damaged one character at a time, so
//! both the valid and the broken side are covered.

#[path = "common/html_tree.rs"]
mod html_tree;

use proptest::prelude::*;
use revoke_watch::core::json::{write_int, write_str, Reader};
use revoke_watch::core::messages::{parse_request, Request};
use revoke_watch::core::tree::{Snapshot, WireNode};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The wire format of a request, as serde reads it (docs/messages.md): each
/// field at most once, unknown fields refused. Only the page message is
/// modelled field by field; other requests' fields are any JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefRequest {
    #[serde(rename = "type")]
    kind: String,
    snapshot: Option<RefSnapshot>,
    tz_offset_min: Option<i32>,
    clicked: Option<u32>,
    id: Option<serde_json::Value>,
    url: Option<serde_json::Value>,
    click: Option<serde_json::Value>,
    tab_id: Option<serde_json::Value>,
    shown_since: Option<i64>,
    set: Option<serde_json::Value>,
    format: Option<serde_json::Value>,
    redact: Option<serde_json::Value>,
    data: Option<serde_json::Value>,
    name: Option<serde_json::Value>,
    params: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct RefSnapshot {
    v: u32,
    url: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    truncated: bool,
    nodes: Vec<RefNode>,
}

#[derive(Deserialize)]
struct RefNode {
    p: i64,
    #[serde(default)]
    t: Option<String>,
    #[serde(default)]
    a: BTreeMap<String, String>,
    #[serde(default)]
    x: Option<String>,
}

/// The request serde reads from `text`: a page message in full; any other
/// only as accepted or not (`None`).
fn reference(text: &str) -> Result<Option<Request>, String> {
    let r: RefRequest = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if r.kind != "page" {
        return Ok(None);
    }
    let others = [
        &r.url, &r.click, &r.tab_id, &r.set, &r.format, &r.redact, &r.data, &r.name, &r.params,
    ];
    if others.iter().any(|f| f.is_some()) {
        return Err("a page request with another request's field".into());
    }
    // A click on a control not read yet comes with the page read at it.
    let clicked = match (r.id, r.clicked) {
        (Some(serde_json::Value::String(id)), Some(node)) => Some((id, node)),
        (None, None) => None,
        _ => return Err("a page's click needs both `id` and `clicked`".into()),
    };
    let s = r.snapshot.ok_or("missing field `snapshot`")?;
    Ok(Some(Request::Page {
        snapshot: Snapshot {
            v: s.v,
            url: s.url,
            lang: s.lang,
            truncated: s.truncated,
            nodes: s
                .nodes
                .into_iter()
                .map(|n| WireNode {
                    p: n.p,
                    t: n.t,
                    a: n.a.into_iter().collect(),
                    x: n.x,
                })
                .collect(),
        },
        tz_offset_min: r.tz_offset_min.ok_or("missing field `tz_offset_min`")?,
        shown_since: r.shown_since,
        clicked,
    }))
}

/// `n` cases, or `PROPTEST_CASES` (`./build.sh fuzz`).
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(n),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any JSON value as serde_json writes it (compact).
fn value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        (-1e300f64..1e300).prop_map(serde_json::Value::from),
        "\\PC{0,6}|[\"\\\\\\u{0}-\\u{1f}é\u{1F600}]{0,4}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z\"\\\\é]{0,3}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Characters that break JSON in interesting ways.
const DAMAGE: &[&str] = &[
    "", "{", "}", "[", "]", ",", ":", "\"", "\\", "0", "-", ".", "e", "n", "\u{1}", " ", "\\u", "\\ud800", "x", "01",
];

/// `text` with one place damaged: a character dropped or something inserted.
fn damaged(text: &str, at: usize, with: usize, drop_one: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = if chars.is_empty() { 0 } else { at % (chars.len() + 1) };
    let mut out: String = chars[..at].iter().collect();
    out.push_str(DAMAGE[with % DAMAGE.len()]);
    let rest = if drop_one && at < chars.len() { at + 1 } else { at };
    out.extend(&chars[rest..]);
    out
}

fn skips(text: &str) -> bool {
    let mut r = Reader::new(text);
    r.skip().and_then(|_| r.end()).is_ok()
}

proptest! {
    #![proptest_config(cases(3_000))]

    #[test]
    fn any_value_is_passed_over_as_serde_passes_over_it(v in value(), at in 0usize..400, with in 0usize..40, drop_one: bool) {
        let text = v.to_string();
        prop_assert!(skips(&text), "{text}");
        let bad = damaged(&text, at, with, drop_one);
        prop_assert_eq!(skips(&bad), serde_json::from_str::<IgnoredAny>(&bad).is_ok(), "{}", bad);
    }

    #[test]
    fn strings_read_as_serde_reads_them(s in "\\PC{0,8}|[\"\\\\\\u{0}-\\u{1f}é\u{1F600}]{0,6}", at in 0usize..60, with in 0usize..40, drop_one: bool) {
        let text = serde_json::to_string(&s).unwrap();
        let mut escaped = text.replace('é', "\\u00e9").replace('\u{1F600}', "\\ud83d\\ude00");
        if at % 3 == 0 {
            escaped = damaged(&escaped, at, with, drop_one);
        }
        let ours = { let mut r = Reader::new(&escaped); r.str().map(|c| c.into_owned()).and_then(|v| r.end().map(|_| v)) };
        match serde_json::from_str::<String>(&escaped) {
            Ok(want) => prop_assert_eq!(ours.ok(), Some(want), "{}", escaped),
            Err(_) => prop_assert!(ours.is_err(), "{} read as {:?}", escaped, ours),
        }
    }

    #[test]
    fn strings_are_written_as_serde_writes_them(s in "\\PC{0,12}|[\"\\\\\\u{0}-\\u{1f}\\u{7f}é/<]{0,12}") {
        let mut ours = String::new();
        write_str(&mut ours, &s);
        prop_assert_eq!(ours, serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn integers_are_written_and_read_as_serde_does(v: i64) {
        let mut ours = String::new();
        write_int(&mut ours, v);
        prop_assert_eq!(&ours, &serde_json::to_string(&v).unwrap());
        prop_assert_eq!(Reader::new(&ours).i64().ok(), Some(v));
    }
}

/// A page message with a generated snapshot (attributes, texts with
/// escapes, the optional fields sometimes absent, sometimes null).
fn page_message() -> impl Strategy<Value = String> {
    let node = (
        -2i64..30,
        prop::option::of("[a-zA-Z]{1,4}"),
        prop::collection::btree_map("[a-z-]{1,6}", "\\PC{0,5}", 0..3),
        prop::option::of("\\PC{0,8}|[\"\\\\\\u{1}]{1,3}"),
        0u8..4,
    )
        .prop_map(|(p, t, a, x, shape)| {
            let mut o = serde_json::Map::new();
            o.insert("p".into(), p.into());
            match (t, shape) {
                (Some(t), 0..=2) => {
                    o.insert("t".into(), t.into());
                    if !a.is_empty() || shape == 1 {
                        o.insert("a".into(), serde_json::to_value(a).unwrap());
                    }
                }
                _ => {
                    o.insert("x".into(), x.map_or(serde_json::Value::Null, Into::into));
                }
            }
            if shape == 3 {
                o.insert("extra".into(), serde_json::json!({"k": [1.5e3, null, "\\"]}));
            }
            serde_json::Value::Object(o)
        });
    (
        prop::collection::vec(node, 0..8),
        prop::option::of("[a-z]{0,3}"),
        any::<Option<bool>>(),
        -900i32..900,
        0u8..3,
    )
        .prop_map(|(nodes, lang, truncated, tz, extra)| {
            let mut snap = serde_json::Map::new();
            snap.insert("v".into(), 1.into());
            snap.insert("url".into(), "https://claude.ai/settings/claude-code".into());
            if let Some(l) = lang {
                snap.insert("lang".into(), l.into());
            }
            if let Some(t) = truncated {
                snap.insert("truncated".into(), t.into());
            }
            snap.insert("nodes".into(), nodes.into());
            let mut m = serde_json::json!({"type": "page", "snapshot": snap, "tz_offset_min": tz});
            if extra == 1 {
                m["snapshot"]["future_field"] = serde_json::json!([{"\\ud800": 1}]);
            }
            if extra == 2 {
                m["tz_offset_min"] = serde_json::Value::Null;
            }
            m.to_string()
        })
}

fn same_as_serde(text: &str) -> Result<(), TestCaseError> {
    let ours = parse_request(text);
    match reference(text) {
        Ok(Some(want)) => prop_assert_eq!(ours, Ok(want), "{}", text),
        Ok(None) => {
            // Another request type: its own fields' types are checked by
            // the request's reader, which may refuse what the model takes.
        }
        Err(e) => prop_assert!(ours.is_err(), "{} accepted; serde: {}", text, e),
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(2_000))]

    #[test]
    fn page_messages_read_as_serde_reads_them(text in page_message(), at in 0usize..2_000, with in 0usize..40, drop_one: bool, damage: bool) {
        let text = if damage { damaged(&text, at, with, drop_one) } else { text };
        same_as_serde(&text)?;
    }
}

#[test]
fn requests_read_as_serde_reads_them() {
    let snap = r#"{"v":1,"url":"https://claude.ai/settings/account","nodes":[{"p":-1,"t":"body"}]}"#;
    for text in [
        format!(r#"{{"type":"page","snapshot":{snap},"tz_offset_min":60}}"#),
        format!(r#" {{ "tz_offset_min" : -0 , "type" : "page" , "snapshot" : {snap} }} "#),
        format!(r#"{{"type":"page","snapshot":{snap},"tz_offset_min":1.0}}"#),
        format!(r#"{{"type":"page","snapshot":{snap},"tz_offset_min":2147483648}}"#),
        format!(r#"{{"type":"page","snapshot":{snap},"snapshot":{snap},"tz_offset_min":0}}"#),
        r#"{"type":"page","snapshot":null,"tz_offset_min":0}"#.to_string(),
        format!(r#"{{"type":"page","snapshot":{snap},"tz_offset_min":0,"extra":1}}"#),
        format!(r#"{{"type":"page","snapshot":{snap},"tz_offset_min":0}} x"#),
        format!(r#"{{"type":"page","snapshot":{snap},"tz_offset_min":0,}}"#),
        r#"{"type":"page","snapshot":{"v":1,"v":1,"url":"x","nodes":[]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":-0,"url":"x","nodes":[]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":4294967296,"url":"x","nodes":[]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":1,"url":"x","lang":null,"nodes":[]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":1,"url":"x","nodes":[{"p":0,"a":null}]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":1,"url":"x","nodes":[{"p":0,"a":{"k":"1","k":"2"}}]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":1,"url":"x","nodes":[{"p":0,"t":"a","t":"b"}]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":1,"url":"\ud83d\ude00","nodes":[{"p":0,"q":"\ud800"}]},"tz_offset_min":0}"#.into(),
        r#"{"type":"page","snapshot":{"v":1,"url":"\ud800","nodes":[]},"tz_offset_min":0}"#.into(),
        r#"{"type":"click","id":"c1","url":"https://claude.ai/settings/account","click":{"action":"revoke","entry":"e1"}}"#.into(),
        r#"{"type":"click","id":"c1","url":"u","click":{"action":"revoke","entry":"e1","label":"x"}}"#.into(),
        r#"{"type":"settings","set":{"grace_ms":0}}"#.into(),
        r#"{"type":"export","format":"csv","redact":true}"#.into(),
        r#"{"type":"export","format":"pdf"}"#.into(),
        r#"{"type":"view","name":"timeline","params":{"tz_offset_min":60}}"#.into(),
        r#"{"type":"view","name":"popup","tab":null}"#.into(),
        r#"{"type":"tab_state","tab_id":9007199254740993}"#.into(),
        r#"{"type":"state","data":"x"}"#.into(),
        r#"{"type":"import"}"#.into(),
        r#"{"type":null}"#.into(),
        r#"{"tab_id":1}"#.into(),
        r#"{"type":"version","type":"version"}"#.into(),
        r#"["type","version"]"#.into(),
        r#""version""#.into(),
        "".into(),
        format!("{}{}", "[".repeat(200), "]".repeat(200)),
        // Passed over at any depth (serde does not count it), read to 128.
        format!(r#"{{"type":"page","snapshot":{{"v":1,"url":"x","nodes":[],"deep":{}{}}},"tz_offset_min":0}}"#, "[{\"a\":".repeat(3000), "}]".repeat(3000)),
        format!(r#"{{"type":"page","snapshot":{{"v":1,"url":"x","nodes":[],"deep":{}{}}},"tz_offset_min":0}}"#, "[".repeat(5000), "]".repeat(4999)),
    ] {
        same_as_serde(&text).unwrap();
    }
}

#[test]
fn a_page_message_reads_whole() {
    let text = r#"{"type":"page","tz_offset_min":-300,"shown_since":1795348800000,"snapshot":{"v":1,"url":"https://claude.ai/settings/claude-code","lang":"en","nodes":[{"p":-1,"t":"BODY","a":{"role":"main"}},{"p":0,"x":"Tab\t\"quoted\" \u00e9 \ud83d\ude00"}]}}"#;
    let Ok(Request::Page {
        snapshot,
        tz_offset_min,
        shown_since,
        clicked: None,
    }) = parse_request(text)
    else {
        panic!("not read: {:?}", parse_request(text));
    };
    assert_eq!(tz_offset_min, -300);
    assert_eq!(shown_since, Some(1_795_348_800_000));
    assert_eq!(snapshot.nodes.len(), 2);
    assert_eq!(snapshot.nodes[0].t.as_deref(), Some("BODY"));
    assert_eq!(snapshot.nodes[0].a.get("role").map(String::as_str), Some("main"));
    assert_eq!(snapshot.nodes[1].x.as_deref(), Some("Tab\t\"quoted\" é 😀"));
    let err = parse_request(r#"{"type":"page","snapshot":{"v":1,"url":"x","nodes":[{"p":"0"}]},"tz_offset_min":0}"#)
        .unwrap_err();
    assert!(err.contains("at byte"), "{err}");
}

mod answers {
    //! A page's answer written by hand (`PageAnswer::to_json`) against a
    //! serde model of the answer's format (docs/messages.md): on every
    //! fixture page, and on generated answers full of characters that need
    //! escaping.
    use super::html_tree;
    use proptest::prelude::*;
    use revoke_watch::core::annotate::{
        annotate, meter_badges, watched_controls, Annotation, MeterBadge, PageAnswer, WatchedControl,
    };
    use revoke_watch::core::ledger::{Ledger, Settings, Viewer};
    use revoke_watch::core::page::{read_page, PageKind, Recognition};
    use revoke_watch::core::time::Clock;
    use revoke_watch::core::ui::summary::{summary, PageSummary};
    use serde::Serialize;

    const NOW: i64 = 1_795_348_800_000;

    #[derive(Serialize)]
    struct RefAnswer<'a> {
        version: &'a str,
        page: &'a str,
        status: RefStatus<'a>,
        annotations: Vec<RefAnnotation<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        meters: Vec<RefMeter<'a>>,
        controls: Vec<RefControl<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        ledger_error: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        summary: Option<RefSummary<'a>>,
    }

    #[derive(Serialize)]
    #[serde(tag = "state", rename_all = "snake_case")]
    enum RefStatus<'a> {
        Recognised,
        NotRecognised { reason: &'a str },
    }

    #[derive(Serialize)]
    struct RefAnnotation<'a> {
        entry: &'a str,
        kind: &'a str,
        status: &'a str,
        text: &'a str,
        description: &'a str,
        row: u32,
        anchor: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        control: Option<u32>,
        #[serde(skip_serializing_if = "<[u32]>::is_empty")]
        also: &'a [u32],
    }

    #[derive(Serialize)]
    struct RefMeter<'a> {
        entry: &'a str,
        kind: &'a str,
        status: &'a str,
        text: &'a str,
        description: &'a str,
        anchor: u32,
    }

    #[derive(Serialize)]
    struct RefControl<'a> {
        node: u32,
        action: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        explicit: Option<bool>,
    }

    #[derive(Serialize)]
    struct RefSummary<'a> {
        title: &'a str,
        counts: &'a str,
        checked: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        notice: Option<&'a str>,
        anchor: u32,
        position: &'a str,
    }

    /// `a` as the serde model writes it.
    fn reference(a: &PageAnswer) -> String {
        let r = RefAnswer {
            version: a.version,
            page: a.page.name(),
            status: match &a.status {
                Recognition::Recognised => RefStatus::Recognised,
                Recognition::NotRecognised { reason } => RefStatus::NotRecognised { reason },
            },
            annotations: a
                .annotations
                .iter()
                .map(|n| RefAnnotation {
                    entry: &n.entry,
                    kind: n.kind,
                    status: n.status,
                    text: &n.text,
                    description: &n.description,
                    row: n.row,
                    anchor: n.anchor,
                    control: n.control,
                    also: &n.also,
                })
                .collect(),
            meters: a
                .meters
                .iter()
                .map(|m| RefMeter {
                    entry: &m.entry,
                    kind: "meter",
                    status: m.status,
                    text: m.text,
                    description: &m.description,
                    anchor: m.anchor,
                })
                .collect(),
            controls: a
                .controls
                .iter()
                .map(|c| RefControl {
                    node: c.node,
                    action: c.action,
                    label: c.label.as_deref(),
                    explicit: c.explicit,
                })
                .collect(),
            ledger_error: a.ledger_error.as_deref(),
            summary: a.summary.as_ref().map(|s| RefSummary {
                title: &s.title,
                counts: &s.counts,
                checked: &s.checked,
                notice: s.notice.as_deref(),
                anchor: s.anchor,
                position: s.position,
            }),
        };
        serde_json::to_string(&r).unwrap()
    }

    #[test]
    fn every_fixture_pages_answer_is_written_as_serde_writes_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
        let mut seen = 0;
        for f in std::fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".html") else {
                continue;
            };
            let page = stem.split("--").next().unwrap();
            let html = std::fs::read_to_string(&path).unwrap();
            let snapshot = html_tree::snapshot_of(&html, &format!("https://claude.ai/settings/{page}"));
            let nodes = snapshot.nodes.len();
            let clock = Clock {
                now_ms: NOW,
                tz_offset_min: 330,
            };
            let reading = read_page(snapshot, &clock);
            let mut ledger = Ledger::new(Settings::default());
            let viewer = Viewer {
                tab: 1,
                shown_since: Some(NOW - 1000),
            };
            let ids = ledger.observe(&reading, viewer, NOW);
            let annotations = annotate(&reading, &ids, Some((&ledger, viewer)), NOW, 330);
            // Every other page as if the ledger were unreadable: both wordings of a meter's badge.
            let meters = meter_badges(&reading, (seen % 2 == 0).then_some(&ledger), 330);
            let answer = PageAnswer {
                version: revoke_watch::core::VERSION,
                page: reading.page,
                status: reading.status.clone(),
                controls: watched_controls(&reading),
                summary: summary(&reading, &annotations, &meters, NOW, 330, nodes),
                annotations,
                meters,
                ledger_error: (seen % 2 == 1).then(|| "the ledger \"cannot\" be read\n".to_string()),
            };
            assert_eq!(answer.to_json(), reference(&answer), "{name}");
            seen += 1;
        }
        assert!(seen >= 10, "only {seen} fixture pages");
    }

    fn text() -> impl Strategy<Value = String> {
        "\\PC{0,10}|[\"\\\\\\u{0}-\\u{1f}\\u{7f}“é]{0,8}"
    }

    proptest! {
        #![proptest_config(super::cases(500))]

        #[test]
        fn generated_answers_are_written_as_serde_writes_them(
            reason in prop::option::of(text()),
            notes in prop::collection::vec((text(), text(), text(), 0u32..u32::MAX), 0..4),
            labels in prop::collection::vec((prop::option::of(text()), any::<Option<bool>>()), 0..3),
            error in prop::option::of(text()),
            notice in prop::option::of(prop::option::of(text())),
            meters in prop::collection::vec((text(), text(), any::<bool>(), any::<u32>()), 0..3),
        ) {
            let answer = PageAnswer {
                version: "0.1.0",
                page: PageKind::Account,
                status: reason.map_or(Recognition::Recognised, |reason| Recognition::NotRecognised { reason }),
                annotations: notes.into_iter().map(|(entry, text, description, n)| Annotation {
                    entry, kind: "session", status: "zombie", text, description, row: n, anchor: n / 2, control: (n % 4 != 0).then_some(n / 3),
                    also: if n % 2 == 0 { vec![n / 5, n / 7] } else { Vec::new() },
                }).collect(),
                meters: meters.into_iter().map(|(entry, description, zombie, anchor)| MeterBadge {
                    entry, status: if zombie { "zombie" } else { "watching" },
                    text: if zombie { "Rose after revoke" } else { "Watching" }, description, anchor,
                }).collect(),
                controls: labels.into_iter().enumerate().map(|(i, (label, explicit))| WatchedControl {
                    node: i as u32, action: "log_out_everywhere", label, explicit,
                }).collect(),
                ledger_error: error,
                summary: notice.map(|notice| PageSummary {
                    title: "revoke-watch".into(), counts: "1 watched".into(), checked: "checked".into(),
                    notice, anchor: 7, position: "before",
                }),
            };
            prop_assert_eq!(answer.to_json(), reference(&answer));
        }
    }
}
