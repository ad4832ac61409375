"""Serving the built site and starting Chromium: shared by the test fixtures and the benchmark."""
import contextlib
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
