// Shared by the sports-day pages (host console, projector, audience, staff phones).
// Everything user-provided goes in as text: h() never parses HTML.

import { h } from "./dom.js";
import { connectLive } from "./live.js";

export { h };

export const STATUS = {
  scheduled: "未开始", in_progress: "进行中", provisional: "成绩待确认", final: "成绩已确认",
};
export const STATUS_SHORT = { scheduled: "未开始", in_progress: "进行中", provisional: "待确认", final: "已确认" };
export const KIND = { timed: "计时", counted: "计数", ranked: "名次", scored: "评分", checklist: "检查评比" };
export const MEDALS = [["gold", "金"], ["silver", "银"], ["bronze", "铜"]]; // drawn as discs: emoji fonts are not everywhere
const PALETTE = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab",
  "#d81b60", "#7cb342", "#f4511e", "#5e35b1", "#039be5", "#c0ca33", "#546e7a", "#fdd835"];
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;


/** Replace the children of `el` (strings as text). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return el;
}

/** Set text only when it changed. */
export function setText(el, text) {
  const value = String(text ?? "");
  if (el && el.textContent !== value) el.textContent = value;
}

/** Rebuild `el` from `node` only when the markup really changed (keeps animations and focus). */
export function swap(el, node) {
  const sig = node.outerHTML;
  if (el._sig === sig) return false;
  el._sig = sig;
  el.replaceChildren(...node.childNodes);
  return true;
}

function ink(colour) {
  let c = colour.slice(1);
  if (c.length === 3) c = [...c].map((x) => x + x).join("");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 160 ? "#111" : "#fff";
}

/** team id -> {colour, ink, name, unit, label}; teams without a colour get one from a palette. */
export function teamInfo(view) {
  const out = new Map();
  (view?.teams || []).forEach((t, i) => {
    const colour = HEX.test(String(t.colour || "")) ? t.colour : PALETTE[i % PALETTE.length];
    out.set(t.id, { ...t, colour, ink: ink(colour) });
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

/** A status pill. */
export function statusPill(status, short = false) {
  return h("span", { class: "sp-status", dataset: { status } }, (short ? STATUS_SHORT : STATUS)[status] || status);
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

/** One judge score: struck through when dropped. */
export function scoreChip(s) {
  const dropped = s.dropped === "high" ? "去掉最高分" : s.dropped === "low" ? "去掉最低分" : "";
  const value = s.dropped ? h("s", null, s.score) : h("span", null, s.score);
  return h("span", {
    class: `sp-score${s.dropped ? " dropped" : ""}${s.vetoes?.length ? " veto" : ""}`,
    title: `${s.judge}${dropped ? `（${dropped}）` : ""}${s.vetoes?.length ? `，否决：${s.vetoes.join("、")}` : ""}`,
    dataset: { judge: s.judge_id, dropped: s.dropped || "" },
  }, value);
}

/**
 * Keyed list with FLIP: reuse each row by key, reorder, then slide rows from where they were.
 * `make(item)` builds a new row, `update(row, item, previousIndex)` refreshes it.
 */
export function keyedList(container, items, key, make, update) {
  const before = new Map();
  const existing = new Map();
  [...container.children].forEach((el, i) => {
    if (el.dataset.key == null) return;
    before.set(el.dataset.key, { top: el.offsetTop, index: i });
    existing.set(el.dataset.key, el);
  });
  const rows = items.map((item, index) => {
    const k = String(key(item));
    let el = existing.get(k);
    if (!el) {
      el = make(item);
      el.dataset.key = k;
      if (before.size) el.classList.add("sp-enter");
    }
    update(el, item, before.get(k)?.index ?? null, index);
    return el;
  });
  const same = rows.length === container.children.length && rows.every((el, i) => container.children[i] === el);
  if (!same) container.replaceChildren(...rows);
  const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  for (const el of rows) {
    const old = before.get(el.dataset.key);
    if (!old || reduce) continue;
    const dy = old.top - el.offsetTop;
    if (Math.abs(dy) < 1) continue;
    el.classList.add("sp-moving");
    const anim = el.animate([{ transform: `translateY(${dy}px)` }, { transform: "translateY(0)" }],
      { duration: 900, easing: "cubic-bezier(.2,.75,.25,1)" });
    anim.onfinish = () => el.classList.remove("sp-moving");
  }
  return rows;
}

/** Briefly highlight an element (CSS class `sp-flash`). */
export function flash(el, cls = "sp-flash") {
  el.classList.remove(cls);
  void el.offsetWidth; // restart the animation
  el.classList.add(cls);
}

/** Connect with `auth`; `onView` gets each newer view. */
export function connectSports(auth, onView, options) {
  return connectLive(auth, onView, options);
}

/** A stable random id for this audience phone. */
export function deviceId() {
  const keyName = "quizapp.watchDevice";
  let id = localStorage.getItem(keyName);
  if (!id) {
    id = (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).replace(/[^a-z0-9-]/gi, "");
    localStorage.setItem(keyName, id);
  }
  return id;
}
