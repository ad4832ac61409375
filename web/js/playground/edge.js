// The edge panel: choose one weight (click a line, or the three selects), edit its value, and read the chain
// rule of its gradient for one data point, from the core's backprop_trace and chain_rule. A clicked line (or
// Enter on a focused one) also opens a small editor of its weight right there, as TF Playground's.
import { t, errorText } from "../i18n.js";
import { playground } from "../api.js";
import { layerSizes } from "./store.js";
import { neuronName, sourceName } from "./diagram.js";
import { fmt } from "./format.js";

const $ = (id) => document.getElementById(id);
const CHAIN_EVERY_MS = 400; // while training, the chain is recomputed at most this often

function option(value, text) {
  return Object.assign(document.createElement("option"), { value: String(value), textContent: text });
}

function line(className, text) {
  return Object.assign(document.createElement("p"), { className, textContent: text });
}

// A typed weight: the number, or null with the reason shown next to the field (what was typed stays).
function readWeight(input, error) {
  const v = input.value.trim() === "" ? NaN : Number(input.value);
  const bad = !Number.isFinite(v);
  input.setAttribute("aria-invalid", String(bad));
  error.textContent = bad ? t("pg.err.weight") : "";
  return bad ? null : v;
}

export class EdgePanel {
  constructor({ payload, diagram, onWeight, redraw, points, settings, model }) {
    Object.assign(this, { payload, diagram, onWeight, redraw, points, settings, model });
    this.edge = [0, 0, 0];
    this.point = 0;
    this.asked = 0;   // number of the newest chain request; older answers are dropped
    this.lastChain = 0;
    for (const id of ["pg-edge-layer", "pg-edge-to", "pg-edge-from"]) {
      $(id).addEventListener("change", () => this.select([
        Number($("pg-edge-layer").value), Number($("pg-edge-to").value), Number($("pg-edge-from").value)], false));
    }
    $("pg-edge-weight").addEventListener("change", (e) => this.typedWeight(e.target));
    $("pg-edge-point").addEventListener("change", (e) => this.typedPoint(e.target));
    const editor = $("pg-weight-editor");
    editor.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        const v = readWeight($("pg-weight-editor-input"), $("pg-weight-editor-err"));
        if (v === null) return;
        this.onWeight(...this.editing, v);
        this.closeEditor(true);
      } else if (ev.key === "Escape") this.closeEditor(true);
      else return;
      ev.preventDefault();
    });
    editor.addEventListener("focusout", (ev) => {
      if (!editor.contains(ev.relatedTarget)) this.closeEditor(false);
    });
  }

  sizes() {
    return this.model() ? layerSizes(this.settings()) : [];
  }

  inputName(k, i) {
    return sourceName(this.sizes(), this.settings().features, k, i);
  }

  // Refill the selects for the current architecture, keeping the selection where it still exists.
  build() {
    const sizes = this.sizes();
    if (!sizes.length) return;
    const clamp = (v, n) => Math.min(Math.max(0, v), n - 1);
    const k = clamp(this.edge[0], sizes.length - 1);
    this.edge = [k, clamp(this.edge[1], sizes[k + 1]), clamp(this.edge[2], sizes[k])];
    const fill = (id, items) => $(id).replaceChildren(...items.map(([v, text]) => option(v, text)));
    fill("pg-edge-layer", sizes.slice(1).map((_, m) => [m, m === sizes.length - 2 ? t("pg.output") : String(m + 1)]));
    fill("pg-edge-to", Array.from({ length: sizes[k + 1] }, (_, j) => [j, neuronName(sizes, k, j)]));
    fill("pg-edge-from", Array.from({ length: sizes[k] }, (_, i) => [i, this.inputName(k, i)]));
    [$("pg-edge-layer").value, $("pg-edge-to").value, $("pg-edge-from").value] = this.edge.map(String);
    $("pg-edge-point").max = String(this.points().length);
    this.diagram.select(this.edge);
    this.showWeight(true);
    this.askChain();
  }

  select(edge) {
    this.edge = edge;
    this.build();
  }

  // The small editor of the chosen weight, at the point `at` ([x, y] in the viewport): its value to type over.
  openEditor(at) {
    const [k, j, i] = this.editing = this.edge;
    const editor = $("pg-weight-editor");
    const input = $("pg-weight-editor-input");
    $("pg-weight-editor-label").textContent = t("pg.edge.label", { from: this.inputName(k, i), to: neuronName(this.sizes(), k, j) });
    input.value = String(Number(this.model().layers[k].weights[j][i].toPrecision(6)));
    input.removeAttribute("aria-invalid");
    $("pg-weight-editor-err").textContent = "";
    editor.hidden = false;
    const area = editor.parentElement.getBoundingClientRect();
    const left = Math.min(Math.max(0, at[0] - area.left - editor.offsetWidth / 2), area.width - editor.offsetWidth);
    Object.assign(editor.style, { left: `${left}px`, top: `${Math.max(0, at[1] - area.top + 12)}px` });
    input.focus();
    input.select();
  }

  // Closed: focus goes back to the edge when the editor had it (Enter, Escape), not when it moved elsewhere.
  closeEditor(refocus) {
    const editor = $("pg-weight-editor");
    if (editor.hidden) return;
    editor.hidden = true;
    if (refocus) this.diagram.focusEdge(this.editing);
  }

  pointIndex() {
    return this.point < this.points().length ? this.point : -1;
  }

  showWeight(force = false) {
    const [k, j, i] = this.edge;
    const input = $("pg-edge-weight");
    const w = this.model()?.layers[k]?.weights[j]?.[i];
    $("pg-edge-name").textContent = t("pg.edge.weight", { name: this.name || "" });
    if (w !== undefined && (force || document.activeElement !== input)) {
      input.value = String(Number(w.toPrecision(6)));
      input.removeAttribute("aria-invalid");
      $("pg-edge-weight-err").textContent = "";
    }
  }

  typedWeight(input) {
    const v = readWeight(input, $("pg-edge-weight-err"));
    if (v !== null) this.onWeight(...this.edge, v);
  }

  typedPoint(input) {
    const n = this.points().length;
    const v = Number(input.value);
    const bad = !Number.isInteger(v) || v < 1 || v > n;
    input.setAttribute("aria-invalid", String(bad));
    $("pg-edge-point-err").textContent = bad ? t("pg.err.point", { max: n }) : "";
    if (bad) return;
    this.point = v - 1;
    this.redraw();
    this.askChain();
  }

  // After new weights: the value shown, and the chain (throttled while training).
  modelChanged(training) {
    this.showWeight();
    if (!training || performance.now() - this.lastChain > CHAIN_EVERY_MS) this.askChain();
  }

  async askChain() {
    const point = this.pointIndex();
    const box = $("pg-chain");
    if (point < 0 || !this.model()) return box.replaceChildren();
    $("pg-edge-point").value = String(point + 1);
    this.lastChain = performance.now();
    const ticket = ++this.asked;
    let rule;
    try {
      rule = await playground.chain({ state: this.payload(), point, layer: this.edge[0], j: this.edge[1], i: this.edge[2] });
    } catch (e) {
      if (ticket === this.asked) box.replaceChildren(line("pg-chain-error", t("pg.msg.error", { error: errorText(e) })));
      return;
    }
    if (ticket === this.asked) this.showChain(rule, point);
  }

  showChain(rule, point) {
    const p = rule.parameter;
    this.name = p; // the lesson's name of the weight ("w5"), from the core
    $("pg-edge-name").textContent = t("pg.edge.weight", { name: p });
    const names = rule.factors.map(([name]) => name).join(" × ");
    const values = rule.factors.map(([, v]) => `(${fmt(v)})`).join(" × ");
    const parts = [
      line("", t(this.sizes().at(-1) > 1 ? "pg.edge.pointIsClass" : "pg.edge.pointIs", { n: point + 1, x1: fmt(rule.x[0]), x2: fmt(rule.x[1]), y: fmt(rule.y), pred: fmt(rule.yPred), loss: fmt(rule.loss) })),
      line("pg-chain-head", t("pg.edge.chain")),
      line("pg-formula", `∂L/∂${p} = ${names}`),
      line("pg-formula", `= ${values} = ${fmt(rule.gradient)}`),
    ];
    if (rule.sum) {
      const node = rule.factors[0][0].replace("∂L/∂", "");
      parts.push(line("", t("pg.edge.sum", { node })));
      parts.push(line("pg-formula", `∂L/∂${node} = ${rule.sum.map((s) => `${s.weight}·δ(${s.neuron})`).join(" + ")}`));
      parts.push(line("pg-formula", `= ${rule.sum.map((s) => `(${fmt(s.w)})(${fmt(s.delta)})`).join(" + ")}`));
    }
    parts.push(line("", t("pg.edge.general", { param: p, delta: fmt(rule.delta), input: fmt(rule.input), gradient: fmt(rule.gradient) })));
    $("pg-chain").replaceChildren(...parts);
  }
}
