"""Moving between the lesson and the playground as a visitor does (the nav's links, back, forward): each page keeps
its own URL, Python is started once for both, and the page left keeps its state. Served under a sub-path."""
import re

import pytest
from playwright.sync_api import expect

from conftest import MODULES_RAN

LESSON_READY = "#lesson[data-live=true]:not([hidden])"  # every value of the lesson computed by this page's Python
PLAYGROUND_READY = "#playground[data-ready=true]:not([hidden])"


def wasm_fetches(app):
    return sum(u.endswith("/pyodide/pyodide.asm.wasm") for u in app.requests)


@pytest.fixture(scope="module")
def app(open_app):
    """The lesson with a field of the student's own, and handles on this document and its worker."""
    app = open_app("index.html", service_workers="block", locale="en-US")
    page = app.page
    page.wait_for_selector(LESSON_READY, state="attached", timeout=30_000)
    w1 = page.locator("#neuron-fields input").first
    w1.fill("0.5")
    expect(page.locator("#neuron-out")).not_to_have_attribute("data-full", "0.9990889488055994")
    page.evaluate("""() => {
        globalThis.firstDocument = {worker: perceptronLab.py.worker, field: document.querySelector('#neuron-fields input')};
    }""")
    return app


def python_answers(app):
    """A call through the page's client: sigmoid(0) from a one-neuron model."""
    model = {"format": "perceptron-model", "version": 1,
             "layers": [{"weights": [[1]], "biases": [0], "activation": "sigmoid"}]}
    return app.call("core.feedforward", {"model": model, "X": [0]}) == [0.5]


def same_document_and_worker(app):
    return app.page.evaluate("""() => globalThis.firstDocument?.worker === perceptronLab.py.worker
        && document.contains(firstDocument.field)""")


def test_the_nav_opens_the_playground_with_the_same_python(app):
    page = app.page
    page.click("header nav a[href='playground.html']")
    expect(page).to_have_url(app.base_url + "playground.html")
    page.wait_for_selector(PLAYGROUND_READY, state="attached", timeout=30_000)
    expect(page).to_have_title("Perceptron Lab · Playground")
    assert page.get_attribute("body", "data-page") == "playground"
    assert page.text_content("header nav a[aria-current=page]") == "Playground"
    assert page.evaluate("document.activeElement.matches('#playground h1')"), "focus on the new page's heading"
    assert page.locator("#lesson").is_hidden()
    page.click("#pg-step")
    expect(page.locator("#pg-epoch")).to_have_text("1")
    assert same_document_and_worker(app), "the playground runs in the lesson's document, on its worker"
    assert wasm_fetches(app) == 1, "Pyodide was started once"


def test_back_shows_the_lesson_as_it_was_and_the_playground_pauses(app):
    page = app.page
    page.click("#pg-play")
    page.wait_for_function("() => perceptronLab.playground.state.epoch > 20")
    page.go_back()
    expect(page).to_have_url(app.base_url + "index.html")
    page.wait_for_selector(LESSON_READY, state="attached")
    assert page.locator("#neuron-fields input").first.input_value() == "0.5"
    assert page.text_content("header nav a[aria-current=page]") == "Lesson"
    assert same_document_and_worker(app)
    # Hidden, the playground stops its run (the worker is the lesson's now) but still means to play.
    page.wait_for_selector("#playground[data-busy=false]", state="attached")
    paused = page.evaluate("perceptronLab.playground.state.epoch")
    assert python_answers(app)
    assert page.evaluate("perceptronLab.playground.state.epoch") == paused
    assert page.get_attribute("#pg-play", "aria-pressed") == "true"
    app.paused = paused


