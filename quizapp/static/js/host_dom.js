// Keyed updates for the host console: each panel is built as a fresh h() tree (text nodes only,
// so nothing a team typed is ever parsed as HTML) and the live DOM is changed to match it in
// place. Elements that stay keep their identity, so focus, selection, scroll positions and
// running animations survive a view; `data-key` pairs list items across reorders.

export { h } from "./dom.js";

function sameKind(a, b) {
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
}

function keyOf(node) {
  return node.nodeType === Node.ELEMENT_NODE ? node.getAttribute("data-key") : null;
}

function syncAttributes(el, want) {
  for (const { name } of [...el.attributes]) {
    if (!want.hasAttribute(name)) el.removeAttribute(name);
  }
  for (const { name, value } of [...want.attributes]) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  // what the attributes only set at first
  if ("disabled" in el && el.disabled !== want.hasAttribute("disabled")) el.disabled = want.hasAttribute("disabled");
}

/** Turn `node` into `want` (same kind) without replacing it. */
function patch(node, want) {
  if (node.nodeType === Node.TEXT_NODE) {
    if (node.data !== want.data) node.data = want.data;
    return;
  }
  syncAttributes(node, want);
  patchChildren(node, [...want.childNodes]);
}

/**
 * Make `parent`'s children match `wanted` (nodes or strings, e.g. from h()), reusing what is there:
 * a keyed child is matched by its `data-key`, an unkeyed one by its place among the unkeyed.
 */
export function patchChildren(parent, wanted) {
  const next = wanted.flat(Infinity).filter((n) => n != null && n !== false)
    .map((n) => (n instanceof Node ? n : document.createTextNode(String(n))));
  const old = [...parent.childNodes];
  const keyed = new Map();
  const loose = [];
  for (const node of old) {
    const key = keyOf(node);
    if (key != null && !keyed.has(key)) keyed.set(key, node);
    else loose.push(node);
  }
  const used = new Set();
  let cursor = 0;
  next.forEach((want, i) => {
    const key = keyOf(want);
    let node = key != null ? keyed.get(key) : null;
    if (node && !sameKind(node, want)) node = null;
    if (key == null) {
      while (cursor < loose.length && used.has(loose[cursor])) cursor += 1;
      const candidate = loose[cursor];
      if (candidate && sameKind(candidate, want)) { node = candidate; cursor += 1; }
    }
    if (node) patch(node, want);
    else node = want;
    used.add(node);
    const here = parent.childNodes[i];
    if (here !== node) parent.insertBefore(node, here || null);
  });
  for (const node of old) if (!used.has(node) && node.parentNode === parent) node.remove();
}

/** Set an element's text only when it differs (no needless mutation for screen readers). */
export function setText(el, text) {
  const value = String(text ?? "");
  if (el.textContent !== value) el.textContent = value;
}
