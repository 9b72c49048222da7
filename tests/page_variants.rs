//! Page reading over markup generated from the public facts, varied
//! systematically: listing element (list, div rows, table, cards), how a
//! section is titled (h2/h3, `role=heading`, a styled div or paragraph),
//! how the remove control is drawn (text, `aria-label`, `title`, a
//! `div role=button`, an unnamed icon, or a "⋯" menu button whose menu is
//! closed) and named, wrapped or flat rows, an intro line, the
//! current session with or without a control (its marker alone, glued to
//! the name or one piece of a longer text), trusted devices, a "Log out of
//! all devices" block above or below, and a danger zone. Every combination
//! must read as the rows it draws: the same labels, in order, of the right
//! kind, and the log-out-everywhere control found. The fixtures are fixed
//! pages; these are the many pages between them.
#![cfg(not(target_arch = "wasm32"))]

#[path = "common/html_tree.rs"]
mod html_tree;

use revoke_watch::core::page::{read_page, PageReading, Recognition, Record};
use revoke_watch::core::time::Clock;

const CLOCK: Clock = Clock {
    now_ms: 1_795_348_800_000,
    tz_offset_min: 0,
};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Listing {
    List,
    Divs,
    Table,
    Cards,
}

#[derive(Clone, Copy, Debug)]
enum Title {
    H2,
    H3,
    RoleHeading,
    Div,
    Paragraph,
}

