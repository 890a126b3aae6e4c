// Host console: connects as the host, renders every panel from the host view and sends
// commands. The server decides everything: which actions are available and why not come in
// `view.actions` (a dry run of its rules), the next step in `view.suggest`.

import { Announcer } from "./announce.js";
import { ask, connectLive, timerLeft } from "./live.js";
import { patchChildren, setText } from "./host_dom.js";
import {
  renderAudience, renderBuzz, renderDevices, renderHistory, renderQuestion, renderRounds,
  renderScoreboard, renderSpecial, renderSubmissions, teamText, teamsById,
} from "./host_render.js";
import { confirmBox, toast } from "./host_ui.js";
import { initPicker } from "./host_picker.js";
import { initRehearsal, renderRehearsal } from "./host_rehearsal.js";
import { initShortcuts } from "./host_shortcuts.js";
import { initAdjust } from "./host_adjust.js";

const root = document.querySelector("#console");
const contestId = root.dataset.contest;
const $ = (sel) => document.querySelector(sel);
// the live region says one sentence when the moment changes, never the re-rendered question panel
const announcer = new Announcer($("#hc-announce"), { questions: true });

let view = null;
let scores = null; // {version, byTeam}: the scores as last shown, for the +N bumps
let skew = 0; // server clock minus this laptop's clock, in seconds
const inflight = new Set();

// --- commands -----------------------------------------------------------------

/** Send a host command; a refusal is shown as a toast. Resolves to the ack (or null). */
async function command(type, fields = {}) {
  if (!live.socket.connected) {
    toast("与服务器的连接已断开，操作没有发送。请等待重新连接后再试。");
    return null;
  }
  if (inflight.has(type)) return null; // a double click: the first one is on its way
  inflight.add(type);
  document.body.classList.add("busy");
  let reply;
  try {
    reply = await ask(live.socket, "command", { type, ...fields });
  } finally {
    inflight.delete(type);
    if (!inflight.size) document.body.classList.remove("busy");
  }
  if (!reply || !reply.ok) {
    toast((reply && reply.error && reply.error.message) || "操作失败，请重试");
  }
  return reply;
}

function judge(correct, teamId) {
  const ep = view && view.episode;
  const team = teamId || (ep && ep.team_id) || undefined;
  return command("Judge", team ? { correct, team_id: team } : { correct });
}

async function undo() {
  const preview = view && view.undo_preview;
  if (!preview) return;
  const last = view.undo_batch ?? null; // the batch the preview names: sent back, so nothing newer is undone
  const seen = view.version; // the view the preview was read from: anything newer makes it `stale`
  const answer = await confirmBox({
    title: "撤销上一步", message: `将撤销：${preview}`, okText: "撤销", reason: true, danger: true,
  });
  if (!answer) return;
  if ((view.undo_batch ?? null) !== last) {
    toast("确认期间又有新的操作，撤销没有执行。请重新点击“撤销”确认。");
    return;
  }
  const fields = last != null ? { batch: last, version: seen } : { version: seen };
  if (answer.reason) fields.reason = answer.reason.slice(0, 200);
  const reply = await command("Undo", fields);
  if (reply && reply.ok) toast(`已撤销：${preview}`, "ok");
}

async function endRound() {
  const r = view.round;
  const current = view.rounds.find((x) => x.index === r.index);
  const left = [];
  if (r.turn_team) left.push("还有队伍没有答题");
  else if (current && current.remaining && view.actions.next.on) left.push(`还有 ${current.remaining} 道题没有出`);
  const ok = await confirmBox({
    title: "结束本轮",
    message: left.length ? `“${r.title}”${left.join("，")}。确定结束本轮吗？`
      : `结束“${r.title}”？结束后本轮不能再出题（可撤销）。`,
    okText: "结束本轮", danger: left.length > 0,
  });
  if (ok) await command("EndRound");
}

