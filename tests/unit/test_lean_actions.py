"""What Rasa sends the action server (channels/lean_actions.py): the current
session's events only, everything else as Rasa sends it; and Rasa's event
types looked up once (channels/event_types.py)."""

from __future__ import annotations

import json
import time

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

import channels  # noqa: F401  (installs both)
from bot.vocabulary.slots import Slot
from channels import event_types
from channels.conversation_sessions import continue_long_session
from channels.lean_actions import (
    events_of_current_session,
    lean_action_call_format,
    rasa_action_call_format,
)
from tests.unit.test_conversation_sessions import DOMAIN, consented_conversation, question_turn

ENDPOINT = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=True)


def two_sessions() -> DialogueStateTracker:
    first = time.time() - 100
    return DialogueStateTracker.from_events(
        "someone",
        [
            SessionStarted(timestamp=first),
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=first),
            UserUttered("I'm pregnant", {"name": "inform"}, timestamp=first),
            SlotSet(Slot.RED_FLAGS, ["pregnancy"], timestamp=first),
            SessionStarted(timestamp=first + 50),
            SlotSet(Slot.RED_FLAGS, ["pregnancy"], timestamp=first + 50),
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=first + 50),
            UserUttered("why?", {"name": "ask_why"}, timestamp=first + 51),
        ],
        slots=DOMAIN.slots,
    )


def test_the_lean_format_is_installed():
    assert RemoteAction._action_call_format is lean_action_call_format


def test_only_the_current_session_is_sent():
    call = RemoteAction("action_explain_why", ENDPOINT)._action_call_format(two_sessions(), DOMAIN)
    events = call["tracker"]["events"]
    assert [e["event"] for e in events] == ["session_started", "slot", "action", "user"]
    assert "I'm pregnant" not in json.dumps(call)


def test_everything_else_is_what_rasa_sends():
    tracker = two_sessions()
    for name in ("action_explain_why", "validate_callback_form"):  # without, with the domain
        action = RemoteAction(name, ENDPOINT)
        ours, rasas = (
            lean_action_call_format(action, tracker, DOMAIN),
            rasa_action_call_format(action, tracker, DOMAIN),
        )
        ours_tracker, rasas_tracker = ours.pop("tracker"), rasas.pop("tracker")
        assert ours == rasas
        assert {k: v for k, v in ours_tracker.items() if k != "events"} == {
            k: v for k, v in rasas_tracker.items() if k != "events"
        }
        theirs = rasas_tracker["events"][-len(ours_tracker["events"]) :]
        assert [e["event"] for e in theirs] == [e["event"] for e in ours_tracker["events"]]
        for mine, rasas_event in zip(ours_tracker["events"], theirs):
            if mine["event"] in ("user", "bot"):  # messages: when, and on which channel
                assert mine == {k: rasas_event.get(k) for k in mine}
            else:
                assert mine == rasas_event


def test_earlier_messages_go_without_what_was_said():
    """The actions read the latest message from the tracker's state; earlier ones
    only as having happened (tracker_state.history) and their channel."""
    tracker = two_sessions()
    tracker.update(BotUttered("Here is why", {"buttons": [{"title": "ok", "payload": "/ok"}]}))
    tracker.update(UserUttered("my neck, really sore", {"name": "inform"}, input_channel="rest"))
    call = RemoteAction("action_explain_why", ENDPOINT)._action_call_format(tracker, DOMAIN)
    assert call["tracker"]["latest_message"]["text"] == "my neck, really sore"
    events = call["tracker"]["events"]
    assert "Here is why" not in json.dumps(events) and "why?" not in json.dumps(events)
    assert events[-1] == {
        "event": "user",
        "timestamp": tracker.events[-1].timestamp,
        "input_channel": "rest",
    }
    assert events[-2] == {"event": "bot", "timestamp": tracker.events[-2].timestamp}


def test_a_restart_starts_what_is_sent_too():
    tracker = DialogueStateTracker.from_events(
        "someone",
        [UserUttered("hi", {"name": "greet"}), Restarted(), UserUttered("hi", {"name": "greet"})],
        slots=DOMAIN.slots,
    )
    assert [e.type_name for e in events_of_current_session(tracker)] == ["restart", "user"]


def test_without_a_session_start_every_event_is_sent():
    tracker = DialogueStateTracker.from_events(
        "someone", [UserUttered("hi", {"name": "greet"})], slots=DOMAIN.slots
    )
    assert len(events_of_current_session(tracker)) == 1


def test_what_is_sent_does_not_grow_with_the_conversation():
    """Turn 250 sends no more than turn 30 (the session is continued, and only
    the session is sent): Rasa's own format grows with every turn."""
    tracker = consented_conversation(time.time() - 1000)
    action = RemoteAction("action_explain_why", ENDPOINT)
    sizes = {}
    for turn in range(1, 251):
        continue_long_session(tracker)
        question_turn(tracker, time.time() - 900 + turn)
        if turn in (30, 250):
            sizes[turn] = (
                len(json.dumps(lean_action_call_format(action, tracker, DOMAIN))),
                len(json.dumps(rasa_action_call_format(action, tracker, DOMAIN))),
            )
    ours_30, rasas_30 = sizes[30]
    ours_250, rasas_250 = sizes[250]
    assert ours_250 <= 1.1 * ours_30
    assert rasas_250 > 4 * rasas_30


@pytest.mark.parametrize(
    "event_class", [cls for cls in all_subclasses(Event) if cls.type_name != "event"]
)
def test_an_event_type_resolves_to_rasas_class(event_class):
    name = event_class.type_name
    assert Event.resolve_by_type(name) is event_types._original_resolve_by_type(name)


def test_unknown_event_types_are_answered_as_rasa_answers_them():
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no such event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no such event")
