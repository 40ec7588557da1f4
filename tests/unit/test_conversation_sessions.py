"""Sessions of a bounded length (channels/conversation_sessions.py): a long
session is continued in a new one that the rule policy reads exactly as the
old one, the tracker store then reads back only the new session, nothing is
lost for "delete my data", and a session started after an idle time keeps
only the consent answer."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph

import channels  # noqa: F401  (installs the session handling)
from bot.storage.conversations import ERASE_ACTION, ConversationHistory
from bot.vocabulary.slots import Slot
from channels.conversation_sessions import (
    COPIED,
    KEPT_MESSAGES,
    MAX_SESSION_MESSAGES,
    continuation_events,
    continue_long_session,
    messages_in_session,
)
from channels.tracker_store import ClinicSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
STORY_FILES = sorted((ROOT / "tests" / "stories").glob("*.yml")) + sorted(
    (ROOT / "data" / "stories").glob("*.yml")
)


def tracker_of(events: List[Event], sender: str = "someone") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, events, slots=DOMAIN.slots)


def story_conversations() -> List[List[Event]]:
    """Every test story and training story, as the events of a conversation."""
    steps = []
    for path in STORY_FILES:
        steps += YAMLStoryReader(DOMAIN).read_from_file(str(path))
    generator = TrainingDataGenerator(
        StoryGraph(steps), DOMAIN, augmentation_factor=0, remove_duplicates=False
    )
    return [list(tracker.events) for tracker in generator.generate()]


def waiting_for_a_message(events: List[Event]) -> Iterator[List[Event]]:
    """Each point of the conversation where the bot waits for the person."""
    for end, event in enumerate(events, start=1):
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            yield events[:end]


def loop_state(tracker: DialogueStateTracker) -> Tuple:
    loop = tracker.active_loop
    return (loop.name, loop.is_interrupted, loop.rejected) if loop else ()


def continued(events: List[Event], kept: int = KEPT_MESSAGES) -> DialogueStateTracker:
    tracker = tracker_of(events)
    for event in continuation_events(tracker, kept):
        tracker.update(event)
    return tracker


def question_turn(tracker: DialogueStateTracker, at: float, text: str = "why?") -> None:
    """One turn of the person asking and the bot answering."""
    for event in (
        UserUttered(text, {"name": "ask_why", "confidence": 1.0}, timestamp=at),
        ActionExecuted("action_explain_why", timestamp=at),
        BotUttered("Because...", timestamp=at),
        ActionExecuted(ACTION_LISTEN_NAME, timestamp=at),
    ):
        tracker.update(event)


def consented_conversation(
    start: float, sender: str = "someone", consent: bool = True
) -> DialogueStateTracker:
    return tracker_of(
        [
            SessionStarted(timestamp=start),
            ActionExecuted(ACTION_LISTEN_NAME, timestamp=start),
            SlotSet(Slot.DATA_CONSENT, consent, timestamp=start),
            SlotSet(Slot.PAIN_INTENSITY, 7.0, timestamp=start),
            SlotSet(Slot.PRESSURE_PREFERENCE, "firm", timestamp=start),
        ],
        sender,
    )


STORIES = story_conversations()


def test_the_stories_give_conversations_to_check():
    assert len(STORIES) >= 30
    assert any(isinstance(e, ActiveLoop) and e.name == "intake_form" for s in STORIES for e in s)


def assert_read_alike(new: DialogueStateTracker, old: DialogueStateTracker) -> None:
    """The same slots, active form and latest action, and every state the rule
    policy reads in the new session (but its own first) is the old one's."""
    assert new.current_slot_values() == old.current_slot_values()
    assert loop_state(new) == loop_state(old)
    assert new.latest_action_name == old.latest_action_name
    new_states, old_states = new.past_states(DOMAIN), old.past_states(DOMAIN)
    assert new_states[1:] == old_states[len(old_states) - len(new_states) + 1 :]


