//! Usage meters: "N% used" texts (or progress bars when no such text
//! exists), each with the name and reset time found around it.

use super::controls::Controls;
use super::records::{Handle, Meter};
use crate::core::decimal::Decimal;
use crate::core::phrases::{Phrases, TimeRole};
use crate::core::text::{contains_words, fold, preview};
use crate::core::time::{parse_time, Clock, TimeObs};
use crate::core::tree::Tree;
use crate::core::vecs::Dense;

/// A meter holds a name, a percentage and a reset text, and maybe a note.
const METER_TEXT_NODES_MAX: u32 = 12;

/// The longest meter name in words ("Claude Opus 4.1 only"); longer texts
/// are the sentences beside a meter.
const NAME_WORDS_MAX: usize = 4;

/// Percentages a page may show; anything else is not a usage meter.
fn plausible(d: Decimal) -> Option<Decimal> {
    (Decimal::ZERO..=Decimal::from_int(1000)).contains(&d).then_some(d)
}

/// "42% used" / "42.5 % used" → 42.5; also inside longer text, with "used"
/// anywhere in it: "Used: 42%", "42% of weekly limit used"; and a share of
/// a limit ("You're at 40% of your 5-hour limit").
pub fn percent_used(text: &str, phrases: &Phrases) -> Option<Decimal> {
    percent_said(text, phrases, false)
}

/// As [`percent_used`]; with `left`, the share used that a share left
/// says instead ("55% remaining", "88% left" → 45, 12).
fn percent_said(text: &str, phrases: &Phrases, left: bool) -> Option<Decimal> {
    let f = fold(text);
    let pos = crate::core::text::find_str(&f, "%")?;
    let n = number_before(crate::core::text::head(&f, pos))?;
    if left {
        let says_left = phrases.remaining.iter().any(|w| contains_words(&f, w));
        return says_left.then(|| n.left_of_hundred()).flatten();
    }
    let after = crate::core::text::tail(&f, pos + 1).trim_start();
    let of_limit = after.starts_with("of ") && contains_words(after, phrases.limit);
    (of_limit || contains_words(&f, phrases.used)).then_some(n)
}

/// A text that says how full a meter is rather than what it is:
/// "Approaching limit", "Limit reached", "Near limit".
fn is_state(text: &str, phrases: &Phrases) -> bool {
    let f = fold(text);
    phrases.meter_states.iter().any(|w| contains_words(&f, w))
}

/// A text that only says what a percentage beside it is: "used",
/// "remaining", "left" (any case).
fn is_figure_word(text: &str, phrases: &Phrases) -> bool {
    let f = fold(text);
    let w = crate::core::text::phrase_of(&f);
    w == phrases.used || phrases.remaining.contains(&w)
}

/// A text that is a percentage and nothing else: "42%", "42.5 %" (digits
/// and a point only, as `Decimal::parse` takes them; a sign makes no
/// percentage that `plausible` keeps, but "-0%" is 0%).
fn bare_percent(text: &str) -> Option<Decimal> {
    plausible(Decimal::parse(text.trim().strip_suffix('%')?.trim_end())?)
}

/// A text with one part that is a percentage alone, the text cut at `·`,
/// `•`, `|`, `—` and at ", ", ": ", "; ": "45%", "5-hour limit: 23% ·
/// resets in 2h". Two such parts say two things: none is read.
fn percent_in_parts(text: &str) -> Option<Decimal> {
    let mut found = None;
    for t in text.split(['·', '•', '|', '—']) {
        for c in clauses(t) {
            if let Some(v) = bare_percent(c) {
                if found.is_some() {
                    return None;
                }
                found = Some(v);
            }
        }
    }
    found
}

/// The number that ends `before` (a percentage's digits).
fn number_before(before: &str) -> Option<Decimal> {
    let before = before.trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    plausible(Decimal::parse(crate::core::text::tail(before, start))?)
}

/// A text that says an amount of money ("$4.20 spent", "of $50.00
/// monthly limit" under "Extra usage"): what was spent changes with every
/// reading and a limit with the user's settings, so neither names the
/// meter; its heading does. The sign stands next to a digit, before it or
/// after it ("4,20 €"), a space between at most: "${…}" in a name is none.
fn says_money(text: &str) -> bool {
    let sign = |c: char| matches!(c, '$' | '€' | '£' | '¥');
    let mut last = ' ';
    for c in text.chars().filter(|&c| c != ' ') {
        if sign(last) && c.is_ascii_digit() || last.is_ascii_digit() && sign(c) {
            return true;
        }
        last = c;
    }
    false
}

/// A text that is the meter's figure rather than a name: a percentage
/// used, or nothing but digits, `%` and `.` (empty included).
fn is_figure(text: &str, phrases: &Phrases) -> bool {
    percent_used(text, phrases).is_some()
        || percent_said(text, phrases, true).is_some()
        || text
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '%' | '.' | ' '))
}

/// What a percentage is "of" in a meter's own text: "You've used 45% of
/// your weekly limit." → "weekly limit"; "12% of the session limit used" →
/// "session limit".
fn limit_named(text: &str) -> Option<String> {
    let after = crate::core::text::tail(text, crate::core::text::find_str(text, "%")? + 1);
    let rest = after.trim_start().strip_prefix("of ")?;
    let rest = ["your ", "the ", "this "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    let end = rest.find(['.', '·', '•', '|', '—', ',', ';']).unwrap_or(rest.len());
    let name = crate::core::text::head(rest, end).trim();
    let name = name.strip_suffix(" used").unwrap_or(name).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// `text` cut after each of `marks` followed by a space (so not in
/// "12.5%", "9:00" or "1,000"); the mark stays with the part before it
/// when `keep` is set.
// (The marks are compared one by one: `contains` on bytes brings std's memchr.)
fn cut_at<'a>(text: &'a str, marks: &[u8], keep: bool) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        if marks.iter().any(|&m| m == b[i]) && b[i + 1] == b' ' {
            out.push(crate::core::text::slice(text, start, i + keep as usize));
            start = i + 1;
        }
    }
    out.push(crate::core::text::tail(text, start));
    out
}

