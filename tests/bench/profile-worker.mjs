// Profiles the service worker while badges are drawn for inserted rows
// (the badge-latency path) with the DevTools protocol's sampling profiler,
// and prints the functions with the most self time. Not a test and not a
// figure with a budget: it says where the worker's time goes. Run by
// `./build.sh profile`, which loads a copy of the extension whose wasm
// keeps its function names.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, waitFor, badgeCount, tokensPage, generated, ARTIFACTS } from '../e2e/harness.mjs';

const PASSES = 60;
const browser = await launch();
try {
  const key = 'claude-code?fixture=profile';
  generated.set(key, tokensPage(Array.from({ length: 20 }, (_, i) => [`Profiled token ${i}`, '1 day ago'])));
  const tab = await browser.context.newPage();
  await tab.goto(`https://claude.ai/settings/${key}`);
  await waitFor(async () => (await badgeCount(tab)) === 20, { what: 'badges' });
  const cdp = await browser.context.newCDPSession(tab);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  if (!sw) throw new Error('no running service worker');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  const replies = new Map();
  let next = 1;
  cdp.on('Target.receivedMessageFromTarget', (e) => { const m = JSON.parse(e.message); replies.get(m.id)?.(m); });
  const call = (method, params = {}) => new Promise((done, fail) => {
    const id = next++;
    replies.set(id, (m) => (m.error ? fail(new Error(`${method}: ${m.error.message}`)) : done(m.result)));
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
  });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 50 });
  await call('Profiler.start');
  for (let i = 0; i < PASSES; i++) {
    await tab.evaluate((name) => new Promise((done) => {
      const li = document.querySelector('li').cloneNode(true);
      li.querySelectorAll('revoke-watch-badge').forEach((b) => b.remove());
      li.querySelector('span').textContent = name;
      new MutationObserver((recs, obs) => { if (li.querySelector('revoke-watch-badge')) { obs.disconnect(); done(); } }).observe(li, { childList: true, subtree: true });
      document.querySelector('ul').appendChild(li);
    }), `Inserted token ${i}`);
  }
  const { profile } = await call('Profiler.stop');
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'service-worker.cpuprofile');
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = f.functionName || `(anonymous ${f.url.split('/').pop()})`;
    self.set(name, (self.get(name) || 0) + (profile.timeDeltas[i + 1] || 0) / 1000);
  });
  const busy = [...self].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0);
  console.log(`service worker busy ${busy.toFixed(1)} ms over ${PASSES} badge passes (${(busy / PASSES).toFixed(2)} ms each); whole profile in ${file}`);
  console.log('self ms\tshare\tfunction');
  for (const [name, ms] of [...self].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${ms.toFixed(2)}\t${((100 * ms) / busy).toFixed(1)}%\t${name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 150)}`);
  }
} finally {
  await browser.close();
}
