// The sports-day audience phone: what is on now, the judge panel, standings, latest results, programme.

import {
  renderCurrent, renderPanel, renderPodium, renderProgramme, renderStandings, renderTicker,
} from "./sports_board.js";
import { allFinal, hasStandings, livePanel, teamInfo } from "./sports_common.js";
import { connectPage, h, setText } from "./ui.js";

const $ = (id) => document.getElementById(id);
const root = $("watch");
const contest = root.dataset.contest;

function render(view) {
  const teams = teamInfo(view);
  const over = allFinal(view);
  const judged = !hasStandings(view);
  const first = (view.schedule || [])[0];
  setText($("sw-board-title"), judged ? `${first?.name || "评比"} · 排名` : over ? "最终总分" : "总分榜");
  $("sw-provisional").hidden = !view.standings_provisional;
  $("sw-podium-card").hidden = !over;
  if (over) renderPodium($("sw-podium"), h("ol"), view, teams);
  const champions = (view.champions || []).map((id) => teams.get(id)?.name || id); // several: 并列冠军
  setText($("sw-podium-title"), champions.length ? `最终排名 · ${view.champions_label}：${champions.join("、")}` : "最终排名");
  renderCurrent($("sw-current"), view);
  renderPanel($("sw-panel"), over ? null : livePanel(view), teams, { compact: true });
  renderStandings($("sw-standings"), null, view, teams, { columns: false, medals: !judged });
  renderTicker($("sw-ticker"), view, teams, { limit: 3 });
  renderProgramme($("sw-programme"), view);
  root.dataset.version = String(view.version);
}

connectPage({ role: "watch", contest }, render); // the audience id is the cookie this page set