/// `text` cut after each sentence's full stop (". ").
fn sentences(text: &str) -> Vec<&str> {
    cut_at(text, b".", true)
}

/// `text` cut at each ", ", ": " or "; ".
fn clauses(text: &str) -> Vec<&str> {
    cut_at(text, b",:;", false)
}

/// "42%" in one text node and "used" in the next (a styled number); with
/// `left`, "remaining" or "left" in the next (the rest used). The sign may
/// be a node of its own too: "42", then "%" or "% used" (a big number with
/// a small sign).
fn split_percent(tree: &Tree, j: usize, text: &str, phrases: &Phrases, left: bool) -> Option<Decimal> {
    let f = fold(text);
    let mut texts = (j + 1..tree.len().min(j + 7)).filter_map(|k| tree.text(k));
    let (number, next) = match f.strip_suffix('%') {
        Some(number) => (number.trim_end(), fold(texts.next()?)),
        None => {
            let sign = fold(texts.next()?);
            let rest = sign.strip_prefix('%')?.trim_start();
            let next = if rest.is_empty() {
                fold(texts.next()?)
            } else {
                rest.to_string()
            };
            (f.as_str(), next)
        }
    };
    let v = plausible(Decimal::parse(number)?)?;
    if !left {
        return crate::core::text::starts_with_words(&next, phrases.used).then_some(v);
    }
    let says_left = phrases
        .remaining
        .iter()
        .any(|w| crate::core::text::starts_with_words(&next, w));
    says_left.then(|| v.left_of_hundred()).flatten()
}

/// A progress bar's value as a percentage of its maximum, to two decimals.
fn progress_percent(tree: &Tree, i: usize) -> Option<Decimal> {
    let is_bar = matches!(tree.tag(i), Some("progress" | "meter"))
        || matches!(tree.attr(i, "role"), Some("progressbar" | "meter"));
    if !is_bar {
        return None;
    }
    let num = |k: &str| {
        tree.attr(i, k)
            .and_then(|v| Decimal::parse(v.trim()))
            .map(Decimal::to_f64)
    };
    let value = num("aria-valuenow").or_else(|| num("value"))?;
    let max = num("aria-valuemax").or_else(|| num("max")).unwrap_or(100.0);
    // ARIA ranges need not start at 0 (`aria-valuemin`); a <progress> does.
    let min = num("aria-valuemin").unwrap_or(0.0);
    if max <= min {
        return None;
    }
    Decimal::from_f64_2(((value - min) / (max - min) * 100.0).clamp(0.0, 1000.0))
}

/// Whether the figure `s` (a percentage in words or a bar), found by a
/// later source than the `accepted` ones, is a meter of its own rather
/// than another drawing of one of theirs. A page may say one meter's
/// figure one way and the others another ("Current session" as a bar or
/// a bare "100%", the weekly ones as "Used 37%"; one meter's "63% left").
/// Around `s`, the largest element holding no accepted figure (its own
/// part of the page) must name something; and when the element around
/// that holds just one accepted figure, that figure's own part must name
/// something too, or `s` is drawn beside its meter's figure ("Opus" over
/// a bar, "45% used" under it). With no text in its part, a bar is one of
/// a column of bars drawn apart from the meters they repeat.
fn stands_apart(
    tree: &Tree,
    s: usize,
    accepted: &[(usize, Decimal)],
    inside: &Dense<u32>,
    phrases: &Phrases,
    clock: &Clock,
) -> bool {
    if inside[s] > 0 {
        return false;
    }
    let mut own = s;
    while let Some(q) = tree.parent(own).filter(|&q| inside[q] == 0) {
        own = q;
    }
    let Some(q) = tree.parent(own) else { return false };
    if !names_a_meter(tree, s, own, true, phrases, clock) {
        return false;
    }
    if inside[q] > 1 {
        return true;
    }
    let Some(&(a, _)) = accepted.iter().find(|&&(a, _)| tree.contains(q, a)) else {
        return false;
    };
    let mut theirs = a;
    while let Some(p) = tree.parent(theirs).filter(|&p| p != q) {
        theirs = p;
    }
    names_a_meter(tree, a, theirs, false, phrases, clock)
}

/// Whether the element `part`, which holds the figure `s`, says anything
/// that may name a meter: a text that is not a figure, a word of one or a
/// time, nor a meter's state unless `state_names` (a meter may have
/// nothing else: "Near limit" over a bar). In the figure's own text (or
/// a graphic's label), a part of it: "Sonnet only: 63% left".
fn names_a_meter(tree: &Tree, s: usize, part: usize, state_names: bool, phrases: &Phrases, clock: &Clock) -> bool {
    let names = |t: &str| {
        let t = t.trim();
        !t.is_empty()
            && !is_figure(t, phrases)
            && !is_figure_word(t, phrases)
            && (state_names || !is_state(t, phrases))
            && parse_time(t, clock, phrases).is_none()
            && reset_within(t, clock, phrases).is_none()
    };
    for (j, t) in tree.texts_in(part) {
        if j != s && names(t) {
            return true;
        }
    }
    // The figure's own text, or the label of a graphic that says its figure
    // ("Opus only: 5% used"; a bar's label is not read: bars in a column of
    // their own, each labelled, repeat the meters beside them).
    let own = match tree.text(s) {
        Some(t) => t,
        None if progress_percent(tree, s).is_none() => tree.attr(s, "aria-label").unwrap_or(""),
        None => "",
    };
    for piece in own.split(['·', '•', '|', '—']) {
        for c in clauses(piece) {
            if names(c) {
                return true;
            }
        }
    }
    false
}

