// The playground's controller: one state object (state.js), user actions that change it, the training stream
// from the worker (playground.py) and drawing at display rate. Every model number comes from Python.
import { py } from "../boot.js";
import { t, bind, onLangChange } from "../i18n.js";
import {
  initialState, checkSetting, normalise, architectureKey, isRegression, pushHistory, REGRESSION, FEATURES, SCHEMA,
} from "./state.js";
import { paintGrid, paintPoints, paintCursor, paintChart } from "./draw.js";
import { Diagram, neuronName } from "./diagram.js";
import { EdgePanel } from "./edge.js";
import { fmt } from "./format.js";
import { initPersistence, MAX_POINTS, MAX_FILE_BYTES } from "./persistence.js";
import { download, readText } from "../persist.js";

const $ = (id) => document.getElementById(id);
const root = $("playground");

export const state = initialState();                     // the one serialisable state
// What the user is doing, never saved. cursor: the keyboard's crosshair on the points canvas, as fractions of its size.
const ui = { cls: 1, focus: null, playing: false, cursor: [0.5, 0.5] };
let view = null;      // the latest grids from the worker: {output, neurons, inputs, side, thumb}
let metrics = {};     // loss and accuracy of the model shown
let pending = null;   // the newest snapshot, drawn at the next frame
let run = null;       // the training stream, while one runs
let speed = null;     // {time, epoch} when the current run started, for epochs per second

// Actions run one after another, so a quick second click never sees a half-changed state.
// data-busy on <main> says whether any is still running (the browser tests wait on it).
let queue = Promise.resolve();
let acting = 0;
function act(fn) {
  acting++;
  root.dataset.busy = "true";
  queue = queue.then(fn).catch(report).finally(() => {
    if (--acting === 0) root.dataset.busy = "false";
  });
  return queue;
}

function report(e) {
  if (e?.key === "train.no_points") showMessage("err.train.no_points");
  else showMessage("pg.msg.error", { error: e });
  setPlaying(false);
}

// By key, so that a language switch says it again in the new language; no key clears it.
const showMessage = (key, params) => bind($("pg-message"), key, params);

const payload = () => ({ settings: state.settings, points: state.points, extent: state.extent, model: state.model, epoch: state.epoch });
const hasTraining = () => state.points.some((p) => !p[3]);

// ---------------------------------------------------------------- talking to Python

async function refresh() {
  if (!hasTraining()) {
    metrics = {};
    view = null;
    schedule();
    return;
  }
  const v = await py.call("playground.view", { state: payload() });
  view = { output: v.output, neurons: v.neurons, inputs: v.inputs, side: v.side, thumb: v.thumb };
  metrics = { loss: v.loss, test_loss: v.test_loss, accuracy: v.accuracy, test_accuracy: v.test_accuracy };
  schedule();
}

async function newModel() {
  state.model = await py.call("playground.new_model", { settings: state.settings });
  state.epoch = 0;
  state.history = [];
  persistence.log.newModel();
}

async function regenerate() {
  const data = await py.call("playground.generate", { settings: state.settings });
  state.points = data.points;
  state.extent = data.extent;
}

function start(maxEpochs = 0) {
  if (!hasTraining()) throw Object.assign(new Error("there are no training points"), { key: "train.no_points" });
  showMessage();
  speed = { time: performance.now(), epoch: state.epoch };
  persistence.log.runStarted();
  const stream = py.stream("playground.train", { state: payload(), max_epochs: maxEpochs }, (snap) => {
    pending = snap;
    schedule();
  });
  run = stream;
  const done = stream.result.then((result) => {
    if (run === stream) run = null;
    applyPending();
    if (result?.diverged) {
      showMessage("pg.msg.diverged");
      setPlaying(false);
    }
  }, (e) => {
    if (run === stream) run = null;
    if (e.name !== "Interrupted") report(e); // a worker restart resumes from the state, see "ready" below
  });
  return done;
}

// Stop the stream and keep its newest snapshot: the model goes on from there.
async function stop() {
  const stream = run;
  if (!stream) return;
  stream.cancel();
  await stream.result.catch(() => {});
  run = null;
  applyPending();
}

