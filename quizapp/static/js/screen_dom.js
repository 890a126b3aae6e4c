// Quiz-page helpers (projector, audience, team phones, overlay): teams, scores, verdicts and
// the podium, built on the page helpers every page shares (ui.js).
// Everything user-provided goes in as text nodes: h() never parses HTML.

import { h, teamStyle } from "./ui.js";

/** Teams by id. */
export function teamMap(view) {
  return new Map((view?.teams || []).map((t) => [t.id, t]));
}

/** "3号台" */
export function deskLabel(team) {
  return team ? `${team.desk}号台` : "";
}

/** Score for display: "—" when the round hides scores. */
export function scoreText(score) {
  return score == null ? "—" : String(score);
}

/** True when the round hides scores (they arrive as null): then points are not shown either. */
export function scoresHidden(view) {
  return (view?.teams || []).some((t) => t.score == null);
}

/** A judgement's points for display, "" when scores are hidden. */
export function pointsText(view, points, unit = " 分") {
  if (scoresHidden(view)) return "";
  return points ? `${signed(points)}${unit}` : "不计分";
}

/** "+10" / "−10" with a real minus sign. */
export function signed(n) {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "±0";
}

/** "+0.043 s" */
export function gapText(gap) {
  return `+${Number(gap || 0).toFixed(3)} s`;
}

export const LETTERS = "ABCDEF";

/** Teams ordered for a scoreboard: by rank, then desk (desk only when ranks are hidden). */
export function ranked(teams) {
  return [...(teams || [])].sort((a, b) => {
    const ra = a.rank ?? Infinity;
    const rb = b.rank ?? Infinity;
    return ra - rb || a.desk - b.desk;
  });
}

/** Seconds → "0:25" or "8" style countdown text. */
export function clockText(seconds) {
  if (seconds == null) return "";
  const s = Math.max(0, Math.ceil(seconds - 1e-6));
  return s >= 60 ? `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}` : String(s);
}

/** "3号台 数学系" as a coloured tag. */
export function teamTag(team, extra = "") {
  if (!team) return h("span", { class: "team-tag" }, "—");
  return h("span", { class: `team-tag ${extra}`, style: teamStyle(team) },
    h("span", { class: "team-tag-desk" }, deskLabel(team)), h("span", { class: "team-tag-name" }, team.name));
}

/** The running round with its label and what is left, from the view's round list. */
export function roundInfo(v) {
  const rnd = v.round;
  if (!rnd) return null;
  const meta = (v.rounds || []).find((r) => r.index === rnd.index) || {};
  return { ...rnd, kind_label: meta.kind_label || "", remaining: meta.remaining };
}

/** "B 问责" / "AC 甲、丙" / "正确" / the text answer (only ever present after the reveal). */
export function answerWords(q) {
  const keys = q.answer_keys || [];
  const texts = keys.map((k) => q.options?.[LETTERS.indexOf(k)]).filter(Boolean);
  return texts.length ? `${q.answer ?? keys.join("")}  ${texts.join("、")}` : (q.answer ?? "");
}

/** A verdict line: ✓/✗, the team, 回答正确/错误 and the points (none when scores are hidden). */
export function judgementLine(v, j, big) {
  const team = teamMap(v).get(j.team_id);
  return h("div", { class: `verdict ${j.correct ? "correct" : "wrong"} ${big ? "big" : ""}`, style: teamStyle(team) },
    h("span", { class: "verdict-mark" }, j.correct ? "✓" : "✗"),
    teamTag(team),
    h("span", { class: "verdict-word" }, j.correct ? "回答正确" : "回答错误"),
    h("span", { class: "verdict-points" }, pointsText(v, j.points)));
}

/** The team that holds the floor: desk, name and what it is doing ("抢到答题权"). */
export function winnerMain(team, label, extra = "") {
  return h("div", { class: "winner-main" },
    h("div", { class: "winner-desk" }, deskLabel(team)),
    h("div", { class: "winner-name" }, team?.name ?? ""),
    h("div", { class: "winner-label" }, label, extra));
}

/** The top three of `order` (already ranked) as podium slots, 2nd–1st–3rd; shared places share the medal. */
export function podiumSlots(order) {
  const top = order.slice(0, 3);
  const place = ["first", "second", "third"];
  return [1, 0, 2].filter((i) => top[i]).map((i) => {
    const team = top[i];
    const rank = Math.min(3, Math.max(1, team.rank ?? i + 1));
    return h("div", { class: `podium-slot ${place[rank - 1]}`, style: teamStyle(team), dataset: { team: team.id } },
      h("div", { class: "podium-medal" }, (team.tied ? "并列" : "") + ["冠军", "亚军", "季军"][rank - 1]),
      h("div", { class: "podium-name" }, team.name),
      h("div", { class: "podium-desk" }, deskLabel(team)),
      h("div", { class: "podium-score" }, `${scoreText(team.score)} 分`),
      h("div", { class: "podium-block" }, h("span", {}, team.rank ?? i + 1)));
  });
}
