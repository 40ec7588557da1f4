"""The tracker's state as plain values for bot/: the shared helpers of the actions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from bot.domain.history import MESSAGE, NOT_UNDERSTOOD, SLOT_SET, Happened
from bot.domain.questions import (
    INTRO_SHELL,
    INTRO_WEBSITE,
    QUESTIONS,
    Question,
    consent_text,
    crisis_reply,
    with_emergency_number,
)
from bot.domain.recommendation import IntakeAnswers
from bot.runtime.settings import get_retention_settings, get_settings
from bot.vocabulary.slots import EXTRACTED_SLOTS, Slot

INTAKE_FORM = "intake_form"
# The action that says an answer could not be read (actions/repair.py).
CLARIFY_ACTION = "action_clarify_answer"
# `rasa shell`'s channel; every other channel is the website.
SHELL_CHANNEL = "cmdline"


def latest_text(tracker: Tracker) -> str:
    """What the person wrote last."""
    return (tracker.latest_message or {}).get("text") or ""


def requested_slot(tracker: Tracker) -> Optional[str]:
    return tracker.get_slot(Slot.REQUESTED)


def in_intake_form(tracker: Tracker) -> bool:
    return tracker.active_loop_name == INTAKE_FORM


def current_slots(tracker: Tracker) -> Dict[str, Any]:
    """The slots the message reader may set, with their values now."""
    return {slot: tracker.get_slot(slot) for slot in EXTRACTED_SLOTS}


def answers_from(tracker: Tracker) -> IntakeAnswers:
    return IntakeAnswers.from_slots(tracker.current_slot_values())


def history(tracker: Tracker) -> List[Happened]:
    """What happened in the conversation, as bot.domain.history reads it."""
    happened: List[Happened] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind == "user":
            happened.append(Happened(MESSAGE))
        elif kind == "slot":
            happened.append(Happened(SLOT_SET, event.get("name"), event.get("value")))
        elif kind == "action" and event.get("name") == CLARIFY_ACTION:
            happened.append(Happened(NOT_UNDERSTOOD))
    return happened


def on_website(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() != SHELL_CHANNEL


def intro(tracker: Tracker) -> str:
    return INTRO_WEBSITE if on_website(tracker) else INTRO_SHELL


def local(text: str) -> str:
    """A message with the emergency number of the clinic's country."""
    return with_emergency_number(text, get_settings().crisis_line[1])


def crisis_text() -> str:
    return crisis_reply(*get_settings().crisis_line)


def consent_question() -> Question:
    """The consent question with the retention the clinic configured."""
    kept = get_retention_settings()
    return replace(
        QUESTIONS[Slot.DATA_CONSENT],
        text=consent_text(
            kept.clinic_retention_days, kept.tracker_retention_days, kept.unconsented_idle_minutes
        ),
    )
