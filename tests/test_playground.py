"""The playground as a user meets it: pick data, draw points, shape the network, train, read the maps and one
weight's chain rule, import a CSV; in English and Russian. One page load for the module.

Epochs per second are printed (run with -s to see them), never asserted.
"""
import re
import time

import pytest
from playwright.sync_api import expect

DATASETS = ["circle", "xor", "gauss", "spiral", "plane", "reg_gauss", "people"]


@pytest.fixture(scope="module")
def app(open_app):
    app = open_app("playground.html", service_workers="block", locale="en-US")
    app.page.wait_for_selector("#playground[data-ready=true]", timeout=60_000)
    idle(app)
    return app


def idle(app):
    """Wait until every queued action has finished and two frames have been drawn."""
    app.page.wait_for_selector("#playground[data-busy=false]", state="attached", timeout=30_000)
    app.page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def pixels(app, selector):
    """Counts of blue, orange and painted pixels of a canvas."""
    return app.page.evaluate("""(sel) => {
        const c = document.querySelector(sel);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let blue = 0, orange = 0, painted = 0;
        for (let k = 0; k < d.length; k += 4) {
            if (d[k + 3] === 0) continue;
            painted++;
            if (d[k + 2] > d[k] + 60) blue++;
            if (d[k] > d[k + 2] + 60) orange++;
        }
        return {blue, orange, painted};
    }""", selector)


def grab(app, selector):
    """All pixels of a canvas, as a list, to compare two moments."""
    return app.page.evaluate("""(sel) => {
        const c = document.querySelector(sel);
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
    }""", selector)


def n_points(app):
    return app.page.evaluate("() => perceptronLab.playground.state.points.length")


def epoch(app):
    return int(app.page.text_content("#pg-epoch"))


def play_until(app, condition, timeout=60):
    """Press play, wait for condition(app) (polled), pause; returns the seconds it took."""
    start = time.time()
    app.page.click("#pg-play")
    try:
        while not condition(app):
            assert time.time() - start < timeout, "condition not reached while training"
            app.page.wait_for_timeout(200)
    finally:
        app.page.click("#pg-play")
        idle(app)
    return time.time() - start


def test_each_data_set_shows_its_points(app):
    for name in DATASETS:
        app.page.click(f"[data-dataset={name}]")
        idle(app)
        expect(app.page.locator(f"[data-dataset={name}]")).to_have_attribute("aria-checked", "true")
        counts = pixels(app, "#pg-points")
        assert counts["painted"] > (100 if name == "people" else 2000), name
        if name in ("plane", "reg_gauss"):
            assert counts["blue"] > 300 and counts["orange"] > 300, name  # targets from -1 to +1
        else:
            least = 30 if name == "people" else 100  # the lesson has six people
            assert counts["blue"] > least and counts["orange"] > least, name  # both classes
        assert pixels(app, "#pg-heatmap")["painted"] == 100 * 100, name
    app.page.click("[data-dataset=circle]")
    idle(app)
    app.shot("playground-idle-en")


def test_data_sets_are_thumbnails_in_one_radio_group(app):
    """Each data set's button draws its points in the class colours (regression: low to high targets), as TF
    Playground's; the group is one Tab stop and the arrow keys choose the next data set."""
    page = app.page
    for name in DATASETS:
        counts = pixels(app, f"[data-dataset={name}] canvas")
        least = 10 if name == "people" else 200
        assert counts["blue"] > least and counts["orange"] > least, (name, counts)
    radios = page.locator("#pg-datasets [role=radio]")
    expect(page.locator("#pg-datasets")).to_have_attribute("aria-label", "Data set")
    expect(page.get_by_role("radio", name="Spiral", exact=True)).to_be_visible()
    page.click("[data-dataset=xor]")
    idle(app)
    assert page.evaluate("() => [...document.querySelectorAll('#pg-datasets [role=radio]')].map((r) => r.tabIndex)") \
        == [-1, 0, -1, -1, -1, -1, -1, -1, -1, -1], "one Tab stop: the chosen data set"
    page.locator("[data-dataset=xor]").focus()
    page.keyboard.press("ArrowRight")
    idle(app)
    expect(page.locator("[data-dataset=gauss]")).to_be_focused()
    expect(page.locator("[data-dataset=gauss]")).to_have_attribute("aria-checked", "true")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    idle(app)
    expect(page.locator("[data-dataset=circle]")).to_have_attribute("aria-checked", "true")
    assert radios.count() == 10
    app.shot("playground-datasets-en", clip=page.locator("#pg-datasets").bounding_box())


