// Issue 9 in a real browser: nothing leaks (network audit, proved able to
// fail), a page cannot pose as the extension, hostile page text does no
// harm anywhere it is shown, and a full storage loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, waitFor, badgeCount, ask, tokensPage, generated, ROOT } from './harness.mjs';

const HOSTILE = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'hostile-labels.json'), 'utf8'));
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

let n = 0;
async function open(html, page = 'claude-code') {
  const key = `${page}?fixture=trust${++n}`;
  generated.set(key, html);
  const tab = await browser.context.newPage();
  await tab.goto(`https://claude.ai/settings/${key}`);
  return tab;
}

test('the network audit sees a request made by extension code', async () => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  const url = 'https://audit-probe.invalid/';
  browser.audit.expected.add(url);
  await page.evaluate((u) => fetch(u).catch(() => {}), url);
  await waitFor(() => browser.audit.violations.some((v) => v.url === url), { what: 'the probe to be recorded' });
  await page.close();
});

test('a page script cannot message the worker, read the ledger, or revoke with a synthetic click', async () => {
  const tab = await open(tokensPage([['Main-world target', 'Connected 5 days ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'badge' });
  const probe = await tab.evaluate(async (id) => {
    const out = {};
    out.runtime = typeof chrome !== 'undefined' && !!(chrome.runtime && chrome.runtime.sendMessage);
    if (out.runtime) {
      try { await chrome.runtime.sendMessage(id, { type: 'state' }); out.answered = true; } catch (e) { out.answered = false; }
    }
    out.storage = typeof chrome !== 'undefined' && !!chrome.storage;
    out.shadow = document.querySelector('revoke-watch-badge').shadowRoot;
    out.summaryShadow = document.querySelector('revoke-watch-summary')?.shadowRoot ?? null;
    window.postMessage({ type: 'export', format: 'json' }, '*');
    window.postMessage({ type: 'import', data: '{}' }, '*');
    document.querySelector('li button').click();
    document.querySelector('li button').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return out;
  }, browser.extensionId);
  assert.equal(probe.answered ?? false, false, 'no answer to a web page');
  assert.equal(probe.storage, false, 'no extension storage in the page');
  assert.equal(probe.shadow, null, 'badge shadow root is closed');
  assert.equal(probe.summaryShadow, null, 'summary shadow root is closed');
  await tab.waitForTimeout(1000);
  const state = await ask(browser, { type: 'ledger' });
  const entry = state.entries.find((e) => e.label === 'Main-world target');
  assert.ok(entry, 'the entry is watched');
  assert.equal(entry.events.filter((e) => e.type === 'revoke_requested').length, 0, 'a synthetic click is not a revocation');
  // A real click on Revoke (the page asks nothing), then the page's world
  // fakes a window.confirm answer after that click's dispatch: it withdraws nothing.
  await tab.getByRole('button', { name: 'Revoke' }).click();
  await tab.evaluate(() => {
    document.dispatchEvent(new CustomEvent('revoke-watch-confirm', { detail: false }));
    window.confirm = () => false;
  });
  await waitFor(async () => {
    const s = await ask(browser, { type: 'ledger' });
    return s.entries.find((x) => x.label === 'Main-world target').events.some((x) => x.type === 'revoke_requested');
  }, { what: 'the real click recorded' });
  await tab.waitForTimeout(1000);
  const after = (await ask(browser, { type: 'ledger' })).entries.find((x) => x.label === 'Main-world target');
  assert.equal(after.events.filter((e) => e.type === 'revoke_cancelled').length, 0, 'a faked answer withdraws nothing');
  assert.equal(after.status, 'revoke-pending');
  await tab.close();
});

test(`${HOSTILE.length} hostile labels, a 1 MB label and 5,000-deep markup do no harm in the page, popup, timeline or exports`, async () => {
  assert.ok(HOSTILE.length >= 30);
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rows = HOSTILE.map((h) => `<li><span>${esc(h)}</span> <span>Connected 2 days ago</span> <span>user:inference</span> <button aria-label="Revoke ${esc(h).replace(/"/g, '&quot;')}">x</button></li>`);
  rows.push(`<li><span>${'M'.repeat(1 << 20)}</span> <span>Connected 2 days ago</span> <button>Revoke</button></li>`);
  const deep = '<div>'.repeat(5000) + 'deep' + '</div>'.repeat(5000);
  const html = `<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2><ul>${rows.join('')}</ul>${deep}</main></body></html>`;
  const started = Date.now();
  const tab = await open(html);
  const expected = HOSTILE.length + 1;
  await waitFor(async () => (await badgeCount(tab)) === expected, { timeout: 15000, what: `${expected} badges` });
  assert.ok(Date.now() - started < 15000, 'the page did not freeze');
  assert.equal(await tab.evaluate(() => window.__pwned), undefined, 'nothing ran in the page');
  assert.equal(await tab.locator('main > ul > li').count(), expected, "the page's own rows are intact");
  assert.equal(await tab.locator('main h1').count(), 0, 'no markup was injected into the page');
  // Revoke one so the label also reaches evidence text.
  await tab.waitForTimeout(300);
  await tab.locator('main > ul > li').first().locator('button').click();
  const id = await waitFor(async () => (await ask(browser, { type: 'state' })).entries.find((e) => e.revoked_at && e.label.includes('__pwned'))?.id, { what: 'revocation' });
  assert.ok(id);
  for (const path of ['popup/popup.html', 'timeline/timeline.html', 'options/options.html']) {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
    await waitFor(() => page.locator('main h1').count(), { timeout: 15000, what: `${path} rendered` });
    assert.equal(await page.evaluate(() => window.__pwned), undefined, `nothing ran in ${path}`);
    assert.equal(await page.locator('main img, main script, main iframe, main a[href]').count(), 0, `no injected elements in ${path}`);
    await page.close();
  }
  // Exports as a person makes them: the popup asks the worker for the JSON
  // and derives the other formats from it.
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await waitFor(() => popup.locator('#export-format').count(), { what: 'popup export controls' });
  for (const format of ['html', 'markdown', 'csv', 'json', 'jsonl']) {
    await popup.selectOption('#export-format', format);
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Export' }).click()]);
    const file = { content: readFileSync(await download.path(), 'utf8') };
    assert.ok(file.content.length > 0, format);
    assert.ok(file.content.includes('pwned'), `${format}: the hostile labels are in the export`);
    if (format === 'html') {
      const page = await browser.context.newPage();
      await page.setContent(file.content);
      assert.equal(await page.evaluate(() => window.__pwned), undefined, 'the report runs nothing');
      assert.equal(await page.locator('img, script, iframe, a[href], link').count(), 0, 'the report loads nothing');
      await page.close();
    }
    if (format === 'csv') {
      for (const line of file.content.split('\r\n').slice(1)) {
        for (const cell of line.split(',')) assert.ok(!/^"?\s*[=+\-@]/.test(cell), `live formula: ${cell}`);
      }
    }
  }
  await popup.close();
  await tab.close();
});

test('hostile usage-meter names are badged as inert text', async () => {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // One meter per hostile name, each in its own card, as the usage page draws them.
  const cards = HOSTILE.map((h, i) => `<section><h3>${esc(h)}</h3><p>${i + 1}% used</p></section>`);
  const html = `<!doctype html><html lang="en"><body><main><h1>Usage</h1>${cards.join('')}</main></body></html>`;
  const tab = await open(html, 'usage');
  await waitFor(async () => (await badgeCount(tab)) === HOSTILE.length, { timeout: 15000, what: `${HOSTILE.length} meter badges` });
  assert.equal(await tab.evaluate(() => window.__pwned), undefined, 'nothing ran in the page');
  assert.equal(await tab.locator('main > section').count(), HOSTILE.length, "the page's own cards are intact");
  assert.equal(await tab.locator('main img, main script, main iframe, main style, main a[href]').count(), 0, 'no markup was injected');
  // The names reach the badges as text: in the entry attribute and the spoken evidence, verbatim.
  const badges = await tab.$$eval('revoke-watch-badge', (hs) => hs.map((h) => [h.getAttribute('data-revoke-watch-entry'), h.getAttribute('aria-label')]));
  const script = badges.find(([entry]) => entry === `meter:${HOSTILE[0]}`);
  assert.ok(script, `a badge for ${HOSTILE[0]}: ${JSON.stringify(badges.slice(0, 3))}`);
  assert.ok(script[1].includes(`“${HOSTILE[0]}”`), script[1]);
  await tab.close();
});

test('a failing storage write loses no click: not acknowledged, retried, landed once when writes work again', async () => {
  const tab = await open(tokensPage([['Write-fault token', 'Connected 6 days ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'badge' });
  // The quota cannot run out (unlimitedStorage), so the fault is injected:
  // every storage.local write in the real worker fails, as on a full disk.
  await browser.worker.evaluate(() => {
    globalThis.__realSet = chrome.storage.local.set.bind(chrome.storage.local);
    chrome.storage.local.set = () => Promise.reject(new Error('simulated write failure (disk full)'));
  });
  await tab.waitForTimeout(300);
  await tab.getByRole('button', { name: 'Revoke' }).click();
  await tab.waitForTimeout(1500);
  const during = (await ask(browser, { type: 'state' })).entries.find((e) => e.label === 'Write-fault token');
  assert.equal(during.revoked_at, undefined, 'not stored, so not acknowledged');
  await browser.worker.evaluate(() => { chrome.storage.local.set = globalThis.__realSet; });
  // The failed write dropped the in-memory change; the retried report lands.
  const entry = await waitFor(async () => (await ask(browser, { type: 'ledger' })).entries.find((e) => e.label === 'Write-fault token' && e.revoked_at), { timeout: 12000, what: 'the retried click' });
  assert.equal(entry.events.filter((e) => e.type === 'revoke_requested').length, 1, 'recorded once');
  const stored = JSON.parse(await browser.worker.evaluate(async () => (await chrome.storage.local.get('ledger.meta'))['ledger.meta']));
  assert.ok(stored.events >= entry.events.length, 'and it is in storage');
  await tab.close();
});

test('two browser windows revoking at once: both recorded, once each', async () => {
  const key = `claude-code?fixture=trust-windows`;
  generated.set(key, tokensPage([['Window token A', 'Connected 13 days ago'], ['Window token B', 'Connected 14 days ago']]));
  const opener = await browser.context.newPage();
  await opener.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  const pages = [];
  for (let i = 0; i < 2; i++) {
    const [p] = await Promise.all([
      browser.context.waitForEvent('page'),
      opener.evaluate((u) => chrome.windows.create({ url: u }), `https://claude.ai/settings/${key}`),
    ]);
    await p.waitForLoadState();
    pages.push(p);
  }
  const windows = await opener.evaluate(async () => (await chrome.windows.getAll()).length);
  assert.ok(windows >= 3, 'two windows of their own');
  await Promise.all(pages.map((p) => waitFor(async () => (await badgeCount(p)) === 2, { what: 'badges' })));
  await Promise.all(pages.map((p) => p.waitForTimeout(300)));
  await Promise.all(pages.map((p, i) => p.locator('li').nth(i).getByRole('button', { name: 'Revoke' }).click()));
  const s = await waitFor(async () => {
    const s = await ask(browser, { type: 'ledger' });
    const mine = s.entries.filter((e) => e.label.startsWith('Window token'));
    return mine.length === 2 && mine.every((e) => e.revoked_at) && mine;
  }, { what: 'both revocations' });
  for (const e of s) assert.equal(e.events.filter((x) => x.type === 'revoke_requested').length, 1);
  for (const p of pages) await p.close();
  await opener.close();
});
