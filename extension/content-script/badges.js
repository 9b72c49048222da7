// revoke-watch content script, part 2 of 3: draws what the worker decided.
// Each badge is a <revoke-watch-badge> host with a closed shadow root, so the
// page's styles and scripts cannot reach its content and its own layout is
// untouched. Page text only ever goes in through textContent/attributes.
'use strict';

(function () {
  const rw = (globalThis.revokeWatch = globalThis.revokeWatch || {});
  const HOST = 'revoke-watch-badge';
  const hosts = new Set();
  const shadows = new WeakMap();
  let sheet = null;

  // A constructed sheet is not an inline <style>, so a strict page CSP
  // (style-src 'self') does not block it.
  function styles() {
    if (sheet) return sheet;
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`
      :host { all: initial; display: inline-block; position: relative; vertical-align: middle; margin-inline-start: 0.5em; }
      .evidence { display: none; position: absolute; z-index: 2147483647; top: 100%; inset-inline-start: 0; margin-top: 4px;
        width: max-content; max-width: 28em; white-space: normal; font: 400 12px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
        color: #111827; background: #ffffff; border: 1px solid #9ca3af; border-radius: 6px; padding: 0.4em 0.6em;
        box-shadow: 0 2px 8px rgba(0, 0, 0, 0.18); }
      :host(:hover) .evidence, :host(:focus) .evidence { display: block; }
      :host(:focus-visible) { outline: 2px solid #2563eb; outline-offset: 2px; border-radius: 999px; }
      .badge { display: inline-flex; align-items: center; gap: 0.3em; padding: 0.1em 0.55em;
        font: 600 11px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: 0.01em;
        border-radius: 999px; border: 1px solid; white-space: nowrap; cursor: default; }
      .dot { width: 0.55em; height: 0.55em; border-radius: 50%; background: currentColor; }
      .watching { color: #1e3a8a; background: #dbeafe; border-color: #93c5fd; }
      .revoke-pending { color: #78350f; background: #fef3c7; border-color: #f59e0b; }
      .revoked { color: #374151; background: #f3f4f6; border-color: #9ca3af; }
      .verified { color: #14532d; background: #dcfce7; border-color: #22c55e; }
      .zombie { color: #7f1d1d; background: #fee2e2; border-color: #ef4444; }
      @media (prefers-color-scheme: dark) {
        .watching { color: #dbeafe; background: #1e3a8a; border-color: #3b82f6; }
        .revoke-pending { color: #fef3c7; background: #78350f; border-color: #f59e0b; }
        .revoked { color: #f3f4f6; background: #374151; border-color: #9ca3af; }
        .verified { color: #dcfce7; background: #14532d; border-color: #22c55e; }
        .zombie { color: #fee2e2; background: #7f1d1d; border-color: #ef4444; }
        .evidence { color: #f3f4f6; background: #1f2937; border-color: #4b5563; }
      }
    `);
    return sheet;
  }

  function create() {
    const host = document.createElement(HOST);
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.adoptedStyleSheets = [styles()];
    const badge = document.createElement('span');
    badge.className = 'badge';
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.setAttribute('aria-hidden', 'true');
    const words = document.createElement('span');
    words.className = 'words';
    badge.append(dot, words);
    // The evidence, shown on hover and on keyboard focus (screen readers get
    // the same words from the host's aria-label).
    const evidence = document.createElement('span');
    evidence.className = 'evidence';
    evidence.setAttribute('aria-hidden', 'true');
    shadow.append(badge, evidence);
    shadows.set(host, { badge, words, evidence });
    host.tabIndex = 0;
    host.setAttribute('role', 'note');
    hosts.add(host);
    return host;
  }

  function update(host, a) {
    const parts = shadows.get(host);
    // Unchanged badges are left alone: rewriting them would invalidate the
    // page's style and layout on every pass.
    const key = a.status + '\u0000' + a.text + '\u0000' + a.description + '\u0000' + a.entry;
    if (parts.key === key) return;
    parts.key = key;
    parts.badge.className = 'badge ' + a.status;
    parts.words.textContent = a.text;
    parts.evidence.textContent = a.description;
    host.setAttribute('data-revoke-watch', a.status);
    host.setAttribute('data-revoke-watch-entry', a.entry);
    host.setAttribute('aria-label', a.description);
  }

  function ours(node) {
    return node.nodeType === 1 && (hosts.has(node) || node === summaryHost);
  }
  rw.isOwnNode = ours;

  // Draws one badge per annotation and removes every other badge.
  rw.drawBadges = function drawBadges(refs, annotations) {
    const live = new Set();
    for (const a of annotations) {
      const anchor = Number.isInteger(a.anchor) ? refs[a.anchor] : null;
      if (!(anchor instanceof Element) || !anchor.isConnected) continue;
      let host = null;
      for (const c of anchor.children) if (ours(c)) { host = c; break; }
      if (!host || live.has(host)) {
        host = create();
        anchor.appendChild(host);
      }
      update(host, a);
      live.add(host);
    }
    rw.removeBadgesExcept(live);
  };

  // The page summary: one host, above the first listing (or at the top of
  // the page when nothing could be read), in its own closed shadow root.
  let summaryHost = null;
  let summaryParts = null;
  let summarySheet = null;
  function summaryStyles() {
    if (summarySheet) return summarySheet;
    summarySheet = new CSSStyleSheet();
    summarySheet.replaceSync(`
      :host { all: initial; display: block; margin: 0.5em 0; }
      .box { font: 13px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #f8fafc;
        border: 1px solid #cbd5e1; border-inline-start: 4px solid #1d4ed8; border-radius: 6px; padding: 0.4em 0.8em; }
      .title { font-weight: 700; margin-inline-end: 0.6em; }
      .checked { color: #475569; margin-inline-start: 0.6em; }
      .notice { display: block; margin-top: 0.3em; color: #92400e; font-weight: 600; }
      .notice:empty { display: none; }
      button { font: inherit; margin-inline-start: 0.8em; padding: 0 0.6em; cursor: pointer; }
      @media (prefers-color-scheme: dark) {
        .box { color: #e5e7eb; background: #111827; border-color: #334155; border-inline-start-color: #60a5fa; }
        .checked { color: #9ca3af; } .notice { color: #fbbf24; }
      }
    `);
    return summarySheet;
  }

  function createSummary() {
    const host = document.createElement('revoke-watch-summary');
    const shadow = host.attachShadow({ mode: 'closed' });
    shadow.adoptedStyleSheets = [summaryStyles()];
    const box = document.createElement('div');
    box.className = 'box';
    const title = document.createElement('span');
    title.className = 'title';
    const counts = document.createElement('span');
    const checked = document.createElement('span');
    checked.className = 'checked';
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open timeline';
    open.addEventListener('click', (e) => {
      if (e.isTrusted) chrome.runtime.sendMessage({ type: 'open_timeline' }).catch(() => {});
    });
    const notice = document.createElement('span');
    notice.className = 'notice';
    box.append(title, counts, checked, open, notice);
    shadow.append(box);
    host.setAttribute('role', 'region');
    host.setAttribute('aria-label', 'revoke-watch summary');
    summaryParts = { title, counts, checked, notice };
    return host;
  }

  rw.drawSummary = function drawSummary(refs, s) {
    if (!s) { if (summaryHost) summaryHost.remove(); return; }
    if (!summaryHost) summaryHost = createSummary();
    const anchor = Number.isInteger(s.anchor) ? refs[s.anchor] : null;
    if (s.position === 'before' && anchor instanceof Element && anchor.isConnected && anchor !== document.body) {
      if (summaryHost.nextElementSibling !== anchor) anchor.before(summaryHost);
    } else if (summaryHost.parentNode !== document.body || document.body.firstElementChild !== summaryHost) {
      document.body.prepend(summaryHost);
    }
    summaryParts.title.textContent = s.title;
    summaryParts.counts.textContent = s.counts;
    summaryParts.checked.textContent = '· ' + s.checked;
    summaryParts.notice.textContent = s.notice || '';
    summaryHost.setAttribute('data-revoke-watch-summary', s.notice ? 'not-recognised' : 'recognised');
  };

  rw.removeBadgesExcept = function removeBadgesExcept(live) {
    for (const host of Array.from(hosts)) {
      if (!live.has(host)) {
        host.remove();
        hosts.delete(host);
      }
    }
  };
})();
