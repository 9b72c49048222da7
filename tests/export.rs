//! Exports and imports, natively: every format against its schema or parsed
//! back, the round trip, the chain broken at each position, bad import files
//! with their messages, and hostile labels inert in every format.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/html_tree.rs"]
mod html_tree;
#[path = "common/rig.rs"]
mod rig;

use revoke_watch::core::export::{self, import, json, Format};
use revoke_watch::core::ledger::{ClickAction, Ledger, Settings};
use rig::*;
use serde_json::{json, Value};

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "[click](javascript:alert(1))",
    "\u{202E}edoC edualC",
    "a,b\"c\nd",
    "</td></tr></table><h1>x</h1>",
];

/// A ledger with tokens (some hostile), sessions, a log-out, meters, flags.
fn rich() -> Rig {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 0}));
    r.visit("usage", &usage_page(20, "Resets in 4 hours"), T0);
    let mut rows: Vec<(&str, &str)> = HOSTILE.iter().map(|h| (*h, "Connected 3 days ago")).collect();
    rows.push(("Claude Code", "Connected 2 hours ago"));
    let page = tokens_page(&rows, false);
    let ids = Rig::entries(&r.visit("claude-code", &page, T0 + MIN));
    for (i, id) in ids.iter().enumerate().take(4) {
        r.click(&format!("c{i}"), revoke(id), T0 + 2 * MIN);
    }
    // Two went away, two stayed (flagged still-listed).
    let kept: Vec<(&str, &str)> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 0 && *i != 1)
        .map(|(_, r)| *r)
        .collect();
    r.visit("claude-code", &tokens_page(&kept, false), T0 + 3 * MIN);
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + 4 * MIN,
    );
    r.click(
        "lo",
        ClickAction::LogOutEverywhere {
            label: "Log out of all devices".into(),
            explicit: true,
        },
        T0 + 5 * MIN,
    );
    r.visit("usage", &usage_page(35, "Resets in 4 hours"), T0 + 6 * MIN);
    r
}

/// A ledger with a history of its own to import into: one token, seen
/// once; with that token's id.
fn ledger_with_one_token() -> (Ledger, String) {
    let mut other = Rig::new();
    let ids = Rig::entries(&other.visit(
        "claude-code",
        &tokens_page(&[("Other browser token", "Connected 1 day ago")], false),
        T0,
    ));
    (other.ledger().clone(), ids[0].clone())
}

fn schema(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(format!("{}/docs/schema/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn file(l: &Ledger, f: Format, redact: bool) -> String {
    export::export_file(l, f, redact, T0 + HOUR).unwrap().content
}

#[test]
fn json_exports_validate_against_the_published_schema() {
    let r = rich();
    let v = schema("revoke-watch.timeline.v1.schema.json");
    for redact in [false, true] {
        let doc: Value = serde_json::from_str(&file(r.ledger(), Format::Json, redact)).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(doc["redacted"], redact);
    }
    // And an empty ledger's export too.
    let doc: Value = serde_json::from_str(&file(&Ledger::new(Settings::default()), Format::Json, false)).unwrap();
    assert!(v.is_valid(&doc));
    // The schema is not a rubber stamp.
    let mut bad = doc.clone();
    bad["version"] = json!(2);
    assert!(!v.is_valid(&bad));
}

#[test]
fn json_lines_follow_the_ocsf_line_schema() {
    let r = rich();
    let v = schema("ocsf-line.v1.schema.json");
    let text = file(r.ledger(), Format::Jsonl, false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), r.ledger().events.len());
    for l in lines {
        let doc: Value = serde_json::from_str(l).unwrap();
        assert!(v.is_valid(&doc), "{l}");
        assert_eq!(
            doc["type_uid"],
            doc["class_uid"].as_u64().unwrap() * 100 + doc["activity_id"].as_u64().unwrap()
        );
    }
    assert!(
        text.contains("\"class_uid\":3002"),
        "a log-out is an Authentication event"
    );
    assert!(text.contains("\"class_uid\":2004"), "a flag is a Detection Finding");
}

#[test]
fn csv_parses_back_with_stable_columns_and_no_live_formulas() {
    let r = rich();
    let text = file(r.ledger(), Format::Csv, false);
    let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, export::csv::COLUMNS);
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), r.ledger().events.len());
    for row in &rows {
        assert_eq!(row.len(), headers.len());
        for cell in row.iter() {
            let t = cell.trim_start();
            assert!(!t.starts_with(['=', '+', '-', '@']), "live formula in cell {cell:?}");
        }
    }
    // Hostile labels survive as text (neutralised, not lost).
    let labels: Vec<&str> = rows.iter().map(|r| &r[7]).collect();
    assert!(labels.contains(&"'=HYPERLINK(\"http://evil.example\",\"x\")"));
    assert!(labels.contains(&"a,b\"c\nd") || labels.iter().any(|l| l.contains("a,b\"c")));
}

