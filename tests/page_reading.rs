//! Page reading against the fixture pages: every fixture's reading equals
//! its golden file, plus explicit checks of what matters most.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/html_tree.rs"]
mod html_tree;

use revoke_watch::core::page::{read_page, EntryKindTag, PageReading, Recognition, Record};
use revoke_watch::core::time::{Clock, Precision, TimeObs};
use std::path::{Path, PathBuf};

/// 2026-11-22T12:00:00Z, a Sunday; the browser in UTC.
pub const CLOCK: Clock = Clock {
    now_ms: 1_795_348_800_000,
    tz_offset_min: 0,
};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages")
}

/// `claude-code--table.html` is served at https://claude.ai/settings/claude-code.
fn url_of(name: &str) -> String {
    let page = name.split("--").next().unwrap();
    format!(
        "https://claude.ai/settings/{page}?fixture={}",
        name.split("--").nth(1).unwrap_or("")
    )
}

fn read_fixture(name: &str) -> PageReading {
    let html = std::fs::read_to_string(fixtures_dir().join(format!("{name}.html"))).unwrap();
    read_page(html_tree::snapshot_of(&html, &url_of(name)), &CLOCK)
}

fn read_html(page: &str, html: &str) -> PageReading {
    read_page(
        html_tree::snapshot_of(html, &format!("https://claude.ai/settings/{page}")),
        &CLOCK,
    )
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".html").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Golden files: `<fixture>.expected.json`. Set UPDATE_GOLDEN=1 to rewrite
/// them after a deliberate change, then review the diff. Also writes each
/// native tree to target/fixture-trees/ for the end-to-end parity test.
#[test]
fn every_fixture_matches_its_golden_file() {
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixture-trees");
    std::fs::create_dir_all(&trees).unwrap();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let names = fixture_names();
    assert!(
        names.len() >= 15,
        "issue 3 asks for at least 15 fixtures, found {}",
        names.len()
    );
    for name in names {
        let html = std::fs::read_to_string(fixtures_dir().join(format!("{name}.html"))).unwrap();
        let snapshot = html_tree::snapshot_of(&html, &url_of(&name));
        std::fs::write(
            trees.join(format!("{name}.json")),
            revoke_watch::core::json::to_string(&snapshot.nodes),
        )
        .unwrap();
        let reading = read_page(snapshot, &CLOCK);
        // Written compact by the core, indented by serde_json (its maps keep the order).
        let compact: serde_json::Value = serde_json::from_str(&revoke_watch::core::json::to_string(&reading)).unwrap();
        let got = serde_json::to_string_pretty(&compact).unwrap() + "\n";
        let golden = fixtures_dir().join(format!("{name}.expected.json"));
        if update {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(want) if want == got => {}
            Ok(_) => failures.push(format!("{name}: reading differs from {}", golden.display())),
            Err(_) => failures.push(format!("{name}: no golden file {}", golden.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with UPDATE_GOLDEN=1 and review the diff if the change is intended)",
        failures.join("\n")
    );
}

/// The entries' labels, in page order.
fn labels(r: &PageReading) -> Vec<&str> {
    r.entries.iter().map(|e| e.label()).collect()
}

/// Each entry's "Connected …" text as read, in page order (none for
/// entries other than tokens).
fn connected_texts(r: &PageReading) -> Vec<Option<&str>> {
    r.entries
        .iter()
        .map(|e| match &e.record {
            Record::Token { connected, .. } => connected.as_ref().map(|t| t.raw.as_str()),
            _ => None,
        })
        .collect()
}

fn tokens(r: &PageReading) -> Vec<(&str, &Vec<String>)> {
    r.entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Token { label, scopes, .. } => Some((label.as_str(), scopes)),
            _ => None,
        })
        .collect()
}

/// Each session read: its label and its location.
fn sessions(r: &PageReading) -> Vec<(&str, Option<&str>)> {
    r.entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Session { label, location, .. } => Some((label.as_str(), location.as_deref())),
            _ => None,
        })
        .collect()
}

#[test]
fn tables_lists_and_grids_all_give_tokens() {
    for (name, count) in [
        ("claude-code--table", 4),
        ("claude-code--list-icons", 3),
        ("claude-code--div-grid-title", 3),
        ("claude-code--mixed-times", 7),
        ("claude-code--article-cards", 2),
    ] {
        let r = read_fixture(name);
        assert_eq!(r.status, Recognition::Recognised, "{name}");
        assert_eq!(tokens(&r).len(), count, "{name}");
        assert_eq!(r.entries.len(), count, "{name}: nothing but tokens");
        assert!(
            tokens(&r).iter().all(|(_, s)| s.iter().any(|x| x == "user:inference")),
            "{name}: scopes read"
        );
    }
}

#[test]
fn a_form_around_a_rows_button_is_part_of_the_row() {
    let r = read_fixture("claude-code--row-forms");
    assert_eq!(r.status, Recognition::Recognised);
    let got = labels(&r);
    assert_eq!(got, ["Claude Code", "Claude Code"]);
    // The whole row drawn as a form, its control a button or an input.
    for control in ["<button>Revoke</button>", r#"<input type="submit" value="Revoke">"#] {
        let row = |ago: &str| format!("<form><span>Claude Code</span><span>Connected {ago}</span>{control}</form>");
        let body = format!(
            "<h2>Authorization tokens</h2><div>{}{}</div>",
            row("3 days ago"),
            row("4 days ago")
        );
        let r = read_html(
            "claude-code",
            &format!("<html lang=en><body><main>{body}</main></body></html>"),
        );
        assert_eq!(r.status, Recognition::Recognised, "{control}");
        assert_eq!(
            connected_texts(&r),
            [Some("Connected 3 days ago"), Some("Connected 4 days ago")],
            "{control}"
        );
    }
    // A form around the whole page holds every row's control: it is no row.
    let body = "<form><h2>Authorization tokens</h2><div><div><span>Claude Code</span><span>Connected 3 days ago</span>\
        <button>Revoke</button></div><div><span>Claude Code</span><span>Connected 4 days ago</span>\
        <button>Revoke</button></div></div></form>";
    let r = read_html("claude-code", &format!("<html lang=en><body>{body}</body></html>"));
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
}

#[test]
fn removals_drawn_as_bare_text_are_controls() {
    let r = read_fixture("claude-code--text-controls");
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code", "Claude Desktop"]);
    // Each entry's control is its own "Revoke" span (or the div around it),
    // never the word in the intro sentence.
    let page = html_tree::snapshot_of(
        &std::fs::read_to_string(fixtures_dir().join("claude-code--text-controls.html")).unwrap(),
        "https://claude.ai/settings/claude-code",
    );
    let tree = revoke_watch::core::tree::Tree::from_wire(page.nodes).unwrap();
    for e in &r.entries {
        let control = e.control as usize;
        assert_eq!(tree.joined_text(control), "Revoke");
        assert!(control > e.row as usize && control < tree.end(e.row as usize));
    }
    let page = |body: &str| {
        read_html(
            "claude-code",
            &format!("<html lang=en><body><main><h2>Authorization tokens</h2>{body}</main></body></html>"),
        )
    };
    let rows = |control: &str| {
        format!(
            "<ul><li><span>Claude Code</span><span>Connected 3 days ago</span>{control}</li>\
             <li><span>Claude Code</span><span>Connected 4 days ago</span>{control}</li></ul>"
        )
    };
    // Bare text in other elements, focusable or not.
    for control in [
        "<div>Revoke</div>",
        r#"<div tabindex="0">Revoke</div>"#,
        "<strong>Delete</strong>",
    ] {
        let r = page(&rows(control));
        assert_eq!(
            connected_texts(&r),
            [Some("Connected 3 days ago"), Some("Connected 4 days ago")],
            "{control}"
        );
    }
    // Not a removal's name, or not one that counts as bare text: unread.
    for control in ["<span>Details</span>", "<span>End</span>", "<span>Revoked</span>"] {
        assert!(page(&rows(control)).entries.is_empty(), "{control}");
    }
    // A removal's words that no one would click: in an element that is
    // no inline text (a label), hidden from assistive technology, a
    // sentence in pieces, or around a control of its own.
    for control in [
        "<label>Revoke</label>",
        r#"<span aria-hidden="true">Revoke</span>"#,
        "<span>Revoke <em>this</em> token</span>",
        r#"<span>Revoke <a href="/help">help</a></span>"#,
    ] {
        assert!(page(&rows(control)).entries.is_empty(), "{control}");
    }
    // A caption beside an unnamed icon button leaves the button the control.
    let r = page(&rows(
        r#"<button><svg aria-hidden="true"></svg></button><span class="sr-only">Revoke</span>"#,
    ));
    assert_eq!(r.entries.len(), 2);
    for e in &r.entries {
        assert_eq!(e.control, e.row + 5, "the button, not its caption");
    }
    // A confirmation drawn in plain spans beside the rows is no row.
    let r = page(&format!(
        "{}<div><div>Revoke token</div><p>Are you sure?</p><div><span>Cancel</span><span>Revoke</span></div></div>",
        rows("<span>Revoke</span>")
    ));
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
    // On a page that draws its rows' Revoke as buttons, bare text is never
    // a control: words that name a log-out everywhere are not one.
    let r = page(&format!(
        "{}<section><div><span>Log out of all devices</span></div></section>",
        rows("<button>Revoke</button>")
    ));
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
    assert_eq!(log_outs(&r), []);
    // Drawn alone, the same words are the page's log-out control.
    let r = page(&format!(
        "{}<section><div><span>Log out of all devices</span></div></section>",
        rows("<span>Revoke</span>")
    ));
    assert_eq!(log_outs(&r), [("Log out of all devices", true)]);
    // "Log out of all devices" written above a "Log out" button captions it.
    let r = read_fixture("account--div-titles");
    assert_eq!(log_outs(&r), [("Log out", true)]);
}

#[test]
fn a_row_with_two_remove_controls_is_one_entry_with_both() {
    let r = read_fixture("account--two-controls");
    let got: Vec<(&str, usize)> = r.entries.iter().map(|e| (e.label(), e.more_controls.len())).collect();
    assert_eq!(
        got,
        [
            ("Chrome on macOS", 1),
            ("Firefox on Linux", 1),
            ("iPhone 15", 1),
            ("Pixel 8", 1)
        ]
    );
    // A row's "Sign out" is that session's, not a sign-out everywhere.
    assert!(r.log_out_controls.is_empty(), "{:?}", r.log_out_controls);
}

#[test]
fn scopes_in_brackets_after_the_label_are_scopes() {
    let html = r#"<html><body><main><h2>Authorization tokens</h2><div>
<div><span>Claude Code (user:inference, user:profile)</span><span>Connected 3 days ago</span><button title="Revoke token">🗑</button></div>
<div><span>Claude Desktop (user:inference user:file_upload)</span><span>Connected 2 months ago</span><button title="Revoke token">🗑</button></div>
<div><span>Claude Code (work laptop)</span><span>Connected 2 months ago</span><button title="Revoke token">🗑</button></div>
</div></main></body></html>"#;
    let r = read_html("claude-code", html);
    let none: Vec<String> = Vec::new();
    let scopes = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        tokens(&r),
        [
            ("Claude Code", &scopes(&["user:inference", "user:profile"])),
            ("Claude Desktop", &scopes(&["user:inference", "user:file_upload"])),
            // Other words in brackets stay the label's.
            ("Claude Code (work laptop)", &none),
        ]
    );
}

#[test]
fn a_time_written_into_the_label_is_split_off() {
    let r = read_fixture("claude-code--time-in-label");
    assert_eq!(r.entries.len(), 6);
    for e in &r.entries {
        let Record::Token { label, connected, .. } = &e.record else {
            panic!("not a token: {e:?}")
        };
        assert_eq!(label, "Claude Code");
        let connected = connected.as_ref().expect("the time is read");
        assert!(
            connected.raw.to_lowercase().starts_with("connected "),
            "{}",
            connected.raw
        );
        assert!(connected.interval.is_some());
    }
}

#[test]
fn a_dialog_that_lists_rows_is_read_as_a_listing() {
    let r = read_fixture("account--sessions-dialog");
    assert_eq!(r.status, Recognition::Recognised);
    let got = labels(&r);
    assert_eq!(got, ["Firefox on Windows", "Claude for iOS"]);
    // Its "Log out" buttons are no dialog's go-ahead.
    assert!(r.dialogs.is_empty(), "{:?}", r.dialogs);
}

#[test]
fn a_row_with_no_name_is_named_by_what_its_control_removes() {
    let r = read_fixture("claude-code--named-by-control");
    let got = labels(&r);
    assert_eq!(got, ["Claude Code", "Claude Desktop", "(no label)"]);
    // The badge goes beside the button, never inside it.
    assert!(r.entries.iter().all(|e| e.anchor != e.control));
}

#[test]
fn field_names_are_not_labels() {
    // "Product" in a <dt>, or "Name:" before the value, names a field: the
    // label is the value, and "Connected" joins the time in the next cell.
    let r = read_fixture("claude-code--definition-list");
    let got = labels(&r);
    assert_eq!(
        got,
        [
            "Claude Code",
            "Claude Code",
            "Claude Desktop",
            "Remote Control",
            "Claude Code"
        ]
    );
    for e in &r.entries {
        assert!(e.extra.is_empty(), "{}: nothing left over: {:?}", e.label(), e.extra);
        let Record::Token { connected, scopes, .. } = &e.record else {
            panic!("{}: not a token", e.label())
        };
        assert!(!scopes.is_empty(), "{}: scopes read", e.label());
        assert!(
            connected.as_ref().is_some_and(|t| t.interval.is_some()),
            "{}: connected time read: {connected:?}",
            e.label()
        );
    }
}

#[test]
fn a_lone_card_with_its_own_heading_is_a_row() {
    // The card's heading "Claude Code" is its label, not a section: the row
    // is the card, not the bare button.
    let r = read_fixture("claude-code--lone-card-heading");
    assert_eq!(r.status, Recognition::Recognised, "{:?}", r.status);
    assert_eq!(
        tokens(&r),
        [(
            "Claude Code",
            &vec!["user:inference".to_string(), "user:profile".to_string()]
        )]
    );
    assert_eq!(r.entries[0].section.as_deref(), Some("Authorization tokens"));
}

#[test]
fn a_name_that_is_a_link_is_the_label() {
    let r = read_fixture("claude-code--link-labels");
    let got = labels(&r);
    assert_eq!(got, ["Claude Code", "Claude Code", "Claude Desktop"]);
    for e in &r.entries {
        // The badge goes in the row, never inside the link or button.
        assert_eq!(e.anchor, e.row, "{}", e.label());
    }
}

#[test]
fn decoration_is_not_part_of_a_control_name() {
    // "× Revoke Claude Code token" with the × aria-hidden: the name says
    // revoke, so each row is an entry (before, the page was not recognised).
    let r = read_fixture("claude-code--glyph-buttons");
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(tokens(&r).len(), 3);
    assert_eq!(r.dialogs.len(), 1);
    // A glyph that is not hidden ("🗑 Revoke", "✕ Remove") says nothing either.
    for caption in ["🗑 Revoke", "✕ Remove", "– Revoke"] {
        let html = format!(
            "<main><h2>Authorization tokens</h2><ul>\
             <li>Claude Code · Connected 3 days ago<button>{caption}</button></li>\
             <li>Claude Code · Connected 2 days ago<button>{caption}</button></li></ul></main>"
        );
        let r = read_page(
            html_tree::snapshot_of(&html, "https://claude.ai/settings/claude-code"),
            &CLOCK,
        );
        assert_eq!(tokens(&r).len(), 2, "{caption}");
    }
}

/// A tokens page of two rows, each drawn with `controls` after its name
/// and time.
fn two_tokens_with(controls: &str) -> PageReading {
    read_html(
        "claude-code",
        &format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
             <li><span>Claude Code</span><span>Connected 3 days ago</span>{controls}</li>\
             <li><span>Claude Code</span><span>Connected 4 days ago</span>{controls}</li></ul></main></body></html>"
        ),
    )
}

/// A control's name is read as a screen reader would: an icon's `alt` or
/// `aria-label`, every piece of its text, the `title` where its content
/// names no removal, and never what is hidden from assistive technology.
#[test]
fn a_control_is_named_by_every_part_of_it_that_a_screen_reader_reads() {
    // Two icon buttons per row, told apart only by their images' names:
    // the one named as a removal is the row's control, the other is not.
    for (controls, offset) in [
        (
            r#"<button><img alt="Edit"></button><button><img alt="Revoke"></button>"#,
            7,
        ),
        (
            r#"<button><svg aria-label="Edit"></svg></button><button><svg aria-label="Revoke"></svg></button>"#,
            7,
        ),
        // Content that names no removal ("icon") leaves the title to say it.
        (
            r#"<button title="Rename"><svg><title>icon</title></svg></button><button title="Revoke"><svg><title>icon</title></svg></button>"#,
            9,
        ),
    ] {
        let r = two_tokens_with(controls);
        assert_eq!(labels(&r), ["Claude Code", "Claude Code"], "{controls}");
        for e in &r.entries {
            assert_eq!(e.control, e.row + offset, "{controls}");
            assert_eq!(e.more_controls, Vec::<u32>::new(), "{controls}");
        }
    }
    let account = |control: &str| {
        read_html(
            "account",
            &format!("<html lang=en><body><main><h1>Account</h1><section>{control}</section></main></body></html>"),
        )
    };
    // A control hidden from assistive technology is still clicked: its
    // name is its content.
    let r = two_tokens_with(r#"<button aria-hidden="true">Revoke</button>"#);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
    // A name in two pieces is read whole: "Log out" + "of all devices".
    let r = account("<button><span>Log out</span> <span>of all devices</span></button>");
    assert_eq!(log_outs(&r), [("Log out of all devices", true)]);
    // An icon font's ligature hidden from assistive technology is no word
    // of the name.
    let r = account(r#"<button><span aria-hidden="true">logout</span>Log out of all devices</button>"#);
    assert_eq!(log_outs(&r), [("Log out of all devices", true)]);
}

#[test]
fn trusted_devices_keep_their_last_use() {
    let r = read_fixture("account--device-last-used");
    let used: Vec<(&str, Option<&str>)> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Device { name, last_used, .. } => Some((name.as_str(), last_used.as_ref().map(|t| t.raw.as_str()))),
            _ => None,
        })
        .collect();
    assert_eq!(
        used,
        [
            ("iPhone 15", Some("Last used 2 days ago")),
            ("Work laptop", Some("Last used 3 weeks ago"))
        ]
    );
    // "Delete account" is not a removal of anything listed; the link-button
    // "Sign out of all sessions" is the sign-out-everywhere control.
    assert_eq!(r.log_out_controls.len(), 1);
    assert_eq!(r.log_out_controls[0].label, "Sign out of all sessions");
    assert_eq!(r.entries.len(), 4);
}

#[test]
fn trusted_devices_keep_enrolment_dates_however_worded() {
    let r = read_fixture("account--device-dates");
    let got: Vec<(&str, Option<&str>, Option<i64>)> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Device {
                name,
                platform,
                enrolled,
                ..
            } => Some((
                name.as_str(),
                platform.as_deref(),
                enrolled.as_ref().and_then(|t| t.interval.as_ref()).map(|i| i.earliest),
            )),
            _ => None,
        })
        .collect();
    // Midnight UTC of each day (the browser in UTC).
    let day = |y, m, d| revoke_watch::core::time::days_from_civil(y, m, d) * 86_400_000;
    assert_eq!(
        got,
        [
            ("MacBook Air", Some("macOS"), Some(day(2026, 10, 1))),
            ("Pixel 9", Some("Android"), Some(day(2026, 11, 3))),
            ("Office PC", Some("Windows"), Some(day(2026, 11, 12))),
            ("iPad", Some("iPadOS"), Some(day(2026, 9, 14))),
            ("Linux box", Some("Linux"), Some(day(2026, 8, 30))),
            ("Chromebook", Some("ChromeOS"), Some(day(2026, 7, 4))),
        ]
    );
}

#[test]
fn a_heading_drawn_by_role_takes_its_place_in_the_outline() {
    // A `role="heading"` without a level is a level-2 heading (ARIA's
    // default): the `<h2>` after it closes its section, so the
    // integrations further down ("Connected 3 months ago") are read beside
    // a named listing, as on the fixture drawn with `<h2>`, and stay no
    // tokens of the account page.
    let html = std::fs::read_to_string(fixtures_dir().join("account--integrations.html")).unwrap();
    let by_role = html.replace(
        "<h2>Active sessions</h2>",
        "<div role=\"heading\">Active sessions</div>",
    );
    assert_ne!(by_role, html);
    let kinds = |r: &PageReading| {
        r.entries
            .iter()
            .map(|e| (e.label().to_string(), e.kind_tag()))
            .collect::<Vec<_>>()
    };
    let drawn = read_fixture("account--integrations");
    let got = read_page(
        html_tree::snapshot_of(&by_role, &url_of("account--integrations")),
        &CLOCK,
    );
    assert_eq!(kinds(&got), kinds(&drawn));
    assert_eq!(got.entries.len(), 6, "{got:?}");
    assert!(
        !got.entries.iter().any(|e| e.kind_tag() == EntryKindTag::Token),
        "{got:?}"
    );
}

