//! Text normalisation shared by every matcher: page text is untrusted and
//! may carry zero-width or bidi-override characters, odd spacing and case.

/// Characters of Unicode category Cf that pages (or attackers) use to make
/// text look different from what it says; they are dropped before matching.
fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' |
        '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' |
        '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Lower-cases, drops format characters, turns any run of white space
/// (including no-break spaces) into one space and trims.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// True when folding `s` only lower-cases it: printable ASCII with single
/// spaces between words and none at either end, as most page text is.
fn folds_by_case_alone(s: &str) -> bool {
    let mut after_space = true;
    for &b in s.as_bytes() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            0x21..=0x7e => after_space = false,
            _ => return false,
        }
    }
    !after_space
}

/// `s[from..to]`, or "" if that range is not on character boundaries.
/// Every string in the crate is cut through these three, never by
/// indexing (`clippy::string_slice` is denied in lib.rs): an index can
/// panic, and its panic message was the only user of std's debug
/// formatting of characters (7.9 KB of the worker's wasm module).
pub fn slice(s: &str, from: usize, to: usize) -> &str {
    s.get(from..to).unwrap_or_default()
}

/// `s[from..]`, or "" if `from` is not a character boundary of `s`.
pub fn tail(s: &str, from: usize) -> &str {
    s.get(from..).unwrap_or_default()
}

/// `s[..to]`, or "" if `to` is not a character boundary of `s`.
pub fn head(s: &str, to: usize) -> &str {
    s.get(..to).unwrap_or_default()
}

/// Lower-cases (ASCII) what `out` holds from byte `from` on.
fn lower_from(out: &mut str, from: usize) {
    if let Some(t) = out.get_mut(from..) {
        t.make_ascii_lowercase();
    }
}

/// [`fold`] of `s`, appended to `out` (no string of its own on hot paths).
pub fn fold_into(out: &mut String, s: &str) {
    let start = out.len();
    if folds_by_case_alone(s) {
        out.push_str(s);
        lower_from(out, start);
        return;
    }
    let mut pending_space = false;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        // Most page text is ASCII: a run of it without white space is
        // copied at once and lower-cased in place, without the Unicode tables.
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii() || b.is_ascii_whitespace() || b == b'\x0B')
            .unwrap_or(rest.len());
        if run > 0 {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            let from = out.len();
            out.push_str(head(rest, run));
            lower_from(out, from);
            rest = tail(rest, run);
            continue;
        }
        rest = tail(rest, c.len_utf8());
        if !c.is_ascii() && is_format_char(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = out.len() > start;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let (l, extra) = crate::core::lowercase::lower(c);
        out.push(l);
        if let Some(extra) = extra {
            out.push(extra);
        }
    }
}

/// `fold` plus removal of trailing punctuation such as "Scopes:" or "Revoke…".
pub fn fold_phrase(s: &str) -> String {
    let mut f = fold(s);
    let kept = phrase_of(&f).len();
    f.truncate(kept);
    f
}

/// The [`fold_phrase`] of text that is already folded: `folded` without
/// its trailing punctuation.
pub fn phrase_of(folded: &str) -> &str {
    trim_end_any(folded, &[':', '.', '…', '?', '!', ',']).trim_end()
}

/// True when `hay` (folded) is `phrase` or starts with `phrase` followed by a
/// word boundary. "revoke token" starts with "revoke"; "revoked" does not.
pub fn starts_with_words(hay: &str, phrase: &str) -> bool {
    // Phrase lists are scanned per text: most phrases differ at once.
    if let (Some(a), Some(b)) = (hay.as_bytes().first(), phrase.as_bytes().first()) {
        if a != b {
            return false;
        }
    }
    match hay.strip_prefix(phrase) {
        Some(rest) => rest.is_empty() || !rest.starts_with(|c: char| c.is_alphanumeric()),
        None => false,
    }
}

/// Where `needle` first occurs in `hay`. A plain scan: the standard
/// library's substring searcher is some 3.5 KB of wasm, for texts of a few
/// dozen bytes (BENCHMARKS.md). A match starts and ends on character
/// boundaries, as `needle` does.
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return Some(0) };
    (0..=h.len().checked_sub(n.len())?).find(|&i| h.get(i) == Some(&first) && h.get(i..i + n.len()) == Some(n))
}

/// Where the last `needle` (an ASCII byte, so never inside a longer
/// character) is in `hay`. This and the two below stand in for std's
/// searches by `char`, which brought its own searcher and memchr (2 KB).
pub fn rfind_byte(hay: &str, needle: u8) -> Option<usize> {
    hay.bytes().rposition(|b| b == needle)
}

