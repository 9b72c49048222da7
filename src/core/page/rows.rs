//! Rows and listings: finds the row each remove control belongs to, groups
//! rows that repeat under one parent into listings, decides what each
//! listing is (tokens, sessions, devices or unknown) from its heading, then
//! from what its rows say, and turns rows into records.

use super::controls::{accessible_name, Action, Controls};
use super::fields::{read_row, ColumnRoles, RowText, TimeMemo};
use super::records::{Entry, Handle, LogOutControl, Record};
use super::PageKind;
use crate::core::phrases::{Phrases, SectionKind, TimeRole};
use crate::core::text::{contains_words, fold, fold_phrase, preview, starts_with_words};
use crate::core::time::Clock;
use crate::core::tree::Tree;
use crate::core::vecs::{self, Dense};

/// A row holds a few fields; an ancestor with more text than this is a
/// listing or a page, not a row.
const ROW_TEXT_NODES_MAX: u32 = 40;

/// A section title drawn as plain text is short ("Active sessions").
const TITLE_MAX_BYTES: usize = 60;

/// Ancestors a row never climbs into: page structure, not rows.
const STRUCTURAL: &[&str] = &[
    "html", "body", "main", "nav", "header", "footer", "aside", "form", "dialog",
];

/// Page chrome: controls in here are menus, not rows. A `header`,
/// `footer` or `aside` is chrome only at page level (ARIA's banner,
/// contentinfo and complementary: the app's sidebar, whose recent chats
/// each have a "Delete"): inside an `article`, `section`, `aside`, `main`
/// or `nav` it is that part's own header — a card's "Claude Code
/// [Revoke]". The same roles on any element count as those tags.
const CHROME: &[&str] = &["nav", "header", "footer", "aside"];
const CHROME_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "complementary"];
const SECTIONING: &[&str] = &["article", "section", "aside", "main", "nav"];

pub struct Found {
    pub entries: Vec<Entry>,
    pub log_out_controls: Vec<LogOutControl>,
    pub empty_sections: Vec<SectionKind>,
    /// Kinds of the section headings and text titles seen outside rows.
    pub section_headings_seen: Vec<SectionKind>,
    /// A "Current" marker outside every row: the session in use is listed.
    pub current_session_shown: bool,
    /// The container of the first listing (a whole table, not its body).
    pub listing: Option<usize>,
    /// Why a listing shows only part of its entries, if it says so.
    pub partial: Option<String>,
}

