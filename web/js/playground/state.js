// The playground's whole state in ONE plain, JSON-serialisable object, and the typed schema of its settings.
// Saving, restoring and sharing (localStorage, the URL hash) read and check values through SCHEMA:
//   {
//     version: 1,
//     settings: {...one value per SCHEMA key},
//     points: [[x1, x2, y, test], ...]   y: class 0 .. classes - 1 (classification) or a value (regression); test: 0/1
//     extent: 6,                         the plane shown is [-extent, extent]²
//     model: null | perceptron-model dict (the core's Network.to_dict()),
//     epoch: 0,
//     history: [[epoch, trainLoss, testLoss], ...]   for the loss chart
//     log: {start, runs}                 how the model came to be, for the notebook (see web/py/export.py)
//   }
// Nothing here computes model numbers: they all come from the worker.

import {
  DATASETS as DATASET_KINDS, N_POINTS, FEATURES, PLAYGROUND_ACTIVATIONS as ACTIVATIONS, LOSSES, OPTIMIZERS, REGULARIZATIONS,
  MAX_HIDDEN_LAYERS as MAX_LAYERS, MAX_NEURONS, MULTICLASS_DATASETS, MAX_CLASSES, OUTPUT_ACTIVATIONS,
} from "../contract.js";

export { FEATURES, ACTIVATIONS, MAX_LAYERS, MAX_NEURONS, MULTICLASS_DATASETS, MAX_CLASSES };
export const STATE_VERSION = 1;
// "custom": the user's own points (an imported CSV, or a cleared plane); Python generates the others.
export const DATASETS = [...Object.keys(DATASET_KINDS), "custom"];
export const REGRESSION = new Set(DATASETS.filter((d) => DATASET_KINDS[d] === "regression"));
const MAX_HISTORY = 2000; // chart points kept; older ones are thinned

export const SCHEMA = {
  dataset: { type: "enum", values: DATASETS, default: "circle" },
  task: { type: "enum", values: [...new Set(Object.values(DATASET_KINDS))], default: "classification" },
  noise: { type: "int", min: 0, max: 50, default: 0 },
  trainRatio: { type: "int", min: 10, max: 90, default: 50 },
  nPoints: { type: "int", min: 10, max: 2000, default: N_POINTS.classification },
  dataSeed: { type: "int", min: 0, max: 999999, default: 1 },
  // the data's classes: the generator's choice for a many-class set; else what the points' labels make (normalise)
  classes: { type: "int", min: 2, max: MAX_CLASSES, default: 2 },
  features: { type: "set", values: FEATURES, default: ["x1", "x2"] },
  hidden: { type: "ints", min: 1, max: MAX_NEURONS, maxLength: MAX_LAYERS, default: [4, 2] },
  // one per hidden layer, then the output layer's
  activations: { type: "enums", values: [...ACTIVATIONS, ...OUTPUT_ACTIVATIONS], default: ["tanh", "tanh", "sigmoid"] },
  loss: { type: "enum", values: LOSSES, default: "bce" },
  learningRate: { type: "number", min: 1e-5, max: 10, default: 0.03 },
  batchSize: { type: "int", min: 1, max: 2000, default: 10 },
  regularization: { type: "enum", values: REGULARIZATIONS, default: "none" },
  regRate: { type: "number", min: 0, max: 10, default: 0.001 },
  optimizer: { type: "enum", values: OPTIMIZERS, default: "sgd" },
  seed: { type: "int", min: 0, max: 999999, default: 1 },
  showTest: { type: "bool", default: true },
  discretize: { type: "bool", default: false }, // the map shows the class (output ≥ 0.5), not the output
};

export function defaultSettings() {
  return Object.fromEntries(Object.entries(SCHEMA).map(([k, s]) => [k, structuredClone(s.default)]));
}

export function initialState() {
  return { version: STATE_VERSION, settings: defaultSettings(), points: [], extent: 6, model: null, epoch: 0, history: [],
    log: { start: null, runs: [] } };
}

