//! The rules that flag revocations that did not take effect. Each flag
//! names its rule and carries the observations that prove it; thresholds
//! come from [`super::Settings`]. Boundaries are tested in tests/ledger.rs.

use super::events::{Body, Evidence, Rule};
use super::{Ledger, Viewer};
use crate::core::decimal::Decimal;
use crate::core::page::{Meter, PageReading};
use crate::core::time::Interval;

fn has_flag(l: &Ledger, idx: usize, rule: Rule) -> bool {
    l.state.members[idx].flags.iter().any(|f| f.rule == rule)
}

fn revoked_evidence(l: &Ledger, idx: usize) -> Option<Evidence> {
    let r = l.state.members[idx].revoke.as_ref()?;
    let how = if r.everywhere {
        "logged out everywhere"
    } else {
        "revoked"
    };
    Some(Evidence {
        at_ms: r.at_ms,
        what: format!("{how} “{}”", l.state.members[idx].label),
    })
}

/// Whether member `idx`'s revocation `r` no longer waits on a dialog's
/// answer: its own click's, or a log-out everywhere's.
fn settled(l: &Ledger, idx: usize, r: &super::Revocation) -> bool {
    let entry = (!r.everywhere).then(|| l.state.members[idx].id.as_str());
    !l.waits_on_dialog(r.at_ms, entry)
}

/// `still-listed` and `active-after-revoke`, for a revoked entry seen listed.
pub(super) fn check_listed_after_revoke(
    l: &mut Ledger,
    idx: usize,
    last_active: Option<&(Interval, String)>,
    page: &str,
    now: i64,
) {
    // A click still waiting on its dialog's answer is not a revocation yet:
    // the user may dismiss the dialog however long it stays open.
    let Some(r) = l.state.members[idx].revoke.clone().filter(|r| settled(l, idx, r)) else {
        return;
    };
    let s = l.state.settings;
    let id = l.state.members[idx].id.clone();
    let Some(revoked) = revoked_evidence(l, idx) else {
        return;
    };
    // Listed strictly after the grace period.
    if now > r.at_ms.saturating_add(s.grace_ms) && !has_flag(l, idx, Rule::StillListed) {
        let evidence = vec![
            revoked.clone(),
            Evidence {
                at_ms: now,
                what: format!("still listed on {}", crate::core::page::PageKind::address_of(page)),
            },
        ];
        l.record(
            now,
            Some(page),
            Body::FlagRaised {
                entry: Some(id.clone()),
                meter: None,
                rule: Rule::StillListed,
                evidence,
            },
        );
    }
    // Activity whose whole interval lies after the revocation plus skew.
    if let Some((iv, raw)) = last_active {
        if iv.earliest > r.at_ms.saturating_add(s.skew_ms) && !has_flag(l, idx, Rule::ActiveAfterRevoke) {
            let evidence = vec![
                revoked,
                Evidence {
                    at_ms: now,
                    // In UTC, for whoever reads the report: the page's
                    // phrase pins only this interval, not an instant.
                    what: format!(
                        "shown as “{raw}”: active between {} and {} UTC",
                        super::view::local_time(iv.earliest, 0),
                        super::view::local_time(iv.latest, 0)
                    ),
                },
            ];
            l.record(
                now,
                Some(page),
                Body::FlagRaised {
                    entry: Some(id),
                    meter: None,
                    rule: Rule::ActiveAfterRevoke,
                    evidence,
                },
            );
        }
    }
}

/// `reappeared`: gone after revocation, then listed again. Not while the
/// click still waits on its dialog's answer (or an "Undo").
pub(super) fn raise_reappeared(l: &mut Ledger, idx: usize, page: &str, now: i64) {
    if !l.state.members[idx].revoke.as_ref().is_some_and(|r| settled(l, idx, r)) {
        return;
    }
    let Some(revoked) = revoked_evidence(l, idx) else {
        return;
    };
    let m = &l.state.members[idx];
    let mut evidence = vec![revoked];
    if let Some(g) = m.gone_ms {
        evidence.push(Evidence {
            at_ms: g,
            what: "no longer listed".into(),
        });
    }
    evidence.push(Evidence {
        at_ms: now,
        what: format!("listed again on {}", crate::core::page::PageKind::address_of(page)),
    });
    let id = m.id.clone();
    l.record(
        now,
        Some(page),
        Body::FlagRaised {
            entry: Some(id),
            meter: None,
            rule: Rule::Reappeared,
            evidence,
        },
    );
}

