// Canvas drawings of the lesson: the neuron with its sigmoid, the 2-2-1 network, the people's plane
// (scatter and heatmap) and the loss chart. Only drawing here: every value arrives computed by Python.
import { t, onLangChange } from "../i18n.js";
import { fmt } from "./ui.js";
import { LESSON_NEURON_NAMES as names, LESSON_PARAM_NAMES } from "../contract.js";

// The site's one colour language (the playground's too, as TF Playground's): blue is 1 (class 1, female, a
// positive weight), orange is 0 (class 0, male, a negative weight).
const POS = [59, 130, 246]; // --pos in base.css
const NEG = [245, 158, 11]; // --neg in base.css
const INK = "#1f2937";
const MUTED = "#6b7280";
const LINE = "#e5e7eb";
const rgb = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

// Each canvas is drawn at its displayed CSS size (lesson.css gives every kind of drawing its aspect ratio, so
// its height is known before anything is drawn), with a backing store of that size × the device pixel ratio:
// lines stay sharp and the 12 px text stays readable at any width. A drawing is paint(ctx, w, h) laid out for
// w×h CSS pixels; the canvas keeps its last one and paints it again when its size changes. The size comes from
// the observer (which reports it before the first frame), so drawing never makes the browser lay out the page;
// it is rounded to whole device pixels, so a drawing of the same data is the same pixels every time.
// The observer's first report brings every canvas of the page at once: those on screen are painted before the
// first frame, the others a few at a time in later tasks (all in one task was a long one: ~120 ms here, 4x
// that on Lighthouse's phone).
const paints = new WeakMap();
const sizes = new WeakMap(); // canvas → its backing store's [width, height]
const resized = globalThis.ResizeObserver && new ResizeObserver((entries) => entries.forEach((e) => {
  const dpr = globalThis.devicePixelRatio || 1;
  sizes.set(e.target, [Math.round(e.contentRect.width * dpr), Math.round(e.contentRect.height * dpr)]);
  const { top, bottom } = e.target.getBoundingClientRect(); // no layout: the observer reports after it
  if (bottom > 0 && top < innerHeight) repaint(e.target);
  else later(e.target);
}));

const waiting = new Set(); // canvases to paint in a later task, in the order they came
function later(canvas) {
  if (!waiting.size) setTimeout(paintSome);
  waiting.add(canvas);
}
function paintSome() {
  const end = performance.now() + 8;
  for (const canvas of waiting) {
    repaint(canvas);
    if (performance.now() > end) break;
  }
  if (waiting.size) setTimeout(paintSome);
}

function drawing(canvas, paint) {
  if (!paints.has(canvas)) resized?.observe(canvas);
  paints.set(canvas, paint);
  repaint(canvas);
}

function repaint(canvas) {
  waiting.delete(canvas);
  const [bw, bh] = sizes.get(canvas) ?? [0, 0];
  if (!bw || !bh) return; // not displayed (or built without layout): painted once it has a size
  if (canvas.width !== bw || canvas.height !== bh) Object.assign(canvas, { width: bw, height: bh });
  const dpr = globalThis.devicePixelRatio || 1;
  const w = bw / dpr;
  const h = bh / dpr;
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.font = FONT;
  ctx.lineJoin = "round";
  ctx.lineWidth = 1; // what the last drawing left: the same data draws the same pixels whatever came before
  paints.get(canvas)(ctx, w, h);
}

// The placeholder drawing until there is something to draw (by default: until Python has answered).
export function drawWaiting(canvas, key = "lesson.waiting") {
  drawing(canvas, (ctx, w, h) => {
    ctx.strokeStyle = LINE;
    ctx.strokeRect(0.5, 0.5, w - 1, h - 1);
    text(ctx, t(key), w / 2, h / 2, { color: MUTED });
  });
}

// A canvas that shows draw(canvas, data) once there is data (the placeholder before), redrawn on a language
// switch. Returns show(data).
export function canvasView(canvas, draw) {
  let data = null;
  const render = () => (data ? draw(canvas, data) : drawWaiting(canvas));
  render();
  onLangChange(render);
  return (next) => {
    data = next;
    render();
  };
}

// Output p in [0, 1] → colour: orange (0, male) through white (0.5) to blue (1, female).
function outputColor(p) {
  const c = p >= 0.5 ? POS : NEG;
  const s = Math.min(1, Math.abs(p - 0.5) * 2) * 0.65; // pale enough for the markers to stand out
  return c.map((v) => Math.round(255 + (v - 255) * s));
}

