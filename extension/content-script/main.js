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
  // Since when this tab has shown the page it reads (Unix ms): the
  // document's start, or the single-page app's move to another path
  // (noticed within a second, so counted from a second before). The worker
  // does not take a page shown since before an entry's latest change, seen
  // in another tab, as evidence about that entry (docs/ledger.md).
  let shownSince = Math.floor(performance.timeOrigin);

  // Page readings go to the worker over one long-lived port, opened when
  // first needed and again after the worker stops (which closes it): a
  // message on an open port crosses in about half the time of a
  // `sendMessage`, which opens a channel for each (BENCHMARKS.md). The
  // worker answers a port's messages in order, one answer each.
  let port = null;
  let waiting = [];
  function viaPort(text) {
    return new Promise((resolve, reject) => {
      if (!port) {
        const opened = chrome.runtime.connect({ name: 'page' });
        opened.onMessage.addListener((answer) => { const w = waiting.shift(); if (w) w.resolve(answer); });
        opened.onDisconnect.addListener(() => {
          void chrome.runtime.lastError;
          if (port === opened) port = null;
          const lost = waiting;
          waiting = [];
          for (const w of lost) w.reject(new Error('the worker stopped before answering'));
        });
        port = opened;
      }
      port.postMessage(text);
      waiting.push({ resolve, reject });
    });
  }
  // A reading whose port closed before the answer (the worker was stopped)
  // is sent once more on a new port, which wakes the worker again; reading
  // a page twice records nothing twice.
  async function askWorker(text) {
    try {
      return await viaPort(text);
    } catch (_) {
      // A port may be closed before its close is told (posting on it
      // threw): it is not used again.
      port = null;
      return viaPort(text);
    }
  }

  function onSettingsPage() {
    const p = location.pathname;
    return p === '/settings' || p.startsWith('/settings/') || p.startsWith('/admin-settings');
  }

  async function pass() {
    timer = 0;
    firstChangeAt = 0;
    if (inFlight) { again = true; return; }
    if (!onSettingsPage() || !document.body) { rw.removeBadgesExcept(new Set()); rw.drawSummary(null, null); return; }
    inFlight = true;
    try {
      const { snapshot, refs } = rw.snapshot(document.body, location.href, document.documentElement.lang);
      // Sent and answered as JSON text (see service-worker/worker.js).
      const reply = await askWorker(JSON.stringify({
        type: 'page',
        snapshot,
        tz_offset_min: -new Date().getTimezoneOffset(),
        shown_since: shownSince,
      }));
      const answer = typeof reply === 'string' ? JSON.parse(reply) : reply;
      if (answer && Array.isArray(answer.annotations)) {
        // Usage meters are badged like rows; they have no control to watch.
        rw.drawBadges(refs, Array.isArray(answer.meters) ? answer.annotations.concat(answer.meters) : answer.annotations);
        rw.drawSummary(refs, answer.summary);
        watchControls(refs, answer.annotations, answer.controls || []);
      }
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

  // Whether a change can change the reading: a usage bar's `aria-valuenow`
  // set in place does; an inline style does only when it shows or hides
  // its element (animations rewrite styles all the time), a class only
  // when it may hide its element.
  function matters(r) {
    if (isOwnRecord(r)) return false;
    if (r.type === 'attributes' && r.attributeName === 'style') {
      return rw.hidesByStyle(r.oldValue) !== rw.hidesByStyle(r.target.getAttribute('style'));
    }
    // A class matters only where it may hide (React rewrites classes on
    // hover and focus all the time).
    if (r.type === 'attributes' && r.attributeName === 'class') {
      return rw.mayHideByClass(r.oldValue) || rw.mayHideByClass(r.target.getAttribute('class'));
    }
    return true;
  }

  // Off the settings pages (a chat streaming its answer changes the page
  // all the time) nothing is read: a move to a settings page is noticed by
  // the path check below.
  new MutationObserver((records) => {
    if (onSettingsPage() && records.some(matters)) schedule();
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeOldValue: true, attributeFilter: rw.WATCHED_ATTRIBUTES,
  });

  // Clicks on remove, log-out and dialog controls, reported in the capture
  // phase (before the page's own handlers remove the row). Only real user
  // clicks count: a script's synthetic click is not a user's revocation.
  // Each watched control → the clicks it reports, in order. A row's own
  // question ("Revoke this token? [Cancel] [Revoke]" drawn in the row)
  // makes the row's remove control its go-ahead too: a click on it reports
  // the revocation, then the go-ahead.
  let watched = new Map();
  // Rows whose remove control is an item of their menu, closed when last
  // read (no `control`): their row elements, for `menuItemIn`.
  let menuRows = [];
  function watchControls(refs, annotations, controls) {
    const next = new Map();
    const at = (i) => (Number.isInteger(i) && refs[i] instanceof Element ? refs[i] : null);
    const add = (el, click) => next.set(el, (next.get(el) || []).concat([click]));
    menuRows = [];
    for (const a of annotations) {
      if (a.control === undefined && at(a.row)) menuRows.push({ row: at(a.row), entry: a.entry });
      // A row's remove control, and its other ones ("Remove" beside "Sign out").
      for (const i of [a.control, ...(Array.isArray(a.also) ? a.also : [])]) {
        const el = at(i);
        if (el) add(el, { action: 'revoke', entry: a.entry });
      }
    }
    for (const c of controls) {
      const el = at(c.node);
      if (!el) continue;
      add(el, c.action === 'log_out_everywhere'
        ? { action: c.action, label: String(c.label || ''), explicit: !!c.explicit }
        : { action: c.action });
    }
    watched = next;
  }

  const outbox = [];
  let sending = false;
  async function flush() {
    if (sending) return;
    sending = true;
    while (outbox.length) {
      const item = outbox[0];
      let ok = false;
      try {
        const answer = await chrome.runtime.sendMessage(item.message);
        ok = !!answer && !answer.error;
      } catch (_) { ok = false; }
      if (ok) { outbox.shift(); continue; }
      // Not stored yet (worker restarting): try again; the id makes a repeat harmless.
      if (++item.tries > 40) { outbox.shift(); continue; }
      await new Promise((r) => setTimeout(r, 250));
    }
    sending = false;
  }

  // The watched control an event went through, if any, with its clicks.
  function watchedIn(event) {
    for (const node of event.composedPath()) {
      const clicks = node instanceof Element ? watched.get(node) : null;
      if (clicks) return { node, clicks };
    }
    return null;
  }

  // The trusted click (or key press) last reported as a revocation or a
  // log-out. While it is still being dispatched (its `eventPhase` is not
  // NONE), the page's own handler may ask `window.confirm`: confirm-hook.js,
  // in the page's world, tells the answer, and only then is it heeded.
  let removalEvent = null;
  const REMOVALS = new Set(['revoke', 'log_out_everywhere', 'menu_item']);
  document.addEventListener('revoke-watch-confirm', (event) => {
    if (!removalEvent || removalEvent.eventPhase === Event.NONE || typeof event.detail !== 'boolean') return;
    removalEvent = null;
    report([{ action: event.detail ? 'dialog_confirm' : 'dialog_cancel' }]);
  });

  function report(clicks, event) {
    if (event && clicks.some((c) => REMOVALS.has(c.action))) removalEvent = event;
    for (const click of clicks) {
      outbox.push({ message: { type: 'click', id: crypto.randomUUID(), url: location.href, click }, tries: 0 });
    }
    flush();
    // Read the page again soon: a dialog may have opened or the row gone.
    setTimeout(schedule, 300);
  }

  // A button of a dialog that opened after the last reading: its controls
  // are not watched yet (a quick answer, within the debounce), so its name
  // goes to the worker, which tells a go-ahead from a cancel.
  const DIALOG = 'dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
  // A control's name as the page shows it, for the worker to judge.
  const nameOf = (el) => (el.getAttribute('aria-label') || el.textContent || el.value || el.title || '').trim().slice(0, 120);
  const BUTTON = 'button, [role="button"], a, input[type="button"], input[type="submit"]';
  function dialogButtonIn(event) {
    const target = event.composedPath()[0];
    const button = target instanceof Element ? target.closest(BUTTON) : null;
    if (!button || !button.closest(DIALOG)) return null;
    const label = nameOf(button);
    return label ? [{ action: 'dialog_button', label }] : null;
  }

  // An item of a row's menu that opened after the last reading: the row is
  // the one whose menu button says it is expanded; the item's name goes to
  // the worker, which tells a removal ("Revoke") from anything else.
  function menuItemIn(event) {
    const target = event.composedPath()[0];
    const item = target instanceof Element ? target.closest('[role="menuitem"], button, a') : null;
    if (!item || !item.closest('[role="menu"]')) return null;
    const open = document.querySelectorAll('[aria-haspopup][aria-expanded="true"]');
    const rows = open.length === 1 ? menuRows.filter((r) => r.row.contains(open[0])) : [];
    const label = nameOf(item);
    return rows.length === 1 && label ? [{ action: 'menu_item', entry: rows[0].entry, label }] : null;
  }

  // A click on a control the page drew since it was last read (a row's
  // Revoke drawn under the pointer, rows drawn anew, or any click before
  // the first reading came back): the page is read now, in the capture
  // phase, before the page's own handler changes it, and sent with the
  // clicked element's place in it; the worker reads what that control
  // does there. Sent in turn with the clicks, so a dialog's answer that
  // follows is recorded after it.
  const CLICKABLE = 'button, [role="button"], a, input[type="button"], input[type="submit"]';
  function unreadClick(event) {
    const target = event.composedPath()[0];
    const control = target instanceof Element ? target.closest(CLICKABLE) : null;
    if (!control || !document.body) return;
    const { snapshot, refs } = rw.snapshot(document.body, location.href, document.documentElement.lang);
    const clicked = refs.indexOf(control);
    if (clicked < 0) return;
    removalEvent = event;
    outbox.push({
      message: { type: 'page', snapshot, tz_offset_min: -new Date().getTimezoneOffset(), shown_since: shownSince, id: crypto.randomUUID(), clicked },
      tries: 0,
    });
    flush();
    setTimeout(schedule, 300);
  }

  document.addEventListener('click', (event) => {
    if (!event.isTrusted) return;
    const hit = watchedIn(event);
    // Off the settings pages nothing is sent (a chat has dialogs too).
    const clicks = hit ? hit.clicks : onSettingsPage() && (dialogButtonIn(event) || menuItemIn(event));
    if (clicks) report(clicks, event);
    else if (!hit && onSettingsPage()) unreadClick(event);
  }, true);

  // A control that is not a native button or link (`<div role="button">`)
  // is worked from the keyboard by the page's own key handler: no click
  // event follows, so Enter or Space on it is the user's click. (On a
  // native button the browser sends the click itself, reported above.)
  const NATIVE = new Set(['button', 'a', 'input', 'summary']);
  document.addEventListener('keydown', (event) => {
    if (!event.isTrusted || event.repeat || (event.key !== 'Enter' && event.key !== ' ')) return;
    const hit = watchedIn(event);
    if (hit && !NATIVE.has(hit.node.localName)) report(hit.clicks, event);
    // A menu's item chosen from the keyboard before the open menu was read.
    const target = event.composedPath()[0];
    const quick = !hit && target instanceof Element && !NATIVE.has(target.localName) && onSettingsPage() && menuItemIn(event);
    if (quick) report(quick, event);
    // A control drawn since the page was last read, worked from the keyboard.
    else if (!hit && target instanceof Element && !NATIVE.has(target.localName) && onSettingsPage()) unreadClick(event);
  }, true);

  let lastPath = location.pathname;
  setInterval(() => {
    if (location.pathname !== lastPath) { lastPath = location.pathname; shownSince = Date.now() - 1000; schedule(); }
  }, 1000);

  pass();
})();
