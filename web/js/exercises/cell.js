// One exercise cell: the lesson's starter code, Run / Check / Stop, a hint, the solution, Reset, and the output of
// the last run. The code runs in the student's own Python worker (web/py/exercises.py); this file only sends it
// and shows what comes back. The code is first shown static (building seven editors costs seconds of a phone's
// main thread), highlighted once near the viewport; the CodeMirror editor takes its place, in the same box, when
// the student reaches for it.
import { studentPython } from "../boot.js";
import { exercises } from "../api.js";
import { t, onLangChange, errorText } from "../i18n.js";
import { starter, solution } from "./starters.js";
import { isHidden } from "../lesson/link.js";

const STORAGE_PREFIX = "perceptron-lab.exercise.";
const SAVE_DELAY_MS = 300;
// After Stop, code that swallows KeyboardInterrupt gets this long before the worker is restarted.
const STOP_GRACE_MS = 3000;

// What the student writes in each exercise (shown in the header; the checker looks it up by this name).
export const EXERCISE_NAMES = {
  sigmoid: "sigmoid",
  neuron: "Neuron.feedforward",
  network_feedforward: "OurNeuralNetwork.feedforward",
  mse: "mse_loss",
  deriv_sigmoid: "deriv_sigmoid",
  dl_dw1: "d_L_d_w1",
  sgd_step: "sgd_step",
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "i18n") node.dataset.i18n = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

// The editor's code is loaded with its first use; a hover starts loading it early.
const loadEditor = () => import("../../vendor/codemirror.js");
const loadHighlight = () => import("../../vendor/highlight.js");

// The code as the editor shows it, its line numbers beside it. The text is plain: colours, a span per token, come
// with colour() (the page's size counts). A trailing "\n" ends the last line, which the editor shows even if empty.
function codeView(code) {
  const numbers = el("div", { class: "ex-numbers" }, code.split("\n").map((_, i) => i + 1).join("\n"));
  // The fold gutter's marker, invisible, gives the static gutter the editor's width in any font.
  const gutter = el("div", { class: "ex-gutter", "aria-hidden": "true" }, numbers, el("span", { class: "ex-fold" }, "⌄"));
  return [gutter, el("div", { class: "ex-lines" }, code + "\n")];
}

// The same text in spans classed as the editor classes them.
async function colour(lines, code) {
  const { classHighlighter, highlightCode, parser } = await loadHighlight();
  const parts = [];
  highlightCode(code, parser.parse(code), classHighlighter,
    (text, classes) => parts.push(classes ? el("span", { class: classes }, text) : text), () => parts.push("\n"));
  lines.replaceChildren(...parts, "\n");
}

// Calls `then` once when `target` comes within 200 px of the viewport (never in the build's DOM, which has no
// viewport: the built HTML carries the plain code).
function whenNear(target, then) {
  if (!globalThis.IntersectionObserver) return;
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    seen.disconnect();
    then();
  }, { rootMargin: "200px 0px" });
  seen.observe(target);
}

const button = (key, cls = "") => el("button", { type: "button", class: cls, i18n: key }, t(key));

// The student's code under STORAGE_PREFIX + id, the last Check's verdict under the same key + ".verdict".
// Storage can be blocked (private mode, policies): the cell then simply forgets.
function storage(key) {
  return {
    load() {
      try { return localStorage.getItem(key); } catch { return null; }
    },
    save(value) {
      try { localStorage.setItem(key, value); } catch { /* not kept */ }
    },
    clear() {
      try { localStorage.removeItem(key); } catch { /* nothing kept */ }
    },
  };
}
const VERDICTS = ["accepted", "failed"];

export class ExerciseCell {
  constructor(host, id) {
    this.id = id;
    this.name = EXERCISE_NAMES[id];
    this.store = storage(STORAGE_PREFIX + id);
    this.verdictStore = storage(`${STORAGE_PREFIX}${id}.verdict`);
    this.verdict = VERDICTS.find((v) => v === this.verdictStore.load()) ?? null; // null: not checked yet
    this.starter = starter(id);
    this.report = null; // {kind: "run"|"check", ...the worker's answer}: kept to re-word it on a language switch
    this.status = null; // [key, params] of the status line
    this.running = null; // the pending worker call, if any
    this.build(host);
    onLangChange(() => this.relabel());
  }

