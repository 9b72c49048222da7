//! The popup: counts by status, flagged entries first with their evidence,
//! when each page was last checked, and the buttons to the timeline,
//! exports and options; and what the toolbar icon shows.

use super::state::StateData;
use super::{button, el, El};
use crate::core::annotate::TabSummary;
use crate::core::ledger::view::{local_time, Counts};
use crate::core::text::preview;

/// The watch state as the popup sees it (the worker's `state` answer), or
/// why it cannot be read.
pub enum LedgerState<'a> {
    Ready(&'a StateData),
    Error(&'a str),
}

fn page_name(p: &str) -> &str {
    match p {
        "claude_code" => "Claude Code tokens",
        "account" => "Account (sessions, devices)",
        "usage" => "Usage",
        _ => "Other settings",
    }
}

#[inline(never)]
pub fn view(ledger: LedgerState<'_>, tab: Option<&TabSummary>, tz: i32) -> El {
    let mut root = el("div")
        .class("popup")
        .child(el("h1").class("title").text("revoke-watch"))
        .child(el("p").class("version").text(format!(
            "version {} · nothing leaves your browser",
            crate::core::VERSION
        )));
    let state = match ledger {
        LedgerState::Error(e) => {
            return root
                .child(el("p").class("error").attr("role", "alert").text(format!("{e}.")))
                .child(
                    el("div")
                        .class("actions")
                        .child(button("Options and raw export", "open-options")),
                );
        }
        LedgerState::Ready(s) => s,
    };
    root = match tab {
        None => root.child(
            el("p")
                .class("count")
                .attr("data-count", "0")
                .text("No claude.ai settings page read in this tab yet."),
        ),
        Some(s) => {
            // The usage page's badges are on its meters.
            let rows = match (s.page == "usage", s.watched == 1) {
                (true, true) => "usage meter",
                (true, false) => "usage meters",
                (false, true) => "row",
                (false, false) => "rows",
            };
            let mut r = root.child(
                el("p")
                    .class("count")
                    .attr("data-count", s.watched.to_string())
                    .text(format!("{} {rows} watched on this tab", s.watched)),
            );
            if let Some(reason) = &s.reason {
                r = r.child(
                    el("p")
                        .class("notice")
                        .text(format!("This page could not be read with confidence: {reason}")),
                );
            }
            r
        }
    };
    let c = state.counts.clone().unwrap_or_default();
    if state.entries.is_empty() && state.meters.is_empty() && c == Counts::default() {
        return root
            .child(el("p").class("hint").text("Nothing is watched yet. Open claude.ai/settings/claude-code (tokens), claude.ai/settings/account (sessions and devices) or claude.ai/settings/usage: revoke-watch reads them and badges every row. Then revoke as usual; revoke-watch records it and keeps checking that it took effect."))
            .child(el("div").class("actions").child(button("Options", "open-options")));
    }
    let mut list = el("ul").class("counts");
    for (n, status, what) in [
        (c.zombie, "zombie", "flagged: revoked but still showing"),
        (c.revoke_pending, "revoke-pending", "revoked, waiting to disappear"),
        (c.revoked, "revoked", "revoked and gone, still watched"),
        (c.verified, "verified", "verified gone"),
        (c.watching, "watching", "watched, not revoked"),
    ] {
        list = list.child(
            el("li")
                .attr("data-status", status)
                .attr("data-count", n.to_string())
                .text(format!("{n} {what}")),
        );
    }
    root = root.child(list);
    // A rule as a sentence, with its name kept for the timeline and exports.
    let rule = |name: &str| {
        let says = match name {
            "still-listed" => "Still listed after the grace period",
            "reappeared" => "Listed again after it had gone",
            "active-after-revoke" => "Shown as active after the revocation",
            "usage-after-revoke" => "Rose after everything was revoked",
            _ => "",
        };
        let text = if says.is_empty() {
            name.to_string()
        } else {
            format!("{says} ({name})")
        };
        el("p").class("rule").text(text)
    };
    // Flagged first, with their evidence.
    let flagged = crate::core::vecs::filter(&state.entries, |m| m.status == "zombie");
    let flagged_meters = crate::core::vecs::filter(&state.meters, |m| !m.flags.is_empty());
    if !flagged.is_empty() || !flagged_meters.is_empty() {
        let mut sec = el("section").class("flagged").child(el("h2").text("Flagged"));
        for m in flagged.iter().take(20) {
            let mut item = el("article").class("flag").attr("data-entry", m.id.clone());
            item = item.child(el("h3").text(format!("{} “{}”", m.kind, preview(&m.label, 60))));
            for f in &m.flags {
                let mut ev = el("ul").attr("aria-label", format!("evidence for {}", f.rule));
                for e in &f.evidence {
                    ev = ev.child(el("li").text(format!("{} — {}", local_time(e.at_ms, tz), preview(&e.what, 200))));
                }
                item = item.child(rule(&f.rule)).child(ev);
            }
            sec = sec.child(item);
        }
        if flagged.len() > 20 {
            sec = sec.child(el("p").text(format!("… and {} more in the timeline.", flagged.len() - 20)));
        }
        for m in flagged_meters {
            let mut item = el("article")
                .class("flag")
                .child(el("h3").text(format!("Usage meter “{}”", preview(&m.name, 60))));
            for f in &m.flags {
                let mut ev = el("ul");
                for e in &f.evidence {
                    ev = ev.child(el("li").text(format!("{} — {}", local_time(e.at_ms, tz), e.what)));
                }
                item = item.child(rule(&f.rule)).child(ev);
            }
            sec = sec.child(item);
        }
        root = root.child(sec);
    }
    let mut checked = el("ul").class("checked");
    for (page, chk) in state.pages.iter() {
        let how = match &chk.reason {
            None => "read".to_string(),
            Some(r) => format!("could not be read: {}", preview(r, 120)),
        };
        checked = checked.child(el("li").attr("data-page", page.clone()).text(format!(
            "{}: last checked {} ({how})",
            page_name(page),
            local_time(chk.at_ms, tz)
        )));
    }
    root = root.child(el("h2").text("Pages")).child(checked);
    let formats = el("select")
        .attr("id", "export-format")
        .attr("aria-label", "Export format")
        .child(el("option").attr("value", "html").text("Support report (HTML)"))
        .child(el("option").attr("value", "markdown").text("Support report (Markdown)"))
        .child(el("option").attr("value", "json").text("Timeline (JSON)"))
        .child(el("option").attr("value", "csv").text("Events (CSV)"))
        .child(el("option").attr("value", "jsonl").text("Security tools (JSON Lines)"));
    let mut redact = el("input").attr("type", "checkbox").attr("id", "export-redact");
    if state.settings.redact_exports {
        redact = redact.attr("checked", "");
    }
    root.child(
        el("div")
            .class("actions")
            .child(button("Open timeline", "open-timeline"))
            .child(formats)
            .child(el("label").child(redact).text(" mask labels"))
            .child(button("Export", "export"))
            .child(button("Options", "open-options")),
    )
    .child(
        el("p")
            .class("status-line")
            .attr("role", "status")
            .attr("id", "status-line"),
    )
}

/// What the toolbar icon shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Toolbar {
    pub text: String,
    /// CSS colour of the badge.
    pub color: &'static str,
    pub title: String,
}

