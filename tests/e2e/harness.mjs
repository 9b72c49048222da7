// End-to-end harness: Debian's Chromium, headless, with the built extension
// (dist/chrome) loaded, and claude.ai pages served from tests/fixtures/pages
// through request routing with a strict Content-Security-Policy.
// Service-worker requests are reported only with this switch (read at launch).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
import { chromium } from 'playwright-core';
import { mkdtemp, rm, readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// REVOKE_WATCH_DIST: another built copy (`./build.sh profile` loads one whose
// wasm keeps its function names).
export const DIST = process.env.REVOKE_WATCH_DIST || join(ROOT, 'dist', 'chrome');
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'pages');
export const ARTIFACTS = join(ROOT, 'target', 'e2e');
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

export const ASSETS = join(ROOT, 'tests', 'fixtures', 'assets');

// Pages a test writes itself: `generated.set('claude-code?fixture=x', html)`
// serves html at https://claude.ai/settings/claude-code?fixture=x.
export const generated = new Map();

// `https://claude.ai/settings/claude-code?fixture=table` serves
// tests/fixtures/pages/claude-code--table.html. Shared by the Chromium
// routing below and the Firefox suite's local HTTPS server.
export async function resolveFixture(href) {
  const url = new URL(href);
  const html = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP };
  const asset = url.pathname.match(/^\/fixture-assets\/([a-z0-9-]+\.(js|css))$/);
  if (asset && existsSync(join(ASSETS, asset[1]))) {
    const type = asset[2] === 'css' ? 'text/css' : 'text/javascript';
    return { status: 200, headers: { 'content-type': type, 'content-security-policy': CSP }, body: await readFile(join(ASSETS, asset[1])) };
  }
  const own = generated.get(url.pathname.replace(/^\/settings\//, '') + url.search);
  // A generated page is its HTML, or { body, headers } to add headers.
  if (typeof own === 'string') return { status: 200, headers: html, body: own };
  if (own !== undefined) return { status: 200, headers: { ...html, ...own.headers }, body: own.body };
  const m = url.pathname.match(/^\/(?:admin-)?settings\/([a-z-]+)\/?$/);
  const variant = url.searchParams.get('fixture');
  const file = m && variant && /^[a-z0-9-]+$/.test(variant) ? join(FIXTURES, `${m[1]}--${variant}.html`) : null;
  if (!file || !existsSync(file)) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no such fixture' };
  return { status: 200, headers: html, body: await readFile(file) };
}

async function serve(route) {
  return route.fulfill(await resolveFixture(route.request().url()));
}


export async function launch() {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} is missing: run ./build.sh first`);
  const profile = await mkdtemp(join(tmpdir(), 'revoke-watch-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  await context.route('https://claude.ai/**', serve);
  const audit = networkAudit(context);
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 10000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    audit,
    // Closing also checks the claim "the extension makes no network
    // requests": any request by its worker, pages or content scripts
    // fails the test file that made it.
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      const found = audit.violations.filter((v) => !audit.expected.has(v.url));
      if (found.length) throw new Error(`the extension made network requests: ${JSON.stringify(found, null, 1)}`);
    },
  };
}

// Opens a fixture page and collects page errors.
export async function openFixture(context, page, variant) {
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  await tab.goto(`https://claude.ai/settings/${page}?fixture=${variant}`);
  return { tab, errors };
}

