// Issue 4 in a real browser: revocations are captured from real clicks,
// followed across visits, judged, stored, and survive the worker stopping.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, waitFor, badgeCount, ask, stopWorker, tokensPage, generated, insertRow, ROOT } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

let pageNo = 0;
// Serves `html` at a fresh claude-code URL and opens it in a new tab.
async function open(html, page = 'claude-code') {
  const key = `${page}?fixture=gen${++pageNo}`;
  generated.set(key, html);
  const tab = await browser.context.newPage();
  await tab.goto(`https://claude.ai/settings/${key}`);
  return tab;
}

async function reset() {
  await ask(browser, { type: 'settings', set: { grace_ms: 600000 } });
}

async function state() {
  const s = await ask(browser, { type: 'ledger' });
  assert.ok(!s.error && !s.error_state, JSON.stringify(s));
  return s;
}

const entry = (s, id) => s.entries.find((e) => e.id === id);

// Clicks "Log out of all devices" on an account page listing `session`,
// and waits until the log-out is recorded.
async function logOutEverywhere(session) {
  const before = (await state()).log_out_everywhere.length;
  const acc = await open(`<!doctype html><html lang="en"><body><main><h2>Active sessions</h2><ul><li><span>${session}</span> <span>Last active 1 hour ago</span> <button>Terminate</button></li></ul><button>Log out of all devices</button></main></body></html>`, 'account');
  await waitFor(async () => (await badgeCount(acc)) === 1, { what: 'session badge' });
  await acc.waitForTimeout(300);
  await acc.getByRole('button', { name: 'Log out of all devices' }).click();
  await waitFor(async () => (await state()).log_out_everywhere.length === before + 1, { what: 'log-out recorded' });
  await acc.close();
}

// Opens fixture `page--name` (tests/fixtures/pages/) in a new tab once its
// `badges` badges are drawn: the tab, the badged entries' ids in page
// order, and the ledger then.
async function openFixture(page, name, badges) {
  const tab = await browser.context.newPage();
  await tab.goto(`https://claude.ai/settings/${page}?fixture=${name}`);
  await waitFor(async () => (await badgeCount(tab)) === badges, { what: `${badges} badges on ${page}--${name}` });
  return { tab, ids: await badgeEntries(tab), before: await state() };
}

// The next visit to fixture `page--name` (tests/fixtures/pages/), with the
// part `drop` matches gone, opened in `tab`.
async function revisitWithout(tab, page, name, drop) {
  const html = readFileSync(join(ROOT, `tests/fixtures/pages/${page}--${name}.html`), 'utf8');
  const without = html.replace(drop, '');
  assert.notEqual(without, html, `${drop} matches nothing in ${page}--${name}.html`);
  generated.set(`${page}?fixture=${name}-after`, without);
  await tab.goto(`https://claude.ai/settings/${page}?fixture=${name}-after`);
}
// Opens a page of five identical tokens and clicks the third one's Revoke.
async function revokeThirdOfFive(label, connected) {
  const five = Array.from({ length: 5 }, () => [label, connected]);
  const tab = await open(tokensPage(five));
  await waitFor(async () => (await badgeCount(tab)) === 5, { what: '5 badges' });
  const ids = await badgeEntries(tab);
  await tab.locator('li').nth(2).getByRole('button', { name: 'Revoke' }).click();
  return { five, tab, ids };
}

// Opens a page of one token whose Revoke opens a confirmation dialog
// (`dialog`: see `tokensPage`), clicks it, and waits until revoke-watch has
// recorded the click and read the open dialog.
async function revokeIntoDialog(label, connected, dialog) {
  const tab = await open(tokensPage([[label, connected]], { dialog }));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'a badge' });
  const [id] = await badgeEntries(tab);
  await tab.getByRole('button', { name: 'Revoke', exact: true }).click();
  await tab.getByRole('dialog').waitFor();
  await waitFor(async () => entry(await state(), id)?.status === 'revoke-pending', { what: 'pending' });
  await tab.waitForTimeout(500);
  return { tab, id };
}

const badgeEntries = (tab) => tab.$$eval('revoke-watch-badge', (hs) => hs.map((h) => h.getAttribute('data-revoke-watch-entry')));

test('1: a revoked token that the next visit no longer lists is revoked, with its history', async () => {
  await reset();
  const rows = [['Claude Code', 'Connected 3 days ago'], ['Claude Desktop', 'Connected 2 hours ago']];
  const tab = await open(tokensPage(rows));
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [first] = await badgeEntries(tab);
  await tab.locator('li').first().getByRole('button', { name: 'Revoke' }).click();
  await waitFor(async () => entry(await state(), first)?.status === 'revoke-pending', { what: 'revoke-pending' });
  await tab.goto(`https://claude.ai/settings/claude-code?fixture=gen${pageNo}b`).catch(() => {});
  generated.set(`claude-code?fixture=gen${pageNo}b`, tokensPage(rows.slice(1)));
  await tab.goto(`https://claude.ai/settings/claude-code?fixture=gen${pageNo}b`);
  const s = await waitFor(async () => { const s = await state(); return entry(s, first)?.status === 'revoked' && s; }, { what: 'revoked' });
  const types = entry(s, first).events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 2), ['seen', 'revoke_requested']);
  assert.ok(types.includes('gone'));
  await tab.close();
});

test('2: revoke with grace 0 and the next visit still lists it: zombie, still-listed', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = tokensPage([['Grace token A', 'Connected 4 days ago'], ['Grace token B', 'Connected 4 days ago']]);
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const ids = await badgeEntries(tab);
  await tab.locator('li').nth(1).getByRole('button', { name: 'Revoke' }).click();
  await tab.waitForTimeout(50);
  await tab.reload();
  await waitFor(async () => (await tab.locator('revoke-watch-badge[data-revoke-watch="zombie"]').count()) === 1, { what: 'a zombie badge' });
  const s = await state();
  assert.equal(entry(s, ids[1]).status, 'zombie');
  assert.deepEqual(entry(s, ids[1]).flags.map((f) => f.rule), ['still-listed']);
  assert.match(await tab.locator('revoke-watch-badge[data-revoke-watch="zombie"]').getAttribute('aria-label'), /Still listed/);
  await tab.close();
  await reset();
});

test('3: one of five identical tokens revoked, the group shrinks to four: confirmed, no false flag', async () => {
  await reset();
  const { five, tab, ids } = await revokeThirdOfFive('Identical token', 'Connected 6 days ago');
  const key = `claude-code?fixture=gen${pageNo}-four`;
  generated.set(key, tokensPage(five.slice(0, 4)));
  await tab.goto(`https://claude.ai/settings/${key}`);
  const s = await waitFor(async () => { const s = await state(); return entry(s, ids[2])?.status === 'revoked' && s; }, { what: 'the revoked one gone' });
  for (const id of ids.filter((_, i) => i !== 2)) assert.equal(entry(s, id).status, 'watching');
  assert.ok(ids.every((id) => entry(s, id).flags.length === 0));
  await tab.close();
});

test('4: cancelling the confirm dialog records no revocation', async () => {
  await reset();
  const tab = await open(tokensPage([['Dialog token', 'Connected 7 days ago']], { dialog: true }));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'a badge' });
  const [id] = await badgeEntries(tab);
  await tab.getByRole('button', { name: 'Revoke', exact: true }).click();
  await tab.getByRole('dialog').waitFor();
  // Let the content script see the open dialog before answering it.
  await waitFor(async () => (await state()).entries.some((e) => e.id === id && e.status === 'revoke-pending'), { what: 'pending' });
  await tab.waitForTimeout(500);
  await tab.getByRole('button', { name: 'Cancel' }).click();
  const s = await waitFor(async () => { const s = await state(); const e = entry(s, id); return e.events.some((x) => x.type === 'revoke_cancelled') && s; }, { what: 'cancelled' });
  assert.equal(entry(s, id).status, 'watching');
  assert.equal(entry(s, id).revoked_at, undefined);
  await tab.close();
});

