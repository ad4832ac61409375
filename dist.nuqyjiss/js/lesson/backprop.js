// Section 5: backpropagation. The lesson's example network (weights 1, biases 0) for one person: the forward
// pass, the chain rule for any of the nine parameters as a product of factors, and one SGD update step.
import { lessonPage } from "../api.js";
import { t, onLangChange } from "../i18n.js";
import { numberField, live } from "./fields.js";
import { num, fill, tNodes, pyErrorSlot } from "./ui.js";
import { tex, withMath } from "./math.js";
import { TRAINING_SET } from "./state.js";
import { LESSON_PARAM_NAMES as PARAMS } from "../contract.js";

// Inline TeX as an element (fractions at full size).
function math(src) {
  const el = document.createElement("span");
  el.className = "m";
  el.innerHTML = tex(String.raw`\displaystyle ` + src);
  return el;
}

// A factor of a written-out product: negative numbers in parentheses.
const factor = (v) => (v < 0 ? ["(", num(v, 4), ")"] : [num(v, 4)]);

const li = (...nodes) => {
  const el = document.createElement("li");
  el.append(...nodes);
  return el;
};

// "z_h1 = w1 x1 + w2 x2 + b1 = −3,  h1 = f(z_h1) = 0.0474" and so on, then the loss.
function forwardLines(r) {
  return [
    li(math(String.raw`x = (x_1, x_2) = `), "(", num(r.x[0]), ", ", num(r.x[1]), "), ", math(String.raw`y_{true} = `), num(r.y)),
    li(math(String.raw`z_{h_1} = w_1 x_1 + w_2 x_2 + b_1 = `), num(r.z[0]), ", ",
      math(String.raw`h_1 = f(z_{h_1}) = `), num(r.a[0])),
    li(math(String.raw`z_{h_2} = w_3 x_1 + w_4 x_2 + b_2 = `), num(r.z[1]), ", ",
      math(String.raw`h_2 = f(z_{h_2}) = `), num(r.a[1])),
    li(math(String.raw`z_{o_1} = w_5 h_1 + w_6 h_2 + b_3 = `), num(r.z[2]), ", ",
      math(String.raw`y_{pred} = o_1 = f(z_{o_1}) = `), num(r.a[2])),
    li(math(String.raw`L = (y_{true} - y_{pred})^2 = `), num(r.loss), ` (${t("bp.loss")})`),
  ];
}

// The chain rule: the symbolic product, each factor with its formula and value, then the product in numbers.
function chainNodes(r) {
  const p = r.paramTex;
  const head = document.createElement("div");
  head.className = "math-display";
  head.innerHTML = tex(String.raw`\frac{\partial L}{\partial ${p}} = ` + r.factors.map((f) => f.tex[0]).join(String.raw` \cdot `), true);
  const list = document.createElement("ul");
  list.className = "factors";
  list.append(...r.factors.map((f) => li(math(`${f.tex[0]} = ${f.tex[1]} = `), num(f.value, 4))));
  const product = document.createElement("p");
  product.className = "product";
  product.append(math(String.raw`\frac{\partial L}{\partial ${p}} = `));
  r.factors.forEach((f, i) => {
    if (i) product.append(" × ");
    product.append(...factor(f.value));
  });
  const result = num(r.gradient, 4); // 0.02147 for w1: the lesson's "0.0214…"
  result.classList.add("result");
  product.append(" = ", result);
  return [head, list, product];
}

function signText(r) {
  const key = r.gradient > 0 ? "bp.grows" : r.gradient < 0 ? "bp.falls" : "bp.zero";
  return t(key, { param: r.param });
}

// w1 ← w1 − η·∂L/∂w1 = 1 − 0.1 × 0.0214 = 0.9979, and the person's loss before and after.
function updateNodes(r) {
  const p = r.paramTex;
  const line = document.createElement("p");
  line.append(math(String.raw`${p} \leftarrow ${p} - \eta \frac{\partial L}{\partial ${p}} = `),
    num(r.old), " − ", num(r.learningRate), " × ", ...factor(r.gradient), " = ", num(r.new, 6));
  const loss = document.createElement("p");
  loss.className = "sub";
  loss.append(tNodes("bp.after", { name: [`person.${r.person}`], before: num(r.loss, 6), after: num(r.lossAfter, 6) }));
  return [line, loss];
}

export function initBackprop() {
  const person = document.getElementById("bp-person");
  const param = document.getElementById("bp-param");
  person.replaceChildren(...TRAINING_SET.map((key) => new Option("", key)));
  param.replaceChildren(...PARAMS.map((name) => new Option(name, name)));
  const eta = numberField({ name: "eta", labelKey: "bp.eta", value: 0.1, above: 0, max: 10 });
  document.getElementById("bp-fields").replaceChildren(eta.el);
  let last = null;
  const render = () => withMath(() => {
    [...person.options].forEach((o) => { o.textContent = t(`person.${o.value}`); });
    if (!last) return;
    fill(document.getElementById("bp-forward"), ...forwardLines(last));
    fill(document.getElementById("bp-chain"), ...chainNodes(last));
    document.getElementById("bp-sign").textContent = signText(last);
    fill(document.getElementById("bp-update"), ...updateNodes(last));
  });
  render();
  onLangChange(render);
  live({
    fields: [eta],
    inputs: [person, param],
    compute: async (v) => {
      const answer = await lessonPage.backprop({ param: v["bp-param"], person: v["bp-person"], learningRate: v.eta });
      return { ...answer, person: v["bp-person"] };
    },
    render(r) {
      last = r;
      render();
    },
    errors: pyErrorSlot(document.getElementById("bp-error")),
  });
}