function applyPending() {
  const snap = pending;
  if (!snap) return;
  pending = null;
  state.model = snap.model;
  state.epoch = snap.epoch;
  persistence.log.snapshot(snap);
  if (snap.epochs) pushHistory(state.history, [snap.epoch, snap.loss, snap.test_loss ?? NaN]);
  view = { ...view, output: snap.output, neurons: snap.neurons };
  metrics = { loss: snap.loss, test_loss: snap.test_loss, accuracy: snap.accuracy, test_accuracy: snap.test_accuracy };
  edges.modelChanged(ui.playing);
}

// A change of settings or data: stop, change, renew what depends on it, and go on if it was training.
async function applyChange(mutate, { reset = false } = {}) {
  await stop();
  const before = architectureKey(state.settings);
  const pointsBefore = state.points;
  await mutate();
  if (state.points !== pointsBefore && state.model) persistence.log.restart(); // the replay starts from here
  state.settings = normalise(state.settings);
  if (reset || !state.model || architectureKey(state.settings) !== before) await newModel();
  state.model.layers.forEach((layer, k) => (layer.activation = state.settings.activations[k]));
  await refresh();
  syncControls();
  if (ui.playing) await startOrPause();
  edges.modelChanged(false);
}
const change = (mutate, options) => act(() => applyChange(mutate, options));

async function startOrPause() {
  if (hasTraining()) start();
  else {
    showMessage("err.train.no_points");
    setPlaying(false);
  }
}

function setPlaying(on) {
  ui.playing = on;
  const play = $("pg-play");
  play.setAttribute("aria-pressed", String(on));
  play.textContent = on ? "❚❚" : "▶"; // glyphs DejaVu Sans has (it lacks ⏸)
  play.setAttribute("aria-label", t(on ? "pg.pause" : "pg.play"));
  play.title = t(on ? "pg.pause" : "pg.play");
}

// ---------------------------------------------------------------- drawing, once per frame at most

let frame = 0;
function schedule() {
  frame ||= requestAnimationFrame(draw);
}

function draw() {
  frame = 0;
  applyPending();
  persistence.save();
  const s = state.settings;
  $("pg-epoch").textContent = String(state.epoch);
  const focused = ui.focus && view?.neurons ? focusLevels() : null;
  const heat = $("pg-heatmap");
  if (focused) paintGrid(heat, focused, view.thumb);
  else if (view?.output) paintGrid(heat, view.output, view.side);
  else heat.getContext("2d").clearRect(0, 0, heat.width, heat.height);
  $("pg-map-caption").textContent = focused ? t("pg.map.neuron", { name: focusName() }) : "";
  const canvas = $("pg-points");
  const scale = isRegression(s) ? Math.max(1e-9, ...state.points.map((p) => Math.abs(p[2]))) : 1;
  paintPoints(canvas, state.points, {
    toPixel,
    level: isRegression(s) ? (y) => y / scale : (y) => 2 * y - 1,
    showTest: s.showTest,
    highlight: edges.pointIndex(),
  });
  if (document.activeElement === canvas) paintCursor(canvas, ui.cursor[0] * canvas.width, ui.cursor[1] * canvas.height, reach());
  diagram.paint(state.model, view);
  paintChart($("pg-chart"), state.history);
  showStats();
}

function focusLevels() {
  const [k, j] = ui.focus;
  return k < 0 ? view.inputs?.[j] : view.neurons[k]?.[j];
}

function focusName() {
  const [k, j] = ui.focus;
  return neuronName(diagram.sizes, k, j);
}

function showStats() {
  $("pg-train-loss").textContent = fmt(metrics.loss);
  $("pg-test-loss").textContent = fmt(metrics.test_loss);
  const pct = (v) => (v === undefined || v === null ? "–" : `${(v * 100).toFixed(1)}\u00a0%`);
  $("pg-train-acc").textContent = pct(metrics.accuracy);
  $("pg-test-acc").textContent = pct(metrics.test_accuracy);
  for (const el of root.querySelectorAll(".pg-acc")) el.hidden = isRegression(state.settings);
  if (run && speed) {
    const seconds = (performance.now() - speed.time) / 1000;
    if (seconds > 0.5) $("pg-speed").textContent = String(Math.round((state.epoch - speed.epoch) / seconds));
  }
}

