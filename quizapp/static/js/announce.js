// What a screen reader hears on the projector, the audience page and the host console: one short
// sentence for the latest moment (a new question, a buzz winner, a verdict), in a polite live region.
// The region is written only when the moment changes, so a re-render never repeats the whole panel.

import { deskLabel, pointsText, teamMap } from "./screen_dom.js";

function who(teams, id) {
  const team = teams.get(id);
  return team ? `${deskLabel(team)} ${team.name}` : "";
}

/** [key, text] of the latest moment in view `v`; the key changes exactly when the moment does. */
export function moment(v, { questions = false } = {}) {
  const ep = v?.episode;
  const teams = teamMap(v);
  if (v?.status === "finished") {
    const top = (v.champions || []).map((id) => who(teams, id)).filter(Boolean);
    return ["finished", top.length ? `比赛结束 · ${v.champions_label || "冠军"}：${top.join("、")}` : "比赛结束"];
  }
  if (!ep) return ["", ""];
  const qid = ep.question?.id || "";
  const kind = v.round?.kind;
  const judgements = ep.judgements || [];
  const judged = new Set(judgements.map((j) => j.team_id));
  if ((kind === "buzz" || kind === "tiebreak") && ep.phase === "answering" && ep.team_id && !judged.has(ep.team_id)) {
    return [`${qid}|won|${ep.team_id}`, `${who(teams, ep.team_id)} 抢到答题权`];
  }
  if (judgements.length && kind === "all_answer") {
    const right = judgements.filter((j) => j.correct).map((j) => who(teams, j.team_id));
    return [`${qid}|judged|${judgements.length}`, right.length ? `回答正确：${right.join("、")}` : "各队都没有答对"];
  }
  if (judgements.length) {
    const j = judgements[judgements.length - 1];
    const points = pointsText(v, j.points);
    return [`${qid}|judged|${judgements.length}`,
      `${who(teams, j.team_id)} ${j.correct ? "回答正确" : "回答错误"}${points ? ` ${points}` : ""}`];
  }
  if (ep.phase === "audience") return [`${qid}|audience`, "观众题：请观众选择答案"];
  if (questions && ep.question?.stem) return [`${qid}|shown`, `新题目：${ep.question.stem}`];
  return [qid, ""];
}

/** Keeps `el` (a polite live region) on the latest moment; the first view only sets the baseline. */
export class Announcer {
  constructor(el, options = {}) {
    this.el = el;
    this.options = options;
    this.key = null;
  }

  update(v) {
    if (!this.el) return;
    const [key, text] = moment(v, this.options);
    if (key === this.key) return;
    const first = this.key === null;
    this.key = key;
    if (!first && text) this.el.textContent = text;
  }
}