pub fn is_heading(tree: &Tree, i: usize) -> bool {
    matches!(tree.tag(i), Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")) || tree.attr(i, "role") == Some("heading")
}

fn is_major_heading(tree: &Tree, i: usize) -> bool {
    matches!(tree.tag(i), Some("h1" | "h2")) || matches!(tree.attr(i, "aria-level"), Some("1" | "2"))
}

/// A heading's level: `h1`–`h6`, else ARIA's default for `role=heading`.
fn heading_level(tree: &Tree, i: usize) -> u8 {
    match tree.tag(i).map(str::as_bytes) {
        Some([b'h', d @ b'1'..=b'6']) => d - b'0',
        _ => 2,
    }
}

fn is_row_element(tree: &Tree, i: usize) -> bool {
    matches!(tree.tag(i), Some("tr" | "li")) || matches!(tree.attr(i, "role"), Some("row" | "listitem"))
}

/// Whether a (folded) text names a listing but no product ("Active
/// sessions", not "Claude Code"): a row never holds one.
#[inline(never)]
fn names_listing(f: &str, phrases: &Phrases) -> bool {
    // Most texts name nothing: the one scan of the listing names comes
    // first (this runs for every heading and every lone short text).
    phrases.sections.iter().any(|(p, _)| contains_words(f, p))
        && !phrases.product_names.iter().any(|name| contains_words(f, name))
        && section_kind(f, phrases).is_some()
}

/// The listing kind a heading or label names, if any.
pub fn section_kind(text: &str, phrases: &Phrases) -> Option<SectionKind> {
    let f = fold_phrase(text);
    if f.is_empty() || crate::core::text::char_count(&f) > 120 {
        return None;
    }
    // "Log out of all devices" names an action, not a listing of devices.
    if super::controls::action_of(&f, phrases) != Action::Other {
        return None;
    }
    phrases
        .sections
        .iter()
        .find(|(p, _)| contains_words(&f, p))
        .map(|(_, k)| *k)
}

pub fn find(tree: &Tree, ctl: &Controls, phrases: &Phrases, clock: &Clock, page: PageKind) -> Found {
    let n = tree.len();
    let mut in_chrome = Dense::filled(false, n);
    let mut in_sectioning = Dense::filled(false, n);
    for i in 0..n {
        let parent = tree.parent(i);
        let tag = tree.tag(i).unwrap_or("");
        let sectioned = parent.is_some_and(|p| in_sectioning[p]);
        in_sectioning[i] = SECTIONING.contains(&tag) || sectioned;
        let role = tree.attr(i, "role").unwrap_or("");
        let chrome = tag == "nav"
            || role == "navigation"
            || ((CHROME.contains(&tag) || CHROME_ROLES.contains(&role)) && !sectioned);
        in_chrome[i] = chrome || parent.is_some_and(|p| in_chrome[p]);
    }
    // A menu that pops up outside any row ("⋯" → Rename / Revoke, drawn at
    // the end of the page): its items belong to whichever row opened it,
    // so they are not rows of their own. Where rows have menu buttons
    // standing for their remove items (`controls::unnamed_removals`; the
    // app's own menus in its top bar are not such buttons), no menu item
    // is a row's own, inside a row or not: `read_page` gives the open
    // menu's remove item to the row whose button is expanded.
    let row_menus = ctl.menus.iter().any(|&m| !in_chrome[m]);
    let mut in_row_element = Dense::filled(false, n);
    let mut in_loose_menu = Dense::filled(false, n);
    for i in 0..n {
        let parent = tree.parent(i);
        in_row_element[i] = is_row_element(tree, i) || parent.is_some_and(|p| in_row_element[p]);
        let is_menu = super::controls::is_menu(tree, i);
        in_loose_menu[i] = (is_menu && (row_menus || !parent.is_some_and(|p| in_row_element[p])))
            || parent.is_some_and(|p| in_loose_menu[p]);
    }
    let is_anchor =
        |i: usize| ctl.action[i] == Some(Action::RowRemove) && !ctl.in_dialog[i] && !in_chrome[i] && !in_loose_menu[i];
    let is_everywhere = |i: usize| ctl.action[i] == Some(Action::Everywhere) && !ctl.in_dialog[i];
    // Where a row's climb stops (`climb`): a heading or title that names a
    // listing, or the "Current" marker of a session with no control.
    let mut stop = Dense::filled(false, n);
    // Plain loops, here and below: each collected iterator chain is its own
    // copy of std's collecting code in the wasm module.
    let mut heading = Dense(Vec::with_capacity(n));
    let mut heading_kind: Dense<Option<SectionKind>> = Dense(Vec::with_capacity(n));
    for (i, stops_here) in stop.iter_mut().enumerate() {
        let h = is_heading(tree, i);
        heading.push(h);
        heading_kind.push(if h {
            let text = fold_phrase(&tree.joined_text(i));
            *stops_here = names_listing(&text, phrases);
            section_kind(&text, phrases)
        } else {
            None
        });
    }
    // Short texts, read once: section titles drawn as plain text ("Active
    // sessions" in a styled div; the element is marked) and "Current"
    // markers (the text node is marked). Only what could be one is folded:
    // this runs over every text of the page.
    let mut title = Dense::filled(false, n);
    let mut now = Dense::filled(false, n);
    let marker_max = phrases.current_markers.iter().map(|m| m.len() + 2).max().unwrap_or(0);
    let mut folded = String::new();
    for j in 0..n {
        let Some(t) = tree.text(j).filter(|_| !ctl.in_control[j]) else {
            continue;
        };
        let t = spoken(tree, j, t);
        // A title is its element's only child, outside rows, chrome and
        // dialogs, and no sentence: "You're signed in on these devices."
        // under a "Sessions" title says what the listing is less well.
        let sentence = ends_a_sentence(t);
        let titled = tree.parent(j).filter(|&p| {
            t.len() <= TITLE_MAX_BYTES
                && !sentence
                && p + 1 == j
                && tree.end(p) == j + 1
                && !in_row_element[p]
                && !in_chrome[p]
                && !ctl.in_dialog[p]
        });
        // A marker stands alone, or as one piece of a text ("Current
        // session · San Francisco"): most texts are neither.
        let pieced = t.bytes().any(|b| b == b'|' || b >= 0x80);
        if titled.is_none() && t.len() > marker_max && !pieced {
            continue;
        }
        folded.clear();
        crate::core::text::fold_into(&mut folded, t);
        let f = crate::core::text::phrase_of(&folded);
        stop[j] =
            super::fields::is_current_marker(f, phrases) || (pieced && super::fields::has_current_piece(t, phrases));
        // "Currently active" alone: the session in use when its row has no
        // control (another session active now has its own), but also the
        // time column of a row whose control is in another column.
        now[j] = phrases.time.active_now.contains(&f);
        if let Some(p) = titled {
            title[p] = names_listing(f, phrases);
            stop[p] |= title[p];
        }
    }
    let is_section_heading =
        |i: usize| heading_kind[i].is_some() || matches!(tree.tag(i), Some("h1" | "h2")) || title[i];

    // Subtree counts in one reverse pass (children follow parents).
    let mut anchors = Dense::filled(0u32, n);
    let mut barriers = Dense::filled(0u32, n);
    let mut section_headings = Dense::filled(0u32, n);
    let mut texts = Dense::filled(0u32, n);
    // Text nodes outside controls: what a row says besides its buttons.
    let mut own_texts = Dense::filled(0u32, n);
    // Page-level headings (h1, h2): never a card's own title.
    let mut major_headings = Dense::filled(0u32, n);
    let mut stops = Dense::filled(0u32, n);
    // Sentences outside controls that say no time ("Manage your
    // authorization tokens."): what a page says about a listing, not a
    // field of a row.
    let mut prose = Dense::filled(0u32, n);
    for i in (0..n).rev() {
        own_texts[i] += (tree.text(i).is_some() && !ctl.in_control[i]) as u32;
        major_headings[i] += (is_section_heading(i) && is_major_heading(tree, i)) as u32;
        anchors[i] += is_anchor(i) as u32;
        barriers[i] += (is_anchor(i) || is_everywhere(i)) as u32;
        section_headings[i] += is_section_heading(i) as u32;
        texts[i] += tree.text(i).is_some() as u32;
        // "Active now" texts count in the high half.
        stops[i] += stop[i] as u32 + ((now[i] as u32) << 16);
        prose[i] += tree.text(i).is_some_and(|t| {
            !ctl.in_control[i] && ends_a_sentence(t) && !crate::core::time::says_when(t, clock, phrases)
        }) as u32;
        if let Some(p) = tree.parent(i) {
            prose[p] = prose[p].saturating_add(prose[i]);
            stops[p] = stops[p].saturating_add(stops[i]);
            anchors[p] = anchors[p].saturating_add(anchors[i]);
            barriers[p] = barriers[p].saturating_add(barriers[i]);
            section_headings[p] = section_headings[p].saturating_add(section_headings[i]);
            texts[p] = texts[p].saturating_add(texts[i]);
            own_texts[p] = own_texts[p].saturating_add(own_texts[i]);
            major_headings[p] = major_headings[p].saturating_add(major_headings[i]);
        }
    }
    // Whether a node holds a time of its own, asked only where "Active
    // now" beside it would stop a row's climb.
    let timed = |x: usize| {
        (x..tree.end(x)).any(|i| {
            tree.text(i)
                .is_some_and(|t| !ctl.in_control[i] && crate::core::time::says_when(t, clock, phrases))
        })
    };
    let counts = Counts {
        timed: &timed,
        barriers: &barriers,
        section_headings: &section_headings,
        texts: &texts,
        own_texts: &own_texts,
        major_headings: &major_headings,
        stops: &stops,
        prose: &prose,
        in_sectioning: &in_sectioning,
    };

    // Each anchor's row: a semantic row (tr, li, role=row) holding only this
    // control, else found by climbing (see `climb`).
    // row → its first control, by node index (dense: a tree is at most
    // MAX_NODES long, and a map type per use costs wasm size).
    let mut row_of: Vec<Option<usize>> = vec![None; n];
    // (row, control) for a row's second and third remove controls.
    let mut more_controls: Vec<(usize, usize)> = Vec::new();
    // Where each row ends: its subtree's end, or for a row drawn without an
    // element of its own, the end of its last cell.
    let mut row_end = Dense(Vec::with_capacity(n));
    for i in 0..n {
        row_end.push(tree.end(i));
    }
    // Parents already tried as flat grids, and the rows they gave.
    let mut flat: Vec<(usize, Option<Vec<Span>>)> = Vec::new();
    for a in (0..n).filter(|&i| is_anchor(i)) {
        let semantic = tree
            .self_and_ancestors(a)
            .find(|&x| is_row_element(tree, x))
            .filter(|&x| anchors[x] == 1);
        let mut row = semantic.unwrap_or_else(|| climb(tree, a, &counts));
        // A control with no text around it, among the cells of a flat grid.
        if semantic.is_none() && own_texts[row] == 0 {
            if let Some(p) = tree.parent(row) {
                if !flat.iter().any(|(q, _)| *q == p) {
                    flat.push((p, flat_rows(tree, p, &anchors, &own_texts)));
                }
                let rows = flat.iter().find(|(q, _)| *q == p).and_then(|(_, r)| r.as_ref());
                // Rows are in page order: the last one starting at or before `row`.
                let found = rows.and_then(|r| r.get(r.partition_point(|&(f, _)| f <= row).checked_sub(1)?));
                if let Some(&(first, end)) = found.filter(|&&(_, e)| row < e) {
                    row = first;
                    row_end[first] = end;
                }
            }
        }
        // Still no text: a row with more than one remove control.
        if semantic.is_none() && own_texts[row] == 0 && row_end[row] == tree.end(row) {
            if let Some(owner) = row_with_controls(tree, a, &counts, &anchors) {
                row = owner;
            }
        }
        // One description of a `<dl>` listing: the row is its group.
        if let Some((first, end)) = description_group(tree, row) {
            row = first;
            row_end[first] = end;
        }
        match row_of.get_mut(row) {
            Some(Some(_)) => more_controls.push((row, a)),
            Some(slot) => *slot = Some(a),
            None => {}
        }
    }
    // `more_controls` is in row order already: controls are visited in page
    // order, and a row never holds a control of a later row (rows do not
    // overlap), so the lookups below can search it.
    let mut rows_found: Vec<(usize, usize)> = Vec::new();
    for (r, c) in row_of.iter().enumerate() {
        if let Some(c) = c {
            rows_found.push((r, *c));
        }
    }
    let row_of = rows_found;

    // Headings outside rows, and the nearest one before each node.
    let mut in_row = Dense::filled(false, n);
    for &(r, _) in &row_of {
        for flag in &mut in_row[r..row_end[r]] {
            *flag = true;
        }
    }
    // Also the nearest title drawn as plain text ("Active sessions" in a
    // styled div): used only where the heading before a listing names no
    // listing kind, so an intro line never outranks a real heading.
    let mut heading_before = Dense::filled(None, n);
    let mut title_before = Dense::filled(None, n);
    let (mut last, mut last_title) = (None, None);
    let mut section_headings_seen = Vec::new();
    let mut current_session_shown = false;
    // The level of the outermost heading still open (by the page's
    // outline) that names a listing.
    let mut named_open: Option<u8> = None;
    let mut unnamed_section = Dense::filled(false, n);
    for i in 0..n {
        heading_before[i] = last;
        title_before[i] = last_title;
        if in_row[i] {
            continue;
        }
        // A "Current" marker outside every row: the session in use, listed
        // without a control (a text node's `stop` is only ever that marker).
        current_session_shown |= (stop[i] || now[i]) && tree.text(i).is_some();
        let kind = if heading[i] {
            last = Some(i);
            let level = heading_level(tree, i);
            named_open = named_open.filter(|&l| l < level);
            // A product name ("Claude Code") names no listing here.
            let named = stop[i] && heading_kind[i].is_some_and(|k| k != SectionKind::Usage);
            unnamed_section[i] = !named && named_open.is_none();
            if named {
                named_open = named_open.or(Some(level));
            }
            heading_kind[i]
        } else if title[i] {
            last_title = Some(i);
            section_kind(&tree.joined_text(i), phrases)
        } else {
            None
        };
        if let Some(k) = kind.filter(|k| !section_headings_seen.contains(k)) {
            section_headings_seen.push(k);
        }
    }

    // Group rows by parent into listings, in page order.
    let mut by_parent: Vec<(usize, usize, usize)> = Vec::with_capacity(row_of.len());
    for &(row, control) in &row_of {
        by_parent.push((tree.parent(row).unwrap_or(row), row, control));
    }
    // Stable: rows stay in page order within their listing.
    crate::core::sort::sort_by_key(&mut by_parent, |&(parent, _, _)| parent);
    let mut listings: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (parent, row, control) in by_parent {
        match listings.last_mut() {
            Some((p, rows)) if *p == parent => rows.push((row, control)),
            _ => listings.push((parent, vec![(row, control)])),
        }
    }

    let mut entries = Vec::new();
    let mut ended_only = Vec::new();
    let mut partial = None;
    let mut unclaimed_sign_outs = Vec::new();
    let mut times = TimeMemo::new();
    let mut columns = ColumnRoles::new();
    let says_everywhere =
        |i: usize| super::controls::action_of(&fold_phrase(&tree.joined_text(i)), phrases) == Action::Everywhere;
    for (parent, listed) in listings {
        // "Log out of all devices [Log out]": a sign-out control whose row
        // says everywhere is the log-out-everywhere control, never a row.
        let mut rows = Vec::with_capacity(listed.len());
        for (r, c) in listed {
            if ctl.is_sign_out(c, phrases) && says_everywhere(r) {
                unclaimed_sign_outs.push((c, r));
            } else {
                rows.push((r, c));
            }
        }
        let Some(&(first_row, _)) = rows.first() else { continue };
        // The heading before a row is looked up before the card it belongs
        // to, when it is another card's own (`looked_up_from`).
        let before = |r: usize| looked_up_from(tree, parent, r, &heading_before, &heading_kind, &stops);
        let first = before(first_row);
        let heading = match (heading_before[first], title_before[first]) {
            (h, Some(t)) if h.is_none_or(|h| heading_kind[h].is_none() && h < t) => Some(t),
            (h, _) => h,
        };
        let heading_text = heading.map(|h| tree.joined_text(h));
        let labelled = listing_label(tree, parent, phrases);
        // A listing labelled so ("Revoked tokens" in its `aria-label` or
        // caption) says its rows ended, as a heading would.
        let labelled_ended = labelled.as_ref().is_some_and(|l| says_ended(&l.1, clock, phrases));
        // Whether the heading over the last row said its rows ended: rows
        // of a listing mostly share it.
        let mut ended_under: Option<(usize, bool)> = None;
        let texts: Vec<RowText> = vecs::map(&rows, |&(r, c)| {
            let row_heading = heading_before[before(r)];
            let mut text = read_row(tree, ctl, r, row_end[r], phrases, clock, &mut times, &mut columns);
            // A card's own heading that groups by when is no label either
            // (`group_title`), and one that says it ended marks the row
            // ended: a group of one, "Revoked", drawn as a card.
            let mut ended = false;
            text.labels
                .retain(|(l, node)| match tree.parent(*node).filter(|&h| is_heading(tree, h)) {
                    Some(h) if heading_says_ended(tree, h, clock, phrases) => {
                        ended = true;
                        false
                    }
                    Some(_) => !names_a_time(&fold(l), phrases, clock),
                    None => true,
                });
            text.ended |= ended | labelled_ended;
            if text.labels.is_empty() {
                let label = named_by_control(tree, c, phrases)
                    .or_else(|| group_title(tree, phrases, clock, parent, row_heading).map(|t| (t, c)));
                if let Some(label) = label {
                    text.labels.push(label);
                }
            }
            // Under a heading that says its rows ended ("Revoked",
            // "Expired tokens"): the page lists them as ended.
            if let Some(h) = row_heading {
                let says = match ended_under {
                    Some((at, says)) if at == h => says,
                    _ => heading_says_ended(tree, h, clock, phrases),
                };
                ended_under = Some((h, says));
                text.ended |= says;
            }
            text
        });
        let heading_kind = heading_text.as_deref().and_then(|h| section_kind(h, phrases));
        // The section shown is the visible heading, unless it is outside
        // the labelled element and says something else: a region labelled
        // "Active sessions" under a page heading "Security".
        let section = match (&labelled, heading) {
            (Some((k, text, x)), Some(h)) if heading_kind != Some(*k) && !tree.contains(*x, h) => Some(text.as_str()),
            (Some((_, text, _)), None) => Some(text.as_str()),
            _ => heading_text.as_deref(),
        };
        // An anchor names what no label or heading does.
        let anchor = (labelled.is_none() && heading_kind.is_none())
            .then(|| listing_anchor(tree, parent, phrases))
            .flatten();
        let section = anchor.as_ref().map(|a| a.1.as_str()).or(section);
        let named = labelled
            .as_ref()
            .map(|l| l.0)
            .or(heading_kind)
            .or(anchor.as_ref().map(|a| a.0));
        // A listing under a heading of its own that names nothing, beside
        // (not under) one that names a listing, is another part of the page:
        // "GitHub" or "Environments" after "Authorization tokens". What its
        // rows say ("Connected 5 months ago", "Created …") counts only for
        // a kind this page lists and no heading on it names: trusted
        // devices under "Computers and phones you trust" beside "Active
        // sessions".
        let beside_named = named.is_none()
            && heading.is_some_and(|h| unnamed_section[h])
            && section_headings_seen.iter().any(|&k| k != SectionKind::Usage);
        let kind = match named {
            Some(SectionKind::Usage) | None => {
                let ends_sessions = rows
                    .iter()
                    .filter(|&&(_, c)| ctl.starts_with_any(c, phrases.session_actions));
                kind_from_rows(&texts, ends_sessions.count()).filter(|k| {
                    !beside_named
                        || !section_headings_seen.contains(k)
                            && match page {
                                PageKind::ClaudeCode => *k == SectionKind::Tokens,
                                PageKind::Account => *k != SectionKind::Tokens,
                                _ => false,
                            }
                })
            }
            k => k,
        };
        // A control alone, with no text of its own around it, is not a row.
        let (mut kept, mut blank) = (Vec::new(), Vec::new());
        for pair in rows.into_iter().zip(texts) {
            if pair.1.is_blank() {
                blank.push(pair);
            } else {
                kept.push(pair);
            }
        }
        // Rows known only by unnamed icons need a listing of known kind.
        let generic_ok = kept.len() >= 2
            && kept
                .iter()
                .all(|((r, c), _)| tree.tag(*r) == tree.tag(kept[0].0 .0) && !ctl.unnamed.contains(c));
        // Rows known only by menu buttons need a listing named by its
        // heading or label, and company, a row element of their own, or
        // text that says the same kind ("Connected …"): a lone "⋯" (a sort
        // or view menu) is no row.
        let menus_alone = kept.iter().all(|((_, c), _)| ctl.menus.contains(c))
            && (named.is_none()
                || kept.len() < 2
                    && !kept.iter().all(|((r, _), _)| is_row_element(tree, *r))
                    && !kept
                        .first()
                        .is_some_and(|(_, t)| kind_from_rows(std::slice::from_ref(t), 0) == named));
        let (kept, unkept) = if (kind.is_some() || generic_ok) && !menus_alone {
            (kept, blank)
        } else {
            let mut all = kept;
            all.append(&mut blank);
            (Vec::new(), all)
        };
        for ((r, c), _) in &unkept {
            if ctl.is_sign_out(*c, phrases) {
                unclaimed_sign_outs.push((*c, *r));
            }
        }
        if partial.is_none() && !kept.is_empty() {
            let rows: Vec<usize> = vecs::map(&kept, |((r, _), _)| *r);
            partial = partial_listing(tree, ctl, parent, &rows, phrases);
            // A heading that counts more than are drawn ("Authorization
            // tokens (212)"): "only some tokens render" is reported. A
            // sessions count takes in the session in use, which has no
            // control and is no row here.
            let counted = heading_text
                .as_deref()
                .and_then(|h| h.trim_end().strip_suffix(')'))
                .and_then(|h| crate::core::text::rfind_byte(h, b'(').map(|o| crate::core::text::tail(h, o + 1)))
                .and_then(|n| crate::core::text::parse_int(n.trim()));
            let in_use = i64::from(kind == Some(SectionKind::Sessions));
            if let Some(total) = counted.filter(|&t| partial.is_none() && t > rows.len() as i64 + in_use) {
                partial = Some(format!("its heading counts {total}"));
            }
            // Rows like these drawn with no control at all (`bare_rows`).
            let whole = rows.iter().all(|&r| row_end[r] == tree.end(r));
            if partial.is_none() && whole && bare_rows(tree, ctl, parent, &rows, (&stops, &own_texts), phrases, clock) {
                partial = Some("some of its rows show no remove control".to_string());
            }
        }
        // Tokens the page marks ended ("Revoked", "Expired") are not active
        // entries: a revoked token the page keeps listing that way is gone
        // from the listing, not still listed. A listing of ended tokens only
        // is read as an empty one. Only tokens: every text of a token's row
        // is the site's own, while a device's name and platform, or a
        // session's browser, come from whoever signed in, who must not be
        // able to hide a row by naming it "Expired".
        let tokens = kind == Some(SectionKind::Tokens);
        let (mut active, shown) = (0, kept.len());
        for ((row, control), text) in kept {
            if tokens && text.ended {
                continue;
            }
            active += 1;
            let mut entry = make_entry(tree, (row, row_end[row]), control, text, kind, section);
            let from = more_controls.partition_point(|&(r, _)| r < row);
            for &(_, c) in more_controls[from..].iter().take_while(|&&(r, _)| r == row) {
                entry.more_controls.push(c as Handle);
            }
            entries.push(entry);
        }
        if tokens && active == 0 && shown > 0 && !ended_only.contains(&SectionKind::Tokens) {
            ended_only.push(SectionKind::Tokens);
        }
    }
    crate::core::sort::sort_by_key(&mut entries, |e| e.row);
    for (i, e) in entries.iter_mut().enumerate() {
        e.ordinal = i as u32;
    }

    let mut log_out_controls: Vec<LogOutControl> = Vec::new();
    for i in (0..n).filter(|&i| is_everywhere(i)) {
        log_out_controls.push(LogOutControl {
            control: i as Handle,
            label: preview(&accessible_name(tree, i), 120),
            explicit: true,
        });
    }
    if page == PageKind::Account {
        for (c, row) in unclaimed_sign_outs {
            // A bare "Log out" under a heading, or beside a title, that says
            // "Log out of all devices".
            let explicit = heading_before[c].is_some_and(says_everywhere) || says_everywhere(row);
            log_out_controls.push(LogOutControl {
                control: c as Handle,
                label: preview(&accessible_name(tree, c), 120),
                explicit,
            });
        }
        // Sign-out controls in page chrome are not rows but still sign out.
        for i in
            (0..n).filter(|&i| in_chrome[i] && ctl.action[i] == Some(Action::RowRemove) && ctl.is_sign_out(i, phrases))
        {
            log_out_controls.push(LogOutControl {
                control: i as Handle,
                label: preview(&accessible_name(tree, i), 120),
                explicit: false,
            });
        }
        crate::core::sort::sort_by_key(&mut log_out_controls, |l| l.control);
    }

    let mut empty_sections = ended_only;
    // The heading over text `j` (its own, or the one before) and the
    // listing it names.
    let heading_over = |j: usize| {
        let h = tree.ancestors(j).find(|&a| heading[a]).or(heading_before[j])?;
        Some((h, heading_kind[h]?))
    };
    for (j, t) in (0..n).filter_map(|j| tree.text(j).map(|t| (j, t))) {
        if in_row[j] || ctl.in_control[j] || ctl.in_dialog[j] {
            continue;
        }
        let f = fold(t);
        // Else a "None" alone, or a count of none in the heading itself
        // ("Authorization tokens (0)"), under a heading that names a listing.
        let under_heading = || {
            let (h, kind) = heading_over(j)?;
            let bare = crate::core::text::trim_end_any(f.trim(), &['.', '!']);
            let alone = phrases.empty_states.alone.contains(&bare) && !tree.contains(h, j);
            (alone || (tree.contains(h, j) && bare.ends_with("(0)"))).then_some(kind)
        };
        // "No other devices are signed in." under "Active sessions": the
        // devices signed in are the sessions, not the trusted devices.
        let said = empty_state(&f, phrases).map(|k| match k {
            SectionKind::Devices if heading_over(j).is_some_and(|(_, k)| k == SectionKind::Sessions) => {
                SectionKind::Sessions
            }
            k => k,
        });
        if let Some(k) = said.or_else(under_heading) {
            if !empty_sections.contains(&k) {
                empty_sections.push(k);
            }
        }
    }

    let listing = entries
        .first()
        .and_then(|e| tree.parent(e.row as usize))
        .map(|p| match tree.tag(p) {
            Some("tbody" | "thead" | "tfoot") => tree.parent(p).unwrap_or(p),
            _ => p,
        });
    Found {
        entries,
        log_out_controls,
        empty_sections,
        section_headings_seen,
        current_session_shown,
        listing,
        partial,
    }
}

/// The listing a (folded) text says is empty: an opening ("no", "you
/// haven't created any", its `*` one of the verbs that make an entry),
/// words that narrow the noun ("active", "authorization"), the noun
/// ("tokens"), and then at most three words before the sentence ends
/// ("… yet", "… to show"). The noun must follow the opening: "No tokens
/// are shared with other apps", on a page still loading its list, must not
/// make every token gone.
fn empty_state(f: &str, phrases: &Phrases) -> Option<SectionKind> {
    let e = &phrases.empty_states;
    // A folded text has single spaces between words.
    let words = crate::core::text::split_str(f, " ");
    // Where `pattern` ends if the words from `at` on begin with it (curly
    // apostrophes read as straight ones).
    let after = |pattern: &str, at: usize| -> Option<usize> {
        let mut i = at;
        for p in crate::core::text::split_str(pattern, " ") {
            let w = match *words.get(i)? {
                "don’t" => "don't",
                "haven’t" => "haven't",
                w => w,
            };
            let fits = if p == "*" { e.verbs.contains(&w) } else { p == w };
            if !fits {
                return None;
            }
            i += 1;
        }
        Some(i)
    };
    let mut i = e.openings.iter().find_map(|o| after(o, 0))?;
    while let Some(next) = e.qualifiers.iter().find_map(|q| after(q, i)) {
        i = next;
    }
    const ENDS: &[char] = &['.', '!', ';', ':'];
    let noun = *words.get(i)?;
    let bare = crate::core::text::trim_end_any(noun, &['.', '!', ';', ':', ',', ')']);
    let (_, kind) = e.nouns.iter().find(|(n, _)| *n == bare)?;
    // The sentence ends within three more words.
    let mut more = 0;
    let mut ended = crate::core::text::trim_end_any(noun, ENDS).len() < noun.len();
    for w in words.iter().skip(i + 1) {
        if ended {
            break;
        }
        more += 1;
        ended = crate::core::text::trim_end_any(w, ENDS).len() < w.len();
    }
    (more <= 3).then_some(*kind)
}

/// Whether a child of `parent` looks like its `rows` (the same element)
/// but holds no control at all: a page may draw a row's Revoke only while
/// the pointer is over it, and the rows without one are still listed. Not
/// the session in use (`stops`: a "Current" marker), a token marked ended,
/// a table's header row, a row with no text (`own_texts`): those have
/// no control by nature; nor a lone sentence, which says what the listing is.
#[inline(never)]
fn bare_rows(
    tree: &Tree,
    ctl: &Controls,
    parent: usize,
    rows: &[usize],
    (stops, own_texts): (&Dense<u32>, &Dense<u32>),
    phrases: &Phrases,
    clock: &Clock,
) -> bool {
    let tag = tree.tag(rows[0]);
    'rows: for c in tree.children(parent) {
        if tree.tag(c) != tag || rows.contains(&c) || stops[c] > 0 || own_texts[c] == 0 {
            continue;
        }
        for i in c..tree.end(c) {
            let header =
                tree.tag(i) == Some("th") || matches!(tree.attr(i, "role"), Some("columnheader" | "rowheader"));
            if ctl.action[i].is_some() || header {
                continue 'rows;
            }
            if let Some(t) = tree.text(i) {
                // One sentence and nothing else is a line about the listing
                // ("Devices signed in to your account."), not a row.
                if own_texts[c] == 1 && ends_a_sentence(t) {
                    continue 'rows;
                }
                // Marked ended, or current anywhere in its words ("Chrome on
                // macOS (Current)").
                let f = fold_phrase(spoken(tree, i, t));
                if super::fields::is_ended_marker(&f, clock, phrases)
                    || phrases.current_markers.iter().any(|m| contains_words(&f, m))
                {
                    continue 'rows;
                }
            }
        }
        return true;
    }
    false
}

