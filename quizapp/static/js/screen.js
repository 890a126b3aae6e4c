// The projector (大屏): lobby, question, buzz order, judgement, reveal, scoreboard, podium.
// Laid out on a fixed 1920×1080 stage that is scaled to the window.

import { Announcer } from "./announce.js";
import { fitStage } from "./dom.js";
import { timerLeft } from "./live.js";
import { renderAudienceBoard, renderAudienceDistribution } from "./screen_audience.js";
import { Board } from "./screen_board.js";
import { fitCard, fitScreen } from "./screen_fit.js";
import {
  LETTERS, answerWords, clockText, deskLabel, gapText, judgementLine, podiumSlots, ranked,
  roundInfo, pointsText, scoreText, teamMap, teamTag, winnerMain,
} from "./screen_dom.js";
import { muteButton, play, unlockOnGesture } from "./sounds.js";
import { connectPage, h, setText, swap, teamStyle } from "./ui.js";

const $ = (id) => document.getElementById(id);
const stage = $("stage");
const contest = stage.dataset.contest;

const sideBoard = new Board($("side-board"));
const bigBoard = new Board($("big-board"), { members: true });
const announcer = new Announcer($("announce")); // buzz winner and verdict, for screen readers
const SCENES = ["lobby", "question", "board", "podium"];

let view = null;
let skew = 0;
let timeUpFor = null; // deadline of the countdown that already beeped
let timerArmed = false; // a countdown was seen running with time left

// ---------------------------------------------------------------- stage scaling
fitStage(stage);

// ---------------------------------------------------------------- helpers
/** "s" / "m" / "l": how crowded a list of `n` teams is. */
function sizeOf(n, medium, large) {
  return n > large ? "l" : n > medium ? "m" : "s";
}

function sceneOf(v) {
  if (v.status === "finished") return "podium";
  if (v.status !== "running" || !v.round) return "lobby";
  if (v.episode) return "question";
  return "board";
}

function showScene(name) {
  for (const s of SCENES) $(`scene-${s}`).hidden = s !== name;
  stage.dataset.scene = name;
}

// ---------------------------------------------------------------- top bar
function renderBar(v) {
  const rnd = roundInfo(v);
  const bar = $("bar-round");
  if (v.status === "finished") return swap(bar, h("div", { class: "bar-round" }, "比赛结束"));
  if (!rnd) return swap(bar, h("div", { class: "bar-round" }, v.status === "running" ? "比赛进行中" : "准备中"));
  swap(bar, h("div", { class: "bar-round" },
    h("span", { class: "bar-round-title" }, rnd.title),
    rnd.kind_label && rnd.kind_label !== rnd.title ? h("span", { class: "chip kind" }, rnd.kind_label) : null,
    rnd.status === "ended" ? h("span", { class: "chip" }, "本轮结束") : null));
}

// ---------------------------------------------------------------- lobby
function renderLobby(v) {
  const teams = [...(v.teams || [])].sort((a, b) => a.desk - b.desk);
  const list = h("ul", { class: "lobby-teams" }, teams.map((team) => {
    const online = v.presence?.teams?.[team.id] || [];
    const count = v.presence?.devices?.[team.id] || 0;
    return h("li", { class: `lobby-team ${count ? "joined" : ""}`, style: teamStyle(team), dataset: { team: team.id } },
      h("div", { class: "lobby-desk" }, deskLabel(team)),
      h("div", { class: "lobby-name" }, team.name),
      h("div", { class: "lobby-count" }, count ? `已加入 ${count} 台手机` : "等待队员扫码加入"),
      h("div", { class: "lobby-members" }, online.map((name) => h("span", { class: "member-chip" }, name))));
  }));
  list.dataset.size = sizeOf(teams.length, 6, 12);
  swap($("lobby-teams"), list);
  setText($("lobby-sub"), v.status === "running" ? "比赛进行中" : `共 ${teams.length} 支参赛队 · 请各队扫描桌上的二维码加入`);
}

// ---------------------------------------------------------------- question card
function stemClass(text) {
  const n = [...(text || "")].length;
  return n > 110 ? "q-stem long" : n > 60 ? "q-stem medium" : "q-stem";
}

