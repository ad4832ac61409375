// The page's side of the worker protocol (see pyworker.js); page modules call Python through api.js:
//   const py = new PyClient();  await py.ready;
//   await py.call("core.feedforward", {model, X})            → result, or throws PyError
//   const run = py.stream("lesson_page.train", args, onProgress)  → run.result (Promise), run.cancel()
//   await py.interrupt()   stop whatever runs now (KeyboardInterrupt when the page is cross-origin isolated,
//                          otherwise a fresh worker); pending calls reject with PyError name "Interrupted".
// Events on py.events (an EventTarget): "status" {stage}, "ready" {info}, "fatal" {error}, "restart", and "kept"
// once the worker's downloads are in the cache the service worker's precache reads (after "ready").
// Before Python is ready, a call the build already answered (the page's first computations, made by the same
// modules at build time with the CPython core: see web/build/prerender.mjs) is answered from script#prebuilt.

export class PyError extends Error {
  constructor({ name, message, traceback, key, params }) {
    super(message);
    this.name = name;
    this.traceback = traceback || "";
    this.key = key; // a perceptron.InputError's key and params, for i18n.js's errorText
    this.params = params;
  }
}

const WORKER_URL = new URL("./pyworker.js", import.meta.url);

// An answer as the build wrote it (web/build/answers.py): numpy arrays back to the typed arrays Pyodide's toJs
// gives (a 2-D array as an array of typed arrays).
const TYPED = { float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array };
export function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (!value || typeof value !== "object") return value;
  if (!value.$array) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  const bytes = Uint8Array.from(atob(value.data), (c) => c.charCodeAt(0));
  const flat = new TYPED[value.$array](bytes.buffer);
  if (value.shape.length < 2) return flat;
  const width = flat.length / value.shape[0];
  return Array.from({ length: value.shape[0] }, (_, i) => flat.slice(i * width, (i + 1) * width));
}

// A built answer's key: the method and a 52-bit FNV-1a hash of the arguments' JSON (the playground's calls carry
// every point: keyed by the JSON itself, they would repeat them all in the page).
export function prebuiltKey(method, args) {
  let h = 0xcbf29ce484222325n;
  for (const c of JSON.stringify(args)) h = BigInt.asUintN(64, (h ^ BigInt(c.codePointAt(0))) * 0x100000001b3n);
  return `${method} ${(h >> 12n).toString(36)}`;
}
function readPrebuilt(doc) {
  try {
    return new Map(Object.entries(JSON.parse(doc.getElementById("prebuilt")?.textContent || "{}")));
  } catch {
    return new Map(); // a page without answers still works: it waits for Python
  }
}

export class PyClient {
  constructor() {
    this.events = new EventTarget();
    this.nextId = 1;
    this.pending = new Map(); // id → {resolve, reject, onProgress}
    this.prebuilt = readPrebuilt(document);
    this.start();
  }

  start() {
    const early = globalThis.perceptronLabEarlyWorker; // started by start.js, used once
    delete globalThis.perceptronLabEarlyWorker;
    this.worker = early?.worker ?? new Worker(WORKER_URL, { type: "module" });
    this.interruptBuffer = null;
    if (globalThis.crossOriginIsolated) {
      this.interruptBuffer = new Int32Array(new SharedArrayBuffer(4));
      this.worker.postMessage({ type: "interrupt-buffer", buffer: this.interruptBuffer.buffer });
    }
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = ({ data }) => this.receive(data, resolve, reject);
      for (const data of early?.queued ?? []) this.receive(data, resolve, reject);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.die(e.message || "the Python worker failed to start", reject);
      };
    });
    this.ready.catch(() => {}); // callers that care await it; others must not see an unhandled rejection
  }

  emit(type, detail) {
    this.events.dispatchEvent(new CustomEvent(type, { detail }));
  }

  receive(msg, resolve, reject) {
    if (msg.type === "status") return this.emit("status", { stage: msg.stage });
    if (msg.type === "kept") return this.emit("kept", {});
    if (msg.type === "ready") {
      this.info = msg.info;
      resolve(msg.info);
      return this.emit("ready", msg.info);
    }
    if (msg.type === "fatal") return this.die(msg.error, reject);
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === "progress") return p.onProgress?.(msg.value);
    this.pending.delete(msg.id);
    if (this.interruptBuffer) this.interruptBuffer[0] = 0;
    if (msg.type === "result") p.resolve(msg.value);
    else p.reject(new PyError(msg.error));
  }

  die(error, reject) {
    reject(new PyError({ name: "WorkerError", message: error }));
    this.rejectAll("WorkerError", error);
    this.emit("fatal", { error });
  }

  rejectAll(name, message) {
    for (const p of this.pending.values()) p.reject(new PyError({ name, message }));
    this.pending.clear();
  }

  // The built answers of a page shown later in this document (router.js): its first view, too, comes before Python.
  addPrebuilt(doc) {
    for (const [key, answer] of readPrebuilt(doc)) this.prebuilt.set(key, answer);
  }

  send(method, args, onProgress) {
    const id = this.nextId++;
    const result = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ type: "call", id, method, args });
    });
    return { id, result };
  }

  call(method, args = {}) {
    const built = !this.info && this.prebuilt.get(prebuiltKey(method, args));
    if (built) return built.error ? Promise.reject(new PyError(built.error)) : Promise.resolve(decode(built.value));
    return this.send(method, args).result;
  }

  stream(method, args, onProgress) {
    const { id, result } = this.send(method, args, onProgress);
    return { result, cancel: () => this.worker.postMessage({ type: "cancel", id }) };
  }

  // Stop the running Python code. With a SharedArrayBuffer Python gets a KeyboardInterrupt and the worker
  // lives on; without one (no cross-origin isolation) the worker is replaced, which costs a Pyodide start.
  async interrupt() {
    if (this.interruptBuffer && this.pending.size) {
      this.interruptBuffer[0] = 2; // SIGINT
      return this.ready;
    }
    return this.restart();
  }

  async restart() {
    this.worker.terminate();
    this.rejectAll("Interrupted", "stopped");
    this.start();
    this.emit("restart", {});
    return this.ready;
  }
}
