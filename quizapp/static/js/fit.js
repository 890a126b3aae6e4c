// Names always fit: a long team name (马克思主义学院, 学生公寓十二栋三单元五零一) first wraps onto
// a second line, then its type shrinks step by step until it fits its box. Nothing is clipped or
// cut with an ellipsis. The wrapping itself is the page's CSS (white-space: normal,
// overflow-wrap: anywhere); this module only lowers font-size.

const STEP = 0.92; // each step takes 8 % off the size

function px(value, fallback = 0) {
  const n = parseFloat(value);
  return Number.isFinite(n) ? n : fallback;
}

/** How many lines `el`'s text takes (its content height over its line height). */
function lineCount(el, style) {
  const line = px(style.lineHeight, px(style.fontSize) * 1.25);
  const inner = el.clientHeight - px(style.paddingTop) - px(style.paddingBottom);
  return Math.round(inner / line);
}

/** True when `el` takes at most `lines` lines and neither it nor its `box` spills over. Tall CJK
 * glyphs may poke out of a tight line box: that only counts where the element clips. */
function fits(el, lines, box) {
  const style = getComputedStyle(el);
  if (el.scrollWidth > el.clientWidth + 1) return false;
  if (style.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1) return false;
  if (lines && lineCount(el, style) > lines) return false;
  return !(box && (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1));
}

/**
 * Shrink `el` from its stylesheet size until it fits in `lines` lines (and `box`, an ancestor or a
 * selector for one that must not overflow, when given). Never below `min` px (default: 40 % of the
 * stylesheet size): past that the text simply takes more lines, still better than a cut name.
 */
export function fitText(el, { lines = 2, min = 0, box = null } = {}) {
  if (!el || !el.isConnected || !el.getClientRects().length) return; // not shown: fitted when it is
  el.style.fontSize = "";
  const full = px(getComputedStyle(el).fontSize);
  if (!full) return;
  const floor = Math.min(full, min || full * 0.4);
  let size = full;
  const container = typeof box === "string" ? el.closest(box) : box;
  while (size > floor && !fits(el, lines, container)) {
    size = Math.max(floor, size * STEP);
    el.style.fontSize = `${size.toFixed(1)}px`;
  }
}

/** Fit every element under `root` that matches a rule: [[selector, options], …]. */
export function fitAll(root, rules) {
  if (!root) return;
  for (const [selector, options] of rules) {
    for (const el of root.querySelectorAll(selector)) fitText(el, options);
  }
}

/** Run `refit` again when the window is resized and once the page's fonts have loaded. */
export function refitOnResize(refit) {
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(refit);
  });
  document.fonts?.ready?.then(refit);
}
