// The audience phone (观众页): play along on every choice question, see right/wrong and
// points after the reveal, the audience leaderboard (with "你的排名") and the scoreboard.
// The hall shares one view; this phone's own record comes from `audience_me`.

import { Announcer } from "./announce.js";
import { ask } from "./live.js";
import { Board } from "./screen_board.js";
import { LETTERS, deskLabel, pointsText, teamMap } from "./screen_dom.js";
import { connectPage, h, setText } from "./ui.js";

const $ = (id) => document.getElementById(id);
const contest = $("watch").dataset.contest;
const board = new Board($("w-board"));
const announcer = new Announcer($("w-announce")); // buzz winner and verdict, for screen readers
const NAME_KEY = "quizapp.audienceName";
const NAME_MAX = 12;

let live = null;
let view = null;
let me = null; // {name, choice, correct_now, rank, tied, correct, points, players…} from audience_me
let sending = false;
let picked = new Set(); // a 多选 being put together
let pickedFor = "";
let meKey = ""; // which (question, reveal, status) the last audience_me answered
let editingName = false;

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

function labelOf(key) {
  if (key === "true") return "正确";
  if (key === "false") return "错误";
  return key;
}

const playable = (q) => ["single", "multiple", "true_false"].includes(q.type);

// ---------------------------------------------------------------- this phone's record
async function refreshMe(delayMs = 0) {
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  const qid = (live.latest() || view)?.episode?.question.id || "";
  const reply = await ask(live.socket, "audience_me", {});
  if (!reply.ok) return;
  me = { ...reply.me, qid };
  const stored = localStorage.getItem(NAME_KEY) || "";
  if (!me.name && stored) sendName(stored, { quiet: true }); // the nickname chosen at an earlier contest
  render(live.latest() || view);
}

/** Ask again when what this phone may learn changed: a new question, the reveal, the end. */
function maybeRefresh(v) {
  const ep = v.episode;
  const key = `${ep?.question.id || ""}|${ep?.revealed ? 1 : 0}|${v.status}`;
  if (key === meKey) return;
  const first = !meKey;
  meKey = key;
  // a thousand phones see the reveal at once: spread their questions over a second and a half
  refreshMe(first ? 0 : Math.floor(Math.random() * 1500));
}

async function sendName(raw, { quiet = false } = {}) {
  const name = String(raw || "").trim().replace(/\s+/g, " ");
  if (!name || [...name].length > NAME_MAX) {
    if (!quiet) toast(`昵称应为 1 到 ${NAME_MAX} 个字`);
    return;
  }
  const reply = await ask(live.socket, "audience_name", { name });
  if (!reply.ok) {
    if (!quiet) toast(reply.error.message);
    return;
  }
  localStorage.setItem(NAME_KEY, name);
  me = { ...(me || {}), name, display_name: name };
  editingName = false;
  render(live.latest() || view);
}

function renderName() {
  const box = $("w-name");
  if (!me) { box.hidden = true; return; }
  box.hidden = false;
  if (me.name && !editingName) {
    box.replaceChildren(
      h("p", { class: "w-name-line" }, "昵称：", h("b", {}, me.name)),
      h("button", { type: "button", class: "w-link", onclick: () => { editingName = true; render(view); } }, "修改"));
    return;
  }
  if (box.querySelector("form")) return; // keep what is being typed
  const input = h("input", { id: "w-name-input", type: "text", maxlength: NAME_MAX, autocomplete: "nickname",
    placeholder: "例如：红旗飘飘", value: me.name || localStorage.getItem(NAME_KEY) || "" });
  box.replaceChildren(h("form", { class: "w-name-form", onsubmit: (e) => { e.preventDefault(); sendName(input.value); } },
    h("label", { for: "w-name-input" }, "给自己起个昵称，上观众排行榜（1–12 个字）"),
    h("div", { class: "w-name-row" }, input, h("button", { type: "submit", class: "w-btn" }, "确定"))));
}

// ---------------------------------------------------------------- answering
async function answer(q, choice) {
  if (sending) return;
  sending = true;
  render(view);
  const reply = await ask(live.socket, "audience_answer", { choice });
  sending = false;
  if (reply.ok) me = { ...(me || {}), choice, qid: q.id };
  else if (reply.error.code === "already_answered") refreshMe();
  else toast(reply.error.message);
  render(live.latest() || view);
}

function myChoice(v) {
  return me && me.choice && me.qid === v.episode?.question.id ? me.choice : null;
}