crate::json_struct!(write Toolbar { text: req, color: req, title: req });

/// Flagged entries (red) first, else revocations still waiting (amber), else nothing.
pub fn toolbar(c: &Counts) -> Toolbar {
    let flagged = c.zombie + c.flagged_meters;
    if flagged > 0 {
        Toolbar {
            text: flagged.to_string(),
            color: "#b91c1c",
            title: format!("revoke-watch: {flagged} revocation(s) may not have taken effect"),
        }
    } else if c.revoke_pending > 0 {
        Toolbar {
            text: c.revoke_pending.to_string(),
            color: "#b45309",
            title: format!("revoke-watch: {} revocation(s) waiting to disappear", c.revoke_pending),
        }
    } else {
        Toolbar {
            text: String::new(),
            color: "#1e3a8a",
            title: "revoke-watch: nothing flagged".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolbar_prefers_flags_then_waiting() {
        assert_eq!(
            toolbar(&Counts {
                zombie: 2,
                revoke_pending: 5,
                ..Counts::default()
            })
            .text,
            "2"
        );
        assert_eq!(
            toolbar(&Counts {
                revoke_pending: 5,
                ..Counts::default()
            })
            .text,
            "5"
        );
        assert_eq!(
            toolbar(&Counts {
                watching: 5,
                verified: 1,
                ..Counts::default()
            })
            .text,
            ""
        );
    }

    #[test]
    fn empty_and_error_states() {
        use crate::core::json::to_string;
        let l = crate::core::ledger::Ledger::new(Default::default());
        let state = to_string(&crate::core::ledger::view::state_view(&l));
        let v = to_string(&super::super::state::view("popup", &state, None, 0));
        assert!(v.contains("Nothing is watched yet"), "{v}");
        let v = to_string(&view(LedgerState::Error("the stored ledger is damaged"), None, 0));
        assert!(v.contains("\"error\"") && v.contains("damaged"));
        // What the worker answers when the stored ledger cannot be read,
        // and an answer that is no state at all.
        let v = to_string(&super::super::state::view(
            "popup",
            r#"{"error_state":"the stored ledger is damaged","raw_export":true}"#,
            None,
            0,
        ));
        assert!(v.contains("\"error\"") && v.contains("damaged"), "{v}");
        let v = to_string(&super::super::state::view("options", "[1,2]", None, 0));
        assert!(v.contains("\"error\"") && v.contains("could not be read"), "{v}");
    }
}
