"""Rasa custom actions: thin glue between the tracker and the domain in `bot/`."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from bot import intake
from bot.dialogue import INTAKE_SLOTS, QUESTIONS
from bot.recommendation import IntakeAnswers, intake_summary, recommend
from bot.storage import IntakeStore
from bot.vocabulary import STYLE_NAMES

logger = logging.getLogger(__name__)

# Slots the extractor may set: the intake answers and the screening marker.
EXTRACTED_SLOTS = INTAKE_SLOTS + (intake.SCREENED_SLOT,)
SHELL_CHANNEL = "cmdline"


@lru_cache(maxsize=1)
def intake_store() -> IntakeStore:
    return IntakeStore()


def _current_slots(tracker: Tracker) -> Dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in EXTRACTED_SLOTS}


class ActionExtractIntake(Action):
    """Reads any answer or red flag a message contains, whatever the question.

    Named action_validate_slot_mappings because Rasa runs that action after
    every user message, inside or outside a form, and (unlike a custom mapping
    action) sends its messages to the person."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        message = tracker.latest_message or {}
        requested = tracker.get_slot(REQUESTED_SLOT) if tracker.active_loop_name else None
        extraction = intake.extract(
            text=message.get("text") or "",
            intent=(message.get("intent") or {}).get("name") or "",
            entities=message.get("entities") or [],
            requested=requested,
            current=_current_slots(tracker),
        )
        for text in extraction.messages:
            dispatcher.utter_message(text=text)
        return [SlotSet(slot, value) for slot, value in extraction.slots.items()]


class ValidateIntakeForm(Action):
    """Decides the form's next question; the extractor already validated values."""

    def name(self) -> Text:
        return "validate_intake_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return [SlotSet(REQUESTED_SLOT, intake.next_question(tracker.current_slot_values()))]


class AskForSlot(Action):
    """Asks one intake question, with its buttons, from `bot.dialogue`."""

    slot: Text = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        question = QUESTIONS[self.slot]
        dispatcher.utter_message(text=question.text, buttons=question.buttons)
        return []


# One ask action per question, named as Rasa's forms expect.
for _slot in QUESTIONS:
    globals()[f"AskFor_{_slot}"] = type(f"AskFor_{_slot}", (AskForSlot,), {"slot": _slot})


class ActionClarifyAnswer(Action):
    """When an answer could not be read, says what kind of answer would help."""

    def name(self) -> Text:
        return "action_clarify_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        question = QUESTIONS.get(tracker.get_slot(REQUESTED_SLOT) or "")
        hint = question.hint if question else "Could you say that another way?"
        dispatcher.utter_message(text=f"Sorry, I didn't quite catch that. {hint}")
        return []


class ActionRecommend(Action):
    """Gives (or updates) the recommendation and stores the summary with consent."""

    def name(self) -> Text:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots = tracker.current_slot_values()
        answers = IntakeAnswers.from_slots(slots)
        result = recommend(answers)
        summary = intake_summary(answers, result)
        previous = slots.get("recommended_style")

        if result.stop_message:
            dispatcher.utter_message(text=result.stop_message)
        else:
            opening = "Here is my suggestion"
            if previous and previous != result.style:
                opening = ("Thanks, I've updated your answers. That changes my "
                           f"suggestion (it was {STYLE_NAMES[previous]})")
            elif previous:
                opening = "Thanks, I've updated your answers. My suggestion stays the same"
            alternative = (f" If that doesn't suit you, {STYLE_NAMES[result.alternative]} "
                           "is a good alternative." if result.alternative else "")
            dispatcher.utter_message(
                text=f"{opening}: {STYLE_NAMES[result.style]}.{alternative}\n\nWhy:\n"
                + _bullets(result.reasons))
            dispatcher.utter_message(text="To keep it comfortable:\n" + _bullets(result.precautions))
            dispatcher.utter_message(
                text="Questions to ask when you interview a therapist:\n"
                + _bullets(result.interview_questions))
        if tracker.get_latest_input_channel() != SHELL_CHANNEL:
            # The website renders this as a summary card; the shell shows the text above.
            dispatcher.utter_message(json_message={"intake_summary": summary})

        if slots.get("data_consent") is True:
            try:
                intake_store().save_summary(tracker.sender_id, summary)
            except Exception:  # storage must never break the conversation
                logger.exception("Could not store the intake summary")
        return [SlotSet("recommendation_given", True),
                SlotSet("recommended_style", result.style),
                SlotSet("alternative_style", result.alternative)]


def _bullets(lines: List[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
