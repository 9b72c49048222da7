// revoke-watch service worker shim. Listeners are registered synchronously at
// top level (an MV3 worker may be woken by the very message it must answer);
// each one waits for the Rust/wasm module and hands over. No logic here.
import init, { handle_message } from '../wasm/revoke_watch.js';

const ready = init();

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then(() => handle_message(message, sender))
    .then(sendResponse, (err) => sendResponse({ error: String((err && err.message) || err) }));
  return true;
});