#[test]
fn html_report_is_self_contained_and_inert() {
    let r = rich();
    let html = file(r.ledger(), Format::Html, false);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script, even from labels");
    assert!(
        !lower.contains("@import") && !lower.contains("url("),
        "no external style resource"
    );
    // Parsed as a browser parses it: no element runs code or loads anything.
    let parsed = scraper::Html::parse_document(&html);
    for el in parsed
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name} on <{}>",
                el.value().name()
            );
            assert!(
                !matches!(name, "src" | "href" | "srcset" | "action" | "formaction" | "xlink:href"),
                "resource attribute {name}"
            );
        }
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&#x202E;"), "bidi override shown as an entity");
    assert!(html.contains("<svg"), "the timeline picture is inline");
    assert!(html.contains("still-listed"));
    assert!(
        html.contains(&revoke_watch::core::ledger::chain::head(&r.ledger().events).to_string()),
        "integrity head"
    );
    assert!(html.contains("How this was observed"));
    // Parsed as a browser would, the labels are text nodes, not elements.
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("body script, body img, body h1 + h1, table h1").unwrap();
    assert_eq!(doc.select(&sel).count(), 0);
}

#[test]
fn markdown_report_escapes_markup() {
    let r = rich();
    let md = file(r.ledger(), Format::Markdown, false);
    assert!(!md.contains("<script>"));
    assert!(!md.contains("](javascript:"), "no live link");
    assert!(md.contains("\\[click\\]\\(javascript:alert\\(1\\)\\)"));
    assert!(md.contains("## What kept showing after it was revoked"));
    assert!(md.contains("Your own use of claude\\.ai"));
    // The timeline says which control logged out and which rule each flag is.
    assert!(md.contains("log out everywhere: “Log out of all devices”"), "{md}");
    assert!(md.contains("flag raised \\(still-listed\\) token"), "{md}");
}