function renderCard(v) {
  const ep = v.episode;
  const q = ep.question;
  const rnd = roundInfo(v);
  const teams = teamMap(v);
  const answerer = ep.team_id && (rnd?.kind === "compulsory" || rnd?.kind === "risk") ? teams.get(ep.team_id) : null;

  swap($("q-meta"), h("div", { class: "q-meta" },
    rnd?.kind_label ? h("span", { class: "chip kind" }, rnd.kind_label) : null,
    h("span", { class: "chip" }, q.type_label),
    ep.stake ? h("span", { class: "chip stake" }, rnd?.kind === "risk" ? `风险 ${ep.stake} 分` : `本题 ${ep.stake} 分`) : null,
    answerer ? h("span", { class: "q-answerer" }, "作答：", teamTag(answerer)) : null));

  const stem = q.stem_hidden
    ? h("div", { class: "q-stem hidden-stem" }, "题目已隐藏（抢答题）")
    : h("div", { class: stemClass(q.stem) }, q.stem);
  swap($("q-stem"), stem);

  const keys = new Set(ep.revealed && q.answer_keys ? q.answer_keys : []);
  let options = (q.options || []).map((text, i) => ({ key: LETTERS[i], text }));
  if (!options.length && q.type === "true_false" && !q.stem_hidden) {
    options = [{ key: "true", label: "✓", text: "正确" }, { key: "false", label: "✗", text: "错误" }];
  }
  const wide = options.some((o) => [...o.text].length > 16);
  swap($("q-options"), h("ol", { class: `q-options ${wide ? "one-col" : "two-col"}` },
    options.map((o) => h("li", { class: keys.has(o.key) ? "correct" : keys.size ? "dim" : "" },
      h("span", { class: "opt-key" }, o.label || o.key), h("span", { class: "opt-text" }, o.text)))));

  const reveal = $("q-reveal");
  if (ep.revealed) {
    reveal.hidden = false;
    swap(reveal, h("div", { class: "q-reveal" },
      h("div", { class: "q-answer" }, h("span", { class: "q-answer-label" }, "答案"), h("span", {}, answerWords(q))),
      q.explanation ? h("div", { class: "q-expl" }, h("span", { class: "q-answer-label" }, "解析"), h("span", {}, q.explanation)) : null));
  } else {
    reveal.hidden = true;
    reveal._sig = null;
    reveal.replaceChildren();
  }
}


// ---------------------------------------------------------------- the band under the question
/** Teams whose foul count went up during the question on stage (the "scrap" policy locks nobody). */
let fouledHere = { qid: "", teams: new Set() };
function trackFouls(before, v) {
  const qid = v.episode?.question.id || "";
  if (fouledHere.qid !== qid) fouledHere = { qid, teams: new Set() };
  if (!before || !v.round || before.round?.index !== v.round.index) return;
  for (const [id, n] of Object.entries(v.round.fouls || {})) {
    if (n > (before.round.fouls?.[id] || 0)) fouledHere.teams.add(id);
  }
}

function foulTags(v) {
  const ep = v.episode;
  const fouls = v.round?.fouls || {};
  const judged = new Set((ep.judgements || []).map((j) => j.team_id));
  const teams = teamMap(v);
  const locked = ep.locked.filter((id) => fouls[id] && !judged.has(id) && !(v.round?.barred || []).includes(id));
  const out = [...new Set([...locked, ...fouledHere.teams])].filter((id) => teams.has(id));
  if (!out.length) return null;
  return h("div", { class: "fouls" }, out.map((id) => h("span", { class: "foul" }, teamTag(teams.get(id)), " 抢答犯规")));
}

function pressList(v, from = 1) {
  const teams = teamMap(v);
  const presses = (v.episode.presses || []).slice(from, from + 4);
  if (!presses.length) return null;
  return h("ol", { class: "presses" }, presses.map((p) =>
    h("li", {}, teamTag(teams.get(p.team_id)), h("span", { class: "gap" }, gapText(p.gap)),
      p.decision === "late" ? h("span", { class: "late" }, "（已有队抢到）") : null)));
}