/// Whether `t` ends as a sentence does ("You're signed in on these
/// devices."): a line about a listing, neither its title nor a row.
fn ends_a_sentence(t: &str) -> bool {
    matches!(t.trim_end().as_bytes().last(), Some(b'.' | b'!'))
}

/// What a screen reader says for the text node `j`: a glyph alone ("●")
/// in a labelled element says its label ("Current session").
fn spoken<'t>(tree: &'t Tree, j: usize, t: &'t str) -> &'t str {
    if t.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return t;
    }
    super::fields::element_label(tree, j).unwrap_or(t)
}

/// Whether the listing under `parent` (showing `rows`) says it holds more:
/// a grid or table whose `aria-rowcount` exceeds the rows it draws (or is
/// -1, unknown), rows whose `aria-setsize` exceeds the rows shown (lists
/// that draw only what is scrolled into view), or a "Show more" control
/// next to it. Then entries it does not show must not be taken for gone.
fn partial_listing(tree: &Tree, ctl: &Controls, parent: usize, rows: &[usize], phrases: &Phrases) -> Option<String> {
    let number = |i: usize, name: &str| tree.attr(i, name).and_then(|v| crate::core::text::parse_int(v.trim()));
    // What the rows say of their set, unless a grid or table around them
    // says it holds more than it draws. -1 is ARIA's "unknown".
    let mut said = rows
        .iter()
        .filter_map(|&r| number(r, "aria-setsize"))
        .max()
        .map(|t| (t, rows.len(), "entries"));
    for x in tree.self_and_ancestors(parent).take(4) {
        if let Some(total) = number(x, "aria-rowcount") {
            let drawn = (x..tree.end(x))
                .filter(|&i| is_row_element(tree, i) && tree.tag(i) != Some("li"))
                .count();
            if total < 0 || total > drawn as i64 {
                said = Some((total, drawn, "rows"));
                break;
            }
        }
    }
    if let Some((total, drawn, what)) = said {
        if total < 0 {
            return Some("it does not say how many rows it holds".into());
        }
        if total > drawn as i64 {
            return Some(format!("it holds {total} {what} and draws {drawn}"));
        }
    }
    // A virtualised list: rows out of view are not in the page.
    if super::scroll_room::undrawn_rows(tree, parent, rows) {
        return Some("it draws the part of a scrolling list in view".into());
    }
    // A search field near the listing that holds text: the listing shows
    // what matches it, and entries it leaves out are not gone. The tree
    // marks a text field `filled`, never with what it holds.
    let section = tree.self_and_ancestors(parent).take(3).last().unwrap_or(parent);
    let searched = (section..tree.end(section)).any(|i| {
        if tree.tag(i) != Some("input") {
            return false;
        }
        let (mut filled, mut search) = (false, false);
        for (name, v) in tree.attrs(i).into_iter().flat_map(|a| a.iter()) {
            match name.as_str() {
                "filled" => filled = true,
                "type" | "role" => search |= v == "search" || v == "searchbox",
                "placeholder" | "aria-label" => {
                    let f = fold(v);
                    search |= phrases.search_words.iter().any(|w| contains_words(&f, w));
                }
                _ => {}
            }
        }
        filled && search && !rows.iter().any(|&r| tree.contains(r, i))
    });
    if searched {
        return Some("it shows what matches a search".into());
    }
    // A "Show more" control after the listing, in the same container: the
    // one around the listing's table (rows sit in a `tbody` the parser
    // adds) and around any wrappers that hold nothing else, so that a pager
    // beside a table or a card holding the list is still beside it.
    let mut top = parent;
    while let Some(up) = tree.parent(top) {
        let table_part = matches!(tree.tag(top), Some("tbody" | "thead" | "tfoot"));
        if !table_part && (up + 1 != top || tree.end(up) != tree.end(top)) {
            break;
        }
        top = up;
    }
    let around = tree.parent(top).unwrap_or(top);
    let more = |i: usize| {
        ctl.action[i].is_some()
            && !rows.iter().any(|&r| tree.contains(r, i))
            && phrases.more_actions.iter().any(|p| starts_with_words(&ctl.name[i], p))
    };
    // Inside it, not a control that the first row holds too, unless it stands
    // alone in its item ("<li><a>See more</a></li>" at the end): a "See
    // more" beside each row's text is that row's details (here the current
    // session's, which has no remove control).
    let per_row = |i: usize| {
        let mut item = i;
        while let Some(up) = tree.parent(item).filter(|&up| up != parent) {
            item = up;
        }
        let alone = (item..tree.end(item)).all(|j| tree.text(j).is_none() || tree.contains(i, j));
        let held = |r: &usize| (*r..tree.end(*r)).any(|j| ctl.action[j].is_some() && ctl.name[j] == ctl.name[i]);
        !alone && rows.first().is_some_and(held)
    };
    // After the listing first, then inside it.
    let offered = (tree.end(parent)..tree.end(around))
        .find(|&i| more(i))
        .or_else(|| (parent..tree.end(parent)).find(|&i| more(i) && !per_row(i)));
    // Else "Page 1 of 3" (any page of several), "Showing 1–10 of 42" (more
    // than it draws), after the listing or above it.
    let shown_part = |i: usize| {
        let f = fold(tree.text(i)?);
        let pager = starts_with_words(&f, phrases.shown_of.first()?);
        if !pager && !phrases.shown_of.iter().any(|p| starts_with_words(&f, p)) {
            return None;
        }
        let (_, rest) = crate::core::text::split_once_str(&f, " of ")?;
        let total = crate::core::text::split_once_str(rest, " ").map_or(rest, |(n, _)| n);
        (crate::core::text::parse_int(total)? > if pager { 1 } else { rows.len() as i64 }).then_some(i)
    };
    let (verb, what) = match offered {
        Some(i) => ("offers", accessible_name(tree, i)),
        None => {
            let i = (around..tree.end(around))
                .filter(|&i| !tree.contains(parent, i))
                .find_map(shown_part)?;
            ("says", tree.text(i)?.to_string())
        }
    };
    Some(format!("it {verb} \"{}\"", preview(&what, 40)))
}

