//! What the ledger shows: badge words and evidence for a row, and the
//! `state` answer for extension pages (docs/messages.md).

use super::events::Event;
use super::{Flag, Ledger, Member, PageCheck, Settings, Status};
use crate::core::lookup::KeyIndex;
use crate::core::time::Interval;
use crate::core::vecs;

/// "4 min", "3 h", "2 d": a duration as badges say it.
pub fn short_duration(ms: i64) -> String {
    let m = ms.max(0) / 60_000;
    if m < 1 {
        "<1 min".into()
    } else if m < 60 {
        format!("{m} min")
    } else if m < 48 * 60 {
        format!("{} h", m / 60)
    } else {
        format!("{} d", m / (24 * 60))
    }
}

/// "2026-11-22 14:05" in the browser's offset: evidence times for people.
pub fn local_time(ms: i64, tz_offset_min: i32) -> String {
    let mut out = String::with_capacity(16);
    push_local_time(&mut out, ms, tz_offset_min);
    out
}

/// Appends [`local_time`] to `out`, digit by digit: every badge's
/// description carries one or more, and the formatter is slow at this.
pub fn push_local_time(out: &mut String, ms: i64, tz_offset_min: i32) {
    let local = ms.saturating_add(tz_offset_min as i64 * 60_000);
    let days = local.div_euclid(86_400_000);
    let (y, mo, d) = crate::core::time::civil_from_days(days);
    let mins = local.rem_euclid(86_400_000) / 60_000;
    if (0..=9999).contains(&y) {
        push_digits(out, y, 4);
    } else {
        out.push_str(&format!("{y:04}"));
    }
    for (sep, v) in [
        ('-', i64::from(mo)),
        ('-', i64::from(d)),
        (' ', mins / 60),
        (':', mins % 60),
    ] {
        out.push(sep);
        push_digits(out, v, 2);
    }
}

/// `v` (0 ≤ v < 10^width) with leading zeros to `width` digits.
fn push_digits(out: &mut String, v: i64, width: u32) {
    for k in (0..width).rev() {
        out.push(char::from(b'0' + (v / 10i64.pow(k) % 10) as u8));
    }
}

/// What a new entry's badge says besides "Watching".
#[derive(Debug, Clone, Copy)]
pub enum Note<'a> {
    /// It looks exactly like this revoked entry, gone since
    /// ([`super::Ledger::lookalike_of`]).
    LooksLike(&'a Member),
    /// A token connected after every token listed before it was revoked,
    /// the last at this time ([`super::Ledger::connected_after_all_revoked`]).
    ConnectedAfter(i64),
}

/// Badge words and the longer description (hover, screen readers) for one
/// row matched to `m`. `alike` is how many rows on the page look the same;
/// `behind`: `m` is revoked and the tab shows the page from before its
/// latest change ([`Member::behind`]); `note`: what a new entry's badge
/// says besides "Watching".
pub fn badge_words(m: &Member, alike: usize, behind: bool, note: Option<Note>, now: i64, tz: i32) -> (String, String) {
    let since_revoke = m.revoke.as_ref().map(|r| now - r.at_ms).unwrap_or(0);
    let words = match m.status() {
        // A zombie's flag was raised by a page that counts; its words stand.
        Status::RevokePending | Status::Revoked | Status::Verified if behind => {
            "Revoked — reload this tab to check".to_string()
        }
        Status::Watching if matches!(note, Some(Note::LooksLike(_))) => "Watching · like one revoked".to_string(),
        Status::Watching if note.is_some() => "Watching · connected after all were revoked".to_string(),
        Status::Watching => "Watching".to_string(),
        Status::RevokePending => format!("Revoked {} ago — waiting", short_duration(since_revoke)),
        Status::Revoked => "Revoked — gone".to_string(),
        Status::Verified => "Verified gone".to_string(),
        Status::Zombie => match m.flags.first().map(|f| f.rule) {
            Some(super::events::Rule::Reappeared) => "Came back after revoke".to_string(),
            Some(super::events::Rule::ActiveAfterRevoke) => {
                let active = m.last_active.map(|a| a.earliest).unwrap_or(now);
                let at = m.revoke.as_ref().map_or(active, |r| r.at_ms);
                format!("Active {} after revoke", short_duration(active - at))
            }
            _ => format!("Still listed {} after revoke", short_duration(since_revoke)),
        },
    };
    let words = if alike > 1 && m.revoke.is_some() {
        format!("{words} (1 of {alike} alike)")
    } else {
        words
    };
    // Built piece by piece rather than with `format!`: this runs for every
    // row of every page reading.
    let mut desc = String::with_capacity(128);
    for piece in [
        "revoke-watch: ",
        &m.kind,
        " “",
        &crate::core::text::preview(&m.label, 80),
        "”. ",
        &words,
    ] {
        desc.push_str(piece);
    }
    if let Some(r) = &m.revoke {
        desc.push_str(". Revoked ");
        push_local_time(&mut desc, r.at_ms, tz);
    }
    if behind {
        desc.push_str(". Another tab saw it change since this tab loaded the page: reload the page to check");
    }
    push_evidence(&mut desc, &m.flags, tz);
    match note {
        Some(Note::LooksLike(k)) => {
            for piece in [
                ". It looks like the ",
                &k.kind,
                " “",
                &crate::core::text::preview(&k.label, 80),
                "” revoked ",
            ] {
                desc.push_str(piece);
            }
            push_local_time(&mut desc, k.revoke.as_ref().map_or(0, |r| r.at_ms), tz);
            desc.push_str(
                " and gone since: a new sign-in, or the same one back; the page shows no time that tells them apart",
            );
        }
        Some(Note::ConnectedAfter(at)) => {
            desc.push_str(". Connected after every token listed before it was revoked (the last at ");
            push_local_time(&mut desc, at, tz);
            desc.push_str("): you signing in again, or a client that could still sign in");
        }
        None => {}
    }
    if alike > 1 && m.revoke.is_some() {
        desc.push_str(&format!(
            ". {alike} rows look identical; revoke-watch counts them and cannot tell which one is which"
        ));
    }
    desc.push_str(". First seen ");
    push_local_time(&mut desc, m.first_seen_ms, tz);
    (words, desc)
}

