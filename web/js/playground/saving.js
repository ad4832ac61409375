// The playground's state kept, shared and exported: saved to localStorage as it changes and restored on
// reload (a run that was training goes on from its last snapshot); a link whose hash holds the settings
// and, when small enough, the data and weights; the model as a perceptron-model JSON file; the experiment as
// a Jupyter notebook; "reset to defaults" behind a dialog; a new worker if the old one dies.
// Everything that comes back in (storage, link, file) is checked by state.js's schema and by export.py
// before it reaches the store; what is bad is dropped with a notice, and the rest of the page goes on.
// It only listens to the store (store.js) and calls its public actions.
import { t, bind, lang, errorText } from "../i18n.js";
import { createStore, hashCodec, download, readText, showNotices, wheelUrl } from "../storage.js";
import { watchWorker, deathNotice } from "../recover.js";
import { py } from "../boot.js";
import { exportState, notebooks } from "../api.js";
import { SCHEMA, STATE_VERSION, MAX_LAYERS, defaultSettings, checkSetting, normalise } from "./state.js";
import * as store from "./store.js";
import { MAX_MODEL_CHARS, DATA_VERSION, GENERATED_DATASETS } from "../contract.js";

export const MAX_FILE_BYTES = MAX_MODEL_CHARS; // a file read (a model or a CSV) is cut at a model file's largest size
const LINK_BUDGET = 8_000;           // characters of data and weights a link may carry

// The link's typed properties: every setting as state.js's schema has it, and the epoch, data and weights.
const LINK = hashCodec({
  v: { type: "int", min: STATE_VERSION, max: STATE_VERSION },
  dv: { type: "int", min: 1, max: DATA_VERSION }, // the data sets' version (none: 1)
  ...Object.fromEntries(Object.entries(SCHEMA).map(([k, s]) => [k, s.type === "enums" ? { ...s, maxLength: MAX_LAYERS + 1 } : s])),
  epoch: { type: "int", min: 0, max: 1e9 },
  extent: { type: "number", min: 0.001, max: 1e6 },
  data: { type: "blob", maxLength: LINK_BUDGET },
  weights: { type: "blob", maxLength: LINK_BUDGET },
});

const $ = (id) => document.getElementById(id);
const { state } = store;
const notices = [];
const notify = (...items) => {
  notices.push(...items);
  showNotices($("pg-notices"), notices);
};
const status = (keys, params, kind = "ok") => {
  $("pg-save-msg").dataset.state = kind;
  bind($("pg-save-msg"), keys, params);
};
const storage = createStore("playground", { version: STATE_VERSION, onNotice: notify });
// A notice when a state or link saved with an earlier data version has a data set the core now generates
// otherwise (as TF Playground): its points were kept, or are new ones unlike those it was saved with.
const olderData = (settings, version, kept) => {
  if (GENERATED_DATASETS.includes(settings.dataset) && (version ?? 1) < DATA_VERSION) {
    notify({ key: kept ? "pg.data.kept" : "pg.data.new", params: { name: [`pg.ds.${settings.dataset}`] } });
  }
};

// ------------------------------------------------------------ save as the store changes, at most once a frame

// Nothing is saved before restore() has run: the page's first frames show defaults that must not overwrite
// the saved state while Python is still loading. Nor is the untouched default state.
let restored = false;
let frame = 0;
const save = () => {
  frame = 0;
  if (!restored) return;
  if (!store.isUntouched()) storage.save(() => ({ state, running: store.ui.playing, dataVersion: DATA_VERSION }));
  follow();
};

// The address bar follows the settings, as TF Playground's does: replaced, not pushed (no history entry per
// change), so the address shared is this view (Copy link adds the data and weights). A reload of an address the
// page wrote finds the saved state with the same settings, and keeps its points and model (restoreOnce).
const addressOf = (settings) => `#${LINK.encode({ v: STATE_VERSION, dv: DATA_VERSION, ...settings })}`;
function follow() {
  if (document.body.dataset.page !== "playground") return; // the lesson's view has its own address
  const hash = store.isUntouched() ? "" : addressOf(state.settings);
  if (location.hash !== hash) history.replaceState(history.state, "", location.pathname + location.search + hash);
}
for (const type of ["draw", "trained", "settled", "playing"]) store.on(type, () => (frame ||= requestAnimationFrame(save)));
$("playground").addEventListener("viewshow", () => restored && follow()); // back from the lesson: its address again

// ------------------------------------------------------------ restore: a link first, else the saved state

// The state to start from, {state, running}, or null for the defaults.
export async function restore() {
  try {
    return await restoreOnce();
  } finally {
    restored = true;
  }
}

async function restoreOnce() {
  const { value, notice } = storage.load();
  if (location.hash.length > 1 && !(value?.state?.settings && location.hash === addressOf(value.state.settings))) {
    const hash = location.hash;
    history.replaceState(null, "", location.pathname + location.search); // the link's view is saved, then followed
    return { state: await fromLink(hash), running: false };
  }
  if (notice) notify(notice);
  if (!value) return null;
  try {
    const adopted = await adopt(value.state);
    if (adopted.points.length) olderData(adopted.settings, value.dataVersion, true); // else the store makes new ones
    return { state: adopted, running: value.running === true };
  } catch (e) {
    notify({ key: "pg.save.ignored", params: { error: e.message } });
    return null;
  }
}

