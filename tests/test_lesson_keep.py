"""The lesson keeps its training in this browser, as a student meets it: train, reload, switch the language, and
the log, the loss chart, the network and the predictions are as they were; a run stopped half-way comes back
stopped; "Reset to the lesson's numbers" clears it for good; a saved run that is tampered with is dropped with
a notice and nothing else is lost.

One browser context for the module (its storage lives across reloads); tampered runs each get a fresh one.
"""
import json

import pytest
from playwright.sync_api import expect

import perceptron as pc
from conftest import Watched
from test_lesson import canvas_stats, field

KEY = "perceptron-lab:lesson-training:v1"
TIMEOUT = 30_000
SAVED = f"() => JSON.parse(localStorage.getItem('{KEY}') || 'null')"


@pytest.fixture(scope="module")
def app(open_app):
    return open_app("index.html", service_workers="block", locale="en-US")


def live(app):
    """Ready, and every section computed by this page's Python (not the build's answers)."""
    app.wait_ready()
    app.page.wait_for_selector("#lesson[data-live=true]", state="attached", timeout=TIMEOUT)


def saved_run(app, finished=True):
    """The saved run, once the store has written the last state (it writes at most every 0.5 s)."""
    app.page.wait_for_function(f"() => ({SAVED})()?.finished === {json.dumps(finished)}", timeout=TIMEOUT)
    return app.page.evaluate(SAVED)


def view(app):
    """What the Training and Prediction sections show: texts, exact numbers and the two canvases' pixels."""
    page = app.page
    expect(page.locator("#pred-table tbody .num").first).to_be_visible(timeout=TIMEOUT)
    return {
        "log": page.text_content("#train-log"),
        "status": page.text_content("#train-status"),
        "predictions": page.text_content("#pred-table tbody"),
        "you": page.text_content("#pred-you"),
        "full": page.eval_on_selector_all("#pred-table tbody .num, #pred-you .num", "els => els.map(e => e.dataset.full)"),
        "chart": canvas_stats(page, "#train-canvas")["hash"],
        "heatmap": canvas_stats(page, "#pred-canvas")["hash"],
    }


def reload(app):
    app.page.reload()
    live(app)


def start_a_long_run(page):
    """100 000 epochs (the most the field takes), until its log is under way."""
    field(page, "training", "Epochs").fill("100000")
    page.click("#train-start")
    expect(page.locator("#train-log")).to_contain_text("Epoch 300 loss", timeout=TIMEOUT)


def test_a_trained_network_comes_back_after_a_reload(app):
    page = app.page
    field(page, "prediction", "Weight").fill("150")  # "you", in pounds: kept as a field
    page.click("#train-start")
    expect(page.locator("#train-status")).to_contain_text("Done: 1000 epochs", timeout=TIMEOUT)
    expect(page.locator("#pred-you")).to_contain_text("rather", timeout=TIMEOUT)
    before = view(app)
    run = saved_run(app)
    assert len(run["log"]) == 100 and run["epoch"] == 1000
    assert len(json.dumps(run)) < 20_000, "the loss is kept as the chart draws it, not every epoch's"
    reload(app)
    expect(page.locator("#pred-you")).to_contain_text("rather", timeout=TIMEOUT)
    assert view(app) == before
    expect(page.locator("#pred-untrained")).to_be_hidden()
    app.before = before


def test_the_saved_network_is_the_trained_one(app):
    """Emily and Frank as the core's network trained with the lesson's numbers says, to the last digit."""
    net = pc.random_lesson_network(0)
    X, y, _ = pc.people()
    pc.train(net, X, y, epochs=1000, learning_rate=0.1)
    emily, frank = (float(v) for v in app.page.eval_on_selector_all(
        "#pred-table tbody td:last-child .num", "els => els.map(e => e.dataset.full)"))
    assert emily == pytest.approx(pc.feedforward(net, [-7, -3])[0], abs=1e-12)
    assert frank == pytest.approx(pc.feedforward(net, [20, 2])[0], abs=1e-12)


