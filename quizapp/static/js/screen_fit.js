// The projector never cuts a name or a question: team names wrap onto a second line and shrink
// (fit.js), the question card lowers its type (never a stem under 48px), and when a long question
// still needs room, the winner band packs tighter and a revealed card drops its wrong options.

import { fitAll, fitText, refitOnResize } from "./fit.js";

const $ = (id) => document.getElementById(id);

const NAME_RULES = [
  [".bar-title", { lines: 1, min: 28 }],
  [".winner-name", { lines: 2, min: 48 }],
  [".team-tag-name", { lines: 2, min: 24 }],
  [".board-team", { lines: 2, min: 24 }],
  [".board-members", { lines: 2, min: 24 }],
  [".lobby-name", { lines: 2, min: 28 }],
  [".podium-name", { lines: 2, min: 40 }],
];

const overflowing = (el) => el.scrollHeight > el.clientHeight + 1;

/** Shrink the card's type (never the stem below 48px) until everything fits. */
function shrinkCard(card) {
  let fit = 1;
  card.style.setProperty("--fit", "1");
  while (overflowing(card) && fit > 0.6) {
    fit -= 0.05;
    card.style.setProperty("--fit", fit.toFixed(2));
  }
}

/** Fit the card; after the reveal a long question drops its wrong options (the answer line names the right one). */
export function fitCard() {
  const card = $("q-card");
  card.classList.remove("tight");
  shrinkCard(card);
  if (overflowing(card) && !$("q-reveal").hidden) {
    card.classList.add("tight");
    shrinkCard(card);
  }
}

/** Wrap and shrink every name on the scene shown, then fit the question card around the band. */
export function fitScreen(stage) {
  const band = $("band");
  band.classList.remove("compact");
  fitAll(stage, NAME_RULES);
  if (stage.dataset.scene !== "question") return;
  fitCard();
  const card = $("q-card");
  // a long question needs the room: the winner's name takes one line, then the band packs into one row
  for (const step of ["one-line", "compact"]) {
    if (!overflowing(card) || !band.querySelector(".winner-name")) break;
    if (step === "compact") band.classList.add("compact");
    for (const el of band.querySelectorAll(".winner-name")) fitText(el, { lines: 1, min: 48 });
    fitCard();
  }
}

refitOnResize(() => fitScreen($("stage")));
