"""The playground by keyboard and screen reader: focus stays on the control acted on when the diagram is rebuilt,
a point added or removed on the map is announced, the lesson's people are named on the map, and the output
activation offers only what fits (disabled, with the reason, when one does)."""
import re

import pytest
from playwright.sync_api import expect

from test_playground import app, idle, pixels  # noqa: F401  app: the playground, one page load for the module


def active(page):
    return page.evaluate("""() => {
      const a = document.activeElement;
      return {id: a.id, feature: a.dataset.feature, action: a.dataset.action,
              layer: a.closest('.pg-layer-head')?.dataset.layer};
    }""")


@pytest.mark.parametrize("selector, expected", [
    ("[data-feature=x1x2]", {"feature": "x1x2"}),
    ("#pg-layer-add", {"id": "pg-layer-add"}),
    (".pg-layer-head[data-layer='1'] [data-action='pg.neurons.add']", {"action": "pg.neurons.add", "layer": "1"}),
    ("#pg-layer-remove", {"id": "pg-layer-remove"}),
])
def test_focus_stays_on_the_control_acted_on(app, selector, expected):
    page = app.page
    page.focus(selector)
    page.keyboard.press("Enter")
    idle(app)
    now = active(page)
    assert {k: now[k] for k in expected} == expected


def test_a_point_added_or_removed_by_keyboard_is_announced(app):
    page = app.page
    n = page.evaluate("perceptronLab.playground.state.points.length")
    page.focus("#pg-points")
    page.keyboard.press("Enter")
    idle(app)
    said = page.locator("#pg-points-said")
    expect(said).to_have_attribute("role", "status")
    expect(said).to_contain_text(f"Added a point, Blue (1), at (0, 0): {n + 1} points.")
    page.keyboard.press("Delete")
    idle(app)
    expect(said).to_contain_text(f"Removed the point, Blue (1), at (0, 0): {n} points.")


def test_the_lessons_people_are_named_on_the_map(app):
    page = app.page
    page.click("[data-dataset=people]")
    idle(app)
    dark = """() => { const c = document.getElementById('pg-points');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0; for (let k = 0; k < d.length; k += 4) if (d[k + 3] > 200 && d[k] + d[k + 1] + d[k + 2] < 150) n++;
      return n; }"""
    named = page.evaluate(dark)
    page.locator(".pg-map").scroll_into_view_if_needed()
    app.shot("playground-people-named")
    page.focus("#pg-points")
    page.keyboard.press("Enter")  # a seventh point: no longer the lesson's six people, no names
    idle(app)
    assert page.evaluate(dark) < named / 2, "the names are drawn in dark ink"
    assert pixels(app, "#pg-points")["painted"] > 0


def test_the_output_activation_offers_only_what_the_data_and_loss_allow(app):
    page = app.page
    page.click("[data-dataset=circle]")
    idle(app)
    output = page.locator(".pg-layer-head select").last
    page.select_option("#pg-loss", "bce")
    idle(app)
    expect(output).to_be_disabled()
    expect(output).to_have_attribute("title", re.compile("cross-entropy's a sigmoid"))
    assert output.evaluate("s => [...s.options].map((o) => o.value)") == ["sigmoid"]
    page.select_option("#pg-loss", "mse")
    idle(app)
    expect(output).to_be_enabled()
    output.select_option("tanh")
    idle(app)
    assert page.evaluate("perceptronLab.playground.state.settings.activations.at(-1)") == "tanh"
    page.click("[data-dataset=plane]")
    idle(app)
    expect(output).to_be_disabled()
    assert output.evaluate("s => [...s.options].map((o) => o.value)") == ["linear"]
