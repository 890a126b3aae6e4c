// The host's key buzzers: USB 抢答器 that type a key per desk, a keyboard, or gamepad buttons
// (Gamepad API, polled every animation frame). Each key or button is mapped to a team (kept in
// this browser's localStorage per contest); a press sends `key_buzz` on the host's socket and
// the server judges it by the same rules as a phone's press. Key repeat is ignored.

import { h } from "./dom.js";
import { ask, connectLive } from "./live.js";

const $ = (id) => document.getElementById(id);
const page = $("keys-page");
const contest = page.dataset.contest;
const STORE = `quizapp.keys.${contest}`;
const NEVER = new Set(["Tab", "Escape", "ShiftLeft", "ShiftRight", "ControlLeft", "ControlRight", "AltLeft",
  "AltRight", "MetaLeft", "MetaRight", "CapsLock", "ContextMenu"]);
const DECISIONS = { valid: "已抢答", late: "晚于抢到的队", duplicate: "重复按下" };
const NAMES = { Space: "空格", Enter: "回车", NumpadEnter: "小键盘回车", Backspace: "退格", Minus: "-", Equal: "=",
  ArrowUp: "↑", ArrowDown: "↓", ArrowLeft: "←", ArrowRight: "→" };

let view = null;
let saved = load(); // {binding: teamId}; null = the defaults for the current teams
let capturing = ""; // team id waiting for a key or button
const last = new Map(); // team id -> {at, binding, text, state}
const down = new Set(); // bindings held now: a press counts once until released

// ---------------------------------------------------------------- mapping
function load() {
  try {
    const data = JSON.parse(localStorage.getItem(STORE) || "null");
    return data && typeof data.map === "object" && data.map ? data.map : null;
  } catch {
    return null;
  }
}

function save(map) {
  saved = map;
  localStorage.setItem(STORE, JSON.stringify({ map }));
}

/** Desk 1–9 on the digit keys 1–9, desk 10 on 0. */
function defaults() {
  const map = {};
  for (const team of view?.teams || []) {
    if (team.desk >= 1 && team.desk <= 10) map[`Digit${team.desk % 10}`] = team.id;
  }
  return map;
}

function mapping() {
  return saved ?? defaults();
}

function bind(binding, teamId) {
  const map = { ...mapping() };
  map[binding] = teamId; // a key or button belongs to one team only
  save(map);
}

function unbind(binding) {
  const map = { ...mapping() };
  delete map[binding];
  save(map);
}

/** "3" / "A" / "小键盘 3" / "手柄1 按钮3" */
function label(binding) {
  let m = /^pad(\d+):b(\d+)$/.exec(binding);
  if (m) return `手柄${Number(m[1]) + 1} 按钮${Number(m[2]) + 1}`;
  if ((m = /^Digit(\d)$/.exec(binding))) return m[1];
  if ((m = /^Key([A-Z])$/.exec(binding))) return m[1];
  if ((m = /^Numpad(\d)$/.exec(binding))) return `小键盘 ${m[1]}`;
  return NAMES[binding] || binding;
}

// ---------------------------------------------------------------- presses
function newCid() {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function clock(date) {
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A key or button went down (not a repeat): assign it while capturing, else buzz for its team. */
function pressed(binding) {
  if (capturing) {
    const team = capturing;
    capturing = "";
    bind(binding, team);
    prompt(`已把 ${label(binding)} 分配给 ${teamText(team)}`);
    render(`set:${team}`);
    return true;
  }
  const team = mapping()[binding];
  if (!team || !live) return false;
  send(team, binding);
  return true;
}

async function send(team, binding) {
  const at = new Date();
  last.set(team, { at, binding, text: "发送中…", state: "pending" });
  render();
  flash(team);
  // a fresh cid per press (a new press is never the retry of an old one) and no version: like a
  // hardware buzzer, a press counts for whatever is on stage when it reaches the server
  const reply = await ask(live.socket, "key_buzz", { team_id: team, key: binding, cid: newCid(), version: null });
  if (last.get(team)?.at !== at) return;
  last.set(team, { at, binding, text: reply.ok ? "已受理" : reply.error.message, state: reply.ok ? "ok" : "bad" });
  render();
}

function flash(team) {
  const row = document.querySelector(`tr[data-team="${CSS.escape(team)}"]`);
  if (!row) return;
  row.classList.remove("pressed");
  void row.offsetWidth;
  row.classList.add("pressed");
}

window.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || !e.code) return;
  if (capturing) {
    if (e.code === "Escape") {
      capturing = "";
      prompt("已取消");
      render();
      e.preventDefault();
    } else if (!NEVER.has(e.code) && !e.repeat) {
      e.preventDefault();
      pressed(e.code);
    }
    return;
  }
  if (!(e.code in mapping())) return;
  e.preventDefault(); // a mapped key never also activates the focused button
  if (e.repeat || down.has(e.code)) return; // held down: one press
  down.add(e.code);
  pressed(e.code);
}, true);

window.addEventListener("keyup", (e) => {
  down.delete(e.code);
  if (e.code in mapping()) e.preventDefault();
}, true);

// ---------------------------------------------------------------- gamepads
const padWas = new Map(); // "pad0:b3" -> pressed at the last poll
let padText = "";

