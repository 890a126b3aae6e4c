// The projector never cuts a name or a question: team names wrap onto a second line and shrink
// (fit.js), the question card lowers its type (never a stem under 48px), and when a long question
// still needs room, its spacing tightens, the winner band packs into a row and a revealed card
// drops its wrong options, then the option list.

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

// What a card that still overflows at its smallest type gives up, in order: after the reveal, the
// wrong options, then spacing, then the option list (the answer line names the right options);
// before it, spacing only.
const REVEALED_STEPS = ["tight", "dense", "bare"];
const ASKING_STEPS = ["dense"];

/** Fit the card: smaller type first, then the steps above until it fits. */
export function fitCard() {
  const card = $("q-card");
  card.classList.remove(...REVEALED_STEPS);
  shrinkCard(card);
  for (const step of $("q-reveal").hidden ? ASKING_STEPS : REVEALED_STEPS) {
    if (!overflowing(card)) break;
    card.classList.add(step);
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
  // a long question needs the room: the band's team name (winner or verdict) takes one line, then
  // a winner band packs into one row
  const names = () => band.querySelectorAll(".winner-name, .team-tag-name");
  for (const step of ["one-line", "compact"]) {
    if (!overflowing(card) || !names().length) break;
    if (step === "compact") band.classList.add("compact");
    for (const el of names()) fitText(el, { lines: 1, min: 48 });
    fitCard();
  }
}

refitOnResize(() => fitScreen($("stage")));
