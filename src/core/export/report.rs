//! The support report: one self-contained, printable HTML file (no scripts,
//! no external resources) and the same content in Markdown, written for a
//! support agent who has never heard of revoke-watch. All page text is
//! escaped for the format it lands in.

use super::json::{EntryOut, EventOut, EvidenceOut, Timeline};
use super::rfc3339;
use crate::core::ledger::events::{Body, Rule};
use crate::core::ledger::view::short_duration;
use crate::core::lookup::KeyIndex;
use crate::core::text::{decimal, join_each};
use crate::core::timeline::{Picture, LANE_HEIGHT, USAGE_HEIGHT};
use crate::core::vecs;
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attributes.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Bidi controls would reorder the report's own text around them.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown (also inside table cells): markup characters
/// are backslash-escaped, angle brackets become entities, lines are joined.
/// A hyphen inside a word or a number and a point between digits are no
/// markup, so dates, times and versions stay readable as plain text
/// ("2026-11-22 12:02:00.500 UTC", "revoke-watch 0.1.0"). Links need
/// brackets, which are escaped; the slash after a colon is escaped too, so
/// that "http://…" in page text is no bare link either (GitHub's dialect).
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        // The neighbours of an ASCII mark, as bytes: a byte of a longer
        // character is no ASCII letter or digit.
        let prev = bytes.get(i.wrapping_sub(1)).copied().unwrap_or(b' ');
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '-' if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() => out.push(c),
            '.' if prev.is_ascii_digit() && next.is_ascii_digit() => out.push(c),
            '/' if prev == b':' => out.push_str("\\/"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.' | '!' | '|' | '~'
            | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

struct Section {
    flagged: Vec<(String, String, String, Vec<String>)>,
    /// Entries among `flagged` whose flags were all cleared when they went.
    earlier: usize,
    /// Tokens connected after every token before them was revoked: the
    /// token, when it was connected, the last revocation before.
    after_all: Vec<[String; 3]>,
    revoked: Vec<[String; 5]>,
    meters: Vec<(String, String, Vec<String>)>,
}

fn time(utc: &str) -> String {
    let t = crate::core::text::replace_str(utc, "T", " ");
    let t = crate::core::text::trim_end_any(&t, &['Z']);
    t.strip_suffix(".000").unwrap_or(t).to_string() + " UTC"
}

fn collect(t: &Timeline) -> Section {
    let label = |e: &EntryOut| format!("{} “{}”", e.kind, e.label);
    let evidence = |x: &EvidenceOut| format!("{} — {}", time(&x.at.utc), x.what);
    // Every entry flag raised, and when it was cleared: a token still
    // listed for days after its revocation, then gone, is the report's
    // main finding even though its flag no longer stands.
    // (entry id or meter name, whether a meter, rule, raised, cleared).
    let mut raised: Vec<(&str, bool, Rule, &EventOut, Option<&EventOut>)> = Vec::new();
    for ev in &t.events {
        let (entry, meter, rule, cleared) = match &ev.body {
            Body::FlagRaised { entry, meter, rule, .. } => (entry, meter, rule, false),
            Body::FlagCleared { entry, meter, rule } => (entry, meter, rule, true),
            _ => continue,
        };
        let Some(who) = entry.as_deref().or(meter.as_deref()) else {
            continue;
        };
        let is_meter = entry.is_none();
        if !cleared {
            raised.push((who, is_meter, *rule, ev, None));
        } else if let Some(open) = raised
            .iter_mut()
            .rev()
            .find(|f| f.0 == who && f.1 == is_meter && f.2 == *rule && f.4.is_none())
        {
            open.4 = Some(ev);
        }
    }
    // A cleared flag's evidence, as the report's lines.
    let evidence_of = |ev: &EventOut| match &ev.body {
        Body::FlagRaised { evidence, .. } => {
            vecs::map(evidence, |x| format!("{} — {}", time(&rfc3339(x.at_ms)), x.what))
        }
        _ => Vec::new(),
    };
    let mut flagged = Vec::new();
    let mut earlier = 0;
    for e in &t.entries {
        // How long after its revocation the entry was still seen listed.
        let seen_after = e.revoked_at.as_ref().filter(|r| e.last_seen.ms > r.ms).map(|r| {
            format!(
                "{} — last seen listed, {} after the revocation",
                time(&e.last_seen.utc),
                short_duration(e.last_seen.ms - r.ms)
            )
        });
        let lasting = |rule: &str| matches!(rule, "still-listed" | "reappeared");
        for f in &e.flags {
            let mut lines = vecs::map(&f.evidence, evidence);
            if lasting(&f.rule) {
                lines.extend(seen_after.clone());
            }
            flagged.push((label(e), f.rule.clone(), time(&f.since.utc), lines));
        }
        // Flags cleared since (the entry went), raised after the revocation
        // that still stands: one withdrawn with its revocation is no finding.
        let Some(revoked) = &e.revoked_at else { continue };
        let before = flagged.len();
        for (_, _, rule, ev, cleared) in raised.iter().filter(|f| f.0 == e.id && !f.1 && f.3.at_ms >= revoked.ms) {
            let Some(cleared) = cleared else { continue };
            let mut lines = evidence_of(ev);
            if lasting(rule.name()) {
                lines.extend(seen_after.clone());
            }
            lines.push(format!(
                "{} — no longer listed; the flag was cleared",
                time(&cleared.at)
            ));
            flagged.push((label(e), rule.name().to_string(), time(&ev.at), lines));
        }
        if e.flags.is_empty() && flagged.len() > before {
            earlier += 1;
        }
    }
    // Exported entries are in the order they were first seen.
    let tokens = vecs::filter(&t.entries, |e| {
        e.kind == "token" && (e.listed || e.revoked_at.is_some())
    });
    let times = tokens.iter().map(|e| {
        (
            e.since.as_ref().map(|s| s.earliest.ms),
            e.revoked_at.as_ref().map(|r| r.ms),
        )
    });
    let mut after_all = Vec::new();
    for (k, at) in crate::core::ledger::connected_after_all(times) {
        let (Some(e), Some(since)) = (tokens.get(k), tokens.get(k).and_then(|e| e.since.as_ref())) else {
            continue;
        };
        let connected = format!("between {} and {}", time(&since.earliest.utc), time(&since.latest.utc));
        after_all.push([label(e), connected, time(&rfc3339(at))]);
    }
    let revoked = vecs::filter_map(&t.entries, |e| {
        let r = e.revoked_at.as_ref()?;
        Some([
            label(e),
            time(&r.utc),
            e.status.clone(),
            e.gone_at
                .as_ref()
                .map(|g| time(&g.utc))
                .unwrap_or_else(|| "still listed".into()),
            e.verified_at.as_ref().map(|v| time(&v.utc)).unwrap_or_default(),
        ])
    });
    let meters = vecs::map(&t.meters, |m| {
        (
            m.name.clone(),
            format!("{}% used at {}", m.percent.text(), time(&m.observed_at.utc)),
            {
                let mut lines = Vec::new();
                // Flags cleared since (their watch window ended), then the standing one.
                for (_, _, _, ev, cleared) in raised.iter().filter(|f| f.0 == m.name && f.1) {
                    if let Some(cleared) = cleared {
                        lines.extend(evidence_of(ev));
                        lines.push(format!(
                            "{} — the watch window after it ended; the flag was cleared",
                            time(&cleared.at)
                        ));
                    }
                }
                for f in &m.flags {
                    for e in &f.evidence {
                        lines.push(evidence(e));
                    }
                }
                lines
            },
        )
    });
    Section {
        flagged,
        earlier,
        after_all,
        revoked,
        meters,
    }
}

const HOW: &[&str] = &[
    "revoke-watch is a browser extension installed by the account holder. It reads claude.ai's settings pages (Claude Code authorization tokens, active sessions, trusted devices, usage) when the account holder opens them in this browser, and records what they clicked there.",
    "It only knows what those pages showed in this browser and when. It sends nothing anywhere and cannot see claude.ai's servers.",
    "Pages show many times as relative phrases (\u{201c}Connected 3 days ago\u{201d}); revoke-watch keeps them as the interval they can mean, never as an exact time.",
    "Many entries look identical (\u{201c}Claude Code\u{201d}). revoke-watch counts identical entries and cannot tell which of them is which.",
    "Times are from this computer's clock, in UTC. Rules: still-listed (listed after the grace period), reappeared (gone, then listed again), active-after-revoke (shown as active after the revocation), usage-after-revoke (a usage meter rose after everything was revoked \u{2014} the account holder's own use would also explain that).",
];

fn counts(t: &Timeline, sec: &Section) -> String {
    let n = |s: &str| t.entries.iter().filter(|e| e.status == s).count();
    let mut out = format!(
        "{} entries watched: {} flagged, {} revoked and waiting, {} revoked and gone, {} verified gone, {} not revoked.",
        t.entries.len(),
        n("zombie"),
        n("revoke-pending"),
        n("revoked"),
        n("verified"),
        n("watching")
    );
    if sec.earlier > 0 {
        let _ = write!(
            out,
            " Flagged after their revocation, then gone: {} (below).",
            sec.earlier
        );
    }
    out
}

/// The timeline picture as SVG markup (labels escaped).
pub fn svg(p: &Picture, entries: &[EntryOut], ids: &KeyIndex) -> String {
    let d = |v: f64| decimal(v, 1);
    let mut s = String::new();
    let (w, h) = (d(p.width), d(p.height));
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="Timeline of watched entries">"#
    );
    for t in &p.ticks {
        let _ = write!(
            s,
            r##"<line x1="{x}" y1="18" x2="{x}" y2="{y}" stroke="#d1d5db"/><text x="{x}" y="12" font-size="10" text-anchor="{}">{}</text>"##,
            t.anchor,
            html_escape(&t.label),
            x = d(t.x),
            y = d(p.height - 4.0)
        );
    }
    for l in &p.lanes {
        let label = ids
            .get(&l.id)
            .and_then(|i| entries.get(i))
            .map_or(l.label.as_str(), |e| e.label.as_str());
        let mid = l.y + LANE_HEIGHT / 2.0;
        let _ = write!(
            s,
            r#"<text x="4" y="{}" font-size="11">{}</text>"#,
            d(mid + 4.0),
            html_escape(&crate::core::text::preview(&format!("{} · {}", label, l.status), 34))
        );
        let colour = match l.status {
            "zombie" => "#dc2626",
            "revoke-pending" => "#d97706",
            "revoked" => "#6b7280",
            "verified" => "#16a34a",
            _ => "#2563eb",
        };
        let m_y = d(mid);
        let _ = write!(
            s,
            r#"<line x1="{}" y1="{m_y}" x2="{}" y2="{m_y}" stroke="{colour}" stroke-width="3"/>"#,
            d(l.x0),
            d(l.x1)
        );
        for m in &l.marks {
            let shape = match m.kind {
                "revoked" => format!(
                    r##"<rect x="{}" y="{}" width="8" height="8" fill="#111827"><title>{}</title></rect>"##,
                    d(m.x - 4.0),
                    d(mid - 4.0),
                    html_escape(&m.title)
                ),
                "flag" | "active" | "reappeared" => format!(
                    r##"<path d="M{} {} l5 9 h-10 z" fill="#dc2626"><title>{}</title></path>"##,
                    d(m.x),
                    d(mid - 5.0),
                    html_escape(&m.title)
                ),
                "verified" => format!(
                    r##"<circle cx="{}" cy="{m_y}" r="4" fill="#16a34a"><title>{}</title></circle>"##,
                    d(m.x),
                    html_escape(&m.title)
                ),
                _ => format!(
                    r##"<circle cx="{}" cy="{m_y}" r="3" fill="#ffffff" stroke="#374151"><title>{}</title></circle>"##,
                    d(m.x),
                    html_escape(&m.title)
                ),
            };
            s.push_str(&shape);
        }
    }
    let _ = write!(
        s,
        r##"<text x="4" y="{}" font-size="11">Usage (% used)</text><rect x="220" y="{}" width="{}" height="{}" fill="none" stroke="#e5e7eb"/>"##,
        d(p.usage_top + 12.0),
        d(p.usage_top),
        d(p.width - 230.0),
        d(USAGE_HEIGHT)
    );
    for x in &p.revocations {
        let _ = write!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#111827" stroke-dasharray="3 2"/>"##,
            d(p.usage_top),
            d(p.usage_top + USAGE_HEIGHT),
            x = d(*x)
        );
    }
    for u in &p.usage {
        let pts: Vec<String> = vecs::map(&u.points, |(x, y)| format!("{},{}", d(*x), d(*y)));
        let _ = write!(
            s,
            r##"<polyline points="{}" fill="none" stroke="#7c3aed" stroke-width="2"><title>{}</title></polyline>"##,
            join_each(&pts, " ", str::to_string),
            html_escape(&u.name)
        );
    }
    s.push_str("</svg>");
    s
}

