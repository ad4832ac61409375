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
from harness import SUBPATH, launch, serve, wait_precached  # noqa: E402

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


PLAY_SECONDS = 8
VIEW_AND_DRAW = """async () => {
  const { paintGrid } = await import(new URL("js/playground/draw.js", location.href).href);
  const st = perceptronLab.playground.state;
  const state = { settings: st.settings, points: st.points, extent: st.extent, model: st.model, epoch: st.epoch };
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
COUNT_FRAMES = """(ms) => new Promise((done) => {
  let frames = 0;
  const end = performance.now() + ms;
  const tick = (now) => { frames++; if (now < end) requestAnimationFrame(tick); else done(frames); };
  requestAnimationFrame(tick);
})"""


def bench_playground(browser, base, runs):
    """TF Playground's default problem (circle, 500 points, [4, 2] tanh, batch 10): the page's defaults."""
    ctx = browser.new_context(service_workers="block")
    page, _ = open_ready(ctx, base + SUBPATH + "/playground.html")
    page.wait_for_selector("#playground[data-busy=false]", state="attached")
    views = [page.evaluate(VIEW_AND_DRAW) for _ in range(runs)]
    epoch = lambda: page.evaluate("() => perceptronLab.playground.state.epoch")  # noqa: E731
    page.click("#pg-play")
    page.wait_for_timeout(1000)  # past the first chunks, whose size adapts to the frame
    e0, t0 = epoch(), time.perf_counter()
    frames = page.evaluate(COUNT_FRAMES, PLAY_SECONDS * 1000)
    e1, t1 = epoch(), time.perf_counter()
    page.click("#pg-play")
    ctx.close()
    med = lambda key: statistics.median(v[key] for v in views)  # noqa: E731
    return {"epochs_per_s": (e1 - e0) / (t1 - t0), "frames_per_s": frames / PLAY_SECONDS,
            "view_compute_ms": med("compute"), "view_transfer_ms": med("roundtrip") - med("compute"),
            "view_draw_ms": med("draw")}


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
    le, pg = results["lesson"], results["playground"]
    frame = 1000 / 60
    view_ms = pg["view_compute_ms"] + pg["view_draw_ms"]
    rows += [
        ("lesson: 1000 epochs, native CPython", f"{le['native_ms']:.0f} ms", ""),
        ("lesson: 1000 epochs, in the worker", f"{le['browser_ms']:.0f} ms",
         f"{le['browser_ms'] / le['native_ms']:.2f}x native (target <= 2x)"),
        ("lesson: Train click to last log line", f"{le['ui_ms']:.0f} ms", "streamed, drawn as it goes"),
        ("playground: epochs per second, live", f"{pg['epochs_per_s']:.0f}", "target >= 60"),
        ("playground: frames per second meanwhile", f"{pg['frames_per_s']:.0f}", "the page stays fluid"),
        ("playground: heatmap + maps, compute", f"{pg['view_compute_ms']:.1f} ms", ""),
        ("playground: heatmap + maps, draw", f"{pg['view_draw_ms']:.1f} ms",
         f"compute + draw {view_ms / frame:.0%} of a 60 Hz frame (target < 25%)"),
        ("transfer: one view, worker to page", f"{pg['view_transfer_ms']:.1f} ms", "round trip - compute"),
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
                       "playground": bench_playground(browser, base, args.runs)}
            browser.close()
    print(report(results))
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
