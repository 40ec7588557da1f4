"""The tracker store's save (channels/tracker_store.py, issue 15): the event broker
gets each new event once, from what the save writes, without the conversation
being loaded a second time; SQLite keeps a write-ahead log."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import List

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.conversations import ERASE_ACTION
from channels.tracker_store import ClinicSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


class ListBroker(EventBroker):
    def __init__(self) -> None:
        self.published: List[dict] = []

    def publish(self, event: dict) -> None:
        self.published.append(event)


def _store(tmp_path: Path) -> ClinicSQLTrackerStore:
    return ClinicSQLTrackerStore(
        DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"), event_broker=ListBroker()
    )


def _turn(store: ClinicSQLTrackerStore, sender: str, text: str, intent: str = "inform") -> None:
    tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, DOMAIN.slots)
    tracker.update(UserUttered(text, {"name": intent, "confidence": 1.0}))
    tracker.update(BotUttered(f"heard {text}"))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))


def _stored(tmp_path: Path, sender: str) -> List[str]:
    with sqlite3.connect(tmp_path / "t.db") as connection:
        rows = connection.execute(
            "SELECT type_name FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [row[0] for row in rows]


def test_the_broker_gets_every_stored_event_once_in_order(tmp_path):
    store = _store(tmp_path)
    for text in ("hello", "my neck", "a 5"):
        _turn(store, "person", text)
    published = [e["event"] for e in store.event_broker.published]
    assert published == _stored(tmp_path, "person")
    assert [e["text"] for e in store.event_broker.published if e["event"] == "user"] == [
        "hello",
        "my neck",
        "a 5",
    ]
    assert {e["sender_id"] for e in store.event_broker.published} == {"person"}


def test_a_save_does_not_load_the_conversation_again(tmp_path, monkeypatch):
    store = _store(tmp_path)
    _turn(store, "person", "hello")
    tracker = asyncio.run(store.retrieve("person"))
    tracker.update(UserUttered("my neck", {"name": "inform", "confidence": 1.0}))

    async def no_retrieve(sender_id):
        raise AssertionError("the save loaded the conversation again")

    monkeypatch.setattr(store, "retrieve", no_retrieve)
    asyncio.run(store.save(tracker))
    assert store.event_broker.published[-1]["text"] == "my neck"


def test_a_turn_that_erases_the_conversation_streams_nothing(tmp_path):
    store = _store(tmp_path)
    _turn(store, "person", "I'm pregnant")
    before = len(store.event_broker.published)
    tracker = asyncio.run(store.retrieve("person"))
    tracker.update(UserUttered("delete my data", {"name": "delete_data", "confidence": 1.0}))
    tracker.update(ActionExecuted(ERASE_ACTION))
    asyncio.run(store.save(tracker))
    assert _stored(tmp_path, "person") == []
    assert len(store.event_broker.published) == before


def test_rows_deleted_during_a_turn_stay_deleted_and_the_turn_is_still_counted(tmp_path):
    store = _store(tmp_path)
    _turn(store, "person", "hello")
    tracker = asyncio.run(store.retrieve("person"))
    with sqlite3.connect(tmp_path / "t.db") as connection:  # staff delete-person meanwhile
        connection.execute("DELETE FROM events WHERE sender_id = 'person'")
    tracker.update(UserUttered("my neck", {"name": "inform", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
    assert _stored(tmp_path, "person") == []
    assert store.event_broker.published[-1]["text"] == "my neck"


def test_sqlite_keeps_a_write_ahead_log_and_reuses_connections(tmp_path):
    store = _store(tmp_path)
    _turn(store, "person", "hello")
    with store.engine.connect() as connection:
        mode = connection.execute(sa.text("PRAGMA journal_mode")).scalar()
    assert mode == "wal"
    assert isinstance(store.engine.pool, sa.pool.QueuePool)


def test_the_store_reads_and_counts_what_rasas_store_reads(tmp_path):
    """The prepared statements (latest session, all sessions, the count) give what
    Rasa's SQLTrackerStore queries give, for a conversation of several sessions."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted

    store = _store(tmp_path)
    _turn(store, "person", "hello")
    tracker = asyncio.run(store.retrieve("person"))
    tracker.update(SessionStarted(timestamp=tracker.events[-1].timestamp + 1))
    asyncio.run(store.save(tracker))
    _turn(store, "person", "my neck")
    _turn(store, "other", "hi")
    rasas = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))

    for read in ("retrieve", "retrieve_full_tracker"):
        ours = asyncio.run(getattr(store, read)("person"))
        theirs = asyncio.run(getattr(rasas, read)("person"))
        assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in theirs.events]
    assert len(asyncio.run(store.retrieve("person")).events) < len(
        asyncio.run(store.retrieve_full_tracker("person")).events
    )
    with store.session_scope() as session:
        ours = session.execute(store._queries.session_count, {"sender_id": "person"}).scalar_one()
        theirs = rasas._event_query(session, "person", False).count()
    assert ours == theirs > 0
    assert asyncio.run(store.retrieve("nobody")) is None
