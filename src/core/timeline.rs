//! The timeline picture: one lane per entry along a time axis with its
//! events marked, and usage meters as lines with revocation markers. This is
//! a model of shapes; the report renders it as SVG text and the timeline
//! page as DOM elements, both without trusting any label.

use crate::core::ledger::events::Rule;
use crate::core::ledger::Ledger;

pub const WIDTH: f64 = 960.0;
pub const LABEL_WIDTH: f64 = 220.0;
pub const LANE_HEIGHT: f64 = 22.0;
pub const AXIS_HEIGHT: f64 = 28.0;
pub const USAGE_HEIGHT: f64 = 90.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub x: f64,
    /// `seen`, `revoked`, `gone`, `reappeared`, `active`, `flag`, `verified`.
    pub kind: &'static str,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub y: f64,
    pub id: String,
    pub label: String,
    pub kind: String,
    pub status: &'static str,
    /// From first seen to gone (or the end of the window).
    pub x0: f64,
    pub x1: f64,
    pub marks: Vec<Mark>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub label: String,
    /// SVG text-anchor, so the first and last labels stay inside the picture.
    pub anchor: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UsageLine {
    pub name: String,
    /// (x, y) points, y from the top of the usage band.
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub width: f64,
    pub height: f64,
    pub start_ms: i64,
    pub end_ms: i64,
    pub ticks: Vec<Tick>,
    pub lanes: Vec<Lane>,
    /// Top of the usage band.
    pub usage_top: f64,
    pub usage: Vec<UsageLine>,
    /// x of each revocation and log-out-everywhere, drawn across the usage band.
    pub revocations: Vec<f64>,
    /// Entries that matched but were not drawn (over `max_lanes`).
    pub omitted: usize,
}

/// Which entries to draw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Kinds to keep (`token`, `session`, `device`, `other`); empty keeps all.
    pub kinds: Vec<String>,
    /// Statuses to keep; empty keeps all.
    pub statuses: Vec<String>,
}

crate::json_struct!(read Filter { kinds: def, statuses: def });

