//! Time phrases → intervals. A page says "Connected 3 days ago" or "Nov 3,
//! 2026"; revoke-watch keeps that as the interval of instants it can mean,
//! relative to the observation's clock, never as a made-up exact instant.
//!
//! Intervals are closed: `earliest ..= latest`, in Unix milliseconds (UTC).
//! Relative amounts are read as the page's display floors them: "3 days ago"
//! is any instant from 4 days to 3 days before the observation. A hedged
//! amount ("about 2 hours ago") may have been rounded, so it is one unit
//! wider.

use crate::core::phrases::{Phrases, TimeRole, TimeWords, Unit};
use crate::core::text::{find_str, fold, replace_str, starts_with_words, trim_end_any, trim_start_any};

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// Width of "just now" / "Active now": displays say it for up to a minute or
/// two after the event.
const JUST_NOW: i64 = 2 * MINUTE;

/// The observation's clock, passed in by the caller (the core never reads one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Unix milliseconds at observation.
    pub now_ms: i64,
    /// The browser's offset from UTC in minutes at observation (UTC+1 → 60).
    /// Dates on the page are read in this offset; see docs/page-reading.md
    /// for the daylight-saving caveat.
    pub tz_offset_min: i32,
}

/// Closed interval of instants, Unix milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub earliest: i64,
    pub latest: i64,
}

crate::json_struct!(both Interval { earliest: req, latest: req });

impl Interval {
    fn new(earliest: i64, latest: i64) -> Interval {
        Interval {
            earliest: earliest.min(latest),
            latest: latest.max(earliest),
        }
    }
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.earliest <= other.latest && other.earliest <= self.latest
    }
}

/// How finely the page pinned the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// A machine-readable instant with a zone (ISO 8601 with Z or offset).
    Exact,
    Second,
    Minute,
    Day,
    /// A relative phrase; the interval's width says how vague.
    Relative,
    /// Recognised as a time by its leading word, but the rest was not understood.
    #[default]
    Unknown,
}

/// A time as read from the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeObs {
    pub raw: String,
    pub role: TimeRole,
    pub precision: Precision,
    pub interval: Option<Interval>,
}

crate::json_names!(Precision {
    Exact = "exact",
    Second = "second",
    Minute = "minute",
    Day = "day",
    Relative = "relative",
    Unknown = "unknown",
});
crate::json_struct!(both TimeObs { raw: req, role: req, precision: req, interval: opt });

/// Whether `raw` says when, as an interval of time ("3 days ago", "Nov 3,
/// 2026"): not merely a time word with nothing readable after it.
pub fn says_when(raw: &str, clock: &Clock, phrases: &Phrases) -> bool {
    parse_time(raw, clock, phrases).is_some_and(|t| t.interval.is_some())
}

/// Reads `raw` as a time phrase. `None` when the text is not a time at all;
/// a `TimeObs` with no interval when it starts with a time word ("Connected
/// …") whose rest is not understood.
pub fn parse_time(raw: &str, clock: &Clock, phrases: &Phrases) -> Option<TimeObs> {
    parse_folded_time(raw, &fold(raw), clock, phrases)
}

/// [`parse_time`] of `raw` when the caller has its [`fold`] already.
pub fn parse_folded_time(raw: &str, folded: &str, clock: &Clock, phrases: &Phrases) -> Option<TimeObs> {
    let fixed;
    let mut folded = folded;
    if find_str(folded, ".m.").is_some() {
        fixed = replace_str(&replace_str(folded, "a.m.", "am"), "p.m.", "pm");
        folded = &fixed;
    }
    let s = trim_start_any(trim_end_any(folded, &['.', ',', ';', ')']), &['(']);
    let w = &phrases.time;
    if s.is_empty() || crate::core::text::char_count(s) > 80 {
        return None;
    }
    let obs = |role, found: Option<(Interval, Precision)>| TimeObs {
        raw: raw.to_string(),
        role,
        precision: found.map_or(Precision::Unknown, |f| f.1),
        interval: found.map(|f| f.0),
    };
    if w.active_now.contains(&s) {
        let iv = Interval::new(clock.now_ms - JUST_NOW, clock.now_ms);
        return Some(obs(TimeRole::LastActive, Some((iv, Precision::Relative))));
    }
    for (prefix, role) in w.prefixes {
        if starts_with_words(s, prefix) {
            let rest = trim_start_any(
                crate::core::text::tail(s, prefix.len()),
                &[' ', ':', '-', '—', '–', '·', '('],
            );
            // "Created by claude setup-token", "Used by Claude Code": the
            // word names who, not when.
            if starts_with_words(rest, "by") {
                return None;
            }
            return Some(obs(*role, parse_expression(rest, *role, clock, w)));
        }
    }
    parse_expression(s, TimeRole::Unlabelled, clock, w).map(|f| obs(TimeRole::Unlabelled, Some(f)))
}

/// `raw`, a time said with no time word, read as if `role`'s word came
/// before it (a column headed "Resets" over "in 2 hours").
pub fn parse_bare_as(raw: &str, role: TimeRole, clock: &Clock, phrases: &Phrases) -> Option<TimeObs> {
    let folded = fold(raw);
    let s = trim_start_any(trim_end_any(&folded, &['.', ',', ';', ')']), &['(']);
    let (interval, precision) = parse_expression(s, role, clock, &phrases.time)?;
    Some(TimeObs {
        raw: raw.to_string(),
        role,
        precision,
        interval: Some(interval),
    })
}

/// A bare time expression with no leading role word.
fn parse_expression(s: &str, role: TimeRole, clock: &Clock, w: &TimeWords) -> Option<(Interval, Precision)> {
    let now = clock.now_ms;
    if w.just_now.contains(&s) || w.active_now.contains(&s) {
        return Some((Interval::new(now - JUST_NOW, now), Precision::Relative));
    }
    // "on Nov 3", "at 9:41", "since 2026-10-01"
    let s = match w.leading.iter().find(|x| starts_with_words(s, x)) {
        Some(x) => crate::core::text::tail(s, x.len()).trim_start(),
        None => s,
    };
    if let Some(found) = parse_iso(s, clock) {
        return Some(found);
    }
    let toks = tokenize(s);
    let mut p = Parser { t: &toks, i: 0, w };
    let found = p.relative(role, clock).or_else(|| {
        p.i = 0;
        p.absolute(role, clock)
    })?;
    if p.at_end() {
        Some(found)
    } else {
        None
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Num(u64, usize),
    /// A slice of the folded text: no string of its own (this runs for
    /// every piece of text of every row).
    Word(&'a str),
    Sym(char),
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let len = rest.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(rest.len());
            let v = rest.as_bytes()[..len]
                .iter()
                .fold(0u64, |v, d| v.saturating_mul(10).saturating_add(u64::from(d - b'0')));
            out.push(Tok::Num(v, len));
            rest = crate::core::text::tail(rest, len);
        } else if c.is_alphabetic() {
            let end = rest
                .char_indices()
                .find(|&(_, d)| !(d.is_alphabetic() || d == '\'' || d == '’'))
                .map_or(rest.len(), |(i, _)| i);
            out.push(Tok::Word(crate::core::text::head(rest, end)));
            rest = crate::core::text::tail(rest, end);
        } else {
            rest = crate::core::text::tail(rest, c.len_utf8());
            if !c.is_whitespace() {
                out.push(Tok::Sym(c));
            }
        }
    }
    out
}

struct Parser<'a> {
    t: &'a [Tok<'a>],
    i: usize,
    w: &'a TimeWords,
}

/// How a word before an amount qualifies it (see [`Parser::hedge`]).
enum Hedge {
    None,
    About,
    Almost,
    Over,
    /// "less than a minute": anywhere from now to the amount.
    Under,
}

/// The zone a time of day is written in.
enum Zone {
    /// None written: the browser's.
    Browser,
    /// Minutes east of UTC, written as "UTC", "GMT", "GMT+1", "UTC-05:00".
    Offset(i32),
    /// A zone's name ("PST", "CET"), whose offset is not known here.
    Named,
}

/// Zone names as pages print them after a time (`toLocaleString` with
/// `timeZoneName: "short"` writes these for many places, "GMT+1" for
/// others), folded. One text rather than a list of texts: 0.16 KB less
/// in the module.
const ZONE_NAMES: &str =
    "pt et ct mt pst pdt mst mdt cst cdt est edt akst akdt hst bst ist cet cest eet eest wet msk jst kst hkt sgt aest aedt acst acdt awst nzst nzdt";