// A saved state checked by state.js's schema (every setting) and export.check_state (the rest).
async function adopt(saved) {
  if (!saved || typeof saved !== "object" || saved.version !== STATE_VERSION) throw new Error(t("pg.save.version"));
  const settings = defaultSettings(); // a setting newer than the state keeps its default
  for (const key of Object.keys(SCHEMA)) {
    if (saved.settings && !(key in saved.settings)) continue;
    const checked = checkSetting(key, saved.settings?.[key]);
    if (checked.error) throw new Error(t("pg.save.setting", { name: key }));
    settings[key] = checked.value;
  }
  const next = normalise(settings, Array.isArray(saved.points) ? saved.points : []);
  const ok = await exportState.checkState({ state: { ...saved, settings: next } });
  return { settings: next, points: ok.points, extent: ok.extent, model: ok.model, epoch: ok.epoch,
    history: ok.history.map((row) => row.map((v) => v ?? NaN)), // JSON wrote NaN as null
    log: ok.log ?? { start: ok.model, runs: [] } };
}

// A link's state: its settings, and its data and weights when they are there and good (else the store makes
// them from the settings).
async function fromLink(hash) {
  const { values, notices: bad } = LINK.decode(hash);
  if (bad.length) notify(...bad);
  const settings = defaultSettings();
  for (const key of Object.keys(SCHEMA)) if (key in values) settings[key] = values[key];
  const next = { settings: normalise(settings), points: [], model: null };
  const unshare = async (what) => {
    if (!values[what]) return null;
    try {
      return await exportState.unshare({ settings: next.settings, [what]: values[what] });
    } catch (e) {
      notify({ key: "pg.link.bad", params: { what, error: errorText(e) } });
      return null;
    }
  };
  const data = await unshare("data");
  if (data) Object.assign(next, { points: data.points, extent: values.extent ?? 6, settings: normalise(next.settings, data.points) });
  // a link that Copy link made (it has v) before the data sets had a version; not one typed by hand
  if ("v" in values) olderData(next.settings, values.dv, Boolean(data));
  const weights = await unshare("weights");
  if (weights) Object.assign(next, { model: weights.model, epoch: values.epoch ?? 0, history: [],
    log: { start: structuredClone(weights.model), runs: [] } });
  return next;
}

// ------------------------------------------------------------ share and export

async function copyLink() {
  const shared = await exportState.share({ state: store.payload(), maxChars: LINK_BUDGET });
  const values = { v: STATE_VERSION, dv: DATA_VERSION, ...state.settings, data: shared.data, weights: shared.weights,
    epoch: shared.weights ? state.epoch : null, extent: shared.data ? state.extent : null };
  const url = `${location.href.split("#")[0]}#${LINK.encode(values)}`;
  const box = $("pg-link");
  box.value = url;
  box.hidden = false;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch { /* no clipboard permission: the link is in the box to copy by hand */ }
  status([copied ? "pg.link.copied" : "pg.link.select", !shared.data && !shared.regenerates && "pg.link.noData",
    !shared.weights && "pg.link.noWeights"]);
  if (!copied) box.select();
}

async function exportModel() {
  const text = await exportState.modelJson({ model: state.model, features: state.settings.features });
  download("perceptron-model.json", text, "application/json");
  status("pg.model.exported");
}

async function exportNotebook() {
  const full = { ...store.payload(), history: state.history, log: state.log, version: STATE_VERSION };
  const nb = await notebooks.notebook({ state: full, lang: lang(), wheelUrl: wheelUrl() });
  download(nb.filename, nb.text, "application/x-ipynb+json");
  status(nb.replays ? "pg.nb.exported" : "pg.nb.exportedNoReplay", { file: nb.filename });
}

// Nothing changes until the file is read and checked; the message says what is wrong.
async function importModel(file) {
  const loaded = await store.importModel(async () => {
    try {
      return await exportState.readModel({ text: await readText(file, MAX_FILE_BYTES), settings: state.settings });
    } catch (e) {
      status("pg.model.bad", { file: file.name, error: e }, "error");
      return null;
    }
  });
  if (loaded) status("pg.model.loaded", { file: file.name });
}

// ------------------------------------------------------------ reset to defaults, behind a real dialog

const dialog = $("pg-reset-dialog");
dialog.addEventListener("close", () => {
  if (dialog.returnValue !== "reset") return;
  storage.clear();
  store.resetAll().then(() => status("pg.reset.done"));
});

// ------------------------------------------------------------ wiring

const guarded = (fn) => () => store.read(() => fn().catch((e) => status("pg.save.failed", { error: e }, "error")));
$("pg-copy-link").addEventListener("click", guarded(copyLink));
$("pg-export-model").addEventListener("click", guarded(exportModel));
$("pg-export-nb").addEventListener("click", guarded(exportNotebook));
$("pg-import-model").addEventListener("change", (ev) => {
  const file = ev.target.files[0];
  ev.target.value = "";
  if (file) importModel(file);
});
store.on("action", () => { // the message and the link were of the state before it
  bind($("pg-save-msg"), null);
  $("pg-link").hidden = true;
});
$("pg-defaults").addEventListener("click", () => {
  dialog.returnValue = "";
  dialog.showModal();
});
watchWorker(py, (error) => {
  store.setPlaying(false);
  notify(deathNotice(py, ["pg.worker.died", "pg.worker.back"], error, () => showNotices($("pg-notices"), notices)));
});
