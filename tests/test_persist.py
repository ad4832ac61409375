"""Nothing lost, everything shareable, as a user meets it in the browser: the playground and the
lesson come back after a reload; a training run goes on from its last snapshot; a copied link opens the same
view in a fresh browser; the model and the data go out and back in as files; the notebook replays the
training in CPython; everything bad (links, saved state, JSON and CSV files) is refused or shown as text,
with the state unchanged; a dead worker is restarted; no CSP violation, no console error.
"""
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py_core"))
import perceptron  # noqa: E402
from conftest import Watched  # noqa: E402

STATE = "() => JSON.parse(JSON.stringify(perceptronLab.playground.state))"
# Every CSP violation of the page, recorded from the first script on (init scripts are not subject to CSP).
CSP_WATCH = """document.addEventListener('securitypolicyviolation',
    (e) => (globalThis.cspViolations ||= []).push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def fresh(browser, base_url):
    """fresh(path, init=None, python=True): a new browser context (empty storage) on a page, with `init` run
    before the page's scripts (to plant a saved state) and CSP violations recorded; python=False: Python never
    starts (see Watched), for what the page's own scripts decide as it opens."""
    opened = []

    def factory(path, init=None, python=True):
        w = Watched(browser, base_url, python=python, service_workers="block", locale="en-US")
        opened.append(w)
        w.context.add_init_script(CSP_WATCH)
        if init:
            w.context.add_init_script(init)
        w.open(path, ready=False)
        if not python:
            built(w)
        elif path.startswith("playground.html"):
            ready(w)
        return w

    yield factory
    for w in opened:
        w.close()


@pytest.fixture(scope="module")
def app(fresh):
    return fresh("playground.html")


def ready(app):
    app.wait_ready()
    app.page.wait_for_selector("#playground[data-ready=true]", state="attached", timeout=60_000)
    idle(app)


def built(app):
    """The playground's first start, from the saved state or link and what the build answered, is over."""
    app.page.wait_for_function("""() => globalThis.perceptronLab?.playground
        && document.getElementById('playground').dataset.busy === 'false'""")


def idle(app):
    app.page.wait_for_selector("#playground[data-busy=false]", state="attached", timeout=30_000)
    app.page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def state(app):
    return app.page.evaluate(STATE)


def set_field(app, selector, value):
    app.page.fill(selector, str(value))
    app.page.dispatch_event(selector, "change")
    idle(app)


def step(app, n=1):
    for _ in range(n):
        app.page.click("#pg-step")
        idle(app)


def add_point(app, fx, fy):
    box = app.page.locator("#pg-points").bounding_box()
    app.page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
    idle(app)


def reload(app):
    app.page.reload()
    ready(app)


def kill_worker(app):
    """The worker dies as on an out-of-memory: terminated, and its error event reaches the page."""
    app.page.evaluate("""() => {
        const worker = perceptronLab.py.worker;
        worker.terminate();
        worker.onerror(new ErrorEvent('error', {message: 'out of memory'}));
    }""")


def notices(app):
    return app.page.locator("#pg-notices li").all_text_contents()


def same_view(a, b):
    """The parts of two states that make what the page shows."""
    keys = ("settings", "points", "extent", "model", "epoch")
    return {k: a[k] for k in keys} == {k: b[k] for k in keys}


def test_settings_points_and_weights_come_back_after_a_reload(app):
    app.page.click("[data-dataset=xor]")
    idle(app)
    set_field(app, "#pg-learningRate", "0.1")
    app.page.select_option("#pg-optimizer", "adam")
    idle(app)
    app.page.click("#pg-layer-add")
    idle(app)
    n = len(state(app)["points"])
    add_point(app, 0.03, 0.03)  # a corner, far from the data
    step(app, 3)
    before = state(app)
    assert len(before["points"]) == n + 1 and before["epoch"] == 3 and len(before["settings"]["hidden"]) == 3
    reload(app)
    after = state(app)
    assert same_view(before, after)
    assert after["history"] == before["history"] and after["log"] == before["log"]
    assert app.page.text_content("#pg-epoch") == "3"
    expect(app.page.locator("#pg-learningRate")).to_have_value("0.1")
    app.shot("persist-restored-en")