// ---------------------------------------------------------------- the diagram and the edge panel

const diagram = new Diagram($("pg-diagram"), {
  toggleFeature: (f) => {
    const on = state.settings.features.includes(f);
    if (on && state.settings.features.length === 1) return showMessage("pg.msg.needTwo");
    change(() => {
      const next = on ? state.settings.features.filter((x) => x !== f) : [...state.settings.features, f];
      state.settings.features = FEATURES.filter((x) => next.includes(x));
    });
  },
  addLayer: () => change(() => {
    const s = state.settings;
    s.hidden = [...s.hidden, s.hidden.at(-1) || 2];
    s.activations = [...s.activations.slice(0, -1), s.activations.at(-2) || "tanh", s.activations.at(-1)];
  }),
  removeLayer: () => change(() => {
    const s = state.settings;
    s.hidden = s.hidden.slice(0, -1);
    s.activations = [...s.activations.slice(0, s.hidden.length), s.activations.at(-1)];
  }),
  neurons: (k, delta) => change(() => {
    const hidden = [...state.settings.hidden];
    hidden[k] += delta;
    if (checkSetting("hidden", hidden).value) state.settings.hidden = hidden;
  }),
  activation: (k, name) => change(() => {
    const acts = [...state.settings.activations];
    acts[k] = name;
    state.settings.activations = acts;
  }),
  edge: (k, j, i) => edges.select([k, j, i]),
  focus: (k, j) => {
    ui.focus = k === null ? null : [k, j];
    schedule();
  },
});

const edges = new EdgePanel({
  py, payload, diagram,
  onWeight: (k, j, i, w) => change(() => {
    state.model.layers[k].weights[j][i] = w;
    persistence.log.restart();
  }),
  redraw: schedule,
  points: () => state.points,
  settings: () => state.settings,
  model: () => state.model,
});

// ---------------------------------------------------------------- controls

function syncControls() {
  const s = state.settings;
  for (const el of root.querySelectorAll("[data-setting]")) {
    const v = s[el.dataset.setting];
    if (el.type === "checkbox") el.checked = v;
    else if (document.activeElement !== el || el.getAttribute("aria-invalid") !== "true") el.value = String(v);
    const out = root.querySelector(`output[for="${el.id}"]`);
    if (out) out.textContent = String(v);
  }
  for (const b of root.querySelectorAll("[data-dataset]")) b.setAttribute("aria-checked", String(b.dataset.dataset === s.dataset));
  const generated = s.dataset !== "custom" && s.dataset !== "people";
  for (const id of ["pg-noise", "pg-nPoints", "pg-dataSeed", "pg-regenerate"]) $(id).disabled = !generated;
  $("pg-loss").querySelector('[value="bce"]').disabled = isRegression(s);
  for (const b of root.querySelectorAll("[data-class]")) {
    b.setAttribute("aria-checked", String(Number(b.dataset.class) === ui.cls));
    b.textContent = t(`pg.class.${b.dataset.class === "1" ? "pos" : "neg"}${isRegression(s) ? "Reg" : ""}`);
  }
  $("pg-regRate").disabled = s.regularization === "none";
  diagram.build(s, view?.thumb || 25);
  edges.build();
  schedule();
}

// What a setting's change needs: new data, a new network, or neither.
const DATA_SETTINGS = new Set(["noise", "nPoints", "dataSeed"]);

function onSetting(el) {
  const key = el.dataset.setting;
  const checked = checkSetting(key, el.type === "checkbox" ? el.checked : el.value);
  const error = el.closest("label")?.querySelector(".field-error");
  el.setAttribute("aria-invalid", String(!!checked.error));
  if (error) error.textContent = checked.error ? t(checked.error, checked.params) : "";
  if (checked.error) return;
  if (key === "showTest") {
    state.settings.showTest = checked.value;
    return schedule();
  }
  change(async () => {
    state.settings[key] = checked.value;
    if (DATA_SETTINGS.has(key)) await regenerate();
    if (key === "trainRatio") await resplit();
  }, { reset: key === "seed" });
}

