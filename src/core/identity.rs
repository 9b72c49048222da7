//! Presentation ids for rows. Many rows look identical ("Claude Code —
//! Connected 3 days ago"), so an id is the fingerprint of what a row shows
//! plus its position among rows with the same fingerprint on that page. The
//! id never claims to know *which* of several identical rows is which.

use crate::core::page::{Entry, Record};
use crate::core::strmap::StrMap;
use crate::core::text::fold_into;
use crate::core::vecs;

/// FNV-1a, 64 bit: stable across builds and platforms, no dependency.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// What makes two rows look the same: kind, label and the fields a user sees
/// as fixed (scopes, location, platform). Times are left out: relative times
/// drift between visits.
pub fn fingerprint(e: &Entry) -> String {
    let mut key = String::with_capacity(64);
    let mut add = |s: &str| {
        fold_into(&mut key, s);
        key.push('\u{1f}');
    };
    add(e.kind_tag().name());
    match &e.record {
        Record::Token { label, scopes, .. } => {
            add(label);
            let mut s: Vec<&str> = vecs::map(scopes, String::as_str);
            crate::core::sort::sort(&mut s);
            s.dedup();
            add(&crate::core::text::join(&s, " "));
        }
        Record::Session { label, location, .. } => {
            add(label);
            add(location.as_deref().unwrap_or(""));
        }
        Record::Device { name, platform, .. } => {
            add(name);
            add(platform.as_deref().unwrap_or(""));
        }
        Record::Other { label, .. } => add(label),
    }
    if let Some(id) = &e.page_id {
        add(id);
    }
    hex16(fnv1a64(key.as_bytes()))
}

/// `format!("{:016x}", v)` without the formatter (this runs for every row
/// of every reading).
fn hex16(v: u64) -> String {
    let mut out = String::with_capacity(16);
    for i in (0..16).rev() {
        out.push(char::from(b"0123456789abcdef"[((v >> (i * 4)) & 0xf) as usize]));
    }
    out
}

/// Ids for a page's entries, in order: `<kind>-<fingerprint>-<n>` where n
/// counts rows with the same fingerprint from 1.
pub fn entry_ids(entries: &[Entry]) -> Vec<String> {
    // `usize` counts, as the ledger's index maps: one map type less in the wasm.
    let mut seen = StrMap::new();
    vecs::map(entries, |e| {
        let fp = fingerprint(e);
        let n = seen.get(&fp).map_or(1, |n| n + 1);
        seen.insert(fp.clone(), n);
        format!("{}-{}-{}", e.kind_tag().name(), fp, n)
    })
}

#[cfg(test)]
mod tests {
    use super::hex16;

    #[test]
    fn hex16_is_the_formatters_lower_hex() {
        for v in [0, 1, 0xf, 0x10, 0xdead_beef, u64::MAX, 0x0123_4567_89ab_cdef, 1 << 63] {
            assert_eq!(hex16(v), format!("{v:016x}"));
        }
    }
}
