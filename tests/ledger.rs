//! The revocation ledger, natively: each rule at its boundaries and the
//! issue-4 scenarios, driven through `core::worker::handle` exactly as the
//! service worker drives it, with pages built from HTML.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/html_tree.rs"]
mod html_tree;
#[path = "common/rig.rs"]
mod rig;
#[path = "common/stored.rs"]
mod stored;

use rig::*;

use revoke_watch::core::ledger::events::{Body, Rule};
use revoke_watch::core::ledger::view::counts;
use revoke_watch::core::ledger::{ClickAction, Ledger, Settings, Status};
use revoke_watch::core::messages::{Origin, Request};
use revoke_watch::core::storage;
use revoke_watch::core::worker::{handle, needs, take_writes, Needs, Store};
use serde_json::{json, Value};

/// The click on "Log out of all devices".
fn log_out_everywhere() -> ClickAction {
    ClickAction::LogOutEverywhere {
        label: "Log out of all devices".into(),
        explicit: true,
    }
}

/// An account page with one other session, and the same page with the
/// dialog "Log out of all devices?" open.
fn one_session_and_log_out_dialog() -> (String, String) {
    let sessions = sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]);
    let with_dialog = sessions.replace(
        "</main>",
        "</main><div role=\"dialog\"><p>Log out of all devices?</p><button>Cancel</button><button>Log out</button></div>",
    );
    (sessions, with_dialog)
}

/// Two tokens told apart by their dates (not "… ago": their texts stay the
/// same however late a page is read).
const TWO_TOKENS: [(&str, &str); 2] = [
    ("Claude Code", "Connected Nov 19, 2026"),
    ("Claude Desktop", "Connected Nov 20, 2026"),
];

#[test]
fn scenario_1_revoked_token_not_listed_is_revoked_then_verified() {
    let mut r = Rig::new();
    let a = r.visit(
        "claude-code",
        &tokens_page(
            &[
                ("Claude Code", "Connected 3 days ago"),
                ("Claude Desktop", "Connected 2 hours ago"),
            ],
            false,
        ),
        T0,
    );
    let ids = Rig::entries(&a);
    assert_eq!(ids.len(), 2);
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    assert_eq!(r.status(&ids[0]), Status::RevokePending);
    r.visit(
        "claude-code",
        &tokens_page(&[("Claude Desktop", "Connected 2 hours ago")], false),
        T0 + 2 * MIN,
    );
    assert_eq!(r.status(&ids[0]), Status::Revoked);
    assert_eq!(r.status(&ids[1]), Status::Watching);
    // The watch window (96 h) has not ended one minute before its end…
    r.state(T0 + MIN + 96 * HOUR - 1);
    assert_eq!(r.status(&ids[0]), Status::Revoked);
    // …and has at its end.
    let state = r.state(T0 + MIN + 96 * HOUR);
    assert_eq!(r.status(&ids[0]), Status::Verified);
    assert!(
        state["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != ids[0].as_str()),
        "a verified entry that is gone is archived: the watch state leaves it out"
    );
    assert_eq!(state["archived"], 1);
    assert_eq!(state["counts"]["verified"], 1);
    let state = r.ledger_view(T0 + MIN + 96 * HOUR);
    let entry = state["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == ids[0].as_str())
        .unwrap();
    let types: Vec<&str> = entry["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        vec!["seen", "revoke_requested", "revoke_confirmed", "gone", "verified"]
    );
}

#[test]
fn scenario_2_still_listed_after_grace_is_a_zombie_at_the_boundary() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago")], false);
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    // Exactly at the grace period: still waiting.
    let a = r.visit("claude-code", &page, T0 + 10 * MIN);
    assert_eq!(r.status(&id), Status::RevokePending);
    assert_eq!(a["annotations"][0]["status"], "revoke-pending");
    // One millisecond later: still listed.
    let a = r.visit("claude-code", &page, T0 + 10 * MIN + 1);
    assert_eq!(r.status(&id), Status::Zombie);
    assert_eq!(r.rules(&id), vec![Rule::StillListed]);
    assert_eq!(a["annotations"][0]["status"], "zombie");
    assert!(a["annotations"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Still listed"));
    // Grace 0: listed at the very next visit after the click is a flag.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 0}));
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("claude-code", &page, T0 + 1);
    assert_eq!(r.status(&id), Status::Zombie);
    // It disappears later: the flag clears, the status is revoked, and it is
    // never verified (it was not clean for the whole window).
    r.visit("claude-code", &tokens_page(&[], false), T0 + HOUR);
    assert_eq!(r.status(&id), Status::Revoked);
    r.state(T0 + 200 * HOUR);
    assert_eq!(r.status(&id), Status::Revoked);
}

#[test]
fn scenario_3_one_of_five_identical_tokens_confirmed_when_the_group_shrinks() {
    let mut r = Rig::new();
    let five = vec![("Claude Code", "Connected 3 days ago"); 5];
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&five, false), T0));
    assert_eq!(ids.len(), 5);
    assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 5);
    // The user revokes the third row.
    r.click("c1", revoke(&ids[2]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&five[..4], false), T0 + 20 * MIN);
    assert_eq!(
        r.status(&ids[2]),
        Status::Revoked,
        "the revoked one is the one counted as gone"
    );
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| *i != 2) {
        assert_eq!(r.status(id), Status::Watching, "row {i}");
    }
    assert!(
        r.ledger().state.members.iter().all(|m| m.flags.is_empty()),
        "no false flag"
    );
    // Had the group not shrunk, the revocation would be flagged.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&five, false), T0));
    r.click("c1", revoke(&ids[2]), T0 + MIN);
    let a = r.visit("claude-code", &tokens_page(&five, false), T0 + 20 * MIN);
    assert_eq!(r.status(&ids[2]), Status::Zombie);
    let zombie_badges: Vec<&Value> = a["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] == "zombie")
        .collect();
    assert_eq!(zombie_badges.len(), 1);
    assert!(
        zombie_badges[0]["text"].as_str().unwrap().contains("1 of 5 alike"),
        "the badge says it cannot tell which"
    );
    // …and it stays on the row the user clicked, the third, as long as
    // the rows are as many as before (then nothing went, nothing came).
    assert_eq!(a["annotations"][2]["entry"], ids[2].as_str());
    assert_eq!(a["annotations"][2]["status"], "zombie");
}

/// Among rows that look the same, a revoked entry's badge stays on the row
/// the user clicked while the listing keeps its count: before the grace
/// period ("waiting") as after it. A click on that row again is the same
/// revocation, not a second one on a neighbour.
#[test]
fn the_clicked_row_keeps_its_badge_among_identical_rows() {
    let mut r = Rig::new();
    let five = vec![("Claude Code", "Connected 3 days ago"); 5];
    let page = tokens_page(&five, false);
    let ids = Rig::entries(&r.visit("claude-code", &page, T0));
    r.click("c1", revoke(&ids[2]), T0 + MIN);
    let a = r.visit("claude-code", &page, T0 + MIN + 300);
    assert_eq!(Rig::entries(&a), ids, "each row keeps its entry");
    assert_eq!(a["annotations"][2]["status"], "revoke-pending");
    // The user clicks the same row's Revoke again: its entry is the one
    // already revoked, so nothing new is recorded.
    let again = a["annotations"][2]["entry"].as_str().unwrap().to_string();
    assert_eq!(r.click("c2", revoke(&again), T0 + 2 * MIN)["recorded"], 0);
    assert_eq!(
        r.ledger().state.members.iter().filter(|m| m.revoke.is_some()).count(),
        1
    );
}

#[test]
fn rows_told_apart_by_their_creation_time_are_not_counted_alike() {
    // Four "Claude Code" rows: three connected 3 days ago, one 2 months
    // ago. The revoked one of the three is "1 of 3 alike"; revoked, the
    // old one is alike to none, and its badge must not say otherwise.
    let rows = [
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Code", "Connected 2 months ago"),
    ];
    let page = tokens_page(&rows, false);
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page, T0));
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    r.click("c2", revoke(&ids[3]), T0 + MIN);
    let a = r.visit("claude-code", &page, T0 + 20 * MIN);
    let badge = |id: &str| {
        a["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["entry"] == id)
            .map(|b| {
                (
                    b["text"].as_str().unwrap().to_string(),
                    b["description"].as_str().unwrap().to_string(),
                )
            })
            .unwrap()
    };
    let (text, description) = badge(&ids[1]);
    assert!(text.ends_with("(1 of 3 alike)"), "{text}");
    assert!(description.contains("3 rows look identical"), "{description}");
    let (text, description) = badge(&ids[3]);
    assert!(text.starts_with("Still listed") && !text.contains("alike"), "{text}");
    assert!(!description.contains("look identical"), "{description}");
}

#[test]
fn scenario_4_cancelled_dialog_records_no_revocation() {
    let mut r = Rig::new();
    let rows = [("Claude Code", "Connected 3 days ago")];
    let id = Rig::entries(&r.visit("claude-code", &tokens_page(&rows, false), T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    r.visit("claude-code", &tokens_page(&rows, true), T0 + MIN + 300);
    assert_eq!(r.status(&id), Status::RevokePending, "waiting on the dialog");
    r.click("c2", ClickAction::DialogCancel, T0 + MIN + 900);
    assert_eq!(r.status(&id), Status::Watching);
    r.visit("claude-code", &tokens_page(&rows, false), T0 + HOUR);
    assert_eq!(r.status(&id), Status::Watching, "no flag: nothing was revoked");
    let types: Vec<&str> = r
        .ledger()
        .events
        .iter()
        .map(|e| match e.body {
            Body::RevokeRequested { .. } => "requested",
            Body::RevokeCancelled { .. } => "cancelled",
            Body::RevokeConfirmed { .. } => "confirmed",
            _ => "",
        })
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(types, vec!["requested", "cancelled"]);
    // The go-ahead button confirms.
    r.click("c3", revoke(&id), T0 + 2 * HOUR);
    r.visit("claude-code", &tokens_page(&rows, true), T0 + 2 * HOUR + 300);
    r.click("c4", ClickAction::DialogConfirm, T0 + 2 * HOUR + 600);
    assert!(r.ledger().member(&id).unwrap().revoke.as_ref().unwrap().confirmed);
}

/// A dialog shown after a click and closed with no answer revoke-watch saw
/// (Escape, a click beside it, an unnamed close button, a reload): the row
/// still listed says it was dismissed, so nothing was revoked and nothing
/// is flagged later; the row gone says it went ahead.
#[test]
fn a_dialog_closed_without_an_answer_is_judged_by_the_listing() {
    let rows = TWO_TOKENS;
    let both = tokens_page(&rows, false);
    for row_stays in [true, false] {
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit("claude-code", &both, T0));
        r.click("c1", revoke(&ids[0]), T0 + MIN);
        r.visit("claude-code", &tokens_page(&rows, true), T0 + MIN + 300);
        // Another page read meanwhile (in the same tab) decides nothing.
        r.visit("usage", &usage_page(10, "Resets in 3 hours"), T0 + MIN + 600);
        assert_eq!(r.status(&ids[0]), Status::RevokePending);
        // Left open past the grace period, the dialog's question is still
        // no revocation: the row listed behind it is not flagged.
        r.visit("claude-code", &tokens_page(&rows, true), T0 + 20 * MIN);
        assert!(r.rules(&ids[0]).is_empty(), "{:?}", r.rules(&ids[0]));
        let after = if row_stays {
            both.clone()
        } else {
            tokens_page(&rows[1..], false)
        };
        r.visit("claude-code", &after, T0 + 21 * MIN);
        let events: Vec<&str> = r
            .ledger()
            .events
            .iter()
            .filter_map(|e| match e.body {
                Body::RevokeRequested { .. } => Some("requested"),
                Body::RevokeCancelled { .. } => Some("cancelled"),
                Body::RevokeConfirmed { .. } => Some("confirmed"),
                _ => None,
            })
            .collect();
        if row_stays {
            assert_eq!(events, vec!["requested", "cancelled"]);
            assert_eq!(r.status(&ids[0]), Status::Watching);
            r.visit("claude-code", &both, T0 + HOUR);
            assert!(
                r.rules(&ids[0]).is_empty(),
                "nothing was revoked: {:?}",
                r.rules(&ids[0])
            );
        } else {
            assert_eq!(events, vec!["requested", "confirmed"]);
            assert_eq!(r.status(&ids[0]), Status::Revoked);
        }
        assert!(r.ledger().state.pending.is_empty());
    }
}

/// A click whose tab is closed at once, before it is read again, is a
/// revocation all the same: a reading of another tab a minute later
/// settles it, and the rules apply to it.
#[test]
fn a_click_whose_tab_closed_at_once_is_settled_by_another_tab() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected Nov 19, 2026")], false);
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    // Another tab, loaded after the click, within the minute: still waiting.
    r.visit_in(TAB + 2, T0 + MIN + 1000, "claude-code", &page, T0 + MIN + 30_000);
    assert!(!r.ledger().member(&id).unwrap().revoke.as_ref().unwrap().confirmed);
    r.visit_in(TAB + 2, T0 + 20 * MIN, "claude-code", &page, T0 + 20 * MIN);
    assert!(r.ledger().member(&id).unwrap().revoke.as_ref().unwrap().confirmed);
    assert_eq!(r.rules(&id), vec![Rule::StillListed]);
}

/// A question drawn in the row itself instead of a dialog ("Revoke this
/// token? [Cancel] [Revoke]", or "Are you sure? [Yes, revoke] [No]"): it is
/// a dialog like any other. Its cancel withdraws the click, its go-ahead
/// (the row's own remove control, or a bare "Confirm" / "Yes" under a
/// question that names the removal) confirms it; the row is still the same
/// entry while it asks (a bare go-ahead had left the row with no remove
/// control: read as gone while it asked).
#[test]
fn a_question_drawn_in_the_row_is_a_dialog() {
    let row = |label: &str, date: &str, controls: &str| {
        format!("<li><span>{label}</span><span>Connected {date}</span><span>user:inference</span>{controls}</li>")
    };
    let page = |first: &str| {
        format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>{}{}</ul></main></body></html>",
            row("Claude Code", "Nov 19, 2026", first),
            row("Claude Desktop", "Nov 20, 2026", "<button>Revoke</button>")
        )
    };
    let plain = page("<button>Revoke</button>");
    for (question, answer_yes) in [
        (
            "<span>Revoke this token?</span><button>Cancel</button><button>Revoke</button>",
            false,
        ),
        (
            "<span>Revoke this token?</span><button>Cancel</button><button>Revoke</button>",
            true,
        ),
        (
            "<span>Are you sure?</span><button>Yes, revoke</button><button>No</button>",
            true,
        ),
        // A bare go-ahead: the question says what it does.
        (
            "<span>Revoke this token?</span><button>Cancel</button><button>Confirm</button>",
            true,
        ),
        (
            "<span>Are you sure you want to revoke it?</span><button>No</button><button>Yes</button>",
            false,
        ),
    ] {
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit("claude-code", &plain, T0));
        r.click("c1", revoke(&ids[0]), T0 + MIN);
        let a = r.visit("claude-code", &page(question), T0 + MIN + 300);
        assert_eq!(Rig::entries(&a), ids, "the asking row is the same entry");
        let controls = a["controls"].as_array().unwrap();
        let confirm = controls
            .iter()
            .find(|c| c["action"] == "dialog_confirm")
            .expect("a go-ahead");
        assert!(controls.iter().any(|c| c["action"] == "dialog_cancel"));
        assert_eq!(
            confirm["node"], a["annotations"][0]["control"],
            "the row's remove control is its go-ahead"
        );
        // Read again while it asks: still waiting.
        r.visit("claude-code", &page(question), T0 + MIN + 900);
        assert!(!r.ledger().member(&ids[0]).unwrap().revoke.as_ref().unwrap().confirmed);
        if answer_yes {
            // The content script reports the row's control's click twice:
            // as its revocation (already recorded) and as the go-ahead.
            r.click("c2", revoke(&ids[0]), T0 + 2 * MIN);
            r.click("c3", ClickAction::DialogConfirm, T0 + 2 * MIN);
            assert!(r.ledger().member(&ids[0]).unwrap().revoke.as_ref().unwrap().confirmed);
            r.visit(
                "claude-code",
                &tokens_page(&[("Claude Desktop", "Connected Nov 20, 2026")], false),
                T0 + 3 * MIN,
            );
            assert_eq!(r.status(&ids[0]), Status::Revoked);
        } else {
            r.click("c2", ClickAction::DialogCancel, T0 + 2 * MIN);
            r.visit("claude-code", &plain, T0 + HOUR);
            assert_eq!(r.status(&ids[0]), Status::Watching);
            assert!(r.rules(&ids[0]).is_empty());
        }
    }
}

/// A revocation the page lets you take back ("Token revoked. [Undo]" in a
/// toast): while the toast stands the click waits, as on a dialog; "Undo"
/// withdraws it, so the row put back is no revocation that failed; the
/// toast gone with the row gone, it went ahead.
#[test]
fn an_undo_toast_is_a_question_whose_undo_withdraws_the_click() {
    let rows = TWO_TOKENS;
    let both = tokens_page(&rows, false);
    let without = tokens_page(&rows[1..], false);
    let toast = without.replace(
        "</body>",
        "<div role=\"status\"><span>Token revoked.</span><button>Undo</button></div></body>",
    );
    // Undo clicked; the toast gone with the row gone; the toast gone and
    // the row back with no click seen (an Undo revoke-watch missed).
    for (undo, row_back) in [(true, true), (false, false), (false, true)] {
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit("claude-code", &both, T0));
        r.click("c1", revoke(&ids[0]), T0 + MIN);
        let a = r.visit("claude-code", &toast, T0 + MIN + 300);
        assert!(
            a["controls"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["action"] == "dialog_cancel"),
            "{a}"
        );
        assert_eq!(Rig::entries(&a), vec![ids[1].clone()]);
        assert!(!r.ledger().member(&ids[0]).unwrap().revoke.as_ref().unwrap().confirmed);
        if row_back {
            if undo {
                r.click("c2", ClickAction::DialogCancel, T0 + MIN + 2000);
            }
            r.visit("claude-code", &both, T0 + MIN + 2500);
            r.visit("claude-code", &both, T0 + HOUR);
            assert_eq!(r.status(&ids[0]), Status::Watching);
            assert!(r.rules(&ids[0]).is_empty(), "{:?}", r.rules(&ids[0]));
        } else {
            r.visit("claude-code", &without, T0 + MIN + 6000);
            assert!(r.ledger().member(&ids[0]).unwrap().revoke.as_ref().unwrap().confirmed);
            assert_eq!(r.status(&ids[0]), Status::Revoked);
        }
    }
}

/// A dialog answered before revoke-watch read it (its buttons not watched
/// yet): the content script reports the button's name, and the name says
/// which answer it was; a button that answers nothing changes nothing.
#[test]
fn a_dialog_button_clicked_before_the_dialog_was_read_answers_by_its_name() {
    let rows = [("Claude Code", "Connected Nov 19, 2026")];
    for (label, confirmed) in [
        ("Revoke token", Some(true)),
        ("Yes, revoke", Some(true)),
        ("Proceed", Some(true)),
        ("OK", Some(true)),
        ("Cancel", Some(false)),
        ("No, keep it", Some(false)),
        ("Learn more", None),
    ] {
        let mut r = Rig::new();
        let id = Rig::entries(&r.visit("claude-code", &tokens_page(&rows, false), T0))[0].clone();
        r.click("c1", revoke(&id), T0 + MIN);
        r.visit("claude-code", &tokens_page(&rows, true), T0 + MIN + 300);
        r.click("c2", ClickAction::DialogButton { label: label.into() }, T0 + MIN + 400);
        let revoke = r.ledger().member(&id).unwrap().revoke.clone();
        match confirmed {
            Some(true) => assert!(revoke.is_some_and(|r| r.confirmed), "{label}"),
            Some(false) => assert!(revoke.is_none(), "{label}"),
            None => {
                assert!(revoke.is_some_and(|r| !r.confirmed), "{label}");
                assert_eq!(r.ledger().state.pending.len(), 1);
            }
        }
    }
}

