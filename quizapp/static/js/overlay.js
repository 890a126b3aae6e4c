// The livestream overlay (OBS browser source): lower-third scoreboard, question banner,
// buzz winner and podium on a transparent 1920×1080 stage. Which parts show and their scale
// come from the URL (rendered into the page); it connects as the projector does (`screen`
// role), so it only ever receives what the projector may show.

import { fitStage } from "./dom.js";
import { timerLeft } from "./live.js";
import { Board } from "./screen_board.js";
import {
  LETTERS, answerWords, clockText, judgementLine, podiumSlots, ranked, roundInfo, teamMap, winnerMain,
} from "./screen_dom.js";
import { connectPage, h, setText, swap, teamStyle } from "./ui.js";

const $ = (id) => document.getElementById(id);
const stage = $("ov-stage");
const contest = stage.dataset.contest;
const parts = new Set(stage.dataset.parts.split(","));
const board = parts.has("scores") ? new Board($("ov-board")) : null;

let view = null;
let skew = 0;

fitStage(stage);

/**
 * Shrink `el`'s type from `max` px until it takes at most `lines` lines (never below `min` px).
 * The text wraps anywhere and nothing is cut: past `min` it simply takes more lines.
 */
function fitText(el, max, min, lines) {
  if (!el || el.offsetParent === null) return; // not shown: fitted when it is
  let size = max;
  const over = () => {
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || size * 1.2;
    return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > lineHeight * lines + 2;
  };
  el.style.fontSize = `${size}px`;
  while (size > min && over()) {
    size -= 2;
    el.style.fontSize = `${size}px`;
  }
}

function showPart(id, on) {
  const el = $(id);
  if (el) el.hidden = !on;
  return !!el && on;
}

// ---------------------------------------------------------------- question banner
function renderQuestion(v) {
  const ep = v.episode;
  if (!showPart("ov-question", v.status === "running" && !!ep)) return;
  const q = ep.question;
  const rnd = roundInfo(v);
  swap($("ov-q-meta"), h("div", { class: "ov-q-meta" },
    rnd?.title ? h("span", { class: "ov-chip kind" }, rnd.title) : null,
    h("span", { class: "ov-chip" }, q.type_label),
    ep.stake ? h("span", { class: "ov-chip stake" }, rnd?.kind === "risk" ? `风险 ${ep.stake} 分` : `本题 ${ep.stake} 分`) : null));
  swap($("ov-q-stem"), q.stem_hidden
    ? h("div", { class: "ov-q-stem hidden-stem" }, "题目已隐藏（抢答题）")
    : h("div", { class: "ov-q-stem" }, q.stem));
  const keys = new Set(ep.revealed && q.answer_keys ? q.answer_keys : []);
  swap($("ov-q-options"), h("ol", { class: "ov-q-options" }, (q.options || []).map((text, i) =>
    h("li", { class: keys.has(LETTERS[i]) ? "correct" : keys.size ? "dim" : "" },
      h("span", { class: "ov-opt-key" }, LETTERS[i]), h("span", { class: "ov-opt-text" }, text)))));
  const answer = $("ov-q-answer");
  answer.hidden = !ep.revealed; // the screen view carries the answer only after the reveal
  swap(answer, h("div", { class: "ov-q-answer" }, ep.revealed
    ? [h("span", { class: "ov-answer-label" }, "答案"), h("span", {}, answerWords(q))] : []));
  fitText($("ov-q-stem"), 44, 26, 3);
}

// ---------------------------------------------------------------- buzz winner / verdict
function buzzNode(v) {
  const ep = v.episode;
  if (v.status !== "running" || !ep) return null;
  const kind = v.round?.kind;
  const team = teamMap(v).get(ep.team_id);
  const judgements = ep.judgements || [];
  const buzzing = kind === "buzz" || kind === "tiebreak";
  if (ep.phase === "judged" && judgements.length && kind !== "all_answer") {
    const last = judgements[judgements.length - 1];
    return h("div", { class: "ov-card verdict-card", style: teamStyle(teamMap(v).get(last.team_id)) },
      judgementLine(v, last, true));
  }
  if (ep.phase === "answering" && team) {
    const first = (ep.presses || [])[0];
    return h("div", { class: "ov-card winner", style: teamStyle(team) },
      buzzing ? winnerMain(team, "抢到答题权", first?.member ? ` · ${first.member}` : "") : winnerMain(team, "作答中"));
  }
  if (!buzzing) return null;
  if (ep.phase === "open") {
    return v.timer?.purpose === "window"
      ? h("div", { class: "ov-card call" }, h("div", { class: "ov-call" }, "判定中…"))
      : h("div", { class: "ov-card call go" }, h("div", { class: "ov-call" }, "请抢答！"));
  }
  if ((ep.rebuzz || []).length) {
    return h("div", { class: "ov-card call" }, h("div", { class: "ov-call" }, "同时抢答，请重新抢答"));
  }
  return null;
}

function renderBuzz(v) {
  const node = buzzNode(v);
  if (!showPart("ov-buzz", !!node)) return;
  swap($("ov-buzz"), h("section", { class: "ov-part ov-buzz" }, node));
  fitText($("ov-buzz").querySelector(".winner-name"), 88, 40, 3);
}

// ---------------------------------------------------------------- podium and scoreboard
function renderPodium(v) {
  if (!showPart("ov-podium", v.status === "finished")) return;
  swap($("ov-podium-slots"), h("div", { class: "podium" }, podiumSlots(ranked(v.teams))));
  for (const name of $("ov-podium").querySelectorAll(".podium-name")) fitText(name, 48, 20, 2);
}

function renderScores(v, animate) {
  const podium = parts.has("podium") && v.status === "finished";
  const teams = v.teams || [];
  if (!showPart("ov-scores", !podium && teams.length > 0)) return;
  const list = $("ov-board");
  list.dataset.size = teams.length > 10 ? "l" : teams.length > 6 ? "m" : "s";
  board.update(v, { animate, active: v.episode?.phase === "answering" ? v.episode.team_id || "" : "" });
  const max = { s: 30, m: 26, l: 22 }[list.dataset.size];
  for (const name of list.querySelectorAll(".board-team")) fitText(name, max, 16, 2);
}

// ---------------------------------------------------------------- countdown in the banner
function tick() {
  const el = $("ov-timer");
  if (!el) return;
  const t = view?.timer;
  if (!view?.episode || !t || t.purpose === "window") {
    el.hidden = true;
    return;
  }
  const left = timerLeft(view, skew) ?? 0;
  el.hidden = false;
  setText(el, `${t.running ? t.label || "倒计时" : "计时暂停"} ${left <= 0 && t.running ? "时间到" : clockText(left)}`);
  el.classList.toggle("urgent", t.running && left <= 5);
}
setInterval(tick, 200);

function render(v) {
  const first = !view;
  view = v;
  skew = (v.server_time ?? Date.now() / 1000) - Date.now() / 1000;
  stage.dataset.status = v.status;
  if (parts.has("question")) renderQuestion(v);
  if (parts.has("buzz")) renderBuzz(v);
  if (parts.has("podium")) renderPodium(v);
  if (board) renderScores(v, !first);
  tick();
}

connectPage({ role: "screen", contest }, render); // a refusal shows in the [data-conn] banner
