"""The lesson on a phone (390×844, touch, device pixel ratio 2) and a desktop (1280×800, ratio 1), in both
languages: canvases drawn at their displayed size × the pixel ratio (and again when that size changes), names on
the plane that do not cover each other, nothing that needs sideways scrolling, every control at least 24×24 CSS
px, the backprop selects beside the result they change, and a screenshot of every section at phone size
(tests/artifacts/lesson-phone-*.png) for a person to look at.

One page load per size, opened in one language (the phone in Russian, the desktop in English: the layout shift of
a load is measured in each) and trained, then checked in each language, switched in place by the top bar's
buttons."""
import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, Watched
from test_instant import LAYOUT_SHIFT
from test_lesson import TIMEOUT, section_shots

CANVASES = ["#neuron-canvas", "#network-canvas", "#data-canvas", "#train-canvas", "#pred-canvas"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


@pytest.fixture(scope="module", params=[("phone", "ru", 2), ("desktop", "en", 1)],
                ids=lambda p: f"{p[0]}-opened-in-{p[1]}")
def loaded(request, browser, base_url):
    """The lesson, trained (so the prediction plane shows everyone, you included): (Watched, size, pixel ratio)."""
    size, lang, dpr = request.param
    (width, height), touch = SIZES[size], size == "phone"
    w = Watched(browser, base_url, viewport={"width": width, "height": height}, device_scale_factor=dpr,
                has_touch=touch, is_mobile=touch, locale={"en": "en-US", "ru": "ru-RU"}[lang],
                service_workers="block")
    w.context.add_init_script(LAYOUT_SHIFT)
    w.open("index.html")
    w.page.wait_for_selector("#lesson[data-live=true]", state="attached", timeout=60_000)
    w.shift = w.page.evaluate("layoutShift")  # from the built page's first paint to Python's numbers
    w.page.click("#train-start")
    expect(w.page.locator("#train-start")).to_be_enabled(timeout=TIMEOUT)  # disabled while training
    yield w, size, dpr
    w.close()


@pytest.fixture(params=["en", "ru"])
def trained(request, loaded):
    """The trained lesson in a language: (Watched, (size, language, pixel ratio))."""
    w, size, dpr = loaded
    w.page.click(f"button[data-lang={request.param}]")
    expect(w.page.locator("html")).to_have_attribute("lang", request.param)
    return w, (size, request.param, dpr)


# A canvas's backing store and its displayed size in CSS px (inside its 1 px border); the store is that size in
# whole device pixels.
SIZE_OF = """(sel) => { const c = document.querySelector(sel), r = c.getBoundingClientRect();
    return {w: c.width, h: c.height, cw: r.width - 2, ch: r.height - 2, dpr: devicePixelRatio}; }"""


def assert_sharp(page, dpr):
    for sel in CANVASES:
        s = page.evaluate(SIZE_OF, sel)
        assert s["dpr"] == dpr
        assert s["cw"] > 0 and abs(s["w"] - s["cw"] * dpr) < 1 and abs(s["h"] - s["ch"] * dpr) < 1, (sel, s)


def test_canvases_are_drawn_at_their_size_times_the_pixel_ratio(trained):
    w, (size, _, dpr) = trained
    assert_sharp(w.page, dpr)
    if size == "phone":  # a phone's canvases are laid out for it, not a desktop's shrunk
        assert w.page.evaluate(SIZE_OF, "#pred-canvas")["cw"] < 390


def test_drawing_the_canvases_shifts_nothing(loaded):
    """Each canvas's height comes from the CSS the build rendered, so drawing into it moves no text."""
    w, _, _ = loaded
    print(f"layout shift: {w.shift:.4f}")
    assert w.shift <= 0.05


def test_a_canvas_is_drawn_again_when_its_size_changes(trained):
    w, (size, _, dpr) = trained
    width, height = SIZES[size]
    before = w.page.evaluate(SIZE_OF, "#pred-canvas")
    w.page.set_viewport_size({"width": {"phone": 340, "desktop": 600}[size], "height": height})
    expect(w.page.locator("#pred-canvas")).not_to_have_attribute("width", str(before["w"]))
    assert_sharp(w.page, dpr)
    w.page.set_viewport_size({"width": width, "height": height})
    expect(w.page.locator("#pred-canvas")).to_have_attribute("width", str(before["w"]))


def overlap(a, b):
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_names_on_the_plane_do_not_cover_each_other(trained):
    w, _ = trained
    for sel, count in [("#data-canvas", 4), ("#pred-canvas", 7)]:
        boxes = w.page.evaluate("(sel) => JSON.parse(document.querySelector(sel).dataset.labels)", sel)
        cw = w.page.evaluate(SIZE_OF, sel)["cw"]
        assert len(boxes) == count, sel
        for i, a in enumerate(boxes):
            assert 0 <= a[0] and a[2] <= cw, (sel, a)
            assert not any(overlap(a, b) for b in boxes[i + 1:]), (sel, boxes)


def test_nothing_needs_sideways_scrolling(trained):
    w, (size, _, _) = trained
    assert w.page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    wide = w.page.evaluate("""() => [...document.querySelectorAll('#lesson .table-wrap')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${el.querySelector('table').id} ${el.scrollWidth} > ${el.clientWidth}`)""")
    assert not any(t.startswith("pred-table") for t in wide), "the prediction table fits without scrolling"
    if size == "phone":
        assert wide == [], "every table fits a phone"


def test_every_control_is_at_least_24_px(trained):
    w, _ = trained
    small = w.page.evaluate("""() => [...document.querySelectorAll('button, input, select, summary')]
        .filter((el) => el.checkVisibility())
        .map((el) => [el.id || el.textContent.trim().slice(0, 20), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24)
        .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`)""")
    assert small == []


def test_the_backprop_selects_are_beside_their_result(trained):
    w, (size, lang, _) = trained
    if size != "phone":
        pytest.skip("where the top bar scrolls away")
    page = w.page
    page.locator("#bp-chain .result").scroll_into_view_if_needed()
    view = page.viewport_size
    for sel in ("#bp-person", "#bp-param", "#bp-chain .result"):
        box = page.locator(sel).bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= view["height"], sel
    w.shot(f"lesson-phone-{lang}-backprop-result")
    page.select_option("#bp-param", "w5")
    expect(page.locator("#bp-chain .factors li")).to_have_count(2, timeout=TIMEOUT)
    page.select_option("#bp-param", "w1")
    expect(page.locator("#bp-chain .result")).to_have_text("0.02147", timeout=TIMEOUT)


def test_sections_shots_and_clean(trained):
    w, (size, lang, dpr) = trained
    if size == "phone":
        section_shots(w, f"phone-{lang}")
        for sel in CANVASES:  # and each drawing at full resolution
            w.page.locator(sel).screenshot(path=str(ARTIFACTS / f"lesson-phone-{lang}-{sel[1:]}.png"))
    w.assert_clean()
