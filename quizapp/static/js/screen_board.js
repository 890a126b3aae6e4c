// A live scoreboard: rows keyed by team, reordered with a FLIP animation, score
// changes counted up with a floating "+10". Used by the projector and the audience page.

import { ranked, scoreText, signed } from "./screen_dom.js";
import { h, inkOn, keyedList, safeColour, setText } from "./ui.js";

const MOVE_MS = 800;

function countUp(el, from, to, ms = 900) {
  const start = performance.now();
  const step = (now) => {
    const k = Math.min(1, (now - start) / ms);
    const eased = 1 - (1 - k) ** 3;
    el.textContent = String(Math.round(from + (to - from) * eased));
    if (k < 1 && el.dataset.target === String(to)) requestAnimationFrame(step);
  };
  el.dataset.target = String(to);
  requestAnimationFrame(step);
}

export class Board {
  /**
   * @param {HTMLElement} el the list container
   * @param {{members?: boolean}} options show who is online per team
   */
  constructor(el, { members = false } = {}) {
    this.el = el;
    this.members = members;
    this.scores = new Map();
  }

  _make() {
    return h("li", { class: "board-row" },
      h("span", { class: "board-rank" }),
      h("span", { class: "board-desk" }),
      h("span", { class: "board-name" }, h("span", { class: "board-team" }),
        this.members ? h("span", { class: "board-members" }) : null),
      h("span", { class: "board-score" }, h("span", { class: "board-num" })));
  }

  _fill(row, team, view, { animate, active }) {
    row.dataset.team = team.id;
    const colour = safeColour(team.colour);
    row.style.setProperty("--team", colour);
    row.style.setProperty("--team-ink", inkOn(colour));
    row.classList.toggle("active", team.id === active);
    row.classList.toggle("leader", team.rank === 1);
    setText(row.querySelector(".board-rank"), team.rank == null ? "" : team.rank);
    setText(row.querySelector(".board-desk"), team.desk);
    setText(row.querySelector(".board-team"), team.name);
    if (this.members) {
      const online = view.presence?.teams?.[team.id] || [];
      setText(row.querySelector(".board-members"), online.length ? `在线：${online.join("、")}` : "");
    }
    const num = row.querySelector(".board-num");
    const old = this.scores.get(team.id);
    const now = team.score;
    if (animate && old != null && now != null && old !== now) {
      countUp(num, old, now);
      const delta = h("span", { class: `board-delta ${now > old ? "up" : "down"}` }, signed(now - old));
      row.querySelector(".board-score").append(delta);
      setTimeout(() => delta.remove(), 2600);
      row.classList.remove("flash-up", "flash-down");
      void row.offsetWidth; // restart the flash animation
      row.classList.add(now > old ? "flash-up" : "flash-down");
    } else if (num.dataset.target !== String(now) || now == null) {
      num.dataset.target = String(now);
      num.textContent = scoreText(now);
    }
    this.scores.set(team.id, now);
  }

  /** Show `view.teams`, rows sliding to their new places; `animate` is false for the first paint. */
  update(view, { animate = true, active = "" } = {}) {
    const teams = ranked(view.teams);
    keyedList(this.el, teams, (team) => team.id, () => this._make(),
      (row, team) => this._fill(row, team, view, { animate, active }),
      { animate, duration: MOVE_MS, moving: "moved", keepMoving: true, entering: null });
    const ids = new Set(teams.map((team) => team.id));
    for (const id of this.scores.keys()) if (!ids.has(id)) this.scores.delete(id);
  }
}
