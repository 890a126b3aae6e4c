// The host's buzzer check: send the cue to every phone and list each device's measurement.

import { h } from "./dom.js";
import { ask, connectLive } from "./live.js";

const page = document.getElementById("check-page");
const rows = document.getElementById("check-rows");
const status = document.getElementById("check-status");
const missing = document.getElementById("check-missing");
let view = null;
let report = { results: [] };

const live = connectLive({ role: "host", contest: page.dataset.contest, token: page.dataset.token }, (v) => {
  view = v;
  render();
});

live.socket.on("check_report", (data) => {
  report = data;
  render();
});

document.getElementById("check-start").addEventListener("click", async () => {
  const reply = await ask(live.socket, "check_start");
  status.textContent = reply.ok ? "信号已发出：手机将在 2 秒后显示“按！”" : reply.error.message;
});

const ms = (value) => (value == null ? "—" : `${value} ms`);

function render() {
  const teams = Object.fromEntries((view?.teams || []).map((t) => [t.id, t]));
  const results = report.results || [];
  if (!results.length) {
    rows.replaceChildren(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "还没有结果")));
  } else {
    rows.replaceChildren(...results.map((r) => {
      const team = teams[r.team_id] || { desk: "?", name: r.team_id };
      return h("tr", { class: r.flags.length ? "bad" : "" },
        h("td", {}, `${team.desk}号台`), h("td", {}, team.name), h("td", {}, r.member),
        h("td", {}, ms(r.delay_ms)), h("td", {}, ms(r.error_ms)),
        h("td", {}, `${(r.reaction_ms / 1000).toFixed(3)} s`),
        h("td", { class: r.flags.length ? "hk-flag" : "hk-ok" }, r.flags.join("、") || "正常"));
    }));
  }
  const online = view?.devices?.length ?? 0;
  const pressed = new Set(results.map((r) => r.device_id));
  const waiting = (view?.devices || []).filter((d) => !pressed.has(d.id));
  missing.textContent = report.cue_at && waiting.length
    ? `还有 ${waiting.length} 台设备没有按：` + waiting.map((d) => `${teams[d.team_id]?.desk ?? "?"}号台 ${d.member}`).join("、")
    : online ? `已加入的设备：${online} 台` : "还没有设备加入";
}
