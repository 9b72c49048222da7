//! Following entries across visits. Rows are matched to known entries with
//! the same fingerprint (kind, label, scopes/location/platform), in page
//! order, using the creation time ("Connected …", "Enrolled …", "Signed in
//! …") to tell apart rows that look alike when the intervals allow it.
//!
//! Among rows that cannot be told apart, a row is matched to an entry that
//! was *not* revoked first. So when one of N identical tokens is revoked
//! and the listing shrinks to N−1, the revoked entry is the one left over
//! and goes `gone` — the ledger reasons about the group's count and never
//! claims to know which identical row is which.
//!
//! A tab that has shown the page since before an entry's latest change,
//! which another tab saw, shows the listing as it was ([`Member::behind`]):
//! its row is matched to that entry, so that it is neither a new entry nor
//! the entry coming back, and changes nothing; nor does leaving the entry
//! out mark it gone.

use super::events::{Body, Rule};
use super::{insert_sorted, rules, Ledger, Member, Viewer};
use crate::core::lookup::KeyIndex;
use crate::core::page::{Entry, EntryKindTag, PageReading, Record};
use crate::core::phrases::SectionKind;
use crate::core::time::Interval;

/// What a row says that matters for matching and rules.
struct Obs {
    kind: &'static str,
    label: String,
    scopes: Vec<String>,
    detail: Option<String>,
    since: Option<Interval>,
    last_active: Option<(Interval, String)>,
    current: bool,
}

impl Obs {
    fn of(e: &Entry) -> Obs {
        // An activity time, with the words the page said it in (evidence).
        let activity =
            |t: &Option<crate::core::time::TimeObs>| t.as_ref().and_then(|t| t.interval.map(|i| (i, t.raw.clone())));
        let (scopes, detail, last_active, current) = match &e.record {
            Record::Token { scopes, last_used, .. } => (scopes.clone(), None, activity(last_used), false),
            Record::Session {
                location,
                last_active,
                current,
                ..
            } => (Vec::new(), location.clone(), activity(last_active), *current),
            Record::Device {
                platform, last_used, ..
            } => (Vec::new(), platform.clone(), activity(last_used), false),
            Record::Other { .. } => (Vec::new(), None, None, false),
        };
        Obs {
            kind: e.kind_tag().name(),
            label: e.label().to_string(),
            scopes,
            detail,
            since: e.since(),
            last_active,
            current,
        }
    }
}

/// Widened for comparison: displays round differently, so half the
/// interval's width (at least the clock-skew tolerance) is allowed each side.
fn widen(iv: Interval, skew: i64) -> Interval {
    let pad = ((iv.latest - iv.earliest) / 2).max(skew);
    Interval {
        earliest: iv.earliest.saturating_sub(pad),
        latest: iv.latest.saturating_add(pad),
    }
}