pub fn find(tree: &Tree, ctl: &Controls, phrases: &Phrases, clock: &Clock) -> Vec<Meter> {
    let n = tree.len();
    // Where percentages are said: in words of use first, then in words of
    // what is left (a page may say both of one meter), then progress bars,
    // then percentages standing alone ("45%"), then those under a column
    // of what is left ("Remaining": a table with "Used" beside it is read
    // by that column alone). One loop per source, not collected chains
    // (their copies of std's collecting code cost wasm).
    // Each later source adds only the figures that stand apart from those
    // found before it (`stands_apart`).
    let mut sources: Vec<(usize, Decimal)> = Vec::new();
    for source in 0..5 {
        let before = sources.len();
        let mut inside = Dense::filled(0u32, if before > 0 { n } else { 0 });
        if before > 0 {
            for &(j, _) in &sources {
                inside[j] = 1;
            }
            for i in (0..n).rev() {
                if let Some(p) = tree.parent(i) {
                    inside[p] = inside[p].saturating_add(inside[i]);
                }
            }
        }
        for j in 0..n {
            let p = match (source, tree.text(j)) {
                // Bars, and graphics that say their figure only to a screen
                // reader (a ring, `<svg role="img" aria-label="58% used">`;
                // often beside the same figure in words, so not a source of
                // words).
                (2, _) => progress_percent(tree, j).or_else(|| {
                    let label = tree
                        .attr(j, "aria-label")
                        .filter(|_| tree.texts_in(j).next().is_none())?;
                    percent_said(label, phrases, false).or_else(|| percent_said(label, phrases, true))
                }),
                _ if ctl.in_dialog[j] => None,
                (0 | 1, Some(t)) => {
                    let left = source == 1;
                    percent_said(t, phrases, left).or_else(|| split_percent(tree, j, t, phrases, left))
                }

                (3 | 4, Some(t)) => percent_in_parts(t).and_then(|p| {
                    let header = super::fields::column_header(tree, j, None).map(|h| tree.joined_text(h));
                    let left = header.is_some_and(|h| phrases.remaining.iter().any(|w| contains_words(&fold(&h), w)));
                    match (source, left) {
                        (3, false) => Some(p),
                        (4, true) => p.left_of_hundred(),
                        _ => None,
                    }
                }),
                _ => None,
            };
            if let Some(p) = p {
                if before == 0 || stands_apart(tree, j, &sources[..before], &inside, phrases, clock) {
                    sources.push((j, p));
                }
            }
        }
    }
    // Page order: a meter's group is the heading above it that no meter
    // before it took as its own.
    crate::core::sort::sort_by_key(&mut sources, |&(j, _)| j);
    let mut is_source = Dense::filled(false, n);
    for &(j, _) in &sources {
        is_source[j] = true;
    }
    let mut src_count = Dense::filled(0u32, n);
    let mut texts = Dense::filled(0u32, n);
    for i in (0..n).rev() {
        src_count[i] += is_source[i] as u32;
        texts[i] += tree.text(i).is_some() as u32;
        if let Some(p) = tree.parent(i) {
            src_count[p] = src_count[p].saturating_add(src_count[i]);
            texts[p] = texts[p].saturating_add(texts[i]);
        }
    }
    let mut meters = Vec::new();
    // Each meter's part of the page (`flat_part`), in page order.
    let mut parts_before: Vec<(usize, usize)> = Vec::new();
    for (s, percent) in sources {
        let mut cur = if tree.text(s).is_some() {
            tree.parent(s).unwrap_or(s)
        } else {
            s
        };
        while let Some(p) = tree.parent(cur) {
            if tree.parent(p).is_none() || src_count[p] > 1 || texts[p] > METER_TEXT_NODES_MAX {
                break;
            }
            cur = p;
        }
        // The figure's own element first. When no text in it names the
        // meter (a page drawn flat: the element holds the figure alone),
        // and no reset time is in it either, the part of the page around
        // it (`flat_part`): a bar may have its name in its label and its
        // reset time beside it.
        let own = read_part(tree, s, (cur, tree.end(cur)), phrases, clock);
        let reading = match own {
            Some(r) if r.resets.is_some() || tree.text(r.named_at).is_some() => Some(r),
            own => flat_part(tree, cur, &src_count, phrases, clock)
                .and_then(|part| read_part(tree, s, part, phrases, clock))
                .or(own),
        };
        let Some(part) = reading else { continue };
        let named_at = part.named_at;
        // The badge goes into the element that says the name, as a row's
        // goes after its label; a bar or a graphic draws no HTML children,
        // so its badge goes beside it.
        let mut anchor = tree
            .parent(named_at)
            .filter(|_| tree.text(named_at).is_some())
            .unwrap_or(named_at);
        if matches!(tree.tag(anchor), Some("progress" | "meter" | "svg"))
            || matches!(tree.attr(anchor, "role"), Some("progressbar" | "meter" | "img"))
        {
            anchor = tree.parent(anchor).filter(|&p| tree.contains(cur, p)).unwrap_or(cur);
        }
        // The nearest heading above it that is not its own name: a meter
        // alone on the page climbs to the page's own heading ("Usage").
        let mut group = match part.headings {
            [before, Some(last)] if last == part.name => before,
            [_, last] => last,
        }
        .map(str::to_string);
        // A meter named by its own heading ("Extra usage" over "8% used")
        // is grouped by a heading of a higher rank only: one of its rank
        // before it names another section ("Weekly limits", whose window
        // of 7 days is not this meter's).
        let rank = |h: usize| match tree.tag(h) {
            Some("h1") => 1,
            Some("h2") => 2,
            Some("h3") => 3,
            Some("h4") => 4,
            _ => 9,
        };
        let name_rank = tree.ancestors(named_at).map(rank).min().unwrap_or(9);
        if group.is_none() {
            group = (0..part.span.0)
                .rev()
                .find(|&h| {
                    rank(h) < name_rank.min(5)
                        && !tree.contains(h, cur)
                        // The previous meter's own heading names that meter.
                        && !parts_before.iter().any(|&(a, b)| (a..b).contains(&h))
                })
                .map(|h| tree.joined_text(h));
        }
        parts_before.push(part.span);
        // A heading that says when something resets ("Opus · resets in 2
        // hours"): the reset stays out of the group, which names meters
        // that share a name and must not change with the clock. It is not
        // taken as theirs: which of the meters under it it is cannot be
        // told ("Weekly" under it resets weekly).
        if let Some((_, head)) = group.as_deref().and_then(|g| reset_within(g, clock, phrases)) {
            group = name_before_reset(head).map(str::to_string);
        }
        // Else the figure's own words may say it: "Opus: 12% of weekly limit used".
        let window_ms = window_of(&part.name, phrases)
            .or_else(|| window_of(group.as_deref()?, phrases))
            .or_else(|| window_of(tree.text(s)?, phrases));
        meters.push(Meter {
            name: preview(&part.name, 120),
            percent,
            resets: part.resets,
            group: group.map(|g| preview(&g, 120)),
            window_ms,
            node: cur as Handle,
            anchor: anchor as Handle,
        });
    }
    shared_resets(tree, &mut meters, &parts_before, &src_count, phrases, clock);
    tell_apart(&mut meters);
    meters
}