#[test]
fn redaction_masks_consistently() {
    let r = rich();
    let doc: Value = serde_json::from_str(&file(r.ledger(), Format::Json, true)).unwrap();
    let text = doc.to_string();
    assert!(!text.contains("Claude Code\""), "labels are masked");
    assert!(!text.contains("Firefox on Windows"));
    let label_of = |id: &str| {
        doc["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()["label"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let seen = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "seen" && e["entry"] == "e1")
        .unwrap();
    assert_eq!(
        seen["label"].as_str().unwrap(),
        label_of("e1"),
        "the same value gets the same mask everywhere"
    );
    assert!(label_of("e1").starts_with("label-"));
    let csv = file(r.ledger(), Format::Csv, true);
    assert!(!csv.contains("HYPERLINK"));
}

#[test]
fn export_import_export_round_trips() {
    let r = rich();
    let first = file(r.ledger(), Format::Json, false);
    let mut fresh = Rig::new();
    // As the options page does: it reads the file, the worker gets its events.
    let events = revoke_watch::core::json::to_string(&import::incoming(&import::parse(&first).unwrap()));
    let out = revoke_watch::core::worker::handle(
        &mut fresh.store,
        revoke_watch::core::messages::Request::Import { data: events },
        revoke_watch::core::messages::Origin::ExtensionPage,
        T0 + 2 * HOUR,
    );
    assert_eq!(
        out.answer_value()["imported"]["added"],
        r.ledger().events.len(),
        "{}",
        out.answer
    );
    let again: Value = serde_json::from_str(&file(fresh.ledger(), Format::Json, false)).unwrap();
    let before: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(again["events"], before["events"], "same events and hashes");
    assert_eq!(again["integrity"], before["integrity"]);
    assert_eq!(again["entries"], before["entries"]);
    // Importing twice changes nothing.
    let t = import::parse(&first).unwrap();
    let mut l = fresh.ledger().clone();
    let s = import::merge(&mut l, import::incoming(&t));
    assert_eq!((s.added, s.already_present), (0, r.ledger().events.len()));
    assert_eq!(&l, fresh.ledger());
}

#[test]
fn import_into_a_ledger_with_history_appends_once() {
    let r = rich();
    let text = file(r.ledger(), Format::Json, false);
    let (mut l, _) = ledger_with_one_token();
    let (n, members) = (l.events.len(), l.state.members.len());
    let s = import::merge(&mut l, import::incoming(&import::parse(&text).unwrap()));
    assert_eq!(s.added, r.ledger().events.len());
    assert_eq!(l.events.len(), n + s.added);
    revoke_watch::core::ledger::chain::verify(&l.events).unwrap();
    assert!(l.state.members.iter().any(|m| m.label == "Other browser token"));
    assert_eq!(l.state.members.len(), members + r.ledger().state.members.len());
    let s2 = import::merge(&mut l, import::incoming(&import::parse(&text).unwrap()));
    assert_eq!(s2.added, 0, "idempotent");
    // Stored and loaded again (a worker woken later, with or without its
    // state cache), the ledger still knows what it imported.
    use revoke_watch::core::storage;
    let items = storage::all_items(&l);
    let mut events_only = items.clone();
    events_only.remove(storage::STATE);
    for stored in [items, events_only] {
        let mut back = storage::load(&stored, true).unwrap();
        let s3 = import::merge(&mut back, import::incoming(&import::parse(&text).unwrap()));
        assert_eq!(s3.added, 0, "imported once, across a reload");
    }
}

#[test]
fn a_chain_broken_at_any_position_is_refused_with_that_position() {
    let r = rich();
    let doc: Value = serde_json::from_str(&file(r.ledger(), Format::Json, false)).unwrap();
    let n = doc["events"].as_array().unwrap().len();
    for pos in 0..n {
        let mut bad = doc.clone();
        bad["events"][pos]["at_ms"] = json!(bad["events"][pos]["at_ms"].as_i64().unwrap() + 1);
        let err = import::parse(&bad.to_string()).unwrap_err();
        assert!(err.contains(&format!("breaks at event {}", pos + 1)), "{pos}: {err}");
    }
}

#[test]
fn bad_import_files_are_refused_with_a_precise_reason_and_change_nothing() {
    let r = rich();
    let good = file(r.ledger(), Format::Json, false);
    let doc: Value = serde_json::from_str(&good).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut d = doc.clone();
        f(&mut d);
        d.to_string()
    };
    let long = "x".repeat(10_001);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "the file is empty"),
        ("   \n".into(), "the file is empty"),
        (good[..good.len() / 2].to_string(), "ends early"),
        ("{not json".into(), "not valid JSON"),
        ("[]".into(), "not a revoke-watch timeline"),
        ("42".into(), "not a revoke-watch timeline"),
        (
            with(&|d| d["schema"] = json!("something.else")),
            "its schema is “something.else”",
        ),
        (
            with(&|d| {
                d.as_object_mut().unwrap().remove("schema");
            }),
            "has no \"schema\"",
        ),
        (
            with(&|d| d["version"] = json!(2)),
            "newer revoke-watch (timeline version 2)",
        ),
        (with(&|d| d["version"] = json!("one")), "\"version\" is missing"),
        (
            with(&|d| {
                d.as_object_mut().unwrap().remove("version");
            }),
            "\"version\" is missing",
        ),
        (with(&|d| d["redacted"] = json!(true)), "redacted export"),
        (
            with(&|d| {
                d.as_object_mut().unwrap().remove("events");
            }),
            "does not follow the timeline format",
        ),
        (
            with(&|d| d["events"][0]["type"] = json!("launch_missiles")),
            "does not follow the timeline format",
        ),
        (
            with(&|d| d["events"][1]["hash"] = json!("0".repeat(64))),
            "breaks at event 2",
        ),
        (
            with(&|d| {
                d["events"].as_array_mut().unwrap().remove(0);
            }),
            "says it has",
        ),
        (
            with(&|d| {
                d["events"].as_array_mut().unwrap().remove(0);
                d["integrity"]["events"] = json!(d["events"].as_array().unwrap().len());
            }),
            "breaks at event 1",
        ),
        (
            with(&|d| {
                let e = d["events"][3].clone();
                d["events"].as_array_mut().unwrap().insert(3, e);
            }),
            "says it has",
        ),
        (with(&|d| d["integrity"]["events"] = json!(1)), "says it has 1 events"),
        (
            with(&|d| d["integrity"]["head"] = json!("f".repeat(64))),
            "integrity head does not match",
        ),
        (with(&|d| d["events"][2]["label"] = json!(long)), "breaks at event 3"),
        (
            "{\"schema\":\"revoke-watch.timeline\",\"version\":1,\"__proto__\":{\"polluted\":1}}".to_string(),
            "does not follow the timeline format",
        ),
        ("x".repeat(import::MAX_BYTES + 1), "imports are limited to 60 MB"),
    ];
    assert!(cases.len() >= 20);
    for (i, (text, want)) in cases.iter().enumerate() {
        let mut l = r.ledger().clone();
        let before = l.clone();
        let got = import::parse(text).map(|t| import::merge(&mut l, import::incoming(&t)));
        let err = got.expect_err(&format!("case {i} should be refused"));
        assert!(err.contains(want), "case {i}: {err:?} does not say {want:?}");
        assert_eq!(l, before, "case {i} changed the ledger");
    }
}

#[test]
fn an_overlong_field_with_a_valid_chain_is_refused_too() {
    // A hostile file: an over-long label with the chain recomputed over it,
    // so only the length check can catch it.
    let mut r = Rig::new();
    r.visit(
        "claude-code",
        &tokens_page(&[("Claude Code", "Connected 3 days ago")], false),
        T0,
    );
    let mut l = r.ledger().clone();
    if let revoke_watch::core::ledger::events::Body::Seen { label, .. } = &mut l.events[0].body {
        *label = "y".repeat(import::MAX_TEXT + 5);
    }
    revoke_watch::core::ledger::chain::rehash(&mut l.events);
    let text = file(&l, Format::Json, false);
    let err = import::parse(&text).unwrap_err();
    assert!(err.contains("longer than 10000 characters"), "{err}");
}

