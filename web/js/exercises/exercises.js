// The lesson's "your code here" blanks as live Python exercises.
//   import("./js/exercises/exercises.js").then((m) => m.mountExercises(document.getElementById("lesson")))
// fills every <div class="exercise" data-exercise="ID"> under root (IDs: see EXERCISE_NAMES in cell.js) with
// an editor, Run / Check / Stop, a hint, the solution and the output. Mounting twice is harmless.
import "./strings.js";
import { ExerciseCell, EXERCISE_NAMES } from "./cell.js";

const CSS_URL = new URL("../../css/exercises.css", import.meta.url).href;

// Editors measure their line heights when created: once the styles arrive they must measure again,
// or the line numbers drift away from the lines.
function loadStyles(cells) {
  if ([...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === CSS_URL)) return;
  const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: CSS_URL });
  link.addEventListener("load", () => cells.forEach((c) => c.view?.requestMeasure()));
  document.head.append(link);
}

export function mountExercises(root = document) {
  const cells = [];
  loadStyles(cells);
  for (const host of root.querySelectorAll("div.exercise[data-exercise]:not([data-mounted])")) {
    const id = host.dataset.exercise;
    if (!(id in EXERCISE_NAMES)) {
      console.warn(`exercises: unknown exercise "${id}"`);
      continue;
    }
    host.dataset.mounted = "true";
    cells.push(new ExerciseCell(host, id));
  }
  return cells;
}
