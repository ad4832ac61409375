// Section 1: the neuron. Weights, bias and input as fields; output, weighted sum and the sigmoid drawn live.
import { lessonPage } from "../api.js";
import { numberField, group, live } from "./fields.js";
import { num, fill, pyErrorSlot } from "./ui.js";
import { drawNeuron, canvasView } from "./draw.js";

const BOUND = { min: -1000, max: 1000 };

export function initNeuron() {
  const f = (name, label, value) => numberField({ name, label, value, ...BOUND });
  const params = [f("w1", "w₁", 0), f("w2", "w₂", 1), f("b", "b", 4)]; // the lesson's neuron
  const inputs = [f("x1", "x₁", 2), f("x2", "x₂", 3)];
  document.getElementById("neuron-fields").replaceChildren(group("s1.weights", params), group("s1.inputs", inputs));
  const show = canvasView(document.getElementById("neuron-canvas"), drawNeuron);
  live({
    fields: [...params, ...inputs],
    compute: (v) => lessonPage.neuron({ weights: [v.w1, v.w2], bias: v.b, x: [v.x1, v.x2] }),
    render(r) {
      fill(document.getElementById("neuron-sum"), num(r.total, 4));
      fill(document.getElementById("neuron-out"), num(r.output, null));
      show(r);
    },
    errors: pyErrorSlot(document.getElementById("neuron-error")),
  });
}
