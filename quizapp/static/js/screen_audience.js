// The projector's audience parts: after the reveal, how the hall answered (bars per option,
// counts and percent, the right one marked); at a round's end and at the finish, the audience
// leaderboard with the 最佳观众. The screen view carries the distribution only after the reveal.

import { LETTERS } from "./screen_dom.js";
import { h, swap } from "./ui.js";

const $ = (id) => document.getElementById(id);

/** The element `id`, made once and put into `parent` before `before` (or at the end). */
function slot(id, parent, before = null) {
  let el = $(id);
  if (!el && parent) {
    el = h("section", { id, hidden: true });
    parent.insertBefore(el, before);
  }
  return el;
}

function choices(q) {
  if ((q.options || []).length) return q.options.map((_, i) => ({ key: LETTERS[i], label: LETTERS[i] }));
  return [{ key: "true", label: "正确" }, { key: "false", label: "错误" }];
}

/** Under the question card, once the answer is revealed: the hall's answers per option. */
export function renderAudienceDistribution(v) {
  const main = document.querySelector("#scene-question .q-main");
  const box = slot("aud-dist", main, $("timer"));
  if (!box) return;
  const ep = v.episode;
  const tally = ep?.audience_tally || {};
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  if (!ep || !ep.revealed || !total) {
    box.hidden = true;
    return;
  }
  const q = ep.question;
  const right = new Set(q.answer_keys || []);
  const multiple = q.type === "multiple";
  const rows = multiple
    ? Object.keys(tally).sort((a, b) => tally[b] - tally[a]).slice(0, 6).map((k) => ({ key: k, label: k }))
    : choices(q);
  const isRight = (k) => (multiple ? k === [...right].sort().join("") : right.has(k));
  box.hidden = false;
  swap(box, h("section", { class: "aud-dist", "aria-label": "观众答题分布" },
    h("div", { class: "aud-dist-title" }, "观众答题", h("b", {}, `${total}`), "人"),
    h("ol", { class: "aud-dist-bars", style: { "--n": String(rows.length) } }, rows.map((o) => {
      const n = tally[o.key] || 0;
      const pct = Math.round((n * 100) / total);
      return h("li", { class: isRight(o.key) ? "right" : "" },
        h("span", { class: "aud-key" }, isRight(o.key) ? `✓ ${o.label}` : o.label),
        h("span", { class: "aud-bar" }, h("span", { style: { width: `${pct}%` } })),
        h("span", { class: "aud-n" }, `${n} 人 · ${pct}%`));
    }))));
}

function leaderList(b, limit) {
  return h("ol", { class: "aud-top" }, b.top.slice(0, limit).map((r) => h("li", {},
    h("span", { class: "aud-rank" }, `${r.tied ? "并列" : ""}${r.rank}`),
    h("span", { class: "aud-name" }, r.name),
    h("span", { class: "aud-score" }, `答对 ${r.correct}`))));
}

/** Beside the scoreboard when a round ends, beside the podium at the finish. */
export function renderAudienceBoard(v, scene) {
  const b = v.audience_board;
  const ended = scene === "board" && v.round?.status === "ended";
  const show = !!b && b.top.length > 0 && (ended || scene === "podium");
  for (const name of ["board", "podium"]) {
    const sceneEl = $(`scene-${name}`);
    const box = slot(`aud-board-${name}`, sceneEl);
    const on = show && name === scene;
    sceneEl?.classList.toggle("with-audience", on);
    if (!box) continue;
    box.hidden = !on;
    if (!on) continue;
    const best = scene === "podium" ? b.best || [] : [];
    swap(box, h("section", { class: "aud-board", "aria-label": "观众排行榜" },
      h("h3", { class: "aud-board-title" }, "观众排行榜", h("small", {}, `共 ${b.players} 人`)),
      best.length ? h("div", { class: "aud-best" }, h("div", { class: "aud-best-label" }, best.length > 1 ? "并列最佳观众" : "最佳观众"),
        h("div", { class: "aud-best-names" }, best.map((r) => h("span", {}, r.name))),
        h("div", { class: "aud-best-sub" }, `答对 ${best[0].correct} 题`)) : null,
      leaderList(b, best.length ? 8 : 10)));
  }
}