/// Draws `l` between `start_ms` and `end_ms` (both clamped so the window is
/// never empty), at most `max_lanes` lanes, revoked and flagged entries first.
pub fn picture(l: &Ledger, start_ms: i64, end_ms: i64, filter: &Filter, max_lanes: usize) -> Picture {
    let end_ms = end_ms.max(start_ms + 60_000);
    let span = (end_ms - start_ms) as f64;
    let plot = WIDTH - LABEL_WIDTH - 10.0;
    let x = |ms: i64| LABEL_WIDTH + ((ms.clamp(start_ms, end_ms) - start_ms) as f64 / span) * plot;
    let keep = |kind: &str, status: &str| {
        (filter.kinds.is_empty() || filter.kinds.iter().any(|k| k == kind))
            && (filter.statuses.is_empty() || filter.statuses.iter().any(|s| s == status))
    };
    // Marks come from each entry's state (when it was first seen, revoked,
    // gone, verified, flagged), so drawing needs no event history: the
    // timeline opens at once whatever the history's length.
    let in_window = |ms: i64| ms >= start_ms && ms <= end_ms;
    let stamp = |title: &str, ms: i64| format!("{title} — {}", crate::core::export::rfc3339(ms));
    let marks_of = |m: &crate::core::ledger::Member| {
        let mut out: Vec<Mark> = Vec::new();
        let mut add = |ms: Option<i64>, kind: &'static str, title: String| {
            if let Some(ms) = ms.filter(|ms| in_window(*ms)) {
                out.push(Mark {
                    x: x(ms),
                    kind,
                    title: stamp(&title, ms),
                });
            }
        };
        add(Some(m.first_seen_ms), "seen", "first seen".into());
        add(m.revoke.as_ref().map(|r| r.at_ms), "revoked", "revoked".into());
        add(m.gone_ms, "gone", "no longer listed".into());
        for f in &m.flags {
            match f.rule {
                Rule::ActiveAfterRevoke => add(Some(f.since_ms), "active", "active after revoke".into()),
                Rule::Reappeared => add(Some(f.since_ms), "reappeared", "listed again after revoke".into()),
                rule => add(Some(f.since_ms), "flag", format!("flag: {}", rule.name())),
            }
        }
        add(m.verified_ms, "verified", "verified gone".into());
        crate::core::sort::sort_by(&mut out, |a, b| a.x.total_cmp(&b.x));
        out
    };
    let mut revocations: Vec<f64> = Vec::new();
    let own = l
        .state
        .members
        .iter()
        .filter_map(|m| m.revoke.as_ref().filter(|r| !r.everywhere));
    for ms in own.map(|r| r.at_ms).chain(l.state.log_outs.iter().copied()) {
        if in_window(ms) {
            revocations.push(x(ms));
        }
    }
    crate::core::sort::sort_by(&mut revocations, f64::total_cmp);
    revocations.dedup();
    let mut members = crate::core::vecs::filter(&l.state.members, |m| {
        keep(&m.kind, m.status().name())
            && (m.first_seen_ms <= end_ms && m.gone_ms.is_none_or(|g| g >= start_ms)
                || m.revoke.as_ref().is_some_and(|r| in_window(r.at_ms))
                || m.flags.iter().any(|f| in_window(f.since_ms))
                || m.verified_ms.is_some_and(in_window))
    });
    let rank = |m: &crate::core::ledger::Member| match m.status().name() {
        "zombie" => 0,
        "revoke-pending" => 1,
        "revoked" => 2,
        "verified" => 3,
        _ => 4,
    };
    crate::core::sort::sort_by_key(&mut members, |m| (rank(m), m.first_seen_ms));
    let omitted = members.len().saturating_sub(max_lanes);
    members.truncate(max_lanes);
    let mut lane = 0.0;
    let lanes: Vec<Lane> = crate::core::vecs::map(&members, |m| {
        lane += 1.0;
        Lane {
            y: AXIS_HEIGHT + (lane - 1.0) * LANE_HEIGHT,
            id: m.id.clone(),
            label: m.label.clone(),
            kind: m.kind.clone(),
            status: m.status().name(),
            x0: x(m.first_seen_ms),
            x1: x(if m.listed { end_ms } else { m.gone_ms.unwrap_or(end_ms) }),
            marks: marks_of(m),
        }
    });
    let usage_top = AXIS_HEIGHT + lanes.len() as f64 * LANE_HEIGHT + 12.0;
    let mut usage: Vec<UsageLine> = Vec::new();
    for (name, percent, _, at) in &l.state.readings {
        if *at < start_ms || *at > end_ms {
            continue;
        }
        let y = usage_top + USAGE_HEIGHT - (percent.to_f64().clamp(0.0, 100.0) / 100.0) * USAGE_HEIGHT;
        match usage.iter_mut().find(|u| &u.name == name) {
            Some(u) => u.points.push((x(*at), y)),
            None => usage.push(UsageLine {
                name: name.clone(),
                points: vec![(x(*at), y)],
            }),
        }
    }
    // Labels as fine as the ticks are apart: a window of a few minutes
    // (a revocation checked at once) labelled to the minute repeats one
    // label at every tick. (The window is a minute at least.)
    let digits = if end_ms - start_ms >= 4 * 60_000 { 16 } else { 19 };
    let mut ticks = Vec::with_capacity(5);
    for i in 0..=4 {
        ticks.push({
            let ms = start_ms + (end_ms - start_ms) * i / 4;
            let anchor = match i {
                0 => "start",
                4 => "end",
                _ => "middle",
            };
            Tick {
                x: x(ms),
                label: crate::core::text::replace_str(
                    crate::core::text::head(&crate::core::export::rfc3339(ms), digits),
                    "T",
                    " ",
                ),
                anchor,
            }
        });
    }
    Picture {
        width: WIDTH,
        height: usage_top + USAGE_HEIGHT + 16.0,
        start_ms,
        end_ms,
        ticks,
        lanes,
        usage_top,
        usage,
        revocations,
        omitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ledger::settings::Settings;

    fn labels(start_ms: i64, end_ms: i64) -> Vec<String> {
        let l = Ledger::new(Settings::default());
        let p = picture(&l, start_ms, end_ms, &Filter::default(), 10);
        crate::core::vecs::map(&p.ticks, |t| t.label.clone())
    }

    #[test]
    fn tick_labels_are_as_fine_as_the_ticks_are_apart() {
        // 2026-11-22 12:00 UTC.
        let t0 = 1_795_348_800_000;
        assert_eq!(
            labels(t0, t0 + 4 * 3_600_000),
            [
                "2026-11-22 12:00",
                "2026-11-22 13:00",
                "2026-11-22 14:00",
                "2026-11-22 15:00",
                "2026-11-22 16:00"
            ]
        );
        assert_eq!(
            labels(t0, t0 + 60_000),
            [
                "2026-11-22 12:00:00",
                "2026-11-22 12:00:15",
                "2026-11-22 12:00:30",
                "2026-11-22 12:00:45",
                "2026-11-22 12:01:00"
            ]
        );
        // However short the window, no two labels are alike.
        for span in [0, 1, 999, 4_000, 59_999, 239_999, 240_000, 86_400_000] {
            let l = labels(t0, t0 + span);
            assert!((1..l.len()).all(|i| l[i] != l[i - 1]), "{span}: {l:?}");
        }
    }
}
