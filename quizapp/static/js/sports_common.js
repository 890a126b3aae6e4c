// Sports-day helpers (host console, projector, audience, staff phones): teams with colours,
// schedule, medals, judge scores, ticker; built on the page helpers every page shares (ui.js).
// Labels (statuses, kinds, places) come from the view, worded by the core.
// Everything user-provided goes in as text: h() never parses HTML.

import { h, inkOn, isColour } from "./ui.js";

export const MEDALS = [["gold", "金"], ["silver", "银"], ["bronze", "铜"]]; // drawn as discs: emoji fonts are not everywhere
const PALETTE = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab",
  "#d81b60", "#7cb342", "#f4511e", "#5e35b1", "#039be5", "#c0ca33", "#546e7a", "#fdd835"];

/** team id -> {colour, ink, name, unit, label}; teams without a colour get one from a palette. */
export function teamInfo(view) {
  const out = new Map();
  (view?.teams || []).forEach((t, i) => {
    const colour = isColour(t.colour) ? t.colour : PALETTE[i % PALETTE.length];
    out.set(t.id, { ...t, colour, ink: inkOn(colour) });
  });
  return out;
}

/** A coloured dot for a team. */
export function swatch(team) {
  return h("span", { class: "sp-swatch", style: { "--team": team?.colour || "#607d8b" }, "aria-hidden": "true" });
}

/** "飞跃队" with the unit in smaller type. */
export function teamName(team, fallback = "") {
  if (!team) return h("span", { class: "sp-team" }, fallback);
  const showUnit = team.unit && team.unit !== team.name;
  return h("span", { class: "sp-team" }, swatch(team), h("span", { class: "sp-team-name" }, team.name),
    showUnit ? h("span", { class: "sp-team-unit" }, team.unit) : null);
}

/** An event's status pill, in the core's words (a schedule row of the view). */
export function statusPill(event) {
  return h("span", { class: "sp-status", dataset: { status: event.status } }, event.status_label);
}

/** "+7", "−2", "0" with a real minus sign. */
export function points(text) {
  const s = String(text ?? "");
  if (s.startsWith("-")) return `−${s.slice(1)}`;
  return s === "0" || s === "" ? s : `+${s}`;
}

/** The event spec row of the schedule by id. */
export function scheduleMap(view) {
  return new Map((view?.schedule || []).map((e) => [e.id, e]));
}

/** Every event is final (and there is at least one): the day is over. */
export function allFinal(view) {
  const s = view?.schedule || [];
  return s.length > 0 && s.every((e) => e.status === "final");
}

/** Events that feed the standings; none means a judged-only contest such as 文明宿舍评比. */
export function hasStandings(view) {
  return (view?.schedule || []).some((e) => e.in_standings);
}

/** The panel event worth showing now: one being scored, else the last one awaiting confirmation. */
export function livePanel(view) {
  const schedule = (view?.schedule || []).filter((e) => view.panels && view.panels[e.id]);
  const pick = schedule.find((e) => e.status === "in_progress")
    || [...schedule].reverse().find((e) => e.status === "provisional");
  return pick ? { event: pick, panel: view.panels[pick.id] } : null;
}

/** Ticker items grouped by consecutive event: [{event_id, event, items:[…]}], newest first. */
export function tickerGroups(view) {
  const groups = [];
  for (const item of view?.ticker || []) {
    const last = groups[groups.length - 1];
    if (last && last.event_id === item.event_id) last.items.push(item);
    else groups.push({ event_id: item.event_id, event: item.event, items: [item] });
  }
  for (const g of groups) g.items.sort((a, b) => (a.place ?? 99) - (b.place ?? 99));
  return groups;
}

/** "第1名" / "并列第2名" / "缺席" … for a result row. */
export function placeText(row) {
  if (row.status_label) return row.status_label; // 缺席, 取消资格 or 否决, as the core words it
  if (row.place == null) return "—";
  return `${row.tied ? "并列" : ""}第${row.place}名`;
}

/** The medal table: teams by gold, silver, bronze (then standings order). */
export function medalRows(view) {
  return [...(view?.standings || [])].map((r, i) => ({ ...r, order: i }))
    .sort((a, b) => b.medals.gold - a.medals.gold || b.medals.silver - a.medals.silver
      || b.medals.bronze - a.medals.bronze || a.order - b.order);
}

/** A medal disc ("金" on gold); with `count`, the number next to it. */
export function medalDisc(kind, word, count = null) {
  return h("span", { class: `sp-medal ${kind}`, title: count == null ? `${word}牌` : `${word}牌 ${count} 枚`, dataset: { medal: kind } },
    h("i", { "aria-hidden": "true" }, word), count == null ? null : h("b", null, String(count)));
}

/** Medal counts as gold/silver/bronze discs with numbers. */
export function medalSpans(medals, { zeros = true } = {}) {
  return MEDALS.filter(([k]) => zeros || medals[k]).map(([k, word]) => medalDisc(k, word, medals[k]));
}

/** One judge score: struck through when dropped ("去掉最高分", in the core's words). */
export function scoreChip(s) {
  const dropped = s.dropped_label || "";
  const value = s.dropped ? h("s", null, s.score) : h("span", null, s.score);
  return h("span", {
    class: `sp-score${s.dropped ? " dropped" : ""}${s.vetoes?.length ? " veto" : ""}`,
    title: `${s.judge}${dropped ? `（${dropped}）` : ""}${s.vetoes?.length ? `，否决：${s.vetoes.join("、")}` : ""}`,
    dataset: { judge: s.judge_id, dropped: s.dropped || "" },
  }, value);
}