function text(ctx, s, x, y, { align = "center", base = "middle", color = INK, bold = false, bg = null } = {}) {
  ctx.font = bold ? `600 ${FONT}` : FONT;
  ctx.textAlign = align;
  ctx.textBaseline = base;
  if (bg) {
    const w = ctx.measureText(s).width + 6;
    const left = align === "center" ? x - w / 2 : align === "left" ? x - 3 : x - w + 3;
    ctx.fillStyle = bg;
    ctx.fillRect(left, y - 9, w, 18);
  }
  ctx.fillStyle = color;
  ctx.fillText(s, x, y);
}

function node(ctx, x, y, r, label, value, fill = "#fff") {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = INK;
  ctx.stroke();
  text(ctx, label, x, y - 8, { bold: true });
  text(ctx, value, x, y + 9);
}

function edge(ctx, a, b, w, label, at = 0.4) {
  ctx.beginPath();
  ctx.moveTo(a[0], a[1]);
  ctx.lineTo(b[0], b[1]);
  ctx.strokeStyle = w >= 0 ? rgb(POS, 0.8) : rgb(NEG, 0.9);
  ctx.lineWidth = 1 + Math.min(6, Math.abs(w) * 1.5);
  ctx.stroke();
  const x = a[0] + (b[0] - a[0]) * at;
  const y = a[1] + (b[1] - a[1]) * at;
  text(ctx, label, x, y, { bg: "rgba(255,255,255,0.92)" });
}

