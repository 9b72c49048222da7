//! Native benchmarks of the core's hot paths: a small harness with warm-up
//! and medians (these machines are noisy), printing one line per figure.
//! Run by `./build.sh bench`; results go to BENCHMARKS.md.

#[path = "../tests/common/html_tree.rs"]
mod html_tree;
#[path = "../tests/common/stored.rs"]
mod stored;

use revoke_watch::core::export::export_file;
use revoke_watch::core::export::{import, Format};
use revoke_watch::core::ledger::{ClickAction, Ledger, Settings, Viewer};

/// The tab every reading comes from, showing a fresh page.
const TAB_1: Viewer = Viewer {
    tab: 1,
    shown_since: None,
};
use revoke_watch::core::messages::{parse_request, Origin};
use revoke_watch::core::page::read_page;
use revoke_watch::core::storage;
use revoke_watch::core::time::Clock;
use revoke_watch::core::worker::{handle, take_writes, Store};
use std::time::Instant;

const T0: i64 = 1_795_348_800_000;

/// Median of `samples` timings (ms) after `warmup` unmeasured runs.
fn median_ms(warmup: usize, samples: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..warmup {
        f();
    }
    let mut t: Vec<f64> = (0..samples)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(|a, b| a.partial_cmp(b).unwrap());
    t[t.len() / 2]
}

fn page(rows: usize, tag: &str) -> String {
    let items: String = (0..rows)
        .map(|i| format!("<li><span>{tag} token {i}</span><span>Connected {} days ago</span><span>user:inference user:profile</span><button>Revoke</button></li>", i % 30 + 1))
        .collect();
    format!("<html lang=en><body><main><h2>Authorization tokens</h2><ul>{items}</ul></main></body></html>")
}

/// A ledger with about `events` events of realistic churn: visits of 300
/// tokens, ten revoked per cycle and gone at the next visit, new ones seen.
fn history(events: usize) -> Ledger {
    let mut l = Ledger::new(Settings::default());
    let mut cycle = 0;
    while l.events.len() < events {
        let snap = html_tree::snapshot_of(
            &page(300, &format!("c{cycle}")),
            "https://claude.ai/settings/claude-code",
        );
        let clock = Clock {
            now_ms: T0 + cycle as i64 * 60_000,
            tz_offset_min: 0,
        };
        let ids = l.observe(&read_page(snap, &clock), TAB_1, clock.now_ms);
        for (k, id) in ids.iter().take(10).enumerate() {
            l.click(
                &format!("{cycle}-{k}"),
                ClickAction::Revoke { entry: id.clone() },
                1,
                "claude_code",
                clock.now_ms + 1,
            );
        }
        cycle += 1;
    }
    l
}

/// 2,000 entries and about 100,000 events: revocations requested and
/// cancelled on the same entries, for the timeline's first paint.
fn wide_history() -> Ledger {
    let mut l = Ledger::new(Settings::default());
    let snap = html_tree::snapshot_of(&page(2_000, "wide"), "https://claude.ai/settings/claude-code");
    let clock = Clock {
        now_ms: T0,
        tz_offset_min: 0,
    };
    let ids = l.observe(&read_page(snap, &clock), TAB_1, T0);
    let mut k = 0u64;
    while l.events.len() < 100_000 {
        let id = &ids[k as usize % ids.len()];
        let at = T0 + 1_000 + k as i64;
        l.click(
            &format!("r{k}"),
            ClickAction::Revoke { entry: id.clone() },
            7,
            "claude_code",
            at,
        );
        l.click(&format!("x{k}"), ClickAction::DialogCancel, 7, "claude_code", at);
        k += 1;
    }
    l
}

