// Small UI helpers of the host console: toasts and a promise-based confirm dialog.
// Every piece of text goes in through textContent, never as HTML.

/** Show a message for a while; errors stay longer and are announced. */
export function toast(message, kind = "error", ms = kind === "error" ? 7000 : 2500) {
  const box = document.querySelector("#toasts");
  if (!box) return;
  const item = document.createElement("div");
  item.className = `toast ${kind}`;
  item.setAttribute("role", kind === "error" ? "alert" : "status");
  item.textContent = message;
  item.title = "点击关闭";
  const remove = () => item.remove();
  item.addEventListener("click", remove);
  box.append(item);
  while (box.children.length > 4) box.firstElementChild.remove();
  setTimeout(remove, ms);
}

/**
 * Ask the host to confirm. Resolves to `{reason}` when confirmed, `null` when cancelled.
 * `reason: true` shows an optional reason field.
 */
export function confirmBox({ title = "确认", message = "", okText = "确定", reason = false, danger = false } = {}) {
  const dlg = document.querySelector("#dlg-confirm");
  dlg.querySelector("[data-title]").textContent = title;
  dlg.querySelector("[data-message]").textContent = message;
  const wrap = dlg.querySelector("[data-reason-wrap]");
  const input = wrap.querySelector("input");
  wrap.hidden = !reason;
  input.value = "";
  const ok = dlg.querySelector("[data-ok]");
  ok.textContent = okText;
  ok.classList.toggle("danger", danger);
  dlg.returnValue = "";
  const form = dlg.querySelector("form");
  return new Promise((resolve) => {
    // The answer is taken when given (submit, Esc) and handed over on "close", after the dialog
    // has shut, so a next confirm can open. "close" is queued: a previous confirm's late close
    // (Esc, then a key that asks again at once) arrives while this one is open and is ignored.
    let given = false;
    let value = null;
    const submitted = (e) => {
      given = true;
      value = e.submitter && e.submitter.value !== "ok" ? null : { reason: input.value.trim() };
    };
    const cancelled = () => { given = true; value = null; };
    const closed = () => {
      if (dlg.open && !given) return;
      form.removeEventListener("submit", submitted);
      dlg.removeEventListener("cancel", cancelled);
      dlg.removeEventListener("close", closed);
      resolve(value);
    };
    form.addEventListener("submit", submitted);
    dlg.addEventListener("cancel", cancelled);
    dlg.addEventListener("close", closed);
    dlg.showModal();
    (reason ? input : ok).focus();
  });
}

/** True when any modal dialog of the page is open. */
export function dialogOpen() {
  return Boolean(document.querySelector("dialog[open]"));
}
