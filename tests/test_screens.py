"""Every page at a phone's (390×844, touch) and a desktop's (1280×800) size, the playground at a projector's
(1024×768) too, in both languages, as people use them:
- axe-core (the pinned npm package in tests/audit/, target-size on: WCAG 2.2's 24×24 CSS px) finds nothing, as
  opened, after training and with the page's dialog open;
- nothing needs sideways scrolling; what a teacher shows fits one screen; on a phone ▶ stays with the map;
- a screenshot of each for a person to look at (tests/artifacts/screen-*.png).

The context bypasses the page's CSP only so that axe's script can be added to it."""
import json
import os
from pathlib import Path

import pytest

from conftest import Watched

AXE = Path(os.environ.get("AUDIT_NODE_MODULES", "")) / "axe-core" / "axe.min.js"
SIZES = {"phone": (390, 844), "projector": (1024, 768), "desktop": (1280, 800)}
# Each page: what says it is ready, and the button that opens its dialog (if it has one).
PAGES = {
    "index.html": ("#lesson[data-live=true]", "#lesson-defaults"),
    "playground.html": ("#playground[data-ready=true]", "#pg-defaults"),
    "digits.html": ("#digits[data-ready=true]", None),
}
RUN = """async () => {
  const r = await axe.run(document, {rules: {'target-size': {enabled: true}}, resultTypes: ['violations']});
  return r.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
}"""


# The projector's size is the playground's case (a teacher shows it); the other pages at a phone's and a desktop's.
@pytest.fixture(scope="module", params=[(p, lang, size) for p in PAGES for lang in ("en", "ru") for size in SIZES
                                        if size != "projector" or p == "playground.html"])
def opened(request, browser, base_url):
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `python3 build.py test`")
    page, lang, size = request.param
    (width, height), touch = SIZES[size], size == "phone"
    w = Watched(browser, base_url, viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch,
                bypass_csp=True, locale={"en": "en-US", "ru": "ru-RU"}[lang], service_workers="block")
    w.open(page)
    w.page.wait_for_selector(PAGES[page][0], state="attached", timeout=60_000)
    w.page.add_script_tag(path=str(AXE))
    yield w, request.param
    w.close()


def violations(w):
    found = w.page.evaluate(RUN)
    return json.dumps(found, ensure_ascii=False, indent=1) if found else []


def on_screen(page, selector):
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    return box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= view["width"] + 1 \
        and box["y"] + box["height"] <= view["height"] + 1


def test_as_opened_no_violations_no_sideways_scrolling_and_a_screenshot(opened):
    w, (page, lang, size) = opened
    assert violations(w) == []
    assert w.page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    w.shot(f"screen-{page.split('.')[0]}-{size}-{lang}")


def test_the_playground_shows_what_a_teacher_needs_on_one_screen(opened):
    w, (page, _, size) = opened
    if page != "playground.html" or size == "phone":
        pytest.skip("the playground at a projector's or a desktop's size")
    for selector in ("#pg-play", ".pg-node.pg-output", "#pg-points"):
        assert on_screen(w.page, selector), selector
    assert w.page.locator(".pg-net .for-pointer").first.is_visible() and w.page.locator(".pg-net .for-touch").first.is_hidden()


def test_on_a_phone_the_map_and_play_are_on_screen_together(opened):
    w, (page, _, size) = opened
    if page != "playground.html" or size != "phone":
        pytest.skip("the playground on a phone")
    w.page.locator("#pg-points").scroll_into_view_if_needed()
    assert on_screen(w.page, "#pg-points") and on_screen(w.page, "#pg-play")
    w.page.locator(".pg-node.pg-output").scroll_into_view_if_needed()
    assert on_screen(w.page, "#pg-play"), "and wherever the page is scrolled to"
    box = w.page.locator("#pg-play").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, "the main control is a 44 px target"
    # The hints speak of taps, not of hovering or Shift+click
    assert w.page.locator(".pg-net .for-touch").first.is_visible() and w.page.locator(".pg-net .for-pointer").first.is_hidden()
    w.page.evaluate("scrollTo(0, 0)")


def test_no_violations_after_training(opened):
    w, (page, _, _) = opened
    if page == "index.html":
        w.page.click("#train-start")
        w.page.wait_for_selector("#train-start:not([disabled])", timeout=60_000)
        w.page.wait_for_function("() => document.querySelector('#train-log').textContent.length > 0")
    elif page == "playground.html":
        w.page.click("#pg-step")
        w.page.wait_for_selector("#playground[data-busy=false]", state="attached", timeout=30_000)
    else:
        w.page.click("#dg-train")
        w.page.wait_for_selector("#digits[data-training=true]", state="attached")
        w.page.wait_for_selector("#digits[data-training=false]", state="attached", timeout=120_000)
    assert violations(w) == []


def test_no_violations_with_a_dialog_open(opened):
    w, (page, _, _) = opened
    if not PAGES[page][1]:
        pytest.skip(f"{page} has no dialog")
    w.page.click(PAGES[page][1])
    w.page.wait_for_selector("dialog[open]")
    try:
        assert violations(w) == []
    finally:
        w.page.keyboard.press("Escape")


def test_the_map_is_drawn_at_its_displayed_size_and_pixel_ratio(browser, base_url):
    w = Watched(browser, base_url, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                service_workers="block")
    try:
        w.open("playground.html")
        w.page.wait_for_selector("#playground[data-ready=true]", state="attached", timeout=60_000)
        w.page.wait_for_function("""() => { const c = document.getElementById('pg-points');
            return c.width === Math.round(c.clientWidth * 2) && c.height === c.width; }""")
    finally:
        w.close()
