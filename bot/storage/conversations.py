"""The conversation histories: the `events` table of Rasa's SQL tracker store
(SQLite var/rasa_tracker.db by default, PostgreSQL in production).

Rasa creates and writes the table (through channels/tracker_store.py); this
module erases one conversation ("delete my data", `delete-person`) and purges
by the rules of bot.storage.retention. The columns are Rasa 3.6's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    delete,
    exists,
    func,
    inspect,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Engine, make_url

from bot.runtime.settings import tracker_database_url
from bot.storage.database import make_engine
from bot.storage.retention import (
    BOT_EVENT,
    EXPIRED,
    SLOT_EVENT,
    SLOT_RESETTING_EVENTS,
    UNCONSENTED,
    USER_EVENT,
    ConversationActivity,
    RetentionPolicy,
    consent_after,
    erase_reason,
    is_goodbye,
)
from bot.vocabulary.slots import Slot

# The action behind "delete my data": a turn that ran it erases its whole
# conversation, this turn included (channels/tracker_store.py).
ERASE_ACTION = "action_delete_data"

EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),  # for a SlotSet: the slot's name
    Column("data", Text),
)
MESSAGE_EVENTS = (USER_EVENT, BOT_EVENT)
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class ErasedHistory:
    events: int
    messages: int  # of the events, what the person and the bot said


@dataclass(frozen=True)
class HistoryPurge:
    unconsented: int  # conversations
    unconsented_events: int
    expired: int
    expired_events: int


def erase_events(connection: Connection, sender_id: str) -> ErasedHistory:
    """Delete every event of one conversation, all its sessions, inside the
    caller's transaction (a Connection or a Session)."""
    of_sender = EVENTS.c.sender_id == sender_id
    # A long conversation continues in a new session with copies of its latest
    # messages (channels/conversation_sessions.py): deleted, but not counted twice.
    copies = connection.execute(
        select(func.count()).where(
            of_sender,
            EVENTS.c.type_name.in_(MESSAGE_EVENTS),
            EVENTS.c.data.like(f'%"{COPIED_MARK}"%'),
        )
    ).scalar()
    messages = connection.execute(
        delete(EVENTS).where(of_sender, EVENTS.c.type_name.in_(MESSAGE_EVENTS))
    ).rowcount
    others = connection.execute(delete(EVENTS).where(of_sender)).rowcount
    said = int(messages or 0) - int(copies or 0)
    return ErasedHistory(events=int(messages or 0) + int(others or 0), messages=said)


# The metadata key of a message copied into a new session (channels/conversation_sessions.py).
COPIED_MARK = "copied_into_new_session"


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ConversationHistory:
    """The tracker store's events. `url` None means settings.tracker_database_url()."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url if url is not None else tracker_database_url()
        self._engine: Optional[Engine] = None

    def _engine_with_events(self) -> Optional[Engine]:
        """The engine, or None while there is no history at all (no SQLite
        file, or Rasa has not created its table yet): nothing is created here."""
        if self._engine is None:
            parsed = make_url(self.url)
            if parsed.get_backend_name() == "sqlite" and not (
                parsed.database and Path(parsed.database).is_file()
            ):
                return None
            self._engine = make_engine(self.url)
        if not inspect(self._engine).has_table(EVENTS.name):
            return None
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def erase(self, sender_id: str) -> ErasedHistory:
        """Delete the whole history of one conversation."""
        engine = self._engine_with_events()
        if engine is None:
            return ErasedHistory(events=0, messages=0)
        with engine.begin() as connection:
            return erase_events(connection, sender_id)

    def count(self, sender_id: str) -> int:
        engine = self._engine_with_events()
        if engine is None:
            return 0
        with engine.connect() as connection:
            return int(
                connection.execute(
                    select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id == sender_id)
                ).scalar_one()
            )

    def activities(self) -> List[ConversationActivity]:
        """Every conversation: when it was last active, whether consent stands,
        whether it ended with goodbye."""
        engine = self._engine_with_events()
        if engine is None:
            return []
        with engine.connect() as connection:
            latest = connection.execute(_latest_per_conversation()).all()
            wanted = [i for row in latest for i in (row.consent_event, row.user_event) if i]
            events = _events_by_id(connection, wanted)
        activities = []
        for row in latest:
            consent = events.get(row.consent_event)
            user = events.get(row.user_event)
            activities.append(
                ConversationActivity(
                    sender_id=row.sender_id,
                    last_active=float(row.last_active or 0.0),
                    consented=bool(consent) and consent_after(consent.type_name, consent.data),
                    ended=user is not None and is_goodbye(user.intent_name),
                )
            )
        return activities

    def purge(self, policy: RetentionPolicy, now: float, remove: bool = True) -> HistoryPurge:
        """Erase (or with `remove` False, only count) the histories the policy
        no longer allows. A conversation that became active again meanwhile is kept."""
        tally = {UNCONSENTED: [0, 0], EXPIRED: [0, 0]}  # conversations, events
        engine = self._engine_with_events()
        if engine is not None:
            for activity in self.activities():
                reason = erase_reason(activity, policy, now)
                if reason is None:
                    continue
                with engine.begin() as connection:
                    events = _erase_if_still_idle(connection, activity, remove)
                if events:
                    tally[reason][0] += 1
                    tally[reason][1] += events
        return HistoryPurge(*tally[UNCONSENTED], *tally[EXPIRED])


def _latest_per_conversation():
    """Per conversation: its newest timestamp, its newest consent event (a
    SlotSet of data_consent or an event that resets slots) and its newest user
    message, as event ids."""
    is_consent_event = or_(
        EVENTS.c.type_name.in_(SLOT_RESETTING_EVENTS),
        and_(EVENTS.c.type_name == SLOT_EVENT, EVENTS.c.action_name == Slot.DATA_CONSENT),
    )
    return select(
        EVENTS.c.sender_id,
        func.max(EVENTS.c.timestamp).label("last_active"),
        func.max(case((is_consent_event, EVENTS.c.id))).label("consent_event"),
        func.max(case((EVENTS.c.type_name == USER_EVENT, EVENTS.c.id))).label("user_event"),
    ).group_by(EVENTS.c.sender_id)


def _events_by_id(connection: Connection, ids: Iterable[int]) -> Dict[int, object]:
    found: Dict[int, object] = {}
    for chunk in _chunks(sorted(set(ids)), _LOOKUP_CHUNK):
        query = select(EVENTS.c.id, EVENTS.c.type_name, EVENTS.c.intent_name, EVENTS.c.data).where(
            EVENTS.c.id.in_(chunk)
        )
        found.update({row.id: row for row in connection.execute(query)})
    return found


def _erase_if_still_idle(
    connection: Connection, activity: ConversationActivity, remove: bool
) -> int:
    """Delete (or count) the conversation's events unless one is newer than
    the activity the decision was made on; the number of events."""
    newer = EVENTS.alias("newer")
    still_idle = and_(
        EVENTS.c.sender_id == activity.sender_id,
        ~exists().where(
            newer.c.sender_id == activity.sender_id, newer.c.timestamp > activity.last_active
        ),
    )
    if remove:
        return int(connection.execute(delete(EVENTS).where(still_idle)).rowcount or 0)
    return int(
        connection.execute(select(func.count()).select_from(EVENTS).where(still_idle)).scalar_one()
    )
