"""`python3 build.py bench`: start-up and training speed of the built site in headless Chromium.

Prints a table of medians and writes it as JSON (bench.json, or --out). Ratios are what count: absolute times
on a shared machine are noise. Run by build.py with the test venv (Playwright) and Chromium.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py_core"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "web" / "py"))
import timing  # noqa: E402  web/py/timing.py, run natively here and in the worker
from harness import SUBPATH, first_visit_bytes, launch, serve, wait_precached  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DIST = Path(os.environ.get("PERCEPTRON_LAB_DIST", ROOT / "dist"))

# The baseline: a bare page whose module worker only starts Pyodide and loads numpy from the same files.
BARE_HTML = """<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body data-ready="false">
<script type="module">
const w = new Worker("./worker.js", {type: "module"});
w.onmessage = ({data}) => {
  performance.mark("py-ready");
  globalThis.perceptronLab = {py: {info: data}};
  document.body.dataset.ready = "true";
};
</script>"""
BARE_WORKER = f"""import {{ loadPyodide }} from "../{SUBPATH}/pyodide/pyodide.mjs";
const now = () => performance.timeOrigin + performance.now();
const timings = {{ workerStart: now() }};
const py = await loadPyodide({{ indexURL: new URL("../{SUBPATH}/pyodide/", import.meta.url).href }});
await py.loadPackage("numpy", {{ messageCallback: () => {{}} }});
timings.runtimeAndPackages = now();
py.runPython("import numpy");
timings.imports = now();
postMessage({{ timings }});"""

# Start-up on the page's timeline (ms since navigation): the lesson first painted, Python ready, and the
# worker's own steps (it started; Pyodide, numpy and our wheel loaded; numpy and perceptron imported).
MARKS = """() => {
  const t = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  const w = perceptronLab.py.info.timings;
  const page = (abs) => abs - performance.timeOrigin;
  return {visible: t("first-contentful-paint"), ready: t("py-ready"), worker: page(w.workerStart),
          loaded: page(w.runtimeAndPackages), imported: page(w.imports)};
}"""


def open_ready(context, url):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    return page, page.evaluate(MARKS)


def bench_start(browser, base, runs):
    cold, warm, bare = [], [], []
    for _ in range(runs):
        ctx = browser.new_context()
        page, marks = open_ready(ctx, base + SUBPATH + "/index.html")
        cold.append(marks)
        wait_precached(page, DIST)
        page.reload()
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        warm.append(page.evaluate(MARKS))
        ctx.close()
        ctx = browser.new_context()
        bare.append(open_ready(ctx, base + "bare/index.html")[1])
        ctx.close()
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    profile = {name: {"worker_started_ms": med(rows, "worker"),
                      "pyodide_and_packages_ms": med(rows, "loaded") - med(rows, "worker"),
                      "imports_ms": med(rows, "imported") - med(rows, "loaded")}
               for name, rows in (("bare", bare), ("cold", cold), ("warm", warm))}
    return {
        "bare_ready_ms": med(bare, "ready"),
        "cold_visible_ms": med(cold, "visible"), "cold_ready_ms": med(cold, "ready"),
        "warm_visible_ms": med(warm, "visible"), "warm_ready_ms": med(warm, "ready"),
        "profile": profile,
    }


def bench_lesson(browser, base, runs):
    ctx = browser.new_context(service_workers="block")
    page, _ = open_ready(ctx, base + SUBPATH + "/index.html")
    browser_s = [page.evaluate("() => perceptronLab.py.call('timing.lesson_training')") for _ in range(runs)]
    native_s = [timing.lesson_training() for _ in range(runs)]
    # What a student sees: from pressing Train to the last log line, with the page drawing as it streams.
    ui_ms = []
    for _ in range(runs):
        t0 = page.evaluate("() => performance.now()")
        page.click("#train-start")
        page.wait_for_selector("#train-start:not([disabled])", timeout=120_000)
        ui_ms.append(page.evaluate("() => performance.now()") - t0)
    ctx.close()
    return {"browser_ms": 1000 * statistics.median(browser_s), "native_ms": 1000 * statistics.median(native_s),
            "ui_ms": statistics.median(ui_ms)}


PLAY_SECONDS = 10
STATE = """() => { const s = perceptronLab.playground.state;
  return { settings: s.settings, points: s.points, extent: s.extent, model: s.model, epoch: s.epoch }; }"""
VIEW_AND_DRAW = """async (state) => {
  const { paintGrid } = await import(new URL("js/playground/draw.js", location.href).href);
  const t0 = performance.now();
  const v = await perceptronLab.py.call("playground.view", { state });
  const t1 = performance.now();
  const canvas = document.createElement("canvas");
  paintGrid(canvas, v.output, v.side);
  for (const maps of [v.inputs, ...v.neurons]) for (const m of maps) paintGrid(canvas, m, v.thumb);
  const t2 = performance.now();
  const compute = 1000 * await perceptronLab.py.call("timing.playground_view", { state });
  return { roundtrip: t1 - t0, draw: t2 - t1, compute };
}"""
# What the page shows while it trains, counted in the page over `ms`: display frames, the map's redraws (each
# one writes a new epoch into #pg-epoch, in the same frame as the heatmap and the neuron maps), the epochs
# shown, and at the end the page's own "Epochs per second".
WATCH = """(ms) => new Promise((done) => {
  const epoch = document.getElementById("pg-epoch");
  let frames = 0, redraws = 0, shown = epoch.textContent;
  const first = Number(shown);
  const watch = new MutationObserver(() => {
    if (epoch.textContent !== shown) [redraws, shown] = [redraws + 1, epoch.textContent];
  });
  watch.observe(epoch, { childList: true, characterData: true, subtree: true });
  const start = performance.now();
  const tick = (now) => {
    frames++;
    if (now < start + ms) return requestAnimationFrame(tick);
    watch.disconnect();
    const seconds = (now - start) / 1000;
    done({ counter: Number(document.getElementById("pg-speed").textContent), frames: frames / seconds,
           redraws: redraws / seconds, epochs: (Number(shown) - first) / seconds });
  };
  requestAnimationFrame(tick);
})"""


def bench_playground(browser, base, runs):
    """TF Playground's default problem (circle, 500 points, [4, 2] tanh, batch 10: the page's defaults), in a
    visible page of a desktop's size, as its visitor sees it."""
    ctx = browser.new_context(service_workers="block", viewport={"width": 1400, "height": 1000})
    page, _ = open_ready(ctx, base + SUBPATH + "/playground.html")
    page.wait_for_selector("#playground[data-busy=false]", state="attached")
    state = page.evaluate(STATE)
    views = [page.evaluate(VIEW_AND_DRAW, state) for _ in range(runs)]
    worker = [page.evaluate("(state) => perceptronLab.py.call('timing.playground_training', { state })", state)
              for _ in range(runs)]
    native = [timing.playground_training(state) for _ in range(runs)]
    watched = []
    for _ in range(runs):
        page.click("#pg-play")
        page.wait_for_selector("#pg-speed:not(:empty)")  # the counter shows after its first half second
        watched.append(page.evaluate(WATCH, PLAY_SECONDS * 1000))
        page.click("#pg-play")
        page.wait_for_selector("#playground[data-busy=false]", state="attached")
    ctx.close()
    med = lambda rows, key: statistics.median(v[key] for v in rows)  # noqa: E731
    return {"counter": med(watched, "counter"), "epochs_per_s": med(watched, "epochs"),
            "frames_per_s": med(watched, "frames"), "redraws_per_s": med(watched, "redraws"),
            "training_worker": statistics.median(worker), "training_native": statistics.median(native),
            "view_compute_ms": med(views, "compute"), "view_transfer_ms": med(views, "roundtrip") - med(views, "compute"),
            "view_draw_ms": med(views, "draw")}