// A setting's value checked against its schema: {value} or {error: i18n key, params}.
export function checkSetting(key, value) {
  const s = SCHEMA[key];
  const inRange = (v) => v >= s.min && v <= s.max;
  switch (s.type) {
    case "enum":
      return s.values.includes(value) ? { value } : { error: "pg.err.choice" };
    case "bool":
      return typeof value === "boolean" ? { value } : { error: "pg.err.choice" };
    case "int":
    case "number": {
      const v = typeof value === "string" ? Number(value.trim() === "" ? NaN : value) : value;
      if (!Number.isFinite(v) || (s.type === "int" && !Number.isInteger(v)) || !inRange(v)) {
        return { error: s.type === "int" ? "pg.err.int" : "pg.err.number", params: { min: s.min, max: s.max } };
      }
      return { value: v };
    }
    case "set":
      return Array.isArray(value) && value.length && value.every((v) => s.values.includes(v))
        ? { value: s.values.filter((v) => value.includes(v)) } : { error: "pg.err.choice" };
    case "ints":
      return Array.isArray(value) && value.length <= s.maxLength && value.every((v) => Number.isInteger(v) && inRange(v))
        ? { value } : { error: "pg.err.choice" };
    case "enums":
      return Array.isArray(value) && value.every((v) => s.values.includes(v)) ? { value } : { error: "pg.err.choice" };
  }
  return { error: "pg.err.choice" };
}

export const isRegression = (settings) => settings.task === "regression";
// The output neurons: one per class from three classes on (a softmax output), else one (export.outputs).
export const outputCount = (settings) => (!isRegression(settings) && settings.classes > 2 ? settings.classes : 1);

// The output activations that fit the data and the loss: a regression's linear output, many classes' softmax,
// cross-entropy's sigmoid; with MSE a class may come from any squashing one. The diagram offers only these.
export function outputChoices(s) {
  if (isRegression(s)) return ["linear"];
  if (outputCount(s) > 1) return ["softmax"];
  return s.loss === "bce" ? ["sigmoid"] : ACTIVATIONS.filter((a) => a !== "linear");
}

// The output layer's activation: the one asked for if it fits, else sigmoid or the one that fits.
export function outputActivation(s) {
  const choices = outputChoices(s);
  const asked = s.activations.length > s.hidden.length ? s.activations.at(-1) : "sigmoid";
  return choices.includes(asked) ? asked : choices.includes("sigmoid") ? "sigmoid" : choices[0];
}

// The classes the labels make, as export.classes_of: 0 .. k - 1, at least two; null if they are no such classes.
function classesOf(points) {
  const labels = points.map((p) => p[2]);
  if (!labels.every((y) => Number.isInteger(y) && y >= 0 && y < MAX_CLASSES)) return null;
  return Math.max(2, ...labels.map((y) => y + 1));
}

// Rules between settings, and the data's: a classifier has as many classes as its points' labels make (while it
// has points); regression learns with MSE, many classes with categorical cross-entropy (cce), two with bce or
// MSE; one activation per layer, the output's as outputActivation says. Returns a new settings object.
export function normalise(settings, points = []) {
  const s = { ...settings, activations: [...settings.activations] };
  if (!isRegression(s) && points.length) s.classes = classesOf(points) ?? s.classes;
  if (isRegression(s)) s.loss = "mse";
  else if (outputCount(s) > 1) s.loss = "cce";
  else if (s.loss === "cce") s.loss = "bce";
  const hiddenAct = s.activations.slice(0, s.hidden.length).map((a) => (ACTIVATIONS.includes(a) ? a : "tanh"));
  while (hiddenAct.length < s.hidden.length) hiddenAct.push(hiddenAct.at(-1) || "tanh");
  s.activations = [...hiddenAct, outputActivation(s)];
  return s;
}

// What changes the network's shape: a new model is needed (as TF Playground: a fresh start). A new activation
// or loss keeps the weights.
export const architectureKey = (s) => JSON.stringify([s.features, s.hidden, outputCount(s)]);

// Keep the chart's history short: drop every other point once it is full.
export function pushHistory(history, row) {
  history.push(row);
  if (history.length > MAX_HISTORY) {
    const thinned = history.filter((_, i) => i % 2 === 0 || i === history.length - 1);
    history.splice(0, history.length, ...thinned);
  }
}