/// Records meter changes and applies `usage-after-revoke`: a meter higher
/// than it was when everything was revoked, with no reset in between.
pub(super) fn observe_meters(l: &mut Ledger, reading: &PageReading, page: &str, viewer: Viewer, now: i64) {
    for meter in &reading.meters {
        let resets = meter.resets.as_ref().and_then(|t| t.interval);
        let changed = match l.state.meters.iter().find(|m| m.name == meter.name) {
            // An older page's value: not a change (a lower one would read
            // as a reset), and nothing to judge.
            Some(m) if viewer.behind(m.changed_ms, m.changed_tab) => continue,
            None => true,
            // Relative reset times drift between visits; only a reset time
            // that moved (no overlap) is a change.
            Some(m) => {
                m.percent != meter.percent
                    || match (m.resets, resets) {
                        (Some(a), Some(b)) => !a.overlaps(&b),
                        (a, b) => a.is_some() != b.is_some(),
                    }
            }
        };
        if changed {
            l.record(
                now,
                Some(page),
                Body::UsageReading {
                    meter: meter.name.clone(),
                    percent: meter.percent,
                    resets,
                },
            );
            if let Some(m) = l.state.meters.iter_mut().find(|m| m.name == meter.name) {
                m.changed_ms = Some(now);
                m.changed_tab = Some(viewer.tab);
            }
        }
        if let Some(m) = l.state.meters.iter_mut().find(|m| m.name == meter.name) {
            m.observed_at_ms = now;
        }
        check_usage_after_revoke(l, meter, page, now);
    }
}

/// A meter reading: (meter, percent, reset time, when read).
type Reading<'a> = &'a (String, Decimal, Option<Interval>, i64);

/// The evidence that meter `name` rose after `all_revoked`, if it did. Its
/// readings are walked in order, keeping the lowest level it was known to
/// have since that moment; any rise beyond it means use since then:
/// - at first, the last reading at or before it (else the first after);
/// - a reading lower than the level (a reset whose time was not shown, or
///   a window that rolls) lowers the level to it;
/// - a reset time that passed after everything was revoked started a new
///   window, all of whose use came after: the level is 0;
/// - a reset time that may have passed (or moved), and may have come
///   before the revocation, leaves only the window's own readings to
///   compare: the level is the new reading.
fn rise_after(readings: &[Reading], all_revoked: i64, said: &str, name: &str) -> Option<Vec<Evidence>> {
    let start = match readings.iter().rposition(|r| r.3 <= all_revoked) {
        Some(p) => p,
        None => readings.iter().position(|r| r.3 > all_revoked)?,
    };
    let mut prev = readings[start];
    // The level, since when, and whether a reset (else a reading) showed it.
    let mut level = (prev.1, prev.3, false);
    for &r in &readings[start + 1..] {
        let moved = matches!((prev.2, r.2), (Some(a), Some(b)) if !a.overlaps(&b));
        let maybe_reset = moved || prev.2.is_some_and(|a| r.3 > a.earliest);
        match prev.2 {
            Some(a) if a.earliest >= all_revoked && r.3 > a.latest => level = (Decimal::ZERO, a.earliest, true),
            Some(a) if maybe_reset && a.earliest < all_revoked => level = (r.1, r.3, false),
            _ if r.1 < level.0 => level = (r.1, r.3, false),
            _ => {}
        }
        if r.1 > level.0 {
            let what = if level.2 {
                format!("{name}: its reset time passed after everything was revoked, so it started again from 0%")
            } else {
                format!("{name}: {}% used", level.0.text())
            };
            let used = format!("{name}: {}% used, with no reset in between", r.1.text());
            return Some(rise_evidence(
                Evidence {
                    at_ms: all_revoked,
                    what: said.into(),
                },
                Evidence { at_ms: level.1, what },
                Evidence { at_ms: r.3, what: used },
            ));
        }
        prev = r;
    }
    None
}

