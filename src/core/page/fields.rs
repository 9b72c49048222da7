//! Row fields: splits a row's visible text into pieces and says what each
//! piece is (scope, time, "Current" marker, location, or label text).

use super::controls::{Action, Controls};
use crate::core::phrases::{Phrases, TimeRole};
use crate::core::text::{find_str, fold, fold_phrase, phrase_of, split_str, starts_with_words};
use crate::core::time::{parse_folded_time, parse_time, says_when, Clock, Interval, Precision, TimeObs};
use crate::core::tree::Tree;
use crate::core::vecs::{at, Dense};

/// Separators pages put between fields on one line.
const SEPARATORS: &[&str] = &[" · ", "·", " • ", "•", " | ", " — ", " – "];

/// What a row's text says, field by field, in page order.
#[derive(Debug, Default)]
pub struct RowText {
    /// Label-like pieces with the node they came from (a text node, or the
    /// link or button whose name it is).
    pub labels: Vec<(String, usize)>,
    pub scopes: Vec<String>,
    pub times: Vec<TimeObs>,
    pub current: bool,
    /// The row says the page counts it as ended ("Revoked", "Expired").
    pub ended: bool,
    pub location: Option<String>,
}

impl RowText {
    /// True when the row says nothing besides its control's name.
    pub fn is_blank(&self) -> bool {
        self.labels.is_empty()
            && self.scopes.is_empty()
            && self.times.is_empty()
            && self.location.is_none()
            && !self.current
    }

    /// The row's first time of the first of `roles` it has, one that says
    /// when before one that does not: a card's status "Active" beside its
    /// "Last used 5 minutes ago" must not hide it.
    pub fn time_with(&self, roles: &[TimeRole]) -> Option<TimeObs> {
        roles.iter().find_map(|r| {
            let of = |placed: bool| {
                self.times
                    .iter()
                    .find(|t| t.role == *r && (t.interval.is_some() || !placed))
            };
            of(true).or_else(|| of(false)).cloned()
        })
    }
}

/// Scope strings look like `user:inference` or `user:sessions:claude_code`.
pub fn is_scope(s: &str) -> bool {
    // One pass over the bytes, with no list of parts (this runs for every
    // word of every row): parts between ':' are not empty, at most 64
    // bytes of [a-z0-9_.-], the first starts with a letter, and there
    // are at least two.
    if !s.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let (mut parts, mut len) = (1, 0);
    for c in s.bytes() {
        if c == b':' {
            if len == 0 {
                return false;
            }
            parts += 1;
            len = 0;
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-' | b'.') {
            len += 1;
            if len > 64 {
                return false;
            }
        } else {
            return false;
        }
    }
    parts > 1 && len > 0
}

/// The words of `piece` (split at white space, commas and semicolons) when
/// there is one and every one is a scope.
fn all_scopes(piece: &str) -> Option<Vec<&str>> {
    // Every scope has a colon: most pieces are ruled out by one scan.
    find_str(piece, ":")?;
    let words = words_of(piece);
    (!words.is_empty() && words.iter().all(|w| is_scope(w))).then_some(words)
}