#[test]
fn an_empty_listing_is_read_from_its_sentence() {
    let r = read_fixture("claude-code--empty-created");
    assert_eq!(r.status, Recognition::Recognised);
    assert!(r.entries.is_empty());
    assert_eq!(r.empty_sections, [revoke_watch::core::phrases::SectionKind::Tokens]);
}

#[test]
fn an_empty_listing_is_read_from_a_none_under_its_heading_or_a_count_of_none() {
    // After the last token is revoked the page may say only "None", or
    // count none in the heading: read as not recognised, the revocation
    // of that last token never came to be verified.
    use revoke_watch::core::phrases::SectionKind;
    for body in [
        "<h2>Authorization tokens</h2><div><p>None</p></div>",
        "<h2>Authorization tokens</h2><p>Nothing to show.</p>",
        "<h2>Authorization tokens (0)</h2><p>Tokens you create with <code>claude setup-token</code> will appear here.</p>",
    ] {
        let r = read_html("claude-code", &format!("<html lang=en><body><main>{body}</main></body></html>"));
        assert_eq!(r.status, Recognition::Recognised, "{body}");
        assert_eq!(r.empty_sections, [SectionKind::Tokens], "{body}");
    }
    // "None" under a heading that names no listing, or a count that is not
    // none, says nothing.
    for body in [
        "<h2>Connectors</h2><p>None</p>",
        "<h2>Authorization tokens (10)</h2><p>Loading…</p>",
    ] {
        let r = read_html(
            "claude-code",
            &format!("<html lang=en><body><main>{body}</main></body></html>"),
        );
        assert!(r.empty_sections.is_empty(), "{body}");
    }
}

#[test]
fn tokens_the_page_marks_revoked_or_expired_are_not_active_entries() {
    let r = read_fixture("claude-code--revoked-status");
    assert_eq!(r.status, Recognition::Recognised);
    let got: Vec<(String, Option<String>)> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Token { label, connected, .. } => Some((label.clone(), connected.as_ref().map(|t| t.raw.clone()))),
            _ => None,
        })
        .collect();
    let s = |l: &str, c: &str| (l.to_string(), Some(c.to_string()));
    assert_eq!(
        got,
        [
            s("Claude Code", "Connected 3 days ago"),
            // A name that is the word itself is a name, not a status.
            s("Revoked", "Connected 7 days ago"),
            // A note that only starts with the word is not a status.
            s("Claude Code", "Connected 8 days ago"),
        ]
    );
    assert!(r.empty_sections.is_empty());
    // Every row marked: the listing is there and holds no active token.
    let r = read_fixture("claude-code--revoked-only");
    assert_eq!(r.status, Recognition::Recognised);
    assert!(r.entries.is_empty());
    assert_eq!(r.empty_sections, [revoke_watch::core::phrases::SectionKind::Tokens]);
}

#[test]
fn a_status_word_never_hides_a_device_or_session() {
    // Whoever enrolls a device names it, and its platform: a row with
    // "Expired" of its own is still watched.
    let html = r#"<html lang=en><body><main><h2>Trusted devices</h2>
        <div><div>Laptop</div><div>Expired</div><div>Enrolled Nov 3, 2026</div><button>Remove</button></div>
        <div><div>Phone</div><div>Android</div><div>Enrolled Nov 4, 2026</div><button>Remove</button></div>
        <h2>Active sessions</h2>
        <div><div>Chrome on macOS</div><div>Session ended</div><button>Terminate</button></div>
        <div><div>Firefox on Linux</div><div>Last active 2 hours ago</div><button>Terminate</button></div>
        </main></body></html>"#;
    let r = read_html("account", html);
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(r.entries.len(), 4, "{:?}", r.entries);
}

#[test]
fn a_time_followed_by_more_words_is_still_read() {
    let r = read_fixture("claude-code--time-then-more");
    let raw = |t: &Option<TimeObs>| t.as_ref().filter(|t| t.interval.is_some()).map(|t| t.raw.clone());
    let got: Vec<(Option<String>, Option<String>, Vec<String>)> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Token {
                connected, last_used, ..
            } => Some((raw(connected), raw(last_used), e.extra.clone())),
            _ => None,
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        [
            // The expiry is a time to come, read and kept out of the fields.
            (s("Connected 3 days ago"), None, vec![]),
            (s("Connected 5 hours ago"), s("Last used 2 hours ago."), vec![]),
            (s("Connected 2 months ago"), None, vec!["via setup-token".to_string()]),
        ]
    );
}

#[test]
fn a_place_after_a_session_time_is_its_location() {
    let r = read_fixture("account--from-places");
    let got: Vec<(&str, Option<&str>, Option<&str>, bool)> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Session {
                label,
                location,
                last_active,
                signed_in,
                ..
            } => {
                let time = last_active.as_ref().or(signed_in.as_ref());
                Some((
                    label.as_str(),
                    location.as_deref(),
                    time.map(|t| t.raw.as_str()),
                    time.is_some_and(|t| t.interval.is_some()),
                ))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Firefox on Windows",
                Some("198.51.100.4"),
                Some("Last active 2 hours ago"),
                true
            ),
            (
                "Claude for iPhone",
                Some("Paris, FR"),
                Some("Signed in Nov 3, 2026 at 9:41 AM"),
                true
            ),
        ]
    );
}

#[test]
fn punctuation_between_spans_is_not_a_field() {
    // Scope chips joined by ", " text, a platform after " - " (which joins
    // the name, as "Claude Code - CLI" would), a " / " before the time.
    let r = read_html(
        "claude-code",
        "<h2>Authorization tokens</h2><table><tbody>\
         <tr><td>Claude Code</td><td><span>user:inference</span>, <span>user:profile</span></td>\
         <td>Connected 2 hours ago</td><td><button>Revoke</button></td></tr>\
         <tr><td>Claude Code</td><td><span>user:inference</span>; <span>user:mcp_servers</span></td>\
         <td>Connected 3 hours ago</td><td><button>Revoke</button></td></tr></tbody></table>",
    );
    assert_eq!(tokens(&r).len(), 2, "{r:?}");
    for e in &r.entries {
        assert!(e.extra.is_empty(), "{}: nothing left over: {:?}", e.label(), e.extra);
    }
    let r = read_html(
        "account",
        "<h2 id=\"trusted-devices\">Trusted devices</h2><ul>\
         <li><b>MacBook Pro</b> - <span>macOS</span> / <span>Trusted on Nov 1, 2026</span><button>Remove</button></li>\
         <li><b>Pixel 8</b> - <span>Android</span> / <span>Trusted on Nov 2, 2026</span><button>Remove</button></li></ul>",
    );
    let got: Vec<(&str, &[String])> = r.entries.iter().map(|e| (e.label(), e.extra.as_slice())).collect();
    assert_eq!(
        got,
        [("MacBook Pro - macOS", &[][..]), ("Pixel 8 - Android", &[][..])],
        "{r:?}"
    );
    let r = read_html(
        "claude-code",
        "<h2>Authorization tokens</h2><ul>\
         <li><b>Claude Code</b> / <span>Connected 2 hours ago</span><button>Revoke</button></li>\
         <li><b>Claude Code</b> / <span>Connected 3 hours ago</span><button>Revoke</button></li></ul>",
    );
    let got: Vec<(&str, &[String])> = r.entries.iter().map(|e| (e.label(), e.extra.as_slice())).collect();
    assert_eq!(got, [("Claude Code", &[][..]), ("Claude Code", &[][..])], "{r:?}");
}

