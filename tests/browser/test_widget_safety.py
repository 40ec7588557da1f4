"""Messages are text, never markup: a typed script tag shows as text and runs nothing."""

from __future__ import annotations

from browser_helpers import CONSENT, Widget
from playwright.sync_api import expect

ATTACK = "<img src=x onerror=alert(1)>"


def test_markup_in_a_message_is_shown_as_text(new_page):
    page = new_page()
    widget = Widget(page).open()
    widget.wait_for_choice(CONSENT)
    bot_before = len(widget.bot_texts())
    widget.say(ATTACK)
    expect(page.locator(".mw-msg--user").last).to_have_text("You: " + ATTACK)
    # wait for the bot's answer, so anything it echoes is on the page too
    page.wait_for_function(
        "n => document.querySelectorAll('.mw-msg--bot').length > n", arg=bot_before, timeout=60_000
    )
    page.wait_for_timeout(500)
    assert page.locator(".mw-root img").count() == 0
    assert page.locator(".mw-root script").count() == 0
    assert page.dialogs == []
    assert page.console_errors == []
