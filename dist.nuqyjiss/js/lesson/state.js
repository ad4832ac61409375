// The page's shared state: the network the Training section trained (read by the Prediction section) and
// the lesson's people (read by the Data, Loss and Prediction sections). Everything else is local to a section.
import { lessonPage } from "../api.js";

export { LESSON_TRAINING_SET as TRAINING_SET } from "../contract.js"; // the lesson's table, in its order

let model = null;
const modelListeners = new Set();

export const trained = {
  get model() { return model; },
  set(next) {
    model = next;
    modelListeners.forEach((f) => f(model));
  },
  onChange(f) { modelListeners.add(f); },
};

let people = null;
// The lesson's people and the plane the page draws, from Python, asked for once (again only if that failed,
// e.g. when the worker was restarted before it answered).
export const lessonPeople = () => (people ??= lessonPage.people().catch((e) => {
  people = null;
  throw e;
}));
