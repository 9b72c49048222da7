//! The timeline page: a picture (one lane per entry, usage lines with
//! revocation markers) zoomable to a day, a week or everything, filtered by
//! kind and status, with the table of events below. The table shows the
//! latest events first, a page at a time, so thousands of entries and
//! 100,000 events do not freeze the page.

use super::{button, el, svg, El};
use crate::core::ledger::events::Event;
use crate::core::ledger::view::local_time;
use crate::core::ledger::Ledger;
use crate::core::text::{decimal, preview};
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

fn picture_view(p: &Picture, tz: i32) -> El {
    let _ = tz;
    let mut s = svg("svg")
        .attr(
            "viewBox",
            format!("0 0 {} {}", decimal(p.width, 1), decimal(p.height, 1)),
        )
        .attr("width", decimal(p.width, 1))
        .attr("height", decimal(p.height, 1))
        .attr("role", "img")
        .attr("aria-label", format!("Timeline: {} entries", p.lanes.len()));
    for t in &p.ticks {
        s = s.child(
            svg("line")
                .attr("x1", decimal(t.x, 1))
                .attr("x2", decimal(t.x, 1))
                .attr("y1", "18")
                .attr("y2", decimal(p.height - 4.0, 1))
                .attr("class", "tick"),
        );
        s = s.child(
            svg("text")
                .attr("x", decimal(t.x, 1))
                .attr("y", "12")
                .attr("class", "tick-label")
                .attr("text-anchor", t.anchor)
                .text(t.label.clone()),
        );
    }
    for l in &p.lanes {
        let mid = l.y + LANE_HEIGHT / 2.0;
        let mut g = svg("g")
            .attr("class", "lane")
            .attr("data-entry", l.id.clone())
            .attr("data-status", l.status)
            .attr("data-kind", l.kind.clone());
        g = g.child(
            svg("text")
                .attr("x", "4")
                .attr("y", decimal(mid + 4.0, 1))
                .attr("class", "lane-label")
                .text(preview(&format!("{} · {}", l.label, l.status), 34)),
        );
        g = g.child(
            svg("line")
                .attr("x1", decimal(l.x0, 1))
                .attr("x2", decimal(l.x1, 1))
                .attr("y1", decimal(mid, 1))
                .attr("y2", decimal(mid, 1))
                .attr("class", format!("span {}", l.status)),
        );
        for m in &l.marks {
            let shape = match m.kind {
                "revoked" => svg("rect")
                    .attr("x", decimal(m.x - 4.0, 1))
                    .attr("y", decimal(mid - 4.0, 1))
                    .attr("width", "8")
                    .attr("height", "8"),
                "flag" | "active" | "reappeared" => svg("path").attr(
                    "d",
                    format!("M{} {} l5 9 h-10 z", decimal(m.x, 1), decimal(mid - 5.0, 1)),
                ),
                _ => svg("circle")
                    .attr("cx", decimal(m.x, 1))
                    .attr("cy", decimal(mid, 1))
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
            .attr("y", decimal(p.usage_top + 12.0, 1))
            .attr("class", "lane-label")
            .text("Usage (% used)"),
    );
    s = s.child(
        svg("rect")
            .attr("x", "220")
            .attr("y", decimal(p.usage_top, 1))
            .attr("width", decimal(p.width - 230.0, 1))
            .attr("height", decimal(USAGE_HEIGHT, 1))
            .attr("class", "usage-band"),
    );
    for x in &p.revocations {
        s = s.child(
            svg("line")
                .attr("x1", decimal(*x, 1))
                .attr("x2", decimal(*x, 1))
                .attr("y1", decimal(p.usage_top, 1))
                .attr("y2", decimal(p.usage_top + USAGE_HEIGHT, 1))
                .attr("class", "revocation"),
        );
    }
    for u in &p.usage {
        let pts: Vec<String> = vecs::map(&u.points, |(x, y)| format!("{},{}", decimal(*x, 1), decimal(*y, 1)));
        s = s.child(
            svg("polyline")
                .attr("points", crate::core::text::join_each(&pts, " ", str::to_string))
                .attr("class", "usage")
                .child(svg("title").text(u.name.clone())),
        );
    }
    s
}

fn describe(e: &Event, l: &Ledger) -> (String, String) {
    let ty = crate::core::text::replace_str(e.body.type_name(), "_", " ");
    let who = e
        .body
        .entry()
        .and_then(|id| l.member(id))
        .map(|m| format!("{} “{}”", m.kind, preview(&m.label, 60)))
        .unwrap_or_default();
    (ty, who)
}

#[inline(never)]
pub fn view(l: &Ledger, params: &Params, now: i64, tz: i32) -> El {
    let first = l.first_at_ms().unwrap_or(now - 86_400_000);
    let start = match params.window.as_str() {
        "day" => now - 86_400_000,
        "week" => now - 7 * 86_400_000,
        _ => first.min(now - 3_600_000),
    };
    let lanes = params.lanes.unwrap_or(FIRST_LANES).clamp(1, MAX_LANES);
    let p = picture(l, start, now, &params.filter, lanes);
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
    for e in in_window.iter().take(shown) {
        let (ty, who) = describe(e, l);
        body = body.child(
            el("tr")
                .attr("data-seq", e.seq.to_string())
                .child(el("td").text(local_time(e.at_ms, tz)))
                .child(el("td").text(ty))
                .child(el("td").text(who))
                .child(
                    el("td").text(
                        e.page
                            .as_deref()
                            .map(crate::core::page::PageKind::address_of)
                            .unwrap_or(""),
                    ),
                ),
        );
    }
    table = table.child(body);
    let mut root = el("div")
        .class("timeline")
        .child(el("h1").text("revoke-watch timeline"))
        .child(el("p").class("intro").text(format!("{} entries, {} events. Squares: revoked; triangles: flags; green dots: verified. Below the entries, usage meters with a dashed line at each revocation.", l.entry_count(), l.event_count())))
        .child(zoom)
        .child(filters)
        .child(el("div").class("picture").attr("id", "picture").child(picture_view(&p, tz)));
    if p.omitted > 0 {
        let mut more = el("p")
            .class("omitted")
            .text(format!("{} more entries match but are not drawn. ", p.omitted));
        if lanes < MAX_LANES {
            more = more.child(button("Show more entries", "more-lanes").attr("data-shown", lanes.to_string()));
        } else {
            more = more.text("Narrow the filter to see them.");
        }
        root = root.child(more);
    }
    root = root.child(el("h2").text("Events")).child(table);
    // Older events than those loaded exist: the button loads them.
    let older = l.residence.events_before > 0 && l.events.first().is_some_and(|e| e.at_ms >= start);
    if in_window.len() > shown || older {
        root = root.child(button("Show more events", "more-events").attr("data-shown", shown.to_string()));
    }
    root
}