function buzzBand(v) {
  const ep = v.episode;
  const teams = teamMap(v);
  const earlier = (ep.judgements || []).map((j) => judgementLine(v, j, false));
  if (ep.phase === "answering" && ep.team_id) {
    const team = teams.get(ep.team_id);
    const first = (ep.presses || [])[0];
    const tied = (ep.tied_with || []).map((id) => deskLabel(teams.get(id))).filter(Boolean);
    return h("div", { class: "band winner", style: teamStyle(team) },
      winnerMain(team, "抢到答题权", first?.member ? ` · ${first.member}` : ""),
      h("div", { class: "winner-side" },
        earlier,
        pressList(v),
        tied.length ? h("div", { class: "tie-note" },
          `与${tied.join("、")}同时抢答（差距小于测量误差），按到达服务器的先后判定`) : null));
  }
  if (ep.phase === "open") {
    if (v.timer?.purpose === "window") return h("div", { class: "band waiting" }, h("div", { class: "band-big" }, "判定中…"));
    return h("div", { class: "band open" }, h("div", { class: "band-big go" }, "请抢答！"), earlier, foulTags(v));
  }
  // reading
  if ((ep.rebuzz || []).length) {
    const names = ep.rebuzz.map((id) => deskLabel(teams.get(id))).join("、");
    return h("div", { class: "band tie" }, h("div", { class: "band-big" }, "同时抢答！"),
      h("div", { class: "band-sub" }, `${names}按下的时间差小于测量误差，请这几队重新抢答`), foulTags(v));
  }
  return h("div", { class: "band reading" }, h("div", { class: "band-big" }, "读题中"),
    h("div", { class: "band-sub" }, "听到“请抢答”后再按，提前按下算犯规"), foulTags(v));
}

function answeringBand(v) {
  const ep = v.episode;
  const team = teamMap(v).get(ep.team_id);
  if (!team) return h("div", { class: "band reading" }, h("div", { class: "band-big" }, "作答中"));
  return h("div", { class: "band answering", style: teamStyle(team) },
    winnerMain(team, "作答中"));
}

function allAnswerBand(v) {
  const ep = v.episode;
  const judged = new Map((ep.judgements || []).map((j) => [j.team_id, j]));
  const teams = [...(v.teams || [])].sort((a, b) => a.desk - b.desk);
  const done = Object.keys(ep.submissions || {}).length;
  return h("div", { class: "band all-answer" },
    h("div", { class: "band-sub" }, ep.phase === "collecting" ? `各队在手机上作答 · 已提交 ${done}/${teams.length}` : "各队答案"),
    h("ul", { class: "subs" }, teams.map((team) => {
      const sub = ep.submissions?.[team.id];
      const j = judged.get(team.id);
      return h("li", { class: `sub ${sub ? "in" : ""} ${j ? (j.correct ? "correct" : "wrong") : ""}`, style: teamStyle(team) },
        teamTag(team),
        h("span", { class: "sub-answer" }, sub ? (sub.answer_label ?? sub.answer ?? "✓ 已提交") : "未提交"),
        j ? h("span", { class: "sub-points" }, j.correct ? "✓" : "✗", " ", pointsText(v, j.points, "")) : null);
    })));
}

