"""Serving the built site and starting Chromium: shared by the test fixtures and the benchmark."""
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SUBPATH = "perceptron-lab"  # served as on GitHub Pages: every URL in the site must be relative


@contextlib.contextmanager
def serve(dist, extra=None):
    """Serve dist/ at http://127.0.0.1:PORT/perceptron-lab/; `extra` maps other sub-paths to folders."""
    with tempfile.TemporaryDirectory() as root:
        for name, folder in {SUBPATH: dist, **(extra or {})}.items():
            os.symlink(folder, Path(root) / name)
        proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = re.search(r"port (\d+)", proc.stdout.readline()).group(1)
            yield f"http://127.0.0.1:{port}/"
        finally:
            proc.terminate()
            proc.wait()


def launch(playwright):
    return playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium"))


# The names of the site's caches in the page (sw.js's and the Python worker's all start so).
SITE_CACHES = "async () => (await caches.keys()).filter((k) => k.startsWith('perceptron-lab-'))"


def build_cache(dist):
    """The name of the cache the service worker of the build in dist fills."""
    return "perceptron-lab-" + json.loads((Path(dist) / "build.json").read_text())["version"]


def wait_precached(page, dist, timeout=120_000):
    """Wait until the service worker controls the page and holds this build's whole precache, and no other cache
    of the site is left (an older build's goes when this build's service worker activates; the worker's kept
    downloads, when the precache has read them).

    One async evaluate that polls in the page: wait_for_function does not await an async predicate (the
    promise it returns is truthy at once)."""
    page.evaluate(f"""async ([name, timeout]) => {{
      const end = Date.now() + timeout;
      const only = async () => (await ({SITE_CACHES})()).join() === name;
      while (!(await only() && navigator.serviceWorker.controller)) {{
        if (Date.now() > end) throw new Error("the service worker did not precache this build in time");
        await new Promise((r) => setTimeout(r, 100));
      }}
    }}""", [build_cache(dist), timeout])


def first_visit_bytes(browser, page_url, dist):
    """A first visit to page_url in a fresh context, until the service worker holds the whole build:
    {"transferred": bytes over the network (bodies and headers of the page's, its worker's and the service
    worker's requests), "files": bytes of the distinct files fetched}.

    A fresh context keeps its HTTP cache in memory, as a private window does: too small for a 10 MB file such
    as pyodide.asm.wasm, so the precache must not count on it."""
    base = page_url.rsplit("/", 1)[0] + "/"
    finished = []
    context = browser.new_context()
    try:
        context.on("requestfinished", lambda request: finished.append(request))
        page = context.new_page()
        page.goto(page_url)
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        wait_precached(page, dist)
        transferred = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished)
    finally:
        context.close()
    paths = {r.url.split("?")[0].removeprefix(base) or "index.html" for r in finished if r.url.startswith(base)}
    return {"transferred": transferred, "files": sum((Path(dist) / p).stat().st_size for p in paths
                                                      if (Path(dist) / p).is_file())}
