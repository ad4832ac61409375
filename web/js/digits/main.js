// The digits page: the worker learns the 8×8 handwritten digits (web/py/digits.py) and streams an epoch at a
// time, which this draws; the drawing pad asks it, as the visitor draws, what their digit is. Every number
// comes from Python.
import { bind, onLangChange } from "../i18n.js";
import { digits } from "../api.js";
import { DIGITS_HIDDEN, DIGITS_DEFAULT_HIDDEN } from "../contract.js";
import { colour, paintGrid, paintChart } from "../playground/draw.js";
import { fmt } from "../playground/format.js";
import { drawingPad } from "./pad.js";

const $ = (id) => document.getElementById(id);
const root = $("digits");
const CLASSES = 10;
const SIDE = 8;
const LEVELS = 16; // a pixel of the data set counts the on pixels of a 4 × 4 block: 0..16

const state = {
  hidden: DIGITS_DEFAULT_HIDDEN,
  seed: 0, // "New network" starts from the next one
  model: null,
  weights: null,
  epoch: 0,
  history: [], // [epoch, train loss, test loss]
  last: null, // the latest epoch's snapshot: losses, accuracies, confusion, misclassified
  speed: null,
};
let run = null; // the training stream, while it runs
let network = 0; // counts new networks: what a run streams about an older one is dropped
let built; // the newest network's creation: Train pressed before it is there waits for it

const showMessage = (key, params) => bind($("dg-message"), key, params);
const percent = (share) => (share == null ? "–" : `${(100 * share).toFixed(1)} %`);

// ---------------------------------------------------------------- the data, fetched once when first trained on

let csv = null;
function data() {
  csv ??= fetch("data/digits.csv").then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))));
  csv.catch(() => (csv = null)); // the next click tries again
  return csv;
}

// ---------------------------------------------------------------- training

function newNetwork() {
  return (built = create());
}

async function create() {
  run?.cancel();
  const { model, weights } = await digits.newModel({ hidden: state.hidden, seed: state.seed });
  run?.cancel(); // one started meanwhile trains the network replaced
  network++;
  Object.assign(state, { model, weights, epoch: 0, history: [], last: null, speed: null });
  showMessage();
  schedule();
  predict();
}

async function train() {
  if (root.dataset.training === "true") return run?.cancel();
  setTraining(true);
  showMessage();
  const text = await data().catch((error) => showMessage("dg.msg.data", { error }));
  try {
    if (text === undefined) return;
    await built;
    const mine = network;
    const start = { time: performance.now(), epoch: state.epoch };
    run = digits.train({ csv: text, model: state.model, epoch: state.epoch }, (snapshot) => {
      if (mine !== network) return;
      const { epoch, model, weights, loss, testLoss } = snapshot;
      const speed = (1000 * (epoch - start.epoch)) / (performance.now() - start.time);
      Object.assign(state, { model, weights, epoch, last: snapshot, speed });
      state.history.push([epoch, loss, testLoss]);
      schedule();
      predict();
    });
    await run.result;
  } catch (error) {
    showMessage("dg.msg.error", { error });
  } finally {
    run = null;
    setTraining(false);
  }
}

function setTraining(on) {
  root.dataset.training = String(on);
  $("dg-train").setAttribute("aria-pressed", String(on));
  bind($("dg-train"), on ? "dg.stop" : "dg.train");
}

// ---------------------------------------------------------------- drawing, once per frame at most

let frame = 0;
function schedule() {
  frame ||= requestAnimationFrame(draw);
}

function draw() {
  frame = 0;
  const s = state.last;
  $("dg-epoch").textContent = String(state.epoch);
  $("dg-train-loss").textContent = fmt(s?.loss);
  $("dg-test-loss").textContent = fmt(s?.testLoss);
  $("dg-train-acc").textContent = percent(s?.accuracy);
  $("dg-test-acc").textContent = percent(s?.testAccuracy);
  $("dg-speed").textContent = state.speed == null ? "–" : state.speed.toFixed(1);
  paintChart($("dg-chart"), state.history);
  drawConfusion(s?.confusion);
  drawWrong(s?.misclassified);
  drawWeights(state.weights);
}

// An 8×8 image of the data set (counts 0..16) as dark ink on white.
function paintDigit(canvas, pixels) {
  Object.assign(canvas, { width: SIDE, height: SIDE });
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(SIDE, SIDE);
  pixels.forEach((v, k) => {
    image.data.fill(255 - Math.round((255 * v) / LEVELS), 4 * k, 4 * k + 3);
    image.data[4 * k + 3] = 255;
  });
  ctx.putImageData(image, 0, 0);
}

