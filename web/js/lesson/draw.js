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

// Every drawing's size in CSS pixels.
const SIZES = { neuron: [640, 240], network: [640, 300], plane: [640, 400], loss: [480, 280] };

// A canvas of w×h CSS pixels, sharp on high-DPI screens; CSS shrinks it (keeping its aspect) on phones.
export function context(canvas, w, h) {
  const dpr = globalThis.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.aspectRatio = `${w} / ${h}`;
    canvas.style.maxWidth = `${w}px`;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.font = FONT;
  ctx.lineJoin = "round";
  ctx.lineWidth = 1; // what the last drawing left: the same data draws the same pixels whatever came before
  return ctx;
}

// The placeholder drawing until there is something to draw (by default: until Python has answered).
export function drawWaiting(canvas, kind, key = "lesson.waiting") {
  const [w, h] = SIZES[kind];
  const ctx = context(canvas, w, h);
  ctx.strokeStyle = LINE;
  ctx.strokeRect(0.5, 0.5, w - 1, h - 1);
  text(ctx, t(key), w / 2, h / 2, { color: MUTED });
}

// A canvas that shows draw(canvas, data) once there is data (the placeholder before), redrawn on a language
// switch. Returns show(data).
export function canvasView(canvas, kind, draw) {
  let data = null;
  const render = () => (data ? draw(canvas, data) : drawWaiting(canvas, kind));
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

// Axes in a box {l, t, r, b} for data ranges xr, yr; returns the data → pixel mappings.
function axes(ctx, box, xr, yr, xTitle, yTitle) {
  const X = (v) => box.l + ((v - xr[0]) / (xr[1] - xr[0])) * (box.r - box.l);
  const Y = (v) => box.b - ((v - yr[0]) / (yr[1] - yr[0])) * (box.b - box.t);
  ctx.lineWidth = 1;
  for (const v of ticks(xr[0], xr[1])) {
    ctx.strokeStyle = LINE;
    ctx.beginPath(); ctx.moveTo(X(v), box.t); ctx.lineTo(X(v), box.b); ctx.stroke();
    text(ctx, fmt(v), X(v), box.b + 4, { base: "top", color: MUTED });
  }
  for (const v of ticks(yr[0], yr[1], 5)) {
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

// The neuron (left) and the sigmoid curve with the current point (right).
// d: {x: [x1, x2], weights: [w1, w2], bias, total, output, curve: {z: [...], f: [...]}}
export function drawNeuron(canvas, d) {
  const ctx = context(canvas, ...SIZES.neuron);
  const inputs = [[40, 70], [40, 170]];
  const sum = [200, 120];
  inputs.forEach((p, i) => {
    edge(ctx, p, sum, d.weights[i], `w${i + 1} = ${fmt(d.weights[i])}`, 0.45);
  });
  inputs.forEach((p, i) => node(ctx, p[0], p[1], 24, `x${i + 1}`, fmt(d.x[i])));
  ctx.beginPath(); ctx.moveTo(sum[0] + 34, sum[1]); ctx.lineTo(362, sum[1]);
  ctx.strokeStyle = INK; ctx.lineWidth = 2; ctx.stroke();
  node(ctx, sum[0], sum[1], 34, "Σ + b", fmt(d.total), rgb(outputColor(d.output)));
  text(ctx, `b = ${fmt(d.bias)}`, sum[0], sum[1] + 48, { color: MUTED });
  text(ctx, `f(z) = ${fmt(d.output, 4)}`, 294, sum[1] - 14);

  const box = { l: 412, t: 20, r: 625, b: 200 };
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
}

// The 2-2-1 network. d: {x: [x1, x2], layers: [{weights, biases, a}, ...]} (a: node values of the layer).
export function drawNetwork(canvas, d) {
  const ctx = context(canvas, ...SIZES.network);
  const cols = [[[60, 80], [60, 220]], [[320, 80], [320, 220]], [[580, 150]]];
  let param = 0; // the lesson's parameter names are in the order drawn: every weight, then every bias
  d.layers.forEach((layer, k) => {
    layer.weights.forEach((row, j) => row.forEach((v, i) => {
      // labels of the crossing edges sit near their inputs, where the crossing lines are apart
      const label = `${LESSON_PARAM_NAMES[param++]} = ${fmt(v)}`;
      edge(ctx, cols[k][i], cols[k + 1][j], v, label, i !== j && k === 0 ? 0.22 : 0.5);
    }));
  });
  cols[0].forEach((p, i) => node(ctx, p[0], p[1], 28, names[0][i], fmt(d.x[i])));
  d.layers.forEach((layer, k) => layer.a.forEach((a, j) => {
    const [x, y] = cols[k + 1][j];
    node(ctx, x, y, 32, names[k + 1][j], fmt(a, 4), rgb(outputColor(a)));
    text(ctx, `${LESSON_PARAM_NAMES[param++]} = ${fmt(layer.biases[j])}`, x, y + 46, { color: MUTED });
  }));
}

// The shifted weight–height plane: optional heatmap grid (image order: top row = largest x2), then the people.
// d: {extent: {x1: [lo, hi], x2: [lo, hi]}, grid: [row of outputs] | null,
//     people: [{x1, x2, y (0/1 or null), shape: "circle"|"square"|"diamond", label}], titles: [x, y]}
export function drawPlane(canvas, d) {
  const ctx = context(canvas, ...SIZES.plane);
  const box = { l: 56, t: 14, r: 626, b: 344 };
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
  for (const p of d.people) marker(ctx, X(p.x1), Y(p.x2), p);
}

function marker(ctx, x, y, p) {
  const r = 8;
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
  text(ctx, p.label, x + r + 4, y - r - 2, { align: "left", bold: true, bg: "rgba(255,255,255,0.8)" });
}

// Indices 0, k, 2k, … of n items and the last one, with the smallest step k that keeps them to about `max`.
export function sampleIndices(n, max) {
  const k = Math.max(1, Math.ceil(n / max));
  const indices = [];
  for (let i = 0; i < n; i += k) indices.push(i);
  if (n && indices.at(-1) !== n - 1) indices.push(n - 1);
  return indices;
}

const LOSS_BOX = { l: 56, t: 14, r: 456, b: 226 };

// The loss curve as the chart draws it, from the loss after every epoch: {epochs, top (the largest loss, the
// axis's top), points: [[epoch index, loss], ...] at most two per pixel column and the last}, or null for none.
// It is all the chart needs, so a saved run keeps this rather than every epoch's loss.
export function lossCurve(loss) {
  if (!loss.length) return null;
  const top = loss.reduce((a, v) => Math.max(a, v), 1e-9);
  return { epochs: loss.length, top, points: sampleIndices(loss.length, 2 * (LOSS_BOX.r - LOSS_BOX.l)).map((i) => [i, loss[i]]) };
}

// The loss chart. d: {curve: lossCurve(...), titles: [x, y]}; the epoch axis grows with the run.
export function drawLoss(canvas, { curve, titles }) {
  const ctx = context(canvas, ...SIZES.loss);
  const { X, Y } = axes(ctx, LOSS_BOX, [0, Math.max(curve.epochs - 1, 1)], [0, curve.top], titles[0], titles[1]);
  ctx.beginPath();
  curve.points.forEach(([i, v], k) => (k ? ctx.lineTo(X(i), Y(v)) : ctx.moveTo(X(i), Y(v))));
  ctx.strokeStyle = rgb(POS);
  ctx.lineWidth = 2;
  ctx.stroke();
}