#[derive(Clone, Copy, Debug)]
enum Control {
    Text,
    AriaLabel,
    Title,
    DivButton,
    /// Bare text the page's script makes clickable: no button, link or role.
    BareText,
    /// An icon with no name at all.
    Unnamed,
    /// A "⋯" menu button, its menu (with the row's Revoke) closed.
    Menu,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Current {
    None,
    AloneNoControl,
    PieceNoControl,
    GluedWithControl,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum LogOut {
    None,
    TitledBlock,
    HeadingBlock,
    Top,
}

fn control(style: Control, name: &str) -> String {
    match style {
        Control::Text => format!("<button type=\"button\">{name}</button>"),
        Control::AriaLabel => {
            format!("<button type=\"button\" aria-label=\"{name}\"><svg viewBox=\"0 0 10 10\"><path d=\"M1 1l8 8\"></path></svg></button>")
        }
        Control::Title => {
            format!("<button type=\"button\" title=\"{name}\"><svg viewBox=\"0 0 10 10\"></svg></button>")
        }
        Control::DivButton => format!("<div role=\"button\" tabindex=\"0\">{name}</div>"),
        Control::BareText => format!("<span>{name}</span>"),
        Control::Unnamed => {
            "<button type=\"button\"><svg viewBox=\"0 0 10 10\"><path d=\"M1 1l8 8\"></path></svg></button>".into()
        }
        Control::Menu => "<button type=\"button\" aria-haspopup=\"menu\" aria-label=\"More options\">⋯</button>".into(),
    }
}

fn title(style: Title, text: &str) -> String {
    match style {
        Title::H2 => format!("<h2>{text}</h2>"),
        Title::H3 => format!("<h3>{text}</h3>"),
        Title::RoleHeading => format!("<div role=\"heading\" aria-level=\"3\">{text}</div>"),
        Title::Div => format!("<div class=\"text-lg font-semibold\">{text}</div>"),
        Title::Paragraph => format!("<p class=\"font-medium\">{text}</p>"),
    }
}

/// A row's cells: in a table each is a cell, elsewhere each is a block
/// (`wrapped` puts all but the control in a block of their own).
fn listing(style: Listing, rows: &[Vec<String>], wrapped: bool) -> String {
    let block = |cells: &[String]| -> String {
        let (control, texts) = cells.split_last().unwrap();
        let texts: String = texts.iter().map(|c| format!("<div>{c}</div>")).collect();
        if wrapped {
            format!("<div>{texts}</div><div>{control}</div>")
        } else {
            format!("{texts}{control}")
        }
    };
    let each =
        |open: &str, close: &str| -> String { rows.iter().map(|r| format!("{open}{}{close}", block(r))).collect() };
    match style {
        Listing::List => format!("<ul>{}</ul>", each("<li>", "</li>")),
        Listing::Divs => format!("<div>{}</div>", each("<div class=\"row\">", "</div>")),
        Listing::Cards => format!("<div>{}</div>", each("<article>", "</article>")),
        Listing::Table => {
            let rows: String = rows
                .iter()
                .map(|r| {
                    format!(
                        "<tr>{}</tr>",
                        r.iter().map(|c| format!("<td>{c}</td>")).collect::<String>()
                    )
                })
                .collect();
            format!("<table><tbody>{rows}</tbody></table>")
        }
    }
}

fn page(body: &str) -> String {
    format!("<!doctype html><html lang=\"en\"><body><div id=\"root\"><main>{body}</main></div></body></html>")
}

fn read(page_kind: &str, html: &str) -> PageReading {
    read_page(
        html_tree::snapshot_of(html, &format!("https://claude.ai/settings/{page_kind}")),
        &CLOCK,
    )
}

fn kind(r: &Record) -> &'static str {
    match r {
        Record::Token { .. } => "token",
        Record::Session { .. } => "session",
        Record::Device { .. } => "device",
        Record::Other { .. } => "other",
    }
}

fn got(r: &PageReading) -> Vec<(String, &'static str)> {
    r.entries
        .iter()
        .map(|e| (e.label().to_string(), kind(&e.record)))
        .collect()
}

/// A small deterministic generator: every combination is listed, and a
/// fixed share of them is read (all of them take a few seconds more).
struct Pick(u64);

impl Pick {
    fn keep(&mut self, one_in: u64) -> bool {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % one_in == 0
    }
}

const LISTINGS: [Listing; 4] = [Listing::List, Listing::Divs, Listing::Table, Listing::Cards];
const TITLES: [Title; 5] = [Title::H2, Title::H3, Title::RoleHeading, Title::Div, Title::Paragraph];
/// Token rows may also have only a "⋯" menu (its Revoke drawn while open).
const CONTROLS: [Control; 7] = [
    Control::Text,
    Control::AriaLabel,
    Control::Title,
    Control::DivButton,
    Control::BareText,
    Control::Unnamed,
    Control::Menu,
];

#[test]
fn token_listings_read_as_drawn_in_every_markup() {
    let labels = [
        "Claude Code",
        "Claude Code",
        "Claude Desktop",
        "Remote control",
        "Claude Code",
    ];
    let times = [
        "Connected 45 minutes ago",
        "Connected 3 days ago",
        "Connected 3 days ago",
        "Connected 2 months ago",
        "Connected yesterday",
    ];
    let mut pick = Pick(7);
    let mut read_pages = 0;
    for count in [1, 2, 5] {
        for list in LISTINGS {
            for heading in TITLES {
                for style in CONTROLS {
                    for name in ["Revoke", "Revoke token", "Delete"] {
                        for wrapped in [false, true] {
                            for intro in [false, true] {
                                if !pick.keep(4) {
                                    continue;
                                }
                                let rows: Vec<Vec<String>> = (0..count)
                                    .map(|i| {
                                        let scopes = if i % 2 == 0 {
                                            "user:inference, user:profile"
                                        } else {
                                            "user:inference"
                                        };
                                        vec![labels[i].into(), times[i].into(), scopes.into(), control(style, name)]
                                    })
                                    .collect();
                                let intro = if intro {
                                    "<p>Manage your authorization tokens</p>"
                                } else {
                                    ""
                                };
                                let html = page(&format!(
                                    "{}{intro}{}",
                                    title(heading, "Authorization tokens"),
                                    listing(list, &rows, wrapped)
                                ));
                                let r = read("claude-code", &html);
                                let want: Vec<(String, &str)> =
                                    labels[..count].iter().map(|l| (l.to_string(), "token")).collect();
                                let case = format!("{count} rows, {list:?}, {heading:?}, {style:?} {name:?}, wrapped {wrapped}, intro {}", !intro.is_empty());
                                assert_eq!(got(&r), want, "{case}\n{html}");
                                assert_eq!(r.status, Recognition::Recognised, "{case}");
                                read_pages += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(read_pages > 300, "{read_pages} pages read");
}

#[test]
fn account_pages_read_as_drawn_in_every_markup() {
    let sessions = ["Firefox on Windows", "Safari on iPhone", "Claude Desktop on macOS"];
    let mut pick = Pick(11);
    let mut read_pages = 0;
    for count in [1, 2, 3] {
        for list in LISTINGS {
            for heading in TITLES {
                for style in [
                    Control::Text,
                    Control::AriaLabel,
                    Control::DivButton,
                    Control::BareText,
                    Control::Unnamed,
                    Control::Menu,
                ] {
                    for name in ["Terminate", "Revoke", "Sign out", "End session"] {
                        for current in [
                            Current::None,
                            Current::AloneNoControl,
                            Current::PieceNoControl,
                            Current::GluedWithControl,
                        ] {
                            for log_out in [LogOut::None, LogOut::TitledBlock, LogOut::HeadingBlock, LogOut::Top] {
                                for (devices, danger) in [(false, false), (true, false), (true, true)] {
                                    if !pick.keep(12) {
                                        continue;
                                    }
                                    let mut rows: Vec<Vec<String>> = Vec::new();
                                    let mut want: Vec<(String, &str)> = Vec::new();
                                    match current {
                                        Current::None => {}
                                        Current::AloneNoControl => rows.push(vec![
                                            "Chrome on Linux".into(),
                                            "Current session".into(),
                                            "San Francisco, US".into(),
                                            String::new(),
                                        ]),
                                        Current::PieceNoControl => rows.push(vec![
                                            "Chrome on Linux".into(),
                                            "Current session · San Francisco, US".into(),
                                            String::new(),
                                        ]),
                                        Current::GluedWithControl => {
                                            rows.push(vec![
                                                "Chrome on Linux (Current)".into(),
                                                "San Francisco, US · Active now".into(),
                                                control(style, name),
                                            ]);
                                            want.push(("Chrome on Linux".into(), "session"));
                                        }
                                    }
                                    for (i, s) in sessions[..count].iter().enumerate() {
                                        rows.push(vec![
                                            s.to_string(),
                                            format!("Berlin, Germany · Last active {} hours ago", i + 2),
                                            control(style, name),
                                        ]);
                                        want.push((s.to_string(), "session"));
                                    }
                                    if list == Listing::Table {
                                        // Every row of a table has as many cells.
                                        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                                        for r in &mut rows {
                                            while r.len() < width {
                                                r.insert(r.len() - 1, String::new());
                                            }
                                        }
                                    }
                                    let mut body = String::from("<h1>Account</h1>");
                                    let log_out_block = match log_out {
                                        LogOut::None => String::new(),
                                        LogOut::TitledBlock | LogOut::Top => format!(
                                            "<section><div>Log out of all devices</div><p>Sign out of every session, including this one.</p>{}</section>",
                                            control(Control::Text, "Log out")
                                        ),
                                        LogOut::HeadingBlock => format!(
                                            "<section>{}<p>Sign out of every session, including this one.</p>{}</section>",
                                            title(heading, "Log out of all devices"),
                                            control(Control::Text, "Log out")
                                        ),
                                    };
                                    if log_out == LogOut::Top {
                                        body.push_str(&log_out_block);
                                    }
                                    body.push_str(&format!(
                                        "<section>{}{}</section>",
                                        title(heading, "Active sessions"),
                                        listing(list, &rows, false)
                                    ));
                                    if devices {
                                        let rows: Vec<Vec<String>> = [("MacBook Pro", "macOS"), ("Pixel 8", "Android")]
                                            .iter()
                                            .enumerate()
                                            .map(|(i, (d, p))| {
                                                vec![
                                                    d.to_string(),
                                                    format!("{p} · Added Nov {}, 2026", 3 + i),
                                                    control(style, "Remove"),
                                                ]
                                            })
                                            .collect();
                                        let list = if list == Listing::Table { Listing::Divs } else { list };
                                        body.push_str(&format!(
                                            "<section id=\"trusted-devices\">{}{}</section>",
                                            title(heading, "Trusted devices"),
                                            listing(list, &rows, false)
                                        ));
                                        want.push(("MacBook Pro".into(), "device"));
                                        want.push(("Pixel 8".into(), "device"));
                                    }
                                    if matches!(log_out, LogOut::TitledBlock | LogOut::HeadingBlock) {
                                        body.push_str(&log_out_block);
                                    }
                                    if danger {
                                        body.push_str(&format!(
                                            "<section>{}<p>Delete your account and all its data.</p>{}</section>",
                                            title(heading, "Danger zone"),
                                            control(Control::Text, "Delete account")
                                        ));
                                    }
                                    let html = page(&body);
                                    let r = read("account", &html);
                                    let case = format!(
                                        "{count} sessions, {list:?}, {heading:?}, {style:?} {name:?}, current {current:?}, log out {log_out:?}, devices {devices}, danger {danger}"
                                    );
                                    assert_eq!(got(&r), want, "{case}\n{html}");
                                    let log_outs: Vec<(&str, bool)> = r
                                        .log_out_controls
                                        .iter()
                                        .map(|l| (l.label.as_str(), l.explicit))
                                        .collect();
                                    if log_out == LogOut::None {
                                        assert!(log_outs.iter().all(|(l, _)| *l != "Log out"), "{case}: {log_outs:?}");
                                    } else {
                                        assert_eq!(log_outs, [("Log out", true)], "{case}\n{html}");
                                    }
                                    assert_eq!(r.status, Recognition::Recognised, "{case}");
                                    read_pages += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(read_pages > 300, "{read_pages} pages read");
}