/// What a row's remove control says it removes, when nothing else names
/// the row: "Revoke Claude Code token" → "Claude Code" (the action's
/// words, fillers and a trailing kind word dropped). The label and the
/// control's node.
fn named_by_control(tree: &Tree, control: usize, phrases: &Phrases) -> Option<(String, usize)> {
    let name = accessible_name(tree, control);
    let folded = fold(&name);
    // The longest action the name starts with, in words.
    let mut action = 0;
    for p in phrases.row_actions {
        if starts_with_words(&folded, p) {
            action = action.max(p.bytes().filter(|&b| b == b' ').count() + 1);
        }
    }
    if action == 0 {
        return None;
    }
    let is = |w: &str, list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
    let mut rest = name.trim();
    for _ in 0..action {
        rest = crate::core::text::split_once_str(rest, " ")
            .map_or("", |(_, r)| r)
            .trim_start();
    }
    while let Some((w, r)) = crate::core::text::split_once_str(rest, " ") {
        if !is(w, FILLERS) {
            break;
        }
        rest = r.trim_start();
    }
    while let Some((r, w)) = crate::core::text::rsplit_once_byte(rest, b' ') {
        if !is(w, KIND_WORDS) {
            break;
        }
        rest = r.trim_end();
    }
    // A lone kind word ("Revoke token") names nothing.
    (!rest.is_empty() && !is(rest, KIND_WORDS)).then(|| (rest.to_string(), control))
}

