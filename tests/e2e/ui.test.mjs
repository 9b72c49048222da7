// Issues 5 and 6 in a real browser: what the user sees (badges, page
// summary, toolbar, popup, timeline, options, reminders) and the exports
// and import, with screenshots for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, waitFor, badgeCount, ask, tokensPage, generated, ROOT } from './harness.mjs';

const SHOTS = join(ROOT, 'target', 'screenshots');
let browser;
before(async () => { browser = await launch(); await mkdir(SHOTS, { recursive: true }); });
after(async () => { await browser?.close(); });

let n = 0;
async function open(html, page = 'claude-code') {
  const key = `${page}?fixture=ui${++n}`;
  generated.set(key, html);
  const tab = await browser.context.newPage();
  await tab.goto(`https://claude.ai/settings/${key}`);
  return tab;
}
const extPage = async (path) => {
  const p = await browser.context.newPage();
  await p.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return p;
};
async function shoot(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('badges, page summary and toolbar agree with the ledger', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const rows = [['Claude Code', 'Connected 3 days ago'], ['Claude Desktop', 'Connected 2 hours ago'], ['Remote control', 'Connected yesterday']];
  const tab = await open(tokensPage(rows));
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges' });
  await tab.waitForTimeout(300);
  await tab.locator('li').nth(0).getByRole('button', { name: 'Revoke' }).click();
  await tab.waitForTimeout(100);
  await tab.reload();
  await waitFor(async () => (await tab.locator('revoke-watch-badge[data-revoke-watch="zombie"]').count()) === 1, { what: 'zombie badge' });
  // Badge words and status.
  const zombie = tab.locator('revoke-watch-badge[data-revoke-watch="zombie"]');
  assert.match(await zombie.getAttribute('aria-label'), /Still listed .* after revoke/);
  assert.equal(await zombie.getAttribute('tabindex'), '0', 'keyboard focusable');
  assert.equal(await tab.locator('revoke-watch-badge[data-revoke-watch="watching"]').count(), 2);
  // Summary above the listing, counts equal to the ledger's for this page.
  const summary = tab.locator('revoke-watch-summary');
  await waitFor(() => summary.count(), { what: 'summary' });
  const placed = await tab.evaluate(() => document.querySelector('revoke-watch-summary').nextElementSibling.tagName);
  assert.equal(placed, 'UL', 'the summary sits right above the listing');
  const state = await ask(browser, { type: 'state' });
  assert.ok(state.counts.zombie >= 1);
  // The toolbar counts flagged entries, in red, with a tooltip that says so.
  const popup = await extPage('popup/popup.html');
  const badge = await popup.evaluate(async () => ({ text: await chrome.action.getBadgeText({}), title: await chrome.action.getTitle({}) }));
  assert.equal(badge.text, String(state.counts.zombie + state.counts.flagged_meters));
  assert.match(badge.title, /may not have taken effect/);
  await zombie.focus(); // keyboard focus opens the evidence popover
  await shoot(tab, 'badged-page');
  await popup.close();
  await tab.close();
  await ask(browser, { type: 'settings', set: { grace_ms: 600000 } });
});

test('the popup shows counts, the flagged entry with its evidence, pages checked, and exports a file', async () => {
  const page = await extPage('popup/popup.html');
  await waitFor(() => page.locator('.counts').count(), { what: 'popup counts' });
  const zombies = await page.locator('.counts li[data-status="zombie"]').getAttribute('data-count');
  const state = await ask(browser, { type: 'state' });
  assert.equal(Number(zombies), state.counts.zombie);
  assert.ok(await page.locator('section.flagged article.flag').count() >= 1);
  assert.match(await page.locator('section.flagged').textContent(), /Still listed after the grace period \(still-listed\)/);
  assert.match(await page.locator('ul.checked').textContent(), /Claude Code tokens: last checked/);
  await shoot(page, 'popup');
  for (const [format, ext] of [['json', 'json'], ['csv', 'csv'], ['html', 'html'], ['markdown', 'md'], ['jsonl', 'jsonl']]) {
    await page.selectOption('#export-format', format);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    assert.match(download.suggestedFilename(), new RegExp(`^revoke-watch-\\d{8}T\\d{4}\\.${ext}$`));
    const path = join(ROOT, 'target', 'e2e', download.suggestedFilename());
    await download.saveAs(path);
    const text = await readFile(path, 'utf8');
    if (format === 'json') {
      const doc = JSON.parse(text);
      assert.equal(doc.schema, 'revoke-watch.timeline');
      assert.equal(doc.events.length, state.entries.reduce((a, e) => a, 0) + doc.integrity.events);
    }
    if (format === 'html') await writeFile(join(ROOT, 'target', 'e2e', 'report.html'), text);
  }
  await page.close();
});

