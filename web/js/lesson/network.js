// Section 2: the 2-2-1 network. Nine parameters and the input as fields; every node's value drawn live.
import { lessonPage } from "../api.js";
import { numberField, group, live } from "./fields.js";
import { num, fill, pyErrorSlot } from "./ui.js";
import { drawNetwork, canvasView } from "./draw.js";
import { LESSON_NEURON_NAMES, LESSON_PARAM_NAMES as PARAMS } from "../contract.js";

const BOUND = { min: -1000, max: 1000 };
const sub = (name) => name.replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);

export function initNetwork() {
  const f = (name, value) => numberField({ name, label: sub(name), value, ...BOUND });
  // The lesson's network: every neuron has the weights [0, 1] and the bias 0; the input is [2, 3]. In the
  // lesson's order of parameters, neuron n's two weights are the (2n)th and (2n + 1)th, its bias follows all weights.
  const [inputNames, ...layers] = LESSON_NEURON_NAMES;
  const nWeights = PARAMS.length - layers.flat().length;
  const neurons = layers.flat().map((name, n) =>
    [sub(name), [f(PARAMS[2 * n], 0), f(PARAMS[2 * n + 1], 1), f(PARAMS[nWeights + n], 0)]]);
  const inputs = inputNames.map((name, i) => f(name, [2, 3][i]));
  document.getElementById("network-fields").replaceChildren(
    group("s2.inputs", inputs), ...neurons.map(([name, fs]) => group("s2.neuron", fs, { name })));
  const show = canvasView(document.getElementById("network-canvas"), drawNetwork);
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
