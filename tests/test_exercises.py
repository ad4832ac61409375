"""The lesson's exercises as a student uses them: read the code, type into the editor, Run, Check, Stop, reload,
switch language.

The checkers themselves (web/py/exercises.py) are also tested directly in CPython, which is fast.
"""
import importlib.util
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent

IDS = ["sigmoid", "neuron", "network_feedforward", "mse", "deriv_sigmoid", "dl_dw1", "sgd_step"]
CORRECT_SIGMOID = "import numpy as np\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))"
WRONG_SIGMOID = "import numpy as np\n\ndef sigmoid(x):\n    return np.tanh(x)"


# --- the checkers, in CPython ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ex():
    spec = importlib.util.spec_from_file_location("exercises", ROOT / "web" / "py" / "exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(ex, exercise, code, seed=0):
    """A Check as the page makes it: the attempt in the student's interpreter, the verdicts in the page's."""
    report = ex.attempt(exercise, code, seed)
    return {**report, **ex.judge(exercise, seed, report["answers"])}


def test_the_core_gives_the_expected_numbers(ex):
    # dL/dw1 for Alice with all weights 1 and biases 0: the lesson's 0.0214
    report = check(ex, "dl_dw1", "def d_L_d_w1(x, y_true, w, b):\n    return 0.0\n")
    first = report["cases"][0]
    assert first["key"] == "mismatch" and first["params"]["got"] == "0.0"
    assert first["params"]["expected"].startswith("0.021469535")
    assert "np.array([-2, -1]), 1" in first["params"]["call"]
    report = check(ex, "neuron", "class Neuron:\n def __init__(s, w, b): pass\n def feedforward(s, x): return 0.5\n")
    assert report["cases"][0]["params"]["expected"] == "0.9990889488"
    report = check(ex, "network_feedforward", "class OurNeuralNetwork:\n def feedforward(s, x): return 1\n")
    assert report["cases"][0]["params"]["expected"] == "0.721632561"
    assert check(ex, "mse", "def mse_loss(a, b): return 0\n")["cases"][0]["params"]["expected"] == "0.5"


def test_wrong_answers_are_explained(ex):
    cases = check(ex, "sigmoid", "import numpy as np\ndef sigmoid(x):\n    return np.tanh(x)\n")["cases"]
    assert cases[0] == {"ok": False, "key": "mismatch", "hidden": False,
                        "params": {"call": "sigmoid(0)", "got": "0.0", "expected": "0.5"}}
    assert check(ex, "sigmoid", "def sigmoid(x):\n    pass\n")["cases"][0]["key"] == "none"
    assert check(ex, "sigmoid", "def sigmoid(x):\n    return 'half'\n")["cases"][0]["key"] == "not_number"
    assert check(ex, "sigmoid", "import numpy as np\ndef sigmoid(x):\n    return np.zeros(3)\n")["cases"][0]["key"] == "shape"
    assert check(ex, "sigmoid", "def sigma(x):\n    return 0.5\n")["cases"][0]["key"] == "missing"
    # math.exp works on numbers only: the array case says so, with a traceback into the student's line
    report = check(ex, "sigmoid", "import math\ndef sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n")
    raised = [c for c in report["cases"] if c["key"] == "raised"]
    assert raised and "np.array([-3, 0, 7])" in raised[0]["params"]["call"]
    assert 'File "<cell>", line 3, in sigmoid' in report["error"]["traceback"]
    # A network that answers the lesson's number without its neurons fails the random cases
    fixed = ("import numpy as np\nfrom perceptron.lesson import Neuron\nclass OurNeuralNetwork:\n"
             "    def __init__(self):\n        self.h1 = self.h2 = self.o1 = Neuron([0, 1], 0)\n"
             "    def feedforward(self, x):\n        return 0.7216325609518421\n")
    cases = check(ex, "network_feedforward", fixed)["cases"]
    assert cases[0]["ok"] and not all(c["ok"] for c in cases if c["hidden"])


def test_run_captures_output_and_never_ends_the_worker(ex):
    assert ex.run("sigmoid", "print('hi')\n1 + 1") == {"stdout": "hi\n", "result": "2", "error": None,
                                                      "stopped": False}
    exit_report = ex.run("sigmoid", "import sys\nsys.exit(3)")
    assert exit_report["error"]["type"] == "SystemExit"
    syntax = ex.run("sigmoid", "def f(x)\n    return x")["error"]
    assert syntax["type"] == "SyntaxError" and 'File "<cell>", line 1' in syntax["traceback"]
    runtime = ex.run("sigmoid", "def f(x):\n    return x / 0\nf(1)")["error"]["traceback"]
    assert runtime.startswith("Traceback") and "exercises.py" not in runtime and "return x / 0" in runtime
    assert len(ex.run("sigmoid", "for i in range(10**5): print(i)")["stdout"]) <= ex.MAX_OUTPUT + 2
    # Reassigning the core in a cell does not change the reference answers
    report = check(ex, "sigmoid", "import perceptron, perceptron.activations as a\n"
                                 "perceptron.sigmoid = a.sigmoid = lambda x: 0.0\ndef sigmoid(x):\n    return 0.0\n")
    assert not report["passed"]


# --- in the page ---------------------------------------------------------------------------------------------

def cell(page, exercise):
    return page.locator(f"[data-exercise={exercise}]")


def mount(app):
    """The lesson page mounts the exercises itself; until it does, mount them into its placeholders."""
    page = app.page
    page.evaluate("""() => {
      const main = document.getElementById('lesson');
      for (const id of %r) if (!main.querySelector(`[data-exercise=${id}]`))
        main.insertAdjacentHTML('beforeend', `<div class="exercise" data-exercise="${id}"></div>`);
      return import('./js/exercises/exercises.js').then((m) => m.mountExercises(main).length);
    }""" % IDS)
    for exercise in IDS:
        code_of(page, exercise).wait_for()


def code_of(page, exercise):
    """The cell's code as shown: static until the student reaches for it, then the editor."""
    return cell(page, exercise).locator(".ex-static, .cm-content")


def type_code(page, exercise, code):
    """As a student: click into the code (which puts the editor there), select everything, type. Escape closes the
    completion list (Enter would accept a completion); the editor indents a new line by itself, and Shift+Home
    selects that indentation, so that each line gets the indentation it is typed with."""
    code_of(page, exercise).click()
    expect(cell(page, exercise).locator(".cm-content")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for i, line in enumerate(code.split("\n")):
        if i:
            page.keyboard.press("Escape")
            page.keyboard.press("Enter")
            page.keyboard.press("Shift+Home")
        page.keyboard.type(line)


def press(page, exercise, name):
    cell(page, exercise).get_by_role("button", name=name, exact=True).click()


def wait_idle(page, exercise, timeout=30_000):
    page.wait_for_selector(f"[data-exercise={exercise}][data-state=idle]", timeout=timeout)


def submit(page, exercise, code, button):
    """Type the code, press Run or Check (in the page's language), wait for the answer: the cell's locator."""
    type_code(page, exercise, code)
    press(page, exercise, button)
    wait_idle(page, exercise)
    return cell(page, exercise)


@pytest.fixture(scope="module")
def app(open_app):
    # No service worker: the page is not cross-origin isolated, so Stop restarts the student's worker.
    w = open_app("index.html", service_workers="block")
    mount(w)
    return w


def test_the_code_shows_highlighted_before_any_editor_and_runs(app):
    """The module's page, before any other test has used an editor on it (this test comes first)."""
    w = app
    page = w.page
    c = cell(page, "sigmoid")
    static = c.get_by_role("textbox", name="Python code of the exercise sigmoid")
    expect(static).to_contain_text("def sigmoid(x):")
    c.scroll_into_view_if_needed()  # the code is coloured once near the viewport
    expect(static.locator(".tok-keyword").first).to_have_text("import")
    expect(static.locator(".tok-comment").first).to_contain_text("# Our activation function")
    assert page.locator(".cm-editor").count() == 0
    assert not [u for u in w.requests if "vendor/codemirror.js" in u], "the editor is loaded when first used"
    w.shot("exercise-static-en")
    # Run and Check before any editor: the code as shown
    press(page, "sigmoid", "Check")
    wait_idle(page, "sigmoid")
    expect(c.locator(".ex-cases li").first).to_have_text("your sigmoid(0) returned None: did you forget return?")
    assert page.locator(".cm-editor").count() == 0
    # By keyboard: Shift+Tab from Run reaches the code, and the editor takes its place without moving anything
    box = c.locator(".ex-editor").bounding_box()
    c.get_by_role("button", name="Run").focus()
    page.keyboard.press("Shift+Tab")
    editor = c.locator(".cm-content")
    expect(editor).to_be_focused()
    expect(editor).to_have_attribute("aria-label", "Python code of the exercise sigmoid")
    assert c.locator(".ex-editor").bounding_box() == box
    page.keyboard.type("# mine\n")
    expect(editor).to_contain_text("# mine")
    expect(editor).to_contain_text("def sigmoid(x):")
    w.shot("exercise-editor-en")
    # A click puts the caret where it lands: here right after the function's name (coloured once near the viewport)
    cell(page, "mse").scroll_into_view_if_needed()
    name = cell(page, "mse").locator(".ex-static .tok-definition").first
    expect(name).to_have_text("mse_loss")
    size = name.bounding_box()
    name.click(position={"x": size["width"] - 1, "y": size["height"] / 2})
    page.keyboard.type("2")
    expect(cell(page, "mse").locator(".cm-content")).to_contain_text("def mse_loss2(y_true, y_pred):")
    w.assert_clean()
    for exercise in ("sigmoid", "mse"):  # the starters again, for the tests after this one
        press(page, exercise, "Reset")
        expect(code_of(page, exercise)).to_contain_text("# your code here")


def test_every_starter_runs_and_check_says_what_is_missing(app):
    page = app.page
    for exercise in IDS:
        press(page, exercise, "Run")
        wait_idle(page, exercise)
        expect(cell(page, exercise).locator(".ex-traceback")).to_have_count(0)
    press(page, "sigmoid", "Check")
    wait_idle(page, "sigmoid")
    expect(cell(page, "sigmoid").locator(".ex-cases li").first).to_have_text(
        "your sigmoid(0) returned None: did you forget return?")


def test_a_correct_sigmoid_typed_in_the_editor_is_accepted(app):
    page = app.page
    result = submit(page, "sigmoid", CORRECT_SIGMOID, "Check").locator(".ex-result")
    expect(result).to_have_attribute("data-verdict", "accepted")
    expect(result.locator(".ex-verdict")).to_contain_text("Accepted! Your sigmoid agrees with the core")
    expect(result.locator(".ex-cases")).to_contain_text("sigmoid(0) = 0.5 ✓")
    cell(page, "sigmoid").scroll_into_view_if_needed()
    app.shot("exercise-accepted-en")


def test_a_wrong_sigmoid_is_explained(app):
    page = app.page
    result = submit(page, "sigmoid", WRONG_SIGMOID, "Check").locator(".ex-result")
    expect(result).to_have_attribute("data-verdict", "failed")
    expect(result.locator(".ex-cases li").first).to_have_text("your sigmoid(0) is 0.0; expected 0.5")
    expect(result.locator(".ex-cases")).to_contain_text("Random case: your sigmoid(")
    app.shot("exercise-mismatch-en")


def test_dl_dw1_expects_the_cores_gradient_for_alice(app):
    page = app.page
    submit(page, "dl_dw1", "def d_L_d_w1(x, y_true, w, b):\n    return 0.02", "Check")
    expect(cell(page, "dl_dw1").locator(".ex-cases li").first).to_contain_text("is 0.02; expected 0.02146953527")


def test_syntax_and_runtime_errors_show_a_traceback(app):
    page = app.page
    submit(page, "mse", "def mse_loss(y_true, y_pred)\n    return 0", "Run")
    traceback = cell(page, "mse").locator(".ex-traceback pre")
    expect(traceback).to_contain_text('File "<cell>", line 1')
    expect(traceback).to_contain_text("SyntaxError")
    submit(page, "mse", "def mse_loss(y_true, y_pred):\n    return y_true / 0\n\nprint(mse_loss(1, 0))",
           "Run")
    expect(traceback).to_contain_text("Traceback (most recent call last)")
    expect(traceback).to_contain_text("return y_true / 0")
    expect(traceback).to_contain_text("ZeroDivisionError: division by zero")
    assert "exercises.py" not in traceback.inner_text()
    cell(page, "mse").scroll_into_view_if_needed()
    app.shot("exercise-traceback-en")
    # sys.exit in a cell is an error like any other; the worker lives on
    submit(page, "mse", "import sys\nsys.exit('bye')", "Run")
    expect(traceback).to_contain_text("SystemExit: bye")
    assert page.get_attribute("body", "data-ready") == "true"


def test_stop_ends_an_endless_loop_and_the_page_computes_again(app):
    page = app.page
    expect(stop_endless_loop(page, "neuron")).to_have_text("Stopped: Python was restarted to stop your code.")
    app.wait_ready()
    # The page computes again: the lesson's training, and another exercise
    page.click("#train-start")
    expect(page.locator("#train-log")).to_contain_text("0.0", timeout=30_000)
    deriv = "from perceptron import sigmoid\n\ndef deriv_sigmoid(x):\n    return sigmoid(x) * (1 - sigmoid(x))"
    result = submit(page, "deriv_sigmoid", deriv, "Check").locator(".ex-result")
    expect(result).to_have_attribute("data-verdict", "accepted")


SOLUTION_TEXTS = """async (lang) => {
  const [{ setLang }, { solution }] = await Promise.all([import('./js/i18n.js'), import('./js/exercises/starters.js')]);
  setLang(lang);
  return Object.fromEntries(%r.map((id) => [id, solution(id)]));
}""" % IDS


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_solution_shown_is_the_lessons_code_and_accepted(app, ex, lang):
    solutions = app.page.evaluate(SOLUTION_TEXTS, lang)
    for exercise, code in solutions.items():
        report = check(ex, exercise, code)
        assert report["error"] is None and report["passed"], (exercise, report)
        assert sum(c["hidden"] for c in report["cases"]) >= 3, "random cases are checked too"
        assert "pass\n" not in code and "your code" not in code and "ваш код" not in code
    assert "    return 1 / (1 + np.exp(-x))" in solutions["sigmoid"], "the lesson's own formula"
    comments = "\n".join(line for code in solutions.values() for line in code.splitlines() if "# " in line)
    assert bool(re.search("[а-я]", comments)) == (lang == "ru")
    if lang == "ru":
        assert "# Наша функция активации: f(x) = 1 / (1 + e^(-x))" in solutions["sigmoid"]
    app.page.evaluate(SOLUTION_TEXTS, "en")


def test_hint_solution_and_reset(app):
    page = app.page
    c = cell(page, "sigmoid")
    press(page, "sigmoid", "Hint")
    expect(c.locator(".ex-hint")).to_contain_text("np.exp")
    press(page, "sigmoid", "Show solution")
    expect(c.locator(".ex-solution pre")).to_contain_text("def sigmoid(x):")
    expect(c.locator(".ex-solution pre")).to_contain_text("np.exp")
    expect(c.get_by_role("button", name="Hide solution")).to_have_attribute("aria-expanded", "true")
    expect(c.locator(".cm-content")).to_have_attribute("aria-label", "Python code of the exercise sigmoid")
    page.set_viewport_size({"width": 390, "height": 844})
    c.scroll_into_view_if_needed()
    app.shot("exercise-hint-solution-phone-en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling at phone width"
    page.set_viewport_size({"width": 1280, "height": 900})
    type_code(page, "sgd_step", "# mine")
    press(page, "sgd_step", "Reset")
    expect(code_of(page, "sgd_step")).to_contain_text("# your code here")


def test_code_survives_a_reload(app):
    page = app.page
    type_code(page, "mse", "def mse_loss(y_true, y_pred):\n    return ((y_true - y_pred) ** 2).mean()")
    page.wait_for_timeout(500)  # saving waits for a pause in typing
    page.reload()
    app.wait_ready()
    mount(app)
    # The saved code is shown before any editor exists, and checked as shown
    expect(cell(page, "mse").locator(".ex-static")).to_contain_text("return ((y_true - y_pred) ** 2).mean()")
    expect(code_of(page, "sgd_step")).to_contain_text("# your code here")
    press(page, "mse", "Check")
    wait_idle(page, "mse")
    expect(cell(page, "mse").locator(".ex-result")).to_have_attribute("data-verdict", "accepted")
    app.assert_clean()


@pytest.fixture(scope="module")
def ru(open_app):
    # With the service worker: the first visit is not isolated, the reload in the last test is.
    return open_app("index.html", locale="ru-RU")


def test_russian(ru):
    page = ru.page
    mount(ru)
    c = cell(page, "sigmoid")
    expect(c.locator(".ex-static")).to_contain_text("# ваш код здесь")
    expect(c.get_by_role("button", name="Проверить")).to_be_visible()
    expect(c.get_by_role("textbox", name="Код на Python для упражнения sigmoid")).to_be_visible()
    c.scroll_into_view_if_needed()
    ru.shot("exercise-static-ru")
    code_of(page, "sigmoid").click()
    expect(c.locator(".cm-content")).to_have_attribute("aria-label", "Код на Python для упражнения sigmoid")
    ru.shot("exercise-editor-ru")
    submit(page, "sigmoid", WRONG_SIGMOID, "Проверить")
    expect(c.locator(".ex-verdict")).to_contain_text("Пока нет")
    expect(c.locator(".ex-cases li").first).to_have_text("ваш sigmoid(0) равен 0.0; ожидалось 0.5")
    c.scroll_into_view_if_needed()
    ru.shot("exercise-mismatch-ru")
    submit(page, "mse", "def mse_loss(y_true, y_pred)\n    return 0", "Запустить")
    expect(cell(page, "mse").locator(".ex-traceback")).to_contain_text("Ошибка")
    cell(page, "mse").scroll_into_view_if_needed()
    ru.shot("exercise-traceback-ru")
    submit(page, "sigmoid", CORRECT_SIGMOID, "Проверить")
    expect(c.locator(".ex-verdict")).to_contain_text("Принято! sigmoid совпадает с ядром")
    c.scroll_into_view_if_needed()
    ru.shot("exercise-accepted-ru")
    # Switching language re-words the verdict and the untouched starters, never the student's code
    page.click("button[data-lang=en]")
    expect(c.locator(".ex-verdict")).to_contain_text("Accepted!")
    expect(c.locator(".cm-content")).to_contain_text("np.exp(-x)")
    expect(cell(page, "neuron").locator(".ex-static")).to_contain_text("# your code here")
    ru.assert_clean()


def stop_endless_loop(page, exercise, code="while True: pass", run_label="Run", stop_label="Stop"):
    type_code(page, exercise, code)
    press(page, exercise, run_label)
    stop = cell(page, exercise).get_by_role("button", name=stop_label)
    expect(stop).to_be_visible()
    page.wait_for_timeout(500)
    stop.click()
    wait_idle(page, exercise, timeout=20_000)
    expect(stop).to_be_hidden()
    return cell(page, exercise).locator(".ex-status")


def test_stop_interrupts_without_a_restart_when_the_page_is_isolated(ru):
    app, page = ru, ru.page
    # The service worker adds COOP/COEP once it controls the page: from the second load on
    page.wait_for_function("async () => !!(await navigator.serviceWorker.ready) && !!navigator.serviceWorker.controller")
    page.reload()
    app.wait_ready()
    assert page.evaluate("crossOriginIsolated")
    page.click("button[data-lang=ru]")
    mount(app)
    page.evaluate("() => { window.restarts = 0; perceptronLab.studentPython().events.addEventListener('restart', () => restarts++); }")
    in_russian = {"run_label": "Запустить", "stop_label": "Остановить"}
    page.evaluate("perceptronLab.studentPython().ready")  # a Stop while it starts would end in a restart
    expect(stop_endless_loop(page, "sigmoid", **in_russian)).to_have_text("Остановлено.")
    assert page.evaluate("restarts") == 0, "KeyboardInterrupt, not a new worker"
    result = submit(page, "sigmoid", CORRECT_SIGMOID, "Проверить").locator(".ex-result")
    expect(result).to_have_attribute("data-verdict", "accepted")
    # Code that swallows the KeyboardInterrupt is ended by a restart after a grace period. (A bare
    # `while True: pass` cannot be the loop here: CPython 3.12's try does not cover its jump.)
    stubborn = "while True:\n    try:\n        for i in range(10**9): pass\n    except KeyboardInterrupt:\n        pass"
    expect(stop_endless_loop(page, "mse", stubborn, **in_russian)).to_have_text(
        "Остановлено: Python перезапущен, чтобы прервать ваш код.")
    assert page.evaluate("restarts") == 1
    app.wait_ready()
    app.assert_clean()
