// The sports-day projector (大屏): standings that slide when places change, the event in
// progress, the judge panel, the latest results, the medal table, and the podium at the end.
// Laid out on a fixed 1920×1080 stage scaled to the window.

import { fitStage } from "./dom.js";
import {
  renderCurrent, renderMedals, renderPanel, renderPodium, renderProgramme, renderStandings, renderTicker,
} from "./sports_board.js";
import { allFinal, connectSports, hasStandings, livePanel, setText, teamInfo } from "./sports_common.js";

const $ = (id) => document.getElementById(id);
const stage = $("stage");
const contest = stage.dataset.contest;

fitStage(stage);

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
  stage.dataset.version = String(view.version);
}

connectSports({ role: "screen", contest }, render);

// ---------------------------------------------------------------- full screen, idle cursor
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
