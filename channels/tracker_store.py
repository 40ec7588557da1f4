"""Rasa's SQL tracker store, with what consent means for the conversation
history (DESIGN.md, "Privacy: what consent means"). Configured in endpoints.yml
and deploy/endpoints.production.yml as
`type: channels.tracker_store.ClinicSQLTrackerStore`, same settings as `SQL`.

Rasa's SQLTrackerStore.save() appends the events it believes are not stored
yet by counting the rows already there. So rows deleted while a turn runs (by
"delete my data" on the action server, or the staff's `delete-person`) came
back whole at the end of that turn. This store, at the end of a turn:

- that ran "delete my data" (bot.storage.conversations.ERASE_ACTION), deletes
  every event of the conversation instead of saving: nothing of it is left,
  not even that turn;
- whose conversation lost rows since it was loaded (deleted meanwhile), deletes
  what is left instead of writing the conversation back;
- otherwise saves as Rasa does.

The event broker gets the events the save wrote (Rasa's stream_events loads
the stored conversation a second time to find them), and a SQLite file keeps
a write-ahead log and pooled connections: together they halve the store's
time per turn (bench/README.md, issue 15).

Its engine hides bound values in errors (no message text, names or phone
numbers in logs). The purge of idle and expired histories is
bot.storage.privacy's (`python -m bot.staff.cli purge`).
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.storage.conversations import ERASE_ACTION, erase_events

# Conversations whose loaded size one server remembers from a turn's start to
# its save (the oldest are forgotten first; a forgotten one is saved as Rasa does).
REMEMBERED_CONVERSATIONS = 10_000


def _engine(url: sa.engine.URL) -> sa.engine.Engine:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
    # SQLAlchemy 1.4 opens a new SQLite connection for every session of a file
    # database (three a turn); a pool keeps them.
    engine = sa.create_engine(
        url,
        hide_parameters=True,
        poolclass=sa.pool.QueuePool,
        connect_args={"check_same_thread": False},
    )
    sa.event.listen(engine, "connect", _write_ahead_log)
    return engine


def _write_ahead_log(dbapi_connection: Any, _record: Any) -> None:
    """Each turn commits, and Rasa's event loop waits for it. With a write-ahead
    log, a commit is an append synced at checkpoints: a crashed server loses
    nothing, a power cut at worst the last turns, and the file never corrupts."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def turn_erases_conversation(tracker: DialogueStateTracker) -> bool:
    """Whether the delete action ran since the person's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False


class _EventQueries:
    """Rasa's queries of one conversation's events (`SQLTrackerStore._event_query`:
    the latest session is every event from the latest session start's timestamp,
    or all of them when there is none), built once as plain SQL statements."""

    def __init__(self, events: sa.Table) -> None:
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        in_session = sa.or_(events.c.timestamp >= session_start, session_start.is_(None))
        self.all_sessions = (
            sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        )
        self.session = self.all_sessions.where(in_session)
        self.session_count = (
            sa.select(sa.func.count())
            .select_from(events)
            .where(events.c.sender_id == sender, in_session)
        )


class ClinicSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = _engine(url)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._loaded: "OrderedDict[str, int]" = OrderedDict()
        self._queries = _EventQueries(self.SQLEvent.__table__)

    async def _retrieve(
        self, sender_id: Text, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        """Rasa's, with the rows read by one prepared statement (the event data
        only) instead of the ORM's query and objects for every event."""
        query = (
            self._queries.all_sessions if fetch_events_from_all_sessions else self._queries.session
        )
        with self.session_scope() as session:
            rows = session.execute(query, {"sender_id": sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        events = [json.loads(data) for data in rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        tracker = await super().retrieve(sender_id)
        self._remember_loaded(sender_id, len(tracker.events) if tracker is not None else 0)
        return tracker

    def _remember_loaded(self, sender_id: str, events: int) -> None:
        self._loaded[sender_id] = events
        self._loaded.move_to_end(sender_id)
        while len(self._loaded) > REMEMBERED_CONVERSATIONS:
            self._loaded.popitem(last=False)

    async def save(self, tracker: DialogueStateTracker) -> None:
        loaded = self._loaded.pop(tracker.sender_id, None)
        erase = turn_erases_conversation(tracker)
        with self.session_scope() as session:
            stored = session.execute(
                self._queries.session_count, {"sender_id": tracker.sender_id}
            ).scalar_one()
            if erase or (loaded is not None and stored < loaded):
                erase_events(session, tracker.sender_id)
                new_events = [] if erase else list(itertools.islice(tracker.events, loaded, None))
            else:
                new_events = list(itertools.islice(tracker.events, stored, None))
                if new_events:
                    # one INSERT for the turn's events, not the ORM's unit of work
                    session.execute(
                        sa.insert(self.SQLEvent.__table__),
                        [self._row(tracker.sender_id, event) for event in new_events],
                    )
            session.commit()
        await self._stream(tracker.sender_id, new_events)

    async def _stream(self, sender_id: str, new_events: List[Event]) -> None:
        """Hands the turn's events to the broker. Rasa's stream_events finds them
        by loading the stored conversation again; the save already knows them."""
        if self.event_broker is not None and new_events:
            await self._stream_new_events(self.event_broker, new_events, sender_id)

    @staticmethod
    def _row(sender_id: str, event: Event) -> Dict[str, Any]:
        """The row Rasa's SQLTrackerStore.save() writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
