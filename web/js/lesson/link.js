// The lesson's link: its fields' values (number fields by their bounds, choices by their options, typed and
// checked as the playground's link is: a bad or unknown value is dropped with a notice) and a teacher's choice
// to hide the exercises' solutions, or their hints too (hide=solutions,hints). A link opened is read once and
// taken off the address, so that a reload shows what was saved since; the teacher's choice is kept in this
// browser until another lesson link says otherwise, and the page says why the solutions are hidden.
import { hashCodec } from "../storage.js";
import { linkType } from "./fields.js";

const HIDE = ["solutions", "hints"];
const HIDE_KEY = "perceptron-lab.lesson.hide";

function codec(fields) {
  return hashCodec({
    hide: { type: "set", values: HIDE },
    ...Object.fromEntries(fields.map((el) => [el.id, el.tagName === "SELECT"
      ? { type: "enum", values: [...el.options].map((o) => o.value) } : linkType(el)])),
  });
}

// What is hidden: a Set of "solutions", "hints".
export function hidden() {
  try {
    return new Set((localStorage.getItem(HIDE_KEY) || "").split(",").filter((v) => HIDE.includes(v)));
  } catch {
    return new Set(); // storage blocked: a teacher's choice lasts for this page only (see readLink)
  }
}
let hiddenNow = null;
export const isHidden = (what) => (hiddenNow ?? hidden()).has(what);

// The link in the address, if any: {values: {field id: value as text}, notices}; null without one.
export function readLink(fields) {
  if (location.hash.length < 2 || !/=/.test(location.hash)) return null; // a section's anchor is not a link
  const { values, notices } = codec(fields).decode(location.hash);
  const { hide = [], ...rest } = values;
  hiddenNow = new Set(hide);
  try {
    if (hide.length) localStorage.setItem(HIDE_KEY, hide.join(","));
    else localStorage.removeItem(HIDE_KEY);
  } catch { /* kept for this page only */ }
  history.replaceState(history.state, "", location.pathname + location.search);
  return { values: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])), notices };
}

// A link to this lesson with these fields' values, hiding what `hide` lists.
export function linkTo(fields, hide = []) {
  const values = { hide: hide.length ? hide : undefined, ...Object.fromEntries(fields.map((el) => [el.id, el.value])) };
  return `${location.href.split("#")[0]}#${codec(fields).encode(values)}`;
}
