// The same scenarios in Firefox ESR: the add-on built into dist/firefox is
// installed temporarily through WebDriver (geckodriver + selenium-webdriver),
// and claude.ai is served by a local HTTPS server with a throwaway
// certificate, with Firefox told that claude.ai is this machine
// (network.dns.localDomains) and the strict CSP header as in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { Builder, By } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { resolveFixture, generated, tokensPage, waitFor, ROOT } from '../e2e/harness.mjs';

const DIST = join(ROOT, 'dist', 'firefox');
const GECKO_ID = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
// A fixed internal UUID, so the test knows the add-on's moz-extension:// address.
const UUID = '2f9c1d7e-5b3a-4e8f-9a6c-1d2e3f4a5b6c';
const EXT = `moz-extension://${UUID}`;

let server;
let driver;
let work;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'revoke-watch-firefox-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=claude.ai',
    '-addext', 'subjectAltName=DNS:claude.ai', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem')], { stdio: 'ignore' });
  server = https.createServer({ key: readFileSync(join(work, 'key.pem')), cert: readFileSync(join(work, 'cert.pem')) }, async (req, res) => {
    const r = await resolveFixture(`https://claude.ai${req.url}`);
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
  await new Promise((ok, fail) => server.listen(443, '127.0.0.1', ok).on('error', fail));
  const downloads = join(work, 'downloads');
  const options = new firefox.Options()
    .setBinary(process.env.FIREFOX || '/usr/bin/firefox-esr')
    .addArguments('-headless')
    .setAcceptInsecureCerts(true)
    .setPreference('network.dns.localDomains', 'claude.ai')
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [GECKO_ID]: UUID }))
    .setPreference('browser.download.folderList', 2)
    .setPreference('browser.download.dir', downloads)
    .setPreference('browser.download.useDownloadDir', true)
    .setPreference('browser.download.always_ask_before_handling_new_types', false)
    .setPreference('browser.helperApps.neverAsk.saveToDisk', 'application/json')
    // A closed network: keep Firefox from calling home.
    .setPreference('app.update.enabled', false)
    .setPreference('extensions.update.enabled', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('toolkit.telemetry.enabled', false)
    .setPreference('browser.safebrowsing.malware.enabled', false)
    .setPreference('browser.safebrowsing.phishing.enabled', false)
    .setPreference('network.captive-portal-service.enabled', false)
    .setPreference('network.connectivity-service.enabled', false);
  const gecko = process.env.GECKODRIVER || join(homedir(), '.cargo', 'bin', 'geckodriver');
  driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(new firefox.ServiceBuilder(gecko).addArguments('--allow-system-access')).build();
  await driver.installAddon(DIST, true);
  work = { dir: work, downloads };
});

after(async () => {
  await driver?.quit();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (work?.dir) rmSync(work.dir, { recursive: true, force: true });
});

async function badges() {
  return (await driver.findElements(By.css('revoke-watch-badge'))).length;
}

// geckodriver will not navigate content to moz-extension:// URLs, so an
// extension page is opened as a new tab from Firefox's own (privileged)
// context, and the driver switches to it.
async function openExtensionPage(path) {
  const before = new Set(await driver.getAllWindowHandles());
  await driver.setContext(firefox.Context.CHROME);
  await driver.executeScript(
    'const t = gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); gBrowser.selectedTab = t;',
    `${EXT}/${path}`,
  );
  await driver.setContext(firefox.Context.CONTENT);
  const handle = await waitFor(async () => (await driver.getAllWindowHandles()).find((h) => !before.has(h)), { what: 'the new tab' });
  await driver.switchTo().window(handle);
  await waitFor(async () => (await driver.getCurrentUrl()).startsWith(EXT), { what: `${path} to load` });
}

// Asks the background from an extension page, as the popup does.
async function ask(message) {
  const here = await driver.getCurrentUrl();
  if (!here.startsWith(EXT)) await openExtensionPage('options/options.html');
  return driver.executeAsyncScript('const done = arguments[arguments.length - 1]; chrome.runtime.sendMessage(arguments[0]).then(done, (e) => done({ error: String(e) }));', message);
}