def test_training_interrupted_by_a_reload_resumes_from_its_last_snapshot(app):
    app.page.click("#pg-play")
    app.page.wait_for_function("() => perceptronLab.playground.state.epoch > 40", timeout=30_000)
    app.page.wait_for_timeout(700)  # a save (at most every 0.5 s) with the run going
    reload(app)
    restored = state(app)["epoch"]
    assert restored > 3, "the reload started from scratch"
    app.page.wait_for_function(f"() => perceptronLab.playground.state.epoch > {restored + 20}", timeout=30_000)
    assert app.page.get_attribute("#pg-play", "aria-pressed") == "true"
    app.page.click("#pg-play")
    idle(app)
    log = state(app)["log"]
    assert sum(r["epochs"] for r in log["runs"]) == state(app)["epoch"] - log["runs"][0]["epoch"]


def test_a_copied_link_opens_the_same_view_in_a_fresh_browser(app, fresh):
    set_field(app, "#pg-nPoints", 100)  # small enough for the data to travel in the link
    add_point(app, 0.97, 0.97)
    step(app, 2)
    app.page.click("#pg-copy-link")
    idle(app)
    link = app.page.input_value("#pg-link")
    assert "#" in link and "weights=" in link and "data=" in link  # own points: the data travel too
    here = state(app)
    there_app = fresh(link[len(app.base_url):])
    there = state(there_app)
    assert same_view(here, there)
    assert there_app.page.text_content("#pg-train-loss") == app.page.text_content("#pg-train-loss")
    followed = there_app.page.evaluate("location.hash")  # the settings only: a reload uses the saved state
    assert "nPoints=100" in followed and "data=" not in followed and "weights=" not in followed
    assert notices(there_app) == []
    there_app.shot("persist-link-opened-en")
    there_app.assert_clean()
    assert there_app.page.evaluate("globalThis.cspViolations || []") == []


def test_the_address_bar_follows_the_settings_without_new_history_entries(app, fresh):
    page = app.page
    entries = page.evaluate("history.length")
    set_field(app, "#pg-learningRate", "0.3")
    page.select_option("#pg-optimizer", "sgd")
    idle(app)
    address = page.evaluate("location.hash")
    assert "learningRate=0.3" in address and "optimizer=sgd" in address and "weights=" not in address
    assert page.evaluate("history.length") == entries
    step(app, 2)
    epoch = state(app)["epoch"]
    reload(app)  # the address the page wrote: the saved state, trained model included
    assert state(app)["epoch"] == epoch and page.evaluate("location.hash") == address
    here = state(app)["settings"]
    there = fresh(page.url[len(app.base_url):])  # the address bar, copied into a fresh browser
    assert state(there)["settings"] == here and state(there)["epoch"] == 0 and notices(there) == []
    # Away to the lesson and back: each view has its own address.
    there.page.click("header nav a[href$='index.html']")
    there.page.wait_for_function("() => document.body.dataset.page === 'lesson'")
    assert there.page.evaluate("location.hash") == ""
    there.page.go_back()
    there.page.wait_for_function("(address) => location.hash === address", arg=address)


def test_discretize_is_kept_and_shared_and_a_state_saved_before_it_opens(app, fresh):
    app.page.check("#pg-discretize")
    idle(app)
    reload(app)
    expect(app.page.locator("#pg-discretize")).to_be_checked()
    app.page.click("#pg-copy-link")
    idle(app)
    link = app.page.input_value("#pg-link")
    assert "discretize=1" in link
    there = fresh(link[len(app.base_url):])
    expect(there.page.locator("#pg-discretize")).to_be_checked()
    app.page.uncheck("#pg-discretize")
    idle(app)
    # a state saved before the setting existed: it opens, with the setting's default, and says nothing
    settings = {k: v for k, v in state(app)["settings"].items() if k != "discretize"}
    saved = {"state": {"version": 1, "settings": {**settings, "dataset": "custom", "task": "classification"},
                       "points": [[1.0, 2.0, 1, 0], [-3.0, 0.5, 0, 0]], "extent": 6, "model": None, "epoch": 0,
                       "history": []}, "running": False, "dataVersion": 2}
    w = fresh("playground.html", f"localStorage.setItem('perceptron-lab:playground:v1', {json.dumps(json.dumps(saved))})")
    assert state(w)["settings"]["discretize"] is False and len(state(w)["points"]) == 2
    assert notices(w) == []
    w.assert_clean()


TAMPERED = ("learningRate=abc&hidden=4,99&activations=tanh,evil&foo=1&nPoints=50&noise=20&dataset=spiral"
            "&weights=!!!&epoch=-1&trainRatio=70&dataSeed=1e400&features=x1,x1"
            "&optimizer=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")


