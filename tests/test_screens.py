"""Every page at a phone's (390×844, touch), a projector's (1024×768) and a desktop's (1280×800) size, in both
languages: nothing needs sideways scrolling, what a teacher shows fits one screen, and a screenshot of each for
a person to look at (tests/artifacts/screen-*.png)."""
import pytest

from conftest import Watched

SIZES = {"phone": (390, 844), "projector": (1024, 768), "desktop": (1280, 800)}


READY = {"index.html": "#lesson[data-live=true]", "playground.html": "#playground[data-ready=true]",
         "digits.html": "#digits[data-ready=true]"}


@pytest.fixture(scope="module", params=[(p, lang, size) for p in READY
                                        for lang in ("en", "ru") for size in SIZES])
def opened(request, browser, base_url):
    page, lang, size = request.param
    (width, height), touch = SIZES[size], size == "phone"
    w = Watched(browser, base_url, viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch,
                locale={"en": "en-US", "ru": "ru-RU"}[lang], service_workers="block")
    w.open(page)
    w.page.wait_for_selector(READY[page], state="attached", timeout=60_000)
    yield w, request.param
    w.close()


def on_screen(page, selector):
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    return box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= view["width"] + 1 \
        and box["y"] + box["height"] <= view["height"] + 1


def test_no_sideways_scrolling_and_a_screenshot(opened):
    w, (page, lang, size) = opened
    assert w.page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    w.shot(f"screen-{page.split('.')[0]}-{size}-{lang}")


def test_the_playground_shows_what_a_teacher_needs_on_one_screen(opened):
    w, (page, _, size) = opened
    if page != "playground.html" or size == "phone":
        pytest.skip("the playground at a projector's or a desktop's size")
    for selector in ("#pg-play", ".pg-node.pg-output", "#pg-points"):
        assert on_screen(w.page, selector), selector


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