/// Whether two creation times (as shown, each an interval) can be the same
/// entry's: both unknown or, widened, overlapping.
pub(crate) fn could_be_same(a: Option<Interval>, b: Option<Interval>, skew: i64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => widen(a, skew).overlaps(&widen(b, skew)),
        _ => true,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Match {
    Listed,
    /// A revoked or gone entry, in a tab that is behind it.
    Behind,
    ListedRevoked,
    BackRevoked,
    Back,
    /// A session listed before, at a new location (`moved`).
    Moved,
}

/// How a row matches a listed entry: as listed, as what a tab behind its
/// revocation shows, or as a revoked entry still listed.
fn as_listed(m: &Member, viewer: Viewer) -> Match {
    match () {
        _ if m.revoke.is_none() => Match::Listed,
        _ if m.behind(viewer) => Match::Behind,
        _ => Match::ListedRevoked,
    }
}

pub(super) fn observe_entries(
    l: &mut Ledger,
    reading: &PageReading,
    page: &str,
    viewer: Viewer,
    now: i64,
) -> Vec<String> {
    let skew = l.state.settings.skew_ms;
    // Only the members this visit can concern are touched: the page's
    // listed ones and those sharing a fingerprint with a row.
    let listed_before = l.index.listed_on(page);
    // Members taken by a row of this visit, ascending (a sorted list rather
    // than a set: at most one per row, and no set type in the wasm).
    let mut used: Vec<usize> = Vec::new();
    let taken = |used: &Vec<usize>, i: usize| used.binary_search(&i).is_ok();
    let mut ids = Vec::with_capacity(reading.entries.len());
    // Rows per fingerprint, and whether they keep their entries in order
    // (`in_order`), decided once per fingerprint, at its first row.
    let by_print = KeyIndex::new(crate::core::vecs::map(&reading.entries, |e| e.fingerprint.as_str()));
    let mut decided: Vec<Option<bool>> = vec![None; reading.entries.len()];
    for (row, e) in reading.entries.iter().enumerate() {
        let group = e.fingerprint.clone();
        let run = by_print.run(&group);
        let first = run.first().map_or(0, |r| r.2);
        let steady = match decided.get(first).copied().flatten() {
            Some(known) => known,
            None => {
                let known = in_order(l, reading, page, e, run, skew);
                if let Some(slot) = decided.get_mut(first) {
                    *slot = Some(known);
                }
                known
            }
        };
        let obs = Obs::of(e);
        // Creation times that could be the same entry's: as shown, when
        // `exact` (both known and overlapping), else widened for rounding.
        let close = |m: &Member, exact: bool| match (m.since, obs.since) {
            (Some(a), Some(b)) if exact => a.overlaps(&b),
            _ if exact => false,
            (a, b) => could_be_same(a, b, skew),
        };
        let overlaps = |m: &Member| close(m, false);
        let dated = |m: &Member, exact: bool| m.since.is_some() && obs.since.is_some() && close(m, exact);
        let choice = {
            let members = &l.state.members;
            let candidates = l.index.group(page, &group);
            let pick = |pred: &dyn Fn(&Member) -> bool| {
                candidates
                    .iter()
                    .copied()
                    .find(|&i| !taken(&used, i) && pred(&members[i]))
            };
            let steady_pick = || {
                pick(&|m| m.listed && overlaps(m) && (m.revoke.is_none() || !obs.current))
                    .map(|i| (i, as_listed(&members[i], viewer)))
            };
            // Each kind of match in turn, first among entries whose
            // creation time agrees as shown, then widened: a row dated
            // Oct 1 is the revoked token dated Oct 1 before it is the
            // unrevoked one dated Oct 2 that rounding could make it.
            let by_kind = |exact: bool| {
                let overlaps = |m: &Member| close(m, exact);
                pick(&|m| m.listed && m.revoke.is_none() && overlaps(m))
                    .map(|i| (i, Match::Listed))
                    .or_else(|| {
                        // A revoked entry by its looks alone, as the matching
                        // of revoked entries below; a gone one only by its
                        // creation time too, as `Match::Back`.
                        pick(&|m| {
                            m.behind(viewer)
                                && !obs.current
                                && (m.revoke.is_some() && overlaps(m) || !m.listed && dated(m, exact))
                        })
                        .map(|i| (i, Match::Behind))
                    })
                    .or_else(|| {
                        pick(&|m| m.listed && m.revoke.is_some() && !obs.current && overlaps(m))
                            .map(|i| (i, Match::ListedRevoked))
                    })
                    // A gone entry that was not revoked before one that was:
                    // when a page that showed only some of its rows shows them
                    // all again, the rows that come back are the unrevoked
                    // ones first, and a revoked one is back only when the
                    // count says so.
                    .or_else(|| pick(&|m| !m.listed && m.revoke.is_none() && dated(m, exact)).map(|i| (i, Match::Back)))
                    .or_else(|| {
                        pick(&|m| !m.listed && m.revoke.is_some() && !obs.current && dated(m, exact))
                            .map(|i| (i, Match::BackRevoked))
                    })
            };
            steady
                .then(steady_pick)
                .flatten()
                .or_else(|| [true, false].into_iter().find_map(by_kind))
        };
        // A row last active wholly before the revocation of a gone entry
        // that looks like it is that entry back: no sign-in after the
        // revocation was active before it (session rows mostly show no
        // sign-in time to tell). Not while a gone entry like it that was
        // never revoked could be the one back instead.
        let choice = choice.or_else(|| {
            let members = &l.state.members;
            let (active, _) = obs.last_active.as_ref().filter(|_| !obs.current)?;
            let candidates = l.index.group(page, &group);
            let gone = |i: usize| !taken(&used, i) && !members[i].listed;
            if candidates.iter().any(|&i| gone(i) && members[i].revoke.is_none()) {
                return None;
            }
            let before = |i: usize| {
                members[i]
                    .revoke
                    .as_ref()
                    .is_some_and(|r| active.latest + skew < r.at_ms)
            };
            let found = candidates.iter().find(|&&i| gone(i) && before(i));
            found.map(|&i| (i, Match::BackRevoked))
        });
        let choice = choice.or_else(|| {
            moved(
                l,
                page,
                reading,
                &by_print,
                &listed_before,
                &obs,
                &group,
                viewer,
                &used,
                skew,
            )
            .map(|i| (i, Match::Moved))
        });
        let choice = choice.or_else(|| {
            details_toggled(l, &listed_before, &by_print, &obs, &group, row, &used, skew)
                .map(|i| (i, as_listed(&l.state.members[i], viewer)))
        });
        let idx = match choice {
            Some((i, Match::Behind)) => {
                insert_sorted(&mut used, i);
                ids.push(l.state.members[i].id.clone());
                continue;
            }
            Some((i, Match::Moved)) => {
                insert_sorted(&mut used, i);
                let m = &l.state.members[i];
                let (entry, from) = (m.id.clone(), m.detail.clone().unwrap_or_default());
                let old_group = m.group.clone();
                let to = obs.detail.clone().unwrap_or_default();
                let field = "location".into();
                l.record(
                    now,
                    Some(page),
                    Body::Changed {
                        entry: entry.clone(),
                        field,
                        from,
                        to,
                    },
                );
                let field = "fingerprint".into();
                l.record(
                    now,
                    Some(page),
                    Body::Changed {
                        entry,
                        field,
                        from: old_group,
                        to: group.clone(),
                    },
                );
                i
            }
            Some((i, how)) => {
                insert_sorted(&mut used, i);
                let id = l.state.members[i].id.clone();
                if matches!(how, Match::BackRevoked | Match::Back) {
                    l.record(now, Some(page), Body::Reappeared { entry: id.clone() });
                    l.state.members[i].note_change(viewer.tab, now);
                }
                if how == Match::BackRevoked {
                    rules::raise_reappeared(l, i, page, now);
                }
                i
            }
            None => {
                l.state.next_member += 1;
                let id = format!("e{}", l.state.next_member);
                l.record(
                    now,
                    Some(page),
                    Body::Seen {
                        entry: id,
                        kind: obs.kind.to_string(),
                        group: group.clone(),
                        label: obs.label.clone(),
                        scopes: obs.scopes.clone(),
                        detail: obs.detail.clone(),
                        since: obs.since,
                    },
                );
                // Seen during this visit: no later row of it may take it.
                let i = l.state.members.len() - 1;
                insert_sorted(&mut used, i);
                // New on this page as of when the tab's page could date
                // from: a tab with an older page may not show it yet.
                l.state.members[i].note_change(viewer.tab, viewer.shown_since.map_or(now, |s| s.min(now)));
                i
            }
        };
        update_observed(l, idx, &obs, page, now);
        if l.state.members[idx].revoke.is_some() && l.state.members[idx].listed {
            rules::check_listed_after_revoke(l, idx, obs.last_active.as_ref(), page, now);
        }
        ids.push(l.state.members[idx].id.clone());
    }
    // Entries of this page that were listed and are not any more (unless
    // the page says its listing shows only part of them, or shows its
    // heading with nothing under it: a sessions heading over "Loading…"
    // while the app fetches them lists nothing, and says nothing about any
    // session).
    let mut unshown = reading.unshown_kinds();
    // A listing missing with its heading, while entries of it were listed
    // and not revoked: a single-page app that draws a section only once
    // its rows have loaded was read before they came (dropped when empty,
    // a section would have lost only revoked entries).
    for section in [SectionKind::Tokens, SectionKind::Sessions, SectionKind::Devices] {
        let Some(tag) = crate::core::page::entry_kind(section) else {
            continue;
        };
        let kind = tag.name();
        let vanished = !reading.titled_listings.contains(&section)
            && !reading.empty_sections.contains(&section)
            && !reading.entries.iter().any(|e| e.kind_tag() == tag);
        let waiting = listed_before.iter().any(|&i| {
            let m = &l.state.members[i];
            m.kind == kind && m.listed && m.revoke.is_none() && !m.behind(viewer)
        });
        if vanished && waiting && !unshown.contains(&kind) {
            unshown.push(kind);
        }
    }
    let mut gone = Vec::new();
    for i in listed_before {
        let m = &l.state.members[i];
        let listing_shown = !unshown.contains(&m.kind.as_str());
        if reading.partial.is_none() && !taken(&used, i) && m.listed && !m.behind(viewer) && listing_shown {
            gone.push(i);
        }
    }
    for i in gone {
        let id = l.state.members[i].id.clone();
        l.record(now, Some(page), Body::Gone { entry: id.clone() });
        l.state.members[i].note_change(viewer.tab, now);
        for rule in [Rule::StillListed, Rule::Reappeared] {
            if l.state.members[i].flags.iter().any(|f| f.rule == rule) {
                l.record(
                    now,
                    Some(page),
                    Body::FlagCleared {
                        entry: Some(id.clone()),
                        meter: None,
                        rule,
                    },
                );
            }
        }
    }
    ids
}

/// The session listed before that a row of a new look is, when its
/// location (or address) alone changed: the only session listed on the
/// page with the row's label whose own look the page no longer shows,
/// beside the only row with that label whose look no listed session has.
/// A sessions listing may say where each session was last used, which
/// changes as it is used, and a terminated session still in use somewhere
/// else must not look gone. Anything less clear stays a new entry.
#[allow(clippy::too_many_arguments)]
fn moved(
    l: &Ledger,
    page: &str,
    reading: &PageReading,
    by_print: &KeyIndex,
    listed_before: &[usize],
    obs: &Obs,
    group: &str,
    viewer: Viewer,
    used: &[usize],
    skew: i64,
) -> Option<usize> {
    if obs.kind != EntryKindTag::Session.name() || obs.current {
        return None;
    }
    let members = &l.state.members;
    let shown_before = |print: &str| l.index.group(page, print).iter().any(|&i| members[i].listed);
    let mut rows = 0;
    for e in &reading.entries {
        if e.kind_tag() == EntryKindTag::Session && e.label() == obs.label && !shown_before(&e.fingerprint) {
            rows += 1;
        }
    }
    if rows != 1 {
        return None;
    }
    let mut found = None;
    for &i in listed_before {
        let m = &members[i];
        let alike = m.kind == obs.kind && m.label == obs.label && m.group != group;
        if alike
            && used.binary_search(&i).is_err()
            && by_print.run(&m.group).is_empty()
            && !m.behind(viewer)
            && could_be_same(m.since, obs.since, skew)
        {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// The listed entry a row is when the two differ only in how much of
/// their details is shown (a token's scopes, all, some or none; a
/// session's place or a device's platform, or none): a page may draw them
/// in full only while the user has the row expanded, which changes its
/// look, not the entry. Taken from a look with more listed entries left
/// untaken than rows of it still to come on this page, so that its own
/// rows keep theirs; the first such entry, in the order they were seen,
/// as rows that look alike are matched.
#[allow(clippy::too_many_arguments)]
fn details_toggled(
    l: &Ledger,
    listed_before: &[usize],
    by_print: &KeyIndex,
    obs: &Obs,
    group: &str,
    row: usize,
    used: &[usize],
    skew: i64,
) -> Option<usize> {
    // Scopes shown in part ("+3 more") are some of those shown in full.
    let within = |a: &[String], b: &[String]| a.iter().all(|x| b.contains(x));
    let partly = |m: &Member| {
        (within(&m.scopes, &obs.scopes) || within(&obs.scopes, &m.scopes))
            && (m.detail.is_none() || obs.detail.is_none() || m.detail == obs.detail)
    };
    let members = &l.state.members;
    let untaken = |i: usize| used.binary_search(&i).is_err() && members[i].listed;
    // The counts are the same for every entry of a look: a look without
    // one to spare is not counted again for its next entry.
    let mut short: Option<&str> = None;
    for &i in listed_before {
        let m = &members[i];
        let alike = untaken(i)
            && m.kind == obs.kind
            && m.group != group
            && m.label == obs.label
            && partly(m)
            && !(obs.current && m.revoke.is_some())
            && could_be_same(m.since, obs.since, skew);
        if !alike || short == Some(m.group.as_str()) {
            continue;
        }
        let to_come = by_print.run(&m.group).iter().filter(|r| r.2 > row).count();
        let left = listed_before
            .iter()
            .filter(|&&j| untaken(j) && members[j].group == m.group)
            .count();
        if left > to_come {
            return Some(i);
        }
        short = Some(m.group.as_str());
    }
    None
}

/// Whether the token rows that look like `e` (`run`: its fingerprint's
/// rows) keep their entries in order, revoked or not: when they are as many
/// as their entries still listed, and no creation time tells any of them
/// apart (a token connected just now beside a revoked one gone is not the
/// same count). Then nothing went and nothing came, and a revoked token's
/// badge stays on the row the user clicked instead of moving to the last
/// of the rows that look the same. Tokens only: they are listed in the
/// order they were connected, while sessions may be listed by their last
/// activity, whose order changes (and an identical session's activity,
/// taken for a revoked one's, would be activity after its revocation).
fn in_order(l: &Ledger, reading: &PageReading, page: &str, e: &Entry, run: &[(u64, &str, usize)], skew: i64) -> bool {
    // A row alone of its look has one entry to take either way.
    if run.len() < 2 || e.kind_tag() != crate::core::page::EntryKindTag::Token {
        return false;
    }
    let members = &l.state.members;
    let listed = crate::core::vecs::filter(l.index.group(page, &e.fingerprint), |&i| members[i].listed);
    let (mut from, mut to) = (i64::MIN, i64::MAX);
    let mut meet = |t: Option<Interval>| {
        if let Some(t) = t {
            let w = widen(t, skew);
            from = from.max(w.earliest);
            to = to.min(w.latest);
        }
    };
    for r in run {
        meet(reading.entries.get(r.2).and_then(Entry::since));
    }
    for &&i in &listed {
        meet(members[i].since);
    }
    listed.len() == run.len() && from <= to
}

fn update_observed(l: &mut Ledger, idx: usize, obs: &Obs, page: &str, now: i64) {
    let was_current = l.state.members[idx].current;
    if was_current != obs.current {
        let entry = l.state.members[idx].id.clone();
        l.record(
            now,
            Some(page),
            Body::Changed {
                entry,
                field: "current".into(),
                from: was_current.to_string(),
                to: obs.current.to_string(),
            },
        );
    }
    let m = &mut l.state.members[idx];
    // The latest sighting: a clock set back must not make an entry's last
    // sighting come before its first.
    m.last_seen_ms = m.last_seen_ms.max(now);
    m.last_active = obs.last_active.as_ref().map(|(i, _)| *i);
    if let (Some(a), Some(b)) = (m.since, obs.since) {
        let narrowed = Interval {
            earliest: a.earliest.max(b.earliest),
            latest: a.latest.min(b.latest),
        };
        if narrowed.earliest <= narrowed.latest {
            m.since = Some(narrowed);
        }
    } else if m.since.is_none() {
        m.since = obs.since;
    }
}
