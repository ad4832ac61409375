"""The digits page as a visitor meets it: it opens in both languages, trains past 95 % test accuracy, shows the
test set's confusion matrix and mistakes, and reads a digit drawn with the pointer. Screenshots of both
languages at a desktop's and a phone's size go to tests/artifacts/. That it trains offline after one visit is
checked by tests/test_site.py (one offline visit for the lesson and the digits).

Epochs per second and the time to 95 % are measured by `python3 build.py bench` (never asserted here).
"""
import re

import pytest
from playwright.sync_api import expect


TEST_SIZE = 449  # a quarter of the 1,797 images (web/py/digits.py, TEST_SHARE)
HIDDEN = 32      # the default hidden layer (DEFAULT_HIDDEN)
PAGES = {"en": ("digits.html", "en-US", "Handwritten digits"), "ru": ("digits.ru.html", "ru-RU", "Рукописные цифры")}


def open_digits(open_app, lang, **context_args):
    path, locale, _ = PAGES[lang]
    context_args.setdefault("service_workers", "block")
    app = open_app(path, locale=locale, **context_args)
    app.page.wait_for_selector("#digits[data-ready=true]", state="attached")
    return app


# Two pages for the module: English at a desktop's size and Russian on a phone, each checked as opened, then trained.
@pytest.fixture(scope="module")
def english(open_app):
    return open_digits(open_app, "en", viewport={"width": 1280, "height": 800})


@pytest.fixture(scope="module")
def phone(open_app):
    return open_digits(open_app, "ru", has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})


def train(app):
    app.page.click("#dg-train")
    app.page.wait_for_selector("#digits[data-training=false]", state="attached", timeout=120_000)
    return app


@pytest.fixture(scope="module")
def trained(english):
    return train(english)


@pytest.fixture(scope="module")
def phone_trained(phone):
    return train(phone)


def draw(page, stroke):
    """A stroke over the pad with the mouse's pointer events: points in shares of the pad's side."""
    page.locator("#dg-pad").scroll_into_view_if_needed()  # the mouse reaches only what the viewport shows
    box = page.locator("#dg-pad").bounding_box()
    at = lambda x, y: (box["x"] + x * box["width"], box["y"] + y * box["height"])  # noqa: E731
    page.mouse.move(*at(*stroke[0]))
    page.mouse.down()
    for point in stroke[1:]:
        page.mouse.move(*at(*point), steps=4)
    page.mouse.up()
    page.wait_for_selector("#digits[data-predicting=false]", state="attached")


def probabilities(page):
    return [float(p.rstrip(" %")) for p in page.locator("#dg-probs .dg-p").all_text_contents()]


ONE = [(0.5, 0.1), (0.5, 0.5), (0.5, 0.9)]
ZERO = [(0.5, 0.1), (0.3, 0.2), (0.22, 0.5), (0.3, 0.8), (0.5, 0.9), (0.7, 0.8), (0.78, 0.5), (0.7, 0.2), (0.5, 0.1)]


@pytest.mark.parametrize("lang", PAGES)
def test_opens_in_its_language_with_its_link_in_the_bar(request, lang):
    app = request.getfixturevalue({"en": "english", "ru": "phone"}[lang])
    page = app.page
    expect(page.locator("h1")).to_have_text(PAGES[lang][2])
    expect(page.locator("header nav a[aria-current=page]")).to_have_attribute("href", PAGES[lang][0])
    expect(page.locator("#dg-weights canvas")).to_have_count(HIDDEN)
    expect(page.locator("#dg-probs li")).to_have_count(10)
    app.assert_clean()


def test_training_passes_95_percent_on_the_test_images(trained):
    page = trained.page
    accuracy = float(page.text_content("#dg-test-acc").rstrip(" %"))
    assert accuracy >= 95
    assert int(page.text_content("#dg-epoch")) > 0
    trained.assert_clean()


