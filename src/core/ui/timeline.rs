//! The timeline page: a picture (one lane per entry, usage lines with
//! revocation markers) zoomable to a day, a week or everything, filtered by
//! kind and status, with the table of events below. The table shows the
//! latest events first, a page at a time, so thousands of entries and
//! 100,000 events do not freeze the page.
//!
//! The worker, which holds the ledger and its history, computes what to
//! show ([`data`]: the picture's shapes and a page of events); the page
//! makes the view from it in its own module ([`page`]), so the worker's
//! module, which every wake compiles, holds no view code.

use super::{button, el, svg, El};
use crate::core::ledger::events::Event;
use crate::core::ledger::view::local_time;
use crate::core::ledger::Ledger;
use crate::core::text::preview;
use crate::core::timeline::{picture, Filter, Picture, LANE_HEIGHT, USAGE_HEIGHT};
use crate::core::vecs;

/// Lanes drawn at first; "Show more entries" adds as many again, up to
/// [`MAX_LANES`]. A screen holds a few dozen lanes, and drawing thousands
/// at once would delay the first paint by seconds.
pub const FIRST_LANES: usize = 200;
pub const MAX_LANES: usize = 5_000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    /// `day`, `week` or `all` (default).
    pub window: String,
    pub filter: Filter,
    /// Rows of the event table (default 200).
    pub events: Option<usize>,
    /// Lanes drawn (default [`FIRST_LANES`]).
    pub lanes: Option<usize>,
    /// The browser's offset from UTC in minutes (every view uses it).
    pub tz_offset_min: Option<i32>,
}

crate::json_struct!(read Params { window: def, filter: def, events: def, lanes: def, tz_offset_min: def });

/// A length in tenths of a pixel: what the view draws (one decimal place),
/// as a whole number, so that the picture crosses from the worker to the
/// page as JSON with no float formatter in either module.
type Tenths = i64;

fn tenths(x: f64) -> Tenths {
    // The rounding `text::decimal` does for one place.
    (x * 10.0).round() as i64
}

/// `text::decimal(x, 1)` of the length the tenths stand for.
fn px(t: Tenths) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

/// What the timeline page shows: the picture's shapes ([`Picture`] in
/// tenths of a pixel), the newest events of the window, and the counts and
/// paging the view needs.
#[derive(Debug, Default, PartialEq)]
pub struct TimelineData {
    pub width: Tenths,
    pub height: Tenths,
    pub ticks: Vec<TickData>,
    pub lanes: Vec<LaneData>,
    pub usage_top: Tenths,
    pub usage: Vec<UsageData>,
    /// x of each revocation and log-out-everywhere.
    pub revocations: Vec<Tenths>,
    /// Entries that match but are not drawn.
    pub omitted: usize,
    pub rows: Vec<EventRow>,
    /// Entries and events recorded in all.
    pub entries: usize,
    pub events: usize,
    /// Lanes asked for, and rows of the event table shown.
    pub lanes_asked: usize,
    pub shown: usize,
    /// More events exist than the table shows (or older ones, not loaded).
    pub more_events: bool,
}

