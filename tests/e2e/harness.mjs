// End-to-end harness: Debian's Chromium, headless, with the built extension
// (dist/chrome) loaded, and claude.ai pages served from tests/fixtures/pages
// through request routing with a strict Content-Security-Policy.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist', 'chrome');
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'pages');
export const ARTIFACTS = join(ROOT, 'target', 'e2e');
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

// `https://claude.ai/settings/claude-code?fixture=table` serves
// tests/fixtures/pages/claude-code--table.html.
async function serve(route) {
  const url = new URL(route.request().url());
  const m = url.pathname.match(/^\/(?:admin-)?settings\/([a-z-]+)\/?$/);
  const variant = url.searchParams.get('fixture');
  const file = m && variant && /^[a-z0-9-]+$/.test(variant) ? join(FIXTURES, `${m[1]}--${variant}.html`) : null;
  if (!file || !existsSync(file)) {
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'no such fixture' });
  }
  return route.fulfill({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP },
    body: await readFile(file),
  });
}

export async function launch() {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/chrome is missing: run ./build.sh first');
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
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 10000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
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
