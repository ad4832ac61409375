// The lesson page: seven sections in the lesson's order. The build rendered their text, formulas, fields and
// default numbers. Until the worker answers, what the build could not know is marked: a restored field's
// section shows its old results dimmed (fields.js), a restored network's predictions say "waiting for Python…"
// (bound, so worded again on a language switch).
import { onLangChange } from "../i18n.js";
import { renderMath, withMath } from "./math.js";
import { showPending, showEveryDigit } from "./ui.js";
import { initNeuron } from "./neuron.js";
import { initNetwork } from "./network.js";
import { initData } from "./data.js";
import { initLoss } from "./loss.js";
import { initBackprop } from "./backprop.js";
import { initTraining } from "./training.js";
import { initPrediction } from "./prediction.js";
import { keepLesson } from "./keep.js";
import { recomputeAll } from "./fields.js";
import { py } from "../boot.js";

// A task for each section, so that the browser can paint and answer input between them (all at once was one
// long task at load).
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

const root = document.getElementById("lesson");
withMath(() => renderMath(root));
onLangChange(() => withMath(() => renderMath(root, { again: true })));
for (const init of [initNeuron, initNetwork, initData, initLoss, initBackprop]) {
  init();
  await nextTask();
}
const training = initTraining();
await nextTask();
initPrediction();
keepLesson(root, training); // saved fields and training back, after every section made its own
showPending(root);
root.dataset.ready = "true"; // every section built, with what was saved or linked (the browser tests wait on it)
const everyDigit = document.getElementById("every-digit");
everyDigit.addEventListener("click", () => {
  const on = everyDigit.getAttribute("aria-pressed") !== "true";
  everyDigit.setAttribute("aria-pressed", String(on));
  showEveryDigit(on);
});
// data-live: every number on the page now comes from this page's own Python (the browser tests wait on it).
py.ready.then(recomputeAll).then(() => { root.dataset.live = "true"; }, () => {});

// The exercises fill the <div class="exercise" data-exercise="…"> placeholders; the lesson works without them.
import("../exercises/exercises.js").then(
  (m) => m.mountExercises(root),
  (e) => console.warn("lesson: exercises not available:", e.message),
);
