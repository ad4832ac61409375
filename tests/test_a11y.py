"""axe-core (the pinned npm package in tests/audit/) on every page, in both languages, at a phone's and a
desktop's size: before and after training, and with the dialogs open. target-size (WCAG 2.2, 24×24 CSS px) is on.

The context bypasses the page's CSP only so that axe's script can be added to it."""
import json
import os
from pathlib import Path

import pytest

from conftest import Watched

AXE = Path(os.environ.get("AUDIT_NODE_MODULES", "")) / "axe-core" / "axe.min.js"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
RUN = """async () => {
  const r = await axe.run(document, {rules: {'target-size': {enabled: true}}, resultTypes: ['violations']});
  return r.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}));
}"""


# Each page: what says it is ready, how to train, and the button that opens its dialog (if it has one).
PAGES = {
    "index.html": ("#lesson[data-live=true]", "#lesson-defaults"),
    "playground.html": ("#playground[data-ready=true]", "#pg-defaults"),
    "digits.html": ("#digits[data-ready=true]", None),
}


@pytest.fixture(scope="module", params=[(p, lang, size) for p in PAGES
                                        for lang in ("en", "ru") for size in SIZES])
def opened(request, browser, base_url):
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed at {AXE}: run `python3 build.py test`")
    page, lang, size = request.param
    touch = size == "phone"
    w = Watched(browser, base_url, viewport=SIZES[size], has_touch=touch, is_mobile=touch, bypass_csp=True,
                locale={"en": "en-US", "ru": "ru-RU"}[lang], service_workers="block")
    w.open(page)
    w.page.wait_for_selector(PAGES[page][0], state="attached", timeout=60_000)
    w.page.add_script_tag(path=str(AXE))
    yield w, request.param
    w.close()


def violations(w):
    found = w.page.evaluate(RUN)
    return json.dumps(found, ensure_ascii=False, indent=1) if found else []


def test_no_violations_as_opened(opened):
    w, _ = opened
    assert violations(w) == []


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
