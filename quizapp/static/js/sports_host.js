// The sports-day host console (laptop): schedule with status control and links to the results
// forms, live standings, latest results, judge panels, judges, undo (preview + reason) and history.

import { ask } from "./live.js";
import { renderPanel, renderStandings, renderTicker } from "./sports_board.js";
import { hasStandings, teamInfo } from "./sports_common.js";
import { connectPage, h, setText, swap } from "./ui.js";

const $ = (id) => document.getElementById(id);
const root = $("sports-host");
const contest = root.dataset.contest;
const resultsUrl = (id) => root.dataset.resultsUrl.replace("EVENT", encodeURIComponent(id));

let view = null;
let live = null;

// ---------------------------------------------------------------- feedback
function toast(text, kind = "") {
  const el = h("div", { class: `sh-toast ${kind}`, role: kind === "bad" ? "alert" : "status" }, text);
  $("toasts").append(el);
  setTimeout(() => el.remove(), kind === "bad" ? 8000 : 4000);
}

async function send(payload, okText = "") {
  if (!live) return false;
  document.body.classList.add("busy");
  const reply = await ask(live.socket, "sports_command", payload);
  document.body.classList.remove("busy");
  if (!reply || !reply.ok) {
    toast(reply?.error?.message || "操作失败，请重试", "bad");
    return false;
  }
  if (okText) toast(okText, "ok");
  return true;
}

/** Ask for a mandatory reason in a dialog; resolves to the text, or null when cancelled. */
function askReason(title, message) {
  const dlg = $("dlg-reason");
  const form = dlg.querySelector("form");
  const input = form.elements.reason;
  setText(dlg.querySelector("[data-title]"), title);
  setText(dlg.querySelector("[data-message]"), message);
  setText(dlg.querySelector("[data-error]"), "");
  input.value = "";
  return new Promise((resolve) => {
    const onSubmit = (event) => {
      if (event.submitter?.value === "ok" && !input.value.trim()) {
        event.preventDefault();
        setText(dlg.querySelector("[data-error]"), "请填写原因");
        input.focus();
      }
    };
    form.addEventListener("submit", onSubmit);
    dlg.addEventListener("close", () => {
      form.removeEventListener("submit", onSubmit);
      resolve(dlg.returnValue === "ok" ? input.value.trim() : null);
    }, { once: true });
    dlg.returnValue = "";
    dlg.showModal();
    input.focus();
  });
}

// ---------------------------------------------------------------- schedule
/** A status's words, as the core gives them (the host view's `status_labels`). */
function statusLabel(status) {
  return view?.status_labels?.[status] || status;
}

function scheduleRow(e, v) {
  const tr = h("tr", { dataset: { event: e.id } });
  const select = h("select", { "aria-label": `${e.name} 的状态` },
    Object.entries(v.status_labels || {}).map(([value, label]) => h("option", { value }, label)));
  select.addEventListener("change", () => changeStatus(tr.dataset.event, select));
  tr._cells = [0, 1, 2, 3, 4, 5].map(() => h("td"));
  tr._cells[4].append(select);
  tr._select = select;
  tr.append(...tr._cells);
  return tr;
}

function renderSchedule(v) {
  const body = $("sh-schedule").tBodies[0];
  const existing = new Map([...body.rows].filter((r) => r.dataset.event).map((r) => [r.dataset.event, r]));
  const teamCount = (v.teams || []).length;
  const rows = (v.schedule || []).map((e, i) => {
    const tr = existing.get(e.id) || scheduleRow(e, v);
    tr.dataset.status = e.status;
    const panel = v.panels?.[e.id];
    const [no, name, kind, results, , action] = tr._cells;
    swap(no, h("td", null, String(i + 1)));
    swap(name, h("td", null, h("div", { class: "sh-event-name" }, e.name,
      e.scheduled ? h("span", { class: "muted sp-small" }, `  ${e.scheduled}`) : null,
      e.in_standings ? null : h("span", { class: "sp-tag" }, "不计总分")),
    e.note ? h("div", { class: "sh-event-note" }, e.note) : null));
    swap(kind, h("td", null, e.kind_label, h("div", { class: "muted sp-small" }, e.table)));
    results.className = "sh-num";
    swap(results, h("td", null, panel ? h("span", { class: "sp-progress" }, panel.label)
      : `${e.entries}/${teamCount} 队`));
    swap(action, h("td", null, panel ? h("span", { class: "muted sp-small" }, "评委打分")
      : h("a", { class: "button", href: resultsUrl(e.id), dataset: { results: e.id } },
        e.entries ? "更正成绩" : "录入成绩")));
    if (document.activeElement !== tr._select) tr._select.value = e.status;
    tr._select.dataset.current = e.status;
    return tr;
  });
  if (!rows.length) rows.push(h("tr", null, h("td", { colspan: 6, class: "muted" }, "还没有项目")));
  const same = rows.length === body.rows.length && rows.every((r, i) => body.rows[i] === r);
  if (!same) body.replaceChildren(...rows);
}

async function changeStatus(eventId, select) {
  const from = select.dataset.current;
  const to = select.value;
  const event = (view?.schedule || []).find((e) => e.id === eventId);
  if (!event || from === to) return;
  let reason = "";
  if (from === "final") {
    reason = await askReason("修改已确认的成绩",
      `“${event.name}”已确认为最终成绩。改为“${statusLabel(to)}”须说明原因（会记入日志）。`);
    if (reason == null) {
      select.value = from;
      return;
    }
  }
  const ok = await send({ type: "SetEventStatus", event_id: eventId, status: to, ...(reason ? { reason } : {}) },
    `${event.name}：${statusLabel(to)}`);
  if (!ok) select.value = view?.schedule.find((e) => e.id === eventId)?.status || from;
  select.blur();
}

