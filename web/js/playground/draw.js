// Canvas drawing: colour scale, heatmaps (output and neurons), data points, the keyboard's cursor, the loss chart.
// Values arrive from the worker already scaled to [-1, 1] ("level"): -1 orange, 0 grey, +1 blue, as TF Playground.
// Classes have a colour each: 0 orange and 1 blue as above, then Okabe and Ito's colour-blind safe bluish green,
// reddish purple and vermillion; a map of many classes shades each class's colour by how sure the network is.

const NEG = [245, 158, 11];  // --neg
const MID = [232, 234, 235];
const POS = [59, 130, 246];  // --pos
export const CLASS_COLOURS = [NEG, POS, [0, 158, 115], [204, 121, 167], [213, 94, 0]]; // as many as MAX_CLASSES
const STEPS = 256;
const word = (c) => (255 << 24) | (c[2] << 16) | (c[1] << 8) | c[0]; // little-endian RGBA
const mix = (from, to, u) => from.map((f, i) => Math.round(f + (to[i] - f) * u));

// STEPS colours from -1 to +1, as packed RGBA words for fast ImageData writes.
const PALETTE = (() => {
  const out = new Uint32Array(STEPS);
  for (let k = 0; k < STEPS; k++) {
    const t = (k / (STEPS - 1)) * 2 - 1;
    out[k] = word(t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t));
  }
  return out;
})();
// Per class, STEPS colours from grey (level 0) to the class's colour (level 1).
const CLASS_PALETTES = CLASS_COLOURS.map((c) => Uint32Array.from({ length: STEPS }, (_, k) => word(mix(MID, c, k / (STEPS - 1)))));
// grey for a label that is no class (a regression's targets while a classification's points are on their way)
export const classColour = (c) => `rgb(${(CLASS_COLOURS[c] || MID).join(",")})`;

const paletteIndex = (level) => {
  const k = Math.round(((level + 1) / 2) * (STEPS - 1));
  return k > 0 ? Math.min(k, STEPS - 1) : 0; // NaN lands on 0 too
};

export function colour(level) {
  const c = PALETTE[paletteIndex(level)];
  return `rgb(${c & 255},${(c >> 8) & 255},${(c >> 16) & 255})`;
}

// A side × side grid of levels (row 0 at the top) into a canvas of exactly side × side pixels; discrete: only
// the sign, as TF Playground's "Discretize output" (a level ≥ 0 is the blue class: the output ≥ 0.5).
// classes: each pixel's class (the winner of many), whose colour the level, from 0 to 1, shades; or one class
// for all (a class's output neuron: its probability as a level, -1 grey to 1 the class's colour).
export function paintGrid(canvas, levels, side, discrete = false, classes = null) {
  if (canvas.width !== side) canvas.width = canvas.height = side;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(side, side);
  const words = new Uint32Array(image.data.buffer);
  if (classes === null) {
    const index = discrete ? (level) => (level >= 0 ? STEPS - 1 : 0) : paletteIndex;
    for (let k = 0; k < side * side; k++) words[k] = PALETTE[index(levels[k])];
  } else if (typeof classes === "number") {
    for (let k = 0; k < side * side; k++) words[k] = CLASS_PALETTES[classes][paletteIndex(levels[k])];
  } else {
    const index = discrete ? () => STEPS - 1 : (level) => paletteIndex(2 * level - 1);
    for (let k = 0; k < side * side; k++) words[k] = CLASS_PALETTES[classes[k]][index(levels[k])];
  }
  ctx.putImageData(image, 0, 0);
}

