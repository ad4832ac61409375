"""The built site as a static folder: Python starts in a worker, answers, stays on the origin, works offline."""
import hashlib
import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from conftest import MODULES_RAN
from harness import SITE_CACHES, SUBPATH, build_cache, first_visit_bytes, serve, wait_precached

LESSON_NET = {"format": "perceptron-model", "version": 1, "layers": [
    {"weights": [[0, 1], [0, 1]], "biases": [0, 0], "activation": "sigmoid"},
    {"weights": [[0, 1]], "biases": [0], "activation": "sigmoid"},
]}


@pytest.fixture(scope="module")
def app(open_app):
    # Service workers blocked: every request then shows in the request log, none is served from a cache.
    return open_app("index.html", service_workers="block")


def test_ready_and_the_worker_computes_the_lesson_network(app):
    assert app.page.get_attribute("body", "data-ready") == "true"
    assert app.call("core.feedforward", {"model": LESSON_NET, "X": [2, 3]}) == [0.7216325609518421]
    status = app.page.text_content("#py-status")
    assert "Python 3.12" in status and "numpy 2.0.2" in status
    app.shot("shell-ready")


def test_python_errors_come_back_as_messages(app):
    err = app.page.evaluate("""perceptronLab.py.call('core.feedforward', {model: {format: 'nope'}, X: [1, 2]})
        .then(() => null, (e) => ({name: e.name, message: e.message, key: e.key, params: e.params}))""")
    assert err["name"] == "InputError" and err["message"].startswith("not a perceptron model")  # a ValueError
    assert err["key"] == "model.format" and err["params"] == {"format": "'nope'", "expected": "perceptron-model"}
    err = app.page.evaluate("""perceptronLab.py.call('core.feedforward', {model: 'x'})
        .then(() => null, (e) => ({name: e.name, key: e.key ?? null}))""")
    assert err == {"name": "TypeError", "key": None}  # not an InputError: no key
    assert app.call("core.feedforward", {"model": LESSON_NET, "X": [[2, 3]]}) == [[0.7216325609518421]]


def test_nothing_leaves_the_origin_and_no_console_errors(app):
    app.page.reload()
    app.wait_ready()
    # The worker's own requests are seen too, so a CDN fetch by Pyodide would be caught.
    assert any(u.endswith("/pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl") for u in app.requests)
    app.assert_clean()


def test_both_pages_share_the_shell_and_switch_language(open_app):
    """The shell and its language are the page's own scripts: Python is not started."""
    app = open_app("playground.html", python=False, locale="ru-RU", service_workers="block")
    expect(app.page.locator("html")).to_have_attribute("lang", "ru")  # start.js sent the visitor to their file
    app.page.wait_for_function(MODULES_RAN)  # boot.js wired the language buttons
    assert app.page.text_content("nav a[aria-current=page]") == "Песочница"
    app.page.click("button[data-lang=en]")
    assert app.page.text_content("nav a[aria-current=page]") == "Playground"
    app.page.goto(app.base_url + "index.html")
    assert app.page.get_attribute("html", "lang") == "en", "the language choice is remembered"
    app.assert_clean()


def test_offline_after_one_visit(open_app, dist):
    """Offline, the lesson reloads and computes, and the digits page (its images precached with the rest of the
    build) opens from the nav and trains."""
    app = open_app("index.html")
    page = app.page
    wait_precached(page, dist, timeout=60_000)  # the whole build cached before the plug is pulled
    # A student's interpreter started now (the page not yet isolated) leaves no second copy of the downloads.
    page.evaluate("() => new Promise((kept) => perceptronLab.studentPython().events.addEventListener('kept', kept))")
    assert page.evaluate(SITE_CACHES) == [build_cache(dist)]
    app.context.set_offline(True)
    page.reload()
    app.wait_ready()
    assert page.evaluate("crossOriginIsolated") is True  # the service worker's COOP/COEP headers
    assert app.call("core.feedforward", {"model": LESSON_NET, "X": [2, 3]}) == [0.7216325609518421]
    page.click("header nav a[href='digits.html']")
    page.wait_for_selector("#digits[data-ready=true]:not([hidden])", state="attached")
    page.click("#dg-train")
    page.wait_for_selector("#digits[data-training=false]", state="attached", timeout=120_000)
    assert page.text_content("#dg-message") == ""
    assert float(page.text_content("#dg-test-acc").rstrip(" %")) >= 95
    app.context.set_offline(False)
    app.assert_clean()


