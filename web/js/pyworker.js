// The Web Worker that runs CPython (Pyodide) with numpy and the `perceptron` core.
// It is the only file that knows Pyodide. Protocol (see client.js):
//   page → worker  {type: "call", id, method: "module.function", args: {...}}   args become keyword arguments
//                  {type: "cancel", id}                                         stop a running stream
//                  {type: "interrupt-buffer", buffer}                           SharedArrayBuffer for KeyboardInterrupt
//   worker → page  {type: "status", stage} · {type: "ready", info} · {type: "kept"}: the downloads are cached for sw.js
//                  {type: "fatal", error}: the worker is unusable
//                  (it never started, or its interpreter exited or crashed: a call's error then comes as fatal)
//                  {type: "progress", id, value} · {type: "result", id, value} · {type: "error", id, error}
//                  error = {name, message, traceback, key, params}: key and params for a perceptron.InputError
// `module` is a file web/py/<module>.py, fetched and imported on first use, with the modules of web/py it
// imports (playground.py imports export.py, notebook.py imports export.py). A function that returns a
// generator is a stream: every yielded value is sent as progress, and the worker returns to its event loop
// between items so that a cancel can arrive.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const status = (stage) => postMessage({ type: "status", stage });
const cancelled = new Set();
let py, callWithKwargs, errorKey;
// When each start-up step ended, in ms since the epoch (the page converts them to its own timeline):
// sent with "ready" for the benchmark's start-up profile.
const now = () => performance.timeOrigin + performance.now();
const timings = { workerStart: now() };

// A first visit keeps what Pyodide downloads for the service worker's precache (sw.js reads this cache, then
// deletes it), so no byte comes twice: an in-memory HTTP cache (a private window) does not keep a 10 MB file.
// Only the page's first worker (start.js names it) keeps them: a student's interpreter or a restarted one, started
// later, would leave a copy behind the precache. Under the service worker, which makes the page cross-origin
// isolated, the files come from its cache and are not kept again.
function keepDownloads() {
  const plain = globalThis.fetch;
  if (self.name !== "first" || globalThis.crossOriginIsolated || !globalThis.caches) return async () => {};
  const kept = caches.open("perceptron-lab-downloaded");
  const puts = [];
  globalThis.fetch = async (input, init) => {
    const response = await plain(input, init);
    if (response.ok) {
      const copy = response.clone();
      puts.push(kept.then((cache) => cache.put(input, copy)).catch(() => {}));
    }
    return response;
  };
  return () => {
    globalThis.fetch = plain;
    return Promise.all(puts);
  };
}

status("runtime");
const ready = (async () => {
  const kept = keepDownloads();
  py = await loadPyodide({
    indexURL: new URL("../pyodide/", import.meta.url).href,
    packages: ["perceptron"], // numpy comes with it, by name from the lock, hash-checked
    stdout: () => {},
    stderr: () => {},
  });
  const downloadsKept = kept();
  timings.runtimeAndPackages = now();
  status("core");
  py.FS.mkdirTree("/home/pyodide/app");
  py.runPython("import sys; sys.path.insert(0, '/home/pyodide/app')");
  callWithKwargs = py.runPython("lambda f, kwargs: f(**kwargs)");
  // Pyodide keeps the exception behind the latest PythonError in sys.last_value: a perceptron.InputError's
  // key and params let the page say it in its own language.
  errorKey = py.runPython(`
def error_key():
    e = getattr(sys, "last_value", None)
    return [e.key, e.params] if isinstance(getattr(e, "key", None), str) else None
error_key`);
  const info = py.runPython(`
import numpy, perceptron, sys
{"python": sys.version.split()[0], "numpy": numpy.__version__, "perceptron": perceptron.__version__}`);
  timings.imports = now();
  postMessage({ type: "ready", info: { ...toJs(info), timings } });
  // The page registers the service worker on "kept": a precache that starts before the last put (a 10 MB wasm
  // takes a while to write) would download that file again.
  await downloadsKept;
  postMessage({ type: "kept" });
})().catch((e) => postMessage({ type: "fatal", error: String(e && e.message || e) }));