def test_regression_data_sets_have_tf_playgrounds_1200_points_unless_the_count_was_changed(app):
    page = app.page
    page.click("[data-dataset=plane]")
    idle(app)
    expect(page.locator("#pg-nPoints")).to_have_value("1200")
    assert n_points(app) == 1200
    page.click("[data-dataset=spiral]")
    idle(app)
    expect(page.locator("#pg-nPoints")).to_have_value("500")
    page.fill("#pg-nPoints", "300")
    page.press("#pg-nPoints", "Enter")
    page.click("[data-dataset=reg_gauss]")
    idle(app)
    assert n_points(app) == 300, "a count the user chose stays"
    page.fill("#pg-nPoints", "500")
    page.press("#pg-nPoints", "Enter")
    page.click("[data-dataset=circle]")
    idle(app)
    assert n_points(app) == 500


def test_map_has_axis_ticks_and_discretize_shows_the_class(app):
    page = app.page
    page.click("[data-dataset=circle]")
    idle(app)
    ticks = "(id) => [...document.getElementById(id).children].map((s) => s.textContent)"
    expected = [str(v).replace("-", "−") for v in range(-6, 7)]
    assert page.evaluate(ticks, "pg-axis-x") == expected and page.evaluate(ticks, "pg-axis-y") == expected
    # the ticks stand where their values are on the map: −6 at its left edge, 0 in the middle
    box = page.locator(".pg-map").bounding_box()
    zero = page.locator("#pg-axis-x span").nth(6).bounding_box()
    assert abs(zero["x"] + zero["width"] / 2 - (box["x"] + box["width"] / 2)) < 2
    top = page.locator("#pg-axis-y span").nth(12).bounding_box()  # 6, at the top
    assert abs(top["y"] + top["height"] / 2 - box["y"]) < 3
    colours = "() => new Set(Array.from(document.getElementById('pg-heatmap').getContext('2d').getImageData(0, 0, 100, 100).data)).size"
    assert page.evaluate(colours) > 10, "the output's shades"
    page.check("#pg-discretize")
    idle(app)
    heat = pixels(app, "#pg-heatmap")
    assert heat["blue"] + heat["orange"] == 100 * 100, "every pixel is one class or the other"
    assert page.evaluate("() => perceptronLab.playground.state.settings.discretize") is True
    app.shot("playground-discretized-en")
    page.uncheck("#pg-discretize")
    idle(app)
    assert page.evaluate(colours) > 10
    page.click("[data-dataset=people]")  # a wider view: a round step, symmetric about 0
    idle(app)
    values = [float(v.replace("−", "-")) for v in page.evaluate(ticks, "pg-axis-x")]
    step = values[1] - values[0]
    e = page.evaluate("() => perceptronLab.playground.state.extent")
    assert e > 6 and 5 <= len(values) <= 13 and step in (2, 5, 10, 20, 50, 100) and values == [-v for v in values[::-1]]
    assert values[0] >= -e and values[-1] <= e and values[-1] + step > e
    page.click("[data-dataset=circle]")
    idle(app)


def test_click_adds_a_point_and_clicking_it_removes_it(app):
    before = n_points(app)
    box = app.page.locator("#pg-points").bounding_box()
    corner = (box["x"] + box["width"] * 0.93, box["y"] + box["height"] * 0.07)  # (5.2, 5.2): no circle data there
    app.page.mouse.click(*corner)
    idle(app)
    assert n_points(app) == before + 1
    added = app.page.evaluate("() => perceptronLab.playground.state.points.at(-1)")
    assert added[2] == 1 and added[3] == 0 and added[0] > 4.5 and added[1] > 4.5, added
    # Shift+click adds the other class
    app.page.keyboard.down("Shift")
    app.page.mouse.click(box["x"] + box["width"] * 0.07, box["y"] + box["height"] * 0.07)
    app.page.keyboard.up("Shift")
    idle(app)
    assert app.page.evaluate("() => perceptronLab.playground.state.points.at(-1)[2]") == 0
    app.page.mouse.click(*corner)
    app.page.mouse.click(box["x"] + box["width"] * 0.07, box["y"] + box["height"] * 0.07)
    idle(app)
    assert n_points(app) == before


