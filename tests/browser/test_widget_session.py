"""Session persistence over socket.io: a reload continues the same conversation
(same Rasa sender, history shown again, the open question's buttons back), and
"Start over" starts a new one."""

from __future__ import annotations

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
