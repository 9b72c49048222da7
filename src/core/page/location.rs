//! Which claude.ai page a URL is, which decides what the reader expects.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// /settings/claude-code: authorization tokens.
    ClaudeCode,
    /// /settings/account: sessions, trusted devices, log out everywhere.
    Account,
    /// /settings/usage: usage meters.
    Usage,
    /// Any other /settings/… or /admin-settings/… page: generic rows only.
    OtherSettings,
    /// Anything else (the single-page app moved away from settings).
    NotSettings,
}

impl PageKind {
    /// The name used in messages and stored summaries.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::ClaudeCode => "claude_code",
            PageKind::Account => "account",
            PageKind::Usage => "usage",
            PageKind::OtherSettings => "other_settings",
            PageKind::NotSettings => "not_settings",
        }
    }

    /// Where a page kind's name (as stored in events) lives, for people.
    pub fn address_of(name: &str) -> &'static str {
        match name {
            "claude_code" => "claude.ai/settings/claude-code",
            "account" => "claude.ai/settings/account",
            "usage" => "claude.ai/settings/usage",
            _ => "a claude.ai settings page",
        }
    }

    pub fn from_url(url: &str) -> PageKind {
        let rest = url
            .strip_prefix("https://claude.ai")
            .or_else(|| url.strip_prefix("http://claude.ai"))
            .unwrap_or(if url.starts_with('/') { url } else { "" });
        let path = rest.split(['?', '#']).next().unwrap_or("");
        let path = path.trim_end_matches('/');
        match path {
            "/settings/claude-code" => PageKind::ClaudeCode,
            "/settings/account" => PageKind::Account,
            "/settings/usage" => PageKind::Usage,
            p if p.starts_with("/settings/") || p == "/settings" || p.starts_with("/admin-settings") => {
                PageKind::OtherSettings
            }
            _ => PageKind::NotSettings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_urls() {
        assert_eq!(
            PageKind::from_url("https://claude.ai/settings/claude-code?fixture=x#a"),
            PageKind::ClaudeCode
        );
        assert_eq!(
            PageKind::from_url("https://claude.ai/settings/account/"),
            PageKind::Account
        );
        assert_eq!(
            PageKind::from_url("https://claude.ai/settings/account#trusted-devices"),
            PageKind::Account
        );
        assert_eq!(PageKind::from_url("https://claude.ai/settings/usage"), PageKind::Usage);
        assert_eq!(
            PageKind::from_url("https://claude.ai/settings/billing"),
            PageKind::OtherSettings
        );
        assert_eq!(PageKind::from_url("https://claude.ai/new"), PageKind::NotSettings);
        assert_eq!(
            PageKind::from_url("https://claude.ai.evil.example/settings/account"),
            PageKind::NotSettings
        );
        assert_eq!(
            PageKind::from_url("https://evil.example/settings/account"),
            PageKind::NotSettings
        );
    }
}
