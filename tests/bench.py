"""`python3 build.py bench`: start-up and training speed of the built site in headless Chromium, and
Lighthouse's audits of its pages.

Prints a table of medians and writes it as JSON (bench.json, or --out). Ratios are what count: absolute times
on a shared machine are noise. Run by build.py with the test venv (Playwright) and Chromium.
"""
import argparse
import json
import operator
import os
import statistics
import subprocess
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
    # A first page of a new browser pays for the browser's own start (Chromium loads its new-tab page's renderer
    # meanwhile): not counted.
    ctx = browser.new_context()
    open_ready(ctx, base + "bare/index.html")
    ctx.close()
    for run in range(runs):
        # Which of the two starts first alternates, and each begins a second after the last context closed (its
        # teardown, after a precache of 18 MB, takes CPU): neither pays for the other's.
        for which in ("bare", "ours") if run % 2 else ("ours", "bare"):
            time.sleep(1)
            ctx = browser.new_context()
            if which == "bare":
                bare.append(open_ready(ctx, base + "bare/index.html")[1])
            else:
                page, marks = open_ready(ctx, base + SUBPATH + "/index.html")
                cold.append(marks)
                wait_precached(page, DIST)
                page.reload()
                page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
                warm.append(page.evaluate(MARKS))
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


# The digits page from its Train click: the time until its test accuracy first shows 95 % or more, and the
# epochs it shows per second over the whole run (its own counter, page time included).
DIGITS_RUN = """() => new Promise((done) => {
  const accuracy = document.getElementById("dg-test-acc");
  const t0 = performance.now();
  let reached = null;
  const watch = new MutationObserver(() => {
    if (reached === null && parseFloat(accuracy.textContent) >= 95) reached = performance.now() - t0;
    if (document.getElementById("digits").dataset.training === "false") {
      watch.disconnect();
      done({ to95_ms: reached, epochs_per_s: Number(document.getElementById("dg-speed").textContent) });
    }
  });
  watch.observe(document.getElementById("digits"), { subtree: true, childList: true, characterData: true, attributes: true });
  document.getElementById("dg-train").click();
})"""


def bench_digits(browser, base, runs):
    """The digits page's default network (64 → 32 → 10), trained from new for each run."""
    ctx = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 800})
    page, _ = open_ready(ctx, base + SUBPATH + "/digits.html")
    results = []
    for _ in range(runs):
        page.wait_for_selector("#digits[data-ready=true]", state="attached")
        results.append(page.evaluate(DIGITS_RUN))
        page.click("#dg-reset")
        page.wait_for_selector("#dg-epoch:text-is('0')")
    ctx.close()
    reached = [r["to95_ms"] for r in results if r["to95_ms"] is not None]
    return {"epochs_per_s": statistics.median(r["epochs_per_s"] for r in results),
            "to95_ms": statistics.median(reached) if reached else None, "reached": len(reached), "runs": runs}


def bench_bytes(browser, base, runs):
    """A first visit's bytes over the network, the service worker's precache included, vs the files'."""
    return first_visit_bytes(browser, base + SUBPATH + "/index.html", DIST)


# Lighthouse's mobile preset (its default) on each page. A figure: how to read it from a report, its target
# (None: shown, not judged) and how it prints. The DOM target is the lesson's only.
LIGHTHOUSE_PAGES = ("index.html", "playground.html")
LIGHTHOUSE_FIGURES = {
    "performance": (lambda r: 100 * r["categories"]["performance"]["score"], (">=", 90), "{:.0f}"),
    "total_blocking_time_ms": (lambda r: r["audits"]["total-blocking-time"]["numericValue"], ("<=", 200), "{:.0f} ms"),
    "cumulative_layout_shift": (lambda r: r["audits"]["cumulative-layout-shift"]["numericValue"], ("<=", 0.05),
                                "{:.3f}"),
    "largest_contentful_paint_ms": (lambda r: r["audits"]["largest-contentful-paint"]["numericValue"], None,
                                    "{:.0f} ms"),
    "dom_elements": (lambda r: r["audits"]["dom-size"]["numericValue"], ("<", 2000), "{:.0f}"),
    "accessibility": (lambda r: 100 * r["categories"]["accessibility"]["score"], (">=", 100), "{:.0f}"),
}
MEETS = {">=": operator.ge, "<=": operator.le, "<": operator.lt}