test('badges appear on the tokens and account fixtures', async () => {
  for (const [page, variant, n] of [['claude-code', 'table', 4], ['claude-code', 'list-icons', 3], ['account', 'sessions-devices', 4]]) {
    await driver.get(`https://claude.ai/settings/${page}?fixture=${variant}`);
    await waitFor(async () => (await badges()) === n, { timeout: 15000, what: `${n} badges on ${page}--${variant}` });
    const host = await driver.findElement(By.css('revoke-watch-badge'));
    assert.equal(await host.getAttribute('data-revoke-watch'), 'watching');
    const rect = await host.getRect();
    assert.ok(rect.width > 0 && rect.height > 0, 'the badge is drawn');
  }
});

test('a revocation is captured and, once the entry is gone, shows as revoked', async () => {
  const rows = [['Firefox token A', 'Connected 3 days ago'], ['Firefox token B', 'Connected 2 hours ago']];
  generated.set('claude-code?fixture=ff-two', tokensPage(rows));
  generated.set('claude-code?fixture=ff-one', tokensPage(rows.slice(1)));
  await driver.get('https://claude.ai/settings/claude-code?fixture=ff-two');
  await waitFor(async () => (await badges()) === 2, { timeout: 15000, what: 'badges' });
  const id = await driver.findElement(By.css('li revoke-watch-badge')).getAttribute('data-revoke-watch-entry');
  await driver.sleep(300);
  await driver.findElement(By.css('li button')).click();
  await driver.sleep(800);
  await driver.get('https://claude.ai/settings/claude-code?fixture=ff-one');
  await waitFor(async () => (await badges()) === 1, { timeout: 15000, what: 'the remaining badge' });
  const state = await waitFor(async () => {
    const s = await ask({ type: 'ledger' });
    return s.entries?.find((e) => e.id === id)?.status === 'revoked' && s;
  }, { timeout: 15000, what: 'revoked' });
  const types = state.entries.find((e) => e.id === id).events.map((e) => e.type);
  assert.deepEqual(types.slice(0, 2), ['seen', 'revoke_requested']);
  assert.ok(types.includes('gone'));
});

test('a Revoke that asks through window.confirm: Cancel there withdraws the click', async () => {
  const html = tokensPage([['Firefox confirm token', 'Connected 4 days ago']])
    .replace('</body>', '<script src="/fixture-assets/browser-confirm.js"></script></body>');
  generated.set('claude-code?fixture=ff-confirm', html);
  await driver.get('https://claude.ai/settings/claude-code?fixture=ff-confirm');
  await waitFor(async () => (await badges()) === 1, { timeout: 15000, what: 'the badge' });
  const id = await driver.findElement(By.css('li revoke-watch-badge')).getAttribute('data-revoke-watch-entry');
  await driver.sleep(300);
  await driver.findElement(By.css('li button')).click();
  const asked = await waitFor(async () => { try { return await driver.switchTo().alert(); } catch { return null; } }, { what: 'the confirm dialog' });
  await asked.dismiss();
  const state = await waitFor(async () => {
    const s = await ask({ type: 'ledger' });
    return s.entries?.find((e) => e.id === id)?.events.some((e) => e.type === 'revoke_cancelled') && s;
  }, { timeout: 15000, what: 'the click withdrawn' });
  assert.equal(state.entries.find((e) => e.id === id).status, 'watching');
});

test('a token still listed after its revocation is flagged on its row, on the page and on the toolbar', async () => {
  await ask({ type: 'settings', set: { grace_ms: 0 } });
  try {
    const rows = [['Firefox zombie A', 'Connected 5 days ago'], ['Firefox zombie B', 'Connected 5 days ago']];
    generated.set('claude-code?fixture=ff-zombie', tokensPage(rows));
    await driver.get('https://claude.ai/settings/claude-code?fixture=ff-zombie');
    await waitFor(async () => (await badges()) === 2, { timeout: 15000, what: 'badges' });
    const second = (await driver.findElements(By.css('li')))[1];
    const id = await second.findElement(By.css('revoke-watch-badge')).getAttribute('data-revoke-watch-entry');
    await driver.sleep(300);
    await second.findElement(By.css('button')).click();
    await driver.sleep(800);
    // Grace 0: read again with the row still listed, the revocation did not take.
    await driver.get('https://claude.ai/settings/claude-code?fixture=ff-zombie');
    const zombie = await waitFor(async () => (await driver.findElements(By.css('revoke-watch-badge[data-revoke-watch="zombie"]')))[0], { timeout: 15000, what: 'a zombie badge' });
    assert.equal(await zombie.getAttribute('data-revoke-watch-entry'), id);
    assert.match(await zombie.getAttribute('aria-label'), /Still listed/);
    assert.equal((await driver.findElements(By.css('revoke-watch-badge[data-revoke-watch="watching"]'))).length, 1);
    await waitFor(async () => (await driver.findElements(By.css('revoke-watch-summary'))).length === 1, { timeout: 15000, what: 'the summary' });
    const state = await ask({ type: 'state' });
    assert.ok(state.counts.zombie >= 1, JSON.stringify(state.counts));
    // The toolbar's count, read from an extension page as the popup would.
    const badge = await driver.executeAsyncScript('const done = arguments[arguments.length - 1]; Promise.all([chrome.action.getBadgeText({}), chrome.action.getTitle({})]).then(([text, title]) => done({ text, title }), (e) => done({ error: String(e) }));');
    assert.equal(badge.text, String(state.counts.zombie + state.counts.flagged_meters));
    assert.match(badge.title, /may not have taken effect/);
  } finally {
    await ask({ type: 'settings', set: { grace_ms: 600000 } });
  }
});