/// `hay` cut at its first `sep`, without it.
pub fn split_once_str<'a>(hay: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let i = find_str(hay, sep)?;
    Some((head(hay, i), tail(hay, i + sep.len())))
}

/// `hay` cut at its last `sep` (an ASCII byte), without it.
pub fn rsplit_once_byte(hay: &str, sep: u8) -> Option<(&str, &str)> {
    let i = rfind_byte(hay, sep)?;
    Some((head(hay, i), tail(hay, i + 1)))
}

/// `s` up to the first of `marks` (ASCII bytes), or all of it.
// `marks.contains` would bring std's memchr for a list of two bytes.
#[allow(clippy::manual_contains)]
pub fn before_any<'a>(s: &'a str, marks: &[u8]) -> &'a str {
    head(
        s,
        s.bytes().position(|b| marks.iter().any(|&m| m == b)).unwrap_or(s.len()),
    )
}

/// How many times the byte `b` occurs in `hay`.
pub fn count_byte(hay: &str, b: u8) -> usize {
    hay.bytes().filter(|&x| x == b).count()
}

/// A decimal integer as std's `parse` reads one (an optional sign, then
/// digits only), if it fits an i64: one function, where std's `parse`
/// is instantiated per integer type.
pub fn parse_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, tail(s, 1)),
        Some(b'+') => (false, tail(s, 1)),
        _ => (false, s),
    };
    if digits.is_empty() {
        return None;
    }
    // Counted below zero, where i64 reaches one further (i64::MIN).
    let mut v: i64 = 0;
    for b in digits.bytes() {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.checked_mul(10)?.checked_sub(i64::from(d))?;
    }
    if negative {
        Some(v)
    } else {
        v.checked_neg()
    }
}

/// [`parse_int`] of a count: no sign allowed but '+'.
pub fn parse_count(s: &str) -> Option<u64> {
    parse_int(s)
        .filter(|_| !s.starts_with('-'))
        .and_then(|v| u64::try_from(v).ok())
}

/// How many characters `s` has: a plain loop, where std's `chars().count()`
/// is a 0.8 KB function tuned for long texts (these are short).
pub fn char_count(s: &str) -> usize {
    let mut n = 0;
    for b in s.bytes() {
        // Every character has exactly one byte that is not a continuation.
        n += usize::from(b & 0xC0 != 0x80);
    }
    n
}

/// `s` without the characters of `chars` at its start. One loop for every
/// set of characters: std's `trim_start_matches` is instantiated per
/// pattern type, and each array length is a type of its own.
pub fn trim_start_any<'a>(s: &'a str, chars: &[char]) -> &'a str {
    let mut start = 0;
    for c in s.chars() {
        if !chars.contains(&c) {
            break;
        }
        start += c.len_utf8();
    }
    tail(s, start)
}

/// `s` without the characters of `chars` at its end.
pub fn trim_end_any<'a>(s: &'a str, chars: &[char]) -> &'a str {
    let mut end = s.len();
    for c in s.chars().rev() {
        if !chars.contains(&c) {
            break;
        }
        end -= c.len_utf8();
    }
    head(s, end)
}

/// `parts` with `sep` between them: a plain loop, where std's `join` is
/// instantiated per item type (1 KB each in the wasm module).
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

/// `parts`, each passed through `each`, with `sep` between them.
pub fn join_each(parts: &[String], sep: &str, each: fn(&str) -> String) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&each(p));
    }
    out
}

/// `hay` cut at every `sep` (not empty).
pub fn split_str<'a>(hay: &'a str, sep: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = hay;
    while let Some(i) = find_str(rest, sep).filter(|_| !sep.is_empty()) {
        out.push(head(rest, i));
        rest = tail(rest, i + sep.len());
    }
    out.push(rest);
    out
}

/// `hay` with every `from` (not empty) replaced by `to` (std's
/// `str::replace` cost 0.5 KB of wasm for what this reuses).
pub fn replace_str(hay: &str, from: &str, to: &str) -> String {
    join(&split_str(hay, from), to)
}

/// True when `phrase` occurs in `hay` at word boundaries.
pub fn contains_words(hay: &str, phrase: &str) -> bool {
    let mut start = 0;
    while start <= hay.len() && hay.is_char_boundary(start) {
        let Some(pos) = find_str(tail(hay, start), phrase) else {
            return false;
        };
        let at = start + pos;
        let before_ok = head(hay, at).chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = tail(hay, at + phrase.len())
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        start = at + phrase.len().max(1);
        while start < hay.len() && !hay.is_char_boundary(start) {
            start += 1;
        }
    }
    false
}

