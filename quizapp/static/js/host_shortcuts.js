// The console's keyboard, for a host who runs the contest alone: one key per frequent action,
// the key printed on each button, and a legend that "?" opens and closes. Keys never fire while
// the host types in a field or while a dialog (a confirm, the score adjuster, the picker) is open.

import { h } from "./host_dom.js";
import { dialogOpen } from "./host_ui.js";

/** Key (lower case) -> console action. Destructive ones confirm first (see host.js). */
export const KEYS = {
  s: "startRound", n: "next", " ": "open", y: "correct", x: "wrong", c: "close", r: "reveal",
  k: "skip", t: "timer", p: "pause", u: "undo", e: "endRound", j: "tiebreak", f: "finish", q: "picker",
};

/** The legend, in the order a round runs: [key as printed, what it does, asks first]. */
export const LEGEND = [
  ["S", "开始下一轮", false], ["N", "下一题", false], ["空格", "开始抢答", false],
  ["Y", "判定正确", false], ["X", "判定错误", false], ["C", "收卷（共答题）", false],
  ["T", "开始计时", false], ["P", "暂停 / 继续计时", false], ["R", "公布答案", false],
  ["K", "跳过本题", true], ["U", "撤销上一步", true], ["E", "结束本轮", true],
  ["J", "加赛", true], ["F", "结束比赛", true], ["Q", "选题…", false], ["?", "显示 / 隐藏本说明", false],
];

function typing(target) {
  return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]"));
}

/** The action a keydown asks for, or "" (modifiers, IME composition, typing, an open dialog). */
export function actionFor(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return "";
  if (typing(e.target) || dialogOpen()) return "";
  return KEYS[e.key.length === 1 ? e.key.toLowerCase() : ""] || "";
}

/** Wire the keys to `trigger(name, fromKey)` and the "?" legend; returns nothing. */
export function initShortcuts({ trigger }) {
  const panel = document.querySelector("#hc-keys");
  const toggle = document.querySelector("#hc-keys-toggle");
  panel.querySelector("[data-keys-list]").replaceChildren(...LEGEND.map(([key, what, asks]) => h("div", null,
    h("dt", null, h("kbd", null, key)),
    h("dd", null, what, asks ? [" ", h("span", { title: "会先确认", "aria-label": "会先确认" }, "⚠")] : null))));

  const show = (open) => {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  };
  toggle.addEventListener("click", () => show(panel.hidden));

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(e.target) || dialogOpen()) return;
    if (e.key === "?") {
      e.preventDefault();
      show(panel.hidden);
      return;
    }
    if (e.key === "Escape" && !panel.hidden) {
      show(false);
      return;
    }
    const name = actionFor(e);
    if (!name) return;
    e.preventDefault(); // no page scroll on Space, no click on a focused button
    if (e.repeat) return;
    trigger(name, true);
  });

  document.addEventListener("keyup", (e) => {
    // A focused button would otherwise "click" itself on Space release.
    if (e.key === " " && !typing(e.target) && !dialogOpen()) e.preventDefault();
  });
}
