// Buzzer check on the team phone: when the host starts a check, a cue appears at the same
// server time on every phone; the member presses, and the host sees delay and reaction.

import { ask, clientNow, clockOffset } from "./live.js";

export function setupBuzzerCheck(socket) {
  const overlay = document.getElementById("check");
  const button = document.getElementById("check-button");
  const note = document.getElementById("check-note");
  let armed = false;
  let hideTimer = null;

  socket.on("check_cue", ({ cue_at: cueAt }) => {
    clearTimeout(hideTimer);
    overlay.hidden = false;
    overlay.dataset.state = "ready";
    button.textContent = "准备…";
    note.textContent = "抢答器检查：看到“按！”时立刻按下";
    armed = false;
    const wait = Math.max(0, (cueAt - clockOffset() - clientNow()) * 1000);
    setTimeout(() => {
      overlay.dataset.state = "go";
      button.textContent = "按！";
      armed = true;
    }, wait);
  });

  button.addEventListener("pointerdown", async (event) => {
    event.preventDefault();
    const stamp = clientNow();
    if (!armed && overlay.dataset.state !== "ready") return;
    armed = false;
    overlay.dataset.state = "done";
    button.textContent = "已按下";
    const reply = await ask(socket, "check_press", { stamp });
    if (reply.ok) {
      const delay = reply.delay_ms == null ? "未知" : `${reply.delay_ms} ms`;
      note.textContent = `反应 ${(reply.reaction_ms / 1000).toFixed(3)} s · 网络延迟 ${delay}`
        + (reply.flags.length ? ` · ${reply.flags.join("、")}` : "");
    } else {
      note.textContent = reply.error.message;
    }
    hideTimer = setTimeout(() => { overlay.hidden = true; }, 4000);
  });
}
