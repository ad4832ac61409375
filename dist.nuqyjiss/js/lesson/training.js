// Section 6: training. Train streams the lesson's log and the loss from a Python generator (lesson_page.train)
// that trains in short chunks; Stop cancels the stream between chunks, so the page stays responsive.
import { lessonPage } from "../api.js";
import { t, onLangChange } from "../i18n.js";
import { numberField, readAll } from "./fields.js";
import { num, tNodes, pyErrorSlot } from "./ui.js";
import { drawLoss, drawWaiting } from "./draw.js";
import { trained } from "./state.js";

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

  let losses = [];
  let epochs = 0;
  let status = () => ""; // makes the status line; called again on a language switch
  let frame = 0;
  const draw = () => {
    frame = 0;
    if (!losses.length) return drawWaiting(canvas, "loss", "train.empty");
    drawLoss(canvas, { loss: losses, titles: [t("chart.epoch"), t("chart.loss")] });
  };
  const render = () => {
    statusEl.replaceChildren(status());
    draw();
  };
  render();
  onLangChange(render);

  let run = null;
  let done = 0;
  const take = (p) => { // a chunk of the stream, or the whole run's end
    done = p.epoch;
    losses.push(...p.loss);
    log.append(p.log.map((line) => `${line}\n`).join(""));
    log.scrollTop = log.scrollHeight;
    trained.set(p.model);
  };
  const running = () => t("train.running", { epoch: done, epochs });
  const stopped = () => t("train.stopped", { epoch: done });

  start.addEventListener("click", async () => {
    const v = readAll(fields);
    if (!v || run) return;
    errors.clear();
    losses = [];
    epochs = v.epochs;
    done = 0;
    log.textContent = "";
    start.disabled = true;
    stop.disabled = false;
    status = running;
    render();
    run = lessonPage.train({ learningRate: v.learning_rate, epochs: v.epochs, seed: v.seed }, (p) => {
      take(p);
      statusEl.replaceChildren(status());
      frame ||= requestAnimationFrame(draw);
    });
    try {
      const r = await run.result;
      if (r.cancelled) status = stopped;
      else {
        take(r);
        const loss = losses[losses.length - 1];
        status = () => tNodes("train.done", { epochs: done, loss: num(loss) });
      }
    } catch (e) {
      errors.show(e);
      status = stopped;
    } finally {
      run = null;
      start.disabled = false;
      stop.disabled = true;
      render();
    }
  });
  stop.addEventListener("click", () => run?.cancel());
}
