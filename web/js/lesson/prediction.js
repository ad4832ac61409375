// Section 7: prediction. Emily and Frank as in the lesson, your own weight and height (kg/cm or lb/in,
// converted and shifted by Python as the lesson does), and the trained network's heatmap with everyone on it.
import { lessonPage } from "../api.js";
import { t, onLangChange } from "../i18n.js";
import { numberField, live } from "./fields.js";
import { num, fill, tNodes, pyErrorSlot, showPending } from "./ui.js";
import { drawPlane, drawWaiting } from "./draw.js";
import { row, measure, length, markers, planeTitles } from "./data.js";
import { trained } from "./state.js";
import { py } from "../boot.js";

const UNITS = {
  metric: { weight: "kg", height: "cm" },
  imperial: { weight: "lb", height: "in" },
};

export function initPrediction() {
  const units = document.getElementById("pred-units");
  const weight = numberField({ name: "weight", labelKey: "pred.weight", value: 60, above: 0, max: 1000 });
  const height = numberField({ name: "height", labelKey: "pred.height", value: 165, above: 0, max: 1000 });
  const unitLabels = [weight, height].map((f) => {
    const span = document.createElement("span");
    span.className = "unit";
    f.input.after(span);
    return span;
  });
  document.getElementById("pred-fields").replaceChildren(units.closest("label"), weight.el, height.el);
  const body = document.querySelector("#pred-table tbody");
  const you = document.getElementById("pred-you");
  const canvas = document.getElementById("pred-canvas");
  let last = null;

  const youText = (r) => {
    const p = r.people.find((q) => q.key === "you");
    const parts = [tNodes("pred.shifted", { lb: num(p.lb, 4), in: num(p.in, 4), x1: num(p.x1), x2: num(p.x2) }), " "];
    if (p.p === undefined) return [...parts, t("pred.needsTraining")];
    return [...parts, tNodes("pred.output", { p: num(p.p), label: t(p.p >= 0.5 ? "pred.female" : "pred.male") })];
  };
  const render = () => {
    const u = UNITS[units.value];
    unitLabels[0].textContent = t(`unit.${u.weight}`, { v: "" }).trim();
    unitLabels[1].textContent = t(`unit.${u.height}`, { v: "" }).trim();
    document.getElementById("pred-untrained").hidden = !!trained.model;
    if (!last) return drawWaiting(canvas);
    const unseen = last.people.filter((p) => !p.train && p.key !== "you");
    fill(body, ...unseen.map((p) => row([t(`person.${p.key}`), measure(p), length(p),
      ["(", num(p.x1), ", ", num(p.x2), ")"], p.p === undefined ? "—" : num(p.p)])));
    fill(you, ...youText(last));
    drawPlane(canvas, { extent: last.extent, grid: last.grid, people: markers(last.people), titles: planeTitles() });
  };
  render();
  onLangChange(render);

  const recompute = live({
    fields: [weight, height],
    compute: (v) => lessonPage.predict({ model: trained.model, ...v, units: units.value }),
    render(r) {
      last = r;
      render();
    },
    errors: pyErrorSlot(document.getElementById("pred-error")),
  });
  // Switching units keeps your measurements: the fields get the values Python converted last time.
  units.addEventListener("change", () => {
    const p = last?.people.find((q) => q.key === "you");
    if (!p || weight.input.getAttribute("aria-invalid") === "true" || height.input.getAttribute("aria-invalid") === "true") return;
    const u = UNITS[units.value];
    weight.input.value = String(Number(p[u.weight].toPrecision(4)));
    height.input.value = String(Number(p[u.height].toPrecision(4)));
    recompute();
  });
  trained.onChange((model) => {
    if (model && !py.info) { // a restored network before Python is ready: the build's answers are not its own
      last = null;
      for (const el of [body, you]) el.classList.add("pending");
      showPending(document.getElementById("prediction"));
      render();
    }
    recompute();
  });
}