/// Words around what a remove control names: "Revoke access for Claude
/// Desktop", "Terminate the session".
const FILLERS: &[&str] = &["access", "for", "to", "of", "the", "this", "from"];
const KIND_WORDS: &[&str] = &["token", "session", "device", "access", "app", "connection"];

/// The name-value group of `<dl>` description `dd`, as HTML defines it:
/// its terms and all its descriptions ("Claude Code", then the scopes and
/// "Connected 3 days ago · Revoke", each a `<dd>`), as the group's first
/// term and where its last description ends. Without it the row was the
/// one `<dd>` that held the control, and its siblings' text — the name,
/// the scopes — looked like rows with no remove control.
fn description_group(tree: &Tree, dd: usize) -> Option<Span> {
    if tree.tag(dd) != Some("dd") {
        return None;
    }
    let (mut first, mut end, mut after_dd) = (None, None, true);
    for c in tree.children(tree.parent(dd)?) {
        match tree.tag(c) {
            Some("dd") => {
                after_dd = true;
                if c == dd || end.is_some() {
                    end = Some(tree.end(c));
                }
            }
            // Text between the elements belongs to no group.
            None => {}
            _ if end.is_some() => break,
            Some("dt") => {
                if after_dd {
                    first = Some(c);
                }
                after_dd = false;
            }
            Some(_) => (first, after_dd) = (None, true),
        }
    }
    Some((first?, end?))
}

