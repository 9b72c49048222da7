// revoke-watch: the one script that runs in the page's own world (manifest:
// "world": "MAIN", at document_start). A confirmation drawn by the browser
// itself (`window.confirm`) is not in the page, so the content script
// cannot see it or its answer; this wraps `window.confirm` and tells the
// content script the answer through a DOM event, and does nothing else.
// The content script heeds it only while a trusted click it has just
// reported as a revocation is being dispatched (main.js), and the page
// itself could always have drawn and dismissed a dialog of its own, so the
// event gives a page script no new power over the ledger (SECURITY.md).
'use strict';

(() => {
  const original = window.confirm;
  if (typeof original !== 'function') return;
  const dispatch = EventTarget.prototype.dispatchEvent;
  window.confirm = function confirm(message) {
    const answer = Reflect.apply(original, this === undefined ? window : this, arguments);
    dispatch.call(document, new CustomEvent('revoke-watch-confirm', { detail: answer === true }));
    return answer;
  };
})();