test('a log-out everywhere, then a usage meter that rose: the meter is flagged on the usage page', async () => {
  const usage = (p) => `<!doctype html><html lang="en"><body><main><h1>Usage</h1><div><span>Firefox session meter</span> <span>Resets in 4 hours</span> <span>${p}% used</span></div></main></body></html>`;
  const meterBadge = (status) => By.css(`span revoke-watch-badge[data-revoke-watch="${status}"][data-revoke-watch-entry="meter:Firefox session meter"]`);
  generated.set('usage?fixture=ff-usage-31', usage(31));
  generated.set('usage?fixture=ff-usage-47', usage(47));
  generated.set('account?fixture=ff-logout', '<!doctype html><html lang="en"><body><main><h2>Active sessions</h2><ul><li><span>Firefox on Linux</span> <span>Last active 1 hour ago</span> <button>Terminate</button></li></ul><button>Log out of all devices</button></main></body></html>');
  await driver.get('https://claude.ai/settings/usage?fixture=ff-usage-31');
  await waitFor(async () => (await driver.findElements(meterBadge('watching'))).length === 1, { timeout: 15000, what: 'the meter watched' });
  const before = (await ask({ type: 'state' })).log_out_everywhere.length;
  await driver.get('https://claude.ai/settings/account?fixture=ff-logout');
  await waitFor(async () => (await badges()) === 1, { timeout: 15000, what: 'the session badge' });
  await driver.sleep(300);
  await driver.findElement(By.xpath('//button[text()="Log out of all devices"]')).click();
  await waitFor(async () => (await ask({ type: 'state' })).log_out_everywhere.length === before + 1, { timeout: 15000, what: 'the log-out recorded' });
  await driver.get('https://claude.ai/settings/usage?fixture=ff-usage-47');
  const flagged = await waitFor(async () => (await driver.findElements(meterBadge('zombie')))[0], { timeout: 15000, what: 'the meter flagged on the page' });
  assert.match(await flagged.getAttribute('aria-label'), /Rose after revoke\. .*: Firefox session meter: 31% used\. .*: logged out everywhere/);
  const meter = (await ask({ type: 'state' })).meters.find((m) => m.name === 'Firefox session meter');
  assert.deepEqual(meter.flags.map((f) => f.rule), ['usage-after-revoke']);
});

test('an export from the popup downloads valid JSON', async () => {
  await openExtensionPage('popup/popup.html');
  await waitFor(async () => (await driver.findElements(By.css('#export-format'))).length === 1, { timeout: 15000, what: 'the popup' });
  await driver.executeScript("document.getElementById('export-format').value = 'json';");
  await driver.findElement(By.css('[data-action="export"]')).click();
  const file = await waitFor(() => {
    if (!existsSync(work.downloads)) return null;
    return readdirSync(work.downloads).find((f) => f.endsWith('.json') && !f.endsWith('.part'));
  }, { timeout: 15000, what: 'a downloaded file' });
  const doc = JSON.parse(readFileSync(join(work.downloads, file), 'utf8'));
  assert.equal(doc.schema, 'revoke-watch.timeline');
  assert.equal(doc.integrity.events, doc.events.length);
  assert.ok(doc.entries.some((e) => e.label === 'Firefox token A' && e.status === 'revoked'));
});