def test_a_tampered_link_drops_each_bad_value_with_a_notice(fresh):
    w = fresh("playground.html#" + TAMPERED)
    s = state(w)["settings"]
    assert (s["dataset"], s["nPoints"], s["noise"], s["trainRatio"]) == ("spiral", 50, 20, 70)  # the good ones
    assert (s["learningRate"], s["hidden"], s["optimizer"], s["features"]) == (0.03, [4, 2], "sgd", ["x1", "x2"])
    assert len(state(w)["points"]) == 50
    found = notices(w)
    assert len(found) == 9, found
    assert any("<img src=x onerror=alert(1)>" in n for n in found)  # shown as text
    assert w.page.locator("#pg-notices img").count() == 0
    w.page.click("#pg-step")
    idle(w)
    assert state(w)["epoch"] == 1
    w.shot("persist-tampered-link-en")
    w.assert_clean()
    assert w.page.evaluate("globalThis.cspViolations || []") == []


def test_link_payloads_that_do_not_fit_are_refused(fresh):
    w = fresh("playground.html#hidden=3&weights=AAAAAAAA8D8&data=AAAA")
    found = notices(w)
    assert len(found) == 2 and "cut short" in found[0] and "hold 1 numbers" in found[1]
    s = state(w)
    assert s["settings"]["hidden"] == [3] and len(s["points"]) == 500 and s["epoch"] == 0
    w.assert_clean()


@pytest.mark.parametrize("entry, notice", [
    ("{\"version\": 1, \"state\": {trunc", "could not be read"),
    (json.dumps({"state": {"version": 1, "settings": {"hidden": [99]}}}), "is not valid"),
    (json.dumps({"state": {"version": 7}}), "another version"),
])
def test_a_corrupt_saved_state_is_ignored_with_a_notice(fresh, entry, notice):
    w = fresh("playground.html", f"localStorage.setItem('perceptron-lab:playground:v1', {json.dumps(entry)})",
              python=False)
    assert any(notice in n for n in notices(w)), notices(w)
    s = state(w)
    assert s["settings"]["dataset"] == "circle" and len(s["points"]) == 500  # the defaults: the build's first view
    w.assert_clean()


def test_an_entry_of_an_older_version_is_dropped_with_a_notice(fresh):
    w = fresh("playground.html", "localStorage.setItem('perceptron-lab:playground:v0', '{}')", python=False)
    assert any("older version" in n for n in notices(w)), notices(w)
    assert w.page.evaluate("() => localStorage.getItem('perceptron-lab:playground:v0')") is None
    w.assert_clean()


def test_data_saved_by_an_earlier_version_opens_with_a_notice(app, fresh):
    """Saved before the data sets followed TF Playground: a saved state keeps its points, a link makes them anew
    (they differ from those it was shared with); each says so. A link of this version says nothing."""
    points = [[1.0, 2.0, 1, 0], [-3.0, 0.5, 0, 0], [4.0, -4.0, 0, 1]]
    settings = {**state(app)["settings"], "dataset": "circle", "task": "classification"}
    saved = {"state": {"version": 1, "settings": settings, "points": points, "extent": 6,
                       "model": None, "epoch": 0, "history": []}, "running": False}  # no dataVersion: version 1
    w = fresh("playground.html", f"localStorage.setItem('perceptron-lab:playground:v1', {json.dumps(json.dumps(saved))})")
    assert state(w)["points"] == points
    assert [n for n in notices(w) if "made by an earlier version of the playground and are kept" in n], notices(w)
    w.assert_clean()
    w = fresh("playground.html#v=1&dataset=xor&nPoints=40")
    assert len(state(w)["points"]) == 40
    assert [n for n in notices(w) if "This link is from an earlier version" in n], notices(w)
    w.assert_clean()
    assert notices(fresh("playground.html#v=1&dv=2&dataset=xor&nPoints=40")) == []


