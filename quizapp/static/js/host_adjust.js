// The console's score adjustment dialog: a delta (quick ±5/±10 buttons) and a required reason,
// sent as one AdjustScore command; a refusal is shown inside the dialog.

import { teamsById, teamText } from "./host_render.js";

/** Wire the dialog; returns {open(teamId), refresh()} (refresh after each new view). */
export function initAdjust({ getView, command }) {
  const dlg = document.querySelector("#dlg-adjust");
  const form = document.querySelector("#adjust-form");

  function refresh() {
    if (!dlg.open) return;
    const team = teamsById(getView()).get(dlg.dataset.team);
    dlg.querySelector("[data-team]").textContent = team ? teamText(team) : "";
    dlg.querySelector("[data-score]").textContent = team ? String(team.score) : "";
  }

  function open(teamId) {
    dlg.dataset.team = teamId;
    form.reset();
    dlg.querySelector("[data-error]").textContent = "";
    dlg.showModal();
    refresh();
    form.elements.delta.focus();
  }

  dlg.querySelector(".hc-quick").addEventListener("click", (e) => {
    const b = e.target.closest("[data-delta]");
    if (!b) return;
    const input = form.elements.delta;
    input.value = String((parseInt(input.value, 10) || 0) + parseInt(b.dataset.delta, 10));
    form.elements.reason.focus();
  });

  form.addEventListener("submit", async (e) => {
    const submitter = e.submitter;
    if (submitter && submitter.value === "cancel") return; // closes the dialog
    e.preventDefault();
    const error = dlg.querySelector("[data-error]");
    const delta = Number(form.elements.delta.value);
    const reason = form.elements.reason.value.trim();
    if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > 1000) {
      error.textContent = "分值变化应为 -1000 到 1000 之间的非零整数";
      form.elements.delta.focus();
      return;
    }
    if (!reason) {
      error.textContent = "请填写调整理由（会记入操作记录）";
      form.elements.reason.focus();
      return;
    }
    error.textContent = "";
    const reply = await command("AdjustScore", { team_id: dlg.dataset.team, delta, reason });
    if (reply && reply.ok) dlg.close("done");
    else if (reply && reply.error) error.textContent = reply.error.message;
  });

  return { open, refresh };
}
