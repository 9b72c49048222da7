//! Controls: which elements are buttons or links, what they are called (an
//! approximation of the accessible name: aria-label, then content including
//! image alt and SVG title, then title, then an input's value), and what the
//! name says they do.

use super::records::{Dialog, Handle};
use crate::core::phrases::{Phrases, SectionKind};
use crate::core::text::{fold_phrase, preview, starts_with_words};
use crate::core::tree::Tree;
use crate::core::vecs::Dense;

/// What a control's name says it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Removes one row: revoke, terminate, remove, delete, log out….
    RowRemove,
    /// Signs out every session at once.
    Everywhere,
    /// Removes every entry of a listing at once: "Revoke all tokens"
    /// (the listing it names), or "Revoke all" (the one it stands in).
    RemoveAll(Option<SectionKind>),
    /// Anything else (including "Delete account").
    Other,
}

pub struct Controls {
    /// Per node: `Some(action)` for controls.
    pub action: Dense<Option<Action>>,
    /// Per node: folded name of a control (empty for non-controls).
    pub name: Dense<String>,
    /// Per node: a dialog.
    pub dialog: Dense<bool>,
    /// Per node: inside a dialog.
    pub in_dialog: Dense<bool>,
    /// Per node: inside (or is) a control.
    pub in_control: Dense<bool>,
    /// Remove controls known only by being unnamed icons, or menu buttons
    /// ("⋯") standing for their row's remove item ([`unnamed_removals`]).
    pub unnamed: Vec<usize>,
    /// Those of `unnamed` that are menu buttons: a row's remove control is
    /// then an item of its menu, shown only while the menu is open
    /// ([`open_menu_item`]).
    pub menus: Vec<usize>,
}

impl Controls {
    pub fn is_sign_out(&self, i: usize, phrases: &Phrases) -> bool {
        self.starts_with_any(i, phrases.sign_out_actions)
    }

    /// Whether the control's name starts with one of `names` (as words).
    pub fn starts_with_any(&self, i: usize, names: &[&str]) -> bool {
        names.iter().any(|p| starts_with_words(&self.name[i], p))
    }
}

fn is_control(tree: &Tree, i: usize) -> bool {
    let Some(tag) = tree.tag(i) else { return false };
    let role = tree.attr(i, "role").unwrap_or("");
    match tag {
        "button" | "a" => true,
        "input" => matches!(
            tree.attr(i, "type").unwrap_or(""),
            "button" | "submit" | "reset" | "image"
        ),
        _ => matches!(role, "button" | "link" | "menuitem"),
    }
}

pub fn is_dialog(tree: &Tree, i: usize) -> bool {
    tree.tag(i) == Some("dialog")
        || matches!(tree.attr(i, "role"), Some("dialog" | "alertdialog"))
        || tree.attr(i, "aria-modal") == Some("true")
}

/// Approximate accessible name of element `i`, cut at 200 characters.
pub fn accessible_name(tree: &Tree, i: usize) -> String {
    if let Some(l) = tree.attr(i, "aria-label").filter(|l| !l.trim().is_empty()) {
        return preview(l, 200);
    }
    let mut out = String::new();
    let mut j = i;
    while j < tree.end(i) {
        // Decoration hidden from assistive technology ("×" beside "Revoke")
        // is not part of the name, as in the accessible-name algorithm.
        if j > i && tree.attr(j, "aria-hidden") == Some("true") {
            j = tree.end(j);
            continue;
        }
        let piece = match tree.text(j) {
            Some(t) => Some(t),
            None => match tree.tag(j) {
                Some("img") => tree.attr(j, "alt"),
                Some("svg") => tree.attr(j, "aria-label"),
                _ => None,
            },
        };
        if let Some(p) = piece.filter(|p| !p.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(p);
            if out.len() > 200 {
                break;
            }
        }
        j += 1;
    }
    if out.trim().is_empty() {
        if let Some(t) = tree.attr(i, "title").or_else(|| tree.attr(i, "value")) {
            out = t.to_string();
        }
    }
    preview(&out, 200)
}