@pytest.mark.parametrize("kept", [1, 2, KEPT_MESSAGES])
def test_the_rule_policy_reads_a_continued_session_as_the_old_one(kept):
    """A story is continued in a new session wherever it waits for a message
    (inside forms too), then goes on: at that point and at every later one the
    rule policy reads the same as in the story without the new session."""
    checked = 0
    for story in STORIES:
        points = [len(prefix) for prefix in waiting_for_a_message(story)]
        for index, cut in enumerate(points):
            new = continued(story[:cut], kept)
            assert_read_alike(new, tracker_of(story[:cut]))
            for previous, later in zip(points[index:], points[index + 1 :]):
                for event in story[previous:later]:
                    new.update(event)
                assert_read_alike(new, tracker_of(story[:later]))
                checked += 1
    assert checked > 500


def test_a_continued_session_starts_with_the_latest_messages_only():
    tracker = consented_conversation(time.time() - 100)
    for turn in range(30):
        question_turn(tracker, time.time() - 90 + turn, f"why {turn}?")
    new = continued(list(tracker.events))
    session = list(new.events)[len(tracker.events) :]
    assert isinstance(session[0], SessionStarted)
    copied = [e for e in session if isinstance(e, UserUttered)]
    assert [e.text for e in copied] == [f"why {turn}?" for turn in range(30 - KEPT_MESSAGES, 30)]
    # marked as copies (said once), and the bot's messages are not said again
    assert all(e.metadata.get(COPIED) for e in copied)
    assert not any(isinstance(e, BotUttered) for e in session)
    assert new.get_slot(Slot.PAIN_INTENSITY) == 7.0 and new.get_slot(Slot.DATA_CONSENT) is True


def test_every_event_of_the_new_session_is_dated_from_its_start():
    """Rasa's SQL store reads a session back by timestamp: a copied event
    keeping its old time would be lost on the next turn."""
    tracker = consented_conversation(time.time() - 100)
    for turn in range(5):
        question_turn(tracker, time.time() - 90 + turn)
    events = continuation_events(tracker, now=12345.0)
    assert {event.timestamp for event in events} == {12345.0}


def test_a_session_is_continued_once_it_holds_the_maximum():
    tracker = consented_conversation(time.time() - 100)
    for turn in range(MAX_SESSION_MESSAGES - 1):
        question_turn(tracker, time.time() - 90 + turn)
    before = len(tracker.events)
    assert continue_long_session(tracker) is False
    assert len(tracker.events) == before
    question_turn(tracker, time.time() - 50)
    assert continue_long_session(tracker) is True
    assert messages_in_session(tracker) == KEPT_MESSAGES


def test_the_session_stays_short_however_long_the_conversation():
    tracker = consented_conversation(time.time() - 1000)
    longest = 0
    for turn in range(250):
        continue_long_session(tracker)
        question_turn(tracker, time.time() - 900 + turn)
        longest = max(longest, messages_in_session(tracker))
    assert longest == MAX_SESSION_MESSAGES
    assert tracker.get_slot(Slot.PAIN_INTENSITY) == 7.0


