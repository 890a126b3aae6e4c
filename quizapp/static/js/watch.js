// The audience phone (观众页): scoreboard, the question on stage, and 观众题 —
// each device answers once, then sees the tally and, after the reveal, the answer.

import { ask, connectLive, showConnection } from "./live.js";
import { Board } from "./screen_board.js";
import { LETTERS, deskLabel, h, pointsText, ranked, setText, stableId, teamMap, watchRefusal } from "./screen_dom.js";

const $ = (id) => document.getElementById(id);
const contest = $("watch").dataset.contest;
const device = stableId("quizapp.watchDevice");
const board = new Board($("w-board"));
const ANSWERS_KEY = "quizapp.watchAnswers";

let live = null;
let view = null;
let sending = false;

function loadAnswers() {
  try {
    return JSON.parse(localStorage.getItem(ANSWERS_KEY) || "{}") || {};
  } catch {
    return {};
  }
}

function myAnswer(qid) {
  return loadAnswers()[`${contest}:${qid}`];
}

function remember(qid, choice) {
  const all = loadAnswers();
  all[`${contest}:${qid}`] = choice;
  const keys = Object.keys(all);
  for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete all[k];
  localStorage.setItem(ANSWERS_KEY, JSON.stringify(all));
}

let toastTimer = null;
function toast(message) {
  const el = $("t-toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 3500);
}

function choicesOf(q) {
  if ((q.options || []).length) return q.options.map((text, i) => ({ key: LETTERS[i], label: LETTERS[i], text }));
  return [{ key: "true", label: "✓", text: "正确" }, { key: "false", label: "✗", text: "错误" }];
}

function labelOf(q, key) {
  if (key === "true") return "正确";
  if (key === "false") return "错误";
  return key;
}

async function answer(q, choice) {
  if (sending) return;
  sending = true;
  render(view);
  const reply = await ask(live.socket, "audience_answer", { choice });
  sending = false;
  if (reply.ok) remember(q.id, choice);
  else if (reply.error.code === "already_answered") remember(q.id, "?");
  else toast(reply.error.message);
  render(live.latest() || view);
}

function statusLine(v) {
  const ep = v.episode;
  const teams = teamMap(v);
  const kind = v.round?.kind;
  if (v.status === "finished") {
    const top = ranked(v.teams)[0];
    return top ? `比赛结束 · 冠军：${deskLabel(top)} ${top.name}` : "比赛结束";
  }
  if (v.status !== "running" || !v.round) return "等待比赛开始";
  if (!ep) return v.round.status === "ended" ? `${v.round.title} 结束` : "等待出题";
  if (ep.phase === "audience") return "观众题：请选择你的答案！";
  if (ep.phase === "judged") {
    const js = ep.judgements || [];
    const last = js[js.length - 1];
    if (last && kind !== "all_answer") {
      return `${deskLabel(teams.get(last.team_id))}回答${last.correct ? "正确" : "错误"} ${pointsText(v, last.points)}`.trim();
    }
    return "本题结束";
  }
  if (ep.phase === "reading") return "主持人读题中";
  if (ep.phase === "open") return "请抢答！";
  if (ep.phase === "collecting") return "各队正在手机上作答";
  const team = teams.get(ep.team_id);
  return team ? `${deskLabel(team)} ${team.name} 作答中` : "作答中";
}

function renderAudience(v) {
  const box = $("w-audience");
  const ep = v.episode;
  if (!ep || ep.outcome !== "audience") { box.hidden = true; box.replaceChildren(); return; }
  const q = ep.question;
  const mine = myAnswer(q.id);
  box.hidden = false;
  if (q.type === "fill" || q.type === "short") {
    // phones can only pick options; a 填空/简答 audience question is answered aloud in the room
    box.replaceChildren(h("p", { class: "w-ask" }, ep.phase === "audience" ? "本题请现场举手作答" : ""));
    return;
  }
  if (ep.phase === "audience" && !mine) {
    box.replaceChildren(
      h("p", { class: "w-ask" }, "每台手机只能作答一次"),
      h("div", { class: "choices" }, choicesOf(q).map((o) =>
        h("button", { type: "button", class: "choice", disabled: sending, onclick: () => answer(q, o.key) },
          h("span", { class: "choice-key" }, o.label), h("span", { class: "choice-text" }, o.text)))));
    return;
  }
  const tally = ep.audience_tally || {};
  const total = ep.audience_count || 0;
  const right = new Set(ep.revealed && q.answer_keys ? q.answer_keys : []);
  box.replaceChildren(
    mine ? h("p", { class: "w-mine" }, mine === "?" ? "你已经作答" : `你的选择：${labelOf(q, mine)}`) : null,
    h("ul", { class: "w-tally" }, choicesOf(q).map((o) => {
      const n = tally[o.key] || 0;
      const pct = total ? Math.round((n * 100) / total) : 0;
      return h("li", { class: `${right.has(o.key) ? "right" : ""} ${mine === o.key ? "mine" : ""}` },
        h("span", { class: "w-tally-key" }, o.label),
        h("span", { class: "w-tally-bar" }, h("span", { style: { width: `${pct}%` } })),
        h("span", { class: "w-tally-n" }, `${n} 票`));
    })),
    h("p", { class: "w-count" }, `共 ${total} 人作答`));
}

function render(v) {
  if (!v) return;
  const before = view;
  view = v;
  setText($("w-round"), v.round ? v.round.title : "观众页");
  setText($("w-idle"), statusLine(v));
  const ep = v.episode;
  const card = $("w-question");
  card.hidden = !ep;
  if (ep) {
    const q = ep.question;
    const meta = [v.round?.title, q.type_label, ep.stake ? `${ep.stake} 分` : ""].filter(Boolean).join(" · ");
    setText($("w-meta"), meta);
    setText($("w-stem"), q.stem || (q.stem_hidden ? "题目已隐藏" : ""));
    const inButtons = ep.phase === "audience" && !myAnswer(q.id);
    const right = new Set(ep.revealed && q.answer_keys ? q.answer_keys : []);
    $("w-options").replaceChildren(...(inButtons ? [] : (q.options || []).map((text, i) =>
      h("li", { class: right.has(LETTERS[i]) ? "right" : "" }, h("b", {}, LETTERS[i]), " ", text))));
    renderAudience(v);
    const reveal = $("w-reveal");
    reveal.hidden = !ep.revealed;
    reveal.replaceChildren(...(ep.revealed
      ? [h("div", { class: "w-answer" }, "答案：", q.answer ?? ""), q.explanation ? h("div", { class: "w-expl" }, q.explanation) : null]
        .filter(Boolean)
      : []));
  }
  board.update(v, { animate: !!before, active: ep?.team_id || "" });
}

const refused = (err) => {
  showConnection("refused");
  setText($("w-idle"), err.message || "无法连接");
};
live = connectLive({ role: "watch", contest, device }, render, { onRefused: refused });
watchRefusal(live.socket, refused);