/// A reset said once under several meters, outside each one's part
/// ("Weekly limits", its bars "All models" and "Sonnet only", then
/// "Resets Nov 27, 9:00 AM"), is theirs: a meter without a reset takes
/// the only reset outside every meter's part in the nearest element that
/// holds more than one meter, when all the meters there share one window
/// (a 5-hour and a weekly meter do not reset together). Each such element
/// is read once, so a page of many meters costs one pass per element.
fn shared_resets(
    tree: &Tree,
    meters: &mut [Meter],
    parts: &[(usize, usize)],
    src_count: &Dense<u32>,
    phrases: &Phrases,
    clock: &Clock,
) {
    // The nodes in some meter's part: no more work than reading the parts
    // took.
    let mut in_parts = Dense::filled(false, tree.len());
    for &(a, b) in parts {
        for j in a..b {
            in_parts[j] = true;
        }
    }
    let mut read: Vec<usize> = Vec::new();
    for k in 0..meters.len() {
        let mut holder = meters[k].node as usize;
        while src_count[holder] < 2 {
            match tree.parent(holder) {
                Some(p) => holder = p,
                None => break,
            }
        }
        if meters[k].resets.is_some() || src_count[holder] < 2 || read.contains(&holder) {
            continue;
        }
        read.push(holder);
        let (lo, hi) = (holder, tree.end(holder));
        let window = meters[k].window_ms;
        let inside = |m: &Meter| (lo..hi).contains(&(m.node as usize));
        if meters.iter().any(|m| inside(m) && m.window_ms != window) {
            continue;
        }
        let mut said = Vec::new();
        for j in lo..hi {
            let Some(t) = tree.text(j).filter(|_| !in_parts[j]) else {
                continue;
            };
            if let Some((tm, _)) = reset_said(t, clock, phrases).filter(|(tm, _)| tm.interval.is_some()) {
                said.push(tm);
            }
        }
        if let [tm] = &said[..] {
            for m in meters.iter_mut() {
                if m.resets.is_none() && inside(m) {
                    m.resets = Some(tm.clone());
                }
            }
        }
    }
}

/// Meters are followed from visit to visit by name, so two that share one
/// ("Weekly" under "Opus" and under "Sonnet") would be taken for one meter
/// whose figure jumps between theirs: each such name is led by its group
/// ("Opus · Weekly"). (Alike meters under one heading stay alike: nothing
/// on the page tells them apart.)
fn tell_apart(meters: &mut [Meter]) {
    let mut shared = Vec::with_capacity(meters.len());
    for m in meters.iter() {
        shared.push(meters.iter().filter(|o| o.name == m.name).count() > 1);
    }
    for (m, shared) in meters.iter_mut().zip(shared) {
        if let Some(g) = m.group.as_ref().filter(|_| shared) {
            let mut name = g.clone();
            name.push_str(" · ");
            name.push_str(&m.name);
            m.name = name;
        }
    }
}