def test_a_language_switch_and_a_reload_in_the_other_language_keep_it(app):
    page = app.page
    page.click("button[data-lang=ru]")
    expect(page.locator("#train-status")).to_contain_text("Готово: 1000 эпох")
    expect(page.locator("#pred-table tbody")).to_contain_text("Эмили")
    russian = view(app)
    assert russian["log"] == app.before["log"] and russian["full"] == app.before["full"]
    reload(app)  # now the Russian file
    assert page.get_attribute("html", "lang") == "ru"
    expect(page.locator("#pred-you")).to_contain_text("скорее", timeout=TIMEOUT)
    assert view(app) == russian
    page.click("button[data-lang=en]")
    expect(page.locator("#train-status")).to_contain_text("Done: 1000 epochs")
    assert view(app) == app.before


def test_a_stopped_run_comes_back_stopped(app):
    page = app.page
    start_a_long_run(page)
    page.click("#train-stop")
    expect(page.locator("#train-status")).to_contain_text("Stopped at epoch", timeout=TIMEOUT)
    status, log = page.text_content("#train-status"), page.text_content("#train-log")
    saved_run(app, finished=False)
    page.wait_for_function(f"(n) => ({SAVED})()?.log.length === n", arg=log.count("\n"))
    chart = canvas_stats(page, "#train-canvas")["hash"]
    reload(app)
    expect(page.locator("#train-status")).to_have_text(status)
    assert page.text_content("#train-log") == log
    assert canvas_stats(page, "#train-canvas")["hash"] == chart
    expect(page.locator("#pred-untrained")).to_be_hidden()
    field(page, "training", "Epochs").fill("1000")


def test_a_long_run_is_kept_small(app):
    """100 000 epochs (the most the field takes): the chart's curve and every k-th log line, with the last."""
    kept = app.page.evaluate("""async () => {
        const { lossCurve, sampleIndices } = await import("./js/lesson/draw.js");
        const loss = Array.from({ length: 100000 }, (_, i) => 1 / (i + 2) + (i === 5 ? 1 : 0));
        const curve = lossCurve(loss);
        return { curve, lines: sampleIndices(10000, 1000), size: JSON.stringify(curve).length };
    }""")
    points = kept["curve"]["points"]
    assert len(points) <= 801 and points[0][0] == 0 and points[-1] == [99999, 1 / 100001]
    assert kept["curve"]["top"] == 1 + 1 / 7 and kept["curve"]["epochs"] == 100000, "the axis still fits every loss"
    assert len(kept["lines"]) == 1001 and kept["lines"][-1] == 9999  # every 10th line and the last
    assert kept["size"] < 30_000


def test_reset_clears_the_training_and_it_stays_cleared(app):
    """Even in the middle of a run: nothing of it is shown or saved afterwards."""
    page = app.page
    start_a_long_run(page)
    page.click("#lesson-defaults")
    page.click("#lesson-reset-dialog button[value=reset]")
    expect(page.locator("#train-log")).to_have_text("")
    expect(page.locator("#train-status")).to_have_text("")
    expect(page.locator("#pred-untrained")).to_be_visible()
    expect(page.locator("#pred-you")).to_contain_text("Train the network", timeout=TIMEOUT)
    expect(page.locator("#train-start")).to_be_enabled()
    expect(page.locator("#train-stop")).to_be_disabled()
    assert page.evaluate(SAVED) is None
    empty = canvas_stats(page, "#train-canvas")["hash"]
    reload(app)
    expect(page.locator("#pred-you")).to_contain_text("Train the network", timeout=TIMEOUT)
    assert page.text_content("#train-log") == ""
    assert canvas_stats(page, "#train-canvas")["hash"] == empty
    assert page.locator("#lesson-notices li").count() == 0
    app.assert_clean()


# ---------------------------------------------------------------- saved runs from elsewhere

def planted(browser, base_url, run, fields=None, python=True):
    """A fresh browser whose storage holds `run` (any JSON text) and `fields` before the page's scripts run."""
    w = Watched(browser, base_url, python=python, service_workers="block", locale="en-US")
    script = f"localStorage.setItem('{KEY}', {json.dumps(run)});"
    if fields:
        script += f"localStorage.setItem('perceptron-lab:lesson:v1', {json.dumps(json.dumps(fields))});"
    w.context.add_init_script(script)
    return w


