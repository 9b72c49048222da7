//! Which claude.ai page a URL is, which decides what the reader expects.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

// `name()` is the name used in messages and stored summaries.
crate::json_names!(PageKind {
    ClaudeCode = "claude_code",
    Account = "account",
    Usage = "usage",
    OtherSettings = "other_settings",
    NotSettings = "not_settings",
});

impl PageKind {
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
        let path = crate::core::text::before_any(rest, b"?#");
        let path = crate::core::text::trim_end_any(path, &['/']);
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
        // An organisation's admins have settings pages of their own.
        for url in [
            "https://claude.ai/admin-settings/claude-code",
            "https://claude.ai/settings",
        ] {
            assert_eq!(PageKind::from_url(url), PageKind::OtherSettings, "{url}");
        }
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