/// The name, reset time and headings of the meter whose figure is `s`,
/// read from the nodes `lo..hi`; None when they name no meter.
fn read_part<'t>(
    tree: &'t Tree,
    s: usize,
    (lo, hi): (usize, usize),
    phrases: &Phrases,
    clock: &Clock,
) -> Option<PartReading<'t>> {
    let (mut name_before, mut name_after, mut resets) = (None, None, None);
    // The last two headings before the figure, within the meter's part
    // of the page (the last may be its own name).
    let mut headings: [Option<&str>; 2] = [None, None];
    // A name is short; a sentence under it ("Starts when a message is
    // sent", "You haven't used Sonnet yet") describes the meter's state
    // and changes with it, so it names the meter only when nothing
    // shorter does.
    let mut short_before = None;
    // A state beside the figure ("Limit reached") changes as the meter
    // fills: it names the meter only when nothing else can.
    let mut state = None;
    let mut texts: Vec<(usize, &str)> = Vec::new();
    for j in lo..hi {
        if let Some(t) = tree.text(j) {
            texts.push((j, t));
        }
    }
    let mut skip = None;
    for (pos, &(j, mut t)) in texts.iter().enumerate() {
        if j == s || skip == Some(j) {
            continue;
        }
        // A reset; a text of fields may name the meter before it
        // ("Current session · Resets in 2 hours").
        if let Some((mut tm, name_first)) = reset_said(t, clock, phrases) {
            // "Resets in 3 hours (at 4:00 PM)": the time, and words after it.
            if tm.interval.is_none() {
                if let Some((head, _)) = super::fields::time_head(t, clock, phrases) {
                    tm = head;
                }
            }
            // "Resets" alone, with the time in the next node (often a <time>).
            let joined = (tm.interval.is_none())
                .then(|| texts.get(pos + 1))
                .flatten()
                .and_then(|&(k, next)| {
                    let datetime = tree
                        .parent(k)
                        .filter(|&p| tree.tag(p) == Some("time"))
                        .and_then(|p| tree.attr(p, "datetime"));
                    let mut joined =
                        parse_time(&format!("{t} {next}"), clock, phrases).filter(|x| x.interval.is_some());
                    if let (Some(j2), Some(dt)) = (joined.as_mut(), datetime) {
                        if let Some(machine) =
                            parse_time(dt, clock, phrases).and_then(|m| m.interval.map(|i| (i, m.precision)))
                        {
                            j2.interval = Some(machine.0);
                            j2.precision = machine.1;
                        }
                    }
                    joined.map(|x| (k, x))
                });
            match joined {
                Some((k, x)) => {
                    skip = Some(k);
                    nearer(&mut resets, j.abs_diff(s), x);
                }
                None => {
                    nearer(&mut resets, j.abs_diff(s), tm);
                }
            }
            let Some(name) = name_first else { continue };
            t = name;
        }
        if is_figure_word(t, phrases) {
            continue;
        }
        if is_figure(t, phrases) {
            continue;
        }
        if is_state(t, phrases) {
            state.get_or_insert((t.to_string(), j));
            continue;
        }
        if says_money(t) {
            continue;
        }
        let in_heading = tree
            .ancestors(j)
            .take_while(|&a| a >= lo)
            .any(|a| matches!(tree.tag(a), Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")));
        if in_heading && j < s {
            headings = [headings[1], Some(t)];
        }
        if j < s {
            if t.split_whitespace().count() <= NAME_WORDS_MAX {
                short_before = Some((t.to_string(), j));
            }
            name_before = Some((t.to_string(), j));
        } else if name_after.is_none() {
            name_after = Some((t.to_string(), j));
        }
    }
    // A meter text like "All models · 42% used" names itself; one like
    // "72% used · Resets in 58 min" carries its reset time. What follows
    // the figure is more often its state than its name ("100% used ·
    // Limit reached"), which would rename the meter as it fills: it names
    // the meter only when nothing else around it does.
    let (mut own_name, mut own_after, mut past_figure) = (None, None, false);
    // A sentence ("You've used 45% of your weekly limit. Resets in 3
    // hours.") is read part by part as well.
    // Plain loops: iterator chains collected here were 2 KB of wasm.
    let mut parts: Vec<&str> = Vec::new();
    for t in tree.text(s).unwrap_or("").split(['·', '•', '|', '—']) {
        parts.extend(sentences(t));
    }
    // "Current session: 45% used, resets in 3 hours" says everything
    // in one clause: it is cut at commas and colons too. So is the
    // part that holds the figure when others follow it ("Opus: 12%
    // used · Resets Thu", "All models: 30% used. Resets Nov 26."),
    // and a part that holds a percentage alone among other words
    // ("5-hour limit: 23%"); the other parts are sentences and stay whole.
    let whole = std::mem::take(&mut parts);
    for p in whole {
        if is_figure(p, phrases) || percent_in_parts(p).is_some() {
            for c in clauses(p) {
                // "Current session (12% used)", "12% used (Resets in 4
                // hours)": the figure, or the reset time, in brackets.
                // Other brackets stay ("… of your weekly limit (all
                // models)"; a name's own, "Weekly (all models): 20%
                // used", are in a clause of their own).
                let bracketed = crate::core::text::split_once_str(c, " (").filter(|(_, inner)| {
                    is_figure(inner, phrases)
                        || parse_time(inner, clock, phrases).is_some_and(|t| t.role == TimeRole::Resets)
                });
                match bracketed {
                    Some((outer, inner)) if is_figure(c, phrases) => {
                        parts.push(outer);
                        parts.push(inner);
                    }
                    _ => match around_figure(c, clock, phrases) {
                        Some([name, figure, after]) => {
                            parts.push(name);
                            parts.push(figure);
                            parts.push(after);
                        }
                        None => parts.push(c),
                    },
                }
            }
        } else {
            parts.push(p);
        }
    }
    for p in parts {
        let p = p.trim();
        // "Used" of "Used: 45%" names the figure, not the meter.
        let word = is_figure_word(p, phrases);
        if word || is_figure(p, phrases) {
            past_figure |= !word && !p.is_empty();
            continue;
        }
        let (reset, p) = match parse_time(p, clock, phrases).filter(|tm| tm.role == TimeRole::Resets) {
            Some(tm) => (Some(tm), None),
            None => match reset_within(p, clock, phrases) {
                Some((tm, head)) => (Some(tm), name_before_reset(head)),
                None => (None, Some(p)),
            },
        };
        if let Some(tm) = reset {
            nearer(&mut resets, 0, tm);
        }
        if let Some(p) = p {
            let name = if is_state(p, phrases) {
                &mut state
            } else if past_figure {
                &mut own_after
            } else {
                &mut own_name
            };
            name.get_or_insert_with(|| (p.to_string(), s));
        }
    }
    // What the percentage is "of": "45% of your session limit".
    let of_name = || tree.text(s).and_then(limit_named).map(|n| (n, s));
    // A bar with no text around it may still be labelled (`aria-label`
    // on it or on its region); so may the bar beside a figure in words
    // ("37% used" next to `role="progressbar" aria-label="Current
    // session"`: the name only a screen reader says).
    let label_of = |a: usize| {
        // "Current session: 45% used": the label without its figure, state
        // or reset, which change from visit to visit; every part that
        // names ("Weekly · Opus": "Weekly" alone is also the name of the
        // weekly meter of all models beside it).
        let label = tree.attr(a, "aria-label").unwrap_or("");
        let mut name = String::new();
        for part in label.split(['·', '•', '|', '—']) {
            let first = clauses(part).into_iter().next().unwrap_or("").trim();
            let changes =
                is_figure(first, phrases) || is_state(first, phrases) || parse_time(first, clock, phrases).is_some();
            if !first.is_empty() && !changes {
                if !name.is_empty() {
                    name.push_str(" · ");
                }
                name.push_str(first);
            }
        }
        (!name.is_empty()).then_some((name, a))
    };
    let labelled = || {
        let mut a = s;
        loop {
            if let Some(found) = label_of(a) {
                return Some(found);
            }
            match tree.parent(a).filter(|&p| (lo..hi).contains(&p)) {
                Some(p) => a = p,
                None => break,
            }
        }
        (lo..hi).find_map(|b| progress_percent(tree, b).and_then(|_| label_of(b)))
    };
    // What the figure's own text says it is "of" comes before a text after
    // it, which may be a link ("You've used 90% of your weekly limit.
    // Upgrade").
    let name = own_name
        .or(short_before)
        .or(name_before)
        .or_else(of_name)
        .or(own_after)
        .or(name_after)
        .or_else(labelled)
        .or(state);
    let (name, named_at) = name.filter(|(n, _)| !n.is_empty())?;
    // A reset said only in a label ("Current session · 38% used · Resets
    // in 2 hours"), the name's element's.
    let labelled_reset = || {
        let label = tree.attr(named_at, "aria-label")?;
        label.split(['·', '•', '|', '—']).find_map(|part| {
            parse_time(part.trim(), clock, phrases).filter(|t| t.role == TimeRole::Resets && t.interval.is_some())
        })
    };
    Some(PartReading {
        name,
        named_at,
        resets: resets.map(|(_, tm)| tm).or_else(labelled_reset),
        headings,
        span: (lo, hi),
    })
}

/// Keeps in `slot` the reset time nearest the figure (`distance` in nodes;
/// the figure's own text is 0): a part read around a lone meter may take
/// in another meter's reset ("Limit reached · Resets Mon" of a session
/// drawn without a figure, above "Used 37% · Resets in 3 days").
fn nearer(slot: &mut Option<(usize, TimeObs)>, distance: usize, tm: TimeObs) {
    if slot.as_ref().is_none_or(|(d, _)| distance < *d) {
        *slot = Some((distance, tm));
    }
}

/// What [`read_part`] found.
struct PartReading<'t> {
    name: String,
    /// The node that says the name.
    named_at: usize,
    resets: Option<TimeObs>,
    /// The last two headings before the figure in the part.
    headings: [Option<&'t str>; 2],
    /// The nodes read, `lo..hi`.
    span: (usize, usize),
}

/// The part of a page drawn flat, with no element per meter, that holds
/// the meter whose figure is in `cur`, among `cur`'s siblings:
/// - from the heading (or `<dt>`) before `cur` to the next heading, when
///   no figure comes first ("<h3>Opus</h3><p>3% used</p><p>Resets
///   Thu</p><h3>…");
/// - else, when the figures stand every k siblings and each has a name k'
///   siblings before it (the same k' for all), those k siblings ("<p>Opus
///   </p><p>Resets Thu</p><p>3% used</p><p>Sonnet</p>…"), or, when none
///   does and each figure names itself, the k siblings from it (a
///   labelled bar, then its reset).
/// None otherwise, as which text belongs to which meter cannot be told.
fn flat_part(
    tree: &Tree,
    cur: usize,
    src_count: &Dense<u32>,
    phrases: &Phrases,
    clock: &Clock,
) -> Option<(usize, usize)> {
    let titles = |c: usize| super::rows::is_heading(tree, c) || tree.tag(c) == Some("dt");
    // The siblings, and where among them the figures stand (a plain loop:
    // a collected chain is one more copy of std's collecting code).
    let (mut siblings, mut figures, mut at, mut title) = (Vec::new(), Vec::new(), 0, None);
    for c in tree.children(tree.parent(cur)?) {
        let k = siblings.len();
        if c == cur {
            at = k;
        }
        if src_count[c] > 0 {
            // A sibling with two figures breaks any period.
            figures.push(if src_count[c] == 1 { k } else { usize::MAX });
        }
        if c < cur && (src_count[c] > 0 || titles(c)) {
            title = titles(c).then_some(k);
        }
        siblings.push(c);
    }
    let end_of = |first: usize, last: usize| Some((*siblings.get(first)?, tree.end(*siblings.get(last)?)));
    if let Some(first) = title {
        let mut next = at + 1;
        while siblings.get(next).is_some_and(|&c| src_count[c] == 0 && !titles(c)) {
            next += 1;
        }
        // The headings part the meters only if the next one comes before
        // the next figure standing alone: else the texts up to that figure
        // may be the next meter's name and reset time. (A part of the page
        // with its own heading, or with several meters, is a part of its own.)
        let alone = |c: usize| src_count[c] == 1 && !(c..tree.end(c)).any(&titles);
        if siblings.get(next).is_none_or(|&c| !alone(c)) {
            return end_of(first, next - 1);
        }
    }
    let (&a, &b) = (figures.first()?, figures.get(1)?);
    let period = b.checked_sub(a)?;
    let mut expected = a;
    for &f in &figures {
        if f != expected || f == usize::MAX {
            return None;
        }
        expected = f + period;
    }
    // A text that is no figure and no reset, or a labelled bar.
    let named = |k: usize| {
        let c = siblings[k];
        tree.texts_in(c).any(|(_, t)| {
            !is_figure(t, phrases)
                && !is_figure_word(t, phrases)
                && parse_time(t, clock, phrases).is_none_or(|tm| tm.role != TimeRole::Resets)
        }) || (progress_percent(tree, c).is_some() && tree.attr(c, "aria-label").is_some())
    };
    // Else a figure named by itself ("<div aria-label="Opus"
    // role="progressbar">", its reset after it) leads its part.
    let lead = (1..period).find(|&o| named(b - o)).or(named(b).then_some(0))?;
    if a < lead || figures.iter().any(|&f| !named(f - lead)) {
        return None;
    }
    let first = at.checked_sub(lead)?;
    end_of(first, (first + period).min(siblings.len()) - 1)
}

/// The reset a text says, and the meter's name before it in a text of
/// fields. A time to come with no time word ("in 2 hours", "Thu 9:00 AM"
/// under a "Resets" column) is a reset: nothing else on a usage meter
/// lies ahead.
fn reset_said<'a>(t: &'a str, clock: &Clock, phrases: &Phrases) -> Option<(TimeObs, Option<&'a str>)> {
    match parse_time(t, clock, phrases) {
        Some(tm) if tm.role == TimeRole::Unlabelled => unlabelled_reset(t, clock, phrases).map(|tm| (tm, None)),
        Some(tm) if tm.role == TimeRole::Resets => Some((tm, None)),
        _ => reset_within(t, clock, phrases).map(|(tm, head)| (tm, name_before_reset(head))),
    }
}

