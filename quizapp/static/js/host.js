// Host console: connects as the host, renders every panel from the host view and sends
// commands. The server decides everything; buttons only mirror what the view allows.

import { Announcer } from "./announce.js";
import { ask, connectLive, timerLeft } from "./live.js";
import { actionsFor, PHASE_LABELS, STATUS_LABELS, TIMER_LABELS } from "./host_state.js";
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
let info = null;
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
  const last = view.history.length ? view.history[view.history.length - 1].batch : null;
  const seen = view.version; // the view the preview was read from: anything newer makes it `stale`
  const answer = await confirmBox({
    title: "撤销上一步", message: `将撤销：${preview}`, okText: "撤销", reason: true, danger: true,
  });
  if (!answer) return;
  const now = view.history.length ? view.history[view.history.length - 1].batch : null;
  if (now !== last) {
    toast("确认期间又有新的操作，撤销没有执行。请重新点击“撤销”确认。");
    return;
  }
  const fields = last != null ? { batch: last, version: seen } : { version: seen };
  if (answer.reason) fields.reason = answer.reason.slice(0, 200);
  const reply = await command("Undo", fields);
  if (reply && reply.ok) {
    toast(`已撤销：${preview}`, "ok");
    await refreshView(); // see accept(): an undo may lower the view version
  }
}