#[test]
fn an_event_about_an_entry_no_earlier_event_introduced_is_refused() {
    // Hostile files with the chain recomputed: an event that refers to an
    // entry introduced only later, or never, is refused by its position.
    use revoke_watch::core::ledger::events::Body;
    let l = rich().ledger().clone();
    let later = l
        .events
        .iter()
        .position(|e| !matches!(e.body, Body::Seen { .. }) && e.body.entry().is_some())
        .unwrap();
    let id = l.events[later].body.entry().unwrap().to_string();
    let introduced = l
        .events
        .iter()
        .position(|e| matches!(&e.body, Body::Seen { entry, .. } if *entry == id))
        .unwrap();
    assert!(introduced < later, "the rig introduces before it refers");
    let refuse = |mut l: Ledger, n: usize| {
        revoke_watch::core::ledger::chain::rehash(&mut l.events);
        let err = import::parse(&file(&l, Format::Json, false)).unwrap_err();
        assert!(
            err.contains(&format!("event {n} ")) && err.contains("no earlier event introduced"),
            "{err}"
        );
    };
    // The entry's `seen` moved after the event that refers to it.
    let mut moved = l.clone();
    let seen = moved.events.remove(introduced);
    moved.events.insert(later, seen);
    for (i, e) in moved.events.iter_mut().enumerate() {
        e.seq = i as u64 + 1;
    }
    refuse(moved, later);
    // An entry no event introduced.
    let mut unknown = l.clone();
    if let Some(entry) = unknown.events[later].body.entry_mut() {
        *entry = "e999999".into();
    }
    refuse(unknown, later + 1);
    // Untouched, the same ledger imports.
    assert!(import::parse(&file(&l, Format::Json, false)).is_ok());
}

#[test]
fn verify_reports_a_clean_chain() {
    let mut r = rich();
    let out = revoke_watch::core::worker::handle(
        &mut r.store,
        revoke_watch::core::messages::Request::Verify,
        revoke_watch::core::messages::Origin::ExtensionPage,
        T0,
    );
    assert_eq!(out.answer_value()["ok"], true);
    let _ = json::SCHEMA_NAME;
}

/// The worker checks the events a page sends as it checks a file: a file
/// sent whole, events whose chain was altered, or an event referring to an
/// entry nothing introduced are refused, and nothing changes.
#[test]
fn the_worker_checks_the_events_a_page_sends() {
    let r = rich();
    let text = file(r.ledger(), Format::Json, false);
    let good = import::incoming(&import::parse(&text).unwrap());
    let mut altered = good.clone();
    if let Some(e) = altered.events.get_mut(2) {
        e.at_ms += 1;
    }
    let mut orphan = good.clone();
    orphan
        .events
        .retain(|e| !matches!(e.body, revoke_watch::core::ledger::events::Body::Seen { .. }));
    let cases = [
        (text.clone(), "could not be read"),
        (revoke_watch::core::json::to_string(&altered), "event 3"),
        (revoke_watch::core::json::to_string(&orphan), "nothing was imported"),
        ("[]".to_string(), "could not be read"),
    ];
    for (data, want) in cases {
        let mut fresh = Rig::new();
        let out = revoke_watch::core::worker::handle(
            &mut fresh.store,
            revoke_watch::core::messages::Request::Import { data },
            revoke_watch::core::messages::Origin::ExtensionPage,
            T0 + 2 * HOUR,
        );
        let err = out.answer_value()["error"].as_str().unwrap_or_default().to_string();
        assert!(err.starts_with("nothing was imported: "), "{err}");
        assert!(err.contains(want), "{want}: {err}");
        assert!(fresh.ledger().events.is_empty(), "nothing changed");
    }
}

/// What the options page sends (`import::read`) is the checked file's
/// `incoming`, and a refused file gets `parse`'s reason.
#[test]
fn the_pages_reading_is_parse_then_incoming() {
    let r = rich();
    let text = file(r.ledger(), Format::Json, false);
    assert_eq!(
        import::read(&text).unwrap(),
        import::incoming(&import::parse(&text).unwrap())
    );
    let cut = &text[..text.len() / 2];
    assert_eq!(import::read(cut).unwrap_err(), import::parse(cut).unwrap_err());
}

/// The public report: a revoked token kept showing for days, then went.
/// Its flag is cleared when it goes (nothing to act on any more), but the
/// support report still says it kept showing, and for how long.
#[test]
fn the_report_keeps_a_token_that_kept_showing_after_its_revocation_then_went() {
    let mut r = Rig::new();
    let rows = [("Claude Code", "Connected Nov 19, 2026")];
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&rows, false), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&rows, false), T0 + 2 * HOUR);
    r.visit("claude-code", &tokens_page(&rows, false), T0 + 50 * HOUR);
    assert_eq!(r.rules(&ids[0]).len(), 1, "flagged while it shows");
    r.visit("claude-code", &tokens_page(&[], false), T0 + 80 * HOUR);
    assert!(r.rules(&ids[0]).is_empty(), "the flag is cleared once it is gone");
    let at = T0 + 90 * HOUR;
    for f in [Format::Markdown, Format::Html] {
        let text = export::export_file(r.ledger(), f, false, at).unwrap().content;
        let plain = text.replace('\\', "");
        let section = plain
            .split("What kept showing after it was revoked")
            .nth(1)
            .and_then(|s| s.split("What was revoked and when").next())
            .unwrap();
        assert!(!section.contains("Nothing:"), "{f:?}: {section}");
        assert!(section.contains("still-listed"), "{f:?}: {section}");
        assert!(
            section.contains("2026-11-24 14:00:00 UTC — last seen listed, 2 d after the revocation"),
            "{f:?}: {section}"
        );
        assert!(
            section.contains("2026-11-25 20:00:00 UTC — no longer listed; the flag was cleared"),
            "{f:?}: {section}"
        );
        assert!(plain.contains("Flagged after their revocation, then gone: 1"), "{f:?}");
    }
    // A token never flagged, revoked and gone at once, is no finding.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&rows, false), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&[], false), T0 + 2 * MIN);
    let text = export::export_file(r.ledger(), Format::Markdown, false, T0 + HOUR)
        .unwrap()
        .content;
    assert!(text.contains("Nothing: no revoked entry was seen again"), "{text}");
    assert!(!text.contains("then gone"), "{text}");
}

