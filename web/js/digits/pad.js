// The drawing pad: strokes of a mouse, a pen or a finger (pointer events) on a canvas, and their ink as a small
// square of levels for Python, which makes it the data set's kind of image (web/py/digits.py, `bitmap`).

export const INK = 64; // the side of the square of ink sent: finer than the 32 × 32 bitmap made of it
const STROKE = 1 / 8; // the pen's width, a share of the pad's: as thick, once fitted, as the data set's strokes

// Calls onInk() after every change of the drawing; returns {ink(), clear(), empty()}.
export function drawingPad(canvas, onInk) {
  const ctx = canvas.getContext("2d");
  const small = Object.assign(document.createElement("canvas"), { width: INK, height: INK }).getContext("2d", { willReadFrequently: true });
  let pointer = null; // the one pointer drawing (a second finger does not draw) and its last point
  let drawn = false;
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  const line = (from, to) => {
    Object.assign(ctx, { lineWidth: canvas.width * STROKE, lineCap: "round", lineJoin: "round",
                         strokeStyle: getComputedStyle(canvas).color });
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    drawn = true;
    onInk();
  };
  canvas.addEventListener("pointerdown", (e) => {
    if (pointer) return;
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    pointer = { id: e.pointerId, last: at(e) };
    line(pointer.last, pointer.last); // a tap is a dot
  });
  canvas.addEventListener("pointermove", (e) => {
    if (pointer?.id !== e.pointerId) return;
    const point = at(e);
    line(pointer.last, point);
    pointer.last = point;
  });
  for (const type of ["pointerup", "pointercancel"]) {
    canvas.addEventListener(type, (e) => pointer?.id === e.pointerId && (pointer = null));
  }
  return {
    empty: () => !drawn,
    clear() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      onInk();
    },
    // The ink's opacity 0..255 on an INK × INK square, row by row: the browser averages the pad's pixels.
    ink() {
      small.clearRect(0, 0, INK, INK);
      small.drawImage(canvas, 0, 0, INK, INK);
      const rgba = small.getImageData(0, 0, INK, INK).data;
      return Array.from({ length: INK * INK }, (_, k) => rgba[4 * k + 3]);
    },
  };
}