def test_layers_and_neurons_change_the_diagram(app):
    nodes = lambda: app.page.locator(".pg-node:not(.pg-input)").count()  # noqa: E731
    assert nodes() == 4 + 2 + 1
    app.page.click("#pg-layer-add")
    idle(app)
    assert app.page.locator(".pg-layer-head").count() == 4
    assert nodes() == 4 + 2 + 2 + 1
    app.page.locator(".pg-layer-head[data-layer='0'] button").nth(1).click()  # + on the first hidden layer
    idle(app)
    assert app.page.locator(".pg-node[data-layer='0']").count() == 5
    assert app.page.locator(".pg-edge").count() == 2 * 5 + 5 * 2 + 2 * 2 + 2
    app.page.locator(".pg-layer-head[data-layer='0'] button").nth(0).click()
    app.page.click("#pg-layer-remove")
    idle(app)
    assert nodes() == 4 + 2 + 1
    # inputs are toggled by clicking them
    app.page.click("[data-feature=x1x2]")
    idle(app)
    expect(app.page.locator("[data-feature=x1x2]")).to_have_attribute("aria-pressed", "true")
    assert app.page.locator(".pg-edge").count() == 3 * 4 + 4 * 2 + 2
    app.page.click("[data-feature=x1x2]")
    idle(app)
    assert app.page.evaluate("() => perceptronLab.playground.state.model.layers.map(l => l.weights.length)") == [4, 2, 1]


def test_hover_or_focus_a_neuron_shows_its_map_large(app):
    app.page.mouse.move(0, 0)  # off the input node the last test clicked
    idle(app)
    whole = grab(app, "#pg-heatmap")
    app.page.hover(".pg-node[data-layer='0'][data-neuron='1']")
    expect(app.page.locator("#pg-map-caption")).to_have_text("Showing neuron h2")
    assert app.page.evaluate("() => document.querySelector('#pg-heatmap').width") == 25  # the neuron's own map
    app.page.mouse.move(0, 0)
    expect(app.page.locator("#pg-map-caption")).to_have_text("")
    app.page.focus(".pg-node[data-layer='1'][data-neuron='0']")
    expect(app.page.locator("#pg-map-caption")).to_have_text("Showing neuron h5")
    app.page.focus("#pg-play")
    idle(app)
    assert grab(app, "#pg-heatmap") == whole, "the output map is back"


def test_step_and_pause(app):
    app.page.click("#pg-reset")
    idle(app)
    assert epoch(app) == 0
    app.page.click("#pg-step")
    idle(app)
    assert epoch(app) == 1
    play_until(app, lambda a: epoch(a) > 20)
    paused = epoch(app)
    app.page.wait_for_timeout(300)
    assert epoch(app) == paused, "paused means paused"
    app.page.click("#pg-step")
    idle(app)
    assert epoch(app) == paused + 1


def measure_speed(app):
    """Play until the page shows epochs per second (after half a second of a run), then pause."""
    app.page.click("#pg-play")
    expect(app.page.locator("#pg-speed")).to_have_text(re.compile(r"^\d+$"), timeout=30_000)
    app.page.click("#pg-play")
    idle(app)


def test_epochs_per_second_are_forgotten_when_what_they_measured_changes(app):
    page = app.page
    speed = page.locator("#pg-speed")
    for change in ("[data-dataset=xor]", "#pg-reset"):  # other data; the same data from epoch 0
        measure_speed(app)
        page.click(change)
        idle(app)
        assert epoch(app) == 0
        expect(speed).to_have_text("–")
    rate = page.input_value("#pg-learningRate")
    for value in ("0.1", rate):  # a setting the next run trains with
        measure_speed(app)
        page.fill("#pg-learningRate", value)
        page.dispatch_event("#pg-learningRate", "change")
        idle(app)
        expect(speed).to_have_text("–")


