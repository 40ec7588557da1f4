"""Accessibility checks: axe-core (from node_modules) on the main states, a
360 px wide screen, text at 200 %, reduced motion, and keyboard-only use."""

from __future__ import annotations

import json
import re

from browser_helpers import CONSENT, ROOT, Widget, screenshot
from playwright.sync_api import expect

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, name: str):
    """Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules and best practices);
    writes the whole result to var/artifacts/axe-<name>.json."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', """
        """'best-practice']}})"""
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]],
        }
        for v in result["violations"]
    ]
    out = ROOT / "var" / "artifacts"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"axe-{name}.json").write_text(json.dumps(violations, indent=2))
    return violations


def serious(violations):
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_problems(new_page):
    page = new_page(bypass_csp=True)  # axe-core goes in as an inline script
    assert serious(axe_violations(page, "page-closed")) == []
    widget = Widget(page).open()
    widget.wait_for_choice(CONSENT)
    assert serious(axe_violations(page, "consent-question")) == []
    widget.answer_up_to_pain_areas()
    page.locator(".mw-list summary").click()  # the list view too
    assert serious(axe_violations(page, "body-map")) == []
    page.locator(".mw-list summary").click()
    widget.region("Neck").click()
    widget.send_areas_button().click()
    widget.finish_after_pain_areas()
    assert serious(axe_violations(page, "summary-card")) == []


def test_keyboard_only_intake_start(new_page):
    """From the page to the body map and its sending with the keyboard alone."""
    page = new_page()
    launcher = page.get_by_role("button", name=re.compile("chat with us"))
    for _ in range(10):
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    widget = Widget(page)
    expect(widget.input).to_be_focused()
    consent = widget.wait_for_choice(CONSENT)
    # the answer buttons come just before the text field
    page.keyboard.press("Shift+Tab")
    expect(widget.choice("No, don't keep my answers")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(consent).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    widget.input.type("none of these")
    page.keyboard.press("Enter")
    widget.wait_for_body_map()
    widget.region("Head").focus()
    page.keyboard.press("Space")
    expect(widget.region("Head")).to_have_attribute("aria-pressed", "true")
    # the focus ring is visible on a region
    stroke = (
        widget.region("Head")
        .locator(".mw-shape")
        .evaluate("el => getComputedStyle(el).strokeWidth")
    )
    assert stroke == "4px"
    widget.send_areas_button().focus()
    page.keyboard.press("Enter")
    widget.wait_for_choice("5")
    assert widget.user_texts()[-1] == "Head"
    # Escape closes the chat and gives the focus back to the launcher.
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(launcher).to_be_focused()


def test_usable_on_a_360_px_screen(new_page):
    page = new_page(width=360, height=740)
    widget = Widget(page).open()
    widget.answer_up_to_pain_areas()
    box = widget.panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the body map fits; the big regions are at least 24 px (WCAG 2.5.8) and every
    # region also has an equivalent checkbox of that size in the list view
    for figure in page.locator(".mw-figure svg").all():
        figure_box = figure.bounding_box()
        assert figure_box["x"] >= 0 and figure_box["x"] + figure_box["width"] <= 360
    for label in ("Left shoulder", "Chest", "Abdomen (belly)", "Lower back"):
        region = widget.region(label).bounding_box()
        assert region["width"] >= 24 and region["height"] >= 24, label
    page.locator(".mw-list summary").click()
    neck_box = page.get_by_role("checkbox", name="Neck")
    neck_label = page.locator(".mw-list label", has=neck_box)
    assert neck_label.bounding_box()["height"] >= 24
    neck_box.check()
    expect(widget.region("Neck")).to_have_attribute("aria-pressed", "true")
    neck_box.uncheck()
    expect(widget.region("Neck")).to_have_attribute("aria-pressed", "false")
    page.locator(".mw-list summary").click()
    widget.region("Left shoulder").click()
    widget.region("Right shoulder").click()
    screenshot(page, "05-body-map-360px")
    widget.send_areas_button().click()
    widget.wait_for_choice("5")
    assert widget.user_texts()[-1] == "Right shoulder and left shoulder"
    widget.finish_after_pain_areas()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "06-summary-card-360px")


def test_text_at_200_percent_still_fits(new_page):
    page = new_page(width=1280, height=900)
    page.add_style_tag(content="html { font-size: 200% !important; }")
    widget = Widget(page).open()
    widget.answer_up_to_pain_areas()
    box = widget.panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(widget.send_areas_button()).to_be_visible()
    expect(widget.input).to_be_visible()
    screenshot(page, "07-text-200-percent")


def test_reduced_motion_shows_no_animation(new_page):
    page = new_page(reduced_motion=True)
    widget = Widget(page).open()
    widget.wait_for_choice(CONSENT)
    name = page.locator(".mw-dots span").first.evaluate("el => getComputedStyle(el).animationName")
    assert name == "none"
