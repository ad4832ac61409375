// Number fields: typed as text (so a user can type anything), checked here, with the message next to the
// field; `live` recomputes a section as the user types and keeps the last good result on bad input.
import { bind } from "../i18n.js";
import { NUMBER } from "../storage.js";
import { py } from "../boot.js";

let nextId = 0;
const specs = new WeakMap(); // input → its spec, for the lesson's link (link.js)

// The link's typed property of a number field: its bounds (an exclusive minimum as the smallest allowed; the
// field itself then says if a value sits on it).
export function linkType(input) {
  const spec = specs.get(input);
  return spec && { type: spec.int ? "int" : "number", min: spec.min ?? spec.above, max: spec.max };
}

// spec: {name, label (text) or labelKey, value, min, max, above (exclusive minimum), int}
export function numberField(spec) {
  const id = `f${++nextId}-${spec.name}`;
  const wrap = document.createElement("label");
  wrap.className = "field";
  const caption = document.createElement("span");
  if (spec.labelKey) bind(caption, spec.labelKey);
  else {
    caption.className = "sym"; // a symbol such as w₁
    caption.textContent = spec.label;
  }
  const input = document.createElement("input");
  Object.assign(input, { type: "text", id, value: String(spec.value), spellcheck: false, autocomplete: "off" });
  input.inputMode = spec.int && !(spec.min < 0) ? "numeric" : "decimal";
  const error = document.createElement("span");
  error.className = "field-error";
  error.id = `${id}-err`;
  error.setAttribute("aria-live", "polite");
  input.setAttribute("aria-describedby", error.id);
  if (spec.label || spec.labelKey) wrap.append(caption);
  wrap.append(input, error);
  specs.set(input, spec);
  const field = { ...spec, el: wrap, input, error, message: null };
  field.read = () => check(field);
  return field;
}

function problem(spec, text) {
  if (text === "") return ["err.empty"];
  if (!NUMBER.test(text)) return ["err.nan", { text }];
  const v = Number(text);
  if (!Number.isFinite(v)) return ["err.nan", { text }];
  if (spec.int && !Number.isInteger(v)) return ["err.int"];
  if (spec.min !== undefined && v < spec.min) return ["err.min", { min: spec.min }];
  if (spec.above !== undefined && v <= spec.above) return ["err.above", { min: spec.above }];
  if (spec.max !== undefined && v > spec.max) return ["err.max", { max: spec.max }];
  return null;
}

// The field's number, or null with its message shown. Accepts a decimal comma and the minus sign "−".
function check(field) {
  const text = field.input.value.trim().replace(",", ".").replace(/^\u2212/, "-");
  field.message = problem(field, text);
  showMessage(field);
  return field.message ? null : Number(text);
}

function showMessage(field) {
  field.input.setAttribute("aria-invalid", String(!!field.message));
  bind(field.error, ...(field.message ?? [null]));
}

// Every field's number by name, or null if any is bad (each bad one shows its message).
export function readAll(fields) {
  const values = {};
  let ok = true;
  for (const f of fields) {
    values[f.name] = f.read();
    ok = ok && values[f.name] !== null;
  }
  return ok ? values : null;
}

// Every section's recompute: the first results may be the build's (see client.js); once Python is ready, the
// page computes them again live.
const sections = new Set();
export const recomputeAll = () => Promise.all([...sections].map((run) => run()));

// Recompute as the user types (lightly debounced): read the fields, call compute(values) (a Promise),
// render(result, values) if no newer request has started. Bad input or a Python error leaves the last
// good result on screen. Values the build did not answer (a restored field) wait for Python: until it
// answers, the section is aria-busy and its results are shown dimmed, as the old values' (lesson.css).
// Returns the function that recomputes now.
export function live({ fields, inputs = [], compute, render, errors, delay = 120 }) {
  const section = (fields[0]?.input ?? inputs[0]).closest("section");
  let seq = 0;
  let timer;
  const run = async () => {
    clearTimeout(timer);
    const values = readAll(fields);
    if (!values) return;
    for (const el of inputs) values[el.id] = el.value;
    const mine = ++seq;
    try {
      const answer = compute(values);
      if (!py.info) section.setAttribute("aria-busy", "true"); // a built answer comes before the next paint
      const result = await answer;
      if (mine !== seq) return;
      errors?.clear();
      render(result, values);
    } catch (e) {
      if (mine === seq) errors?.show(e);
    } finally {
      if (mine === seq) section.removeAttribute("aria-busy");
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  };
  for (const f of fields) f.input.addEventListener("input", soon);
  for (const el of inputs) el.addEventListener("change", run);
  sections.add(run);
  run();
  return run;
}

// A fieldset with a translated legend around some fields.
export function group(legendKey, fields, legendParams) {
  const set = document.createElement("fieldset");
  const legend = document.createElement("legend");
  bind(legend, legendKey, legendParams);
  set.append(legend, ...fields.map((f) => f.el));
  return set;
}