function closedBand(v) {
  const ep = v.episode;
  const teams = teamMap(v);
  const rnd = v.round;
  const judgements = ep.judgements || [];
  const parts = [];
  if (judgements.length) {
    judgements.slice(0, -1).forEach((j) => parts.push(judgementLine(v, j, false)));
    parts.push(judgementLine(v, judgements[judgements.length - 1], true));
  } else if (ep.outcome === "scrapped") {
    parts.push(h("div", { class: "band-big" }, "抢答犯规，本题作废"), foulTags(v));
  } else if (ep.outcome === "audience" && (ep.question.type === "fill" || ep.question.type === "short")) {
    parts.push(h("div", { class: "band-big" }, "观众题：请现场举手作答"));
  } else if (ep.outcome === "audience") {
    const tally = ep.audience_tally || {};
    const options = (ep.question.options || []).length
      ? ep.question.options.map((_, i) => LETTERS[i])
      : ["true", "false"];
    const qr = document.querySelector(".qr-box svg");
    return h("div", { class: "band closed audience" },
      h("div", {},
        h("div", { class: "band-big" }, ep.phase === "audience" ? "观众题：请观众扫码作答" : "观众题"),
        h("div", { class: "band-sub" }, `已有 ${ep.audience_count || 0} 人作答`),
        h("ul", { class: "tally" }, options.map((k) => h("li", {},
          h("span", { class: "opt-key" }, k === "true" ? "正确" : k === "false" ? "错误" : k),
          h("span", {}, `${tally[k] || 0} 票`))))),
      ep.phase === "audience" && qr ? h("div", { class: "band-qr" }, qr.cloneNode(true)) : null);
  } else {
    const nobody = (rnd?.kind === "buzz" || rnd?.kind === "tiebreak") && !(ep.presses || []).length;
    parts.push(h("div", { class: "band-big" }, nobody ? "无人抢答，本题作废" : "本题结束"));
  }
  if (rnd?.kind === "risk" && rnd.turn_team && rnd.turn_team !== ep.team_id) parts.push(riskTurn(v, "small"));
  if (rnd?.kind === "tiebreak" && rnd.winner) {
    parts.push(h("div", { class: "band-sub" }, "加赛胜者：", teamTag(teams.get(rnd.winner))));
  }
  return h("div", { class: "band closed" }, parts);
}

function riskTurn(v, size = "") {
  const rnd = v.round;
  const team = teamMap(v).get(rnd.turn_team);
  if (!team) return null;
  if (rnd.picked_tier != null) {
    return h("div", { class: `turn ${size}` }, teamTag(team), ` 选择了 ${rnd.picked_tier} 分的题目`);
  }
  return h("div", { class: `turn ${size}` }, "轮到 ", teamTag(team), " 选择分值：",
    (rnd.tiers || []).map((t) => h("span", { class: "chip tier" }, `${t} 分`)));
}

function renderBand(v) {
  const kind = v.round?.kind;
  const ep = v.episode;
  let node;
  if (kind === "all_answer") node = allAnswerBand(v);
  else if (ep.phase === "judged" || ep.phase === "audience") node = closedBand(v);
  else if (kind === "buzz" || kind === "tiebreak") node = buzzBand(v);
  else node = answeringBand(v);
  swap($("band"), node);
}

// ---------------------------------------------------------------- scoreboard between questions
function renderBoardScene(v, animate) {
  const rnd = roundInfo(v);
  setText($("board-heading"), rnd ? `${rnd.title} · ${rnd.status === "ended" ? "本轮结束" : "当前比分"}` : "当前比分");
  const notice = $("board-notice");
  let node = null;
  if (rnd?.status === "running" && rnd.kind === "risk" && rnd.turn_team) node = riskTurn(v);
  else if (rnd?.status === "running" && rnd.kind === "compulsory" && rnd.turn_team) {
    node = h("div", { class: "turn" }, "下一题：", teamTag(teamMap(v).get(rnd.turn_team)));
  } else if (rnd?.kind === "tiebreak" && rnd.winner) {
    node = h("div", { class: "turn" }, "加赛胜者：", teamTag(teamMap(v).get(rnd.winner)));
  }
  notice.hidden = !node;
  swap(notice, h("div", { class: "board-notice" }, node));
  $("big-board").dataset.size = sizeOf((v.teams || []).length, 7, 14);
  bigBoard.update(v, { animate });
}

// ---------------------------------------------------------------- podium
function renderPodium(v) {
  const order = ranked(v.teams);
  const slots = podiumSlots(order);
  swap($("podium"), h("div", { class: "podium" }, slots));
  swap($("podium-rest"), h("ol", { class: "podium-rest" }, order.slice(3).map((team) =>
    h("li", { style: teamStyle(team) }, h("span", { class: "rest-rank" }, `第${team.rank ?? ""}名`),
      teamTag(team), h("span", { class: "rest-score" }, `${scoreText(team.score)} 分`)))));
}

