// Issue 3 in a real browser: the content script's tree equals the native
// one built from the same HTML, and every fixture reads in Chromium as its
// golden file says (count of watched rows, recognised or not).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openFixture, waitFor, badgeCount, tabIdOf, generated, ask, ROOT, FIXTURES } from './harness.mjs';

const SNAPSHOT_JS = readFileSync(join(ROOT, 'extension', 'content-script', 'snapshot.js'), 'utf8');
const TREES = join(ROOT, 'target', 'fixture-trees');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.html')).map((f) => f.slice(0, -5)).sort();

for (const name of ['claude-code--table', 'claude-code--list-icons', 'claude-code--hostile', 'account--sessions-devices', 'usage--meters', 'claude-code--confirm-dialog', 'claude-code--hidden-and-dialogs']) {
  test(`browser-made tree equals the native tree: ${name}`, async () => {
    const nativeFile = join(TREES, `${name}.json`);
    assert.ok(existsSync(nativeFile), 'native trees are written by `cargo test` (run it first)');
    const [page, variant] = name.split('--');
    const { tab } = await openFixture(browser.context, page, variant);
    // The real serialiser source, run on the page's DOM (badges it may have
    // drawn by now are skipped by the serialiser itself).
    const nodes = await tab.evaluate(`${SNAPSHOT_JS}; revokeWatch.snapshot(document.body, location.href, 'en').snapshot.nodes`);
    assert.deepStrictEqual(nodes, JSON.parse(readFileSync(nativeFile, 'utf8')));
    await tab.close();
  });
}

// The limits cut the walk short: what is sent is then exactly the start of
// the full tree, in document order, and says it was truncated.
test('a page over the limits is sent as the start of its tree, marked truncated', async () => {
  const { tab } = await openFixture(browser.context, 'claude-code', 'hostile');
  const r = await tab.evaluate(`${SNAPSHOT_JS};
    (() => {
      const full = revokeWatch.snapshot(document.body, location.href, 'en').snapshot;
      const L = revokeWatch.LIMITS;
      const byNodes = revokeWatch.snapshot(document.body, location.href, 'en', { ...L, maxNodes: 7 }).snapshot;
      const texts = full.nodes.filter((n) => 'x' in n);
      const chars = texts[0].x.length + texts[1].x.length;
      const byChars = revokeWatch.snapshot(document.body, location.href, 'en', { ...L, maxTotalChars: chars }).snapshot;
      return { full, byNodes, byChars, third: full.nodes.indexOf(texts[2]) };
    })()`);
  assert.equal(r.full.truncated, false);
  assert.ok(r.full.nodes.length > 7 && r.third > 0);
  assert.equal(r.byNodes.truncated, true);
  assert.deepStrictEqual(r.byNodes.nodes, r.full.nodes.slice(0, 7));
  // Two text runs fit exactly; the third would pass the limit.
  assert.equal(r.byChars.truncated, true);
  assert.deepStrictEqual(r.byChars.nodes, r.full.nodes.slice(0, r.third));
  await tab.close();
});

for (const name of fixtures) {
  test(`reads in Chromium as its golden file says: ${name}`, async () => {
    const golden = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));
    const [page, variant] = name.split('--');
    const { tab, errors } = await openFixture(browser.context, page, variant);
    const id = await tabIdOf(browser.worker, tab);
    const summary = await waitFor(() => browser.worker.evaluate(async (key) => { const t = (await chrome.storage.session.get(key))[key]; return t && JSON.parse(t); }, `tab:${id}`), { what: `the worker's reading of ${name}` });
    // A badge on every row, and on every usage meter.
    const badged = golden.entries.length + golden.meters.length;
    assert.equal(summary.watched, badged, 'watched rows and meters');
    assert.equal(summary.recognised, golden.status.state === 'recognised', `recognition (${summary.reason || 'recognised'})`);
    await waitFor(async () => (await badgeCount(tab)) === badged, { what: `${badged} badges` });
    assert.deepEqual(errors, []);
    await tab.close();
  });
}

