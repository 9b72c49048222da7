//! Property tests: the page reader, the tree validator and the time-phrase
//! parser never panic, whatever they are given (a panic in wasm kills the
//! extension). Case counts are set below; `PROPTEST_CASES` raises them for a
//! longer run (see docs/page-reading.md for the counts last run).
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/html_tree.rs"]
mod html_tree;
#[path = "common/stored.rs"]
mod stored;

use proptest::prelude::*;
use revoke_watch::core::page::read_page;
use revoke_watch::core::phrases::for_lang;
use revoke_watch::core::time::{parse_time, Clock};
use revoke_watch::core::tree::Attrs;
use revoke_watch::core::tree::{Snapshot, WireNode};

const TAGS: &[&str] = &[
    "div", "span", "li", "ul", "tr", "td", "table", "button", "a", "h2", "h3", "section", "main", "nav", "dialog",
    "time", "svg", "title", "progress", "input", "p", "code",
];
const WORDS: &[&str] = &[
    "Revoke",
    "Terminate",
    "Remove",
    "Delete",
    "Log out",
    "Log out of all devices",
    "Cancel",
    "Current",
    "Revoked",
    "Expired 2 days ago",
    "Status: Revoked",
    "Claude Code",
    "Connected 3 days ago",
    "Last active 2 hours ago",
    "Enrolled Nov 3, 2026",
    "user:inference",
    "42% used",
    "5-hour limit: 23% · resets in 2h",
    "41%: ,",
    "Resets in 2 hours",
    "Authorization tokens",
    "Active sessions",
    "Trusted devices",
    "203.0.113.7",
    "·",
    "",
    "\u{202e}x",
    "%",
    ":",
    "Scopes:",
    "Location:",
    "No trusted devices",
    "yesterday at 9:41 pm",
    // Bar readings, dates after "since", machine dates with a zone.
    "62",
    "0.35",
    "Trusted since Oct 1, 2026",
    "2026-11-03 09:41 UTC",
    "Last active 2 hours ago from 198.51.100.4",
    "Connected 3 days ago (expires in 27 days). Last used",
    // Inline styles of virtualised lists, whole and broken.
    "position: absolute; top: 640px; height: 64px",
    "position:absolute;top:0;transform:translate3d(0px, -9223372036854775808px, 0px)",
    "height: 99999999999999999999px; padding-top: -.5px",
    "transform: translate(; translateY(px",
    // Roles (a bar beside its figure names a meter), separators between
    // spans, year-first dates with a worded time, a caption of a control.
    "progressbar",
    "listitem",
    "menuitem",
    "Current session",
    ",",
    "-",
    "2026-11-03 at 9:41 PM",
    "Revoke token",
];
const ATTRS: &[&str] = &[
    "aria-label",
    "title",
    "role",
    "type",
    "datetime",
    "value",
    "aria-valuenow",
    "aria-valuemax",
    "data-token-id",
    "open",
    "aria-modal",
    "style",
];

fn node() -> impl Strategy<Value = (usize, Option<usize>, usize, Option<(usize, usize)>, String)> {
    (
        0usize..64,                      // parent choice
        prop::option::of(0..TAGS.len()), // element tag, or text
        0..WORDS.len(),                  // text
        prop::option::of((0..ATTRS.len(), 0..WORDS.len())),
        "\\PC{0,12}", // random text too
    )
}