def run_lighthouse(url, out):
    lighthouse = Path(os.environ["AUDIT_NODE_MODULES"]) / ".bin" / "lighthouse"
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
    subprocess.run([lighthouse, url, f"--chrome-path={chromium}", "--chrome-flags=--headless=new --no-sandbox",
                    "--only-categories=performance,accessibility", "--output=json", f"--output-path={out}",
                    "--quiet"], check=True)
    report = json.loads(Path(out).read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not audit {url}: {report['runtimeError']['message']}")
    return report


def bench_lighthouse(browser, base, runs):
    """Each figure's median over the runs, and where a target is missed, what Lighthouse says the cost is made
    of, from the run with the median performance score. Each run is a first visit (Lighthouse clears storage)."""
    pages = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in LIGHTHOUSE_PAGES:
            reports = sorted((run_lighthouse(base + SUBPATH + "/" + name, Path(tmp) / f"{name}-{i}.json")
                              for i in range(runs)), key=LIGHTHOUSE_FIGURES["performance"][0])
            figures = {key: statistics.median(read(r) for r in reports)
                       for key, (read, _, _) in LIGHTHOUSE_FIGURES.items()}
            targets = {key: target for key, (_, target, _) in LIGHTHOUSE_FIGURES.items()
                       if target and (key != "dom_elements" or name == "index.html")}
            met = {key: MEETS[op](figures[key], t) for key, (op, t) in targets.items()}
            median_run = reports[(len(reports) - 1) // 2]
            pages[name] = {**figures, "met": met,
                           "benchmark_index": statistics.median(r["environment"]["benchmarkIndex"] for r in reports),
                           "profile": lighthouse_profile(median_run, [k for k, ok in met.items() if not ok])}
    return pages


def lighthouse_profile(report, missed):
    """(what, value, note) rows from one report: the top items Lighthouse gives for each missed target."""
    audits, rows = report["audits"], []
    items = lambda audit: (audits[audit].get("details") or {}).get("items", [])  # noqa: E731
    if "performance" in missed:  # the score is a weighted mean of these metrics' scores
        for ref in report["categories"]["performance"]["auditRefs"]:
            if ref["weight"]:
                a = audits[ref["id"]]
                rows.append((a["title"], a["displayValue"], f"score {100 * a['score']:.0f}, weight {ref['weight']}%"))
        element_and_phases = items("largest-contentful-paint-element")  # two tables
        rows += [("LCP element", "", i["node"]["selector"]) for t in element_and_phases[:1] for i in t["items"]]
        rows += [(f"LCP phase: {p['phase']}", f"{p['timing']:.0f} ms", f"{p['percent']} of LCP")
                 for t in element_and_phases[1:] for p in t["items"] if p["timing"]]
    if "total_blocking_time_ms" in missed:
        rows += [(f"main thread: {i['groupLabel']}", f"{i['duration']:.0f} ms", "")
                 for i in items("mainthread-work-breakdown")[:3]]
        rows += [(f"script: {i['url'].rsplit('/', 1)[-1] or i['url']}", f"{i['total']:.0f} ms",
                  f"scripting {i['scripting']:.0f} ms") for i in items("bootup-time")[:3]]
    if "cumulative_layout_shift" in missed:
        rows += [("layout shift", f"{i['score']:.3f}", (i.get("node") or {}).get("selector", "(unattributed)"))
                 for i in items("layout-shifts")[:3]]
    if "dom_elements" in missed:
        rows += [(i["statistic"], f"{i['value']['value']}", i["node"]["selector"])
                 for i in items("dom-size") if "node" in i]
    if "accessibility" in missed:
        for ref in report["categories"]["accessibility"]["auditRefs"]:
            a = audits[ref["id"]]
            if ref["weight"] and a["score"] is not None and a["score"] < 1:
                failing = items(ref["id"])
                rows.append((f"accessibility: {ref['id']}", f"{len(failing)} elements",
                             failing[0].get("node", {}).get("selector", a["title"]) if failing else a["title"]))
    return rows


def lighthouse_rows(pages):
    rows = []
    for name, page in pages.items():
        for key, (_, target, fmt) in LIGHTHOUSE_FIGURES.items():
            note = ""
            if key in page["met"]:
                op, t = target
                note = f"target {op} {t}" + ("" if page["met"][key] else ": MISSED")
            label = key.removesuffix("_ms").replace("_", " ")
            rows.append((f"lighthouse {name}: {label}", fmt.format(page[key]), note))
        rows += [(f"  {what}", value, note) for what, value, note in page["profile"]]
        rows.append((f"  {name}: Lighthouse's CPU benchmark index", f"{page['benchmark_index']:.0f}",
                     "Lighthouse warns below 1000: its 4x CPU slowdown then overstates"))
    return rows


def start_rows(s):
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
    return rows


def lesson_rows(le):
    return [
        ("lesson: 1000 epochs, native CPython", f"{le['native_ms']:.0f} ms", ""),
        ("lesson: 1000 epochs, in the worker", f"{le['browser_ms']:.0f} ms",
         f"{le['browser_ms'] / le['native_ms']:.2f}x native (target <= 2x)"),
        ("lesson: Train click to last log line", f"{le['ui_ms']:.0f} ms", "streamed, drawn as it goes"),
    ]


def playground_rows(pg):
    frame = 1000 / 60
    view_ms = pg["view_compute_ms"] + pg["view_draw_ms"]
    return [
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
    ]


def digits_rows(dg):
    to95 = f"{dg['to95_ms'] / 1000:.1f} s" if dg["to95_ms"] is not None else "never"
    return [("digits: epochs per second, as the page shows", f"{dg['epochs_per_s']:.1f}", "64 → 32 → 10, Adam, batch 32"),
            ("digits: Train click to 95 % test accuracy", to95,
             f"reached in {dg['reached']} of {dg['runs']} runs (target < 60 s)")]


def bytes_rows(by):
    return [("first visit: bytes transferred", f"{by['transferred'] / 2**20:.1f} MiB",
             f"{by['transferred'] / by['files']:.3f}x the {by['files'] / 2**20:.1f} MiB of distinct files "
             "(target <= 1.05x)")]


# Moving between the pages (router.js): from a click on the nav's link to the other view's own ready, in the
# page's time, against the cold starts of the same visits. The first switch to a view fetches and runs it (with
# no hover before the click); later ones only show it.
SWITCH = """async ([link, ready]) => {
  const t0 = performance.now();
  document.querySelector(link).click();
  if (!document.querySelector(ready)) await new Promise((done) => {
    const watch = new MutationObserver(() => document.querySelector(ready) && (watch.disconnect(), done()));
    watch.observe(document, { subtree: true, childList: true, attributes: true });
  });
  return performance.now() - t0;
}"""
VIEWS = {"index.html": ("header nav a[href='index.html']", "#lesson[data-live=true]:not([hidden])"),
         "playground.html": ("header nav a[href='playground.html']", "#playground[data-ready=true]:not([hidden])")}


def bench_navigation(browser, base, runs):
    cold, first, again = [], {}, []
    for start, other in (("index.html", "playground.html"), ("playground.html", "index.html")):
        ctx = browser.new_context(service_workers="block")
        page, marks = open_ready(ctx, base + SUBPATH + "/" + start)
        cold.append(marks["ready"])
        page.wait_for_selector(VIEWS[start][1], state="attached", timeout=120_000)
        first[other] = page.evaluate(SWITCH, list(VIEWS[other]))
        for _ in range(runs):
            again += [page.evaluate(SWITCH, list(VIEWS[start])), page.evaluate(SWITCH, list(VIEWS[other]))]
        ctx.close()
    return {"cold_ready_ms": statistics.median(cold), "first_to_playground_ms": first["playground.html"],
            "first_to_lesson_ms": first["index.html"], "switch_ms": statistics.median(again)}


def navigation_rows(nav):
    ratio = lambda ms: f"{ms / nav['cold_ready_ms']:.1%} of a cold start (target <= 10%)"  # noqa: E731
    return [("switch: lesson to playground, first time", f"{nav['first_to_playground_ms']:.0f} ms",
             ratio(nav["first_to_playground_ms"])),
            ("switch: playground to lesson, first time", f"{nav['first_to_lesson_ms']:.0f} ms",
             ratio(nav["first_to_lesson_ms"])),
            ("switch: to a view shown before", f"{nav['switch_ms']:.0f} ms", ratio(nav["switch_ms"]))]


# Each measure: what runs it, and its rows in the printed table.
MEASURES = {"start": (bench_start, start_rows), "lesson": (bench_lesson, lesson_rows),
            "playground": (bench_playground, playground_rows), "digits": (bench_digits, digits_rows),
            "bytes": (bench_bytes, bytes_rows),
            "navigation": (bench_navigation, navigation_rows),
            "lighthouse": (bench_lighthouse, lighthouse_rows)}


def report(results):
    rows = [row for name, (_, rows_of) in MEASURES.items() if name in results for row in rows_of(results[name])]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure':<{width}}  {'median':>10}  ratio", "-" * (width + 40)]
    lines += [f"{a:<{width}}  {b:>10}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (medians are reported)")
    parser.add_argument("--out", default=str(ROOT / "bench.json"))
    parser.add_argument("--only", nargs="+", choices=MEASURES, default=list(MEASURES), metavar="MEASURE",
                        help=f"run only these measures, of: {', '.join(MEASURES)} (lighthouse takes about a "
                             "minute a page and run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as bare_dir:
        (Path(bare_dir) / "index.html").write_text(BARE_HTML)
        (Path(bare_dir) / "worker.js").write_text(BARE_WORKER)
        with serve(DIST, extra={"bare": bare_dir}) as base, sync_playwright() as pw:
            browser = launch(pw)
            results = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs}
            for name in args.only:
                results[name] = MEASURES[name][0](browser, base, args.runs)
            browser.close()
    print(report(results))
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