/// A click whose dialog was shown and never answered because its tab was
/// closed with the dialog open: half an hour on, another tab's listing
/// settles it (listed: it was never revoked; gone: it went ahead), instead
/// of a "waiting" badge for ever.
#[test]
fn a_dialog_left_open_in_a_closed_tab_is_settled_later_by_another_tab() {
    let rows = TWO_TOKENS;
    let both = tokens_page(&rows, false);
    for listed in [true, false] {
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit_in(TAB, T0, "claude-code", &both, T0));
        r.click("c1", revoke(&ids[0]), T0 + MIN);
        r.visit_in(TAB, T0, "claude-code", &tokens_page(&rows, true), T0 + MIN + 300);
        // The tab is closed. Another, opened later, reads the page.
        let other = |at: i64| (TAB + 2, at);
        let page = if listed {
            both.clone()
        } else {
            tokens_page(&rows[1..], false)
        };
        let (tab, at) = other(T0 + 10 * MIN);
        r.visit_in(tab, at, "claude-code", &page, at);
        assert!(!r.ledger().state.pending.is_empty(), "too soon to tell");
        let (tab, at) = other(T0 + 32 * MIN);
        r.visit_in(tab, at, "claude-code", &page, at);
        assert!(r.ledger().state.pending.is_empty());
        let revoke = r.ledger().member(&ids[0]).unwrap().revoke.clone();
        if listed {
            assert!(revoke.is_none());
            assert_eq!(r.status(&ids[0]), Status::Watching);
        } else {
            assert!(revoke.is_some_and(|r| r.confirmed));
        }
    }
}

/// "Log out of all devices" answered by its dialog's cancel, even with a
/// grace period of 0: the sessions listed behind the open dialog were not
/// judged (the log-out had not happened), and nothing is left flagged.
#[test]
fn a_log_out_waiting_on_its_dialog_is_not_judged() {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 0}));
    let (sessions, with_dialog) = one_session_and_log_out_dialog();
    let id = Rig::entries(&r.visit("account", &sessions, T0))[0].clone();
    r.click("c1", log_out_everywhere(), T0 + MIN);
    r.visit("account", &with_dialog, T0 + 5 * MIN);
    assert_eq!(r.status(&id), Status::RevokePending);
    assert!(r.rules(&id).is_empty(), "{:?}", r.rules(&id));
    r.click("c2", ClickAction::DialogCancel, T0 + 6 * MIN);
    assert_eq!(r.status(&id), Status::Watching);
    assert!(r.ledger().state.log_outs.is_empty());
    // Answered yes instead, the sessions still listed are judged.
    r.click("c3", log_out_everywhere(), T0 + 7 * MIN);
    r.visit("account", &with_dialog, T0 + 8 * MIN);
    r.click("c4", ClickAction::DialogConfirm, T0 + 9 * MIN);
    r.visit("account", &sessions, T0 + 10 * MIN);
    assert_eq!(r.rules(&id), vec![Rule::StillListed]);
}

/// The same for "Log out of all devices": its dialog closed with no answer
/// seen and every session still listed is a log-out that did not happen.
#[test]
fn a_log_out_dialog_closed_without_an_answer_withdraws_the_log_out() {
    let mut r = Rig::new();
    let (sessions, with_dialog) = one_session_and_log_out_dialog();
    let id = Rig::entries(&r.visit("account", &sessions, T0))[0].clone();
    r.click("c1", log_out_everywhere(), T0 + MIN);
    assert!(r.visit("account", &with_dialog, T0 + MIN + 300)["controls"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["action"] == "dialog_cancel"));
    assert_eq!(r.status(&id), Status::RevokePending);
    r.visit("account", &sessions, T0 + MIN + 2000);
    assert_eq!(r.status(&id), Status::Watching);
    assert!(r.ledger().state.log_outs.is_empty());
    r.visit("account", &sessions, T0 + HOUR);
    assert!(r.rules(&id).is_empty());
}

#[test]
fn scenario_5_usage_rising_after_log_out_everywhere() {
    let mut r = Rig::new();
    r.visit("usage", &usage_page(40, "Resets in 3 hours"), T0);
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + MIN,
    );
    r.click("c1", log_out_everywhere(), T0 + 2 * MIN);
    // Same level: no flag; the meter's badge says it is watched.
    let a = r.visit("usage", &usage_page(40, "Resets in 3 hours"), T0 + 30 * MIN);
    assert!(r.ledger().state.meters[0].flags.is_empty());
    assert_eq!(a["meters"][0]["entry"], "meter:Current session");
    assert_eq!(a["meters"][0]["status"], "watching");
    assert_eq!(
        a["summary"]["counts"],
        "1 usage meter watched · 0 rose after everything was revoked"
    );
    // Higher, before the reset: flagged, with the caveat in the evidence,
    // and shown on the usage page itself, where the rise is seen.
    let a = r.visit("usage", &usage_page(55, "Resets in 2 hours"), T0 + HOUR);
    let badge = &a["meters"][0];
    assert_eq!(
        (badge["status"].as_str(), badge["text"].as_str()),
        (Some("zombie"), Some("Rose after revoke"))
    );
    let words = badge["description"].as_str().unwrap();
    assert!(
        words.contains("55% used") && words.contains("12:02: logged out everywhere. "),
        "{words}"
    );
    // The badge goes into the element that names the meter: the <span>
    // holding "Current session" (body 0, main 1, h1 2, its text 3, div 4).
    assert_eq!(badge["anchor"], 5, "{a}");
    assert_eq!(
        a["summary"]["counts"],
        "1 usage meter watched · 1 rose after everything was revoked"
    );
    let flags = &r.ledger().state.meters[0].flags;
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].rule, Rule::UsageAfterRevoke);
    assert!(flags[0]
        .evidence
        .iter()
        .any(|e| e.what.contains("Your own use of claude.ai")));
    // The log-out covered the session: still listed after grace → zombie.
    let state = r.state(T0 + HOUR);
    assert_eq!(state["counts"]["flagged_meters"], 1);
}

/// A usage page left open in another tab shows the meter as it was: its
/// lower value is not a reset (which would hide a rise after everything
/// was revoked), nor a reading at all (no readings down and up by turns).
#[test]
fn an_older_tab_s_lower_meter_is_not_a_reset() {
    let mut r = Rig::new();
    let other_tab = TAB + 2;
    let resets = "Resets Dec 1, 2026";
    r.visit_in(other_tab, T0, "usage", &usage_page(40, resets), T0);
    r.visit_in(TAB, T0 + HOUR, "usage", &usage_page(45, resets), T0 + HOUR);
    r.visit_in(
        TAB,
        T0 + HOUR,
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + HOUR + MIN,
    );
    r.click("c1", log_out_everywhere(), T0 + 2 * HOUR);
    let readings = r.ledger().state.readings.len();
    for k in 1..=3 {
        r.visit_in(other_tab, T0, "usage", &usage_page(40, resets), T0 + 2 * HOUR + k * MIN);
    }
    assert_eq!(
        r.ledger().state.readings.len(),
        readings,
        "the older tab's 40% is not read"
    );
    let a = r.visit_in(TAB, T0 + 3 * HOUR, "usage", &usage_page(50, resets), T0 + 3 * HOUR);
    assert_eq!(a["meters"][0]["status"], "zombie", "{a}");
    assert_eq!(r.ledger().state.meters[0].flags[0].rule, Rule::UsageAfterRevoke);
    // Reloaded, the older tab counts: the meter is the same, nothing changes.
    let b = r.visit_in(
        other_tab,
        T0 + 4 * HOUR,
        "usage",
        &usage_page(50, resets),
        T0 + 4 * HOUR,
    );
    assert_eq!(b["meters"][0]["status"], "zombie");
}

/// "Everything was revoked" counts only what happened: not a log-out, nor
/// the last token's revocation, still waiting on its dialog's answer. A
/// meter rising meanwhile (read in another tab), its dialog then cancelled,
/// is no usage after revocation.
#[test]
fn usage_while_the_revocation_waits_on_its_dialog_is_not_flagged() {
    for by_log_out in [true, false] {
        let mut r = Rig::new();
        r.visit_in(TAB + 2, T0, "usage", &usage_page(40, "Resets Dec 1, 2026"), T0);
        let id = if by_log_out {
            let (sessions, with_dialog) = one_session_and_log_out_dialog();
            let id = Rig::entries(&r.visit("account", &sessions, T0 + MIN))[0].clone();
            r.click("c1", log_out_everywhere(), T0 + 2 * MIN);
            r.visit("account", &with_dialog, T0 + 2 * MIN + 300);
            id
        } else {
            let rows = [("Claude Code", "Connected Nov 19, 2026")];
            let id = Rig::entries(&r.visit("claude-code", &tokens_page(&rows, false), T0 + MIN))[0].clone();
            r.click("c1", revoke(&id), T0 + 2 * MIN);
            r.visit("claude-code", &tokens_page(&rows, true), T0 + 2 * MIN + 300);
            id
        };
        assert_eq!(r.ledger().all_revoked_at(), None, "nothing is revoked yet");
        let a = r.visit_in(
            TAB + 2,
            T0 + 3 * MIN,
            "usage",
            &usage_page(55, "Resets Dec 1, 2026"),
            T0 + 3 * MIN,
        );
        assert_eq!(a["meters"][0]["status"], "watching", "{a}");
        r.click("c2", ClickAction::DialogCancel, T0 + 4 * MIN);
        assert_eq!(r.status(&id), Status::Watching);
        r.visit_in(
            TAB + 2,
            T0 + 5 * MIN,
            "usage",
            &usage_page(60, "Resets Dec 1, 2026"),
            T0 + 5 * MIN,
        );
        assert!(r.ledger().state.meters[0].flags.is_empty());
    }
}

fn log_out_at(r: &mut Rig, at: i64) {
    let click = ClickAction::LogOutEverywhere {
        label: "Log out".into(),
        explicit: false,
    };
    r.click("c1", click, at);
}

/// A meter whose name says nothing of its window's length.
fn unnamed_window(percent: u32, resets: &str) -> String {
    usage_page(percent, resets).replace("Current session", "Extra usage")
}

fn meter_flag(r: &Rig) -> Option<Vec<String>> {
    let flags = &r.ledger().state.meters[0].flags;
    assert!(flags.len() <= 1, "one flag per revocation: {flags:?}");
    flags
        .first()
        .map(|f| f.evidence.iter().map(|e| e.what.clone()).collect())
}

/// The meter's flag says it rose from `from` to `to` (its evidence's
/// second and third lines); `why` says what the rise is.
fn assert_rose(r: &Rig, why: &str, from: &str, to: &str) {
    let words = meter_flag(r).expect(why);
    assert!(words[1].contains(from) && words[2].contains(to), "{why}: {words:?}");
}

/// The public report: usage kept climbing after everything was revoked,
/// for days, across the 5-hour window's resets. A reset whose time passed
/// after the revocation starts a window all of whose use came after it.
#[test]
fn usage_in_a_window_that_began_after_the_revocation_is_flagged() {
    let mut r = Rig::new();
    r.visit("usage", &usage_page(40, "Resets in 1 hour"), T0);
    log_out_at(&mut r, T0 + MIN);
    // Three hours later the window reset (its time passed, after the
    // log-out): 0% is no use.
    r.visit("usage", &usage_page(0, "Resets in 4 hours"), T0 + 3 * HOUR);
    assert_eq!(meter_flag(&r), None);
    // Any use in that window came after the log-out.
    let a = r.visit("usage", &usage_page(5, "Resets in 4 hours"), T0 + 3 * HOUR + 10 * MIN);
    assert_eq!(a["meters"][0]["status"], "zombie", "{a}");
    let words = meter_flag(&r).unwrap();
    assert_eq!(words[0], "logged out everywhere", "{words:?}");
    assert!(
        words[1].contains("reset time passed after everything was revoked"),
        "{words:?}"
    );
    assert!(words[2].contains("5% used"), "{words:?}");

    // Read only once after the reset, at a level lower than before it.
    let mut r = Rig::new();
    r.visit("usage", &usage_page(40, "Resets in 1 hour"), T0);
    log_out_at(&mut r, T0 + MIN);
    r.visit("usage", &usage_page(15, "Resets in 4 hours"), T0 + 3 * HOUR);
    assert!(meter_flag(&r).is_some(), "15% used since a reset after the log-out");
}

/// A reset that may have come before the revocation ("Resets in 1 minute",
/// revoked a minute later) leaves the new window's level unexplained: only
/// a rise within that window counts.
#[test]
fn a_reset_that_may_precede_the_revocation_starts_from_its_window_s_level() {
    let mut r = Rig::new();
    r.visit("usage", &unnamed_window(40, "Resets in 1 minute"), T0);
    log_out_at(&mut r, T0 + 2 * MIN);
    r.visit("usage", &unnamed_window(60, "Resets in 5 hours"), T0 + HOUR);
    assert_eq!(meter_flag(&r), None, "the 60% may all predate the log-out");
    r.visit("usage", &unnamed_window(60, "Resets in 4 hours"), T0 + 2 * HOUR);
    assert_eq!(meter_flag(&r), None);
    r.visit("usage", &unnamed_window(65, "Resets in 3 hours"), T0 + 3 * HOUR);
    assert_rose(&r, "a rise within the window", "60% used", "65% used");
}

/// A meter that went down (a reset whose time the page did not show, or a
/// window that rolls) and then rose was used in between.
#[test]
fn a_rise_after_a_drop_is_flagged_and_drops_alone_are_not() {
    let mut r = Rig::new();
    r.visit("usage", &unnamed_window(40, "Resets in 5 hours"), T0);
    log_out_at(&mut r, T0 + MIN);
    r.visit("usage", &unnamed_window(10, "Resets in 5 hours"), T0 + 10 * MIN);
    r.visit("usage", &unnamed_window(5, "Resets in 5 hours"), T0 + 15 * MIN);
    assert_eq!(meter_flag(&r), None, "only going down");
    r.visit("usage", &unnamed_window(20, "Resets in 5 hours"), T0 + 20 * MIN);
    assert_rose(&r, "5% then 20%, both after the log-out", "5% used", "20% used");
}

/// A meter whose name or heading gives its window's length ("Current
/// session": 5 hours; "Weekly limits": 7 days) began its window its length
/// before its reset time. When that was after everything was revoked, all
/// of the window's use came after: the first look at the usage page, days
/// after every token was revoked, is enough.
#[test]
fn use_in_a_window_that_began_after_the_revocation_is_flagged_at_first_sight() {
    let weekly = |percent: u32, resets: &str| {
        format!("<html lang=en><body><main><h1>Usage</h1><h2>Weekly limits</h2><div><span>All models</span><span>Resets {resets}</span><span>{percent}% used</span></div></main></body></html>")
    };
    // Each: the page two days after the log-out, and whether it is flagged.
    let cases: [(&str, String, bool); 6] = [
        ("5-hour window begun since", usage_page(23, "Resets in 3 hours"), true),
        ("nothing used in it", usage_page(0, "Resets in 3 hours"), false),
        (
            "no window length in the name",
            unnamed_window(23, "Resets in 3 hours"),
            false,
        ),
        ("weekly window begun since", weekly(12, "Nov 30, 2026"), true),
        ("weekly window begun before", weekly(12, "Nov 28, 2026"), false),
        ("no reset time", usage_page(23, "").replace("<span></span>", ""), false),
    ];
    for (what, page, flagged) in cases {
        let mut r = Rig::new();
        log_out_at(&mut r, T0);
        let a = r.visit("usage", &page, T0 + 48 * HOUR);
        let status = if flagged { "zombie" } else { "watching" };
        assert_eq!(a["meters"][0]["status"], status, "{what}: {a}");
        if flagged {
            let words = meter_flag(&r).unwrap();
            assert!(words[1].contains("window it shows ("), "{what}: {words:?}");
            // The flag stands for a watch window (96 hours), then clears;
            // its events stay for the export and the report.
            assert_eq!(r.state(T0 + 48 * HOUR + 95 * HOUR)["counts"]["flagged_meters"], 1);
            assert_eq!(
                r.state(T0 + 48 * HOUR + 96 * HOUR)["counts"]["flagged_meters"],
                0,
                "{what}"
            );
            assert_eq!(meter_flag(&r), None);
            let a = r.visit("usage", &page, T0 + 48 * HOUR + 97 * HOUR);
            assert_eq!(a["meters"][0]["status"], "watching", "{what}: not flagged again: {a}");
        }
    }
    // Past the watch window (96 hours), a window in use says nothing more
    // than that the account holder signed in again; nor does a reset
    // passed since.
    let mut r = Rig::new();
    log_out_at(&mut r, T0);
    let a = r.visit("usage", &usage_page(23, "Resets in 3 hours"), T0 + 97 * HOUR);
    assert_eq!(a["meters"][0]["status"], "watching", "{a}");
    let mut r = Rig::new();
    r.visit("usage", &unnamed_window(40, "Resets in 1 hour"), T0 - MIN);
    log_out_at(&mut r, T0);
    let a = r.visit("usage", &unnamed_window(15, "Resets in 4 hours"), T0 + 97 * HOUR);
    assert_eq!(a["meters"][0]["status"], "watching", "{a}");
    // Half an hour after the log-out, a 5-hour window resetting in 4 hours
    // may have begun before it.
    let mut r = Rig::new();
    log_out_at(&mut r, T0);
    let a = r.visit("usage", &usage_page(23, "Resets in 4 hours"), T0 + 30 * MIN);
    assert_eq!(a["meters"][0]["status"], "watching", "{a}");
}