export async function waitFor(fn, { timeout = 5000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function badgeCount(tab) {
  return tab.locator('revoke-watch-badge').count();
}

// The id of `tab` as the extension sees it (the tab is brought to front,
// then the worker asks for the active tab).
export async function tabIdOf(worker, tab) {
  await tab.bringToFront();
  return worker.evaluate(async () => {
    const [t] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return t.id;
  });
}

export async function artifactPath(name) {
  await mkdir(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

// Sends a message to the service worker from an extension page (as the
// popup would) and returns the answer.
export async function ask(browser, message) {
  if (!browser.askPage || browser.askPage.isClosed()) {
    browser.askPage = await browser.context.newPage();
    await browser.askPage.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  }
  return browser.askPage.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

// Stops every service worker through the DevTools protocol (as Chromium does
// when a worker is idle), so the next message wakes a fresh one.
export async function stopWorker(browser) {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

// `dialog`: a confirmation dialog that a Revoke click opens; `'style'` shows
// and hides it by its inline style rather than the `hidden` attribute.
export function tokensPage(rows, { dialog = false } = {}) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const items = rows.length
    ? rows.map(([label, connected]) => `<li><span>${esc(label)}</span> <span>${esc(connected)}</span> <span>user:inference</span> <button>Revoke</button></li>`).join('')
    : '<li>You have no authorization tokens.</li>';
  const opening = {
    style: '<div id="confirm" role="dialog" aria-modal="true" data-shown-by="style">',
    class: '<div id="confirm" role="dialog" aria-modal="true" data-shown-by="class" class="hidden">',
  }[dialog] || '<div id="confirm" role="dialog" aria-modal="true" hidden>';
  const dlg = dialog
    ? opening + '<p>Revoke this token?</p><button data-role="cancel">Cancel</button><button data-role="confirm">Revoke token</button></div><script src="/fixture-assets/confirm-dialog.js"></script>'
    : '';
  const css = dialog === 'class' ? '<link rel="stylesheet" href="/fixture-assets/utility-classes.css">' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Settings</title>${css}</head><body><main><h2>Authorization tokens</h2><ul>${items}</ul></main>${dlg}</body></html>`;
}

// Records every network request made by the extension: its service worker,
// its pages, and scripts running from chrome-extension:// (content scripts)
// in any page, through the DevTools protocol on every page target.
function networkAudit(context) {
  const audit = { violations: [], expected: new Set() };
  const local = (url) => /^(chrome-extension|data|blob|about):/.test(url);
  const fromExtension = (stack) => {
    for (let s = stack; s; s = s.parent) {
      if ((s.callFrames || []).some((f) => f.url.startsWith('chrome-extension://'))) return true;
    }
    return false;
  };
  context.on('request', (r) => {
    if (r.serviceWorker() && !local(r.url())) audit.violations.push({ from: 'service worker', url: r.url() });
  });
  const watch = async (page) => {
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      cdp.on('Network.requestWillBeSent', (e) => {
        if (local(e.request.url)) return;
        const byPage = (e.documentURL || '').startsWith('chrome-extension://');
        const byScript = e.initiator && fromExtension(e.initiator.stack);
        if (byPage || byScript) audit.violations.push({ from: byPage ? 'extension page' : 'extension script', url: e.request.url });
      });
    } catch (_) { /* the page closed before it could be watched */ }
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return audit;
}

// Inserts a copy of the first row of a `tokensPage`, named `name`, and
// resolves when its badge is drawn, with both times (page clock).
export function insertRow(tab, name) {
  return tab.evaluate((name) => new Promise((done) => {
    const li = document.querySelector('li').cloneNode(true);
    li.querySelectorAll('revoke-watch-badge').forEach((b) => b.remove());
    li.querySelector('span').textContent = name;
    const start = performance.now();
    new MutationObserver((recs, obs) => { if (li.querySelector('revoke-watch-badge')) { obs.disconnect(); done({ start, end: performance.now() }); } }).observe(li, { childList: true, subtree: true });
    document.querySelector('ul').appendChild(li);
  }), name);
}

// A DevTools protocol session on the extension's running service worker:
// `call(method, params)` sends one command to it; `close()` detaches.
export async function workerDevTools(browser) {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  if (!sw) { await cdp.detach(); throw new Error('no running service worker'); }
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  const replies = new Map();
  let next = 1;
  cdp.on('Target.receivedMessageFromTarget', (e) => { const m = JSON.parse(e.message); replies.get(m.id)?.(m); });
  const call = (method, params = {}) => new Promise((done, fail) => {
    const id = next++;
    replies.set(id, (m) => (m.error ? fail(new Error(`${method}: ${m.error.message}`)) : done(m.result)));
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
  });
  const close = async () => {
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    await cdp.detach();
  };
  return { call, close };
}

// The service worker's memory through the DevTools protocol: the JavaScript
// heap in use and the wasm module's linear memory (found by prototype, so
// the extension needs no debugging hook).
export async function workerMemory(browser) {
  const { call, close } = await workerDevTools(browser);
  try {
    await call('HeapProfiler.collectGarbage');
    const heap = await call('Runtime.getHeapUsage');
    const proto = await call('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    const found = await call('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const sizes = await call('Runtime.callFunctionOn', { objectId: found.objects.objectId, functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }', returnByValue: true });
    return { jsHeapUsed: heap.usedSize, wasmMemory: sizes.result.value.reduce((a, b) => a + b, 0) };
  } finally {
    await close();
  }
}
