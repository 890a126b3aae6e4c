// The team phone's result and waiting screens: a judged answer fills the screen (✓/✗,
// points, rank and the gap to the team above); while waiting, who of the team is online.

import { teamMap } from "./screen_dom.js";
import { h, setText } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** Vibrate where the phone can (many browsers cannot, or refuse without a recent tap). */
export function vibrate(pattern) {
  try {
    if (typeof navigator.vibrate === "function") navigator.vibrate(pattern);
  } catch { /* no vibration on this phone */ }
}

/** "第 3 名 · 距第 2 名 15 分", "并列第 1 名"; "" when the round hides scores. */
export function standingText(team) {
  if (!team || team.rank == null) return "";
  const place = `${team.tied ? "并列" : ""}第 ${team.rank} 名`;
  const above = team.above;
  if (!above) return place;
  return above.gap > 0 ? `${place} · 距第 ${above.rank} 名 ${above.gap} 分` : `${place} · 与第 ${above.rank} 名同分`;
}

let shownFb = ""; // key of the result last shown: a new one pops in and vibrates once
let rendered = false; // a page just (re)loaded shows a standing result without vibrating

/** Paint the phone for `d.fb` ({kind, mark, points, key}) or clear it. */
export function renderFeedback(v, d) {
  const reloaded = !rendered;
  rendered = true;
  const phone = $("phone");
  const fb = d.fb || null;
  phone.dataset.feedback = fb ? fb.kind : "";
  const box = $("t-result");
  box.hidden = !fb;
  if (!fb) {
    shownFb = "";
    setText($("t-gain"), "");
    setText($("t-standing"), "");
    return;
  }
  setText($("t-mark"), fb.mark);
  setText($("t-gain"), fb.points);
  setText($("t-standing"), standingText(teamMap(v).get(v.me?.team_id)));
  if (shownFb !== fb.key) {
    shownFb = fb.key;
    box.classList.remove("pop");
    void box.offsetWidth; // restart the pop-in animation
    box.classList.add("pop");
    if (!reloaded) vibrate(fb.kind === "good" ? [80, 50, 80] : fb.kind === "bad" ? [250] : [40]);
  }
}

/** The waiting card: teammates online (names from the view), 请看大屏, the current phase. */
export function renderLobby(v, d, memberName) {
  const box = $("t-lobby");
  box.hidden = !d.wait;
  if (!d.wait) return;
  const me = v.me?.team_id;
  const team = teamMap(v).get(me);
  const online = v.presence?.teams?.[me] || [];
  const names = online.length ? online : team?.members || [];
  setText($("t-lobby-title"), online.length ? `已加入！本队 ${online.length} 人在线` : "已加入！");
  const list = $("t-mates");
  const sig = names.join("\n");
  if (list._sig !== sig) {
    list._sig = sig;
    list.replaceChildren(...names.map((n) => h("li", { class: n === memberName ? "me" : "" }, n)));
  }
  const rnd = v.round;
  const phase = v.status !== "running" || !rnd ? "比赛尚未开始"
    : rnd.status === "ended" ? `${rnd.title} · 本轮结束` : `${rnd.title} · 等待出题`;
  setText($("t-phase"), `当前：${phase}`);
  const buzzRound = rnd && (rnd.kind === "buzz" || rnd.kind === "tiebreak") && rnd.status !== "ended";
  setText($("t-howto"), buzzRound ? "听到“请抢答”再按红色按钮，提前按算犯规"
    : "题目和比分都在大屏上；轮到你们时手机会提示");
}