/// A session row often shows no sign-in time, so a terminated session
/// shown again cannot be told from a new sign-in on the same device: it is
/// a new entry, not a flag, but its badge says whom it looks like. One
/// signed in after the revocation, or looking like nothing revoked, is
/// plain "Watching".
#[test]
fn a_session_like_one_revoked_and_gone_says_so_without_a_flag() {
    let mut r = Rig::new();
    let both = [
        ("Safari on iPhone", "Last active 2 hours ago"),
        ("Firefox on Windows", "Last active 3 days ago"),
    ];
    let ids = Rig::entries(&r.visit("account", &sessions_page(&both), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("account", &sessions_page(&both[1..]), T0 + 2 * MIN);
    let back = [("Safari on iPhone", "Last active 5 minutes ago"), both[1]];
    let a = r.visit("account", &sessions_page(&back), T0 + 3 * HOUR);
    let badge = &a["annotations"][0];
    assert_ne!(badge["entry"], ids[0].as_str(), "a new entry: {a}");
    assert_eq!(badge["status"], "watching");
    assert_eq!(badge["text"], "Watching · like one revoked");
    let words = badge["description"].as_str().unwrap();
    assert!(
        words.contains("looks like the session “Safari on iPhone” revoked 2026-11-22 12:01 and gone since"),
        "{words}"
    );
    assert_eq!(a["annotations"][1]["text"], "Watching", "{a}");
    assert!(r.rules(badge["entry"].as_str().unwrap()).is_empty());
    assert_eq!(r.status(&ids[0]), Status::Revoked);

    // Signed in after the revocation: new, and its row says when.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("account", &sessions_page(&both), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("account", &sessions_page(&both[1..]), T0 + 2 * MIN);
    let a = r.visit(
        "account",
        &sessions_page(&[("Safari on iPhone", "Signed in 5 minutes ago"), both[1]]),
        T0 + 3 * HOUR,
    );
    assert_eq!(a["annotations"][0]["text"], "Watching", "{a}");
}

/// A terminated session shown again, last active before its termination,
/// is that session back, whatever it shows of its sign-in: no session
/// signed in after the termination was active before it. It had been taken
/// for a new sign-in, and the row that came back was never flagged.
#[test]
fn a_session_back_with_activity_from_before_its_termination_has_reappeared() {
    let rows = [
        ("Chrome on macOS", "Last active 5 minutes ago"),
        ("Firefox on Windows", "Last active 2 hours ago"),
        ("Safari on iOS", "Last active 3 days ago"),
    ];
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("account", &sessions_page(&rows), T0));
    r.click(
        "c1",
        ClickAction::LogOutEverywhere {
            label: "Log out of all devices".into(),
            explicit: true,
        },
        T0 + MIN,
    );
    r.visit("account", &sessions_page(&rows[..1]), T0 + 3 * MIN);
    assert_eq!(r.status(&ids[1]), Status::Revoked);
    assert_eq!(r.status(&ids[2]), Status::Revoked);
    // Half an hour later: a Firefox active a minute ago, after the
    // log-out (a new sign-in on that device looks the same), then Firefox
    // and Safari last active before it.
    let back = [
        rows[0],
        ("Firefox on Windows", "Last active 1 minute ago"),
        ("Firefox on Windows", "Last active 2 hours ago"),
        ("Safari on iOS", "Last active 3 days ago"),
    ];
    let a = r.visit("account", &sessions_page(&back), T0 + 30 * MIN);
    let entries = Rig::entries(&a);
    assert_eq!(entries[2..], ids[1..], "{a}");
    for id in &ids[1..] {
        assert!(r.rules(id).contains(&Rule::Reappeared), "{id}: {:?}", r.rules(id));
    }
    assert!(!ids.contains(&entries[1]), "{a}");
    assert!(r.rules(&entries[1]).is_empty());
}

/// A client that can still sign in mints a new token after every token was
/// revoked: such a token is watched like any other (the account holder may
/// have signed in again), but its badge says when it was connected. One
/// connected while an older token still stood says nothing more.
#[test]
fn a_token_connected_after_every_token_was_revoked_says_so() {
    let old = [
        ("Claude Code", "Connected Nov 19, 2026"),
        ("Claude Code", "Connected Nov 20, 2026"),
    ];
    for revoke_both in [true, false] {
        let mut r = Rig::new();
        // A session signed in before them, and still, is no token left standing.
        r.visit(
            "account",
            &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
            T0 - MIN,
        );
        let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&old, false), T0));
        r.click("c1", revoke(&ids[0]), T0 + MIN);
        let left: &[(&str, &str)] = if revoke_both {
            r.click("c2", revoke(&ids[1]), T0 + 2 * MIN);
            &[]
        } else {
            &old[1..]
        };
        r.visit("claude-code", &tokens_page(left, false), T0 + 3 * MIN);
        let mut rows = left.to_vec();
        rows.push(("Claude Code", "Connected 2 hours ago"));
        rows.push(("Claude Code", "Connected 1 hour ago"));
        let a = r.visit("claude-code", &tokens_page(&rows, false), T0 + 5 * HOUR);
        let new: Vec<&Value> = a["annotations"].as_array().unwrap().iter().rev().take(2).collect();
        for badge in new {
            assert_eq!(badge["status"], "watching", "{a}");
            if revoke_both {
                assert_eq!(badge["text"], "Watching · connected after all were revoked", "{a}");
                let words = badge["description"].as_str().unwrap();
                assert!(
                    words.contains(
                        "Connected after every token listed before it was revoked (the last at 2026-11-22 12:02)"
                    ),
                    "{words}"
                );
            } else {
                assert_eq!(badge["text"], "Watching", "{a}");
            }
        }
    }
}

/// The note goes to the one token it is about: beside a revoked token
/// that still shows, a single new one carries it and the old one does not.
#[test]
fn only_the_token_connected_after_all_were_revoked_says_so() {
    let mut r = Rig::new();
    let old = [("Claude Code", "Connected Nov 19, 2026")];
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&old, false), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let rows = [old[0], ("Claude Code", "Connected 1 hour ago")];
    let a = r.visit("claude-code", &tokens_page(&rows, false), T0 + 5 * HOUR);
    let badges = a["annotations"].as_array().unwrap();
    assert_eq!(badges.len(), 2, "{a}");
    assert_eq!(badges[0]["entry"], ids[0].as_str());
    assert!(!badges[0]["text"].as_str().unwrap().contains("connected after"), "{a}");
    assert_eq!(badges[1]["text"], "Watching · connected after all were revoked", "{a}");
}

/// Rows whose remove control is an item of a "⋯" menu: while every menu
/// is closed there is nothing to watch but the badges; the open menu's
/// remove item is its row's control, and a click on it revokes that row.
#[test]
fn a_revoke_item_in_a_row_s_menu_revokes_that_row() {
    let page = |open: Option<usize>, rows: &[&str]| {
        let items: String = rows
            .iter()
            .enumerate()
            .map(|(k, when)| {
                let expanded = open == Some(k);
                format!(
                    "<li><span>Claude Code</span><span>Connected {when}</span><span>user:inference</span>\
                     <button aria-label=\"More options\" aria-haspopup=\"menu\" aria-expanded=\"{expanded}\">⋯</button></li>"
                )
            })
            .collect();
        let menu = if open.is_some() {
            "<div role=\"menu\"><div role=\"menuitem\">Rename</div><div role=\"menuitem\">Revoke</div></div>"
        } else {
            ""
        };
        format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul>{items}</ul></main>{menu}</body></html>")
    };
    let both = ["Nov 19, 2026", "Nov 20, 2026"];
    let mut r = Rig::new();
    let a = r.visit("claude-code", &page(None, &both), T0);
    let ids = Rig::entries(&a);
    assert_eq!(ids.len(), 2, "{a}");
    assert!(
        a["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x.get("control").is_none()),
        "{a}"
    );
    let a = r.visit("claude-code", &page(Some(1), &both), T0 + MIN);
    assert!(a["annotations"][0].get("control").is_none(), "{a}");
    assert!(a["annotations"][1]["control"].is_u64(), "the open menu's Revoke: {a}");
    r.click("c1", revoke(&ids[1]), T0 + MIN + 500);
    r.visit("claude-code", &page(None, &both[..1]), T0 + 2 * MIN);
    assert_eq!(r.status(&ids[1]), Status::Revoked);
    assert_eq!(r.status(&ids[0]), Status::Watching);

    // An item clicked before the open menu was read: the content script
    // names the row whose button was expanded, and the item's name decides.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(None, &both), T0));
    for (k, label) in ["Rename", "Copy ID", "Revoke"].iter().enumerate() {
        let item = ClickAction::MenuItem {
            entry: ids[0].clone(),
            label: label.to_string(),
        };
        r.click(&format!("m{k}"), item, T0 + MIN + k as i64);
        let revoked = r.ledger().member(&ids[0]).unwrap().revoke.is_some();
        assert_eq!(revoked, *label == "Revoke", "{label}");
    }
    assert!(r.ledger().member(&ids[1]).unwrap().revoke.is_none());
}

#[test]
fn usage_after_every_token_revoked() {
    let mut r = Rig::new();
    r.visit("usage", &usage_page(10, "Resets in 4 hours"), T0);
    let ids = Rig::entries(&r.visit(
        "claude-code",
        &tokens_page(
            &[
                ("Claude Code", "Connected 3 days ago"),
                ("Claude Desktop", "Connected 1 day ago"),
            ],
            false,
        ),
        T0 + MIN,
    ));
    r.click("c1", revoke(&ids[0]), T0 + 2 * MIN);
    r.visit("usage", &usage_page(12, "Resets in 4 hours"), T0 + 3 * MIN);
    assert!(
        r.ledger().state.meters[0].flags.is_empty(),
        "one token is still unrevoked"
    );
    r.click("c2", revoke(&ids[1]), T0 + 4 * MIN);
    r.visit("usage", &usage_page(15, "Resets in 4 hours"), T0 + 5 * MIN);
    assert_eq!(r.ledger().state.meters[0].flags.len(), 1);
    // The evidence says what "everything revoked" was.
    let said = |r: &Rig| r.ledger().state.meters[0].flags[0].evidence[1].what.clone();
    assert_eq!(said(&r), "every token revoked");
    // A log-out everywhere with tokens listed and never revoked names them:
    // whether it ends tokens is not known, and their use is the likeliest
    // cause of the rise.
    let mut r = Rig::new();
    r.visit("usage", &usage_page(10, "Resets in 4 hours"), T0);
    let two = [
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Desktop", "Connected 1 day ago"),
    ];
    r.visit("claude-code", &tokens_page(&two, false), T0 + MIN);
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + MIN,
    );
    r.click("c1", log_out_everywhere(), T0 + 2 * MIN);
    r.visit("usage", &usage_page(15, "Resets in 4 hours"), T0 + 5 * MIN);
    assert_eq!(
        said(&r),
        "logged out everywhere, but 2 listed tokens not revoked: reports disagree on whether logging out ends tokens, and their use would also raise this meter"
    );
}

#[test]
fn a_listing_that_shows_only_part_marks_nothing_gone() {
    // The page offers "Show more" (or says it holds more rows than it
    // draws): a token it does not show may still be listed, so it is
    // neither gone nor, later, verified.
    let mut r = Rig::new();
    let full = tokens_page(
        &[
            ("Claude Code", "Connected 3 days ago"),
            ("Claude Desktop", "Connected 5 days ago"),
        ],
        false,
    );
    let ids = Rig::entries(&r.visit("claude-code", &full, T0));
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    let part = tokens_page(&[("Claude Code", "Connected 3 days ago")], false)
        .replace("</ul>", "</ul><button>Show more</button>");
    let a = r.visit("claude-code", &part, T0 + 2 * MIN);
    assert_eq!(Rig::entries(&a), vec![ids[0].clone()]);
    assert!(r.ledger().member(&ids[1]).unwrap().listed, "not taken for gone");
    assert_eq!(r.status(&ids[1]), Status::RevokePending);
    assert!(a["summary"]["notice"].as_str().unwrap().contains("only part"));
    r.state(T0 + 200 * HOUR);
    assert_eq!(r.status(&ids[1]), Status::RevokePending, "never verified unseen");
    // The whole listing again, without the token: now it is gone, and as
    // the watch window since the revocation has passed with no flag, verified.
    r.visit(
        "claude-code",
        &tokens_page(&[("Claude Code", "Connected 11 days ago")], false),
        T0 + 201 * HOUR,
    );
    assert!(!r.ledger().member(&ids[1]).unwrap().listed);
    assert_eq!(r.status(&ids[1]), Status::Verified);
}

/// "Only some tokens render" (public reports): one of five identical
/// tokens revoked, then a visit that draws three, with no sign that it
/// shows only part, then one that draws the four left. The four are the
/// unrevoked ones back, not the revoked one; a fifth row is the revoked
/// one back, by the count.
#[test]
fn identical_rows_drawn_in_part_then_in_full_bring_back_the_unrevoked_first() {
    let mut r = Rig::new();
    let row = ("Claude Code", "Connected 3 days ago");
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&[row; 5], false), T0));
    r.click("c1", revoke(&ids[2]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&[row; 3], false), T0 + 3 * MIN);
    assert_eq!(r.status(&ids[2]), Status::Revoked, "the revoked one counted gone");
    let a = r.visit("claude-code", &tokens_page(&[row; 4], false), T0 + 2 * HOUR);
    let shown = Rig::entries(&a);
    assert!(!shown.contains(&ids[2]), "{shown:?}");
    assert_eq!(r.status(&ids[2]), Status::Revoked);
    assert!(r.rules(&ids[2]).is_empty());
    for (i, id) in ids.iter().enumerate().filter(|&(i, _)| i != 2) {
        assert_eq!(r.status(id), Status::Watching, "row {i}");
    }
    let a = r.visit("claude-code", &tokens_page(&[row; 5], false), T0 + 3 * HOUR);
    assert!(Rig::entries(&a).contains(&ids[2]));
    assert_eq!(r.rules(&ids[2]), vec![Rule::Reappeared, Rule::StillListed]);
}

