// revoke-watch service worker shim. Listeners are registered synchronously at
// top level (an MV3 worker may be woken by the very event it must handle);
// each event waits for the Rust/wasm module and is handed over one at a
// time, so the ledger (this worker is its only writer) is written in order.
// steps.js performs what the module asks for while it handles one.
import init, { begin, resume, handle_notification_click } from '../wasm/revoke_watch.js';
import { converse } from './steps.js';

const module = { begin, resume };

const ready = init();
let queue = Promise.resolve();

function inTurn(work) {
  const turn = queue.then(() => ready).then(work);
  queue = turn.catch(() => {});
  return turn;
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // A message sent as JSON text (the content script's page readings) is
  // answered as JSON text: one string crosses each way instead of
  // thousands of small objects. Anything else is answered as an object.
  const asText = typeof message === 'string';
  // The module may answer before its writes finish (a page's badges); the
  // queue still waits for the writes, and only the first answer is sent.
  let answered = false;
  const respond = (text) => { if (!answered) { answered = true; sendResponse(asText ? text : JSON.parse(text)); } };
  inTurn(() => converse(module, asText ? message : JSON.stringify(message ?? null), sender, respond))
    .then(respond, (err) => respond(JSON.stringify({ error: String((err && err.message) || err) })));
  return true;
});

// An alarm is handed over as a message from this worker's own page, so one
// entry point serves both.
const ownSender = { id: chrome.runtime.id, url: location.href };
chrome.alarms.onAlarm.addListener((alarm) => {
  inTurn(() => converse(module, JSON.stringify({ type: 'alarm', name: alarm.name }), ownSender, () => {})).catch(() => {});
});
chrome.notifications.onClicked.addListener((id) => { inTurn(() => handle_notification_click(id)).catch(() => {}); });