async function skip() {
  const ok = await confirmBox({
    title: "跳过本题", message: "本题作废，不给任何队伍计分（可撤销）。确定跳过本题吗？", okText: "跳过本题", danger: true,
  });
  if (ok) await command("SkipQuestion");
}

// Rounds played on the phones: starting one with no phone online is almost always a mistake.
const PHONE_ROUNDS = new Set(["buzz", "all_answer", "tiebreak"]);

async function startRound() {
  const next = view.rounds.find((x) => x.status === "pending");
  const online = Object.values((view.presence && view.presence.devices) || {}).reduce((a, b) => a + b, 0);
  if (view.actions.startRound.on && next && PHONE_ROUNDS.has(next.kind) && online === 0) {
    const joined = (view.devices || []).length;
    const ok = await confirmBox({
      title: "没有手机在线",
      message: `${joined ? `已加入的 ${joined} 台队伍手机都不在线` : "还没有队伍手机加入"}：继续开始本轮？`
        + `“${next.title}”要在队伍手机上${next.kind === "all_answer" ? "作答" : "抢答"}；入场二维码在上方“入场二维码”。`,
      okText: "继续开始本轮",
    });
    if (!ok) return;
  }
  await command("StartRound");
}

async function finish() {
  const top = view.top_tied ? view.teams.filter((t) => t.rank === 1) : [];
  const names = top.map((t) => teamText(t)).join("、");
  const roundOn = !view.actions.tiebreak.on; // 加赛 needs the round ended first
  if (top.length && (!roundOn || view.actions.endRound.on)) { // the view says first place is shared: offer 加赛
    const tb = await confirmBox({
      title: "第一名同分", okText: "先加赛",
      message: `${names} 同分并列第一。先${roundOn ? "结束本轮并" : ""}加赛决出冠军吗？`
        + `选“取消”可直接结束比赛（${view.champions_label}）。`,
    });
    if (tb) {
      if (roundOn && !(await command("EndRound"))?.ok) return;
      await command("StartTieBreak", { teams: top.map((t) => t.id) });
      return;
    }
  }
  const ok = await confirmBox({
    title: "结束比赛", okText: "结束比赛", danger: true,
    message: `结束后大屏显示最终排名，不能再出题（可撤销）。${top.length ? `${view.champions_label}：${names}。` : ""}确定结束比赛吗？`,
  });
  if (ok) await command("FinishContest");
}

async function tiebreak(ids) {
  const teams = teamsById(view);
  const group = ids || (view.tied_groups || [])[0] || [];
  const names = group.map((id) => teamText(teams.get(id))).join("、");
  const ok = await confirmBox({ title: "加赛", message: `为同分队伍加赛（抢答，答对者胜，答错淘汰）：${names}`, okText: "开始加赛" });
  if (ok) await command("StartTieBreak", ids ? { teams: ids } : {});
}

async function removeDevice(btn) {
  const who = btn.dataset.member || "（未署名）";
  const ok = await confirmBox({
    title: "移除手机", message: `把 ${btn.dataset.teamName} 的“${who}”这台手机移出队伍？它需要重新扫码才能加入。`,
    okText: "移除", danger: true,
  });
  if (!ok) return;
  if (!live.socket.connected) { toast("与服务器的连接已断开，操作没有发送。"); return; }
  const reply = await ask(live.socket, "remove_device", { device_id: btn.dataset.removeDevice });
  if (!reply.ok) toast(reply.error ? reply.error.message : "移除失败");
  else toast(`已移除“${who}”`, "ok");
}

const HANDLERS = {
  startRound,
  next: () => command("ShowQuestion"),
  open: () => command("OpenBuzzers"),
  correct: () => judge(true),
  wrong: () => judge(false),
  close: () => command("CloseAnswers"),
  reveal: () => command("Reveal"),
  skip,
  timer: () => command("StartTimer"),
  pause: () => command(view.actions.resume.on ? "ResumeTimer" : "PauseTimer"),
  undo,
  endRound,
  tiebreak: () => tiebreak(),
  finish,
  picker: () => picker.open(),
};