/// Writes the JSON exports the browser benchmarks import.
fn write_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let now = T0 + 86_400_000;
    std::fs::write(
        dir.join("ledger-100k.json"),
        export_file(&history(100_000), Format::Json, false, now)
            .unwrap()
            .content,
    )
    .unwrap();
    std::fs::write(
        dir.join("timeline-2000x100k.json"),
        export_file(&wide_history(), Format::Json, false, now).unwrap().content,
    )
    .unwrap();
    println!("browser fixtures written\t{}\tpath", dir.display());
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.as_deref() == Some("fixtures") {
        write_fixtures();
        return;
    }
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    println!("figure\tvalue\tunit");
    let three_hundred = html_tree::snapshot_of(&page(300, "bench"), "https://claude.ai/settings/claude-code");
    let clock = Clock {
        now_ms: T0,
        tz_offset_min: 0,
    };
    if run("read") {
        // The reader takes its snapshot over: copies are made before timing.
        let mut copies = vec![three_hundred.clone(); 36];
        let ms = median_ms(5, 31, || {
            std::hint::black_box(read_page(copies.pop().unwrap(), &clock));
        });
        println!(
            "read a 300-row page tree ({} nodes)\t{ms:.3}\tms (median of 31)",
            three_hundred.nodes.len()
        );
    }
    if run("message") {
        // One content-script pass as the worker handles it: the message text
        // parsed, the page read and matched, the answer and the writes built.
        let twenty = html_tree::snapshot_of(&page(20, "pass"), "https://claude.ai/settings/claude-code");
        let text = format!(
            r#"{{"type":"page","snapshot":{},"tz_offset_min":0}}"#,
            revoke_watch::core::json::to_string(&twenty)
        );
        let mut store = Store::Ready(Ledger::new(Settings::default()));
        let handle_once = |store: &mut Store| {
            let req = parse_request(&text).unwrap();
            let mut out = handle(store, req, Origin::ContentScript { tab_id: 1 }, T0);
            let answer = out.answer.to_string();
            let writes = take_writes(store, &mut out);
            std::hint::black_box((answer, writes));
        };
        handle_once(&mut store);
        if std::env::var("BREAKDOWN").is_ok() {
            let parse = median_ms(5, 51, || {
                std::hint::black_box(parse_request(&text).unwrap());
            });
            let mut copies = vec![twenty.clone(); 56];
            let read = median_ms(5, 51, || {
                std::hint::black_box(read_page(copies.pop().unwrap(), &clock));
            });
            let reading = read_page(twenty.clone(), &clock);
            let Store::Ready(l) = &mut store else { unreachable!() };
            let observe = median_ms(5, 51, || {
                std::hint::black_box(l.observe(&reading, TAB_1, T0));
            });
            let w = median_ms(5, 51, || {
                std::hint::black_box(storage::writes(l, 1));
            });
            println!("parse {parse:.3} read {read:.3} observe {observe:.3} writes-all {w:.3}");
        }
        let ms = median_ms(5, 51, || handle_once(&mut store));
        println!("page message handled natively (20 rows, {} nodes: parse, read, match, answer, writes)\t{ms:.3}\tms (median of 51)", twenty.nodes.len());
    }
    if run("ledger") {
        let reading = read_page(three_hundred.clone(), &clock);
        // (events, entries, copies) per history length. Each sample
        // updates its own copy (made before timing starts). A copy keeps
        // the spare room of the ledger it copies, as a ledger loaded or
        // grown by pushes has it: a clone's lists are exactly full, so the
        // visit's first push would move every event and entry to a larger
        // list, a cost that grows with the history and that a real visit
        // pays only now and then.
        let mut sets: Vec<(usize, usize, Vec<Ledger>)> = Vec::new();
        for n in [1_000usize, 10_000, 100_000] {
            let l = history(n);
            let copies = (0..13)
                .map(|_| {
                    let mut c = l.clone();
                    c.events.reserve_exact(l.events.capacity() - l.events.len());
                    c.state
                        .members
                        .reserve_exact(l.state.members.capacity() - l.state.members.len());
                    c
                })
                .collect();
            sets.push((l.events.len(), l.state.members.len(), copies));
        }
        // The three lengths are timed in turn, one visit each per round, so
        // that a busy spell of the machine falls on all of them alike; the
        // ratio is the median of each round's own ratio.
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); sets.len()];
        for round in 0..13 {
            for (k, (_, _, copies)) in sets.iter_mut().enumerate() {
                let s = Instant::now();
                std::hint::black_box(copies[round].observe(&reading, TAB_1, T0 + 86_400_000));
                let ms = s.elapsed().as_secs_f64() * 1000.0;
                if round >= 2 {
                    times[k].push(ms);
                }
            }
        }
        let median = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(|a, b| a.partial_cmp(b).unwrap());
            v[v.len() / 2]
        };
        for ((events, entries, _), t) in sets.iter().zip(&times) {
            println!(
                "ledger update, 300-row visit, history {events} events ({entries} entries)\t{:.3}\tms (median of 11)",
                median(t)
            );
        }
        let ratios: Vec<f64> = times[2].iter().zip(&times[0]).map(|(big, small)| big / small).collect();
        println!(
            "ledger update ratio 100k/1k, median of 11 rounds' ratios (budget ≤ 2)\t{:.2}\t×",
            median(&ratios)
        );
    }
    if run("export") || run("import") || run("bytes") {
        let l = history(100_000);
        let now = T0 + 86_400_000;
        for (f, name) in [
            (Format::Json, "JSON"),
            (Format::Csv, "CSV"),
            (Format::Jsonl, "JSON Lines"),
            (Format::Markdown, "Markdown"),
            (Format::Html, "HTML"),
        ] {
            if run("export") {
                let ms = median_ms(1, 5, || {
                    std::hint::black_box(export_file(&l, f, false, now).unwrap());
                });
                println!("export {} events to {name}\t{ms:.1}\tms (median of 5)", l.events.len());
            }
        }
        let text = export_file(&l, Format::Json, false, now).unwrap().content;
        if run("import") {
            let ms = median_ms(1, 5, || {
                let t = import::parse(&text).unwrap();
                let mut empty = Ledger::new(Settings::default());
                std::hint::black_box(import::merge(&mut empty, import::incoming(&t)));
            });
            println!(
                "import {} events ({:.1} MB JSON) into an empty ledger\t{ms:.1}\tms (median of 5)",
                l.events.len(),
                text.len() as f64 / 1_048_576.0
            );
        }
        if run("bytes") {
            let items = storage::all_items(&l);
            // As chrome.storage keeps them: each value is a JSON string.
            let stored = |k: &str| serde_json::to_string(&items[k]).map_or(0, |t| t.len());
            let total =
                |prefix: &str| -> usize { items.keys().filter(|k| k.starts_with(prefix)).map(|k| stored(k)).sum() };
            println!(
                "stored bytes per event, {} events (budget ≤ 300)\t{:.0}\tbytes",
                l.events.len(),
                total("ledger.seg.") as f64 / l.events.len() as f64
            );
            println!(
                "stored state (entries still watched), of {} entries\t{:.2}\tMB",
                l.state.members.len(),
                stored(storage::STATE) as f64 / 1_048_576.0
            );
            println!(
                "stored archive (entries gone, not watched)\t{:.1}\tMB",
                total("ledger.archive.") as f64 / 1_048_576.0
            );
            let wake = stored::wake_items(&items);
            let ms = median_ms(1, 9, || {
                std::hint::black_box(storage::load(&wake, false).unwrap());
            });
            println!(
                "load at wake (meta, state, newest segments), {} events\t{ms:.1}\tms (median of 9)",
                l.events.len()
            );
            // The browser's wake figure without the browser: the load above,
            // then the `state` request answered from what it loaded.
            let mut size = 0;
            let ms = median_ms(1, 9, || {
                let mut store = Store::Ready(storage::load(&wake, false).unwrap());
                let req = parse_request(r#"{"type":"state"}"#).unwrap();
                let out = handle(&mut store, req, Origin::ExtensionPage, T0 + 60_000);
                size = out.answer.len();
                std::hint::black_box(out);
            });
            println!(
                "wake natively: load at wake, then answer `state` ({:.2} MB answer), {} events\t{ms:.1}\tms (median of 9)",
                size as f64 / 1_048_576.0,
                l.events.len()
            );
            let ms = median_ms(1, 5, || {
                std::hint::black_box(storage::load(&items, true).unwrap());
            });
            println!(
                "load everything and chain-verify {} stored events\t{ms:.1}\tms (median of 5)",
                l.events.len()
            );
        }
    }
}