/// The words of a list of scopes: cut at spaces, commas and semicolons.
fn words_of(piece: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    let mut start = None;
    for (i, c) in piece.char_indices() {
        let separator = c.is_whitespace() || c == ',' || c == ';';
        match (separator, start) {
            (true, Some(s)) => {
                words.push(crate::core::text::slice(piece, s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(crate::core::text::tail(piece, s));
    }
    words
}

/// Adds the scopes among `words` to a row's.
fn add_scopes(scopes: &mut Vec<String>, words: Vec<&str>) {
    for w in words {
        if is_scope(w) {
            scopes.push(w.to_string());
        }
    }
}

fn is_ip(s: &str) -> bool {
    // Most pieces have a letter outside hex digits: no address.
    if !s.bytes().all(|c| c.is_ascii_hexdigit() || c == b':' || c == b'.') {
        return false;
    }
    let (mut parts, mut octets) = (0, true);
    for p in split_str(s, ".") {
        parts += 1;
        octets &= !p.is_empty()
            && p.len() <= 3
            && p.bytes().all(|c| c.is_ascii_digit())
            && crate::core::text::parse_count(p).is_some_and(|v| v <= 255);
    }
    let v4 = parts == 4 && octets;
    let v6 = find_str(s, "::").is_some() || crate::core::text::count_byte(s, b':') >= 3 && !is_scope(s);
    // Every byte is a hex digit, ':' or '.' (checked first).
    v4 || (v6 && s.len() >= 3)
}

fn split_pieces(text: &str) -> Vec<&str> {
    // Most texts hold no separator (each has '|' or a byte of a non-ASCII
    // character): one scan instead of one per separator.
    if !text.bytes().any(|b| b == b'|' || b >= 0x80) {
        let t = text.trim();
        return if t.bytes().all(|b| b == b',' || b == b';') {
            Vec::new()
        } else {
            vec![t]
        };
    }
    // Each separator in turn, over slices of the one text (no copies until
    // the pieces are kept).
    let mut pieces: Vec<&str> = vec![text];
    for sep in SEPARATORS {
        if !pieces.iter().any(|p| find_str(p, sep).is_some()) {
            continue;
        }
        let whole = std::mem::take(&mut pieces);
        for p in whole {
            pieces.extend(split_str(p, sep));
        }
    }
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        let p = p.trim();
        if !is_separator(p) {
            out.push(p);
        }
    }
    out
}

/// A separator drawn as a text node of its own ("Safari", "—", "iPhone" in
/// three spans; the ", " between scope chips) separates; it is not a field.
fn is_separator(p: &str) -> bool {
    // "-" and "/" are not here: between two spans they join one name
    // ("Claude Code - CLI", `JOINING_WORDS`).
    p.chars().all(|c| matches!(c, '·' | '•' | '|' | '—' | '–' | ',' | ';'))
}

/// Time phrases already parsed in one reading. Rows repeat the same phrase
/// ("Connected 3 days ago") by the hundred, and within a reading the clock
/// and the phrase table are fixed, so a text always parses the same: each
/// is parsed once. A small table indexed by hash; a collision only means
/// parsing again.
pub struct TimeMemo {
    slots: Dense<Option<(String, Option<TimeObs>)>>,
}

impl TimeMemo {
    const SLOTS: usize = 64;

    pub fn new() -> TimeMemo {
        TimeMemo {
            slots: Dense::default(),
        }
    }

    /// [`parse_folded_time`] of `raw`, whose fold is `folded`.
    fn parse(&mut self, raw: &str, folded: &str, clock: &Clock, phrases: &Phrases) -> Option<TimeObs> {
        // The table is made on first use: most pages have no rows.
        if self.slots.is_empty() {
            self.slots.resize_with(Self::SLOTS, || None);
        }
        let slot = (crate::core::identity::fnv1a64(raw.as_bytes()) % Self::SLOTS as u64) as usize;
        if let Some((text, found)) = &self.slots[slot] {
            if text == raw {
                return found.clone();
            }
        }
        let found = parse_folded_time(raw, folded, clock, phrases);
        self.slots[slot] = Some((raw.to_string(), found.clone()));
        found
    }
}

/// The longest start of `piece`, cut before a word, that is a time with
/// an interval, and the rest after it (without the punctuation between).
/// Only pieces that start with a time word and did not parse whole come
/// here, so the cost of trying each cut is rare.
#[inline(never)]
pub(super) fn time_head<'a>(piece: &'a str, clock: &Clock, phrases: &Phrases) -> Option<(TimeObs, &'a str)> {
    let mut end = piece.len();
    while let Some(cut) = crate::core::text::rfind_byte(crate::core::text::head(piece, end), b' ') {
        end = cut;
        let head = crate::core::text::trim_end_any(crate::core::text::head(piece, cut), &[',', '.', ';']);
        if let Some(t) = parse_time(head, clock, phrases).filter(|t| t.interval.is_some()) {
            let rest = crate::core::text::tail(piece, cut);
            let rest = crate::core::text::trim_start_any(rest, &[' ', '(', ',', ';', '.', '·', '-', '—', '–']);
            let rest = crate::core::text::trim_end_any(rest, &[')']);
            // "Thu 9:00 AM WIB": a zone the time reader does not know
            // (core::time reads offsets and common names such as "PST")
            // makes the time unknown, not the browser's.
            let mut zone = rest.len() >= 2 && rest.len() <= 5;
            for b in rest.bytes() {
                zone &= b.is_ascii_uppercase();
            }
            return (!zone).then_some((t, rest));
        }
    }
    None
}

/// The time role each column of a table gives its cells, from the header
/// row ("Last active" over "2 hours ago"), worked out once per column.
#[derive(Default)]
pub struct ColumnRoles {
    /// (header cell, the role its text gives) of the columns asked about.
    known: Vec<(usize, Option<TimeRole>)>,
}

impl ColumnRoles {
    pub fn new() -> ColumnRoles {
        ColumnRoles::default()
    }

    /// The role the header of the column holding `node` (in table row
    /// `row`) gives a time with none of its own.
    fn of(&mut self, tree: &Tree, row: usize, node: usize, phrases: &Phrases, clock: &Clock) -> Option<TimeRole> {
        let header = column_header(tree, node, Some(row))?;
        if let Some(&(_, role)) = self.known.iter().find(|k| k.0 == header) {
            return role;
        }
        let role = parse_time(&tree.joined_text(header), clock, phrases)
            .map(|t| t.role)
            .filter(|r| *r != TimeRole::Unlabelled);
        self.known.push((header, role));
        role
    }
}

/// The header cell over the table cell holding `node` (its column's cell
/// in the table's first header row), for a table drawn as a `<table>` or
/// with ARIA roles. With `row`, the cell must be one of that row's.
pub fn column_header(tree: &Tree, node: usize, row: Option<usize>) -> Option<usize> {
    let cell = tree
        .self_and_ancestors(node)
        .take_while(|&a| Some(a) != row)
        .find(|&a| is_cell(tree, a) && row.is_none_or(|r| tree.parent(a) == Some(r)))?;
    let row = tree.parent(cell)?;
    let column = cells(tree, row).position(|c| c == cell)?;
    let table = tree.ancestors(row).find(|&a| {
        tree.tag(a) == Some("table") || matches!(tree.attr(a, "role"), Some("table" | "grid" | "treegrid"))
    })?;
    let is_header = |c: usize| tree.tag(c) == Some("th") || tree.attr(c, "role") == Some("columnheader");
    let header = (table + 1..tree.end(table)).find(|&r| {
        (tree.tag(r) == Some("tr") || tree.attr(r, "role") == Some("row")) && cells(tree, r).any(is_header)
    })?;
    cells(tree, header).nth(column).filter(|&h| h != cell)
}

fn is_cell(tree: &Tree, i: usize) -> bool {
    matches!(tree.tag(i), Some("td" | "th"))
        || matches!(
            tree.attr(i, "role"),
            Some("cell" | "gridcell" | "rowheader" | "columnheader")
        )
}

/// The cells of row `row`, in order.
fn cells(tree: &Tree, row: usize) -> impl Iterator<Item = usize> + '_ {
    tree.children(row).filter(move |&c| is_cell(tree, c))
}

/// Whether the text node `j`, or the element it is all the text of, sits
/// right beside a remove control.
fn captions_a_removal(tree: &Tree, ctl: &Controls, j: usize) -> bool {
    let Some(p) = tree.parent(j) else { return false };
    // The text alone in its element (`<span>Revoke</span>`) stands for it.
    let own = if p + 1 == j && tree.end(p) == j + 1 { p } else { j };
    let Some(q) = tree.parent(own) else { return false };
    let removes = |c: usize| ctl.action[c] == Some(Action::RowRemove);
    let mut before = None;
    let mut children = tree.children(q);
    for c in children.by_ref() {
        if c == own {
            break;
        }
        before = Some(c);
    }
    before.is_some_and(removes) || children.next().is_some_and(removes)
}

/// Reads the visible text of row `row`, the nodes `row..end` (a row drawn
/// without an element of its own spans several siblings; text inside its
/// controls is skipped: that is the button's name, not the row's). `times`
/// is the reading's.
#[allow(clippy::too_many_arguments)]
pub fn read_row(
    tree: &Tree,
    ctl: &Controls,
    row: usize,
    end: usize,
    phrases: &Phrases,
    clock: &Clock,
    times: &mut TimeMemo,
    columns: &mut ColumnRoles,
) -> RowText {
    let mut out = RowText::default();
    // (piece, text node, datetime attribute of an enclosing <time>), as
    // slices of the tree: only what is kept becomes a string.
    let mut pieces: Vec<(&str, usize, Option<&str>)> = Vec::new();
    // Text nodes that name a field rather than fill it: a `<dt>`'s.
    let mut names_field = Vec::new();
    let mut terms = Vec::new();
    // The name of a link or button that does something else than remove
    // ("Claude Code" linking to the token's details): the label when the
    // row has no other.
    let mut named_control: Option<(&str, usize)> = None;
    let mut icon_names: Vec<(&str, usize)> = Vec::new();
    for (j, t) in (row..end).filter_map(|j| tree.text(j).map(|t| (j, t))) {
        if ctl.in_control[j] {
            if named_control.is_none() {
                // Kept with the control itself, not its text node: the badge
                // goes next to the control, never inside it.
                let control = tree.ancestors(j).find(|&a| ctl.action[a].is_some());
                // A menu item's name ("Rename") names an action, not the row.
                let names_row = |c: usize| {
                    ctl.action[c] == Some(Action::Other)
                        && !matches!(tree.attr(c, "role"), Some("menuitem"))
                        && !t.trim().is_empty()
                };
                if let Some(c) = control.filter(|&c| names_row(c)) {
                    named_control = Some((t.trim(), c));
                }
            }
            continue;
        }
        // A machine time (`<time datetime>`) or a tooltip ("November 19,
        // 2026 at 10:00 AM" in the `title` of "3 days ago"): it narrows the
        // visible time only where both agree (refine_with_datetime).
        let datetime = tree.parent(j).and_then(|p| match tree.tag(p) {
            Some("time") => tree.attr(p, "datetime").or_else(|| tree.attr(p, "title")),
            _ => tree.attr(p, "title"),
        });
        // An icon's name (an SVG's <title>, "Desktop") is not on screen:
        // it follows the row's visible text, so it is the label only when
        // the row has no other.
        // Kept with the <svg> itself: a badge goes beside the icon, never
        // inside it.
        let icon = tree
            .parent(j)
            .filter(|&p| tree.tag(p) == Some("title"))
            .and_then(|p| tree.parent(p))
            .filter(|&g| tree.tag(g) == Some("svg"));
        if let Some(svg) = icon {
            if !t.trim().is_empty() {
                icon_names.push((t.trim(), svg));
            }
            continue;
        }
        for piece in split_pieces(t) {
            pieces.push((piece, j, datetime));
        }
        if let Some(dt) = tree.ancestors(j).take(3).find(|&a| tree.tag(a) == Some("dt")) {
            names_field.push(j);
            if !terms.contains(&dt) {
                terms.push(dt);
            }
        }
    }
    // A row with one term that names no field is named by it: "Claude
    // Code" in the `<dt>` of a row drawn as a term and its descriptions.
    if let [dt] = terms[..] {
        let f = fold(&tree.joined_text(dt));
        let names_a_field = f.ends_with(':')
            || phrases.time.prefixes.iter().any(|(p, _)| starts_with_words(&f, p))
            || [phrases.location_labels, phrases.scope_labels, phrases.name_labels]
                .iter()
                .any(|list| list.iter().any(|p| starts_with_words(&f, p)));
        if !names_a_field {
            names_field.clear();
        }
    }
    let mut expect_location = false;
    let mut k = 0;
    while k < pieces.len() {
        let (piece, node, datetime) = *at(&pieces, k);
        k += 1;
        // Folded once: the phrase checks and the time parser share it.
        let full = fold(piece);
        let folded = phrase_of(&full);
        // A "Scopes" label alone: the scopes that follow are recognised by shape.
        if phrases.scope_labels.contains(&folded) {
            continue;
        }
        if phrases.location_labels.contains(&folded) {
            expect_location = true;
            continue;
        }
        // "Scopes: a:b, c:d" and "Location: Paris, FR" in one piece.
        if let Some((head, tail)) = crate::core::text::split_once_str(piece, ":") {
            let h = fold_phrase(head);
            if phrases.scope_labels.contains(&h.as_str()) {
                add_scopes(&mut out.scopes, words_of(tail));
                continue;
            }
            if phrases.location_labels.contains(&h.as_str()) && !tail.trim().is_empty() {
                add_place(&mut out.location, tail.trim().to_string());
                continue;
            }
            if phrases.name_labels.contains(&h.as_str()) && !tail.trim().is_empty() {
                out.labels.push((tail.trim().to_string(), node));
                continue;
            }
        }
        if let Some(scopes) = all_scopes(piece) {
            add_scopes(&mut out.scopes, scopes);
            continue;
        }
        // A status is a text of its own after the row's name. A name may be
        // chosen by whoever enrolled a device ("Revoked", "Pixel (revoked)"):
        // it must never hide its row.
        let whole = tree.text(node).is_some_and(|t| t.trim() == piece.trim());
        if whole && !out.labels.is_empty() && is_ended_marker(folded, clock, phrases) {
            out.ended = true;
            continue;
        }
        if is_current_marker(folded, phrases) {
            out.current = true;
            continue;
        }
        // "Chrome on macOS (Current)": the marker glued to the label; and
        // "Claude Code (user:inference, user:profile)": the scopes.
        if let Some(open) = crate::core::text::rfind_byte(piece, b'(').filter(|_| piece.trim_end().ends_with(')')) {
            let inner = crate::core::text::slice(piece, open + 1, piece.trim_end().len() - 1);
            let head = crate::core::text::head(piece, open).trim();
            let scopes = all_scopes(inner);
            if !head.is_empty() && (scopes.is_some() || phrases.current_markers.contains(&fold_phrase(inner).as_str()))
            {
                match scopes {
                    Some(scopes) => add_scopes(&mut out.scopes, scopes),
                    None => out.current = true,
                }
                out.labels.push((head.to_string(), node));
                continue;
            }
        }
        // The value after "Location": unless the page left it empty and
        // this is the next field, a time ("Location:" then "Last active
        // 3 days ago" had made the time the place and lost it).
        if std::mem::take(&mut expect_location) && parse_folded_time(piece, &full, clock, phrases).is_none() {
            add_place(&mut out.location, piece.to_string());
            continue;
        }
        // An address, bare or introduced ("IP 203.0.113.5", "IP address: …").
        let shown = piece.trim();
        let address = shown
            .strip_prefix("IP address")
            .or_else(|| shown.strip_prefix("IP"))
            .map_or(shown, |a| crate::core::text::trim_start_any(a, &[':', ' ']));
        if is_ip(address) {
            add_place(&mut out.location, shown.to_string());
            continue;
        }
        if let Some(mut t) = times.parse(piece, &full, clock, phrases) {
            // More words after the time, in the same text: "Connected 3
            // days ago (expires in 27 days)", "… ago. Last used 2 hours
            // ago.", "Last active 2 hours ago from 198.51.100.4". The
            // longest start that is a time is the time; a place after
            // "from" is the location, anything else is read next.
            if t.interval.is_none() {
                if let Some((head, rest)) = time_head(piece, clock, phrases) {
                    t = head;
                    match rest.strip_prefix("from ").or_else(|| rest.strip_prefix("From ")) {
                        Some(place) => {
                            add_place(&mut out.location, place.trim().to_string());
                        }
                        None if !rest.is_empty() => pieces.insert(k, (rest, node, None)),
                        None => {}
                    }
                }
            }
            // A leading word alone ("Connected", "Trusted since") with the
            // time in the next node.
            if t.interval.is_none() && k < pieces.len() && !folded.bytes().any(|b| b.is_ascii_digit()) {
                let (next, _, next_datetime) = *at(&pieces, k);
                let joined = format!("{piece} {next}");
                if let Some(t2) = parse_time(&joined, clock, phrases).filter(|t2| t2.interval.is_some()) {
                    t = t2;
                    if let Some(dt) = &next_datetime {
                        refine_with_datetime(&mut t, dt, clock, phrases);
                    }
                    k += 1;
                }
            } else if let Some(dt) = datetime {
                refine_with_datetime(&mut t, dt, clock, phrases);
            }
            // A date or time continued in the next node: its time of day
            // ("Nov 20, 2026" then "9:41 AM") or its zone ("(CET)"). Read
            // apart, the date would be only a day, the zone a label. Not
            // after a relative time, nor one a machine date made exact.
            while matches!(t.precision, Precision::Day | Precision::Minute | Precision::Second) && k < pieces.len() {
                let (next, next_node, _) = *at(&pieces, k);
                if next.len() > 12 || next_node == node {
                    break;
                }
                match parse_time(&format!("{} {}", t.raw, next), clock, phrases) {
                    Some(t2) if t2.interval.is_some() => {
                        t = t2;
                        k += 1;
                    }
                    _ => break,
                }
            }
            if t.role == TimeRole::Unlabelled {
                if let Some(role) = columns.of(tree, row, node, phrases, clock) {
                    t.role = role;
                }
            }
            out.times.push(t);
            continue;
        }
        // A machine date in <time datetime> with visible text we did not
        // parse (a tooltip elsewhere is not enough: "Claude Code" titled
        // with a date is still a label).
        let in_time = tree.parent(node).is_some_and(|p| tree.tag(p) == Some("time"));
        if let Some(dt) = datetime.filter(|_| in_time) {
            if let Some(mut t) = parse_time(dt, clock, phrases).filter(|t| t.interval.is_some()) {
                t.raw = piece.to_string();
                out.times.push(t);
                continue;
            }
        }
        // An abbreviation ("3d", "2h") whose element's `aria-label` or
        // `title` says the time in words ("Connected 3 days ago"). Only a
        // short text with a digit: a label titled with a time stays a label.
        let short = piece.len() <= 8 && piece.bytes().any(|b| b.is_ascii_digit());
        let spelled = element_label(tree, node)
            .filter(|_| short)
            .and_then(|l| parse_time(l, clock, phrases))
            .filter(|t| t.interval.is_some() && t.role != TimeRole::Unlabelled);
        if let Some(t) = spelled {
            out.times.push(t);
            continue;
        }
        // Under a header that is a time's word alone, a text that is no
        // time ("Never" under "Last used") still says when, not what: as
        // a platform it would change the device's looks once the device
        // is used. ("Created by" heads names.)
        let header_is_when = |h: usize| {
            let f = fold_phrase(&tree.joined_text(h));
            phrases.time.prefixes.iter().any(|(p, _)| *p == f)
        };
        let when = columns
            .of(tree, row, node, phrases, clock)
            .filter(|_| column_header(tree, node, Some(row)).is_some_and(header_is_when));
        if let Some(role) = when {
            out.times.push(TimeObs {
                raw: piece.to_string(),
                role,
                precision: Precision::Unknown,
                interval: None,
            });
            continue;
        }
        // A field's name ("Product" in a `<dt>`, "Name:") is not the
        // entry's label: its value, in the next piece, is.
        let named = piece.ends_with(':') || phrases.name_labels.contains(&folded);
        if names_field.contains(&node) || (named && k < pieces.len()) {
            continue;
        }
        // A time written into the label's own text ("Claude Code -
        // Connected 3 days ago", "Chrome (last active 5 min ago)"): split
        // off, or the label would change with the clock, and the entry
        // with it.
        if let Some((head, t, rest)) = embedded_time(piece, &full, clock, phrases) {
            out.times.push(t);
            if !head.is_empty() {
                out.labels.push((head.to_string(), node));
            }
            // What follows the time is read as a piece of its own.
            if !rest.trim().is_empty() {
                pieces.insert(k, (rest, node, None));
            }
            continue;
        }
        // A place in a "Location" column ("Berlin", with no comma to tell
        // it from a platform).
        let place = || {
            column_header(tree, node, Some(row)).is_some_and(|h| {
                phrases
                    .location_labels
                    .contains(&fold_phrase(&tree.joined_text(h)).as_str())
            })
        };
        if place() {
            add_place(&mut out.location, piece.to_string());
            continue;
        }
        // The caption of the remove control beside it ("Revoke" in a
        // visually hidden span next to an icon button): the control's
        // name, not one of the row's details (a device's platform).
        // The neighbours first: they rule out most labels more cheaply
        // than the phrase lists do.
        if whole
            && captions_a_removal(tree, ctl, node)
            && super::controls::action_of(folded, phrases) == Action::RowRemove
        {
            continue;
        }
        out.labels.push((piece.to_string(), node));
    }
    join_split_phrases(tree, &mut out.labels);
    if out.labels.is_empty() {
        if let Some((name, node)) = named_control {
            out.labels.push((name.to_string(), node));
        }
    }
    for (name, node) in icon_names {
        out.labels.push((name.to_string(), node));
    }
    out
}

/// Words that join the two halves of one name: "<b>Chrome</b> on
/// <b>macOS</b>" is one label, not "Chrome" with "on" and "macOS" as extras.
const JOINING_WORDS: &[&str] = &[
    "on", "in", "via", "at", "for", "with", "from", "and", "&", "/", "-", "–",
];

/// Joining words that go on with a name in the same text as themselves
/// ("<b>Chrome</b> on macOS"): the ones a place or time does not start
/// with.
const CONTINUING_WORDS: &[&str] = &["on", "for", "via", "with"];

/// Joins label, joining word, label when they are three text nodes in a
/// row of the same element (styling split one phrase, not the page's
/// separators), and drops a "-" or "/" that joined nothing.
fn join_split_phrases(tree: &Tree, labels: &mut Vec<(String, usize)>) {
    if labels.len() < 2 {
        return;
    }
    let adjacent = |a: usize, b: usize| a < b && !(a + 1..b).any(|k| tree.text(k).is_some());
    let mut kept: Vec<(String, usize)> = Vec::with_capacity(labels.len());
    let mut rest = std::mem::take(labels).into_iter();
    while let Some(item) = rest.next() {
        let joins = |(word, w): &(String, usize), last: &(String, usize), next: Option<&(String, usize)>| {
            let Some(&(_, n)) = next else { return false };
            JOINING_WORDS.contains(&word.trim())
                && adjacent(last.1, *w)
                && adjacent(*w, n)
                && tree
                    .parent(*w)
                    .is_some_and(|p| tree.contains(p, last.1) && tree.contains(p, n))
        };
        // "<b>Chrome</b> on macOS", "Chrome on <b>macOS</b>", "<b>Chrome</b>
        // (Windows)": two nodes of one element, the second going on with
        // a joining word or a bracket, or the first ending with one. A
        // bracket may also be styled in an element of its own, beside the
        // name ("<span>Chrome</span> <span>(Windows)</span>").
        let continues = |last: &(String, usize), (next, n): &(String, usize)| {
            let (a, b) = (last.0.trim().as_bytes(), next.trim().as_bytes());
            let bracket = b.first() == Some(&b'(') && b.last() == Some(&b')');
            let (mut leads, mut trails) = (bracket, false);
            for w in CONTINUING_WORDS.iter().map(|w| w.as_bytes()) {
                let k = w.len();
                leads |= b.starts_with(w) && b.get(k) == Some(&b' ');
                trails |= a.ends_with(w) && a.len().checked_sub(k + 1).and_then(|i| a.get(i)) == Some(&b' ');
            }
            let (first, second) = (last.1, *n);
            let holder = tree.parent(second).and_then(|p| {
                let alone = bracket && p + 1 == second && tree.end(p) == second + 1;
                if alone {
                    tree.parent(p)
                } else {
                    Some(p)
                }
            });
            (leads && holder.is_some_and(|p| tree.contains(p, first))
                || trails && tree.parent(first).is_some_and(|p| tree.contains(p, second)))
                && adjacent(first, second)
        };
        match kept.last_mut() {
            Some(last) if continues(last, &item) => {
                last.0.push(' ');
                last.0.push_str(item.0.trim());
            }
            Some(last) if joins(&item, last, rest.as_slice().first()) => {
                let (next, _) = rest.next().unwrap_or_default();
                for part in [item.0.trim(), next.trim()] {
                    last.0.push(' ');
                    last.0.push_str(part);
                }
            }
            // A "-" or "/" of its own that joined no name is a separator.
            _ if matches!(item.0.as_bytes(), b"-" | b"/") => {}
            _ => kept.push(item),
        }
    }
    *labels = kept;
}

/// A time inside `piece` after some other text: the text before it
/// (without the separator), the time, and the text after it, which the
/// caller reads as a piece of its own. The time starts with one of its
/// leading words ("connected", "last active", …), or is a relative time
/// with none ("3 days ago", "yesterday", "just now"): either moves with
/// the clock, so it must not stay in the label ("Claude Code 3 days ago",
/// "Chrome on macOS, last active 5 minutes ago, Paris", "Claude Code
/// (connected yesterday) user:inference"). Absolute dates with no leading
/// word stay: they do not move, and a name may hold one.
fn embedded_time<'a>(
    piece: &'a str,
    folded: &str,
    clock: &Clock,
    phrases: &Phrases,
) -> Option<(&'a str, TimeObs, &'a str)> {
    // Positions found in the folded text carry over to `piece` when folding
    // only lower-cased ASCII (the same length); otherwise lower-case a copy.
    let copy;
    let lower = if folded.len() == piece.len() && piece.is_ascii() {
        folded
    } else {
        copy = piece.to_ascii_lowercase();
        &copy
    };
    let w = &phrases.time;
    let b = lower.as_bytes();
    // Word starts. An ASCII letter or digit always starts a character, so
    // `lower[i..]` is a valid slice.
    let starts = |i: usize| b[i].is_ascii_alphanumeric() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
    // The time that starts at `i`: the whole rest, else the longest part
    // of it before a ", ", "; ", ") " or "] " that is a time (a date has
    // commas of its own: "signed in Nov 2, 2026, Berlin"), with what follows.
    let time_at = |i: usize| -> Option<(TimeObs, &'a str)> {
        let whole = crate::core::text::tail(piece, i);
        let parse = |text: &str| parse_time(text, clock, phrases).filter(|t| t.interval.is_some());
        if let Some(t) = parse(crate::core::text::trim_end_any(whole, &[')', ']'])) {
            return Some((t, ""));
        }
        let wb = whole.as_bytes();
        let mut c = wb.len();
        loop {
            c = c.checked_sub(1).filter(|&c| c > 0)?;
            if matches!(wb[c - 1], b',' | b';' | b')' | b']') && wb[c] == b' ' {
                if let Some(t) = parse(crate::core::text::head(whole, c - 1)) {
                    return Some((t, crate::core::text::tail(whole, c + 1)));
                }
            }
        }
    };
    // The first word that begins a time's leading word (one pass over word
    // starts, each checked against the list by its first byte: this runs
    // for every label piece of every row).
    let led = (0..b.len()).find(|&i| {
        starts(i)
            && w.prefixes
                .iter()
                .any(|(p, _)| starts_with_words(crate::core::text::tail(lower, i), p))
    });
    let (at, (t, rest)) = match led {
        Some(i) => (i, time_at(i)?),
        None => {
            // A relative time says so in a word: "ago", "yesterday",
            // "today", "now", "last (week)".
            let says = |word: &str| crate::core::text::contains_words(lower, word);
            // "Yesterday" and "today" read as a calendar day, not as relative.
            let day_words = [w.yesterday, w.today];
            if !(says(w.ago) || day_words.iter().any(|l| l.iter().any(|d| says(d))) || says("now") || says("last")) {
                return None;
            }
            let relative = |t: &TimeObs| {
                let raw = t.raw.to_ascii_lowercase();
                t.precision == Precision::Relative
                    || day_words.iter().any(|l| l.iter().any(|d| starts_with_words(&raw, d)))
            };
            let found = (0..b.len())
                .filter(|&i| starts(i))
                .find_map(|i| time_at(i).filter(|(t, _)| relative(t)).map(|found| (i, found)))?;
            // A bare "now" ends many names ("Claude Code — deploy now"): it
            // is a time only set apart from the words before it ("Chrome ·
            // now").
            let word_before = b[..found.0].iter().rev().find(|&&c| c != b' ');
            if found.1 .0.raw.eq_ignore_ascii_case("now") && word_before.is_some_and(u8::is_ascii_alphanumeric) {
                return None;
            }
            found
        }
    };
    let head = crate::core::text::head(piece, at).trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | ':' | ';' | '(' | '|' | '·' | '[')
    });
    Some((head, t, rest))
}

