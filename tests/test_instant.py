"""The pages open at once: the served HTML is the page, in the visitor's language, with every number the core
computes for the defaults (build.py renders it with the CPython core); Python's live values replace them unchanged."""
import re

import pytest

from conftest import MODULES_RAN, RUNTIME, Watched

LESSON = {
    "index.html": ("en", "A multilayer perceptron from scratch", "Alice"),
    "index.ru.html": ("ru", "Многослойный перцептрон с нуля", "Алиса"),
}
# The lesson's own numbers, each shown at first paint: the neuron, the 2-2-1 network, one SGD step's loss after it.
GOLDEN = ["0.9990889488055994", "0.7216325609518421", "0.02146953526581111"]
NUMBERS = "() => [...document.querySelectorAll('#lesson .num')].map((e) => e.dataset.full)"


@pytest.mark.parametrize("path", LESSON)
def test_lesson_reads_completely_without_javascript(open_app, path):
    lang, title, alice = LESSON[path]
    page = open_app(path, ready=False, java_script_enabled=False).page
    assert page.get_attribute("html", "lang") == lang
    assert page.text_content("h1") == title
    shown = re.findall(r'data-full="([^"]+)"', page.inner_html("#lesson"))  # each number's full value
    for number in GOLDEN:
        assert number in shown
    assert alice in page.text_content("#data table")
    assert page.locator("#lesson math").count() >= 40, "formulas are typeset in the HTML"
    assert page.locator("#bp-chain math").count() > 0 and page.locator("#bp-chain .num").count() > 0, "the chain rule"
    assert page.locator("#lesson .pending").count() == 0, "nothing waits for Python"


def test_visitor_gets_their_language_before_anything_is_shown(open_app):
    w = open_app("index.html", python=False, locale="ru-RU")
    w.page.wait_for_selector("#neuron-out .num")
    assert w.page.url.endswith("index.ru.html")
    assert w.page.text_content("h1") == LESSON["index.ru.html"][1]
    w.page.click("[data-lang=en]")
    assert w.page.url.endswith("index.html"), "the address follows the language, so a reload keeps it"
    w.page.reload()
    assert w.page.text_content("h1") == LESSON["index.html"][1]


def test_live_values_equal_the_built_ones(open_app, browser, base_url):
    built = re.findall(r'data-full="([^"]+)"', open_app("index.html", ready=False, java_script_enabled=False).page.inner_html("#lesson"))
    w = open_app("index.html")
    w.page.wait_for_selector("#lesson[data-live=true]", state="attached")
    live = w.page.evaluate(NUMBERS)
    assert live == built
    ids = w.page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)), "the page's modules rebuild the built HTML, they do not add to it"
    w.assert_clean()


# The playground: its first view (the default data, the untrained network's map and neuron maps, its numbers)
# is the build's, drawn before Python is ready; what is pressed before then waits for Python, then runs.
PAINTED = """(sel) => [...document.querySelectorAll(sel)].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 3; k < d.length; k += 4) n += d[k] > 0;
    return n;
})"""
READOUTS = "() => ['pg-epoch', 'pg-train-loss', 'pg-test-loss', 'pg-train-acc', 'pg-test-acc'].map((id) => document.getElementById(id).textContent)"
# Every layout shift not caused by input, summed from the first paint on (as Lighthouse's CLS counts them).
LAYOUT_SHIFT = """globalThis.layoutShift = 0;
new PerformanceObserver((list) => list.getEntries().forEach((e) => (globalThis.layoutShift += e.hadRecentInput ? 0 : e.value)))
    .observe({type: 'layout-shift', buffered: true});"""
HEATMAP = "() => { const c = document.getElementById('pg-heatmap'); return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data); }"


MODULES = "**/js/boot.js"  # every module of the page imports it: held, the page is its built HTML alone


def holding(context, pattern):
    """The requests matching pattern, waiting in the list returned until released."""
    waiting = []
    context.route(pattern, lambda route: waiting.append(route))
    return waiting


@pytest.fixture
def held(browser, base_url):
    """held(path, hold=(RUNTIME,), **context_args) → (Watched, routes): a page whose requests matching the
    patterns in `hold` wait in routes[pattern] until the test lets them go (release)."""
    opened = []

    def factory(path="playground.html", hold=(RUNTIME,), **context_args):
        w = Watched(browser, base_url, service_workers="block", **context_args)
        opened.append(w)
        w.context.add_init_script(LAYOUT_SHIFT)
        routes = {pattern: holding(w.context, pattern) for pattern in hold}
        w.page.goto(base_url + path, wait_until="commit")
        return w, routes

    yield factory
    for w in opened:
        w.close()


def release(w, routes):
    """Let the held requests go, once the page has asked (the worker asks for the runtime soon after start)."""
    for _ in range(600):
        if routes:
            return routes.pop().continue_()
        w.page.wait_for_timeout(50)
    raise AssertionError("the page never made the request held")