/// A row said in one sentence with its time in the middle ("Chrome on
/// macOS, last active 5 minutes ago, Paris, France"): the time is not part
/// of the label, so the entry stays the same as the phrase moves with the
/// clock, and a terminated session still listed is still listed, not gone.
#[test]
fn a_time_inside_a_one_sentence_row_does_not_change_its_entry() {
    let page = |active: &str| {
        format!("<html lang=en><body><main><h2>Active sessions</h2><ul><li>Chrome on macOS, last active {active}, Paris, France <button>Terminate</button></li><li>Firefox on Linux, last active 3 days ago, Berlin, Germany <button>Terminate</button></li></ul></main></body></html>")
    };
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("account", &page("5 minutes ago"), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let a = r.visit("account", &page("2 hours ago"), T0 + 2 * HOUR);
    assert_eq!(Rig::entries(&a)[0], ids[0]);
    assert_eq!(r.status(&ids[0]), Status::Zombie);
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
}

/// The single-page app draws a listing's heading over "Loading…" while it
/// fetches the rows; the page is still recognised by its other parts (the
/// "Log out of all devices" control). That reading shows no session, and
/// says nothing about any: a terminated session still listed once the
/// rows come back is still listed, not gone and back as a new entry.
#[test]
fn a_listing_still_loading_marks_nothing_gone() {
    let mut r = Rig::new();
    let full = sessions_page(&[
        ("Chrome on Windows", "Last active 2 hours ago"),
        ("Safari on iPhone", "Last active 3 days ago"),
    ]);
    let ids = Rig::entries(&r.visit("account", &full, T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let loading = "<html lang=en><body><main><h2>Active sessions</h2><div>Loading sessions…</div><button>Log out of all devices</button></main></body></html>";
    r.visit("account", loading, T0 + 2 * MIN);
    assert!(r.ledger().member(&ids[0]).unwrap().listed, "not taken for gone");
    assert!(r.ledger().member(&ids[1]).unwrap().listed);
    let a = r.visit("account", &full, T0 + 2 * HOUR);
    assert_eq!(Rig::entries(&a), ids);
    assert_eq!(r.status(&ids[0]), Status::Zombie);
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
    // A listing that shows only the session in use (no control) does say
    // that no other session is listed.
    let current_only = "<html lang=en><body><main><h2>Active sessions</h2><table><tbody><tr><td>Chrome on Linux</td><td>Current session</td></tr></tbody></table><button>Log out of all devices</button></main></body></html>";
    r.visit("account", current_only, T0 + 3 * HOUR);
    assert!(!r.ledger().member(&ids[0]).unwrap().listed);
    assert!(!r.ledger().member(&ids[1]).unwrap().listed);
}

/// A listing gone with its heading is gone: a page that drops its
/// "Trusted devices" section once the last device is removed shows that
/// the device went, as a "no trusted devices" sentence would.
#[test]
fn a_listing_dropped_with_its_heading_marks_its_entries_gone() {
    let mut r = Rig::new();
    let with_device = "<html lang=en><body><main><h2>Active sessions</h2><ul><li>Firefox on Windows · Last active 2 hours ago <button>Terminate</button></li></ul><h2>Trusted devices</h2><ul><li>Pixel 8 · Android · Enrolled Oct 1, 2026 <button>Remove</button></li></ul></main></body></html>";
    let ids = Rig::entries(&r.visit("account", with_device, T0));
    assert_eq!(ids.len(), 2);
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    let without = "<html lang=en><body><main><h2>Active sessions</h2><ul><li>Firefox on Windows · Last active 2 hours ago <button>Terminate</button></li></ul></main></body></html>";
    r.visit("account", without, T0 + 2 * MIN);
    assert!(!r.ledger().member(&ids[1]).unwrap().listed);
    assert_eq!(r.status(&ids[1]), Status::Revoked);
    assert!(r.ledger().member(&ids[0]).unwrap().listed);
}

/// A single-page app may draw a whole section, heading and all, only once
/// its rows have loaded: a reading taken before then lacks the listing
/// while entries of it were listed and not revoked. That is no sign they
/// went: a terminated session the page still lists stays one entry, and
/// is flagged still listed.
#[test]
fn a_listing_missing_with_its_heading_while_unrevoked_entries_were_listed_marks_nothing_gone() {
    let mut r = Rig::new();
    let loaded = "<html lang=en><body><main><section><h2>Account</h2><button>Log out of all devices</button></section>\
        <section><h2>Active sessions</h2><ul><li><span>Chrome on macOS</span><span>Current session</span></li>\
        <li><span>Safari on iOS</span><span>Last active 2 hours ago</span><button>Terminate</button></li>\
        <li><span>Firefox on Linux</span><span>Last active 3 days ago</span><button>Terminate</button></li></ul></section></main></body></html>";
    let loading = "<html lang=en><body><main><section><h2>Account</h2><button>Log out of all devices</button></section></main></body></html>";
    let ids = Rig::entries(&r.visit("account", loaded, T0));
    assert_eq!(ids.len(), 2);
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("account", loading, T0 + MIN + 5_000);
    for id in &ids {
        assert!(r.ledger().member(id).unwrap().listed, "{id} taken for gone");
    }
    let a = r.visit("account", loaded, T0 + MIN + 6_000);
    assert_eq!(Rig::entries(&a), ids, "the same entries, not new ones");
    r.visit("account", loaded, T0 + 20 * MIN);
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
    assert_eq!(r.status(&ids[1]), Status::Watching);
}

#[test]
fn reappeared_after_revocation() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected Nov 3, 2026")], false);
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    r.visit("claude-code", &tokens_page(&[], false), T0 + 2 * MIN);
    assert_eq!(r.status(&id), Status::Revoked);
    let a = r.visit("claude-code", &page, T0 + 24 * HOUR);
    assert_eq!(Rig::entries(&a), vec![id.clone()]);
    assert_eq!(r.rules(&id), vec![Rule::Reappeared, Rule::StillListed]);
    // Both flags start from the one revocation: the badge's evidence
    // tells it once.
    let description = a["annotations"][0]["description"].as_str().unwrap();
    assert_eq!(description.matches("revoked “Claude Code”").count(), 1, "{description}");
    assert!(description.contains("listed again"), "{description}");
    assert!(description.contains("still listed"), "{description}");
    // A new token with the same label but a later connection is not the old one.
    let mut r = Rig::new();
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    r.visit("claude-code", &tokens_page(&[], false), T0 + 2 * MIN);
    let a = r.visit(
        "claude-code",
        &tokens_page(&[("Claude Code", "Connected 5 minutes ago")], false),
        T0 + HOUR,
    );
    assert_ne!(Rig::entries(&a)[0], id);
    assert_eq!(r.status(&id), Status::Revoked);
}

/// A second tab left open on the page since before a revocation made in
/// the first shows the listing as it was: its readings neither bring the
/// revoked token back nor keep it listed, however late they come, and its
/// badge says to reload. Reloaded, the tab counts again.
#[test]
fn a_tab_open_from_before_the_revocation_raises_no_flag_until_reloaded() {
    let other_tab = TAB + 2;
    // Dates, not "… ago": the tab's texts stay the same however late it is read.
    let rows = [
        ("Claude Code", "Connected Nov 19, 2026"),
        ("Claude Desktop", "Connected Nov 22, 2026"),
    ];
    let both = tokens_page(&rows, false);
    let without = tokens_page(&rows[1..], false);
    for reload in [false, true] {
        let mut r = Rig::new();
        // The other tab opens the page first; then the user opens it in
        // TAB and revokes there, and the page drops the row.
        let ids = Rig::entries(&r.visit_in(other_tab, T0, "claude-code", &both, T0 + 1000));
        r.visit_in(TAB, T0 + MIN, "claude-code", &both, T0 + MIN);
        r.click("c1", revoke(&ids[0]), T0 + 2 * MIN);
        r.visit_in(TAB, T0 + MIN, "claude-code", &without, T0 + 2 * MIN + 500);
        assert_eq!(r.status(&ids[0]), Status::Revoked);
        // The other tab is read again (a time on it ticks), within the
        // grace period and long after it.
        for at in [T0 + 3 * MIN, T0 + 2 * HOUR] {
            let b = r.visit_in(other_tab, T0, "claude-code", &both, at);
            assert_eq!(Rig::entries(&b), ids, "the same two entries, no new one");
            assert!(r.rules(&ids[0]).is_empty(), "{:?}", r.rules(&ids[0]));
            assert_eq!(r.status(&ids[0]), Status::Revoked);
            assert_eq!(b["annotations"][0]["status"], "revoked");
            assert_eq!(b["annotations"][0]["text"], "Revoked — reload this tab to check");
            let why = b["annotations"][0]["description"].as_str().unwrap();
            assert!(
                why.contains("Another tab saw it change") && why.contains("reload the page"),
                "{why}"
            );
            assert_eq!(b["annotations"][1]["text"], "Watching");
        }
        if reload {
            // Loaded again after the revocation, the tab shows the server's
            // listing: the token is back, and long past the grace period.
            let b = r.visit_in(other_tab, T0 + 3 * HOUR, "claude-code", &both, T0 + 3 * HOUR);
            assert_eq!(Rig::entries(&b), ids);
            assert_eq!(r.rules(&ids[0]), vec![Rule::Reappeared, Rule::StillListed]);
            assert!(b["annotations"][0]["text"].as_str().unwrap().starts_with("Came back"));
        } else {
            // Its readings do not keep the watch window from ending clean.
            r.state(T0 + 2 * MIN + 96 * HOUR);
            assert_eq!(r.status(&ids[0]), Status::Verified);
        }
    }
}

/// A tab open from before a token was first seen, in another tab, does
/// not list it: that does not make it gone (nor, when the tab is read
/// again and again, gone and back by turns), so a click on it in the newer
/// tab is its revocation.
#[test]
fn a_tab_open_from_before_a_token_was_first_seen_does_not_make_it_gone() {
    let mut r = Rig::new();
    let other_tab = TAB + 2;
    let old = ("Claude Code", "Connected Nov 19, 2026");
    let new = ("Claude Code", "Connected Nov 22, 2026");
    let older = tokens_page(&[old], false);
    let both = tokens_page(&[old, new], false);
    r.visit_in(other_tab, T0, "claude-code", &older, T0);
    let ids = Rig::entries(&r.visit_in(TAB, T0 + HOUR, "claude-code", &both, T0 + HOUR));
    let events = r.ledger().event_count();
    for k in 1..=3 {
        r.visit_in(other_tab, T0, "claude-code", &older, T0 + HOUR + k * MIN);
        r.visit_in(TAB, T0 + HOUR, "claude-code", &both, T0 + HOUR + k * MIN + 1);
    }
    assert_eq!(r.ledger().event_count(), events, "no gone, no reappeared");
    assert!(r.ledger().member(&ids[1]).unwrap().listed);
    r.click("c1", revoke(&ids[1]), T0 + 2 * HOUR);
    assert_eq!(r.status(&ids[1]), Status::RevokePending);
    // Reloaded, the older tab counts: a listing without the token is its going.
    r.visit_in(other_tab, T0 + 3 * HOUR, "claude-code", &older, T0 + 3 * HOUR);
    assert_eq!(r.status(&ids[1]), Status::Revoked);
}

/// A token that the newer tab no longer lists, with no revocation (it
/// expired, or was revoked elsewhere), is not brought back by a tab open
/// from before: no "reappeared" events by turns.
#[test]
fn a_tab_open_from_before_a_token_went_does_not_bring_it_back() {
    let mut r = Rig::new();
    let other_tab = TAB + 2;
    let rows = TWO_TOKENS;
    let both = tokens_page(&rows, false);
    let ids = Rig::entries(&r.visit_in(other_tab, T0, "claude-code", &both, T0));
    r.visit_in(
        TAB,
        T0 + HOUR,
        "claude-code",
        &tokens_page(&rows[1..], false),
        T0 + HOUR,
    );
    assert!(!r.ledger().member(&ids[0]).unwrap().listed);
    let events = r.ledger().event_count();
    let b = r.visit_in(other_tab, T0, "claude-code", &both, T0 + HOUR + MIN);
    assert_eq!(Rig::entries(&b), ids, "matched to the entry that went, not a new one");
    assert_eq!(r.ledger().event_count(), events);
    assert!(!r.ledger().member(&ids[0]).unwrap().listed);
}

/// The tab the user revoked in counts, however long ago it loaded the
/// page: the page there had every chance to drop the row.
#[test]
fn the_tab_the_revocation_was_made_in_counts_however_old_its_page() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago")], false);
    let id = Rig::entries(&r.visit_in(TAB, T0 - 5 * HOUR, "claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    let a = r.visit_in(TAB, T0 - 5 * HOUR, "claude-code", &page, T0 + 11 * MIN + 1);
    assert_eq!(r.rules(&id), vec![Rule::StillListed]);
    assert!(a["annotations"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Still listed"));
    // A flag raised by a page that counts stands in an older tab too.
    let b = r.visit_in(TAB + 2, T0 - HOUR, "claude-code", &page, T0 + 12 * MIN);
    assert!(b["annotations"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Still listed"));
    assert_eq!(b["annotations"][0]["status"], "zombie");
}

/// After a log-out everywhere made in one tab, an account page open in
/// another since before it still lists the sessions: not evidence that
/// they survived. The same page loaded after the log-out is.
#[test]
fn sessions_listed_by_a_tab_open_from_before_a_log_out_everywhere_are_not_flagged() {
    let mut r = Rig::new();
    let other_tab = TAB + 2;
    let page = sessions_page(&[
        ("Chrome on macOS", "Last active 2 hours ago"),
        ("Firefox on Windows", "Last active 3 hours ago"),
    ]);
    let ids = Rig::entries(&r.visit_in(other_tab, T0, "account", &page, T0));
    r.visit_in(TAB, T0 + MIN, "account", &page, T0 + MIN);
    r.click("c1", log_out_everywhere(), T0 + 2 * MIN);
    r.visit_in(other_tab, T0, "account", &page, T0 + HOUR);
    for id in &ids {
        assert_eq!(r.status(id), Status::RevokePending);
        assert!(r.rules(id).is_empty(), "{:?}", r.rules(id));
    }
    r.visit_in(other_tab, T0 + 2 * HOUR, "account", &page, T0 + 2 * HOUR);
    for id in &ids {
        assert_eq!(r.rules(id), vec![Rule::StillListed]);
    }
}

/// Five identical tokens, the third revoked; the next listing has five
/// rows again, but the fifth is a new token connected just now (Claude
/// Code mints them). The count is the same, yet the rows are not the same
/// five: the revoked one is gone, the new one is new, and nothing else
/// changes.
#[test]
fn a_new_token_beside_a_revoked_one_gone_is_not_the_same_count() {
    let mut r = Rig::new();
    let five = vec![("Claude Code", "Connected 3 days ago"); 5];
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&five, false), T0));
    r.click("c1", revoke(&ids[2]), T0 + MIN);
    let mut next = five[..4].to_vec();
    next.push(("Claude Code", "Connected just now"));
    let a = r.visit("claude-code", &tokens_page(&next, false), T0 + 20 * MIN);
    let now: Vec<String> = Rig::entries(&a);
    assert_eq!(
        now[..4],
        [ids[0].clone(), ids[1].clone(), ids[3].clone(), ids[4].clone()]
    );
    assert!(!ids.contains(&now[4]), "the new token is a new entry");
    assert_eq!(r.status(&ids[2]), Status::Revoked);
    assert!(r.ledger().state.members.iter().all(|m| m.flags.is_empty()));
    assert!(r.ledger().member(&ids[4]).unwrap().listed);
}

/// Two sessions that look the same, one terminated and both still listed,
/// the page listing the active one first: its fresh activity is not taken
/// for the terminated one's (which would be activity after revocation).
/// Identical tokens keep their rows in order; sessions do not, as a
/// listing by last activity reorders them.
#[test]
fn identical_sessions_reordered_by_activity_keep_the_activity_apart() {
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit(
        "account",
        &sessions_page(&[
            ("Chrome on macOS", "Last active 3 hours ago"),
            ("Chrome on macOS", "Last active 5 minutes ago"),
        ]),
        T0,
    ));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit(
        "account",
        &sessions_page(&[
            ("Chrome on macOS", "Last active 1 minute ago"),
            ("Chrome on macOS", "Last active 3 hours ago"),
        ]),
        T0 + 30 * MIN,
    );
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
    assert!(r.rules(&ids[1]).is_empty());
}

#[test]
fn activity_after_revocation_at_the_skew_boundary() {
    // Revoked at T; skew 2 min. "Last active 0 minutes ago" seen at T+3min
    // covers [T+2min, T+3min]: its earliest instant is not after T+2min.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |active: &str| sessions_page(&[("Firefox on Windows", active)]);
    let id = Rig::entries(&r.visit("account", &page("Last active 2 hours ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("account", &page("Last active 0 minutes ago"), T0 + 3 * MIN);
    assert!(r.rules(&id).is_empty(), "{:?}", r.rules(&id));
    // "1 minute ago" at T+4min + 1ms covers [T+2min+1ms, T+3min+1ms]: after.
    r.visit("account", &page("Last active 1 minute ago"), T0 + 4 * MIN + 1);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
}

/// A page that shows today's activity as a time of day alone ("Last
/// active 12:40 PM"): a terminated session active after its revocation is
/// flagged, as with a relative phrase. (T0 is 12:00 UTC, the page's zone.)
#[test]
fn activity_shown_as_a_time_of_day_after_revocation_is_flagged() {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |active: &str| sessions_page(&[("Firefox on Windows", active)]);
    let id = Rig::entries(&r.visit("account", &page("Last active 9:15 AM"), T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("account", &page("Last active 11:50 AM"), T0 + 30 * MIN);
    assert!(r.rules(&id).is_empty(), "before the revocation");
    r.visit("account", &page("Last active 12:40 PM"), T0 + 45 * MIN);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
}

#[test]
fn a_removed_trusted_device_used_afterwards_is_flagged() {
    // Devices show "Last used …": use after the removal is activity after
    // a revocation, as for a session.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |used: &str| {
        format!(
            "<html lang=en><body><main><h2>Trusted devices</h2><ul>\
             <li><span>iPhone 15</span><span>Enrolled Nov 3, 2026</span><span>{used}</span><button>Remove</button></li>\
             <li><span>Work laptop</span><span>Enrolled Sep 9, 2026</span><span>Last used 3 weeks ago</span><button>Remove</button></li>\
             </ul></main></body></html>"
        )
    };
    let ids = Rig::entries(&r.visit("account", &page("Last used 2 days ago"), T0));
    assert_eq!(ids.len(), 2);
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("account", &page("Last used 2 days ago"), T0 + 10 * MIN);
    assert!(r.rules(&ids[0]).is_empty(), "{:?}", r.rules(&ids[0]));
    r.visit("account", &page("Last used 1 minute ago"), T0 + HOUR);
    assert_eq!(r.rules(&ids[0]), vec![Rule::ActiveAfterRevoke]);
    assert!(r.rules(&ids[1]).is_empty());
}

#[test]
fn a_row_whose_button_says_revoking_is_still_listed() {
    // The page shows "Revoking…" while the request runs; if it fails, the
    // row shows "Revoke" again. The row never left the listing, so it is
    // neither gone nor back ("reappeared") at any visit.
    let mut r = Rig::new();
    let page = |caption: &str| {
        format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>\
             <li><span>Claude Code</span><span>Connected 3 days ago</span><button>{caption}</button></li>\
             <li><span>Claude Desktop</span><span>Connected 2 hours ago</span><button>Revoke</button></li>\
             </ul></main></body></html>"
        )
    };
    let ids = Rig::entries(&r.visit("claude-code", &page("Revoke"), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let a = r.visit("claude-code", &page("Revoking…"), T0 + MIN + 200);
    assert_eq!(Rig::entries(&a), ids, "the row is still read, as the same entry");
    assert_eq!(r.status(&ids[0]), Status::RevokePending);
    r.visit("claude-code", &page("Revoke"), T0 + 2 * MIN);
    assert_eq!(r.status(&ids[0]), Status::RevokePending);
    assert!(r.rules(&ids[0]).is_empty(), "{:?}", r.rules(&ids[0]));
    assert!(
        !r.ledger().events.iter().any(|e| matches!(e.body, Body::Gone { .. })),
        "nothing was gone"
    );
}

#[test]
fn a_token_the_page_keeps_listed_as_revoked_is_gone_not_still_listed() {
    let row = |status: &str| {
        format!(
            "<li><span>Claude Code</span><span>Connected 3 days ago</span><span>user:inference</span>{status}<button>{}</button></li>",
            if status.is_empty() { "Revoke" } else { "Remove from list" }
        )
    };
    let page = |rows: &[String]| {
        format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><ul>{}</ul></main></body></html>",
            rows.concat()
        )
    };
    let other = "<li><span>Claude Desktop</span><span>Connected 2 hours ago</span><span>user:inference</span><button>Revoke</button></li>".to_string();
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(&[row(""), other.clone()]), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    // After the grace period the page still shows it, marked "Revoked".
    let marked = page(&[row("<span>Revoked</span>"), other.clone()]);
    let a = r.visit("claude-code", &marked, T0 + HOUR);
    assert_eq!(r.status(&ids[0]), Status::Revoked);
    assert!(r.rules(&ids[0]).is_empty());
    assert_eq!(Rig::entries(&a), vec![ids[1].clone()]);
    // Shown again without the mark: it came back (and is listed long
    // after the grace period).
    r.visit("claude-code", &page(&[row(""), other.clone()]), T0 + 2 * HOUR);
    assert!(r.rules(&ids[0]).contains(&Rule::Reappeared), "{:?}", r.rules(&ids[0]));
    // The only token, revoked and marked: the listing is read as empty
    // rather than unreadable, so the revoked token is seen gone.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(&[row("")]), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit(
        "claude-code",
        &page(&[row("<span>Revoked 5 minutes ago</span>")]),
        T0 + HOUR,
    );
    assert_eq!(r.status(&ids[0]), Status::Revoked);
}

#[test]
fn a_retried_click_is_recorded_once() {
    let mut r = Rig::new();
    let id = Rig::entries(&r.visit(
        "claude-code",
        &tokens_page(&[("Claude Code", "Connected 3 days ago")], false),
        T0,
    ))[0]
        .clone();
    assert_eq!(r.click("same", revoke(&id), T0 + 1)["recorded"], 1);
    assert_eq!(r.click("same", revoke(&id), T0 + 2)["recorded"], 0);
    assert_eq!(
        events_where(r.ledger(), |b| matches!(b, Body::RevokeRequested { .. })),
        1
    );
}

#[test]
fn storage_round_trip_and_replay_agree() {
    let mut r = Rig::new();
    let five = vec![("Claude Code", "Connected 3 days ago"); 5];
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&five, false), T0));
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&five[..4], false), T0 + 2 * MIN);
    let l = r.ledger().clone();
    let items = storage::all_items(&l);
    let back = storage::load(&items, true).unwrap();
    assert_eq!(back, l);
    // Without the state cache the events alone give the same statuses.
    let mut no_cache = items.clone();
    no_cache.remove(storage::STATE);
    let replayed = storage::load(&no_cache, true).unwrap();
    assert_eq!(statuses(&replayed), statuses(&l));
    // Segments: 1,200 events span three segments; adding one rewrites only the last.
    let mut big = Ledger::new(Settings::default());
    for i in 0..1_200 {
        big.click(
            &format!("c{i}"),
            ClickAction::LogOutEverywhere {
                label: "x".into(),
                explicit: true,
            },
            TAB,
            "account",
            T0 + i,
        );
    }
    let before = big.next_seq();
    big.click(
        "one-more",
        ClickAction::LogOutEverywhere {
            label: "x".into(),
            explicit: true,
        },
        TAB,
        "account",
        T0 + 5_000,
    );
    let w = storage::writes(&mut big, before);
    let segs: Vec<&String> = w.keys().filter(|k| k.starts_with("ledger.seg.")).collect();
    assert_eq!(segs, vec!["ledger.seg.2"]);
}

#[test]
fn damaged_or_newer_storage_is_refused_and_left_alone() {
    let mut r = Rig::new();
    r.visit(
        "claude-code",
        &tokens_page(&[("Claude Code", "Connected 3 days ago")], false),
        T0,
    );
    let items = storage::all_items(r.ledger());
    let mut bad = items.clone();
    bad.insert("ledger.seg.0".into(), "garbage".into());
    assert!(matches!(storage::load(&bad, true), Err(storage::LoadError::Corrupt(_))));
    let mut gap = items.clone();
    gap.remove("ledger.seg.0");
    assert!(storage::load(&gap, true)
        .unwrap_err()
        .to_string()
        .contains("ledger.seg.0 is missing"));
    let mut newer = items.clone();
    newer.insert(
        storage::META.into(),
        json!({"schema": 99, "segments": 1, "events": 1}).to_string(),
    );
    assert_eq!(storage::load(&newer, true).unwrap_err(), storage::LoadError::Newer(99));
    let mut orphan = storage::Items::new();
    orphan.insert("ledger.seg.0".into(), "[]".into());
    assert!(
        storage::load(&orphan, true).is_err(),
        "ledger data without meta is damage, not a fresh start"
    );
    assert!(
        storage::load(&storage::Items::new(), true).is_ok(),
        "no data at all is a fresh start"
    );
    // A broken store answers with an error state and asks for no writes.
    let mut store = Store::Broken(storage::load(&bad, true).unwrap_err());
    let out = handle(&mut store, Request::State, Origin::ExtensionPage, T0);
    assert!(out.answer_value()["error_state"].as_str().unwrap().contains("damaged"));
    assert!(out.ledger_writes.is_none());
    let snapshot = html_tree::snapshot_of(
        &tokens_page(&[("Claude Code", "Connected 3 days ago")], false),
        "https://claude.ai/settings/claude-code",
    );
    let mut out = handle(
        &mut store,
        Request::Page {
            snapshot,
            tz_offset_min: 0,
            shown_since: None,
            clicked: None,
        },
        Origin::ContentScript { tab_id: 1 },
        T0,
    );
    assert!(take_writes(&mut store, &mut out).is_none(), "nothing is overwritten");
    assert_eq!(out.answer_value()["annotations"].as_array().unwrap().len(), 1);
    assert!(out.answer_value()["ledger_error"].is_string());
}

#[test]
fn an_unreadable_page_makes_nothing_gone() {
    let mut r = Rig::new();
    let id = Rig::entries(&r.visit(
        "claude-code",
        &tokens_page(&[("Claude Code", "Connected 3 days ago")], false),
        T0,
    ))[0]
        .clone();
    r.click("c1", revoke(&id), T0 + MIN);
    // The layout changed: no rows, no empty-state message.
    let a = r.visit(
        "claude-code",
        "<html><body><main><h2>Authorization tokens</h2><p>Loading…</p></main></body></html>",
        T0 + 2 * MIN,
    );
    assert_eq!(a["status"]["state"], "not_recognised");
    assert_eq!(r.status(&id), Status::RevokePending, "not counted as gone");
    let state = r.state(T0 + 2 * MIN);
    assert_eq!(state["pages"]["claude_code"]["recognised"], false);
}

#[test]
fn a_stored_v1_ledger_is_migrated_to_the_hash_chain() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/storage/v1-ledger.json"
    ))
    .unwrap();
    let stored: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(stored["ledger.meta"]["schema"], 1);
    // Older layouts stored objects; the binding hands them over as JSON text.
    let items: storage::Items = stored.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
    assert_eq!(
        storage::plan(items.get(storage::META).map(String::as_str)),
        storage::Plan::Everything
    );
    let l = storage::load(&items, true).expect("v1 loads");
    assert!(l.rewrite_all, "the next write rewrites every segment in the new layout");
    assert_eq!(l.events.len(), 5);
    assert!(l.events.iter().all(|e| e.hash.len() == 64));
    revoke_watch::core::ledger::chain::verify(&l.events).unwrap();
    assert_eq!(l.member("e1").unwrap().status(), Status::Revoked);
    assert_eq!(l.member("e2").unwrap().status(), Status::Watching);
    // Written back, it is schema 3 and loads without migrating.
    let mut l = l;
    let next = l.next_seq();
    let written = storage::writes(&mut l, next);
    let meta: Value = serde_json::from_str(&written["ledger.meta"]).unwrap();
    assert_eq!(meta["schema"], 3);
    assert!(
        written.contains_key("ledger.seg.0"),
        "the first write rewrites every segment"
    );
    let again = storage::load(&written, true).unwrap();
    assert!(!again.rewrite_all);
    assert_eq!(again.events, l.events);
}

