// Numbers as text: four significant digits, exponent form for the very small and large, "–" for none.
export function fmt(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replaceAll("-", "−");
  return Number(v.toPrecision(4)).toString().replace("-", "−");
}
