"""Conversation sessions of a bounded length, and what a new session keeps.

Every turn Rasa loads the current session's events from the tracker store,
replays them, lets each policy read the whole history, and writes it back; so
in one long conversation a turn cost more and more (bench/README.md, "Cost as
conversations grow": median 53 ms at turns 10-50, 219 ms at turns 210-250).
Rasa's unit of replay is the session (the SQL tracker store reads back only
the events since the latest `session_started`), so a session is kept short:

- **Long sessions are continued in a new one.** Before a message is handled,
  a session that already holds MAX_SESSION_MESSAGES messages is followed by a
  new session that starts where it stood: every slot that was set, the active
  form, then copies of the latest KEPT_MESSAGES messages and the actions after
  them, as Rasa applies them. From then on the rule policy reads the same
  states as it would have in the old session (tests/unit/
  test_conversation_sessions.py checks it at every point of every test story);
  the memoization policy, which reads with the rules' turns hidden, may see
  less of the past, but the rules decide every turn (config.yml). The actions
  read only the latest turns (channels/lean_actions.py). Nothing is deleted:
  the earlier sessions stay in the tracker store (the HTTP API's tracker,
  retention and "delete my data" see them all).
- **An idle person starts afresh.** After `session_expiration_time` without a
  message (domain.yml), Rasa starts a new session. Of the slots, it keeps only
  CARRIED_OVER_SLOTS: the person's answer to the consent question (it decides
  how long the conversation is kept, bot/storage/retention.py, and was given for
  the whole chat) and Rasa's own session metadata. The intake is asked again:
  pain and touch sensitivity change from one day to the next.
"""

from __future__ import annotations

import copy
import functools
import time
from typing import Any, List, Optional

from rasa.core.actions import action as rasa_action
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME, SESSION_START_METADATA_SLOT
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    LoopInterrupted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.conversations import COPIED_MARK
from bot.vocabulary.slots import Slot

# A session holding this many messages of the person is continued in a new one.
MAX_SESSION_MESSAGES = 20
# The latest messages (with the actions after them) the new session starts
# with: the longest rule looks back one message, the memoization policy four
# actions.
KEPT_MESSAGES = 3
# In the metadata of an event copied into a new session (it happened once;
# "delete my data" counts it once).
COPIED = COPIED_MARK
# What a session started after the person was idle keeps of the previous one.
CARRIED_OVER_SLOTS = (Slot.DATA_CONSENT, SESSION_START_METADATA_SLOT)


def messages_in_session(tracker: DialogueStateTracker) -> int:
    """The person's messages since the latest session start (newest first)."""
    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        if isinstance(event, UserUttered):
            count += 1
    return count


def _tail_start(events: List[Event], kept_messages: int) -> int:
    """Where the copied part starts: the `action_listen` before the
    `kept_messages`-th latest message (the start if there are fewer)."""
    messages = [i for i, event in enumerate(events) if isinstance(event, UserUttered)]
    if len(messages) < kept_messages:
        return 0
    start = messages[-kept_messages]
    before = events[start - 1] if start > 0 else None
    if isinstance(before, ActionExecuted) and before.action_name == ACTION_LISTEN_NAME:
        return start - 1
    return start


def _state_events(prior: DialogueStateTracker, now: float) -> List[Event]:
    """Events that set a fresh session to `prior`'s slots and active form."""
    events: List[Event] = [
        SlotSet(slot.name, slot.value, timestamp=now)
        for slot in prior.slots.values()
        if slot.has_been_set
    ]
    if prior.active_loop_name:
        events.append(ActiveLoop(prior.active_loop_name, timestamp=now))
        if prior.active_loop and prior.active_loop.is_interrupted:
            events.append(LoopInterrupted(True, timestamp=now))
    return events


def continuation_events(
    tracker: DialogueStateTracker, kept_messages: int = KEPT_MESSAGES, now: Optional[float] = None
) -> List[Event]:
    """A new session that continues `tracker`'s: `session_started`, the slots
    and active form as they were before the latest `kept_messages` messages,
    then copies of those messages and of the actions and slots after them.
    Copied from the events Rasa applies (what reverted messages and a form's
    hidden turns leave), which is what the policies read; not the bot's
    messages, which no policy or action reads. Each copy is marked COPIED in
    its metadata (a count of what was said can leave them out). All carry the
    time `now`: the SQL tracker store reads a session back by timestamp."""
    now = time.time() if now is None else now
    applied = tracker.applied_events()
    start = _tail_start(applied, kept_messages)
    prior = tracker.init_copy()
    for event in applied[:start]:
        prior.update(event)
    tail = []
    for event in applied[start:]:
        if isinstance(event, BotUttered):
            continue
        copied = copy.deepcopy(event)
        copied.timestamp = now
        copied.metadata = {**copied.metadata, COPIED: True}
        tail.append(copied)
    return [SessionStarted(timestamp=now), *_state_events(prior, now), *tail]


def continue_long_session(tracker: DialogueStateTracker) -> bool:
    """Starts the continuation of a session that reached MAX_SESSION_MESSAGES;
    whether it did."""
    if messages_in_session(tracker) < MAX_SESSION_MESSAGES:
        return False
    for event in continuation_events(tracker):
        tracker.update(event)
    return True


def carried_over_slot_events(tracker: DialogueStateTracker) -> List[SlotSet]:
    """The slots a session started after an idle time keeps (replaces Rasa's
    `ActionSessionStart._slot_set_events_from_tracker`, which keeps them all)."""
    return [
        SlotSet(name, tracker.slots[name].value)
        for name in CARRIED_OVER_SLOTS
        if name in tracker.slots and tracker.slots[name].has_been_set
    ]


def _install_session_continuation() -> None:
    original = MessageProcessor.fetch_tracker_and_update_session
    if getattr(original, "_clinic_continues_long_sessions", False):
        return

    @functools.wraps(original)
    async def fetch_tracker_and_update_session(
        self: MessageProcessor, *args: Any, **kwargs: Any
    ) -> DialogueStateTracker:
        tracker = await original(self, *args, **kwargs)
        continue_long_session(tracker)
        return tracker

    fetch_tracker_and_update_session._clinic_continues_long_sessions = True  # type: ignore[attr-defined]
    MessageProcessor.fetch_tracker_and_update_session = fetch_tracker_and_update_session  # type: ignore[method-assign]


def install() -> None:
    _install_session_continuation()
    rasa_action.ActionSessionStart._slot_set_events_from_tracker = staticmethod(  # type: ignore[method-assign]
        carried_over_slot_events
    )