/** Run an action by name if the view allows it; a shortcut on a disabled action explains why. */
function trigger(name, fromKey = false) {
  const btn = document.querySelector(`[data-action="${name}"]`);
  if (!view || !btn) return;
  if (btn.disabled) {
    if (fromKey) toast(`${btn.textContent.replace(/\s+\S+$/, "").trim()}：${btn.title || "现在不能操作"}`, "info");
    return;
  }
  btn.classList.remove("flash");
  void btn.offsetWidth; // restart the animation
  btn.classList.add("flash");
  HANDLERS[name]();
}

// --- rendering ---------------------------------------------------------------------

const HINTS = {
  startRound: "下一步：S 开始下一轮。",
  open: "读完题后按 空格 开始抢答（提前按键算犯规）。",
  close: "等待各队在手机上提交；到时自动收卷，也可按 C 收卷。",
  correct: "听作答后判定：Y 正确，X 错误。",
  reveal: "本题已结束：R 公布答案，或 N 直接出下一题。",
  pickTier: "等待轮到的队伍选择分值，或由主持人代选。",
  next: "N 出下一题。",
  endRound: "本轮已完成：E 结束本轮。",
  tiebreak: "有同分队伍：J 加赛，或 F 结束比赛。",
  finish: "所有轮次已结束：F 结束比赛。",
  picker: "本轮没有待出的题目：Q 选题添加题目，或 E 结束本轮。",
};

function renderHeader() {
  const r = view.round;
  const row = r ? view.rounds.find((x) => x.index === r.index) : null;
  setText($("#hc-title"), view.title);
  if (document.title !== `控制台 · ${view.title}`) document.title = `控制台 · ${view.title}`;
  setText($("#hc-round"), r ? `${r.title}${r.status === "running" || !row ? "" : `（${row.status_label}）`}` : "尚未开始");
  const status = $("#hc-status");
  setText(status, view.status_label);
  status.className = `pill status-${view.status}`;
  const p = view.presence || {};
  const phones = Object.values(p.devices || {}).reduce((a, b) => a + b, 0);
  setText($("#hc-presence"), `手机 ${phones} · 大屏 ${p.screens ?? 0} · 观众 ${p.watchers ?? 0}`);
  const next = view.rounds.find((x) => x.status === "pending");
  setText($("#hc-next-round"), next ? `：${next.title}` : "");
}

/** The button state of a console action; 暂停 turns into 继续 while the countdown is paused. */
function actionState(name) {
  const a = view.actions;
  if (name === "pause" && a.resume.on) return a.resume;
  return a[name];
}

function renderButtons() {
  for (const btn of document.querySelectorAll("[data-action]")) {
    const name = btn.dataset.action;
    const a = actionState(name);
    if (!a) continue;
    btn.disabled = !a.on;
    btn.title = a.on ? "" : a.why;
    btn.classList.toggle("suggest", view.suggest === name);
  }
  setText(document.querySelector('[data-action="pause"] [data-label]'), view.actions.resume.on ? "继续" : "暂停");
  const stake = document.querySelector('[data-action="correct"] [data-stake]');
  setText(stake, view.actions.correct.on && view.episode ? ` +${view.episode.stake}` : "");
  const ep = view.episode;
  let hint = HINTS[view.suggest] || "";
  if (ep && ep.phase === "open") hint = "已开放抢答，等待队伍按键…";
  if (ep && ep.phase === "audience") hint = "观众正在手机上作答：R 公布答案（同时结束观众答题），或 N 出下一题。";
  if (ep && ep.phase === "answering" && view.round && view.round.kind === "all_answer") hint = "请在下方逐队判定简答题答案。";
  if (view.status === "finished") hint = "比赛已结束：成绩公告、导出和奖状见下方。";
  if (view.notice) hint = view.notice; // e.g. a countdown paused by a server restart
  setText($("#hc-hint"), hint);
}