pub fn html(t: &Timeline, p: &Picture) -> String {
    let ids = KeyIndex::new(vecs::map(&t.entries, |e| e.id.as_str()));
    let sec = collect(t);
    let e = html_escape;
    let mut s = String::new();
    s.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>revoke-watch report</title>");
    s.push_str("<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111827}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #d1d5db;padding:.3rem .5rem;text-align:left;vertical-align:top}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}.flag{color:#991b1b}code{word-break:break-all}svg{max-width:100%;height:auto}@media print{body{margin:0}}</style></head><body>\n");
    let _ = writeln!(s, "<h1>Revocations on claude.ai — what was revoked and whether it took effect</h1>\n<p>Report made {} by revoke-watch {}{}.</p>", e(&time(&t.exported_at.utc)), e(&t.product.version), if t.redacted { " (labels and places masked)" } else { "" });
    let _ = writeln!(s, "<h2>Summary</h2><p>{}</p>", e(&counts(t, &sec)));
    s.push_str("<h2>What kept showing after it was revoked</h2>\n");
    if sec.flagged.is_empty() {
        s.push_str("<p>Nothing: no revoked entry was seen again or active after its revocation.</p>\n");
    } else {
        s.push_str("<table><tr><th>Entry</th><th>Rule</th><th>Since</th><th>Evidence</th></tr>\n");
        for (who, rule, since, ev) in &sec.flagged {
            let _ = writeln!(
                s,
                "<tr class=\"flag\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(who),
                e(rule),
                e(since),
                join_each(ev, "<br>", e)
            );
        }
        s.push_str("</table>\n");
    }
    if !sec.after_all.is_empty() {
        s.push_str("<h2>Connected after every token was revoked</h2>\n<p>The account holder signing in again, or a client that could still sign in after its token was revoked.</p>\n<table><tr><th>Entry</th><th>Connected</th><th>After the last revocation, at</th></tr>\n");
        for r in &sec.after_all {
            let _ = writeln!(
                s,
                "<tr>{}</tr>",
                join_each(r, "", |c| format!("<td>{}</td>", html_escape(c)))
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("<h2>What was revoked and when</h2>\n");
    if sec.revoked.is_empty() {
        s.push_str("<p>No revocation was recorded.</p>\n");
    } else {
        s.push_str(
            "<table><tr><th>Entry</th><th>Revoked</th><th>Status</th><th>No longer listed</th><th>Verified</th></tr>\n",
        );
        for r in &sec.revoked {
            let _ = writeln!(
                s,
                "<tr>{}</tr>",
                join_each(r, "", |c| format!("<td>{}</td>", html_escape(c)))
            );
        }
        s.push_str("</table>\n");
    }
    s.push_str("<h2>Usage meters</h2>\n");
    if sec.meters.is_empty() {
        s.push_str("<p>No usage page was read.</p>\n");
    } else {
        s.push_str("<table><tr><th>Meter</th><th>Last reading</th><th>Rose after everything was revoked</th></tr>\n");
        for (name, last, ev) in &sec.meters {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(name),
                e(last),
                join_each(ev, "<br>", e)
            );
        }
        s.push_str("</table>\n");
    }
    let _ = writeln!(s, "<h2>Timeline</h2>\n<p>One line per entry (squares: revoked; red triangles: flags; green dots: verified); below, usage meters with dashed lines at each revocation.{}</p>\n{}", if p.omitted > 0 { format!(" {} quieter entries are not drawn.", p.omitted) } else { String::new() }, svg(p, &t.entries, &ids));
    s.push_str("<h2>How this was observed, and its limits</h2>\n<ul>");
    for h in HOW {
        let _ = write!(s, "<li>{}</li>", e(h));
    }
    s.push_str("</ul>\n");
    let _ = writeln!(s, "<h2>Integrity</h2>\n<p>{} events, chained with SHA-256. Head of the chain: <code>{}</code>. The JSON export of the same ledger carries every event and its hash, so the chain can be recomputed and any change to an earlier event is detectable.</p>", t.integrity.events, e(&t.integrity.head));
    s.push_str("</body></html>\n");
    s
}

pub fn markdown(t: &Timeline) -> String {
    let sec = collect(t);
    let ids = KeyIndex::new(vecs::map(&t.entries, |e| e.id.as_str()));
    let m = md_escape;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Revocations on claude.ai — what was revoked and whether it took effect\n"
    );
    let _ = writeln!(
        s,
        "Report made {} by revoke-watch {}{}.\n",
        m(&time(&t.exported_at.utc)),
        m(&t.product.version),
        if t.redacted { " (labels and places masked)" } else { "" }
    );
    let _ = writeln!(s, "## Summary\n\n{}\n", m(&counts(t, &sec)));
    let _ = writeln!(s, "## What kept showing after it was revoked\n");
    if sec.flagged.is_empty() {
        let _ = writeln!(
            s,
            "Nothing: no revoked entry was seen again or active after its revocation.\n"
        );
    } else {
        let _ = writeln!(s, "| Entry | Rule | Since | Evidence |\n| --- | --- | --- | --- |");
        for (who, rule, since, ev) in &sec.flagged {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                m(who),
                m(rule),
                m(since),
                join_each(ev, "<br>", m)
            );
        }
        s.push('\n');
    }
    if !sec.after_all.is_empty() {
        let _ = writeln!(
            s,
            "## Connected after every token was revoked\n\nThe account holder signing in again, or a client that could still sign in after its token was revoked.\n\n| Entry | Connected | After the last revocation, at |\n| --- | --- | --- |"
        );
        for r in &sec.after_all {
            let _ = writeln!(s, "| {} |", join_each(r, " | ", m));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## What was revoked and when\n");
    if sec.revoked.is_empty() {
        let _ = writeln!(s, "No revocation was recorded.\n");
    } else {
        let _ = writeln!(
            s,
            "| Entry | Revoked | Status | No longer listed | Verified |\n| --- | --- | --- | --- | --- |"
        );
        for r in &sec.revoked {
            let _ = writeln!(s, "| {} |", join_each(r, " | ", m));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Usage meters\n");
    if sec.meters.is_empty() {
        let _ = writeln!(s, "No usage page was read.\n");
    } else {
        for (name, last, ev) in &sec.meters {
            let _ = writeln!(s, "- **{}**: {}", m(name), m(last));
            for x in ev {
                let _ = writeln!(s, "  - {}", m(x));
            }
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Timeline\n");
    for ev in &t.events {
        if ev.body.entry().is_none() && !matches!(ev.body, crate::core::ledger::events::Body::LogOutEverywhere { .. }) {
            continue;
        }
        use crate::core::ledger::events::Body;
        let mut what = crate::core::text::replace_str(ev.body.type_name(), "_", " ");
        // Which rule a flag is about, and which control logged out.
        match &ev.body {
            Body::FlagRaised { rule, .. } | Body::FlagCleared { rule, .. } => {
                what = format!("{what} ({})", rule.name());
            }
            Body::LogOutEverywhere { label, .. } if !label.is_empty() => what = format!("{what}: “{label}”"),
            Body::Changed { field, from, to, .. } => what = format!("{what} {field} (“{from}” → “{to}”)"),
            _ => {}
        }
        if let Some(e) = ev.body.entry().and_then(|id| t.entries.get(ids.get(id)?)) {
            what = format!("{what} {} “{}”", e.kind, e.label);
        }
        let _ = writeln!(s, "- {} — {}", m(&time(&ev.at)), m(&what));
    }
    let _ = writeln!(s, "\n## How this was observed, and its limits\n");
    for h in HOW {
        let _ = writeln!(s, "- {}", m(h));
    }
    let _ = writeln!(
        s,
        "\n## Integrity\n\n{} events, chained with SHA-256. Head of the chain: `{}`.",
        t.integrity.events,
        crate::core::text::replace_str(&t.integrity.head, "`", "")
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(html_escape("<script>\"x\"&'"), "&lt;script&gt;&quot;x&quot;&amp;&#39;");
        assert_eq!(html_escape("\u{202E}abc"), "&#x202E;abc");
        assert_eq!(
            md_escape("[x](javascript:alert(1)) *b* <i>|"),
            "\\[x\\]\\(javascript:alert\\(1\\)\\) \\*b\\* &lt;i&gt;\\|"
        );
        assert_eq!(md_escape("a\nb"), "a b");
        // Page text that could start a list, a heading or a link stays inert.
        assert_eq!(md_escape("-2+3"), "\\-2\\+3");
        assert_eq!(md_escape("# 1. x -y z- a-"), "\\# 1\\. x \\-y z\\- a\\-");
        assert_eq!(md_escape("http://198.51.100.7/x"), "http:\\//198.51.100.7/x");
        assert_eq!(md_escape("www.evil.example"), "www\\.evil\\.example");
        // Dates, times, versions and hyphenated words are left as they read.
        assert_eq!(
            md_escape("2026-11-22 12:02:00.500 UTC revoke-watch 0.1.0 still-listed"),
            "2026-11-22 12:02:00.500 UTC revoke-watch 0.1.0 still-listed"
        );
    }
}