/// Classifies every control in one forward pass.
pub fn classify(tree: &Tree, phrases: &Phrases) -> Controls {
    let n = tree.len();
    let mut action = Dense::filled(None, n);
    let mut name = Dense::filled(String::new(), n);
    let mut dialog = Dense(Vec::with_capacity(n));
    for i in 0..n {
        dialog.push(is_dialog(tree, i));
    }
    let mut in_dialog = Dense::filled(false, n);
    let mut in_control = Dense::filled(false, n);
    for i in 0..n {
        let parent = tree.parent(i);
        let inside_control = parent.is_some_and(|p| in_control[p]);
        if is_control(tree, i) && !inside_control {
            in_control[i] = true;
            let folded = name_of(&accessible_name(tree, i));
            // Icon buttons name themselves inconsistently (an SVG titled
            // "Trash can" inside a button titled "Delete"): any name source
            // that says removal counts.
            let mut act = action_of(&folded, phrases);
            if act == Action::Other {
                if let Some(t) = tree.attr(i, "title") {
                    let t = action_of(&fold_phrase(t), phrases);
                    if t != Action::Other {
                        act = t;
                    }
                }
            }
            action[i] = Some(act);
            name[i] = folded;
        } else {
            in_control[i] = inside_control;
        }
    }
    // A bare go-ahead ("Confirm", "Yes") beside a cancel, under a question
    // that names a removal ("Revoke this token?", "Are you sure you want to
    // revoke it?"): a row's own question drawn in place of its Revoke, or a
    // dialog's. It does what the question says.
    for i in 0..n {
        if action[i] != Some(Action::Other) || !phrases.confirm_words.iter().any(|w| starts_with_words(&name[i], w)) {
            continue;
        }
        let mut around = tree.parent(i);
        for _ in 0..2 {
            let Some(a) = around else { break };
            if (a..tree.end(a)).any(|j| action[j].is_some() && is_cancel(&name[j], phrases)) {
                let asked = tree
                    .texts_in(a)
                    .find(|(j, t)| !in_control[*j] && t.bytes().any(|b| b == b'?'));
                if let Some((_, q)) = asked {
                    action[i] = Some(asked_action(&fold_phrase(q), phrases));
                }
                break;
            }
            around = tree.parent(a);
        }
    }
    // A dialog that lists rows, each with its own remove control ("Active
    // sessions" in a modal, "Log out" per row), is page content, not a
    // confirmation: its controls remove rows and confirm nothing.
    for (i, is) in dialog.iter_mut().enumerate() {
        if *is {
            let removals = action[i..tree.end(i)]
                .iter()
                .filter(|a| **a == Some(Action::RowRemove))
                .count();
            *is = removals < 2;
        }
    }
    // A confirmation drawn with no dialog role or `aria-modal`, as a part
    // of the page beside the app's own content (a portal at the end of
    // the body: "Revoke token? [Cancel] [Revoke]"): a few texts, one of
    // them a question, a cancel, a go-ahead that names the removal
    // ("Revoke", "Yes, revoke", "Log out"), and no listing of its own.
    // (A banner that asks "Enable notifications? [No] [Yes]", taken for a
    // dialog, would hold every revocation waiting on its answer.)
    if n > 0 {
        for c in tree.children(0) {
            let span = c..tree.end(c);
            let mut removals = 0;
            let (mut cancel, mut go_ahead, mut listing) = (false, false, false);
            for j in span.clone() {
                if let Some(act) = action[j] {
                    removals += usize::from(act == Action::RowRemove);
                    match answer_of(&name[j], act, phrases) {
                        Some(false) => cancel = true,
                        Some(true) => go_ahead |= act != Action::Other,
                        None => {}
                    }
                }
                listing |= matches!(tree.tag(j), Some("main" | "ul" | "ol" | "table" | "nav"))
                    || matches!(tree.attr(j, "role"), Some("list" | "grid" | "table" | "main"));
            }
            let few_texts = tree.texts_in(c).take(13).count() <= 12;
            let asks = tree.texts_in(c).any(|(_, t)| t.bytes().any(|b| b == b'?'));
            if cancel && go_ahead && asks && removals <= 1 && !listing && few_texts && !span.clone().any(|j| dialog[j])
            {
                dialog[c] = true;
            }
        }
    }
    for i in 0..n {
        in_dialog[i] = dialog[i] || tree.parent(i).is_some_and(|p| in_dialog[p]);
    }
    text_controls(tree, phrases, &in_dialog, &mut action, &mut name, &mut in_control);
    Controls {
        action,
        name,
        dialog,
        in_dialog,
        in_control,
        unnamed: Vec::new(),
        menus: Vec::new(),
    }
}

