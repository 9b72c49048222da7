// Writes a browser's manifest from the one source, manifest.json (written
// for Chromium). No copy of the manifest is kept by hand.
// Usage: node tools/manifest.mjs <chrome|firefox> <source> <output>
import { readFileSync, writeFileSync } from 'node:fs';

const [browser, source, output] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(source, 'utf8'));

// A fixed add-on id (a GUID, so it claims no domain name).
export const GECKO_ID = '{6c1e0b9a-3f5d-4c2e-9b7a-2d4f8e1a5c30}';

if (browser === 'chrome') {
  // The source is written for Chromium; nothing to change.
} else if (browser === 'firefox') {
  // Firefox runs the background as an event page, not a service worker.
  const { service_worker: script, type } = manifest.background;
  manifest.background = { scripts: [script], type };
  delete manifest.minimum_chrome_version;
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      // 140: the first release that reads data_collection_permissions; the
      // other APIs used (storage.session 115, module background 112,
      // 'wasm-unsafe-eval' 102, MV3 109) are older.
      strict_min_version: '140.0',
      // revoke-watch collects nothing and sends nothing anywhere.
      data_collection_permissions: { required: ['none'] },
    },
  };
} else {
  console.error(`unknown browser '${browser}' (this build knows: chrome, firefox)`);
  process.exit(2);
}
writeFileSync(output, JSON.stringify(manifest, null, 2) + '\n');
