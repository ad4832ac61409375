"""Hostile exercise cells against the lesson: student code runs in an interpreter of its own, so whatever a cell
does (rebinds numpy or the core, exits Python, loops, fills memory, recurses, floods its output) the lesson's
numbers and the checkers are untouched, the cell says what happened, and the next action works. And a page's
own Python that exits is noticed and replaced, with the page carrying on from its state.
"""
import pytest
from playwright.sync_api import expect

import perceptron as pc
from test_exercises import CORRECT_SIGMOID, cell, mount, press, stop_endless_loop, submit, type_code, wait_idle
from test_lesson import expect_full, field

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def app(open_app):
    # No service worker: the page is not cross-origin isolated, so Stop replaces the student's interpreter.
    w = open_app("index.html", service_workers="block")
    mount(w)
    return w


def status(page, exercise):
    return cell(page, exercise).locator(".ex-status")


def runs_again(page, exercise="mse"):
    """The next Run in the student's interpreter answers (within one Python start)."""
    submit(page, exercise, "print(6 * 7)", "Run")
    expect(cell(page, exercise).locator(".ex-stdout pre")).to_have_text("42\n", timeout=TIMEOUT)


def neuron_computes(page, w1):
    """The lesson's own Python answers a field change."""
    field(page, "neuron", "w₁").fill(str(w1))
    expect_full(page, "#neuron-out .num", pc.Neuron([w1, 1], 4).feedforward([2, 3]))


def test_rebinding_numpy_the_core_and_the_standard_library_changes_nothing_else(app):
    page = app.page
    hostile = ("import numpy as np, perceptron, perceptron.activations as act, perceptron.lesson, math, builtins\n"
               "np.exp = lambda x: 0 * x\ndel np.dot\nperceptron.sigmoid = act.sigmoid = lambda x: 0.0\n"
               "perceptron.lesson.Neuron.feedforward = lambda self, x: 0.0\n"
               "math.exp = None\nbuiltins.len = None\nnp.exp(1.0)")
    c = submit(app.page, "sigmoid", hostile, "Run")
    expect(c.locator(".ex-value pre")).to_have_text("0.0")  # the cell's own run sees its change
    # The next cell starts from the same Python as the first: a right sigmoid is accepted
    expect(submit(page, "sigmoid", CORRECT_SIGMOID, "Check").locator(".ex-result")).to_have_attribute(
        "data-verdict", "accepted")
    # A class of the core it changed is the core's again for the next cell
    c = submit(page, "network_feedforward", "from perceptron.lesson import Neuron\nNeuron([0, 1], 4).feedforward([2, 3])",
               "Run")
    expect(c.locator(".ex-value pre")).to_have_text("0.9990889488055994")
    # A cell that checks "correct" by breaking the comparison fools nobody: the verdicts are not made there
    cheat = ("import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.asarray = lambda *a, **k: np.zeros(())\n"
             "def sigmoid(x):\n    return 0.0")
    expect(submit(page, "sigmoid", cheat, "Check").locator(".ex-result")).to_have_attribute("data-verdict", "failed")
    # The lesson's own training reaches its loss
    page.click("#train-start")
    expect(page.locator("#train-status")).to_contain_text("Done: 1000 epochs", timeout=TIMEOUT)
    last = page.text_content("#train-log").strip().split("\n")[-1]
    assert float(last.split(": ")[1]) < 0.01, last
    app.assert_clean()


@pytest.mark.parametrize("code", ["import sys\nsys.exit(3)", "raise SystemExit('bye')"])
def test_exit_by_exception_is_an_error_like_any_other(app, code):
    c = submit(app.page, "mse", code, "Run")
    expect(c.locator(".ex-traceback pre")).to_contain_text("SystemExit")
    runs_again(app.page)


def test_ending_the_interpreter_is_reported_and_the_next_run_works(app):
    page = app.page
    c = submit(page, "mse", "import os\nos._exit(0)", "Run")
    expect(status(page, "mse")).to_contain_text("Your code ended its Python")
    assert page.get_attribute("body", "data-ready") == "true", "the page's Python was not touched"
    neuron_computes(page, 0.5)
    runs_again(page)
    expect(c.locator(".ex-status")).to_have_text("Done.")
    expect(submit(page, "sigmoid", CORRECT_SIGMOID, "Check").locator(".ex-result")).to_have_attribute(
        "data-verdict", "accepted")
    neuron_computes(page, 0)


def test_an_endless_loop_never_makes_the_lesson_wait(app):
    page = app.page
    type_code(page, "neuron", "while True: pass")
    press(page, "neuron", "Run")
    expect(cell(page, "neuron")).to_have_attribute("data-state", "running")
    neuron_computes(page, 2)  # while the student's loop runs
    cell(page, "neuron").get_by_role("button", name="Stop").click()
    neuron_computes(page, 3)  # while the student's interpreter is replaced
    wait_idle(page, "neuron")
    expect(status(page, "neuron")).to_have_text("Stopped: Python was restarted to stop your code.")
    runs_again(page)
    # Printing without end: stopped the same way, the output kept short
    expect(stop_endless_loop(page, "neuron", "while True: print('x' * 80)")).to_contain_text("Stopped")
    runs_again(page)
    neuron_computes(page, 0)


def test_a_print_flood_is_cut(app):
    c = submit(app.page, "mse", "for i in range(10**6):\n    print(i)", "Run")
    out = c.locator(".ex-stdout pre")
    expect(out).to_contain_text("…")
    assert len(out.text_content()) <= 20_002
    runs_again(app.page)


# Growing the heap until Python runs out of memory: numpy.empty takes memory without writing to it, so the wasm
# heap grows to its 4 GB in moments (a bytearray writes zeros into every page, which takes half a minute).
@pytest.mark.parametrize("code", [
    "x = [0] * 10**9",
    "import numpy as np\nchunks = []\nwhile True:\n    chunks.append(np.empty(10**8, np.uint8))",
    "def f():\n    return f()\n\nf()",
])
def test_memory_and_recursion_are_reported_and_the_next_run_works(app, code):
    page = app.page
    type_code(page, "mse", code)
    press(page, "mse", "Run")
    wait_idle(page, "mse")
    # A Python error (MemoryError, RecursionError) or, if the interpreter itself gave up, its end
    text = cell(page, "mse").locator(".ex-result").text_content() + status(page, "mse").text_content()
    assert any(s in text for s in ("MemoryError", "RecursionError", "ended its Python")), text
    runs_again(page)
    neuron_computes(page, 0)
    app.assert_clean()


def test_a_pages_own_python_that_exits_is_replaced(app):
    """No student code reaches the page's Python; its interpreter exiting (as on a crash) is noticed anyway, by the
    lesson and by the playground opened beside it (one document, one Python), and each carries on from its state."""
    page = app.page
    page.click("header nav a[href='playground.html']")
    page.wait_for_selector("#playground[data-ready=true]:not([hidden])", state="attached", timeout=TIMEOUT)
    page.evaluate("""() => perceptronLab.py.call('exercises.run', {exercise: 'sigmoid', code: 'import os\\nos._exit(1)'})
        .catch(() => {})""")
    for notices in ("#pg-notices", "#lesson-notices"):
        expect(page.locator(notices)).to_contain_text("Python stopped (Program terminated with exit(1))")
    app.wait_ready()
    page.click("#pg-step")
    expect(page.locator("#pg-epoch")).to_have_text("1", timeout=TIMEOUT)
    page.go_back()
    page.wait_for_selector("#lesson:not([hidden])", state="attached")
    neuron_computes(page, 0.5)
