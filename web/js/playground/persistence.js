// The playground's state kept, shared and exported: saved to localStorage as it changes and restored
// on reload (a run that was training goes on from its last snapshot); a link whose hash holds the settings
// and, when small enough, the data and weights; the model as a perceptron-model JSON file; the experiment as
// a Jupyter notebook; "reset to defaults" behind a dialog; a new worker if the old one dies.
// Everything that comes back in (storage, link, file) is checked by state.js's schema and by export.py
// before it touches the state; what is bad is dropped with a notice, and the rest of the page goes on.
//
// The training log (state.log, see web/py/export.py) says how the model came to be, so the notebook can
// replay it: {start: null (Network.random from the seed) | the model it started from, runs: [...]}.
import { t, bind, lang, errorText } from "../i18n.js";
import { createStore, hashCodec, download, readText, showNotices } from "../persist.js";
import { watchWorker } from "../recover.js";
import { SCHEMA, STATE_VERSION, MAX_LAYERS, initialState, defaultSettings, checkSetting, normalise } from "./state.js";

export const MAX_POINTS = 10_000;    // as export.py: the core takes up to 50 000, the page stays quick with this
export const MAX_FILE_BYTES = 2_000_000;
const LINK_BUDGET = 8_000;           // characters of data and weights a link may carry
const HYPER = ["learningRate", "batchSize", "loss", "regularization", "regRate", "optimizer", "seed", "activations"];

// The link's typed properties: every setting as state.js's schema has it, and the epoch, data and weights.
const LINK = hashCodec({
  v: { type: "int", min: STATE_VERSION, max: STATE_VERSION },
  ...Object.fromEntries(Object.entries(SCHEMA).map(([k, s]) => [k, s.type === "enums" ? { ...s, maxLength: MAX_LAYERS + 1 } : s])),
  epoch: { type: "int", min: 0, max: 1e9 },
  extent: { type: "number", min: 0.001, max: 1e6 },
  data: { type: "blob", maxLength: LINK_BUDGET },
  weights: { type: "blob", maxLength: LINK_BUDGET },
});

const $ = (id) => document.getElementById(id);