/// Cuts `s` to at most `max` characters (not bytes), for previews.
pub fn preview(s: &str, max: usize) -> String {
    // No more bytes than `max`: no more characters either.
    if s.len() <= max {
        return s.to_string();
    }
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", head(s, i)),
        None => s.to_string(),
    }
}

/// `x` with exactly `places` decimals (at most 6), rounded half away from
/// zero; non-finite values are written as 0. Numbers are formatted here
/// rather than with `{:.1}`: the standard float formatter is a sizeable
/// part of the wasm module and SVG coordinates need nothing it offers.
pub fn decimal(x: f64, places: u32) -> String {
    let places = places.min(6);
    if !x.is_finite() {
        return "0".into();
    }
    let scale = 10u64.pow(places);
    let n = (x * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let a = n.unsigned_abs();
    if places == 0 {
        return format!("{sign}{a}");
    }
    format!("{sign}{}.{:0width$}", a / scale, a % scale, width = places as usize)
}

/// `count` texts of up to `max_parts` pieces of `parts` in a fixed
/// pseudo-random order (from `seed`, so a failing case repeats), for tests
/// that hold a fast path against its definition.
#[cfg(test)]
pub(crate) fn mixed_texts(parts: &[&str], max_parts: u64, count: usize, mut seed: u64) -> Vec<String> {
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 33
    };
    (0..count)
        .map(|_| {
            let n = next() % (max_parts + 1);
            (0..n).map(|_| parts[next() as usize % parts.len()]).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_search_agrees_with_std() {
        let hays = [
            "",
            "a",
            "Claude Code · Connected",
            "ääa.m.b",
            "x — y — z",
            "aaa",
            "ab ab a",
        ];
        let needles = ["", "a", "aa", " · ", " — ", "a.m.", "ä", "zz", "ab a"];
        for h in hays {
            for n in needles {
                assert_eq!(find_str(h, n), h.find(n), "{h:?} {n:?}");
                if !n.is_empty() {
                    assert_eq!(split_str(h, n), h.split(n).collect::<Vec<_>>(), "{h:?} {n:?}");
                    assert_eq!(replace_str(h, n, "<>"), h.replace(n, "<>"), "{h:?} {n:?}");
                    assert_eq!(char_count(h), h.chars().count(), "{h:?}");
                    let set: Vec<char> = n.chars().collect();
                    assert_eq!(trim_start_any(h, &set), h.trim_start_matches(&set[..]), "{h:?} {n:?}");
                    assert_eq!(trim_end_any(h, &set), h.trim_end_matches(&set[..]), "{h:?} {n:?}");
                    let parts = split_str(h, n);
                    assert_eq!(join(&parts, n), parts.join(n), "{h:?} {n:?}");
                    let owned: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                    let upper = join_each(&owned, n, str::to_uppercase);
                    assert_eq!(upper, h.to_uppercase().replace(&n.to_uppercase(), n), "{h:?} {n:?}");
                }
            }
        }
    }

    #[test]
    fn integers_are_read_as_std_reads_them() {
        let cases = [
            "",
            "0",
            "7",
            "-7",
            "+7",
            "-",
            "+",
            "007",
            " 7",
            "7 ",
            "7a",
            "1.5",
            "1e3",
            "--1",
            "+-1",
            "٣",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551615",
            "99999999999999999999999",
        ];
        for s in cases {
            assert_eq!(parse_int(s), s.parse::<i64>().ok(), "{s:?}");
            // Counts above i64::MAX are refused: nothing stored counts that far.
            let std_count = s.parse::<u64>().ok().filter(|&v| i64::try_from(v).is_ok());
            assert_eq!(parse_count(s), std_count, "{s:?}");
        }
        assert_eq!(slice("añb", 1, 2), "", "not on a character boundary");
        assert_eq!((head("añb", 3), tail("añb", 3), slice("añb", 1, 3)), ("añ", "b", "ñ"));
        assert_eq!((head("ab", 9), tail("ab", 9), slice("ab", 2, 1)), ("", "", ""));
    }

    #[test]
    fn byte_searches_agree_with_std() {
        for h in ["", "a", "a b", " a  b ", "añ b|c|", "|", "x.y.z", "é?q#f", "a-b_c"] {
            assert_eq!(rfind_byte(h, b' '), h.rfind(' '), "{h:?}");
            assert_eq!(split_once_str(h, " "), h.split_once(' '), "{h:?}");
            assert_eq!(split_once_str(h, "|"), h.split_once('|'), "{h:?}");
            assert_eq!(rsplit_once_byte(h, b' '), h.rsplit_once(' '), "{h:?}");
            assert_eq!(count_byte(h, b'|'), h.matches('|').count(), "{h:?}");
            assert_eq!(before_any(h, b"?#"), h.split(['?', '#']).next().unwrap(), "{h:?}");
            assert_eq!(before_any(h, b"-_"), h.split(['-', '_']).next().unwrap(), "{h:?}");
        }
    }

    #[test]
    fn fold_into_appends_what_fold_gives() {
        for (a, b) in [("Key ", "  Revoke\u{200B} Token "), ("", " x"), ("ÄB", "\u{a0}C  d")] {
            let mut out = fold(a);
            fold_into(&mut out, b);
            assert_eq!(out, format!("{}{}", fold(a), fold(b)));
        }
    }

    #[test]
    fn fold_drops_format_chars_and_spaces() {
        assert_eq!(fold("  Re\u{200B}voke\u{202E}  Token\u{00A0}\n"), "revoke token");
        assert_eq!(fold_phrase("Scopes:"), "scopes");
    }

    /// The plain definition `fold` must agree with (its ASCII path is a shortcut).
    fn fold_by_definition(s: &str) -> String {
        let kept: String = s.chars().filter(|c| !is_format_char(*c)).collect();
        kept.split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            // Per character (no final-sigma rule): stored fingerprints were
            // made this way, so a letter folds the same wherever it stands.
            .chars()
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn fold_agrees_with_its_definition_on_mixed_text() {
        // Runs of ASCII, white space, format characters and non-ASCII letters
        // in every order (a fixed pseudo-random sequence, so a failure repeats).
        let parts = [
            "Ab", " ", "\t", "\x0B", "\u{00A0}", "\u{200B}", "É", "Σ", "İ", "x", "  ", "\n", "ǅ", "9", "\u{3000}",
            "\u{1F}", "\u{7F}", "Q-~", "a.B",
        ];
        for s in mixed_texts(&parts, 8, 5000, 0x2545_f491_4f6c_dd1d) {
            assert_eq!(fold(&s), fold_by_definition(&s), "{s:?}");
        }
    }

    #[test]
    fn fold_agrees_with_its_definition() {
        for s in [
            "A\x0Bb\x0C c\r\nD",
            "ÀB\tÇ  Ǆ İx",
            " \u{00A0}Σ ΣΑΣ\u{200D}x ",
            "Connected 3 DAYS ago",
            "\u{2028}line\u{3000}sep",
            "",
        ] {
            assert_eq!(fold(s), fold_by_definition(s), "{s:?}");
        }
    }

    #[test]
    fn word_prefix_respects_boundaries() {
        assert!(starts_with_words("revoke token", "revoke"));
        assert!(starts_with_words("revoke", "revoke"));
        assert!(!starts_with_words("revoked", "revoke"));
        assert!(contains_words("log out of all devices", "all devices"));
        assert!(!contains_words("overall devices", "all devices"));
        assert!(contains_words("ünïcode all", "all"));
    }

    #[test]
    fn numbers_are_written_without_the_float_formatter() {
        assert_eq!(decimal(12.34, 1), "12.3");
        assert_eq!(decimal(12.35, 1), "12.4");
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(-2.25, 1), "-2.3");
        assert_eq!(decimal(960.0, 1), "960.0");
        assert_eq!(decimal(7.0, 0), "7");
        assert_eq!(decimal(f64::NAN, 1), "0");
        for x in [0.0, 1.5, 99.95, 123.456, -8.75] {
            assert_eq!(
                decimal(x, 1).parse::<f64>().unwrap(),
                (x * 10.0_f64).round() / 10.0,
                "{x}"
            );
        }
    }

    #[test]
    fn preview_counts_chars() {
        assert_eq!(preview("ééééé", 2), "éé…");
        assert_eq!(preview("ab", 5), "ab");
        assert_eq!(preview("abc", 3), "abc");
        assert_eq!(preview("abcd", 3), "abc…");
        assert_eq!(preview("éé", 3), "éé");
        assert_eq!(preview("ééé", 3), "ééé");
        assert_eq!(preview("éééé", 3), "ééé…");
    }
}
