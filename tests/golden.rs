//! The exact bytes revoke-watch writes: a story that produces every kind of
//! event, every answer, every stored item and every export, compared with
//! `tests/golden/story.txt`. Stored items and the hash chain's canonical
//! form must not change by accident (a stored ledger written by an earlier
//! build must load, and its chain verify); answers and exports are pinned
//! so that a change of JSON writer shows up as a diff, not as a surprise.
//!
//! After an intended change of format: `GOLDEN=write cargo test --test golden`,
//! then read the diff of the golden file before committing it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/html_tree.rs"]
mod html_tree;
#[path = "common/rig.rs"]
mod rig;

use rig::*;

use revoke_watch::core::export::{self, Format};
use revoke_watch::core::json;
use revoke_watch::core::messages::{parse_request, Origin};
use revoke_watch::core::storage;
use revoke_watch::core::worker::{handle, Store};

/// Collects named texts in order.
struct Book(String);

impl Book {
    fn add(&mut self, name: &str, text: &str) {
        self.0.push_str("== ");
        self.0.push_str(name);
        self.0.push('\n');
        self.0.push_str(text);
        self.0.push('\n');
    }
}

fn ask(r: &mut Rig, book: &mut Book, name: &str, request: &str, now: i64) -> String {
    let req = parse_request(request).unwrap_or_else(|e| panic!("{request}: {e}"));
    let out = handle(&mut r.store, req, Origin::ExtensionPage, now);
    book.add(name, &out.answer);
    out.answer
}

fn page(r: &mut Rig, book: &mut Book, name: &str, page: &str, html: &str, now: i64) {
    let out = handle(
        &mut r.store,
        page_request(page, html),
        Origin::ContentScript { tab_id: TAB },
        now,
    );
    book.add(name, &out.answer);
    if let Some(s) = out.session_writes {
        for (k, v) in s {
            book.add(&format!("{name} session {k}"), &v);
        }
    }
}