// ---------------------------------------------------------------- panels
async function reopen(event, entrant, score) {
  const reason = await askReason("重新开放评分",
    `重新开放评委 ${score.judge} 对 ${entrant.team} 的评分（原 ${score.score} 分），他可以重新打分。`);
  if (reason == null) return;
  await send({ type: "ReopenScore", event_id: event.id, judge_id: score.judge_id, team_id: entrant.team_id, reason },
    "已重新开放评分");
}

function renderPanels(v, teams) {
  const box = $("sh-panels");
  const events = (v.schedule || []).filter((e) => v.panels?.[e.id]);
  $("sh-panels-card").hidden = !events.length;
  const existing = new Map([...box.children].map((el) => [el.dataset.event, el]));
  const blocks = events.map((e) => {
    const el = existing.get(e.id) || h("div", { class: "sh-panel", dataset: { event: e.id } });
    renderPanel(el, { event: e, panel: v.panels[e.id] }, teams, { host: true, onReopen: reopen });
    return el;
  });
  const same = blocks.length === box.children.length && blocks.every((b, i) => box.children[i] === b);
  if (!same) box.replaceChildren(...blocks);
}

// ---------------------------------------------------------------- judges
function renderJudges(v) {
  const names = new Map((v.schedule || []).map((e) => [e.id, e.name]));
  swap($("sh-judges"), h("ul", null, (v.judges || []).map((j) => h("li", { dataset: { judge: j.id } },
    h("b", null, j.name), j.head ? h("span", { class: "sp-badge" }, "裁判长") : null,
    h("span", { class: "sh-unit" }, j.unit ? `${j.unit}（回避本单位）` : "中立"),
    j.events?.length ? h("span", { class: "sh-unit" }, `仅：${j.events.map((id) => names.get(id) || id).join("、")}`) : null)),
  (v.judges || []).length ? null : h("li", { class: "muted" }, "还没有评委")));
}

$("sh-add-judge").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const name = form.elements.name.value.trim();
  if (!name) {
    form.elements.name.focus();
    return;
  }
  const ok = await send({ type: "AddJudge", name, unit: form.elements.unit.value.trim(), head: form.elements.head.checked },
    `已添加评委 ${name}：请到“工作人员二维码”页打印他的卡片`);
  if (ok) form.reset();
});

// ---------------------------------------------------------------- undo and history
function renderHistory(v) {
  const preview = v.undo_preview || "";
  $("sh-undo").disabled = !preview;
  setText($("sh-undo-preview"), preview ? `上一步：${preview}` : "没有可以撤销的操作");
  swap($("sh-history"), h("ol", null, (v.history || []).map((b) => h("li", { dataset: { batch: b.batch } },
    h("span", { class: "sh-actor" }, b.actor_label), h("span", null, b.description)))));
  const dlg = $("dlg-undo");
  if (dlg.open && dlg._batch !== v.undo_batch) {
    setText(dlg.querySelector("[data-preview]"), preview || "没有可以撤销的操作");
    setText(dlg.querySelector("[data-error]"), "刚才又有新的操作，撤销内容已更新，请再确认一次。");
    dlg._batch = v.undo_batch;
    dlg._version = v.version;
    dlg._changed = true;
  }
}

$("sh-undo").addEventListener("click", () => {
  if (!view?.undo_preview) return;
  const dlg = $("dlg-undo");
  const form = dlg.querySelector("form");
  setText(dlg.querySelector("[data-preview]"), view.undo_preview);
  setText(dlg.querySelector("[data-error]"), "");
  form.elements.reason.value = "";
  dlg._batch = view.undo_batch; // the batch the preview describes: the undo names it
  dlg._version = view.version;
  dlg._changed = false;
  dlg.returnValue = "";
  dlg.showModal();
  form.elements.reason.focus();
});

$("dlg-undo").querySelector("form").addEventListener("submit", (event) => {
  const dlg = $("dlg-undo");
  if (event.submitter?.value !== "ok") return;
  const reason = event.currentTarget.elements.reason.value.trim();
  if (!reason || dlg._changed || !view?.undo_preview) {
    event.preventDefault();
    if (!reason) setText(dlg.querySelector("[data-error]"), "请填写撤销原因");
    dlg._changed = false;
  }
});

$("dlg-undo").addEventListener("close", async () => {
  const dlg = $("dlg-undo");
  if (dlg.returnValue !== "ok") return;
  const reason = dlg.querySelector("form").elements.reason.value.trim();
  const text = dlg.querySelector("[data-preview]").textContent;
  // The previewed batch and the version of the view it was previewed on (not of a view that
  // arrived after the click): if anything happened since, the server refuses it as `stale`.
  if (typeof dlg._batch !== "number") return;
  await send({ type: "Undo", reason, batch: dlg._batch, version: dlg._version }, `已撤销：${text}`);
});

// ---------------------------------------------------------------- render
function render(v) {
  view = v;
  const teams = teamInfo(v);
  $("sh-provisional").hidden = !v.standings_provisional;
  $("sh-standings-prov").hidden = !v.standings_provisional;
  setText($("sh-standings-title"), hasStandings(v) ? "总分榜" : `${v.schedule?.[0]?.name || "评比"} · 排名`);
  renderSchedule(v);
  renderPanels(v, teams);
  renderStandings($("sh-standings"), $("sh-standings-head"), v, teams, { columns: false, medals: true });
  renderTicker($("sh-ticker"), v, teams, { limit: 4 });
  renderJudges(v);
  renderHistory(v);
  root.dataset.version = String(v.version);
}

live = connectPage({ role: "host", contest, token: root.dataset.token }, render, {
  onRefused: (err) => toast(err.message || "无法连接", "bad"),
});
