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

Its engine hides bound values in errors (no message text, names or phone
numbers in logs). The purge of idle and expired histories is
bot.storage.privacy's (`python -m bot.staff.cli purge`).
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from typing import Any, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.storage.conversations import ERASE_ACTION, erase_events

# Conversations whose loaded size one server remembers from a turn's start to
# its save (the oldest are forgotten first; a forgotten one is saved as Rasa does).
REMEMBERED_CONVERSATIONS = 10_000


def turn_erases_conversation(tracker: DialogueStateTracker) -> bool:
    """Whether the delete action ran since the person's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False


class ClinicSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._loaded: "OrderedDict[str, int]" = OrderedDict()

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
        if not erase:
            await self.stream_events(tracker)
        with self.session_scope() as session:
            stored = self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False
            ).count()
            if erase or (loaded is not None and stored < loaded):
                erase_events(session, tracker.sender_id)
            else:
                for event in itertools.islice(tracker.events, stored, None):
                    session.add(self._row(tracker.sender_id, event))
            session.commit()

    def _row(self, sender_id: str, event: Event) -> "SQLTrackerStore.SQLEvent":
        """The row Rasa's SQLTrackerStore.save() writes for an event."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )
