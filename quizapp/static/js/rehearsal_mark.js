// The 彩排 mark: while a contest is rehearsed, every quiz page (console, projector, phones,
// audience, overlay) shows a strip on top and gets the body class `rehearsal`, so nobody takes
// a rehearsal's scores for real ones. Driven by `view.rehearsal` from the server.

export const REHEARSAL_TEXT = "彩排 · 不计成绩";

/** Show or hide the badge for `view` (views without the field, e.g. a sports day's, hide it). */
export function markRehearsal(view) {
  const on = Boolean(view && view.rehearsal);
  document.body.classList.toggle("rehearsal", on);
  let badge = document.getElementById("rehearsal-mark");
  if (!on) {
    if (badge) badge.hidden = true;
    return;
  }
  if (!badge) {
    badge = document.createElement("div");
    badge.id = "rehearsal-mark";
    badge.className = "rehearsal-mark";
    badge.setAttribute("role", "status");
    badge.textContent = REHEARSAL_TEXT;
    // a strip above the page (it covers nothing), styled inline so pages with their own
    // stylesheet (the OBS overlay) show it the same way
    badge.style.cssText = "position:sticky;top:0;z-index:9999;text-align:center;"
      + "padding:0.2rem 0.5rem;background:#b54708;color:#fff;font-weight:700;letter-spacing:0.3em;"
      + "font-size:clamp(0.9rem,1.6vw,1.6rem);pointer-events:none;";
    document.body.prepend(badge);
  }
  badge.hidden = false;
}
