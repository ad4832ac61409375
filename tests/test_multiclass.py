"""Many classes in the playground, as a user meets them: the blobs set with a chosen number of classes learnt by
a softmax output to high accuracy, the map in each class's colour, a point of a new class by click, a CSV of
three classes that a reload keeps and a link carries; in English and Russian, on a wide and a phone screen.
"""
import json

import pytest
from playwright.sync_api import expect

from test_playground import idle, play_until

# The class colours of web/js/playground/draw.js: orange, blue, bluish green, reddish purple, vermillion.
CLASS_COLOURS = [(245, 158, 11), (59, 130, 246), (0, 158, 115), (204, 121, 167), (213, 94, 0)]
STATE = "() => JSON.parse(JSON.stringify(perceptronLab.playground.state))"


def opened(open_app, path="playground.html", **context):
    app = open_app(path, service_workers="block", locale="en-US", **context)
    app.page.wait_for_selector("#playground[data-ready=true]", state="attached", timeout=60_000)
    idle(app)
    return app


@pytest.fixture(scope="module")
def app(open_app):
    return opened(open_app, viewport={"width": 1280, "height": 800})


def settings(app):
    return app.page.evaluate("() => perceptronLab.playground.state.settings")


def set_field(app, selector, value):
    app.page.fill(selector, str(value))
    app.page.dispatch_event(selector, "change")
    idle(app)


def class_pixels(app, selector, strong=0.8):
    """Per class, the pixels of a canvas that are grey mixed with the class's colour by `strong` or more (the
    map's shading: a sure answer is the full colour)."""
    return app.page.evaluate("""([sel, colours, strong]) => {
        const c = document.querySelector(sel);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const mid = [232, 234, 235];
        const counts = colours.map(() => 0);
        for (let k = 0; k < d.length; k += 4) {
            if (d[k + 3] < 255) continue;
            colours.forEach((col, n) => {
                const far = [0, 1, 2].reduce((a, i) => (Math.abs(col[i] - mid[i]) > Math.abs(col[a] - mid[a]) ? i : a), 0);
                const u = (d[k + far] - mid[far]) / (col[far] - mid[far]);
                const off = Math.max(...[0, 1, 2].map((i) => Math.abs(d[k + i] - (mid[i] + (col[i] - mid[i]) * u))));
                if (u >= strong && u <= 1.05 && off <= 16) counts[n]++;
            });
        }
        return counts;
    }""", [selector, CLASS_COLOURS, strong])


def accuracy(app):
    text = app.page.text_content("#pg-train-acc")
    return float(text.split()[0].replace("\u00a0", "")) if text[0].isdigit() else 0.0


def test_blobs_of_four_classes_learn_with_softmax_and_colour_the_map_by_class(app):
    page = app.page
    page.click("[data-dataset=blobs]")
    idle(app)
    expect(page.locator("#pg-classCount")).to_be_visible()
    expect(page.locator("#pg-classCount")).to_have_value("3")
    set_field(app, "#pg-classCount", 4)
    s = settings(app)
    assert (s["classes"], s["loss"], s["activations"][-1]) == (4, "cce", "softmax")
    assert sorted({p[2] for p in page.evaluate(STATE)["points"]}) == [0, 1, 2, 3]
    expect(page.locator(".pg-output")).to_have_count(4)
    expect(page.locator("#pg-loss")).to_have_value("cce")
    assert page.evaluate("() => [...document.querySelectorAll('#pg-loss option')].map((o) => [o.value, o.disabled])") \
        == [["bce", True], ["mse", True], ["cce", False]], "many classes learn with cce only"
    expect(page.locator(".pg-layer-head[data-layer='2'] select option")).to_have_text(["softmax"])
    expect(page.locator("#pg-class-legend li")).to_have_text(["Orange (0)", "Blue (1)", "Green (2)", "Pink (3)"])
    expect(page.locator("#pg-scale")).to_be_hidden()
    expect(page.locator("#pg-classes [role=radio]")).to_have_count(5)  # the four and a new one
    set_field(app, "#pg-learningRate", 0.1)
    play_until(app, lambda a: accuracy(a) >= 97, timeout=90)
    counts = class_pixels(app, "#pg-heatmap")
    assert sum(n > 300 for n in counts[:4]) == 4, f"each class's region in its colour: {counts}"
    assert counts[4] < 50, counts
    points = class_pixels(app, "#pg-points", strong=1)
    assert all(n > 20 for n in points[:4]), f"the points in their class's colour: {points}"
    # an output neuron's map in its class's colour
    page.locator(".pg-output[data-neuron='2']").hover()
    idle(app)
    assert class_pixels(app, "#pg-heatmap")[2] > 100  # of 25 × 25: about a quarter is class 2's
    expect(page.locator("#pg-map-caption")).to_contain_text("o3")
    page.mouse.move(0, 0)
    page.locator(".pg-edge-hit[data-edge='2,1,0']").dispatch_event("click")
    idle(app)
    page.keyboard.press("Escape")
    expect(page.locator("#pg-chain")).to_contain_text("its probability p =")
    expect(page.locator("#pg-chain")).to_contain_text("∂L/∂z_o2")
    app.shot("multiclass-blobs-en")