test('5: log out everywhere, then a usage page with a higher meter: usage-after-revoke', async () => {
  await reset();
  const usage = (p) => `<!doctype html><html lang="en"><body><main><h1>Usage</h1><div><span>Current session</span> <span>Resets in 4 hours</span> <span>${p}% used</span></div></main></body></html>`;
  const u1 = await open(usage(31), 'usage');
  await waitFor(async () => (await state()).meters.some((m) => m.name === 'Current session' && m.percent === 31), { what: 'first reading' });
  // The meter is badged where it is named, like a row.
  const meterBadge = (tab, status) => tab.locator(`span revoke-watch-badge[data-revoke-watch="${status}"][data-revoke-watch-entry="meter:Current session"]`);
  await waitFor(async () => (await meterBadge(u1, 'watching').count()) === 1, { what: 'the meter watched' });
  assert.equal(await meterBadge(u1, 'watching').evaluate((h) => h.parentElement.firstChild.textContent), 'Current session');
  await u1.close();
  await logOutEverywhere('Firefox on Windows');
  const u2 = await open(usage(47), 'usage');
  const s = await waitFor(async () => { const s = await state(); const m = s.meters.find((m) => m.name === 'Current session'); return m && m.flags.length && s; }, { what: 'usage flag' });
  const m = s.meters.find((m) => m.name === 'Current session');
  assert.equal(m.flags[0].rule, 'usage-after-revoke');
  assert.ok(m.flags[0].evidence.some((e) => /own use/.test(e.what)));
  // The usage page itself shows the rise, with its evidence.
  await waitFor(async () => (await meterBadge(u2, 'zombie').count()) === 1, { what: 'the meter flagged on the page' });
  assert.match(await meterBadge(u2, 'zombie').getAttribute('aria-label'), /Rose after revoke\. .*: Current session: 31% used\. .*: logged out everywhere/);
  await u2.close();
});

test('6: six tabs revoke six entries at the same moment: six revocations, none lost or doubled', async () => {
  await reset();
  const rows = Array.from({ length: 6 }, (_, i) => [`Parallel token ${i}`, 'Connected 9 days ago']);
  const key = `claude-code?fixture=gen${++pageNo}`;
  generated.set(key, tokensPage(rows));
  const tabs = await Promise.all(Array.from({ length: 6 }, () => browser.context.newPage()));
  await Promise.all(tabs.map((t) => t.goto(`https://claude.ai/settings/${key}`)));
  await Promise.all(tabs.map((t) => waitFor(async () => (await badgeCount(t)) === 6, { what: '6 badges' })));
  const ids = await badgeEntries(tabs[0]);
  await Promise.all(tabs.map((t, i) => t.locator('li').nth(i).getByRole('button', { name: 'Revoke' }).click()));
  const s = await waitFor(async () => { const s = await state(); return ids.every((id) => entry(s, id)?.revoked_at) && s; }, { what: 'six revocations' });
  for (const id of ids) {
    assert.equal(entry(s, id).events.filter((e) => e.type === 'revoke_requested').length, 1, id);
  }
  await Promise.all(tabs.map((t) => t.close()));
});

test('7: the worker stopped between and during actions loses nothing', async () => {
  await reset();
  const rows = [['Sleepy token A', 'Connected 11 days ago'], ['Sleepy token B', 'Connected 12 days ago']];
  const tab = await open(tokensPage(rows));
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const ids = await badgeEntries(tab);
  await stopWorker(browser);                  // between actions
  await tab.locator('li').nth(0).getByRole('button', { name: 'Revoke' }).click();
  await waitFor(async () => entry(await state(), ids[0])?.revoked_at, { what: 'first revocation after a stop' });
  const click = tab.locator('li').nth(1).getByRole('button', { name: 'Revoke' }).click();
  await stopWorker(browser);                  // during an action
  await click;
  await stopWorker(browser);
  const s = await waitFor(async () => { const s = await state(); return entry(s, ids[1])?.revoked_at && s; }, { what: 'second revocation despite stops' });
  for (const id of ids) assert.equal(entry(s, id).events.filter((e) => e.type === 'revoke_requested').length, 1);
  await tab.close();
});