/// Arbitrary trees, mostly valid (parents chosen among earlier elements so
/// some pass validation) and sometimes not.
fn snapshot() -> impl Strategy<Value = Snapshot> {
    (prop::collection::vec(node(), 1..120), 0usize..4, any::<bool>()).prop_map(|(raw, page, truncated)| {
        let mut nodes = vec![WireNode {
            p: -1,
            t: Some("body".into()),
            a: Attrs::new(),
            x: None,
        }];
        let mut open: Vec<usize> = vec![0];
        for (pc, tag, word, attr, noise) in raw {
            // Keep pre-order: the parent is an element on the open path.
            let depth = pc % open.len();
            open.truncate(depth + 1);
            let parent = *open.last().unwrap() as i64;
            let i = nodes.len();
            match tag {
                Some(t) => {
                    let mut a = Attrs::new();
                    if let Some((k, v)) = attr {
                        a.insert(ATTRS[k].to_string(), WORDS[v].to_string());
                    }
                    nodes.push(WireNode {
                        p: parent,
                        t: Some(TAGS[t].into()),
                        a,
                        x: None,
                    });
                    open.push(i);
                }
                None => {
                    let x = if pc % 3 == 0 { noise } else { WORDS[word].to_string() };
                    nodes.push(WireNode {
                        p: parent,
                        t: None,
                        a: Attrs::new(),
                        x: Some(x),
                    });
                }
            }
        }
        let url = [
            "https://claude.ai/settings/claude-code",
            "https://claude.ai/settings/account",
            "https://claude.ai/settings/usage",
            "https://claude.ai/settings/billing",
        ][page];
        Snapshot {
            v: 1,
            url: url.into(),
            lang: "en".into(),
            truncated,
            nodes,
        }
    })
}

fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const CLOCK: Clock = Clock {
    now_ms: 1_795_348_800_000,
    tz_offset_min: 60,
};

