// Profiles the service worker while badges are drawn for inserted rows
// (the badge-latency path) with the DevTools protocol's sampling profiler,
// and prints the functions with the most self time. Not a test and not a
// figure with a budget: it says where the worker's time goes. Run by
// `./build.sh profile`, which loads a copy of the extension whose wasm
// keeps its function names.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, waitFor, badgeCount, tokensPage, generated, workerDevTools, insertRow, ARTIFACTS } from '../e2e/harness.mjs';

const PASSES = 60;
const browser = await launch();
try {
  const key = 'claude-code?fixture=profile';
  generated.set(key, tokensPage(Array.from({ length: 20 }, (_, i) => [`Profiled token ${i}`, '1 day ago'])));
  const tab = await browser.context.newPage();
  await tab.goto(`https://claude.ai/settings/${key}`);
  await waitFor(async () => (await badgeCount(tab)) === 20, { what: 'badges' });
  const { call, close } = await workerDevTools(browser);
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 50 });
  await call('Profiler.start');
  for (let i = 0; i < PASSES; i++) {
    await insertRow(tab, `Inserted token ${i}`);
  }
  const { profile } = await call('Profiler.stop');
  await close();
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