/// Removals drawn as bare text, with no button, link or role: a `<span>` or
/// `<div>` whose script makes it clickable ("Revoke", "Log out of all
/// devices"). Such an element counts when its whole text is a short name
/// that starts with one of the unmistakable removal verbs, it holds no
/// control, and no text stands beside it in its parent (a word inside a
/// sentence, "click <b>Revoke</b> to …", is no control). A removal control
/// or an unnamed one near it (within its grandparent) makes it that
/// control's caption instead ("Log out of all devices" above a "Log out"
/// button; "Revoke" in a hidden span or a tooltip beside a trash-can
/// icon). Nor does one beside a question or a cancel: a confirmation drawn
/// in plain spans is no row. Taken after dialogs are known, and never
/// inside one, so that a dialog's title drawn as a `<div>` ("Revoke
/// token") neither counts as a second removal nor unmakes the dialog. Only
/// on a page with no control named as a row's removal (a sign-out aside).
fn text_controls(
    tree: &Tree,
    phrases: &Phrases,
    in_dialog: &Dense<bool>,
    action: &mut Dense<Option<Action>>,
    name: &mut Dense<String>,
    in_control: &mut Dense<bool>,
) {
    // A page that names its rows' removals as controls draws them that way:
    // the pass is for pages that draw none (a sign-out does not count), so
    // it costs nothing, and risks nothing, on the others.
    let removes_a_row = |j: usize| {
        action[j] == Some(Action::RowRemove) && !phrases.sign_out_actions.iter().any(|p| starts_with_words(&name[j], p))
    };
    if (0..tree.len()).any(removes_a_row) {
        return;
    }
    let mut found = Vec::new();
    let mut i = 0;
    while i < tree.len() {
        let end = tree.end(i);
        let mut next = i + 1;
        if !in_dialog[i]
            && matches!(
                tree.tag(i),
                Some("span" | "div" | "p" | "b" | "strong" | "small" | "em" | "i")
            )
            && may_name_a_removal(tree, i, phrases)
            && tree.texts_in(i).nth(2).is_none()
            && tree.attr(i, "aria-hidden") != Some("true")
            && !in_control[i..end].contains(&true)
        {
            let folded = name_of(&accessible_name(tree, i));
            let act = action_of(&folded, phrases);
            let named = folded.len() <= 40
                && !folded.bytes().any(|b| matches!(b, b'.' | b'?' | b':' | b','))
                && (act == Action::Everywhere
                    || (act == Action::RowRemove
                        && phrases.text_actions.iter().any(|p| starts_with_words(&folded, p))));
            let parent = tree.parent(i);
            let alone = parent.is_none_or(|p| {
                !tree
                    .children(p)
                    .any(|c| tree.text(c).is_some_and(|t| !t.trim().is_empty()))
            });
            let near = parent.map_or(i, |p| tree.parent(p).unwrap_or(p));
            let beside = |j: usize| {
                action[j].is_some_and(|x| x != Action::Other || name[j].is_empty())
                    || tree
                        .text(j)
                        .is_some_and(|t| t.bytes().any(|b| b == b'?') || is_cancel(&fold_phrase(t), phrases))
            };
            if named && alone && !(near..tree.end(near)).any(beside) {
                found.push((i, act, folded));
                next = end;
            }
        }
        i = next;
    }
    for (i, act, folded) in found {
        action[i] = Some(act);
        name[i] = folded;
        for flag in &mut in_control[i..tree.end(i)] {
            *flag = true;
        }
    }
}

/// Whether element `i`'s name (its `aria-label`, else its first text)
/// starts with the first word of a removal verb (the word ends at a
/// space, a tab, a newline or a no-break space): a check with no
/// allocation before the name is made, since `text_controls` asks it of
/// nearly every short text on the page.
fn may_name_a_removal(tree: &Tree, i: usize, phrases: &Phrases) -> bool {
    let Some(text) = tree
        .attr(i, "aria-label")
        .or_else(|| tree.texts_in(i).next().map(|(_, t)| t))
    else {
        return false;
    };
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let word = crate::core::text::before_any(text, b" \t\n\xc2");
    let first = |p: &&str| crate::core::text::before_any(p, b" ").eq_ignore_ascii_case(word);
    phrases.text_actions.iter().any(first) || phrases.everywhere.verbs.iter().any(first)
}