def test_a_point_of_a_new_class_by_click_makes_three_classes(app):
    page = app.page
    page.click("[data-dataset=circle]")
    idle(app)
    assert settings(app)["classes"] == 2
    expect(page.locator(".pg-output")).to_have_count(1)
    expect(page.locator("#pg-classCount")).to_be_hidden()
    radio = page.get_by_role("radio", name="Green (2)")
    radio.click()
    expect(radio).to_have_attribute("aria-checked", "true")
    page.locator("#pg-points").scroll_into_view_if_needed()
    box = page.locator("#pg-points").bounding_box()
    n = len(page.evaluate(STATE)["points"])
    page.mouse.click(box["x"] + 0.03 * box["width"], box["y"] + 0.03 * box["height"])
    idle(app)
    state = page.evaluate(STATE)
    assert len(state["points"]) == n + 1
    assert state["points"][-1][2] == 2 and state["points"][-1][3] == 0
    assert (state["settings"]["classes"], state["settings"]["loss"]) == (3, "cce")
    assert len(state["model"]["layers"][-1]["biases"]) == 3
    expect(page.locator(".pg-output")).to_have_count(3)
    expect(page.locator("#pg-class-legend li")).to_have_count(3)
    assert class_pixels(app, "#pg-points", strong=1)[2] > 10, "the new point in green"
    # removed again: two classes, one sigmoid output, bce
    page.mouse.click(box["x"] + 0.03 * box["width"], box["y"] + 0.03 * box["height"])
    idle(app)
    s = settings(app)
    assert (s["classes"], s["loss"], s["activations"][-1]) == (2, "bce", "sigmoid")
    expect(page.locator(".pg-output")).to_have_count(1)


THREE = "x1,x2,label\n" + "".join(f"{x},{y},{(x > 0) + (y > 0) * (x > 0)}\n"
                                   for x in range(-4, 5, 2) for y in range(-5, 6, 2))


def test_a_csv_of_three_classes_loads_stays_after_a_reload_and_travels_in_a_link(open_app):
    app = opened(open_app)
    page = app.page
    page.set_input_files("#pg-import", files=[{"name": "three.csv", "mimeType": "text/csv", "buffer": THREE.encode()}])
    idle(app)
    expect(page.locator("#pg-csv-msg")).to_contain_text("30")
    s = settings(app)
    assert (s["dataset"], s["task"], s["classes"], s["loss"]) == ("custom", "classification", 3, "cce")
    expect(page.locator(".pg-output")).to_have_count(3)
    page.click("#pg-step")
    idle(app)
    before = page.evaluate(STATE)
    page.reload()
    page.wait_for_selector("#playground[data-ready=true]", state="attached", timeout=60_000)
    idle(app)
    after = page.evaluate(STATE)
    for key in ("settings", "points", "model", "epoch"):
        assert after[key] == before[key], key
    page.click("#pg-copy-link")
    idle(app)
    link = page.input_value("#pg-link")
    assert "data=" in link and "weights=" in link and "classes=3" in link
    there = opened(open_app, link[len(app.base_url):])
    shared = there.page.evaluate(STATE)
    for key in ("settings", "points", "model", "epoch"):
        assert shared[key] == before[key], key
    expect(there.page.locator(".pg-output")).to_have_count(3)
    assert there.page.locator("#pg-notices li").count() == 0
    there.assert_clean()
    app.assert_clean()


def test_many_classes_export_as_a_model_file_and_a_notebook_that_replays(open_app, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    app = opened(open_app)
    page = app.page
    page.click("[data-dataset=spirals]")
    idle(app)
    for _ in range(3):
        page.click("#pg-step")
        idle(app)
    before = page.evaluate(STATE)
    with page.expect_download() as info:
        page.click("#pg-export-model")
    model = tmp_path / "model.json"
    info.value.save_as(model)
    assert json.loads(model.read_text())["layers"][-1]["activation"] == "softmax"
    page.click("#pg-reset")
    idle(app)
    page.set_input_files("#pg-import-model", str(model))
    idle(app)
    assert page.evaluate(STATE)["model"]["layers"] == before["model"]["layers"]
    page.click("#pg-step")
    idle(app)
    with page.expect_download() as info:
        page.click("#pg-export-nb")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    source = "\n".join(c.source for c in nb.cells)
    assert "classes=3" in source and "'cce'" in source
    space = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "<notebook>", "exec"), space)
    assert abs(space["replayed"] - space["exported"]) <= 1e-9
    app.assert_clean()


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_screens_in_both_languages(open_app, width, height):
    """Trained on the spirals, in English and then (switched) in Russian: one page load per size."""
    app = opened(open_app, viewport={"width": width, "height": height})
    page = app.page
    page.click("[data-dataset=spirals]")
    idle(app)
    set_field(app, "#pg-learningRate", 0.1)
    play_until(app, lambda a: int(a.page.text_content("#pg-epoch")) >= 200)
    for lang in ("en", "ru"):
        page.click(f"button[data-lang={lang}]")
        expect(page.locator("#pg-class-legend li").first).to_have_text("Оранжевый (0)" if lang == "ru" else "Orange (0)")
        expect(page.locator("[data-dataset=blobs]")).to_have_text("Облака (много классов)" if lang == "ru"
                                                                  else "Blobs (many classes)")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1
        app.shot(f"multiclass-{width}-{lang}", full_page=width < 500)
    app.assert_clean()


def test_no_console_errors(app):
    app.assert_clean()