def test_model_file_round_trip_and_from_dict_in_python(app, tmp_path):
    with app.page.expect_download() as info:
        app.page.click("#pg-export-model")
    path = tmp_path / "model.json"
    info.value.save_as(path)
    d = json.loads(path.read_text())
    s = state(app)
    assert d["format"] == "perceptron-model" and d["inputs"] == s["settings"]["features"]
    X = perceptron.add_features(np.random.default_rng(1).uniform(-6, 6, (20, 2)), d["inputs"])
    page_out = np.array(app.page.evaluate("""([model, X]) => perceptronLab.py.call("core.feedforward", {model, X})
        .then((rows) => rows.map((row) => Array.from(row)))""", [s["model"], X.tolist()]))
    np.testing.assert_allclose(perceptron.feedforward(perceptron.Network.from_dict(d), X), page_out, rtol=0, atol=1e-12)
    # a new network in the page, then the file back in: the same weights and shape again
    app.page.click("#pg-layer-remove")
    idle(app)
    app.page.set_input_files("#pg-import-model", str(path))
    idle(app)
    back = state(app)
    assert back["model"]["layers"] == s["model"]["layers"] and back["settings"]["hidden"] == s["settings"]["hidden"]
    assert "is loaded" in app.page.text_content("#pg-save-msg")


BAD_FILES = {
    "truncated.json": ('{"format": "perceptron-model", "version": 1, "layers": [{"weights": [[1, 2]]', "not JSON"),
    "garbage.json": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not JSON"),
    "huge.json": ("[" + "1," * 1_100_000 + "1]", "too large"),
    "keras.json": ('{"format": "keras", "layers": []}', "not a perceptron model"),
    "<img src=x onerror=alert(1)>.json": ('{"format": "<img src=x onerror=alert(2)>"}', "<img src=x onerror=alert(2)>"),
}
BAD_CSV = {
    "truncated.csv": ("x1,x2,label\n1.5,2.5,1\n0.5,", "cells"),
    "garbage.csv": (b"\x00\x01\x02\xff\xfe\xfd", "no data rows"),
    "huge.csv": ("x1,x2,label\n" + "1.0,2.0,1\n" * 250_000, "too large"),
    "many.csv": ("x1,x2,label\n" + "1,2,1\n" * 10_001, "at most 10000"),
    "html.csv": ("x1,x2,label\n1,<img src=x onerror=alert(3)>,1\n2,3,0\n", "<img src=x onerror=alert(3)>"),
}


def refused(app, selector, message_selector, files, tmp_path):
    for name, (content, expected) in files.items():
        before = state(app)
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        app.page.set_input_files(selector, str(path))
        idle(app)
        message = app.page.text_content(message_selector)
        assert expected in message and name in message, (name, message)
        assert same_view(state(app), before), name
    assert app.page.locator("main img").count() == 0


def test_bad_model_files_are_refused_and_change_nothing(app, tmp_path):
    refused(app, "#pg-import-model", "#pg-save-msg", BAD_FILES, tmp_path)


def test_bad_csv_files_are_refused_and_change_nothing(app, tmp_path):
    refused(app, "#pg-import", "#pg-csv-msg", BAD_CSV, tmp_path)


def test_a_csv_with_markup_in_a_text_column_loads_as_text(app, tmp_path):
    path = tmp_path / "<img src=x onerror=alert(4)>.csv"
    path.write_text("name,x1,x2,label\n<img src=x onerror=alert(5)>,1,2,1\n<b>Bob</b>,-1,-2,0\nC,2,-2,0\nD,-2,2,1\n")
    app.page.set_input_files("#pg-import", str(path))
    idle(app)
    assert "<img src=x onerror=alert(4)>.csv" in app.page.text_content("#pg-csv-msg")
    assert [p[:3] for p in state(app)["points"]] and len(state(app)["points"]) == 4
    assert app.page.locator("main img, main b").count() == 0


def test_exported_notebook_is_valid_and_replays_the_training(app, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    app.page.click("[data-dataset=gauss]")
    idle(app)
    step(app, 2)
    set_field(app, "#pg-learningRate", "0.3")
    step(app, 3)
    app.page.click("#pg-play")
    app.page.wait_for_function("() => perceptronLab.playground.state.epoch > 30", timeout=30_000)
    app.page.click("#pg-play")
    idle(app)
    with app.page.expect_download() as info:
        app.page.click("#pg-export-nb")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    space = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "<notebook>", "exec"), space)
    shown = float(app.page.text_content("#pg-train-loss").replace("\u2212", "-"))
    assert space["exported"] == pytest.approx(shown, abs=1e-3)
    assert abs(space["replayed"] - space["exported"]) <= 1e-9
    assert len(state(app)["log"]["runs"]) >= 3