proptest! {
    #![proptest_config(cases(2_000))]

    #[test]
    fn reader_never_panics_on_generated_trees(s in snapshot()) {
        let n = s.nodes.len();
        let r = read_page(s, &CLOCK);
        // Handles always point into the snapshot.
        for e in &r.entries {
            prop_assert!((e.row as usize) < n && (e.anchor as usize) < n && (e.control as usize) < n);
        }
    }

    #[test]
    fn reader_never_panics_on_arbitrary_parent_links(parents in prop::collection::vec(-3i64..40, 1..60), texts in prop::collection::vec("\\PC{0,8}", 60)) {
        let nodes = parents.iter().enumerate().map(|(i, &p)| {
            if i % 3 == 2 {
                WireNode { p, t: None, a: Attrs::new(), x: Some(texts[i].clone()) }
            } else {
                WireNode { p, t: Some("div".into()), a: Attrs::new(), x: None }
            }
        }).collect();
        let s = Snapshot { v: 1, url: "https://claude.ai/settings/claude-code".into(), lang: String::new(), truncated: false, nodes };
        let _ = read_page(s, &CLOCK);
    }

    /// Listings whose row texts are put together from the pieces the field
    /// and meter readers split and slice (separators, percentages, scopes,
    /// addresses, times), mixed with characters of several bytes.
    #[test]
    fn reader_never_panics_on_rows_of_mixed_pieces(
        rows in prop::collection::vec(prop::collection::vec(prop::collection::vec(prop::sample::select(vec![
            "Claude Code", " — ", " · ", "|", "Connected", " 3 days ago", "45", "%", " used", "Resets", " in 2 hr",
            "IP ", "203.0.113.5", "2001:db8::1", "user:inference", ", ", "(", ")", "last active", "€", "é", "İ", "½",
            "１", ":", ".", "Current", "of your weekly limit", "You've used ", "\u{200b}", "Revoking…", "Nov 3, 2026",
        ]), 1..7), 1..4), 1..6),
        page in 0usize..3,
        // A row's controls: its remove control, and now and then a question's
        // cancel drawn in the row ("Revoke this token? [Cancel] [Revoke]").
        // "⋯" is a menu button, expanded in odd rows; a menu drawn after
        // the listing now and then holds a "Revoke" item.
        buttons in prop::collection::vec(prop::sample::select(vec![
            "Revoke", "Yes, revoke", "Cancel", "No", "Undo", "Confirm — remove", "yes,", "Yes, é", "ok…revoke", "Keep", "⋯",
        ]), 2),
    ) {
        let mut nodes = vec![
            WireNode { p: -1, t: Some("body".into()), a: Attrs::new(), x: None },
            WireNode { p: 0, t: Some("h2".into()), a: Attrs::new(), x: None },
            WireNode { p: 1, t: None, a: Attrs::new(), x: Some("Authorization tokens".into()) },
            WireNode { p: 0, t: Some("ul".into()), a: Attrs::new(), x: None },
        ];
        for texts in &rows {
            let li = nodes.len() as i64;
            nodes.push(WireNode { p: 3, t: Some("li".into()), a: Attrs::new(), x: None });
            for pieces in texts {
                let span = nodes.len() as i64;
                nodes.push(WireNode { p: li, t: Some("span".into()), a: Attrs::new(), x: None });
                nodes.push(WireNode { p: span, t: None, a: Attrs::new(), x: Some(pieces.concat()) });
            }
            for name in buttons.iter().take(1 + texts.len() % 2) {
                let button = nodes.len() as i64;
                let mut a = Attrs::new();
                if *name == "⋯" {
                    a.insert("aria-haspopup".into(), "menu".into());
                    a.insert("aria-expanded".into(), (li % 2 == 1).to_string());
                }
                nodes.push(WireNode { p: li, t: Some("button".into()), a, x: None });
                nodes.push(WireNode { p: button, t: None, a: Attrs::new(), x: Some(name.to_string()) });
            }
        }
        // Open menus outside the rows, now and then.
        for _ in 0..rows.len() % 3 {
            let menu = nodes.len() as i64;
            let mut a = Attrs::new();
            a.insert("role".into(), "menu".into());
            nodes.push(WireNode { p: 0, t: Some("div".into()), a, x: None });
            let mut a = Attrs::new();
            a.insert("role".into(), "menuitem".into());
            nodes.push(WireNode { p: menu, t: Some("div".into()), a, x: None });
            nodes.push(WireNode { p: menu + 1, t: None, a: Attrs::new(), x: Some(buttons[1].to_string()) });
        }
        // An "Undo" toast outside the rows, now and then.
        if rows.len() % 2 == 0 {
            let toast = nodes.len() as i64;
            nodes.push(WireNode { p: 0, t: Some("button".into()), a: Attrs::new(), x: None });
            nodes.push(WireNode { p: toast, t: None, a: Attrs::new(), x: Some(buttons[0].to_string()) });
        }
        let url = ["https://claude.ai/settings/claude-code", "https://claude.ai/settings/account", "https://claude.ai/settings/usage"][page];
        let s = Snapshot { v: 1, url: url.into(), lang: "en".into(), truncated: false, nodes };
        let n = s.nodes.len();
        let r = read_page(s, &CLOCK);
        for e in &r.entries {
            prop_assert!((e.row as usize) < n && (e.control as usize) < n);
        }
    }

    /// Any story of visits from two tabs (each showing its page since any
    /// time), clicks of any kind (a dialog's button by any name) and pages
    /// with or without a dialog, a row question or a toast: the ledger never
    /// panics, never keeps a flag on an entry it never revoked, and its
    /// chain stays whole.
    #[test]
    fn ledger_stories_across_tabs_never_panic(steps in prop::collection::vec((0u8..6, 0usize..5, 0i64..4, 0usize..4, "\\PC{0,12}"), 1..24)) {
        use revoke_watch::core::ledger::{ClickAction, Ledger, Settings, Viewer};
        let mut l = Ledger::new(Settings::default());
        let pages = [
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Connected Nov 19, 2026</span><button>Revoke</button></li><li><span>Claude Code</span><span>Connected Nov 19, 2026</span><button>Revoke</button></li></ul></main></body></html>",
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Connected Nov 19, 2026</span><button>Revoke</button></li></ul></main></body></html>",
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Connected Nov 19, 2026</span><span>Sure?</span><button>No</button><button>Yes, revoke</button></li><li><span>Claude Code</span><span>Connected Nov 19, 2026</span><button>Revoke</button></li></ul></main><div role=dialog><button>Cancel</button><button>Revoke</button></div></body></html>",
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul><li>You have no authorization tokens.</li></ul></main><div role=status><button>Undo</button></div></body></html>",
            "<html lang=en><body><main><h2>Active sessions</h2><ul><li><span>Firefox on Windows</span><span>Last active 2 hours ago</span><button>Terminate</button></li></ul><button>Log out of all devices</button></main></body></html>",
            "<html lang=en><body><main><h2>Active sessions</h2><ul><li><span>Firefox on Windows</span><span>Last active 1 minute ago</span><button>Terminate</button></li></ul></main><div role=dialog><button>Cancel</button><button>Log out</button></div></body></html>",
        ];
        let mut now = CLOCK.now_ms;
        for (k, (kind, which, tab, since, label)) in steps.into_iter().enumerate() {
            now += 45_000 * (which as i64 + 1);
            let viewer = Viewer { tab, shown_since: Some(now - since as i64 * 600_000) };
            let member = l.state.members.get(which % 4).map(|m| m.id.clone()).unwrap_or_default();
            let click = match kind {
                0 | 1 => None,
                2 => Some(ClickAction::Revoke { entry: member }),
                3 if which % 2 == 0 => Some(ClickAction::DialogButton { label }),
                3 => Some(ClickAction::MenuItem { entry: member, label }),
                4 => Some(if which % 2 == 0 { ClickAction::DialogConfirm } else { ClickAction::DialogCancel }),
                _ => Some(ClickAction::LogOutEverywhere { label, explicit: which % 2 == 0 }),
            };
            match click {
                Some(c) => { l.click(&format!("c{k}"), c, tab, "claude_code", now); }
                None => {
                    let html = pages[(which + kind as usize) % pages.len()];
                    let url = if html.contains("sessions") { "https://claude.ai/settings/account" } else { "https://claude.ai/settings/claude-code" };
                    let snapshot = html_tree::snapshot_of(html, url);
                    let mut clock = CLOCK;
                    clock.now_ms = now;
                    l.observe(&read_page(snapshot, &clock), viewer, now);
                }
            }
            for m in &l.state.members {
                prop_assert!(m.flags.is_empty() || m.flagged_since_revoke, "a flag on {} with no revocation behind it", m.id);
            }
        }
        prop_assert!(revoke_watch::core::ledger::chain::verify(&l.events).is_ok());
    }

    #[test]
    fn time_parser_never_panics(s in "\\PC{0,60}") {
        let _ = parse_time(&s, &CLOCK, for_lang("en"));
    }

    #[test]
    fn time_parser_never_panics_on_near_misses(
        prefix in prop::sample::select(vec!["", "Connected ", "Last active ", "Resets ", "Enrolled ", "Resets in "]),
        a in 0u64..100_000_000_000, b in 0u32..100, unit in prop::sample::select(vec!["days ago", "minutes ago", "hr", "/", "-", ":", "am", "pm", "Nov", "mo ago"]),
        c in 0u32..10_000,
    ) {
        for s in [format!("{prefix}{a} {unit}"), format!("{prefix}{b}{unit}{c}"), format!("{prefix}{c}-{b}-{b}T{b}:{b}"), format!("{prefix}{b}/{b}/{c} {b}:{b} pm")] {
            if let Some(t) = parse_time(&s, &CLOCK, for_lang("en")) {
                if let Some(iv) = t.interval {
                    prop_assert!(iv.earliest <= iv.latest, "{s}");
                }
            }
        }
    }

    /// Texts put together from the pieces time phrases are made of, mixed
    /// with characters of several bytes, digits of other scripts and
    /// punctuation: the shapes a parser slices and counts.
    #[test]
    fn time_parser_never_panics_on_mixed_pieces(pieces in prop::collection::vec(prop::sample::select(vec![
        "2026", "-", "11", "03", "T", "09", ":", "41", "+", "€", "é", "Nov", "3", ",", "ago", "days", "in", "at",
        "AM", "pm", "/", ".", "Z", " ", "yesterday", "Resets", "Connected", "½", "٣", "１", "a.m.", "(", ")", "—", "·",
        "about", "less than", "hr", "min", "Thu", "midnight", "İ", "ẞ", "\u{200b}", "\u{202e}",
        "GMT", "UTC", "PST", "−", "0800", "14", "99",
    ]), 1..14)) {
        let s: String = pieces.concat();
        if let Some(t) = parse_time(&s, &CLOCK, for_lang("en")) {
            if let Some(iv) = t.interval {
                prop_assert!(iv.earliest <= iv.latest, "{s}");
            }
        }
    }

    /// Machine dates with anything after the minute or the second: where a
    /// zone belongs, characters of several bytes ("+€00" once panicked
    /// the reader, which sliced the zone at fixed offsets).
    #[test]
    fn time_parser_never_panics_after_a_machine_time(
        seconds in prop::sample::select(vec!["", ":07", ":07.250"]),
        zone in "[+\\-zZ:0-9€é]{0,3}\\PC{0,4}",
    ) {
        for s in [format!("2026-11-03T09:41{seconds}{zone}"), format!("Connected 2026-11-03 09:41{seconds}{zone}")] {
            let _ = parse_time(&s, &CLOCK, for_lang("en"));
        }
    }
}