#[derive(Debug, Default, PartialEq)]
pub struct TickData {
    pub x: Tenths,
    pub label: String,
    pub anchor: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct LaneData {
    pub y: Tenths,
    pub id: String,
    pub label: String,
    pub kind: String,
    pub status: String,
    pub x0: Tenths,
    pub x1: Tenths,
    pub marks: Vec<MarkData>,
}

#[derive(Debug, Default, PartialEq)]
pub struct MarkData {
    pub x: Tenths,
    pub kind: String,
    pub title: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct UsageData {
    pub name: String,
    /// x, y, x, y, …
    pub points: Vec<Tenths>,
}

/// One row of the event table.
#[derive(Debug, Default, PartialEq)]
pub struct EventRow {
    pub seq: u64,
    pub at_ms: i64,
    /// The event's type in words, and the entry it concerns.
    pub event: String,
    pub entry: String,
    pub page: String,
}

crate::json_struct!(both TimelineData {
    width: req,
    height: req,
    ticks: req,
    lanes: req,
    usage_top: req,
    usage: req,
    revocations: req,
    omitted: req,
    rows: req,
    entries: req,
    events: req,
    lanes_asked: req,
    shown: req,
    more_events: req,
});
crate::json_struct!(both TickData { x: req, label: req, anchor: req });
crate::json_struct!(both LaneData { y: req, id: req, label: req, kind: req, status: req, x0: req, x1: req, marks: req });
crate::json_struct!(both MarkData { x: req, kind: req, title: req });
crate::json_struct!(both UsageData { name: req, points: req });
crate::json_struct!(both EventRow { seq: req, at_ms: req, event: req, entry: req, page: req });

fn describe(e: &Event, l: &Ledger) -> (String, String) {
    let mut ty = crate::core::text::replace_str(e.body.type_name(), "_", " ");
    if let crate::core::ledger::events::Body::Changed { field, from, to, .. } = &e.body {
        for part in [" ", field, ": ", &preview(from, 60), " → ", &preview(to, 60)] {
            ty.push_str(part);
        }
    }
    let who = e
        .body
        .entry()
        .and_then(|id| l.member(id))
        .map(|m| format!("{} “{}”", m.kind, preview(&m.label, 60)))
        .unwrap_or_default();
    (ty, who)
}

fn data_of(p: Picture) -> TimelineData {
    TimelineData {
        width: tenths(p.width),
        height: tenths(p.height),
        ticks: vecs::map(&p.ticks, |t| TickData {
            x: tenths(t.x),
            label: t.label.clone(),
            anchor: t.anchor.into(),
        }),
        lanes: vecs::map(&p.lanes, |l| LaneData {
            y: tenths(l.y),
            id: l.id.clone(),
            label: l.label.clone(),
            kind: l.kind.clone(),
            status: l.status.into(),
            x0: tenths(l.x0),
            x1: tenths(l.x1),
            marks: vecs::map(&l.marks, |m| MarkData {
                x: tenths(m.x),
                kind: m.kind.into(),
                title: m.title.clone(),
            }),
        }),
        usage_top: tenths(p.usage_top),
        usage: vecs::map(&p.usage, |u| {
            let mut points = Vec::with_capacity(u.points.len() * 2);
            for &(x, y) in &u.points {
                points.push(tenths(x));
                points.push(tenths(y));
            }
            UsageData {
                name: u.name.clone(),
                points,
            }
        }),
        revocations: vecs::map(&p.revocations, |x| tenths(*x)),
        omitted: p.omitted,
        ..TimelineData::default()
    }
}

/// What the timeline page shows of `l` at `now` (in the worker).
#[inline(never)]
pub fn data(l: &Ledger, params: &Params, now: i64) -> TimelineData {
    let first = l.first_at_ms().unwrap_or(now - 86_400_000);
    let start = match params.window.as_str() {
        "day" => now - 86_400_000,
        "week" => now - 7 * 86_400_000,
        _ => first.min(now - 3_600_000),
    };
    let lanes = params.lanes.unwrap_or(FIRST_LANES).clamp(1, MAX_LANES);
    let mut d = data_of(picture(l, start, now, &params.filter, lanes));
    let shown = params.events.unwrap_or(200).min(5_000);
    let keep = |e: &Event| match e.body.entry().and_then(|id| l.member(id)) {
        Some(m) => {
            (params.filter.kinds.is_empty() || params.filter.kinds.contains(&m.kind))
                && (params.filter.statuses.is_empty() || params.filter.statuses.iter().any(|s| s == m.status().name()))
        }
        None => params.filter.kinds.is_empty() && params.filter.statuses.is_empty(),
    };
    let mut in_window: Vec<&Event> = Vec::new();
    for e in l.events.iter().rev() {
        if in_window.len() > shown {
            break;
        }
        if e.at_ms >= start && keep(e) {
            in_window.push(e);
        }
    }
    for e in in_window.iter().take(shown) {
        let (event, entry) = describe(e, l);
        d.rows.push(EventRow {
            seq: e.seq,
            at_ms: e.at_ms,
            event,
            entry,
            page: e
                .page
                .as_deref()
                .map(crate::core::page::PageKind::address_of)
                .unwrap_or("")
                .to_string(),
        });
    }
    // Older events than those loaded exist: the button loads them.
    let older = l.residence.events_before > 0 && l.events.first().is_some_and(|e| e.at_ms >= start);
    d.more_events = in_window.len() > shown || older;
    d.entries = l.entry_count();
    d.events = l.event_count();
    d.lanes_asked = lanes;
    d.shown = shown;
    d
}

fn picture_view(p: &TimelineData) -> El {
    let mut s = svg("svg")
        .attr("viewBox", format!("0 0 {} {}", px(p.width), px(p.height)))
        .attr("width", px(p.width))
        .attr("height", px(p.height))
        .attr("role", "img")
        .attr("aria-label", format!("Timeline: {} entries", p.lanes.len()));
    let (lane, usage_height) = (tenths(LANE_HEIGHT), tenths(USAGE_HEIGHT));
    for t in &p.ticks {
        s = s.child(
            svg("line")
                .attr("x1", px(t.x))
                .attr("x2", px(t.x))
                .attr("y1", "18")
                .attr("y2", px(p.height - 40))
                .attr("class", "tick"),
        );
        s = s.child(
            svg("text")
                .attr("x", px(t.x))
                .attr("y", "12")
                .attr("class", "tick-label")
                .attr("text-anchor", t.anchor.clone())
                .text(t.label.clone()),
        );
    }
    for l in &p.lanes {
        let mid = l.y + lane / 2;
        let mut g = svg("g")
            .attr("class", "lane")
            .attr("data-entry", l.id.clone())
            .attr("data-status", l.status.clone())
            .attr("data-kind", l.kind.clone());
        g = g.child(
            svg("text")
                .attr("x", "4")
                .attr("y", px(mid + 40))
                .attr("class", "lane-label")
                .text(preview(&format!("{} · {}", l.label, l.status), 34)),
        );
        g = g.child(
            svg("line")
                .attr("x1", px(l.x0))
                .attr("x2", px(l.x1))
                .attr("y1", px(mid))
                .attr("y2", px(mid))
                .attr("class", format!("span {}", l.status)),
        );
        for m in &l.marks {
            let shape = match m.kind.as_str() {
                "revoked" => svg("rect")
                    .attr("x", px(m.x - 40))
                    .attr("y", px(mid - 40))
                    .attr("width", "8")
                    .attr("height", "8"),
                "flag" | "active" | "reappeared" => {
                    svg("path").attr("d", format!("M{} {} l5 9 h-10 z", px(m.x), px(mid - 50)))
                }
                _ => svg("circle")
                    .attr("cx", px(m.x))
                    .attr("cy", px(mid))
                    .attr("r", if m.kind == "verified" { "4" } else { "3" }),
            };
            g = g.child(
                shape
                    .attr("class", format!("mark {}", m.kind))
                    .child(svg("title").text(m.title.clone())),
            );
        }
        s = s.child(g);
    }
    s = s.child(
        svg("text")
            .attr("x", "4")
            .attr("y", px(p.usage_top + 120))
            .attr("class", "lane-label")
            .text("Usage (% used)"),
    );
    s = s.child(
        svg("rect")
            .attr("x", "220")
            .attr("y", px(p.usage_top))
            .attr("width", px(p.width - 2300))
            .attr("height", px(usage_height))
            .attr("class", "usage-band"),
    );
    for x in &p.revocations {
        s = s.child(
            svg("line")
                .attr("x1", px(*x))
                .attr("x2", px(*x))
                .attr("y1", px(p.usage_top))
                .attr("y2", px(p.usage_top + usage_height))
                .attr("class", "revocation"),
        );
    }
    for u in &p.usage {
        let mut points = String::new();
        for pair in u.points.chunks(2) {
            if let [x, y] = pair {
                if !points.is_empty() {
                    points.push(' ');
                }
                points.push_str(&px(*x));
                points.push(',');
                points.push_str(&px(*y));
            }
        }
        s = s.child(
            svg("polyline")
                .attr("points", points)
                .attr("class", "usage")
                .child(svg("title").text(u.name.clone())),
        );
    }
    s
}

/// The timeline page's view of `d`, drawn with the `params` it was asked
/// with (in the page).
pub fn view(d: &TimelineData, params: &Params, tz: i32) -> El {
    let zoom = el("div")
        .class("zoom")
        .attr("role", "group")
        .attr("aria-label", "Zoom")
        .child(button("Last day", "zoom-day").attr("aria-pressed", (params.window == "day").to_string()))
        .child(button("Last week", "zoom-week").attr("aria-pressed", (params.window == "week").to_string()))
        .child(button("All", "zoom-all").attr(
            "aria-pressed",
            (params.window != "day" && params.window != "week").to_string(),
        ));
    let mut filters = el("fieldset").class("filters").child(el("legend").text("Show"));
    for kind in ["token", "session", "device", "other"] {
        let mut cb = el("input").attr("type", "checkbox").attr("data-filter-kind", kind);
        if params.filter.kinds.is_empty() || params.filter.kinds.iter().any(|k| k == kind) {
            cb = cb.attr("checked", "");
        }
        filters = filters.child(el("label").child(cb).text(format!(" {kind}s ")));
    }
    for status in ["watching", "revoke-pending", "revoked", "verified", "zombie"] {
        let mut cb = el("input").attr("type", "checkbox").attr("data-filter-status", status);
        if params.filter.statuses.is_empty() || params.filter.statuses.iter().any(|s| s == status) {
            cb = cb.attr("checked", "");
        }
        filters = filters.child(el("label").child(cb).text(format!(" {status} ")));
    }
    filters = filters.child(button("Apply", "apply-filter"));
    let mut table = el("table").class("events").child(
        el("thead").child(
            el("tr")
                .child(el("th").text("Time"))
                .child(el("th").text("Event"))
                .child(el("th").text("Entry"))
                .child(el("th").text("Page")),
        ),
    );
    let mut body = el("tbody");
    for r in &d.rows {
        body = body.child(
            el("tr")
                .attr("data-seq", r.seq.to_string())
                .child(el("td").text(local_time(r.at_ms, tz)))
                .child(el("td").text(r.event.clone()))
                .child(el("td").text(r.entry.clone()))
                .child(el("td").text(r.page.clone())),
        );
    }
    table = table.child(body);
    let mut root = el("div")
        .class("timeline")
        .child(el("h1").text("revoke-watch timeline"))
        .child(el("p").class("intro").text(format!("{} entries, {} events. Squares: revoked; triangles: flags; green dots: verified. Below the entries, usage meters with a dashed line at each revocation.", d.entries, d.events)))
        .child(zoom)
        .child(filters)
        .child(el("div").class("picture").attr("id", "picture").child(picture_view(d)));
    if d.omitted > 0 {
        let mut more = el("p")
            .class("omitted")
            .text(format!("{} more entries match but are not drawn. ", d.omitted));
        if d.lanes_asked < MAX_LANES {
            more = more.child(button("Show more entries", "more-lanes").attr("data-shown", d.lanes_asked.to_string()));
        } else {
            more = more.text("Narrow the filter to see them.");
        }
        root = root.child(more);
    }
    root = root.child(el("h2").text("Events")).child(table);
    if d.more_events {
        root = root.child(button("Show more events", "more-events").attr("data-shown", d.shown.to_string()));
    }
    root
}

/// The timeline page's view from the worker's answer to its `view`
/// request (JSON text) and the `params` it sent (JSON text), in the page.
/// A ledger that cannot be read, a refusal or an unreadable answer is
/// shown as the error it is.
#[inline(never)]
pub fn page(params: &str, answer: &str, tz: i32) -> El {
    #[derive(Default)]
    struct Answer {
        timeline: Option<TimelineData>,
        error_state: Option<String>,
        error: Option<String>,
    }
    crate::json_struct!(read Answer { timeline: def, error_state: def, error: def });
    let params = crate::core::json::from_str::<Params>(params).unwrap_or_default();
    let failure = match crate::core::json::from_str::<Answer>(answer) {
        Ok(Answer { timeline: Some(d), .. }) => return view(&d, &params, tz),
        Ok(a) => a
            .error_state
            .or(a.error)
            .unwrap_or_else(|| "the worker's answer holds no timeline".into()),
        Err(e) => format!("the worker's answer could not be read: {e}"),
    };
    super::options::view(None, Some(&failure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::to_string;

    #[test]
    fn tenths_draw_as_the_one_place_decimals_they_replace() {
        for k in -2_000..20_000 {
            let x = k as f64 * 0.0137;
            assert_eq!(px(tenths(x)), crate::core::text::decimal(x, 1), "{x}");
        }
        assert_eq!(px(2213), "221.3");
        assert_eq!(px(-5), "-0.5");
        assert_eq!(px(0), "0.0");
    }

    #[test]
    fn a_broken_ledger_or_an_unreadable_answer_is_shown_as_such() {
        let v = to_string(&page(
            "{}",
            r#"{"error_state":"the stored ledger is damaged","raw_export":true}"#,
            0,
        ));
        assert!(v.contains("\"error\"") && v.contains("damaged"), "{v}");
        let v = to_string(&page("{}", r#"{"error":"unknown view"}"#, 0));
        assert!(v.contains("unknown view"), "{v}");
        let v = to_string(&page("not json", "[]", 0));
        assert!(v.contains("could not be read"), "{v}");
        let v = to_string(&page("{}", "{}", 0));
        assert!(v.contains("holds no timeline"), "{v}");
    }

    #[test]
    fn the_page_draws_what_the_worker_computed() {
        let l = Ledger::new(Default::default());
        let params = Params::default();
        let answer = format!("{{\"timeline\":{}}}", to_string(&data(&l, &params, 1_795_348_800_000)));
        let v = to_string(&page("{}", &answer, 0));
        assert!(
            v.contains("revoke-watch timeline") && v.contains("0 entries, 0 events"),
            "{v}"
        );
    }
}
