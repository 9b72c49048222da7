//! Rows a scrolling list keeps room for but does not draw. A list of
//! hundreds of tokens may be *virtualised*: only the rows scrolled into
//! view are in the page, placed in a box as tall as the whole list, or
//! between spacers (or paddings) that stand for the rows above and below.
//! A token scrolled out of view is not gone. What tells is the inline
//! `style` such lists set (classes say nothing): rows placed absolutely
//! at pixel offsets, a box taller than the rows drawn, room held by empty
//! spacers or paddings. See docs/page-reading.md.

use crate::core::text::{find_str, fold, parse_int, split_once_str, split_str};

use crate::core::tree::Tree;

/// The least room (in CSS pixels) that counts as held for rows when the
/// rows' own height is not known: more than any decorative gap or
/// padding, less than two rows.
const ROOM_PX: i64 = 100;

/// Whether the listing of `rows` (children of `parent`) draws only the
/// part of a scrolling list in view, as its inline styles say.
#[inline(never)]
pub fn undrawn_rows(tree: &Tree, parent: usize, rows: &[usize]) -> bool {
    placed_beyond(tree, parent, rows).unwrap_or(false) || held_room(tree, parent, rows)
}

/// Rows placed absolutely, each at its offset from the top of a box as
/// tall as the list (react-window's `top`, TanStack's `translateY`), with
/// room above the first or below the last for another row. A row's
/// height: the least step between neighbours, else the row's own.
fn placed_beyond(tree: &Tree, parent: usize, rows: &[usize]) -> Option<bool> {
    let (mut first, mut last, mut step) = (i64::MAX, i64::MIN, i64::MAX);
    let mut before = None;
    for &r in rows {
        let top = placed_top(tree, r)?;
        first = first.min(top);
        last = last.max(top);
        if let Some(b) = before.filter(|&b: &i64| b != top) {
            step = step.min(top.abs_diff(b).min(i64::MAX as u64) as i64);
        }
        before = Some(top);
    }
    if step == i64::MAX {
        step = px(tree, *rows.first()?, "height")?;
    }
    // The box they are placed in (not the scrolling view around it, which
    // may be taller than a short list).
    let tall = px(tree, parent, "height").unwrap_or(0);
    Some(step > 0 && (first >= step || tall >= last.saturating_add(step.saturating_mul(2))))
}

/// Room held for rows with no row drawn in it: an empty spacer beside the
/// rows, or a padding on their container, taller than [`ROOM_PX`].
fn held_room(tree: &Tree, parent: usize, rows: &[usize]) -> bool {
    let room = |i: usize, property: &str| px(tree, i, property).is_some_and(|v| v >= ROOM_PX);
    // The style first: most children have none, and rows are many.
    let spacer = |c: usize| {
        (room(c, "height") || room(c, "min-height"))
            && !rows.contains(&c)
            && (c..tree.end(c)).all(|j| tree.text(j).is_none_or(|t| t.trim().is_empty()))
    };
    room(parent, "padding-top") || room(parent, "padding-bottom") || tree.children(parent).any(spacer)
}

/// Where an absolutely placed element sits from its box's top, in pixels:
/// `top` plus a vertical translation.
fn placed_top(tree: &Tree, i: usize) -> Option<i64> {
    let position = declaration(tree, i, "position")?;
    if position != "absolute" {
        return None;
    }
    let top = px(tree, i, "top").unwrap_or(0);
    let shift = declaration(tree, i, "transform").map_or(0, |t| translate_y(&t));
    Some(top.saturating_add(shift))
}

/// The vertical part of `translateY(…)`, `translate(x, y)` or
/// `translate3d(x, y, z)`, in pixels; 0 for anything else.
fn translate_y(transform: &str) -> i64 {
    let Some(at) = find_str(transform, "translate") else {
        return 0;
    };
    let rest = crate::core::text::tail(transform, at + "translate".len());
    let Some((name, args)) = split_once_str(rest, "(") else {
        return 0;
    };
    let args = split_once_str(args, ")").map_or(args, |(a, _)| a);
    let parts = split_str(args, ",");
    let y = match name {
        "y" => parts.first(),
        "" | "3d" => parts.get(1),
        _ => None,
    };
    y.and_then(|v| pixels(v)).unwrap_or(0)
}

/// The pixels of one declaration of the element's inline style.
fn px(tree: &Tree, i: usize, property: &str) -> Option<i64> {
    pixels(&declaration(tree, i, property)?)
}

/// The value of one declaration of the element's inline style, folded
/// (the last one wins, as in CSS; the styles that place a list's rows
/// are set by script, never `!important`).
fn declaration(tree: &Tree, i: usize, property: &str) -> Option<String> {
    let style = fold(tree.attr(i, "style")?);
    let mut found = None;
    for d in split_str(&style, ";") {
        if let Some((name, value)) = split_once_str(d, ":") {
            if name.trim() == property {
                found = Some(value);
            }
        }
    }
    Some(found?.trim().to_string())
}

/// A length in pixels, whole pixels only: "120px", "120.5px" (120), "0".
fn pixels(value: &str) -> Option<i64> {
    let v = value.trim();
    if v == "0" {
        return Some(0);
    }
    let number = v.strip_suffix("px")?.trim_end();
    let (whole, fraction) = split_once_str(number, ".").unwrap_or((number, ""));
    match whole {
        "" | "-" if !fraction.is_empty() => Some(0),
        w => parse_int(w),
    }
}

#[cfg(test)]
mod tests {
    use super::{pixels, translate_y};

    #[test]
    fn lengths_and_translations_read_as_pixels() {
        for (v, want) in [
            ("120px", Some(120)),
            (" 120.75px ", Some(120)),
            (".5px", Some(0)),
            ("-40px", Some(-40)),
            ("0", Some(0)),
            ("10em", None),
            ("50%", None),
            ("px", None),
            ("9999999999999999999999px", None),
        ] {
            assert_eq!(pixels(v), want, "{v}");
        }
        for (t, want) in [
            ("translatey(240px)", 240),
            ("translate(0px, 96px)", 96),
            ("translate3d(0px, 48px, 0px)", 48),
            ("translatex(30px)", 0),
            ("scale(2)", 0),
            ("translate(10px)", 0),
            ("translate3d(", 0),
        ] {
            assert_eq!(translate_y(t), want, "{t}");
        }
    }
}