def live(w):
    w.wait_ready()
    w.page.wait_for_selector("#playground[data-ready=true][data-busy=false]", state="attached", timeout=60_000)
    w.page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_reset_step_and_play_before_python_is_ready_run_once_it_is(held):
    w, routes = held(locale="en-US")
    page = w.page
    page.wait_for_function(f"() => ({PAINTED})('#pg-heatmap')[0] > 0")
    for button in ("#pg-reset", "#pg-step", "#pg-play"):  # each waits for the one before on the store's queue
        page.click(button)
    assert page.get_attribute("body", "data-ready") == "false"
    assert page.text_content("#pg-message") == "", "nothing false is said about the data"
    release(w, routes[RUNTIME])
    page.wait_for_function("() => Number(document.getElementById('pg-epoch').textContent) > 20", timeout=60_000)
    assert page.get_attribute("#pg-play", "aria-pressed") == "true"
    assert page.text_content("#pg-message") == ""
    page.click("#pg-play")
    w.assert_clean()


def test_an_untouched_playground_opens_with_the_built_view_again(held):
    w, routes = held()
    release(w, routes[RUNTIME])
    live(w)
    w.page.reload(wait_until="commit")  # the runtime is held again
    w.page.wait_for_function(f"() => ({PAINTED})('#pg-heatmap')[0] > 0")
    assert w.page.get_attribute("body", "data-ready") == "false", "the defaults were not saved to wait for Python"
    release(w, routes[RUNTIME])
    live(w)
    w.assert_clean()


def test_the_playground_opened_from_the_lesson_before_python_shows_its_built_view(held):
    w, routes = held("index.html", locale="en-US")
    page = w.page
    page.wait_for_function(MODULES_RAN)
    page.evaluate("window.sameDocument = true")
    page.click("header nav a[href='playground.html']")
    page.wait_for_function(f"() => ({PAINTED})('#playground:not([hidden]) :is(#pg-heatmap, #pg-points)')"
                           ".filter((n) => n > 0).length === 2")
    built = page.evaluate(READOUTS)
    assert page.evaluate("window.sameDocument") is True, "a view of the lesson's document"
    assert page.get_attribute("body", "data-ready") == "false"
    assert re.fullmatch(r"0\.\d+", built[1]), built
    release(w, routes[RUNTIME])
    live(w)
    assert page.evaluate(READOUTS) == built
    w.assert_clean()


@pytest.mark.parametrize("path, title", [("playground.html", "Playground"), ("playground.ru.html", "Песочница")])
def test_playground_markup_without_javascript(open_app, path, title):
    page = open_app(path, ready=False, java_script_enabled=False).page
    assert page.text_content("h1") == title
    assert page.get_attribute("[data-dataset=circle]", "aria-checked") == "true"
    assert page.locator("#pg-diagram .pg-node").count() == 7 + 4 + 2 + 1, "the network diagram"
    assert re.fullmatch(r"0[.,]\d+", page.text_content("#pg-train-loss")), "the untrained network's loss"


PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("path, locale", [("playground.html", "en-US"), ("playground.ru.html", "ru-RU")])
@pytest.mark.parametrize("device", [{}, PHONE], ids=["desktop", "phone"])
def test_playground_first_view_is_drawn_before_python_and_python_draws_the_same(held, path, locale, device):
    """Three views follow each other: the built HTML alone (painted before the modules run), the modules' first
    view from the build's answers, Python's. Each shows what the one before showed, and none moves it."""
    w, routes = held(path, hold=(MODULES, RUNTIME), locale=locale, **device)
    page = w.page
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length")
    release(w, routes[MODULES])
    page.wait_for_function(f"() => ({PAINTED})('#pg-heatmap')[0] > 0")
    w.shot(f"playground-before-ready-{'phone' if device else 'desktop'}-{locale}", full_page=True)
    assert page.get_attribute("body", "data-ready") == "false"
    assert all(n > 0 for n in page.evaluate(PAINTED, "#pg-heatmap, #pg-points")), "the map and its points"
    thumbs = page.evaluate(PAINTED, "#pg-diagram .pg-node:not(.pg-input[aria-pressed=false]) canvas")
    assert len(thumbs) == 2 + 4 + 2 + 1 and all(n > 0 for n in thumbs), "every used neuron's map"
    datasets = "#pg-datasets [data-dataset]:not([data-dataset=custom]) canvas"
    page.wait_for_function(f"() => ({PAINTED})('{datasets}').every((n) => n > 0)")  # the build's thumbnails
    built, built_map = page.evaluate(READOUTS), page.evaluate(HEATMAP)
    assert re.fullmatch(r"0\.\d+", built[1]), built
    release(w, routes[RUNTIME])
    live(w)
    assert page.evaluate(READOUTS) == built and page.evaluate(HEATMAP) == built_map, "Python's own values are the built ones"
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)), "the page's modules rebuild the built HTML, they do not add to it"
    shift = page.evaluate("layoutShift")
    print(f"layout shift {locale} {device}: {shift:.4f}")
    assert shift <= 0.05
    w.assert_clean()