@pytest.mark.parametrize("page", ["index.html", "playground.html"])
def test_a_first_visit_downloads_each_byte_once(browser, base_url, dist, page):
    """Including the service worker's precache of the whole build, which must reuse what the start fetched."""
    visit = first_visit_bytes(browser, base_url + page, dist)
    assert visit["files"] > 10_000_000, visit  # Pyodide and numpy were fetched
    assert visit["transferred"] <= 1.05 * visit["files"], visit


def test_a_new_build_replaces_what_the_caches_hold(browser, dist, tmp_path):
    """The precache takes files from the HTTP cache when it can: never an older build's file under the same URL."""
    site = tmp_path / "site"
    shutil.copytree(dist, site)
    with serve(site) as root:
        context = browser.new_context()
        page = context.new_page()
        page.goto(root + SUBPATH + "/index.html")
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
        wait_precached(page, site)
        # A redeploy: one file changes under the same URL, the service worker and build.json with it.
        changed = site / "js" / "start.js"
        old_hash = hashlib.sha256(changed.read_bytes()).hexdigest()
        changed.write_text(changed.read_text() + "// build 2\n")
        new_hash = hashlib.sha256(changed.read_bytes()).hexdigest()
        build = json.loads((site / "build.json").read_text())
        sw = (site / "sw.js").read_text().replace(old_hash, new_hash).replace(build["version"], "build2")
        (site / "sw.js").write_text(sw)
        (site / "build.json").write_text(json.dumps({**build, "version": "build2"}))
        page.reload()
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
        wait_precached(page, site)  # the last build's cache gone with it
        cached = page.evaluate("async () => (await caches.match(new URL('js/start.js', location))).text()")
        assert cached.endswith("// build 2\n")
        assert page.evaluate("caches.keys()") == ["perceptron-lab-build2"]
        context.close()


def test_manifest_and_relative_urls(dist):
    manifest = json.loads((dist / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "./index.html" and manifest["icons"]
    for html in dist.glob("*.html"):
        text = html.read_text()
        assert 'src="/' not in text and 'href="/' not in text, html
        # Nothing the page loads comes from elsewhere; only links the visitor may follow (a data set's source).
        assert not re.findall(r'<(?!a )[^>]*(?:https?:)?//', text.replace("http-equiv", "")), html


def test_pages_share_one_head(dist):
    """build.py writes web/head.html into every page: the same CSP and boot scripts, and each page's own lines."""
    own = {"index.html": "js/lesson/main.js", "index.ru.html": "js/lesson/main.js",
           "playground.html": "js/playground/main.js", "playground.ru.html": "js/playground/main.js"}
    for name, module in own.items():
        head = (dist / name).read_text().split("<head>\n", 1)[1].split("</head>", 1)[0]
        assert head.startswith('<meta charset="utf-8">')
        assert head.count('http-equiv="Content-Security-Policy"') == 1 and head.count("<title") == 1
        for line in ('<script src="js/start.js"></script>', '<script type="module" src="js/boot.js"></script>',
                     f'<script type="module" src="{module}"></script>', 'href="css/base.css"'):
            assert line in head, (name, line)
        body = (dist / name).read_text().split("<body", 1)[1]
        assert body.count('<header class="topbar">') == 1, "the shared top bar"
        own_link = "index" if "index" in name else "playground"
        assert f'href="{own_link}' in body.split('aria-current="page"')[0].rsplit("<a ", 1)[1], "its own link is current"
    assert not (dist / "head.html").exists() and not (dist / "topbar.html").exists()