def bench_bytes(browser, base):
    """A first visit's bytes over the network, the service worker's precache included, vs the files'."""
    return first_visit_bytes(browser, base + SUBPATH + "/index.html", DIST)


def report(results):
    s = results["start"]
    rows = [
        ("start: bare Pyodide + numpy, cold", f"{s['bare_ready_ms']:.0f} ms", ""),
        ("start: lesson visible, cold", f"{s['cold_visible_ms']:.0f} ms",
         f"{s['cold_visible_ms'] / s['cold_ready_ms']:.1%} of ready (target < 10%)"),
        ("start: ready, cold", f"{s['cold_ready_ms']:.0f} ms",
         f"{s['cold_ready_ms'] / s['bare_ready_ms']:.2f}x bare (target <= 1.15x)"),
        ("start: ready, warm (service worker)", f"{s['warm_ready_ms']:.0f} ms",
         f"{s['warm_ready_ms'] / s['cold_ready_ms']:.2f}x cold (target <= 0.5x)"),
    ]
    for name, p in s["profile"].items():
        rows.append((f"  {name}: worker started / Pyodide+wheels / imports",
                     f"{p['worker_started_ms']:.0f} ms",
                     f"then {p['pyodide_and_packages_ms']:.0f} ms, then {p['imports_ms']:.0f} ms"))
    le, pg, by = results["lesson"], results["playground"], results["bytes"]
    frame = 1000 / 60
    view_ms = pg["view_compute_ms"] + pg["view_draw_ms"]
    rows += [
        ("lesson: 1000 epochs, native CPython", f"{le['native_ms']:.0f} ms", ""),
        ("lesson: 1000 epochs, in the worker", f"{le['browser_ms']:.0f} ms",
         f"{le['browser_ms'] / le['native_ms']:.2f}x native (target <= 2x)"),
        ("lesson: Train click to last log line", f"{le['ui_ms']:.0f} ms", "streamed, drawn as it goes"),
        ("playground: training alone, native CPython", f"{pg['training_native']:.0f} epochs/s", ""),
        ("playground: training alone, in the worker", f"{pg['training_worker']:.0f} epochs/s",
         f"{pg['training_native'] / pg['training_worker']:.2f}x slower than native"),
        ("playground: the page's Epochs per second", f"{pg['counter']:.0f}",
         f"{pg['counter'] / pg['training_worker']:.0%} of training alone (target >= 300; "
         f"counted meanwhile: {pg['epochs_per_s']:.0f})"),
        ("playground: map and neuron maps redrawn", f"{pg['redraws_per_s']:.0f} /s", "target >= 30"),
        ("playground: display frames meanwhile", f"{pg['frames_per_s']:.0f} /s", "the page stays fluid"),
        ("playground: heatmap + maps, compute", f"{pg['view_compute_ms']:.1f} ms", ""),
        ("playground: heatmap + maps, draw", f"{pg['view_draw_ms']:.1f} ms",
         f"compute + draw {view_ms / frame:.0%} of a 60 Hz frame (target < 25%)"),
        ("transfer: one view, worker to page", f"{pg['view_transfer_ms']:.1f} ms", "round trip - compute"),
        ("first visit: bytes transferred", f"{by['transferred'] / 2**20:.1f} MiB",
         f"{by['transferred'] / by['files']:.3f}x the {by['files'] / 2**20:.1f} MiB of distinct files (target <= 1.05x)"),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure':<{width}}  {'median':>10}  ratio", "-" * (width + 40)]
    lines += [f"{a:<{width}}  {b:>10}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (medians are reported)")
    parser.add_argument("--out", default=str(ROOT / "bench.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as bare_dir:
        (Path(bare_dir) / "index.html").write_text(BARE_HTML)
        (Path(bare_dir) / "worker.js").write_text(BARE_WORKER)
        with serve(DIST, extra={"bare": bare_dir}) as base, sync_playwright() as pw:
            browser = launch(pw)
            results = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs,
                       "start": bench_start(browser, base, args.runs),
                       "lesson": bench_lesson(browser, base, args.runs),
                       "playground": bench_playground(browser, base, args.runs),
                       "bytes": bench_bytes(browser, base)}
            browser.close()
    print(report(results))
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
