"""Shared fixtures: the core on sys.path, the built site served under a sub-path, and Chromium pages that
record console errors and every request that would leave the origin.

Browser tests need `python3 build.py test` (it builds dist/ and provides Chromium and Playwright).
"""
import os
import re
import sys
from pathlib import Path

import pytest

from harness import SUBPATH, launch, serve

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py_core"))
ARTIFACTS = ROOT / "tests" / "artifacts"
RUNTIME = "**/pyodide.asm.wasm"  # Python's runtime, fetched by the page's worker
# boot.js's last line ran: the page's modules (the router, the language buttons) are wired. The built HTML already
# shows what they show, so no element says it.
MODULES_RAN = "() => 'perceptronLab' in globalThis"


@pytest.fixture(scope="session")
def dist():
    d = Path(os.environ.get("PERCEPTRON_LAB_DIST", ROOT / "dist"))
    if not (d / "index.html").exists():
        pytest.fail(f"{d} is not built: run `python3 build.py test`")
    return d


@pytest.fixture(scope="session")
def base_url(dist):
    """http://127.0.0.1:PORT/perceptron-lab/ serving dist/."""
    with serve(dist) as root:
        yield root + SUBPATH + "/"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


class Watched:
    """A browser context and page that record console errors, page errors and off-origin requests.

    python=False: Python never starts (hold_python), for what the page's own scripts and the build's answers show
    without the seconds of a Python start."""

    def __init__(self, browser, base_url, python=True, **context_args):
        self.base_url = base_url
        self.origin = re.match(r"https?://[^/]+", base_url).group(0)
        self.errors, self.foreign, self.requests = [], [], []
        context_args.setdefault("viewport", {"width": 1280, "height": 900})
        self.context = browser.new_context(**context_args)
        self.context.on("request", self._request)
        if not python:
            self.hold_python()
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def hold_python(self):
        """From now on the runtime's download is never answered: a page (re)loaded does not start Python."""
        self.context.route(RUNTIME, lambda route: None)

    def _request(self, request):
        self.requests.append(request.url)
        if not request.url.startswith((self.origin + "/", "data:", "blob:")):
            self.foreign.append(request.url)

    def open(self, path="index.html", ready=True, timeout=60_000):
        self.page.goto(self.base_url + path)
        if ready:
            self.wait_ready(timeout)
        return self.page

    def wait_ready(self, timeout=60_000):
        self.page.wait_for_selector("body:not([data-ready=false])", state="attached", timeout=timeout)
        state = self.page.evaluate("document.body.dataset.ready")
        assert state == "true", f"page not ready ({state}): {self.page.text_content('#py-status')}"

    def call(self, method, args=None):
        """Call the Python worker through the page's own client."""
        return self.page.evaluate("([m, a]) => perceptronLab.py.call(m, a)", [method, args or {}])

    def shot(self, name, **kw):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **kw)

    def assert_clean(self):
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.foreign == [], f"requests left the origin: {self.foreign}"

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def open_app(browser, base_url):
    """Factory: open_app(path, ready=True, python=True, **context_args) → Watched, closed at the end of the
    module (each page's Python holds hundreds of MB); ready: wait for Python (never, without it)."""
    opened = []

    def factory(path="index.html", ready=True, python=True, **context_args):
        w = Watched(browser, base_url, python=python, **context_args)
        opened.append(w)
        w.open(path, ready=ready and python)
        return w

    yield factory
    for w in opened:
        w.close()