function picture(paint, key, params) {
  const figure = document.createElement("figure");
  const canvas = Object.assign(document.createElement("canvas"), { className: "dg-digit" });
  canvas.setAttribute("role", "img");
  bind(canvas, key, params, { attr: "aria-label" });
  paint(canvas);
  figure.append(canvas);
  return figure;
}

function drawWeights(weights) {
  $("dg-weights").replaceChildren(...(weights ?? []).map((row, j) =>
    picture((canvas) => paintGrid(canvas, row, SIDE), "dg.weights.neuron", { n: j + 1 })));
}

function drawWrong(wrong) {
  if (!wrong?.labels.length) {
    const none = document.createElement("p");
    bind(none, wrong ? "dg.wrong.perfect" : "dg.wrong.none");
    return $("dg-wrong").replaceChildren(none);
  }
  $("dg-wrong").replaceChildren(...wrong.labels.map((label, k) => {
    const predicted = wrong.predicted[k];
    const figure = picture((canvas) => paintDigit(canvas, wrong.images[k]),
      "dg.wrong.image", { label, predicted });
    figure.append(Object.assign(document.createElement("figcaption"), { textContent: `${label} → ${predicted}` }));
    return figure;
  }));
}

// The table's cells once, then only their numbers and shades: blue the right answers, orange the mistakes,
// by their share of the row's images.
function drawConfusion(counts) {
  const table = $("dg-confusion");
  if (table.rows.length !== CLASSES + 1) {
    const head = document.createElement("tr");
    const corner = document.createElement("th");
    bind(corner, "dg.confusion.corner");
    head.append(corner, ...Array.from({ length: CLASSES }, (_, j) => Object.assign(document.createElement("th"), { scope: "col", textContent: j })));
    const rows = Array.from({ length: CLASSES }, (_, i) => {
      const tr = document.createElement("tr");
      tr.append(Object.assign(document.createElement("th"), { scope: "row", textContent: i }),
        ...Array.from({ length: CLASSES }, () => document.createElement("td")));
      return tr;
    });
    table.replaceChildren(head, ...rows);
  }
  for (let i = 0; i < CLASSES; i++) {
    const total = counts ? counts[i].reduce((a, b) => a + b, 0) : 0;
    for (let j = 0; j < CLASSES; j++) {
      const cell = table.rows[i + 1].cells[j + 1];
      const n = counts ? counts[i][j] : null;
      cell.textContent = n ?? "";
      const share = total ? n / total : 0;
      // At most 0.6 of the full blue, so that the count's dark text keeps a 4.5:1 contrast on it.
      cell.style.background = n ? colour(i === j ? 0.6 * share : -Math.min(1, 4 * share)) : "";
    }
  }
}

// ---------------------------------------------------------------- the pad: one question to Python at a time

const pad = drawingPad($("dg-pad"), predict);
let asking = false;
let again = false;

async function predict() {
  if (asking) return void (again = true);
  asking = true;
  root.dataset.predicting = "true"; // the browser tests wait for the answer to the last stroke
  try {
    do {
      again = false;
      showPrediction(pad.empty() || !state.model ? null : await digits.predict({ model: state.model, ink: pad.ink() }));
    } while (again);
  } catch (error) {
    showMessage("dg.msg.error", { error });
  } finally {
    asking = false;
    root.dataset.predicting = "false";
  }
}

function showPrediction(answer) {
  const p = answer?.probabilities;
  const best = p ? p.indexOf(Math.max(...p)) : null;
  $("dg-guess").textContent = best ?? "–";
  if (answer) paintDigit($("dg-seen"), answer.pixels);
  else $("dg-seen").getContext("2d").clearRect(0, 0, SIDE, SIDE);
  $("dg-probs").replaceChildren(...Array.from({ length: CLASSES }, (_, k) => {
    const li = document.createElement("li");
    li.classList.toggle("dg-best", k === best);
    const bar = document.createElement("span");
    bar.className = "dg-bar";
    bar.style.setProperty("--share", p ? p[k] : 0);
    li.append(Object.assign(document.createElement("span"), { className: "dg-class", textContent: k }), bar,
      Object.assign(document.createElement("span"), { className: "dg-p num", textContent: p ? percent(p[k]) : "–" }));
    return li;
  }));
}

// ---------------------------------------------------------------- controls

$("dg-hidden").replaceChildren(...DIGITS_HIDDEN.map((n) => new Option(n, n, false, n === state.hidden)));
$("dg-hidden").addEventListener("change", (e) => {
  state.hidden = Number(e.target.value);
  newNetwork();
});
$("dg-reset").addEventListener("click", () => {
  state.seed++;
  newNetwork();
});
$("dg-train").addEventListener("click", train);
$("dg-clear").addEventListener("click", () => pad.clear());
onLangChange(schedule);

setTraining(false);
showPrediction(null);
newNetwork().then(() => (root.dataset.ready = "true"));
