// Results desk (phone): the schedule is server-rendered; with the stored credential this page
// also listens live, so statuses and counts follow what others record.

import { connectPage, setText } from "./ui.js";

const TOKEN_KEY = "quizapp.recorderToken";
const root = document.getElementById("recorder");
const token = localStorage.getItem(TOKEN_KEY);
const conn = document.querySelector("[data-conn]");

function render(view) {
  const teamCount = (view.teams || []).length;
  const rows = new Map([...root.querySelectorAll("[data-event]")].map((el) => [el.dataset.event, el]));
  let unknown = false;
  for (const e of view.schedule || []) {
    const row = rows.get(e.id);
    if (!row) {
      unknown = true;
      continue;
    }
    row.dataset.status = e.status;
    const pill = row.querySelector("[data-status-label]");
    if (pill) {
      pill.dataset.status = e.status;
      setText(pill, e.status_label);
    }
    const count = row.querySelector("[data-count]");
    if (count) setText(count, `已录 ${e.entries}/${teamCount} 队`);
  }
  // a new event was added: the server-rendered list needs a reload (unless someone is mid-tap)
  if (unknown && document.visibilityState === "visible") location.reload();
}

if (token) {
  if (conn) conn.hidden = false;
  connectPage({ role: "recorder", token }, render, {
    onRefused: () => setText(document.getElementById("live-note"), "自动更新不可用：请重新扫描录入台二维码，或下拉刷新本页。"),
  });
}
