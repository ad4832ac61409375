// The playground's controller: the page's controls call the store's actions (store.js), and the store's state
// and Python's latest grids are drawn at display rate. Every model number comes from Python.
import { py } from "../boot.js";
import { t, bind, onLangChange } from "../i18n.js";
import { playground } from "../api.js";
import { checkSetting, isRegression, outputCount, FEATURES, MULTICLASS_DATASETS, MAX_CLASSES } from "./state.js";
import * as store from "./store.js";
import { paintGrid, paintPoints, paintCursor, paintChart, paintThumbnail, colour, classColour } from "./draw.js";
import { Diagram, neuronName, arrowMove } from "./diagram.js";
import { EdgePanel } from "./edge.js";
import { fmt } from "./format.js";
import { restore, MAX_FILE_BYTES } from "./saving.js";
import { MAX_POINTS, LESSON_TRAINING_SET } from "../contract.js";
import { download, readText } from "../storage.js";

const $ = (id) => document.getElementById(id);
const root = $("playground");
const { state, ui, shown, change } = store;

// By key, so that a language switch says it again in the new language; no key clears it.
const showMessage = (key, params) => bind($("pg-message"), key, params);

store.on("busy", (busy) => (root.dataset.busy = String(busy))); // the browser tests wait on it
store.on("message", ({ key, params }) => showMessage(key, params));
store.on("action", () => {
  showMessage();
  bind($("pg-csv-msg"), null);
});
// Epochs per second are of one run with its settings and data: a change makes them unknown until measured anew.
store.on("settled", () => ($("pg-speed").textContent = "–"));
store.on("draw", schedule);
store.on("playing", showPlaying);
store.on("settled", syncControls);
store.on("idle", () => edges.modelChanged(false));
store.on("trained", () => edges.modelChanged(ui.playing));
store.on("live", () => (root.dataset.ready = "true"));

function showPlaying(on) {
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
  store.takeSnapshot();
  const { view } = shown;
  const s = state.settings;
  $("pg-epoch").textContent = String(state.epoch);
  const focused = ui.focus && view?.neurons ? focusLevels() : null;
  const heat = $("pg-heatmap");
  if (focused) paintGrid(heat, focused, view.thumb, s.discretize, diagram.tint(...ui.focus));
  else if (view?.output) paintGrid(heat, view.output, view.side, s.discretize, view.winner ?? null);
  else heat.getContext("2d").clearRect(0, 0, heat.width, heat.height);
  $("pg-map-caption").textContent = focused ? t("pg.map.neuron", { name: focusName() }) : "";
  const canvas = $("pg-points");
  paintPoints(canvas, state.points, {
    toPixel,
    colourOf: pointColour(),
    showTest: s.showTest,
    highlight: edges.pointIndex(),
    labels: s.dataset === "people" && state.points.length === PEOPLE.length ? PEOPLE.map((p) => t(`person.${p}`)) : null,
  });
  if (document.activeElement === canvas) paintCursor(canvas, ui.cursor[0] * canvas.width, ui.cursor[1] * canvas.height, reach());
  diagram.paint(state.model, view);
  paintChart($("pg-chart"), state.history);
  showStats();
}

// The lesson's people in the order playground.generate gives them: its four to train, Emily and Frank to test.
const PEOPLE = [...LESSON_TRAINING_SET, "emily", "frank"];

// A point's colour from its label: its class's, or the level in [-1, 1] of its target relative to the largest
// |target|.
function pointColour() {
  if (!isRegression(state.settings)) return classColour;
  const scale = targetScale();
  return (y) => colour(y / scale);
}
const targetScale = () => Math.max(1e-9, ...state.points.map((p) => Math.abs(p[2])));

// A class's name: its colour and number ("Blue (1)"); a regression's two buttons add +1 and -1.
const className = (c) => t(c < 2 ? `pg.class.${c ? "pos" : "neg"}${isRegression(state.settings) ? "Reg" : ""}` : `pg.class.c${c}`);

