"""What consent means, applied to both databases (DESIGN.md, "Privacy: what
consent means"): erasing everything stored of one conversation ("delete my
data" in the chat, the staff's `delete-person`) and the scheduled purge
(`python -m bot.staff.cli purge`, run by `make run` and `make cluster`).

The clinic's rows and the conversation history live in two databases, so each
is its own transaction: the clinic's rows first, then the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.callbacks import CallbackStore
from bot.storage.conversations import ConversationHistory, HistoryPurge
from bot.storage.database import DatabaseStore, check_conversation_id
from bot.storage.retention import RetentionPolicy, clinic_cutoff


@dataclass(frozen=True)
class Erased:
    """What was deleted of one conversation, counted as it was deleted."""

    intake_summaries: int
    callback_requests: int
    events: int
    messages: int  # of the events, what the person and the bot said

    @property
    def anything(self) -> bool:
        return bool(self.intake_summaries or self.callback_requests or self.events)


def erase_person(
    conversation_id: str, clinic: CallbackStore, history: ConversationHistory
) -> Erased:
    """Delete the intake summary, the callback requests and the whole history
    of one conversation."""
    conversation_id = check_conversation_id(conversation_id)
    rows = clinic.delete_person(conversation_id)
    erased = history.erase(conversation_id)
    return Erased(
        intake_summaries=rows["intake_summaries"],
        callback_requests=rows["callback_requests"],
        events=erased.events,
        messages=erased.messages,
    )


@dataclass(frozen=True)
class PurgeReport:
    history: HistoryPurge
    intake_summaries: int
    callback_requests: int

    @property
    def anything(self) -> bool:
        return bool(
            self.history.unconsented
            or self.history.expired
            or self.intake_summaries
            or self.callback_requests
        )


def purge(
    clinic: DatabaseStore,
    history: ConversationHistory,
    policy: RetentionPolicy,
    now: datetime,
    remove: bool = True,
) -> PurgeReport:
    """Erase what the policy no longer allows at `now` (timezone-aware); with
    `remove` False, only count it."""
    purged = history.purge(policy, now.timestamp(), remove)
    rows = clinic.expired_rows(clinic_cutoff(policy, now), remove)
    return PurgeReport(purged, rows["intake_summaries"], rows["callback_requests"])