/// A wall-clock time of day.
struct Hm {
    h: u32,
    m: u32,
    s: Option<u32>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.t.get(self.i)
    }
    fn peek_word(&self) -> Option<&'a str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(*w),
            _ => None,
        }
    }
    fn at_end(&mut self) -> bool {
        while matches!(self.peek(), Some(Tok::Sym(',' | '.' | ';'))) {
            self.i += 1;
        }
        self.i >= self.t.len()
    }
    fn eat_word(&mut self, list: &[&str]) -> bool {
        if self.peek_word().is_some_and(|x| list.contains(&x)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn eat_sym(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Sym(c)) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn num(&mut self, max_len: usize) -> Option<u64> {
        match self.peek() {
            Some(Tok::Num(v, len)) if *len <= max_len => {
                let v = *v;
                self.i += 1;
                Some(v)
            }
            _ => None,
        }
    }
    /// A number said, as the least and the most it can be: "3" is 3;
    /// "a few", "several" and "a couple of" are 2 to 9, as pages do not say
    /// how few.
    fn amount(&mut self) -> Option<(u64, u64)> {
        let start = self.i;
        let article = self.eat_word(self.w.one);
        if self.eat_word(self.w.few) {
            self.eat_word(&["of"]);
            return Some((2, 9));
        }
        if article {
            return Some((1, 1));
        }
        self.i = start;
        self.num(6).map(|n| (n, n))
    }
    fn unit(&mut self) -> Option<Unit> {
        let word = self.peek_word()?;
        let u = self.w.units.iter().find(|(n, _)| *n == word)?.1;
        self.i += 1;
        self.eat_sym('.');
        Some(u)
    }
    fn month(&mut self) -> Option<u32> {
        let word = self.peek_word()?;
        let m = self.w.months.iter().find(|(n, _)| *n == word)?.1;
        self.i += 1;
        self.eat_sym('.');
        Some(m)
    }
    fn weekday(&mut self) -> Option<u32> {
        let word = self.peek_word()?;
        let d = self.w.weekdays.iter().find(|(n, _)| *n == word)?.1;
        self.i += 1;
        self.eat_sym('.');
        self.eat_sym(',');
        Some(d)
    }

    /// "3 days ago", "an hour ago", "yesterday", "last week", "in 2 hr 30 min".
    fn relative(&mut self, role: TimeRole, clock: &Clock) -> Option<(Interval, Precision)> {
        let now = clock.now_ms;
        let w = self.w;
        let start = self.i;
        if self.eat_word(w.yesterday) || self.eat_word(w.today) || self.eat_word(w.tomorrow) {
            let word = match &self.t[start] {
                Tok::Word(x) => x,
                _ => "",
            };
            let shift = if w.yesterday.contains(&word) {
                -1
            } else if w.tomorrow.contains(&word) {
                1
            } else {
                0
            };
            let day = local_day(now, clock.tz_offset_min) + shift;
            self.eat_sym(',');
            self.eat_word(w.joiners);
            if let Some(hm) = self.time_of_day() {
                return Some(at_time(day, &hm, clock.tz_offset_min));
            }
            let (a, b) = day_bounds(day, clock.tz_offset_min);
            let b = if shift == 0 && role != TimeRole::Resets {
                b.min(now)
            } else {
                b
            };
            return Some((Interval::new(a, b), Precision::Day));
        }
        // "last week", "this month", "next week": the unit before now, the
        // one that holds it, or the one after. A calendar's "next week" may
        // begin tomorrow, so it reaches from now.
        let near = self.peek_word();
        if let Some(k) = [w.last, w.this, w.next].iter().position(|x| near == Some(*x)) {
            self.i += 1;
            let (lo, hi) = unit_span(self.unit()?, 1)?;
            let iv = match k {
                0 => Interval::new(now - 2 * hi, now - lo),
                2 => Interval::new(now, now + 2 * hi),
                _ if role == TimeRole::Resets => Interval::new(now, now + hi),
                _ => Interval::new(now - hi, now),
            };
            return Some((iv, Precision::Relative));
        }
        // "within the last hour", "in the past 24 hours": from that long
        // ago until now.
        if self.eat_word(w.within) {
            self.eat_word(&["the"]);
            if self.eat_word(w.recent) {
                let (_, many) = self.amount().unwrap_or((1, 1));
                let far = unit_span(self.unit()?, many)?.1;
                return Some((Interval::new(now.checked_sub(far)?, now), Precision::Relative));
            }
            self.i = start;
        }
        let future = self.eat_word(&[w.future]);
        let hedge = self.hedge();
        // "2 hours", "1 hour, 5 minutes", "2 hr 30 min": the smallest unit
        // named is how finely the page counted.
        let (mut least, mut most, mut finest) = (0i64, 0i64, None::<(i64, i64)>);
        while let Some((few, many)) = self.amount() {
            let u = self.unit()?;
            least = least.checked_add(unit_span(u, few)?.0)?;
            most = most.checked_add(unit_span(u, many)?.1)?;
            finest = Some(unit_span(u, 1)?);
            self.eat_sym(',');
            self.eat_word(&["and"]);
        }
        let (step_lo, step_hi) = finest?;
        // The page floored the amount ("3 days" is 3 to 4 days); a hedged
        // one may have been rounded either way, so it is widened by a unit
        // on the side the hedge leaves open.
        let (near, far) = match hedge {
            Hedge::None | Hedge::Over => (least, most.checked_add(step_hi)?),
            Hedge::About => ((least - step_lo).max(0), most.checked_add(step_hi)?),
            Hedge::Almost => ((least - step_lo).max(0), most),
            Hedge::Under => (0, most),
        };
        // Without "in" or "ago", the time word says which way: "Resets 2h"
        // is to come, "Active 5m" and "Last seen: 2h" are past (compact
        // lists drop the "ago"); a bare "2 hours" says neither.
        let ago = self.peek_word() == Some(w.ago);
        // "Connected in 0 minutes": a moment ago, rounded to zero by a page
        // that writes the sign of nothing as to come.
        let past_word = !matches!(role, TimeRole::Resets | TimeRole::Unlabelled);
        if (future && !(past_word && most == 0)) || (!ago && role == TimeRole::Resets) {
            return Some((
                Interval::new(now.checked_add(near)?, now.checked_add(far)?),
                Precision::Relative,
            ));
        }
        if !ago && role == TimeRole::Unlabelled {
            self.i = start;
            return None;
        }
        self.i += ago as usize;
        Some((
            Interval::new(now.checked_sub(far)?, now.checked_sub(near)?),
            Precision::Relative,
        ))
    }

    /// A word that hedges the amount after it: "about 2 hours ago" (date
    /// libraries round), "almost 2 years ago", "over 1 year ago", "in less
    /// than a minute".
    fn hedge(&mut self) -> Hedge {
        let w = self.w;
        if self.eat_word(w.under) {
            self.eat_word(&[w.than]);
            Hedge::Under
        } else if self.eat_word(w.about) {
            Hedge::About
        } else if self.eat_word(w.almost) {
            Hedge::Almost
        } else if self.eat_word(w.over) {
            // "more than 30 days ago"
            self.eat_word(&[w.than]);
            Hedge::Over
        } else {
            Hedge::None
        }
    }

    /// The zone written after a time of day or a date, if any, also in
    /// brackets ("9:41 AM (PST)"). `None` when it is written but cannot be
    /// read ("GMT+" with no hours).
    fn zone(&mut self, after_time: bool) -> Option<Zone> {
        let start = self.i;
        let bracket = self.eat_sym('(');
        let zone = self.zone_unbracketed(after_time)?;
        // The text's last ")" was trimmed off with the brackets around a
        // whole phrase ("(Nov 3, 9:41 AM (PST))").
        let closed = self.eat_sym(')') || self.i == self.t.len();
        if bracket && (matches!(zone, Zone::Browser) || !closed) {
            // Other words in brackets ("(expired)"): no zone.
            self.i = start;
            return Some(Zone::Browser);
        }
        Some(zone)
    }

    fn zone_unbracketed(&mut self, after_time: bool) -> Option<Zone> {
        // "09:41:07 GMT" (`Date.toUTCString`), "9:41 AM GMT+1" or
        // "UTC-05:00" (`toLocaleString` with a short zone name): that
        // offset, whatever the browser's. Without "UTC" or "GMT" an offset
        // is read only after a time of day and in full, in quarter hours
        // ("09:41 +01:00", "09:41 -0800"): "+2" alone may count something
        // else, and "Nov 3 - 09:41" or "09:00-10:41" are no offsets.
        let named_utc = self.eat_word(&["utc", "gmt"]);
        let bare = !named_utc && after_time && matches!(self.t.get(self.i + 1), Some(Tok::Num(_, 2 | 4)));
        let sign = if (named_utc || bare) && self.eat_sym('+') {
            1
        } else if (named_utc || bare) && (self.eat_sym('-') || self.eat_sym('−')) {
            -1
        } else if named_utc {
            return Some(Zone::Offset(0));
        } else {
            // A zone's name ("PST", "CET", "IST") stands for different
            // offsets in different places and seasons: not read as one.
            if self
                .peek_word()
                .is_some_and(|w| crate::core::text::contains_words(ZONE_NAMES, w))
            {
                self.i += 1;
                return Some(Zone::Named);
            }
            return Some(self.zone_written_out());
        };
        let before_digits = self.i;
        // Hours and minutes; 99 minutes where the offset is not whole.
        let (h, m) = match *self.peek()? {
            Tok::Num(hm, 4) => {
                self.i += 1;
                (hm / 100, hm % 100)
            }
            Tok::Num(h, len @ (1 | 2)) if named_utc || len == 2 => {
                self.i += 1;
                match (self.eat_sym(':'), self.peek()) {
                    (true, Some(&Tok::Num(m, 2))) => {
                        self.i += 1;
                        (h, m)
                    }
                    (false, _) if named_utc => (h, 0),
                    _ => (h, 99),
                }
            }
            _ => (0, 99),
        };
        if m < 60 && (named_utc || m % 15 == 0) {
            let minutes = h * 60 + m;
            return (minutes <= 14 * 60).then_some(Zone::Offset(sign * minutes as i32));
        }
        if named_utc {
            return None;
        }
        // A sign that starts no offset ("+2 more"): not a zone.
        self.i = before_digits - 1;
        Some(Zone::Browser)
    }
    /// A zone written out in words ending in "time" ("Pacific Time",
    /// "Central European Summer Time"), read like its short name: its
    /// offset is not known here, and reading the time at the browser's
    /// would make up an instant. "Local time" and "your time" are the
    /// browser's, "Coordinated Universal Time" and "Greenwich Mean Time"
    /// are UTC. At most three words before "time": a longer phrase is
    /// no zone's name.
    fn zone_written_out(&mut self) -> Zone {
        let mut k = self.i;
        while let Some(Tok::Word(w)) = self.t.get(k) {
            if *w == "time" && k > self.i {
                let first = self.peek_word();
                self.i = k + 1;
                return match first {
                    Some("local" | "your") => Zone::Browser,
                    Some("coordinated" | "greenwich") => Zone::Offset(0),
                    _ => Zone::Named,
                };
            }
            if k - self.i == 3 {
                break;
            }
            k += 1;
        }
        Zone::Browser
    }
    /// "9:41 am", "09:41", "9 pm", "21:05:10".
    fn time_of_day(&mut self) -> Option<Hm> {
        if self.eat_word(self.w.midnight) {
            return Some(Hm { h: 0, m: 0, s: None });
        }
        if self.eat_word(self.w.noon) {
            return Some(Hm { h: 12, m: 0, s: None });
        }
        let start = self.i;
        let h = self.num(2)?;
        let (m, s) = if self.eat_sym(':') {
            let m = self.num(2)?;
            let s = if self.eat_sym(':') { Some(self.num(2)?) } else { None };
            (m, s)
        } else {
            (0, None)
        };
        let had_colon = self.i > start + 1;
        let mut h = h as u32;
        if self.eat_word(&[self.w.am]) {
            if !(1..=12).contains(&h) {
                return None;
            }
            if h == 12 {
                h = 0;
            }
        } else if self.eat_word(&[self.w.pm]) {
            if !(1..=12).contains(&h) {
                return None;
            }
            if h != 12 {
                h += 12;
            }
        } else if !had_colon {
            self.i = start;
            return None;
        }
        let (m, s) = (m as u32, s.map(|s| s as u32));
        if h > 23 || m > 59 || s.is_some_and(|s| s > 59) {
            self.i = start;
            return None;
        }
        Some(Hm { h, m, s })
    }

    fn year(&mut self) -> Option<i64> {
        match self.peek() {
            Some(Tok::Num(v, 4)) => {
                let v = *v as i64;
                self.i += 1;
                (1970..=2200).contains(&v).then_some(v)
            }
            _ => None,
        }
    }

    /// Dates and times: "Nov 3, 2026, 9:41 AM", "3 Nov 2026", "11/03/2026",
    /// "Thu 9:00 AM", "9:00 AM" (resets only).
    fn absolute(&mut self, role: TimeRole, clock: &Clock) -> Option<(Interval, Precision)> {
        let future = role == TimeRole::Resets;
        let today = local_day(clock.now_ms, clock.tz_offset_min);
        // The time of day may come first: "9:00 AM on Thursday".
        let first = self.i;
        let early = self.time_of_day();
        if early.is_some() {
            self.eat_sym(',');
            self.eat_word(self.w.joiners);
        } else {
            self.i = first;
        }
        // "last Tuesday at 3:15 PM" (date-fns' relative format for the six
        // days before today). Said by a person it may also mean the Tuesday
        // of the week before, so both readings are kept: see below.
        let before_last = self.i;
        let mut last = self.eat_word(&[self.w.last]);
        let weekday = self.weekday();
        if weekday.is_none() {
            self.i = before_last;
            last = false;
        }
        // Which week "last" means for a reset to come is anyone's guess.
        if last && future {
            return None;
        }
        let start = self.i;
        let mut date: Option<(Option<i64>, u32, u32)> = None; // (year, month, day)
                                                              // Month and day could be either way round ("12/11/2026": the
                                                              // browser's locale wrote it, not the page's language).
        let mut swappable = false;
        if matches!(self.peek(), Some(Tok::Num(_, 4))) {
            let y = self.year()?;
            // "2026-11-03 at 9:41 AM": a year first, as in ISO 8601 (whose
            // strict forms `parse_iso` reads), then a time of day in any
            // form the worded dates take.
            let sep = match self.peek() {
                Some(&Tok::Sym(c)) if matches!(c, '-' | '/' | '.') => c,
                _ => return None,
            };
            self.i += 1;
            let m = self.num(2)? as u32;
            if !self.eat_sym(sep) {
                return None;
            }
            date = Some((Some(y), m, self.num(2)? as u32));
        } else if let Some(m) = self.month() {
            // "Connected Sep 2025": a month and its year alone, the whole
            // local month (up to now when it is this month).
            if let Some(y) = self.year() {
                if future || early.is_some() || weekday.is_some() {
                    return None;
                }
                let a = day_bounds(days_from_civil(y, m, 1), clock.tz_offset_min).0;
                let b = a + days_in_month(y, m) as i64 * DAY - 1;
                return Some((
                    cut_at_now(Interval::new(a, b), false, clock.now_ms),
                    Precision::Relative,
                ));
            }
            let d = self.num(2)? as u32;
            self.eat_word(&["st", "nd", "rd", "th"]);
            self.eat_sym(',');
            let y = self.year();
            date = Some((y, m, d));
        } else if let Some(d) = self.num(2) {
            self.eat_word(&["st", "nd", "rd", "th"]);
            if let Some(m) = self.month() {
                self.eat_sym(',');
                let y = self.year();
                date = Some((y, m, d as u32));
            } else if self.eat_sym('.') {
                // "03.11.2026": dotted dates are day first wherever they are
                // written. Without a year it could be a decimal.
                let m = self.num(2)? as u32;
                if !self.eat_sym('.') {
                    return None;
                }
                date = Some((Some(self.year()?), m, d as u32));
            } else if self.eat_sym('/') {
                let b = self.num(2)? as u32;
                let y = if self.eat_sym('/') {
                    match self.peek() {
                        Some(Tok::Num(v, 2)) => {
                            let v = *v as i64;
                            self.i += 1;
                            Some(2000 + v)
                        }
                        _ => Some(self.year()?),
                    }
                } else {
                    None
                };
                let a = d as u32;
                let (m, d) = if self.w.month_first { (a, b) } else { (b, a) };
                // A first number above 12 can only be a day.
                let (m, d) = if m > 12 && d <= 12 { (d, m) } else { (m, d) };
                swappable = m != d && d <= 12;
                date = Some((y, m, d));
            } else {
                self.i = start;
            }
        }
        let hm = match early {
            Some(hm) => Some(hm),
            None => {
                self.eat_sym(',');
                self.eat_word(self.w.joiners);
                self.time_of_day()
            }
        };
        let day = match (date, weekday) {
            (Some((y, m, d)), _) => {
                if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y.unwrap_or(2000), m) {
                    return None;
                }
                match y {
                    // The locale's order unless that puts the date on the wrong
                    // side of today and the other order does not.
                    Some(y) => {
                        let wrong = |x: i64| if future { x < today } else { x > today };
                        let day = days_from_civil(y, m, d);
                        let other = days_from_civil(y, d, m);
                        if swappable && wrong(day) && !wrong(other) {
                            other
                        } else {
                            day
                        }
                    }
                    None => {
                        // No year: the nearest such date on the right side of today.
                        let (ty, _, _) = civil_from_days(today);
                        let mut pick = None;
                        for y in [ty - 1, ty, ty + 1] {
                            if d > days_in_month(y, m) {
                                continue;
                            }
                            let x = days_from_civil(y, m, d);
                            let right_side = if future { x >= today } else { x <= today };
                            let nearer = pick.is_none_or(|p| if future { x < p } else { x > p });
                            if right_side && nearer {
                                pick = Some(x);
                            }
                        }
                        pick?
                    }
                }
            }
            // The latest such weekday before today; widened below.
            (None, Some(wd)) if last => today - ((weekday_of(today) as i64 - wd as i64 - 1).rem_euclid(7) + 1),
            (None, Some(wd)) => {
                let today_wd = weekday_of(today);
                let mut day = if future {
                    today + ((wd as i64 - today_wd as i64).rem_euclid(7))
                } else {
                    today - ((today_wd as i64 - wd as i64).rem_euclid(7))
                };
                if let Some(hm) = &hm {
                    let t = local_instant(day, hm, clock.tz_offset_min);
                    if future && t <= clock.now_ms {
                        day += 7;
                    } else if !future && t > clock.now_ms {
                        day -= 7;
                    }
                }
                day
            }
            (None, None) => {
                // A time of day alone: the next such time for a reset;
                // after a role word ("Last active 9:41 AM"), the last such
                // time (a page shows today's times without the date), give
                // or take a clock a few minutes apart. With no role word
                // ("9:41") it is no time at all.
                let hm = hm.as_ref().filter(|_| role != TimeRole::Unlabelled)?;
                let at = local_instant(today, hm, clock.tz_offset_min);
                match (future, at > clock.now_ms) {
                    (true, true) => today,
                    (true, false) => today + 1,
                    (false, _) if at <= clock.now_ms + 5 * MINUTE => today,
                    (false, _) => today - 1,
                }
            }
        };
        let zone = self.zone(hm.is_some())?;
        let recurs = date.is_none().then_some(if weekday.is_some() { 7 * DAY } else { DAY });
        let offset = match zone {
            Zone::Browser => clock.tz_offset_min,
            Zone::Offset(off) => off,
            Zone::Named => 0,
        };
        let (iv, precision) = match hm {
            Some(hm) => at_time(day, &hm, offset),
            None => {
                let (a, b) = day_bounds(day, offset);
                (Interval::new(a, b), Precision::Day)
            }
        };
        let (iv, precision) = match zone {
            Zone::Named => named_zone(iv, recurs, future, clock.now_ms)?,
            _ => (iv, precision),
        };
        let iv = cut_at_now(iv, future, clock.now_ms);
        // "last Tuesday": from the same a week earlier, so that the
        // interval holds both readings and no instant is chosen between them.
        Some(match (last, date) {
            (true, None) => (Interval::new(iv.earliest - 7 * DAY, iv.latest), Precision::Relative),
            _ => (iv, precision),
        })
    }
}

