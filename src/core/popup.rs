//! What the popup and the toolbar icon say, decided from the tab's summary
//! and the ledger's counts. The binding layer only turns these into DOM and
//! `chrome.action` calls.

use crate::core::annotate::TabSummary;
use crate::core::ledger::view::Counts;
use serde::Serialize;

/// One line of the popup: a role the binding maps to an element, and words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// `title`, `version`, `count`, `status`, `error`, `notice` or `hint`.
    pub role: &'static str,
    pub text: String,
    /// For `count` and `status` lines: the number, so tests and styles need not parse words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// The ledger as the popup sees it: its counts, or why it cannot be read.
pub enum LedgerState<'a> {
    Counts(&'a Counts),
    Error(&'a str),
}

pub fn view(summary: Option<&TabSummary>, ledger: LedgerState<'_>) -> Vec<Line> {
    let line = |role, text: String| Line {
        role,
        text,
        count: None,
    };
    let mut lines = vec![
        line("title", "revoke-watch".into()),
        line("version", format!("version {}", crate::core::VERSION)),
    ];
    if let LedgerState::Error(e) = ledger {
        lines.push(line("error", format!("{e}.")));
    }
    match summary {
        None => {
            lines.push(Line {
                role: "count",
                text: "No claude.ai settings page read in this tab yet.".into(),
                count: Some(0),
            });
            lines.push(line(
                "hint",
                "Open claude.ai/settings/claude-code or claude.ai/settings/account to start watching.".into(),
            ));
        }
        Some(s) => {
            let rows = if s.watched == 1 { "row" } else { "rows" };
            lines.push(Line {
                role: "count",
                text: format!("{} {rows} watched on this tab", s.watched),
                count: Some(s.watched),
            });
            if let Some(reason) = &s.reason {
                lines.push(line(
                    "notice",
                    format!("This page could not be read with confidence: {reason}"),
                ));
            }
        }
    }
    if let LedgerState::Counts(c) = ledger {
        for (n, what) in [
            (c.zombie, "flagged: revoked but still showing"),
            (c.revoke_pending, "revoked, waiting to disappear"),
            (c.revoked, "revoked and gone, still watched"),
            (c.verified, "verified gone"),
            (c.watching, "watched, not revoked"),
        ] {
            if n > 0 {
                lines.push(Line {
                    role: "status",
                    text: format!("{n} {what}"),
                    count: Some(n),
                });
            }
        }
        if c.flagged_meters > 0 {
            lines.push(Line {
                role: "status",
                text: format!("{} usage meter(s) rose after everything was revoked", c.flagged_meters),
                count: Some(c.flagged_meters),
            });
        }
    }
    lines
}

/// What the toolbar icon shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Toolbar {
    pub text: String,
    /// CSS colour of the badge.
    pub color: &'static str,
    pub title: String,
}

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
    fn counts_notices_and_errors() {
        let c = Counts {
            zombie: 1,
            watching: 3,
            ..Counts::default()
        };
        let s = TabSummary {
            watched: 1,
            page: "claude_code".into(),
            recognised: true,
            reason: None,
            checked_at_ms: 0,
        };
        let v = view(Some(&s), LedgerState::Counts(&c));
        assert_eq!(v[2].count, Some(1));
        assert_eq!(v[2].text, "1 row watched on this tab");
        assert!(v
            .iter()
            .any(|l| l.role == "status" && l.text == "1 flagged: revoked but still showing"));
        let s = TabSummary {
            watched: 0,
            page: "usage".into(),
            recognised: false,
            reason: Some("no meter".into()),
            checked_at_ms: 0,
        };
        let v = view(Some(&s), LedgerState::Error("the stored ledger is damaged"));
        assert!(v.iter().any(|l| l.role == "notice" && l.text.contains("no meter")));
        assert!(v.iter().any(|l| l.role == "error"));
    }

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
}