test('8: corrupt stored data gives an error state in the popup and is left untouched', async () => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  const saved = await page.evaluate(() => chrome.storage.local.get(null));
  await page.evaluate(() => chrome.storage.local.set({ 'ledger.seg.0': 'not a list of events' }));
  await stopWorker(browser);
  const s = await ask(browser, { type: 'state' });
  assert.match(s.error_state, /damaged/);
  // A page visit must not overwrite anything.
  const tab = await open(tokensPage([['After corruption', 'Connected 1 day ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'badge still drawn' });
  assert.equal((await page.evaluate(() => chrome.storage.local.get('ledger.seg.0')))['ledger.seg.0'], 'not a list of events');
  // The popup says so.
  await page.reload();
  await waitFor(() => page.locator('.error').count(), { what: 'popup error line' });
  assert.match(await page.locator('.error').textContent(), /damaged/);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await waitFor(() => options.locator('[data-action="delete-all"]').count(), { what: 'delete button' });
  // The raw data can still be exported: the options page reads storage
  // itself, so the damaged item comes out as it was stored, beside the rest.
  const [download] = await Promise.all([options.waitForEvent('download'), options.locator('[data-action="export-raw"]').click()]);
  assert.equal(download.suggestedFilename(), 'revoke-watch-raw.json');
  const raw = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(raw['ledger.seg.0'], 'not a list of events');
  assert.equal(raw['ledger.meta'].schema, 3);
  assert.ok(Object.keys(raw).every((k) => k.startsWith('ledger.')), Object.keys(raw).join());
  // Delete all, asked to export first: there is no JSON export of a damaged
  // ledger, so the page says so in the delete question and still asks it.
  const questions = [];
  options.on('dialog', (d) => { questions.push(d.message()); return questions.length === 1 ? d.accept() : d.dismiss(); });
  await options.locator('[data-action="delete-all"]').click();
  await waitFor(async () => /Nothing was deleted/.test(await options.locator('#status-line').textContent()), { what: 'kept' });
  assert.match(questions[1], /^No copy was exported: the stored ledger cannot be read.*Delete everything/s);
  assert.equal((await page.evaluate(() => chrome.storage.local.get('ledger.seg.0')))['ledger.seg.0'], 'not a list of events');
  await options.close();
  // Restore for any later test.
  await page.evaluate((items) => chrome.storage.local.set(items), saved);
  await stopWorker(browser);
  await tab.close();
  await page.close();
});

test('9: a long history wakes from the state and the newest events; the archive and older events are read when needed', async () => {
  // Written by `cargo test` (tests/ledger.rs): 3,243 events, 1,600 entries,
  // most of them archived.
  const fixture = JSON.parse(readFileSync(join(ROOT, 'target', 'storage-fixtures', 'long-history.json'), 'utf8'));
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  const saved = await page.evaluate(() => chrome.storage.local.get(null));
  await page.evaluate(async (items) => { await chrome.storage.local.clear(); await chrome.storage.local.set(items); }, fixture.items);
  await stopWorker(browser);
  const s = await ask(browser, { type: 'state' });
  assert.equal(s.error_state, undefined, s.error_state);
  // (The wake may add events: revocations whose watch window has ended are verified.)
  assert.ok(s.events >= fixture.events, `${s.events} events`);
  assert.equal(s.entries.length + s.archived, fixture.entries);
  assert.ok(s.entries.length < 200, `only the entries still watched are in the state (${s.entries.length})`);
  // The timeline reads the archive: every entry is there to be drawn.
  const timeline = await browser.context.newPage();
  await timeline.goto(`chrome-extension://${browser.extensionId}/timeline/timeline.html`);
  await waitFor(async () => (await timeline.locator('svg g.lane').count()) === 200, { what: 'the first 200 lanes' });
  assert.match(await timeline.locator('p.omitted').textContent(), new RegExp(`^${fixture.entries - 200} more entries match`));
  await timeline.close();
  // Damage in the oldest segment is not read at a wake…
  const seg = JSON.parse(fixture.items['ledger.seg.0']);
  seg[3].at_ms += 1;
  await page.evaluate((text) => chrome.storage.local.set({ 'ledger.seg.0': text }), JSON.stringify(seg));
  await stopWorker(browser);
  assert.equal((await ask(browser, { type: 'state' })).error_state, undefined);
  // …and is found, where it is, as soon as the whole history is read.
  const v = await ask(browser, { type: 'verify' });
  assert.equal(v.ok, false);
  assert.match(v.reason, /breaks at event 4 /);
  assert.match((await ask(browser, { type: 'state' })).error_state, /damaged/);
  // Restore for any later test.
  await page.evaluate(async (items) => { await chrome.storage.local.clear(); await chrome.storage.local.set(items); }, saved);
  await stopWorker(browser);
  await page.close();
});

test('10: a row with two remove controls: a click on the second one revokes that row, and is no sign-out everywhere', async () => {
  await reset();
  const sessions = (names) => `<!doctype html><html lang="en"><body><main><h2>Active sessions</h2><table><tbody>${names
    .map((n) => `<tr><td>${n}</td><td>Last active 2 hours ago</td><td><button>Sign out</button><button>Remove</button></td></tr>`)
    .join('')}</tbody></table></main></body></html>`;
  const tab = await open(sessions(['Edge on Windows 11', 'Opera on Linux']), 'account');
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [, second] = await badgeEntries(tab);
  const before = await state();
  await tab.locator('tr').nth(1).getByRole('button', { name: 'Remove' }).click();
  const s = await waitFor(async () => { const s = await state(); return entry(s, second)?.status === 'revoke-pending' && s; }, { what: 'revoke-pending' });
  assert.deepEqual(s.log_out_everywhere, before.log_out_everywhere, 'no sign-out everywhere recorded');
  await tab.close();
});

test('11: a revoke control worked from the keyboard is recorded once, a native button or not', async () => {
  await reset();
  const rows = (tag) => ['Keyboard token A', 'Keyboard token B'].map((n, i) => `<li><span>${n}</span><span>Connected ${i + 2} days ago</span>${
    tag === 'div' ? '<div role="button" tabindex="0">Revoke</div>' : '<button>Revoke</button>'}</li>`).join('');
  for (const tag of ['div', 'button']) {
    const tab = await open(`<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2><ul>${rows(tag)}</ul></main></body></html>`);
    await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
    const [first] = await badgeEntries(tab);
    await tab.locator('li').first().getByRole('button', { name: 'Revoke' }).focus();
    await tab.keyboard.press('Enter');
    const s = await waitFor(async () => { const s = await state(); return entry(s, first)?.status === 'revoke-pending' && s; }, { what: `revoke-pending (${tag})` });
    // Give a second report time to arrive, then count.
    await new Promise((r) => setTimeout(r, 500));
    const requested = entry(await state(), first).events.filter((e) => e.type === 'revoke_requested');
    assert.equal(requested.length, 1, `${tag}: ${JSON.stringify(entry(s, first).events.map((e) => e.type))}`);
    await tab.close();
  }
});

test('12: section titles drawn as plain divs: a terminated session goes, and the bare "Log out" beside "Log out of all devices" logs out everywhere', async () => {
  await reset();
  const { tab, ids, before } = await openFixture('account', 'div-titles', 4);
  const sessions = ids.map((id) => entry(before, id)).filter((e) => e.kind === 'session');
  assert.deepEqual(sessions.map((e) => e.label), ['Firefox on Windows', 'Claude for iOS']);
  await tab.getByRole('button', { name: 'Terminate' }).first().click();
  await waitFor(async () => entry(await state(), sessions[0].id)?.status === 'revoke-pending', { what: 'revoke-pending' });
  // The next visit no longer lists the terminated session.
  await revisitWithout(tab, 'account', 'div-titles', /<div class="r"><div><span>Firefox on Windows<\/span>.*?<\/button><\/div>/s);
  await waitFor(async () => entry(await state(), sessions[0].id)?.status === 'revoked', { what: 'revoked' });
  assert.equal(entry(await state(), sessions[1].id).status, 'watching');
  // The lone session left is still its own row (not the section around it),
  // and the content script watches the page's controls once it has the answer.
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges' });
  await tab.waitForTimeout(300);
  await tab.getByRole('button', { name: 'Log out', exact: true }).click();
  const s = await waitFor(async () => { const s = await state(); return s.log_out_everywhere.length > before.log_out_everywhere.length && s; }, { what: 'log-out-everywhere recorded' });
  // The exported timeline's newest log-out-everywhere says it was explicit.
  const doc = JSON.parse((await ask(browser, { type: 'export', redact: false })).content);
  const logOuts = doc.events.filter((e) => e.type === 'log_out_everywhere');
  assert.equal(logOuts.length, s.log_out_everywhere.length);
  assert.deepEqual([logOuts.at(-1).label, logOuts.at(-1).explicit], ['Log out', true], JSON.stringify(logOuts.at(-1)));
  await tab.close();
});

test('13: remove controls drawn as unnamed icons: a click on a token\'s trash can is its revocation, the menu button is not', async () => {
  await reset();
  const { tab, ids, before } = await openFixture('claude-code', 'unnamed-icons', 3);
  assert.deepEqual(ids.map((id) => entry(before, id).label), ['Claude Code', 'Claude Code', 'Claude Desktop']);
  // The app's menu button (aria-haspopup) records nothing.
  await tab.locator('button[aria-haspopup]').click();
  await tab.waitForTimeout(300);
  assert.deepEqual((await state()).entries.map((e) => e.status), before.entries.map((e) => e.status), 'the menu button changed nothing');
  // The second token's trash can.
  await tab.locator('section').first().locator('button').nth(1).click();
  await waitFor(async () => entry(await state(), ids[1])?.status === 'revoke-pending', { what: 'revoke-pending' });
  await revisitWithout(tab, 'claude-code', 'unnamed-icons', /<div class="flex justify-between">\s*<div>\s*<div class="font-medium">Claude Code<\/div>\s*<div class="text-xs">Connected 3 days ago<\/div>.*?<\/button>\s*<\/div>/s);
  await waitFor(async () => entry(await state(), ids[1])?.status === 'revoked', { what: 'revoked' });
  const s = await state();
  assert.equal(entry(s, ids[0]).status, 'watching');
  assert.equal(entry(s, ids[2]).status, 'watching');
  await tab.close();
});

test('14: revoke confirmed in the page\'s dialog, and the page drops the row at once: revoked, with no reload', async () => {
  await reset();
  const tab = await open(tokensPage([['Kept token', 'Connected 2 days ago'], ['Confirmed token', 'Connected 7 days ago']], { dialog: true }));
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [kept, confirmed] = await badgeEntries(tab);
  await tab.locator('li').nth(1).getByRole('button', { name: 'Revoke', exact: true }).click();
  await tab.getByRole('dialog').waitFor();
  await waitFor(async () => entry(await state(), confirmed)?.status === 'revoke-pending', { what: 'pending' });
  // Let the content script see the open dialog before answering it.
  await tab.waitForTimeout(500);
  await tab.getByRole('button', { name: 'Revoke token' }).click();
  // The page removed the row itself; the content script reads the change.
  const s = await waitFor(async () => { const s = await state(); return entry(s, confirmed)?.status === 'revoked' && s; }, { what: 'revoked' });
  const types = entry(s, confirmed).events.map((e) => e.type);
  assert.deepEqual(types.filter((t) => t.startsWith('revoke')), ['revoke_requested', 'revoke_confirmed'], JSON.stringify(types));
  assert.ok(types.includes('gone'), JSON.stringify(types));
  assert.equal(entry(s, kept).status, 'watching');
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'one badge left' });
  await tab.close();
});

test('15: a confirm dialog shown and hidden by its inline style: cancelling it records no revocation', async () => {
  await reset();
  // Let the content script see the open dialog before answering it.
  const { tab, id } = await revokeIntoDialog('Styled dialog token', 'Connected 5 days ago', 'style');
  await tab.getByRole('button', { name: 'Cancel' }).click();
  const s = await waitFor(async () => { const s = await state(); const e = entry(s, id); return e.events.some((x) => x.type === 'revoke_cancelled') && s; }, { what: 'cancelled' });
  assert.equal(entry(s, id).status, 'watching');
  await tab.close();
});

test('16: a usage meter drawn only as a bar rises in place, with no reload, after everything was logged out: flagged', async () => {
  await reset();
  const bar = (p) => `<!doctype html><html lang="en"><body><main><h1>Usage</h1><section><h2>Plan usage limits</h2><div><div>Weekly bar meter</div><div role="progressbar" aria-label="Weekly bar meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${p}"></div></div></section></main></body></html>`;
  const usage = await open(bar(12), 'usage');
  const meter = async () => (await state()).meters.find((m) => m.name === 'Weekly bar meter');
  await waitFor(async () => (await meter())?.percent === 12, { what: 'first reading' });
  await logOutEverywhere('Edge on Windows');
  // The usage page, still open, updates its bar as a script would: one attribute.
  await usage.bringToFront();
  await usage.evaluate(() => document.querySelector('[role=progressbar]').setAttribute('aria-valuenow', '47'));
  const m = await waitFor(async () => { const m = await meter(); return m?.percent === 47 && m.flags.length > 0 && m; }, { what: 'the rise read and flagged' });
  assert.equal(m.flags[0].rule, 'usage-after-revoke');
  await usage.close();
});

test('17: inline styles that only animate do not make the page be read again; one that hides a row does', async () => {
  await reset();
  const tab = await open(tokensPage([['Animated token', 'Connected 3 days ago'], ['Hidden later token', 'Connected 4 days ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const readAt = async () => (await state()).pages.claude_code.at_ms;
  const first = await readAt();
  // Twenty frames of an animation on the first row, over 1.2 s (past the
  // content script's longest wait).
  for (let i = 0; i < 20; i++) {
    await tab.evaluate((k) => { document.querySelector('li').style.transform = `translateX(${k}px)`; }, i);
    await tab.waitForTimeout(60);
  }
  await tab.waitForTimeout(400);
  assert.equal(await readAt(), first, 'no reading for an animation');
  // Hiding the second row by its style is a change to read.
  await tab.evaluate(() => { document.querySelectorAll('li')[1].style.display = 'none'; });
  await waitFor(async () => (await readAt()) > first, { what: 'a new reading' });
  await tab.close();
});

test('18: the single-page app moves from a chat to the tokens page with no reload: the tokens are read and badged', async () => {
  await reset();
  generated.set('/new?fixture=spa', '<!doctype html><html lang="en"><body><main><h1>New chat</h1><div id="chat"></div></main></body></html>');
  const tab = await browser.context.newPage();
  await tab.goto('https://claude.ai/new?fixture=spa');
  // A reply streams in: nothing here is read or badged.
  for (let i = 0; i < 10; i++) {
    await tab.evaluate((k) => { const p = document.createElement('p'); p.textContent = `Token ${k} · Connected 3 days ago`; document.getElementById('chat').append(p); }, i);
    await tab.waitForTimeout(50);
  }
  await tab.waitForTimeout(1200);
  assert.equal(await badgeCount(tab), 0);
  // The app routes to the settings page in place, and renders it.
  await tab.evaluate(() => {
    history.pushState({}, '', '/settings/claude-code?fixture=spa');
    document.querySelector('main').innerHTML = '<h2>Authorization tokens</h2><ul><li><span>Claude Code</span> <span>Connected 2 days ago</span> <span>user:inference</span> <button>Revoke</button></li><li><span>Claude Desktop</span> <span>Connected 6 days ago</span> <span>user:inference</span> <button>Revoke</button></li></ul>';
  });
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges after the move' });
  // And back to a chat: the badges go.
  await tab.evaluate(() => { history.pushState({}, '', '/new'); document.querySelector('main').innerHTML = '<h1>New chat</h1>'; });
  await waitFor(async () => (await badgeCount(tab)) === 0, { what: 'no badges off the settings pages' });
  await tab.close();
});

test('19: "Log out of all devices" that leaves for the login page at once is still recorded', async () => {
  await reset();
  const before = (await state()).log_out_everywhere.length;
  generated.set('/login?fixture=after-log-out', '<!doctype html><html lang="en"><body><main><h1>Log in</h1></main></body></html>');
  const tab = await open('<!doctype html><html lang="en"><body><main><h1>Account</h1><section><h2>Active sessions</h2><ul><li><span>Opera on macOS</span> <span>Last active 4 hours ago</span> <button>Terminate</button></li></ul></section><section><h2>Log out of all devices</h2><button data-role="log-out-all">Log out of all devices</button></section></main><script src="/fixture-assets/log-out-redirect.js"></script></body></html>', 'account');
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'session badge' });
  await tab.waitForTimeout(300);
  await tab.getByRole('button', { name: 'Log out of all devices' }).click();
  await tab.waitForURL(/\/login/);
  await waitFor(async () => (await state()).log_out_everywhere.length === before + 1, { what: 'the log-out recorded' });
  await tab.close();
});

test('20: the page keeps a revoked token listed but marks it "Revoked": gone, not still listed', async () => {
  await reset();
  const tab = await open(tokensPage([['Marked token', 'Connected 6 days ago'], ['Other token', 'Connected 1 day ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [marked, other] = await badgeEntries(tab);
  await tab.locator('li').first().getByRole('button', { name: 'Revoke' }).click();
  await waitFor(async () => entry(await state(), marked)?.status === 'revoke-pending', { what: 'revoke-pending' });
  // The app marks the row in place, as some lists do, and offers to clear it.
  await tab.evaluate(() => {
    const li = document.querySelector('li');
    li.querySelector('button').remove();
    const status = document.createElement('span');
    status.textContent = 'Revoked';
    const clear = document.createElement('button');
    clear.textContent = 'Remove from list';
    li.append(status, clear);
  });
  const s = await waitFor(async () => { const s = await state(); return entry(s, marked)?.status === 'revoked' && s; }, { what: 'revoked' });
  assert.ok(entry(s, marked).events.some((e) => e.type === 'gone'));
  assert.deepEqual(entry(s, marked).flags, []);
  assert.equal(entry(s, other).status, 'watching');
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'one badge left' });
  await tab.close();
});

test('21: a second tab open from before the revocation still lists the token: no flag, its badge says to reload; reloaded, it counts', async () => {
  // Grace 0: any listing that counted would flag the token at once.
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const rows = [['Two-tab token', 'Connected Nov 2, 2026'], ['Kept token', 'Connected Nov 9, 2026']];
  const html = tokensPage(rows);
  const old = await open(html);
  await waitFor(async () => (await badgeCount(old)) === 2, { what: '2 badges in the older tab' });
  const [revoked, kept] = await badgeEntries(old);
  // The user opens the page again in a new tab and revokes there; the next
  // visit in that tab no longer lists the token.
  const tab = await browser.context.newPage();
  const key = `claude-code?fixture=gen${pageNo}-again`;
  generated.set(key, html);
  await tab.goto(`https://claude.ai/settings/${key}`);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges in the newer tab' });
  await tab.locator('li').first().getByRole('button', { name: 'Revoke' }).click();
  await waitFor(async () => entry(await state(), revoked)?.status === 'revoke-pending', { what: 'revoke-pending' });
  generated.set(`${key}-after`, tokensPage(rows.slice(1)));
  await tab.goto(`https://claude.ai/settings/${key}-after`);
  await waitFor(async () => entry(await state(), revoked)?.status === 'revoked', { what: 'revoked' });
  // The older tab changes (a hint appears), so it is read again, still listing the token.
  await old.bringToFront();
  await old.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'Tokens are shown as of when this page was loaded.';
    document.querySelector('main').append(p);
  });
  const first = old.locator('revoke-watch-badge').first();
  await waitFor(async () => (await first.getAttribute('aria-label'))?.includes('Another tab saw it change'), { what: 'the older tab\'s badge says to reload' });
  assert.equal(await first.getAttribute('data-revoke-watch'), 'revoked');
  assert.match(await first.getAttribute('aria-label'), /reload the page/);
  const s = await state();
  assert.equal(entry(s, revoked).status, 'revoked');
  assert.deepEqual(entry(s, revoked).flags, []);
  assert.equal(entry(s, kept).status, 'watching');
  // Reloaded, the older tab shows the listing as it is now: the token is back.
  await old.reload();
  await waitFor(async () => (await old.locator('revoke-watch-badge[data-revoke-watch="zombie"]').count()) === 1, { what: 'a zombie badge after the reload' });
  assert.deepEqual(entry(await state(), revoked).flags.map((f) => f.rule).sort(), ['reappeared', 'still-listed']);
  await tab.close();
  await old.close();
  await reset();
});

test('22: the confirm dialog closed with Escape records no revocation, and no flag follows', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  // Let the content script see the open dialog, then dismiss it without an answer.
  const { tab, id } = await revokeIntoDialog('Escaped token', 'Connected Nov 4, 2026', true);
  await tab.keyboard.press('Escape');
  await tab.getByRole('dialog').waitFor({ state: 'hidden' });
  const s = await waitFor(async () => { const s = await state(); return entry(s, id).events.some((x) => x.type === 'revoke_cancelled') && s; }, { what: 'cancelled' });
  assert.ok(!entry(s, id).events.some((x) => x.type === 'revoke_confirmed'));
  assert.equal(entry(s, id).status, 'watching');
  // Read again with grace 0: the token is listed, and rightly nothing is flagged.
  await tab.reload();
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'the badge after a reload' });
  assert.equal(await tab.locator('revoke-watch-badge').getAttribute('data-revoke-watch'), 'watching');
  assert.deepEqual(entry(await state(), id).flags, []);
  await tab.close();
  await reset();
});