// Nice round tick positions covering [lo, hi].
function ticks(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

// Axes in a box {l, t, r, b} for data ranges xr, yr; returns the data → pixel mappings. A tick label every
// 50 px across and 45 px up at most, so they never run into each other.
function axes(ctx, box, xr, yr, xTitle, yTitle) {
  const X = (v) => box.l + ((v - xr[0]) / (xr[1] - xr[0])) * (box.r - box.l);
  const Y = (v) => box.b - ((v - yr[0]) / (yr[1] - yr[0])) * (box.b - box.t);
  ctx.lineWidth = 1;
  for (const v of ticks(xr[0], xr[1], Math.max(2, Math.min(6, (box.r - box.l) / 50)))) {
    ctx.strokeStyle = LINE;
    ctx.beginPath(); ctx.moveTo(X(v), box.t); ctx.lineTo(X(v), box.b); ctx.stroke();
    text(ctx, fmt(v), X(v), box.b + 4, { base: "top", color: MUTED });
  }
  for (const v of ticks(yr[0], yr[1], Math.max(2, Math.min(5, (box.b - box.t) / 45)))) {
    ctx.strokeStyle = LINE;
    ctx.beginPath(); ctx.moveTo(box.l, Y(v)); ctx.lineTo(box.r, Y(v)); ctx.stroke();
    text(ctx, fmt(v), box.l - 5, Y(v), { align: "right", color: MUTED });
  }
  ctx.strokeStyle = MUTED;
  ctx.strokeRect(box.l, box.t, box.r - box.l, box.b - box.t);
  text(ctx, xTitle, (box.l + box.r) / 2, box.b + 22, { base: "top", color: MUTED });
  ctx.save();
  ctx.translate(box.l - 38, (box.t + box.b) / 2);
  ctx.rotate(-Math.PI / 2);
  text(ctx, yTitle, 0, 0, { color: MUTED });
  ctx.restore();
  return { X, Y };
}

// A plot box in the rectangle (x, y, w, h), leaving room for the axes' numbers and titles.
const plotBox = (x, y, w, h) => ({ l: x + 56, t: y + 14, r: x + w - 14, b: y + h - 56 });

// The neuron and the sigmoid curve with the current point: side by side, or the curve below the neuron on a
// canvas taller than wide (a phone's).
// d: {x: [x1, x2], weights: [w1, w2], bias, total, output, curve: {z: [...], f: [...]}}
export function drawNeuron(canvas, d) {
  drawing(canvas, (ctx, w, h) => {
    const stacked = h > w * 0.7;
    const dw = stacked ? w : w * 0.6; // the neuron's part
    const dh = stacked ? h * 0.5 : h;
    const inputs = [[40, dh * 0.29], [40, dh * 0.71]];
    const sum = [dw * 0.52, dh / 2];
    const end = dw - 24;
    inputs.forEach((p, i) => {
      edge(ctx, p, sum, d.weights[i], `w${i + 1} = ${fmt(d.weights[i])}`, 0.45);
    });
    inputs.forEach((p, i) => node(ctx, p[0], p[1], 24, `x${i + 1}`, fmt(d.x[i])));
    ctx.beginPath(); ctx.moveTo(sum[0] + 34, sum[1]); ctx.lineTo(end, sum[1]);
    ctx.strokeStyle = INK; ctx.lineWidth = 2; ctx.stroke();
    node(ctx, sum[0], sum[1], 34, "Σ + b", fmt(d.total), rgb(outputColor(d.output)));
    text(ctx, `b = ${fmt(d.bias)}`, sum[0], sum[1] + 48, { color: MUTED });
    text(ctx, `f(z) = ${fmt(d.output, 4)}`, (sum[0] + 34 + end) / 2, sum[1] - 14);

    const box = stacked ? plotBox(0, dh, w, h - dh) : { ...plotBox(dw, 0, w - dw, h), t: 20, b: h - 40 };
    const zs = d.curve.z;
    const { X, Y } = axes(ctx, box, [zs[0], zs[zs.length - 1]], [0, 1], "z = w·x + b", "f(z)");
    ctx.beginPath();
    zs.forEach((z, i) => (i ? ctx.lineTo(X(z), Y(d.curve.f[i])) : ctx.moveTo(X(z), Y(d.curve.f[i]))));
    ctx.strokeStyle = INK; ctx.lineWidth = 2; ctx.stroke();
    const px = X(Math.min(zs[zs.length - 1], Math.max(zs[0], d.total)));
    const py = Y(d.output);
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = MUTED; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(px, box.b); ctx.lineTo(px, py); ctx.lineTo(box.l, py); ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath(); ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fillStyle = rgb(POS); ctx.fill();
    ctx.strokeStyle = INK; ctx.stroke();
  });
}

// The 2-2-1 network. d: {x: [x1, x2], layers: [{weights, biases, a}, ...]} (a: node values of the layer).
export function drawNetwork(canvas, d) {
  drawing(canvas, (ctx, w, h) => {
    const x = (k) => 36 + (w - 76) * k / 2; // column k's centre: the nodes fill the width
    const cols = [[[x(0), h * 0.27], [x(0), h * 0.73]], [[x(1), h * 0.27], [x(1), h * 0.73]], [[x(2), h / 2]]];
    let param = 0; // the lesson's parameter names are in the order drawn: every weight, then every bias
    d.layers.forEach((layer, k) => {
      layer.weights.forEach((row, j) => row.forEach((v, i) => {
        // labels of the crossing edges sit nearer their inputs, where the crossing lines are apart
        const label = `${LESSON_PARAM_NAMES[param++]} = ${fmt(v)}`;
        edge(ctx, cols[k][i], cols[k + 1][j], v, label, i !== j && k === 0 ? 0.3 : 0.5);
      }));
    });
    cols[0].forEach((p, i) => node(ctx, p[0], p[1], 28, names[0][i], fmt(d.x[i])));
    d.layers.forEach((layer, k) => layer.a.forEach((a, j) => {
      const [cx, cy] = cols[k + 1][j];
      node(ctx, cx, cy, 32, names[k + 1][j], fmt(a, 4), rgb(outputColor(a)));
      text(ctx, `${LESSON_PARAM_NAMES[param++]} = ${fmt(layer.biases[j])}`, cx, cy + 46, { color: MUTED });
    }));
  });
}

// The shifted weight–height plane: optional heatmap grid (image order: top row = largest x2), then the people,
// each name placed where it covers no other name or marker (placeLabels). The names' boxes are kept on the
// canvas (data-labels, CSS pixels [left, top, right, bottom]) for a reader to check.
// d: {extent: {x1: [lo, hi], x2: [lo, hi]}, grid: [row of outputs] | null,
//     people: [{x1, x2, y (0/1 or null), shape: "circle"|"square"|"diamond", label}], titles: [x, y]}
export function drawPlane(canvas, d) {
  drawing(canvas, (ctx, w, h) => {
    const box = plotBox(0, 0, w, h);
    if (d.grid) {
      const rows = d.grid.length;
      const cols = d.grid[0].length;
      const img = ctx.createImageData(cols, rows);
      d.grid.forEach((row, r) => row.forEach((p, c) => {
        img.data.set([...outputColor(p), 255], (r * cols + c) * 4);
      }));
      const tile = document.createElement("canvas");
      Object.assign(tile, { width: cols, height: rows });
      tile.getContext("2d").putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tile, box.l, box.t, box.r - box.l, box.b - box.t);
    }
    const { X, Y } = axes(ctx, box, d.extent.x1, d.extent.x2, d.titles[0], d.titles[1]);
    const at = d.people.map((p) => [X(p.x1), Y(p.x2)]);
    d.people.forEach((p, i) => marker(ctx, ...at[i], p));
    ctx.font = `600 ${FONT}`;
    const labels = placeLabels(at.map(([x, y], i) => ({ x, y, w: ctx.measureText(d.people[i].label).width + 6 })), box);
    labels.forEach(([l, t, , b], i) => {
      text(ctx, d.people[i].label, l + 3, (t + b) / 2, { align: "left", bold: true, bg: "rgba(255,255,255,0.8)" });
    });
    canvas.dataset.labels = JSON.stringify(labels.map((b) => b.map(Math.round)));
  });
}

