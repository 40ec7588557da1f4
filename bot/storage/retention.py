"""How long what is stored may stay: the rules of DESIGN.md "Privacy: what
consent means", as pure functions (no database; bot.storage.conversations and
bot.storage.privacy apply them).

- Without consent, a conversation's history is erased once the conversation
  ends (the person's last message said goodbye) or has been idle for
  `unconsented_idle_seconds`.
- Every conversation's history is erased once it has been idle for
  `tracker_retention_seconds`, consent or not.
- The clinic's rows (intake summaries, callback requests) are erased once they
  have not changed for `clinic_retention_seconds`.

Consent is the `data_consent` slot as the conversation's newest consent event
left it: true keeps the history until its retention; false, unset, reset by
"start over" or a restart, or a new session that did not carry it over, does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from bot.runtime.settings import RetentionSettings
from bot.vocabulary.slots import Slot

# Rasa's event type names (the `type_name` column of its `events` table).
SLOT_EVENT = "slot"
USER_EVENT = "user"
BOT_EVENT = "bot"
# Events that leave every slot unset (a new session's own SlotSet events, which
# carry slots over, come after its session_started).
SLOT_RESETTING_EVENTS = ("reset_slots", "restart", "session_started")
# The person's words that close a conversation.
GOODBYE_INTENT = "goodbye"

# Why a conversation's history is erased.
UNCONSENTED = "unconsented"
EXPIRED = "expired"

SECONDS_PER_MINUTE = 60
SECONDS_PER_DAY = 24 * 60 * 60


@dataclass(frozen=True)
class RetentionPolicy:
    unconsented_idle_seconds: float
    tracker_retention_seconds: float
    clinic_retention_seconds: float

    @classmethod
    def from_settings(cls, settings: RetentionSettings) -> "RetentionPolicy":
        return cls(
            unconsented_idle_seconds=settings.unconsented_idle_minutes * SECONDS_PER_MINUTE,
            tracker_retention_seconds=settings.tracker_retention_days * SECONDS_PER_DAY,
            clinic_retention_seconds=settings.clinic_retention_days * SECONDS_PER_DAY,
        )


@dataclass(frozen=True)
class ConversationActivity:
    """What the purge needs to know of one conversation's history."""

    sender_id: str
    last_active: float  # Unix time of its newest event
    consented: bool
    ended: bool


def erase_reason(
    activity: ConversationActivity, policy: RetentionPolicy, now: float
) -> Optional[str]:
    """EXPIRED, UNCONSENTED, or None when the history may stay for now."""
    idle = now - activity.last_active
    if idle >= policy.tracker_retention_seconds:
        return EXPIRED
    if not activity.consented and (activity.ended or idle >= policy.unconsented_idle_seconds):
        return UNCONSENTED
    return None


def consent_after(type_name: Optional[str], data: Optional[str]) -> bool:
    """Whether consent stands after the conversation's newest consent event:
    a SlotSet of data_consent (its JSON `data`) or an event that resets slots.
    Anything unreadable counts as no consent (the history is not kept)."""
    if type_name != SLOT_EVENT or not data:
        return False
    try:
        event = json.loads(data)
    except ValueError:
        return False
    return (
        isinstance(event, dict)
        and event.get("name") == Slot.DATA_CONSENT
        and event.get("value") is True
    )


def is_goodbye(intent_name: Optional[str]) -> bool:
    return intent_name == GOODBYE_INTENT


def clinic_cutoff(policy: RetentionPolicy, now: datetime) -> datetime:
    """Clinic rows last changed before this are past their retention."""
    return now - timedelta(seconds=policy.clinic_retention_seconds)