test('23: a revoke asked about in the row itself: its Cancel withdraws the click, its Revoke confirms it', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = tokensPage([['Asked token', 'Connected Nov 5, 2026'], ['Other asked token', 'Connected Nov 6, 2026']])
    .replace('</body>', '<script src="/fixture-assets/row-question.js"></script></body>');
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [asked] = await badgeEntries(tab);
  const row = tab.locator('li').first();
  const pending = async () => entry(await state(), asked)?.status === 'revoke-pending';
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Cancel' }).waitFor();
  await waitFor(pending, { what: 'pending' });
  // Let the content script see the question, then answer no.
  await tab.waitForTimeout(500);
  await row.getByRole('button', { name: 'Cancel' }).click();
  let s = await waitFor(async () => { const s = await state(); return entry(s, asked).events.some((x) => x.type === 'revoke_cancelled') && s; }, { what: 'cancelled' });
  assert.equal(entry(s, asked).status, 'watching');
  assert.deepEqual(entry(s, asked).flags, [], 'grace 0, and the row rightly listed: nothing flagged');
  // Asked again, and answered yes with the row's own Revoke.
  await tab.waitForTimeout(300);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Cancel' }).waitFor();
  await waitFor(pending, { what: 'pending again' });
  await tab.waitForTimeout(500);
  await row.getByRole('button', { name: 'Revoke' }).click();
  s = await waitFor(async () => { const s = await state(); return entry(s, asked)?.status === 'revoked' && s; }, { what: 'revoked' });
  assert.ok(entry(s, asked).events.some((x) => x.type === 'revoke_confirmed'));
  await tab.close();
  await reset();
});