/// A usage meter's flag clears a watch window after it was raised; the
/// report still shows the rise and says when the flag was cleared.
#[test]
fn the_report_keeps_a_meter_rise_whose_flag_was_cleared() {
    let mut r = Rig::new();
    r.visit("usage", &usage_page(20, "Resets in 4 hours"), T0);
    r.click(
        "lo",
        ClickAction::LogOutEverywhere {
            label: "Log out of all devices".into(),
            explicit: true,
        },
        T0 + MIN,
    );
    r.visit("usage", &usage_page(35, "Resets in 4 hours"), T0 + 10 * MIN);
    assert_eq!(r.ledger().state.meters[0].flags.len(), 1);
    r.state(T0 + 100 * HOUR);
    assert!(r.ledger().state.meters[0].flags.is_empty());
    let text = export::export_file(r.ledger(), Format::Markdown, false, T0 + 100 * HOUR)
        .unwrap()
        .content
        .replace('\\', "");
    let meters = text
        .split("## Usage meters")
        .nth(1)
        .unwrap()
        .split("## Timeline")
        .next()
        .unwrap();
    assert!(
        meters.contains("Current session: 35% used, with no reset in between"),
        "{meters}"
    );
    assert!(
        meters.contains("2026-11-26 16:00:00 UTC — the watch window after it ended; the flag was cleared"),
        "{meters}"
    );
}

/// Tokens connected after every token was revoked are a finding of the
/// report, even once revoked in turn; a token connected while an older one
/// still stood is not.
#[test]
fn the_report_lists_tokens_connected_after_every_token_was_revoked() {
    let mut r = Rig::new();
    // A session signed in before them, and still, is no token left standing.
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 - MIN,
    );
    let old = [
        ("Claude Code", "Connected Nov 19, 2026"),
        ("Claude Code", "Connected Nov 20, 2026"),
    ];
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&old, false), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.click("c2", revoke(&ids[1]), T0 + 2 * MIN);
    r.visit("claude-code", &tokens_page(&[], false), T0 + 3 * MIN);
    let new = [("Claude Code", "Connected 1 hour ago")];
    let after = Rig::entries(&r.visit("claude-code", &tokens_page(&new, false), T0 + 3 * HOUR));
    r.click("c3", revoke(&after[0]), T0 + 3 * HOUR + MIN);
    r.visit("claude-code", &tokens_page(&[], false), T0 + 3 * HOUR + 2 * MIN);
    for f in [Format::Markdown, Format::Html] {
        let text = export::export_file(r.ledger(), f, false, T0 + 4 * HOUR)
            .unwrap()
            .content
            .replace('\\', "");
        let section = text
            .split("Connected after every token was revoked")
            .nth(1)
            .and_then(|s| s.split("What was revoked and when").next())
            .unwrap_or_else(|| panic!("{f:?}: no section:\n{text}"));
        assert!(
            section.contains("between 2026-11-22 13:00:00 UTC and 2026-11-22 14:00:00 UTC"),
            "{f:?}: {section}"
        );
        assert!(section.contains("2026-11-22 12:02:00 UTC"), "{f:?}: {section}");
        assert_eq!(section.matches("Claude Code").count(), 1, "{f:?}: {section}");
    }
    // One older token left standing: no such section.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&old, false), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&[old[1], new[0]], false), T0 + 3 * HOUR);
    let text = export::export_file(r.ledger(), Format::Markdown, false, T0 + 4 * HOUR)
        .unwrap()
        .content;
    assert!(!text.contains("Connected after every token was revoked"), "{text}");
}