/// `full` stored, then loaded as an older schema left it: the next write
/// rewrites it all in the current layout.
fn loaded_as_schema_2(full: &Ledger) -> Ledger {
    let mut items = storage::all_items(full);
    let mut meta: Value = serde_json::from_str(&items[storage::META]).unwrap();
    meta["schema"] = json!(2);
    items.insert(storage::META.into(), meta.to_string());
    storage::load(&items, true).expect("schema 2 loads")
}

/// A page's writes are built after its early answer: a migration's full
/// rewrite must still be in them when a page is the first message.
#[test]
fn a_migrated_ledger_is_rewritten_in_full_after_a_page_visit() {
    let full = long_history().ledger().clone();
    let loaded = loaded_as_schema_2(&full);
    assert!(loaded.rewrite_all);
    let mut store = Store::Ready(loaded);
    let page = page_request(
        "claude-code",
        &tokens_page(&[("Fresh token", "Connected 1 minute ago")], false),
    );
    let mut out = handle(&mut store, page, Origin::ContentScript { tab_id: TAB }, T0 + 101 * HOUR);
    assert!(out.answer_early);
    let written = take_writes(&mut store, &mut out).expect("the visit is written");
    assert!(
        written.contains_key("ledger.seg.0"),
        "every segment is rewritten in the new layout"
    );
    let meta: Value = serde_json::from_str(&written["ledger.meta"]).unwrap();
    assert_eq!(meta["schema"], 3);
    let Store::Ready(l) = &store else { unreachable!() };
    assert!(!l.rewrite_all, "rewritten once");
    assert_eq!(
        &storage::load(&written, true).unwrap(),
        l,
        "what was written alone is the whole ledger"
    );
}

/// The popup opened first after an update: its `state` request records
/// nothing, yet a migrated ledger is written back in the new layout then,
/// and a ledger with nothing new is not written at all.
#[test]
fn a_migrated_ledger_is_rewritten_at_the_first_state_request() {
    let full = long_history().ledger().clone();
    let mut store = Store::Ready(loaded_as_schema_2(&full));
    // Within the grace period of nothing: no event is due.
    let now = full.events.last().unwrap().at_ms;
    let out = handle(&mut store, Request::State, Origin::ExtensionPage, now);
    let Store::Ready(l) = &store else { unreachable!() };
    assert_eq!(l.events.len(), full.events.len(), "nothing recorded");
    let written = out.ledger_writes.expect("the migration is written");
    let meta: Value = serde_json::from_str(&written["ledger.meta"]).unwrap();
    assert_eq!(meta["schema"], 3);
    assert!(written.contains_key("ledger.seg.0"));
    let again = handle(&mut store, Request::State, Origin::ExtensionPage, now);
    assert!(again.ledger_writes.is_none(), "nothing new, nothing written");
}

#[test]
fn the_chain_breaks_exactly_where_an_event_is_changed_or_removed() {
    use revoke_watch::core::ledger::chain::verify;
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit(
        "claude-code",
        &tokens_page(
            &[
                ("A", "Connected 3 days ago"),
                ("B", "Connected 2 days ago"),
                ("C", "Connected 1 day ago"),
            ],
            false,
        ),
        T0,
    ));
    for (i, id) in ids.iter().enumerate() {
        r.click(&format!("c{i}"), revoke(id), T0 + MIN * (i as i64 + 1));
    }
    let events = r.ledger().events.clone();
    assert!(events.len() >= 6);
    verify(&events).unwrap();
    for pos in 0..events.len() {
        let mut changed = events.clone();
        changed[pos].at_ms += 1;
        let b = verify(&changed).unwrap_err();
        assert_eq!(b.position, pos + 1, "changed event {pos}");
        let mut removed = events.clone();
        removed.remove(pos);
        if pos < events.len() - 1 {
            assert_eq!(verify(&removed).unwrap_err().position, pos + 1, "removed event {pos}");
        }
    }
    // Stored with a changed event, the ledger refuses to load and says where.
    let mut items = storage::all_items(r.ledger());
    let mut seg: Value = serde_json::from_str(&items["ledger.seg.0"]).unwrap();
    seg[2]["at_ms"] = json!(1);
    items.insert("ledger.seg.0".into(), seg.to_string());
    let err = storage::load(&items, true).unwrap_err().to_string();
    assert!(err.contains("breaks at event 3"), "{err}");
}

#[test]
fn a_token_used_after_its_revocation_is_flagged() {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |used: &str| {
        format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Connected 3 days ago</span><span>{used}</span><span>user:inference</span><button>Revoke</button></li></ul></main></body></html>")
    };
    let id = Rig::entries(&r.visit("claude-code", &page("Last used 2 hours ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("claude-code", &page("Last used 1 hour ago"), T0 + 30 * MIN);
    assert!(r.rules(&id).is_empty(), "used before the revocation");
    r.visit("claude-code", &page("Last used 5 minutes ago"), T0 + 20 * MIN + 6 * MIN);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
}

#[test]
fn a_state_cache_older_than_the_events_is_caught_up_on_load() {
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit(
        "claude-code",
        &tokens_page(&[("A", "Connected 3 days ago"), ("B", "Connected 2 days ago")], false),
        T0,
    ));
    let mut items = storage::all_items(r.ledger());
    let stale_state = items[storage::STATE].clone();
    // Later events stored with a state cache that lags them (as an older
    // version wrote it, at most once a minute).
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit(
        "claude-code",
        &tokens_page(&[("B", "Connected 2 days ago"), ("C", "Connected 1 day ago")], false),
        T0 + 2 * MIN,
    );
    items.extend(storage::all_items(r.ledger()));
    items.insert(storage::STATE.into(), stale_state);
    let loaded = storage::load(&items, true).unwrap();
    assert_eq!(statuses(&loaded), statuses(r.ledger()));
    assert_eq!(
        loaded.state.next_member,
        r.ledger().state.next_member,
        "new ids continue after the caught-up ones"
    );
    assert_eq!(loaded.member(&ids[0]).unwrap().status(), Status::Revoked);
}

/// Reads what a woken worker reads: the meta, then what `plan` names.
fn wake_items(all: &storage::Items) -> storage::Items {
    assert!(
        matches!(
            storage::plan(all.get(storage::META).map(String::as_str)),
            storage::Plan::Keys(_)
        ),
        "a current layout is read in stages"
    );
    stored::wake_items(all)
}

/// A ledger of several segments where many entries came and went unrevoked
/// (archived), a few were revoked and verified (archived), and some are
/// still watched.
fn long_history() -> Rig {
    long_history_from(T0)
}

fn long_history_from(t0: i64) -> Rig {
    let mut r = Rig::new();
    for cycle in 0..40i64 {
        let rows: Vec<(String, &str)> = (0..40)
            .map(|i| (format!("c{cycle} token {i}"), "Connected 1 day ago"))
            .collect();
        let rows: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&rows, false), t0 + cycle * HOUR));
        r.click(&format!("k{cycle}"), revoke(&ids[0]), t0 + cycle * HOUR + 1);
    }
    // 100 hours on: the early revocations are verified, the rest still watched.
    r.state(t0 + 100 * HOUR);
    r
}

#[test]
fn a_woken_worker_reads_only_the_state_and_the_newest_events() {
    let r = long_history();
    let full = r.ledger().clone();
    assert!(
        full.events.len() > 3 * storage::SEGMENT_EVENTS,
        "{} events",
        full.events.len()
    );
    let all = storage::all_items(&full);
    let woken = wake_items(&all);
    assert!(
        woken.keys().all(|k| !k.starts_with("ledger.archive.")) && woken.len() == 2 + storage::TAIL_SEGMENTS,
        "{:?}",
        woken.keys().collect::<Vec<_>>()
    );
    let mut l = storage::load(&woken, false).unwrap();
    assert!(l.residence.events_before > 0 && l.residence.archive.is_some());
    assert!(
        l.state.members.len() < full.state.members.len() / 4,
        "only watched entries are loaded"
    );
    // What the toolbar and the popup show is the same as with everything loaded.
    assert_eq!(counts(&l), counts(&full));
    assert_eq!(l.entry_count(), full.state.members.len());
    assert_eq!(l.event_count(), full.events.len());
    assert_eq!(l.all_revoked_at(), full.all_revoked_at());
    let mut store = Store::Ready(l.clone());
    let state = handle(&mut store, Request::State, Origin::ExtensionPage, T0 + 100 * HOUR).answer_value();
    assert_eq!(state["events"], full.events.len());
    assert_eq!(
        state["archived"].as_u64().unwrap() as usize + state["entries"].as_array().unwrap().len(),
        full.state.members.len()
    );
    // A page visit needs the archive; an export needs the history as well.
    let page = page_request("claude-code", &tokens_page(&[], false));
    let store = Store::Ready(l.clone());
    assert_eq!(
        needs(&store, &page),
        Needs {
            archive: true,
            history: false
        }
    );
    assert_eq!(
        needs(&store, &Request::Verify),
        Needs {
            archive: false,
            history: true
        }
    );
    assert_eq!(needs(&store, &Request::State), Needs::default());
    // Everything an export, an import or the ledger view covers.
    let both = Needs {
        archive: true,
        history: true,
    };
    for request in [
        Request::Export { redact: None },
        Request::Import { data: String::new() },
        Request::Ledger,
    ] {
        assert_eq!(needs(&store, &request), both, "{request:?}");
    }
    // The timeline's first page of events is among the newest; a later
    // page needs the history. Another view needs nothing more.
    let view = |name: &str, events: Option<usize>| Request::View {
        name: name.into(),
        params: revoke_watch::core::ui::timeline::Params {
            events,
            ..Default::default()
        },
    };
    let archive_only = Needs {
        archive: true,
        history: false,
    };
    assert_eq!(needs(&store, &view("timeline", None)), archive_only);
    assert_eq!(needs(&store, &view("timeline", Some(200))), both);
    assert_eq!(needs(&store, &view("other", Some(200))), Needs::default());
    // A ledger held whole needs nothing more for any of them.
    let whole = Store::Ready(full.clone());
    for request in [
        Request::Export { redact: None },
        Request::Verify,
        view("timeline", Some(200)),
    ] {
        assert_eq!(needs(&whole, &request), Needs::default(), "{request:?}");
    }
    storage::attach_archive(&mut l, &all).unwrap();
    storage::attach_history(&mut l, &all).unwrap();
    assert_eq!(l, full, "the parts read later complete the ledger exactly");
}

#[test]
fn after_a_wake_changes_are_written_so_that_everything_loads_again() {
    let r = long_history();
    let mut stored = storage::all_items(r.ledger());
    let mut store = Store::Ready(storage::load(&wake_items(&stored), false).unwrap());
    // A revocation with only the watched entries loaded…
    let Store::Ready(l) = &store else { unreachable!() };
    let id = l
        .state
        .members
        .iter()
        .find(|m| m.listed && m.revoke.is_none())
        .unwrap()
        .id
        .clone();
    let click = Request::Click {
        id: "late".into(),
        url: "https://claude.ai/settings/claude-code".into(),
        click: revoke(&id),
    };
    assert_eq!(needs(&store, &click), Needs::default());
    let w = handle(
        &mut store,
        click,
        Origin::ContentScript { tab_id: TAB },
        T0 + 101 * HOUR,
    )
    .ledger_writes
    .unwrap();
    assert!(
        w.keys().all(|k| !k.starts_with("ledger.archive.")),
        "the archive is not rewritten"
    );
    stored.extend(w);
    // …then a visit (which reads the archive first) where every row is gone.
    let Store::Ready(l) = &mut store else { unreachable!() };
    storage::attach_archive(l, &stored).unwrap();
    let page = page_request(
        "claude-code",
        &tokens_page(&[("Fresh token", "Connected 1 minute ago")], false),
    );
    let mut out = handle(&mut store, page, Origin::ContentScript { tab_id: TAB }, T0 + 102 * HOUR);
    assert!(
        out.answer_early && out.ledger_writes.is_none(),
        "a page's badges do not wait for storage"
    );
    let w = take_writes(&mut store, &mut out).unwrap();
    let chunks = w.keys().filter(|k| k.starts_with("ledger.archive.")).count();
    assert!(chunks >= 1, "entries that left the listing are archived");
    assert!(chunks < 4, "only the chunks that changed are written ({chunks})");
    stored.extend(w);
    let Store::Ready(l) = &mut store else { unreachable!() };
    storage::attach_history(l, &stored).unwrap();
    let reloaded = storage::load(&stored, true).unwrap();
    assert_eq!(&reloaded, &*l);
    assert_eq!(counts(&storage::load(&wake_items(&stored), false).unwrap()), counts(l));
}

#[test]
fn a_damaged_archive_or_older_segment_is_reported_when_read() {
    let r = long_history();
    let all = storage::all_items(r.ledger());
    let mut l = storage::load(&wake_items(&all), false).unwrap();
    let mut bad = all.clone();
    let chunk = bad.keys().find(|k| k.starts_with("ledger.archive.")).unwrap().clone();
    bad.insert(chunk.clone(), "[{\"id\":1}]".into());
    let err = storage::attach_archive(&mut l.clone(), &bad).unwrap_err().to_string();
    assert!(err.contains(&chunk), "{err}");
    let mut seg: Value = serde_json::from_str(&all["ledger.seg.0"]).unwrap();
    seg[3]["at_ms"] = json!(5);
    bad.insert("ledger.seg.0".into(), seg.to_string());
    let err = storage::attach_history(&mut l, &bad).unwrap_err().to_string();
    assert!(err.contains("breaks at event 4"), "{err}");
}

/// Writes the stored items of a long history to target/storage-fixtures/
/// for the browser test of staged loading (tests/e2e/trust.test.mjs).
#[test]
fn writes_a_stored_long_history_for_the_browser_test() {
    // A year before T0, so that in the browser (which reads the real clock)
    // every event lies in the past.
    let r = long_history_from(T0 - 365 * 24 * HOUR);
    let items = storage::all_items(r.ledger());
    assert!(items.keys().any(|k| k.starts_with("ledger.archive.")));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/storage-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    let summary = serde_json::json!({
        "events": r.ledger().events.len(),
        "entries": r.ledger().state.members.len(),
        "items": items.iter().collect::<std::collections::BTreeMap<_, _>>(),
    });
    std::fs::write(dir.join("long-history.json"), summary.to_string()).unwrap();
}

#[test]
fn a_reminder_alarm_is_a_message_and_shows_only_what_is_due() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago")], false);
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    let out = handle(
        &mut r.store,
        Request::Click {
            id: "c1".into(),
            url: "https://claude.ai/settings/claude-code".into(),
            click: revoke(&id),
        },
        Origin::ContentScript { tab_id: TAB },
        T0,
    );
    // The revocation planned its reminders; the first is an hour later.
    let alarms = out.alarms.expect("alarms planned");
    let first = &alarms[0];
    assert_eq!(first.when_ms, T0 + HOUR);
    let alarm = |r: &mut Rig, name: &str, origin: Origin| {
        let text = json!({"type": "alarm", "name": name}).to_string();
        let request = revoke_watch::core::messages::parse_request(&text).unwrap();
        if !revoke_watch::core::messages::permitted(&request, origin) {
            return None;
        }
        Some(handle(&mut r.store, request, origin, T0 + HOUR))
    };
    let out = alarm(&mut r, &first.name, Origin::ExtensionPage).unwrap();
    let note = out.notify.expect("a reminder is due");
    assert_eq!(note.id, format!("open|claude_code|{id}"));
    assert!(
        note.message
            .starts_with("You revoked token “Claude Code” 1 h ago. It was still listed"),
        "{}",
        note.message
    );
    assert!(
        out.ledger_writes.is_none() && out.writes_from.is_none(),
        "an alarm changes nothing"
    );
    // A content script cannot raise one; a name that is not ours shows nothing.
    assert!(alarm(&mut r, &first.name, Origin::ContentScript { tab_id: TAB }).is_none());
    assert!(alarm(&mut r, "recheck|claude_code|e999|0", Origin::ExtensionPage)
        .unwrap()
        .notify
        .is_none());
    assert!(alarm(&mut r, "something else", Origin::ExtensionPage)
        .unwrap()
        .notify
        .is_none());
    // Reminders off: nothing, though the alarm still fires once set.
    r.settings(json!({"reminders": false}));
    assert!(alarm(&mut r, &first.name, Origin::ExtensionPage)
        .unwrap()
        .notify
        .is_none());
}

#[test]
fn the_last_other_session_terminated_leaves_only_the_current_one_and_is_revoked() {
    let fixture = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/pages/account--{name}.html",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let mut r = Rig::new();
    let a = r.visit("account", &fixture("lone-session"), T0);
    let ids = Rig::entries(&a);
    assert_eq!(ids.len(), 1, "{a}");
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    assert_eq!(r.status(&ids[0]), Status::RevokePending);
    // The next visit shows only the session in use, and no log-out control.
    r.visit("account", &fixture("current-only"), T0 + 2 * MIN);
    assert_eq!(r.status(&ids[0]), Status::Revoked);
}

/// Sessions listed with where they were last used.
fn located_sessions(rows: &[(&str, &str, &str)]) -> String {
    let items: String = rows
        .iter()
        .map(|(label, place, active)| {
            format!("<li><div>{label}</div><div>{place}</div><div>{active}</div><button>Terminate</button></li>")
        })
        .collect();
    format!(
        "<html lang=en><body><main><h2>Active sessions</h2><ul><li><div>Safari on macOS</div><div>Current session</div></li>\
         {items}</ul><button>Log out of all devices</button></main></body></html>"
    )
}

/// A terminated session still in use somewhere else, listed at its new
/// location, is the same session: flagged, not gone. A session that moves
/// without being terminated stays one entry too.
#[test]
fn a_terminated_session_seen_at_a_new_location_is_still_listed() {
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit(
        "account",
        &located_sessions(&[
            ("Chrome on Windows", "Paris, France", "Last active 2 hours ago"),
            ("Firefox on Linux", "Berlin, Germany", "Last active 3 days ago"),
        ]),
        T0,
    ));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let later = |r: &mut Rig, now| {
        Rig::entries(&r.visit(
            "account",
            &located_sessions(&[
                (
                    "Chrome on Windows",
                    "Amsterdam, Netherlands",
                    "Last active 1 minute ago",
                ),
                ("Firefox on Linux", "Lyon, France", "Last active 2 days ago"),
            ]),
            now,
        ))
    };
    assert_eq!(later(&mut r, T0 + 30 * MIN), ids);
    assert_eq!(later(&mut r, T0 + 3 * HOUR), ids);
    assert_eq!(r.status(&ids[0]), Status::Zombie);
    assert!(r.rules(&ids[0]).contains(&Rule::ActiveAfterRevoke));
    assert_eq!(r.status(&ids[1]), Status::Watching);
    assert_eq!(r.ledger().state.members.len(), 2);
    let m = r.ledger().member(&ids[0]).unwrap();
    assert_eq!(m.detail.as_deref(), Some("Amsterdam, Netherlands"));
    let events = &r.ledger().events;
    assert!(events
        .iter()
        .any(|e| matches!(&e.body, Body::Changed { field, from, to, .. }
        if field == "location" && from == "Paris, France" && to == "Amsterdam, Netherlands")));
    // The new look is remembered: after a reload of the stored state, or a
    // replay of the events alone, the same rows are the same entries.
    let items = storage::all_items(r.ledger());
    let mut events_only = items.clone();
    events_only.remove(storage::STATE);
    for stored in [items, events_only] {
        let mut again = Rig {
            store: Store::Ready(storage::load(&stored, true).unwrap()),
        };
        assert_eq!(later(&mut again, T0 + 4 * HOUR), ids);
        assert_eq!(again.ledger().state.members.len(), 2);
    }
}

