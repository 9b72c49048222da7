//! Exports of the revocation timeline, all made here in the core: the
//! canonical JSON (with a published schema), CSV, a support report in HTML
//! and Markdown, and JSON Lines for security tools; plus import of the JSON.
//! Formats are documented in docs/export.md.

pub mod csv;
pub mod import;
pub mod json;
pub mod ocsf;
pub mod report;

use crate::core::strmap::StrMap;
use crate::core::time::civil_from_days;
use sha2::{Digest, Sha256};

/// The formats revoke-watch exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Html,
    Markdown,
    Jsonl,
}

crate::json_names!(Format {
    Json = "json",
    Csv = "csv",
    Html = "html",
    Markdown = "markdown",
    Jsonl = "jsonl",
});

/// A file to download.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub filename: String,
    pub mime: &'static str,
    pub content: String,
}

crate::json_struct!(write File { filename: req, mime: req, content: req });

/// Unix ms → RFC 3339 in UTC with milliseconds ("2026-11-22T12:00:00.000Z").
pub fn rfc3339(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Masks labels, locations and IP addresses consistently within one export:
/// the same value always gets the same mask, different exports different
/// masks (the salt is the export's own time), so masks cannot be linked
/// across files.
pub struct Redactor {
    salt: String,
    /// "kind\u{1f}value" → its position in `made` (the one hash table type
    /// the core uses, `HashMap<String, usize>`, rather than another).
    masks: StrMap,
    made: Vec<String>,
}

impl Redactor {
    pub fn new(salt: i64) -> Redactor {
        Redactor {
            salt: salt.to_string(),
            masks: StrMap::new(),
            made: Vec::new(),
        }
    }

    /// The mask of `value` (`"label-3fa2c9d1"`); empty stays empty.
    pub fn mask(&mut self, kind: &str, value: &str) -> String {
        if value.is_empty() {
            return String::new();
        }
        let key = format!("{kind}\u{1f}{value}");
        if let Some(&i) = self.masks.get(&key) {
            return self.made[i].clone();
        }
        let mut h = Sha256::new();
        h.update(self.salt.as_bytes());
        h.update([0x1f]);
        h.update(key.as_bytes());
        let d = h.finalize();
        let m = format!("{kind}-{:02x}{:02x}{:02x}{:02x}", d[0], d[1], d[2], d[3]);
        self.masks.insert(key, self.made.len());
        self.made.push(m.clone());
        m
    }

    /// Replaces every already-masked value inside free text (evidence).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut pairs: Vec<(&str, &String)> = Vec::new();
        for (k, &i) in self.masks.iter() {
            pairs.push((
                crate::core::text::split_str(k, "\u{1f}").get(1).copied().unwrap_or(""),
                &self.made[i],
            ));
        }
        // Longest first, so "Claude Code CLI" is masked before "Claude Code".
        crate::core::sort::sort_by_key(&mut pairs, |(v, _)| std::cmp::Reverse(v.len()));
        for (v, m) in pairs {
            if !v.is_empty() {
                out = crate::core::text::replace_str(&out, v, m);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_795_348_800_123), "2026-11-22T12:00:00.123Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn masks_are_consistent_and_scrubbed() {
        let mut r = Redactor::new(1);
        let a = r.mask("label", "Claude Code");
        assert_eq!(a, r.mask("label", "Claude Code"));
        assert_ne!(a, r.mask("label", "Claude Desktop"));
        assert_ne!(
            a,
            Redactor::new(2).mask("label", "Claude Code"),
            "another export, another mask"
        );
        assert_eq!(r.scrub("revoked “Claude Code”"), format!("revoked “{a}”"));
    }
}