/// A session seen at a new location: the change is in every export, and
/// a redacted export masks both places; an import of it follows the
/// session to its new look.
#[test]
fn a_session_that_moved_keeps_its_places_out_of_redacted_exports() {
    let page = |place: &str, active: &str| {
        format!(
            "<html lang=en><body><main><h2>Active sessions</h2><ul><li><div>Chrome on Windows</div><div>{place}</div>\
             <div>{active}</div><button>Terminate</button></li></ul><button>Log out of all devices</button></main></body></html>"
        )
    };
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("account", &page("Paris, France", "Last active 2 hours ago"), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let later = page("Amsterdam, Netherlands", "Last active 1 minute ago");
    assert_eq!(Rig::entries(&r.visit("account", &later, T0 + 30 * MIN)), ids);
    for f in [Format::Json, Format::Csv, Format::Markdown] {
        let plain = file(r.ledger(), f, false);
        assert!(
            plain.contains("Amsterdam, Netherlands") && plain.contains("Paris, France"),
            "{f:?}"
        );
        let masked = file(r.ledger(), f, true);
        assert!(
            !masked.contains("Amsterdam") && !masked.contains("Paris"),
            "{f:?}: {masked}"
        );
    }
    let first = file(r.ledger(), Format::Json, false);
    let mut l = Ledger::new(Settings::default());
    let summary = import::merge(&mut l, import::incoming(&import::parse(&first).unwrap()));
    assert_eq!(summary.added, r.ledger().events.len());
    let mut fresh = Rig {
        store: revoke_watch::core::worker::Store::Ready(l),
    };
    assert_eq!(Rig::entries(&fresh.visit("account", &later, T0 + HOUR)), ids);
}

/// One event of each kind that carries text, about entry `e1` (introduced
/// by the first), each text field `n` characters long where `long` names
/// it, else short; chained.
fn events_with_one_long_field(long: &str, n: usize) -> Vec<revoke_watch::core::ledger::events::Event> {
    use revoke_watch::core::decimal::Decimal;
    use revoke_watch::core::ledger::events::{Body, Event, Evidence, Rule};
    let text = |name: &str| if name == long { "y".repeat(n) } else { name.to_string() };
    let scopes = if long == "scopes count" {
        vec!["user:inference".to_string(); n]
    } else {
        vec![text("scope")]
    };
    let bodies = vec![
        Body::Seen {
            entry: "e1".into(),
            kind: text("kind"),
            group: text("group"),
            label: text("label"),
            scopes,
            detail: Some(text("detail")),
            since: None,
        },
        Body::Changed {
            entry: "e1".into(),
            field: text("field"),
            from: text("from"),
            to: text("to"),
        },
        Body::LogOutEverywhere {
            label: text("log-out label"),
            explicit: true,
        },
        Body::UsageReading {
            meter: text("reading's meter"),
            percent: Decimal::from_int(12),
            resets: None,
        },
        Body::FlagRaised {
            entry: None,
            meter: Some(text("flag's meter")),
            rule: Rule::UsageAfterRevoke,
            evidence: vec![Evidence {
                at_ms: T0,
                what: text("evidence"),
            }],
        },
    ];
    let mut events: Vec<Event> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| Event {
            seq: i as u64 + 1,
            at_ms: T0 + i as i64,
            page: Some(text("page")),
            body,
            hash: String::new(),
        })
        .collect();
    revoke_watch::core::ledger::chain::rehash(&mut events);
    events
}

#[test]
fn every_text_field_is_held_to_the_length_limit_even_with_a_valid_chain() {
    // A hostile file recomputes the chain, so only the length check stands
    // between an over-long field and the ledger: one field at a time, at
    // the limit (taken) and one character over (refused, naming the event).
    let fields = [
        ("kind", 1),
        ("group", 1),
        ("label", 1),
        ("scope", 1),
        ("detail", 1),
        ("page", 1),
        ("field", 2),
        ("from", 2),
        ("to", 2),
        ("log-out label", 3),
        ("reading's meter", 4),
        ("flag's meter", 5),
        ("evidence", 5),
    ];
    assert!(import::check_events(&events_with_one_long_field("", 0)).is_ok());
    for (field, event) in fields {
        let at_limit = events_with_one_long_field(field, import::MAX_TEXT);
        assert!(import::check_events(&at_limit).is_ok(), "{field} at the limit");
        let over = events_with_one_long_field(field, import::MAX_TEXT + 1);
        let err = import::check_events(&over).unwrap_err();
        assert!(
            err.starts_with(&format!("event {event} (seq {event}) has a field longer than 10000")),
            "{field}: {err}"
        );
    }
    // A token lists a handful of scopes: a hundred are taken, more are not.
    assert!(import::check_events(&events_with_one_long_field("scopes count", 100)).is_ok());
    let err = import::check_events(&events_with_one_long_field("scopes count", 101)).unwrap_err();
    assert!(err.starts_with("event 1 (seq 1) has a field longer"), "{err}");
}

#[test]
fn more_events_than_the_limit_are_refused_by_their_count_before_anything_else() {
    use revoke_watch::core::ledger::events::{Body, Event};
    let one = Event {
        seq: 1,
        at_ms: T0,
        page: None,
        body: Body::Gone { entry: String::new() },
        hash: String::new(),
    };
    let mut events = vec![one; import::MAX_EVENTS + 1];
    let err = import::check_events(&events).unwrap_err();
    assert_eq!(err, "the file has 1000001 events, more than the 1000000 accepted");
    // At the limit the count is no reason: these copies fail on their chain.
    events.pop();
    let err = import::check_events(&events).unwrap_err();
    assert!(err.contains("breaks at event 1"), "{err}");
}

#[test]
fn a_file_that_is_not_json_is_refused_with_the_line_and_column_of_the_fault() {
    let cases = [
        ("{\n  \"schema\": nope\n}", "not valid JSON", "at line 2, column 13"),
        // Columns count characters, not bytes.
        ("{\"é\": 1,\n\"ü€\": tru}", "not valid JSON", "at line 2, column 7"),
        (
            "{\n  \"schema\": \"revoke-watch.timeline\",\n  \"events\": [",
            "ends early",
            "at line 3, column 14",
        ),
        ("\n\n{\"a\":", "ends early", "at line 3, column 6"),
    ];
    for (text, what, at) in cases {
        let err = import::parse(text).unwrap_err();
        assert!(err.contains(what) && err.ends_with(at), "{text:?}: {err}");
    }
}