/// The row of remove control `a` when its row holds more than one ("Sign
/// out" and "Remove" side by side): the nearest ancestor with text of its
/// own, if its two or three remove controls sit together in children that
/// have no text (one cluster of buttons, nothing to read between them),
/// and it is neither page structure nor more text than a row holds. A
/// listing of rows never passes: its controls have the rows' text between
/// them.
fn row_with_controls(tree: &Tree, a: usize, c: &Counts, anchors: &Dense<u32>) -> Option<usize> {
    let owner = tree.ancestors(a).find(|&x| c.own_texts[x] > 0)?;
    if !(2..=3).contains(&anchors[owner])
        || c.texts[owner] > ROW_TEXT_NODES_MAX
        || tree.tag(owner).is_some_and(|t| STRUCTURAL.contains(&t))
    {
        return None;
    }
    // From the first child holding a control to the last, no text.
    let mut seen = 0;
    for k in tree.children(owner) {
        if seen == anchors[owner] {
            break;
        }
        if seen > 0 || anchors[k] > 0 {
            if c.own_texts[k] > 0 {
                return None;
            }
            seen += anchors[k];
        }
    }
    Some(owner)
}

/// A row's first node and the end of its last one.
type Span = (usize, usize);

/// Rows drawn without an element of their own: a grid whose cells are all
/// children of `parent` ("Claude Code", "Connected 3 days ago", "Revoke",
/// "Claude Code", …, as a fragment per row draws them). Each child holding
/// a remove control (and no text) closes a row of the cells before it.
/// The grouping is trusted only when the controls are evenly spaced, every
/// row has text, and no text follows the last control: otherwise a shifted
/// grouping (the control first in each row) would give each entry its
/// neighbour's fields. Cells before the first row (column headers) are not
/// part of it. Returns each row's first node and end.
fn flat_rows(tree: &Tree, parent: usize, anchors: &Dense<u32>, own_texts: &Dense<u32>) -> Option<Vec<Span>> {
    let mut children = Dense::default();
    let mut closing = Dense::default();
    for c in tree.children(parent) {
        if anchors[c] > 0 {
            closing.push(children.len());
        }
        children.push(c);
    }
    if closing.len() < 2
        || closing
            .iter()
            .any(|&k| anchors[children[k]] != 1 || own_texts[children[k]] > 0)
    {
        return None;
    }
    let width = closing[1] - closing[0];
    let last = *closing.last()?;
    if width < 2
        || closing[0] + 1 < width
        || closing.windows(2).any(|w| w[1] - w[0] != width)
        || children.iter().skip(last + 1).any(|&c| own_texts[c] > 0)
    {
        return None;
    }
    let mut rows: Vec<Span> = Vec::with_capacity(closing.len());
    for &k in closing.iter() {
        rows.push((children[k + 1 - width], tree.end(children[k])));
    }
    let has_text = |&(first, end): &(usize, usize)| (first..end).any(|i| tree.text(i).is_some() && own_texts[i] > 0);
    rows.iter().all(has_text).then_some(rows)
}

/// The low half of a `stops` count: headings and titles that name a
/// listing, and "Current" markers (the high half, [`active_now`]: "Active
/// now" texts; `Counts::stops`).
fn marks(stops: u32) -> u32 {
    stops & 0xffff
}

/// The high half of a `stops` count (see [`marks`]).
fn active_now(stops: u32) -> u32 {
    stops >> 16
}

