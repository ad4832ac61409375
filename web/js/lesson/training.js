// Section 6: training. Train streams the lesson's log and the loss from a Python generator (lesson_page.train)
// that trains in short chunks; Stop cancels the stream between chunks, so the page stays responsive.
// The run is kept in this browser by keep.js: initTraining() returns {saved(), restore(run), clear(), onChange(f)}
// with a run as {model, curve: lossCurve(...), log: [lines], epoch: epochs done, finished: true unless stopped};
// f(some) hears of every change, some false when there is no run to keep.
import { lessonPage } from "../api.js";
import { t, onLangChange } from "../i18n.js";
import { numberField, readAll } from "./fields.js";
import { num, tNodes, pyErrorSlot } from "./ui.js";
import { drawLoss, drawWaiting, lossCurve, sampleIndices } from "./draw.js";
import { trained } from "./state.js";

// Lines of the log a saved run keeps: 10,000 epochs' worth; a longer run keeps every k-th line and the last
// (each line names its epoch, so what is shown stays true).
const MAX_SAVED_LINES = 1000;
const MAX_CURVE_POINTS = 1000; // lossCurve keeps at most 801
const NO_RUN = { model: null, curve: null, log: [], epoch: 0, finished: false };

// A saved run with every part of the type the section draws, or null. Its network is checked by Python.
export function checkRun(run) {
  const finite = (x) => typeof x === "number" && Number.isFinite(x);
  const count = (x) => Number.isInteger(x) && x >= 0;
  const c = run.curve;
  const ok = run.model?.constructor === Object && count(run.epoch) && typeof run.finished === "boolean"
    && Array.isArray(run.log) && run.log.length <= MAX_SAVED_LINES + 1
    && run.log.every((line) => typeof line === "string" && line.length <= 100)
    && c?.constructor === Object && count(c.epochs) && finite(c.top) && Array.isArray(c.points)
    && c.points.length > 0 && c.points.length <= MAX_CURVE_POINTS
    && c.points.every((p) => Array.isArray(p) && p.length === 2 && count(p[0]) && p[0] < c.epochs && finite(p[1]));
  return ok ? { model: run.model, curve: c, log: run.log, epoch: run.epoch, finished: run.finished } : null;
}

export function initTraining() {
  const fields = [ // the lesson's learning rate and epochs; seed 0 gives the lesson's Emily 0.949, Frank 0.040
    numberField({ name: "learning_rate", labelKey: "train.lr", value: 0.1, above: 0, max: 10 }),
    numberField({ name: "epochs", labelKey: "train.epochs", value: 1000, int: true, min: 1, max: 100000 }),
    numberField({ name: "seed", labelKey: "train.seed", value: 0, int: true, min: 0, max: 2 ** 32 - 1 }),
  ];
  document.getElementById("train-fields").replaceChildren(...fields.map((f) => f.el));
  const start = document.getElementById("train-start");
  const stop = document.getElementById("train-stop");
  const statusEl = document.getElementById("train-status");
  const log = document.getElementById("train-log");
  const canvas = document.getElementById("train-canvas");
  const errors = pyErrorSlot(document.getElementById("train-error"));
  const listeners = new Set();
  const changed = () => listeners.forEach((f) => f(Boolean(trained.model))); // is there a run to keep?

  let losses = []; // the loss after every epoch of the run on screen
  let curve = null; // a restored run's chart: its losses are not kept
  let lines = [];
  let epochs = 0;
  let done = 0;
  let finished = false;
  let status = () => ""; // makes the status line; called again on a language switch
  let frame = 0;
  const draw = () => {
    frame = 0;
    const c = curve ?? lossCurve(losses);
    if (!c) return drawWaiting(canvas, "train.empty");
    drawLoss(canvas, { curve: c, titles: [t("chart.epoch"), t("chart.loss")] });
  };
  const render = () => {
    statusEl.replaceChildren(status());
    draw();
  };
  render();
  onLangChange(render);

  let run = null;
  const take = (p) => { // a chunk of the stream, or the whole run's end
    done = p.epoch;
    losses.push(...p.loss);
    lines.push(...p.log);
    log.append(p.log.map((line) => `${line}\n`).join(""));
    log.scrollTop = log.scrollHeight;
    trained.set(p.model);
    changed();
  };
  const running = () => t("train.running", { epoch: done, epochs });
  const stopped = () => t("train.stopped", { epoch: done });
  const ended = () => tNodes("train.done", { epochs: done, loss: num(curve ? curve.points.at(-1)[1] : losses.at(-1)) });

  // The run on screen becomes `next` (a run as saved, or an empty one).
  function show(next) {
    run?.cancel();
    run = null;
    ({ epoch: done, finished } = next);
    losses = [];
    curve = next.curve;
    lines = [...next.log];
    log.textContent = lines.map((line) => `${line}\n`).join("");
    status = !next.model ? () => "" : finished ? ended : stopped;
    start.disabled = false;
    stop.disabled = true;
    errors.clear();
    render();
    trained.set(next.model);
    changed();
  }

  start.addEventListener("click", async () => {
    const v = readAll(fields);
    if (!v || run) return;
    show(NO_RUN);
    epochs = v.epochs;
    start.disabled = true;
    stop.disabled = false;
    status = running;
    render();
    const mine = run = lessonPage.train({ learningRate: v.learning_rate, epochs: v.epochs, seed: v.seed }, (p) => {
      if (run !== mine) return;
      take(p);
      statusEl.replaceChildren(status());
      frame ||= requestAnimationFrame(draw);
    });
    try {
      const r = await mine.result;
      if (run !== mine) return; // cleared meanwhile
      if (r.cancelled) status = stopped;
      else {
        finished = true;
        take(r);
        status = ended;
      }
    } catch (e) {
      if (run !== mine) return;
      errors.show(e);
      status = stopped;
    }
    run = null;
    start.disabled = false;
    stop.disabled = true;
    render();
    changed();
  });
  stop.addEventListener("click", () => run?.cancel());

  return {
    // The run to keep, or null when none has made a network yet. A run still going is kept as stopped here.
    saved: () => trained.model && {
      model: trained.model,
      curve: curve ?? lossCurve(losses),
      log: sampleIndices(lines.length, MAX_SAVED_LINES).map((i) => lines[i]),
      epoch: done,
      finished,
    },
    restore: show,
    clear: () => show(NO_RUN),
    onChange: (f) => listeners.add(f),
  };
}
