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
    'aria-rowcount', 'aria-setsize', 'aria-hidden', 'aria-haspopup', 'aria-expanded',
    'placeholder',
  ]);
  const PAGE_ID = /^data-(?:[a-z0-9]+-)*id$/;
  // An id made of words names its section ("trusted-devices", the account
  // page's anchor); generated ids (":r1:", "radix-:R3:") say nothing.
  const WORD_ID = /^[a-z]+(?:[-_][a-z]+){0,5}$/i;
  // An inline style that hides the element (classes cannot be read: their
  // names change on every deploy).
  const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;
  // Whether an inline style (or its absence) hides its element.
  rw.hidesByStyle = (style) => style != null && HIDING_STYLE.test(style);
  // A class that may hide its element ("hidden", "md:hidden"): a change
  // of one makes `main.js` read the page again (a dialog shown or hidden by
  // a utility class). Only a hint of when: what counts is what the browser
  // draws (`hiddenContent`).
  const HIDING_CLASS = /(?:^|\s)(?:[\w-]+:)*hidden(?=\s|$)/;
  rw.mayHideByClass = (cls) => cls != null && HIDING_CLASS.test(cls);
  // The attributes a reading uses that a page may change in place, with no
  // other change to the tree: `main.js` re-reads when one of them changes.
  rw.WATCHED_ATTRIBUTES = Object.freeze([...KEEP, 'hidden', 'style', 'value', 'class']);
  const VALUE_INPUTS = new Set(['button', 'submit', 'reset', 'image']);
  // Where a listing or a dialog starts: such an element not drawn is asked
  // about (`hiddenContent`) before its subtree is read.
  const CONTAINERS = new Set(['ul', 'ol', 'table', 'dl']);
  const CONTAINER_ROLES = new Set(['list', 'table', 'grid', 'treegrid', 'dialog', 'alertdialog']);
  const CONTROLS = 'button, a, [role="button"], [role="menuitem"], select, textarea';
  const letters = (s) => s.replace(/\s+/g, '').length;
  // A listing or dialog the browser does not draw (it, or an element
  // around it, is `display: none`, by whatever CSS) that holds two
  // controls or more and text beside their names: a copy of a listing for
  // another screen width (utility-class pages draw a table for wide
  // screens and cards for narrow ones), or a closed dialog kept in the
  // page. Kept: a list of controls the pointer reveals, and a collapsed
  // list inside a drawn listing (a row's scopes, whose reading must not
  // change with the row's expansion: only the outermost listing is asked).
  function hiddenContent(el) {
    if (typeof el.checkVisibility !== 'function' || el.checkVisibility()) return false;
    const controls = el.querySelectorAll(CONTROLS);
    if (controls.length < 2) return false;
    let inControls = 0;
    for (const c of controls) inControls += letters(c.textContent);
    return letters(el.textContent) > inControls;
  }

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

  const TEXT_FIELDS = new Set(['text', 'search']);
  // A text field that holds text is marked `filled`, never with what it
  // holds: a search narrows the listing beside it. What a field holds once
  // typed in is its `value` property, not the attribute.
  function filled(el, out) {
    if (el.value === '' || !TEXT_FIELDS.has((el.getAttribute('type') || 'text').toLowerCase())) return out;
    (out || (out = {})).filled = '';
    return out;
  }

  // Reads an element's attributes once: whether it is hidden, whether it
  // is open (dialogs), and the ones sent. Returns the kept attributes, null
  // for none, or SKIPPED.
  const SKIPPED = Object.freeze({});
  // The root is read whatever it says (only its children can be skipped).
  // The walk calls it only for an element with attributes (it has asked
  // `hasAttributes` already: one DOM call per element saved on a styled
  // page, where nearly every element has a class).
  function look(el, tag, max, isRoot) {
    if (isRoot && !el.hasAttributes()) return null;
    const attrs = el.attributes;
    // On a styled page most elements have a class and nothing else: none
    // of it is kept, and the class alone is found without reading it.
    if (attrs.length === 1 && el.hasAttribute('class')) return tag === 'dialog' && !isRoot ? SKIPPED : null;
    let out = null;
    let open = false;
    let labelledBy = null;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs[i];
      const name = attr.name;
      let keep;
      if (name === 'hidden') { if (isRoot) continue; return SKIPPED; }
      if (name === 'aria-labelledby') { labelledBy = attr.value; continue; }
      if (name === 'style') {
        if (!isRoot && HIDING_STYLE.test(attr.value)) return SKIPPED;
        // Pixel lengths place the rows of a virtualised list (what is
        // scrolled out of view is not in the page, not gone).
        keep = attr.value.includes('px');
      } else if (name === 'value') {
        // A value is sent only where it is a button's caption or a meter's
        // reading, never a text field's content.
        keep = (tag === 'input' && VALUE_INPUTS.has((el.getAttribute('type') || '').toLowerCase()))
          || tag === 'progress' || tag === 'meter';
      } else {
        if (name === 'open') open = true;
        keep = KEEP.has(name) || (name.startsWith('data-') && PAGE_ID.test(name))
          || (name === 'id' && WORD_ID.test(attr.value));
      }
      if (!keep) continue;
      (out || (out = {}))[name] = cut(attr.value, max);
    }
    if (tag === 'dialog' && !open && !isRoot) return SKIPPED;
    // The name a screen reader says for `aria-labelledby` (which wins over
    // `aria-label`): the text of the elements it names, drawn or not (an
    // icon's "Revoke" kept in a hidden span). Sent as the `aria-label`.
    if (labelledBy !== null) {
      const name = labelText(labelledBy);
      if (name !== '') (out || (out = {}))['aria-label'] = cut(name, max);
    }
    return out;
  }

  // Each list of ids is read once per walk: rows that all name one
  // hidden block of labels (or a page that names a large element from
  // every row) cost one read of it, not one per row.
  let labelCache = null;
  function labelText(ids) {
    if (labelCache === null) labelCache = new Map();
    let text = labelCache.get(ids);
    if (text !== undefined) return text;
    text = '';
    for (const id of ids.split(/[ \t\n\r\f]+/)) {
      const el = id === '' ? null : document.getElementById(id);
      if (el !== null) text += ' ' + el.textContent;
    }
    text = normalise(text);
    labelCache.set(ids, text);
    return text;
  }

  // Returns {snapshot, refs}: refs[i] is the element of snapshot.nodes[i],
  // null for a text node (nothing is drawn on them).
  // A depth-first walk along firstChild / nextSibling, so no node is
  // pushed on a stack (pages nest deeper than the call stack allows, and a
  // stack of pending nodes costs more than the walk itself); only the
  // parent's index is kept per level, and going back up reads the parent
  // from `refs` rather than asking the DOM for `parentNode` (a call into
  // the browser per element: 0.07 × of the read, BENCHMARKS.md). Runs of
  // text children (comments between them are ignored) are merged into one
  // string, and each element is looked at once, before its children are
  // entered.
  rw.snapshot = function snapshot(root, url, lang, limits) {
    const L = limits || rw.LIMITS;
    labelCache = null;
    const maxText = L.maxTextChars;
    const maxNodes = L.maxNodes;
    const maxTotal = L.maxTotalChars;
    const nodes = [];
    const refs = [];
    let truncated = false;
    let total = 0;
    const rootTag = root.localName;
    const rootKept = look(root, rootTag, maxText, true);
    nodes.push(rootKept ? { p: -1, t: rootTag, a: rootKept } : { p: -1, t: rootTag });
    refs.push(root);
    // The index of each open element's parent; `index` is the open element's.
    const parents = [];
    // Per open element, by depth: whether its subtree so far holds a
    // control (1) and text outside controls (2), and how many of its
    // children closed holding both, up to two (`dropUndrawnCopies`).
    const held = heldBuffer(maxNodes);
    const holding = holdingBuffer(maxNodes);
    held[0] = 0;
    holding[0] = 0;
    // The depth of the open outermost control (Infinity: none open).
    let controlAt = Infinity;
    // [index, end of subtree] of the elements that closed with two
    // children or more holding a control and text.
    let copies = null;
    let el = root;
    let index = 0;
    // Inside an SVG only its <title> names anything. `svgAt` is the index of
    // the open <svg>: its children are filtered while it is the open element
    // (leaving it goes back to a lower index), so no node is looked at
    // again on the way up.
    let svgAt = rootTag === 'svg' ? 0 : Infinity;
    // The index of the open outermost listing or dialog, whose drawing was
    // asked about (Infinity: none open).
    let listAt = Infinity;
    let c = root.firstChild;
    let text = null;
    for (;;) {
      if (c !== null) {
        const type = c.nodeType;
        if (type === 3) {
          text = text === null ? c.data : text + c.data;
          c = c.nextSibling;
          continue;
        }
        if (type !== 1) { c = c.nextSibling; continue; }
      }
      // An element or the end of `el`'s children ends a run of text.
      if (text !== null) {
        // Whitespace between tags is most text nodes: it ends here. Tidy
        // text that fits is kept as it is, without the two calls.
        const x = text === ' ' ? '' : text.length <= maxText && !UNTIDY.test(text) ? text : cut(normalise(text), maxText);
        text = null;
        if (x) {
          if (nodes.length >= maxNodes) { truncated = true; break; }
          total += x.length;
          if (total > maxTotal) { truncated = true; break; }
          nodes.push({ p: index, x });
          if (controlAt === Infinity) held[parents.length] |= 2;
          refs.push(null);
        }
      }
      if (c === null) {
        if (el === root) break;
        // Back up one level and go on after the element just finished.
        const depth = parents.length;
        const h = held[depth];
        // A listing the walk has asked about already, or anything in one
        // (a drawn row's collapsed parts), is not asked again.
        if (holding[depth] >= 2 && listAt === Infinity) (copies || (copies = [])).push(index, nodes.length);
        if (controlAt === depth) controlAt = Infinity;
        held[depth - 1] |= h;
        // Two are enough to ask: the count stops there.
        if (h === 3 && holding[depth - 1] < 2) holding[depth - 1]++;
        c = el.nextSibling;
        index = parents.pop();
        el = refs[index];
        if (index < svgAt) svgAt = Infinity;
        if (index < listAt) listAt = Infinity;
        continue;
      }
      const tag = c.localName;
      if ((index === svgAt && tag !== 'title') || SKIP.has(tag)) { c = c.nextSibling; continue; }
      // Most elements have no attributes: the common case skips the call.
      let a = c.hasAttributes() ? look(c, tag, maxText, false) : tag === 'dialog' ? SKIPPED : null;
      if (a === SKIPPED) { c = c.nextSibling; continue; }
      if (tag === 'input') a = filled(c, a);
      const container = listAt === Infinity
        && (CONTAINERS.has(tag) || (a !== null && (CONTAINER_ROLES.has(a.role) || a['aria-modal'] === 'true')));
      if (container && hiddenContent(c)) { c = c.nextSibling; continue; }
      if (nodes.length >= maxNodes) { truncated = true; break; }
      nodes.push(a ? { p: index, t: tag, a } : { p: index, t: tag });
      refs.push(c);
      parents.push(index);
      index = nodes.length - 1;
      const depth = parents.length;
      held[depth] = 0;
      holding[depth] = 0;
      if (controlAt === Infinity && (CONTROL_TAGS.has(tag) || (a !== null && CONTROL_ROLES.has(a.role)))) {
        controlAt = depth;
        held[depth] = 1;
      }
      el = c;
      if (tag === 'svg' && svgAt === Infinity) svgAt = index;
      if (container) listAt = index;
      c = c.firstChild;
    }
    if (copies !== null && !truncated) dropUndrawnCopies(nodes, refs, copies);
    return { snapshot: { v: 1, url, lang: lang || '', truncated, nodes }, refs };
  };

  const CONTROL_TAGS = new Set(['button', 'a', 'select', 'textarea']);
  const CONTROL_ROLES = new Set(['button', 'menuitem']);
  // The per-depth buffers, made once (a page is at most maxNodes deep).
  let heldAt = null;
  let holdingAt = null;
  function heldBuffer(n) {
    if (heldAt === null || heldAt.length < n + 1) heldAt = new Uint8Array(n + 1);
    return heldAt;
  }
  function holdingBuffer(n) {
    if (holdingAt === null || holdingAt.length < n + 1) holdingAt = new Uint8Array(n + 1);
    return holdingAt;
  }

  // A copy of a listing drawn as plain `div` cards that the browser does
  // not draw (the walk asks only lists, tables and dialogs): an element
  // with two children or more that each hold a control and text outside
  // it (cards, not a row's cells or a bar of buttons), not drawn, is taken
  // out with its subtree. The walk marks such elements as it leaves them,
  // so the browser is asked about those few only (a listing, the parts of
  // the page around several); a row's controls shown under the pointer
  // hold no text of their own and stay.
  function dropUndrawnCopies(nodes, refs, copies) {
    // Left in the order the walk left them, so an element comes after
    // those inside it: read backwards, the outermost is asked first.
    let drop = null;
    let from = Infinity;
    for (let k = copies.length - 2; k >= 0; k -= 2) {
      const i = copies[k];
      if (i >= from && i < drop[drop.length - 1]) continue;
      const r = refs[i];
      if (typeof r.checkVisibility !== 'function' || r.checkVisibility()) continue;
      (drop || (drop = [])).push(i, copies[k + 1]);
      from = i;
    }
    if (drop === null) return;
    // Ranges in page order; renumber what is kept: a dropped part is a
    // whole subtree, so every kept node's parent is kept.
    const ranges = [];
    for (let k = 0; k < drop.length; k += 2) ranges.push([drop[k], drop[k + 1]]);
    ranges.sort((x, y) => x[0] - y[0]);
    const to = new Int32Array(nodes.length);
    let w = 0;
    let d = 0;
    for (let i = 0; i < nodes.length; i++) {
      if (d < ranges.length && i === ranges[d][0]) { i = ranges[d][1] - 1; d++; continue; }
      const node = nodes[i];
      if (node.p >= 0) node.p = to[node.p];
      to[i] = w;
      nodes[w] = node;
      refs[w] = refs[i];
      w++;
    }
    nodes.length = w;
    refs.length = w;
  }
})();