def test_messages_go_at_the_next_action(app):
    """A message, a file's report or a copied link speaks of the state it was said in: the next change clears it."""
    page = app.page
    page.click("[data-feature=x2]")
    idle(app)
    page.click("[data-feature=x1]")  # the last input
    expect(page.locator("#pg-message")).to_have_text("Keep at least one input.")
    page.click("[data-dataset=gauss]")
    idle(app)
    expect(page.locator("#pg-message")).to_have_text("")
    page.click("[data-feature=x2]")
    idle(app)
    page.fill("#pg-batchSize", "0")
    page.press("#pg-batchSize", "Enter")
    expect(page.locator("#pg-batchSize-err")).not_to_be_empty()
    page.click("[data-dataset=xor]")  # the field shows the setting in use again, so its message goes
    idle(app)
    expect(page.locator("#pg-batchSize")).to_have_value("10")
    expect(page.locator("#pg-batchSize")).to_have_attribute("aria-invalid", "false")
    expect(page.locator("#pg-batchSize-err")).to_be_empty()
    page.set_input_files("#pg-import", files=[{"name": "x.csv", "mimeType": "text/csv",
                                               "buffer": b"x1,x2,label\n1,2,1\n-1,-2,0\n"}])
    idle(app)
    expect(page.locator("#pg-csv-msg")).to_have_text("Loaded 2 points from x.csv.")
    page.click("#pg-copy-link")
    idle(app)
    expect(page.locator("#pg-save-msg")).not_to_be_empty()
    expect(page.locator("#pg-link")).to_be_visible()
    page.click("[data-dataset=circle]")
    idle(app)
    for readout in ("#pg-csv-msg", "#pg-save-msg", "#pg-message"):
        expect(page.locator(readout)).to_have_text("")
    expect(page.locator("#pg-link")).to_be_hidden()


def test_default_problem_speed_and_live_maps(app):
    """TF Playground's default problem (circle, 500 points, [4, 2] tanh, batch 10): maps change, epochs/s printed."""
    app.page.click("[data-dataset=circle]")
    idle(app)
    heat, thumb = grab(app, "#pg-heatmap"), grab(app, ".pg-node[data-layer='0'] canvas")
    assert len(set(heat)) > 10 and len(set(thumb)) > 10, "maps are not blank"
    start_epoch, start = epoch(app), time.time()
    app.page.click("#pg-play")
    app.page.wait_for_timeout(1500)
    mid = grab(app, "#pg-heatmap")
    app.page.wait_for_timeout(3500)
    app.page.click("#pg-play")
    idle(app)
    seconds, epochs = time.time() - start, epoch(app) - start_epoch
    shown = app.page.text_content("#pg-speed")
    print(f"\n[playground] default problem: {epochs} epochs in {seconds:.1f} s = {epochs / seconds:.0f} epochs/s "
          f"with the live heatmap (the page says {shown}/s)")
    assert epochs > 10
    assert mid != heat and grab(app, "#pg-heatmap") != mid, "the heatmap changes while training"
    assert grab(app, ".pg-node[data-layer='0'] canvas") != thumb, "the neuron thumbnails change"
    assert float(app.page.text_content("#pg-train-acc").split()[0]) > 80


