// revoke-watch service worker shim. Listeners are registered synchronously at
// top level (an MV3 worker may be woken by the very message it must answer);
// each message waits for the Rust/wasm module and is handed over one at a
// time, so the ledger (this worker is its only writer) is written in order.
import init, { handle_message } from '../wasm/revoke_watch.js';

const ready = init();
let queue = Promise.resolve();

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const turn = queue.then(() => ready).then(() => handle_message(message, sender));
  queue = turn.catch(() => {});
  turn.then(sendResponse, (err) => sendResponse({ error: String((err && err.message) || err) }));
  return true;
});
