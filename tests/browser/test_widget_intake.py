"""A whole intake through the widget on the demo page, against the real servers:
buttons, typed answers, the body map by mouse and by keyboard, the summary card,
copying the questions and the print view."""

from __future__ import annotations

from browser_helpers import CONSENT, Widget, screenshot
from playwright.sync_api import expect


def test_whole_intake_through_the_widget(new_page, servers):
    page = new_page(reduced_motion=False)
    widget = Widget(page).open()
    expect(widget.input).to_be_focused()

    # The greeting, then the consent question with its buttons, in order.
    consent = widget.wait_for_choice(CONSENT)
    texts = widget.bot_texts()
    assert len(texts) >= 2 and "keep your answers" in texts[-1]
    expect(widget.announcer).to_contain_text("keep your answers")
    screenshot(page, "01-greeting")

    # A button: its title is shown as the person's message, and the bot types.
    consent.click()
    expect(widget.typing).to_be_visible()
    assert widget.user_texts()[-1] == CONSENT

    # Free text is always possible.
    widget.wait_for_choice("None of these")
    widget.say("none of these")
    widget.wait_for_body_map()
    assert widget.user_texts()[-1] == "none of these"

    # The body map, by mouse: a click toggles, on the front or the back view.
    shoulder = widget.region("Left shoulder")
    neck = widget.region("Neck")
    shoulder.click()
    expect(shoulder).to_have_attribute("aria-pressed", "true")
    neck.click()
    neck.click()
    expect(neck).to_have_attribute("aria-pressed", "false")
    neck.click()
    back_hip = page.locator(".mw-figure").nth(1).locator('[data-region="hip_right"]')
    back_hip.click()
    expect(widget.region("Right hip and buttock")).to_have_attribute("aria-pressed", "true")
    back_hip.click()
    expect(widget.region("Right hip and buttock")).to_have_attribute("aria-pressed", "false")

    # ... and by keyboard: Tab between regions, Space and Enter toggle.
    widget.region("Feet").focus()
    page.keyboard.press("Tab")
    expect(widget.region("Upper back")).to_be_focused()
    page.keyboard.press("Tab")
    expect(widget.region("Lower back")).to_be_focused()
    page.keyboard.press("Space")
    expect(widget.region("Lower back")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(widget.region("Upper back")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Enter")
    expect(widget.region("Upper back")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".mw-selected")).to_have_text("Chosen: Neck, left shoulder and lower back")
    page.locator(".mw-bodymap").evaluate("el => el.scrollIntoView({block: 'start'})")
    assert page.locator("#mw-panel").evaluate("el => el.scrollTop") == 0  # header stays
    screenshot(page, "02-body-map")  # docs/widget.png is a copy of this one
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(widget.send_areas_button()).to_be_focused()
    page.keyboard.press("Enter")

    # One message with the payload; the readable list in the chat log.
    widget.wait_for_choice("5")
    assert widget.user_texts()[-1] == "Neck, left shoulder and lower back"
    slots = servers.tracker(widget.session_id())["slots"]
    assert sorted(slots["pain_areas"]) == ["lower_back", "neck", "shoulder_left"]
    assert slots["requested_slot"] == "pain_intensity"

    widget.click("5")
    widget.wait_for_choice("A little (mild)")
    widget.say("mild")
    widget.click("Medium")
    widget.click("No")

    # The summary card, rendered from the intake_summary custom payload.
    card = widget.wait_for_card()
    expect(card).to_contain_text("Suggested: Myofascial release")
    expect(card).to_contain_text("Alternative: Light massage")
    expect(card).to_contain_text("Where it hurts: Left shoulder, neck and lower back")
    expect(card.get_by_role("heading", name="Why")).to_be_visible()
    expect(card.get_by_role("heading", name="Take care")).to_be_visible()
    questions = card.locator("ol > li").all_text_contents()
    assert len(questions) >= 5
    expect(widget.announcer).to_contain_text("Your summary is ready")
    slots = servers.tracker(widget.session_id())["slots"]
    assert slots["recommended_style"] == "myofascial_release"
    card.scroll_into_view_if_needed()
    screenshot(page, "03-summary-card")

    card.get_by_role("button", name="Copy the questions").click()
    expect(page.locator(".mw-status")).to_contain_text("copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == [f"{n}. {q}" for n, q in enumerate(questions, start=1)]

    # The print view shows the card only.
    page.emulate_media(media="print")
    expect(card).to_be_visible()
    expect(page.get_by_role("heading", name="Gentle massage for fibromyalgia")).to_be_hidden()
    expect(page.locator(".mw-composer")).to_be_hidden()
    expect(page.locator(".mw-msg").first).to_be_hidden()
    expect(card.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    screenshot(page, "04-print-view", full_page=True)
    page.emulate_media(media="screen")
    expect(page.locator(".mw-composer")).to_be_visible()
    assert page.console_errors == []