fn click(r: &mut Rig, book: &mut Book, name: &str, json: &str, now: i64) {
    let req = parse_request(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    let out = handle(&mut r.store, req, Origin::ContentScript { tab_id: TAB }, now);
    book.add(name, &out.answer);
}

fn usage(percent_text: &str, valuenow: &str, resets: &str) -> String {
    format!(
        "<html lang=en><body><main><h1>Usage</h1>\
         <div><span>Current session</span><span>{resets}</span><span>{percent_text} used</span></div>\
         <div><span>Weekly limits</span><span>Resets Mon 9:00 AM</span>\
         <div role=progressbar aria-valuenow=\"{valuenow}\" aria-valuemin=0 aria-valuemax=1></div></div>\
         </main></body></html>"
    )
}

fn story() -> String {
    let mut b = Book(String::new());
    let mut r = Rig::new();
    let b = &mut b;
    ask(
        &mut r,
        b,
        "settings",
        r#"{"type":"settings","set":{"grace_ms":60000}}"#,
        T0,
    );
    page(
        &mut r,
        b,
        "usage 1",
        "usage",
        &usage("12.5%", "0.333", "Resets in 4 hours"),
        T0,
    );
    let hostile = "=HYPERLINK(\"x\") <b>\"Claude\"</b> \u{202E}\u{1F600}\t\\";
    let rows = [
        (hostile, "Connected 3 days ago"),
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Code", "Connected Nov 20, 2026"),
    ];
    page(
        &mut r,
        b,
        "tokens 1",
        "claude-code",
        &tokens_page(&rows, false),
        T0 + MIN,
    );
    let out = handle(
        &mut r.store,
        page_request("claude-code", &tokens_page(&rows, true)),
        Origin::ContentScript { tab_id: TAB },
        T0 + 2 * MIN,
    );
    b.add("tokens 1 with dialog", &out.answer);
    let ids = Rig::entries(&out.answer_value());
    let click_json = |id: &str, action: &str| {
        format!(r#"{{"type":"click","id":"{id}","url":"https://claude.ai/settings/claude-code","click":{action}}}"#)
    };
    for (i, id) in ids.iter().enumerate().take(3) {
        let action = format!(r#"{{"action":"revoke","entry":"{id}"}}"#);
        click(
            &mut r,
            b,
            &format!("revoke {i}"),
            &click_json(&format!("c{i}"), &action),
            T0 + 3 * MIN,
        );
        let (name, dialog) = if i == 2 {
            ("cancel", "dialog_cancel")
        } else {
            ("confirm", "dialog_confirm")
        };
        let action = format!(r#"{{"action":"{dialog}"}}"#);
        click(
            &mut r,
            b,
            name,
            &click_json(&format!("d{i}"), &action),
            T0 + 3 * MIN + 1000,
        );
    }
    // The first went away, the second stayed past the grace period.
    page(
        &mut r,
        b,
        "tokens 2",
        "claude-code",
        &tokens_page(&rows[1..], false),
        T0 + 10 * MIN,
    );
    // The first came back.
    page(
        &mut r,
        b,
        "tokens 3",
        "claude-code",
        &tokens_page(&rows, false),
        T0 + 20 * MIN,
    );
    page(
        &mut r,
        b,
        "sessions",
        "account",
        &sessions_page(&[
            ("Firefox on Windows", "Last active 2 hours ago"),
            ("Chrome on macOS", "Active now"),
        ]),
        T0 + 21 * MIN,
    );
    let sessions = Rig::entries(&r.visit(
        "account",
        &sessions_page(&[
            ("Firefox on Windows", "Last active 2 hours ago"),
            ("Chrome on macOS", "Current session"),
        ]),
        T0 + 21 * MIN + 500,
    ));
    let action = format!(r#"{{"action":"revoke","entry":"{}"}}"#, sessions[0]);
    click(&mut r, b, "terminate", &click_json("t0", &action), T0 + 21 * MIN + 600);
    page(
        &mut r,
        b,
        "sessions 2",
        "account",
        &sessions_page(&[("Chrome on macOS", "Current session")]),
        T0 + 21 * MIN + 700,
    );
    let action = r#"{"action":"log_out_everywhere","label":"Log out of all devices","explicit":true}"#;
    click(&mut r, b, "log out", &click_json("lo", action), T0 + 22 * MIN);
    page(
        &mut r,
        b,
        "usage 2",
        "usage",
        &usage("40.25%", "0.5", "Resets in 4 hours"),
        T0 + 30 * MIN,
    );
    page(
        &mut r,
        b,
        "usage 3",
        "usage",
        &usage("100%", "1", "Resets in 3 hours"),
        T0 + 40 * MIN,
    );
    page(
        &mut r,
        b,
        "tokens 4",
        "claude-code",
        &tokens_page(&[], false),
        T0 + 50 * MIN,
    );
    let late = T0 + 9 * 24 * HOUR;
    page(&mut r, b, "tokens 5", "claude-code", &tokens_page(&[], false), late);

    ask(&mut r, b, "state", r#"{"type":"state"}"#, late);
    ask(&mut r, b, "ledger", r#"{"type":"ledger"}"#, late);
    ask(&mut r, b, "verify", r#"{"type":"verify"}"#, late);
    ask(&mut r, b, "version", r#"{"type":"version"}"#, late);
    let view = |name: &str, extra: &str| {
        format!(r#"{{"type":"view","name":"{name}","params":{{"tz_offset_min":60{extra}}}}}"#)
    };
    // The popup and the options page make their views from the state
    // answer (`ui::state`, in the pages' module): the same views, byte for
    // byte, as when the worker made them.
    let state = ask(&mut r, b, "state for the pages", r#"{"type":"state"}"#, late);
    for name in ["popup", "options"] {
        let v = revoke_watch::core::ui::state::view(name, &state, None, 60);
        b.add(
            &format!("view {name}"),
            &format!("{{\"view\":{}}}", revoke_watch::core::json::to_string(&v)),
        );
    }
    ask(
        &mut r,
        b,
        "view popup (no longer the worker's)",
        &view("popup", ""),
        late,
    );
    // The worker says what the timeline shows; the page makes its view
    // (`ui::timeline::page`): the same view, byte for byte, as when the
    // worker made it.
    for (name, extra) in [
        ("view timeline", ""),
        (
            "view timeline filtered",
            r#","window":"week","filter":{"kinds":["token"],"statuses":["flagged"]},"events":3,"lanes":2"#,
        ),
    ] {
        let request = view("timeline", extra);
        let answer = ask(&mut r, b, &format!("{name}: what the worker answers"), &request, late);
        let params = serde_json::from_str::<serde_json::Value>(&request).unwrap()["params"].to_string();
        let v = revoke_watch::core::ui::timeline::page(&params, &answer, 60);
        b.add(
            name,
            &format!("{{\"view\":{}}}", revoke_watch::core::json::to_string(&v)),
        );
    }
    // The worker makes the JSON export; the page derives the other formats
    // from its text (`export::derive`), pinned here byte for byte.
    let mut json_export = String::new();
    let mut exports = Vec::new();
    for redact in [false, true] {
        let a = ask(
            &mut r,
            b,
            &format!("export json redact={redact}"),
            &format!(r#"{{"type":"export","redact":{redact}}}"#),
            late,
        );
        if !redact {
            json_export = a.clone();
        }
        exports.push((redact, a));
    }
    for format in [Format::Csv, Format::Html, Format::Markdown, Format::Jsonl] {
        for (redact, answer) in &exports {
            let content = serde_json::from_str::<serde_json::Value>(answer).unwrap()["content"]
                .as_str()
                .unwrap()
                .to_string();
            let file = export::derive(&content, format).unwrap();
            b.add(
                &format!("export {} redact={redact}", format.name()),
                &json::to_string(&file),
            );
        }
    }

    let Store::Ready(l) = &mut r.store else {
        panic!("broken")
    };
    for (k, v) in storage::writes(l, 1) {
        b.add(&format!("stored {k}"), &v);
    }

    // The export, imported into an empty ledger: read as the options page
    // reads it, then its events sent to the worker.
    let content = serde_json::from_str::<serde_json::Value>(&json_export).unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string();
    let mut fresh = Rig::new();
    let events = json::to_string(&export::import::read(&content).unwrap());
    let import = serde_json::json!({"type": "import", "data": events}).to_string();
    ask(&mut fresh, b, "import", &import, late);
    ask(&mut fresh, b, "import again", &import, late);
    ask(&mut fresh, b, "state after import", r#"{"type":"state"}"#, late);
    b.0.clone()
}

#[test]
fn every_written_byte_matches_the_golden_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/story.txt");
    let now = story();
    assert_eq!(now, story(), "the story is not deterministic");
    if std::env::var("GOLDEN").as_deref() == Ok("write") {
        std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
        std::fs::write(path, &now).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path).expect("tests/golden/story.txt (GOLDEN=write makes it)");
    if now != want {
        let (a, b): (Vec<_>, Vec<_>) = (want.lines().collect(), now.lines().collect());
        let i = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let section = a[..i.min(a.len())]
            .iter()
            .rev()
            .find(|l| l.starts_with("== "))
            .unwrap_or(&"");
        panic!(
            "differs from the golden file at line {} (in {section}):\n want: {}\n  got: {}",
            i + 1,
            a.get(i).map_or("<end>", |l| &l[..l.len().min(400)]),
            b.get(i).map_or("<end>", |l| &l[..l.len().min(400)]),
        );
    }
}