/// Each flag's evidence as ". <local time>: <what>", for a badge's words
/// (an entry's or a usage meter's). Two flags of one revocation both
/// start from it ("revoked …"): a line already written is not repeated.
pub fn push_evidence(desc: &mut String, flags: &[super::Flag], tz: i32) {
    for (i, f) in flags.iter().enumerate() {
        let before = flags.get(..i).unwrap_or(&[]);
        for e in &f.evidence {
            if before.iter().any(|g| g.evidence.contains(e)) {
                continue;
            }
            desc.push_str(". ");
            push_local_time(desc, e.at_ms, tz);
            desc.push_str(": ");
            desc.push_str(&e.what);
        }
    }
}

#[derive(Debug)]
pub struct EntryView<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub label: &'a str,
    pub scopes: &'a [String],
    pub detail: Option<&'a str>,
    pub status: &'static str,
    pub listed: bool,
    pub flags: Vec<FlagView<'a>>,
    pub revoked_at: Option<i64>,
    pub first_seen: i64,
    pub last_seen: i64,
    /// Only in the `ledger` answer (the state answer has no history).
    pub events: Option<Vec<&'a Event>>,
}

#[derive(Debug)]
pub struct FlagView<'a> {
    pub rule: &'static str,
    pub since: i64,
    pub evidence: &'a [super::events::Evidence],
}

fn flags(f: &[Flag]) -> Vec<FlagView<'_>> {
    vecs::map(f, |f| FlagView {
        rule: f.rule.name(),
        since: f.since_ms,
        evidence: &f.evidence,
    })
}

#[derive(Debug)]
pub struct MeterView<'a> {
    pub name: &'a str,
    pub percent: crate::core::decimal::Decimal,
    pub resets: Option<Interval>,
    pub observed_at: i64,
    pub flags: Vec<FlagView<'a>>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub watching: u32,
    pub revoke_pending: u32,
    pub revoked: u32,
    pub verified: u32,
    pub zombie: u32,
    pub flagged_meters: u32,
}

#[derive(Debug)]
pub struct StateView<'a> {
    pub version: &'static str,
    /// `state`: the entries still watched (listed, revoked and not yet
    /// verified gone, or flagged). `ledger`: every entry, with its events.
    pub entries: Vec<EntryView<'a>>,
    /// Entries not listed in `entries` (archived: gone, never revoked or verified).
    pub archived: usize,
    /// Events recorded in all.
    pub events: usize,
    pub meters: Vec<MeterView<'a>>,
    pub settings: Settings,
    pub log_out_everywhere: &'a [i64],
    pub pages: &'a crate::core::json::SmallMap<PageCheck>,
    pub counts: Counts,
}