/// `iv` that holds now, cut there: a past time said as today's date, this
/// minute or this month is no later than now, a reset (`future`) no
/// earlier.
fn cut_at_now(iv: Interval, future: bool, now: i64) -> Interval {
    match (future, iv.earliest <= now && now <= iv.latest) {
        (false, true) => Interval::new(iv.earliest, now),
        (true, true) => Interval::new(now, iv.latest),
        _ => iv,
    }
}

/// Lower and upper length in ms of `n` units (months and years vary).
fn unit_span(u: Unit, n: u64) -> Option<(i64, i64)> {
    let n = i64::try_from(n).ok()?;
    let (lo, hi) = match u {
        Unit::Second => (SECOND, SECOND),
        Unit::Minute => (MINUTE, MINUTE),
        Unit::Hour => (HOUR, HOUR),
        Unit::Day => (DAY, DAY),
        Unit::Week => (7 * DAY, 7 * DAY),
        Unit::Month => (28 * DAY, 31 * DAY),
        Unit::Year => (365 * DAY, 366 * DAY),
    };
    Some((lo.checked_mul(n)?, hi.checked_mul(n)?))
}

/// A minute, second or day (`iv`, as it would be read in UTC) in a zone
/// known only by its name, whose offset lies anywhere between UTC−12 and
/// UTC+14: the 26 hours more it can mean, no later than `now` for a past time and no earlier for a
/// reset. Without a date (`recurs`: the time, or the weekday and time,
/// comes back every day or week) the day was picked in the browser's
/// zone, and within 26 hours of `now` the page's zone may be a day (a
/// week) behind or ahead of it: the interval then spans both.
fn named_zone(iv: Interval, recurs: Option<i64>, future: bool, now: i64) -> Option<(Interval, Precision)> {
    let span = iv.latest - iv.earliest;
    let (mut lo, mut hi) = (
        iv.earliest.saturating_sub(14 * HOUR),
        iv.latest.saturating_add(12 * HOUR),
    );
    if let Some(period) = recurs {
        if future {
            // The first such time that may still be to come, anywhere.
            while hi <= now {
                (lo, hi) = (lo + period, hi + period);
            }
            while hi - period > now {
                (lo, hi) = (lo - period, hi - period);
            }
            if lo <= now {
                hi += period;
            }
            // It comes back within one period, wherever the page is.
            hi = hi.min(now + period);
        } else {
            // The last such time that may have come, anywhere.
            while lo > now {
                (lo, hi) = (lo - period, hi - period);
            }
            while lo + period <= now {
                (lo, hi) = (lo + period, hi + period);
            }
            if hi - span > now {
                lo -= period;
            }
            lo = lo.max(now - period);
        }
    }
    if future {
        lo = lo.max(now);
    } else {
        hi = hi.min(now);
    }
    (lo <= hi).then_some((Interval::new(lo, hi), Precision::Day))
}

