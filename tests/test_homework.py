"""The lesson as homework: the exercises' overview with Check all, kept across reloads, and the lesson downloaded
as a Jupyter notebook with the student's code, valid and run top to bottom in a real kernel."""
import json
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from test_exercises import CORRECT_SIGMOID, IDS, cell, press, type_code, wait_idle

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "web" / "py"), str(ROOT / "py_core")]
import notebook  # noqa: E402

nbformat = pytest.importorskip("nbformat")
WRONG_MSE = "def mse_loss(y_true, y_pred):\n    return 0.0"


@pytest.fixture(scope="module")
def app(open_app):
    w = open_app("index.html", service_workers="block")
    w.page.wait_for_selector("#homework .hw-list li >> nth=6")
    return w


def states(page):
    return page.eval_on_selector_all("#homework .hw-list li", "items => items.map((li) => li.dataset.state)")


def download_notebook(page):
    with page.expect_download() as info:
        page.click("#homework button:has-text('.ipynb')")
    return json.loads(Path(info.value.path()).read_text())


def test_the_overview_follows_each_check_and_survives_a_reload(app):
    page = app.page
    assert states(page) == ["untried"] * 7
    expect(page.locator("#homework .hw-summary")).to_have_text("0 of 7 accepted.")
    type_code(page, "sigmoid", CORRECT_SIGMOID)
    press(page, "sigmoid", "Check")
    wait_idle(page, "sigmoid")
    type_code(page, "mse", WRONG_MSE)
    press(page, "mse", "Check")
    wait_idle(page, "mse")
    assert states(page) == ["accepted", "untried", "untried", "failed", "untried", "untried", "untried"]
    expect(page.locator("#homework .hw-summary")).to_have_text("1 of 7 accepted.")
    assert page.get_attribute("#homework .hw-list li >> nth=3 >> a", "href") == "#ex-mse"
    page.reload()
    page.wait_for_selector("#homework .hw-list li[data-state=accepted]")
    assert states(page)[:4] == ["accepted", "untried", "untried", "failed"]
    page.locator("#homework").scroll_into_view_if_needed()
    app.shot("homework-overview")


def test_check_all_checks_every_exercise_in_order(app):
    page = app.page
    page.click("#homework button:has-text('Check all')")
    expect(page.locator("#homework .hw-status")).to_have_text("All checked.", timeout=90_000)
    # The starters (a blank is `pass`) are not yet right; the sigmoid typed before is.
    assert states(page) == ["accepted"] + ["failed"] * 6
    for exercise in IDS:
        assert cell(page, exercise).locator(".ex-result").get_attribute("data-verdict") in ("accepted", "failed")


def test_the_lesson_downloads_as_a_notebook_that_runs(app, monkeypatch):
    nbclient = pytest.importorskip("nbclient")
    page = app.page
    nb = download_notebook(page)
    nbformat.validate(nbformat.from_dict(nb))
    md = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")
    code = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert md.startswith("# A multilayer perceptron from scratch")
    assert "\n## 7 Prediction\n" in md
    assert "$$\nMSE = \\frac{1}{n}" in md, "formulas as display math"
    assert "| Alice |" in md, "the people table"
    assert "pip" in code[0] and "importlib.util.find_spec(\"perceptron\")" in code[0], "installs the core if missing"
    assert code[1] == CORRECT_SIGMOID, "the student's code in place of the blank"
    assert code[2].count("# your code here") == 1 and len(code) == 8, "untouched blanks stay blanks"
    assert code[4] == WRONG_MSE
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "py_core"))
    run = nbformat.from_dict(nb)
    nbclient.NotebookClient(run, timeout=120, kernel_name="python3").execute()
    ran = [c for c in run.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in ran) and not any(o.output_type == "error" for c in ran for o in c.outputs)
    assert ran[2].outputs[0]["text"] == "None\n", "an untouched blank runs, as the starter's `pass`"


def test_the_russian_notebook_is_in_russian(app):
    page = app.page
    page.click("button[data-lang=ru]")
    nb = download_notebook(page)
    expect(page.locator("#homework .hw-status")).to_contain_text("perceptron-lab-lesson.ipynb")
    text = "\n".join(c["source"] for c in nb["cells"])
    assert text.startswith("# Многослойный перцептрон с нуля") and "\n## 7 Предсказание\n" in text
    assert "# ваш код здесь" in text and "# your code here" not in text
    page.locator("#homework").scroll_into_view_if_needed()
    app.shot("homework-overview-ru")
    page.click("button[data-lang=en]")


@pytest.mark.parametrize("blocks", [[], "x", [{"kind": "video"}], [{"kind": "code", "code": 3}],
                                    [{"kind": "heading", "level": 9, "text": "x"}],
                                    [{"kind": "table", "rows": [["a", "b"], ["c"]]}]])
def test_a_bad_lesson_is_refused_with_a_message(blocks):
    with pytest.raises(ValueError, match=r"\w"):
        notebook.lesson_notebook(blocks)