test('24: a dialog button revoke-watch does not watch yet (drawn anew just before the click): the go-ahead still counts, and the row kept listed is flagged', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = tokensPage([['Quick token', 'Connected Nov 7, 2026'], ['Other quick token', 'Connected Nov 8, 2026']], { dialog: true })
    .replace('<div id="confirm"', '<div data-keep="1" id="confirm"');
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [quick] = await badgeEntries(tab);
  await tab.locator('li').first().getByRole('button', { name: 'Revoke', exact: true }).click();
  await tab.getByRole('dialog').waitFor();
  await waitFor(async () => entry(await state(), quick)?.status === 'revoke-pending', { what: 'pending' });
  // The dialog is read and its buttons watched; then the page draws them
  // anew (as a re-render does) and the go-ahead is clicked at once, before
  // revoke-watch reads the page again.
  await tab.waitForTimeout(500);
  await tab.evaluate(() => {
    for (const b of document.querySelectorAll('#confirm button')) b.replaceWith(b.cloneNode(true));
  });
  await tab.getByRole('button', { name: 'Revoke token' }).click();
  const s = await waitFor(async () => { const s = await state(); return entry(s, quick).events.some((x) => x.type === 'revoke_confirmed') && s; }, { what: 'confirmed' });
  assert.ok(!entry(s, quick).events.some((x) => x.type === 'revoke_cancelled'));
  await tab.reload();
  await waitFor(async () => (await tab.locator('revoke-watch-badge[data-revoke-watch="zombie"]').count()) === 1, { what: 'the kept row flagged' });
  assert.deepEqual(entry(await state(), quick).flags.map((f) => f.rule), ['still-listed']);
  await tab.close();
  await reset();
});

test('25: one of five identical tokens revoked and still listed: the badge that says so is on the row the user clicked', async () => {
  await reset();
  const { tab, ids } = await revokeThirdOfFive('Same token', 'Connected 5 days ago');
  const third = tab.locator('li').nth(2).locator('revoke-watch-badge');
  await waitFor(async () => (await third.getAttribute('data-revoke-watch')) === 'revoke-pending', { what: 'the clicked row waiting' });
  assert.equal(await third.getAttribute('data-revoke-watch-entry'), ids[2]);
  const statuses = await tab.$$eval('revoke-watch-badge', (hs) => hs.map((h) => h.getAttribute('data-revoke-watch')));
  assert.deepEqual(statuses, ['watching', 'watching', 'revoke-pending', 'watching', 'watching']);
  await tab.close();
});

test('26: rows whose Revoke is in a "⋯" menu drawn at the end of the page: opening a menu records nothing, its Revoke revokes the row that opened it', async () => {
  await reset();
  const row = (label, when) => `<li><span>${label}</span> <span>Connected ${when}</span> <span>user:inference</span> <button aria-label="More options" aria-haspopup="menu" aria-expanded="false">⋯</button></li>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Settings</title></head><body><main><h2>Authorization tokens</h2><ul>${row('Menu token A', 'Nov 9, 2026')}${row('Menu token B', 'Nov 10, 2026')}${row('Menu token C', 'Nov 11, 2026')}</ul></main><script src="/fixture-assets/row-menu.js"></script></body></html>`;
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges on rows with menus' });
  const [a, b, c] = await badgeEntries(tab);
  const menuOf = (n) => tab.locator('li').nth(n).getByRole('button', { name: 'More options' });
  // Open and close the first row's menu: nothing is recorded.
  await menuOf(0).click();
  await tab.getByRole('menuitem', { name: 'Revoke' }).waitFor();
  await tab.keyboard.press('Escape');
  // The second row's menu: once revoke-watch has read it open, its Revoke
  // is that row's remove control.
  await menuOf(1).click();
  await tab.getByRole('menuitem', { name: 'Revoke' }).waitFor();
  await tab.waitForTimeout(600);
  await tab.getByRole('menuitem', { name: 'Revoke' }).click();
  await waitFor(async () => entry(await state(), b)?.status === 'revoked', { what: 'the second row revoked and gone' });
  const s = await state();
  for (const id of [a, c]) {
    assert.equal(entry(s, id).status, 'watching');
    assert.ok(!entry(s, id).events.some((x) => x.type.startsWith('revoke')), `${id}: ${JSON.stringify(entry(s, id).events)}`);
  }
  assert.ok(entry(s, b).events.some((x) => x.type === 'revoke_requested'));
  // The third row's Revoke clicked as soon as its menu opens, before
  // revoke-watch reads the page again: reported by name for that row.
  await menuOf(1).click();
  await tab.getByRole('menuitem', { name: 'Revoke' }).click();
  await waitFor(async () => entry(await state(), c)?.status === 'revoked', { what: 'the third row revoked at once' });
  assert.equal(entry(await state(), a).status, 'watching');
  // The first row's Revoke chosen from the keyboard as soon as its menu
  // opens: Enter on the focused item, with no click.
  await menuOf(0).click();
  await tab.getByRole('menuitem', { name: 'Revoke' }).focus();
  await tab.keyboard.press('Enter');
  // (The list left empty says nothing, so the page is not read as gone:
  // the revocation is what counts here.)
  await waitFor(async () => entry(await state(), a)?.events.some((x) => x.type === 'revoke_requested'), { what: 'the first row revoked from the keyboard' });
  await tab.close();
});