// page: {state, ui, py, act, applyChange, regenerate, setPlaying, payload}, from main.js.
export function initPersistence(page) {
  const { state, ui, py } = page;
  const notices = [];
  const notify = (...items) => {
    notices.push(...items);
    showNotices($("pg-notices"), notices);
  };
  const status = (keys, params, kind = "ok") => {
    $("pg-save-msg").dataset.state = kind;
    bind($("pg-save-msg"), keys, params);
  };
  const store = createStore("playground", { version: STATE_VERSION, onNotice: notify });
  let openRun = null; // the training run being logged: its record, pushed to the log at its first snapshot

  const saved = () => ({ state, running: ui.playing });
  const wheelUrl = () => new URL(`pyodide/perceptron-${py.info?.perceptron ?? "0.1.0"}-py3-none-any.whl`, location.href).href;

  // ------------------------------------------------------------ the training log

  const log = {
    newModel() {
      state.log = { start: null, runs: [] };
    },
    // Weights or data changed by hand: the replay starts from the model as it is now.
    restart() {
      state.log = { start: structuredClone(state.model), runs: [] };
    },
    runStarted() {
      openRun = { epoch: state.epoch, epochs: 0, ...structuredClone(Object.fromEntries(HYPER.map((k) => [k, state.settings[k]]))) };
    },
    snapshot(snap) {
      if (!openRun || snap.epoch <= openRun.epoch) return;
      if (openRun.epochs === 0) state.log.runs.push(openRun);
      openRun.epochs = snap.epoch - openRun.epoch;
      if (state.log.runs.length > 500) log.restart(); // as export.py's MAX_RUNS: too long to replay
    },
  };

  // ------------------------------------------------------------ restore: a link first, else the saved state

  // Nothing is saved before this has run: the page's first frames show defaults that must not overwrite
  // the saved state while Python is still loading.
  let restored = false;
  async function restore() {
    try {
      return await restoreOnce();
    } finally {
      restored = true;
    }
  }

  async function restoreOnce() {
    if (location.hash.length > 1) {
      const hash = location.hash;
      history.replaceState(null, "", location.pathname + location.search); // a reload then uses the saved state
      await fromLink(hash);
      return false;
    }
    const { value, notice } = store.load();
    if (notice) notify(notice);
    if (!value) return false;
    try {
      await adopt(value.state);
    } catch (e) {
      notify({ key: "pg.save.ignored", params: { error: e.message } });
      return false;
    }
    return value.running === true;
  }

  // A saved state into the page's, after state.js's schema (every setting) and export.check_state (the rest).
  async function adopt(saved) {
    if (!saved || typeof saved !== "object" || saved.version !== STATE_VERSION) throw new Error(t("pg.save.version"));
    const settings = {};
    for (const key of Object.keys(SCHEMA)) {
      const checked = checkSetting(key, saved.settings?.[key]);
      if (checked.error) throw new Error(t("pg.save.setting", { name: key }));
      settings[key] = checked.value;
    }
    const next = normalise(settings);
    const ok = await py.call("export.check_state", { state: { ...saved, settings: next } });
    Object.assign(state, { settings: next, points: ok.points, extent: ok.extent, model: ok.model, epoch: ok.epoch,
      history: ok.history.map((row) => row.map((v) => v ?? NaN)), // JSON wrote NaN as null
      log: ok.log ?? { start: ok.model, runs: [] } });
    state.model?.layers.forEach((layer, k) => (layer.activation = next.activations[k]));
  }

  async function fromLink(hash) {
    const { values, notices: bad } = LINK.decode(hash);
    if (bad.length) notify(...bad);
    const settings = defaultSettings();
    for (const key of Object.keys(SCHEMA)) if (key in values) settings[key] = values[key];
    state.settings = normalise(settings);
    state.points = [];
    state.model = null;
    const unshare = async (what) => {
      if (!values[what]) return null;
      try {
        return await py.call("export.unshare", { settings: state.settings, [what]: values[what] });
      } catch (e) {
        notify({ key: "pg.link.bad", params: { what, error: errorText(e) } });
        return null;
      }
    };
    const data = await unshare("data");
    if (data) Object.assign(state, { points: data.points, extent: values.extent ?? 6 });
    else if (state.settings.dataset !== "custom") await page.regenerate();
    const weights = await unshare("weights");
    if (weights) {
      Object.assign(state, { model: weights.model, epoch: values.epoch ?? 0, history: [] });
      log.restart();
    }
  }

  // ------------------------------------------------------------ share and export

  async function copyLink() {
    const shared = await py.call("export.share", { state: page.payload(), max_chars: LINK_BUDGET });
    const values = { v: STATE_VERSION, ...state.settings, data: shared.data, weights: shared.weights,
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
    const text = await py.call("export.model_json", { model: state.model, features: state.settings.features });
    download("perceptron-model.json", text, "application/json");
    status("pg.model.exported");
  }

  async function exportNotebook() {
    const full = { ...page.payload(), history: state.history, log: state.log, version: STATE_VERSION };
    const nb = await py.call("export.notebook", { state: full, lang: lang(), wheel_url: wheelUrl() });
    download(nb.filename, nb.text, "application/x-ipynb+json");
    status(nb.replays ? "pg.nb.exported" : "pg.nb.exportedNoReplay", { file: nb.filename });
  }

  // Nothing changes until the file is read and checked; the message says what is wrong.
  async function importModel(file) {
    let model;
    try {
      model = await py.call("export.read_model", { text: await readText(file, MAX_FILE_BYTES), settings: state.settings });
    } catch (e) {
      status("pg.model.bad", { file: file.name, error: e }, "error");
      return;
    }
    page.setPlaying(false); // the new weights replace whatever a run would make
    await page.applyChange(() => {
      const s = state.settings;
      s.features = model.features;
      s.hidden = model.hidden;
      s.activations = model.activations;
      if (model.activations.at(-1) !== "sigmoid") s.loss = "mse";
    });
    state.model = model.model;
    state.model.layers.forEach((layer, k) => (layer.activation = state.settings.activations[k]));
    Object.assign(state, { epoch: 0, history: [] });
    log.restart();
    await page.refreshAll();
    status("pg.model.loaded", { file: file.name });
  }

  // ------------------------------------------------------------ reset to defaults, behind a real dialog

  const dialog = $("pg-reset-dialog");
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "reset") return;
    page.setPlaying(false);
    page.act(() => page.applyChange(async () => {
      store.clear();
      Object.assign(state, initialState());
      await page.regenerate();
    }, { reset: true })).then(() => status("pg.reset.done"));
  });

  // ------------------------------------------------------------ wiring

  const guarded = (fn) => () => page.act(() => fn().catch((e) => status("pg.save.failed", { error: e }, "error")));
  $("pg-copy-link").addEventListener("click", guarded(copyLink));
  $("pg-export-model").addEventListener("click", guarded(exportModel));
  $("pg-export-nb").addEventListener("click", guarded(exportNotebook));
  $("pg-import-model").addEventListener("change", (ev) => {
    const file = ev.target.files[0];
    ev.target.value = "";
    if (file) page.act(() => importModel(file));
  });
  $("pg-defaults").addEventListener("click", () => {
    dialog.returnValue = "";
    dialog.showModal();
  });
  watchWorker(py, (error) => {
    page.setPlaying(false);
    notify({ key: "pg.worker.died", params: { error } });
  });

  return {
    log,
    restore,
    save: () => restored && store.save(saved),
  };
}