@pytest.mark.parametrize("path", ["index.html#training", "index.ru.html#backprop", "index.html#ex-mse"])
def test_an_anchor_lands_on_its_heading_below_the_top_bar(open_app, path):
    w = open_app(path, service_workers="block")
    page = w.page
    page.wait_for_selector("#lesson[data-live=true]", state="attached", timeout=60_000)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    bar = page.locator("header").bounding_box()["height"]
    top = page.locator(f"#{path.split('#')[1]}").bounding_box()["y"]
    assert bar <= top <= bar + 60, (bar, top)


def live(w):
    w.page.wait_for_selector("#lesson[data-live=true]", state="attached", timeout=60_000)


def numbers(page):
    """Every field of the lesson by id, and what its sections show."""
    fields = page.eval_on_selector_all("#lesson select[id], #lesson input[type=text][id]",
                                       "els => Object.fromEntries(els.map((e) => [e.id, e.value]))")
    shown = {k: page.text_content(k) for k in ("#neuron-out", "#network-out", "#loss-out", "#bp-update")}
    return fields, shown


def test_a_lesson_link_opens_the_same_numbers_in_a_fresh_browser(open_app):
    here = open_app("index.html", service_workers="block")
    page = here.page
    live(here)
    page.fill("#neuron-fields input >> nth=2", "2")  # the neuron's bias
    page.fill("#network-fields input >> nth=-1", "0.5")
    page.select_option("#bp-param", "w5")
    page.fill("#train-fields input >> nth=0", "0.3")
    expect(page.locator("#neuron-out")).not_to_have_text("0.9990889488055994")
    expect(page.locator("#network-out")).not_to_have_text("0.7216325609518421")
    page.wait_for_function("() => perceptronLab.py.pending.size === 0")
    page.click("#lesson-copy-link")
    link = page.input_value("#lesson-link")
    assert "#" in link and "hide=" not in link
    there = open_app(link[len(here.base_url):], service_workers="block")
    live(there)
    fields, shown = numbers(page)
    for selector, text in shown.items():
        expect(there.page.locator(selector)).to_have_text(text)
    assert numbers(there.page) == (fields, shown)
    assert there.page.evaluate("location.hash") == "" and there.page.locator("#lesson-notices li").count() == 0
    there.hold_python()  # the fields come back by the page's scripts, as it loads
    there.page.reload()  # the link's numbers were kept
    there.page.wait_for_selector("#lesson[data-ready=true]", state="attached")
    assert numbers(there.page)[0] == numbers(page)[0]
    there.assert_clean()


def test_a_teachers_link_hides_the_solutions_and_hints_and_says_so(open_app):
    teacher = open_app("index.html", python=False, service_workers="block")  # a link is the page's scripts' work
    page = teacher.page
    assert page.is_disabled("#lesson-hide-hints"), "hints are hidden only with the solutions"
    page.check("#lesson-hide-solutions")
    page.check("#lesson-hide-hints")
    page.click("#lesson-copy-link")
    link = page.input_value("#lesson-link")
    assert "hide=solutions%2Chints" in link or "hide=solutions,hints" in link
    student = open_app(link[len(teacher.base_url):], service_workers="block", locale="ru-RU")
    live(student)
    spage = student.page
    spage.wait_for_selector("#homework .hw-list li >> nth=6")
    expect(spage.locator("#homework .hw-hidden")).to_have_text(
        "Ссылка вашего преподавателя скрывает решения и подсказки: сначала попробуйте каждое упражнение сами.")
    for exercise in IDS:
        expect(cell(spage, exercise).get_by_role("button", name="Показать решение")).to_be_hidden()
        expect(cell(spage, exercise).get_by_role("button", name="Подсказка")).to_be_hidden()
    spage.locator("#homework").scroll_into_view_if_needed()
    student.shot("homework-teacher-link-ru")
    student.hold_python()  # what the link hid is the page's scripts' to remember
    spage.reload()  # the teacher's choice stays in this browser
    spage.wait_for_selector("#homework .hw-hidden:not([hidden])")
    expect(cell(spage, "sigmoid").get_by_role("button", name="Показать решение")).to_be_hidden()


def test_a_tampered_lesson_link_drops_each_bad_value_with_a_notice(open_app):
    w = open_app("index.html#hide=all&zzz=1&f1-w1=abc", service_workers="block")
    live(w)
    notes = w.page.locator("#lesson-notices li").all_text_contents()
    assert len(notes) == 3 and any("zzz" in n for n in notes) and any("abc" in n for n in notes), notes
    w.page.wait_for_selector("#homework .hw-list li >> nth=6")
    expect(w.page.locator("#homework .hw-hidden")).to_be_hidden()
    expect(cell(w.page, "sigmoid").get_by_role("button", name="Show solution")).to_be_visible()
    expect(w.page.locator("#neuron-out")).to_have_text("0.9990889488055994")
