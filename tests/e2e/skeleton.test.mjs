// Issue 2: the walking skeleton, end to end in a real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openFixture, waitFor, badgeCount, tabIdOf, artifactPath } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the service worker starts and answers from Rust/wasm', async () => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  const answer = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'version' }));
  assert.equal(answer.engine, 'rust-wasm');
  assert.match(answer.version, /^\d+\.\d+\.\d+$/);
  // The popup itself is rendered by Rust.
  await waitFor(() => page.locator('h1.title').count(), { what: 'popup title' });
  assert.equal(await page.locator('h1.title').textContent(), 'revoke-watch');
  await page.close();
});

for (const [variant, rowSelector, expected] of [
  ['table', 'tr', 4],          // text "Revoke" buttons in a table
  ['list-icons', 'li', 3],     // icon-only buttons named by aria-label or title
  ['div-grid-title', '.rounded', 3], // div grid, role=button with title only
]) {
  test(`claude-code fixture "${variant}": exactly ${expected} badges, each on its own row, visible`, async () => {
    const { tab, errors } = await openFixture(browser.context, 'claude-code', variant);
    await waitFor(async () => (await badgeCount(tab)) === expected, { what: `${expected} badges` });
    // Let a further debounced pass run: badges must not stack.
    await tab.waitForTimeout(400);
    assert.equal(await badgeCount(tab), expected);
    const rows = await tab.$$eval('revoke-watch-badge', (hosts, sel) => hosts.map((h) => {
      const row = h.closest(sel);
      const hb = h.getBoundingClientRect();
      const rb = row ? row.getBoundingClientRect() : null;
      return {
        inRow: !!row,
        hostsInRow: row ? row.querySelectorAll('revoke-watch-badge').length : 0,
        status: h.getAttribute('data-revoke-watch'),
        entry: h.getAttribute('data-revoke-watch-entry'),
        width: hb.width, height: hb.height,
        centreInsideRow: rb ? hb.top + hb.height / 2 >= rb.top && hb.top + hb.height / 2 <= rb.bottom : false,
      };
    }), rowSelector);
    for (const r of rows) {
      assert.ok(r.inRow, 'badge is inside a row');
      assert.equal(r.hostsInRow, 1, 'one badge per row');
      assert.equal(r.status, 'watching');
      assert.match(r.entry, /^e\d+$/, 'a ledger entry id');
      assert.ok(r.width > 0 && r.height > 0, 'badge has a size');
      assert.ok(r.centreInsideRow, 'badge sits on its row');
    }
    assert.deepEqual(errors, []);
    await tab.close();
  });
}

test('identical rows get distinct entry ids', async () => {
  const { tab } = await openFixture(browser.context, 'claude-code', 'table');
  await waitFor(async () => (await badgeCount(tab)) === 4, { what: '4 badges' });
  const ids = await tab.$$eval('revoke-watch-badge', (hs) => hs.map((h) => h.getAttribute('data-revoke-watch-entry')));
  assert.equal(new Set(ids).size, 4);
  await tab.close();
});

test('a row inserted later gets a badge; a removed row loses it', async () => {
  const { tab } = await openFixture(browser.context, 'claude-code', 'list-icons');
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges' });
  await tab.evaluate(() => {
    const list = document.getElementById('token-list');
    const row = list.children[0].cloneNode(true);
    row.querySelectorAll('revoke-watch-badge').forEach((b) => b.remove());
    row.querySelector('.font-medium').textContent = 'Claude Desktop';
    list.appendChild(row);
  });
  await waitFor(async () => (await badgeCount(tab)) === 4, { what: 'a 4th badge' });
  const last = await tab.$eval('#token-list > li:last-child', (li) => li.querySelectorAll('revoke-watch-badge').length);
  assert.equal(last, 1);
  await tab.evaluate(() => document.getElementById('token-list').children[1].remove());
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: 'back to 3 badges' });
  await tab.close();
});

test('a usage page gets a badge on each meter, none elsewhere, and no error', async () => {
  const { tab, errors } = await openFixture(browser.context, 'usage', 'meters');
  const id = await tabIdOf(browser.worker, tab);
  // Wait until the worker has read this page (the popup reads what it stored for the tab).
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${id}`);
  await waitFor(async () => {
    await popup.reload();
    return popup.locator('.count[data-count="3"]').count().then((c) => c === 1);
  }, { what: 'the worker to read the usage page' });
  assert.equal(await popup.locator('.count').textContent(), '3 usage meters watched on this tab');
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: 'three meter badges' });
  const badged = await tab.$$eval('revoke-watch-badge', (hs) => hs.map((h) => [h.getAttribute('data-revoke-watch-entry'), h.parentElement.firstChild.textContent]));
  assert.deepEqual(badged, [['meter:Current session', 'Current session'], ['meter:All models', 'All models'], ['meter:Sonnet only', 'Sonnet only']]);
  assert.deepEqual(errors, []);
  await popup.close();
  await tab.close();
});

test('the popup shows the watched-row count for the tab', async () => {
  const { tab } = await openFixture(browser.context, 'claude-code', 'table');
  await waitFor(async () => (await badgeCount(tab)) === 4, { what: '4 badges' });
  const id = await tabIdOf(browser.worker, tab);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${id}`);
  await waitFor(() => popup.locator('.count').count(), { what: 'popup count' });
  assert.equal(await popup.locator('.count').getAttribute('data-count'), '4');
  assert.equal(await popup.locator('.count').textContent(), '4 rows watched on this tab');
  await popup.close();
  await tab.close();
});

test('a screenshot of a badged page is written for people to look at', async () => {
  const { tab } = await openFixture(browser.context, 'claude-code', 'table');
  await waitFor(async () => (await badgeCount(tab)) === 4, { what: '4 badges' });
  const path = await artifactPath('badges-claude-code-table.png');
  await tab.screenshot({ path, fullPage: true });
  const { statSync } = await import('node:fs');
  assert.ok(statSync(path).size > 1000, 'screenshot written');
  await tab.close();
});