def test_reset_to_defaults_asks_first(app):
    before = state(app)
    app.page.click("#pg-defaults")
    expect(app.page.locator("#pg-reset-dialog")).to_be_visible()
    app.shot("persist-reset-dialog-en")
    app.page.click("#pg-reset-dialog button[value=cancel]")
    idle(app)
    expect(app.page.locator("#pg-reset-dialog")).to_be_hidden()
    assert same_view(state(app), before)
    app.page.click("#pg-defaults")
    app.page.click("#pg-reset-dialog button[value=reset]")
    idle(app)
    after = state(app)
    assert after["settings"]["dataset"] == "circle" and after["epoch"] == 0 and len(after["points"]) == 500
    assert after["settings"]["hidden"] == [4, 2] and after["settings"]["learningRate"] == 0.03


def test_a_dead_worker_is_restarted_and_the_state_kept(app):
    step(app, 2)
    before = state(app)
    kill_worker(app)
    expect(app.page.locator("#pg-notices")).to_contain_text("Python stopped (out of memory)")
    ready(app)
    expect(app.page.locator("#pg-notices")).to_contain_text("was restarted")  # no longer "is being restarted"
    assert same_view(state(app), before)
    step(app)
    assert state(app)["epoch"] == before["epoch"] + 1


def test_russian(app, tmp_path):
    app.page.click("[data-lang=ru]")
    idle(app)
    path = tmp_path / "keras.json"
    path.write_text('{"format": "keras", "layers": []}')
    app.page.set_input_files("#pg-import-model", str(path))
    idle(app)
    expect(app.page.locator("#pg-save-msg")).to_contain_text("не загружен")
    expect(app.page.locator("#pg-save-msg")).to_contain_text("это не модель перцептрона: «format» равен 'keras'")
    expect(app.page.locator("#pg-save-h")).to_have_text("Сохранить, поделиться, экспорт")
    app.page.click("#pg-defaults")
    expect(app.page.locator("#pg-reset-dialog h2")).to_have_text("Вернуть все настройки по умолчанию?")
    app.shot("persist-reset-dialog-ru")
    app.page.click("#pg-reset-dialog button[value=cancel]")
    app.page.click("#pg-copy-link")
    idle(app)
    expect(app.page.locator("#pg-save-msg")).to_contain_text("Ссылк")
    app.page.locator(".save-panel").scroll_into_view_if_needed()
    app.shot("persist-panel-ru")
    app.page.click("[data-lang=en]")
    idle(app)


def test_lesson_fields_come_back_after_a_reload(fresh):
    w = fresh("index.html")  # typed and kept by the page's scripts: this Python's start is cut by the reload
    fields = w.page.locator("#lesson input[type=text]")
    assert fields.count() > 10
    first = fields.nth(0)
    first.fill("0.5")
    last = w.page.locator("#lesson input[type=text]").nth(fields.count() - 1)
    last_value = "7"
    last.fill(last_value)
    ids = [fields.nth(0).get_attribute("id"), last.get_attribute("id")]
    w.page.wait_for_function("""([a, b, last]) => {
        const saved = JSON.parse(localStorage.getItem('perceptron-lab:lesson:v1') || '{}');
        return saved[a] === '0.5' && saved[b] === last; }""", arg=[*ids, last_value])
    w.page.reload()
    w.wait_ready()
    assert w.page.input_value(f"#{ids[0]}") == "0.5" and w.page.input_value(f"#{ids[1]}") == last_value
    # reset asks first, then brings the lesson's numbers back
    w.page.click("#lesson-defaults")
    w.shot("persist-lesson-reset-dialog-en")
    w.page.click("#lesson-reset-dialog button[value=reset]")
    expect(w.page.locator(f"#{ids[0]}")).not_to_have_value("0.5")
    # a dead worker: said, restarted, and the page computes again
    kill_worker(w)
    expect(w.page.locator("#lesson-notices")).to_contain_text("Python stopped (out of memory)")
    w.wait_ready()
    expect(w.page.locator("#lesson-notices")).to_contain_text("and was restarted")
    before = w.page.text_content("#lesson")
    first.fill("0.25")
    w.page.wait_for_function("(old) => document.querySelector('#lesson').textContent !== old", arg=before)
    w.assert_clean()
    assert w.page.evaluate("globalThis.cspViolations || []") == []


def test_csp_is_strict_and_nothing_violated_it(app, dist):
    for page in ("playground.html", "index.html"):
        html = (dist / page).read_text()  # the CSP is in web/head.html, which the build writes into each page
        assert "script-src 'self' 'wasm-unsafe-eval';" in html and "unsafe-eval'" not in html.replace("wasm-unsafe-eval'", "")
    assert app.page.evaluate("globalThis.cspViolations || []") == []
    app.assert_clean()