/// A reset said inside a text, from its reset word on: "Your limit
/// resets Thursday at 9:00 AM.", "Current session · Resets in 2 hours".
/// Only a time that can be placed counts; with it, the text before it.
fn reset_within<'a>(text: &'a str, clock: &Clock, phrases: &Phrases) -> Option<(TimeObs, &'a str)> {
    let b = text.as_bytes();
    for i in 1..b.len() {
        if b[i - 1] != b' ' || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let rest = crate::core::text::tail(text, i);
        let first = fold(crate::core::text::before_any(rest, b" "));
        let starts = phrases
            .time
            .prefixes
            .iter()
            .any(|&(w, role)| role == TimeRole::Resets && w == first);
        if let Some(tm) = starts.then(|| parse_time(rest, clock, phrases)).flatten() {
            if tm.role == TimeRole::Resets && tm.interval.is_some() {
                return Some((tm, crate::core::text::head(text, i)));
            }
        }
    }
    None
}

/// "Current session 45% used Resets in 2 hours": a meter's name, its
/// figure and its reset said with nothing between them, cut into the
/// three (the name short, and the rest nothing or a reset time). Other
/// words around a figure are a sentence and stay whole.
#[inline(never)]
fn around_figure<'a>(c: &'a str, clock: &Clock, phrases: &Phrases) -> Option<[&'a str; 3]> {
    use crate::core::text::{head, slice, tail};
    // Byte loops: char iterator chains here cost a kilobyte of wasm.
    let pos = crate::core::text::find_str(c, "%")?;
    let b = c.as_bytes();
    let mut start = pos;
    while start > 0 && b.get(start - 1) == Some(&b' ') {
        start -= 1;
    }
    let digits_end = start;
    while start > 0 && matches!(b.get(start - 1), Some(b'0'..=b'9' | b'.')) {
        start -= 1;
    }
    let rest = tail(c, pos + 1).trim_start();
    let word = head(rest, phrases.used.len());
    if word.is_empty() || !word.eq_ignore_ascii_case(phrases.used) {
        return None;
    }
    let end = c.len() - rest.len() + word.len();
    let (name, after) = (head(c, start).trim(), tail(c, end).trim());
    // Not a figure's own hedge: "<1% used", "Less than 1% used", "About
    // 45% used".
    let (mut spaces, mut letters) = (0, false);
    for &x in name.as_bytes() {
        spaces += (x == b' ') as usize;
        letters |= x.is_ascii_alphabetic() || x >= 0x80;
    }
    let first = fold(crate::core::text::before_any(name, b" "));
    let w = &phrases.time;
    let hedge = [w.about, w.almost, w.over, w.under]
        .iter()
        .any(|l| l.contains(&first.as_str()));
    let short_name =
        letters && !hedge && spaces < NAME_WORDS_MAX && !matches!(name.as_bytes().last(), Some(b'.' | b'!' | b'?'));
    let reset_or_nothing =
        after.is_empty() || parse_time(after, clock, phrases).is_some_and(|t| t.role == TimeRole::Resets);
    let word_ends = !matches!(b.get(end), Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z'));
    (start < digits_end && short_name && reset_or_nothing && word_ends).then(|| [name, slice(c, start, end), after])
}

/// The meter's name before a reset in a text of fields ("Current session
/// · Resets in 2 hours", "Opus, resets Monday"); none before a reset that
/// a sentence says ("Your limit resets …").
fn name_before_reset(head: &str) -> Option<&str> {
    let spaced = head.trim_end();
    let name = crate::core::text::trim_end_any(spaced, &['·', '•', '|', '—', '–', '-', ',', ':', '(']).trim_end();
    (name.len() < spaced.len() && !name.is_empty()).then_some(name)
}

/// `text`, a time with no time word, read as a reset: when "Resets" before
/// it gives a time wholly to come.
fn unlabelled_reset(text: &str, clock: &Clock, phrases: &Phrases) -> Option<TimeObs> {
    crate::core::time::parse_bare_as(text, TimeRole::Resets, clock, phrases)
        .filter(|tm| tm.interval.is_some_and(|i| i.earliest >= clock.now_ms))
}

/// How long a window of the meter named (or grouped under) `text` lasts.
fn window_of(text: &str, phrases: &Phrases) -> Option<i64> {
    let f = fold(text);
    phrases
        .meter_windows
        .iter()
        .find(|(w, _)| contains_words(&f, w))
        .map(|&(_, ms)| ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::phrases::for_lang;

    #[test]
    fn reads_percentages() {
        let en = for_lang("en");
        let d = |s| Decimal::parse(s);
        assert_eq!(percent_used("42% used", en), d("42"));
        assert_eq!(percent_used("42.5 % used", en), d("42.5"));
        assert_eq!(percent_used("All models · 7% used", en), d("7"));
        assert_eq!(percent_used("1001% used", en), None);
        assert_eq!(percent_used("42%", en), None);
        assert_eq!(percent_used("% used", en), None);
        assert_eq!(percent_used("1.2.3% used", en), None);
        assert_eq!(percent_used("Used: 45%", en), d("45"));
        assert_eq!(percent_used("12% of weekly limit used", en), d("12"));
        assert_eq!(percent_used("45% unused", en), None);
        assert_eq!(percent_used("45% reused", en), None);
        assert_eq!(percent_used("You're at 40% of your 5-hour limit", en), d("40"));
        assert_eq!(percent_used("40% of the time", en), None);
        assert_eq!(percent_said("55% remaining", en, true), d("45"));
        assert_eq!(percent_said("Left: 87.5%", en, true), d("12.5"));
        assert_eq!(percent_said("120% left", en, true), None);
        assert_eq!(percent_said("55% remaining", en, false), None);
        assert_eq!(
            limit_named("You've used 45% of your weekly limit."),
            Some("weekly limit".into())
        );
        assert_eq!(
            limit_named("12% of the session limit used"),
            Some("session limit".into())
        );
        assert_eq!(limit_named("45% used"), None);
        assert_eq!(
            sentences("12.5% used. Resets in 3 hours."),
            ["12.5% used.", " Resets in 3 hours."]
        );
        assert_eq!(sentences("no stop"), ["no stop"]);
        assert_eq!(
            clauses("Weekly: 20% used, resets Thu 9:00 AM"),
            ["Weekly", " 20% used", " resets Thu 9:00 AM"]
        );
        assert_eq!(limit_named("45% of"), None);
        assert_eq!(bare_percent(" 45% "), d("45"));
        assert_eq!(bare_percent("45.5 %"), d("45.5"));
        assert_eq!(bare_percent("up 45%"), None);
        assert_eq!(bare_percent("%"), None);
        assert_eq!(bare_percent("1001%"), None);
        // A change, not a level: signed figures are no percentage used.
        assert_eq!(bare_percent("-5%"), None);
        assert_eq!(bare_percent("+5%"), None);
        assert_eq!(bare_percent("4,5%"), None);
        assert_eq!(bare_percent(".5%"), None);
    }

    #[test]
    fn cuts_a_name_its_figure_and_its_reset_said_in_one_run() {
        let en = for_lang("en");
        let clock = Clock {
            now_ms: 1_795_348_800_000,
            tz_offset_min: 0,
        };
        let cut = |s| around_figure(s, &clock, en);
        assert_eq!(
            cut("Current session 45% used Resets in 2 hours"),
            Some(["Current session", "45% used", "Resets in 2 hours"])
        );
        assert_eq!(cut("Opus 7.5 % used"), Some(["Opus", "7.5 % used", ""]));
        // Not "used", no figure, no name, a sentence, or a hedge: whole.
        assert_eq!(cut("Current session 45% left"), None);
        assert_eq!(cut("Current session % used"), None);
        assert_eq!(cut("% used"), None);
        assert_eq!(cut("45% used"), None);
        assert_eq!(cut("You have now reached about 45% used"), None);
        assert_eq!(cut("Limit hit. 45% used"), None);
        assert_eq!(cut("About 45% used"), None);
        // Names of up to four words.
        assert_eq!(
            cut("Weekly limit all models 12% used").map(|p| p[0]),
            Some("Weekly limit all models")
        );
        assert_eq!(cut("Weekly limit of all models 12% used"), None);
        // The name before a reset in a text of fields, not in a sentence.
        assert_eq!(name_before_reset("Current session · "), Some("Current session"));
        assert_eq!(name_before_reset("Opus, "), Some("Opus"));
        assert_eq!(name_before_reset("Your limit "), None);
        assert_eq!(name_before_reset(" · "), None);
    }
}