#[test]
fn the_size_limit_and_the_version_check_are_exact() {
    // A file of exactly the limit is read (and refused here for what it
    // holds, not for its size).
    let err = import::parse(&format!("x{}", " ".repeat(import::MAX_BYTES - 1))).unwrap_err();
    assert!(err.contains("not valid JSON"), "{err}");
    let doc = |v: &str| format!("{{\"schema\":\"revoke-watch.timeline\",\"version\":{v},\"events\":[]}}");
    // Version 0 is no newer revoke-watch's, nor any this one reads.
    let err = import::parse(&doc("0")).unwrap_err();
    assert!(err.contains("\"version\" is missing or not a version"), "{err}");
    let err = import::parse(&doc("2")).unwrap_err();
    assert!(err.contains("newer revoke-watch (timeline version 2)"), "{err}");
}

#[test]
fn each_csv_row_says_what_its_event_says() {
    // The JSON export (read with serde_json) is the reference: row by row,
    // the columns hold the event's own fields, or its entry's.
    let mut r = rich();
    // A session seen from another place: two `changed` events.
    let page = |place: &str| {
        format!(
            "<html lang=en><body><main><h2>Active sessions</h2><ul><li><div>Chrome on Windows</div><div>{place}</div>\
             <div>Last active 1 minute ago</div><button>Terminate</button></li></ul></main></body></html>"
        )
    };
    r.visit("account", &page("Paris, France"), T0 + 7 * MIN);
    r.visit("account", &page("Amsterdam, Netherlands"), T0 + 8 * MIN);
    let doc: Value = serde_json::from_str(&file(r.ledger(), Format::Json, false)).unwrap();
    let entries = doc["entries"].as_array().unwrap();
    let entry = |id: &str| entries.iter().find(|e| e["id"] == id);
    let text = file(r.ledger(), Format::Csv, false);
    let mut rd = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let events = doc["events"].as_array().unwrap();
    assert_eq!(rows.len(), events.len());
    // A cell as the CSV writes a label: a formula defused by an apostrophe.
    let defused = |s: &str| {
        if s.trim_start().starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        }
    };
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut kinds = std::collections::BTreeSet::new();
    for (row, e) in rows.iter().zip(events) {
        let kind = e["type"].as_str().unwrap();
        kinds.insert(kind);
        assert_eq!(&row[0], e["seq"].to_string(), "seq");
        assert_eq!(&row[2], e["at_ms"].to_string(), "time_ms");
        assert_eq!(&row[4], kind);
        assert_eq!(&row[13], e["hash"].as_str().unwrap());
        let of_entry = e["entry"].as_str().and_then(entry);
        assert_eq!(&row[5], e["entry"].as_str().unwrap_or(""), "{kind}");
        assert_eq!(row[6], of_entry.map_or(String::new(), |x| s(&x["kind"])), "{kind}");
        let (label, detail) = match kind {
            "seen" => (s(&e["label"]), s(&e["detail"])),
            "log_out_everywhere" => (s(&e["label"]), String::new()),
            "changed" => (
                of_entry.map_or(String::new(), |x| s(&x["label"])),
                format!("{}: {} → {}", s(&e["field"]), s(&e["from"]), s(&e["to"])),
            ),
            _ => (
                of_entry.map_or(String::new(), |x| s(&x["label"])),
                of_entry.map_or(String::new(), |x| s(&x["detail"])),
            ),
        };
        assert_eq!(row[7], defused(&label), "{kind} label");
        assert_eq!(row[8], defused(&detail), "{kind} detail");
        let (rule, meter, percent) = match kind {
            "usage_reading" => {
                let csv_percent: f64 = row[11].parse().unwrap();
                assert_eq!(Some(csv_percent), e["percent"].as_f64(), "percent");
                (String::new(), s(&e["meter"]), row[11].to_string())
            }
            "flag_raised" | "flag_cleared" => (s(&e["rule"]), s(&e["meter"]), String::new()),
            _ => Default::default(),
        };
        assert_eq!((&row[9], &row[10], &row[11]), (&*rule, &*meter, &*percent), "{kind}");
        if kind == "flag_raised" {
            let evidence = e["evidence"].as_array().unwrap();
            assert!(!evidence.is_empty());
            let parts: Vec<&str> = row[12].split(" | ").collect();
            assert_eq!(parts.len(), evidence.len(), "{}", &row[12]);
            for (part, x) in parts.iter().zip(evidence) {
                assert!(part.ends_with(&format!(": {}", s(&x["what"]))), "{part}");
            }
        } else {
            assert_eq!(&row[12], "", "{kind}");
        }
    }
    for kind in [
        "seen",
        "changed",
        "revoke_requested",
        "log_out_everywhere",
        "usage_reading",
        "flag_raised",
        "gone",
    ] {
        assert!(kinds.contains(kind), "the story has a {kind} event: {kinds:?}");
    }
}

