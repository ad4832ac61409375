// The playground's one store: the state (state.js's object), what Python computed for it, and every action
// that changes it. The controller (main.js), saving (saving.js) and the views import it; nothing else writes
// the state. They learn of changes through on(type, fn):
//   "busy" (bool)   an action is still running        "draw"     something to draw changed
//   "settled"       settings or data changed: sync     "trained"  a training snapshot became the model
//   "idle"          the model rests after an action   "playing"  (on) play or pause
//   "live"          Python's own values are shown       "message"  {key, params}: say it; no key clears it
//   "action"        the user asked for a change: what the page said of earlier ones (messages) no longer holds
// The public actions are queued, one after another, so a quick second click never sees a half-changed state.
// They are built from private steps that never queue, and the callbacks they take (mutate, load) only edit or
// read: no action ever waits for another, so the queue cannot deadlock.
//
// The training log (state.log, see web/py/export.py) says how the model came to be, so the notebook can
// replay it: {start: null (Network.random from the seed) | the model it started from, runs: [...]}.
import { playground } from "../api.js";
import { MAX_RUNS, N_POINTS } from "../contract.js";
import { initialState, normalise, architectureKey, pushHistory, outputCount, REGRESSION, SCHEMA, MULTICLASS_DATASETS } from "./state.js";

export const state = initialState();
// What the user is doing, never saved. cursor: the keyboard's crosshair on the points canvas, as fractions.
export const ui = { cls: 1, focus: null, playing: false, cursor: [0.5, 0.5] };
// The latest from Python for the state shown: view {output, neurons, inputs, side, thumb}; metrics {loss, ...}.
export const shown = { view: null, metrics: {} };

// Derived values, each from one function.
export const layerSizes = (settings) => [settings.features.length, ...settings.hidden, outputCount(settings)];
export const hasTraining = () => state.points.some((p) => !p[3]);
export const payload = () => ({ settings: state.settings, points: state.points, extent: state.extent, model: state.model, epoch: state.epoch });
// The model's activations are the settings' (normalise keeps those right): set here and nowhere else.
function fitActivations() {
  state.model?.layers.forEach((layer, k) => (layer.activation = state.settings.activations[k]));
}

const events = new EventTarget();
export const on = (type, fn) => events.addEventListener(type, (e) => fn(e.detail));
const emit = (type, detail) => events.dispatchEvent(new CustomEvent(type, { detail }));
const say = (key, params) => emit("message", { key, params });

let queue = Promise.resolve();
let acting = 0;
function queued(fn) {
  if (acting++ === 0) emit("busy", true);
  queue = queue.then(fn).catch(report).finally(() => {
    if (--acting === 0) emit("busy", false);
  });
  return queue;
}

// The state is the defaults the build drew, as long as nothing was restored or done: saving.js does not keep
// it, so that the next visit opens with the build's first view too.
let untouched = true;
export const isUntouched = () => untouched;
// A public action that changes the state. "action" is emitted when it is asked for, not when its turn comes, so a
// message said meanwhile (main.js's "Keep at least one input.") is not cleared by an earlier click.
function act(fn) {
  emit("action");
  return queued(() => {
    untouched = false;
    return fn();
  });
}

function report(e) {
  if (e?.key === "train.no_points") say("err.train.no_points");
  else say("pg.msg.error", { error: e });
  setPlaying(false);
}

export function setPlaying(on) {
  ui.playing = on;
  emit("playing", on);
}

// ---------------------------------------------------------------- the training log

const HYPER = ["learningRate", "batchSize", "loss", "regularization", "regRate", "optimizer", "seed", "activations"];
let openRun = null; // the training run being logged: its record, pushed to the log at its first snapshot
const log = {
  newModel() {
    state.log = { start: null, runs: [] };
  },
  // Weights or data changed by hand: the replay starts from the model as it is now.
  restart() {
    state.log = { start: structuredClone(state.model), runs: [] };
  },
  runStarted() {
    openRun = { epoch: state.epoch, epochs: 0, ...structuredClone(Object.fromEntries(HYPER.map((k) => [k, state.settings[k]]))) };
  },
  snapshot(snap) {
    if (!openRun || snap.epoch <= openRun.epoch) return;
    if (openRun.epochs === 0) state.log.runs.push(openRun);
    openRun.epochs = snap.epoch - openRun.epoch;
    if (state.log.runs.length > MAX_RUNS) log.restart(); // too long to replay
  },
};