/// The evidence that `meter`, read now, is used in a window that began
/// after `all_revoked`: its window's length (from its name or group) before
/// its reset time, when that is after the revocation, and any use in it.
/// Days after every token was revoked, a first look at the usage page
/// showing the current 5-hour window in use is enough.
fn window_after(meter: &Meter, all_revoked: i64, said: &str, now: i64) -> Option<Vec<Evidence>> {
    let (resets, window) = (meter.resets.as_ref()?.interval?, meter.window_ms?);
    let began = resets.earliest - window;
    if began < all_revoked || meter.percent <= Decimal::ZERO {
        return None;
    }
    let name = &meter.name;
    let what = format!(
        "{name}: the window it shows ({} long) began no earlier than this, its reset time less its length: after everything was revoked",
        super::view::short_duration(window)
    );
    let used = format!("{name}: {}% used in that window", meter.percent.text());
    Some(rise_evidence(
        Evidence {
            at_ms: all_revoked,
            what: said.into(),
        },
        Evidence { at_ms: began, what },
        Evidence { at_ms: now, what: used },
    ))
}

/// A rise's evidence in the order it happened: the level it rose from (a
/// reading, a reset, a window's start) and the revocation, then the
/// reading that rose, with the caveat that the account holder's own use
/// would explain it too. (Inlined into its two callers: out of line it
/// made the module 0.1 KB larger.)
#[inline(always)]
fn rise_evidence(revoked: Evidence, from: Evidence, rose: Evidence) -> Vec<Evidence> {
    let at_ms = rose.at_ms;
    let caveat = Evidence {
        at_ms,
        what:
            "Your own use of claude.ai (or of a Claude app still signed in) in this time would also raise this meter."
                .into(),
    };
    if from.at_ms > revoked.at_ms {
        vec![revoked, from, rose, caveat]
    } else {
        vec![from, revoked, rose, caveat]
    }
}

fn check_usage_after_revoke(l: &mut Ledger, meter: &Meter, page: &str, now: i64) {
    let name = meter.name.as_str();
    let Some(all_revoked) = l.all_revoked_at() else {
        return;
    };
    // Only within the watch window, as revoked entries are watched: days
    // later, the account holder signed in again and using Claude is what a
    // rising meter most likely shows.
    if now >= all_revoked.saturating_add(l.state.settings.watch_window_ms) {
        return;
    }
    let already = l.state.meters.iter().find(|m| m.name == name).is_some_and(|m| {
        m.flags
            .iter()
            .any(|f| f.rule == Rule::UsageAfterRevoke && f.since_ms >= all_revoked)
    });
    if already {
        return;
    }
    // What "everything revoked" was. Tokens still listed and never
    // revoked are named: whether a log-out everywhere ends them is not
    // known, and their use is the likeliest cause of the rise.
    let unrevoked = l
        .state
        .members
        .iter()
        .filter(|m| m.kind == "token" && m.listed && m.revoke.is_none())
        .count();
    let said = if unrevoked > 0 {
        let s = if unrevoked == 1 { "" } else { "s" };
        format!(
            "logged out everywhere, but {unrevoked} listed token{s} not revoked: reports disagree on whether logging out ends tokens, and their use would also raise this meter"
        )
    } else if l.state.log_outs.contains(&all_revoked) {
        "logged out everywhere".into()
    } else {
        "every token revoked".into()
    };
    let readings = crate::core::vecs::filter(&l.state.readings, |r| r.0 == name);
    let Some(evidence) =
        rise_after(&readings, all_revoked, &said, name).or_else(|| window_after(meter, all_revoked, &said, now))
    else {
        return;
    };
    l.record(
        now,
        Some(page),
        Body::FlagRaised {
            entry: None,
            meter: Some(name.to_string()),
            rule: Rule::UsageAfterRevoke,
            evidence,
        },
    );
}
