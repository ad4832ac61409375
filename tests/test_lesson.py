"""The lesson page walked as a student would, in English and in Russian: every lesson number where it belongs,
live edits equal to what the core computes, training that streams and stops, canvases that show something,
bad input that is explained and leaves the last good result, and no console errors.

One page load per language (module-scoped fixtures); the tests of a language run in order on its page.
"""
import re

import numpy as np
import pytest
from playwright.sync_api import expect

import perceptron as pc

SECTIONS = ["neuron", "network", "data", "loss", "backprop", "training", "prediction"]
TIMEOUT = 30_000


def open_lesson(open_app, locale):
    """The lesson page, checked early: its text and fields are there before Python is."""
    app = open_app("index.html", ready=False, locale=locale, service_workers="block")
    page = app.page
    expect(page.locator("#neuron-fields input").first).to_be_visible(timeout=5_000)
    app.early = {
        "ready": page.get_attribute("body", "data-ready"),
        "title": page.text_content("#lesson h1"),
        "neuron": page.text_content("#neuron-out"),
        "paragraphs": page.locator("#lesson section p").count(),
    }
    app.wait_ready()
    return app


@pytest.fixture(scope="module")
def en(open_app):
    return open_lesson(open_app, "en-US")


@pytest.fixture(scope="module")
def ru(open_app):
    return open_lesson(open_app, "ru-RU")


def full(page, selector):
    """The exact number behind a rounded one (data-full), once it is there."""
    loc = page.locator(selector).first
    expect(loc).to_have_attribute("data-full", re.compile(r"\S"), timeout=TIMEOUT)
    return float(loc.get_attribute("data-full"))


def field(page, section, label):
    """The input labelled `label` (exact text) inside a section."""
    return page.locator(f"#{section} label.field").filter(
        has=page.get_by_text(label, exact=True)).locator("input")


def expect_full(page, selector, value):
    expect(page.locator(selector).first).to_have_attribute("data-full", repr(value), timeout=TIMEOUT)


CANVAS_STATS = """([sel, x, y, r]) => {
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0, hash = 0, red = 0, blue = 0, n = 0;
    for (let i = 0; i < d.length; i += 4) {
        if (Math.min(d[i], d[i + 1], d[i + 2]) < 235) inked++;
        hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) % 1000000007;
        const px = (i / 4) % c.width, py = Math.floor(i / 4 / c.width);
        if (r && Math.abs(px - x) <= r && Math.abs(py - y) <= r) { red += d[i]; blue += d[i + 2]; n++; }
    }
    return {ink: inked / (d.length / 4), hash, warmth: n ? (red - blue) / n : null, width: c.width};
}"""


def canvas_stats(page, selector, x=0, y=0, r=0):
    """A canvas's share of non-white pixels ("ink"), a hash of its pixels, and the mean red - blue ("warmth")
    of the (2r+1)² pixels around (x, y) in canvas pixels."""
    return page.evaluate(CANVAS_STATS, [selector, x, y, r])


def ink(page, selector):
    return canvas_stats(page, selector)["ink"]


def assert_math_rendered(page):
    """Formulas are KaTeX, and no TeX source ($...$) is left in the lesson's own text."""
    assert page.locator("#neuron p .katex").count() >= 1
    text = " ".join(page.locator("#lesson [data-i18n-math]").all_text_contents())
    assert "$" not in text


def section_shots(app, lang):
    """One screenshot per section, cut from the full page (element shots would show the sticky top bar)."""
    app.page.evaluate("scrollTo(0, 0)")
    for name in SECTIONS:
        box = app.page.evaluate("""(id) => {
            const r = document.getElementById(id).getBoundingClientRect();
            return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height};
        }""", name)
        app.shot(f"lesson-{lang}-{name}", full_page=True, clip=box)


def trained_lesson_network(seed=0, epochs=1000, learning_rate=0.1):
    net = pc.random_lesson_network(seed)
    X, y, _ = pc.people()
    history = pc.train(net, X, y, epochs=epochs, learning_rate=learning_rate)
    return net, history


# ---------------------------------------------------------------- English

def test_text_and_fields_come_before_python(en):
    assert en.early["ready"] == "false", "Python should still be loading right after the page opens"
    assert en.early["title"] == "A multilayer perceptron from scratch"
    assert en.early["paragraphs"] > 20
    assert en.early["neuron"] == "0.9990889488055994", "the number the build computed, before Python is ready"
    assert_math_rendered(en.page)