def test_forward_shows_the_playground_training_on(app):
    page = app.page
    page.go_forward()
    expect(page).to_have_url(re.compile(re.escape(app.base_url + "playground.html") + "(#.*)?$"))  # its settings
    page.wait_for_selector(PLAYGROUND_READY, state="attached")
    page.wait_for_function("(e) => perceptronLab.playground.state.epoch > e", arg=app.paused)
    page.click("#pg-play")
    assert same_document_and_worker(app) and wasm_fetches(app) == 1
    app.assert_clean()


def test_a_dead_worker_is_restarted_once_for_both_pages(app):
    page = app.page
    page.evaluate("""() => {
        globalThis.restarts = 0;
        perceptronLab.py.events.addEventListener('restart', () => restarts++);
        const worker = perceptronLab.py.worker;
        worker.terminate();
        worker.onerror(new ErrorEvent('error', {message: 'out of memory'}));  // as on an out-of-memory
    }""")
    expect(page.locator("#pg-notices")).to_contain_text("Python stopped (out of memory)")
    expect(page.locator("#lesson-notices")).to_contain_text("Python stopped (out of memory)")
    app.wait_ready()
    assert page.evaluate("restarts") == 1
    page.click("#pg-step")
    page.wait_for_selector("#playground[data-busy=false]", state="attached")
    assert python_answers(app)
    app.errors.clear()  # the dead worker's error is the test's own


def test_a_deep_link_to_the_playground_then_the_lesson(open_app):
    app = open_app("playground.html", service_workers="block", locale="ru-RU")
    page = app.page
    expect(page).to_have_url(app.base_url + "playground.ru.html")  # the Russian file, chosen before paint
    page.wait_for_selector(PLAYGROUND_READY, state="attached", timeout=30_000)
    page.click("header nav a[href='index.ru.html']")
    expect(page).to_have_url(app.base_url + "index.ru.html")
    page.wait_for_selector(LESSON_READY, state="attached", timeout=30_000)
    expect(page.locator("#lesson h1")).to_have_text("Многослойный перцептрон с нуля")
    expect(page.locator("#lesson math").first).to_be_visible()  # its formulas
    assert page.locator("#playground").is_hidden()
    page.click("button[data-lang=en]")
    page.go_back()
    expect(page).to_have_url(app.base_url + "playground.html")  # the page left, in the language chosen since
    expect(page).to_have_title("Perceptron Lab · Playground")
    expect(page.locator("#playground h1")).to_have_text("Playground")  # translated while hidden
    assert wasm_fetches(app) == 1
    app.assert_clean()


def test_a_modified_click_opens_the_other_page_in_a_tab_of_its_own(open_app):
    app = open_app("index.html", python=False, service_workers="block")
    app.page.wait_for_function(MODULES_RAN)
    with app.context.expect_page() as opened:
        app.page.click("header nav a[href='playground.html']", modifiers=["Control"])
    expect(opened.value).to_have_url(app.base_url + "playground.html")
    expect(app.page).to_have_url(app.base_url + "index.html")
    opened.value.close()


def test_each_view_in_the_chosen_language_has_its_own_address(open_app):
    """A Russian visitor moves to the Russian file of the other page; a language switch gives the shown page's file."""
    app = open_app("index.html", service_workers="block", locale="ru-RU")
    page = app.page
    expect(page).to_have_url(app.base_url + "index.ru.html")
    page.wait_for_selector(LESSON_READY, state="attached", timeout=30_000)
    page.click("header nav a[href='playground.ru.html']")
    expect(page).to_have_url(app.base_url + "playground.ru.html")
    page.wait_for_selector(PLAYGROUND_READY, state="attached", timeout=30_000)
    expect(page.locator("#playground h1")).not_to_have_text("Playground")
    page.click("button[data-lang=en]")
    expect(page).to_have_url(app.base_url + "playground.html")
    page.click("header nav a[href='index.ru.html']")
    expect(page).to_have_url(app.base_url + "index.html")
    expect(page.locator("#neuron-h")).to_have_text("1 The neuron")
    assert wasm_fetches(app) == 1
    app.assert_clean()
