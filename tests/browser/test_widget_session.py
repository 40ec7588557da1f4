"""Session persistence over socket.io: a reload continues the same conversation
(same Rasa sender, history shown again, the open question's buttons back),
"Start over" starts a new one, and the session is the server's: an id and its
token, so another tab's id put in storage gets a new conversation instead."""

from __future__ import annotations

import re

from browser_helpers import CONSENT, Widget
from playwright.sync_api import expect


def test_reload_continues_the_conversation(new_page, servers):
    page = new_page()
    widget = Widget(page).open()
    widget.click(CONSENT)
    widget.wait_for_choice("None of these")
    session = widget.session_id()
    before = widget.bot_texts()

    page.reload()
    widget = Widget(page)
    # Still open, the same session, the same history, the open question's buttons.
    expect(widget.panel).to_be_visible()
    assert widget.session_id() == session
    assert widget.bot_texts() == before
    assert widget.user_texts() == [CONSENT]
    widget.wait_for_choice("None of these")

    # The conversation goes on where it was: the next question comes.
    widget.click("None of these")
    widget.wait_for_body_map()
    tracker = servers.tracker(session)
    assert tracker["slots"]["red_flags"] == []
    assert tracker["slots"]["requested_slot"] == "pain_areas"


def test_start_over_begins_a_new_session(new_page, servers):
    page = new_page()
    widget = Widget(page).open()
    widget.click(CONSENT)
    widget.wait_for_choice("None of these")
    old_session = widget.session_id()

    page.get_by_role("button", name="Start over").click()
    expect(page.locator(".mw-msg--notice")).to_contain_text("new conversation")
    widget.wait_for_choice(CONSENT)
    new_session = widget.session_id()
    assert new_session and new_session != old_session
    assert widget.user_texts() == []
    assert servers.tracker(new_session)["slots"]["requested_slot"] == "data_consent"


def test_the_session_is_issued_by_the_server_with_a_token(new_page):
    page = new_page()
    widget = Widget(page).open()
    widget.wait_for_choice(CONSENT)
    assert re.fullmatch(r"[0-9a-f]{32}", widget.session_id())
    assert re.fullmatch(r"[0-9a-f]{64}", widget.session_token())
    assert page.csp_violations == []


def test_another_tabs_session_id_put_in_storage_gets_a_new_conversation(new_page, servers):
    victim = Widget(new_page()).open()
    victim.click(CONSENT)
    victim.wait_for_choice("None of these")
    victim_id = victim.session_id()
    victim_events = servers.tracker(victim_id)["events"]

    page = new_page()
    attacker = Widget(page).open()
    attacker.wait_for_choice(CONSENT)
    # The id copied in (from a shared screen or a log), the token the tab has.
    page.evaluate("id => sessionStorage.setItem('massage-widget:session', id)", victim_id)
    page.reload()
    attacker = Widget(page)
    expect(page.locator(".mw-msg--notice")).to_contain_text("could not be continued")
    attacker.wait_for_choice(CONSENT)  # a new conversation, from its start
    assert attacker.session_id() != victim_id
    assert CONSENT not in attacker.user_texts()
    assert servers.tracker(victim_id)["events"] == victim_events
