"""The recommendation, with the clinic's therapists who fit."""

from __future__ import annotations

import logging
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.stores import directory, intake_store
from actions.tracker_state import INTAKE_FORM, history, local, on_website
from bot.domain import intake
from bot.domain.history import set_this_turn
from bot.domain.matching import MatchResult, matches_for_summary, matches_text
from bot.domain.questions import AFTER_RECOMMENDATION_BUTTONS, after_recommendation_buttons
from bot.domain.recommendation import (
    NO_CHANGE_TEXT,
    WHAT_NEXT_TEXT,
    IntakeAnswers,
    Recommendation,
    intake_summary,
    recommend,
    recommendation_texts,
)
from bot.storage.therapists import rank_clinic_therapists
from bot.vocabulary.slots import EXTRACTED_SLOTS, Slot

logger = logging.getLogger(__name__)


def _matches(answers: IntakeAnswers, result: Recommendation) -> Optional[MatchResult]:
    """The clinic's therapists for this recommendation; None after a stop, or
    when the directory cannot be read (it must never break the recommendation)."""
    if result.stop_message:
        return None
    try:
        therapists = directory().list_therapists()
    except Exception:
        logger.exception("Could not read the therapist directory")
        return None
    return rank_clinic_therapists(answers, result, therapists)


class ActionRecommend(Action):
    """Gives (or updates) the recommendation, with the clinic's therapists who
    fit, and stores the summary when the person agreed."""

    def name(self) -> Text:
        return "action_recommend"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        slots = tracker.current_slot_values()
        if intake.next_question(slots) is not None:
            # Fine-tuning, or "none of these" after the safe branch: back to the questions.
            return [FollowupAction(INTAKE_FORM)]
        happened = history(tracker)
        given = slots.get(Slot.RECOMMENDATION_GIVEN)
        if given and not set_this_turn(happened, EXTRACTED_SLOTS):
            dispatcher.utter_message(text=NO_CHANGE_TEXT, buttons=AFTER_RECOMMENDATION_BUTTONS)
            return []
        answers = IntakeAnswers.from_slots(slots)
        result = recommend(answers)
        matches = _matches(answers, result)
        summary = intake_summary(answers, result, matches_for_summary(matches) if matches else [])
        safety_unclear = bool(slots.get(Slot.SAFETY_UNCLEAR))

        for text in recommendation_texts(
            result,
            slots.get(Slot.RECOMMENDED_STYLE) if given else None,
            matches_text(matches) if matches is not None else None,
            safety_unclear=safety_unclear,
            # (an emergency told this turn was said first, by the message reader)
            emergency_told=set_this_turn(happened, (Slot.RED_FLAGS,)),
        ):
            dispatcher.utter_message(text=local(text))
        if on_website(tracker):
            # The website renders this as a summary card; the shell shows the text above.
            dispatcher.utter_message(json_message={"intake_summary": summary})
        dispatcher.utter_message(
            text=WHAT_NEXT_TEXT,
            buttons=after_recommendation_buttons(bool(result.stop_message), safety_unclear),
        )

        if slots.get(Slot.DATA_CONSENT) is True:
            try:
                intake_store().save_summary(tracker.sender_id, summary)
            except Exception:  # storage must never break the conversation
                logger.exception("Could not store the intake summary")
        return [
            SlotSet(Slot.RECOMMENDATION_GIVEN, True),
            SlotSet(Slot.RECOMMENDED_STYLE, result.style),
            SlotSet(Slot.ALTERNATIVE_STYLE, result.alternative),
        ]
