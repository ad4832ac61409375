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
from harness import SUBPATH, launch, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DIST = Path(os.environ.get("PERCEPTRON_LAB_DIST", ROOT / "dist"))

# The baseline: a bare page whose module worker only starts Pyodide and loads numpy from the same files.
BARE_HTML = """<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body data-ready="false">
<script type="module">
const w = new Worker("./worker.js", {type: "module"});
w.onmessage = () => { performance.mark("py-ready"); document.body.dataset.ready = "true"; };
</script>"""
BARE_WORKER = f"""import {{ loadPyodide }} from "../{SUBPATH}/pyodide/pyodide.mjs";
const py = await loadPyodide({{ indexURL: new URL("../{SUBPATH}/pyodide/", import.meta.url).href }});
await py.loadPackage("numpy", {{ messageCallback: () => {{}} }});
py.runPython("import numpy");
postMessage("ready");"""

MARKS = """() => {
  const t = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  return {visible: t("lesson-visible") ?? t("first-contentful-paint"), ready: t("py-ready")};
}"""


def open_ready(context, url):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    return page, page.evaluate(MARKS)


def wait_precached(page):
    version = json.loads((DIST / "build.json").read_text())["version"]
    page.wait_for_function(
        "async (v) => (await caches.keys()).includes('perceptron-lab-' + v) && !!navigator.serviceWorker.controller",
        arg=version, timeout=120_000)


def bench_start(browser, base, runs):
    cold, warm, bare = [], [], []
    for _ in range(runs):
        ctx = browser.new_context()
        page, marks = open_ready(ctx, base + SUBPATH + "/index.html")
        cold.append(marks)
        wait_precached(page)
        page.reload()
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        warm.append(page.evaluate(MARKS))
        ctx.close()
        ctx = browser.new_context()
        bare.append(open_ready(ctx, base + "bare/index.html")[1]["ready"])
        ctx.close()
    med = lambda rows, key: statistics.median(r[key] for r in rows)  # noqa: E731
    return {
        "bare_ready_ms": statistics.median(bare),
        "cold_visible_ms": med(cold, "visible"), "cold_ready_ms": med(cold, "ready"),
        "warm_visible_ms": med(warm, "visible"), "warm_ready_ms": med(warm, "ready"),
    }


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
                       "start": bench_start(browser, base, args.runs)}
            browser.close()
    print(report(results))
    Path(args.out).write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