#[test]
fn a_caption_beside_a_remove_control_is_not_a_detail() {
    // A visually hidden "Revoke" after an unnamed icon button, and a
    // hidden "Revoke token" before a button named the same: each says
    // what the control does, and is no detail of the token.
    let icon = "<svg aria-hidden=\"true\"></svg>";
    for row in [
        format!("<button>{icon}</button><span>Revoke</span>"),
        format!("<span>Revoke token</span><button aria-label=\"Revoke token\">{icon}</button>"),
    ] {
        let r = read_html(
            "claude-code",
            &format!(
                "<h2>Authorization tokens</h2><ul>\
                 <li><span>Claude Code</span><span>Connected 3 days ago</span>{row}</li>\
                 <li><span>Claude Code</span><span>Connected 5 days ago</span>{row}</li></ul>"
            ),
        );
        assert_eq!(tokens(&r).len(), 2, "{row}: {r:?}");
        for e in &r.entries {
            assert!(e.extra.is_empty(), "{row}: nothing left over: {:?}", e.extra);
        }
    }
    // A device's platform is the first detail: "Remove" beside the icon
    // must not take its place. A name that says a removal is still a name
    // where it stands apart from the control.
    let r = read_html(
        "account",
        "<h2 id=\"trusted-devices\">Trusted devices</h2><ul>\
         <li><b>MacBook Pro</b><span>macOS</span><span>Trusted on Nov 1, 2026</span><button><svg></svg></button> Remove</li>\
         <li><b>Delete me later</b><span>Android</span><span>Trusted on Nov 2, 2026</span><button><svg></svg></button> Remove</li></ul>",
    );
    let got: Vec<(&str, Option<&str>, &[String])> = r
        .entries
        .iter()
        .map(|e| match &e.record {
            Record::Device { name, platform, .. } => (name.as_str(), platform.as_deref(), e.extra.as_slice()),
            other => panic!("not a device: {other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            ("MacBook Pro", Some("macOS"), &[][..]),
            ("Delete me later", Some("Android"), &[][..])
        ],
        "{r:?}"
    );
}

#[test]
fn an_icon_name_is_a_label_only_when_nothing_else_names_the_row() {
    // An SVG's <title> is not on screen: the visible name comes first.
    let r = read_fixture("account--svg-icons");
    let got: Vec<(&str, &[String])> = r.entries.iter().map(|e| (e.label(), e.extra.as_slice())).collect();
    assert_eq!(
        got,
        [
            ("Chrome on macOS", &["Desktop".to_string()][..]),
            ("Claude for iOS", &["Phone".to_string()][..]),
        ]
    );
    let r = read_fixture("claude-code--logo-icons");
    assert!(r.entries.iter().all(|e| e.label() == "Claude Code"), "{r:?}");
    // A row named only by an icon (`<li><span><svg><title>`): the badge
    // goes in the span that holds the icon, never inside the <svg>.
    let last = &r.entries[3];
    assert!(last.extra.is_empty());
    assert_eq!(last.anchor, last.row + 1);
}

#[test]
fn column_headers_say_what_a_bare_time_is() {
    use revoke_watch::core::phrases::TimeRole;
    let role = |t: &Option<revoke_watch::core::time::TimeObs>| t.as_ref().map(|t| (t.raw.clone(), t.role));
    // Each token's "Created" is when it was granted, its "Last used" when
    // it was last active.
    let token_times_by_column = |r: &PageReading| {
        assert_eq!(r.entries.len(), 2, "{r:?}");
        for e in &r.entries {
            let Record::Token {
                connected, last_used, ..
            } = &e.record
            else {
                panic!("not a token: {e:?}")
            };
            assert_eq!(role(connected).map(|r| r.1), Some(TimeRole::SignedIn), "{e:?}");
            assert_eq!(role(last_used).map(|r| r.1), Some(TimeRole::LastActive), "{e:?}");
        }
    };
    token_times_by_column(&read_fixture("claude-code--column-times"));
    let r = read_fixture("account--column-times");
    let got: Vec<_> = r
        .entries
        .iter()
        .map(|e| match &e.record {
            Record::Session {
                last_active, signed_in, ..
            } => (role(last_active), role(signed_in)),
            _ => panic!("not a session: {e:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(("5 minutes ago".into(), TimeRole::LastActive)),
                Some(("Nov 1, 2026".into(), TimeRole::SignedIn))
            ),
            (
                Some(("yesterday".into(), TimeRole::LastActive)),
                Some(("Oct 20, 2026".into(), TimeRole::SignedIn))
            ),
        ]
    );
    // The header row is the first row with a header cell, not the first
    // row: a row above it that spans the table (a note, a count) heads
    // no column.
    let noted = "<main><h2>Authorization tokens</h2><table><thead>\
        <tr><td colspan=\"4\">2 tokens</td></tr>\
        <tr><th>Client</th><th>Created</th><th>Last used</th><th></th></tr></thead><tbody>\
        <tr><td>Claude Code</td><td>Nov 3, 2026</td><td>2 hours ago</td><td><button>Revoke</button></td></tr>\
        <tr><td>Claude Code</td><td>Nov 10, 2026</td><td>3 days ago</td><td><button>Revoke</button></td></tr>\
        </tbody></table></main>";
    token_times_by_column(&read_html("claude-code", noted));
}

#[test]
fn rows_hidden_by_inline_style_are_not_entries() {
    let r = read_fixture("claude-code--inline-hidden");
    let got: Vec<(&str, &str)> = r
        .entries
        .iter()
        .map(|e| match &e.record {
            Record::Token { label, connected, .. } => {
                (label.as_str(), connected.as_ref().map_or("", |t| t.raw.as_str()))
            }
            _ => ("?", ""),
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Claude Code", "Connected 3 days ago"),
            ("Claude Code", "Connected 4 days ago")
        ]
    );
}

#[test]
fn a_listing_that_shows_only_part_says_so() {
    for (name, count, why) in [
        ("claude-code--virtual-grid", 4, "it holds 241 rows and draws 5"),
        ("claude-code--show-more", 3, "it offers \"Show more (37)\""),
    ] {
        let r = read_fixture(name);
        assert_eq!(r.status, Recognition::Recognised, "{name}");
        assert_eq!(tokens(&r).len(), count, "{name}: the rows drawn are read");
        assert_eq!(r.partial.as_deref(), Some(why), "{name}");
    }
    for name in [
        "claude-code--table",
        "claude-code--identical-300",
        "claude-code--list-icons",
    ] {
        assert_eq!(read_fixture(name).partial, None, "{name}: a whole listing");
    }
    // Room a scrolling list holds for rows it does not draw: an empty
    // spacer, by its height or its least height, or a padding below.
    let rows = |before: &str, list_style: &str| {
        read_html(
            "claude-code",
            &format!(
                "<html lang=en><body><main><h2>Authorization tokens</h2>\
                 <div style=\"height: 300px; overflow-y: auto\"><div style=\"{list_style}\">{before}\
                 <div><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></div>\
                 <div><span>Claude Code</span><span>Connected 4 days ago</span><button>Revoke</button></div>\
                 </div></div></main></body></html>"
            ),
        )
    };
    let in_view = Some("it draws the part of a scrolling list in view");
    for (before, list_style, partial) in [
        (r#"<div style="height: 2400px"></div>"#, "", in_view),
        (r#"<div style="min-height: 2400px"></div>"#, "", in_view),
        ("", "padding-bottom: 2400px", in_view),
        // A thin gap, or a spacer that holds words, holds no rows.
        (r#"<div style="height: 24px"></div>"#, "", None),
        (
            r#"<div style="height: 2400px">Tokens you revoke stop working at once.</div>"#,
            "",
            None,
        ),
        ("", "padding-bottom: 24px", None),
    ] {
        let r = rows(before, list_style);
        assert_eq!(r.entries.len(), 2, "{before} {list_style}");
        assert_eq!(r.partial.as_deref(), partial, "{before} {list_style}");
    }
    // What a grid or its rows say they hold: more than drawn, or -1
    // (ARIA's "unknown"), is part; as many as drawn, or fewer, is whole.
    let row = |attrs: &str| {
        format!("<div role=\"row\" {attrs}><span role=\"gridcell\">Claude Code</span><span role=\"gridcell\">Connected 3 days ago</span><span role=\"gridcell\"><button>Revoke</button></span></div>")
    };
    for (grid, each_row, partial) in [
        ("aria-rowcount=\"3\"", ["", ""], Some("it holds 3 rows and draws 2")),
        ("aria-rowcount=\"2\"", ["", ""], None),
        ("aria-rowcount=\"0\"", ["", ""], None),
        (
            "aria-rowcount=\"-1\"",
            ["", ""],
            Some("it does not say how many rows it holds"),
        ),
        (
            "",
            ["aria-setsize=\"3\"", "aria-setsize=\"3\""],
            Some("it holds 3 entries and draws 2"),
        ),
        ("", ["aria-setsize=\"2\"", "aria-setsize=\"2\""], None),
        ("", ["aria-setsize=\"1\"", ""], None),
        (
            "",
            ["aria-setsize=\"-1\"", ""],
            Some("it does not say how many rows it holds"),
        ),
    ] {
        let html = format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><div role=\"grid\" {grid}>{}{}</div></main></body></html>",
            row(each_row[0]),
            row(each_row[1]),
        );
        let r = read_html("claude-code", &html);
        assert_eq!(r.entries.len(), 2, "{grid} {each_row:?}");
        assert_eq!(r.partial.as_deref(), partial, "{grid} {each_row:?}");
    }
}

#[test]
fn identical_entries_stay_separate_and_ordered() {
    let r = read_fixture("claude-code--identical-300");
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(r.entries.len(), 300);
    for (i, e) in r.entries.iter().enumerate() {
        assert_eq!(e.ordinal as usize, i);
        assert_eq!(e.label(), "Claude Code");
    }
    let rows: Vec<u32> = r.entries.iter().map(|e| e.row).collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "page order kept");
}

#[test]
fn a_listing_with_no_heading_is_what_most_of_its_rows_say() {
    let listing = |rows: &str| format!("<html lang=en><body><main><ul>{rows}</ul></main></body></html>");
    // A row marked as the session in use makes its listing sessions.
    let r = read_html(
        "account",
        &listing(
            "<li><span>Chrome on macOS</span><span>Current</span><button>Remove</button></li>\
             <li><span>Firefox on Windows</span><button>Remove</button></li>",
        ),
    );
    assert_eq!(r.status, Recognition::Recognised);
    let kinds: Vec<_> = r.entries.iter().map(|e| e.kind_tag()).collect();
    assert_eq!(kinds, [EntryKindTag::Session, EntryKindTag::Session]);
    // Half the rows saying scopes and half a last activity is no majority:
    // the listing is of no kind the page lists, and nothing is taken for
    // a token or a session.
    for page in ["claude-code", "account"] {
        let r = read_html(
            page,
            &listing(
                "<li><span>Claude Code</span><span>user:inference</span><button>Remove</button></li>\
                 <li><span>Firefox on Windows</span><span>Last active 2 hours ago</span><button>Remove</button></li>",
            ),
        );
        assert!(
            matches!(r.status, Recognition::NotRecognised { .. }),
            "{page}: {:?}",
            r.status
        );
        let kinds: Vec<_> = r.entries.iter().map(|e| e.kind_tag()).collect();
        assert_eq!(kinds, [EntryKindTag::Other, EntryKindTag::Other], "{page}");
    }
}

#[test]
fn a_row_s_data_id_is_its_page_id_and_its_element_id_is_not() {
    // `data-…id` values are the app's own keys for its rows; an element's
    // `id` (kept when made of words, for anchors such as
    // "trusted-devices") is no key: it may be one per kind of row.
    let html = "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
        <li data-token-id=\"tok_1\"><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li>\
        <li id=\"token-row\"><span>Claude Code</span><span>Connected 4 days ago</span><button>Revoke</button></li>\
        </ul></main></body></html>";
    let r = read_html("claude-code", html);
    let ids: Vec<Option<&str>> = r.entries.iter().map(|e| e.page_id.as_deref()).collect();
    assert_eq!(ids, [Some("tok_1"), None]);
}

#[test]
fn unknown_layouts_are_not_recognised() {
    for name in [
        "claude-code--unknown-layout",
        "account--unknown-layout",
        "usage--no-meters",
    ] {
        let r = read_fixture(name);
        assert!(
            matches!(r.status, Recognition::NotRecognised { .. }),
            "{name}: {:?}",
            r.status
        );
        assert!(r.entries.is_empty(), "{name}: nothing read when not recognised");
    }
    // A page in a language with no phrase table says so, rather than
    // blaming the layout; an English page that is not read does not.
    let page = |lang: &str| {
        format!(
            "<html lang=\"{lang}\"><body><main><h2>Jetons d'autorisation</h2><ul><li><span>Claude Code</span>\
            <span>Connecté il y a 3 jours</span><button>Révoquer</button></li></ul></main></body></html>"
        )
    };
    let reason = |lang: &str| match read_html("claude-code", &page(lang)).status {
        Recognition::NotRecognised { reason } => reason,
        Recognition::Recognised => panic!("{lang}: recognised"),
    };
    assert!(
        reason("fr-FR").starts_with(
            "the page is in a language revoke-watch does not read yet (\"fr\"; it reads English): found no"
        ),
        "{}",
        reason("fr-FR")
    );
    assert!(
        reason("en-GB").starts_with("found no authorization tokens section"),
        "{}",
        reason("en-GB")
    );
    assert!(reason("").starts_with("found no"), "{}", reason(""));
}

#[test]
fn a_page_that_says_it_is_loading_is_not_blamed_on_the_layout() {
    let reason = |page: &str, body: &str| {
        let html = format!("<html lang=en><body><main>{body}</main></body></html>");
        match read_html(page, &html).status {
            Recognition::NotRecognised { reason } => reason,
            Recognition::Recognised => panic!("{body}: recognised"),
        }
    };
    let loading = "the page says it is still loading";
    for (page, body) in [
        (
            "claude-code",
            "<h2>Authorization tokens</h2><p>Manage your authorization tokens.</p><div role=status><span>Loading…</span></div>",
        ),
        ("claude-code", "<h2>Authorization tokens</h2><p>Loading your tokens...</p>"),
        ("account", "<h2>Active sessions</h2><div>Loading</div>"),
        ("usage", "<h2>Usage</h2><span>Fetching…</span>"),
    ] {
        assert!(reason(page, body).starts_with(loading), "{body}: {}", reason(page, body));
    }
    // A sentence that only mentions loading is no loading state.
    let other = reason(
        "claude-code",
        "<h2>Authorization tokens</h2><p>Loading a token into a new client signs it in.</p>",
    );
    assert!(other.starts_with("found the authorization tokens section"), "{other}");
}

#[test]
fn dialogs_are_not_rows_and_are_reported() {
    let r = read_fixture("claude-code--confirm-dialog");
    assert_eq!(tokens(&r).len(), 2);
    assert_eq!(r.dialogs.len(), 1);
    assert!(r.dialogs[0].confirm.is_some() && r.dialogs[0].cancel.is_some());
}

#[test]
fn account_page_reads_sessions_devices_and_log_out() {
    let r = read_fixture("account--sessions-devices");
    let sessions: Vec<_> = r
        .entries
        .iter()
        .filter(|e| matches!(e.record, Record::Session { .. }))
        .collect();
    let devices: Vec<_> = r
        .entries
        .iter()
        .filter(|e| matches!(e.record, Record::Device { .. }))
        .collect();
    // The current session has no terminate control, so two sessions are removable.
    assert_eq!(sessions.len(), 2);
    assert_eq!(devices.len(), 2);
    assert!(r
        .log_out_controls
        .iter()
        .any(|l| l.explicit && l.label == "Log out of all devices"));
    assert!(
        r.entries.iter().all(|e| !e.label().contains("Delete account")),
        "Delete account is not a row"
    );
    // A region labelled "Active sessions" under a page heading "Security":
    // the label names the section; "End session" links are the controls.
    let r = read_fixture("account--grid-links");
    let got: Vec<(&str, Option<&str>)> = r.entries.iter().map(|e| (e.label(), e.section.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("Claude Desktop", Some("Active sessions")),
            ("Claude Code CLI", Some("Active sessions")),
            ("iPhone 15", Some("Trusted devices")),
            ("Chromebook", Some("Trusted devices")),
        ]
    );
    assert!(r.entries[..2]
        .iter()
        .all(|e| matches!(e.record, Record::Session { .. })));
    assert!(r.entries[2..].iter().all(|e| matches!(e.record, Record::Device { .. })));
    let r = read_fixture("account--div-icons");
    assert_eq!(r.entries.len(), 2);
    assert!(r
        .empty_sections
        .contains(&revoke_watch::core::phrases::SectionKind::Devices));
}

/// Each entry's label, section, and whether it was read as a session.
fn labels_sections_and_sessions(r: &PageReading) -> Vec<(&str, Option<&str>, bool)> {
    let is_session = |e: &revoke_watch::core::page::Entry| matches!(e.record, Record::Session { .. });
    r.entries
        .iter()
        .map(|e| (e.label(), e.section.as_deref(), is_session(e)))
        .collect()
}

/// Each log-out-everywhere control's label and whether it says so itself.
fn log_outs(r: &PageReading) -> Vec<(&str, bool)> {
    r.log_out_controls
        .iter()
        .map(|l| (l.label.as_str(), l.explicit))
        .collect()
}

#[test]
fn section_titles_drawn_as_plain_text_name_their_listings() {
    // "Active sessions" and "Trusted devices" are styled divs under a page
    // heading "Account" that names no listing.
    let r = read_fixture("account--div-titles");
    let got = labels_sections_and_sessions(&r);
    assert_eq!(
        got,
        [
            ("Firefox on Windows", Some("Active sessions"), true),
            ("Claude for iOS", Some("Active sessions"), true),
            ("MacBook Pro", Some("Trusted devices"), false),
            ("Pixel 8", Some("Trusted devices"), false),
        ]
    );
    assert!(r.entries[2..].iter().all(|e| matches!(e.record, Record::Device { .. })));
    // The bare "Log out" beside the words "Log out of all devices" is the
    // log-out-everywhere control, and says so.
    assert_eq!(log_outs(&r), [("Log out", true)]);
    // A page heading that names a listing still outranks a text title: the
    // grid's rows keep "Authorization tokens" from the line under "Claude Code".
    let r = read_fixture("claude-code--div-grid-title");
    assert!(r
        .entries
        .iter()
        .all(|e| e.section.as_deref() == Some("Authorization tokens")));
}

#[test]
fn a_lone_session_is_its_own_row_beside_its_title_and_the_current_session() {
    // One removable session, a current one without a control, and a "Log
    // out of all devices" block: the row climbs neither into the section
    // title nor beside the current session, and the block is the log-out
    // control, not a second row.
    let r = read_fixture("account--lone-session");
    let got = labels_sections_and_sessions(&r);
    assert_eq!(got, [("Firefox on Windows", Some("Active sessions"), true)]);
    assert_eq!(log_outs(&r), [("Log out", true)]);
    assert_eq!(r.status, Recognition::Recognised);
    // The same when "Current session" is one piece of a longer text.
    let r = read_fixture("account--current-in-pieces");
    let got = labels_sections_and_sessions(&r);
    assert_eq!(got, [("Firefox on Windows", Some("Active sessions"), true)]);
}

#[test]
fn the_one_row_left_is_not_named_by_the_sentence_above_it() {
    // After every other token was revoked, the one left sits beside the
    // page's intro in one wrapper: the row climbs no further than its own
    // text, so the intro is neither its label nor part of what it says.
    let one_token = |intro: &str| {
        format!(
            "<main><h1>Claude Code</h1><section><h2>Authorization tokens</h2><div>{intro}\
             <div><div>Claude Code</div><div>Connected 3 days ago</div><button>Revoke</button></div></div></section></main>"
        )
    };
    for intro in [
        "<p>Manage your authorization tokens.</p>",
        "<p>Tokens let Claude Code act for you. Revoke one you no longer use.</p>",
        "<p>Revoke a token you no longer use!</p><p>It stops working at once.</p>",
    ] {
        let r = read_html("claude-code", &one_token(intro));
        assert_eq!(labels(&r), ["Claude Code"], "{intro}");
        assert!(r.entries[0].extra.is_empty(), "{intro}: {:?}", r.entries[0].extra);
        assert_eq!(connected_texts(&r), [Some("Connected 3 days ago")], "{intro}");
    }
    // A sentence that says when is a field of the row: the climb takes it.
    let r = read_html(
        "claude-code",
        "<main><h1>Claude Code</h1><section><h2>Authorization tokens</h2><div>\
         <div><div>Claude Code</div><button>Revoke</button></div><p>Connected 3 days ago.</p></div></section></main>",
    );
    assert_eq!(labels(&r), ["Claude Code"]);
    assert!(
        connected_texts(&r)[0].is_some_and(|t| t.starts_with("Connected 3 days ago")),
        "{r:?}"
    );
    // So is a card's heading beside its description: the card is the row.
    let r = read_html(
        "claude-code",
        "<main><h1>Claude Code</h1><section><h2>Authorization tokens</h2><div>\
         <h3>Claude Code</h3><p>Used by the CLI on your laptop.</p>\
         <div><div>Connected 3 days ago</div><button>Revoke</button></div></div></section></main>",
    );
    assert_eq!(labels(&r), ["Claude Code"], "{r:?}");
    // The same for the one session left beside an intro.
    let r = read_html(
        "account",
        "<main><h1>Account</h1><section><h2>Active sessions</h2><div><p>Ending a session signs that device out.</p>\
         <div><div>Firefox on Windows</div><div>Last active 2 hours ago</div><button>End session</button></div></div></section></main>",
    );
    assert_eq!(labels(&r), ["Firefox on Windows"], "{r:?}");
}

#[test]
fn a_lone_row_never_climbs_into_more_text_than_a_row_holds() {
    // Beside the one token, a block of 41 short texts (steps of a guide,
    // no sentences, no heading) in the same wrapper: past 40 text nodes an
    // ancestor is page content, not a row, so the token keeps its name.
    let steps: String = (0..41).map(|k| format!("<span>Step {k}</span>")).collect();
    let html = format!(
        "<main><h1>Claude Code</h1><section><h2>Authorization tokens</h2><div><div>{steps}</div>\
         <div><div>Claude Code</div><div>Connected 3 days ago</div><button>Revoke</button></div></div></section></main>"
    );
    let r = read_html("claude-code", &html);
    assert_eq!(labels(&r), ["Claude Code"]);
    assert!(r.entries[0].extra.is_empty(), "{:?}", r.entries[0].extra);
}

#[test]
fn a_sessions_section_showing_only_the_session_in_use_is_recognised() {
    // No removable session is left and no log-out control is drawn, yet
    // the listing is there: it shows the current session. A terminated
    // session it no longer shows can then be taken for gone.
    let r = read_fixture("account--current-only");
    assert!(r.entries.is_empty(), "the current session has no control: no entry");
    assert_eq!(r.status, Recognition::Recognised);
    // Without the "Current" marker nothing says the listing is there.
    let html = std::fs::read_to_string(fixtures_dir().join("account--current-only.html")).unwrap();
    let without = html.replace("<div>Current session</div>", "<div>Signed in 2 days ago</div>");
    assert_ne!(without, html);
    let r = read_page(
        html_tree::snapshot_of(&without, &url_of("account--current-only")),
        &CLOCK,
    );
    assert!(matches!(r.status, Recognition::NotRecognised { .. }), "{:?}", r.status);
    // Nor does a sentence that mentions the session in use: a section
    // whose rows were not read is not a listing shown empty, or every
    // session it listed before would be taken for ended.
    for sentence in [
        "Sessions other than your current session can be ended here",
        "Manage where you are signed in, including this device",
        // Read in pieces at a dash or a bullet, and none is a marker.
        "Manage where you’re signed in, including this device",
        "Sessions other than your current session — on any device — can be ended here",
        "Your sessions · this device included",
    ] {
        let html = format!(
            "<main><h1>Account</h1><section><h2>Active sessions</h2><p>{sentence}</p><div></div></section></main>"
        );
        let r = read_html("account", &html);
        assert!(r.empty_sections.is_empty(), "{sentence}: {:?}", r.empty_sections);
        assert!(
            matches!(r.status, Recognition::NotRecognised { .. }),
            "{sentence}: {:?}",
            r.status
        );
    }
}

#[test]
fn a_current_session_marked_by_a_labelled_glyph_is_the_current_one() {
    // "●" labelled "Current session" (a screen reader says the label) on
    // the one row with no control: read as a row with its control missing,
    // the listing counted as showing only part, and a terminated session
    // it no longer showed was never taken for gone.
    for marker in [
        "<span aria-label=\"Current session\">●</span>",
        "<span title=\"This device\">●</span>",
        // Written out on the row, as other sites word it.
        "<span>This computer</span>",
        "<em>You’re here</em>",
    ] {
        let html = format!(
            "<html lang=en><body><main><h1>Account</h1><h2>Active sessions</h2><ul>\
             <li>{marker}<b>Chrome · macOS</b><small>Signed in Nov 1, 2026 · Active now</small></li>\
             <li><b>Edge · Windows</b><small>Active 3 hours ago</small><button>Terminate session</button></li>\
             <li><b>Firefox · Linux</b><small>Active 10 minutes ago</small><button>Terminate session</button></li>\
             </ul></main></body></html>"
        );
        let r = read_html("account", &html);
        assert_eq!(r.entries.len(), 2, "{marker}");
        assert_eq!(r.partial, None, "{marker}");
    }
    // An unlabelled dot says nothing: that row may be a session whose
    // control is not drawn ("Active now" would say it is the one in use).
    let html = "<html lang=en><body><main><h1>Account</h1><h2>Active sessions</h2><ul>\
         <li><span>●</span><b>Chrome · macOS</b><small>Active 5 minutes ago</small></li>\
         <li><b>Edge · Windows</b><small>Active 3 hours ago</small><button>Terminate session</button></li>\
         </ul></main></body></html>";
    assert!(read_html("account", html).partial.is_some());
}

#[test]
fn a_session_active_now_without_a_control_is_the_one_in_use() {
    let page = |rows: &str| {
        read_html(
            "account",
            &format!("<html lang=en><body><main><h2>Active sessions</h2><div>{rows}</div></main></body></html>"),
        )
    };
    let in_use = "<div><div><p>Chrome on macOS</p><p>San Francisco, CA, US</p></div><p>Currently active</p></div>";
    let other = "<div><div><p>Firefox on Windows</p><p>Berlin, DE</p></div><p>Last active 2 hours ago</p>\
                 <button>Terminate</button></div>";
    // Beside one other session, the other's control had climbed into the
    // session in use: one row named "Chrome on macOS", whose terminate
    // would have been recorded against the wrong session.
    let r = page(&format!("{in_use}{other}"));
    assert_eq!(sessions(&r), [("Firefox on Windows", Some("Berlin, DE"))]);
    assert_eq!(r.partial, None);
    // Alone: the listing is shown and holds no other session.
    let r = page(in_use);
    assert_eq!(r.status, Recognition::Recognised);
    assert!(r
        .empty_sections
        .contains(&revoke_watch::core::phrases::SectionKind::Sessions));
    // Among rows, "Active now" on the one row with no control.
    let r = page(
        "<ul><li><span>Chrome on macOS</span><span>Active now</span></li>\
         <li><span>Safari on iOS</span><span>Active now</span><button>Terminate</button></li>\
         <li><span>Firefox on Windows</span><span>2 hours ago</span><button>Terminate</button></li></ul>",
    );
    assert_eq!(sessions(&r).len(), 2);
    assert_eq!(r.partial, None);
    // A row drawn in two columns, its time beside its name and its control
    // beside its place, keeps both: the place has no time of its own.
    let r = page(
        "<div><div><p>Chrome on macOS</p><p>Active now</p></div><div><p>San Francisco, CA</p>\
         <button>Terminate</button></div></div>",
    );
    assert_eq!(sessions(&r), [("Chrome on macOS", Some("San Francisco, CA"))]);
}

#[test]
fn a_sentence_beside_the_rows_is_no_row_without_its_control() {
    // Title, intro line and rows all drawn as `div`s, side by side. The
    // intro line had counted as a row drawn without its remove control, so
    // the listing was partial and a terminated session it no longer listed
    // was never taken for gone.
    let page = |intro: &str| {
        read_html(
            "account",
            &format!(
                "<html lang=en><body><main><h1>Account</h1><div><div>Sessions</div>{intro}\
                 <div><div><div>Chrome on Windows</div><div>San Francisco, CA, US · 2 minutes ago</div></div><div>Current</div></div>\
                 <div><div><div>Claude Code on macOS</div><div>Tokyo, JP · 4 days ago</div></div><button>Terminate</button></div>\
                 <div><div><div>Safari on iPhone</div><div>London, GB · Nov 18, 2026</div></div><button>Terminate</button></div>\
                 </div></main></body></html>"
            ),
        )
    };
    for intro in [
        "<div>Devices signed in to your account.</div>",
        "<div>Sign out anywhere you don't recognise!</div>",
    ] {
        let r = page(intro);
        assert_eq!(sessions(&r).len(), 2, "{intro}");
        assert_eq!(r.partial, None, "{intro}");
    }
    // A row drawn without its control is still one, even with one text.
    let r = page("<div>Firefox on Linux · 3 hours ago</div>");
    assert_eq!(r.partial.as_deref(), Some("some of its rows show no remove control"));
}

#[test]
fn a_see_more_link_in_each_row_is_the_row_s_details_not_more_rows() {
    // Each session links to its details; the current one has no control.
    // Its "See more" had been taken for the listing's own "Show more", so
    // the listing counted as partial and a terminated session it no
    // longer listed was never taken for gone.
    let html = "<html lang=en><body><main><h1>Account</h1><h2>Web sessions</h2><ul>\
         <li><div><strong>San Francisco</strong> 203.0.113.9</div><div>Chrome on macOS</div><div>Your current session</div><a href=\"#\">See more</a></li>\
         <li><div><strong>Berlin</strong> 198.51.100.7</div><div>Firefox on Windows</div><div>Last accessed on Nov 20, 2026</div><a href=\"#\">See more</a><button>Revoke</button></li>\
         <li><div><strong>Tokyo</strong> 192.0.2.44</div><div>Claude for iOS</div><div>Last accessed on Nov 14, 2026</div><a href=\"#\">See more</a><button>Revoke</button></li>\
         </ul></main></body></html>";
    let r = read_html("account", html);
    assert_eq!(r.entries.len(), 2);
    assert_eq!(r.partial, None);
    // A "See more" alone at the listing's end still offers more rows.
    let html = html.replace("</ul>", "<li><a href=\"#\">See more</a></li></ul>");
    assert!(read_html("account", &html).partial.is_some());
    // So does one beside a count in the listing's last item, when the
    // rows hold no control of its name.
    let html = "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
         <li><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li>\
         <li><span>Claude Code</span><span>Connected 4 days ago</span><button>Revoke</button></li>\
         <li><span>37 more tokens</span><button>Show more</button></li></ul></main></body></html>";
    let r = read_html("claude-code", html);
    assert_eq!(r.entries.len(), 2);
    assert_eq!(r.partial.as_deref(), Some("it offers \"Show more\""));
}

#[test]
fn rows_ended_by_terminate_are_sessions_without_any_title() {
    let r = read_fixture("account--untitled-sessions");
    assert_eq!(r.entries.len(), 3);
    for e in &r.entries {
        let Record::Session {
            location, last_active, ..
        } = &e.record
        else {
            panic!("{} is not read as a session: {:?}", e.label(), e.record)
        };
        assert!(location.is_some() && last_active.is_some(), "{}", e.label());
    }
}

#[test]
fn sessions_ended_by_expire_or_kill_controls_are_read() {
    // Wording other admin consoles use for a session's own remove control;
    // each was once no control at all, which left the listing unrecognised.
    for (control, everywhere) in [
        ("Expire", "Expire all sessions"),
        ("Kill session", "Kill all other sessions"),
        ("Invalidate", "Log out of all devices"),
    ] {
        let html = format!(
            "<main><h1>Account</h1><h2>Active sessions</h2><ul>\
             <li><span>Chrome on macOS</span><span>Current session</span></li>\
             <li><span>Safari on iOS</span><span>Last active 2 hours ago</span><button>{control}</button></li>\
             <li><span>Firefox on Linux</span><span>Last active 3 days ago</span><button>{control}</button></li>\
             </ul><button>{everywhere}</button></main>"
        );
        let r = read_html("account", &html);
        assert!(matches!(r.status, Recognition::Recognised), "{control}: {:?}", r.status);
        let labels: Vec<&str> = r.entries.iter().map(|e| e.label()).collect();
        assert_eq!(labels, ["Safari on iOS", "Firefox on Linux"], "{control}");
        assert!(
            r.entries.iter().all(|e| matches!(e.record, Record::Session { .. })),
            "{control}"
        );
        let log_outs: Vec<&str> = r.log_out_controls.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(log_outs, [everywhere], "{control}");
    }
}

#[test]
fn a_usage_table_is_read_by_its_used_column_or_else_by_what_is_left() {
    let used_and_left =
        "<main><h1>Usage</h1><table><tr><th>Limit</th><th>Used</th><th>Remaining</th><th>Resets</th></tr>\
        <tr><td>Current session</td><td>45%</td><td>55%</td><td>in 2 hours</td></tr>\
        <tr><td>Weekly</td><td>12%</td><td>88%</td><td>Thu 9:00 AM</td></tr></table></main>";
    let left_only = "<main><h1>Usage</h1><table><thead><tr><th>Limit</th><th>% left</th><th>Resets</th></tr></thead>\
        <tbody><tr><td>Current session</td><td>55%</td><td>in 2 hours</td></tr>\
        <tr><td>Weekly</td><td>88%</td><td>Thu 9:00 AM</td></tr></tbody></table></main>";
    let roles_left_first = "<main><h1>Usage</h1><div role=\"table\"><div role=\"row\"><span role=\"columnheader\">Limit</span>\
        <span role=\"columnheader\">Remaining</span><span role=\"columnheader\">Used</span></div>\
        <div role=\"row\"><span role=\"cell\">Current session</span><span role=\"cell\">55%</span><span role=\"cell\">45%</span></div>\
        <div role=\"row\"><span role=\"cell\">Weekly</span><span role=\"cell\">88%</span><span role=\"cell\">12%</span></div></div></main>";
    for html in [used_and_left, left_only, roles_left_first] {
        let r = read_html("usage", html);
        assert!(matches!(r.status, Recognition::Recognised), "{:?}\n{html}", r.status);
        let meters: Vec<(&str, f64)> = r.meters.iter().map(|m| (m.name.as_str(), m.percent.to_f64())).collect();
        assert_eq!(meters, [("Current session", 45.0), ("Weekly", 12.0)], "{html}");
    }
}

#[test]
fn a_control_that_removes_them_all_stands_for_each_entry_of_its_listing() {
    // "Remove all" under "Trusted devices": each device's, not the sessions'.
    let r = read_html(
        "account",
        "<main><h1>Account</h1><h2>Active sessions</h2><ul><li><span>Chrome on macOS</span><span>Current session</span></li>\
         <li><span>Safari on iOS</span><span>Last active 2 hours ago</span><button>Terminate</button></li></ul>\
         <h2>Trusted devices</h2><button>Remove all</button><ul>\
         <li><span>iPhone</span><span>Enrolled Nov 3, 2026</span><button>Remove</button></li>\
         <li><span>MacBook</span><span>Enrolled Nov 1, 2026</span><button>Remove</button></li></ul></main>",
    );
    let got: Vec<(&str, usize)> = r.entries.iter().map(|e| (e.label(), e.more_controls.len())).collect();
    assert_eq!(got, [("Safari on iOS", 0), ("iPhone", 1), ("MacBook", 1)]);
    assert!(r.log_out_controls.is_empty());
    // One that ends every session ("Terminate all" under "Active
    // sessions") signs out everywhere, as "Log out of all devices" does.
    let r = read_html(
        "account",
        "<main><h1>Account</h1><h2>Active sessions</h2><button>Terminate all</button><ul>\
         <li><span>Chrome on macOS</span><span>Current session</span></li>\
         <li><span>Safari on iOS</span><span>Last active 2 hours ago</span><button>Terminate</button></li>\
         <li><span>Firefox on Linux</span><span>Last active 3 days ago</span><button>Terminate</button></li></ul></main>",
    );
    assert!(r.entries.iter().all(|e| e.more_controls.is_empty()), "{:?}", r.entries);
    let log_outs: Vec<(&str, bool)> = r
        .log_out_controls
        .iter()
        .map(|c| (c.label.as_str(), c.explicit))
        .collect();
    assert_eq!(log_outs, [("Terminate all", true)]);
    // "Revoke all tokens" below the rows, whose controls are icons; and a
    // "Delete all chats" beside them, which names no listing.
    for (extra, each) in [
        ("<button>Revoke all tokens</button>", 1),
        ("<button>Delete all chats</button>", 0),
    ] {
        let r = read_html(
            "claude-code",
            &format!(
                "<main><h1>Claude Code</h1><ul>\
                 <li><span>Claude Code</span><span>Connected 3 days ago</span><button aria-label=\"Revoke token\"><svg></svg></button></li>\
                 <li><span>Claude Code</span><span>Connected 5 days ago</span><button aria-label=\"Revoke token\"><svg></svg></button></li>\
                 </ul>{extra}</main>"
            ),
        );
        assert_eq!(r.entries.len(), 2, "{extra}");
        assert!(
            r.entries.iter().all(|e| e.more_controls.len() == each),
            "{extra}: {:?}",
            r.entries
        );
    }
}

/// Each meter of a fixture: its name, percentage and reset text (when the
/// text was read as a time).
fn meters_of(fixture: &str) -> Vec<(String, f64, Option<String>)> {
    read_fixture(fixture)
        .meters
        .iter()
        .map(|m| {
            let resets = m.resets.as_ref().filter(|t| t.interval.is_some());
            (m.name.clone(), m.percent.to_f64(), resets.map(|t| t.raw.clone()))
        })
        .collect()
}

#[test]
fn usage_meters_have_names_percent_and_resets() {
    type Meter = (&'static str, f64, Option<&'static str>);
    let cases: [(&str, &[Meter]); 13] = [
        (
            "usage--one-line",
            &[
                ("Current session", 45.0, Some("resets in 3 hours")),
                ("Weekly (all models)", 20.0, Some("resets Thu 9:00 AM")),
                ("Weekly (Opus)", 5.0, Some("resets Thu 9:00 AM")),
            ],
        ),
        (
            "usage--heading-names",
            &[
                ("Current session", 45.0, Some("Resets in 3 hours")),
                ("Weekly", 20.0, Some("Resets Fri 10:00 AM")),
            ],
        ),
        // "You've used 45% of your session limit. Resets in 3 hours."
        (
            "usage--sentences",
            &[
                ("session limit", 45.0, Some("Resets in 3 hours.")),
                ("weekly limit", 12.0, Some("Resets Nov 27.")),
            ],
        ),
        // role=meter, named by aria-label, one on a 0–1 scale.
        (
            "usage--aria-meters",
            &[
                ("Current session usage", 45.0, Some("Resets in 3 hours")),
                ("Weekly usage", 20.0, Some("Resets Monday 12:00 AM")),
            ],
        ),
        (
            "usage--meters",
            &[
                ("Current session", 42.0, Some("Resets in 2 hr 13 min")),
                ("All models", 18.0, Some("Resets Thu 9:00 AM")),
                ("Sonnet only", 5.0, Some("Resets Nov 27")),
            ],
        ),
        // A styled number, and a reset in a <time> element.
        (
            "usage--split-numbers",
            &[
                ("Current session", 64.0, Some("Resets 3:00 PM")),
                ("Opus", 7.0, Some("Resets Dec 1, 2026")),
            ],
        ),
        (
            "usage--progressbars",
            &[
                ("Current session", 73.0, Some("Resets in 45 minutes")),
                ("Opus", 100.0, Some("Resets Dec 1, 2026")),
            ],
        ),
        // "72% used · Resets in 58 min" in one text: the reset time is not the name.
        (
            "usage--progress",
            &[
                ("Current session", 72.0, Some("Resets in 58 min")),
                ("All models", 34.0, Some("Resets Mon 11:00 PM")),
                ("Opus", 100.0, Some("Resets Dec 1, 2026")),
                ("Claude Code", 8.0, Some("Resets 11/29/2026, 09:00")),
            ],
        ),
        (
            "usage--formats",
            &[
                ("5-hour limit", 45.0, Some("Resets in 2 hours")),
                ("All models", 12.0, Some("Resets Thu 9:00 AM")),
                ("Sonnet only", 3.0, Some("Resets Thu 9:00 AM")),
            ],
        ),
        // One meter drawn only as a bar among meters in words; bars drawn
        // again in a column of their own are not more meters.
        (
            "usage--bar-and-words",
            &[
                ("Current session", 62.0, Some("Resets in 1 hr 5 min")),
                ("All models", 41.0, Some("Resets Thu 9:00 AM")),
                ("Opus only", 7.5, Some("Resets Thu 9:00 AM")),
                ("Sonnet only", 3.0, Some("Resets Thu 9:00 AM")),
            ],
        ),
        // A reset time with more words after it; one in a named zone
        // is read, as the 26 hours that every zone's offset allows.
        (
            "usage--reset-words",
            &[
                ("Current session", 45.0, Some("Resets in 3 hours")),
                ("All models", 20.0, Some("Resets Thu 9:00 AM")),
                ("Opus only", 5.0, Some("Resets Thu 9:00 AM PST")),
            ],
        ),
        (
            "usage--percent-only",
            &[
                ("Current session", 45.0, Some("Resets in 3 hr 5 min")),
                ("Weekly · All models", 20.0, Some("Resets Mon 10:00 AM")),
            ],
        ),
        // A percentage alone among the line's other parts; a line with
        // two percentages is not read.
        (
            "usage--percent-parts",
            &[
                ("5-hour limit", 23.0, Some("resets in 2h")),
                ("Weekly (all models)", 41.0, Some("resets Thu 9:00 AM")),
                ("Weekly (Opus)", 5.0, Some("resets Thu 9:00 AM")),
            ],
        ),
    ];
    for (fixture, want) in cases {
        let want: Vec<(String, f64, Option<String>)> = want
            .iter()
            .map(|&(n, p, r)| (n.to_string(), p, r.map(str::to_string)))
            .collect();
        assert_eq!(meters_of(fixture), want, "{fixture}");
    }
}

#[test]
fn a_name_styled_in_parts_is_one_label() {
    let r = read_fixture("account--styled-names");
    let got = labels(&r);
    assert_eq!(got, ["Claude Code on Linux", "Firefox on Windows"]);
    assert!(r.entries.iter().all(|e| e.extra.is_empty()));
    // Two nodes of one element, the second going on with a joining word
    // or a bracket, or the first ending with one: before, the second half
    // was an extra, and "Chrome on macOS" and "Chrome on Windows" looked
    // alike. Separators still part fields ("Firefox · Ubuntu"), and so do
    // elements of their own.
    let r = read_html(
        "account",
        "<html lang=en><body><main><h2>Active sessions</h2><div>         <div><div><b>Safari</b> on iOS</div><div>Oakland · 3 hours ago</div><button>Log out</button></div>         <div><div>Chrome on <b>Windows</b></div><div>2 days ago</div><button>Log out</button></div>         <div><div><b>Claude</b> for Windows</div><div>5 days ago</div><button>Log out</button></div>         <div><div><b>Edge</b> (Windows)</div><div>6 days ago</div><button>Log out</button></div>         <div><div>Firefox · on Ubuntu</div><div>7 days ago</div><button>Log out</button></div>         <div><div><span>Opera</span><span>on Linux</span></div><div>8 days ago</div><button>Log out</button></div>         </div></main></body></html>",
    );
    assert_eq!(
        labels(&r),
        [
            "Safari on iOS",
            "Chrome on Windows",
            "Claude for Windows",
            "Edge (Windows)",
            "Firefox",
            "Opera"
        ]
    );
    // The next meter's group is the page's heading, not the previous
    // meter's own heading.
    let groups: Vec<Option<String>> = read_fixture("usage--heading-names")
        .meters
        .into_iter()
        .map(|m| m.group)
        .collect();
    assert_eq!(groups, [Some("Usage".to_string()), Some("Usage".to_string())]);
}

/// A platform in brackets styled in an element of its own, beside the
/// name ("<span>Chrome</span> <span>(Windows)</span>"), goes on with the
/// name as a bracket in the name's own element does: before, it was an
/// extra, and two browsers of one place looked like one session.
#[test]
fn a_bracket_styled_apart_goes_on_with_the_name() {
    let r = read_html(
        "account",
        "<html lang=en><body><main><h2>Active sessions</h2><table><tbody>\
         <tr><td><span>Chrome</span> <span>(Windows)</span></td><td>Berlin, DE</td><td>2 days ago</td><td><button>Terminate</button></td></tr>\
         <tr><td><span>Chrome</span> <span>(macOS)</span></td><td>Berlin, DE</td><td>3 days ago</td><td><button>Terminate</button></td></tr>\
         <tr><td><span>Safari</span> <span>iOS</span></td><td>Berlin, DE</td><td>4 days ago</td><td><button>Terminate</button></td></tr>\
         </tbody></table></main></body></html>",
    );
    assert_eq!(labels(&r), ["Chrome (Windows)", "Chrome (macOS)", "Safari"]);
    assert!(r.entries[..2].iter().all(|e| e.extra.is_empty()));
    // Without a bracket, an element of its own still parts the fields.
    assert_eq!(r.entries[2].extra, ["iOS"]);
    let ids = revoke_watch::core::identity::entry_ids(&r.entries);
    assert_ne!(ids[0].rsplit_once('-').unwrap().0, ids[1].rsplit_once('-').unwrap().0);
}

/// "Created by claude setup-token" under a token's name says who made it,
/// not when: it is kept as the row's evidence, where it had been read as
/// a creation time nobody could place and dropped.
#[test]
fn a_time_word_followed_by_by_is_no_time() {
    let r = read_html(
        "claude-code",
        "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
         <li><p>Claude Code</p><p>Created by claude setup-token</p><p>Connected 3 days ago</p><button>Revoke</button></li>\
         <li><p>Claude Code</p><p>Connected 3 days ago</p><button>Revoke</button></li>\
         </ul></main></body></html>",
    );
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
    assert_eq!(r.entries[0].extra, ["Created by claude setup-token"]);
    assert_eq!(
        connected_texts(&r),
        [Some("Connected 3 days ago"), Some("Connected 3 days ago")]
    );
}

/// A meter alone on the page takes the nearest heading above it as its
/// group, not the page's title: "Weekly limits" says its window lasts a
/// week (`usage-after-revoke` needs that), "Usage" says nothing.
#[test]
fn a_lone_meter_stands_under_its_nearest_heading() {
    let r = read_html(
        "usage",
        "<main><h1>Usage</h1><h2>Weekly limits</h2><div><span>All models</span><span>Resets Nov 30, 2026</span><span>12% used</span></div></main>",
    );
    let m = &r.meters[0];
    assert_eq!(
        (m.name.as_str(), m.group.as_deref()),
        ("All models", Some("Weekly limits"))
    );
    assert_eq!(m.window_ms, Some(7 * 24 * 3_600_000));
    let r = read_html(
        "usage",
        "<main><h1>Usage</h1><div><span>Extra usage</span><span>12% used</span></div></main>",
    );
    assert_eq!(
        (r.meters[0].group.as_deref(), r.meters[0].window_ms),
        (Some("Usage"), None)
    );
}

#[test]
fn a_flat_grid_is_read_row_by_row_only_when_its_rows_line_up() {
    // Cells of every row are children of one element; each Revoke button
    // closes the row of the cells before it, after the column headers.
    let r = read_fixture("claude-code--flat-grid");
    let got: Vec<(&str, Option<&str>, usize)> = r
        .entries
        .iter()
        .map(|e| match &e.record {
            Record::Token {
                label,
                connected,
                scopes,
                ..
            } => (label.as_str(), connected.as_ref().map(|t| t.raw.as_str()), scopes.len()),
            other => panic!("not a token: {other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Claude Code", Some("Connected 3 days ago"), 2),
            ("Claude Code", Some("Connected 3 days ago"), 1),
            ("Claude Desktop", Some("Connected 1 day ago"), 2),
        ]
    );
    // The button first in each row: grouping by the button after the cells
    // would give each token its neighbour's fields, so nothing is read.
    let r = read_fixture("claude-code--flat-grid-shifted");
    assert!(matches!(r.status, Recognition::NotRecognised { .. }), "{:?}", r.status);
    assert!(r.entries.is_empty());
    // A definition list whose terms name the tokens.
    let r = read_fixture("claude-code--term-rows");
    let got = labels(&r);
    assert_eq!(got, ["Claude Code", "Remote control"]);
    // Two such grids on one page are each read row by row.
    let html = "<main><h1>Account</h1><h2>Active sessions</h2><div role=\"presentation\">\
        <span>Device</span><span>Last active</span><span></span>\
        <span>Firefox on Windows</span><span>2 hours ago</span><button>End session</button>\
        <span>Safari on iPhone</span><span>3 days ago</span><button>End session</button></div>\
        <h2>Trusted devices</h2><div role=\"presentation\">\
        <span>Device</span><span>Trusted since</span><span></span>\
        <span>Work laptop</span><span>Oct 1, 2026</span><button>Remove</button>\
        <span>Pixel 8</span><span>Sep 3, 2026</span><button>Remove</button></div></main>";
    let r = read_html("account", html);
    let got: Vec<_> = r.entries.iter().map(|e| (e.label(), e.kind_tag())).collect();
    assert_eq!(
        got,
        [
            ("Firefox on Windows", EntryKindTag::Session),
            ("Safari on iPhone", EntryKindTag::Session),
            ("Work laptop", EntryKindTag::Device),
            ("Pixel 8", EntryKindTag::Device),
        ]
    );
    // Without column headers, two cells to a row, or an empty cell after
    // the last row, the rows still line up. Rows unevenly spaced, text
    // after the last control, a control before the first row's cells, or
    // a row of empty cells leave the grouping in doubt: nothing is read
    // rather than fields given to a neighbour.
    let row = |name: &str, when: &str| format!("<span>{name}</span><span>{when}</span><button>Revoke</button>");
    let two = row("Claude Code", "Connected 3 days ago") + &row("Claude Desktop", "Connected 1 day ago");
    let read_as = |cells: &str| {
        let r = read_html(
            "claude-code",
            &format!("<main><h2>Authorization tokens</h2><div role=\"presentation\">{cells}</div></main>"),
        );
        let got: Vec<(String, Option<String>)> = r
            .entries
            .iter()
            .map(|e| match &e.record {
                Record::Token { label, connected, .. } => (label.clone(), connected.as_ref().map(|t| t.raw.clone())),
                other => panic!("not a token: {other:?}"),
            })
            .collect();
        got
    };
    let both = vec![
        ("Claude Code".to_string(), Some("Connected 3 days ago".to_string())),
        ("Claude Desktop".to_string(), Some("Connected 1 day ago".to_string())),
    ];
    for cells in [
        two.clone(),
        "<span>Claude Code · Connected 3 days ago</span><button>Revoke</button>\
         <span>Claude Desktop · Connected 1 day ago</span><button>Revoke</button>"
            .to_string(),
        two.clone() + "<span></span>",
    ] {
        assert_eq!(read_as(&cells), both, "{cells}");
    }
    for cells in [
        row("Claude Code", "Connected 3 days ago") + "<span>Claude Code</span><button>Revoke</button>" + &two,
        two.clone() + "<span>2 tokens</span>",
        // The control first in each row, and one more after the last.
        "<button>Revoke</button>".to_string() + &two,
        row("Claude Code", "Connected 3 days ago") + "<span></span><span></span><button>Revoke</button>" + &two,
    ] {
        assert_eq!(read_as(&cells), [], "{cells}");
    }
}

#[test]
fn only_a_sentence_that_says_the_listing_is_empty_makes_it_empty() {
    use revoke_watch::core::phrases::SectionKind;
    let read = |intro: &str| {
        let html =
            format!("<main><h2>Authorization tokens</h2><p>{intro}</p><div role=\"status\">Loading…</div></main>");
        read_page(
            html_tree::snapshot_of(&html, "https://claude.ai/settings/claude-code"),
            &CLOCK,
        )
    };
    for empty in [
        "You don't have any authorization tokens yet.",
        "No tokens to show.",
        "No authorization tokens",
        "You haven't authorized any tokens yet.",
        "You haven’t authorized any tokens.",
    ] {
        let r = read(empty);
        assert_eq!(r.status, Recognition::Recognised, "{empty}");
        assert_eq!(r.empty_sections, [SectionKind::Tokens], "{empty}");
    }
    // A page still loading its list, whose intro starts like an empty state.
    let r = read("No tokens are shared with other apps without your consent.");
    assert!(r.empty_sections.is_empty());
    assert!(matches!(r.status, Recognition::NotRecognised { .. }), "{:?}", r.status);
}

#[test]
fn hostile_text_is_kept_as_text() {
    let r = read_fixture("claude-code--hostile");
    assert_eq!(r.entries.len(), 5);
    assert_eq!(r.entries[0].label(), "<script>alert(1)</script>");
    assert!(
        r.entries[4].label().chars().count() <= 1_000,
        "the content script's cap holds"
    );
}

/// A fixture's page tree, as the reader gets it.
fn fixture_tree(name: &str) -> revoke_watch::core::tree::Tree {
    let html = std::fs::read_to_string(fixtures_dir().join(format!("{name}.html"))).unwrap();
    revoke_watch::core::tree::Tree::from_wire(html_tree::snapshot_of(&html, &url_of(name)).nodes).unwrap()
}

#[test]
fn unnamed_icon_buttons_remove_their_rows_only_where_nothing_else_does() {
    // Trash cans named neither by aria-label nor by title: each token's is
    // its remove control. The top bar's menu button and the help section's
    // icon make no entry.
    let r = read_fixture("claude-code--unnamed-icons");
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code", "Claude Desktop"]);
    assert_eq!(
        tokens(&r)[0].1,
        &["user:inference", "user:profile", "user:sessions:claude_code"]
    );
    let tree = fixture_tree("claude-code--unnamed-icons");
    for e in &r.entries {
        let (row, control) = (e.row as usize, e.control as usize);
        assert!(tree.contains(row, control), "the control is inside its row");
        assert_eq!(tree.tag(control), Some("button"));
        assert_eq!(tree.attr(control, "aria-haspopup"), None);
    }
    // Sessions named by "Terminate": the icon beside it is not the control.
    // Devices with only unnamed trash cans are removable; rows whose icon
    // opens a menu are rows whose remove control is in that menu (closed
    // here: nothing to click yet); the dialog's "×" is not its go-ahead.
    let r = read_fixture("account--unnamed-icons");
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(
        labels(&r),
        ["Firefox on Windows", "MacBook Pro", "Pixel 8", "Slack", "Linear"]
    );
    assert!(r.entries[3].opens_menu && r.entries[4].opens_menu);
    assert!(!r.entries[..3].iter().any(|e| e.opens_menu));
    assert_eq!(
        r.entries[0].more_controls,
        Vec::<u32>::new(),
        "one remove control: Terminate"
    );
    assert!(matches!(r.entries[1].record, Record::Device { .. }));
    assert_eq!(r.dialogs.len(), 1);
    let tree = fixture_tree("account--unnamed-icons");
    let text_of = |i: u32| tree.joined_text(i as usize);
    assert_eq!(text_of(r.dialogs[0].confirm.unwrap()), "Remove");
    assert_eq!(text_of(r.entries[0].control), "Terminate");
    // A button with no name that draws no removal's icon removes nothing:
    // a menu's glyph without a menu, or nothing at all.
    for controls in ["<button>⋯</button>", "<button></button>", "<button> </button>"] {
        assert!(two_tokens_with(controls).entries.is_empty(), "{controls}");
    }
    // Where the rows' Revoke is named, a menu button beside it is a menu.
    let r = two_tokens_with(r#"<button aria-haspopup="menu">⋯</button><button>Revoke</button>"#);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
    for e in &r.entries {
        assert_eq!((e.control, e.more_controls.len(), e.opens_menu), (e.row + 7, 0, false));
    }
}

/// Rows whose only control is a menu button ("⋯", `aria-haspopup`) are
/// rows of a listing its heading names: their remove control is the menu's
/// remove item, given to the row whose button says it is expanded, while
/// the menu is open (drawn at the end of the page, as menus usually are).
/// A lone menu button outside the listing's rows (a sort menu) is no row,
/// nor are menu rows under a heading that names no listing.
#[test]
fn row_menus_give_their_open_remove_item_to_the_row_that_opened_it() {
    let r = read_fixture("claude-code--row-menus");
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code", "Claude Desktop"]);
    let tree = fixture_tree("claude-code--row-menus");
    let opens: Vec<bool> = r.entries.iter().map(|e| e.opens_menu).collect();
    assert_eq!(opens, [true, false, true]);
    let open = &r.entries[1];
    let item = open.control as usize;
    assert!(
        !tree.contains(open.row as usize, item),
        "the item is drawn outside the row"
    );
    assert_eq!(tree.attr(item, "role"), Some("menuitem"));
    assert_eq!(tree.joined_text(item), "Revoke");

    // A sort menu above the list; only the second row's menu is open. Two
    // menus drawn at once (one hidden by a class, which the snapshot cannot
    // see) could be either button's: then no row gets a remove item.
    let row = |n: u32, expanded: bool| {
        format!(
            "<li><span>Claude Code</span><span>Connected {n} days ago</span><span>user:inference</span>\
             <button aria-haspopup=\"menu\" aria-expanded=\"{expanded}\" aria-label=\"Token actions\">⋯</button></li>"
        )
    };
    let menu = |n: u32| {
        format!(
            "<div role=\"menu\"><div role=\"menuitem\">Rename</div><div role=\"menuitem\">Revoke token {n}</div></div>"
        )
    };
    let page = |menus: &str| {
        format!(
            "<main><h2>Authorization tokens</h2><div><span>Sort by: newest</span><button aria-haspopup=\"menu\">Sort</button></div>\
             <ul>{}{}{}</ul></main>{menus}",
            row(3, false),
            row(5, true),
            row(7, false),
        )
    };
    let html = page(&menu(5));
    let r = read_html("claude-code", &html);
    assert_eq!(r.status, Recognition::Recognised, "{:?}", r.status);
    assert_eq!(r.entries.len(), 3, "no row for the sort menu: {:?}", labels(&r));
    let tree = revoke_watch::core::tree::Tree::from_wire(
        html_tree::snapshot_of(&html, "https://claude.ai/settings/claude-code").nodes,
    )
    .unwrap();
    let opens: Vec<bool> = r.entries.iter().map(|e| e.opens_menu).collect();
    assert_eq!(opens, [true, false, true]);
    assert_eq!(tree.joined_text(r.entries[1].control as usize), "Revoke token 5");
    let r = read_html("claude-code", &page(&(menu(3) + &menu(5))));
    let opens: Vec<bool> = r.entries.iter().map(|e| e.opens_menu).collect();
    assert_eq!(opens, [true, true, true], "two menus: neither is given");

    // Rows with an unnamed trash can beside their "⋯": the trash can is
    // the remove control, and the menu button is only a menu.
    let trash = "<button><svg viewBox=\"0 0 9 9\"></svg></button>";
    let r = read_html(
        "claude-code",
        &page("").replace("</button></li>", &format!("</button>{trash}</li>")),
    );
    assert_eq!(r.entries.len(), 3);
    for e in &r.entries {
        assert!(!e.opens_menu && e.more_controls.is_empty(), "{e:?}");
    }

    // The app's own account menu in its top bar changes nothing for rows
    // whose Revoke is an item of a menu drawn inside each row.
    let in_row = "<header><button aria-haspopup=\"menu\" aria-label=\"Account\">A</button></header>\
        <main><h2>Authorization tokens</h2><ul>\
        <li><span>Claude Code</span><span>Connected 3 days ago</span><div role=\"menu\"><div role=\"menuitem\">Revoke</div></div></li>\
        <li><span>Claude Code</span><span>Connected 5 days ago</span><div role=\"menu\"><div role=\"menuitem\">Revoke</div></div></li></ul></main>";
    let r = read_html("claude-code", in_row);
    assert_eq!(r.entries.len(), 2, "{:?}", r.status);
    assert!(r.entries.iter().all(|e| !e.opens_menu));

    // Rows with a Revoke button of their own and no menu button, and a
    // menu (with a title) left open at the end of the page by a button the
    // page did not mark: the menu is no row of its own.
    let stray = "<main><h2>Authorization tokens</h2><ul>\
        <li><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li>\
        <li><span>Claude Code</span><span>Connected 5 days ago</span><button>Revoke</button></li></ul></main>\
        <div role=\"menu\"><span>Token actions</span><div role=\"menuitem\">Rename</div><div role=\"menuitem\">Revoke</div></div>";
    let r = read_html("claude-code", stray);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"], "{r:?}");
    assert_eq!(r.status, Recognition::Recognised);

    // The same rows under a heading that names no listing: not read.
    let r = read_html("claude-code", &html.replace("Authorization tokens", "Developer access"));
    assert!(r.entries.is_empty());
}

/// A label never carries a time that moves with the clock: the same row
/// read at two moments ("3 days ago", then "4 days ago") keeps its label,
/// and so its entry, whatever the shape of its one text (separators,
/// brackets, commas, the time first or in the middle, with or without
/// its leading word). 2,100 rows; 660 of them kept their time in the
/// label before the rules of docs/page-reading.md ("a time written into
/// the label's own text").
#[test]
fn a_label_never_carries_a_relative_time() {
    let pairs = [
        ("3 days ago", "4 days ago"),
        ("45 minutes ago", "2 hours ago"),
        ("yesterday", "2 days ago"),
        ("an hour ago", "3 hours ago"),
        ("just now", "5 minutes ago"),
        ("a minute ago", "2 days ago"),
        ("today", "yesterday"),
        ("1 hour ago", "12 hours ago"),
        ("last week", "2 weeks ago"),
        ("2 months ago", "a year ago"),
    ];
    let leads = ["Connected ", "connected ", "Last active ", "Signed in ", ""];
    let shapes = [
        "{L} {T}",
        "{L} - {T}",
        "{L} – {T}",
        "{L} — {T}",
        "{L} · {T}",
        "{L}, {T}",
        "{L} ({T})",
        "{L}: {T}",
        "{L} | {T}",
        "{L} [{T}]",
        "{T} · {L}",
        "{L}, {T}, user:inference",
        "{L} • {T} • user:inference user:profile",
        "{L} ({T}) user:inference",
        "{L} · {T} · Paris, France",
        "{L} ({T}, Paris)",
        "{L} — {T} — 203.0.113.7",
        "{L}; {T}; Berlin",
        "{L} [{T}] user:profile",
        "{L} ({T}) · user:inference",
        "{T}, {L}",
    ];
    let mut wrong = Vec::new();
    for (page, heading, label, control) in [
        ("claude-code", "Authorization tokens", "Claude Code", "Revoke"),
        ("account", "Active sessions", "Chrome on macOS", "Terminate"),
    ] {
        for lead in leads {
            for (t1, t2) in pairs {
                for shape in shapes {
                    let read = |t: &str| {
                        let text = shape.replace("{L}", label).replace("{T}", &format!("{lead}{t}"));
                        let html = format!(
                            "<html lang=en><body><main><h2>{heading}</h2><ul><li>{text} <button>{control}</button></li>\
                             <li>Other row · {lead}{t} <button>{control}</button></li></ul></main></body></html>"
                        );
                        let r = read_html(page, &html);
                        r.entries.first().map(|e| e.label().to_string())
                    };
                    let (a, b) = (read(t1), read(t2));
                    if a.as_deref() != Some(label) || b.as_deref() != Some(label) {
                        wrong.push(format!("{page} {shape:?} {lead:?} {t1:?}/{t2:?}: {a:?} / {b:?}"));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows keep a time in their label:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A name may end in the word "now" ("Claude Code deploy now"): the word
/// stays in it. Set apart from the name ("Chrome on macOS · now") it is
/// still the row's time.
#[test]
fn a_name_ending_in_now_keeps_it() {
    let r = read_html(
        "claude-code",
        "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
         <li><span>Claude Code deploy now</span> <span>Connected 3 days ago</span> <button>Revoke</button></li>\
         <li><span>Revoke all tokens now</span> <span>Connected 2 days ago</span> <button>Revoke</button></li>\
         <li><span>Claude Code · now</span> <span>user:inference</span> <button>Revoke</button></li>\
         </ul></main></body></html>",
    );
    assert_eq!(
        labels(&r),
        ["Claude Code deploy now", "Revoke all tokens now", "Claude Code"]
    );
    assert_eq!(
        connected_texts(&r),
        [Some("Connected 3 days ago"), Some("Connected 2 days ago"), Some("now")]
    );
    let r = read_html(
        "account",
        "<html lang=en><body><main><h2>Active sessions</h2><ul>\
         <li><span>Chrome on macOS · now</span> <button>Terminate</button></li>\
         <li><span>Safari on iOS, now</span> <button>Terminate</button></li>\
         </ul></main></body></html>",
    );
    assert_eq!(labels(&r), ["Chrome on macOS", "Safari on iOS"]);
    for e in &r.entries {
        let Record::Session { last_active, .. } = &e.record else {
            panic!("not a session: {e:?}")
        };
        assert_eq!(last_active.as_ref().map(|t| t.raw.as_str()), Some("now"), "{e:?}");
    }
}

/// A usage meter keeps its name while its figure and reset time move, so
/// that readings of one meter can be compared: 16 ways of drawing four
/// meters (words, bars, ARIA meters, one-line sentences, the figure in
/// brackets), each read with two sets of figures; every meter keeps its
/// name and reads its percentage and reset time.
#[test]
fn meter_names_hold_still_while_their_figures_move() {
    let values = [
        (("12", "Resets in 4 hours"), ("47", "Resets in 2 hr 10 min")),
        (("3.5", "Resets Thu 9:00 AM"), ("80", "Resets tomorrow at 9:00 AM")),
        (("0", "Resets in 59 min"), ("100", "Resets in 5 hours")),
    ];
    let shapes = [
        "<div><span>{N}</span><span>{P}% used</span><span>{R}</span></div>",
        "<div><p>{N}</p><p>{R}</p><div role=\"progressbar\" aria-valuenow=\"{P}\"></div><p>{P}% used</p></div>",
        "<p>{N}: {P}% used · {R}</p>",
        "<p>{N} · {P}% used · {R}</p>",
        "<p>{N}: {P}% used. {R}.</p>",
        "<p>{N} — {P}% used — {R}</p>",
        "<li>{N}: {P}% used, {R}</li>",
        "<div><h3>{N}</h3><p>{P}% used</p><p>{R}</p></div>",
        "<div><div>{N}</div><div><span>{P}%</span> <span>used</span></div><div>{R}</div></div>",
        "<div><span>{N}</span><span>{R}</span><span>{P}% used</span></div>",
        "<div><span>{N} ({P}% used)</span><span>{R}</span></div>",
        "<div><span>{N}</span><span>{P}% used ({R})</span></div>",
        "<div><span>{N}</span><span>Used: {P}%</span><span>{R}</span></div>",
        "<div><span>{N}</span><span>{P}% of limit used</span><span>{R}</span></div>",
        "<div><span>{N}</span><progress value=\"{P}\" max=\"100\"></progress><span>{R}</span></div>",
        "<div><span>{N}</span><span>{R}</span><div role=\"meter\" aria-valuenow=\"{P}\" aria-label=\"{N}\"></div></div>",
        // Drawn flat: no element per meter.
        "<h3>{N}</h3><p>{P}% used</p><p>{R}</p>",
        "<h3>{N}</h3><p>{R}</p><p>{P}%</p>",
        "<p><b>{N}</b></p><p>{P}% used</p><p>{R}</p>",
        "<div>{N}</div><div>{R}</div><div>{P}% used</div>",
        "<dt>{N}</dt><dd>{P}% used</dd><dd>{R}</dd>",
        "<h4>{N}</h4><div role=\"progressbar\" aria-valuenow=\"{P}\" aria-label=\"{N}\"></div><span>{R}</span>",
    ];
    let names = ["Current session", "All models", "Opus only", "Sonnet only"];
    let mut wrong = Vec::new();
    for shape in shapes {
        for ((p1, r1), (p2, r2)) in values {
            for (p, r) in [(p1, r1), (p2, r2)] {
                let body: String = names
                    .iter()
                    .map(|n| shape.replace("{N}", n).replace("{P}", p).replace("{R}", r))
                    .collect();
                let html = format!("<html lang=en><body><main><h1>Usage</h1><section><h2>Plan usage limits</h2>{body}</section></main></body></html>");
                let got: Vec<(String, f64, bool)> = read_html("usage", &html)
                    .meters
                    .iter()
                    .map(|m| {
                        let resets = m.resets.as_ref().is_some_and(|t| t.interval.is_some());
                        (m.name.clone(), m.percent.to_f64(), resets)
                    })
                    .collect();
                let want: Vec<(String, f64, bool)> = names
                    .iter()
                    .map(|n| (n.to_string(), p.parse().unwrap(), true))
                    .collect();
                if got != want {
                    wrong.push(format!("{shape:?} at {p}%: {got:?}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} readings wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Brackets that hold a meter's figure or reset time are cut off its name;
/// other brackets stay part of it.
#[test]
fn a_meter_name_keeps_its_own_brackets() {
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <p>You've used 30% of your weekly limit (all models). Resets Nov 26.</p>\
        <p>Current session (12% used)</p>\
        <p>Opus only: 5% used (Resets in 4 hours)</p></main></body></html>";
    let got: Vec<(String, f64, bool)> = read_html("usage", html)
        .meters
        .iter()
        .map(|m| (m.name.clone(), m.percent.to_f64(), m.resets.is_some()))
        .collect();
    assert_eq!(
        got,
        [
            ("weekly limit (all models)".to_string(), 30.0, true),
            ("Current session".to_string(), 12.0, false),
            ("Opus only".to_string(), 5.0, true),
        ]
    );
}

/// A confirmation drawn with no dialog role, beside the app's content, is a
/// dialog when it asks, offers a cancel and names the removal; a banner
/// that asks something else is not (taken for a dialog, it would hold
/// every revocation waiting on its answer).
#[test]
fn a_confirmation_needs_no_dialog_role_but_a_banner_is_none() {
    let page = |overlay: &str| {
        format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
             <li>Claude Code · Connected 3 days ago <button>Revoke</button></li>\
             <li>Claude Code · Connected 2 days ago <button>Revoke</button></li></ul></main>{overlay}</body></html>"
        )
    };
    for (overlay, is_dialog) in [
        ("<div><p>Revoke token?</p><button>Cancel</button><button>Revoke</button></div>", true),
        ("<div><p>Are you sure you want to revoke this token?</p><button>Cancel</button><button>Yes, revoke</button></div>", true),
        ("<div><p>Revoke this token?</p><button>Cancel</button><button>Confirm</button></div>", true),
        ("<div><p>Enable notifications?</p><button>No</button><button>Yes</button></div>", false),
        ("<div><p>New: remote control for Claude Code.</p><button>Dismiss</button><button>OK</button></div>", false),
        // A link beside the answers is no removal of its own.
        ("<div><p>Revoke token?</p><a href=\"/help\">Learn more</a><button>Cancel</button><button>Revoke</button></div>", true),
        // No question: a bar of selected rows, not a confirmation.
        ("<div><span>2 selected</span><button>Cancel</button><button>Revoke all</button></div>", false),
        // A list: a part of the page, not a confirmation.
        ("<div><p>Revoke token?</p><ul><li><button>Cancel</button></li><li><button>Revoke</button></li></ul></div>", false),
        ("<div><p>Revoke token?</p><div role=\"list\"><div role=\"listitem\"><button>Cancel</button></div><div role=\"listitem\"><button>Revoke</button></div></div></div>", false),
        // A go-ahead needs a cancel beside it to answer the question.
        ("<div><p>Revoke this token?</p><a href=\"/help\">Learn more</a><button>Confirm</button></div>", false),
    ] {
        let r = read_html("claude-code", &page(overlay));
        assert_eq!(r.entries.len(), 2, "{overlay}");
        assert_eq!(r.dialogs.len(), usize::from(is_dialog), "{overlay}");
    }
}

/// A meter drawn in its own element keeps to it even with no reset time
/// shown: the heading above its section stays the group of the next
/// meter too. A figure whose own text says what it is "of" is named by
/// that, not by a link after it.
#[test]
fn a_meter_in_its_own_element_reads_nothing_beside_it() {
    let html = "<html lang=en><body><main><h1>Settings</h1>\
        <div role=\"status\">You've used 90% of your weekly limit. <a href=\"#\">Upgrade</a></div>\
        <section><h2>Plan usage limits</h2>\
        <div><p>Current session</p><p>Starts when a message is sent</p><p>0% used</p></div>\
        <div><p>Weekly limits</p><p>All models</p><p>Resets Mon 2:00 PM</p><p>64% used</p></div>\
        </section></main></body></html>";
    let got: Vec<(String, Option<String>, bool)> = read_html("usage", html)
        .meters
        .iter()
        .map(|m| (m.name.clone(), m.group.clone(), m.resets.is_some()))
        .collect();
    let plan = Some("Plan usage limits".to_string());
    assert_eq!(
        got,
        [
            ("weekly limit".to_string(), Some("Settings".to_string()), false),
            ("Current session".to_string(), plan.clone(), false),
            ("All models".to_string(), plan, true),
        ]
    );
}

/// A confirmation marked as a dialog is read with its go-ahead and its
/// cancel whatever they say among the common words: a cancel left unseen
/// ("Not now") would count the revocation the user backed out of.
#[test]
fn a_marked_dialog_has_its_go_ahead_and_its_cancel() {
    let questions = [
        "Revoke token?",
        "Are you sure you want to revoke this token?",
        "Revoke access for Claude Code",
        "This will sign Claude Code out. Continue?",
    ];
    let go_aheads = [
        "Revoke",
        "Yes, revoke",
        "Confirm",
        "Yes",
        "OK",
        "Continue",
        "Revoke token",
        "Delete",
        "Remove",
    ];
    let cancels = [
        "Cancel",
        "No",
        "Keep",
        "Never mind",
        "Go back",
        "Back",
        "Not now",
        "Close",
    ];
    let dialogs = [
        "<div role=\"dialog\" aria-modal=\"true\"><h2>{Q}</h2><p>Any client using it will stop working.</p><div><button>{C}</button><button>{G}</button></div></div>",
        "<div role=\"alertdialog\"><p>{Q}</p><button>{G}</button><button>{C}</button></div>",
        "<dialog open><form method=\"dialog\"><p>{Q}</p><button>{C}</button><button>{G}</button></form></dialog>",
    ];
    let mut wrong = Vec::new();
    for d in dialogs {
        for q in questions {
            for g in go_aheads {
                for c in cancels {
                    let dialog = d.replace("{Q}", q).replace("{G}", g).replace("{C}", c);
                    let html = format!(
                        "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
                         <li>Claude Code <span>Connected 3 days ago</span><button>Revoke</button></li>\
                         <li>Claude Code <span>Connected 4 days ago</span><button>Revoke</button></li></ul></main>{dialog}</body></html>"
                    );
                    let r = read_html("claude-code", &html);
                    let read = r.dialogs.len() == 1
                        && r.dialogs[0].confirm.is_some()
                        && r.dialogs[0].cancel.is_some()
                        && r.entries.len() == 2;
                    if !read {
                        wrong.push(dialog);
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of 864 read wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A token's expiry written into its label ("Claude Code (expires in 29
/// days)") is a time to come: split off, so the label holds still from
/// one day to the next and the token stays one entry.
#[test]
fn an_expiry_stays_out_of_the_label() {
    let shapes = [
        "<li>Claude Code (expires in {D}) <button>Revoke</button></li>",
        "<li><span>Claude Code · Expires in {D}</span><span>Connected 3 days ago</span><button>Revoke</button></li>",
        "<li><span>Claude Code, expiring in {D}</span><button>Revoke</button></li>",
        "<li><span>Claude Code</span><span>Expires in {D}</span><button>Revoke</button></li>",
    ];
    for shape in shapes {
        for d in ["29 days", "28 days", "3 hours"] {
            let row = shape.replace("{D}", d);
            let html = format!(
                "<html lang=en><body><main><h2>Authorization tokens</h2><ul>{row}{row}</ul></main></body></html>"
            );
            let r = read_html("claude-code", &html);
            let labels: Vec<&str> = r.entries.iter().map(|e| e.label()).collect();
            assert_eq!(labels, ["Claude Code", "Claude Code"], "{row}");
            assert!(
                r.entries.iter().all(|e| e.extra.is_empty()),
                "{row}: {:?}",
                r.entries[0].extra
            );
        }
    }
}

/// A listing split into pages says so with its pager ("Next", "Previous",
/// "Page 2 of 2") or with how much it shows ("Showing 1–3 of 42"): it
/// shows only part of its entries, and those on other pages are not gone.
#[test]
fn a_paged_listing_shows_only_part() {
    let row = "<li><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li>";
    let cases = [
        ("<nav><span>Page 1 of 3</span><button>Next</button></nav>", true),
        ("<nav><button>Previous</button><span>Page 3 of 3</span></nav>", true),
        ("<div><span>Page 2 of 2</span></div>", true),
        ("<p>Showing 1–3 of 42</p>", true),
        ("<p>Displaying 3 of 17 tokens</p>", true),
        ("<p>Showing 1–3 of 3 tokens</p>", false),
        ("<span>Page 1 of 1</span>", false),
        ("<p>Page of settings</p>", false),
        // Words "of" a number that are no pager.
        ("<p>Use one of 5 scopes per token</p>", false),
        ("", false),
    ];
    // After the listing or above it, under its heading ("only some tokens
    // render" is reported; one not drawn is not gone); beside a bare list,
    // a table, whose rows sit in the `tbody` the parser adds, or a card
    // that holds nothing but the list.
    let tr = "<tr><td>Claude Code</td><td>Connected 3 days ago</td><td><button>Revoke</button></td></tr>";
    let listings = [
        format!("<ul>{row}{row}{row}</ul>"),
        format!("<table><thead><tr><th>Client</th><th>Connected</th><th></th></tr></thead><tbody>{tr}{tr}{tr}</tbody></table>"),
        format!("<div><div><ul>{row}{row}{row}</ul></div></div>"),
    ];
    for listing in &listings {
        for (after, partial) in cases {
            for html in [
                format!("<html lang=en><body><main><h2>Authorization tokens</h2>{listing}{after}</main></body></html>"),
                format!("<html lang=en><body><main><h2>Authorization tokens</h2>{after}{listing}</main></body></html>"),
            ] {
                let r = read_html("claude-code", &html);
                assert_eq!(r.entries.len(), 3, "{html}");
                assert_eq!(r.partial.is_some(), partial, "{html}: {:?}", r.partial);
            }
        }
    }
    // A card that holds more than the list keeps its pager to itself: a
    // "Next" step of a form beside the card is not the listing's.
    let html = format!(
        "<html lang=en><body><main><h2>Authorization tokens</h2><div><p>Tokens you granted</p><ul>{row}{row}{row}</ul></div><button>Next</button></main></body></html>"
    );
    let r = read_html("claude-code", &html);
    assert_eq!(r.entries.len(), 3);
    assert_eq!(r.partial, None);
    // A heading that counts more than the listing draws.
    for (heading, partial) in [
        ("Authorization tokens (212)", true),
        ("Authorization tokens (3)", false),
        ("Authorization tokens", false),
    ] {
        let html = format!("<html lang=en><body><main><h2>{heading}</h2><ul>{row}{row}{row}</ul></main></body></html>");
        let r = read_html("claude-code", &html);
        assert_eq!(r.entries.len(), 3, "{heading}");
        assert_eq!(r.partial.is_some(), partial, "{heading}: {:?}", r.partial);
    }
    // A sessions count takes in the session in use, which has no control.
    let session = |name: &str, control: &str| {
        format!("<li><span>{name}</span><span>Last active 2 hours ago</span>{control}</li>")
    };
    for (count, partial) in [(3, false), (4, true)] {
        let html = format!(
            "<html lang=en><body><main><h2>Active sessions ({count})</h2><ul>{}{}{}</ul></main></body></html>",
            session("Chrome on macOS", "<span>Current session</span>"),
            session("Safari on iOS", "<button>Terminate</button>"),
            session("Firefox on Linux", "<button>Terminate</button>"),
        );
        let r = read_html("account", &html);
        assert_eq!(r.entries.len(), 2, "{count}");
        assert_eq!(r.partial.is_some(), partial, "{count}: {:?}", r.partial);
    }
}

/// A meter with no reset time shown ("Starts when a message is sent")
/// takes no other meter's, however the page is drawn, flat or not, and
/// every meter keeps the section's heading as its group.
#[test]
fn a_meter_without_a_reset_time_takes_none_of_its_neighbours() {
    let shapes = [
        "<div><span>{N}</span><span>{P}% used</span><span>{R}</span></div>",
        "<div><h3>{N}</h3><p>{P}% used</p><p>{R}</p></div>",
        "<h3>{N}</h3><p>{P}% used</p><p>{R}</p>",
        "<h3>{N}</h3><p>{R}</p><p>{P}%</p>",
        "<p><b>{N}</b></p><p>{P}% used</p><p>{R}</p>",
        "<div>{N}</div><div>{R}</div><div>{P}% used</div>",
        "<dt>{N}</dt><dd>{P}% used</dd><dd>{R}</dd>",
        "<li>{N}: {P}% used, {R}</li>",
    ];
    let names = ["Current session", "All models", "Opus only"];
    let first_resets = [
        ("Starts when a message is sent", None),
        ("Resets in 4 hours", Some("Resets in 4 hours")),
    ];
    let mut wrong = Vec::new();
    for shape in shapes {
        for (said, read) in first_resets {
            let resets = [said, "Resets Thu 9:00 AM", "Resets Thu 9:00 AM"];
            let body: String = (0..3)
                .map(|k| {
                    shape
                        .replace("{N}", names[k])
                        .replace("{P}", &(k * 5 + 2).to_string())
                        .replace("{R}", resets[k])
                })
                .collect();
            let html = format!("<html lang=en><body><main><h1>Usage</h1><section><h2>Plan usage limits</h2>{body}</section></main></body></html>");
            let got: Vec<(String, Option<String>, Option<String>)> = read_html("usage", &html)
                .meters
                .iter()
                .map(|m| {
                    (
                        m.name.clone(),
                        m.group.clone(),
                        m.resets.as_ref().map(|t| t.raw.clone()),
                    )
                })
                .collect();
            let group = Some("Plan usage limits".to_string());
            let thu = Some("Resets Thu 9:00 AM".to_string());
            let want = vec![
                (names[0].to_string(), group.clone(), read.map(str::to_string)),
                (names[1].to_string(), group.clone(), thu.clone()),
                (names[2].to_string(), group, thu),
            ];
            if got != want {
                wrong.push(format!("{shape} ({said}): {got:?}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of 16 read wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Meters in a table whose "Resets" column holds bare times ("in 2
/// hours", "Thu 9:00 AM"): a time to come beside a meter is its reset.
/// Names that hold numbers ("Sonnet 4.5") stay names.
#[test]
fn a_meter_table_reads_its_reset_column() {
    let html = "<html lang=en><body><main><h1>Usage</h1><table><thead><tr><th>Limit</th><th>Used</th><th>Resets</th></tr></thead><tbody>\
        <tr><td>Current session</td><td>41%</td><td>in 2 hours</td></tr>\
        <tr><td>Sonnet 4.5</td><td>12%</td><td>Thu 9:00 AM</td></tr>\
        <tr><td>Haiku 3.5</td><td>3%</td><td>—</td></tr>\
        </tbody></table></main></body></html>";
    let got: Vec<(String, Option<String>)> = read_html("usage", html)
        .meters
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                m.resets
                    .as_ref()
                    .filter(|t| t.interval.is_some())
                    .map(|t| t.raw.clone()),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        [
            ("Current session".to_string(), s("in 2 hours")),
            ("Sonnet 4.5".to_string(), s("Thu 9:00 AM")),
            ("Haiku 3.5".to_string(), None),
        ]
    );
}

/// (name, percent as text, reset phrase) of each meter on a usage page.
fn meters_in(html: &str) -> Vec<(String, String, Option<String>)> {
    read_html("usage", html)
        .meters
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                m.percent.text(),
                m.resets
                    .as_ref()
                    .filter(|t| t.interval.is_some())
                    .map(|t| t.raw.clone()),
            )
        })
        .collect()
}

/// The names of the meters on a usage page, in page order.
fn meter_names(html: &str) -> Vec<String> {
    meters_in(html).into_iter().map(|m| m.0).collect()
}

#[test]
fn a_dialog_s_figure_is_no_meter_and_an_h4_groups_the_meters_under_it() {
    let meters = |html: &str| -> Vec<(String, String, Option<String>)> {
        read_html("usage", html)
            .meters
            .iter()
            .map(|m| (m.name.clone(), m.percent.text(), m.group.clone()))
            .collect()
    };
    let m = |name: &str, p: &str, group: &str| (name.to_string(), p.to_string(), Some(group.to_string()));
    let rows = "<div><p>All models</p><p>41% used</p><p>Resets Thu 9:00 AM</p></div>\
        <div><p>Opus only</p><p>7% used</p><p>Resets Thu 9:00 AM</p></div>";
    // An upgrade prompt in a dialog says a figure too: it is the dialog's.
    let html = format!(
        "<html lang=en><body><main><h2>Usage</h2><h3>Weekly limits</h3>{rows}\
         <div role=\"dialog\" aria-modal=\"true\"><h2>Almost there</h2><p>You've used 90% of your weekly limit.</p><button>Upgrade</button></div>\
         </main></body></html>"
    );
    assert_eq!(
        meters(&html),
        [
            m("All models", "41", "Weekly limits"),
            m("Opus only", "7", "Weekly limits")
        ]
    );
    // The group is the nearest heading over the meters, of any rank: here
    // an h4 under an h3 (its window, a week, comes from it).
    let html = format!(
        "<html lang=en><body><main><h2>Usage</h2><h3>Plan usage</h3><h4>Weekly limits</h4>{rows}</main></body></html>"
    );
    assert_eq!(
        meters(&html),
        [
            m("All models", "41", "Weekly limits"),
            m("Opus only", "7", "Weekly limits")
        ]
    );
}

#[test]
fn a_bar_s_range_need_not_start_at_zero() {
    // ARIA lets a bar count from `aria-valuemin`: 60 on a 10–110 scale is
    // half used, and 3 of a 0–4 scale three quarters.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div><h3>Current session</h3><div role=\"progressbar\" aria-valuemin=\"10\" aria-valuemax=\"110\" aria-valuenow=\"60\"></div><p>Resets in 3 hours</p></div>\
        <div><h3>All models</h3><div role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"4\" aria-valuenow=\"3\"></div><p>Resets Thu 9:00 AM</p></div>\
        </main></body></html>";
    let got: Vec<(String, String)> = meters_in(html).into_iter().map(|m| (m.0, m.1)).collect();
    assert_eq!(
        got,
        [
            ("Current session".to_string(), "50".to_string()),
            ("All models".to_string(), "75".to_string())
        ]
    );
}

#[test]
fn a_sentence_about_a_limit_is_a_meter_with_its_reset() {
    // A banner in sentences: the reset said mid-sentence ("Your limit
    // resets …") had named the meter, and a share "of your 5-hour limit"
    // with no "used" was not a meter at all.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div role=alert>You've used 91% of your weekly limit. Your limit resets Thursday at 9:00 AM.</div>\
        <div><h3>Current session</h3><p>You're at 40% of your 5-hour limit · resets in 3 hr</p></div>\
        </main></body></html>";
    let m = |n: &str, p: &str, r: &str| (n.to_string(), p.to_string(), Some(r.to_string()));
    assert_eq!(
        meters_in(html),
        [
            m("weekly limit", "91", "resets Thursday at 9:00 AM."),
            m("Current session", "40", "resets in 3 hr"),
        ]
    );
}

#[test]
fn what_is_left_of_a_limit_is_read_as_the_rest_used() {
    // A meter drawn as what remains falls as it is used: read as its share
    // left, a rise after everything was revoked would have looked like a drop.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div><h3>Current session</h3><p>55% remaining</p><p>Resets in 2 hours</p></div>\
        <div><h3>Weekly · All models</h3><p>87.5% left</p><p>Resets Thu 9:00 AM</p></div>\
        <div><h3>Opus</h3><p><b>100%</b> <span>remaining</span></p></div>\
        </main></body></html>";
    let m = |n: &str, p: &str, r: Option<&str>| (n.to_string(), p.to_string(), r.map(str::to_string));
    assert_eq!(
        meters_in(html),
        [
            m("Current session", "45", Some("Resets in 2 hours")),
            m("Weekly · All models", "12.5", Some("Resets Thu 9:00 AM")),
            m("Opus", "0", None),
        ]
    );
    // A page that says both reads the share used only once per meter.
    let both = "<html lang=en><body><main><h1>Usage</h1>\
        <div><h3>Current session</h3><p>45% used</p><p>55% remaining</p></div></main></body></html>";
    assert_eq!(meters_in(both), [m("Current session", "45", None)]);
}

#[test]
fn what_follows_a_meter_s_figure_names_it_only_when_nothing_else_does() {
    // "Limit reached" after the figure had renamed the meter as it filled
    // up: a new meter, its level history lost, at the very moment to watch.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div><h3>Weekly · Sonnet</h3><p>100% used · Limit reached</p><p>Resets at 5 PM</p></div>\
        <div><p>You've used 90% of your weekly limit. Upgrade</p></div>\
        <section><p>45% used · Opus</p></section>\
        </main></body></html>";
    let names = meter_names(html);
    assert_eq!(names, ["Weekly · Sonnet", "weekly limit", "Opus"]);
}

#[test]
fn a_meter_s_state_beside_it_is_not_its_name() {
    // "Approaching limit" and "Limit reached" appear as a meter fills: read
    // as its name, the meter was a new one at the moment it rose.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div><p>Current session</p><p>Approaching limit</p><p>85% used</p><p>Resets in 2 hours</p></div>\
        <div><div><span>All models</span><span role=status>Limit reached</span></div><p>100% used</p></div>\
        <div><p>Near limit</p><div role=progressbar aria-valuenow=90></div></div>\
        </main></body></html>";
    let names = meter_names(html);
    // The last names nothing else: its state is all it has.
    assert_eq!(names, ["Current session", "All models", "Near limit"]);
}

#[test]
fn a_meter_named_beside_its_figure_or_its_reset_keeps_that_name() {
    // A bar's label that carries its figure had named the meter anew at
    // every visit ("Current session: 45% used", then "…: 52% used"); a name
    // and a reset in one text ("Weekly limit — resets Monday") had been
    // taken whole for the reset, the meter left unnamed and not read.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div><div role=progressbar aria-label=\"Current session: 45% used\" aria-valuenow=45></div></div>\
        <div><div role=progressbar aria-label=\"Weekly limit, 12 percent used\" aria-valuenow=12></div></div>\
        </main></body></html>";
    let names = meter_names(html);
    assert_eq!(names, ["Current session", "Weekly limit"]);
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div><h3>Current session · Resets in 2 hours</h3><p>45% used</p></div>\
        <div><h3>Weekly limit — resets Monday</h3><p>12% used</p></div>\
        <div><p>Opus, resets Monday at 9:00 AM</p><p>3% used</p></div>\
        </main></body></html>";
    let m = |n: &str, p: &str, r: &str| (n.to_string(), p.to_string(), Some(r.to_string()));
    assert_eq!(
        meters_in(html),
        [
            m("Current session", "45", "Resets in 2 hours"),
            m("Weekly limit", "12", "resets Monday"),
            m("Opus", "3", "resets Monday at 9:00 AM"),
        ]
    );
}

#[test]
fn a_meter_said_in_one_run_of_words_is_cut_around_its_figure() {
    // Name, figure and reset in one text with nothing between them: the
    // whole text had been taken for the figure, so the meter was named
    // after the page's heading and read with no reset.
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <p>Current session 45% used Resets in 2 hours</p>\
        <h2>Weekly limits</h2><p>Opus only 3 % USED</p>\
        </main></body></html>";
    assert_eq!(
        meters_in(html),
        [
            (
                "Current session".to_string(),
                "45".to_string(),
                Some("Resets in 2 hours".to_string())
            ),
            ("Opus only".to_string(), "3".to_string(), None),
        ]
    );
    // Words after the figure that are no reset time make it a sentence:
    // its name comes from elsewhere, as before.
    let html = "<html lang=en><body><main><h1>Usage</h1><h2>Current session</h2>\
        <p>So far 45% used of what you may send</p></main></body></html>";
    assert_eq!(meter_names(html), ["Current session"]);
    // Nor is a hedge before the figure its name.
    for figure in ["&lt;1% used", "Less than 1% used", "About 45% used"] {
        let html = format!(
            "<html lang=en><body><main><h1>Usage</h1><div><p>All models</p><p>Resets Mon 9:00 AM</p><p>{figure}</p></div></main></body></html>"
        );
        assert_eq!(meter_names(&html), ["All models"], "{figure}");
    }
}

#[test]
fn a_heading_s_reset_time_stays_out_of_its_meters_names() {
    // Meters of one name are told apart by their heading; a heading that
    // says when it resets had put the countdown into their names, so each
    // visit read new meters.
    let page = |left: &str| {
        format!(
            "<html lang=en><body><main><h1>Usage</h1>\
            <section><h2>Opus · resets in {left}</h2><div><p>Current session</p><p>45% used</p></div>\
            <div><p>Weekly</p><p>10% used</p></div></section>\
            <section><h2>Sonnet · resets in {left}</h2><div><p>Current session</p><p>5% used</p></div>\
            <div><p>Weekly</p><p>1% used</p></div></section>\
            </main></body></html>"
        )
    };
    let names = meter_names(&page("2 hours"));
    assert_eq!(
        names,
        [
            "Opus · Current session",
            "Opus · Weekly",
            "Sonnet · Current session",
            "Sonnet · Weekly"
        ]
    );
    assert_eq!(meter_names(&page("1 hour")), names);
}

#[test]
fn meters_said_in_different_ways_on_one_page_are_each_read() {
    // A page may draw one meter as a bar with a bare "100%" and say the
    // others in words: the first was lost whenever the words said just one
    // figure, and the one meter left took the session's reset as its own.
    // A share left beside a share used ("63% left" under "Used 37%") was
    // lost too.
    let session = "<section><h2>Current session</h2><p>Limit reached · Resets Mon 12:00 AM</p>\
        <div role=meter aria-valuenow=100 aria-label=\"Current session usage\"></div><span>100%</span></section>";
    let all = "<div><span>All models</span><span>Used 37%</span><span>Resets in 3 days</span></div>";
    let sonnet = "<div><span>Sonnet only</span><span>63% left</span><span>Resets in 3 days</span></div>";
    let page = |body: &str| format!("<html lang=en><body><main><h1>Usage</h1>{body}</main></body></html>");
    let m = |n: &str, p: &str, r: &str| (n.to_string(), p.to_string(), Some(r.to_string()));
    let weekly = |rows: &str| format!("<section><h2>Weekly</h2>{rows}</section>");
    assert_eq!(
        meters_in(&page(&format!("{session}{}", weekly(all)))),
        [
            m("Current session", "100", "Resets Mon 12:00 AM"),
            m("All models", "37", "Resets in 3 days")
        ]
    );
    assert_eq!(
        meters_in(&page(&weekly(&format!("{all}{sonnet}")))),
        [
            m("All models", "37", "Resets in 3 days"),
            m("Sonnet only", "37", "Resets in 3 days")
        ]
    );
    // A session drawn with no figure at all: its reset is not the other's.
    let figureless = "<section><h2>Current session</h2><p>Limit reached · Resets Mon 12:00 AM</p></section>";
    assert_eq!(
        meters_in(&page(&format!("{figureless}{}", weekly(all)))),
        [m("All models", "37", "Resets in 3 days")]
    );
    // A bar beside its own meter's words is not a second meter, whether
    // its value agrees or not.
    for bar in ["37", "40"] {
        let drawn_twice = format!(
            "<div><div><span>All models</span><progress max=100 value={bar}></progress></div>\
             <span>Used 37%</span><span>Resets in 3 days</span></div>"
        );
        assert_eq!(
            meters_in(&page(&format!("{session}{}", weekly(&drawn_twice)))),
            [
                m("Current session", "100", "Resets Mon 12:00 AM"),
                m("All models", "37", "Resets in 3 days")
            ],
            "{bar}"
        );
    }
}

#[test]
fn an_abbreviated_time_is_read_from_its_spelled_out_label() {
    // "3d" on screen, "Connected 3 days ago" in its aria-label or title:
    // the token had no connection time, so two alike tokens could not be
    // told apart by it.
    for attr in ["aria-label", "title"] {
        let html = format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
             <li><span>Claude Code</span> <span {attr}=\"Connected 3 days ago\">3d</span><button>Revoke</button></li>\
             <li><span>Claude Code</span> <span {attr}=\"Connected 2 hours ago\">2h</span><button>Revoke</button></li>\
             </ul></main></body></html>"
        );
        assert_eq!(
            connected_texts(&read_html("claude-code", &html)),
            [Some("Connected 3 days ago"), Some("Connected 2 hours ago")],
            "{attr}"
        );
    }
    // A name titled with a time is still the name.
    let html = "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
         <li><span title=\"Connected 3 days ago\">Claude Code</span><button>Revoke</button></li>\
         <li><span title=\"Connected 2 days ago\">Claude Code</span><button>Revoke</button></li>\
         </ul></main></body></html>";
    let r = read_html("claude-code", html);
    assert!(
        r.entries
            .iter()
            .all(|e| matches!(&e.record, Record::Token { label, .. } if label == "Claude Code")),
        "{:?}",
        r.entries
    );
}

#[test]
fn a_trusted_device_s_own_wording_removes_it() {
    // "Don't trust" (with a straight or a curly apostrophe) and "Stop
    // trusting" were no remove control: those devices were not read, and
    // a click on them went unrecorded.
    for control in [
        "Don't trust",
        "Don\u{2019}t trust",
        "Do not trust",
        "Stop trusting",
        "Remove trust",
    ] {
        let html = format!(
            "<html lang=en><body><main><h1>Account</h1><h2>Trusted devices</h2><ul>\
             <li><span>MacBook Pro</span><span>Trusted on Nov 3, 2026</span><button>{control}</button></li>\
             <li><span>iPhone</span><span>Trusted on Oct 3, 2026</span><button>{control}</button></li>\
             </ul></main></body></html>"
        );
        let r = read_html("account", &html);
        assert_eq!(r.entries.len(), 2, "{control}");
        assert!(
            r.entries.iter().all(|e| matches!(e.record, Record::Device { .. })),
            "{control}"
        );
    }
}

#[test]
fn a_control_for_the_rows_ticked_is_no_row_of_its_own() {
    // Checkboxes and "Revoke selected" above a table: which rows are ticked
    // is not in the page tree, so the bulk control is no one row's, and
    // its "Select all" line is no token.
    let html = r#"<html><body><main><h2>Authorization tokens</h2>
<div><label><input type="checkbox"> Select all</label><button>Revoke selected</button></div>
<table><thead><tr><th></th><th>Name</th><th>Scopes</th><th>Created</th><th></th></tr></thead><tbody>
<tr><td><input type="checkbox" aria-label="Select token"></td><td>Claude Code</td><td>user:inference user:profile</td><td>Nov 20, 2026</td><td><button>Revoke</button></td></tr>
<tr><td><input type="checkbox" aria-label="Select token"></td><td>Claude Code</td><td>user:inference</td><td>Nov 18, 2026</td><td><button>Revoke</button></td></tr>
</tbody></table></main></body></html>"#;
    let r = read_html("claude-code", html);
    assert_eq!(r.status, Recognition::Recognised);
    assert_eq!(labels(&r), ["Claude Code", "Claude Code"]);
    assert!(tokens(&r)
        .iter()
        .all(|(_, s)| s.contains(&"user:inference".to_string())));
}

#[test]
fn a_location_column_gives_the_place_of_each_session() {
    // A place with no comma ("Berlin") is told from a platform only by its
    // column's header.
    let html = r#"<html><body><main><h2>Active sessions</h2>
<table><thead><tr><th>Device</th><th>Location</th><th>Last active</th><th></th></tr></thead>
<tbody>
<tr><td>Chrome on macOS</td><td>Paris</td><td>Current session</td><td></td></tr>
<tr><td>Firefox on Windows 11</td><td>Berlin</td><td>2 hours ago</td><td><button>Terminate</button></td></tr>
<tr><td>Claude for iOS</td><td>Tokyo</td><td>5 days ago</td><td><button>Terminate</button></td></tr>
</tbody></table></main></body></html>"#;
    let r = read_html("account", html);
    assert_eq!(r.status, Recognition::Recognised);
    let places: Vec<(&str, Option<&str>)> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Session { label, location, .. } => Some((label.as_str(), location.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(
        places,
        [
            ("Firefox on Windows 11", Some("Berlin")),
            ("Claude for iOS", Some("Tokyo"))
        ]
    );
    assert!(r.entries.iter().all(|e| e.extra.is_empty()), "{:?}", r.entries);
}

#[test]
fn a_location_named_in_its_row_is_the_place_after_it_unless_that_says_when() {
    // "Location: Berlin, Germany" in one text, or "Location:" in a node
    // of its own: what follows is the place. Left empty, the next node is
    // the next field: "Last active 3 days ago" had become the place, and
    // the session's last activity was lost.
    let html = r#"<html lang=en><body><main><h2>Active sessions</h2><ul>
<li><span>Firefox on Windows</span><span>Location: Berlin, Germany</span><span>Last active 2 hours ago</span><button>Terminate</button></li>
<li><span>Claude for iOS</span><span>Location:</span><span>Tokyo</span><span>Last active yesterday</span><button>Terminate</button></li>
<li><span>Safari on iOS</span><span>Location:</span><span>Last active 3 days ago</span><button>Terminate</button></li>
</ul></main></body></html>"#;
    let r = read_html("account", html);
    let got: Vec<(&str, Option<&str>, Option<&str>)> = r
        .entries
        .iter()
        .map(|e| match &e.record {
            Record::Session {
                label,
                location,
                last_active,
                ..
            } => (
                label.as_str(),
                location.as_deref(),
                last_active.as_ref().map(|t| t.raw.as_str()),
            ),
            other => panic!("not a session: {other:?}"),
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Firefox on Windows",
                Some("Berlin, Germany"),
                Some("Last active 2 hours ago")
            ),
            ("Claude for iOS", Some("Tokyo"), Some("Last active yesterday")),
            ("Safari on iOS", None, Some("Last active 3 days ago")),
        ]
    );
    // A short name with a date in its tooltip stays the name.
    let html = r#"<html lang=en><body><main><h2>Trusted devices</h2><ul>
<li><span title="Enrolled Nov 3, 2026">Laptop</span><span>macOS</span><button>Remove</button></li>
<li><span title="Enrolled Nov 4, 2026">Phone</span><span>Android</span><button>Remove</button></li>
</ul></main></body></html>"#;
    assert_eq!(labels(&read_html("account", html)), ["Laptop", "Phone"]);
}

#[test]
fn a_field_s_name_in_a_node_of_its_own_names_the_next_node() {
    // "Client:" or "Name" before the value: the value is the label.
    for name in ["Client:", "Name", "Product:"] {
        let html = format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
             <li><span>{name}</span><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li>\
             <li><span>{name}</span><span>Claude Desktop</span><span>Connected 4 days ago</span><button>Revoke</button></li>\
             </ul></main></body></html>"
        );
        let r = read_html("claude-code", &html);
        assert_eq!(labels(&r), ["Claude Code", "Claude Desktop"], "{name}");
        assert!(r.entries.iter().all(|e| e.extra.is_empty()), "{name}: {:?}", r.entries);
    }
}

#[test]
fn a_place_and_an_address_are_kept_together() {
    // A "Location" column and an "IP address" column: the address had been
    // dropped, so a session seen again from another address in the same
    // city had not moved.
    let html = r#"<html><body><main><h2>Active sessions</h2>
<table><thead><tr><th>Device</th><th>Location</th><th>IP address</th><th>Last accessed</th><th></th></tr></thead>
<tbody>
<tr><td>Chrome · macOS</td><td>San Francisco</td><td>203.0.113.9</td><td>Now</td><td>Current</td></tr>
<tr><td>Firefox · Windows</td><td>Berlin</td><td>198.51.100.7</td><td>2 hours ago</td><td><button>Sign out</button></td></tr>
</tbody></table></main></body></html>"#;
    let places = |r: PageReading| -> Vec<Option<String>> {
        r.entries
            .into_iter()
            .map(|e| match e.record {
                Record::Session { location, .. } => location,
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        places(read_html("account", html)),
        [Some("Berlin · 198.51.100.7".to_string())]
    );
    // In one text, and said twice, the place is kept once.
    let html = "<html><body><main><h2>Active sessions</h2><ul>\
        <li><b>Edge</b> · Berlin, DE · 198.51.100.7 · IP 198.51.100.7 · Last active 2 hours ago <button>Terminate</button></li>\
        <li><b>Safari</b> · Paris, FR · Last active 3 days ago <button>Terminate</button></li></ul></main></body></html>";
    assert_eq!(
        places(read_html("account", html)),
        [
            Some("Berlin, DE · 198.51.100.7".to_string()),
            Some("Paris, FR".to_string())
        ]
    );
}

/// A search field beside a listing that holds text narrows the listing to
/// what matches it: the tokens it leaves out are not gone (a revoked one
/// taken for gone would have been verified unseen). An empty field, or a
/// text field inside a row, narrows nothing.
#[test]
fn a_listing_narrowed_by_a_search_says_so() {
    let page = |field: &str| {
        format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><div><div>{field}</div><ul>\
             <li><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li>\
             <li><span>Claude Desktop</span><span>Connected 5 days ago</span><button>Revoke</button></li>\
             </ul></div></main></body></html>"
        )
    };
    for field in [
        r#"<input type="search" value="Desk">"#,
        r#"<input role="searchbox" aria-label="Find a token" value="Desk">"#,
        r#"<input placeholder="Filter tokens" value="Desk">"#,
    ] {
        let r = read_html("claude-code", &page(field));
        assert_eq!(r.entries.len(), 2, "{field}");
        assert_eq!(r.partial.as_deref(), Some("it shows what matches a search"), "{field}");
    }
    for field in [
        r#"<input type="search" placeholder="Search tokens" value="">"#,
        r#"<input type="search" placeholder="Search tokens">"#,
        r#"<input type="text" placeholder="Name" value="Desk">"#,
        r#"<input type="checkbox" aria-label="Search" value="on">"#,
    ] {
        let r = read_html("claude-code", &page(field));
        assert_eq!(r.entries.len(), 2, "{field}");
        assert_eq!(r.partial, None, "{field}");
    }
    // A field in a row (renaming it) is not the listing's search.
    let html = page("").replace(
        "<span>Claude Desktop</span>",
        r#"<span>Claude Desktop</span><input aria-label="Search name" value="Desk">"#,
    );
    assert_eq!(read_html("claude-code", &html).partial, None);
}

#[test]
fn tokens_grouped_under_product_headings_take_the_group_s_name() {
    let rows = |times: &[&str]| {
        let mut s = String::new();
        for t in times {
            s += &format!(
                "<div><div>Connected {t}</div><div>user:inference · user:profile</div><button>Revoke</button></div>"
            );
        }
        s
    };
    let labels = |html: &str| -> Vec<String> {
        let r = read_html("claude-code", html);
        r.entries
            .iter()
            .map(|e| match &e.record {
                Record::Token { label, .. } => label.clone(),
                other => panic!("not a token: {other:?}"),
            })
            .collect()
    };
    let head = "<html lang=en><body><main><h2>Authorization tokens</h2><p>Tokens let apps act on your behalf.</p>";
    // Each group in a container of its own, the last with one row (read as
    // a card whose heading is its label), and the same groups drawn flat.
    let wrapped = format!(
        "{head}<div><h3>Claude Code CLI</h3>{}</div><div><h3>Remote control</h3>{}</div></main></body></html>",
        rows(&["2 days ago", "5 days ago"]),
        rows(&["1 hour ago"])
    );
    let flat = format!(
        "{head}<h3>Claude Code CLI</h3>{}<h3>Remote control</h3>{}</main></body></html>",
        rows(&["2 days ago", "5 days ago"]),
        rows(&["1 hour ago", "2 hours ago"])
    );
    assert_eq!(
        labels(&wrapped),
        ["Claude Code CLI", "Claude Code CLI", "Remote control"]
    );
    assert_eq!(
        labels(&flat),
        ["Claude Code CLI", "Claude Code CLI", "Remote control", "Remote control"]
    );
    // A heading that names the listing is no group, and a row's own label wins.
    let named = format!("{head}{}</main></body></html>", rows(&["2 days ago", "5 days ago"]));
    assert_eq!(labels(&named), ["(no label)", "(no label)"]);
    let own = wrapped.replace(
        "<div>Connected 5 days ago",
        "<span>Claude Desktop</span><div>Connected 5 days ago",
    );
    assert_eq!(labels(&own), ["Claude Code CLI", "Claude Desktop", "Remote control"]);
    // The heading over a lone row's block is its card's own: a trusted
    // device's name over its platform and date. So is a group's heading
    // over its one row, even when that row has a name of its own (a known
    // limit, docs/page-reading.md: the markup of a group of one and of a
    // card is the same).
    let card = "<html lang=en><body><main><h2>Trusted devices</h2><div><div><h4>Work laptop</h4>\
        <div><span>MacBook Pro</span><span>Added Oct 1, 2026</span><button>Remove</button></div></div></div></main></body></html>";
    let r = read_html("account", card);
    assert_eq!(r.entries.iter().map(|e| e.label()).collect::<Vec<_>>(), ["Work laptop"]);
    let alone = format!(
        "{head}<div><h3>Remote control</h3><div><span>Claude Code on iPhone</span><div>Connected 1 hour ago</div><button>Revoke</button></div></div></main></body></html>"
    );
    assert_eq!(labels(&alone), ["Remote control"]);
    // A group's heading drawn in a card of its own with its intro, beside
    // rows that hold no heading: the card is no row drawn like the others
    // (the session in use's is), so its heading still names the rows.
    let introduced = format!(
        "{head}<div><div><h3>Remote control</h3><p>Tokens that let the app drive Claude Code</p></div>{}</div></main></body></html>",
        rows(&["2 days ago", "5 days ago"])
    );
    assert_eq!(labels(&introduced), ["Remote control", "Remote control"]);
    // Groups by when ("Today", "Earlier", a month) name no row: a token
    // moves from one to the next as time passes, in a group of one or more.
    for (first, second) in [
        ("Today", "Earlier"),
        ("Earlier", "November 2026"),
        ("Last week", "Older"),
        ("Week 47", "2026"),
        ("Nov 3, 2026", "3 weeks ago"),
    ] {
        for (a, b) in [(1, 2), (2, 1)] {
            let days: Vec<String> = (0..a + b).map(|d| format!("{} days ago", d + 2)).collect();
            let days: Vec<&str> = days.iter().map(String::as_str).collect();
            let html = format!(
                "{head}<div><h3>{first}</h3>{}</div><div><h3>{second}</h3>{}</div></main></body></html>",
                rows(&days[..a]),
                rows(&days[a..])
            );
            assert_eq!(
                labels(&html),
                vec!["(no label)"; a + b],
                "{first} ({a}), {second} ({b})"
            );
        }
    }
}

#[test]
fn a_card_s_heading_with_a_number_in_it_is_its_label() {
    // A version or a model number is part of a name, not a group by when.
    let tokens = r#"<html lang=en><body><main><h2>Authorization tokens</h2><div>
<article><header><h3>Claude Code (v2.0.14)</h3><button aria-label="Revoke token">Revoke</button></header><p>Connected 3 days ago</p><p>user:inference</p></article>
<article><header><h3>Claude Code (v2.0.14)</h3><button aria-label="Revoke token">Revoke</button></header><p>Connected 5 days ago</p><p>user:inference</p></article>
<article><header><h3>Claude Desktop</h3><button aria-label="Revoke token">Revoke</button></header><p>Connected 6 days ago</p><p>user:inference</p></article>
</div></main></body></html>"#;
    assert_eq!(
        labels(&read_html("claude-code", tokens)),
        ["Claude Code (v2.0.14)", "Claude Code (v2.0.14)", "Claude Desktop"]
    );
    let devices = r#"<html lang=en><body><main><h2 id="trusted-devices">Trusted devices</h2><div>
<div><h4>iPhone 15</h4><p>iOS 18.1</p><p>Added Oct 5, 2026</p><button>Remove</button></div>
<div><h4>Pixel 8</h4><p>Android 15</p><p>Added Oct 7, 2026</p><button>Remove</button></div>
<div><h4>MacBook Pro 2023</h4><p>macOS 15.1</p><p>Added Oct 9, 2026</p><button>Remove</button></div>
<div><h4>iMac</h4><p>macOS 15.1</p><p>Added Oct 10, 2026</p><button>Remove</button></div>
<div><h4>HR laptop</h4><p>Windows 11</p><p>Added Oct 11, 2026</p><button>Remove</button></div>
</div></main></body></html>"#;
    // Nor is a name of four letters a year, nor a word of two letters
    // ("hr", "mo") a unit of time.
    assert_eq!(
        labels(&read_html("account", devices)),
        ["iPhone 15", "Pixel 8", "MacBook Pro 2023", "iMac", "HR laptop"]
    );
}

#[test]
fn a_time_drawn_in_pieces_is_read_as_one_time() {
    // A date and its time of day, or a time and its zone, in nodes of
    // their own: read apart, the date is only a day, and the rest is left
    // among the row's extras.
    let r = read_fixture("account--split-times");
    let times: Vec<(&str, &str, Precision, i64)> = r
        .entries
        .iter()
        .filter_map(|e| {
            let t = match &e.record {
                Record::Session { last_active, .. } => last_active.as_ref(),
                Record::Device { enrolled, .. } => enrolled.as_ref(),
                _ => None,
            }?;
            let iv = t.interval?;
            Some((e.label(), t.raw.as_str(), t.precision, iv.latest + 1 - iv.earliest))
        })
        .collect();
    const MIN: i64 = 60_000;
    const H: i64 = 60 * MIN;
    assert_eq!(
        times,
        [
            (
                "Chrome on macOS",
                "Last active Nov 20, 2026 9:41 AM",
                Precision::Minute,
                MIN
            ),
            (
                "Firefox on Windows",
                "Last active Nov 21, 2026 3:05 PM PST",
                Precision::Day,
                26 * H + MIN
            ),
            (
                "Safari on iOS",
                "Last active Nov 21, 2026, 9:00 AM (CET)",
                Precision::Day,
                26 * H + MIN
            ),
            (
                "Edge on Windows",
                "Last active Nov 20, 2026, 9:41 AM (PST)",
                Precision::Day,
                26 * H + MIN
            ),
            (
                "Claude for Android",
                "Last active 2026-11-21 15:05 +01:00",
                Precision::Minute,
                MIN
            ),
            ("MacBook", "Oct 2, 2026 (PDT)", Precision::Day, 50 * H),
            ("Pixel", "2026-10-05 08:00 -0700", Precision::Minute, MIN),
        ]
    );
    // The offset is the page's, not the browser's (UTC here).
    let android = r.entries.iter().find(|e| e.label() == "Claude for Android").unwrap();
    let Record::Session {
        last_active: Some(t), ..
    } = &android.record
    else {
        panic!()
    };
    assert_eq!(t.interval.unwrap().earliest, 1_795_269_900_000); // 2026-11-21T14:05Z
    assert!(r.entries.iter().all(|e| e.extra.is_empty()), "{:?}", r.entries);
}

#[test]
fn a_sentence_under_a_title_does_not_name_the_listing() {
    // "You're signed in on these devices." below a plain "Sessions" title:
    // read as the title, its "devices" had made the rows trusted devices
    // and left the sessions listing empty, which would have taken every
    // session terminated before for gone.
    use revoke_watch::core::phrases::SectionKind;
    let r = read_fixture("account--signed-in-sentence");
    assert_eq!(labels(&r), ["Firefox", "Claude app"]);
    for e in &r.entries {
        assert!(matches!(e.record, Record::Session { .. }), "{e:?}");
        assert_eq!(e.section.as_deref(), Some("Sessions"));
    }
    assert!(r.empty_sections.is_empty(), "{:?}", r.empty_sections);
    assert_eq!(r.titled_listings, [SectionKind::Sessions]);
}

#[test]
fn the_current_session_s_card_heading_does_not_name_the_listing() {
    // The session in use is a card like the others, titled by its own h3,
    // but with no control: its title had been taken as the section of
    // every card after it ("Chrome 131 on macOS 15" over Firefox's).
    let r = read_fixture("account--current-session-card");
    assert_eq!(
        labels(&r),
        [
            "Firefox 132 on Windows 11",
            "Claude 1.0.3 on iOS 18",
            "Work laptop",
            "Galaxy S24"
        ]
    );
    let sections: Vec<_> = r.entries.iter().map(|e| e.section.as_deref().unwrap_or("")).collect();
    assert_eq!(
        sections,
        [
            "Active sessions",
            "Active sessions",
            "Trusted devices",
            "Trusted devices"
        ]
    );
    assert!(matches!(r.entries[0].record, Record::Session { current: false, .. }));
    assert!(matches!(r.entries[2].record, Record::Device { .. }));
    // Nor when only the session in use's card has a heading, which marks
    // it ("Your current session"): the other rows have none.
    let html = "<html lang=en><body><main><h1>Account</h1><h2>Active sessions</h2><div>\
        <div><h3>Your current session</h3><p>Chrome on macOS</p></div>\
        <div><p>Firefox on Windows</p><p>Last active 2 hours ago</p><button>Terminate</button></div>\
        <div><p>Safari on iOS</p><p>Last active 3 days ago</p><button>Terminate</button></div></div></main></body></html>";
    let r = read_html("account", html);
    assert_eq!(labels(&r), ["Firefox on Windows", "Safari on iOS"]);
    let sections: Vec<_> = r.entries.iter().map(|e| e.section.as_deref().unwrap_or("")).collect();
    assert_eq!(sections, ["Active sessions", "Active sessions"]);
}

#[test]
fn an_empty_trusted_devices_listing_is_read_from_its_sentence() {
    // A device is trusted, registered or remembered, not "created": "You
    // haven't trusted any devices yet." had left the listing neither drawn
    // nor empty, so a device removed before was never confirmed gone.
    use revoke_watch::core::phrases::SectionKind;
    for empty in [
        "You haven’t trusted any devices yet.",
        "You haven't registered any devices.",
        "No remembered devices.",
        "No saved devices",
        "You don't have any trusted devices.",
    ] {
        let html = format!(
            "<main><h2>Trusted devices</h2><p>{empty}</p><h2>Active sessions</h2>\
             <ul><li>Edge on Windows 11 · 2 hours ago <button>Terminate</button></li></ul></main>"
        );
        let r = read_html("account", &html);
        assert_eq!(r.empty_sections, [SectionKind::Devices], "{empty}");
        assert_eq!(labels(&r), ["Edge on Windows 11"], "{empty}");
    }
}

#[test]
fn devices_said_signed_in_under_a_sessions_heading_are_sessions() {
    // "No other devices are signed in." under "Active sessions" had said
    // the trusted-devices listing was empty: every trusted device not yet
    // drawn (a listing still loading) would have been taken for gone.
    use revoke_watch::core::phrases::SectionKind;
    let html = "<main><h2>Active sessions</h2><p>No other devices are signed in.</p>\
                <h2>Trusted devices</h2><div role=\"status\">Loading…</div></main>";
    let r = read_html("account", html);
    assert_eq!(r.empty_sections, [SectionKind::Sessions]);
    // Under its own heading, the same words still name trusted devices.
    let html = "<main><h2>Trusted devices</h2><p>No devices are trusted yet.</p></main>";
    let r = read_html("account", html);
    assert_eq!(r.empty_sections, [SectionKind::Devices]);
    // An empty listing of trusted devices is a reading of the page, alone.
    assert_eq!(r.status, Recognition::Recognised);
}

#[test]
fn a_percentage_whose_sign_is_a_node_of_its_own_is_read() {
    // A big number with a small sign: "37" and "%" (or "% used") in nodes
    // of their own, the words of use after them. The meter had been lost,
    // and its heading taken for the group of the meters after it.
    let page = |figure: &str| {
        format!(
            "<html lang=en><body><main><h1>Usage</h1>\
             <div><h3>Current session</h3><div>{figure}</div><p>Resets in 2 hours</p></div>\
             <div><h3>All models</h3><p>58% used · Resets Mon 8:00 AM</p></div></main></body></html>"
        )
    };
    let m = |n: &str, p: &str, r: &str| (n.to_string(), p.to_string(), Some(r.to_string()));
    for figure in [
        "<span>37</span><span>%</span> <span>used</span>",
        "<span>37</span><span>% used</span>",
        "<b>37</b>%<small>used</small>",
        "<span>63</span><span>%</span><span>left</span>",
    ] {
        assert_eq!(
            meters_in(&page(figure)),
            [
                m("Current session", "37", "Resets in 2 hours"),
                m("All models", "58", "Resets Mon 8:00 AM")
            ],
            "{figure}"
        );
    }
    // A number with no sign after it is no percentage.
    assert_eq!(
        meters_in(&page("<span>37</span> <span>used</span>")),
        [m("All models", "58", "Resets Mon 8:00 AM")]
    );
}

#[test]
fn a_row_drawn_as_a_term_and_its_descriptions_is_named_by_its_term() {
    // Each token a `<dt>` with its name and `<dd>`s after it: the term
    // named the row only when the `<dd>` just after it held the control;
    // read as a field's name otherwise, it left the entry "(no label)".
    let page = |rows: &str| {
        read_html(
            "claude-code",
            &format!("<html lang=en><body><main><h2>Authorization tokens</h2><dl>{rows}</dl></main></body></html>"),
        )
    };
    let r = page(
        "<dt>Claude Code</dt><dd>Connected 3 days ago</dd><dd><button>Revoke</button></dd>\
         <dt>Claude Desktop</dt><dd>Connected 4 days ago</dd><dd><button>Revoke</button></dd>",
    );
    assert_eq!(labels(&r), ["Claude Code", "Claude Desktop"]);
    assert_eq!(
        connected_texts(&r),
        [Some("Connected 3 days ago"), Some("Connected 4 days ago")]
    );
    let r = page(
        "<dt>Claude Code</dt><dd>user:inference</dd><dd>Connected 3 days ago <button>Revoke</button></dd>\
         <dt>Claude Desktop</dt><dd>user:profile</dd><dd>Connected 4 days ago <button>Revoke</button></dd>",
    );
    assert_eq!(labels(&r), ["Claude Code", "Claude Desktop"]);
    // The row is the term with all its descriptions, as HTML groups them:
    // the scopes' `<dd>` was a row of its own with no remove control, so
    // the scopes were lost and the listing read as partial.
    let scopes = |s: &str| vec![s.to_string()];
    assert_eq!(
        tokens(&r),
        [
            ("Claude Code", &scopes("user:inference")),
            ("Claude Desktop", &scopes("user:profile"))
        ]
    );
    assert_eq!(r.partial, None);
    // A term that names a field stays a field's name: the label is elsewhere.
    let r = read_html(
        "claude-code",
        "<html lang=en><body><main><h2>Authorization tokens</h2>\
         <div><h3>Claude Code</h3><dl><dt>Connected</dt><dd>3 days ago</dd></dl><button>Revoke</button></div>\
         <div><h3>Claude Desktop</h3><dl><dt>Connected</dt><dd>4 days ago</dd></dl><button>Revoke</button></div>\
         </main></body></html>",
    );
    assert_eq!(labels(&r), ["Claude Code", "Claude Desktop"]);
}

#[test]
fn an_amount_of_money_does_not_name_a_meter_and_a_heading_of_its_rank_does_not_group_it() {
    // "Extra usage": what was spent and the monthly limit are no names (the
    // first changes with every reading); the meter is named by its
    // heading, and grouped by a heading of a higher rank only — the
    // previous section's "Weekly limits" had given it a 7-day window.
    let page = |extra: &str| {
        format!(
            "<html lang=en><body><main><h1>Usage</h1>\
             <section><h2>Weekly limits</h2><div><p>All models</p><p>12% used</p><p>Resets Thu 9:00 AM</p></div>\
             <div><p>Opus only</p><p>3% used</p><p>Resets Thu 9:00 AM</p></div></section>\
             <section><h2>Extra usage</h2>{extra}</section></main></body></html>"
        )
    };
    let meters = |html: &str| {
        vecs_of(&read_html("usage", html).meters, |m| {
            (m.name.clone(), m.group.clone(), m.window_ms)
        })
    };
    let week = Some(7 * 24 * 3_600_000);
    let weekly = |name: &str| (name.to_string(), Some("Weekly limits".to_string()), week);
    for extra in [
        "<div><p>$4.20 spent</p><p>of $50.00 monthly limit</p><p>8% used</p><p>Resets Dec 1</p></div>",
        "<div><p>€4,20 spent of €50</p><p>8% used</p></div>",
        "<div><p>4,20 € of 50 €</p><p>8% used</p></div>",
        "<p>8% used</p>",
    ] {
        assert_eq!(
            meters(&page(extra)),
            [
                weekly("All models"),
                weekly("Opus only"),
                ("Extra usage".to_string(), Some("Usage".to_string()), None)
            ],
            "{extra}"
        );
    }
    // A dollar sign with no amount is a name like any other.
    let html = "<html lang=en><body><main><h1>Usage</h1><section><h2>${window.__pwned=1}</h2><p>1% used</p></section></main></body></html>";
    assert_eq!(
        meters(html),
        [("${window.__pwned=1}".to_string(), Some("Usage".to_string()), None)]
    );
    // A meter named by a heading of a lower rank keeps the section's
    // heading as its group, and its window.
    let html = "<html lang=en><body><main><h2>Weekly limits</h2>\
                <h3>Opus</h3><p>3% used</p><h3>Sonnet</h3><p>5% used</p></main></body></html>";
    assert_eq!(
        meters(html),
        [
            ("Opus".to_string(), Some("Weekly limits".to_string()), week),
            ("Sonnet".to_string(), Some("Weekly limits".to_string()), week)
        ]
    );
}

fn vecs_of<T, U>(items: &[T], f: impl Fn(&T) -> U) -> Vec<U> {
    items.iter().map(f).collect()
}

#[test]
fn bars_labelled_in_parts_keep_every_part_of_their_name_and_take_the_reset_after_them() {
    // Bars labelled "Weekly · All models" and "Weekly · Opus": the label's
    // first part alone had named both "Weekly", so the two were one meter
    // whose figure jumped between theirs (61, 12, 61, …: a rise after a
    // revocation where there was none). Each bar's reset, drawn after it
    // as its sibling, had been read by no meter.
    let bar = |label: &str, value: u32, reset: &str| {
        format!("<div role=progressbar aria-label=\"{label}\" aria-valuenow={value}></div><p>{reset}</p>")
    };
    let html = format!(
        "<html lang=en><body><main><h1>Usage</h1>{}{}{}</main></body></html>",
        bar("Current session", 38, "Resets in 4h 12m"),
        bar("Weekly · All models", 61, "Resets Thu 9:00 AM"),
        bar("Weekly · Opus", 12, "Resets Thu 9:00 AM"),
    );
    let s = |x: &str| x.to_string();
    assert_eq!(
        meters_in(&html),
        [
            (s("Current session"), s("38"), Some(s("Resets in 4h 12m"))),
            (s("Weekly · All models"), s("61"), Some(s("Resets Thu 9:00 AM"))),
            (s("Weekly · Opus"), s("12"), Some(s("Resets Thu 9:00 AM"))),
        ]
    );
    // What changes from visit to visit is no part of a name: the figure,
    // a state, a reset (which is the meter's reset).
    let html = "<html lang=en><body><main><h1>Usage</h1>\
        <div role=progressbar aria-label=\"Current session · 38% used · Resets in 2 hours\" aria-valuenow=38></div>\
        <div role=progressbar aria-label=\"Weekly · All models · Limit reached\" aria-valuenow=100></div>\
        <div role=progressbar aria-label=\"Weekly | Opus: 12% used\" aria-valuenow=12></div></main></body></html>";
    assert_eq!(
        meters_in(html),
        [
            (s("Current session"), s("38"), Some(s("Resets in 2 hours"))),
            (s("Weekly · All models"), s("100"), None),
            (s("Weekly · Opus"), s("12"), None),
        ]
    );
}

#[test]
fn a_text_that_is_no_time_under_a_time_column_says_when_not_what() {
    // "Never" under "Last used" had been the device's platform, part of
    // its looks: once the device was used, its row would look like a new
    // device and the enrolled one like a device gone.
    let html = "<html lang=en><body><main><h2>Trusted devices</h2><table>\
        <thead><tr><th>Name</th><th>Added</th><th>Last used</th><th>Actions</th></tr></thead><tbody>\
        <tr><td>Pixel 8 (Android)</td><td>Aug 30, 2026</td><td>2 days ago</td><td><button>Remove</button></td></tr>\
        <tr><td>ThinkPad (Linux)</td><td>Jul 2, 2026</td><td>Never</td><td><button>Remove</button></td></tr>\
        <tr><td>Work laptop</td><td>Jul 1, 2026</td><td>—</td><td><button>Remove</button></td></tr>\
        </tbody></table></main></body></html>";
    let r = read_html("account", html);
    let devices: Vec<_> = r
        .entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Device {
                name,
                platform,
                last_used,
                ..
            } => Some((
                name.as_str(),
                platform.as_deref(),
                last_used.as_ref().map(|t| (t.raw.as_str(), t.interval.is_some())),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        devices,
        [
            ("Pixel 8 (Android)", None, Some(("2 days ago", true))),
            ("ThinkPad (Linux)", None, Some(("Never", false))),
            ("Work laptop", None, None),
        ]
    );
    // Under a header that only starts with a time's word, a text is what
    // it says.
    let html = "<html lang=en><body><main><h2>Trusted devices</h2><table>\
        <tr><th>Name</th><th>Added by</th><th>Last used</th><th></th></tr>\
        <tr><td>Pixel 8</td><td>Ada</td><td>Never</td><td><button>Remove</button></td></tr>\
        </table></main></body></html>";
    let r = read_html("account", html);
    match &r.entries[0].record {
        Record::Device {
            platform, last_used, ..
        } => {
            assert_eq!(platform.as_deref(), Some("Ada"));
            assert_eq!(last_used.as_ref().map(|t| t.raw.as_str()), Some("Never"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_month_and_year_alone_is_a_time_not_a_platform() {
    // "June 2026" under "Trusted since" had been the device's platform, so
    // the month said nothing about when, and the device's looks held a date.
    let html = "<html lang=en><body><main><h2>Trusted devices</h2><table>\
        <thead><tr><th>Device</th><th>Trusted since</th><th></th></tr></thead><tbody>\
        <tr><td>MacBook Air</td><td>June 2026</td><td><button>Remove</button></td></tr>\
        </tbody></table></main></body></html>";
    let r = read_html("account", html);
    match &r.entries[..] {
        [e] => match &e.record {
            Record::Device { platform, enrolled, .. } => {
                assert_eq!(platform.as_deref(), None);
                let enrolled = enrolled.as_ref().expect("the month is when it was trusted");
                assert_eq!(enrolled.raw, "June 2026");
                assert!(enrolled.interval.is_some(), "{enrolled:?}");
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_status_that_says_active_does_not_hide_when_a_token_was_last_used() {
    // The status "Active" reads as a time word with no time; first in the
    // card, it had hidden "Last used 5 minutes ago" after it.
    let html = "<html lang=en><body><main><h1>Claude Code</h1><h2>Authorization tokens</h2><div>\
        <article><header><h3>Claude Code</h3><span>Active</span></header>\
        <p>Connected 3 days ago · Last used 5 minutes ago</p>\
        <footer><button type=button>Revoke</button></footer></article>\
        <article><header><h3>Claude Code</h3><span>Active</span></header>\
        <p>Connected 2 weeks ago</p>\
        <footer><button type=button>Revoke</button></footer></article>\
        </div></main></body></html>";
    let r = read_html("claude_code", html);
    let last_used: Vec<_> = r
        .entries
        .iter()
        .map(|e| match &e.record {
            Record::Token { last_used, .. } => last_used.as_ref().map(|t| (t.raw.as_str(), t.interval.is_some())),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        last_used,
        [Some(("Last used 5 minutes ago", true)), Some(("Active", false))]
    );
}

/// A meter's window may be said only by its figure's words: "Opus: 12% of
/// weekly limit used" is a weekly meter named "Opus" (`usage-after-revoke`
/// needs the window to judge a first look after everything was revoked).
#[test]
fn a_figure_that_says_its_window_gives_the_meter_its_window() {
    let r = read_html(
        "usage",
        "<main><h1>Usage</h1><p>Opus: 12% of weekly limit used · Resets Thu 9:00 AM</p>\
         <p>Extra usage: 3% used</p></main>",
    );
    let got: Vec<_> = r.meters.iter().map(|m| (m.name.as_str(), m.window_ms)).collect();
    assert_eq!(got, [("Opus", Some(7 * 24 * 3_600_000)), ("Extra usage", None)]);
}

#[test]
fn a_reset_said_once_under_a_group_of_meters_is_each_ones() {
    let resets = |r: &PageReading| -> Vec<(String, Option<String>)> {
        r.meters
            .iter()
            .map(|m| (m.name.clone(), m.resets.as_ref().map(|t| t.raw.clone())))
            .collect()
    };
    let r = read_html(
        "usage",
        "<main><h2>Usage</h2>\
         <div><h3>Current session</h3><div role=\"progressbar\" aria-valuenow=\"38\" aria-valuemax=\"100\"></div>\
         <p>Resets in 4 hr 12 min</p></div>\
         <div><h3>Weekly limits</h3>\
         <div><span>All models</span><div role=\"progressbar\" aria-valuenow=\"61\" aria-valuemax=\"100\"></div><span>61% used</span></div>\
         <div><span>Sonnet only</span><div role=\"progressbar\" aria-valuenow=\"7\" aria-valuemax=\"100\"></div><span>7% used</span></div>\
         <p>Resets Nov 27, 9:00 AM</p></div></main>",
    );
    let s = |name: &str, reset: Option<&str>| (name.to_string(), reset.map(str::to_string));
    assert_eq!(
        resets(&r),
        [
            s("Current session", Some("Resets in 4 hr 12 min")),
            s("All models", Some("Resets Nov 27, 9:00 AM")),
            s("Sonnet only", Some("Resets Nov 27, 9:00 AM")),
        ]
    );
    let weekly = r.meters[1].resets.as_ref().and_then(|t| t.interval);
    assert!(weekly.is_some_and(|i| i.earliest > CLOCK.now_ms), "{weekly:?}");
    // A meter of the group that says its own reset keeps it, and a meter
    // outside the group takes none of the group's.
    let r = read_html(
        "usage",
        "<main><h2>Usage</h2>\
         <div><p>Current session</p><p>12% used</p></div>\
         <section><h3>Weekly limits</h3><p>Resets Thu 9:00 AM</p>\
         <div><p>All models</p><p>41% used</p></div>\
         <div><p>Opus only</p><p>7% used</p><p>Resets Fri 10:00 AM</p></div></section></main>",
    );
    assert_eq!(
        resets(&r),
        [
            s("Current session", None),
            s("All models", Some("Resets Thu 9:00 AM")),
            s("Opus only", Some("Resets Fri 10:00 AM")),
        ]
    );
}

#[test]
fn a_reset_under_meters_of_different_windows_or_beside_another_is_no_ones() {
    // A 5-hour and a weekly meter do not reset together.
    let windows = read_html(
        "usage",
        "<main><h2>Usage</h2>\
         <div><span>Current session</span><span>38% used</span></div>\
         <div><span>Weekly</span><span>61% used</span></div>\
         <p>Resets in 3 hours</p></main>",
    );
    // Two resets under one group: which is whose cannot be told.
    let two = read_html(
        "usage",
        "<main><h2>Weekly limits</h2>\
         <div><span>All models</span><span>61% used</span></div>\
         <div><span>Sonnet only</span><span>7% used</span></div>\
         <p>Resets Thu 9:00 AM</p><p>Resets Fri 9:00 AM</p></main>",
    );
    for r in [windows, two] {
        let names: Vec<_> = r.meters.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(r.meters.iter().all(|m| m.resets.is_none()), "{:?}", r.meters);
    }
}

#[test]
fn a_page_of_many_meters_under_one_reset_gives_it_to_each() {
    // Every meter here is in the same element, which is read once for
    // all of them (read once per meter, a page this size took seconds).
    let mut rows = String::new();
    for i in 0..2000 {
        rows.push_str(&format!("<div><span>Meter {i}</span><span>5% used</span></div>"));
    }
    let r = read_html(
        "usage",
        &format!("<main><h1>Usage</h1>{rows}<p>Resets in 3 hours</p></main>"),
    );
    assert_eq!(r.meters.len(), 2000);
    assert!(r
        .meters
        .iter()
        .all(|m| m.resets.as_ref().is_some_and(|t| t.raw == "Resets in 3 hours")));
}

/// The app's sidebar beside the settings (a page-level `aside`, or any
/// element whose role says navigation, banner, contentinfo or
/// complementary) is page chrome: its recent chats, each with a "Delete",
/// are no entries to watch. An `aside` inside the page's own content is
/// part of it, and its tokens are read.
#[test]
fn the_app_s_sidebar_is_no_listing() {
    let chats = "<ul aria-label=\"Recents\"><li><a href=\"/chat/1\">Debugging the parser</a> <button aria-label=\"Delete chat\">x</button></li><li><a href=\"/chat/2\">Trip to Rome</a> <button aria-label=\"Delete chat\">x</button></li><li><a href=\"/chat/3\">Refactor ideas</a> <button aria-label=\"Delete chat\">x</button></li></ul>";
    let tokens = "<h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Connected 3 days ago</span><button>Revoke</button></li><li><span>Claude Code</span><span>Connected 4 days ago</span><button>Revoke</button></li></ul>";
    let labels = |r: &PageReading| -> Vec<String> {
        r.entries
            .iter()
            .map(|e| match &e.record {
                Record::Token { label, .. } => format!("token {label}"),
                other => format!("{other:?}"),
            })
            .collect()
    };
    for sidebar in [
        format!("<aside>{chats}</aside>"),
        format!("<div role=\"complementary\">{chats}</div>"),
        format!("<div role=\"navigation\">{chats}</div>"),
        format!("<nav>{chats}</nav>"),
    ] {
        let html = format!("<html lang=en><body><div>{sidebar}<main>{tokens}</main></div></body></html>");
        let r = read_html("claude-code", &html);
        assert_eq!(labels(&r), ["token Claude Code", "token Claude Code"], "{sidebar}");
    }
    // Navigation is chrome wherever it is drawn, inside the content too.
    for nav in [
        format!("<nav>{chats}</nav>"),
        format!("<div role=\"navigation\">{chats}</div>"),
    ] {
        let html = format!("<html lang=en><body><main>{nav}{tokens}</main></body></html>");
        let r = read_html("claude-code", &html);
        assert_eq!(labels(&r), ["token Claude Code", "token Claude Code"], "{nav}");
    }
    // Inside the page's content an `aside` is a part of it.
    let html = format!("<html lang=en><body><main><aside>{tokens}</aside></main></body></html>");
    let r = read_html("claude-code", &html);
    assert_eq!(labels(&r), ["token Claude Code", "token Claude Code"]);
    // Without the sidebar's landmark the chats are a listing of their own
    // (a repeated row with a remove control), as before.
    let html = format!("<html lang=en><body><div><div>{chats}</div><main>{tokens}</main></div></body></html>");
    let r = read_html("claude-code", &html);
    assert_eq!(r.entries.len(), 5);
}
