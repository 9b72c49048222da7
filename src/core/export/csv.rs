//! CSV: one row per event, RFC 4180 quoting, a fixed column order
//! ([`COLUMNS`], docs/export.md). Text a spreadsheet would run as a formula
//! is neutralised with a leading apostrophe.

use super::json::{EntryOut, EventOut, Timeline};
use crate::core::ledger::events::Body;
use crate::core::lookup::KeyIndex;
use crate::core::text::{join, join_each};
use crate::core::vecs;

pub const COLUMNS: &[&str] = &[
    "seq", "time_utc", "time_ms", "page", "type", "entry", "kind", "label", "detail", "rule", "meter", "percent",
    "evidence", "hash",
];

/// Quotes a cell per RFC 4180 and defuses formulas (=, +, -, @, tab, CR at
/// the start, also after leading spaces).
pub fn cell(value: &str) -> String {
    let trimmed = crate::core::text::trim_start_any(value, &[' ', '\u{a0}']);
    let dangerous = trimmed.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);
    let v = if dangerous {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        format!("\"{}\"", crate::core::text::replace_str(&v, "\"", "\"\""))
    } else {
        v
    }
}

fn row(e: &EventOut, entries: &[EntryOut], ids: &KeyIndex) -> Vec<String> {
    let entry = e.body.entry().unwrap_or("");
    let (kind, label, detail) = ids.get(entry).and_then(|i| entries.get(i)).map_or(("", "", None), |x| {
        (x.kind.as_str(), x.label.as_str(), x.detail.as_deref())
    });
    let (mut label, mut detail) = (label.to_string(), detail.unwrap_or("").to_string());
    let (mut rule, mut meter, mut percent, mut evidence) = (String::new(), String::new(), String::new(), String::new());
    match &e.body {
        Body::LogOutEverywhere { label: l, .. } => label = l.clone(),
        Body::UsageReading {
            meter: m, percent: p, ..
        } => {
            meter = m.clone();
            percent = p.text();
        }
        Body::FlagRaised {
            meter: m,
            rule: r,
            evidence: ev,
            ..
        } => {
            rule = r.name().to_string();
            meter = m.clone().unwrap_or_default();
            for (i, x) in ev.iter().enumerate() {
                if i > 0 {
                    evidence.push_str(" | ");
                }
                evidence.push_str(&super::rfc3339(x.at_ms));
                evidence.push_str(": ");
                evidence.push_str(&x.what);
            }
        }
        Body::FlagCleared { meter: m, rule: r, .. } => {
            rule = r.name().to_string();
            meter = m.clone().unwrap_or_default();
        }
        Body::Changed { field, from, to, .. } => detail = format!("{field}: {from} → {to}"),
        Body::Seen {
            detail: d, label: l, ..
        } => {
            label = l.clone();
            detail = d.clone().unwrap_or_default();
        }
        _ => {}
    }
    vec![
        e.seq.to_string(),
        e.at.clone(),
        e.at_ms.to_string(),
        e.page.clone().unwrap_or_default(),
        e.body.type_name().to_string(),
        entry.to_string(),
        kind.to_string(),
        label,
        detail,
        rule,
        meter,
        percent,
        evidence,
        e.hash.clone(),
    ]
}

/// The CSV of an exported timeline (redacted or not, as it was made).
pub fn to_string(t: &Timeline) -> String {
    let ids = KeyIndex::new(vecs::map(&t.entries, |e| e.id.as_str()));
    let mut out = String::new();
    out.push_str(&join(COLUMNS, ","));
    out.push_str("\r\n");
    for e in &t.events {
        out.push_str(&join_each(&row(e, &t.entries, &ids), ",", cell));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn quoting_and_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("  @SUM(A1)"), "'  @SUM(A1)");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        // Spaces at either end would be trimmed by some readers.
        assert_eq!(cell(" lead"), "\" lead\"");
        assert_eq!(cell("trail "), "\"trail \"");
        assert_eq!(cell("in side"), "in side");
    }
}
