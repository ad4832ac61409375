// Section 2: the 2-2-1 network. Nine parameters and the input as fields; every node's value drawn live.
import { lessonPage } from "../api.js";
import { numberField, group, live } from "./fields.js";
import { num, fill, pyErrorSlot } from "./ui.js";
import { drawNetwork, canvasView } from "./draw.js";

const BOUND = { min: -1000, max: 1000 };
const sub = (name) => name.replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);

export function initNetwork() {
  const f = (name, value) => numberField({ name, label: sub(name), value, ...BOUND });
  // The lesson's network: every neuron has the weights [0, 1] and the bias 0; the input is [2, 3].
  const neurons = [["h₁", [f("w1", 0), f("w2", 1), f("b1", 0)]],
    ["h₂", [f("w3", 0), f("w4", 1), f("b2", 0)]],
    ["o₁", [f("w5", 0), f("w6", 1), f("b3", 0)]]];
  const inputs = [f("x1", 2), f("x2", 3)];
  document.getElementById("network-fields").append(
    group("s2.inputs", inputs), ...neurons.map(([name, fs]) => group("s2.neuron", fs, { name })));
  const show = canvasView(document.getElementById("network-canvas"), "network", drawNetwork);
  live({
    fields: [...inputs, ...neurons.flatMap(([, fs]) => fs)],
    compute: ({ x1, x2, ...params }) => lessonPage.network({ params, x: [x1, x2] }),
    render(r) {
      fill(document.getElementById("network-out"), num(r.output, null));
      show(r);
    },
    errors: pyErrorSlot(document.getElementById("network-error")),
  });
}