/// That minute (or second) of `day`, at `tz_offset_min` from UTC.
fn at_time(day: i64, hm: &Hm, tz_offset_min: i32) -> (Interval, Precision) {
    let t = local_instant(day, hm, tz_offset_min);
    match hm.s {
        Some(_) => (Interval::new(t, t + SECOND - 1), Precision::Second),
        None => (Interval::new(t, t + MINUTE - 1), Precision::Minute),
    }
}

fn local_instant(day: i64, hm: &Hm, tz_offset_min: i32) -> i64 {
    day * DAY + (hm.h as i64) * HOUR + (hm.m as i64) * MINUTE + (hm.s.unwrap_or(0) as i64) * SECOND
        - (tz_offset_min as i64) * MINUTE
}

/// Days since 1970-01-01 of the local calendar day containing `ms`.
fn local_day(ms: i64, tz_offset_min: i32) -> i64 {
    (ms + tz_offset_min as i64 * MINUTE).div_euclid(DAY)
}

fn day_bounds(day: i64, tz_offset_min: i32) -> (i64, i64) {
    let start = day * DAY - tz_offset_min as i64 * MINUTE;
    (start, start + DAY - 1)
}

/// 0 = Monday.
fn weekday_of(day: i64) -> u32 {
    // 1970-01-01 was a Thursday (3).
    ((day + 3).rem_euclid(7)) as u32
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// "2026-11-03", "2026-11-03T09:41", "2026-11-03T09:41:00Z", "…+01:00".
fn parse_iso(s: &str, clock: &Clock) -> Option<(Interval, Precision)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        // At most 4 digits: no overflow.
        let mut v = 0i64;
        for &d in b.get(r)? {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(d - b'0');
        }
        Some(v)
    };
    // "2026-11-03", and the same order with slashes or dots ("2026/11/03"):
    // a four-digit year first leaves no doubt about the order.
    if b.len() < 10 || !matches!(b[4], b'-' | b'/' | b'.') || b[7] != b[4] {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)? as u32, digits(8..10)? as u32);
    if !(1970..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let day = days_from_civil(y, m, d);
    if b.len() == 10 {
        let (a, z) = day_bounds(day, clock.tz_offset_min);
        return Some((Interval::new(a, z), Precision::Day));
    }
    // The time after "T", a space, or " at " ("2026-11-03 at 09:41").
    let t = if b.get(10..14) == Some(b" at ") { 14 } else { 11 };
    if !(b[10] == b't' || b[10] == b' ') || b.len() < t + 5 || b[t + 2] != b':' {
        return None;
    }
    let (h, mi) = (digits(t..t + 2)?, digits(t + 3..t + 5)?);
    let mut pos = t + 5;
    let mut sec = None;
    if b.get(pos) == Some(&b':') {
        sec = Some(digits(pos + 1..pos + 3)?);
        pos += 3;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            while b.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
        }
    }
    if h > 23 || mi > 59 || sec.is_some_and(|s| s > 59) {
        return None;
    }
    let base = day * DAY + h * HOUR + mi * MINUTE + sec.unwrap_or(0) * SECOND;
    // The zone, read a byte at a time: slicing the text at fixed offsets
    // would panic inside a character ("+€00").
    let rest = &b[pos..];
    // "Z", " UTC" or " GMT" (the text is folded), "+01:00" or "+0100".
    let offset_min: Option<i64> = if matches!(rest, b"z" | b" utc" | b" gmt" | b"utc") {
        Some(0)
    } else if matches!(rest.len(), 5 | 6) && matches!(rest[0], b'+' | b'-') && (rest.len() == 5 || rest[3] == b':') {
        let sign = if rest[0] == b'-' { -1 } else { 1 };
        let m = pos + rest.len() - 2;
        let (oh, om) = (digits(pos + 1..pos + 3)?, digits(m..m + 2)?);
        Some(sign * (oh * 60 + om))
    } else if rest.is_empty() {
        None
    } else {
        return None;
    };
    match offset_min {
        Some(off) => {
            let t = base - off * MINUTE;
            Some((Interval::new(t, t), Precision::Exact))
        }
        None => {
            let t = base - clock.tz_offset_min as i64 * MINUTE;
            match sec {
                Some(_) => Some((Interval::new(t, t + SECOND - 1), Precision::Second)),
                None => Some((Interval::new(t, t + MINUTE - 1), Precision::Minute)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::phrases::for_lang;

    /// 2026-11-22 12:00:00 UTC, a Sunday.
    const NOW: i64 = 1_795_348_800_000;

    fn clock(tz: i32) -> Clock {
        Clock {
            now_ms: NOW,
            tz_offset_min: tz,
        }
    }

    fn iv(s: &str, tz: i32) -> Option<(Interval, Precision, TimeRole)> {
        let o = parse_time(s, &clock(tz), for_lang("en"))?;
        Some((o.interval?, o.precision, o.role))
    }

    fn utc(y: i64, m: u32, d: u32, h: i64, mi: i64) -> i64 {
        days_from_civil(y, m, d) * DAY + h * HOUR + mi * MINUTE
    }

    #[test]
    fn clock_constant_is_what_it_says() {
        assert_eq!(utc(2026, 11, 22, 12, 0), NOW);
        assert_eq!(weekday_of(days_from_civil(2026, 11, 22)), 6);
        for z in [-800_000, -1, 0, 1, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn relative_past_is_a_floor_window() {
        let (i, p, r) = iv("Connected 3 days ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 4 * DAY, NOW - 3 * DAY));
        assert_eq!(p, Precision::Relative);
        assert_eq!(r, TimeRole::Connected);
        assert_eq!(i.latest - i.earliest, DAY, "3 days ago is a 24-hour window");
        let (i, _, _) = iv("Connected 45 minutes ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 46 * MINUTE, NOW - 45 * MINUTE));
        let (i, _, _) = iv("an hour ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 2 * HOUR, NOW - HOUR));
        let (i, _, _) = iv("Connected 2 months ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 93 * DAY, NOW - 56 * DAY));
        let (i, _, _) = iv("a year ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 732 * DAY, NOW - 365 * DAY));
        let (i, _, _) = iv("Last active 5m ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 6 * MINUTE, NOW - 5 * MINUTE));
    }

    #[test]
    fn a_time_word_says_which_way_when_ago_is_left_out() {
        // Compact lists drop "ago": the time word says the time is past.
        let (i, _, r) = iv("Active 5m", 0).unwrap();
        assert_eq!(
            (i.earliest, i.latest, r),
            (NOW - 6 * MINUTE, NOW - 5 * MINUTE, TimeRole::LastActive)
        );
        let (i, _, _) = iv("Last seen: 2h", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 3 * HOUR, NOW - 2 * HOUR));
        let (i, _, _) = iv("Connected 3 days", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 4 * DAY, NOW - 3 * DAY));
        // A reset is to come.
        let (i, _, r) = iv("Resets 2h", 0).unwrap();
        assert_eq!(
            (i.earliest, i.latest, r),
            (NOW + 2 * HOUR, NOW + 3 * HOUR, TimeRole::Resets)
        );
        // With no time word, neither.
        assert!(iv("2 hours", 0).is_none());
    }

    #[test]
    fn a_number_not_said_is_two_to_nine() {
        // "a few minutes ago" pins no count: the interval holds them all.
        let (i, p, r) = iv("Connected a few minutes ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 10 * MINUTE, NOW - 2 * MINUTE));
        assert_eq!((p, r), (Precision::Relative, TimeRole::Connected));
        let (i, _, r) = iv("Last active several hours ago", 0).unwrap();
        assert_eq!(
            (i.earliest, i.latest, r),
            (NOW - 10 * HOUR, NOW - 2 * HOUR, TimeRole::LastActive)
        );
        let (i, _, _) = iv("a couple of days ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 10 * DAY, NOW - 2 * DAY));
        let (i, _, _) = iv("Resets in a few hours", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW + 2 * HOUR, NOW + 10 * HOUR));
        assert!(iv("a few ago", 0).is_none());
    }

    #[test]
    fn a_span_up_to_now_is_read() {
        // "Active within the last hour" on a session terminated three hours
        // ago is activity after it: with no interval it went unflagged.
        let (i, _, r) = iv("Active within the last hour", 0).unwrap();
        assert_eq!((i.earliest, i.latest, r), (NOW - HOUR, NOW, TimeRole::LastActive));
        let (i, _, _) = iv("Last active in the past 24 hours", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 24 * HOUR, NOW));
        let (i, _, r) = iv("Connected earlier today", 0).unwrap();
        assert_eq!((i.latest, r), (NOW, TimeRole::Connected));
        let (i, _, _) = iv("Last active more than 30 days ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 31 * DAY, NOW - 30 * DAY));
        // "in" still says a time to come.
        let (i, _, _) = iv("Resets in 2 hours", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW + 2 * HOUR, NOW + 3 * HOUR));
    }

    #[test]
    fn a_zone_after_the_time_of_day() {
        let at = utc(2026, 11, 3, 9, 41);
        // An offset written out is that offset, whatever the browser's.
        for (text, east) in [
            ("Last active Nov 3, 2026, 9:41 AM GMT+1", 60),
            ("Last active Nov 3, 2026, 9:41 AM UTC-5", -300),
            ("Last active Nov 3, 2026, 9:41 AM GMT+05:30", 330),
            ("Last active Nov 3, 2026, 9:41 AM GMT-0800", -480),
            ("Last active Nov 3, 2026, 9:41 AM UTC", 0),
            ("Last active Nov 3, 2026, 9:41 AM (UTC+1)", 60),
            ("Last active 2026-11-03 09:41 +01:00", 60),
            ("Last active 2026-11-03 09:41 -0800", -480),
            ("Last active 2026-11-03 09:41 −05:30", -330),
        ] {
            let (i, p, _) = iv(text, 600).unwrap_or_else(|| panic!("{text}"));
            let t = at - east * MINUTE;
            assert_eq!(
                (i.earliest, i.latest, p),
                (t, t + MINUTE - 1, Precision::Minute),
                "{text}"
            );
        }
        let (i, p, _) = iv("11/3/2026, 9:41:07 AM GMT+1", 0).unwrap();
        assert_eq!((i.earliest, p), (at + 7 * SECOND - HOUR, Precision::Second));
        // A zone's name is not read as an offset: the time lies anywhere
        // between UTC+14 and UTC−12, not at the browser's offset. Nor is
        // a zone written out in words, in brackets or not.
        for text in [
            "Resets Thu 9:00 AM PST",
            "Last active Nov 3, 2026, 9:41 AM CET",
            "Last active Nov 3, 2026, 9:41 AM (CET)",
            "(Last active Nov 3, 2026, 9:41 AM (CET))",
            "Resets Thu 9:00 AM Pacific Time",
            "Last active Nov 3, 2026, 9:41 AM Central European Summer Time",
            "Last active Nov 3, 2026, 9:41 AM (Eastern Standard Time)",
        ] {
            let (i, p, _) = iv(text, 60).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(p, Precision::Day, "{text}");
            assert_eq!(i.latest - i.earliest, 26 * HOUR + MINUTE - 1, "{text}");
        }
        // Local time is the browser's, Greenwich and Coordinated
        // Universal Time are UTC.
        for (text, east) in [
            ("Last active Nov 3, 2026, 9:41 AM local time", 600),
            ("Last active Nov 3, 2026, 9:41 AM your local time", 600),
            ("Last active Nov 3, 2026, 9:41 AM Greenwich Mean Time", 0),
            ("Last active Nov 3, 2026, 9:41 AM (Coordinated Universal Time)", 0),
        ] {
            let (i, p, _) = iv(text, 600).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((i.earliest, p), (at - east * MINUTE, Precision::Minute), "{text}");
        }
        let (i, _, _) = iv("Last active Nov 3, 2026, 9:41 AM CET", 60).unwrap();
        assert_eq!((i.earliest, i.latest), (at - 14 * HOUR, at + 12 * HOUR + MINUTE - 1));
        // A past time of day is no later than now, a reset no earlier.
        // Without a date, it is the last (the next) such time wherever the
        // page is: within a day of now, or a week for a weekday.
        let (i, _, _) = iv("Last active 9:41 AM PST", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - DAY, NOW));
        let (i, _, _) = iv("Last active 11:00 PM PST", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - DAY, NOW));
        let (i, _, _) = iv("Last active Fri 9:00 PM PST", 0).unwrap();
        let fri = utc(2026, 11, 20, 21, 0);
        assert_eq!((i.earliest, i.latest), (fri - 14 * HOUR, fri + 12 * HOUR + MINUTE - 1));
        for text in ["Resets at 9:41 AM ET", "Resets at 9:41 AM Pacific Time"] {
            let (i, _, _) = iv(text, 0).unwrap();
            assert_eq!((i.earliest, i.latest), (NOW, NOW + DAY), "{text}");
        }
        let (i, _, _) = iv("Resets Thu 9:00 AM PST", 0).unwrap();
        let thu = utc(2026, 11, 26, 9, 0);
        assert_eq!((i.earliest, i.latest), (thu - 14 * HOUR, thu + 12 * HOUR + MINUTE - 1));
        let (i, _, _) = iv("Resets Sun 9:00 PM PST", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW, NOW + 7 * DAY));
        // An offset that no zone has, or one cut short, is no time.
        for text in [
            "Last active Nov 3, 2026, 9:41 AM GMT+15",
            "Last active Nov 3, 2026, 9:41 AM GMT+",
            "Last active Nov 3, 2026, 9:41 AM GMT+5:",
            "Last active Nov 3, 2026, 9:41 AM GMT+5:3",
            // Not offsets: a range, a count, a date before a time, a
            // minute no offset has, a time of day then other words in
            // brackets.
            "Last active 2026-11-03 09:41 -10:41",
            "Last active 2026-11-03 09:41 +0199",
            "Last active 9:41 AM +2 more",
            "Last active Nov 3 - 09:41",
            "Last active Nov 3, 9:41 AM (Chrome)",
        ] {
            assert_eq!(iv(text, 0), None, "{text}");
        }
    }

    /// Whatever the page's zone, the time it means lies in the interval
    /// read from a zone's name: checked for every offset a quarter hour
    /// apart, times of day, weekdays or none, past and to come, and
    /// browsers on either side of UTC.
    #[test]
    fn a_named_zone_holds_every_offset() {
        const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // 1970-01-01 was a Thursday
        for tz in [-600, 0, 330, 840] {
            for now in [NOW, NOW + 7 * HOUR + 13 * MINUTE, NOW + 17 * HOUR + 59 * MINUTE] {
                let clock = Clock {
                    now_ms: now,
                    tz_offset_min: tz,
                };
                for h in (0..24).step_by(5) {
                    for wd in [None, Some(0), Some(3), Some(6)] {
                        for future in [false, true] {
                            let (h12, half) = (if h % 12 == 0 { 12 } else { h % 12 }, if h < 12 { "AM" } else { "PM" });
                            let when = wd.map_or(String::new(), |d: usize| format!("{} ", WEEKDAYS[d]));
                            let text = format!(
                                "{} {when}{h12}:30 {half} PST",
                                if future { "Resets" } else { "Last active" }
                            );
                            let o = parse_time(&text, &clock, for_lang("en")).unwrap_or_else(|| panic!("{text}"));
                            let i = o.interval.unwrap_or_else(|| panic!("{text}"));
                            for off in (-12 * 4..=14 * 4).map(|q| q as i64 * 15 * MINUTE) {
                                // The instants that wall-clock time names in that zone.
                                let wall = |day: i64| day * DAY + h as i64 * HOUR + 30 * MINUTE - off;
                                let names = |day: i64| wd.is_none_or(|d| day.rem_euclid(7) == d as i64);
                                let days = (now / DAY - 9)..(now / DAY + 9);
                                let truth = if future {
                                    days.filter(|&d| names(d)).map(wall).find(|&t| t > now)
                                } else {
                                    days.rev().filter(|&d| names(d)).map(wall).find(|&t| t <= now)
                                }
                                .unwrap();
                                assert!(
                                    i.earliest <= truth && truth <= i.latest + 1,
                                    "{text} tz {tz} now {now} off {off}: {i:?} {truth}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// The same for a day with no time of day, named by its weekday or
    /// its date ("Resets Thu (PST)", "Last active Nov 20 (CET)"): the
    /// part of the page's day on the right side of now lies in the
    /// interval, whatever the page's zone.
    #[test]
    fn a_named_zone_holds_every_offset_of_a_day() {
        const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        for tz in [-600, 0, 330, 840] {
            for now in [NOW, NOW + 7 * HOUR + 13 * MINUTE, NOW + 17 * HOUR + 59 * MINUTE] {
                let clock = Clock {
                    now_ms: now,
                    tz_offset_min: tz,
                };
                for future in [false, true] {
                    for (text, day_named) in [
                        (
                            format!("{} Fri (PST)", if future { "Resets" } else { "Last active" }),
                            None,
                        ),
                        (
                            format!("{} Sun (CET)", if future { "Resets" } else { "Last active" }),
                            None,
                        ),
                        (
                            format!(
                                "{} Nov {} (PT)",
                                if future { "Resets" } else { "Last active" },
                                if future { 27 } else { 18 }
                            ),
                            Some(days_from_civil(2026, 11, if future { 27 } else { 18 })),
                        ),
                    ] {
                        let o = parse_time(&text, &clock, for_lang("en")).unwrap_or_else(|| panic!("{text}"));
                        let i = o.interval.unwrap_or_else(|| panic!("{text}"));
                        assert_eq!(o.precision, Precision::Day, "{text}");
                        let wd = WEEKDAYS.iter().position(|w| text.contains(w)).map(|w| w as i64);
                        for off in (-12 * 4..=14 * 4).map(|q| q as i64 * 15 * MINUTE) {
                            let today = (now + off).div_euclid(DAY);
                            let day = day_named.unwrap_or_else(|| {
                                let wd = wd.unwrap();
                                if future {
                                    today + (wd - today).rem_euclid(7)
                                } else {
                                    today - (today - wd).rem_euclid(7)
                                }
                            });
                            let (a, b) = (day * DAY - off, (day + 1) * DAY - off - 1);
                            let (a, b) = if future { (a.max(now), b) } else { (a, b.min(now)) };
                            assert!(
                                i.earliest <= a && b <= i.latest,
                                "{text} tz {tz} now {now} off {off}: {i:?} [{a}, {b}]"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn last_weekday_is_in_the_week_before_today() {
        // NOW is Sunday 2026-11-22, 12:00 UTC. date-fns writes "last
        // Tuesday at 3:15 PM" for a time one to six days back.
        let day = |y, m, d| days_from_civil(y, m, d) * DAY;
        // A person may mean the Tuesday of the week before (the 10th): the
        // interval holds both, from the earlier to the later.
        let (i, p, r) = iv("Connected last Tuesday at 3:15 PM", 0).unwrap();
        let at = day(2026, 11, 17) + 15 * HOUR + 15 * MINUTE;
        assert_eq!((i.earliest, i.latest), (at - 7 * DAY, at + MINUTE - 1));
        assert_eq!((p, r), (Precision::Relative, TimeRole::Connected));
        // The weekday of today, said with "last", is a week back or two, never today.
        let (i, _, _) = iv("Last active last Sunday", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (day(2026, 11, 8), day(2026, 11, 16) - 1));
        let (i, _, _) = iv("Connected last Saturday at 9:00 AM", 0).unwrap();
        assert_eq!(i.latest, day(2026, 11, 21) + 9 * HOUR + MINUTE - 1);
        // Not for a time to come.
        assert_eq!(iv("Resets last Tuesday", 0), None);
        // "last" before anything else is read as before.
        let (i, _, _) = iv("Connected last week", 0).unwrap();
        assert_eq!(i.latest, NOW - 7 * DAY);
    }

    #[test]
    fn a_worded_time_in_utc_is_read_in_utc() {
        // `Date.toUTCString()`, as a tooltip might show it, in a browser
        // ten hours ahead of UTC: the time is UTC's, not the browser's.
        let (i, p, _) = iv("Connected Tue, 03 Nov 2026 09:41:07 GMT", 600).unwrap();
        let at = utc(2026, 11, 3, 9, 41) + 7 * SECOND;
        assert_eq!((i.earliest, i.latest, p), (at, at + SECOND - 1, Precision::Second));
        let (i, _, _) = iv("Connected November 3, 2026 at 9:41 AM UTC", 600).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 3, 9, 41));
        // Without the zone, the browser's offset.
        let (i, _, _) = iv("Connected November 3, 2026 at 9:41 AM", 600).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 3, 9, 41) - 10 * HOUR);
        // A date alone in UTC is UTC's day.
        let (i, p, _) = iv("Connected November 3, 2026 GMT", 600).unwrap();
        assert_eq!(
            (i.earliest, i.latest, p),
            (utc(2026, 11, 3, 0, 0), utc(2026, 11, 4, 0, 0) - 1, Precision::Day)
        );
    }

    #[test]
    fn half_a_unit_is_less_than_one() {
        // date-fns says "half a minute" for 20 to 39 seconds: a session
        // "Last active half a minute ago" after its termination is activity
        // after it, which a time kept only as text could not show.
        let (i, p, r) = iv("Last active half a minute ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - MINUTE, NOW));
        assert_eq!((p, r), (Precision::Relative, TimeRole::LastActive));
        let (i, _, r) = iv("Connected half an hour ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest, r), (NOW - HOUR, NOW, TimeRole::Connected));
        let (i, _, _) = iv("Resets in half an hour", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW, NOW + HOUR));
        // "half" with no unit after it is no time.
        assert!(iv("Connected half ago", 0).is_none());
    }

    #[test]
    fn hedged_amounts_widen_by_a_unit() {
        // Date libraries print "about 2 hours" for anything they round to
        // 2 hours; the interval must hold both readings (rounded and floored).
        let (i, p, r) = iv("Connected about 2 hours ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 3 * HOUR, NOW - HOUR));
        assert_eq!((p, r), (Precision::Relative, TimeRole::Connected));
        let (i, _, _) = iv("about an hour ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 2 * HOUR, NOW));
        let (i, _, _) = iv("almost 2 years ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 732 * DAY, NOW - 365 * DAY));
        let (i, _, _) = iv("over 1 year ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 732 * DAY, NOW - 365 * DAY));
        let (i, _, r) = iv("Resets in about 3 hours", 0).unwrap();
        assert_eq!(
            (i.earliest, i.latest, r),
            (NOW + 2 * HOUR, NOW + 4 * HOUR, TimeRole::Resets)
        );
        let (i, _, _) = iv("Resets in less than a minute", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW, NOW + MINUTE));
        let (i, _, _) = iv("less than 5 minutes ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 5 * MINUTE, NOW));
        assert!(iv("about", 0).is_none());
        assert!(iv("about 2 hours", 0).is_none(), "neither past nor future");
    }

    #[test]
    fn midnight_and_noon_are_times_of_day() {
        // NOW is 12:00 UTC: the next midnight is 12 hours on, and noon
        // yesterday was 24 hours back.
        let (i, p, _) = iv("Resets at midnight", 0).unwrap();
        assert_eq!((i.earliest, p), (utc(2026, 11, 23, 0, 0), Precision::Minute));
        let (i, _, _) = iv("Yesterday at noon", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 21, 12, 0));
    }

    #[test]
    fn compound_amounts_count_in_their_smallest_unit() {
        let (i, _, _) = iv("Connected 1 hour, 5 minutes ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 66 * MINUTE, NOW - 65 * MINUTE));
        let (i, _, _) = iv("2 days and 3 hours ago", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 52 * HOUR, NOW - 51 * HOUR));
        let (i, _, _) = iv("Resets in 4 hr 12 min", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW + 252 * MINUTE, NOW + 253 * MINUTE));
    }

    #[test]
    fn now_phrases_are_short_windows() {
        for s in ["just now", "Active now", "Connected just now", "Currently active"] {
            let (i, _, _) = iv(s, 0).unwrap();
            assert_eq!((i.earliest, i.latest), (NOW - JUST_NOW, NOW), "{s}");
        }
        assert_eq!(iv("Active now", 0).unwrap().2, TimeRole::LastActive);
        assert_eq!(iv("Currently active", 0).unwrap().2, TimeRole::LastActive);
    }

    #[test]
    fn calendar_words_use_the_local_day() {
        // UTC+10: local time is 22:00 on Nov 22.
        let (i, p, _) = iv("yesterday", 600).unwrap();
        assert_eq!(p, Precision::Day);
        assert_eq!(i.earliest, utc(2026, 11, 21, 0, 0) - 10 * HOUR);
        assert_eq!(i.latest, utc(2026, 11, 22, 0, 0) - 10 * HOUR - 1);
        let (i, _, _) = iv("last week", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW - 14 * DAY, NOW - 7 * DAY));
        let (i, p, _) = iv("Yesterday at 3:15 PM", 0).unwrap();
        assert_eq!(p, Precision::Minute);
        assert_eq!(i.earliest, utc(2026, 11, 21, 15, 15));
    }

    #[test]
    fn this_and_next_say_the_unit_around_now() {
        // What `Intl.RelativeTimeFormat` writes with `numeric: "auto"` for
        // an amount of 0 or 1: the unit that holds now, or the next one.
        for (s, lo, hi) in [
            ("Connected this week", NOW - 7 * DAY, NOW),
            ("Connected this wk.", NOW - 7 * DAY, NOW),
            ("Last active this hour", NOW - HOUR, NOW),
            ("Connected this minute", NOW - MINUTE, NOW),
            ("Resets this week", NOW, NOW + 7 * DAY),
            ("Resets next week", NOW, NOW + 14 * DAY),
            ("Resets next mo.", NOW, NOW + 62 * DAY),
        ] {
            let (i, p, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!((i.earliest, i.latest, p), (lo, hi, Precision::Relative), "{s}");
        }
        // A page that rounds a moment ago to zero may write it as to come.
        for (s, lo) in [
            ("Connected in 0 minutes", NOW - MINUTE),
            ("Last active in 0 hr.", NOW - HOUR),
        ] {
            let (i, _, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!((i.earliest, i.latest), (lo, NOW), "{s}");
        }
        let (i, _, _) = iv("Resets in 0 minutes", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW, NOW + MINUTE));
        // Before a weekday, or any word but a unit, they are not
        // understood: which week "next Monday" means is not certain ("last
        // Tuesday" is read as either of two: last_weekday_is_in_the_week_before_today).
        for s in ["Connected this morning", "Resets next Monday"] {
            assert_eq!(iv(s, 0), None, "{s}");
        }
    }

    #[test]
    fn todays_date_is_cut_at_now() {
        // NOW is 2026-11-22 12:00 UTC: a past time that day is no later,
        // a reset that day no earlier; other days are whole.
        let today = (utc(2026, 11, 22, 0, 0), utc(2026, 11, 23, 0, 0) - 1);
        let cases = [
            ("Connected Nov 22, 2026", (today.0, NOW)),
            ("Last active 12:00 PM", (NOW, NOW)),
            ("Resets Nov 22, 2026", (NOW, today.1)),
            ("Connected Nov 21, 2026", (today.0 - DAY, today.0 - 1)),
        ];
        for (s, want) in cases {
            let (i, _, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!((i.earliest, i.latest), want, "{s}");
        }
    }

    #[test]
    fn a_month_and_year_alone_is_that_whole_month_up_to_now() {
        // In the browser's offset, like a day: UTC+2 starts it 2 hours early.
        let sep = (utc(2025, 9, 1, 0, 0) - 2 * HOUR, utc(2025, 10, 1, 0, 0) - 2 * HOUR - 1);
        for s in ["Connected Sep 2025", "Last used September 2025", "Sept. 2025"] {
            let (i, p, _) = iv(s, 120).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(((i.earliest, i.latest), p), (sep, Precision::Relative), "{s}");
        }
        let (i, _, _) = iv("Connected Nov 2026", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (utc(2026, 11, 1, 0, 0), NOW));
        // A month to come is not what a reset says; a time of day needs a day.
        for s in ["Resets Dec 2026", "Connected Sep 2025, 9:41 AM"] {
            assert_eq!(iv(s, 0), None, "{s}");
        }
    }

    #[test]
    fn absolute_dates_are_days_or_minutes() {
        let day = (utc(2026, 11, 3, 0, 0), utc(2026, 11, 4, 0, 0) - 1);
        for s in [
            "Nov 3, 2026",
            "3 Nov 2026",
            "2026-11-03",
            "2026/11/03",
            "2026.11.03",
            "11/03/2026",
            "03.11.2026",
            "November 3rd, 2026",
            "Connected on Nov 3, 2026",
            // A leading "on" / "since" before any form, a date in brackets
            // after its label, and labels of a few words.
            "Trusted on 2026-11-03",
            "Trusted since Nov 3, 2026",
            "Since Nov 3, 2026",
            "Enrolled (Nov 3, 2026)",
            "Enrollment date: Nov 3, 2026",
            "Date added Nov 3, 2026",
        ] {
            let (i, p, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!((i.earliest, i.latest), day, "{s}");
            assert_eq!(p, Precision::Day, "{s}");
        }
        for s in [
            "Nov 3, 2026, 9:41 AM",
            "Nov 3, 2026 at 09:41",
            "3 Nov 2026 9:41 am",
            "11/03/2026 9:41 AM",
            "2026-11-03T09:41",
            "2026-11-03 at 09:41",
            "Connected on 2026-11-03 at 09:41",
            // A year first with the time in a worded date's forms.
            "Connected 2026-11-03 at 9:41 AM",
            "2026-11-03, 9:41 am",
            "2026/11/03 9:41 AM",
        ] {
            let (i, p, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(
                (i.earliest, i.latest),
                (utc(2026, 11, 3, 9, 41), utc(2026, 11, 3, 9, 42) - 1),
                "{s}"
            );
            assert_eq!(p, Precision::Minute, "{s}");
        }
        // The browser's zone moves the day.
        let (i, _, _) = iv("Nov 3, 2026", -300).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 3, 5, 0));
        // Slash dates: a first number above 12 can only be a day. Else
        // either order would do: month first, unless that puts a past time
        // in the future (a day-first locale wrote it) or a reset in the past.
        for (s, (y, m, d)) in [
            ("25/10/2026", (2026, 10, 25)),
            ("Connected 12/11/2026", (2026, 11, 12)),
            ("Connected 11/12/2026", (2026, 11, 12)),
            ("Connected 10/11/2026", (2026, 10, 11)),
            ("Resets 12/01/2026", (2026, 12, 1)),
            ("Resets 01/12/2026", (2026, 12, 1)),
        ] {
            let (i, _, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(i.earliest, utc(y, m, d, 0, 0), "{s}");
        }
        // A dotted date needs its year (else it could be a decimal).
        assert!(iv("Connected 03.11", 0).is_none_or(|(_, p, _)| p != Precision::Day));
        // Exact instants only when the page gives a zone.
        let (i, p, _) = iv("2026-11-03T09:41:00Z", 0).unwrap();
        assert_eq!(
            (i.earliest, i.latest, p),
            (utc(2026, 11, 3, 9, 41), utc(2026, 11, 3, 9, 41), Precision::Exact)
        );
        // A zone with a character of several bytes where digits belong is
        // no zone, and no panic.
        for s in ["2026-11-03T09:41+€00", "2026-11-03T09:41-0€:0", "2026-11-03T09:41+é:00"] {
            assert!(iv(s, 0).is_none(), "{s}");
        }
        let (i, _, _) = iv("2026-11-03T09:41:00+01:00", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 3, 8, 41));
        // A zone written as "UTC" or without its colon.
        for (s, h) in [
            ("2026-11-03 09:41:00 UTC", 9),
            ("2026-11-03 09:41 UTC", 9),
            ("2026-11-03T09:41:00+0100", 8),
            ("2026-11-03T09:41-0130", 11),
        ] {
            let (i, p, _) = iv(s, 60).unwrap_or_else(|| panic!("{s}"));
            let m = if h == 11 { 11 } else { 41 };
            assert_eq!((i.earliest, p), (utc(2026, 11, 3, h, m), Precision::Exact), "{s}");
        }
        let (i, p, _) = iv("Connected 2026-11-03 9:41 PM UTC", 60).unwrap();
        assert_eq!((i.earliest, p), (utc(2026, 11, 3, 21, 41), Precision::Minute));
        for s in [
            "2026-13-03 at 9:41 AM",
            "2026-11 at 9:41 AM",
            "1234-11-03 at 9:41 AM",
            "2026-11/03 9:41 AM",
            "2026-11-03 09:41 UTC+",
            "2026-11-03 09:41+01:0",
            "2026-11-03 09:41+01€0",
        ] {
            assert!(iv(s, 0).is_none(), "{s}");
        }
    }

    #[test]
    fn labels_and_leading_words_give_the_role() {
        for (s, role) in [
            ("Trusted since Nov 3, 2026", TimeRole::Enrolled),
            ("Enrolment date: Nov 3, 2026", TimeRole::Enrolled),
            ("Date added Nov 3, 2026", TimeRole::Enrolled),
            ("Since Nov 3, 2026", TimeRole::Unlabelled),
            ("Signed in since Nov 3, 2026", TimeRole::SignedIn),
            ("Last active since yesterday", TimeRole::LastActive),
        ] {
            assert_eq!(iv(s, 0).map(|x| x.2), Some(role), "{s}");
        }
        // A leading word alone is no time.
        assert!(iv("since", 0).is_none());
        assert!(iv("Trusted since", 0).is_none());
    }

    #[test]
    fn yearless_dates_pick_the_side_the_role_implies() {
        let (i, _, _) = iv("Connected Dec 1", 0).unwrap();
        assert_eq!(i.earliest, utc(2025, 12, 1, 0, 0));
        let (i, _, _) = iv("Resets Dec 1", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 12, 1, 0, 0));
    }

    #[test]
    fn reset_phrases_are_in_the_future() {
        let (i, _, r) = iv("Resets in 2 hours", 0).unwrap();
        assert_eq!(r, TimeRole::Resets);
        assert_eq!((i.earliest, i.latest), (NOW + 2 * HOUR, NOW + 3 * HOUR));
        let (i, _, _) = iv("Resets in 2 hr 30 min", 0).unwrap();
        assert_eq!((i.earliest, i.latest), (NOW + 150 * MINUTE, NOW + 151 * MINUTE));
        // Sunday noon → next Thursday 09:00.
        let (i, p, _) = iv("Resets Thu 9:00 AM", 0).unwrap();
        assert_eq!((i.earliest, p), (utc(2026, 11, 26, 9, 0), Precision::Minute));
        // The time of day first, then the day.
        for s in [
            "Resets at 9:00 AM on Thursday",
            "Resets 9 AM Thu",
            "Resets 09:00, Nov 26",
        ] {
            let (i, _, _) = iv(s, 0).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(i.earliest, utc(2026, 11, 26, 9, 0), "{s}");
        }
        let (i, _, _) = iv("Signed in 9:41 AM on Nov 3, 2026", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 3, 9, 41));
        // Sunday 9 AM has passed → a week later.
        let (i, _, _) = iv("Resets Sun 9:00 AM", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 29, 9, 0));
        let (i, _, _) = iv("Resets 1:00 PM", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 22, 13, 0));
        let (i, _, _) = iv("Resets 9:00 AM", 0).unwrap();
        assert_eq!(i.earliest, utc(2026, 11, 23, 9, 0));
    }

    #[test]
    fn a_time_of_day_alone_after_its_role_word_is_the_last_such_minute() {
        // NOW is 12:00 UTC; the browser is at UTC+1, so 13:00 local.
        let c = clock(60);
        let en = for_lang("en");
        let minutes = |s: &str| {
            let i = parse_time(s, &c, en).and_then(|o| o.interval).unwrap();
            ((i.earliest - NOW) / MINUTE, (i.latest - NOW) / MINUTE)
        };
        assert_eq!(minutes("Last active 12:05 PM"), (-55, -54));
        // A little later than now (clocks a few minutes apart): today.
        assert_eq!(minutes("Last active 13:03"), (3, 3));
        // Later than that: yesterday.
        assert_eq!(minutes("Signed in 3:00 PM"), (-22 * 60, -22 * 60 + 1));
        // Resets look forward, and a time alone is no time.
        assert_eq!(minutes("Resets 3:00 PM"), (120, 120));
        assert!(parse_time("9:41", &c, en).is_none());
    }

    #[test]
    fn not_times_and_unknown_times() {
        let c = clock(0);
        let en = for_lang("en");
        for s in [
            "Claude Code",
            "user:inference",
            "192.168.1.10",
            "Chrome on macOS",
            "2026",
            "May",
            "Current",
            "",
            "9:41",
            // A time word followed by "by" names who, not when.
            "Created by claude setup-token",
            "Used by Claude Code",
            "Authorized by: Jane",
        ] {
            assert!(parse_time(s, &c, en).is_none(), "{s:?} is not a time");
        }
        let o = parse_time("Connected sometime", &c, en).unwrap();
        assert_eq!(
            (o.role, o.precision, o.interval),
            (TimeRole::Connected, Precision::Unknown, None)
        );
        for s in [
            "Nov 31, 2026",
            "13/13/2026",
            "Connected 99:99",
            "2026-02-30",
            "Connected 99999999999999999999 days ago",
        ] {
            let o = parse_time(s, &c, en);
            assert!(o.as_ref().is_none_or(|o| o.interval.is_none()), "{s:?} → {o:?}");
        }
    }
}