def test_bad_csv_is_refused_and_a_good_one_loads(app):
    before = app.page.evaluate("() => JSON.stringify(perceptronLab.playground.state.points)")
    app.page.set_input_files("#pg-import", files=[{"name": "bad.csv", "mimeType": "text/csv",
                                                  "buffer": b"x1,x2,label\n1,2,0\n3,oops,1\n"}])
    idle(app)
    message = app.page.text_content("#pg-csv-msg")
    assert "bad.csv" in message and "oops" in message and "line 3" in message, message
    assert app.page.evaluate("() => JSON.stringify(perceptronLab.playground.state.points)") == before
    rows = "".join(f"{x},{y},{int(x * y > 0)}\n" for x in range(-4, 5, 2) for y in range(-4, 5, 2))
    app.page.set_input_files("#pg-import", files=[{"name": "good.csv", "mimeType": "text/csv",
                                                  "buffer": ("x1,x2,label\n" + rows).encode()}])
    idle(app)
    assert "25" in app.page.text_content("#pg-csv-msg")
    assert n_points(app) == 25
    expect(app.page.locator("[data-dataset=custom]")).to_have_attribute("aria-checked", "true")
    expect(app.page.locator("[data-dataset=circle]")).to_have_attribute("tabindex", "0")  # "Your own" is disabled
    assert pixels(app, "[data-dataset=custom] canvas")["blue"] > 0, "your own points, drawn small"


def test_messages_follow_a_language_switch(app):
    """What code wrote in the message lines is said again in the new language, Python's reasons too."""
    page = app.page
    page.set_input_files("#pg-import", files=[{"name": "bad.csv", "mimeType": "text/csv",
                                               "buffer": b"x1,x2,label\n1,2,0\n3,oops,1\n"}])
    idle(app)
    expect(page.locator("#pg-csv-msg")).to_contain_text("line 3")
    page.click("button[data-lang=ru]")
    expect(page.locator("#pg-csv-msg")).to_contain_text("bad.csv не загружен")
    expect(page.locator("#pg-csv-msg")).to_contain_text("строка 3, столбец «x2»")
    page.click("button[data-lang=en]")
    rows = "x1,x2,label\n1,2,1\n-1,-2,0\n3,1,1\n-3,-1,0\n"
    page.set_input_files("#pg-import", files=[{"name": "x.csv", "mimeType": "text/csv", "buffer": rows.encode()}])
    idle(app)
    expect(page.locator("#pg-csv-msg")).to_have_text("Loaded 4 points from x.csv.")
    page.click("#pg-copy-link")
    idle(app)
    expect(page.locator("#pg-save-msg")).to_contain_text("link")
    page.locator("#pg-points").focus()
    page.keyboard.press("Shift+ArrowLeft")  # (-0.6, 0): no point there
    page.keyboard.press("Delete")
    expect(page.locator("#pg-message")).to_have_text("No point under the cursor to remove.")
    page.click("button[data-lang=ru]")
    expect(page.locator("#pg-csv-msg")).to_have_text("Загружено точек: 4, файл x.csv.")
    expect(page.locator("#pg-save-msg")).to_contain_text("сылк")
    expect(page.locator("#pg-message")).to_have_text("Под курсором нет точки, которую можно удалить.")
    page.click("button[data-lang=en]")
    expect(page.locator("#pg-csv-msg")).to_have_text("Loaded 4 points from x.csv.")


def test_keyboard_adds_and_removes_points(app):
    """Tab to the map, move the crosshair with the arrows, Enter adds, Shift+Enter the other class, Delete removes."""
    page = app.page
    page.click("[data-dataset=circle]")
    idle(app)
    blank = pixels(app, "#pg-points")
    page.locator("#pg-showTest").focus()  # the control after the map: Shift+Tab goes back to it, as a user would
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.id") == "pg-points"
    expect(page.locator("#pg-points")).to_have_attribute("aria-label", re.compile("Arrow keys move a cursor"))
    before = n_points(app)
    for _ in range(10):  # big steps to the top right corner, where the cursor stops
        page.keyboard.press("Shift+ArrowRight")
        page.keyboard.press("Shift+ArrowUp")
    for _ in range(6):  # small steps back: to (0.88, 0.12) of the map, where the circle has no points
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowDown")
    idle(app)
    app.shot("playground-keyboard-cursor-en")
    dark = app.page.evaluate("""() => {
        const c = document.querySelector('#pg-points');
        const x = Math.round(0.88 * c.width) + 10;  // on the crosshair's arm, off any point
        const [r, g, b] = c.getContext('2d').getImageData(x, Math.round(0.12 * c.height), 1, 1).data;
        return r + g + b < 200;
    }""")
    assert dark, "the crosshair is drawn at the cursor"
    page.keyboard.press("Enter")
    idle(app)
    assert n_points(app) == before + 1
    added = page.evaluate("() => perceptronLab.playground.state.points.at(-1)")
    e = page.evaluate("() => perceptronLab.playground.state.extent")
    corner = 0.76 * e  # 0.88 of the way from -e to e
    assert added[2] == 1 and added[3] == 0 and abs(added[0] - corner) < 1e-6 and abs(added[1] - corner) < 1e-6, added
    assert pixels(app, "#pg-points")["blue"] > blank["blue"]
    for _ in range(3):
        page.keyboard.press("Shift+ArrowDown")  # a point added here is the nearest to the cursor, whatever is around
    page.keyboard.press("Shift+Enter")
    idle(app)
    assert n_points(app) == before + 2
    assert page.evaluate("() => perceptronLab.playground.state.points.at(-1)[2]") == 0
    page.keyboard.press("Backspace")
    idle(app)
    for _ in range(3):
        page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Delete")
    idle(app)
    assert n_points(app) == before
    assert page.evaluate("() => perceptronLab.playground.state.points.at(-1)") != added
    page.locator("#pg-play").focus()
    idle(app)
    assert pixels(app, "#pg-points") == blank, "the crosshair goes with the focus"