#[test]
fn an_import_into_a_ledger_with_history_keeps_each_entry_its_own_events() {
    // Each imported entry gets a fresh id, and every later event of the
    // file follows it there: nothing lands on the ledger's own entries.
    let r = rich();
    let text = file(r.ledger(), Format::Json, false);
    let (mut l, mine) = ledger_with_one_token();
    let own_before = l.member(&mine).unwrap().clone();
    import::merge(&mut l, import::incoming(&import::parse(&text).unwrap()));
    let mut ids: Vec<&str> = l.state.members.iter().map(|m| m.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), l.state.members.len(), "every entry has an id of its own");
    assert_eq!(
        l.member(&mine).unwrap(),
        &own_before,
        "the ledger's own entry is untouched"
    );
    for source in &r.ledger().state.members {
        let merged: Vec<_> = l.state.members.iter().filter(|m| m.label == source.label).collect();
        assert_eq!(merged.len(), 1, "{}", source.label);
        let m = merged[0];
        assert_ne!(m.id, mine);
        // What the file says happened to it happened to its new entry.
        assert_eq!(m.revoke.is_some(), source.revoke.is_some(), "{}", source.label);
        assert_eq!(m.listed, source.listed, "{}", source.label);
        assert_eq!(m.gone_ms, source.gone_ms, "{}", source.label);
        let rules = |f: &[revoke_watch::core::ledger::Flag]| f.iter().map(|f| f.rule).collect::<Vec<_>>();
        assert_eq!(rules(&m.flags), rules(&source.flags), "{}", source.label);
    }
    assert!(r
        .ledger()
        .state
        .members
        .iter()
        .any(|m| m.revoke.is_some() && !m.flags.is_empty()));
}

#[test]
fn a_later_export_of_the_same_ledger_adds_only_what_is_new() {
    let mut r = rich();
    let first = file(r.ledger(), Format::Json, false);
    let n = r.ledger().events.len();
    let (mut l, _) = ledger_with_one_token();
    import::merge(&mut l, import::incoming(&import::parse(&first).unwrap()));
    r.visit("usage", &usage_page(50, "Resets in 4 hours"), T0 + 10 * MIN);
    let added_since = r.ledger().events.len() - n;
    assert!(added_since > 0);
    let second = file(r.ledger(), Format::Json, false);
    let s = import::merge(&mut l, import::incoming(&import::parse(&second).unwrap()));
    assert_eq!((s.added, s.already_present, s.entries_added), (added_since, n, 0));
}

#[test]
fn the_html_picture_draws_each_lane_by_what_happened_to_its_entry() {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 0}));
    let ids = Rig::entries(&r.visit(
        "claude-code",
        &tokens_page(
            &[
                ("Kept token", "Connected 3 days ago"),
                ("Gone token", "Connected 2 days ago"),
            ],
            false,
        ),
        T0,
    ));
    r.click("c0", revoke(&ids[0]), T0 + MIN);
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    r.visit(
        "claude-code",
        &tokens_page(&[("Kept token", "Connected 3 days ago")], false),
        T0 + 3 * MIN,
    );
    let html = file(r.ledger(), Format::Html, false);
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let svg = doc.select(&sel("svg")).next().expect("a picture");
    // Each lane: its caption, then its line in the colour of its status.
    let lane = |caption: &str| {
        let text = svg
            .select(&sel("text"))
            .find(|t| t.text().collect::<String>() == caption)
            .unwrap_or_else(|| panic!("no lane {caption:?}"));
        let line = text
            .next_siblings()
            .filter_map(scraper::ElementRef::wrap)
            .next()
            .unwrap();
        assert_eq!(line.value().name(), "line");
        line.value().attr("stroke").unwrap().to_string()
    };
    assert_eq!(
        lane("Kept token · zombie"),
        "#dc2626",
        "still listed after its revocation: red"
    );
    assert_eq!(lane("Gone token · revoked"), "#6b7280", "revoked and gone: grey");
    // The flag is a red triangle titled with its rule and time.
    let flags: Vec<String> = svg
        .select(&sel("path"))
        .filter(|p| p.value().attr("fill") == Some("#dc2626"))
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(flags, ["flag: still-listed — 2026-11-22T12:03:00.000Z"]);
    let revocations = svg
        .select(&sel("rect title"))
        .filter(|t| t.text().any(|x| x.starts_with("revoked — ")))
        .count();
    assert_eq!(revocations, 2);
}

#[test]
fn a_log_out_with_no_name_is_listed_without_an_empty_quote() {
    let mut r = Rig::new();
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0,
    );
    for (i, label) in ["", "Log out of all devices"].iter().enumerate() {
        r.click(
            &format!("lo{i}"),
            ClickAction::LogOutEverywhere {
                label: label.to_string(),
                explicit: true,
            },
            T0 + (i as i64 + 1) * MIN,
        );
    }
    let md = file(r.ledger(), Format::Markdown, false);
    let lines: Vec<&str> = md.lines().filter(|l| l.contains("log out everywhere")).collect();
    assert_eq!(lines.len(), 2, "{md}");
    assert!(lines[0].ends_with("— log out everywhere"), "{}", lines[0]);
    assert!(
        lines[1].ends_with("— log out everywhere: “Log out of all devices”"),
        "{}",
        lines[1]
    );
}
