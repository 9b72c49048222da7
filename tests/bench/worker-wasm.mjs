// The service worker's own work on a page message, in wasm: the built
// module (build/wasm) run in Node, from `begin` to the step that sends
// the page's answer, on token pages of 20, 70 and 200 rows. It is the
// part of the badge latency that grows with the page (BENCHMARKS.md);
// Node's V8 runs the module as the browser's does, without the browser's
// messaging around it, so the figure is steady from run to run.
// `./build.sh bench` runs it; it prints numbers and asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const dir = process.argv[2] || join(ROOT, 'build', 'wasm');
globalThis.chrome = { runtime: { id: 'bench', getURL: (p) => `chrome-extension://bench/${p}` } };
const glue = await import(join(dir, 'revoke_watch.js'));
await glue.default({ module_or_path: readFileSync(join(dir, 'revoke_watch_bg.wasm')) });

// A page message as the content script sends it: the snapshot's nodes in
// document order, each with its parent's index.
function message(rows) {
  const nodes = [{ p: -1, t: 'body' }, { p: 0, t: 'main' }, { p: 1, t: 'h2' }, { p: 2, x: 'Authorization tokens' }, { p: 1, t: 'ul' }];
  for (let i = 0; i < rows; i++) {
    const li = nodes.push({ p: 4, t: 'li' }) - 1;
    for (const text of [`Bench token ${i}`, 'Connected 1 day ago', 'user:inference']) {
      const span = nodes.push({ p: li, t: 'span' }) - 1;
      nodes.push({ p: span, x: text });
    }
    const button = nodes.push({ p: li, t: 'button' }) - 1;
    nodes.push({ p: button, x: 'Revoke' });
  }
  const snapshot = { v: 1, url: 'https://claude.ai/settings/claude-code', lang: 'en', nodes };
  return JSON.stringify({ type: 'page', snapshot, tz_offset_min: 0 });
}

// Storage as a plain object; every other browser call succeeds at once.
const stored = {};
function perform([name, args]) {
  if (name === 'storage.local.get') {
    const keys = args[0];
    return keys === null ? { ...stored } : Object.fromEntries(keys.filter((k) => k in stored).map((k) => [k, stored[k]]));
  }
  if (name === 'storage.local.set') Object.assign(stored, args[0]);
  return undefined;
}

const sender = { id: 'bench', url: 'https://claude.ai/settings/claude-code', tab: { id: 1 } };
console.log('figure\tvalue\tunit');
for (const rows of [20, 70, 200]) {
  const text = message(rows);
  const times = [];
  for (let i = 0; i < 330; i++) {
    const start = performance.now();
    let step = glue.begin(text, sender);
    let answered = null;
    while (step[0] !== 'done') {
      if (step[0] === 'answer') {
        answered = performance.now();
        step = glue.resume(true, undefined);
      } else {
        step = glue.resume(true, step[1].map(perform));
      }
    }
    if (i >= 30 && answered !== null) times.push(answered - start);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1];
  console.log(`worker's work before a page's answer, wasm in Node, ${rows} rows\t${median.toFixed(3)}\tms (median of ${times.length})`);
  if (rows === 200) console.log(`  per row, 200 rows\t${((median / rows) * 1000).toFixed(1)}\tµs`);
}
