"""The intake: reading every message, and asking the next question."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker_state import (
    consent_question,
    crisis_text,
    current_slots,
    in_intake_form,
    intro,
    local,
    requested_slot,
)
from bot.domain import intake
from bot.domain.questions import QUESTIONS, confirm_flags_question
from bot.vocabulary.slots import Slot


class ActionExtractIntake(Action):
    """Reads any answer or red flag a message contains, whatever the question.

    Named action_validate_slot_mappings because Rasa runs that action after
    every user message, inside or outside a form, and (unlike a custom mapping
    action) sends its messages to the person."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        # Inside another form (the callback) only red flags and explicit answers count.
        extraction = intake.extract(
            text=message.get("text") or "",
            intent=(message.get("intent") or {}).get("name") or "",
            entities=message.get("entities") or [],
            requested=requested_slot(tracker) if in_intake_form(tracker) else None,
            current=current_slots(tracker),
        )
        greet = not tracker.get_slot(Slot.GREETED)
        for text in intake.replies(extraction, greet, crisis_text(), intro(tracker)):
            dispatcher.utter_message(text=local(text))
        events = [SlotSet(slot, value) for slot, value in extraction.slots.items()]
        if greet:
            events.append(SlotSet(Slot.GREETED, True))
        if extraction.crisis or tracker.get_slot(Slot.CRISIS_ANSWERED):
            events.append(SlotSet(Slot.CRISIS_ANSWERED, extraction.crisis))
        return events


class ValidateIntakeForm(Action):
    """Decides the next question (bot/domain/intake.py) and asks it (bot/domain/questions.py).

    Asking here instead of in action_ask_* saves one action-server call per turn:
    Rasa's form asks nothing itself when a slot has no ask action or response."""

    def name(self) -> Text:
        return "validate_intake_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        slots = tracker.current_slot_values()
        slot = intake.next_question(slots)
        if slot == Slot.SUSPECTED_FLAGS:
            question = confirm_flags_question(list(slots.get(Slot.SUSPECTED_FLAGS) or []))
        elif slot == Slot.DATA_CONSENT:
            question = consent_question()
        else:
            question = QUESTIONS.get(slot or "")
        if question:
            dispatcher.utter_message(text=question.text, buttons=question.buttons)
        return [SlotSet(Slot.REQUESTED, slot)]
