// revoke-watch content script, part 3 of 3: when to read the page. Sends a
// snapshot to the service worker on load and after the page changes
// (debounced), and draws the badges it answers with. Outside claude.ai's
// settings pages it reads nothing (the app is a single-page app, so the
// script is present on all of claude.ai and waits for a settings URL).
'use strict';

(function () {
  const rw = globalThis.revokeWatch;
  const DEBOUNCE_MS = 150;
  const MAX_WAIT_MS = 1000;
  let timer = 0;
  let firstChangeAt = 0;
  let inFlight = false;
  let again = false;

  function onSettingsPage() {
    const p = location.pathname;
    return p === '/settings' || p.startsWith('/settings/') || p.startsWith('/admin-settings');
  }

  async function pass() {
    timer = 0;
    firstChangeAt = 0;
    if (inFlight) { again = true; return; }
    if (!onSettingsPage() || !document.body) { rw.removeBadgesExcept(new Set()); return; }
    inFlight = true;
    try {
      const { snapshot, refs } = rw.snapshot(document.body, location.href, document.documentElement.lang);
      const answer = await chrome.runtime.sendMessage({
        type: 'page',
        snapshot,
        tz_offset_min: -new Date().getTimezoneOffset(),
      });
      if (answer && Array.isArray(answer.annotations)) rw.drawBadges(refs, answer.annotations);
    } catch (_) {
      // The extension was reloaded or its worker is restarting: the next
      // change to the page tries again.
    } finally {
      inFlight = false;
      if (again) { again = false; schedule(); }
    }
  }

  // Debounced, but never postponed past MAX_WAIT_MS while the page keeps
  // changing (a ticking "3 seconds ago" must not starve the badges).
  function schedule() {
    const now = Date.now();
    if (!firstChangeAt) firstChangeAt = now;
    clearTimeout(timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, firstChangeAt + MAX_WAIT_MS - now));
    timer = setTimeout(pass, wait);
  }

  function isOwnRecord(r) {
    if (r.type === 'childList') {
      const nodes = [...r.addedNodes, ...r.removedNodes];
      return nodes.length > 0 && nodes.every(rw.isOwnNode);
    }
    return rw.isOwnNode(r.target);
  }

  new MutationObserver((records) => {
    if (records.some((r) => !isOwnRecord(r))) schedule();
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['aria-label', 'title', 'hidden', 'open', 'role'],
  });

  let lastPath = location.pathname;
  setInterval(() => {
    if (location.pathname !== lastPath) { lastPath = location.pathname; schedule(); }
  }, 1000);

  pass();
})();