/** Right or wrong, known on the phone itself as soon as the reveal shows the answer. */
function isRight(q, choice) {
  const keys = q.answer_keys || [];
  return q.type === "multiple" ? choice === [...keys].sort().join("") : keys.length === 1 && keys[0] === choice;
}

function optionButtons(q) {
  if (pickedFor !== q.id) { picked = new Set(); pickedFor = q.id; }
  const multiple = q.type === "multiple";
  const buttons = choicesOf(q).map((o) => h("button", {
    type: "button", class: `choice w-choice ${picked.has(o.key) ? "on" : ""}`, disabled: sending,
    "aria-pressed": multiple ? String(picked.has(o.key)) : null,
    onclick: () => {
      if (!multiple) return answer(q, o.key);
      if (picked.has(o.key)) picked.delete(o.key); else picked.add(o.key);
      render(view);
    },
  }, h("span", { class: "choice-key" }, o.label), h("span", { class: "choice-text" }, o.text)));
  return [
    h("p", { class: "w-ask" }, multiple ? "多选题：选好后点“提交”，只能提交一次" : "点选你的答案，只能作答一次"),
    h("div", { class: "choices w-choices" }, buttons),
    multiple ? h("button", { type: "button", class: "w-btn w-submit", disabled: sending || !picked.size,
      onclick: () => answer(q, [...picked].sort().join("")) }, "提交") : null,
  ].filter(Boolean);
}

function tallyList(q, ep, mine) {
  const tally = ep.audience_tally || {};
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  const right = new Set(q.answer_keys || []);
  const multiple = q.type === "multiple";
  const keys = multiple ? Object.keys(tally).sort((a, b) => tally[b] - tally[a]).slice(0, 6) : choicesOf(q).map((o) => o.key);
  const label = (k) => (multiple ? k : (choicesOf(q).find((o) => o.key === k)?.label || k));
  const isRight = (k) => (multiple ? k === [...right].join("") : right.has(k));
  return [
    h("ul", { class: "w-tally", "aria-label": "观众答题分布" }, keys.map((k) => {
      const n = tally[k] || 0;
      const pct = total ? Math.round((n * 100) / total) : 0;
      return h("li", { class: `${isRight(k) ? "right" : ""} ${mine === k ? "mine" : ""}` },
        h("span", { class: "w-tally-key" }, label(k)),
        h("span", { class: "w-tally-bar" }, h("span", { style: { width: `${pct}%` } })),
        h("span", { class: "w-tally-n" }, `${n} 人 · ${pct}%`));
    })),
    h("p", { class: "w-count" }, `共 ${total} 人作答`),
  ];
}

function renderPlay(v) {
  const box = $("w-audience");
  const ep = v.episode;
  const q = ep?.question;
  if (!ep || !q) { box.hidden = true; box.replaceChildren(); return; }
  const mine = myChoice(v);
  box.hidden = false;
  if (!playable(q)) {
    box.replaceChildren(ep.phase === "audience" ? h("p", { class: "w-ask" }, "本题请现场举手作答") : "");
    box.hidden = ep.phase !== "audience";
    return;
  }
  if (ep.revealed) {
    const result = mine ? isRight(q, mine) : null;
    const points = result ? "+10 分" : "";
    box.replaceChildren(
      mine ? h("div", { class: `w-result ${result ? "ok" : "bad"}`, role: "status" },
        h("span", { class: "w-result-mark", "aria-hidden": "true" }, result ? "✓" : "✗"),
        h("span", {}, result ? `答对了 ${points}` : `答错了 · 你选了 ${labelOf(mine)}`))
        : h("p", { class: "w-ask" }, "本题你没有作答"),
      ...tallyList(q, ep, mine));
    return;
  }
  if (mine) {
    box.replaceChildren(h("div", { class: "w-result sent", role: "status" },
      h("span", { class: "w-result-mark", "aria-hidden": "true" }, "✓"),
      h("span", {}, `已提交：${labelOf(mine)} · 等待公布答案`)),
    h("p", { class: "w-count" }, `已有 ${ep.audience_count || 0} 人作答`));
    return;
  }
  if (ep.audience_open) { box.replaceChildren(...optionButtons(q)); return; }
  box.replaceChildren(h("p", { class: "w-ask" }, v.audience_board?.play === false && ep.phase !== "audience"
    ? "本轮不设观众答题" : "本题观众作答已结束，等待公布答案"));
}

