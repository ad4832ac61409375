// The network diagram: input nodes (click to toggle a feature), hidden layers with +/− and an activation each,
// the output; every node holds a thumbnail of its activation over the plane; edges show each weight's size
// (width) and sign (colour). Layer k of the model is column k + 1; inputs are layer -1, as in the core.
import { t } from "../i18n.js";
import { FEATURES, ACTIVATIONS, MAX_LAYERS, MAX_NEURONS, outputChoices } from "./state.js";
import { NEURON_NAMES } from "../contract.js";
import { paintGrid } from "./draw.js";
import { layerSizes } from "./store.js";

const SVG = "http://www.w3.org/2000/svg";
const HEADER = 70; // px above the nodes for the per-layer controls
const HEAD_WIDTH = 92; // px those controls take side by side at most (the activation's select)

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

// The core's neuron_name: h1, h2… numbered across hidden layers, y_pred for one output, o1, o2… for many;
// inputs are named by their feature.
export function neuronName(sizes, layer, j) {
  if (layer < 0) return t(`pg.feature.${FEATURES[j]}`);
  if (layer === sizes.length - 2) return sizes.at(-1) > 1 ? `${NEURON_NAMES.output}${j + 1}` : NEURON_NAMES.single_output;
  return `${NEURON_NAMES.hidden}${sizes.slice(1, layer + 1).reduce((a, b) => a + b, 0) + j + 1}`;
}

// The name of the source of weights[j][i] of layer k: an enabled input feature, or a neuron of layer k - 1.
export function sourceName(sizes, features, k, i) {
  if (k > 0) return neuronName(sizes, k - 1, i);
  return t(`pg.feature.${FEATURES.filter((f) => features.includes(f))[i]}`);
}

// Where an arrow key goes from `current` in a list of controls (round at the ends); null for another key.
// A rebuilt diagram (a feature toggled, a layer or neuron added) keeps the keyboard where it was: the same
// control in the new one, found by what it is (a selector); if that is gone or disabled now (the last layer
// removed, the 16th neuron added), the nearest control of its layer, else the layers' + button.
function focusKey(elem) {
  const head = elem.closest(".pg-layer-head");
  if (elem.id) return [`#${elem.id}`];
  if (elem.dataset.feature) return [`[data-feature="${elem.dataset.feature}"]`];
  if (elem.dataset.edge) return [`[data-edge="${elem.dataset.edge}"]`];
  if (head) {
    const layer = `.pg-layer-head[data-layer="${head.dataset.layer}"]`;
    return [`${layer} ${elem.dataset.action ? `[data-action="${elem.dataset.action}"]` : "select"}`,
      `${layer} button:enabled, ${layer} select`, "#pg-layer-add"];
  }
  if (elem.dataset.neuron) return [`.pg-node[data-layer="${elem.dataset.layer}"][data-neuron="${elem.dataset.neuron}"]`];
  return null;
}
function refocus(root, selectors) {
  for (const selector of [...selectors, "#pg-layer-add:enabled", "#pg-layer-remove"]) {
    const target = root.querySelector(selector);
    if (target && !target.disabled) return target.focus();
  }
}

export function arrowMove(key, items, current) {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[key];
  return step ? items[(items.indexOf(current) + step + items.length) % items.length] : null;
}

export class Diagram {
  constructor(root, on) {
    this.root = root;
    this.on = on; // {toggleFeature, addLayer, removeLayer, neurons(k, delta), activation(k, name), edge(k, j, i, at), focus(k, j)}
    this.edges = [];
    this.thumbs = [];
  }