/// Icon-only controls with no name at all — a trash can drawn as an SVG,
/// which claude.ai's reported markup names "in `aria-label` or `title`, if
/// at all" — remove their row when no control in their section (the part
/// of the page under the same heading) is named as a removal: every entry
/// has its own remove control, and these are the only ones (a "Log out"
/// beside them is a sign-out, not a row's control). Their rows
/// become entries only in a listing whose kind is known (`rows::find`). A
/// control that opens a menu (`aria-haspopup`, `aria-expanded`: a "⋯"
/// that leads to Rename / Revoke) never counts, nor one in a dialog (its
/// "×" closes it) or with any text of its own.
///
/// In such a section, a button that opens a menu (`aria-haspopup` "menu"
/// or "true": "⋯", "More options") stands for its row's remove control,
/// which is an item of that menu, drawn only while it is open and often
/// at the end of the page. The items of a menu are never named removals
/// of a section themselves.
pub fn unnamed_removals(tree: &Tree, ctl: &mut Controls, phrases: &Phrases) {
    let mut section = None;
    let mut candidates = Vec::new();
    let mut menus = Vec::new();
    let mut named = Vec::new();
    let mut in_menu = Dense::filled(false, tree.len());
    for i in 0..tree.len() {
        in_menu[i] = is_menu(tree, i) || tree.parent(i).is_some_and(|p| in_menu[p]);
        if super::rows::is_heading(tree, i) {
            section = Some(i);
        }
        let Some(act) = ctl.action[i].filter(|_| !ctl.in_dialog[i] && !in_menu[i]) else {
            continue;
        };
        // A bare "Log out" is the account's own (or everyone's) sign-out,
        // which a section of removable rows may have beside it.
        if act == Action::RowRemove {
            if !ctl.is_sign_out(i, phrases) {
                named.push(section);
            }
        } else if ctl.name[i].is_empty()
            && icon_only(tree, i)
            && tree.attr(i, "aria-haspopup").is_none()
            && tree.attr(i, "aria-expanded").is_none()
        {
            candidates.push((i, section));
        } else if act == Action::Other && matches!(tree.attr(i, "aria-haspopup"), Some("menu" | "true")) {
            menus.push((i, section));
        }
    }
    for &(i, section) in &candidates {
        if !named.contains(&section) {
            ctl.action[i] = Some(Action::RowRemove);
            ctl.unnamed.push(i);
        }
    }
    // A section whose rows have trash cans has its removals: a "⋯" beside
    // them is only a menu.
    for &(i, section) in &menus {
        if !named.contains(&section) && !candidates.iter().any(|c| c.1 == section) {
            ctl.action[i] = Some(Action::RowRemove);
            ctl.unnamed.push(i);
            ctl.menus.push(i);
        }
    }
}

/// Whether control `i` draws only an icon: an `svg` or `img` and no text,
/// or text that is nothing but a removal's glyph ("×", "✕", "🗑"). A menu's
/// glyph ("⋯", "⋮") is not one.
fn icon_only(tree: &Tree, i: usize) -> bool {
    const REMOVAL_GLYPHS: &[char] = &['×', '✕', '✖', '✗', '✘', '⨯', '🗑', '❌', '\u{FE0F}'];
    let mut texts = tree.texts_in(i).peekable();
    if texts.peek().is_none() {
        return (i..tree.end(i)).any(|j| matches!(tree.tag(j), Some("svg" | "img")));
    }
    texts.all(|(_, t)| t.chars().all(|c| c.is_whitespace() || REMOVAL_GLYPHS.contains(&c)))
}

/// Whether element `i` is a menu (its items are a menu button's).
pub fn is_menu(tree: &Tree, i: usize) -> bool {
    matches!(tree.attr(i, "role"), Some("menu" | "menubar"))
}

/// The remove item of menu button `button`'s menu, while it is open
/// (`aria-expanded="true"`): the item named as a removal in the page's
/// menus, when no other menu button is expanded and no other menu has one
/// (the snapshot keeps no `id`, so `aria-controls` cannot name the menu,
/// and two menus drawn at once could be either's).
pub fn open_menu_item(tree: &Tree, ctl: &Controls, button: usize) -> Option<usize> {
    let expanded = |b: usize| tree.attr(b, "aria-expanded") == Some("true");
    if !expanded(button) || ctl.menus.iter().filter(|&&b| expanded(b)).count() != 1 {
        return None;
    }
    let mut found = None;
    let mut m = 0;
    while m < tree.len() {
        if !is_menu(tree, m) {
            m += 1;
            continue;
        }
        if let Some(item) = (m..tree.end(m)).find(|&j| ctl.action[j] == Some(Action::RowRemove)) {
            if found.is_some() {
                return None;
            }
            found = Some(item);
        }
        m = tree.end(m);
    }
    found
}