def small_run(**change):
    run = {"model": pc.random_lesson_network(0).to_dict(), "curve": {"epochs": 3, "top": 0.3,
           "points": [[0, 0.3], [1, 0.25], [2, 0.2]]}, "log": ["Epoch 0 loss: 0.300"], "epoch": 3, "finished": True}
    return json.dumps({**run, **change})


def test_a_saved_run_is_drawn_before_python_is_ready(browser, base_url):
    w = planted(browser, base_url, small_run())
    try:
        w.open(ready=False)
        expect(w.page.locator("#train-log")).to_have_text("Epoch 0 loss: 0.300\n")
        expect(w.page.locator("#train-status")).to_have_text("Done: 3 epochs, final loss 0.2.")
        expect(w.page.locator("#pred-you")).to_have_text("waiting for Python…")  # not the untrained answer
        assert w.page.get_attribute("body", "data-ready") != "true", "drawn from the saved data, not by Python"
        live(w)
        expect(w.page.locator("#pred-you")).to_contain_text("rather", timeout=TIMEOUT)
        w.assert_clean()
    finally:
        w.close()


def test_a_restored_fields_results_are_marked_until_python_answers(browser, base_url):
    """Before Python is ready the build's numbers are the lesson's: with a restored w₁ they are not, so they are
    shown dimmed (the section aria-busy) until Python's own replace them."""
    w = Watched(browser, base_url, service_workers="block", locale="en-US")
    try:
        w.open(ready=False)  # the field's id, from the page as built
        w1 = field(w.page, "neuron", "w₁").get_attribute("id")
        w.page.evaluate("(id) => localStorage.setItem('perceptron-lab:lesson:v1', JSON.stringify({[id]: '0.5'}))", w1)
        w.page.reload()
        neuron = w.page.locator("#neuron")
        expect(neuron).to_have_attribute("aria-busy", "true")
        assert w.page.get_attribute("body", "data-ready") != "true"
        assert w.page.text_content("#neuron-out") == "0.9990889488055994", "the build's number, for w₁ = 0"
        assert w.page.locator("#network").get_attribute("aria-busy") is None, "only what waits is marked"
        live(w)
        expect(neuron).not_to_have_attribute("aria-busy", "true")
        assert float(w.page.get_attribute("#neuron-out .num", "data-full")) == pc.Neuron([0.5, 1], 4).feedforward([2, 3])
        w.assert_clean()
    finally:
        w.close()


THREE_INPUTS = {"format": "perceptron-model", "version": 1, "layers": [
    {"weights": [[0, 1, 2], [1, 0, 2]], "biases": [0, 0], "activation": "sigmoid"},
    {"weights": [[1, 1]], "biases": [0], "activation": "sigmoid"}]}


# A run's parts are checked by the page's own scripts as it opens (Python's download is held for those: Python has
# no say in them), its network by Python once it is ready.
@pytest.mark.parametrize("run, notice, python", [
    (small_run(model=THREE_INPUTS), "the lesson's network is 2-2-1", True),
    (small_run(model={"format": "keras"}), "not a perceptron model", True),
    (small_run(curve={"epochs": 3, "top": 0.3, "points": [[5, "x"]]}), "not a training run of this lesson", False),
    (small_run(log="Epoch 0"), "not a training run of this lesson", False),
    ("{\"model\": trunc", "could not be read", False),
])
def test_a_tampered_run_is_dropped_with_a_notice_and_the_fields_kept(browser, base_url, run, notice, python):
    w = planted(browser, base_url, run, fields={"pred-units": "metric"}, python=python)
    try:
        w.open(ready=python)
        if python:
            live(w)
        notices = w.page.locator("#lesson-notices")
        expect(notices).to_contain_text("ignored", timeout=TIMEOUT)
        expect(notices).to_contain_text(notice)
        expect(w.page.locator("#train-log")).to_have_text("")
        expect(w.page.locator("#pred-you")).to_contain_text("Train the network", timeout=TIMEOUT)
        assert w.page.input_value("#pred-units") == "metric", "the saved fields still come back"
        assert w.page.evaluate(f"() => localStorage.getItem('{KEY}')") in (None, run), "dropped, or left unread"
        w.assert_clean()
    finally:
        w.close()