def test_click_an_edge_edit_its_weight_and_read_the_chain_rule(app):
    app.page.click("[data-dataset=circle]")
    idle(app)
    # x1 → h2: weights[0][1][0], the lesson's w3; h2 feeds two neurons, so ∂L/∂h2 is a sum
    app.page.locator(".pg-edge-hit[data-edge='0,1,0']").dispatch_event("click")
    idle(app)
    expect(app.page.locator("#pg-edge-name")).to_have_text("Weight w3")
    chain = app.page.locator("#pg-chain")
    expect(chain).to_contain_text("∂L/∂w3 = ∂L/∂h2 × ∂h2/∂w3")
    expect(chain).to_contain_text("∂L/∂h2 = w10·δ(h5) + w14·δ(h6)")
    app.page.fill("#pg-edge-weight", "2.5")
    app.page.press("#pg-edge-weight", "Enter")
    idle(app)
    assert app.page.evaluate("() => perceptronLab.playground.state.model.layers[0].weights[1][0]") == 2.5
    width = app.page.evaluate("() => document.querySelectorAll('.pg-edge')[1 * 2 + 0].style.strokeWidth")
    assert float(width) > 5, "a big weight draws a wide line"
    app.page.fill("#pg-edge-weight", "")
    app.page.press("#pg-edge-weight", "Enter")
    expect(app.page.locator("#pg-edge-weight")).to_have_attribute("aria-invalid", "true")
    assert app.page.evaluate("() => perceptronLab.playground.state.model.layers[0].weights[1][0]") == 2.5
    # h5 → h7 … a weight into the output, for point 3: one path to the loss, as in the lesson
    app.page.select_option("#pg-edge-layer", label="Output")
    app.page.fill("#pg-edge-point", "3")
    app.page.press("#pg-edge-point", "Enter")
    idle(app)
    expect(chain).to_contain_text("Point 3")
    expect(chain).to_contain_text("∂L/∂y_pred × ∂y_pred/∂w")
    app.shot("playground-edge-en")