/// What a folded control name says it does.
pub fn action_of(name: &str, phrases: &Phrases) -> Action {
    let starts = |list: &[&str]| list.iter().any(|p| starts_with_words(name, p));
    if says_everywhere(name, phrases) {
        return Action::Everywhere;
    }
    if let Some(kind) = removes_all(name, phrases) {
        return Action::RemoveAll(kind);
    }
    if starts(phrases.not_row_actions) {
        return Action::Other;
    }
    if starts(phrases.row_actions) {
        return Action::RowRemove;
    }
    // A go-ahead that names the removal ("Yes, revoke", "Confirm removal"),
    // as a row's own question asks it.
    for w in phrases.confirm_words {
        let Some(rest) = name.strip_prefix(w).filter(|_| starts_with_words(name, w)) else {
            continue;
        };
        let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
        if phrases.row_actions.iter().any(|p| starts_with_words(rest, p)) {
            return Action::RowRemove;
        }
    }
    Action::Other
}

/// What a (folded) question asks to do: the action of its words from the
/// first that starts one ("are you sure you want to revoke this token?" →
/// a row's removal).
fn asked_action(question: &str, phrases: &Phrases) -> Action {
    let mut rest = question;
    while !rest.is_empty() {
        let act = action_of(rest, phrases);
        if act != Action::Other {
            return act;
        }
        rest = match crate::core::text::split_once_str(rest, " ") {
            Some((_, r)) => r,
            None => "",
        };
    }
    Action::Other
}

/// Whether a (folded) control name signs out every session at once
/// (`Phrases::everywhere`).
fn says_everywhere(name: &str, phrases: &Phrases) -> bool {
    let e = &phrases.everywhere;
    let Some(rest) = after(name, e.verbs) else {
        return false;
    };
    let rest = after(rest, e.links).unwrap_or(rest);
    if starts_with_words(rest, e.alone) {
        return true;
    }
    let Some(rest) = after(rest, e.quantifiers) else {
        return false;
    };
    let rest = after(rest, e.determiners).unwrap_or(rest);
    e.nouns.iter().any(|n| rest.starts_with(n))
}

/// The rest of `text` after the first of `words` it starts with.
fn after<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    let w = words.iter().find(|w| starts_with_words(text, w))?;
    Some(crate::core::text::tail(text, w.len()).trim_start())
}

/// What a (folded) control name removes all of: a remove word, "all",
/// maybe "other" or "your", then nothing (`Some(None)`: the listing it
/// stands in) or a listing's name ("tokens", "authorization tokens",
/// "trusted devices"). "Delete all chats" names no listing: None.
fn removes_all(name: &str, phrases: &Phrases) -> Option<Option<SectionKind>> {
    let rest = after(after(name, phrases.row_actions)?, &["all other", "all"])?;
    let rest = crate::core::text::phrase_of(after(rest, phrases.everywhere.determiners).unwrap_or(rest));
    if rest.is_empty() {
        return Some(None);
    }
    let (_, kind) = phrases.sections.iter().find(|(p, _)| *p == rest)?;
    (*kind != SectionKind::Usage).then_some(Some(*kind))
}

/// Whether a (folded) control name answers no to a question ("Cancel", "No", "Keep").
fn is_cancel(name: &str, phrases: &Phrases) -> bool {
    phrases.cancel_words.iter().any(|w| starts_with_words(name, w))
}

/// What a dialog's button answers, by its (folded) name and what it does:
/// no (`Some(false)`: "Cancel"), go ahead (`Some(true)`: "Revoke", "Yes",
/// "Log out"), or neither.
pub fn answer_of(name: &str, act: Action, phrases: &Phrases) -> Option<bool> {
    if is_cancel(name, phrases) {
        Some(false)
    } else if act != Action::Other || phrases.confirm_words.iter().any(|w| starts_with_words(name, w)) {
        Some(true)
    } else {
        None
    }
}

/// What a button of a dialog that had not been read yet answers, by the
/// name the content script reports for it (a click made before the
/// dialog's buttons were watched).
pub fn answer_named(label: &str, phrases: &Phrases) -> Option<bool> {
    let name = name_of(label);
    answer_of(&name, action_of(&name, phrases), phrases)
}

