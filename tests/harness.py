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


def wait_precached(page, dist, timeout=120_000):
    """Wait until the service worker controls the page and holds this build's whole precache.

    One async evaluate that polls in the page: wait_for_function does not await an async predicate (the
    promise it returns is truthy at once)."""
    version = json.loads((Path(dist) / "build.json").read_text())["version"]
    page.evaluate("""async ([v, timeout]) => {
      const end = Date.now() + timeout;
      while (!((await caches.keys()).includes("perceptron-lab-" + v) && navigator.serviceWorker.controller)) {
        if (Date.now() > end) throw new Error("the service worker did not precache this build in time");
        await new Promise((r) => setTimeout(r, 100));
      }
    }""", [version, timeout])