def test_the_confusion_matrix_counts_every_test_image(trained):
    cells = trained.page.evaluate("""() => [...document.querySelectorAll('#dg-confusion tr')].slice(1)
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)))""")
    assert len(cells) == 10 and all(len(row) == 10 for row in cells)
    assert sum(map(sum, cells)) == TEST_SIZE
    right = sum(cells[i][i] for i in range(10))
    accuracy = float(trained.page.text_content("#dg-test-acc").rstrip(" %"))
    assert round(100 * right / TEST_SIZE, 1) == accuracy
    expect(trained.page.locator("#dg-wrong figure")).to_have_count(TEST_SIZE - right)


def test_a_drawn_digit_is_read_as_it_is_drawn(trained):
    page = trained.page
    assert page.text_content("#dg-guess") == "–"
    draw(page, ONE)
    one = probabilities(page)
    assert len(one) == 10 and abs(sum(one) - 100) < 1
    assert page.text_content("#dg-guess") == str(one.index(max(one)))
    assert page.text_content("#dg-guess") == "1"
    page.click("#dg-clear")
    expect(page.locator("#dg-guess")).to_have_text("–")
    draw(page, ZERO)
    zero = probabilities(page)
    assert zero != one
    assert page.text_content("#dg-guess") == "0"
    trained.assert_clean()


def test_reached_from_the_lesson_in_the_same_document(open_app):
    """Train pressed as soon as the view shows, while its network is still being made, trains that network."""
    app = open_app("index.html", service_workers="block", locale="en-US")
    page = app.page
    page.evaluate("window.sameDocument = true")
    page.click("header nav a[href='digits.html']")
    expect(page).to_have_url(app.base_url + "digits.html")
    page.click("#dg-train")
    expect(page.locator("#dg-epoch")).not_to_have_text("0", timeout=30_000)
    page.click("#dg-train")
    page.wait_for_selector("#digits[data-ready=true][data-training=false]", state="attached")
    assert page.text_content("#dg-message") == ""
    assert page.evaluate("window.sameDocument") is True  # a view of the one document: the same Python
    expect(page.locator("#dg-weights canvas")).to_have_count(HIDDEN)
    app.assert_clean()


def test_a_finger_draws_too(phone):
    """Touch events, as a phone's browser sends them, become the same pointer events: the pad draws, no scroll."""
    app = phone
    page = app.page
    page.locator("#dg-pad").scroll_into_view_if_needed()
    box = page.locator("#dg-pad").bounding_box()
    scrolled = page.evaluate("scrollY")
    cdp = page.context.new_cdp_session(page)
    x = box["x"] + box["width"] / 2
    for kind, y in [("touchStart", 0.1), *[("touchMove", k / 10) for k in range(2, 10)], ("touchEnd", None)]:
        points = [] if y is None else [{"x": x, "y": box["y"] + y * box["height"]}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    page.wait_for_selector("#digits[data-predicting=false]", state="attached")
    assert re.fullmatch(r"\d", page.text_content("#dg-guess"))  # the pad had ink: a digit, not "–"
    assert page.evaluate("scrollY") == scrolled
    app.assert_clean()


@pytest.mark.parametrize("trained_at", ["trained", "phone_trained"])
def test_screenshots(request, trained_at):
    """Trained, with a digit drawn, in English and then (switched) in Russian."""
    app = request.getfixturevalue(trained_at)
    page = app.page
    width = page.viewport_size["width"]
    page.click("#dg-clear")
    draw(page, ZERO)
    for lang in PAGES:
        page.click(f"button[data-lang={lang}]")
        # The viewport, as the visitor sees it, at each part of the page (a full page would show the sticky bar
        # where it was scrolled to).
        page.evaluate("scrollTo(0, 0)")
        app.shot(f"digits-{lang}-{width}-top")
        for part in ("dg-draw-h", "dg-confusion-h", "dg-wrong-h"):
            page.locator(f"#{part}").evaluate("(el) => el.scrollIntoView()")
            app.shot(f"digits-{lang}-{width}-{part}")
    app.assert_clean()