// After the popup's screenshot, whose list of pages checked would
// otherwise show this page's failure as the tokens page's last check.
test('a page that cannot be read gets a plain notice', async () => {
  const tab = await open('<!doctype html><html lang="en"><body><main><h1>Settings</h1><p>Something new</p><button>Manage</button></main></body></html>');
  const summary = tab.locator('revoke-watch-summary[data-revoke-watch-summary="not-recognised"]');
  await waitFor(() => summary.count(), { what: 'not-recognised summary' });
  assert.equal(await badgeCount(tab), 0);
  await tab.close();
});

test('the HTML report opens with no network request', async () => {
  const html = await readFile(join(ROOT, 'target', 'e2e', 'report.html'), 'utf8');
  const page = await browser.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(html, { waitUntil: 'load' });
  assert.match(await page.locator('h1').textContent(), /Revocations on claude\.ai/);
  assert.ok(await page.locator('svg').count() >= 1);
  assert.deepEqual(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank'), []);
  await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
  await page.close();
});

test('the timeline draws 2,000 entries a page of lanes at a time, zooms and filters', async () => {
  const rows = Array.from({ length: 2000 }, (_, i) => [`Bulk token ${i}`, `Connected ${(i % 50) + 1} days ago`]);
  const tab = await open(tokensPage(rows));
  await waitFor(async () => (await badgeCount(tab)) === 2000, { timeout: 30000, what: '2,000 badges' });
  await tab.close();
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/timeline/timeline.html`);
  // The first paint draws the first 200 lanes and says how many are left.
  await waitFor(async () => (await page.locator('svg g.lane').count()) === 200, { timeout: 20000, what: 'the first page of lanes' });
  assert.match(await page.locator('p.omitted').textContent(), /^18\d\d more entries match/);
  await page.getByRole('button', { name: 'Show more entries' }).click();
  await waitFor(async () => (await page.locator('svg g.lane').count()) === 700, { what: '500 more lanes' });
  assert.ok(await page.locator('table.events tbody tr').count() <= 200, 'the event table is paged');
  await page.getByRole('button', { name: 'Last day' }).click();
  await waitFor(async () => (await page.getByRole('button', { name: 'Last day' }).getAttribute('aria-pressed')) === 'true', { what: 'zoomed' });
  // Filter to revoked only: the first test's revoked token, which the
  // 2,000-row visit no longer lists (so it is gone, no longer a zombie).
  for (const s of ['watching', 'revoke-pending', 'zombie', 'verified']) await page.locator(`input[data-filter-status="${s}"]`).uncheck();
  await page.getByRole('button', { name: 'Apply' }).click();
  let lanes = -1;
  await waitFor(async () => { lanes = await page.locator('svg g.lane').count(); return lanes >= 1 && lanes < 10; }, { what: 'filtered lanes' }).catch((e) => { throw new Error(`${e.message}; lanes=${lanes}`); });
  assert.equal(await page.locator('svg g.lane[data-status="revoked"]').count(), await page.locator('svg g.lane').count());
  await shoot(page, 'timeline');
  await page.close();
});

test('options persist, and a reminder fires a notification', async () => {
  const page = await extPage('options/options.html');
  await waitFor(() => page.locator('#grace-min').count(), { what: 'options form' });
  await page.fill('#grace-min', '25');
  await page.getByRole('button', { name: 'Save' }).click();
  await waitFor(async () => (await page.locator('#status-line').textContent()) === 'Saved.', { what: 'saved' });
  await page.reload();
  await waitFor(() => page.locator('#grace-min').count(), { what: 'options again' });
  assert.equal(await page.inputValue('#grace-min'), '25');
  assert.equal((await ask(browser, { type: 'state' })).settings.grace_ms, 25 * 60000);
  await shoot(page, 'options');
  // Reminders a second after a revocation (shortened through settings).
  await ask(browser, { type: 'settings', set: { reminder_delays_ms: [1000, 2000, 3000], reminders: true } });
  const tab = await open(tokensPage([['Reminder token', 'Connected 8 days ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'badge' });
  await tab.waitForTimeout(300);
  await tab.getByRole('button', { name: 'Revoke' }).click();
  const ids = await waitFor(async () => {
    const all = await page.evaluate(() => chrome.notifications.getAll());
    const keys = Object.keys(all);
    return keys.length ? keys : null;
  }, { timeout: 15000, what: 'a notification' });
  assert.ok(ids.some((id) => id.startsWith('open|claude_code|')), ids.join(','));
  await tab.close();
  await page.close();
});

test('import through the options page restores a profile in a fresh browser', async () => {
  const exported = await ask(browser, { type: 'export', redact: false });
  const file = join(ROOT, 'target', 'e2e', 'profile-export.json');
  await writeFile(file, exported.content);
  const before = JSON.parse(exported.content);
  const other = await launch();
  try {
    const page = await other.context.newPage();
    await page.goto(`chrome-extension://${other.extensionId}/options/options.html`);
    await waitFor(() => page.locator('#import-file').count(), { what: 'import field' });
    await page.setInputFiles('#import-file', file);
    await page.getByRole('button', { name: 'Import' }).click();
    await waitFor(async () => /Imported:/.test(await page.locator('#status-line').textContent()), { what: 'import summary' });
    const after = await ask(other, { type: 'export', redact: false });
    const doc = JSON.parse(after.content);
    assert.equal(doc.integrity.head, before.integrity.head, 'same chain head');
    assert.deepEqual(doc.events, before.events, 'same events and hashes');
    // A bad file is refused with its reason and changes nothing.
    const bad = join(ROOT, 'target', 'e2e', 'bad-import.json');
    await writeFile(bad, exported.content.slice(0, 200));
    await page.setInputFiles('#import-file', bad);
    await page.getByRole('button', { name: 'Import' }).click();
    await waitFor(async () => /nothing was imported: the file ends early/.test(await page.locator('#status-line').textContent()), { what: 'refusal' });
    assert.equal((await ask(other, { type: 'verify' })).events, before.events.length);
  } finally {
    await other.close();
  }
});

test('delete all data asks first, offers an export, then deletes', async () => {
  const page = await extPage('options/options.html');
  await waitFor(() => page.locator('[data-action="delete-all"]').count(), { what: 'delete button' });
  const answers = [true, false]; // export first: yes; delete: no
  page.on('dialog', (d) => d.accept().catch(() => {}) && null);
  page.removeAllListeners('dialog');
  page.on('dialog', (d) => (answers.shift() ? d.accept() : d.dismiss()));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="delete-all"]').click()]);
  assert.match(download.suggestedFilename(), /\.json$/);
  await waitFor(async () => /Nothing was deleted/.test(await page.locator('#status-line').textContent()), { what: 'kept' });
  assert.ok((await ask(browser, { type: 'state' })).entries.length > 0);
  answers.push(false, true); // no export; delete: yes
  await page.locator('[data-action="delete-all"]').click();
  await waitFor(async () => /was deleted/.test(await page.locator('#status-line').textContent()), { what: 'deleted' });
  assert.equal((await ask(browser, { type: 'state' })).entries.length, 0);
  await page.close();
});
