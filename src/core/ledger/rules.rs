//! The rules that flag revocations that did not take effect. Each flag
//! names its rule and carries the observations that prove it; thresholds
//! come from [`super::Settings`]. Boundaries are tested in tests/ledger.rs.

use super::events::{Body, Evidence, Rule};
use super::{Ledger, Viewer};
use crate::core::decimal::Decimal;
use crate::core::page::PageReading;
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
                    what: format!(
                        "shown as “{raw}”: active between {} and {} (Unix ms)",
                        iv.earliest, iv.latest
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
        check_usage_after_revoke(l, &meter.name, meter.percent, page, now);
    }
}

fn check_usage_after_revoke(l: &mut Ledger, name: &str, percent: Decimal, page: &str, now: i64) {
    let Some(all_revoked) = l.all_revoked_at() else {
        return;
    };
    let already = l.state.meters.iter().find(|m| m.name == name).is_some_and(|m| {
        m.flags
            .iter()
            .any(|f| f.rule == Rule::UsageAfterRevoke && f.since_ms >= all_revoked)
    });
    if already {
        return;
    }
    let readings = crate::core::vecs::filter(&l.state.readings, |r| r.0 == name);
    // The level when everything was revoked: the last reading before, else the first after.
    let base_pos = match readings.iter().rposition(|r| r.3 <= all_revoked) {
        Some(p) => p,
        None => match readings.iter().position(|r| r.3 > all_revoked && r.3 < now) {
            Some(p) => p,
            None => return,
        },
    };
    let base = readings[base_pos];
    // A reset in between makes the comparison meaningless: the reset time
    // passed, or the meter went down at some reading.
    if base.2.is_some_and(|r| now > r.earliest) {
        return;
    }
    let mut prev = base.1;
    for r in &readings[base_pos + 1..] {
        if r.1 < prev {
            return;
        }
        prev = r.1;
    }
    if percent <= base.1 {
        return;
    }
    let evidence = vec![
        Evidence { at_ms: base.3, what: format!("{name}: {}% used", base.1.text()) },
        Evidence { at_ms: all_revoked, what: "every token revoked or logged out everywhere".into() },
        Evidence { at_ms: now, what: format!("{name}: {}% used, with no reset in between", percent.text()) },
        Evidence {
            at_ms: now,
            what: "Your own use of claude.ai (or of a Claude app still signed in) in this time would also raise this meter.".into(),
        },
    ];
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