// Opens a styled tokens page (utility classes, a wide window) made for one
// test and waits for the worker's reading of it: {tab, summary}.
async function readStyledPage(fixture, body) {
  generated.set(`claude-code?fixture=${fixture}`, `<!doctype html><html lang="en"><head><link rel="stylesheet" href="/fixture-assets/utility-classes.css"></head><body><main><h2>Authorization tokens</h2>${body}</main></body></html>`);
  const tab = await browser.context.newPage();
  await tab.setViewportSize({ width: 1280, height: 800 });
  await tab.goto(`https://claude.ai/settings/claude-code?fixture=${fixture}`);
  const id = await tabIdOf(browser.worker, tab);
  const summary = await waitFor(() => browser.worker.evaluate(async (key) => { const t = (await chrome.storage.session.get(key))[key]; return t && JSON.parse(t); }, `tab:${id}`), { what: 'the reading' });
  return { tab, summary };
}

// The same, with the narrow screens' copy drawn as plain `div` cards (no
// list or table element to ask about): not displayed, it is not read
// either. The table's rows draw Rename and Revoke together only under the
// pointer: those rows are still read.
test('a copy of a listing drawn as div cards and not displayed is not read', async () => {
  const tokens = [['Cards token A', 'Connected 4 days ago'], ['Cards token B', 'Connected 6 days ago'], ['Cards token C', 'Connected 1 hour ago']];
  const table = `<div class="hidden md:block"><table><tbody>${tokens.map(([l, c]) => `<tr class="group"><td>${l}</td><td>${c}</td><td><div class="hidden group-hover:flex"><button>Rename</button><button>Revoke</button></div></td></tr>`).join('')}</tbody></table></div>`;
  const cards = `<div class="md:hidden">${tokens.map(([l, c]) => `<div><div><div>${l}</div><div>${c}</div></div><button>Revoke</button></div>`).join('')}</div>`;
  const { tab, summary } = await readStyledPage('cards-twice', `${table}${cards}`);
  assert.equal(summary.watched, 3, 'three tokens watched, not six');
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges' });
  assert.equal(await tab.locator('table revoke-watch-badge').count(), 3, 'the badges are on the copy displayed');
  const { entries } = await ask(browser, { type: 'ledger' });
  assert.equal(entries.filter((e) => e.label.startsWith('Cards token')).length, 3, 'each token once');
  await tab.close();
});

// Utility-class pages draw a listing twice, a table for wide screens and
// cards for narrow ones, one of them not displayed; and may draw a row's
// Revoke only under the pointer, in a bar not displayed until then. The
// copy not displayed is not read (three tokens, not six); the bar is (its
// row is drawn), so the rows are still read.
test('a listing drawn twice, one copy not displayed, is read once; a Revoke shown only on hover is still read', async () => {
  const tokens = [['Twice token A', 'Connected 3 days ago'], ['Twice token B', 'Connected 5 days ago'], ['Twice token C', 'Connected 2 hours ago']];
  // Each table row's scopes collapsed in a part not displayed: still read,
  // so a token's reading does not change when its row is expanded.
  const table = `<table class="hidden md:table overflow-hidden"><tbody>${tokens.map(([l, c]) => `<tr class="group"><td>${l}<ul class="hidden"><li>user:inference</li><li>user:profile</li></ul></td><td>${c}</td><td><span class="hidden group-hover:inline"><button>Revoke</button></span></td></tr>`).join('')}</tbody></table>`;
  const cards = `<ul class="md:hidden">${tokens.map(([l, c]) => `<li><div>${l}</div><div>${c}</div><button aria-label="Revoke token">×</button></li>`).join('')}</ul>`;
  // A second listing whose Revoke buttons are themselves not displayed
  // until the pointer comes.
  const apps = `<h2>Connected apps</h2><ul>${[['Claude Code', 'Connected 9 days ago']].map(([l, c]) => `<li class="group"><div>${l}</div><div>${c}</div><button class="hidden group-hover:inline">Revoke</button></li>`).join('')}</ul>`;
  const { tab, summary } = await readStyledPage('twice', `${table}${cards}${apps}`);
  assert.equal(summary.watched, 4, 'three tokens watched, not six, and the app');
  await waitFor(async () => (await badgeCount(tab)) === 4, { what: '4 badges' });
  assert.equal(await tab.locator('table revoke-watch-badge').count(), 3, 'the badges are on the copy displayed');
  const { entries } = await ask(browser, { type: 'ledger' });
  const twice = entries.filter((e) => e.label.startsWith('Twice token'));
  assert.deepEqual(twice.map((e) => e.scopes), Array(3).fill(['user:inference', 'user:profile']), 'each once, with its collapsed scopes');
  await tab.close();
});