crate::json_struct!(write EntryView<'a> {
    id: req,
    kind: req,
    label: req,
    scopes: req,
    detail: opt,
    status: req,
    listed: req,
    flags: req,
    revoked_at: opt,
    first_seen: req,
    last_seen: req,
    events: opt,
});
crate::json_struct!(write FlagView<'a> { rule: req, since: req, evidence: req });
crate::json_struct!(write MeterView<'a> { name: req, percent: req, resets: req, observed_at: req, flags: req });
crate::json_struct!(both Counts {
    watching: req,
    revoke_pending: req,
    revoked: req,
    verified: req,
    zombie: req,
    flagged_meters: req,
});
crate::json_struct!(write StateView<'a> {
    version: req,
    entries: req,
    archived: req,
    events: req,
    meters: req,
    settings: req,
    log_out_everywhere: req,
    pages: req,
    counts: req,
});

impl Counts {
    /// Counts one more entry with `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Watching => self.watching += 1,
            Status::RevokePending => self.revoke_pending += 1,
            Status::Revoked => self.revoked += 1,
            Status::Verified => self.verified += 1,
            Status::Zombie => self.zombie += 1,
        }
    }
}

pub fn counts(l: &Ledger) -> Counts {
    let mut c = Counts::default();
    for m in &l.state.members {
        c.add(m.status());
    }
    if let Some(a) = &l.residence.archive {
        c.watching += a.counts.watching;
        c.revoke_pending += a.counts.revoke_pending;
        c.revoked += a.counts.revoked;
        c.verified += a.counts.verified;
        c.zombie += a.counts.zombie;
    }
    c.flagged_meters = l.state.meters.iter().filter(|m| !m.flags.is_empty()).count() as u32;
    c
}

/// The watch state: what is being watched now, without the history. Cheap
/// whatever the history's length (it is what a woken worker answers first).
#[inline(never)]
pub fn state_view(l: &Ledger) -> StateView<'_> {
    let entries = vecs::filter_map(&l.state.members, |m| {
        (!crate::core::storage::archivable(m)).then(|| entry_view(m, None))
    });
    view(l, entries)
}

/// Every entry with its events (needs the whole ledger in memory).
#[inline(never)]
pub fn ledger_view(l: &Ledger) -> StateView<'_> {
    let members = &l.state.members;
    let ids = KeyIndex::new(vecs::map(members, |m| m.id.as_str()));
    let mut by_member: Vec<Vec<&Event>> = vec![Vec::new(); members.len()];
    for e in &l.events {
        if let Some(i) = e.body.entry().and_then(|id| ids.get(id)) {
            by_member[i].push(e);
        }
    }
    let mut entries = Vec::with_capacity(members.len());
    for (m, events) in members.iter().zip(by_member) {
        entries.push(entry_view(m, Some(events)));
    }
    view(l, entries)
}

fn entry_view<'a>(m: &'a Member, events: Option<Vec<&'a Event>>) -> EntryView<'a> {
    EntryView {
        id: &m.id,
        kind: &m.kind,
        label: &m.label,
        scopes: &m.scopes,
        detail: m.detail.as_deref(),
        status: m.status().name(),
        listed: m.listed,
        flags: flags(&m.flags),
        revoked_at: m.revoke.as_ref().map(|r| r.at_ms),
        first_seen: m.first_seen_ms,
        last_seen: m.last_seen_ms,
        events,
    }
}

fn view<'a>(l: &'a Ledger, entries: Vec<EntryView<'a>>) -> StateView<'a> {
    let meters = vecs::map(&l.state.meters, |m| MeterView {
        name: &m.name,
        percent: m.percent,
        resets: m.resets,
        observed_at: m.observed_at_ms,
        flags: flags(&m.flags),
    });
    StateView {
        version: crate::core::VERSION,
        archived: l.entry_count() - entries.len(),
        events: l.event_count(),
        entries,
        meters,
        settings: l.state.settings,
        log_out_everywhere: &l.state.log_outs,
        pages: &l.state.checked,
        counts: counts(l),
    }
}

#[cfg(test)]
mod tests {
    use super::local_time;

    #[test]
    fn local_time_is_the_formatters_text() {
        // Digit by digit against `format!`, over years 0..=9999 and both
        // sides of the epoch, in several time zones.
        let by_formatter = |ms: i64, tz: i32| {
            let local = ms + tz as i64 * 60_000;
            let (y, mo, d) = crate::core::time::civil_from_days(local.div_euclid(86_400_000));
            let mins = local.rem_euclid(86_400_000) / 60_000;
            format!("{y:04}-{mo:02}-{d:02} {:02}:{:02}", mins / 60, mins % 60)
        };
        let mut ms: i64 = -62_167_219_200_000; // 0000-01-01
        while ms < 253_402_300_799_000 {
            for tz in [0, 330, -480, 840, -720] {
                assert_eq!(local_time(ms, tz), by_formatter(ms, tz), "{ms} {tz}");
            }
            ms += 987_654_321_123 + 59_999;
        }
        assert_eq!(local_time(1_795_348_800_000, 0), "2026-11-22 12:00");
    }
}
