// Writes a browser's manifest from the one source, manifest.json.
// Usage: node tools/manifest.mjs <chrome|firefox> <source> <output>
import { readFileSync, writeFileSync } from 'node:fs';

const [browser, source, output] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(source, 'utf8'));

if (browser === 'chrome') {
  // The source is written for Chromium; nothing to change.
} else {
  console.error(`unknown browser '${browser}' (this build knows: chrome)`);
  process.exit(2);
}
writeFileSync(output, JSON.stringify(manifest, null, 2) + '\n');