def test_every_lesson_number_where_it_belongs(en):
    page = en.page
    assert full(page, "#neuron-out .num") == 0.9990889488055994
    assert full(page, "#network-out .num") == 0.7216325609518421
    assert full(page, "#loss-out .num") == 0.5
    # Backprop for Alice, every weight 1 and every bias 0: the forward pass and dL/dw1.
    expect(page.locator("#bp-forward")).to_contain_text("0.0474", timeout=TIMEOUT)
    expect(page.locator("#bp-forward")).to_contain_text("0.524")
    gradient = page.locator("#bp-chain .result")
    expect(gradient).to_have_text("0.02147")
    net = pc.shared_weights_network((1, 1), 0)
    trace = pc.backprop_trace(net, [-2, -1], [1])
    assert float(gradient.get_attribute("data-full")) == pc.chain_rule(trace, 0, 0, 0)["gradient"]
    assert page.locator("#bp-chain .factors li").count() == 3  # dL/dy_pred · dy_pred/dh1 · dh1/dw1
    # The people: pounds with true kilograms beside, and the shifted table.
    rows = page.locator("#people-table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("Alice")
    expect(rows.nth(0)).to_contain_text("133 lb (60.3 kg)")
    expect(rows.nth(0)).to_contain_text("65 in (165.1 cm)")
    expect(page.locator("#shifted-table tbody tr").nth(1)).to_have_text(re.compile(r"Bob\s*25\s*6\s*0"))
    expect(page.locator("#data .note")).to_contain_text("0.409")


def test_editing_a_weight_gives_the_cores_value(en):
    page = en.page
    field(page, "neuron", "w₁").fill("0.5")
    expect_full(page, "#neuron-out .num", pc.Neuron([0.5, 1], 4).feedforward([2, 3]))
    field(page, "neuron", "w₁").fill("0")
    expect_full(page, "#neuron-out .num", 0.9990889488055994)

    before = canvas_stats(page, "#network-canvas")["hash"]
    field(page, "network", "w₅").fill("-1,5")  # a decimal comma is accepted
    params = [0, 1, 0, 1, -1.5, 1, 0, 0, 0]
    expected = float(pc.feedforward(pc.lesson_network(params), [2, 3])[0])
    expect_full(page, "#network-out .num", expected)
    assert canvas_stats(page, "#network-canvas")["hash"] != before, "the network drawing follows the weights"
    field(page, "network", "w₅").fill("0")
    expect_full(page, "#network-out .num", 0.7216325609518421)

    page.get_by_label("y_pred for Alice").fill("0.25")
    expect_full(page, "#loss-out .num", pc.mse_loss([1, 0, 0, 1], [0.25, 0, 0, 0]))


def test_bad_input_is_explained_and_keeps_the_last_result(en):
    page = en.page
    w1 = field(page, "neuron", "w₁")
    for text, message in [("abc", "“abc” is not a number."), ("", "Enter a number."), ("5000", "Must be at most 1000.")]:
        w1.fill(text)
        expect(w1).to_have_attribute("aria-invalid", "true")
        error = page.locator(f"#{w1.get_attribute('aria-describedby')}")
        expect(error).to_have_text(message)
        page.wait_for_timeout(300)  # longer than the debounce: nothing may be recomputed
        expect_full(page, "#neuron-out .num", 0.9990889488055994)
    w1.fill("0")
    expect(w1).to_have_attribute("aria-invalid", "false")
    expect(page.locator(f"#{w1.get_attribute('aria-describedby')}")).to_have_text("")

    epochs = field(page, "training", "Epochs")
    epochs.fill("2.5")
    page.click("#train-start")
    expect(page.locator(f"#{epochs.get_attribute('aria-describedby')}")).to_have_text("Enter a whole number.")
    expect(page.locator("#train-stop")).to_be_disabled()
    epochs.fill("1000")
    eta = field(page, "backprop", "Learning rate η")
    eta.fill("-1")
    expect(page.locator(f"#{eta.get_attribute('aria-describedby')}")).to_have_text("Must be greater than 0.")
    eta.fill("0.1")


def test_backprop_for_any_parameter_and_person(en):
    page = en.page
    page.select_option("#bp-person", "bob")
    page.select_option("#bp-param", "w5")
    net = pc.shared_weights_network((1, 1), 0)
    trace = pc.backprop_trace(net, [25, 6], [0])
    chain = pc.chain_rule(trace, *pc.param_position([2, 2, 1], "w5"))
    expect_full(page, "#bp-chain .result", chain["gradient"])
    expect(page.locator("#bp-chain .factors li")).to_have_count(2)  # dL/dy_pred · dy_pred/dw5
    field(page, "backprop", "Learning rate η").fill("0.5")
    expect_full(page, "#bp-update .num >> nth=3", 1 - 0.5 * chain["gradient"])
    expect(page.locator("#bp-sign")).to_contain_text("Positive")
    page.select_option("#bp-person", "alice")
    page.select_option("#bp-param", "w1")
    field(page, "backprop", "Learning rate η").fill("0.1")
    expect(page.locator("#bp-chain .result")).to_have_text("0.02147")


def test_prediction_waits_for_a_trained_network(en):
    page = en.page
    expect(page.locator("#pred-untrained")).to_be_visible()
    expect(page.locator("#pred-you")).to_contain_text("Train the network", timeout=TIMEOUT)


def test_training_streams_the_log_and_predicts_emily_and_frank(en):
    page = en.page
    page.click("#train-start")
    expect(page.locator("#train-status")).to_contain_text("Done: 1000 epochs", timeout=TIMEOUT)
    lines = page.text_content("#train-log").strip().split("\n")
    assert len(lines) == 100 and lines[1].startswith("Epoch 10 loss: ")
    losses = [float(line.split(": ")[1]) for line in lines]
    _, history = trained_lesson_network()
    assert losses[0] == pytest.approx(history.loss[0], abs=1e-3)
    assert losses[-1] < losses[50] < losses[10] < losses[0], "the loss decreases"
    assert sum(b > a for a, b in zip(losses, losses[1:])) == 0, "and never goes up (3 decimals)"
    assert ink(page, "#train-canvas") > 0.01

    rows = page.locator("#pred-table tbody tr")
    expect(rows.nth(0)).to_contain_text("Emily")
    emily, frank = full(page, "#pred-table tbody tr:nth-child(1) td:last-child .num"), \
        full(page, "#pred-table tbody tr:nth-child(2) td:last-child .num")
    assert emily > 0.9 and frank < 0.1
    net, _ = trained_lesson_network()
    assert emily == pytest.approx(pc.feedforward(net, [-7, -3])[0], abs=1e-9)
    assert frank == pytest.approx(pc.feedforward(net, [20, 2])[0], abs=1e-9)
    expect(page.locator("#pred-untrained")).to_be_hidden()


def heat(page, x1, x2):
    """Warmth (red - blue) of the heatmap near the shifted point (x1, x2), beside its marker and off every name."""
    w, h, s, labels = page.evaluate("""() => { const c = document.querySelector('#pred-canvas');
        const w = c.getBoundingClientRect().width - 2, h = c.getBoundingClientRect().height - 2;
        return [w, h, c.width / w, JSON.parse(c.dataset.labels)]; }""")
    # drawPlane: a w×h drawing (CSS px), plot box (56, 14)–(w − 14, h − 56), extent x1 −30…40, x2 −10…10
    x = 56 + (x1 + 30) / 70 * (w - 70)
    y = h - 56 - (x2 + 10) / 20 * (h - 70)
    px, py = next((x + dx, y + dy) for dx, dy in [(-14, 14), (14, 14), (-14, -14), (14, -14)]
                  if not any(l - 3 <= x + dx <= r + 3 and t - 3 <= y + dy <= b + 3 for l, t, r, b in labels))
    return canvas_stats(page, "#pred-canvas", round(px * s), round(py * s), 2)["warmth"]


def test_heatmap_is_blue_near_emily_and_orange_near_frank(en):
    """The site's one colour language: class 1 (female) blue, class 0 (male) orange, as in the playground."""
    page = en.page
    assert heat(page, -7, -3) < -60 < 0 < 60 < heat(page, 20, 2)
    assert ink(page, "#pred-canvas") > 0.5


def test_your_own_weight_and_height(en):
    page = en.page
    page.select_option("#pred-units", "metric")
    field(page, "prediction", "Weight").fill("80")
    field(page, "prediction", "Height").fill("180")
    net, _ = trained_lesson_network()
    x = pc.shift(pc.kg_to_lb(80), pc.cm_to_in(180))
    p = float(pc.feedforward(net, list(x))[0])
    expect(page.locator("#pred-you")).to_contain_text("rather male", timeout=TIMEOUT)
    assert full(page, "#pred-you .num >> nth=4") == pytest.approx(p, abs=1e-9)
    page.select_option("#pred-units", "imperial")  # the fields keep your measurements, in pounds and inches
    expect(field(page, "prediction", "Weight")).to_have_value("176.4")
    expect(field(page, "prediction", "Height")).to_have_value("70.87")
    field(page, "prediction", "Weight").fill("128")
    field(page, "prediction", "Height").fill("63")
    expect(page.locator("#pred-you")).to_contain_text("rather female")
    expect(page.locator("#pred-you .num").nth(2)).to_have_text("−7")


def test_stop_stops_and_the_page_stays_responsive(en):
    page = en.page
    field(page, "training", "Epochs").fill("100000")
    page.click("#train-start")
    expect(page.locator("#train-log")).to_contain_text("Epoch 300 loss", timeout=TIMEOUT)
    field(page, "neuron", "w₁").fill("1")  # Python answers between training chunks
    expect_full(page, "#neuron-out .num", pc.Neuron([1, 1], 4).feedforward([2, 3]))
    expect(page.locator("#train-status")).to_contain_text("Epoch")
    page.click("#train-stop")
    expect(page.locator("#train-status")).to_contain_text("Stopped at epoch", timeout=5_000)
    expect(page.locator("#train-start")).to_be_enabled()
    n = len(page.text_content("#train-log"))
    page.wait_for_timeout(500)
    assert len(page.text_content("#train-log")) == n, "nothing is logged after Stop"
    stopped = int(re.search(r"epoch (\d+)", page.text_content("#train-status")).group(1))
    assert 300 < stopped < 100000
    field(page, "training", "Epochs").fill("1000")
    field(page, "neuron", "w₁").fill("0")


def test_canvases_are_drawn_and_shots(en):
    for canvas in ["#neuron-canvas", "#network-canvas", "#data-canvas", "#train-canvas", "#pred-canvas"]:
        assert ink(en.page, canvas) > 0.01, canvas
    section_shots(en, "en")
    en.page.set_viewport_size({"width": 390, "height": 844})
    en.shot("lesson-en-phone", full_page=True)
    width = en.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "readable at phone width: no sideways scrolling"
    en.page.set_viewport_size({"width": 1280, "height": 900})


def test_english_page_is_clean(en):
    en.assert_clean()


# ---------------------------------------------------------------- Russian

def test_russian_from_the_browser_language(ru):
    page = ru.page
    assert ru.early["title"] == "Многослойный перцептрон с нуля"
    assert ru.early["neuron"] == "0.9990889488055994", "the number the build computed, before Python is ready"
    assert page.get_attribute("html", "lang") == "ru"
    assert_math_rendered(page)
    expect(page.locator("#neuron-h")).to_have_text("1 Нейрон")
    expect(page.locator("#loss-h")).to_contain_text("Функция потерь")
    expect(page.locator("#backprop-h")).to_contain_text("Обратное распространение")
    expect(page.locator("#training")).to_contain_text("Скорость обучения")
    assert full(page, "#neuron-out .num") == 0.9990889488055994
    assert full(page, "#network-out .num") == 0.7216325609518421
    assert full(page, "#loss-out .num") == 0.5
    expect(page.locator("#bp-chain .result")).to_have_text("0.02147")
    expect(page.locator("#people-table tbody tr").nth(0)).to_contain_text("Алиса")
    expect(page.locator("#people-table tbody tr").nth(0)).to_contain_text("133 фунт. (60.3 кг)")
    w1 = field(page, "neuron", "w₁")
    w1.fill("abc")
    error = page.locator(f"#{w1.get_attribute('aria-describedby')}")
    expect(error).to_have_text("«abc» — не число.")


def test_russian_training_and_shots(ru):
    page = ru.page
    page.click("#train-start")
    expect(page.locator("#train-status")).to_contain_text("Готово: 1000 эпох", timeout=TIMEOUT)
    expect(page.locator("#pred-table tbody tr").nth(0)).to_contain_text("Эмили")
    expect(page.locator("#pred-you")).to_contain_text("скорее")
    section_shots(ru, "ru")


def test_language_buttons_switch_everything_live(ru):
    page = ru.page
    w1 = field(page, "neuron", "w₁")
    error = page.locator(f"#{w1.get_attribute('aria-describedby')}")
    page.click("button[data-lang=en]")
    expect(page.locator("#neuron-h")).to_have_text("1 The neuron")
    expect(error).to_have_text("“abc” is not a number.")
    expect(page.locator("#train-status")).to_contain_text("Done: 1000 epochs")
    expect(page.locator("#pred-table tbody tr").nth(0)).to_contain_text("Emily")
    expect(page.locator("#bp-sign")).to_contain_text("Positive")
    assert_math_rendered(page)
    assert full(page, "#neuron-out .num") == 0.9990889488055994, "the last good result is kept"
    page.click("button[data-lang=ru]")
    expect(page.locator("#neuron-h")).to_have_text("1 Нейрон")
    expect(error).to_have_text("«abc» — не число.")
    w1.fill("0")
    ru.assert_clean()


def test_readouts_are_no_tab_stops_and_one_switch_shows_every_digit(en):
    page = en.page
    assert page.locator("#lesson .num[tabindex]").count() == 0
    every = """() => [...document.querySelectorAll('#lesson .num')]
        .every((el) => el.textContent.replace('\u2212', '-') === el.dataset.full)"""
    assert not page.evaluate(every), "rounded for reading"
    switch = page.get_by_role("button", name="Show every digit")
    switch.focus()
    page.keyboard.press("Enter")
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(every)
    switch.click()
    assert not page.evaluate(every)