/// Two sessions alike but for their locations, both at new ones: which is
/// which cannot be told, so each row is a new entry and the terminated one
/// is gone, as before; and a session whose old look is still listed does
/// not move.
#[test]
fn sessions_that_could_each_have_moved_are_not_guessed() {
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit(
        "account",
        &located_sessions(&[
            ("Chrome on Windows", "Paris, France", "Last active 2 hours ago"),
            ("Chrome on Windows", "Berlin, Germany", "Last active 3 days ago"),
        ]),
        T0,
    ));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let now = Rig::entries(&r.visit(
        "account",
        &located_sessions(&[
            ("Chrome on Windows", "Lyon, France", "Last active 1 minute ago"),
            ("Chrome on Windows", "Munich, Germany", "Last active 2 days ago"),
        ]),
        T0 + 30 * MIN,
    ));
    assert!(now.iter().all(|id| !ids.contains(id)), "{now:?} {ids:?}");
    assert_eq!(r.ledger().state.members.len(), 4);
    let now = Rig::entries(&r.visit(
        "account",
        &located_sessions(&[
            ("Chrome on Windows", "Lyon, France", "Last active 1 minute ago"),
            ("Chrome on Windows", "Munich, Germany", "Last active 2 days ago"),
            ("Chrome on Windows", "Rome, Italy", "Last active 2 days ago"),
        ]),
        T0 + 40 * MIN,
    ));
    assert_eq!(now[..2], ids_after(&r, 2));
    assert_eq!(r.ledger().state.members.len(), 5);
}

/// The ids of the members first seen after the first `skip`.
fn ids_after(r: &Rig, skip: usize) -> Vec<String> {
    r.ledger()
        .state
        .members
        .iter()
        .skip(skip)
        .take(2)
        .map(|m| m.id.clone())
        .collect()
}

/// Two meters of one name under two headings ("Current session" under
/// "Opus" and under "Sonnet") are two meters: read as one, its figure
/// jumped between theirs at every visit, a rise after everything was
/// revoked that nobody caused.
#[test]
fn meters_of_one_name_under_two_headings_are_two_meters() {
    let page = |opus: u32, sonnet: u32| {
        format!(
            "<html lang=en><body><main><h1>Usage</h1>\
             <section><h2>Opus</h2><div><p>Current session</p><p>{opus}% used</p><p>Resets in 2 hours</p></div></section>\
             <section><h2>Sonnet</h2><div><p>Current session</p><p>{sonnet}% used</p><p>Resets in 2 hours</p></div></section>\
             </main></body></html>"
        )
    };
    let mut r = Rig::new();
    r.visit("usage", &page(12, 5), T0);
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + MIN,
    );
    r.click("lo", log_out_everywhere(), T0 + 2 * MIN);
    r.visit("usage", &page(12, 5), T0 + 3 * MIN);
    r.visit("usage", &page(12, 5), T0 + 4 * MIN);
    let meters = &r.ledger().state.meters;
    let names: Vec<&str> = meters.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Opus · Current session", "Sonnet · Current session"]);
    assert!(meters.iter().all(|m| m.flags.is_empty()), "{:?}", meters);
    // A real rise in one of them is still flagged, on that one.
    r.visit("usage", &page(12, 9), T0 + 5 * MIN);
    let flagged: Vec<&str> = r
        .ledger()
        .state
        .meters
        .iter()
        .filter(|m| !m.flags.is_empty())
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(flagged, ["Sonnet · Current session"]);
}

/// A page that draws a row's Revoke only while the pointer is over it:
/// the rows drawn without one are still listed, so nothing is taken for
/// gone (a revoked token among them is not revoked-and-gone, and never
/// verified unseen), and the row with its control is read as usual.
#[test]
fn rows_drawn_without_their_control_are_not_gone() {
    let row = |label: &str, when: &str, control: bool| {
        let button = if control {
            "<button aria-label=\"Revoke\"><svg></svg></button>"
        } else {
            ""
        };
        format!("<li><span>{label}</span><span>{when}</span>{button}</li>")
    };
    let page = |hovered: Option<usize>| {
        let rows = [
            ("Claude Code", "Connected 3 days ago"),
            ("Claude Desktop", "Connected 5 days ago"),
            ("Claude Code", "Connected 2 hours ago"),
        ];
        let items: String = rows
            .iter()
            .enumerate()
            .map(|(k, (l, w))| row(l, w, hovered.is_none_or(|h| h == k)))
            .collect();
        format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul>{items}</ul></main></body></html>")
    };
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(None), T0));
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    // The pointer rests on the first row: only it shows its Revoke.
    let a = r.visit("claude-code", &page(Some(0)), T0 + 2 * MIN);
    assert_eq!(Rig::entries(&a), vec![ids[0].clone()]);
    assert!(
        a["summary"]["notice"].as_str().unwrap().contains("no remove control"),
        "{}",
        a["summary"]
    );
    for id in &ids {
        assert!(r.ledger().member(id).unwrap().listed, "{id} taken for gone");
    }
    r.state(T0 + 200 * HOUR);
    assert_eq!(r.status(&ids[1]), Status::RevokePending, "never verified unseen");
}

/// A click on a control the content script did not know yet (drawn since
/// the page was last read, or clicked before the first reading came
/// back) comes with the page read at the click and the clicked node: the
/// worker reads it and records what that node does — once per click id.
#[test]
fn a_click_read_with_its_page_is_recorded() {
    let rows = [
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Desktop", "Connected 5 days ago"),
    ];
    let html = tokens_page(&rows, false).replace("</ul>", "</ul><button>Log out of all devices</button>");
    let reading = revoke_watch::core::page::read_page(
        html_tree::snapshot_of(&html, "https://claude.ai/settings/claude-code"),
        &revoke_watch::core::time::Clock {
            now_ms: T0,
            tz_offset_min: 0,
        },
    );
    let second = reading.entries[1].control;
    let label_node = reading.entries[1].anchor;
    let mut r = Rig::new();
    let send = |r: &mut Rig, id: &str, node: u32, now: i64| r.visit_clicked("claude-code", &html, id, node, now);
    // The very first reading comes with the click on the second row's Revoke.
    let a = send(&mut r, "u1", second, T0);
    let ids = Rig::entries(&a);
    assert_eq!(r.status(&ids[1]), Status::RevokePending, "{a}");
    assert_eq!(r.status(&ids[0]), Status::Watching);
    assert_eq!(
        a["annotations"][1]["status"], "revoke-pending",
        "its badge says so at once"
    );
    // The same click reported again is one revocation.
    send(&mut r, "u1", second, T0 + 1000);
    let requested = |r: &Rig| events_where(r.ledger(), |b| matches!(b, Body::RevokeRequested { .. }));
    assert_eq!(requested(&r), 1);
    // A click on anything else records nothing.
    send(&mut r, "u2", label_node, T0 + 2000);
    assert_eq!(requested(&r), 1);
    assert!(r.ledger().state.log_outs.is_empty());
    // A click on the log-out-everywhere control is one.
    let log_out = reading.log_out_controls[0].control;
    send(&mut r, "u3", log_out, T0 + 3000);
    assert_eq!(r.ledger().state.log_outs.len(), 1);
}

#[test]
fn a_meter_drawn_as_what_is_left_is_flagged_when_what_is_left_falls() {
    // "60% remaining" falling to "45% remaining" is use: 40% → 55% used.
    let left = |percent: u32| {
        format!("<html lang=en><body><main><h1>Usage</h1><div><span>Current session</span><span>Resets in 3 hours</span><span>{percent}% remaining</span></div></main></body></html>")
    };
    let mut r = Rig::new();
    r.visit("usage", &left(60), T0);
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + MIN,
    );
    r.click("c1", log_out_everywhere(), T0 + 2 * MIN);
    r.visit("usage", &left(60), T0 + 30 * MIN);
    assert!(r.ledger().state.meters[0].flags.is_empty());
    let a = r.visit("usage", &left(45), T0 + HOUR);
    let badge = &a["meters"][0];
    assert_eq!(badge["status"], "zombie", "{a}");
    assert!(badge["description"].as_str().unwrap().contains("55% used"), "{a}");
    assert_eq!(r.ledger().state.meters[0].flags[0].rule, Rule::UsageAfterRevoke);
}

#[test]
fn a_meter_keeps_its_name_when_its_state_appears_beside_it() {
    let page = |state: &str, percent: u32| {
        format!("<html lang=en><body><main><h1>Usage</h1><div><span>Current session</span>{state}<span>Resets in 3 hours</span><span>{percent}% used</span></div></main></body></html>")
    };
    let mut r = Rig::new();
    r.visit("usage", &page("", 40), T0);
    r.visit(
        "account",
        &sessions_page(&[("Firefox on Windows", "Last active 2 hours ago")]),
        T0 + MIN,
    );
    r.click("c1", log_out_everywhere(), T0 + 2 * MIN);
    let a = r.visit("usage", &page("<span>Approaching limit</span>", 85), T0 + HOUR);
    assert_eq!(a["meters"][0]["entry"], "meter:Current session", "{a}");
    assert_eq!(a["meters"][0]["status"], "zombie", "{a}");
    assert_eq!(r.ledger().state.meters.len(), 1);
}