test('27: a Revoke that asks through the browser\'s own window.confirm: Cancel there withdraws the click, OK confirms it', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = tokensPage([['Browser-asked token', 'Connected Nov 7, 2026'], ['Other browser-asked token', 'Connected Nov 8, 2026']])
    .replace('</body>', '<script src="/fixture-assets/browser-confirm.js"></script></body>');
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [first, second] = await badgeEntries(tab);
  const asked = [];
  // Cancel on the first token's question, OK on the second's.
  tab.on('dialog', (d) => { asked.push(d.message()); return asked.length === 1 ? d.dismiss() : d.accept(); });
  await tab.locator('li').nth(0).getByRole('button', { name: 'Revoke' }).click();
  const s1 = await waitFor(async () => { const s = await state(); return entry(s, first).events.some((x) => x.type === 'revoke_cancelled') && s; }, { what: 'the first withdrawn' });
  assert.equal(asked.length, 1, 'the page asked through window.confirm');
  assert.equal(entry(s1, first).status, 'watching');
  assert.ok(!entry(s1, first).events.some((x) => x.type === 'revoke_confirmed'));
  // Read again with grace 0: the first token is listed, rightly, and nothing is flagged.
  await tab.waitForTimeout(400);
  assert.deepEqual(entry(await state(), first).flags, []);
  await tab.locator('li').nth(1).getByRole('button', { name: 'Revoke' }).click();
  const s2 = await waitFor(async () => { const s = await state(); return entry(s, second).events.some((x) => x.type === 'revoke_confirmed') && entry(s, second).status === 'revoked' && s; }, { what: 'the second confirmed and gone' });
  assert.equal(asked.length, 2);
  assert.deepEqual(entry(s2, first).flags, []);
  assert.equal(entry(s2, first).status, 'watching');
  await tab.close();
  await reset();
});

test('28: a sessions listing that shows "Loading…" before its rows marks nothing gone: a terminated session still listed is flagged, not taken for gone', async () => {
  const rows = '<li><span>Loading-test Chrome on Windows</span> <span>Last active 2 hours ago</span> <button>Terminate</button></li><li><span>Loading-test Safari on iPhone</span> <span>Last active 3 days ago</span> <button>Terminate</button></li>';
  const page = (body) => `<!doctype html><html lang="en"><body><main><h2>Active sessions</h2>${body}<button>Log out of all devices</button></main></body></html>`;
  // The next visit fetches its rows: "Loading sessions…" first, read by
  // the content script, then the same two rows.
  await terminateThenRevisit(page(`<ul>${rows}</ul>`), page(`<div id="rows-slot"><p>Loading sessions…</p></div><template id="rows"><ul>${rows}</ul></template><script src="/fixture-assets/late-rows.js"></script>`));
});

// Opens account page `first` listing two sessions, terminates the first
// (which the page keeps listing), then visits `late`, which draws the same
// sessions after a moment: the terminated session is the same entry,
// flagged still listed, never taken for gone.
async function terminateThenRevisit(first, late) {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const tab = await open(first, 'account');
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const ids = await badgeEntries(tab);
  await tab.waitForTimeout(300);
  await tab.locator('li').nth(0).getByRole('button', { name: 'Terminate' }).click();
  await waitFor(async () => entry(await state(), ids[0])?.events.some((e) => e.type === 'revoke_requested'), { what: 'the termination recorded' });
  generated.set(`account?fixture=gen${pageNo}-late`, late);
  await tab.goto(`https://claude.ai/settings/account?fixture=gen${pageNo}-late`);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges after loading' });
  await waitFor(async () => entry(await state(), ids[0]).status === 'zombie', { what: 'the terminated session flagged' });
  const s = await state();
  assert.deepEqual(await badgeEntries(tab), ids, 'the same entries, not new ones');
  assert.deepEqual(entry(s, ids[0]).flags.map((f) => f.rule), ['still-listed']);
  assert.ok(!entry(s, ids[0]).events.some((e) => e.type === 'gone'), 'never taken for gone');
  assert.equal(entry(s, ids[1]).status, 'watching');
  await tab.close();
  await reset();
}

test('29: a confirmation drawn with no dialog role (a plain overlay at the end of the page): its Cancel withdraws the click, its go-ahead confirms it', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = tokensPage([['Overlay token', 'Connected Nov 9, 2026'], ['Other overlay token', 'Connected Nov 10, 2026']])
    .replace('</body>', '<div id="confirm" hidden><p>Revoke this token?</p><p>Apps using it will stop working.</p><button data-role="cancel">Cancel</button><button data-role="confirm">Revoke</button></div><script src="/fixture-assets/confirm-dialog.js"></script></body>');
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const [first, second] = await badgeEntries(tab);
  await tab.waitForTimeout(300);
  await tab.locator('li').nth(0).getByRole('button', { name: 'Revoke' }).click();
  await tab.locator('#confirm').waitFor();
  // Let the content script read the open overlay, then answer it.
  await tab.waitForTimeout(600);
  await tab.locator('#confirm').getByRole('button', { name: 'Cancel' }).click();
  const s1 = await waitFor(async () => { const s = await state(); return entry(s, first).events.some((e) => e.type === 'revoke_cancelled') && s; }, { what: 'the first withdrawn' });
  assert.equal(entry(s1, first).status, 'watching');
  assert.equal(await badgeCount(tab), 2, 'the overlay is no row of its own');
  await tab.waitForTimeout(400);
  assert.deepEqual(entry(await state(), first).flags, []);
  await tab.locator('li').nth(1).getByRole('button', { name: 'Revoke' }).click();
  await tab.locator('#confirm').waitFor();
  await tab.waitForTimeout(600);
  await tab.locator('#confirm').getByRole('button', { name: 'Revoke' }).click();
  await waitFor(async () => { const s = await state(); return entry(s, second).events.some((e) => e.type === 'revoke_confirmed') && entry(s, second).status === 'revoked'; }, { what: 'the second confirmed and gone' });
  assert.deepEqual(entry(await state(), first).flags, []);
  await tab.close();
  await reset();
});

test('30: a terminated session used from another city, listed at its new location: the same entry, flagged still listed, not taken for gone', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const page = (place, active) => `<!doctype html><html lang="en"><body><main><h2>Active sessions</h2><ul>`
    + `<li><div>Moving-test Chrome on Windows</div><div>${place}</div><div>${active}</div><button>Terminate</button></li>`
    + `<li><div>Moving-test Safari on iPhone</div><div>Tokyo, Japan</div><div>Last active 3 days ago</div><button>Terminate</button></li>`
    + `</ul><button>Log out of all devices</button></main></body></html>`;
  const tab = await open(page('Paris, France', 'Last active 2 hours ago'), 'account');
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const ids = await badgeEntries(tab);
  await tab.waitForTimeout(300);
  await tab.locator('li').nth(0).getByRole('button', { name: 'Terminate' }).click();
  await waitFor(async () => entry(await state(), ids[0])?.events.some((e) => e.type === 'revoke_requested'), { what: 'the termination recorded' });
  const moved = page('Amsterdam, Netherlands', 'Last active just now');
  generated.set(`account?fixture=gen${pageNo}-moved`, moved);
  await tab.goto(`https://claude.ai/settings/account?fixture=gen${pageNo}-moved`);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges after the move' });
  await waitFor(async () => entry(await state(), ids[0]).status === 'zombie', { what: 'the terminated session flagged' });
  const s = await state();
  assert.deepEqual(await badgeEntries(tab), ids, 'the same entries, not a new one');
  assert.deepEqual(entry(s, ids[0]).flags.map((f) => f.rule), ['still-listed']);
  assert.ok(!entry(s, ids[0]).events.some((e) => e.type === 'gone'), 'never taken for gone');
  assert.ok(entry(s, ids[0]).events.some((e) => e.type === 'changed' && e.field === 'location' && e.to === 'Amsterdam, Netherlands'),
    JSON.stringify(entry(s, ids[0]).events));
  assert.equal(entry(s, ids[1]).status, 'watching');
  await tab.close();
  await reset();
});