  // Rebuild the DOM for the settings' architecture.
  build(settings, thumbSide) {
    const { features, hidden, activations } = settings;
    const enabled = FEATURES.filter((f) => features.includes(f));
    this.sizes = layerSizes(settings);
    this.inputIndex = FEATURES.map((f) => enabled.indexOf(f)); // column of the model's layer 0 for each feature
    this.thumbSide = thumbSide;
    const tallest = Math.max(FEATURES.length, ...hidden);
    const node = tallest > 10 ? 26 : 34;
    const gap = node * 0.4;
    const width = Math.max(320, this.root.clientWidth || 480);
    const cols = hidden.length + 2;
    const colX = (c) => 64 + (c * (width - 64 - 24 - node)) / (cols - 1); // room for the input labels
    // Columns too close for their controls side by side (many layers, a narrow screen): every other layer's
    // controls a row lower, so that neighbours never overlap.
    const staggered = colX(1) - colX(0) < HEAD_WIDTH;
    const header = staggered ? 2 * HEADER : HEADER;
    const height = header + tallest * (node + gap);
    const rowY = (n, j) => header + node / 2 + (tallest - n) * (node + gap) / 2 + j * (node + gap);

    const area = el("div", { class: "pg-net-area" });
    area.style.height = `${height}px`;
    // The weights: one Tab stop; the arrow keys go from one to the next, Enter (or a click) edits one.
    const svg = el("svg:svg", { class: "pg-edges", width, height, role: "group", "aria-label": t("pg.edges") });
    svg.addEventListener("keydown", (ev) => this.edgeKey(ev));
    area.append(svg);
    this.edges = [];
    this.thumbs = [];
    const pos = []; // pos[c][j] = [x, y] of node centres per column
    const add = (c, j, x, y) => ((pos[c] ||= [])[j] = [x, y]);

    // Inputs: every feature, active or not.
    FEATURES.forEach((f, j) => {
      const on = features.includes(f);
      const x = colX(0), y = rowY(FEATURES.length, j);
      const button = el("button", {
        type: "button", class: "pg-node pg-input", "aria-pressed": String(on), "data-feature": f,
        "aria-label": t("pg.node.input", { name: t(`pg.feature.${f}`) }),
      });
      this.placeNode(button, x, y, node, -1, j);
      button.addEventListener("click", () => this.on.toggleFeature(f));
      area.append(button, el("span", { class: "pg-input-label", text: t(`pg.feature.${f}`), style: `left:${x - node / 2 - 4}px;top:${y}px` }));
      if (on) add(0, this.inputIndex[j], x + node / 2, y);
    });

    // Hidden layers and the output.
    [...hidden, this.sizes.at(-1)].forEach((n, k) => {
      const x = colX(k + 1);
      const isOutput = k === hidden.length;
      const head = this.header(k, n, x, isOutput ? outputChoices(settings) : null, activations[k]);
      if (staggered && k % 2) head.style.top = `${HEADER}px`;
      area.append(head);
      for (let j = 0; j < n; j++) {
        const y = rowY(n, j);
        const box = el("div", {
          class: `pg-node${isOutput ? " pg-output" : ""}`, tabindex: "0", role: "img", "data-layer": k, "data-neuron": j,
          "aria-label": t("pg.node.neuron", { name: neuronName(this.sizes, k, j) }),
        });
        this.placeNode(box, x, y, node, k, j);
        area.append(box);
        add(k + 1, j, x, y);
      }
    });

    // Edges: weights[j][i] of layer k runs from node i of column k to node j of column k + 1.
    for (let k = 0; k < this.sizes.length - 1; k++) {
      this.edges[k] = [];
      for (let j = 0; j < this.sizes[k + 1]; j++) {
        this.edges[k][j] = [];
        for (let i = 0; i < this.sizes[k]; i++) {
          const [x0, y0] = pos[k][i];
          const [x1, y1] = [pos[k + 1][j][0] - node / 2, pos[k + 1][j][1]];
          const from = k === 0 ? x0 : x0 + node / 2;
          const mid = (from + x1) / 2;
          const d = `M${from},${y0} C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
          const line = el("svg:path", { d, class: "pg-edge" });
          const hit = el("svg:path", { d, class: "pg-edge-hit", "data-edge": `${k},${j},${i}`, tabindex: "-1", role: "button",
            "aria-label": t("pg.edge.label", { from: sourceName(this.sizes, features, k, i), to: neuronName(this.sizes, k, j) }) });
          hit.addEventListener("click", (ev) => this.on.edge(k, j, i, [ev.clientX, ev.clientY]));
          svg.append(line, hit);
          this.edges[k][j][i] = line;
        }
      }
    }

    const top = el("div", { class: "pg-layers-ctl" },
      this.button("−", "pg.layers.remove", hidden.length === 0, () => this.on.removeLayer(), "pg-layer-remove"),
      this.button("+", "pg.layers.add", hidden.length >= MAX_LAYERS, () => this.on.addLayer(), "pg-layer-add"),
      el("span", { id: "pg-layer-count", text: t("pg.layers.count", { n: hidden.length }) }));
    const focused = this.root.contains(document.activeElement) && focusKey(document.activeElement);
    this.root.replaceChildren(top, area);
    this.select(this.selected);
    if (focused) refocus(this.root, focused);
  }

  // Keys on a focused edge: the arrows move to the next or previous one, Enter or Space edits it.
  edgeKey(ev) {
    const hit = ev.target.closest?.(".pg-edge-hit");
    if (!hit) return;
    const next = arrowMove(ev.key, [...this.root.querySelectorAll(".pg-edge-hit")], hit);
    if (next) next.focus();
    else if (ev.key === "Enter" || ev.key === " ") {
      const box = hit.getBoundingClientRect();
      this.on.edge(...hit.dataset.edge.split(",").map(Number), [box.left + box.width / 2, box.top + box.height / 2]);
    } else return;
    ev.preventDefault();
  }

  focusEdge(edge) {
    this.root.querySelector(`[data-edge="${edge.join(",")}"]`)?.focus();
  }

  placeNode(elem, x, y, size, k, j) {
    Object.assign(elem.style, { left: `${x - size / 2}px`, top: `${y - size / 2}px`, width: `${size}px`, height: `${size}px` });
    const canvas = el("canvas", { width: this.thumbSide, height: this.thumbSide });
    elem.append(canvas);
    (this.thumbs[k + 1] ||= [])[j] = canvas;
    const focus = () => this.on.focus(k, j);
    const blur = () => this.on.focus(null, null);
    elem.addEventListener("pointerenter", focus);
    elem.addEventListener("pointerleave", blur);
    elem.addEventListener("focus", focus);
    elem.addEventListener("blur", blur);
  }

  button(text, labelKey, disabled, onClick, id) {
    const b = el("button", { type: "button", class: "pg-small", "aria-label": t(labelKey), title: t(labelKey), text,
      "data-action": labelKey });
    if (id) b.id = id;
    b.disabled = disabled;
    b.addEventListener("click", onClick);
    return b;
  }

  // Controls above a layer: neuron count with +/−, and its activation.
  // outputChoices: the output layer's activations that fit (null for a hidden layer); when the data and the
  // loss leave one, the select shows it, disabled, and says why.
  header(k, n, x, outputChoices, activation) {
    const isOutput = Boolean(outputChoices);
    const box = el("div", { class: "pg-layer-head", style: `left:${x}px`, "data-layer": k });
    const select = el("select", { "aria-label": t(isOutput ? "pg.act.output" : "pg.act.layer", { k: k + 1 }), class: "pg-act" });
    for (const a of outputChoices ?? ACTIVATIONS) select.append(el("option", { value: a, text: t(`pg.act.${a}`) }));
    select.value = activation;
    select.addEventListener("change", () => this.on.activation(k, select.value));
    if (outputChoices?.length === 1) {
      select.disabled = true;
      select.title = t("pg.act.fixed");
    }
    if (isOutput) {
      box.append(el("span", { class: "pg-layer-name", text: t("pg.output") }), select);
      return box;
    }
    box.append(
      el("span", { class: "pg-neuron-ctl" },
        this.button("−", "pg.neurons.remove", n <= 1, () => this.on.neurons(k, -1)),
        this.button("+", "pg.neurons.add", n >= MAX_NEURONS, () => this.on.neurons(k, +1))),
      el("span", { class: "pg-layer-name", text: t("pg.neurons.count", { n }) }),
      select);
    return box;
  }

  // Edge widths and colours from the model; thumbnails from the view (levels in [-1, 1]).
  paint(model, view) {
    if (model) {
      model.layers.forEach((layer, k) => layer.weights.forEach((row, j) => row.forEach((w, i) => {
        const line = this.edges[k]?.[j]?.[i];
        if (!line) return;
        line.style.strokeWidth = String(Math.min(8, 0.6 + Math.abs(w) * 2));
        line.style.stroke = w >= 0 ? "var(--pos)" : "var(--neg)";
        line.style.opacity = String(Math.min(1, 0.35 + Math.abs(w) / 2));
      })));
    }
    if (!view) return;
    const side = this.thumbSide;
    FEATURES.forEach((_, j) => view.inputs?.[j] && paintGrid(this.thumbs[0][j], view.inputs[j], side));
    view.neurons?.forEach((layer, k) => layer.forEach((levels, j) => {
      const canvas = this.thumbs[k + 1]?.[j];
      if (canvas) paintGrid(canvas, levels, side, false, this.tint(k, j));
    }));
  }

  // The class whose colour a neuron's map takes: an output neuron's of many, one per class; else null.
  tint(k, j) {
    return k === this.sizes.length - 2 && this.sizes.at(-1) > 1 ? j : null;
  }

  // The chosen edge is drawn dashed and is the edges' Tab stop (the first edge while none is chosen).
  select(edge) {
    this.selected = edge;
    for (const p of this.root.querySelectorAll(".pg-edge.selected")) p.classList.remove("selected");
    if (edge) this.edges[edge[0]]?.[edge[1]]?.[edge[2]]?.classList.add("selected");
    const hits = [...this.root.querySelectorAll(".pg-edge-hit")];
    const stop = (edge && hits.find((h) => h.dataset.edge === edge.join(","))) || hits[0];
    for (const h of hits) h.setAttribute("tabindex", h === stop ? "0" : "-1");
  }
}