function poll() {
  const pads = navigator.getGamepads ? Array.from(navigator.getGamepads() || []) : [];
  const names = [];
  for (const pad of pads) {
    if (!pad || pad.connected === false) continue;
    names.push(`手柄${pad.index + 1}（${String(pad.id || "").slice(0, 30)}）`);
    (pad.buttons || []).forEach((button, i) => {
      const id = `pad${pad.index}:b${i}`;
      const on = typeof button === "object" ? !!button.pressed : button === 1;
      const was = padWas.get(id);
      padWas.set(id, on);
      if (on && was === false) pressed(id); // a button already held when first seen is not a press
    });
  }
  const text = names.length ? `已连接 ${names.join("、")}` : "未连接";
  if (text !== padText) {
    padText = text;
    $("kb-pads").textContent = text;
    $("kb-pads").dataset.state = names.length ? "ok" : "";
  }
  requestAnimationFrame(poll);
}
requestAnimationFrame(poll);

// ---------------------------------------------------------------- page state
function prompt(text) {
  $("kb-prompt").textContent = text;
}

function showFocus() {
  const on = document.hasFocus() && !document.hidden;
  const el = $("kb-focus");
  el.textContent = on ? "在前台，可以接收按键" : "不在前台：请点一下本页，否则收不到按键";
  el.dataset.state = on ? "ok" : "bad";
}
window.addEventListener("focus", showFocus);
window.addEventListener("blur", () => { down.clear(); showFocus(); });
document.addEventListener("visibilitychange", showFocus);

function teamText(id) {
  const team = (view?.teams || []).find((t) => t.id === id);
  return team ? `${team.desk}号台 ${team.name}` : id;
}

function phaseText(v) {
  if (!v) return "—";
  if (v.status === "setup") return "比赛未开始";
  if (v.status === "finished") return "比赛已结束";
  const rnd = v.round;
  if (!rnd) return "轮次之间";
  if (rnd.kind !== "buzz" && rnd.kind !== "tiebreak") return `${rnd.title}（不是抢答轮，按键不计）`;
  const ep = v.episode;
  if (!ep) return `${rnd.title} · 等待下一题`;
  const words = { reading: "读题中（现在按算犯规）", open: "已开放抢答", answering: `${teamText(ep.team_id)} 作答中`,
    judged: "本题已结束", audience: "观众题" };
  return `${rnd.title} · ${words[ep.phase] || ep.phase}`;
}

/** What this question says about the team: won the floor, pressed, or may not press. */
function teamState(v, id) {
  const ep = v?.episode;
  if (!ep) return ["", ""];
  if (ep.team_id === id && ep.phase === "answering") return ["抢到答题权", "won"];
  const press = (ep.presses || []).find((p) => p.team_id === id);
  if (press) return [DECISIONS[press.decision] || press.decision, ""];
  if ((v.round?.barred || []).includes(id)) return ["已取消抢答资格", "foul"];
  if ((ep.locked || []).includes(id)) return ["本题不能再抢", "foul"];
  return ["", ""];
}

function render(focusKey) {
  const keep = focusKey || document.activeElement?.dataset?.fkey;
  $("kb-phase").textContent = phaseText(view);
  const map = mapping();
  const teams = [...(view?.teams || [])].sort((a, b) => a.desk - b.desk);
  if (!teams.length) return;
  $("kb-rows").replaceChildren(...teams.map((team) => {
    const binds = Object.keys(map).filter((b) => map[b] === team.id).sort();
    const press = last.get(team.id);
    const [state, cls] = teamState(view, team.id);
    return h("tr", { class: capturing === team.id ? "capturing" : "", dataset: { team: team.id } },
      h("td", {}, `${team.desk}号台`),
      h("td", { class: "kb-team" }, team.name),
      h("td", {}, h("div", { class: "kb-binds" },
        binds.map((b) => h("span", { class: "kb-bind", dataset: { binding: b } }, label(b),
          h("button", { type: "button", title: `取消 ${label(b)}`, "aria-label": `取消按键 ${label(b)}`,
            dataset: { fkey: `del:${b}`, team: team.id }, onclick: () => { unbind(b); render(`set:${team.id}`); } }, "×"))),
        h("button", { type: "button", class: "small", dataset: { fkey: `set:${team.id}` },
          onclick: () => {
            capturing = team.id;
            prompt(`请按下分配给 ${teamText(team.id)} 的键或手柄按钮（Esc 取消）`);
            render(`set:${team.id}`);
          } }, capturing === team.id ? "请按键…" : "设置按键"))),
      h("td", { class: "kb-last" }, press ? `${clock(press.at)}（${label(press.binding)}）` : "—"),
      h("td", { class: `kb-result ${press?.state || ""}` }, press?.text || ""),
      h("td", { class: `kb-state ${cls}` }, state));
  }));
  if (keep) document.querySelector(`[data-fkey="${CSS.escape(keep)}"]`)?.focus();
}

$("kb-defaults").addEventListener("click", () => {
  localStorage.removeItem(STORE);
  saved = null;
  prompt("已恢复默认：1–9 号台对应数字键 1–9，10 号台对应 0");
  render();
});
$("kb-clear").addEventListener("click", () => {
  save({});
  prompt("已清空全部按键");
  render();
});

const live = connectLive({ role: "host", contest, token: page.dataset.token }, (v) => {
  view = v;
  render();
});
showFocus();