async function endRound() {
  const r = view.round;
  const current = view.rounds.find((x) => x.index === r.index);
  const left = [];
  if (current && current.remaining && !((r.kind === "compulsory" || r.kind === "risk") && !r.turn_team)) {
    left.push(`还有 ${current.remaining} 道题没有出`);
  }
  if ((r.kind === "compulsory" || r.kind === "risk") && r.turn_team) left.push("还有队伍没有答题");
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
  if (info.actions.startRound.on && next && PHONE_ROUNDS.has(next.kind) && online === 0) {
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
  const roundOn = !info.actions?.tiebreak?.on;
  if (top.length && (!roundOn || info.actions?.endRound?.on)) { // the view says first place is shared: offer 加赛
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
  const group = ids || (info.groups[0] || []).map((t) => t.id);
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
  pause: () => command(view.timer && view.timer.running ? "PauseTimer" : "ResumeTimer"),
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
  $("#hc-title").textContent = view.title;
  document.title = `控制台 · ${view.title}`;
  $("#hc-round").textContent = r ? `${r.title}${r.status === "running" ? "" : "（已结束）"}` : "尚未开始";
  const status = $("#hc-status");
  status.textContent = STATUS_LABELS[view.status] || view.status;
  status.className = `pill status-${view.status}`;
  const p = view.presence || {};
  const phones = Object.values(p.devices || {}).reduce((a, b) => a + b, 0);
  $("#hc-presence").textContent = `手机 ${phones} · 大屏 ${p.screens ?? 0} · 观众 ${p.watchers ?? 0}`;
  const next = view.rounds.find((x) => x.status === "pending");
  $("#hc-next-round").textContent = next ? `：${next.title}` : "";
}

function renderButtons() {
  for (const btn of document.querySelectorAll("[data-action]")) {
    const name = btn.dataset.action;
    const a = info.actions[name];
    if (!a) continue;
    btn.disabled = !a.on;
    btn.title = a.on ? "" : a.why;
    btn.classList.toggle("suggest", info.suggest === name);
  }
  const pause = document.querySelector('[data-action="pause"] [data-label]');
  pause.textContent = info.actions.pause.label;
  const stake = document.querySelector('[data-action="correct"] [data-stake]');
  stake.textContent = info.actions.correct.on && view.episode ? ` +${view.episode.stake}` : "";
  const ep = view.episode;
  let hint = HINTS[info.suggest] || "";
  if (ep && ep.phase === "open") hint = "已开放抢答，等待队伍按键…";
  if (ep && ep.phase === "audience") hint = "观众正在手机上作答：R 公布答案（同时结束观众答题），或 N 出下一题。";
  if (ep && ep.phase === "answering" && info.kind === "all_answer") hint = "请在下方逐队判定简答题答案。";
  if (view.status === "finished") hint = "比赛已结束：成绩公告、导出和奖状见下方。";
  if (view.notice) hint = view.notice; // e.g. a countdown paused by a server restart
  $("#hc-hint").textContent = hint;
}

// --- accepting views ---------------------------------------------------------------
// connectLive() keeps only views whose version is not lower than the highest seen. The
// quiz server currently counts applied events as its version, so after an Undo (which
// replays the log without the undone batches) the version goes DOWN and those views would
// be dropped: the console would keep showing the undone score. So the console also
// listens to every view itself, and accepts a lower version when it is an undo: built
// later, with fewer history batches. A fresh get_view (after connecting, after an undo)
// is the current state by definition and is always taken.

function lastBatch(v) {
  const h = v.history || [];
  return h.length ? h[h.length - 1].batch : 0;
}

function accept(v, force = false) {
  if (!v || typeof v.version !== "number") return;
  if (view && !force) {
    if (v.version === view.version && v.server_time === view.server_time) return; // same message twice
    if (v.version < view.version) {
      const undone = v.server_time > view.server_time && lastBatch(v) < lastBatch(view);
      if (!undone) return; // a late, stale view
    }
  }
  render(v);
}

async function refreshView() {
  if (!live.socket.connected) return;
  const reply = await ask(live.socket, "get_view");
  if (reply && reply.ok) accept(reply.view, true);
}

function render(v) {
  const before = view;
  view = v;
  skew = typeof v.server_time === "number" ? v.server_time - Date.now() / 1000 : 0;
  info = actionsFor(v);
  info.contestId = contestId; // the finished state links the results page, certificates and poster
  const previousScores = before && before.version !== v.version
    ? new Map(before.teams.map((t) => [t.id, t.score])) : null;
  renderHeader();
  $("#hc-scoreboard").innerHTML = renderScoreboard(v, previousScores);
  $("#hc-question").innerHTML = renderQuestion(v, info);
  announcer.update(v);
  $("#hc-question").dataset.phase = v.episode ? v.episode.phase : "";
  $("#hc-special").innerHTML = renderSpecial(v, info);
  $("#hc-buzz").innerHTML = renderBuzz(v);
  $("#hc-subs").innerHTML = renderSubmissions(v);
  $("#hc-audience").innerHTML = renderAudience(v);
  $("#hc-rounds-list").innerHTML = renderRounds(v);
  $("#hc-devices-list").innerHTML = renderDevices(v);
  $("#hc-history-list").innerHTML = renderHistory(v);
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
    $("#hc-timer-label").textContent = view && view.episode ? (PHASE_LABELS[view.episode.phase] || "计时") : "计时";
    $("#hc-timer-value").textContent = "--";
    $("#hc-timer-fill").style.width = "0%";
    return;
  }
  const left = Math.max(0, timerLeft(view, skew) ?? 0);
  box.dataset.state = t.running ? (left <= 5 ? "low" : "running") : "paused";
  $("#hc-timer-label").textContent = `${TIMER_LABELS[t.purpose] || "计时"}${t.running ? "" : "（已暂停）"}`;
  $("#hc-timer-value").textContent = left >= 10 ? String(Math.ceil(left)) : left.toFixed(1);
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
  getInfo: () => info,
  command,
  toast,
});

initRehearsal({ bar: $("#hc-rehearsal"), command });
initShortcuts({ trigger });
const adjust = initAdjust({ getView: () => view, command });

const live = connectLive({ role: "host", contest: contestId, token: root.dataset.token }, (v) => accept(v), {
  onRefused(data) {
    const relogin = data && ["not_host", "bad_token", "auth_required", "token_expired"].includes(data.code);
    toast(`无法连接：${data.message}${relogin ? "（请刷新页面或重新登录）" : ""}`, "error", 60000);
  },
});

live.socket.on("view", (v) => accept(v));
live.socket.on("connect", refreshView);
setInterval(tick, 100);
