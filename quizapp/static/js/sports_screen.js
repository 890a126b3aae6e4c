// The sports-day projector (大屏): standings that slide when places change, the event in
// progress, the judge panel, the latest results, the medal table, and the podium at the end.
// Laid out on a fixed 1920×1080 stage scaled to the window.

import { fitStage } from "./dom.js";
import { fitAll, refitOnResize } from "./fit.js";
import { muteButton, play, unlockOnGesture } from "./sounds.js";
import {
  renderCurrent, renderMedals, renderPanel, renderPodium, renderProgramme, renderStandings, renderTicker,
} from "./sports_board.js";
import { allFinal, hasStandings, livePanel, teamInfo } from "./sports_common.js";
import { connectPage, setText } from "./ui.js";

const $ = (id) => document.getElementById(id);
const stage = $("stage");
const contest = stage.dataset.contest;

fitStage(stage);

// Names wrap onto a second line and shrink until they fit (fit.js); never cut with "…".
const NAME_RULES = [
  [".ss-title", { lines: 1, min: 28 }],
  [".sp-team-name", { lines: 2, min: 24, box: ".sp-standing, .sp-entrant, .sp-rest" }],
  [".sp-medal-row .sp-team-name", { lines: 1, min: 24 }], // the medal table stays short: the ticker needs the room
  [".sp-team-unit", { lines: 2, min: 24 }],
  [".sp-step-team", { lines: 2, min: 32 }],
  [".sp-current-name", { lines: 2, min: 32 }],
  [".sp-prog-name", { lines: 2, min: 24 }],
];

const tickerCard = document.querySelector(".ss-ticker-card");
const tickerOver = () => tickerCard.scrollHeight > tickerCard.clientHeight + 1;

/** Drop the oldest ticker lines until the card holds what is left whole (no line cut in half). */
function trimTicker() {
  const card = tickerCard;
  while (tickerOver()) {
    const groups = card.querySelectorAll(".sp-tick-group");
    const last = groups[groups.length - 1];
    const ticks = last?.querySelectorAll(".sp-tick") || [];
    if (!last || (groups.length === 1 && ticks.length <= 1)) break;
    if (ticks.length > 1) ticks[ticks.length - 1].remove();
    else last.remove();
  }
}

/** The steps stand on the floor: while the tallest pokes out above the podium, its names get smaller. */
function fitPodium() {
  const podium = $("ss-podium");
  const names = [...podium.querySelectorAll(".sp-step-team")];
  const above = () => [...podium.children].some((step) => step.offsetTop < podium.offsetTop - 1);
  for (let i = 0; i < 8 && above(); i += 1) {
    for (const el of names) el.style.fontSize = `${Math.max(32, parseFloat(getComputedStyle(el).fontSize) * 0.9)}px`;
  }
}

function refit() {
  fitAll(stage, NAME_RULES);
  if (!$("scene-live").hidden) trimTicker();
  if (!$("scene-podium").hidden) fitPodium();
}
refitOnResize(refit);

/** When even the newest result does not fit, the medal table gives way to it (as it does to a judge panel). */
function roomForTicker(view, teams, live) {
  if (!tickerOver() || $("ss-medal-card").hidden) return;
  $("ss-medal-card").hidden = true;
  $("ss-ticker")._sig = null;
  renderTicker($("ss-ticker"), view, teams, { limit: live ? 2 : 3 });
  refit();
}

/** A chime when new results arrive and a fanfare for the final podium (the 声音 button mutes them). */
let heard = null;
function sounds(view, over) {
  const count = Object.values(view.results || {}).reduce((n, rows) => n + rows.length, 0);
  if (heard && over && !heard.over) play("correct");
  else if (heard && count > heard.count) play("open");
  heard = { count, over };
}

function render(view) {
  const teams = teamInfo(view);
  const over = allFinal(view);
  const judged = !hasStandings(view);
  $("scene-live").hidden = over;
  $("scene-podium").hidden = !over;
  $("ss-provisional").hidden = !view.standings_provisional;
  const all = view.schedule || [];
  const done = all.filter((e) => e.status === "final" || e.status === "provisional").length;
  setText($("ss-progress"), all.length ? `已赛 ${done}/${all.length} 项` : "");
  setText($("ss-board-title"), judged ? `${all[0]?.name || "评比"} · 排名` : "总分榜");
  setText($("ss-board-note"), view.standings_provisional ? "含待确认成绩，以最终确认为准" : "");
  renderProgramme($("ss-programme"), view);
  if (over) {
    setText($("ss-podium-title"), judged ? `${all[0]?.name || "评比"} · 最终排名` : "全部项目结束 · 最终排名");
    renderPodium($("ss-podium"), $("ss-podium-rest"), view, teams);
    refit();
    sounds(view, over);
    return;
  }
  renderStandings($("ss-standings"), $("ss-standings-head"), view, teams, { columns: true, medals: false });
  renderCurrent($("ss-current"), view);
  const live = livePanel(view);
  renderPanel($("ss-panel"), live, teams, { compact: true });
  renderTicker($("ss-ticker"), view, teams, { limit: live ? 2 : 3 });
  // the medal table gives way to the judge panel while judges are scoring
  $("ss-medal-card").hidden = judged || Boolean(live);
  if (!judged) renderMedals($("ss-medals"), view, teams);
  refit();
  roomForTicker(view, teams, live);
  stage.dataset.version = String(view.version);
  sounds(view, over);
}

connectPage({ role: "screen", contest }, render);

// ---------------------------------------------------------------- sound, full screen, idle cursor
muteButton($("mute-btn"));
unlockOnGesture();
const fsButton = $("fullscreen-btn");
fsButton.addEventListener("click", () => {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen?.().catch(() => {});
});
document.addEventListener("fullscreenchange", () => {
  setText(fsButton, document.fullscreenElement ? "退出全屏" : "全屏");
});
let idle = null;
document.addEventListener("mousemove", () => {
  document.body.classList.remove("idle");
  clearTimeout(idle);
  idle = setTimeout(() => document.body.classList.add("idle"), 3000);
});