/// Where the heading over `row` (in listing `parent`) is looked up: before
/// the row, or before the card the heading before it belongs to, when that
/// is a card beside the row that is no row itself. The session in use is
/// drawn like the others but with no control, titled "Chrome on macOS" in
/// the same heading element as each row's, or in a heading of its own
/// that marks it ("Your current session", `stops`): its title names that
/// card only, never the listing.
#[inline(never)]
fn looked_up_from(
    tree: &Tree,
    parent: usize,
    row: usize,
    heading_before: &Dense<Option<usize>>,
    heading_kind: &Dense<Option<SectionKind>>,
    stops: &Dense<u32>,
) -> usize {
    let Some(h) = heading_before[row].filter(|&h| heading_kind[h].is_none()) else {
        return row;
    };
    let tag = tree.tag(h);
    match tree.self_and_ancestors(h).find(|&a| tree.parent(a) == Some(parent)) {
        Some(card)
            if card != h
                && tree.tag(card) == tree.tag(row)
                && (marks(stops[card]) > 0 || (row..tree.end(row)).any(|i| tree.tag(i) == tag)) =>
        {
            card
        }
        _ => row,
    }
}

/// The title of the group a label-less row is listed in: a minor heading
/// that names no listing, or names a product ("Remote control", "Claude
/// Code CLI"), and no time (`names_a_time`), inside the
/// rows' own container and before the row. A group of one row is read as a
/// card whose heading is its label; the rows of a larger group take the
/// same label, so a token keeps its look when its group grows.
fn group_title(tree: &Tree, phrases: &Phrases, clock: &Clock, parent: usize, heading: Option<usize>) -> Option<String> {
    let h = heading.filter(|&h| !is_major_heading(tree, h) && tree.contains(parent, h))?;
    let text = tree.joined_text(h);
    let f = fold_phrase(&text);
    (!f.is_empty() && !names_listing(&f, phrases) && !names_a_time(&f, phrases, clock)).then(|| text.trim().to_string())
}

/// Whether a heading says the rows under it ended: a status alone
/// ("Revoked", "Expired") or with the kind it lists ("Revoked tokens").
fn heading_says_ended(tree: &Tree, h: usize, clock: &Clock, phrases: &Phrases) -> bool {
    says_ended(&tree.joined_text(h), clock, phrases)
}

/// [`heading_says_ended`] of a heading's or a listing's label's text.
fn says_ended(text: &str, clock: &Clock, phrases: &Phrases) -> bool {
    let f = fold_phrase(text);
    let bare = crate::core::text::rsplit_once_byte(&f, b' ')
        .filter(|(_, kind)| KIND_WORDS.iter().any(|k| kind.strip_suffix('s').unwrap_or(kind) == *k))
        .map_or(f.as_str(), |(rest, _)| rest);
    super::fields::is_ended_marker(bare, clock, phrases)
}

/// Whether a (folded) heading groups rows by when ("Today", "Earlier",
/// "November 2026", "Last week", "Week 47", "2026", "3 days ago"): a row
/// moves from one such group to the next as time passes, so its look must
/// not change with it. A name with a number in it ("iPhone 15", "Claude
/// Code (v2.0.14)") is no time.
fn names_a_time(f: &str, phrases: &Phrases, clock: &Clock) -> bool {
    let words = crate::core::text::split_str(f, " ");
    // A year alone ("2026"): in a name ("MacBook Pro 2023") it is a model's.
    let year = f.len() == 4 && f.bytes().all(|b| b.is_ascii_digit());
    year || words.first().is_some_and(|w| phrases.time_groups.contains(w))
        || words.iter().any(|w| {
            phrases.time.months.iter().any(|(m, _)| m == w)
                || (w.len() > 2 && phrases.time.units.iter().any(|(u, _)| u == w))
        })
        || crate::core::time::says_when(f, clock, phrases)
}

/// Per-node subtree counts that [`climb`] reads.
#[derive(Clone, Copy)]
struct Counts<'a> {
    barriers: &'a Dense<u32>,
    section_headings: &'a Dense<u32>,
    texts: &'a Dense<u32>,
    own_texts: &'a Dense<u32>,
    major_headings: &'a Dense<u32>,
    /// Headings and titles that name a listing, and "Current" markers;
    /// in the high half, "Active now" texts, a stop only for a part with
    /// a time of its own ("Last active 2 hours ago" is another session's
    /// row, "San Francisco" another column of the same row).
    stops: &'a Dense<u32>,
    /// Sentences that say no time (`find`).
    prose: &'a Dense<u32>,
    timed: &'a dyn Fn(usize) -> bool,
    /// Inside an `article`, `section`, `aside`, `main` or `nav`: a
    /// `header`/`footer` there belongs to that part, not to the page.
    in_sectioning: &'a Dense<bool>,
}

/// The row of remove control `a` when the markup does not say: in a listing
/// of several rows, the child of the listing (the first ancestor holding
/// another remove control) on the way up; a lone row stops below the first
/// ancestor that adds a section heading (unless all it has climbed to is
/// the control and the heading is not a page-level one: a card's own
/// heading, "Claude Code", is its label), and
/// never climbs into page structure or into more text than a row holds.
/// No row with text of its own climbs into a heading or text title that
/// names a listing, nor beside a "Current" marker.
fn climb(tree: &Tree, a: usize, c: &Counts) -> usize {
    let Counts {
        barriers,
        section_headings,
        texts,
        own_texts,
        major_headings,
        stops,
        prose,
        timed,
        in_sectioning,
    } = *c;
    // A form that holds no other remove or log-out control is this row's
    // own: around its button alone (a server-rendered "Revoke" posting the
    // token's id), or the whole row drawn as a form. A form around a page
    // or a listing holds more than one.
    let wrapper_form = |p: usize| tree.tag(p) == Some("form") && barriers[p] <= 1;
    // A card's own header ("Claude Code [Revoke]") is part of the card.
    let part_header =
        |p: usize| matches!(tree.tag(p), Some("header" | "footer")) && tree.parent(p).is_some_and(|q| in_sectioning[q]);
    let blocked = |p: usize| {
        tree.parent(p).is_none()
            || (tree.tag(p).is_some_and(|t| STRUCTURAL.contains(&t)) && !wrapper_form(p) && !part_header(p))
            || texts[p] > ROW_TEXT_NODES_MAX
    };
    // A row with text of its own never climbs into a section's title
    // ("Active sessions" over a lone session and beside "Log out of all
    // devices") nor beside the current session, which has no control.
    // Nor into a parent that adds only sentences: an intro ("Manage your
    // authorization tokens.") above the one token left is no part of it.
    let adds_only_prose = |cur: usize, p: usize| {
        let added = own_texts[p].saturating_sub(own_texts[cur]);
        added > 0 && prose[p].saturating_sub(prose[cur]) == added
    };
    let stopped = |cur: usize, p: usize| {
        own_texts[cur] > 0
            && (marks(stops[p]) > marks(stops[cur])
                || active_now(stops[p]) > active_now(stops[cur]) && timed(cur)
                || adds_only_prose(cur, p))
    };
    let mut cur = a;
    while let Some(p) = tree.parent(cur) {
        if blocked(p) {
            break;
        }
        if barriers[p] > 1 || stopped(cur, p) {
            return cur;
        }
        cur = p;
    }
    let mut cur = a;
    while let Some(p) = tree.parent(cur) {
        if blocked(p)
            || barriers[p] > 1
            || (section_headings[p] > section_headings[cur]
                && (own_texts[cur] > 0 || major_headings[p] > major_headings[cur]))
            || stopped(cur, p)
        {
            break;
        }
        cur = p;
    }
    cur
}

/// A listing named by aria-label or a table caption on it or just above
/// it: what it lists, the name, and the element named.
fn listing_label(tree: &Tree, parent: usize, phrases: &Phrases) -> Option<(SectionKind, String, usize)> {
    tree.self_and_ancestors(parent).take(4).find_map(|x| {
        let named = |text: String| section_kind(&text, phrases).map(|k| (k, text, x));
        let own = tree.attr(x, "aria-label").and_then(|l| named(l.to_string()));
        own.or_else(|| {
            tree.children(x)
                .find(|&c| tree.tag(c) == Some("caption"))
                .and_then(|c| named(tree.joined_text(c)))
        })
    })
}