#[test]
fn a_session_active_within_the_last_hour_after_its_termination_is_flagged() {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |active: &str| {
        sessions_page(&[
            ("Chrome on Windows", active),
            ("Safari on iPhone", "Last active 3 days ago"),
        ])
    };
    let id = Rig::entries(&r.visit("account", &page("Last active 2 hours ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    // Within the last hour, three hours after the termination: after it.
    r.visit("account", &page("Active within the last hour"), T0 + 3 * HOUR);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
}

#[test]
fn a_session_active_half_a_minute_ago_after_its_termination_is_flagged() {
    // date-fns writes "half a minute ago" for 20 to 39 seconds: once kept as
    // text, with no interval, it showed no activity after the termination.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |active: &str| sessions_page(&[("Chrome on Windows", active)]);
    let id = Rig::entries(&r.visit("account", &page("Last active 2 hours ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    r.visit("account", &page("Last active half a minute ago"), T0 + 30 * MIN);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
    // "last Thursday" may be either of two Thursdays, both before the
    // termination: no activity after it can be claimed.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let id = Rig::entries(&r.visit("account", &page("Last active 9 days ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0 + MIN);
    r.visit("account", &page("Last active last Thursday at 9:00 AM"), T0 + 30 * MIN);
    assert_eq!(r.rules(&id), vec![]);
}

#[test]
fn a_token_refreshed_after_its_revocation_is_flagged() {
    // A client that refreshes its token shows it: "Last refreshed" after
    // the revocation is the token still in use.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |used: &str| {
        format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Issued 3 days ago</span><span>{used}</span><span>user:inference</span><button>Revoke</button></li></ul></main></body></html>")
    };
    let id = Rig::entries(&r.visit("claude-code", &page("Last refreshed 2 hours ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("claude-code", &page("Last refreshed 5 minutes ago"), T0 + 30 * MIN);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
    // The evidence says when, in words a support agent reads: the interval
    // the phrase pins, in UTC (it had said "1795350300000 (Unix ms)").
    let flag = &r.ledger().member(&id).unwrap().flags[0];
    assert_eq!(
        flag.evidence[1].what,
        "shown as “Last refreshed 5 minutes ago”: active between 2026-11-22 12:24 and 2026-11-22 12:25 UTC"
    );
}

/// A control that revokes every token at once ("Revoke all tokens"; none
/// is reported on claude.ai, and users have asked for one): its click is
/// each listed token's revocation, however the content script reports it
/// (a watched control's clicks, one per row it stands for; or a control it
/// did not know yet, read with its page). Every token then revoked, a
/// usage meter that rises is flagged.
#[test]
fn a_revoke_all_control_revokes_every_listed_token() {
    let rows = [
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Code", "Connected 3 days ago"),
        ("Claude Desktop", "Connected 5 days ago"),
    ];
    let html = tokens_page(&rows, false).replace(
        "<h2>Authorization tokens</h2>",
        "<h2>Authorization tokens</h2><button>Revoke all tokens</button>",
    );
    let mut r = Rig::new();
    r.visit("usage", &usage_page(40, "Resets in 3 hours"), T0);
    let a = r.visit("claude-code", &html, T0 + MIN);
    let ids = Rig::entries(&a);
    assert_eq!(ids.len(), 3, "{a}");
    // The content script watches it as a control of each row.
    let bulk = a["annotations"][0]["also"][0].as_u64().expect("watched") as u32;
    for k in 0..3 {
        assert_eq!(a["annotations"][k]["also"], json!([bulk]), "{a}");
    }
    for (k, id) in ids.iter().enumerate() {
        r.click(&format!("c{k}"), revoke(id), T0 + 2 * MIN);
    }
    for id in &ids {
        assert_eq!(r.status(id), Status::RevokePending);
    }
    // The next visit lists none: each is revoked, and the meter's rise is
    // a rise after every token was revoked.
    r.visit("claude-code", &tokens_page(&[], false), T0 + 3 * MIN);
    for id in &ids {
        assert_eq!(r.status(id), Status::Revoked);
    }
    let a = r.visit("usage", &usage_page(55, "Resets in 3 hours"), T0 + HOUR);
    assert_eq!(a["meters"][0]["status"], "zombie", "{a}");

    // Clicked before the content script knew it: read with its page, it
    // revokes all three, once however often the click is reported.
    let mut r = Rig::new();
    let a = r.visit_clicked("claude-code", &html, "u1", bulk, T0);
    r.visit_clicked("claude-code", &html, "u1", bulk, T0 + 1000);
    for id in Rig::entries(&a) {
        assert_eq!(r.status(&id), Status::RevokePending, "{a}");
    }
    let requested = events_where(r.ledger(), |b| matches!(b, Body::RevokeRequested { .. }));
    assert_eq!(requested, 3);
}

/// Tokens whose scopes the page draws only while the user has them
/// expanded ("Show scopes"): expanding or collapsing a token changes what
/// its row shows, not which token it is. Read as a new look, the expanded
/// token used to be a new entry, and the one the user revoked from there
/// was taken for gone once collapsed again, while it was still listed.
#[test]
fn a_token_s_scopes_shown_or_hidden_do_not_make_it_another_token() {
    // Collapsed, a token shows no scopes, or its first one and how many
    // more ("+1 more").
    for folded in [
        "<button aria-expanded=false>Show scopes</button>",
        "<ul><li>user:inference</li></ul><button aria-expanded=false>+1 more</button>",
    ] {
        let page = |rows: &[(&str, bool)]| {
            let mut s = String::from("<html lang=en><body><main><h2>Authorization tokens</h2><div role=list>");
            for (connected, open) in rows {
                s += &format!("<div role=listitem><div><span>Claude Code</span> <span>{connected}</span></div>");
                s += if *open {
                    "<ul><li>user:inference</li><li>user:profile</li></ul><button aria-expanded=true>Hide scopes</button>"
                } else {
                    folded
                };
                s += "<button>Revoke</button></div>";
            }
            s + "</div></main></body></html>"
        };
        let rows = |open: Option<usize>| -> Vec<(&str, bool)> {
            let times = [
                "Connected 3 days ago",
                "Connected 3 days ago",
                "Connected 3 days ago",
                "Connected 5 days ago",
            ];
            times.iter().enumerate().map(|(i, t)| (*t, open == Some(i))).collect()
        };
        for open in [1, 3] {
            let mut r = Rig::new();
            let ids = Rig::entries(&r.visit("claude-code", &page(&rows(None)), T0));
            let expanded = Rig::entries(&r.visit("claude-code", &page(&rows(Some(open))), T0 + MIN));
            assert_eq!(expanded, ids, "token {open} expanded from {folded}");
            r.click("c1", revoke(&ids[open]), T0 + 2 * MIN);
            let collapsed = Rig::entries(&r.visit("claude-code", &page(&rows(None)), T0 + 30 * MIN));
            let mut sorted = collapsed.clone();
            sorted.sort();
            let mut want = ids.clone();
            want.sort();
            assert_eq!(sorted, want, "token {open} collapsed to {folded}");
            assert_eq!(r.ledger().state.members.len(), 4);
            assert!(r.ledger().member(&ids[open]).unwrap().listed);
            assert_eq!(r.rules(&ids[open]), vec![Rule::StillListed], "token {open}");
        }
        // First seen expanded, then collapsed: the same tokens.
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit("claude-code", &page(&rows(Some(3))), T0));
        assert_eq!(Rig::entries(&r.visit("claude-code", &page(&rows(None)), T0 + MIN)), ids);
        assert_eq!(r.ledger().state.members.len(), 4);
    }
    // Tokens whose scopes differ (neither takes in the other's) are two.
    let page = |scopes: &str| {
        format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul><li><span>Claude Code</span><span>Connected 3 days ago</span><span>{scopes}</span><button>Revoke</button></li></ul></main></body></html>")
    };
    let mut r = Rig::new();
    let first = Rig::entries(&r.visit("claude-code", &page("user:inference user:profile"), T0));
    let next = Rig::entries(&r.visit("claude-code", &page("user:inference user:mcp_servers"), T0 + MIN));
    assert_ne!(first, next);
}

/// The same for sessions whose place and address the page shows only in
/// their expanded row ("Details"): two sessions of one label, the one
/// terminated from its expanded row is still listed once collapsed.
#[test]
fn a_session_s_details_shown_or_hidden_do_not_make_it_another_session() {
    let page = |open: Option<usize>| {
        let mut s = String::from("<html lang=en><body><main><h2>Active sessions</h2><ul>");
        s += "<li><span>Firefox on Linux</span><span>Current session</span></li>";
        for (i, t) in ["2 hours ago", "3 days ago"].iter().enumerate() {
            s += &format!("<li><div><span>Chrome on macOS</span><span>Last active {t}</span></div>");
            s += if open == Some(i) {
                "<button aria-expanded=true>Hide details</button><dl><dt>Location</dt><dd>Paris, France</dd></dl>"
            } else {
                "<button aria-expanded=false>Details</button>"
            };
            s += "<button>Terminate</button></li>";
        }
        s + "</ul></main></body></html>"
    };
    for open in [0, 1] {
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit("account", &page(None), T0));
        assert_eq!(Rig::entries(&r.visit("account", &page(Some(open)), T0 + MIN)), ids);
        r.click("c1", revoke(&ids[open]), T0 + 2 * MIN);
        let collapsed = Rig::entries(&r.visit("account", &page(None), T0 + 30 * MIN));
        assert_eq!(collapsed.len(), 2);
        assert!(collapsed.iter().all(|id| ids.contains(id)), "{collapsed:?} {ids:?}");
        assert_eq!(r.ledger().state.members.len(), 2);
        assert_eq!(r.rules(&ids[open]), vec![Rule::StillListed], "session {open}");
    }
}

/// A revoked token left out of a listing that a search narrows is not
/// gone, so never verified unseen; once the search is cleared and it is
/// listed again, it is still listed after its revocation. With the field
/// empty, a token left out is gone as usual.
#[test]
fn a_token_left_out_by_a_search_is_not_gone() {
    let page = |search: &str, rows: &[&str]| {
        let mut s = format!(
            "<html lang=en><body><main><h2>Authorization tokens</h2><div><input type=search placeholder=\"Search tokens\" value=\"{search}\"></div><ul>"
        );
        for label in rows {
            s += &format!("<li><span>{label}</span><span>Connected 3 days ago</span><button>Revoke</button></li>");
        }
        s + "</ul></main></body></html>"
    };
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page("", &["Claude Code", "Claude Desktop"]), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("claude-code", &page("Desk", &["Claude Desktop"]), T0 + 2 * MIN);
    let m = r.ledger().member(&ids[0]).unwrap();
    assert!(m.listed && m.verified_ms.is_none(), "left out by the search, not gone");
    r.visit(
        "claude-code",
        &page("", &["Claude Code", "Claude Desktop"]),
        T0 + 30 * MIN,
    );
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
    r.visit("claude-code", &page("", &["Claude Code"]), T0 + 31 * MIN);
    assert!(!r.ledger().member(&ids[1]).unwrap().listed, "gone with the field empty");
}

#[test]
fn a_token_keeps_its_look_when_its_group_grows() {
    // Tokens grouped under product headings; a group of one reads as a
    // card titled by its heading, so the group's name must stay the
    // token's label once a second token joins it.
    let page = |groups: &[(&str, &[&str])]| {
        let mut s = String::from("<html lang=en><body><main><h2>Authorization tokens</h2>");
        for (name, times) in groups {
            s += &format!("<div><h3>{name}</h3>");
            for t in times.iter() {
                s += &format!("<div><div>Connected {t}</div><div>user:inference · user:profile</div><button>Revoke</button></div>");
            }
            s += "</div>";
        }
        s + "</main></body></html>"
    };
    let mut r = Rig::new();
    let before = page(&[
        ("Claude Code CLI", &["2 days ago", "5 days ago"]),
        ("Remote control", &["1 hour ago"]),
    ]);
    let ids = Rig::entries(&r.visit("claude-code", &before, T0));
    r.click("c1", revoke(&ids[2]), T0 + MIN);
    let grown = page(&[
        ("Claude Code CLI", &["2 days ago", "5 days ago"]),
        ("Remote control", &["1 hour ago", "just now"]),
    ]);
    let now = Rig::entries(&r.visit("claude-code", &grown, T0 + 30 * MIN));
    assert_eq!(now.len(), 4);
    assert!(
        now.contains(&ids[2]),
        "the revoked token is the one still listed: {now:?}"
    );
    let m = r.ledger().member(&ids[2]).unwrap();
    assert!(m.listed && m.verified_ms.is_none());
    assert_eq!(r.rules(&ids[2]), vec![Rule::StillListed]);
}

#[test]
fn a_revoked_token_that_comes_back_is_told_from_its_neighbour_a_day_apart() {
    // Dates a day apart overlap once widened for rounding; the row dated
    // as the revoked token is that token before it is its neighbour.
    let page = |days: &[u32]| {
        let mut s = String::from("<html lang=en><body><main><h2>Authorization tokens</h2><ul>");
        for d in days {
            s += &format!(
                "<li><span>Claude Code</span><span>Connected Nov {d}, 2026</span><button>Revoke</button></li>"
            );
        }
        s + "</ul></main></body></html>"
    };
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(&[1, 2, 3]), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    assert_eq!(
        Rig::entries(&r.visit("claude-code", &page(&[2, 3]), T0 + 2 * MIN)),
        ids[1..]
    );
    assert!(!r.ledger().member(&ids[0]).unwrap().listed, "gone");
    let back = Rig::entries(&r.visit("claude-code", &page(&[1, 2, 3]), T0 + HOUR));
    assert_eq!(back, ids, "each row is the token of its date");
    let (rules, others) = (r.rules(&ids[0]), [r.rules(&ids[1]), r.rules(&ids[2])]);
    assert!(rules.contains(&Rule::Reappeared), "{rules:?}");
    assert_eq!(others, [vec![], vec![]], "its neighbours are not flagged");
}

#[test]
fn a_token_scrolled_out_of_a_virtualised_list_is_not_gone() {
    // Only the rows in view are in the page, placed in a box as tall as
    // all 30 of them: the rest are scrolled out of view, not gone.
    let page = |first: usize| {
        let mut s = String::from(
            "<html lang=en><body><main><h2>Authorization tokens</h2><div style=\"height: 160px; overflow-y: auto\"><div style=\"position: relative; height: 1200px\">",
        );
        for i in first..first + 5 {
            s += &format!(
                "<div style=\"position: absolute; top: {}px; height: 40px\"><span>Claude Code</span><span>Connected Oct {}, 2026</span><button>Revoke</button></div>",
                i * 40,
                i + 1
            );
        }
        s + "</div></div></main></body></html>"
    };
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(0), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("claude-code", &page(25), T0 + 2 * MIN);
    let m = r.ledger().member(&ids[0]).unwrap();
    assert!(m.listed && m.verified_ms.is_none(), "scrolled out of view, not gone");
    let again = Rig::entries(&r.visit("claude-code", &page(0), T0 + 30 * MIN));
    assert_eq!(again[0], ids[0], "{ids:?} {again:?}");
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
}

#[test]
fn a_token_moved_under_a_revoked_heading_is_no_longer_listed() {
    // The page keeps revoked tokens in a group of their own, each with a
    // "Delete" control: they are listed as ended, not still active.
    let page = |active: &[u32], revoked: &[u32], heading: &str| {
        let row = |d: &u32, control: &str| {
            format!("<div><div>Claude Code</div><div>Connected Nov {d}, 2026</div><button>{control}</button></div>")
        };
        let mut s = String::from("<html lang=en><body><main><h2>Authorization tokens</h2><div><h3>Active</h3>");
        for d in active {
            s += &row(d, "Revoke");
        }
        s += &format!("</div><div><h3>{heading}</h3>");
        for d in revoked {
            s += &row(d, "Delete");
        }
        s + "</div></main></body></html>"
    };
    // A group of one revoked token reads as a card titled "Revoked"; a
    // larger group as rows under that heading.
    for (heading, revoked) in [
        ("Revoked", &[2][..]),
        ("Revoked tokens", &[2, 4]),
        ("Expired", &[2, 4]),
        // With when: its last word is no kind of entry.
        ("Revoked 3 days ago", &[2, 4]),
    ] {
        let mut r = Rig::new();
        let ids = Rig::entries(&r.visit("claude-code", &page(&[1, 2, 3, 4], &[], heading), T0));
        for d in revoked {
            r.click("c1", revoke(&ids[*d as usize - 1]), T0 + MIN);
        }
        let active: Vec<u32> = (1..=4).filter(|d| !revoked.contains(d)).collect();
        let now = Rig::entries(&r.visit("claude-code", &page(&active, revoked, heading), T0 + HOUR));
        let want: Vec<String> = active.iter().map(|d| ids[*d as usize - 1].clone()).collect();
        assert_eq!(now, want, "{heading}");
        for d in revoked {
            let id = &ids[*d as usize - 1];
            assert!(
                !r.ledger().member(id).unwrap().listed,
                "{heading}: listed as revoked, not still active"
            );
            assert!(r.rules(id).is_empty(), "{heading}: {:?}", r.rules(id));
        }
    }
    // A heading that only mentions revoking says nothing about its rows.
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &page(&[1], &[2], "Revoke access"), T0));
    assert_eq!(ids.len(), 2);
}

#[test]
fn a_token_moved_into_a_listing_labelled_revoked_is_no_longer_listed() {
    // No heading over the groups: the lists say what they hold in their
    // `aria-label`, or the tables in their caption. A revoked token in the
    // "Revoked tokens" one had been read as still listed.
    let row = |d: &u32| format!("<li>Claude Code · Connected Nov {d}, 2026 <button>Revoke</button></li>");
    let list = |name: &str, days: &[u32]| {
        let rows: String = days.iter().map(row).collect();
        format!("<ul aria-label=\"{name}\">{rows}</ul>")
    };
    let table = |name: &str, days: &[u32]| {
        let rows: String = days
            .iter()
            .map(|d| {
                format!("<tr><td>Claude Code</td><td>Connected Nov {d}, 2026</td><td><button>Revoke</button></td></tr>")
            })
            .collect();
        format!("<table><caption>{name}</caption>{rows}</table>")
    };
    /// A group of rows drawn with its name: (name, the days the tokens connected).
    type Group<'a> = &'a dyn Fn(&str, &[u32]) -> String;
    let page = |group: Group, active: &[u32], revoked: &[u32], name: &str| {
        format!(
            "<html lang=en><body><main><h1>Claude Code</h1>{}{}</main></body></html>",
            group("Active tokens", active),
            group(name, revoked)
        )
    };
    let groups: [Group; 2] = [&list, &table];
    for (g, group) in groups.iter().enumerate() {
        for (name, ended) in [("Revoked tokens", true), ("Other tokens", false)] {
            let mut r = Rig::new();
            let ids = Rig::entries(&r.visit("claude-code", &page(group, &[1, 2, 3], &[], name), T0));
            assert_eq!(ids.len(), 3, "{g} {name}");
            r.click("c1", revoke(&ids[1]), T0 + MIN);
            r.visit("claude-code", &page(group, &[1, 3], &[2], name), T0 + HOUR);
            let listed = r.ledger().member(&ids[1]).unwrap().listed;
            assert_eq!(listed, !ended, "{g} {name}");
            assert_eq!(r.rules(&ids[1]).is_empty(), ended, "{g} {name}: {:?}", r.rules(&ids[1]));
        }
    }
}

#[test]
fn an_entry_seen_again_after_the_clock_went_back_keeps_its_latest_sighting() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago")], false);
    let ids = Rig::entries(&r.visit("claude-code", &page, T0));
    r.visit("claude-code", &page, T0 + HOUR);
    // The computer's clock is set back a day.
    r.visit("claude-code", &page, T0 - 24 * HOUR);
    let m = r.ledger().member(&ids[0]).unwrap();
    assert_eq!((m.first_seen_ms, m.last_seen_ms), (T0, T0 + HOUR));
    assert!(m.listed);
    // Gone, then back while the clock is still behind.
    r.visit("claude-code", &tokens_page(&[], false), T0 + 2 * HOUR);
    assert!(!r.ledger().member(&ids[0]).unwrap().listed);
    r.visit("claude-code", &page, T0 - 23 * HOUR);
    let m = r.ledger().member(&ids[0]).unwrap();
    assert!(m.listed);
    assert_eq!((m.first_seen_ms, m.last_seen_ms), (T0, T0 + HOUR));
}

/// Each entry's id with its status.
fn statuses(l: &Ledger) -> Vec<(String, Status)> {
    l.state.members.iter().map(|m| (m.id.clone(), m.status())).collect()
}

/// How many of the ledger's events `kind` takes.
fn events_where(l: &Ledger, kind: impl Fn(&Body) -> bool) -> usize {
    l.events.iter().filter(|e| kind(&e.body)).count()
}

/// How many `flag_raised` events of `rule` the ledger holds.
fn flags_raised(r: &Rig, rule: Rule) -> usize {
    events_where(
        r.ledger(),
        |b| matches!(b, Body::FlagRaised { rule: x, .. } if *x == rule),
    )
}

/// A flag is raised once: later visits that show the same thing neither
/// record it again (a revoked token left listed for days would otherwise
/// add an event at every visit) nor move the time it was raised, which is
/// when the problem was first seen.
#[test]
fn a_flag_is_raised_once_and_keeps_its_first_time() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected Nov 19, 2026")], false);
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("claude-code", &page, T0 + HOUR);
    r.visit("claude-code", &page, T0 + 2 * HOUR);
    r.visit("claude-code", &page, T0 + 30 * HOUR);
    assert_eq!(r.rules(&id), vec![Rule::StillListed]);
    assert_eq!(flags_raised(&r, Rule::StillListed), 1);
    assert_eq!(r.ledger().member(&id).unwrap().flags[0].since_ms, T0 + HOUR);

    // The same for activity after a termination, seen at two visits.
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": 24 * HOUR}));
    let page = |active: &str| sessions_page(&[("Firefox on Windows", active)]);
    let id = Rig::entries(&r.visit("account", &page("Last active 2 hours ago"), T0))[0].clone();
    r.click("c1", revoke(&id), T0);
    r.visit("account", &page("Last active 1 minute ago"), T0 + HOUR);
    r.visit("account", &page("Last active 1 minute ago"), T0 + 2 * HOUR);
    assert_eq!(r.rules(&id), vec![Rule::ActiveAfterRevoke]);
    assert_eq!(flags_raised(&r, Rule::ActiveAfterRevoke), 1);
    assert_eq!(r.ledger().member(&id).unwrap().flags[0].since_ms, T0 + HOUR);
}

/// A meter first read after everything was revoked has no earlier level:
/// its first reading is the level a later rise is measured from.
#[test]
fn a_meter_first_read_after_the_revocation_rises_from_its_first_reading() {
    let mut r = Rig::new();
    log_out_at(&mut r, T0);
    r.visit("usage", &unnamed_window(10, "Resets in 4 hours"), T0 + HOUR);
    assert_eq!(meter_flag(&r), None, "one reading is no rise");
    r.visit("usage", &unnamed_window(20, "Resets in 3 hours"), T0 + 2 * HOUR);
    assert_rose(&r, "10% then 20%, both read after the log-out", "10% used", "20% used");
}

/// A reset time that passed before the log-out starts a window whose use
/// may predate it, even when the next reading shows no reset time: that
/// reading is the new level, and only a rise above it counts.
#[test]
fn a_reset_passed_before_the_log_out_makes_the_next_reading_the_level() {
    let mut r = Rig::new();
    // T0 is 12:00 UTC, the page's zone: the reset is at 12:30.
    r.visit("usage", &unnamed_window(40, "Resets at 12:30 PM"), T0);
    log_out_at(&mut r, T0 + 40 * MIN);
    r.visit("usage", &unnamed_window(45, ""), T0 + HOUR);
    assert_eq!(
        meter_flag(&r),
        None,
        "45% of a window begun 10 minutes before the log-out"
    );
    r.visit("usage", &unnamed_window(50, ""), T0 + 90 * MIN);
    assert_rose(&r, "a rise within the window", "45% used", "50% used");
}

/// `usage-after-revoke` is raised once per revocation: later visits that
/// show the meter higher still add no event. A later log-out everywhere is
/// a new revocation, and a rise after it is flagged again, from then.
#[test]
fn a_usage_flag_is_raised_once_per_revocation() {
    let mut r = Rig::new();
    r.visit("usage", &unnamed_window(40, "Resets in 5 hours"), T0);
    log_out_at(&mut r, T0 + MIN);
    r.visit("usage", &unnamed_window(45, "Resets in 5 hours"), T0 + 10 * MIN);
    r.visit("usage", &unnamed_window(50, "Resets in 5 hours"), T0 + 20 * MIN);
    r.visit("usage", &unnamed_window(55, "Resets in 4 hours"), T0 + 30 * MIN);
    assert_eq!(flags_raised(&r, Rule::UsageAfterRevoke), 1);
    assert_eq!(r.ledger().state.meters[0].flags[0].since_ms, T0 + 10 * MIN);

    let again = ClickAction::LogOutEverywhere {
        label: "Log out".into(),
        explicit: false,
    };
    r.click("c2", again, T0 + 40 * MIN);
    r.visit("usage", &unnamed_window(55, "Resets in 4 hours"), T0 + 50 * MIN);
    assert_eq!(
        flags_raised(&r, Rule::UsageAfterRevoke),
        1,
        "no rise since the second log-out"
    );
    r.visit("usage", &unnamed_window(60, "Resets in 4 hours"), T0 + 60 * MIN);
    assert_eq!(flags_raised(&r, Rule::UsageAfterRevoke), 2);
    let flags = &r.ledger().state.meters[0].flags;
    assert_eq!((flags.len(), flags[0].since_ms), (1, T0 + 60 * MIN));
}

/// A meter's reading is recorded when its level or its reset time changes
/// (a reset time that moved, appeared or went), not at every visit; the
/// time it was last read is kept at every visit.
#[test]
fn a_meter_reading_is_recorded_when_it_changes() {
    let readings = |r: &Rig| events_where(r.ledger(), |b| matches!(b, Body::UsageReading { .. }));
    let mut r = Rig::new();
    let visits: [(u32, &str, i64, usize); 7] = [
        (40, "Resets in 5 hours", T0, 1),
        // The same level, its relative reset time drifting: no change.
        (40, "Resets in 4 hours", T0 + 30 * MIN, 1),
        // The same level, the reset time moved: a change.
        (40, "Resets in 5 hours", T0 + 3 * HOUR, 2),
        // The reset time no longer shown, then shown again: two changes.
        (40, "", T0 + 4 * HOUR, 3),
        (40, "Resets in 4 hours", T0 + 4 * HOUR + MIN, 4),
        // A new level.
        (41, "Resets in 4 hours", T0 + 4 * HOUR + 2 * MIN, 5),
        (41, "Resets in 4 hours", T0 + 4 * HOUR + 3 * MIN, 5),
    ];
    for (percent, resets, at, recorded) in visits {
        r.visit("usage", &unnamed_window(percent, resets), at);
        assert_eq!(
            readings(&r),
            recorded,
            "{percent}% {resets:?} at +{} min",
            (at - T0) / MIN
        );
        assert_eq!(r.ledger().state.meters[0].observed_at_ms, at);
    }
}

/// What each visit says of when an entry was created narrows what is
/// known: "Connected 3 days ago" read at noon and again at midnight leaves
/// the half day both readings allow. A reading that contradicts the
/// others (a clock set back, a page that rounds differently) leaves what
/// was known as it was.
#[test]
fn each_visit_narrows_when_an_entry_was_created() {
    const DAY: i64 = 24 * HOUR;
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago")], false);
    let mut r = Rig::new();
    let id = Rig::entries(&r.visit("claude-code", &page, T0))[0].clone();
    let since = |r: &Rig| {
        let s = r.ledger().member(&id).unwrap().since.unwrap();
        (s.earliest - T0, s.latest - T0)
    };
    // "3 days ago" is 3 to 4 days before the visit (the page floors).
    assert_eq!(since(&r), (-4 * DAY, -3 * DAY));
    r.visit("claude-code", &page, T0 + 12 * HOUR);
    assert_eq!(since(&r), (-4 * DAY + 12 * HOUR, -3 * DAY));
    // A reading with nothing in common with what is known.
    r.visit("claude-code", &page, T0 - 2 * DAY);
    assert_eq!(since(&r), (-4 * DAY + 12 * HOUR, -3 * DAY));
}

/// The same when the page shows one listing and not yet the other: the
/// sessions drawn say nothing of the trusted devices whose section has not
/// loaded.
#[test]
fn one_listing_shown_and_another_missing_with_its_heading_marks_only_what_went() {
    let mut r = Rig::new();
    let sessions = "<h2>Active sessions</h2><ul><li>Firefox on Windows · Last active 2 hours ago <button>Terminate</button></li></ul>";
    let devices =
        "<h2>Trusted devices</h2><ul><li>Pixel 8 · Android · Enrolled Oct 1, 2026 <button>Remove</button></li></ul>";
    let page = |parts: &[&str]| format!("<html lang=en><body><main>{}</main></body></html>", parts.concat());
    let ids = Rig::entries(&r.visit("account", &page(&[sessions, devices]), T0));
    assert_eq!(ids.len(), 2);
    r.visit("account", &page(&[sessions]), T0 + MIN);
    assert!(r.ledger().member(&ids[0]).unwrap().listed);
    assert!(
        r.ledger().member(&ids[1]).unwrap().listed,
        "the devices' section has not loaded"
    );
    r.visit("account", &page(&[devices]), T0 + 2 * MIN);
    assert!(
        r.ledger().member(&ids[0]).unwrap().listed,
        "the sessions' section has not loaded"
    );
    assert!(r.ledger().member(&ids[1]).unwrap().listed);
}

/// Two rows that look the same, the first one revoked and both still
/// listed: the revoked entry stays on the row the user clicked (rows that
/// look alike keep their order while as many are listed as before).
#[test]
fn of_two_identical_tokens_the_revoked_one_stays_on_its_row() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago"); 2], false);
    let ids = Rig::entries(&r.visit("claude-code", &page, T0));
    assert_eq!(ids.len(), 2);
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let a = r.visit("claude-code", &page, T0 + 2 * MIN);
    assert_eq!(Rig::entries(&a), ids);
    assert_eq!(a["annotations"][0]["status"], "revoke-pending", "{a}");
    assert_eq!(a["annotations"][1]["status"], "watching", "{a}");
}

/// Of three tokens that look the same, the revoked one went: later visits
/// that show the two left match them to the two left, and the revoked one
/// stays gone (not back, and neither of the others taken for gone).
#[test]
fn a_revoked_look_alike_that_went_stays_gone_while_the_others_stay_listed() {
    let mut r = Rig::new();
    let rows = |n: usize| tokens_page(&vec![("Claude Code", "Connected 3 days ago"); n], false);
    let ids = Rig::entries(&r.visit("claude-code", &rows(3), T0));
    assert_eq!(ids.len(), 3);
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    r.visit("claude-code", &rows(2), T0 + 2 * MIN);
    assert!(!r.ledger().member(&ids[0]).unwrap().listed);
    for at in [T0 + 3 * MIN, T0 + HOUR] {
        let a = r.visit("claude-code", &rows(2), at);
        assert_eq!(Rig::entries(&a), ids[1..].to_vec());
        assert!(!r.ledger().member(&ids[0]).unwrap().listed);
        assert_eq!(r.status(&ids[0]), Status::Revoked);
        assert!(r.rules(&ids[0]).is_empty());
    }
}

/// A tab loaded before a revocation and never read again since shows the
/// page as it was: its rows say nothing of whether the revoked token is
/// still listed. With two tokens that look the same (matched in order),
/// such a tab neither flags the revoked one nor moves it; the tab where
/// the user revoked it, read again, does flag it.
#[test]
fn a_tab_behind_the_revocation_does_not_flag_a_look_alike() {
    let mut r = Rig::new();
    let page = tokens_page(&[("Claude Code", "Connected 3 days ago"); 2], false);
    let ids = Rig::entries(&r.visit_in(TAB, T0, "claude-code", &page, T0));
    r.visit_in(TAB + 2, T0, "claude-code", &page, T0);
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let stale = r.visit_in(TAB + 2, T0, "claude-code", &page, T0 + 20 * MIN);
    assert_eq!(Rig::entries(&stale), ids);
    assert!(r.rules(&ids[0]).is_empty(), "{:?}", r.rules(&ids[0]));
    r.visit_in(TAB, T0, "claude-code", &page, T0 + 21 * MIN);
    assert_eq!(r.rules(&ids[0]), vec![Rule::StillListed]);
    assert!(r.rules(&ids[1]).is_empty());
}

/// A window that began exactly when everything was revoked holds only use
/// that came after: "Current session" (5 hours) resetting at 5:00 PM began
/// at noon, the moment of the log-out.
#[test]
fn a_window_that_began_at_the_log_out_is_use_after_it() {
    let mut r = Rig::new();
    log_out_at(&mut r, T0);
    let a = r.visit("usage", &usage_page(3, "Resets at 5:00 PM"), T0 + 2 * HOUR);
    assert_eq!(a["meters"][0]["status"], "zombie", "{a}");
    let mut r = Rig::new();
    log_out_at(&mut r, T0 + MIN);
    let a = r.visit("usage", &usage_page(3, "Resets at 5:00 PM"), T0 + 2 * HOUR);
    assert_eq!(
        a["meters"][0]["status"], "watching",
        "began a minute before the log-out: {a}"
    );
}

/// The events alone rebuild what the ledger knows of each entry: a ledger
/// whose stored state cache is lost (or from an older layout) is replayed
/// from its events, and must judge the next visit as the live one would.
/// The story takes every kind of event that changes an entry: seen, moved
/// (its location and its look), now the session in use, revoked,
/// flagged, gone, back.
#[test]
fn a_replay_of_the_events_alone_rebuilds_every_entry() {
    let mut r = Rig::new();
    let page = |current: &str, rows: &[(&str, &str, &str)]| {
        located_sessions(rows).replace(
            "<li><div>Safari on macOS</div><div>Current session</div></li>",
            &format!("<li><div>Safari on macOS</div><div>Current session</div></li>{current}"),
        )
    };
    let edge_current = "<li><div>Edge on Windows</div><div>Current</div><button>Terminate</button></li>";
    let edge = "<li><div>Edge on Windows</div><div>Last active 1 minute ago</div><button>Terminate</button></li>";
    let ids = Rig::entries(&r.visit(
        "account",
        &page(
            edge,
            &[
                ("Chrome on Windows", "Paris, France", "Last active 2 hours ago"),
                ("Firefox on Linux", "Berlin, Germany", "Last active 3 days ago"),
            ],
        ),
        T0,
    ));
    assert_eq!(ids.len(), 3, "{ids:?}");
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    let moved = [
        (
            "Chrome on Windows",
            "Amsterdam, Netherlands",
            "Last active 1 minute ago",
        ),
        ("Firefox on Linux", "Berlin, Germany", "Last active 2 days ago"),
    ];
    r.visit("account", &page(edge_current, &moved), T0 + 30 * MIN);
    r.click("c2", revoke(&ids[2]), T0 + 31 * MIN);
    r.visit("account", &page(edge_current, &moved[..1]), T0 + 32 * MIN);
    r.visit("account", &page(edge_current, &moved), T0 + 2 * HOUR);
    let events = &r.ledger().events;
    for field in ["current", "location", "fingerprint"] {
        assert!(
            events
                .iter()
                .any(|e| matches!(&e.body, Body::Changed { field: f, .. } if f == field)),
            "the story changes the {field}"
        );
    }
    let known = |l: &Ledger| {
        l.state
            .members
            .iter()
            .map(|m| {
                let rules: Vec<Rule> = m.flags.iter().map(|f| f.rule).collect();
                let revoked = m.revoke.as_ref().map(|v| v.at_ms);
                let look = (m.kind.clone(), m.group.clone(), m.label.clone(), m.detail.clone());
                (m.id.clone(), look, m.current, m.listed, revoked, rules, m.status())
            })
            .collect::<Vec<_>>()
    };
    let live = known(r.ledger());
    assert!(live[0].2, "Edge on Windows is now the session in use: {live:?}");
    assert!(
        live.iter().any(|m| !m.5.is_empty()),
        "the story flags an entry: {live:?}"
    );
    let mut items = storage::all_items(r.ledger());
    items.remove(storage::STATE);
    let mut again = Rig {
        store: Store::Ready(storage::load(&items, true).unwrap()),
    };
    assert_eq!(known(again.ledger()), live);
    // And the next visit is judged alike.
    let next = page(edge_current, &moved);
    let a = r.visit("account", &next, T0 + 3 * HOUR);
    let b = again.visit("account", &next, T0 + 3 * HOUR);
    assert_eq!(a["annotations"], b["annotations"]);
    assert_eq!(known(again.ledger()), known(r.ledger()));
    // A session moves once: the visits after the move see its new look.
    let moves = |l: &Ledger| {
        events_where(
            l,
            |b| matches!(b, Body::Changed { field, .. } if field == "fingerprint"),
        )
    };
    assert_eq!((moves(r.ledger()), moves(again.ledger())), (1, 1));
}

/// A dialog open for one revocation holds back that one alone: another
/// token revoked before it, with no dialog, is judged as usual while the
/// dialog waits for its answer.
#[test]
fn a_dialog_waiting_for_one_revocation_holds_back_no_other() {
    let mut r = Rig::new();
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&TWO_TOKENS, false), T0));
    r.click("c1", revoke(&ids[1]), T0 + MIN);
    r.visit("claude-code", &tokens_page(&TWO_TOKENS, false), T0 + 2 * MIN);
    r.click("c2", revoke(&ids[0]), T0 + 15 * MIN);
    r.visit("claude-code", &tokens_page(&TWO_TOKENS, true), T0 + 16 * MIN);
    r.visit("claude-code", &tokens_page(&TWO_TOKENS, true), T0 + 30 * MIN);
    assert_eq!(r.rules(&ids[1]), vec![Rule::StillListed]);
    assert!(r.rules(&ids[0]).is_empty(), "its dialog is still open");
    assert_eq!(r.status(&ids[0]), Status::RevokePending);
}

