// Section 4: the loss. The lesson's MSE example, recomputed as the user edits the predictions.
import { lessonPage } from "../api.js";
import { bind } from "../i18n.js";
import { numberField, live } from "./fields.js";
import { num, fill, pyErrorSlot } from "./ui.js";
import { row } from "./data.js";
import { TRAINING_SET } from "./state.js";

export function initLoss() {
  const body = document.querySelector("#loss-table tbody");
  // The lesson's example: the network answers 0 for everyone.
  const fields = TRAINING_SET.map((key) => numberField({ name: key, value: 0, min: 0, max: 1 }));
  const names = TRAINING_SET.map(() => document.createElement("span"));
  const truths = TRAINING_SET.map(() => document.createElement("span"));
  const terms = TRAINING_SET.map(() => document.createElement("span"));
  TRAINING_SET.forEach((key, i) => {
    bind(names[i], `person.${key}`);
    bind(fields[i].input, "loss.ypredOf", { name: [`person.${key}`] }, { attr: "aria-label" });
  });
  [...truths, ...terms].forEach((el) => el.classList.add("pending"));
  body.replaceChildren(...fields.map((f, i) => row([names[i], truths[i], f.el, terms[i]])));
  live({
    fields,
    compute: (v) => lessonPage.mse({ yPred: TRAINING_SET.map((key) => v[key]) }),
    render(r) {
      r.yTrue.forEach((y, i) => fill(truths[i], num(y)));
      r.terms.forEach((term, i) => fill(terms[i], num(term, 4)));
      fill(document.getElementById("loss-out"), num(r.loss, null));
    },
    errors: pyErrorSlot(document.getElementById("loss-error")),
  });
}