  build(host) {
    this.runBtn = button("ex.run", "primary");
    this.checkBtn = button("ex.check");
    this.stopBtn = button("ex.stop", "ex-stop");
    this.stopBtn.hidden = true;
    this.hintBtn = button("ex.hint");
    this.hintBtn.setAttribute("aria-expanded", "false");
    this.solutionBtn = button("ex.solution.show");
    this.solutionBtn.setAttribute("aria-expanded", "false");
    this.hintBtn.hidden = isHidden("hints"); // a teacher's link (lesson/link.js; homework.js says so)
    this.solutionBtn.hidden = isHidden("solutions");
    this.resetBtn = button("ex.reset");
    this.statusEl = el("span", { class: "ex-status", role: "status" });
    this.hintEl = el("p", { class: "ex-hint", "data-i18n": `ex.hint.${this.id}`, hidden: "" }, t(`ex.hint.${this.id}`));
    this.solutionCode = el("pre", { class: "ex-code" }, solution(this.id));
    this.solutionEl = el("div", { class: "ex-solution", hidden: "" },
      el("p", { i18n: "ex.solution.caption" }, t("ex.solution.caption")), this.solutionCode);
    this.resultEl = el("div", { class: "ex-result", "aria-live": "polite" });
    this.text = this.store.load() ?? this.starter; // the code while no editor exists
    // A focusable, labelled stand-in for the editor: focus (by click or keyboard) puts the editor in its place.
    this.staticEl = el("div", { class: "ex-static", tabindex: "0", role: "textbox", "aria-multiline": "true" });
    this.showStatic();
    whenNear(this.staticEl, () => {
      this.near = true;
      if (this.staticEl) this.showStatic();
    });
    const editorEl = el("div", { class: "ex-editor" }, this.staticEl);

    this.host = host;
    host.id ||= `ex-${this.id}`;
    host.classList.add("ex");
    host.replaceChildren(
      el("p", { class: "ex-head" }, el("span", { i18n: "ex.label" }, t("ex.label")), " ", el("code", {}, this.name)),
      editorEl,
      el("p", { class: "ex-keys", i18n: "ex.keys" }, t("ex.keys")),
      el("div", { class: "ex-bar" }, this.runBtn, this.checkBtn, this.stopBtn, this.hintBtn, this.solutionBtn,
        this.resetBtn, this.statusEl),
      this.hintEl, this.solutionEl, this.resultEl,
    );

    this.label();
    this.typed = ""; // keys pressed while the editor loads, typed into it once it is there
    this.staticEl.addEventListener("pointerenter", loadEditor, { once: true });
    this.staticEl.addEventListener("mousedown", (e) => { this.clickedAt = { x: e.clientX, y: e.clientY }; });
    this.staticEl.addEventListener("focus", () => this.mountEditor());
    this.staticEl.addEventListener("keydown", (e) => {
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        this.typed += e.key;
      }
    });