/// Whether a control named `label` (as the content script reports it)
/// removes its row: a menu item clicked before the open menu was read.
pub fn removes_named(label: &str, phrases: &Phrases) -> bool {
    action_of(&name_of(label), phrases) == Action::RowRemove
}

/// A control's name as its words are matched: folded, and without a
/// leading icon glyph ("🗑 Revoke", "× Remove"), which says nothing.
fn name_of(accessible_name: &str) -> String {
    let folded = fold_phrase(accessible_name);
    let name = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    // A curly apostrophe reads as a straight one ("Don’t trust").
    crate::core::text::replace_str(name, "\u{2019}", "'")
}

/// Confirmation dialogs in the page, with their go-ahead and cancel
/// buttons; a row's own question ("Revoke this token? [Cancel] [Revoke]"
/// drawn in the row in place of a dialog): a row of `rows` (its node and
/// remove control) that holds a cancel control; and an "Undo" outside the
/// rows (a toast after a revocation): a question with only its cancel,
/// which stands until the toast goes.
pub fn dialogs(tree: &Tree, ctl: &Controls, phrases: &Phrases, rows: &[(Handle, Handle)]) -> Vec<Dialog> {
    let mut out = Vec::new();
    for &(row, control) in rows {
        let row = row as usize;
        let cancel = (row..tree.end(row)).find(|&j| ctl.action[j].is_some() && is_cancel(&ctl.name[j], phrases));
        if let Some(c) = cancel {
            out.push(Dialog {
                node: row as Handle,
                text: preview(&tree.joined_text(row), 300),
                confirm: Some(control),
                cancel: Some(c as Handle),
            });
        }
    }
    for j in 0..tree.len() {
        let undo = ctl.action[j].is_some()
            && !ctl.in_dialog[j]
            && phrases.undo_words.iter().any(|w| starts_with_words(&ctl.name[j], w))
            && !rows
                .iter()
                .any(|&(r, _)| (r as usize..tree.end(r as usize)).contains(&j));
        if undo {
            let around = tree.parent(j).unwrap_or(j);
            out.push(Dialog {
                node: j as Handle,
                text: preview(&tree.joined_text(around), 300),
                confirm: None,
                cancel: Some(j as Handle),
            });
        }
    }
    let mut i = 0;
    while i < tree.len() {
        if !ctl.dialog[i] {
            i += 1;
            continue;
        }
        let (mut confirm, mut cancel) = (None, None);
        for j in i..tree.end(i) {
            let Some(act) = ctl.action[j] else { continue };
            match answer_of(&ctl.name[j], act, phrases) {
                Some(false) if cancel.is_none() => cancel = Some(j as Handle),
                Some(true) if confirm.is_none() => confirm = Some(j as Handle),
                _ => {}
            }
        }
        out.push(Dialog {
            node: i as Handle,
            text: preview(&tree.joined_text(i), 300),
            confirm,
            cancel,
        });
        // Nested dialogs are read as part of the outer one.
        i = tree.end(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::phrases::for_lang;

    #[test]
    fn names_that_sign_out_everywhere() {
        let en = for_lang("en");
        for name in [
            "Log out of all devices",
            "Log out all sessions",
            "Log out of all devices, including this one",
            "Sign out everywhere",
            "Logout everywhere",
            "Revoke all other sessions",
            "Terminate other sessions",
            "End every session",
            "Log out of every device",
            "Sign out on all your devices",
            "Sign out of all other browsers",
        ] {
            assert_eq!(action_of(&name_of(name), en), Action::Everywhere, "{name}");
        }
        for (name, act) in [
            ("Log out", Action::RowRemove),
            ("End session", Action::RowRemove),
            ("Revoke", Action::RowRemove),
            ("Revoke all tokens", Action::RemoveAll(Some(SectionKind::Tokens))),
            (
                "Revoke all other authorization tokens",
                Action::RemoveAll(Some(SectionKind::Tokens)),
            ),
            ("Remove all devices", Action::RemoveAll(Some(SectionKind::Devices))),
            ("Revoke all", Action::RemoveAll(None)),
            ("Delete all…", Action::RemoveAll(None)),
            ("Delete all chats", Action::Other),
            ("Remove all usage", Action::Other),
            ("Revoke allowance", Action::RowRemove),
            ("Log out other", Action::RowRemove),
            ("Terminate everything else", Action::RowRemove),
            ("Delete account", Action::Other),
        ] {
            assert_eq!(action_of(&name_of(name), en), act, "{name}");
        }
    }
}