// --- rendering a view --------------------------------------------------------------
// Each panel is rebuilt as an h() tree and patched into the page: unchanged elements stay,
// so a focused button, a scrolled list and a running animation survive a view.

function render(v) {
  view = v;
  skew = typeof v.server_time === "number" ? v.server_time - Date.now() / 1000 : 0;
  const previousScores = scores && scores.version !== v.version ? scores.byTeam : null;
  scores = { version: v.version, byTeam: new Map(v.teams.map((t) => [t.id, t.score])) };
  renderHeader();
  patchChildren($("#hc-scoreboard"), renderScoreboard(v, previousScores));
  patchChildren($("#hc-question"), renderQuestion(v, contestId));
  announcer.update(v);
  $("#hc-question").dataset.phase = v.episode ? v.episode.phase : "";
  patchChildren($("#hc-special"), renderSpecial(v));
  patchChildren($("#hc-buzz"), renderBuzz(v));
  patchChildren($("#hc-subs"), renderSubmissions(v));
  patchChildren($("#hc-audience"), renderAudience(v));
  patchChildren($("#hc-rounds-list"), renderRounds(v));
  patchChildren($("#hc-devices-list"), renderDevices(v));
  patchChildren($("#hc-history-list"), renderHistory(v));
  renderButtons();
  picker.update(v);
  renderRehearsal($("#hc-rehearsal"), v);
  adjust.refresh();
  tick();
}

function tick() {
  const box = $("#hc-timer");
  const t = view && view.timer;
  if (!t) {
    box.dataset.state = "none";
    setText($("#hc-timer-label"), view && view.episode ? view.episode.phase_label : "计时");
    setText($("#hc-timer-value"), "--");
    $("#hc-timer-fill").style.width = "0%";
    return;
  }
  const left = Math.max(0, timerLeft(view, skew) ?? 0);
  box.dataset.state = t.running ? (left <= 5 ? "low" : "running") : "paused";
  setText($("#hc-timer-label"), `${t.label || "计时"}${t.running ? "" : "（已暂停）"}`);
  setText($("#hc-timer-value"), left >= 10 ? String(Math.ceil(left)) : left.toFixed(1));
  $("#hc-timer-fill").style.width = `${t.seconds ? Math.min(100, (left / t.seconds) * 100) : 0}%`;
}

// --- events ------------------------------------------------------------------------

root.addEventListener("click", (e) => {
  const el = e.target.closest("button");
  if (!el || el.disabled || el.closest("dialog")) return;
  if (el.dataset.action) { trigger(el.dataset.action); return; }
  if (el.dataset.adjust) { adjust.open(el.dataset.adjust); return; }
  if (el.dataset.judgeTeam) { judge(el.dataset.correct === "1", el.dataset.judgeTeam); return; }
  if (el.dataset.tier) {
    const turn = view.round && view.round.turn_team;
    if (turn) command("PickTier", { team_id: turn, tier: el.dataset.tier === "skip" ? null : parseInt(el.dataset.tier, 10) });
    return;
  }
  if (el.dataset.tiebreak) { tiebreak(el.dataset.tiebreak.split(",")); return; }
  if (el.dataset.pickRound) { picker.open(parseInt(el.dataset.pickRound, 10)); return; }
  if (el.dataset.removeDevice) removeDevice(el);
});

// --- start ------------------------------------------------------------------------

const picker = initPicker({
  url: root.dataset.questionsUrl,
  preset: root.dataset.preset,
  contestId,
  getView: () => view,
  command,
  toast,
});

initRehearsal({ bar: $("#hc-rehearsal"), command });
initShortcuts({ trigger });
const adjust = initAdjust({ getView: () => view, command });

const live = connectLive({ role: "host", contest: contestId, token: root.dataset.token }, render, {
  onRefused(data) {
    const relogin = data && ["not_host", "bad_token", "auth_required", "token_expired"].includes(data.code);
    toast(`无法连接：${data.message}${relogin ? "（请刷新页面或重新登录）" : ""}`, "error", 60000);
  },
});

setInterval(tick, 100);