async function resplit() {
  if (state.settings.dataset === "people") return;
  if (state.settings.dataset === "custom") {
    state.points = (await py.call("playground.resplit", { points: state.points, settings: state.settings })).points;
  } else await regenerate();
}

for (const el of root.querySelectorAll("[data-setting]")) {
  el.addEventListener("change", () => onSetting(el));
  if (el.type === "range") el.addEventListener("input", () => (root.querySelector(`output[for="${el.id}"]`).textContent = el.value));
}

for (const b of root.querySelectorAll("[data-dataset]")) {
  b.addEventListener("click", () => change(async () => {
    const s = state.settings;
    const task = REGRESSION.has(b.dataset.dataset) ? "regression" : "classification";
    if (task !== s.task && task === "classification") s.loss = "bce"; // regression had forced MSE
    s.dataset = b.dataset.dataset;
    s.task = task;
    await regenerate();
  }, { reset: true }));
}
$("pg-regenerate").addEventListener("click", () => change(async () => {
  state.settings.dataSeed = (state.settings.dataSeed + 1) % (SCHEMA.dataSeed.max + 1);
  await regenerate();
}));

for (const b of root.querySelectorAll("[data-class]")) {
  b.addEventListener("click", () => {
    ui.cls = Number(b.dataset.class);
    syncControls();
  });
}

$("pg-play").addEventListener("click", () => act(async () => {
  if (ui.playing) {
    setPlaying(false);
    await stop();
    edges.modelChanged(false);
  } else {
    setPlaying(true);
    await startOrPause();
  }
}));
$("pg-step").addEventListener("click", () => act(async () => {
  setPlaying(false);
  await stop();
  await start(1);
  edges.modelChanged(false);
}));
$("pg-reset").addEventListener("click", () => {
  setPlaying(false);
  change(() => {}, { reset: true });
});

// ---------------------------------------------------------------- points: add, remove, clear, CSV

// The points canvas in pixels: plane coordinates to pixels and back, and the point near a pixel.
const pointsCanvas = $("pg-points");
const toPixel = (x1, x2) => {
  const [c, e] = [pointsCanvas, state.extent];
  return [((x1 + e) / (2 * e)) * c.width, ((e - x2) / (2 * e)) * c.height];
};
const toPlane = (px, py) => {
  const [c, e] = [pointsCanvas, state.extent];
  return [-e + (px / c.width) * 2 * e, e - (py / c.height) * 2 * e];
};

// The index of the shown point nearest the pixel, if it is within a point's reach; else -1.
const reach = () => Math.max(6, pointsCanvas.width / 60);
function pointNear(px, py) {
  const radius = reach();
  let hit = -1;
  let best = radius * radius;
  state.points.forEach((p, k) => {
    if (p[3] && !state.settings.showTest) return;
    const [x, y] = toPixel(p[0], p[1]);
    const d = (x - px) ** 2 + (y - py) ** 2;
    if (d <= best) [hit, best] = [k, d];
  });
  return hit;
}

// A training point at the pixel, of the chosen class or (other) the other one.
function addPoint(px, py, other) {
  if (state.points.length >= MAX_POINTS) return showMessage("pg.points.full", { max: MAX_POINTS });
  const cls = other ? 1 - ui.cls : ui.cls;
  const label = isRegression(state.settings) ? 2 * cls - 1 : cls;
  const point = [...toPlane(px, py), label, 0];
  change(() => (state.points = [...state.points, point]));
}

const removePoint = (hit) => change(() => (state.points = state.points.filter((_, k) => k !== hit)));

