"""The pages open at once: the served HTML is the page, in the visitor's language, with every number the core
computes for the defaults (build.py renders it with the CPython core); Python's live values replace them unchanged."""
import re

import pytest

LESSON = {
    "index.html": ("en", "A multilayer perceptron from scratch", "Alice"),
    "index.ru.html": ("ru", "Многослойный перцептрон с нуля", "Алиса"),
}
# The lesson's own numbers, each shown at first paint: the neuron, the 2-2-1 network, one SGD step's loss after it.
GOLDEN = ["0.9990889488055994", "0.7216325609518421", "0.02146953526581111"]
NUMBERS = "() => [...document.querySelectorAll('#lesson .num')].map((e) => e.dataset.full)"


@pytest.mark.parametrize("path", LESSON)
def test_lesson_reads_completely_without_javascript(open_app, path):
    lang, title, alice = LESSON[path]
    page = open_app(path, ready=False, java_script_enabled=False).page
    assert page.get_attribute("html", "lang") == lang
    assert page.text_content("h1") == title
    shown = re.findall(r'data-full="([^"]+)"', page.inner_html("#lesson"))  # each number's full value
    for number in GOLDEN:
        assert number in shown
    assert alice in page.text_content("#data table")
    assert page.locator("#lesson math").count() >= 40, "formulas are typeset in the HTML"
    assert page.locator("#bp-chain math").count() > 0 and page.locator("#bp-chain .num").count() > 0, "the chain rule"
    assert page.locator("#lesson .pending").count() == 0, "nothing waits for Python"


def test_visitor_gets_their_language_before_anything_is_shown(open_app):
    w = open_app("index.html", ready=False, locale="ru-RU")
    w.page.wait_for_selector("#neuron-out .num")
    assert w.page.url.endswith("index.ru.html")
    assert w.page.text_content("h1") == LESSON["index.ru.html"][1]
    w.page.click("[data-lang=en]")
    assert w.page.url.endswith("index.html"), "the address follows the language, so a reload keeps it"
    w.page.reload()
    assert w.page.text_content("h1") == LESSON["index.html"][1]


def test_live_values_equal_the_built_ones(open_app, browser, base_url):
    built = re.findall(r'data-full="([^"]+)"', open_app("index.html", ready=False, java_script_enabled=False).page.inner_html("#lesson"))
    w = open_app("index.html")
    w.page.wait_for_selector("#lesson[data-live=true]", state="attached")
    live = w.page.evaluate(NUMBERS)
    assert live == built
    ids = w.page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)")
    assert len(ids) == len(set(ids)), "the page's modules rebuild the built HTML, they do not add to it"
    w.assert_clean()
