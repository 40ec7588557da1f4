"""The funnel report's arithmetic: what one Rasa event means for the counts.

Rasa's event broker hands over every event of every conversation (the embedded
broker in channels/funnel_broker.py, or RabbitMQ read by the funnel consumer
in production). `count_updates(event, progress)` is the one function both
use: it reads the event (`funnel_step`), moves the conversation's progress on
(`advance`) and says which counts change. Nothing of what a person said or
answered comes out: a step is a step name, a flag's class (never the flag) or
the slot name of the question asked.

A conversation counts in the ISO week it started, once per step: started,
screened (the safety checklist answered), flagged by class (emergency,
see_doctor_first, caution), stopped by a flag (emergency or see a doctor
first: no massage suggested), reached the recommendation, asked for a callback
(the callback questions began) and callback requested (stored). The drop-off
count `dropped:<question>` holds the conversations whose last question asked
is still unanswered by what it leads to (the recommendation, or the callback
request): moving to the next question moves the count along.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, FrozenSet, Mapping, Optional, Tuple

from bot.vocabulary import words as vocab
from bot.vocabulary.slots import CALLBACK_SLOTS, INTAKE_SLOTS, Slot

# The steps, in funnel order (also the metric names of the counts).
STARTED = "started"
SCREENED = "screened"
RECOMMENDED = "recommended"
CALLBACK_ASKED = "callback_asked"
CALLBACK_REQUESTED = "callback_requested"
FLAG_CLASSES: Tuple[str, ...] = (vocab.EMERGENCY, vocab.SEE_DOCTOR, vocab.CAUTION)
# Only these stop the intake; a caution flag makes the suggestion gentler.
STOP_CLASSES: Tuple[str, ...] = (vocab.EMERGENCY, vocab.SEE_DOCTOR)
FLAGGED = "flagged:"  # + class
STOPPED = "stopped:"  # + class
DROPPED = "dropped:"  # + the question's slot name

# The questions the bot asks, by the slot each fills: the only values of
# `requested_slot` ever kept.
QUESTIONS: Tuple[str, ...] = INTAKE_SLOTS + CALLBACK_SLOTS
# What the project's actions and forms are called (domain.yml).
CALLBACK_FORM = "callback_form"
SUBMIT_CALLBACK_ACTION = "action_submit_callback"

# The kinds of Step.
START, QUESTION, SCREEN, FLAGS, OUTCOME, CALLBACK_FORM_OPENED, SUBMIT, CONSENT_KEPT, ACTION = (
    "start",
    "question",
    "screen",
    "flags",
    "outcome",
    "callback_form",
    "submit",
    "consent_kept",
    "action",
)
STOP_OUTCOME, STYLE_OUTCOME = "stop", "style"


@dataclass(frozen=True)
class Step:
    """What one event means for the funnel: a kind, a detail that is never
    personal (a question's slot name, flag classes, stop or style) and the
    ISO week of the event."""

    kind: str
    week: str
    detail: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Progress:
    """How far one conversation got: its week, the steps reached, the question
    still open and whether the callback is being sent this turn."""

    week: str
    reached: FrozenSet[str] = field(default_factory=frozenset)
    open_question: Optional[str] = None
    submitting: bool = False


@dataclass(frozen=True)
class CountUpdate:
    week: str
    metric: str
    delta: int


def iso_week(timestamp: float) -> str:
    """'2026-W48': the ISO year and week of a UNIX time (UTC)."""
    year, week, _ = datetime.fromtimestamp(timestamp, timezone.utc).isocalendar()
    return f"{year}-W{week:02d}"


def _week_of(event: Mapping[str, Any]) -> Optional[str]:
    timestamp = event.get("timestamp")
    if isinstance(timestamp, bool) or not isinstance(timestamp, (int, float)):
        return None
    try:
        return iso_week(float(timestamp))
    except (OverflowError, OSError, ValueError):
        return None


def flag_classes(flag_ids: Any) -> Tuple[str, ...]:
    """The classes of the known flags among `flag_ids`, in funnel order."""
    if not isinstance(flag_ids, (list, tuple)):
        return ()
    found = {
        vocab.RED_FLAGS_BY_ID[flag].severity
        for flag in flag_ids
        if isinstance(flag, str) and flag in vocab.RED_FLAGS_BY_ID
    }
    return tuple(cls for cls in FLAG_CLASSES if cls in found)


def _slot_step(name: Any, value: Any) -> Optional[Tuple[str, Tuple[str, ...]]]:
    if name == Slot.REQUESTED:
        return (QUESTION, (value,)) if value in QUESTIONS else None
    if name == Slot.SAFETY_SCREENED and value is True:
        return SCREEN, ()
    if name == Slot.RED_FLAGS:
        classes = flag_classes(value)
        return (FLAGS, classes) if classes else None
    if name == Slot.RECOMMENDED_STYLE and isinstance(value, str):
        return OUTCOME, (STOP_OUTCOME if value == vocab.NO_MASSAGE else STYLE_OUTCOME,)
    if name == Slot.DATA_CONSENT and value is True:
        return CONSENT_KEPT, ()
    return None


def funnel_step(event: Mapping[str, Any]) -> Optional[Step]:
    """What a Rasa event (as the broker publishes it) means for the funnel;
    None for the events that do not count (what was said, most slots...)."""
    if not isinstance(event, Mapping):
        return None
    week = _week_of(event)
    kind = event.get("event")
    if week is None or not isinstance(kind, str):
        return None
    found: Optional[Tuple[str, Tuple[str, ...]]] = None
    if kind == "session_started":
        found = START, ()
    elif kind == "slot":
        found = _slot_step(event.get("name"), event.get("value"))
    elif kind == "active_loop" and event.get("name") == CALLBACK_FORM:
        found = CALLBACK_FORM_OPENED, ()
    elif kind == "action":
        found = (SUBMIT, ()) if event.get("name") == SUBMIT_CALLBACK_ACTION else (ACTION, ())
    return Step(found[0], week, found[1]) if found else None


class _Updates:
    """The count updates of one step, and the progress they come from."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.updates: list = []

    def count(self, metric: str, delta: int = 1) -> None:
        self.updates.append(CountUpdate(self.progress.week, metric, delta))

    def reach(self, step: str) -> None:
        if step not in self.progress.reached:
            self.count(step)
            self.progress = replace(self.progress, reached=self.progress.reached | {step})

    def ask(self, question: Optional[str]) -> None:
        """The open question is now `question` (None: answered by what it leads to)."""
        old = self.progress.open_question
        if old == question:
            return
        if old is not None:
            self.count(DROPPED + old, -1)
        if question is not None:
            self.count(DROPPED + question)
        self.progress = replace(self.progress, open_question=question)


def _outcome(changes: _Updates, outcome: str) -> None:
    if outcome == STOP_OUTCOME:
        emergency = FLAGGED + vocab.EMERGENCY in changes.progress.reached
        changes.reach(STOPPED + (vocab.EMERGENCY if emergency else vocab.SEE_DOCTOR))
    else:
        changes.reach(RECOMMENDED)
    changes.ask(None)


def advance(
    progress: Optional[Progress], step: Optional[Step]
) -> Tuple[Optional[Progress], Tuple[CountUpdate, ...]]:
    """The conversation's progress after `step`, and the counts that change.
    A conversation first seen (progress None) starts in the week of its step."""
    if step is None:
        return progress, ()
    changes = _Updates(progress or Progress(week=step.week))
    if progress is None:
        changes.count(STARTED)
    if step.kind == QUESTION:
        changes.ask(step.detail[0])
    elif step.kind == SCREEN:
        changes.reach(SCREENED)
    elif step.kind == FLAGS:
        for cls in step.detail:
            changes.reach(FLAGGED + cls)
    elif step.kind == OUTCOME:
        _outcome(changes, step.detail[0])
    elif step.kind == CALLBACK_FORM_OPENED:
        changes.reach(CALLBACK_ASKED)
    elif step.kind == SUBMIT:
        changes.ask(None)  # every callback question was answered
        changes.progress = replace(changes.progress, submitting=True)
    elif step.kind == CONSENT_KEPT and changes.progress.submitting:
        changes.reach(CALLBACK_REQUESTED)  # the submit action stored it
    elif step.kind == ACTION:
        changes.progress = replace(changes.progress, submitting=False)
    return changes.progress, tuple(changes.updates)


def count_updates(
    event: Mapping[str, Any], progress: Optional[Progress]
) -> Tuple[Optional[Progress], Tuple[CountUpdate, ...]]:
    """The one aggregation both broker paths share: one Rasa event and the
    conversation's progress so far -> its new progress and the count updates."""
    return advance(progress, funnel_step(event))