    this.runBtn.addEventListener("click", () => this.execute("run"));
    this.checkBtn.addEventListener("click", () => this.execute("check"));
    this.stopBtn.addEventListener("click", () => this.stop());
    this.hintBtn.addEventListener("click", () => this.toggle(this.hintBtn, this.hintEl));
    this.solutionBtn.addEventListener("click", () => this.toggleSolution());
    this.resetBtn.addEventListener("click", () => this.reset());
  }

  showStatic() {
    const [gutter, lines] = codeView(this.text);
    this.staticEl.replaceChildren(gutter, lines);
    if (this.near) colour(lines, this.text).catch(() => {}); // without colours the code reads the same
  }

  async mountEditor() {
    if (this.mounting) return;
    this.mounting = true;
    let cm, classHighlighter;
    try {
      [cm, { classHighlighter }] = await Promise.all([loadEditor(), loadHighlight()]);
    } catch (e) {
      // The code stays readable and runnable; the next focus tries again.
      this.mounting = false;
      console.warn("exercises: the editor did not load:", e.message);
      return;
    }
    const { EditorView, autocompletion, basicSetup, keymap, indentWithTab, python, syntaxHighlighting } = cm;
    const focused = document.activeElement === this.staticEl;
    this.view = new EditorView({
      doc: this.text,
      extensions: [
        keymap.of([
          { key: "Mod-Enter", run: () => (this.execute("run"), true) },
          { key: "Shift-Enter", run: () => (this.execute("check"), true) },
        ]),
        // Enter must end a line, not accept a suggestion nobody chose.
        basicSetup, autocompletion({ selectOnOpen: false }), python(), keymap.of([indentWithTab]),
        syntaxHighlighting(classHighlighter), // the static view's colours (exercises.css), not basicSetup's
        EditorView.updateListener.of((u) => u.docChanged && this.scheduleSave()),
      ],
    });
    this.staticEl.replaceWith(this.view.dom);
    this.staticEl = null;
    this.label();
    // The editor lies exactly where the static code was: the click's point is the same character.
    const at = (this.clickedAt && this.view.posAtCoords(this.clickedAt)) ?? 0;
    this.view.dispatch({ changes: { from: at, insert: this.typed }, selection: { anchor: at + this.typed.length } });
    if (focused) this.view.focus();
  }

  label() {
    (this.view?.contentDOM ?? this.staticEl).setAttribute("aria-label", t("ex.editor", { name: this.name }));
  }

  code() {
    return this.view ? this.view.state.doc.toString() : this.text;
  }

  setCode(code) {
    if (this.view) this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: code } });
    else {
      this.text = code;
      this.showStatic();
    }
  }

  scheduleSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  // Untouched starter code is not stored, so that it follows the page's language.
  save() {
    clearTimeout(this.saveTimer);
    const code = this.code();
    if (code === this.starter) this.store.clear();
    else this.store.save(code);
  }

  reset() {
    this.store.clear();
    this.setCode(this.starter);
    this.save();
    this.report = null;
    this.render();
    this.setVerdict(null);
  }

  // The last Check's verdict, kept, and announced to the lesson's overview (homework.js) by an event.
  setVerdict(verdict) {
    this.verdict = verdict;
    if (verdict) this.verdictStore.save(verdict);
    else this.verdictStore.clear();
    this.host.dispatchEvent(new CustomEvent("exercise-verdict", { bubbles: true }));
  }

  toggle(btn, panel) {
    panel.hidden = !panel.hidden;
    btn.setAttribute("aria-expanded", String(!panel.hidden));
  }

  toggleSolution() {
    this.toggle(this.solutionBtn, this.solutionEl);
    this.solutionBtn.dataset.i18n = this.solutionEl.hidden ? "ex.solution.show" : "ex.solution.hide";
    this.solutionBtn.textContent = t(this.solutionBtn.dataset.i18n);
  }

  setBusy(kind) {
    const busy = Boolean(kind);
    this.runBtn.disabled = this.checkBtn.disabled = busy;
    this.stopBtn.hidden = !busy;
    this.stopBtn.disabled = false;
    this.host.dataset.state = busy ? "running" : "idle";
    if (!busy) return;
    if (!studentPython().info) this.setStatus("ex.status.starting");
    else this.setStatus(kind === "run" ? "ex.status.running" : "ex.status.checking");
  }

  setStatus(key, params = {}) {
    this.status = key && [key, params];
    this.statusEl.textContent = key ? t(key, params) : "";
  }

  async execute(kind) {
    if (this.running) return;
    this.save();
    this.setBusy(kind);
    const code = this.code();
    const call = kind === "run" ? exercises.run({ exercise: this.id, code }) : this.check(code);
    this.running = call;
    let report, verdict; // a verdict only when the code was checked: not when stopped or Python failed
    try {
      report = { kind, ...await call };
      this.setStatus(report.stopped ? "ex.status.stopped" : "ex.status.done");
      if (kind === "check" && !report.stopped) verdict = report.passed ? "accepted" : "failed";
    } catch (e) {
      if (e.name === "KeyboardInterrupt") {
        // Stopped before the cell began (while its interpreter was still starting).
        report = { kind, stopped: true };
        this.setStatus("ex.status.stopped");
      } else if (e.name === "Interrupted") {
        report = { kind, stopped: true };
        this.setStatus("ex.status.restarted");
      } else if (e.name === "WorkerError" && studentPython().info) {
        // The code ended its interpreter (os._exit, memory, a crash): a fresh one is starting (boot.js).
        report = { kind, stopped: true };
        this.setStatus("ex.status.ended", { error: e.message });
      } else {
        // The worker itself failed (it could not start, or exercises.py did not load).
        report = { kind, error: { type: e.name, message: e.message, traceback: e.traceback || `${e.name}: ${e.message}` } };
        this.setStatus("ex.status.failed", { error: errorText(e) });
      }
    } finally {
      clearTimeout(this.stopTimer);
      this.running = null;
      this.setBusy(null);
    }
    this.report = report;
    this.render();
    if (verdict) this.setVerdict(verdict);
  }

  // The student's function runs on the cases in the student's interpreter; the page's judges its answers
  // against the core's on the same cases (drawn from the same seed).
  async check(code) {
    const seed = Math.floor(Math.random() * 2 ** 32);
    const attempt = await exercises.attempt({ exercise: this.id, code, seed });
    if (attempt.stopped || (attempt.error && !attempt.answers)) return attempt;
    return { ...attempt, ...await exercises.judge({ exercise: this.id, seed, answers: attempt.answers }) };
  }

  // Interrupt the running code; if it is still running after a grace period (it caught the
  // KeyboardInterrupt), restart the student's interpreter, which always ends it. The page's own Python is
  // never touched.
  stop() {
    const call = this.running;
    if (!call) return;
    this.stopBtn.disabled = true;
    this.setStatus("ex.status.stopping");
    const student = studentPython();
    // An interpreter that then fails to start is reported by the next call, not as an unhandled rejection.
    student.interrupt().catch(() => {});
    this.stopTimer = setTimeout(() => this.running === call && student.restart().catch(() => {}), STOP_GRACE_MS);
  }

  render() {
    const r = this.report;
    this.resultEl.replaceChildren();
    delete this.resultEl.dataset.verdict;
    if (!r) return;
    if (r.kind === "check" && !r.stopped) this.renderVerdict(r);
    if (r.stdout) this.resultEl.append(this.block("ex.output", r.stdout, "ex-stdout"));
    if (r.result != null) this.resultEl.append(this.block("ex.value", r.result, "ex-value"));
    if (r.error) this.resultEl.append(this.block("ex.traceback", r.error.traceback, "ex-traceback"));
  }

  block(labelKey, text, cls) {
    return el("div", { class: cls }, el("p", { class: "ex-block-label" }, t(labelKey)), el("pre", {}, text));
  }

  // The lesson's cases are listed one by one; of the random ones only the first that differs is shown.
  renderVerdict(r) {
    const cases = r.cases || [];
    const lessonCases = cases.filter((c) => !c.hidden);
    const randomCases = cases.filter((c) => c.hidden);
    const bad = cases.filter((c) => !c.ok).length;
    let state, text;
    if (r.passed) {
      state = "accepted";
      text = t("ex.verdict.accepted", { name: this.name, n: randomCases.length });
    } else if (!cases.length && r.error) {
      state = "error";
      text = t("ex.verdict.error");
    } else if (cases.length === 1 && cases[0].key === "missing") {
      state = "failed";
      text = t("ex.verdict.missing");
    } else {
      state = "failed";
      text = t("ex.verdict.failed", { bad, total: cases.length });
    }
    this.resultEl.dataset.verdict = state;
    const list = el("ul", { class: "ex-cases" });
    const item = (c, prefix = "") =>
      el("li", { "data-ok": String(c.ok) }, prefix + t(`ex.case.${c.key}`, c.params));
    for (const c of lessonCases) list.append(item(c));
    const firstBad = randomCases.find((c) => !c.ok);
    if (randomCases.length) {
      const ok = randomCases.length - randomCases.filter((c) => !c.ok).length;
      list.append(el("li", { "data-ok": String(!firstBad) }, t("ex.case.hidden_ok", { ok, total: randomCases.length })));
    }
    if (firstBad) list.append(item(firstBad, t("ex.case.random")));
    this.resultEl.append(el("p", { class: "ex-verdict" }, text), list);
  }

  relabel() {
    // Untouched starter code follows the language; the student's own code is never replaced.
    const fresh = this.code() === this.starter;
    this.starter = starter(this.id);
    if (fresh) this.setCode(this.starter);
    this.solutionCode.textContent = solution(this.id);
    this.label();
    if (this.status) this.setStatus(...this.status);
    this.render();
  }
}