function focusLevels() {
  const { view } = shown;
  const [k, j] = ui.focus;
  return k < 0 ? view.inputs?.[j] : view.neurons[k]?.[j];
}

function focusName() {
  const [k, j] = ui.focus;
  return neuronName(diagram.sizes, k, j);
}

function showStats() {
  const { metrics } = shown;
  $("pg-train-loss").textContent = fmt(metrics.loss);
  $("pg-test-loss").textContent = fmt(metrics.testLoss);
  const pct = (v) => (v === undefined || v === null ? "–" : `${(v * 100).toFixed(1)}\u00a0%`);
  $("pg-train-acc").textContent = pct(metrics.accuracy);
  $("pg-test-acc").textContent = pct(metrics.testAccuracy);
  for (const el of root.querySelectorAll(".pg-acc")) el.hidden = isRegression(state.settings);
  if (store.training()) {
    const seconds = (performance.now() - store.speed.time) / 1000;
    if (seconds > 0.5) $("pg-speed").textContent = String(Math.round((state.epoch - store.speed.epoch) / seconds));
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
  edge: (k, j, i, at) => {
    edges.select([k, j, i]);
    edges.openEditor(at);
  },
  focus: (k, j) => {
    ui.focus = k === null ? null : [k, j];
    schedule();
  },
});

const edges = new EdgePanel({
  payload: store.payload, diagram,
  onWeight: store.setWeight,
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
    const bad = el.getAttribute("aria-invalid") === "true";
    if (el.type === "checkbox") el.checked = v;
    else if (document.activeElement !== el || !bad) {
      el.value = String(v);
      if (bad) showFieldError(el, {}); // the bad value it spoke of was left for another action
    }
    const out = root.querySelector(`output[for="${el.id}"]`);
    if (out) out.textContent = String(v);
  }
  checkRadios($("pg-datasets"), (b) => b.dataset.dataset === s.dataset);
  if (s.dataset === "custom") ownThumbnail();
  const generated = s.dataset !== "custom" && s.dataset !== "people";
  for (const id of ["pg-noise", "pg-nPoints", "pg-dataSeed", "pg-regenerate"]) $(id).disabled = !generated;
  $("pg-classCount").closest("label").hidden = !MULTICLASS_DATASETS.includes(s.dataset);
  // the losses that fit: MSE for regression, cce for many classes, bce or MSE for two
  const many = outputCount(s) > 1;
  for (const option of $("pg-loss").options) {
    option.disabled = { bce: isRegression(s) || many, mse: many, cce: !many }[option.value];
  }
  showClasses();
  $("pg-regRate").disabled = s.regularization === "none";
  showAxes();
  diagram.build(s, shown.view?.thumb || 25);
  edges.build();
  schedule();
}

// The class picker for new points: each class of the data and one more, to start a new class (up to MAX_CLASSES);
// Blue and Orange first as they always were. With many classes, a legend of their colours under the map.
function showClasses() {
  const s = state.settings;
  const offered = isRegression(s) ? 2 : Math.min(s.classes + 1, MAX_CLASSES);
  if (ui.cls >= offered) ui.cls = 1;
  const item = (tag, c) => {
    const el = Object.assign(document.createElement(tag), { className: "pg-class", textContent: className(c) });
    el.style.setProperty("--swatch", classColour(c));
    return el;
  };
  const order = [1, 0, ...Array.from({ length: offered - 2 }, (_, k) => k + 2)];
  $("pg-classes").replaceChildren(...order.map((c) => {
    const b = Object.assign(item("button", c), { type: "button" });
    b.dataset.class = String(c);
    b.setAttribute("role", "radio");
    return b;
  }));
  checkRadios($("pg-classes"), (b) => Number(b.dataset.class) === ui.cls);
  const many = outputCount(s) > 1;
  $("pg-class-legend").hidden = !many;
  $("pg-scale").hidden = many;
  $("pg-class-legend").replaceChildren(...(many ? Array.from({ length: s.classes }, (_, c) => item("li", c)) : []));
}

