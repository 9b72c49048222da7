//! Re-check reminders: after a revocation, alarms at +1 hour, +1 day,
//! +3 days (settable) and at the end of the watch window, each raising a
//! notification that opens the page to look at. None once the entry is
//! verified or when reminders are off.

use crate::core::ledger::{Ledger, Status};

#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub name: String,
    pub when_ms: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// Also the key for [`url_of`] when it is clicked.
    pub id: String,
    pub title: String,
    pub message: String,
}

/// Every alarm that should exist now (the binding replaces all alarms with these).
#[inline(never)]
pub fn plan(l: &Ledger, now: i64) -> Vec<Alarm> {
    let s = l.state.settings;
    if !s.reminders {
        return Vec::new();
    }
    let mut out = Vec::new();
    for m in &l.state.members {
        let Some(r) = &m.revoke else { continue };
        if m.status() == Status::Verified {
            continue;
        }
        let last = [s.watch_window_ms];
        for (n, &d) in s.reminder_delays_ms.iter().chain(&last).enumerate() {
            let when = r.at_ms.saturating_add(d);
            if when > now {
                out.push(Alarm {
                    name: format!("recheck|{}|{}|{n}", m.page.as_deref().unwrap_or("other"), m.id),
                    when_ms: when,
                });
            }
        }
    }
    out
}

/// The notification for an alarm that fired, if one is still due.
pub fn on_alarm(l: &Ledger, name: &str, now: i64) -> Option<Notification> {
    if !l.state.settings.reminders {
        return None;
    }
    let parts = crate::core::text::split_str(name, "|");
    if parts.first() != Some(&"recheck") {
        return None;
    }
    let page = *parts.get(1)?;
    let m = l.member(parts.get(2)?)?;
    let r = m.revoke.as_ref()?;
    if m.status() == Status::Verified {
        return None;
    }
    let ago = crate::core::ledger::view::short_duration(now - r.at_ms);
    let what = match m.status() {
        Status::Zombie => "It is flagged: it still showed after the revocation.",
        Status::RevokePending => "It was still listed when last checked.",
        _ => "It was gone when last checked; checking again confirms it stays gone.",
    };
    Some(Notification {
        id: format!("open|{page}|{}", m.id),
        title: "revoke-watch: time to re-check a revocation".into(),
        message: format!(
            "You revoked {} “{}” {ago} ago. {what} Click to open the page.",
            m.kind,
            crate::core::text::preview(&m.label, 60)
        ),
    })
}

/// The page a clicked notification opens.
pub fn url_of(notification_id: &str) -> Option<&'static str> {
    let page = crate::core::text::split_str(notification_id.strip_prefix("open|")?, "|")
        .first()
        .copied()?;
    Some(match page {
        "claude_code" => "https://claude.ai/settings/claude-code",
        "account" => "https://claude.ai/settings/account",
        "usage" => "https://claude.ai/settings/usage",
        _ => "https://claude.ai/settings",
    })
}