/// Import and the storage codec: whatever a file or storage holds, they
/// answer with a result, never a panic, and a refused import changes nothing.
mod stored_and_imported {
    use super::cases;
    use proptest::prelude::*;
    use revoke_watch::core::export::{import, json};
    use revoke_watch::core::ledger::{ClickAction, Ledger, Settings};
    use revoke_watch::core::storage;
    use serde_json::Value;

    fn sample() -> Ledger {
        let mut l = Ledger::new(Settings::default());
        for i in 0..5 {
            l.click(
                &format!("c{i}"),
                ClickAction::LogOutEverywhere {
                    label: format!("Log out {i}"),
                    explicit: i % 2 == 0,
                },
                1,
                "account",
                1_795_000_000_000 + i,
            );
        }
        l
    }

    /// A ledger stored in several segments with an archive: 1,200 events
    /// and 2,500 archived entries (pushed straight into the state: loading
    /// must survive whatever is stored, consistent or not).
    fn staged_items() -> &'static storage::Items {
        static ITEMS: std::sync::OnceLock<storage::Items> = std::sync::OnceLock::new();
        ITEMS.get_or_init(|| {
            let mut l = Ledger::new(Settings::default());
            for i in 0..1_200 {
                l.click(
                    &format!("c{i}"),
                    ClickAction::LogOutEverywhere {
                        label: "x".into(),
                        explicit: true,
                    },
                    1,
                    "account",
                    1_795_000_000_000 + i,
                );
            }
            for n in 1..=2_500u64 {
                l.state.members.push(revoke_watch::core::ledger::Member {
                    id: format!("e{n}"),
                    kind: "token".into(),
                    group: format!("g{n}"),
                    label: format!("Token {n}"),
                    scopes: Vec::new(),
                    detail: None,
                    since: None,
                    page: Some("claude_code".into()),
                    first_seen_ms: 1_795_000_000_000,
                    last_seen_ms: 1_795_000_000_000,
                    listed: n % 10 == 0,
                    current: false,
                    last_active: None,
                    revoke: None,
                    gone_ms: Some(1_795_000_100_000),
                    verified_ms: None,
                    flags: Vec::new(),
                    flagged_since_revoke: false,
                    changed_ms: None,
                    changed_tab: None,
                });
            }
            l.reindex();
            storage::all_items(&l)
        })
    }

    /// Mutates one value somewhere in a JSON document.
    fn mutate(v: &mut Value, path: &[usize], replacement: &Value) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(path[0] % m.len()).unwrap().clone();
                if path.len() == 1 {
                    m.insert(k, replacement.clone());
                } else {
                    mutate(m.get_mut(&k).unwrap(), &path[1..], replacement);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                let i = path[0] % a.len();
                if path.len() == 1 {
                    a[i] = replacement.clone();
                } else {
                    mutate(&mut a[i], &path[1..], replacement);
                }
            }
            other => *other = replacement.clone(),
        }
    }

    fn replacement() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            "\\PC{0,20}".prop_map(Value::from),
            Just(serde_json::json!({"__proto__": {"polluted": true}})),
            Just(serde_json::json!([])),
            Just(Value::from(f64::MAX)),
        ]
    }

    proptest! {
        #![proptest_config(cases(1_000))]

        #[test]
        fn import_never_panics_and_refusals_change_nothing(path in prop::collection::vec(0usize..12, 1..6), rep in replacement(), cut in 0usize..4000) {
            let l = sample();
            let mut doc: Value = serde_json::from_str(&json::to_string(&json::timeline(&l, 1_795_100_000_000, false))).unwrap();
            mutate(&mut doc, &path, &rep);
            let text = doc.to_string();
            for candidate in [text.clone(), text.chars().take(cut).collect::<String>()] {
                let mut target = sample();
                let before = target.clone();
                match import::parse(&candidate) {
                    Ok(t) => { let _ = import::merge(&mut target, import::incoming(&t)); }
                    Err(reason) => {
                        prop_assert!(!reason.is_empty());
                        prop_assert_eq!(&target, &before);
                    }
                }
            }
        }

        /// What the worker is sent (the events a page read from a file),
        /// mutated or cut: the worker's reading and checks never panic, and
        /// a refusal changes nothing.
        #[test]
        fn the_workers_import_never_panics(path in prop::collection::vec(0usize..12, 1..6), rep in replacement(), cut in 0usize..4000) {
            let l = sample();
            let text = json::to_string(&json::timeline(&l, 1_795_100_000_000, false));
            let sent = revoke_watch::core::json::to_string(&import::incoming(&import::parse(&text).unwrap()));
            let mut doc: Value = serde_json::from_str(&sent).unwrap();
            mutate(&mut doc, &path, &rep);
            let text = doc.to_string();
            for data in [text.clone(), text.chars().take(cut).collect::<String>()] {
                let mut store = revoke_watch::core::worker::Store::Ready(sample());
                let out = revoke_watch::core::worker::handle(
                    &mut store,
                    revoke_watch::core::messages::Request::Import { data },
                    revoke_watch::core::messages::Origin::ExtensionPage,
                    1_795_200_000_000,
                );
                if out.answer.starts_with("{\"error\"") {
                    let revoke_watch::core::worker::Store::Ready(after) = &store else { panic!("store broken") };
                    prop_assert_eq!(after, &sample());
                }
            }
        }

        #[test]
        fn import_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
            let _ = import::parse(&text);
        }

        #[test]
        fn storage_load_never_panics(path in prop::collection::vec(0usize..12, 1..6), rep in replacement()) {
            let l = sample();
            let items = storage::all_items(&l);
            let parsed = items.iter().map(|(k, t)| (k.clone(), serde_json::from_str(t).unwrap())).collect();
            let mut v = Value::Object(parsed);
            mutate(&mut v, &path, &rep);
            if let Value::Object(m) = v {
                let m: storage::Items = m.into_iter().map(|(k, v)| (k, v.to_string())).collect();
                match storage::load(&m, true) {
                    Ok(loaded) => prop_assert!(revoke_watch::core::ledger::chain::verify(&loaded.events).is_ok()),
                    Err(e) => prop_assert!(!e.to_string().is_empty()),
                }
            }
        }
    }

    proptest! {
        // Each case loads a 1,200-event, 2,500-entry ledger in stages.
        #![proptest_config(cases(100))]

        #[test]
        fn staged_storage_load_never_panics(key in 0usize..64, path in prop::collection::vec(0usize..12, 1..6), rep in replacement()) {
            let all = staged_items();
            let mut items = all.clone();
            // Damage one stored item (any of them: meta, state, a segment, a chunk).
            let k = items.keys().nth(key % items.len()).unwrap().clone();
            let mut v: Value = serde_json::from_str(&items[&k]).unwrap();
            mutate(&mut v, &path, &rep);
            items.insert(k, v.to_string());
            let woken = super::stored::wake_items(&items);
            let loaded = match storage::load(&woken, false) {
                Err(storage::LoadError::Incomplete) => storage::load(&items, true),
                other => other,
            };
            match loaded {
                Ok(mut l) => {
                    let archive = storage::attach_archive(&mut l, &items);
                    let history = storage::attach_history(&mut l, &items);
                    for r in [archive, history] {
                        if let Err(e) = r {
                            prop_assert!(!e.to_string().is_empty());
                        }
                    }
                    // Whatever was read can be written again without panicking.
                    let _ = storage::writes(&mut l, 1);
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}