// Ticks on the map's axes: every integer of TF Playground's [-6, 6], or a round step for a wider view.
function showAxes() {
  const e = state.extent;
  const rough = (2 * e) / 12;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= rough - 1e-9);
  const values = [];
  for (let v = Math.ceil(-e / step) * step; v <= e + 1e-9; v += step) values.push(Number(v.toPrecision(6)));
  const tick = (v, side) => {
    const span = document.createElement("span");
    span.textContent = String(v).replace("-", "−");
    span.style[side] = `${(side === "left" ? (v + e) / (2 * e) : (e - v) / (2 * e)) * 100}%`;
    return span;
  };
  $("pg-axis-x").replaceChildren(...values.map((v) => tick(v, "left")));
  $("pg-axis-y").replaceChildren(...values.map((v) => tick(v, "top")));
}

function showFieldError(el, checked) {
  const error = el.closest("label")?.querySelector(".field-error");
  el.setAttribute("aria-invalid", String(!!checked.error));
  if (error) error.textContent = checked.error ? t(checked.error, checked.params) : "";
}

function onSetting(el) {
  const key = el.dataset.setting;
  const checked = checkSetting(key, el.type === "checkbox" ? el.checked : el.value);
  showFieldError(el, checked);
  if (checked.error) return;
  store.setSetting(key, checked.value);
}

for (const el of root.querySelectorAll("[data-setting]")) {
  el.addEventListener("change", () => onSetting(el));
  if (el.type === "range") el.addEventListener("input", () => (root.querySelector(`output[for="${el.id}"]`).textContent = el.value));
}

// A radio group as ARIA describes it: one Tab stop (the checked radio); the arrow keys go to the next or
// previous enabled radio and choose it.
function radioGroup(group, choose) {
  group.addEventListener("click", (ev) => {
    const radio = ev.target.closest("[role=radio]");
    if (radio && !radio.disabled) choose(radio);
  });
  group.addEventListener("keydown", (ev) => {
    const next = arrowMove(ev.key, [...group.querySelectorAll("[role=radio]:not(:disabled)")], ev.target.closest("[role=radio]"));
    if (!next) return;
    ev.preventDefault();
    next.focus();
    choose(next);
  });
}

// The Tab stop is the checked radio, or the first enabled one when that is disabled ("Your own").
function checkRadios(group, isChecked) {
  const radios = [...group.querySelectorAll("[role=radio]")];
  for (const radio of radios) radio.setAttribute("aria-checked", String(isChecked(radio)));
  const stop = radios.find((r) => isChecked(r) && !r.disabled) || radios.find((r) => !r.disabled);
  for (const radio of radios) radio.tabIndex = radio === stop ? 0 : -1;
}

radioGroup($("pg-datasets"), (b) => store.setDataset(b.dataset.dataset));
$("pg-classCount").max = String(MAX_CLASSES);
radioGroup($("pg-classes"), (b) => {
  ui.cls = Number(b.dataset.class);
  syncControls();
});
$("pg-regenerate").addEventListener("click", store.nextDataSeed);

// Each data set's button shows its points, as TF Playground's: drawn from Python's thumbnails (the build's
// answer at first, so they show at once), and your own points on "Your own".
const thumbnail = (name) => root.querySelector(`[data-dataset="${name}"] canvas`);
playground.thumbnails().then(({ points, classes }) => {
  for (const [name, bytes] of Object.entries(points)) paintThumbnail(thumbnail(name), bytes, classes.includes(name));
});
function ownThumbnail() {
  const e = state.extent;
  const scale = targetScale();
  const classed = !isRegression(state.settings);
  const bytes = state.points.flatMap(([x1, x2, y]) => [(x1 + e) / (2 * e), (x2 + e) / (2 * e)]
    .map((v) => Math.round(v * 255)).concat(classed ? y : Math.round((y / scale + 1) * 127.5)));
  paintThumbnail(thumbnail("custom"), bytes, classed);
}