/// Narrows a time with `<time datetime="…">`: both are true, so the instant
/// lies where they overlap. When they do not overlap the text wins (it is
/// what the user sees) and the machine value is ignored.
/// The `aria-label`, else the `title`, of the element holding the text
/// node `j`: what a screen reader or a tooltip says for what it shows.
pub(super) fn element_label(tree: &Tree, j: usize) -> Option<&str> {
    tree.parent(j)
        .and_then(|p| tree.attr(p, "aria-label").or_else(|| tree.attr(p, "title")))
}

fn refine_with_datetime(t: &mut TimeObs, datetime: &str, clock: &Clock, phrases: &Phrases) {
    let Some(machine) = parse_time(datetime, clock, phrases) else {
        return;
    };
    let (Some(a), Some(b)) = (machine.interval, t.interval) else {
        return;
    };
    if !a.overlaps(&b) {
        return;
    }
    let narrowed = Interval {
        earliest: a.earliest.max(b.earliest),
        latest: a.latest.min(b.latest),
    };
    if narrowed != b {
        t.precision = if narrowed == a { machine.precision } else { t.precision };
        t.interval = Some(narrowed);
    }
}

/// Whether a folded text says the page itself counts its row as ended:
/// "Revoked", "(expired)", "Status: Revoked", "Revoked 2 days ago",
/// "Expired on Nov 3, 2026". Anything else after the marker ("Revoked
/// tokens are kept for 30 days") is not a status.
#[inline(never)]
pub fn is_ended_marker(folded: &str, clock: &Clock, phrases: &Phrases) -> bool {
    use crate::core::text::{tail, trim_end_any, trim_start_any};
    let mut bare = trim_end_any(trim_start_any(folded, &['(']), &[')']);
    if starts_with_words(bare, phrases.status_label) {
        bare = trim_start_any(tail(bare, phrases.status_label.len()), &[':', ' ']);
    }
    phrases.ended_markers.iter().any(|m| {
        starts_with_words(bare, m) && {
            let rest = tail(bare, m.len()).trim_start();
            rest.is_empty() || says_when(rest, clock, phrases)
        }
    })
}