// ---------------------------------------------------------------- steps: talking to Python, never queued

let run = null;       // the training stream, while one runs
let pending = null;   // the newest snapshot, taken at the next frame
export const speed = { time: 0, epoch: 0 }; // when the current run started, for epochs per second
export const training = () => run !== null;

async function refresh() {
  if (!hasTraining()) {
    Object.assign(shown, { view: null, metrics: {} });
    emit("draw");
    return;
  }
  const v = await playground.view({ state: payload() });
  shown.view = { output: v.output, winner: v.winner, neurons: v.neurons, inputs: v.inputs, side: v.side, thumb: v.thumb };
  shown.metrics = { loss: v.loss, testLoss: v.testLoss, accuracy: v.accuracy, testAccuracy: v.testAccuracy };
  emit("draw");
}

async function newModel() {
  state.model = await playground.newModel({ settings: state.settings });
  state.epoch = 0;
  state.history = [];
  log.newModel();
}

async function regenerate() {
  const data = await playground.generate({ settings: state.settings });
  state.points = data.points;
  state.extent = data.extent;
}

async function resplit() {
  if (state.settings.dataset === "people") return;
  if (state.settings.dataset === "custom") state.points = (await playground.resplit({ points: state.points, settings: state.settings })).points;
  else await regenerate();
}

function start(maxEpochs = 0) {
  if (!hasTraining()) throw Object.assign(new Error("there are no training points"), { key: "train.no_points" });
  say();
  Object.assign(speed, { time: performance.now(), epoch: state.epoch });
  log.runStarted();
  const stream = playground.train({ state: payload(), maxEpochs }, (snap) => {
    pending = snap;
    emit("draw");
  });
  run = stream;
  return stream.result.then((result) => {
    if (run === stream) run = null;
    takeSnapshot();
    if (result?.diverged) {
      say("pg.msg.diverged");
      setPlaying(false);
    }
  }, (e) => {
    if (run === stream) run = null;
    if (e.name !== "Interrupted") report(e); // a worker restart resumes from the state: see startUp
  });
}

// Stop the stream and keep its newest snapshot: the model goes on from there.
async function stop() {
  const stream = run;
  if (!stream) return;
  stream.cancel();
  await stream.result.catch(() => {});
  run = null;
  takeSnapshot();
}

// The newest training snapshot becomes the state (the controller calls this once per frame).
export function takeSnapshot() {
  const snap = pending;
  if (!snap) return;
  pending = null;
  state.model = snap.model;
  state.epoch = snap.epoch;
  log.snapshot(snap);
  if (snap.epochs) pushHistory(state.history, [snap.epoch, snap.loss, snap.testLoss ?? NaN]);
  shown.view = { ...shown.view, output: snap.output, winner: snap.winner, neurons: snap.neurons };
  shown.metrics = { loss: snap.loss, testLoss: snap.testLoss, accuracy: snap.accuracy, testAccuracy: snap.testAccuracy };
  emit("trained");
}

let viewHidden = false; // the view is hidden (router.js shows the lesson): no training until it is shown again
function resume() {
  if (!ui.playing || run || viewHidden) return;
  if (hasTraining()) start();
  else {
    say("err.train.no_points");
    setPlaying(false);
  }
}

// A change of settings or data: stop, change, renew what depends on it, and go on if it was training.
// mutate edits the state (it may await Python's data through `data`: "regenerate" or "resplit").
async function apply(mutate, { reset = false, data = null } = {}) {
  await stop();
  const before = architectureKey(state.settings);
  const pointsBefore = state.points;
  mutate();
  if (data === "regenerate") await regenerate();
  if (data === "resplit") await resplit();
  if (state.points !== pointsBefore && state.model) log.restart(); // the replay starts from here
  state.settings = normalise(state.settings, state.points);
  if (reset || !state.model || architectureKey(state.settings) !== before) await newModel();
  fitActivations();
  await refresh();
  emit("settled");
  resume();
  emit("idle");
}

// ---------------------------------------------------------------- public actions, queued

export const change = (mutate, options) => act(() => apply(mutate, options));

// Anything that only reads the state (an export, a link): after the actions before it, counted as busy.
export const read = (task) => queued(task);

