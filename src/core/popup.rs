//! What the popup says, decided from a tab's summary. The binding layer
//! only turns these lines into DOM.

use crate::core::annotate::TabSummary;
use serde::Serialize;

/// One line of the popup: a role the binding maps to an element, and words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// `title`, `version`, `count`, `notice` or `hint`.
    pub role: &'static str,
    pub text: String,
    /// For `count` lines: the number, so tests and styles need not parse words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

pub fn view(summary: Option<&TabSummary>) -> Vec<Line> {
    let line = |role, text: String| Line {
        role,
        text,
        count: None,
    };
    let mut lines = vec![
        line("title", "revoke-watch".into()),
        line("version", format!("version {}", crate::core::VERSION)),
    ];
    match summary {
        None => {
            lines.push(Line {
                role: "count",
                text: "No claude.ai settings page read in this tab yet.".into(),
                count: Some(0),
            });
            lines.push(line("hint", "Open claude.ai/settings/claude-code or claude.ai/settings/account to start watching.".into()));
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
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_notices() {
        let s = TabSummary {
            watched: 1,
            page: "claude_code".into(),
            recognised: true,
            reason: None,
            checked_at_ms: 0,
        };
        let v = view(Some(&s));
        assert_eq!(v[2].count, Some(1));
        assert_eq!(v[2].text, "1 row watched on this tab");
        let s = TabSummary {
            watched: 0,
            page: "usage".into(),
            recognised: false,
            reason: Some("no meter".into()),
            checked_at_ms: 0,
        };
        let v = view(Some(&s));
        assert!(v
            .iter()
            .any(|l| l.role == "notice" && l.text.contains("no meter")));
        assert_eq!(view(None)[2].count, Some(0));
    }
}
