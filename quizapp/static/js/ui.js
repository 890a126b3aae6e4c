// Page helpers for every page (quiz and sports day): build with h(), update only what changed,
// keyed lists that slide rows to their new place, team colours, and one way to connect and hear
// a refusal. The quiz helpers (screen_dom.js) and the sports-day helpers (sports_common.js) build
// on these; nothing here knows a contest's rules or words.
// Everything user-provided goes in as text nodes: h() never parses HTML.

import { h } from "./dom.js";
import { connectLive } from "./live.js";

export { h };

// ---------------------------------------------------------------- updating the DOM
/** Set text only when it changed (keeps animations and selection alive). */
export function setText(el, text) {
  const value = String(text ?? "");
  if (el && el.textContent !== value) el.textContent = value;
}

/** Replace the children of `el` (strings as text). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return el;
}

/**
 * Give `el` the children and attributes of the detached `node`, only when its markup changed
 * (CSS animations and focus survive). Attributes the page wrote itself (id, hidden, aria-…) stay
 * unless `node` sets them; an attribute an earlier swap set and `node` no longer has is removed.
 * Returns true when `el` changed.
 */
export function swap(el, node) {
  const sig = node.outerHTML;
  if (el._sig === sig) return false;
  el._sig = sig;
  const now = new Set([...node.attributes].map((a) => a.name).filter((n) => n !== "id" && n !== "hidden"));
  for (const name of el._swapped || []) if (!now.has(name)) el.removeAttribute(name);
  for (const name of now) el.setAttribute(name, node.getAttribute(name));
  el._swapped = now;
  el.replaceChildren(...node.childNodes);
  return true;
}

/** Briefly highlight an element (restarts its CSS animation class). */
export function flash(el, cls = "sp-flash") {
  el.classList.remove(cls);
  void el.offsetWidth; // restart the animation
  el.classList.add(cls);
}

/**
 * Keyed list with FLIP: reuse each row by key, reorder, then slide rows from where they were.
 * `make(item)` builds a new row, `update(row, item, previousIndex, index)` refreshes it.
 * Options: `animate` (false for a first paint), `duration` of the slide, the class a moving row
 * gets (`moving`, restarted on each move) and the class a new row enters with (`entering`).
 */
export function keyedList(container, items, key, make, update,
  { animate = true, duration = 900, moving = "sp-moving", entering = "sp-enter", keepMoving = false } = {}) {
  const before = new Map();
  const existing = new Map();
  [...container.children].forEach((el, i) => {
    if (el.dataset.key == null) return;
    before.set(el.dataset.key, { top: el.offsetTop, index: i });
    existing.set(el.dataset.key, el);
  });
  const rows = items.map((item, index) => {
    const k = String(key(item));
    let el = existing.get(k);
    if (!el) {
      el = make(item);
      el.dataset.key = k;
      if (before.size && animate && entering) el.classList.add(entering);
    }
    update(el, item, before.get(k)?.index ?? null, index);
    return el;
  });
  const same = rows.length === container.children.length && rows.every((el, i) => container.children[i] === el);
  if (!same) container.replaceChildren(...rows);
  const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  if (!animate || reduce) return rows;
  for (const el of rows) {
    const old = before.get(el.dataset.key);
    if (!old || typeof el.animate !== "function") continue;
    const dy = old.top - el.offsetTop;
    if (Math.abs(dy) < 1) continue;
    if (moving) flash(el, moving);
    const anim = el.animate([{ transform: `translateY(${dy}px)` }, { transform: "translateY(0)" }],
      { duration, easing: "cubic-bezier(.2,.75,.25,1)" });
    if (moving && !keepMoving) anim.onfinish = () => el.classList.remove(moving);
  }
  return rows;
}

// ---------------------------------------------------------------- team colours
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const GREY = "#607d8b";

/** True for "#abc" and "#aabbcc": the only colours put into a style property. */
export function isColour(colour) {
  return HEX.test(String(colour || ""));
}

/** A team colour safe to put into a style property (anything else → `fallback`). */
export function safeColour(colour, fallback = GREY) {
  return isColour(colour) ? colour : fallback;
}

/** Black or white text, whichever has the higher WCAG contrast on `colour` (≥ 4.5:1 for every team colour). */
export function inkOn(colour) {
  let c = safeColour(colour).slice(1);
  if (c.length === 3) c = [...c].map((x) => x + x).join("");
  const lin = (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [0, 2, 4].map((i) => lin(parseInt(c.slice(i, i + 2), 16) / 255));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;  // #111 is 0.0056, white is 1
  return (lum + 0.05) / 0.0556 > 1.05 / (lum + 0.05) ? "#111" : "#fff";
}

/** CSS custom properties for a team's colour and the ink that reads on it. */
export function teamStyle(team) {
  const colour = safeColour(team?.colour);
  return { "--team": colour, "--team-ink": inkOn(colour) };
}

// ---------------------------------------------------------------- connecting
/** The server's refusal {code, message} from a socket.io connect_error (the protocol puts it in `err.data`). */
export function refusalOf(err) {
  if (err && err.data && err.data.message) return err.data;
  return { code: "", message: "无法连接" };
}

/**
 * Call `onRefused(refusal)` once when the server refuses the connection
 * (socket.io then stops retrying: `socket.active` is false).
 */
export function watchRefusal(socket, onRefused) {
  let done = false;
  socket.on("connect_error", (err) => {
    if (socket.active || done) return;
    done = true;
    onRefused(refusalOf(err));
  });
}

/**
 * Connect a page: every newer view goes to `onView`, the [data-conn] banner follows the
 * connection (live.js), and `onRefused({code, message})` runs once if the server turns it away.
 * Returns live.js's `{socket, latest}`.
 */
export function connectPage(auth, onView, { onRefused } = {}) {
  const live = connectLive(auth, onView);
  if (onRefused) watchRefusal(live.socket, onRefused);
  return live;
}