// Pointer events: mouse, pen and touch alike. A click near a point removes it, elsewhere adds one.
pointsCanvas.addEventListener("pointerup", (ev) => {
  if (ev.button !== 0 || !ev.isPrimary) return;
  const box = pointsCanvas.getBoundingClientRect();
  const px = ((ev.clientX - box.left) / box.width) * pointsCanvas.width;
  const py = ((ev.clientY - box.top) / box.height) * pointsCanvas.height;
  const hit = pointNear(px, py);
  if (hit >= 0) removePoint(hit);
  else addPoint(px, py, ev.shiftKey);
});

// The keyboard: arrows move a crosshair (Shift: bigger steps), Enter or Space adds a point there (Shift: the
// other class), Delete or Backspace removes the point under it. The crosshair shows while the canvas has focus.
const STEP = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
pointsCanvas.addEventListener("keydown", (ev) => {
  const c = pointsCanvas;
  const [px, py] = ui.cursor.map((v, k) => v * (k ? c.height : c.width));
  if (ev.key in STEP) {
    const step = ev.shiftKey ? 0.1 : 0.02;
    ui.cursor = ui.cursor.map((v, k) => Math.min(1, Math.max(0, v + STEP[ev.key][k] * step)));
    schedule();
  } else if (ev.key === "Enter" || ev.key === " ") addPoint(px, py, ev.shiftKey);
  else if (ev.key === "Delete" || ev.key === "Backspace") {
    const hit = pointNear(px, py);
    if (hit >= 0) removePoint(hit);
    else showMessage("pg.points.noneNear");
  } else return;
  ev.preventDefault(); // no page scroll
});
for (const type of ["focus", "blur"]) pointsCanvas.addEventListener(type, schedule);

$("pg-clear").addEventListener("click", () => change(() => {
  state.points = [];
  state.settings.dataset = "custom";
}));

$("pg-export").addEventListener("click", () => act(async () => {
  download("perceptron-lab-data.csv", await py.call("playground.to_csv", { points: state.points }), "text/csv");
}));

// Nothing changes until the file parsed; the message says what was wrong.
$("pg-import").addEventListener("change", (ev) => {
  const file = ev.target.files[0];
  ev.target.value = "";
  if (!file) return;
  const msg = $("pg-csv-msg");
  act(async () => {
    let data;
    let error = null;
    try {
      data = await py.call("playground.parse_csv", { text: await readText(file, MAX_FILE_BYTES), settings: state.settings });
      if (data.count > MAX_POINTS) error = ["pg.csv.big", { n: data.count, max: MAX_POINTS }];
    } catch (e) {
      error = e;
    }
    msg.dataset.state = error ? "error" : "ok";
    if (error) return bind(msg, "pg.csv.bad", { file: file.name, error });
    bind(msg, "pg.csv.loaded", { n: data.count, file: file.name });
    await applyChange(() => {
      state.points = data.points;
      state.extent = data.extent;
      state.settings.dataset = "custom";
      state.settings.task = data.task;
    }, { reset: true });
  });
});

// ---------------------------------------------------------------- start

onLangChange(() => {
  setPlaying(ui.playing);
  syncControls();
});
setPlaying(false);
syncControls();
window.addEventListener("resize", () => {
  diagram.build(state.settings, view?.thumb || 25);
  schedule();
});

// Saving, sharing, exporting: it reaches into the page through these.
const persistence = initPersistence({
  state, ui, py, act, applyChange, regenerate, setPlaying, payload,
  refreshAll: async () => {
    await refresh();
    syncControls();
    edges.modelChanged(false);
  },
});

// First start, and after a worker restart: everything is in the state, so training goes on from the last snapshot.
// The first start restores the state of a link or of the last visit, and goes on training if it was.
let restored = false;
const onReady = () => act(async () => {
  if (!restored) {
    restored = true;
    if (await persistence.restore()) setPlaying(true);
  }
  if (!state.points.length && state.settings.dataset !== "custom") await regenerate();
  if (!state.model) await newModel();
  await refresh();
  syncControls();
  root.dataset.ready = "true";
  if (ui.playing) await startOrPause();
});
py.events.addEventListener("ready", onReady);
if (py.info) onReady();

// For the browser tests and the console.
globalThis.perceptronLab.playground = { state, ui };
