//! Exports of the revocation timeline, all made here in the core: the
//! canonical JSON (with a published schema), CSV, a support report in HTML
//! and Markdown, and JSON Lines for security tools; plus import of the JSON.
//! Formats are documented in docs/export.md.
//!
//! The service worker makes only the canonical JSON ([`json_file`]); the
//! extension page that asked derives every other format from that text
//! ([`derive`]). Data flows one way, ledger → JSON → the file a person
//! keeps, and the derived formats' code stays out of the worker's module.

pub mod csv;
pub mod import;
pub mod json;
pub mod ocsf;
pub mod report;

use crate::core::ledger::Ledger;
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

/// The canonical JSON export of `l`, made at `now`: the one export the
/// service worker makes.
pub fn json_file(l: &Ledger, redact: bool, now: i64) -> File {
    let t = json::timeline(l, now, redact);
    File {
        filename: file_name(now, redact, "json"),
        mime: "application/json",
        content: json::to_string(&t),
    }
}

/// `revoke-watch-20261122T1200[-redacted].ext`: the export's time, in UTC
/// to the minute.
fn file_name(at_ms: i64, redacted: bool, ext: &str) -> String {
    let mut stamp = String::new();
    for c in crate::core::text::head(&rfc3339(at_ms), 16).chars() {
        if c.is_ascii_digit() || c == 'T' {
            stamp.push(c);
        }
    }
    format!("revoke-watch-{stamp}{}.{ext}", if redacted { "-redacted" } else { "" })
}

/// `format` made from the text of a JSON export ([`json_file`]), named and
/// timed as that export. The HTML report's picture is drawn from the
/// ledger the file's events replay to, which is the ledger they were
/// exported from. `Err` says why the text is not such an export.
pub fn derive(json_text: &str, format: Format) -> Result<File, String> {
    let t: json::Timeline =
        crate::core::json::from_str(json_text).map_err(|e| format!("the JSON export could not be read: {e}"))?;
    let at = t.exported_at.ms;
    let (ext, mime, content) = match format {
        Format::Json => ("json", "application/json", json_text.to_string()),
        Format::Csv => ("csv", "text/csv", csv::to_string(&t)),
        Format::Jsonl => ("jsonl", "application/x-ndjson", ocsf::to_string(&t)),
        Format::Markdown => ("md", "text/markdown", report::markdown(&t)),
        Format::Html => {
            let events = crate::core::vecs::map(&t.events, |e| e.to_event());
            let l = Ledger::replay(events, t.settings);
            let start = l.events.first().map_or(at, |e| e.at_ms);
            let picture = crate::core::timeline::picture(&l, start, at, &Default::default(), 200);
            ("html", "text/html", report::html(&t, &picture))
        }
    };
    Ok(File {
        filename: file_name(at, t.redacted, ext),
        mime,
        content,
    })
}

/// An export in any format, as the worker and the extension page make it
/// between them (tests and benchmarks; neither module calls it).
pub fn export_file(l: &Ledger, format: Format, redact: bool, now: i64) -> Result<File, String> {
    let file = json_file(l, redact, now);
    match format {
        Format::Json => Ok(file),
        _ => derive(&file.content, format),
    }
}

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
    fn derive_refuses_text_that_is_not_an_export() {
        for bad in ["", "{", "[]", "{\"schema\":\"revoke-watch.timeline\"}", "\u{0}"] {
            let e = derive(bad, Format::Csv).unwrap_err();
            assert!(e.starts_with("the JSON export could not be read"), "{bad:?}: {e}");
        }
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
