// revoke-watch content script, part 1 of 3: turns the page into plain data.
// The format is specified in docs/page-tree.md; tests/common/html_tree.rs
// builds the same tree natively and an end-to-end test checks both agree.
// This file only collects; every judgement is made in Rust in the worker.
'use strict';

(function () {
  const rw = (globalThis.revokeWatch = globalThis.revokeWatch || {});

  rw.LIMITS = Object.freeze({ maxNodes: 60000, maxTextChars: 1000, maxTotalChars: 2000000 });

  // Never sent: invisible or executable content, and revoke-watch's own hosts.
  const SKIP = new Set([
    'script', 'style', 'noscript', 'template', 'head', 'link', 'meta', 'iframe',
    'object', 'embed', 'canvas', 'video', 'audio', 'revoke-watch-badge', 'revoke-watch-summary',
  ]);
  const KEEP = [
    'aria-label', 'title', 'role', 'type', 'alt', 'datetime', 'aria-modal', 'open',
    'aria-valuenow', 'aria-valuemax', 'aria-valuemin', 'aria-valuetext', 'max', 'value',
  ];
  const PAGE_ID = /^data-(?:[a-z0-9]+-)*id$/;
  const VALUE_INPUTS = new Set(['button', 'submit', 'reset', 'image']);

  function cut(s, n) {
    if (s.length <= n) return s;
    const chars = Array.from(s);
    return chars.length <= n ? s : chars.slice(0, n).join('');
  }

  function normalise(s) {
    return s.replace(/[ \t\n\r\f]+/g, ' ').trim();
  }

  function skipped(el) {
    const tag = el.localName;
    if (SKIP.has(tag) || el.hasAttribute('hidden')) return true;
    return tag === 'dialog' && !el.hasAttribute('open');
  }

  function attributesOf(el, max) {
    let out = null;
    const tag = el.localName;
    for (const attr of el.attributes) {
      const name = attr.name;
      let keep = KEEP.includes(name) || PAGE_ID.test(name);
      // A value is sent only where it is a button's caption or a meter's
      // reading, never a text field's content.
      if (name === 'value') {
        keep = (tag === 'input' && VALUE_INPUTS.has((el.getAttribute('type') || '').toLowerCase()))
          || tag === 'progress' || tag === 'meter';
      }
      if (!keep) continue;
      (out || (out = {}))[name] = cut(attr.value, max);
    }
    return out;
  }

  // Element children, with runs of text children merged into one string
  // (comments between them are ignored), in document order.
  function childrenOf(el) {
    const out = [];
    let text = null;
    const inSvg = el.localName === 'svg';
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        text = text === null ? c.data : text + c.data;
        continue;
      }
      if (c.nodeType !== 1) continue;
      if (text !== null) { out.push(text); text = null; }
      // Inside an SVG only its <title> names anything.
      if (inSvg && c.localName !== 'title') continue;
      if (!skipped(c)) out.push(c);
    }
    if (text !== null) out.push(text);
    return out;
  }

  // Returns {snapshot, refs}: refs[i] is the DOM node of snapshot.nodes[i].
  rw.snapshot = function snapshot(root, url, lang, limits) {
    const L = limits || rw.LIMITS;
    const nodes = [];
    const refs = [];
    let truncated = false;
    let total = 0;
    const stack = [[root, -1]];
    while (stack.length) {
      const [item, parent] = stack.pop();
      if (nodes.length >= L.maxNodes) { truncated = true; break; }
      if (typeof item === 'string') {
        const x = cut(normalise(item), L.maxTextChars);
        if (!x) continue;
        total += x.length;
        if (total > L.maxTotalChars) { truncated = true; break; }
        nodes.push({ p: parent, x });
        refs.push(null);
        continue;
      }
      const index = nodes.length;
      const node = { p: parent, t: item.localName };
      const a = attributesOf(item, L.maxTextChars);
      if (a) node.a = a;
      nodes.push(node);
      refs.push(item);
      const kids = childrenOf(item);
      for (let k = kids.length - 1; k >= 0; k--) stack.push([kids[k], index]);
    }
    return { snapshot: { v: 1, url, lang: lang || '', truncated, nodes }, refs };
  };
})();