$("pg-play").addEventListener("click", store.togglePlay);
$("pg-step").addEventListener("click", store.step);
$("pg-reset").addEventListener("click", store.resetModel);

// ---------------------------------------------------------------- points: add, remove, clear, CSV

// The points canvas in pixels: plane coordinates to pixels and back, and the point near a pixel. Its pixels are
// the map's displayed size times the screen's pixel ratio, so dots and names are sharp at any width.
const pointsCanvas = $("pg-points");
new ResizeObserver(() => {
  const side = Math.round(pointsCanvas.clientWidth * (globalThis.devicePixelRatio || 1));
  if (side && side !== pointsCanvas.width) {
    pointsCanvas.width = pointsCanvas.height = side;
    schedule();
  }
}).observe(pointsCanvas);
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

// A training point at the pixel, of the chosen class or (other) the other one of Blue and Orange.
function addPoint(px, py, other) {
  if (state.points.length >= MAX_POINTS) return showMessage("pg.points.full", { max: MAX_POINTS });
  const cls = other ? Number(ui.cls === 0) : ui.cls;
  const label = isRegression(state.settings) ? 2 * cls - 1 : cls;
  const point = [...toPlane(px, py), label, 0];
  change(() => (state.points = [...state.points, point])).then(() => sayPoint("pg.points.added", point, cls));
}

function removePoint(hit) {
  const point = state.points[hit];
  const cls = isRegression(state.settings) ? Number(point[2] > 0) : point[2];
  change(() => (state.points = state.points.filter((_, k) => k !== hit))).then(() => sayPoint("pg.points.removed", point, cls));
}

// What a click or key did to the points, for a screen reader (the map itself is a picture).
const sayPoint = (key, [x1, x2], cls) =>
  bind($("pg-points-said"), key, { cls: className(cls), x1: fmt(x1), x2: fmt(x2), n: state.points.length });

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

$("pg-export").addEventListener("click", () => store.read(async () => {
  download("perceptron-lab-data.csv", await playground.toCsv({ points: state.points }), "text/csv");
}));

// Nothing changes until the file parsed; the message says what was wrong.
$("pg-import").addEventListener("change", (ev) => {
  const file = ev.target.files[0];
  ev.target.value = "";
  if (!file) return;
  const msg = $("pg-csv-msg");
  store.importPoints(async () => {
    let data;
    let error = null;
    try {
      data = await playground.parseCsv({ text: await readText(file, MAX_FILE_BYTES), settings: state.settings });
      if (data.count > MAX_POINTS) error = ["pg.csv.big", { n: data.count, max: MAX_POINTS }];
    } catch (e) {
      error = e;
    }
    msg.dataset.state = error ? "error" : "ok";
    if (error) {
      bind(msg, "pg.csv.bad", { file: file.name, error });
      return null;
    }
    bind(msg, "pg.csv.loaded", { n: data.count, file: file.name });
    return data;
  });
});

// ---------------------------------------------------------------- start

onLangChange(() => {
  showPlaying(ui.playing);
  syncControls();
});
showPlaying(false);
syncControls();
const relayout = () => {
  diagram.build(state.settings, shown.view?.thumb || 25);
  schedule();
};
window.addEventListener("resize", relayout);
// Hidden and shown again by router.js when the visitor moves to the lesson and back.
root.addEventListener("viewhide", () => store.setHidden(true));
root.addEventListener("viewshow", () => {
  relayout(); // the diagram's width was not measurable while hidden
  store.setHidden(false);
});

// At once: the calls the build answered (the default data, network and maps) draw the first view before Python
// is ready; any other call waits in the worker until it is. Then, at Python's start and after a worker restart,
// the store goes on from its state with Python's own values.
store.startUp(restore);
const onReady = () => store.startUp(restore, { live: true });
py.events.addEventListener("ready", onReady);
if (py.info) onReady();

// For the browser tests and the console.
globalThis.perceptronLab.playground = { state, ui };
