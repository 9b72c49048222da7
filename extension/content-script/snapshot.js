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
  const KEEP = new Set([
    'aria-label', 'title', 'role', 'type', 'alt', 'datetime', 'aria-modal', 'open',
    'aria-valuenow', 'aria-valuemax', 'aria-valuemin', 'aria-valuetext', 'max',
  ]);
  const PAGE_ID = /^data-(?:[a-z0-9]+-)*id$/;
  const VALUE_INPUTS = new Set(['button', 'submit', 'reset', 'image']);
  // Whitespace that collapsing would change (after trimming the ends).
  const LOOSE = /[\t\n\r\f]| {2}/;
  // Anything trim() or the collapse would change.
  const UNTIDY = /^\s|\s$|[\t\n\r\f]| {2}/;

  function cut(s, n) {
    if (s.length <= n) return s;
    const chars = Array.from(s);
    return chars.length <= n ? s : chars.slice(0, n).join('');
  }

  // Runs of ASCII whitespace become one space and the ends are trimmed.
  // Most page text needs neither, so the regular expression that rewrites
  // runs only runs when a test finds one.
  function normalise(s) {
    if (s === ' ') return '';
    // One test for the common case: nothing to trim or collapse.
    if (!UNTIDY.test(s)) return s;
    const t = s.trim();
    return LOOSE.test(t) ? t.replace(/[ \t\n\r\f]+/g, ' ').trim() : t;
  }

  // Reads an element's attributes once: whether it is hidden, whether it
  // is open (dialogs), and the ones sent. Returns the kept attributes, null
  // for none, or SKIPPED.
  const SKIPPED = Object.freeze({});
  // The root is read whatever it says (only its children can be skipped).
  function look(el, tag, max, isRoot) {
    if (!el.hasAttributes()) return tag === 'dialog' && !isRoot ? SKIPPED : null;
    let out = null;
    let open = false;
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs[i];
      const name = attr.name;
      let keep;
      if (name === 'hidden') { if (isRoot) continue; return SKIPPED; }
      if (name === 'value') {
        // A value is sent only where it is a button's caption or a meter's
        // reading, never a text field's content.
        keep = (tag === 'input' && VALUE_INPUTS.has((el.getAttribute('type') || '').toLowerCase()))
          || tag === 'progress' || tag === 'meter';
      } else {
        if (name === 'open') open = true;
        keep = KEEP.has(name) || (name.startsWith('data-') && PAGE_ID.test(name));
      }
      if (!keep) continue;
      (out || (out = {}))[name] = cut(attr.value, max);
    }
    if (tag === 'dialog' && !open && !isRoot) return SKIPPED;
    return out;
  }

  // Returns {snapshot, refs}: refs[i] is the element of snapshot.nodes[i]
  // (text nodes have no entry: nothing is drawn on them).
  // A depth-first walk with an explicit stack (pages nest deeper than the
  // call stack allows); children are pushed last-first so they come off in
  // document order, and runs of text children (comments between them are
  // ignored) are merged into one string. Each element is looked at once,
  // when its parent's children are pushed.
  rw.snapshot = function snapshot(root, url, lang, limits) {
    const L = limits || rw.LIMITS;
    const maxText = L.maxTextChars;
    const nodes = [];
    const refs = [];
    let truncated = false;
    let total = 0;
    const rootTag = root.localName;
    const rootKept = look(root, rootTag, maxText, true);
    // One stack of (node, parent index, tag or null for text, attributes).
    const stack = [root, -1, rootTag, rootKept];
    while (stack.length) {
      const a = stack.pop();
      const tag = stack.pop();
      const parent = stack.pop();
      const item = stack.pop();
      if (nodes.length >= L.maxNodes) { truncated = true; break; }
      if (tag === null) {
        // A text run, already normalised and never empty.
        total += item.length;
        if (total > L.maxTotalChars) { truncated = true; break; }
        nodes.push({ p: parent, x: item });
        continue;
      }
      const index = nodes.length;
      nodes.push(a ? { p: parent, t: tag, a } : { p: parent, t: tag });
      refs[index] = item;
      // Inside an SVG only its <title> names anything.
      const inSvg = tag === 'svg';
      let text = null;
      for (let c = item.lastChild; c; c = c.previousSibling) {
        const type = c.nodeType;
        if (type === 3) {
          text = text === null ? c.data : c.data + text;
          continue;
        }
        if (type !== 1) continue;
        if (text !== null) {
          // Whitespace between tags is most text nodes: dropped here, it
          // never reaches the stack.
          const x = cut(normalise(text), maxText);
          if (x) stack.push(x, index, null, null);
          text = null;
        }
        const childTag = c.localName;
        if (inSvg && childTag !== 'title') continue;
        if (SKIP.has(childTag)) continue;
        const attrs = look(c, childTag, maxText, false);
        if (attrs !== SKIPPED) stack.push(c, index, childTag, attrs);
      }
      if (text !== null) {
        const x = cut(normalise(text), maxText);
        if (x) stack.push(x, index, null, null);
      }
    }
    return { snapshot: { v: 1, url, lang: lang || '', truncated, nodes }, refs };
  };
})();
