// Judge phone: the to-do list is server-rendered (one small form per entrant). With the stored
// credential the page listens live: when the list changes it refreshes itself (or, while the
// judge is typing, says so), checklist sheets (文明宿舍评比) are sent over the socket, and a head
// judge can reopen a judge's score.

import { ask } from "./live.js";
import { scoreChip } from "./sports_common.js";
import { connectPage, h, setText, swap } from "./ui.js";

const TOKEN_KEY = "quizapp.judgeToken";
const root = document.getElementById("judge");
const token = localStorage.getItem(TOKEN_KEY);
const conn = document.querySelector("[data-conn]");
let live = null;

const keys = (list) => [...list].sort().join(",");
const rendered = keys((root.dataset.todo || "").split(",").filter(Boolean));

function busyTyping() {
  const active = document.activeElement;
  if (active && active.closest("form") && active.matches("input, select, textarea")) return true;
  return [...root.querySelectorAll("form input[type=text]")].some((i) => i.value.trim())
    || [...root.querySelectorAll("form input[type=checkbox]")].some((i) => i.checked);
}

function refreshSoon() {
  const last = Number(sessionStorage.getItem("quizapp.judgeReload") || 0);
  if (Date.now() - last < 5000) { // never loop: say so instead
    document.getElementById("judge-changed").hidden = false;
    return;
  }
  sessionStorage.setItem("quizapp.judgeReload", String(Date.now()));
  location.replace(location.pathname);
}

function render(view) {
  const todo = keys((view.todo || []).map((t) => `${t.event_id}:${t.team_id}`));
  const banner = document.getElementById("judge-changed");
  if (todo !== rendered) {
    if (busyTyping()) banner.hidden = false;
    else refreshSoon();
  } else {
    banner.hidden = true;
  }
  for (const section of root.querySelectorAll(".sp-judge-event[data-event]")) {
    const label = section.querySelector("[data-panel-label]");
    const panel = view.panels?.[section.dataset.event];
    if (label && panel) setText(label, panel.label);
  }
  if (root.dataset.head === "1") renderHeadTools(view);
}

// ---------------------------------------------------------------- checklist sheets
function readSheet(form) {
  const deductions = [];
  const vetoes = [];
  for (const input of form.querySelectorAll("input[type=text]")) {
    const raw = input.value.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    if (!raw) continue;
    const max = Number(input.dataset.max);
    const value = Number(raw);
    if (!/^\d+(\.\d{1,2})?$/.test(raw) || value > max) {
      input.focus();
      const label = form.querySelector(`label[for="${input.id}"]`)?.textContent || "";
      throw new Error(`「${label}」的扣分要写 0 到 ${max} 之间、最多两位小数的数字`);
    }
    if (value > 0) deductions.push([input.name, raw]);
  }
  for (const box of form.querySelectorAll("input[name=veto]:checked")) vetoes.push(box.value);
  return { deductions, vetoes };
}

for (const form of root.querySelectorAll("form[data-sheet]")) {
  const button = form.querySelector("[data-needs-js]");
  const error = form.querySelector("[data-error]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setText(error, "");
    let sheet;
    try {
      sheet = readSheet(form);
    } catch (err) {
      setText(error, err.message);
      return;
    }
    if (!live) {
      setText(error, "没有连接到服务器，请刷新页面后再提交");
      return;
    }
    const team = form.closest("details")?.querySelector("summary")?.textContent || "";
    const summary = `${team}：扣分 ${sheet.deductions.length} 项${sheet.vetoes.length ? `，一票否决 ${sheet.vetoes.length} 项` : ""}`;
    if (!window.confirm(`确认提交？提交后不能自己修改。\n${summary}`)) return;
    button.disabled = true;
    const reply = await ask(live.socket, "submit_sheet",
      { event_id: form.dataset.event, team_id: form.dataset.team, ...sheet });
    button.disabled = false;
    if (!reply.ok) {
      setText(error, reply.error?.message || "提交失败，请重试");
      return;
    }
    sessionStorage.setItem("quizapp.judgeReload", String(Date.now()));
    location.replace(`${location.pathname}?ok=1`);
  });
}

// ---------------------------------------------------------------- head judge: reopen a score
function renderHeadTools(view) {
  const box = document.getElementById("head-tools");
  const list = document.getElementById("head-list");
  if (!box || !list) return;
  const rows = [];
  for (const e of view.schedule || []) {
    const panel = view.panels?.[e.id];
    if (!panel || e.status === "final") continue;
    for (const en of panel.entrants) {
      if (!en.scores?.length) continue;
      rows.push(h("div", { class: "sp-head-row" }, h("b", null, `${e.name} · ${en.team}`),
        h("span", { class: "sp-entrant-scores" }, en.scores.map((s) => scoreChip(s))),
        en.scores.map((s) => h("button", {
          type: "button", onclick: () => reopen(e, en, s),
        }, `重开 ${s.judge}`))));
    }
  }
  box.hidden = !rows.length;
  swap(list, h("div", null, rows));
}

async function reopen(event, entrant, score) {
  const reason = window.prompt(`重新开放评委 ${score.judge} 对 ${entrant.team} 的评分（原 ${score.score} 分）。请填写原因：`);
  if (reason == null) return;
  if (!reason.trim()) {
    window.alert("必须说明原因");
    return;
  }
  const reply = await ask(live.socket, "reopen_score",
    { event_id: event.id, judge_id: score.judge_id, team_id: entrant.team_id, reason: reason.trim() });
  window.alert(reply.ok ? "已重新开放，该评委可以重新打分" : (reply.error?.message || "操作失败"));
}

if (token) {
  if (conn) conn.hidden = false;
  live = connectPage({ role: "judge", token }, (view) => {
    for (const b of root.querySelectorAll("[data-needs-js]")) b.disabled = false;
    render(view);
  });
}