/// A listing inside an element whose `id` is made of words that name a
/// listing: the anchor a page links to ("trusted-devices"; the content
/// script sends only such ids). What it lists and those words.
fn listing_anchor(tree: &Tree, parent: usize, phrases: &Phrases) -> Option<(SectionKind, String)> {
    tree.self_and_ancestors(parent).find_map(|x| {
        let id = tree.attr(x, "id")?;
        let mut words = String::with_capacity(id.len());
        for c in id.chars() {
            words.push(if c == '-' || c == '_' { ' ' } else { c });
        }
        section_kind(&words, phrases).map(|k| (k, words))
    })
}

/// What a listing with no telling heading is, from what most rows say.
/// `session_controls` counts rows whose remove control only a session has.
fn kind_from_rows(texts: &[RowText], session_controls: usize) -> Option<SectionKind> {
    let n = texts.len();
    let count = |f: &dyn Fn(&RowText) -> bool| texts.iter().filter(|t| f(t)).count();
    let has_role = |t: &RowText, r: TimeRole| t.times.iter().any(|x| x.role == r);
    let majority = |c: usize| c * 2 > n;
    if majority(count(&|t| !t.scopes.is_empty() || has_role(t, TimeRole::Connected))) {
        return Some(SectionKind::Tokens);
    }
    if count(&|t| t.current) > 0
        || majority(session_controls)
        || majority(count(&|t| {
            has_role(t, TimeRole::LastActive) || has_role(t, TimeRole::SignedIn)
        }))
    {
        return Some(SectionKind::Sessions);
    }
    if majority(count(&|t| has_role(t, TimeRole::Enrolled))) {
        return Some(SectionKind::Devices);
    }
    None
}

fn make_entry(
    tree: &Tree,
    (row, end): (usize, usize),
    control: usize,
    mut text: RowText,
    kind: Option<SectionKind>,
    section: Option<&str>,
) -> Entry {
    let anchor = text
        .labels
        .first()
        .and_then(|&(_, node)| tree.parent(node))
        .unwrap_or(row);
    let mut labels = Vec::with_capacity(text.labels.len());
    for (l, _) in std::mem::take(&mut text.labels) {
        labels.push(l);
    }
    // A row with no label text of its own: its aria-label, else say so (the
    // control's name, "Revoke", would only mislead).
    let fallback = || {
        tree.attr(row, "aria-label")
            .map(str::to_string)
            .unwrap_or_else(|| "(no label)".to_string())
    };
    let mut extra = labels;
    let label = if extra.is_empty() { fallback() } else { extra.remove(0) };
    let record = match kind {
        Some(SectionKind::Tokens) => Record::Token {
            label,
            scopes: std::mem::take(&mut text.scopes),
            connected: text.time_with(&[
                TimeRole::Connected,
                TimeRole::SignedIn,
                TimeRole::Enrolled,
                TimeRole::Unlabelled,
            ]),
            last_used: text.time_with(&[TimeRole::LastActive]),
        },
        Some(SectionKind::Sessions) => {
            // A place written with a comma ("Berlin, DE") among the labels,
            // before the address the row gives as well.
            let place = extra
                .iter()
                .position(|e| crate::core::text::find_str(e, ", ").is_some())
                .map(|pos| extra.remove(pos));
            let location = match (place, text.location.take()) {
                (Some(place), Some(address)) => Some(place + " · " + &address),
                (place, address) => address.or(place),
            };
            Record::Session {
                label,
                location,
                last_active: text.time_with(&[TimeRole::LastActive, TimeRole::Unlabelled]),
                signed_in: text.time_with(&[TimeRole::SignedIn, TimeRole::Connected]),
                current: text.current,
            }
        }
        Some(SectionKind::Devices) => Record::Device {
            name: label,
            platform: if extra.is_empty() { None } else { Some(extra.remove(0)) },
            enrolled: text.time_with(&[
                TimeRole::Enrolled,
                TimeRole::SignedIn,
                TimeRole::Connected,
                TimeRole::Unlabelled,
            ]),
            last_used: text.time_with(&[TimeRole::LastActive]),
        },
        Some(SectionKind::Usage) | None => Record::Other {
            label,
            times: std::mem::take(&mut text.times),
        },
    };
    let page_id = (row..end).find_map(|i| {
        tree.attrs(i).and_then(|a| {
            a.iter()
                .find(|(k, _)| k.starts_with("data-") && k.ends_with("id"))
                .map(|(_, v)| v.clone())
        })
    });
    let mut entry = Entry {
        ordinal: 0,
        record,
        row: row as Handle,
        control: control as Handle,
        more_controls: Vec::new(),
        opens_menu: false,
        anchor: anchor as Handle,
        page_id,
        section: section.map(|s| preview(s, 120)),
        extra: {
            for e in &mut extra {
                *e = preview(e, 200);
            }
            extra
        },
        fingerprint: String::new(),
    };
    entry.fingerprint = crate::core::identity::fingerprint(&entry);
    entry
}

#[cfg(test)]
mod tests {
    use super::{empty_state, section_kind};
    use crate::core::phrases::{for_lang, SectionKind::*};
    use crate::core::text::fold;

    #[test]
    fn empty_listings_are_read_from_their_sentence() {
        let en = for_lang("en");
        for (s, kind) in [
            // The phrases the listing of whole sentences held before.
            ("No authorization tokens", Tokens),
            ("No tokens", Tokens),
            ("You have no authorization tokens.", Tokens),
            ("You don't have any authorization tokens", Tokens),
            ("You don’t have any tokens", Tokens),
            ("No active tokens", Tokens),
            ("There are no authorization tokens", Tokens),
            ("You haven't authorized any tokens", Tokens),
            ("You have not authorized any tokens", Tokens),
            ("No connected apps", Tokens),
            ("You have no active sessions", Sessions),
            ("You have no other active sessions", Sessions),
            ("You don’t have any other sessions", Sessions),
            ("There are no other sessions", Sessions),
            ("No other active sessions", Sessions),
            ("You don't have any trusted devices", Devices),
            ("No trusted devices", Devices),
            ("No devices", Devices),
            // Forms it did not hold.
            ("No active authorization tokens", Tokens),
            ("You don't have any active tokens.", Tokens),
            ("You haven't created any tokens yet.", Tokens),
            ("You haven’t connected any apps", Tokens),
            ("There are no tokens to show.", Tokens),
            ("No tokens, yet", Tokens),
            ("No tokens. Run claude setup-token to make one.", Tokens),
            ("You have not added any trusted devices", Devices),
        ] {
            assert_eq!(empty_state(&fold(s), en), Some(kind), "{s}");
        }
        for s in [
            // A sentence about tokens that says nothing of the listing.
            "No tokens are shared with other apps or people",
            "Tokens you have no longer used",
            "You have no idea how many tokens",
            "No",
            "No more",
            "You haven't any",
            // Only verbs that make an entry: revoking none is not having none.
            "You haven't revoked any tokens",
            "Revoke tokens you no longer use",
        ] {
            assert_eq!(empty_state(&fold(s), en), None, "{s}");
        }
    }

    #[test]
    fn a_listing_is_named_by_a_heading_or_label_not_by_a_long_sentence() {
        let en = for_lang("en");
        assert_eq!(section_kind("Active sessions", en), Some(Sessions));
        assert_eq!(section_kind("", en), None);
        // Up to 120 characters a text is a heading or a label; past that
        // it is prose that mentions a listing (a help paragraph), which
        // names none.
        let words = |n: usize| format!("Active sessions{}", " word".repeat(n));
        assert_eq!(words(21).chars().count(), 120);
        assert_eq!(section_kind(&words(21), en), Some(Sessions));
        assert_eq!(section_kind(&words(22), en), None);
    }
}