test('31: rows that draw their Revoke only under the pointer: the hovered row is revoked, and the rows drawn without one are never taken for gone', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const rows = [['Hover-test token A', 'Connected Nov 9, 2026'], ['Hover-test token B', 'Connected Nov 10, 2026'], ['Hover-test token C', 'Connected Nov 11, 2026']];
  const page = (list) => `<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2><ul>`
    + list.map(([l, c]) => `<li data-hover-row><span>${l}</span> <span>${c}</span> <span>user:inference</span></li>`).join('')
    + `</ul></main><script src="/fixture-assets/hover-controls.js"></script></body></html>`;
  // First seen with every Revoke drawn (as a wide window might).
  const all = tokensPage(rows);
  const tab = await open(all);
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges' });
  const ids = await badgeEntries(tab);
  // The same rows, each Revoke drawn only under the pointer.
  generated.set(`claude-code?fixture=gen${pageNo}-hover`, page(rows));
  await tab.goto(`https://claude.ai/settings/claude-code?fixture=gen${pageNo}-hover`);
  await tab.locator('li').nth(1).hover();
  const revoke = tab.locator('li').nth(1).getByRole('button', { name: 'Revoke' });
  await revoke.waitFor();
  // The content script reads the row with its button, then the user clicks.
  await tab.waitForTimeout(600);
  await revoke.click();
  await waitFor(async () => entry(await state(), ids[1])?.events.some((e) => e.type === 'revoke_requested'), { what: 'the hovered token revoked' });
  await tab.mouse.move(1, 1);
  await tab.waitForTimeout(800);
  const s = await state();
  for (const k of [0, 2]) {
    assert.ok(!entry(s, ids[k]).events.some((e) => e.type === 'gone'), `token ${k} never taken for gone: ${JSON.stringify(entry(s, ids[k]).events)}`);
  }
  // Reloaded without the revoked row, the pointer on another row: still
  // nothing gone but what the page cannot show (a partial listing).
  generated.set(`claude-code?fixture=gen${pageNo}-after`, page([rows[0], rows[2]]));
  await tab.goto(`https://claude.ai/settings/claude-code?fixture=gen${pageNo}-after`);
  await tab.locator('li').nth(0).hover();
  await tab.locator('li').nth(0).getByRole('button', { name: 'Revoke' }).waitFor();
  await tab.waitForTimeout(800);
  const t = await state();
  assert.ok(!entry(t, ids[2]).events.some((e) => e.type === 'gone'), 'the other unhovered token is not gone');
  assert.equal(entry(t, ids[1]).status, 'revoke-pending', 'unseen: not taken for gone while the listing shows only part');
  await tab.close();
  await reset();
});

test('32: a Revoke clicked as soon as the page draws it (under the pointer), before the page is read again, and its row removed at the click: the revocation is recorded', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const rows = [['Early-click token A', 'Connected Nov 9, 2026'], ['Early-click token B', 'Connected Nov 10, 2026']];
  const html = `<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2><ul>`
    + rows.map(([l, c]) => `<li data-hover-row><span>${l}</span> <span>${c}</span> <span>user:inference</span></li>`).join('')
    + `</ul></main><script src="/fixture-assets/hover-controls.js"></script></body></html>`;
  const tab = await open(html);
  await tab.waitForTimeout(500);
  // The pointer comes to the second row and clicks its Revoke at once
  // (the page removes the row at the click).
  await tab.locator('li').nth(1).hover();
  await tab.locator('li').nth(1).getByRole('button', { name: 'Revoke' }).click();
  assert.equal(await tab.locator('li').count(), 1, 'the page removed the row at the click');
  const s = await waitFor(async () => {
    const s = await state();
    const b = s.entries.find((e) => e.label === 'Early-click token B');
    return b && b.events.some((e) => e.type === 'revoke_requested') && s;
  }, { what: 'the early click recorded' });
  const a = s.entries.find((e) => e.label === 'Early-click token A');
  assert.ok(!a || !a.events.some((e) => e.type === 'revoke_requested'), 'only the clicked row');
  await tab.close();
  await reset();
});

test('33: "Revoke all tokens" revokes every token listed; the next visit still lists one: that one is flagged still listed, the others are revoked', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const rows = [['Bulk token A', 'Connected Nov 4, 2026'], ['Bulk token B', 'Connected Nov 5, 2026'], ['Bulk token C', 'Connected Nov 6, 2026']];
  const withBulk = (html) => html.replace('<h2>Authorization tokens</h2>', '<h2>Authorization tokens</h2><button>Revoke all tokens</button>');
  const tab = await open(withBulk(tokensPage(rows)));
  await waitFor(async () => (await badgeCount(tab)) === 3, { what: '3 badges' });
  const ids = await badgeEntries(tab);
  await tab.getByRole('button', { name: 'Revoke all tokens' }).click();
  await waitFor(async () => { const s = await state(); return ids.every((id) => entry(s, id)?.status === 'revoke-pending'); }, { what: 'all three pending' });
  const key = `claude-code?fixture=gen${pageNo}-after-bulk`;
  generated.set(key, withBulk(tokensPage(rows.slice(1, 2))));
  await tab.goto(`https://claude.ai/settings/${key}`);
  const s = await waitFor(async () => {
    const s = await state();
    return entry(s, ids[1])?.status === 'zombie' && entry(s, ids[0])?.status === 'revoked' && entry(s, ids[2])?.status === 'revoked' && s;
  }, { what: 'B flagged, A and C revoked' });
  assert.deepEqual(entry(s, ids[1]).flags.map((f) => f.rule), ['still-listed']);
  for (const id of ids) assert.equal(entry(s, id).events.filter((e) => e.type === 'revoke_requested').length, 1, id);
  await waitFor(async () => (await tab.locator('revoke-watch-badge[data-revoke-watch="zombie"]').count()) === 1, { what: 'the zombie badge' });
  await tab.close();
  await reset();
});

test('34: a sessions section drawn, heading and all, only once its rows have loaded marks nothing gone: a terminated session still listed is flagged, not taken for gone', async () => {
  const section = '<h2>Active sessions</h2><ul><li><span>Late-section Chrome on Windows</span> <span>Last active 2 hours ago</span> <button>Terminate</button></li><li><span>Late-section Safari on iPhone</span> <span>Last active 3 days ago</span> <button>Terminate</button></li></ul>';
  const page = (body) => `<!doctype html><html lang="en"><body><main><section><h2>Account</h2><button>Log out of all devices</button></section><section>${body}</section></main></body></html>`;
  // The next visit draws the whole section 0.7 s after the rest of the
  // page, which the content script reads in between.
  await terminateThenRevisit(page(section), page(`<div id="rows-slot"></div><template id="rows">${section}</template><script src="/fixture-assets/late-rows.js"></script>`));
});