/// A row's place, or a second one after it ("Berlin" in a "Location"
/// column and "198.51.100.7" in an "IP address" one): kept together, so
/// that a session seen again at another address in the same city has
/// moved. A place said twice ("198.51.100.7", "IP 198.51.100.7") is kept
/// once.
fn add_place(location: &mut Option<String>, place: String) {
    match location {
        None => *location = Some(place),
        Some(have)
            if crate::core::text::find_str(have, &place).is_none()
                && crate::core::text::find_str(&place, have).is_none() =>
        {
            have.push_str(" · ");
            have.push_str(&place);
        }
        Some(_) => {}
    }
}

/// Whether one piece of `text`, split at its separators, is a "Current"
/// marker ("Current session · San Francisco"). A sentence that only
/// mentions the session in use ("Sessions other than your current
/// session — on any device — can be ended") holds none: taken for one, a
/// sessions section whose rows were not read would count as showing only
/// the session in use, and every session it listed before as ended.
pub fn has_current_piece(text: &str, phrases: &Phrases) -> bool {
    split_pieces(text)
        .into_iter()
        .any(|p| is_current_marker(&crate::core::text::fold_phrase(p), phrases))
}

/// Whether a folded text is a "Current" marker, bare or in parentheses.
#[inline(never)]
pub fn is_current_marker(folded: &str, phrases: &Phrases) -> bool {
    let mut bare = crate::core::text::trim_end_any(crate::core::text::trim_start_any(folded, &['(']), &[')']);
    for lead in phrases.current_leads {
        if starts_with_words(bare, lead) {
            bare = crate::core::text::tail(bare, lead.len()).trim_start();
        }
    }
    phrases.current_markers.contains(&bare) || phrases.current_markers.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_markers_may_be_led_by_words_that_add_nothing() {
        let en = crate::core::phrases::for_lang("en");
        for s in [
            "current",
            "(current)",
            "your current session",
            "this is your current session",
            "the current device",
        ] {
            assert!(is_current_marker(s, en), "{s}");
        }
        for s in [
            "your session",
            "this is",
            "current sessions: 3",
            "not your current session",
        ] {
            assert!(!is_current_marker(s, en), "{s}");
        }
    }

    #[test]
    fn the_time_memo_gives_what_parsing_gives() {
        // More texts than slots, each asked for several times: hits, misses
        // and collisions all answer as the parser does.
        let clock = Clock {
            now_ms: 1_795_348_800_000,
            tz_offset_min: -300,
        };
        let phrases = crate::core::phrases::for_lang("en");
        let texts: Vec<String> = (0..150)
            .map(|i| match i % 5 {
                0 => format!("Connected {} days ago", i % 40),
                1 => format!("Token {i}"),
                2 => format!("Last used {} hours ago", i % 7),
                3 => format!("Nov {}, 2026, 9:{:02} AM", i % 28 + 1, i % 60),
                _ => "Connected".to_string(),
            })
            .collect();
        let mut memo = TimeMemo::new();
        for round in 0..3 {
            for k in 0..texts.len() {
                let t = &texts[(k * 7 + round * 13) % texts.len()];
                let folded = crate::core::text::fold(t);
                assert_eq!(
                    memo.parse(t, &folded, &clock, phrases),
                    parse_time(t, &clock, phrases),
                    "{t}"
                );
            }
        }
    }

    #[test]
    fn scope_words_split_as_characters_do() {
        // The byte-wise split of ASCII pieces against the split by characters.
        fn by_chars(piece: &str) -> Option<Vec<&str>> {
            let words: Vec<&str> = piece
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .filter(|w| !w.is_empty())
                .collect();
            (!words.is_empty() && words.iter().all(|w| is_scope(w))).then_some(words)
        }
        let parts = [
            "user:inference",
            " ",
            ",",
            ";",
            "\t",
            "\x0B",
            "\x0C",
            "\u{A0}",
            "user:x",
            "A:b",
            "é",
            ":",
            "\r\n",
        ];
        for piece in crate::core::text::mixed_texts(&parts, 5, 4000, 0x9e37_79b9_7f4a_7c15) {
            assert_eq!(all_scopes(&piece), by_chars(&piece), "{piece:?}");
        }
    }

    #[test]
    fn scope_shapes() {
        for s in [
            "user:inference",
            "user:sessions:claude_code",
            "user:mcp_servers",
            "org:create_api_key",
        ] {
            assert!(is_scope(s), "{s}");
        }
        for s in [
            "Claude Code",
            "user:",
            ":x",
            "User:Inference",
            "https://x",
            "9:41",
            "a b:c",
            "user::x",
            "user",
            "",
            "é:x",
        ] {
            assert!(!is_scope(s), "{s}");
        }
        let long = format!("user:{}", "x".repeat(64));
        assert!(is_scope(&long));
        assert!(!is_scope(&format!("{long}x")), "a part over 64 bytes");
    }

    #[test]
    fn a_time_followed_by_a_zone_it_cannot_read_is_no_time() {
        let clock = Clock {
            now_ms: 1_795_348_800_000,
            tz_offset_min: 0,
        };
        let phrases = crate::core::phrases::TABLES[0];
        // A zone the time reader does not know: the instant is unknown,
        // not the browser's.
        for piece in ["Thu 9:00 AM WIB", "Nov 3, 2026 9:41 AM MYT", "Nov 3, 2026 9:41 AM AB"] {
            assert!(time_head(piece, &clock, phrases).is_none(), "{piece}");
        }
        // What follows a time and is no zone is the rest of the text.
        for (piece, rest) in [
            ("Nov 3, 2026 9:41 AM (Chrome)", "Chrome"),
            ("3 days ago · MACBOOK", "MACBOOK"),
            ("3 days ago · X", "X"),
        ] {
            assert_eq!(time_head(piece, &clock, phrases).map(|(_, r)| r), Some(rest), "{piece}");
        }
    }

    #[test]
    fn ip_shapes() {
        assert!(is_ip("203.0.113.7"));
        assert!(is_ip("2001:db8::1"));
        // Short forms, written out in full, and an IPv4 address in IPv6.
        for v6 in ["fe80::1", "::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1"] {
            assert!(is_ip(v6), "{v6}");
        }
        assert!(!is_ip("::"), "too short");
        assert!(!is_ip("user:inference"));
        assert!(!is_ip("1.2.3"));
        assert!(!is_ip("300.1.1.1"));
    }

    #[test]
    fn splits_on_separators() {
        assert_eq!(
            split_pieces("Chrome on macOS · Paris, FR · Active now"),
            vec!["Chrome on macOS", "Paris, FR", "Active now"]
        );
        assert_eq!(
            split_pieces("Claude Code — Connected 3 days ago"),
            vec!["Claude Code", "Connected 3 days ago"]
        );
        assert_eq!(split_pieces(" — "), Vec::<&str>::new());
        assert_eq!(split_pieces("·"), Vec::<&str>::new());
        // The text between scope chips: `<span>a</span>, <span>b</span>`.
        assert_eq!(split_pieces(", "), Vec::<&str>::new());
        assert_eq!(split_pieces(" ; "), Vec::<&str>::new());
        assert_eq!(split_pieces(" - "), vec!["-"]);
    }
}