const loaded = new Map();
async function pyModule(name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad module name: ${name}`);
  if (!loaded.has(name)) {
    loaded.set(name, (async () => {
      const res = await fetch(new URL(`../py/${name}.py`, import.meta.url));
      if (!res.ok) throw new Error(`cannot load py/${name}.py (${res.status})`);
      py.FS.writeFile(`/home/pyodide/app/${name}.py`, await res.text());
      for (;;) {
        try {
          return py.pyimport(name);
        } catch (e) {
          const missing = e.type === "ModuleNotFoundError" && /No module named '([a-z_]+)'/.exec(e.message)?.[1];
          if (!missing || missing === name) throw e;
          await pyModule(missing); // a module of web/py that this one imports: then the import again
        }
      }
    })().catch((e) => {
      loaded.delete(name); // an import that failed (or was interrupted) is tried again by the next call
      throw e;
    }));
  }
  return loaded.get(name);
}

function toJs(value) {
  if (!(value instanceof py.ffi.PyProxy)) return value;
  try {
    return value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  } finally {
    value.destroy();
  }
}

// Typed arrays made by toJs are copies the worker does not need: hand their buffers over instead of copying.
function transferables(value, out = new Set()) {
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (value && typeof value === "object") for (const v of Object.values(value)) transferables(v, out);
  return [...out];
}

function send(type, id, value) {
  postMessage({ type, id, value }, transferables(value));
}

function pyError(e) {
  const name = e.type || e.name || "Error";
  // PythonError.message is the whole traceback; its last line is "Type: message".
  const lines = String(e.message || e).trim().split("\n");
  const message = e.type ? lines[lines.length - 1].replace(/^\w+(\.\w+)*: ?/, "") : lines.join("\n");
  const [key, params] = e.inputError || [];
  return { name, message, traceback: e.type ? String(e.message) : "", key, params };
}

// f() with a Python exception's InputError key and params (sys.last_value) taken at once: calls interleave at
// their awaits, and another call's error would replace them before this one is answered.
function keyed(f) {
  try {
    return f();
  } catch (e) {
    if (e.type) e.inputError = toJs(errorKey());
    throw e;
  }
}

const nextTask = () => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = resolve;
  ch.port2.postMessage(0);
});

async function call({ id, method, args }) {
  await ready;
  const [mod, fn] = method.split(".");
  const kwargs = py.toPy(args || {});
  let result;
  try {
    const f = (await pyModule(mod))[fn];
    if (!f) throw new Error(`no function ${method}`);
    result = keyed(() => callWithKwargs(f, kwargs));
  } finally {
    kwargs.destroy();
  }
  if (!(result instanceof py.ffi.PyProxy) || result.type !== "generator") return send("result", id, toJs(result));
  try {
    for (;;) {
      if (cancelled.delete(id)) return send("result", id, { cancelled: true });
      const step = keyed(() => result.next());
      if (step.done) return send("result", id, toJs(step.value));
      send("progress", id, toJs(step.value));
      await nextTask();
    }
  } finally {
    result.destroy(); // closes the generator, running its `finally` blocks
  }
}

// After a failure that is not a Python exception (os._exit, a wasm trap, running out of memory), is the
// interpreter still there? An exited or crashed Pyodide throws on anything it is asked.
function alive() {
  try {
    py.runPython("0");
    return true;
  } catch {
    return false;
  }
}

const live = new Set(); // calls not answered yet: a cancel for any other id came too late and is dropped
onmessage = async ({ data }) => {
  if (data.type === "cancel") {
    if (live.has(data.id)) cancelled.add(data.id);
  } else if (data.type === "interrupt-buffer") ready.then(() => py.setInterruptBuffer(new Int32Array(data.buffer)));
  else if (data.type === "call") {
    live.add(data.id);
    try {
      await call(data);
    } catch (e) {
      if (e.type || alive()) postMessage({ type: "error", id: data.id, error: pyError(e) });
      else postMessage({ type: "fatal", error: String(e && e.message || e) });
    } finally {
      live.delete(data.id);
      cancelled.delete(data.id);
    }
  }
};
