// Small DOM helpers shared by the projector, audience and team pages.
// Everything user-provided goes in as text nodes: h() never parses HTML.

import { h } from "./dom.js";

export { h };


/** Set text only when it changed (keeps animations and selection alive). */
export function setText(el, text) {
  const value = String(text ?? "");
  if (el && el.textContent !== value) el.textContent = value;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A team colour safe to put into a style property (anything else → grey). */
export function safeColour(colour) {
  return HEX.test(String(colour || "")) ? colour : "#607d8b";
}

/** Black or white text, whichever reads better on `colour`. */
export function inkOn(colour) {
  let c = safeColour(colour).slice(1);
  if (c.length === 3) c = [...c].map((x) => x + x).join("");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 160 ? "#111" : "#fff";
}

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

export const TIMER_LABELS = {
  answer: "作答倒计时",
  start: "请开始作答",
  no_buzz: "抢答倒计时",
  collect: "提交倒计时",
  window: "判定中",
};

/** A random id kept in localStorage under `key` (works on plain-http LAN pages). */
export function stableId(key) {
  let id = localStorage.getItem(key);
  if (!id) {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    id = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    localStorage.setItem(key, id);
  }
  return id;
}

/**
 * The server's refusal {code, message} from a socket.io connect_error. The
 * protocol puts it in `err.data`; today's server sends it as the text of a
 * Python dict in `err.message`, so read that too.
 */
export function refusalOf(err) {
  if (err && err.data && err.data.message) return err.data;
  const text = String((err && err.message) || "");
  const code = (/'code':\s*'([^']*)'/.exec(text) || [])[1] || "";
  const message = (/'message':\s*'([^']*)'/.exec(text) || [])[1] || "";
  return { code, message: message || text || "无法连接" };
}

/**
 * Call `onRefused(refusal)` once when the server refuses the connection
 * (socket.io then stops retrying: `socket.active` is false).
 */
export function watchRefusal(socket, onRefused) {
  let done = false;
  socket.on("connect_error", (err) => {
    if (socket.active || done) return;
    done = true;
    onRefused(refusalOf(err));
  });
}