/// Archived entries are stored by the number in their id, a thousand to a
/// chunk (`e1234` in `ledger.archive.1`), so that archiving one more entry
/// rewrites one chunk, not the whole archive.
#[test]
fn archived_entries_lie_in_the_chunk_their_id_names() {
    let r = long_history();
    let items = storage::all_items(r.ledger());
    let mut chunks = 0;
    let mut archived = 0;
    for (key, value) in items.iter() {
        let Some(n) = key.strip_prefix("ledger.archive.") else {
            continue;
        };
        chunks += 1;
        let n: u64 = n.parse().unwrap();
        let text = value.as_str();
        let members: Value = serde_json::from_str(text).unwrap();
        for m in members.as_array().unwrap() {
            let id = m["id"].as_str().unwrap();
            let number: u64 = id[1..].parse().unwrap();
            assert_eq!(number / storage::ARCHIVE_CHUNK, n, "{id} in {key}");
            archived += 1;
        }
    }
    assert!(archived > 1_000 && chunks == 2, "{archived} entries in {chunks} chunks");
    // A woken worker, which reads the archive only when needed, asks for
    // exactly those chunks.
    let woken = storage::load(&wake_items(&items), false).unwrap();
    let mut keys = storage::archive_keys(&woken);
    keys.sort();
    assert_eq!(keys, ["ledger.archive.0", "ledger.archive.1"]);
}

/// Each click the content script reports reads as that click, and a click
/// with fields that are not its own is refused with a message naming it
/// (it is no click this build knows, so nothing is recorded from it).
#[test]
fn each_reported_click_reads_as_itself_and_a_click_with_foreign_fields_is_refused() {
    use revoke_watch::core::json::from_str;
    let read = |text: &str| from_str::<ClickAction>(text);
    let cases: [(&str, ClickAction); 6] = [
        (r#"{"action":"revoke","entry":"e1"}"#, revoke("e1")),
        (
            r#"{"action":"log_out_everywhere","label":"Log out","explicit":true}"#,
            ClickAction::LogOutEverywhere {
                label: "Log out".into(),
                explicit: true,
            },
        ),
        (r#"{"action":"dialog_confirm"}"#, ClickAction::DialogConfirm),
        (r#"{"action":"dialog_cancel"}"#, ClickAction::DialogCancel),
        (
            r#"{"action":"dialog_button","label":"Yes"}"#,
            ClickAction::DialogButton { label: "Yes".into() },
        ),
        (
            r#"{"action":"menu_item","entry":"e2","label":"Revoke"}"#,
            ClickAction::MenuItem {
                entry: "e2".into(),
                label: "Revoke".into(),
            },
        ),
    ];
    for (text, want) in cases {
        assert_eq!(read(text).unwrap(), want, "{text}");
    }
    for (text, action) in [
        (r#"{"action":"revoke","entry":"e1","label":"x"}"#, "revoke"),
        (r#"{"action":"revoke","entry":"e1","explicit":false}"#, "revoke"),
        (
            r#"{"action":"log_out_everywhere","entry":"e1","label":"x","explicit":true}"#,
            "log_out_everywhere",
        ),
        (r#"{"action":"dialog_confirm","entry":"e1"}"#, "dialog_confirm"),
        (r#"{"action":"dialog_cancel","label":"x"}"#, "dialog_cancel"),
        (r#"{"action":"dialog_cancel","explicit":true}"#, "dialog_cancel"),
        (
            r#"{"action":"dialog_button","label":"x","entry":"e1"}"#,
            "dialog_button",
        ),
        (
            r#"{"action":"dialog_button","label":"x","explicit":true}"#,
            "dialog_button",
        ),
        (
            r#"{"action":"menu_item","entry":"e1","label":"x","explicit":true}"#,
            "menu_item",
        ),
    ] {
        let err = read(text).unwrap_err().to_string();
        assert!(
            err.contains(&format!("a `{action}` click has other fields")),
            "{text}: {err}"
        );
    }
    let err = read(r#"{"action":"revoke"}"#).unwrap_err().to_string();
    assert!(err.contains("missing field `entry`"), "{err}");
}

/// Of several revoked sessions that a new row looks like, its badge names
/// the one revoked last (the likeliest to be back), whatever order they
/// were listed or revoked in.
#[test]
fn a_session_like_several_revoked_names_the_last_revoked() {
    for first in [0, 1] {
        let mut r = Rig::new();
        let rows = [
            ("Safari on iPhone", "Last active 2 hours ago"),
            ("Safari on iPhone", "Last active 3 hours ago"),
            ("Firefox on Windows", "Last active 3 days ago"),
        ];
        let ids = Rig::entries(&r.visit("account", &sessions_page(&rows), T0));
        let (a, b) = (first, 1 - first);
        r.click("c1", revoke(&ids[a]), T0 + MIN);
        r.visit("account", &sessions_page(&[rows[b], rows[2]]), T0 + 2 * MIN);
        r.click("c2", revoke(&ids[b]), T0 + 5 * MIN);
        r.visit("account", &sessions_page(&rows[2..]), T0 + 6 * MIN);
        assert_eq!(
            (r.status(&ids[0]), r.status(&ids[1])),
            (Status::Revoked, Status::Revoked)
        );
        let back = [("Safari on iPhone", "Last active 5 minutes ago"), rows[2]];
        let answer = r.visit("account", &sessions_page(&back), T0 + 3 * HOUR);
        let words = answer["annotations"][0]["description"].as_str().unwrap();
        assert!(words.contains("revoked 2026-11-22 12:05 and gone since"), "{words}");
    }
}

/// The staged load reads every stored key and none twice: what a woken
/// worker reads, then the archive's keys, then the history's, are together
/// exactly the stored items.
#[test]
fn the_staged_load_reads_every_stored_key_once() {
    let r = long_history();
    let items = storage::all_items(r.ledger());
    let woken_items = wake_items(&items);
    let woken = storage::load(&woken_items, false).unwrap();
    let mut read: Vec<String> = woken_items.keys().cloned().collect();
    read.extend(storage::archive_keys(&woken));
    let history = storage::history_keys(&woken);
    assert!(history.len() >= 2, "{history:?}");
    read.extend(history);
    read.sort();
    let mut stored: Vec<String> = items.keys().cloned().collect();
    stored.sort();
    assert_eq!(read, stored);
    // A short history is read whole at wake: nothing is left to read.
    let mut r = Rig::new();
    r.visit("claude-code", &tokens_page(&TWO_TOKENS, false), T0);
    let short = storage::load(&wake_items(&storage::all_items(r.ledger())), false).unwrap();
    assert!(storage::history_keys(&short).is_empty() && storage::archive_keys(&short).is_empty());
}

/// An entry stored twice (twice in the archive, or archived while also
/// watched) is damage: the archive is refused by name, not merged into two
/// entries with one id.
#[test]
fn an_entry_stored_twice_is_reported() {
    let r = long_history();
    let all = storage::all_items(r.ledger());
    let woken = storage::load(&wake_items(&all), false).unwrap();
    let chunk: Value = serde_json::from_str(&all["ledger.archive.0"]).unwrap();
    let state: Value = serde_json::from_str(&all[storage::STATE]).unwrap();
    let watched_member = state["state"]["members"][0].clone();
    for (what, extra) in [
        ("twice in the archive", chunk[0].clone()),
        ("watched and archived", watched_member),
    ] {
        let mut bad = all.clone();
        let mut members = chunk.clone();
        members.as_array_mut().unwrap().push(extra.clone());
        bad.insert("ledger.archive.0".into(), members.to_string());
        let err = storage::attach_archive(&mut woken.clone(), &bad)
            .unwrap_err()
            .to_string();
        let id = extra["id"].as_str().unwrap();
        assert!(
            err.contains("ledger.archive.0") && err.contains(&format!("entry {id} is stored twice")),
            "{what}: {err}"
        );
    }
}

/// Events fill segments of 500 exactly: 499, 500 and 501 events are one,
/// one and two segments, with no empty one stored after the last.
#[test]
fn segments_hold_500_events_and_none_is_stored_empty() {
    for (events, segments) in [(499, 1), (500, 1), (501, 2)] {
        let mut l = Ledger::new(Settings::default());
        for i in 0..events {
            let click = ClickAction::LogOutEverywhere {
                label: "x".into(),
                explicit: true,
            };
            l.click(&format!("c{i}"), click, TAB, "account", T0 + i);
        }
        assert_eq!(l.events.len() as i64, events);
        let items = storage::all_items(&l);
        let mut segs: Vec<&String> = items.keys().filter(|k| k.starts_with("ledger.seg.")).collect();
        segs.sort();
        let want: Vec<String> = (0..segments).map(|s| format!("ledger.seg.{s}")).collect();
        assert_eq!(segs, want.iter().collect::<Vec<_>>(), "{events} events");
        assert_eq!(storage::load(&items, true).unwrap(), l);
    }
}

/// What was imported is written when it grows, not with every change: a
/// visit writes its events and the state; an import writes the list too.
#[test]
fn the_imported_list_is_written_only_when_it_grows() {
    let mut store = Store::Ready(Ledger::new(Settings::default()));
    let mut write = |req: Request, origin: Origin, now: i64| {
        let mut out = handle(&mut store, req, origin, now);
        let w = take_writes(&mut store, &mut out).unwrap();
        w.contains_key(storage::IMPORTED)
    };
    let visit = |_: i64| page_request("claude-code", &tokens_page(&TWO_TOKENS[..1], false));
    let tab = Origin::ContentScript { tab_id: TAB };
    write(visit(T0), tab, T0);
    assert!(!write(visit(T0 + MIN), tab, T0 + MIN), "a visit");
    let mut other = Rig::new();
    other.visit("claude-code", &tokens_page(&TWO_TOKENS, false), T0);
    let format = revoke_watch::core::export::Format::Json;
    let file = revoke_watch::core::export::export_file(other.ledger(), format, false, T0)
        .unwrap()
        .content;
    let parsed = revoke_watch::core::export::import::parse(&file).unwrap();
    let data = revoke_watch::core::json::to_string(&revoke_watch::core::export::import::incoming(&parsed));
    assert!(
        write(Request::Import { data }, Origin::ExtensionPage, T0 + 2 * MIN),
        "an import"
    );
    assert!(!write(visit(T0 + 3 * MIN), tab, T0 + 3 * MIN), "a visit after it");
}

/// The stored state is a cache of the events, and the events are the
/// record: a cache that claims more events than are stored (a write cut
/// short), or that cannot be read, is set aside and the events replayed,
/// keeping the settings when they can still be read; with the older
/// segments not read yet, a woken worker reads everything instead of
/// guessing from part of the history.
#[test]
fn a_state_cache_that_does_not_match_the_events_is_set_aside() {
    let mut r = Rig::new();
    r.settings(json!({"grace_ms": HOUR}));
    let ids = Rig::entries(&r.visit("claude-code", &tokens_page(&TWO_TOKENS, false), T0));
    r.click("c1", revoke(&ids[0]), T0 + MIN);
    let items = storage::all_items(r.ledger());
    let cache: Value = serde_json::from_str(&items[storage::STATE]).unwrap();
    type Damage = fn(&mut Value);
    let damages: [(&str, Damage); 2] = [
        ("ahead of the events", |c| c["applied_seq"] = json!(9_999)),
        ("unreadable but for its settings", |c| c["state"]["members"] = json!(5)),
    ];
    for (what, damage) in damages {
        let mut bad_cache = cache.clone();
        damage(&mut bad_cache);
        let mut bad = items.clone();
        bad.insert(storage::STATE.into(), bad_cache.to_string());
        let l = storage::load(&bad, true).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(statuses(&l), statuses(r.ledger()), "{what}");
        assert_eq!(l.state.settings.grace_ms, HOUR, "{what}: the settings are kept");
        assert!(l.rewrite_all, "{what}: the next write replaces the damaged cache");
    }
    // A long history woken without its state cache: nothing is judged from
    // the newest segments alone.
    let long = storage::all_items(long_history().ledger());
    let mut woken = wake_items(&long);
    woken.remove(storage::STATE);
    assert_eq!(
        storage::load(&woken, false).unwrap_err(),
        storage::LoadError::Incomplete
    );
}

/// The raw export of a damaged ledger keeps every stored `ledger.*` item:
/// JSON as it was stored, anything else as a string of its text, and
/// nothing that is not the ledger's.
#[test]
fn the_raw_export_keeps_every_ledger_item_as_stored() {
    let mut r = Rig::new();
    r.visit("claude-code", &tokens_page(&TWO_TOKENS, false), T0);
    let mut items = storage::all_items(r.ledger());
    items.insert("ledger.seg.0".into(), "garbage, not JSON \"quoted\"".into());
    items.insert("other.extension.key".into(), "{}".into());
    let raw: Value = serde_json::from_str(&storage::raw_export(&items)).unwrap();
    let raw = raw.as_object().unwrap();
    let ledger_keys = items.keys().filter(|k| k.starts_with("ledger.")).count();
    assert_eq!(raw.len(), ledger_keys);
    assert!(!raw.contains_key("other.extension.key"));
    assert_eq!(raw["ledger.seg.0"], "garbage, not JSON \"quoted\"");
    let state: Value = serde_json::from_str(&items[storage::STATE]).unwrap();
    assert_eq!(raw[storage::STATE], state);
}
