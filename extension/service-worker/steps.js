// One message's handling, step by step. The wasm module decides everything:
// what to read, when to answer, what to write and which browser calls to
// make, and what a failure means. This file only performs each step it is
// given and hands back what came of it (`begin` and `resume` are the
// module's exports; src/wasm/worker.rs).

// The browser calls the module may ask for, by name.
const CALLS = {
  'storage.local.get': (keys) => chrome.storage.local.get(keys),
  'storage.local.set': (items) => chrome.storage.local.set(items),
  'storage.local.clear': () => chrome.storage.local.clear(),
  'storage.session.set': (items) => chrome.storage.session.set(items),
  'alarms.clearAll': () => chrome.alarms.clearAll(),
  'alarms.create': (name, info) => chrome.alarms.create(name, info),
  'notifications.create': (id, options) => chrome.notifications.create(id, options),
  'tabs.create': (properties) => chrome.tabs.create(properties),
  'action.setBadgeText': (details) => chrome.action.setBadgeText(details),
  'action.setBadgeBackgroundColor': (details) => chrome.action.setBadgeBackgroundColor(details),
  'action.setTitle': (details) => chrome.action.setTitle(details),
};

// Resolves to the message's answer (JSON text). `respond` is given a page
// reading's answer as soon as it is known, before the writes.
export async function converse({ begin, resume }, message, sender, respond) {
  let step = begin(message, sender);
  for (;;) {
    const [kind, payload] = step;
    if (kind === 'done') return payload;
    let ok = true;
    let value;
    try {
      if (kind === 'answer') {
        respond(payload);
        // Let the answer leave before the module builds the writes.
        await new Promise((resolve) => setTimeout(resolve, 0));
      } else {
        // A call the browser lacks throws here, and is a failed step.
        value = await Promise.all(payload.map(([name, args]) => CALLS[name](...args)));
      }
    } catch (error) {
      ok = false;
      value = error;
    }
    step = resume(ok, value);
  }
}
