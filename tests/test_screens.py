"""Every page at a phone's (390×844, touch, pixel ratio 2) and a desktop's (1280×800) size, the playground at a
projector's (1024×768) too, in both languages, as people use them:
- axe-core (the pinned npm package in tests/audit/, target-size on: WCAG 2.2's 24×24 CSS px) finds nothing, as
  opened, after training and with the page's dialog open;
- nothing needs sideways scrolling, down to 320 CSS px (WCAG 2.1's reflow: a 1280 px screen zoomed to 400 %,
  a small phone); what a teacher shows fits one screen; on a phone ▶ stays with the map;
- a screenshot of each for a person to look at (tests/artifacts/screen-*.png).

One browser context (one Python) per size: a visitor moves between the pages by the nav (router.js keeps them in
one document) and switches language with the top bar's buttons. A view left is hidden, which axe skips. Within a
size every page and language is checked as opened before any is trained. The context bypasses the page's CSP only
so that axe's script can be added to it."""
import json
import os
from pathlib import Path

import pytest

from conftest import Watched

AXE = Path(os.environ.get("AUDIT_NODE_MODULES", "")) / "axe-core" / "axe.min.js"
# Each size: its viewport, whether it is a phone (touch, pixel ratio 2) and the pages shown at it.
SIZES = {
    "phone": ((390, 844), True, ("index.html", "playground.html", "digits.html")),
    "projector": ((1024, 768), False, ("playground.html",)),  # the size a teacher shows the playground at
    "desktop": ((1280, 800), False, ("index.html", "playground.html", "digits.html")),
}
# Each page: what says it is ready, and the button that opens its dialog (if it has one).
PAGES = {
    "index.html": ("#lesson[data-live=true]", "#lesson-defaults"),
    "playground.html": ("#playground[data-ready=true]", "#pg-defaults"),
    "digits.html": ("#digits[data-ready=true]", None),
}
LANGS = ("en", "ru")
RUN = """async () => {
  const r = await axe.run(document, {rules: {'target-size': {enabled: true}}, resultTypes: ['violations']});
  return r.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
}"""


@pytest.fixture(scope="module", params=SIZES)
def screen(request, browser, base_url):
    """(Watched, size): the size's first page opened in English."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `python3 build.py test`")
    size = request.param
    (width, height), phone, pages = SIZES[size]
    w = Watched(browser, base_url, viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone,
                device_scale_factor=2 if phone else 1, bypass_csp=True, locale="en-US", service_workers="block")
    w.open(pages[0])
    w.page.add_script_tag(path=str(AXE))  # the document stays: every view is checked with this one
    yield w, size
    w.close()


def show(screen, page, lang):
    """The screen's page in lang, reached as a visitor does: the language's button, then the nav's link."""
    w, size = screen
    if page not in SIZES[size][2]:
        pytest.skip(f"{page} is not checked at a {size}'s size")
    w.page.click(f"button[data-lang={lang}]")
    link = w.page.locator(f"header nav a[href^='{page.split('.')[0]}.']")
    if link.get_attribute("aria-current") != "page":
        link.click()
    w.page.wait_for_selector(PAGES[page][0] + ":not([hidden])", state="attached", timeout=60_000)
    return w


def violations(w):
    found = w.page.evaluate(RUN)
    return json.dumps(found, ensure_ascii=False, indent=1) if found else []


def on_screen(page, selector):
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    return box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= view["width"] + 1 \
        and box["y"] + box["height"] <= view["height"] + 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_as_opened_no_violations_no_sideways_scrolling_and_a_screenshot(screen, page, lang):
    w = show(screen, page, lang)
    size = screen[1]
    assert violations(w) == []
    assert w.page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0][0]
    w.shot(f"screen-{page.split('.')[0]}-{size}-{lang}")
    if SIZES[size][1]:  # the phone's page narrowed to 320 CSS px
        w.page.set_viewport_size({"width": 320, "height": 844})
        try:
            assert w.page.evaluate("document.documentElement.scrollWidth") <= 320
        finally:
            w.page.set_viewport_size({"width": 390, "height": 844})


@pytest.mark.parametrize("lang", LANGS)
def test_the_playground_shows_what_a_teacher_needs_on_one_screen(screen, lang):
    if SIZES[screen[1]][1]:
        pytest.skip("the playground at a projector's or a desktop's size")
    w = show(screen, "playground.html", lang)
    for selector in ("#pg-play", ".pg-node.pg-output", "#pg-points"):
        assert on_screen(w.page, selector), selector
    assert w.page.locator(".pg-net .for-pointer").first.is_visible() and w.page.locator(".pg-net .for-touch").first.is_hidden()


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phone_the_map_and_play_are_on_screen_together(screen, lang):
    if not SIZES[screen[1]][1]:
        pytest.skip("the playground on a phone")
    w = show(screen, "playground.html", lang)
    w.page.locator("#pg-points").scroll_into_view_if_needed()
    assert on_screen(w.page, "#pg-points") and on_screen(w.page, "#pg-play")
    w.page.locator(".pg-node.pg-output").scroll_into_view_if_needed()
    assert on_screen(w.page, "#pg-play"), "and wherever the page is scrolled to"
    box = w.page.locator("#pg-play").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, "the main control is a 44 px target"
    # The hints speak of taps, not of hovering or Shift+click
    assert w.page.locator(".pg-net .for-touch").first.is_visible() and w.page.locator(".pg-net .for-pointer").first.is_hidden()
    w.page.evaluate("scrollTo(0, 0)")


def test_the_map_is_drawn_at_its_displayed_size_and_pixel_ratio(screen):
    w = show(screen, "playground.html", "en")
    w.page.wait_for_function("""(ratio) => { const c = document.getElementById('pg-points');
        return c.width === Math.round(c.clientWidth * ratio) && c.height === c.width; }""",
                             arg=2 if SIZES[screen[1]][1] else 1)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_violations_after_training(screen, page, lang):
    w = show(screen, page, lang)
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


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in PAGES if PAGES[p][1]])
def test_no_violations_with_a_dialog_open(screen, page, lang):
    w = show(screen, page, lang)
    w.page.click(PAGES[page][1])
    w.page.wait_for_selector("dialog[open]")
    try:
        assert violations(w) == []
    finally:
        w.page.keyboard.press("Escape")