class StoredConversation:
    """What MessageProcessor.fetch_tracker_and_update_session asks of its
    processor: the stored tracker, and the idle-session check (none here)."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self.tracker = tracker

    async def get_tracker(self, sender_id: str) -> DialogueStateTracker:
        return self.tracker

    async def _update_tracker_session(self, tracker, output_channel, metadata) -> None:
        return None


def test_the_processor_continues_a_long_session_when_it_fetches_it():
    tracker = consented_conversation(time.time() - 100)
    for turn in range(MAX_SESSION_MESSAGES):
        question_turn(tracker, time.time() - 90 + turn)
    fetch = MessageProcessor.fetch_tracker_and_update_session
    fetched = asyncio.run(fetch(StoredConversation(tracker), "someone"))
    assert messages_in_session(fetched) == KEPT_MESSAGES


def _rows(db: Path, sender: str) -> List[Tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT type_name, action_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


def test_the_tracker_store_reads_back_only_the_continued_session(tmp_path):
    db = tmp_path / "tracker.db"
    store = ClinicSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    sender = "long-talker"
    tracker = consented_conversation(time.time() - 100, sender)
    for turn in range(MAX_SESSION_MESSAGES):
        question_turn(tracker, time.time() - 90 + turn)
    asyncio.run(store.save(tracker))
    stored_before = len(_rows(db, sender))

    loaded = asyncio.run(store.retrieve(sender))
    assert continue_long_session(loaded)
    asyncio.run(store.save(loaded))

    again = asyncio.run(store.retrieve(sender))
    assert isinstance(again.events[0], SessionStarted)
    assert messages_in_session(again) == KEPT_MESSAGES
    assert sum(isinstance(e, UserUttered) for e in again.events) == KEPT_MESSAGES
    assert again.current_slot_values() == tracker.current_slot_values()
    # nothing was deleted: the earlier session is still stored
    assert len(_rows(db, sender)) == stored_before + len(again.events)


@pytest.mark.parametrize("consent", [True, False])
def test_retention_reads_the_consent_answer_after_a_continued_session(tmp_path, consent):
    """The purge keeps or erases a history by its newest consent event: the
    new session's session_started would read as no consent without the answer
    set again after it."""
    db = tmp_path / "tracker.db"
    store = ClinicSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    tracker = consented_conversation(time.time() - 100, "asked", consent)
    for turn in range(MAX_SESSION_MESSAGES):
        question_turn(tracker, time.time() - 90 + turn)
    continue_long_session(tracker)
    asyncio.run(store.save(tracker))
    history = ConversationHistory(f"sqlite:///{db}")
    try:
        [activity] = history.activities()
    finally:
        history.dispose()
    assert activity.consented is consent


def test_delete_my_data_after_a_continued_session_leaves_no_event(tmp_path):
    db = tmp_path / "tracker.db"
    store = ClinicSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    sender = "wants-it-gone"
    tracker = consented_conversation(time.time() - 100, sender)
    for turn in range(MAX_SESSION_MESSAGES):
        question_turn(tracker, time.time() - 90 + turn, "I'm pregnant and on warfarin")
    asyncio.run(store.save(tracker))
    loaded = asyncio.run(store.retrieve(sender))
    continue_long_session(loaded)
    asyncio.run(store.save(loaded))
    assert [row for row in _rows(db, sender) if row[0] == "session_started"][1:]

    loaded = asyncio.run(store.retrieve(sender))
    for event in (
        UserUttered("delete my data", {"name": "delete_data", "confidence": 1.0}),
        ActionExecuted(ERASE_ACTION),
    ):
        loaded.update(event)
    asyncio.run(store.save(loaded))
    assert _rows(db, sender) == []


def test_a_session_after_an_idle_time_keeps_only_the_consent_answer():
    tracker = consented_conversation(time.time() - 2 * 3600)
    question_turn(tracker, time.time() - 2 * 3600)
    events = asyncio.run(ActionSessionStart().run(None, None, tracker, DOMAIN))
    assert isinstance(events[0], SessionStarted)
    assert [(e.key, e.value) for e in events if isinstance(e, SlotSet)] == [
        (Slot.DATA_CONSENT, True)
    ]
    for event in events:
        tracker.update(event)
    assert tracker.get_slot(Slot.DATA_CONSENT) is True
    assert tracker.get_slot(Slot.PAIN_INTENSITY) is None
    assert tracker.get_slot(Slot.PRESSURE_PREFERENCE) is None


def test_a_session_after_an_idle_time_keeps_a_refusal_too():
    tracker = tracker_of([SessionStarted(), SlotSet(Slot.DATA_CONSENT, False)])
    events = asyncio.run(ActionSessionStart().run(None, None, tracker, DOMAIN))
    assert [(e.key, e.value) for e in events if isinstance(e, SlotSet)] == [
        (Slot.DATA_CONSENT, False)
    ]


def test_the_domain_expires_idle_sessions():
    assert DOMAIN.session_config.are_sessions_enabled()
    assert DOMAIN.session_config.session_expiration_time == 60