// What a setting's change needs: new data, a new split, a new network, or none of them.
const DATA_SETTINGS = new Set(["noise", "nPoints", "dataSeed", "classes"]);
const VIEW_SETTINGS = new Set(["showTest", "discretize"]); // only drawn: nothing for Python to do
export function setSetting(key, value) {
  if (VIEW_SETTINGS.has(key)) {
    emit("action");
    untouched = false;
    state.settings[key] = value;
    emit("draw");
    return;
  }
  change(() => (state.settings[key] = value), {
    reset: key === "seed",
    data: DATA_SETTINGS.has(key) ? "regenerate" : key === "trainRatio" ? "resplit" : null,
  });
}

export const setDataset = (name) => change(() => {
  const s = state.settings;
  const task = REGRESSION.has(name) ? "regression" : "classification";
  if (task !== s.task && task === "classification") s.loss = "bce"; // regression had forced MSE
  if (s.nPoints === N_POINTS[s.task]) s.nPoints = N_POINTS[task]; // TF's count for the kind, unless changed
  s.dataset = name;
  s.task = task;
  if (MULTICLASS_DATASETS.includes(name)) s.classes = Math.max(3, s.classes); // a many-class set: three at least
}, { reset: true, data: "regenerate" });

export const nextDataSeed = () => change(() => {
  state.settings.dataSeed = (state.settings.dataSeed + 1) % (SCHEMA.dataSeed.max + 1);
}, { data: "regenerate" });

export const setWeight = (k, j, i, w) => change(() => {
  state.model.layers[k].weights[j][i] = w;
  log.restart();
});

export const togglePlay = () => act(async () => {
  if (ui.playing) {
    setPlaying(false);
    await stop();
    emit("idle");
  } else {
    setPlaying(true);
    resume();
  }
});

// While the lesson is shown the playground pauses, as TF Playground does in a background tab: the one Python
// worker then answers the lesson at once. Shown again, it goes on from where it was.
export const setHidden = (on) => queued(async () => {
  viewHidden = on;
  if (on) await stop();
  else if (!training()) resume();
});

export const step = () => act(async () => {
  setPlaying(false);
  await stop();
  await start(1);
  emit("idle");
});

export function resetModel() {
  setPlaying(false);
  return change(() => {}, { reset: true });
}

// Everything back to the defaults.
export function resetAll() {
  setPlaying(false);
  return change(() => {
    Object.assign(state, initialState());
    untouched = true;
  }, { reset: true, data: "regenerate" });
}

// Points from a file: load() reads and checks them ({points, extent, task}), or returns null to change nothing.
export const importPoints = (load) => act(async () => {
  const data = await load();
  if (!data) return;
  await apply(() => {
    Object.assign(state, { points: data.points, extent: data.extent });
    state.settings.dataset = "custom";
    state.settings.task = data.task;
  }, { reset: true });
});

// A model from a file: load() reads and checks it ({model, features, hidden, activations}), or returns null.
export const importModel = (load) => act(async () => {
  const model = await load();
  if (!model) return false;
  setPlaying(false); // the new weights replace whatever a run would make
  await apply(() => {
    const s = state.settings;
    s.features = model.features;
    s.hidden = model.hidden;
    s.activations = model.activations;
    if (!["sigmoid", "softmax"].includes(model.activations.at(-1))) s.loss = "mse"; // normalise: softmax learns with cce
  });
  Object.assign(state, { model: model.model, epoch: 0, history: [] });
  fitActivations();
  log.restart();
  await refresh();
  emit("settled");
  emit("idle");
  return true;
});

// First start, and after a worker restart: everything is in the state, so training goes on from the last
// snapshot. The first start takes the state restore() returns ({state, running} from a link or the last
// visit, or null) and goes on training if it was. It may run before Python is ready (the build answered the
// defaults' calls); live: Python is ready, and its values replace the built ones.
let started = false;
export const startUp = (restore, { live = false } = {}) => queued(async () => {
  if (!started) {
    started = true;
    const saved = await restore();
    if (saved) {
      untouched = false;
      Object.assign(state, saved.state);
      fitActivations();
      if (saved.running) setPlaying(true);
    }
  }
  if (!state.points.length && state.settings.dataset !== "custom") await regenerate();
  if (!state.model) await newModel();
  await refresh();
  emit("settled");
  if (live) emit("live");
  resume();
});