test('35: a confirm dialog shown and hidden by a utility class: closed with Escape, it records no revocation (while closed it is no dialog)', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const { tab, id } = await revokeIntoDialog('Class dialog token', 'Connected Nov 5, 2026', 'class');
  await tab.keyboard.press('Escape');
  await tab.getByRole('dialog').waitFor({ state: 'hidden' });
  const s = await waitFor(async () => { const s = await state(); return entry(s, id).events.some((x) => x.type === 'revoke_cancelled') && s; }, { what: 'cancelled' });
  assert.ok(!entry(s, id).events.some((x) => x.type === 'revoke_confirmed'));
  assert.equal(entry(s, id).status, 'watching');
  await tab.close();
  await reset();
});

test('36: a revoked token still listed, then left out by a search typed into the page: it is not taken for gone (nor verified), and stays flagged', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = `<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2>`
    + `<div><input type="search" placeholder="Search tokens"></div><ul>`
    + `<li><span>Search-test Claude Code</span> <span>Connected Nov 9, 2026</span> <button>Revoke</button></li>`
    + `<li><span>Search-test Claude Desktop</span> <span>Connected Nov 10, 2026</span> <button>Revoke</button></li>`
    + `</ul></main><script src="/fixture-assets/search-filter.js"></script></body></html>`;
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges' });
  const ids = await badgeEntries(tab);
  await tab.getByRole('button', { name: 'Revoke' }).first().click();
  await waitFor(async () => entry(await state(), ids[0])?.status === 'zombie', { what: 'the revoked token flagged, still listed' });
  await tab.getByRole('searchbox').fill('desktop');
  assert.equal(await tab.locator('li').count(), 1, 'the page drew only the match');
  await tab.waitForTimeout(800);
  const s = await state();
  assert.ok(!entry(s, ids[0]).events.some((e) => e.type === 'gone'), JSON.stringify(entry(s, ids[0]).events));
  assert.equal(entry(s, ids[0]).status, 'zombie');
  // The search cleared: listed again, still flagged, nothing gone.
  await tab.getByRole('searchbox').fill('');
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges again' });
  assert.equal(entry(await state(), ids[0]).status, 'zombie');
  await tab.close();
  await reset();
});

test('37: a revoked token scrolled out of a virtualised list is not taken for gone (nor verified), and stays flagged', async () => {
  await ask(browser, { type: 'settings', set: { grace_ms: 0 } });
  const html = `<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2>`
    + `<div id="token-view"></div></main><script src="/fixture-assets/virtual-list.js"></script></body></html>`;
  const tab = await open(html);
  await waitFor(async () => (await badgeCount(tab)) === 5, { what: '5 badges, the rows in view' });
  const ids = await badgeEntries(tab);
  await tab.getByRole('button', { name: 'Revoke' }).first().click();
  await waitFor(async () => entry(await state(), ids[0])?.status === 'zombie', { what: 'the revoked token flagged, still listed' });
  // Scrolled to the end: the first rows leave the page.
  await tab.evaluate(() => { document.getElementById('token-view').scrollTop = 100000; });
  await waitFor(async () => !(await tab.getByText('Connected Oct 1, 2026').count()), { what: 'the first row out of the page' });
  await waitFor(async () => (await badgeEntries(tab)).some((id) => !ids.includes(id)), { what: 'badges on the rows now in view' });
  await tab.waitForTimeout(500);
  const s = await state();
  assert.ok(!entry(s, ids[0]).events.some((e) => e.type === 'gone'), JSON.stringify(entry(s, ids[0]).events));
  assert.equal(entry(s, ids[0]).status, 'zombie');
  // Scrolled back: listed again, still flagged, nothing gone.
  await tab.evaluate(() => { document.getElementById('token-view').scrollTop = 0; });
  await waitFor(async () => (await badgeEntries(tab)).includes(ids[0]), { what: 'the first row badged again' });
  assert.equal(entry(await state(), ids[0]).status, 'zombie');
  await tab.close();
  await reset();
});

test('38: rows drawn as forms, each Revoke a submit button that posts and reloads the page: the submitted row is revoked, and gone after the reload', async () => {
  await reset();
  const row = (label, ago) => `<form method="post" action="/settings/claude-code?fixture=form-rows-after"><span>${label}</span> <span>${ago}</span> <input type="submit" value="Revoke"></form>`;
  const page = (rows) => `<!doctype html><html lang="en"><body><main><h2>Authorization tokens</h2><div>${rows.join('')}</div></main></body></html>`;
  // What the server answers the post with: the listing without that row.
  generated.set('claude-code?fixture=form-rows-after', page([row('Form token B', 'Connected 4 days ago')]));
  const tab = await open(page([row('Form token A', 'Connected 3 days ago'), row('Form token B', 'Connected 4 days ago')]));
  await waitFor(async () => (await badgeCount(tab)) === 2, { what: '2 badges on the form rows' });
  const [a, b] = await badgeEntries(tab);
  await tab.waitForTimeout(300);
  await tab.locator('form').first().getByRole('button', { name: 'Revoke' }).click();
  await tab.waitForURL(/form-rows-after/);
  const s = await waitFor(async () => { const s = await state(); return entry(s, a)?.status === 'revoked' && s; }, { what: 'the submitted row revoked and gone' });
  const types = entry(s, a).events.map((e) => e.type);
  assert.ok(types.includes('revoke_requested') && types.includes('gone'), JSON.stringify(types));
  assert.equal(entry(s, b).status, 'watching');
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'one badge after the reload' });
  await tab.close();
});

test('39: remove controls drawn as bare text (a clickable <span>Revoke</span>): a click on a row\'s is its revocation, the word in the intro sentence is not', async () => {
  await reset();
  const { tab, ids, before } = await openFixture('claude-code', 'text-controls', 3);
  assert.deepEqual(ids.map((id) => entry(before, id).label), ['Claude Code', 'Claude Code', 'Claude Desktop']);
  await tab.waitForTimeout(300);
  await tab.locator('p b').click();
  await tab.waitForTimeout(300);
  assert.deepEqual((await state()).entries.map((e) => e.status), before.entries.map((e) => e.status), 'the sentence\'s word changed nothing');
  await tab.locator('main > div > div').nth(1).getByText('Revoke', { exact: true }).click();
  await waitFor(async () => entry(await state(), ids[1])?.status === 'revoke-pending', { what: 'the second row revoke-pending' });
  await revisitWithout(tab, 'claude-code', 'text-controls', /<div><div><span>Claude Code<\/span><span>Connected 19 days ago<\/span>.*?<span>Revoke<\/span><\/div>\n/s);
  await waitFor(async () => entry(await state(), ids[1])?.status === 'revoked', { what: 'revoked' });
  const s = await state();
  assert.equal(entry(s, ids[0]).status, 'watching');
  assert.equal(entry(s, ids[2]).status, 'watching');
  await tab.close();
});

test('40: page readings go over a port that a stopped worker closes: a change after a stop, and one whose reading a stop cut short, are still read and badged', async () => {
  await reset();
  const tab = await open(tokensPage([['Port token A', 'Connected 2 days ago']]));
  await waitFor(async () => (await badgeCount(tab)) === 1, { what: 'the first badge' });
  // insertRow resolves once the new row has its badge; a reading that never
  // reaches a worker would leave it waiting, so it is raced against a limit.
  const badged = (name, after) => Promise.race([
    insertRow(tab, name),
    new Promise((_, fail) => setTimeout(() => fail(new Error(`no badge on "${name}" ${after}`)), 10000)),
  ]);
  await stopWorker(browser);
  await badged('Port token B', 'after the worker stopped');
  // The reading leaves 150 ms after the change (the debounce): the stop
  // lands while it is on its way or being read, and it is sent again.
  const cut = badged('Port token C', 'when a stop cut its reading short');
  await tab.waitForTimeout(150);
  await stopWorker(browser);
  await cut;
  // The stop may also land after the answer and before its writes (a
  // browser stops a worker only when it is idle; DevTools does not wait):
  // the next reading records the page again, that row included.
  await badged('Port token D', 'after a second stop');
  assert.equal(await badgeCount(tab), 4);
  const labels = (await state()).entries.map((e) => e.label);
  for (const name of ['Port token A', 'Port token B', 'Port token C', 'Port token D']) assert.ok(labels.includes(name), name);
  await tab.close();
});
