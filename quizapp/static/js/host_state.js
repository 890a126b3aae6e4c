// What the host may do now, derived from the host view only (the server checks again).
// Each action is {on: bool, why: "why it is disabled"}; `suggest` names the next step.

export const TYPE_LABELS = { single: "单选", multiple: "多选", true_false: "判断", fill: "填空", short: "简答" };
export const PHASE_LABELS = {
  reading: "读题中", open: "抢答中", answering: "作答中", collecting: "收集答案中",
  judged: "本题已结束", audience: "观众答题中",
};
export const OUTCOME_LABELS = {
  answered: "已作答", missed: "答错或超时", void: "本题作废", scrapped: "犯规，本题作废", audience: "转为观众题",
};
export const TIMER_LABELS = {
  answer: "作答倒计时", start: "开始作答倒计时", no_buzz: "等待抢答", collect: "收集答案", window: "抢答判定中",
};
export const STATUS_LABELS = { new: "未创建", setup: "未开始", running: "进行中", finished: "已结束" };
export const ROUND_STATUS = { pending: "未开始", running: "进行中", ended: "已结束" };

const on = { on: true, why: "" };
const off = (why) => ({ on: false, why });

/** Tied teams grouped by rank, best group first (what StartTieBreak would use by default). */
export function tiedGroups(view) {
  const groups = new Map();
  for (const t of view.teams) {
    if (!t.tied || t.rank == null) continue;
    if (!groups.has(t.rank)) groups.set(t.rank, []);
    groups.get(t.rank).push(t);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((rank) => groups.get(rank));
}

/** The enabled state of every console action for `view`. */
export function actionsFor(view) {
  const r = view.round;
  const ep = view.episode;
  const timer = view.timer;
  const finished = view.status === "finished";
  const roundOn = Boolean(r && r.status === "running");
  const kind = r ? r.kind : "";
  const phase = ep ? ep.phase : "";
  const settled = !ep || phase === "judged" || phase === "audience";
  const pending = view.rounds.filter((x) => x.status === "pending");
  const current = r ? view.rounds.find((x) => x.index === r.index) : null;
  const a = {};

  if (finished) a.startRound = off("比赛已经结束");
  else if (roundOn) a.startRound = off("本轮还没有结束");
  else if (!pending.length) a.startRound = off("没有未开始的轮次");
  else a.startRound = on;

  if (!roundOn) a.next = off("当前没有进行中的轮次");
  else if (!settled) a.next = off("当前题目还没有结束，请先判定或跳过");
  else if (r.winner) a.next = off("加赛已决出胜者，请结束本轮");
  else if ((kind === "compulsory" || kind === "risk") && !r.turn_team) a.next = off("本轮各队都已答完，请结束本轮");
  else if (kind === "risk" && r.picked_tier == null) a.next = off("请先为轮到的队伍选择分值");
  else if (current && current.remaining === 0) a.next = off("本轮题目已用完，可用“选题…”添加");
  else a.next = on;

  a.open = roundOn && (kind === "buzz" || kind === "tiebreak") && phase === "reading"
    ? on : off("只有抢答题读题时才能开始抢答");

  const judging = roundOn && phase === "answering" && kind !== "all_answer" && Boolean(ep.team_id);
  a.correct = judging ? on : off("现在没有队伍在作答");
  a.wrong = a.correct;

  a.close = roundOn && kind === "all_answer" && phase === "collecting" ? on : off("只有共答题收集答案时才能收卷");
  a.skip = roundOn && ep && !settled ? on : off("没有进行中的题目");
  a.reveal = ep && settled && !ep.revealed ? on : off(ep && ep.revealed ? "答案已经公布" : "请先判定或跳过本题");
  a.timer = roundOn && (phase === "collecting" || (phase === "answering" && kind !== "all_answer"))
    ? on : off("作答或收集答案时才能计时");

  if (timer && timer.running) a.pause = { on: true, why: "", label: "暂停" };
  else if (timer && timer.remaining > 0) a.pause = { on: true, why: "", label: "继续" };
  else a.pause = { on: false, why: "没有进行中的计时", label: "暂停" };

  a.undo = view.undo_preview ? on : off("没有可以撤销的操作");
  a.endRound = roundOn && settled ? on : off(roundOn ? "当前题目还没有结束" : "当前没有进行中的轮次");
  const groups = tiedGroups(view);
  a.tiebreak = view.status === "running" && !roundOn && groups.length
    ? on : off(roundOn ? "请先结束当前轮次" : "目前没有需要加赛的同分队伍");
  a.finish = view.status === "running" && settled ? on : off(finished ? "比赛已经结束" : "比赛进行中、题目结束后才能结束比赛");
  a.picker = finished ? off("比赛已经结束") : on;

  // Risk round: the team whose turn it is picks a tier (the host may pick for it).
  a.pickTier = roundOn && kind === "risk" && settled && r.turn_team && r.picked_tier == null
    ? on : off("现在不需要选择分值");

  // The next sensible step, highlighted on the console.
  let suggest = "";
  if (finished) suggest = "";
  else if (!roundOn) suggest = a.startRound.on ? "startRound" : (a.tiebreak.on ? "tiebreak" : "finish");
  else if (phase === "reading") suggest = "open";
  else if (phase === "collecting") suggest = "close";
  else if (phase === "answering" && kind !== "all_answer") suggest = "correct";
  else if (settled) {
    if (ep && !ep.revealed) suggest = "reveal";
    else if (a.pickTier.on) suggest = "pickTier";
    else if (a.next.on) suggest = "next";
    else if (current && current.remaining === 0 && a.next.why.startsWith("本轮题目已用完")) suggest = "picker";
    else suggest = "endRound";
  }
  return { actions: a, suggest, groups, settled, roundOn, kind, phase };
}
