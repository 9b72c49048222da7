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

// Hands one message to the module in turn and gives `reply` its answer
// exactly once (a port's answers are matched to its messages by order).
function handle(message, sender, reply) {
  // A message sent as JSON text (the content script's page readings) is
  // answered as JSON text: one string crosses each way instead of
  // thousands of small objects. Anything else is answered as an object.
  const asText = typeof message === 'string';
  // The module may answer before its writes finish (a page's badges); the
  // queue still waits for the writes, and only the first answer is sent.
  let answered = false;
  const respond = (text) => { if (!answered) { answered = true; reply(asText ? text : JSON.parse(text)); } };
  inTurn(() => converse(module, asText ? message : JSON.stringify(message ?? null), sender, respond))
    .then(respond, (err) => respond(JSON.stringify({ error: String((err && err.message) || err) })));
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender, sendResponse);
  return true;
});

// The content script's page readings come over a long-lived port: a
// message on an open port crosses in about half the time of a
// `sendMessage`, which opens a channel for each (BENCHMARKS.md). The
// sender is checked by the module as for any message; answers go back in
// the order the messages came.
chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== 'page') { port.disconnect(); return; }
  port.onMessage.addListener((message) => {
    handle(message, port.sender, (answer) => {
      // The tab may have gone meanwhile; its port is then closed.
      try { port.postMessage(answer); } catch (_) { /* nobody left to answer */ }
    });
  });
});

// An alarm is handed over as a message from this worker's own page, so one
// entry point serves both.
const ownSender = { id: chrome.runtime.id, url: location.href };
chrome.alarms.onAlarm.addListener((alarm) => {
  inTurn(() => converse(module, JSON.stringify({ type: 'alarm', name: alarm.name }), ownSender, () => {})).catch(() => {});
});
chrome.notifications.onClicked.addListener((id) => { inTurn(() => handle_notification_click(id)).catch(() => {}); });
