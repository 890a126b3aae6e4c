// 彩排 on the host console: a bar under the header that offers 开始彩排 while the contest is
// in setup, and 结束彩排并重置 during a rehearsal. The server decides; this only asks and confirms.

import { confirmBox, toast } from "./host_ui.js";

export const START_MESSAGE =
  "彩排会用已安排的正式题目把比赛流程走一遍：大屏、队伍手机和观众页都会显示题目，并一直标注“彩排”，得分不计入成绩。" +
  "彩排结束后点“结束彩排并重置”：比赛回到未开始，参赛队、已加入的手机（无需重新扫码）和题目安排都保留，正式比赛仍从第一题开始。" +
  "注意：看过彩排的人会提前知道这些题目，请只让工作人员观看，或只试一两道题。";
export const RESET_MESSAGE =
  "结束彩排并把比赛重置为未开始：比分恢复为彩排前，彩排中出过的题目按原来的顺序重新排回（正式比赛仍从第一题开始，题目安排不变），" +
  "参赛队和已加入的手机都保留，无需重新扫码。彩排记录留在日志和导出中并标注“彩排”，不计入成绩。重置后不能撤销到彩排之前。";

/** Wire the bar; `command(type)` sends a host command and resolves to its ack. */
export function initRehearsal({ bar, command }) {
  bar.addEventListener("click", async (e) => {
    const btn = e.target.closest("button[data-rehearsal]");
    if (!btn || btn.disabled) return;
    const start = btn.dataset.rehearsal === "start";
    const ok = await confirmBox(start
      ? { title: "开始彩排", message: START_MESSAGE, okText: "开始彩排" }
      : { title: "结束彩排并重置", message: RESET_MESSAGE, okText: "重置为未开始", danger: true });
    if (!ok) return;
    const reply = await command(start ? "StartRehearsal" : "ResetRehearsal");
    if (reply && reply.ok) toast(start ? "彩排开始：各页面都会标注“彩排”" : "彩排已结束，比赛已重置为未开始", "ok");
  });
}

/** Show what the rules allow now: the reset during a rehearsal, the offer before the start, else nothing. */
export function renderRehearsal(bar, view) {
  const text = bar.querySelector("[data-text]");
  const btn = bar.querySelector("button[data-rehearsal]");
  const set = (el, value) => { if (el.textContent !== value) el.textContent = value; };
  bar.classList.toggle("on", Boolean(view.rehearsal));
  if (view.actions.rehearsalReset.on) {
    bar.hidden = false;
    set(text, "彩排中：所有页面标注“彩排”，得分不计入成绩。");
    btn.dataset.rehearsal = "reset";
    set(btn, "结束彩排并重置…");
  } else if (view.actions.rehearsalStart.on) {
    bar.hidden = false;
    const done = view.rehearsals ? `已彩排 ${view.rehearsals} 次，比赛已重置为未开始。` : "";
    set(text, `${done}正式开始前可以先彩排，检查流程、手机和大屏。`);
    btn.dataset.rehearsal = "start";
    set(btn, view.rehearsals ? "再彩排一次…" : "开始彩排…");
  } else {
    bar.hidden = true;
  }
}
