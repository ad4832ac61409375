// Section 3: the data. The four people in pounds/inches with kg/cm beside, shifted, and on the plane.
import { t, onLangChange } from "../i18n.js";
import { num, fill, tNodes } from "./ui.js";
import { drawPlane, drawWaiting } from "./draw.js";
import { lessonPeople } from "./state.js";
import { py } from "../boot.js";

// A table row of cells, each a node, a string or a list of them.
export function row(cells) {
  const tr = document.createElement("tr");
  cells.forEach((cell, i) => {
    const td = document.createElement(i ? "td" : "th");
    if (!i) td.scope = "row";
    td.append(...[cell].flat());
    tr.append(td);
  });
  return tr;
}

// "133 lb (60.3 kg)": the lesson's unit first, the other beside it.
export const measure = (p) => [
  tNodes("unit.lb", { v: num(p.lb, 4) }), " (", tNodes("unit.kg", { v: num(p.kg, 3) }), ")"];
export const length = (p) => [
  tNodes("unit.in", { v: num(p.in, 4) }), " (", tNodes("unit.cm", { v: num(p.cm, 4) }), ")"];

// The people as markers for drawPlane (training set: circles; Emily and Frank: squares; you: a diamond).
export const markers = (people) => people.map((p) => ({
  x1: p.x1, x2: p.x2, y: p.y, label: t(`person.${p.key}`),
  shape: p.key === "you" ? "diamond" : p.train ? "circle" : "square",
}));

export const planeTitles = () => [t("plane.x1"), t("plane.x2")];

export function initData() {
  const canvas = document.getElementById("data-canvas");
  const [raw, shifted] = ["people-table", "shifted-table"].map((id) => document.querySelector(`#${id} tbody`));
  let data = null;
  const render = () => {
    if (!data) return drawWaiting(canvas);
    const four = data.people.filter((p) => p.train);
    const name = (p) => t(`person.${p.key}`);
    fill(raw, ...four.map((p) => row([name(p), measure(p), length(p), t(p.y ? "gender.F" : "gender.M")])));
    fill(shifted, ...four.map((p) => row([name(p), num(p.x1), num(p.x2), num(p.y)])));
    drawPlane(canvas, { extent: data.extent, grid: null, people: markers(four), titles: planeTitles() });
  };
  render();
  onLangChange(render);
  const load = () => lessonPeople().then((d) => { data = d; render(); }, (e) => console.warn("lesson: people", e.message));
  load();
  py.events.addEventListener("ready", () => data || load()); // a restarted worker answers what the old one did not
}