def test_a_small_editor_opens_at_an_edge_by_mouse_or_keyboard(app):
    """As TF Playground: click a line, type its weight. By keyboard: Tab to the lines, arrows, Enter, Escape."""
    page = app.page
    page.click("[data-dataset=circle]")
    idle(app)
    weight = lambda k, j, i: page.evaluate(f"() => perceptronLab.playground.state.model.layers[{k}].weights[{j}][{i}]")  # noqa: E731
    editor, field = page.locator("#pg-weight-editor"), page.locator("#pg-weight-editor-input")
    page.locator(".pg-edge-hit[data-edge='1,0,0']").click()  # h1 → h5, at the middle of its line
    expect(page.get_by_role("dialog", name="Weight from h1 to h5")).to_be_visible()
    expect(field).to_be_focused()
    line, box = page.locator(".pg-edge-hit[data-edge='1,0,0']").bounding_box(), editor.bounding_box()
    assert abs(box["y"] - (line["y"] + line["height"] / 2)) < 40, "the editor opens where the line was clicked"
    assert float(field.input_value()) == pytest.approx(weight(1, 0, 0), rel=1e-5)
    app.shot("playground-weight-editor-en")
    field.fill("0.75")
    field.press("Enter")
    idle(app)
    assert weight(1, 0, 0) == 0.75
    expect(editor).to_be_hidden()
    expect(page.locator(".pg-edge-hit[data-edge='1,0,0']")).to_be_focused()
    expect(page.locator("#pg-edge-name")).to_contain_text("Weight w")  # the panel shows the same weight
    # the keyboard: the lines are one Tab stop after the layer buttons; the arrows move, Enter opens
    page.locator("#pg-layer-add").focus()
    page.keyboard.press("Tab")
    expect(page.locator(".pg-edge-hit[data-edge='1,0,0']")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".pg-edge-hit[data-edge='1,0,1']")).to_be_focused()
    expect(page.locator(".pg-edge-hit[data-edge='1,0,1']")).to_have_attribute("aria-label", "Weight from h2 to h5")
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    before = weight(1, 0, 1)
    page.keyboard.press("Control+a")
    page.keyboard.type("-")  # not a number yet: said, and nothing is lost
    page.keyboard.press("Enter")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pg-weight-editor-err")).to_have_text("Enter a number, such as 0.5 or -2")
    expect(editor).to_be_visible()
    assert weight(1, 0, 1) == before
    page.keyboard.type("1.5")
    page.keyboard.press("Enter")
    idle(app)
    assert weight(1, 0, 1) == -1.5
    expect(page.locator(".pg-edge-hit[data-edge='1,0,1']")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("9")
    page.keyboard.press("Escape")
    idle(app)
    expect(editor).to_be_hidden()
    assert weight(1, 0, 1) == -1.5, "Escape changes nothing"
    expect(page.locator(".pg-edge-hit[data-edge='1,0,1']")).to_be_focused()
    page.click("button[data-lang=ru]")
    page.locator(".pg-edge-hit[data-edge='1,0,1']").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Вес связи h2 → h5")).to_be_visible()
    app.shot("playground-weight-editor-ru")
    page.keyboard.press("Escape")
    page.click("button[data-lang=en]")


def test_l1_sets_weights_that_cross_zero_to_zero_and_keeps_them_there(app):
    """TF Playground's L1, through the worker: weights die at exactly 0 and stay dead in later runs."""
    page = app.page
    page.click("[data-dataset=circle]")
    page.click("#pg-reset")
    page.select_option("#pg-regularization", "l1")
    page.fill("#pg-regRate", "0.3")
    page.press("#pg-regRate", "Enter")
    idle(app)
    weights = "() => perceptronLab.playground.state.model.layers.flatMap((l) => l.weights.flat())"
    for _ in range(2):
        page.click("#pg-step")
        idle(app)
    dead = [k for k, w in enumerate(page.evaluate(weights)) if w == 0]
    assert dead, "a strong L1 takes some weights across zero"
    for _ in range(2):
        page.click("#pg-step")
        idle(app)
    after = page.evaluate(weights)
    assert all(after[k] == 0 for k in dead), "a dead weight stays at zero"
    page.select_option("#pg-regularization", "none")
    idle(app)


def test_bad_setting_shows_a_message_and_keeps_the_last_good_value(app):
    app.page.fill("#pg-learningRate", "-1")
    app.page.press("#pg-learningRate", "Enter")
    expect(app.page.locator("#pg-learningRate")).to_have_attribute("aria-invalid", "true")
    expect(app.page.locator("#pg-learningRate-err")).not_to_be_empty()
    assert app.page.evaluate("() => perceptronLab.playground.state.settings.learningRate") == 0.03
    app.page.fill("#pg-learningRate", "0.03")
    app.page.press("#pg-learningRate", "Enter")
    expect(app.page.locator("#pg-learningRate")).to_have_attribute("aria-invalid", "false")


def test_spiral_is_learnt(app):
    """x1, x2, sin x1, sin x2 → [8, 8] tanh, Adam: the spiral, above 90 % test accuracy."""
    page = app.page
    page.click("[data-dataset=spiral]")
    idle(app)
    page.click("[data-feature=sin_x1]")
    page.click("[data-feature=sin_x2]")
    for layer in (0, 1):
        for _ in range(8 - (4, 2)[layer]):
            page.locator(f".pg-layer-head[data-layer='{layer}'] button").nth(1).click()
    page.select_option("#pg-optimizer", "adam")
    idle(app)
    assert page.evaluate("() => perceptronLab.playground.state.settings.hidden") == [8, 8]
    accuracy = lambda a: float(a.page.text_content("#pg-test-acc").split()[0] if a.page.text_content("#pg-test-acc") != "–" else 0)  # noqa: E731,E501
    page.click("#pg-play")
    page.wait_for_timeout(400)
    app.shot("playground-training-en")
    page.click("#pg-play")
    idle(app)
    seconds = play_until(app, lambda a: accuracy(a) >= 90)
    print(f"\n[playground] spiral above 90 % test accuracy at epoch {epoch(app)} in {seconds:.1f} s")
    assert accuracy(app) >= 90
    app.shot("playground-trained-en")


def test_russian(app):
    page = app.page
    page.click("button[data-lang=ru]")
    expect(page.locator(".pg-title")).to_have_text("Песочница")
    expect(page.locator("[data-dataset=spiral]")).to_have_text("Спираль")
    expect(page.locator("#pg-layer-count")).to_have_text("Скрытых слоёв: 2")
    assert "Функция потерь" in page.text_content(".pg-toolbar")
    app.shot("playground-trained-ru")
    page.locator(".pg-edge-hit[data-edge='0,1,0']").dispatch_event("click")
    idle(app)
    expect(page.locator("#pg-chain")).to_contain_text("Цепное правило")
    app.shot("playground-edge-ru")
    page.click("[data-dataset=circle]")
    idle(app)
    app.shot("playground-idle-ru")
    page.click("#pg-play")
    page.wait_for_timeout(800)
    app.shot("playground-training-ru")
    page.click("#pg-play")
    idle(app)
    page.set_input_files("#pg-import", files=[{"name": "пусто.csv", "mimeType": "text/csv", "buffer": b""}])
    idle(app)
    expect(page.locator("#pg-csv-msg")).to_contain_text("не загружен")
    page.set_input_files("#pg-import", files=[{"name": "плохо.csv", "mimeType": "text/csv",
                                               "buffer": b"x1,x2,label\n1,2,0\n3,oops,1\n"}])
    idle(app)  # the core's reason, said in Russian
    expect(page.locator("#pg-csv-msg")).to_contain_text("строка 3, столбец «x2»: «oops» — не конечное число")
    page.click("button[data-lang=en]")


def test_python_errors_are_said_in_the_pages_language(app):
    """An InputError keeps its key through the worker: on the Russian page "no training points" is Russian."""
    app.page.click("button[data-lang=ru]")
    text = app.page.evaluate("""async () => {
      const { errorText } = await import("./js/i18n.js");
      const s = perceptronLab.playground.state;
      const points = s.points.map((p) => [p[0], p[1], p[2], 1]); // test points only
      const state = { settings: s.settings, points, extent: s.extent, model: s.model, epoch: s.epoch };
      return perceptronLab.py.call("playground.view", { state }).then(() => "no error", errorText);
    }""")
    app.page.click("button[data-lang=en]")
    assert text == "Нет обучающих точек: добавьте их или выберите набор данных."


def test_phone_width(open_app):
    app = open_app("playground.html", service_workers="block", locale="en-US", viewport={"width": 390, "height": 844})
    app.page.wait_for_selector("#playground[data-ready=true]", timeout=60_000)
    idle(app)
    assert app.page.evaluate("() => document.documentElement.scrollWidth") <= 390 + 1
    app.shot("playground-phone-en", full_page=True)
    app.assert_clean()


def test_no_console_errors(app):
    app.assert_clean()
