"""What Rasa sends the action server: the current session's events, not the
conversation's whole history.

Rasa 3.6 (`RemoteAction._action_call_format`) serialises every event the
tracker holds into each call, two or three calls per turn, so a turn cost more
the longer the conversation had been (bench/README.md, "Cost as conversations
grow"). The actions read only the latest turns (`actions/tracker_state.py`:
the failed answers to the question asked now, the slots set since the last
message; rasa_sdk: the slots to validate since the last message), and the
slots, the active form and the latest message come in the tracker's state
anyway. So the events sent are those since the latest session start or restart
(that event included), and its messages without what was said (the latest
message comes whole in the tracker's state); channels/conversation_sessions.py
keeps a session short. Everything else in the call is Rasa's, unchanged.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

import rasa
from rasa.core.actions import action as rasa_action
from rasa.shared.core.events import BotUttered, Event, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

# Events after which nothing earlier tells an action anything.
SESSION_BOUNDARIES = (SessionStarted, Restarted)
# Rasa's own, which sends every event (kept for comparison in the tests).
rasa_action_call_format = rasa_action.RemoteAction._action_call_format


def events_of_current_session(tracker: DialogueStateTracker) -> List[Event]:
    """The events since the latest session start or restart, that one included
    (all of them when there is none). Walks back from the newest event only."""
    newest_first = []
    for event in reversed(tracker.events):
        newest_first.append(event)
        if isinstance(event, SESSION_BOUNDARIES):
            break
    newest_first.reverse()
    return newest_first


def _as_actions_read_it(event: Event) -> Dict[Text, Any]:
    """An event as the action server gets it. Of earlier messages, the actions
    read only that they happened and on which channel (the latest message comes
    whole in the tracker's state), so a message goes without its text and parse
    data: a smaller call (a test conversation of 37 events: 5.3 instead of 7.2 KB),
    and what was said stays in Rasa."""
    if isinstance(event, UserUttered):
        return {
            "event": UserUttered.type_name,
            "timestamp": event.timestamp,
            "input_channel": event.input_channel,
        }
    if isinstance(event, BotUttered):
        return {"event": BotUttered.type_name, "timestamp": event.timestamp}
    return event.as_dict()


def lean_action_call_format(
    self: rasa_action.RemoteAction, tracker: DialogueStateTracker, domain: Any
) -> Dict[Text, Any]:
    """`RemoteAction._action_call_format` with the current session's events only."""
    tracker_state = tracker.current_state(EventVerbosity.NONE)
    tracker_state["events"] = [_as_actions_read_it(e) for e in events_of_current_session(tracker)]
    result = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker_state,
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        result["domain"] = domain.as_dict()
    return result


def install() -> None:
    rasa_action.RemoteAction._action_call_format = lean_action_call_format
