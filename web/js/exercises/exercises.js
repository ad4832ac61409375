// The lesson's "your code here" blanks as live Python exercises.
//   import("./js/exercises/exercises.js").then((m) => m.mountExercises(document.getElementById("lesson")))
// fills every <div class="exercise" data-exercise="ID"> under root (IDs: see EXERCISE_NAMES in cell.js) with
// an editor, Run / Check / Stop, a hint, the solution and the output, and root's <aside id="homework"> with their
// overview (homework.js). Mounting twice is harmless.
import "./strings.js";
import { ExerciseCell, EXERCISE_NAMES } from "./cell.js";
import { mountHomework } from "./homework.js";

const mounted = new WeakSet(); // not a DOM mark: the build's prerendered cells are mounted again in the browser

export function mountExercises(root = document) {
  const cells = [];
  for (const host of root.querySelectorAll("div.exercise[data-exercise]")) {
    if (mounted.has(host)) continue;
    const id = host.dataset.exercise;
    if (!(id in EXERCISE_NAMES)) {
      console.warn(`exercises: unknown exercise "${id}"`);
      continue;
    }
    mounted.add(host);
    cells.push(new ExerciseCell(host, id));
  }
  const panel = root.querySelector("aside#homework");
  if (panel && cells.length) mountHomework(panel, cells, root);
  return cells;
}