// Data points over the heatmap. toPixel maps plane coordinates to canvas pixels; colourOf(y) gives the colour;
// labels, if given, name the points (the lesson's people).
export function paintPoints(canvas, points, { toPixel, colourOf, showTest, highlight, labels }) {
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const r = Math.max(3, canvas.width / 110);
  points.forEach((p, index) => {
    if (p[3] && !showTest) return;
    const [x, y] = toPixel(p[0], p[1]);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = colourOf(p[2]);
    ctx.fill();
    ctx.lineWidth = p[3] ? 1.5 : 1;
    ctx.strokeStyle = p[3] ? "#111827" : "#ffffff";
    ctx.stroke();
    if (labels?.[index]) {
      ctx.font = `600 ${Math.round(r * 3.2)}px system-ui, sans-serif`;
      ctx.textBaseline = "bottom";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255, 255, 255, .9)";
      const width = ctx.measureText(labels[index]).width;
      const at = x + r + 2 + width <= canvas.width ? x + r + 2 : x - r - 2 - width; // inside the map
      ctx.strokeText(labels[index], at, y - r);
      ctx.fillStyle = "#111827";
      ctx.fillText(labels[index], at, y - r);
    }
    if (index === highlight) {
      ctx.beginPath();
      ctx.arc(x, y, r * 2.2, 0, 2 * Math.PI);
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#111827";
      ctx.stroke();
    }
  });
}

// A data set's button: its points small, on white. bytes: [x, y, colour] triples from 0 to 255, x and y
// across the view (y upwards), colour from orange (0) to blue (255), or a class (classed), as
// playground.thumbnails gives them.
export function paintThumbnail(canvas, bytes, classed = false) {
  const ctx = canvas.getContext("2d");
  const [w, h] = [canvas.width, canvas.height];
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, w, h);
  const r = w / 40;
  for (let k = 0; k + 2 < bytes.length; k += 3) {
    ctx.beginPath();
    ctx.arc((bytes[k] / 255) * w, (1 - bytes[k + 1] / 255) * h, r, 0, 2 * Math.PI);
    ctx.fillStyle = classed ? classColour(bytes[k + 2]) : colour(bytes[k + 2] / 127.5 - 1);
    ctx.fill();
  }
}

// The keyboard's crosshair at (x, y): a ring as large as the reach of Delete and four arms outside it, so the
// point under it stays visible; dark on a white halo so that it shows on either colour.
export function paintCursor(canvas, x, y, reach) {
  const ctx = canvas.getContext("2d");
  ctx.beginPath();
  for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
    ctx.moveTo(x + dx * reach, y + dy * reach);
    ctx.lineTo(x + dx * 2 * reach, y + dy * 2 * reach);
  }
  ctx.moveTo(x + reach, y);
  ctx.arc(x, y, reach, 0, 2 * Math.PI);
  for (const [style, width] of [["#ffffff", 4], ["#111827", 2]]) {
    ctx.strokeStyle = style;
    ctx.lineWidth = width;
    ctx.stroke();
  }
}

// A canvas's CSS size, kept up to date by a ResizeObserver: reading clientWidth in every frame of a training run
// would make the browser lay out the page again after each frame's text changes.
const cssSizes = new WeakMap();
const resized = new ResizeObserver((entries) => {
  for (const e of entries) cssSizes.set(e.target, [e.contentRect.width, e.contentRect.height]);
});
function cssSize(canvas) {
  if (!cssSizes.has(canvas)) {
    cssSizes.set(canvas, [canvas.clientWidth, canvas.clientHeight]);
    resized.observe(canvas);
  }
  return cssSizes.get(canvas);
}

// Train (solid) and test (dashed) loss over the epochs; history rows are [epoch, train, test].
export function paintChart(canvas, history) {
  const ratio = window.devicePixelRatio || 1;
  const [cssWidth, cssHeight] = cssSize(canvas);
  const w = Math.round(cssWidth * ratio); // canvas sizes are integers: else every frame resizes
  const h = Math.round(cssHeight * ratio);
  if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, w, h);
  if (history.length < 2) return;
  const first = history[0][0];
  const span = Math.max(1, history.at(-1)[0] - first);
  let top = 0;
  for (const [, a, b] of history) top = Math.max(top, a, Number.isFinite(b) ? b : 0);
  top = top || 1;
  const line = (col, style, dash) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    history.forEach((row, k) => {
      if (!Number.isFinite(row[col])) return;
      const x = ((row[0] - first) / span) * (w - 2) + 1;
      const y = h - 2 - (row[col] / top) * (h - 4);
      k ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.strokeStyle = style;
    ctx.lineWidth = 1.5 * ratio;
    ctx.stroke();
  };
  line(1, "#1f2937", []);
  line(2, "#9ca3af", [4 * ratio, 3 * ratio]);
  ctx.setLineDash([]);
}