// ---------------------------------------------------------------- sounds on changes
function sounds(before, v) {
  if (!before) return;
  const ep = v.episode;
  const old = before.episode;
  const same = ep && old && ep.question.id === old.question.id;
  const oldNos = new Set(same ? (old.judgements || []).map((j) => j.no) : []);
  const fresh = (ep?.judgements || []).filter((j) => !oldNos.has(j.no));
  const kind = v.round?.kind;
  const foulsOf = (x) => Object.values(x?.round?.fouls || {}).reduce((a, b) => a + b, 0);
  if (fresh.length) play(fresh[fresh.length - 1].correct ? "correct" : "wrong");
  else if (ep && (kind === "buzz" || kind === "tiebreak") && ep.phase === "answering" && ep.team_id
           && !(same && old.phase === "answering" && old.team_id === ep.team_id)) play("buzz");
  else if (ep && ep.phase === "open" && !(same && old.phase === "open")) play("open");
  else if (v.round?.index === before.round?.index && foulsOf(v) > foulsOf(before)) play("wrong");
}

// ---------------------------------------------------------------- countdown (every frame-ish)
function tick() {
  const v = view;
  const box = $("timer");
  const t = v?.timer;
  if (!v || !v.episode || !t || t.purpose === "window") {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const left = timerLeft(v, skew) ?? 0;
  const frac = t.seconds > 0 ? Math.max(0, Math.min(1, left / t.seconds)) : 0;
  $("timer-fill").style.width = `${(frac * 100).toFixed(2)}%`;
  setText($("timer-num"), left <= 0 && t.running ? "时间到" : clockText(left));
  setText($("timer-label"), t.running ? t.label || "倒计时" : "计时暂停");
  box.classList.toggle("urgent", left <= 5);
  box.classList.toggle("paused", !t.running);
  if (t.running && left > 0.3) timerArmed = true;
  if (t.running && left <= 0 && timerArmed && timeUpFor !== t.deadline) {
    timeUpFor = t.deadline;
    timerArmed = false;
    play("timeup");
  }
}
setInterval(tick, 100);

// ---------------------------------------------------------------- render
function render(v) {
  const before = view;
  view = v;
  skew = (v.server_time ?? Date.now() / 1000) - Date.now() / 1000;
  trackFouls(before, v);
  announcer.update(v);
  const scene = sceneOf(v);
  showScene(scene);
  renderBar(v);
  const animate = !!before;
  if (scene === "lobby") renderLobby(v);
  if (scene === "question") {
    renderCard(v);
    renderBand(v);
    renderAudienceDistribution(v); // after the reveal only: the hall's answers per option
    tick();
    fitCard();
  }
  if (scene === "board") renderBoardScene(v, animate && sceneOf(before) === "board");
  if (scene === "podium") renderPodium(v);
  renderAudienceBoard(v, scene); // audience leaderboard at a round's end and at the finish
  // the side board always follows, so score changes animate even while hidden scenes change
  $("side-board").dataset.size = sizeOf((v.teams || []).length, 10, 16);
  sideBoard.update(v, { animate: animate && scene === "question", active: v.episode?.team_id || "" });
  if (scene !== "board") bigBoard.update(v, { animate: false });
  fitScreen(stage);
  sounds(before, v);
  tick();
}

// ---------------------------------------------------------------- controls
muteButton($("mute-btn"));
unlockOnGesture();
const fsButton = $("fullscreen-btn");
document.addEventListener("fullscreenchange", () => {
  fsButton.textContent = document.fullscreenElement ? "退出全屏" : "全屏";
});
document.addEventListener("keydown", (e) => { if (e.key === "f" || e.key === "F") fsButton.click(); });
fsButton.addEventListener("click", () => {
  const doc = document;
  if (doc.fullscreenElement || doc.webkitFullscreenElement) {
    (doc.exitFullscreen || doc.webkitExitFullscreen).call(doc);
  } else {
    const el = doc.documentElement;
    (el.requestFullscreen || el.webkitRequestFullscreen)?.call(el);
  }
});
let idle = null;
window.addEventListener("pointermove", () => {
  document.body.classList.remove("idle");
  clearTimeout(idle);
  idle = setTimeout(() => document.body.classList.add("idle"), 3000);
});

const refused = (err) => { // the [data-conn] banner already says why (ui.js connectPage)
  showScene("lobby");
  setText($("lobby-sub"), err.message || "无法连接");
};
connectPage({ role: "screen", contest }, render, { onRefused: refused });