const MARKER = 8; // a marker's radius

function marker(ctx, x, y, p) {
  const r = MARKER;
  ctx.beginPath();
  if (p.shape === "square") ctx.rect(x - r, y - r, 2 * r, 2 * r);
  else if (p.shape === "diamond") {
    ctx.moveTo(x, y - r - 2); ctx.lineTo(x + r + 2, y); ctx.lineTo(x, y + r + 2); ctx.lineTo(x - r - 2, y); ctx.closePath();
  } else ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = p.y == null ? "#fff" : rgb(p.y >= 0.5 ? POS : NEG);
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = INK;
  ctx.stroke();
}

// Boxes [left, top, right, bottom] for labels 18 px tall of widths w beside points (x, y), in order: each takes
// the first of a few places around its point (right of it first) that stays inside `area` and covers no
// marker and no label placed before it; failing that, the place that covers least.
function placeLabels(points, area) {
  const H = 18;
  const m = MARKER + 2; // half a marker's box
  const overlap = (a, b) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]))
    * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const outside = (a) => (a[2] - a[0]) * (a[3] - a[1]) - overlap(a, [area.l, area.t, area.r, area.b]);
  const taken = points.map(({ x, y }) => [x - m, y - m, x + m, y + m]);
  return points.map(({ x, y, w }) => {
    const places = [ // [left, top]: right, left, above and below (right, left, centred)
      [x + m + 2, y - H / 2], [x - m - 2 - w, y - H / 2], [x + 2, y - m - H], [x - 2 - w, y - m - H],
      [x + 2, y + m], [x - 2 - w, y + m], [x - w / 2, y - m - H], [x - w / 2, y + m],
    ].map(([l, t]) => [l, t, l + w, t + H]);
    const cost = (b) => 4 * outside(b) + taken.reduce((s, o) => s + overlap(b, o), 0);
    const best = places.find((b) => cost(b) === 0) ?? places.reduce((a, b) => (cost(b) < cost(a) ? b : a));
    taken.push(best);
    return best;
  });
}

// Indices 0, k, 2k, … of n items and the last one, with the smallest step k that keeps them to about `max`.
export function sampleIndices(n, max) {
  const k = Math.max(1, Math.ceil(n / max));
  const indices = [];
  for (let i = 0; i < n; i += k) indices.push(i);
  if (n && indices.at(-1) !== n - 1) indices.push(n - 1);
  return indices;
}

// The loss curve as the chart draws it, from the loss after every epoch: {epochs, top (the largest loss, the
// axis's top), points: [[epoch index, loss], ...] at most 800 and the last (two per pixel column of a desktop's
// chart)}, or null for none. It is all the chart needs, so a saved run keeps this rather than every epoch's loss.
export function lossCurve(loss) {
  if (!loss.length) return null;
  const top = loss.reduce((a, v) => Math.max(a, v), 1e-9);
  return { epochs: loss.length, top, points: sampleIndices(loss.length, 800).map((i) => [i, loss[i]]) };
}

// The loss chart. d: {curve: lossCurve(...), titles: [x, y]}; the epoch axis grows with the run.
export function drawLoss(canvas, { curve, titles }) {
  drawing(canvas, (ctx, w, h) => {
    const box = { ...plotBox(0, 0, w, h), r: w - 24 };
    const { X, Y } = axes(ctx, box, [0, Math.max(curve.epochs - 1, 1)], [0, curve.top], titles[0], titles[1]);
    ctx.beginPath();
    curve.points.forEach(([i, v], k) => (k ? ctx.lineTo(X(i), Y(v)) : ctx.moveTo(X(i), Y(v))));
    ctx.strokeStyle = rgb(POS);
    ctx.lineWidth = 2;
    ctx.stroke();
  });
}