// ---------------------------------------------------------------- standings
function renderMine() {
  const box = $("w-mine");
  if (!me || (!me.answered && !me.choice)) { box.hidden = true; return; }
  box.hidden = false;
  const rank = me.rank ? `${me.tied ? "并列" : ""}第 ${me.rank} 名` : "待公布";
  box.replaceChildren(
    h("h2", { class: "w-title" }, "我的成绩"),
    h("div", { class: "w-me-row" },
      h("div", { class: "w-stat" }, h("b", {}, String(me.correct || 0)), h("span", {}, "答对")),
      h("div", { class: "w-stat" }, h("b", {}, String(me.points || 0)), h("span", {}, "积分")),
      h("div", { class: "w-stat wide" }, h("b", {}, rank), h("span", {}, me.rank ? `你的排名 · 共 ${me.players} 人` : "你的排名"))));
}

function renderLeaders(v) {
  const box = $("w-leaders");
  const b = v.audience_board;
  if (!b || !b.top.length) { box.hidden = true; return; }
  box.hidden = false;
  const best = b.best || [];
  box.replaceChildren(...[
    h("h2", { class: "w-title" }, `观众排行榜 · 共 ${b.players} 人`),
    best.length ? h("p", { class: "w-best" }, `${best.length > 1 ? "并列" : ""}最佳观众：`, best.map((r) => r.name).join("、")) : null,
    h("ol", { class: "w-leaders-list" }, b.top.map((r) => h("li", { class: me?.name && r.name === me.name ? "me" : "" },
      h("span", { class: "w-lb-rank" }, `${r.tied ? "并列" : ""}${r.rank}`),
      h("span", { class: "w-lb-name" }, r.name),
      h("span", { class: "w-lb-score" }, r.correct ? `答对 ${r.correct} · ${r.seconds} 秒` : "答对 0")))),
    h("p", { class: "w-note" }, "按答对题数排名，同题数比答对题目的总用时"),
  ].filter(Boolean));
}

// ---------------------------------------------------------------- the rest of the page
function statusLine(v) {
  const ep = v.episode;
  const teams = teamMap(v);
  const kind = v.round?.kind;
  if (v.status === "finished") {
    const top = (v.champions || []).map((id) => teams.get(id)).filter(Boolean); // several: 并列冠军
    return top.length ? `比赛结束 · ${v.champions_label}：${top.map((t) => `${deskLabel(t)} ${t.name}`).join("、")}`
      : "比赛结束";
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

function render(v) {
  if (!v) return;
  const before = view;
  view = v;
  setText($("w-round"), v.round ? v.round.title : "观众页");
  setText($("w-idle"), statusLine(v));
  announcer.update(v);
  const ep = v.episode;
  const card = $("w-question");
  card.hidden = !ep;
  if (ep) {
    const q = ep.question;
    const meta = [v.round?.title, q.type_label, ep.stake ? `${ep.stake} 分` : ""].filter(Boolean).join(" · ");
    setText($("w-meta"), meta);
    setText($("w-stem"), q.stem || (q.stem_hidden ? "题目已隐藏" : ""));
    const inButtons = !myChoice(v) && ep.audience_open && playable(q) && !ep.revealed;
    const right = new Set(ep.revealed && q.answer_keys ? q.answer_keys : []);
    $("w-options").replaceChildren(...(inButtons ? [] : (q.options || []).map((text, i) =>
      h("li", { class: right.has(LETTERS[i]) ? "right" : "" }, h("b", {}, LETTERS[i]), " ", text))));
    renderPlay(v);
    const reveal = $("w-reveal");
    reveal.hidden = !ep.revealed;
    reveal.replaceChildren(...(ep.revealed
      ? [h("div", { class: "w-answer" }, "答案：", q.answer ?? ""), q.explanation ? h("div", { class: "w-expl" }, q.explanation) : null]
        .filter(Boolean)
      : []));
  }
  renderName();
  renderMine();
  renderLeaders(v);
  board.update(v, { animate: !!before, active: ep?.team_id || "" });
  if (live) maybeRefresh(v);
}

const refused = (err) => { // the [data-conn] banner already says why (ui.js connectPage)
  setText($("w-idle"), err.message || "无法连接");
};
// the audience id is the signed cookie this page's response set; the socket handshake carries it
live = connectPage({ role: "watch", contest }, render, { onRefused: refused });
live.socket.on("connect", () => { meKey = ""; }); // after a reconnect, ask for this phone's record again
