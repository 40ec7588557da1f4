"""Repair: an answer not understood, changing an answer, starting over, "why?",
and deleting the person's data."""

from __future__ import annotations

import logging
from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.stores import callbacks, conversation_history
from actions.tracker_state import (
    CLARIFY_ACTION,
    INTAKE_FORM,
    answers_from,
    current_slots,
    history,
    in_intake_form,
    intro,
    latest_text,
    requested_slot,
)
from bot.domain import intake
from bot.domain.history import failed_answers
from bot.domain.questions import QUESTIONS, slot_to_reopen
from bot.domain.recommendation import WHY_WE_ASK_TEXT, recommend, why_suggested
from bot.domain.repair import (
    CHANGE_OK_TEXT,
    DELETE_FAILED_TEXT,
    DELETE_NOT_CONFIRMED_TEXT,
    RESTART_NOT_CONFIRMED_TEXT,
    START_AGAIN_TEXT,
    WHICH_ANSWER_TEXT,
    clarification,
    deleted_text,
    deletion_confirmed,
    slots_to_clear,
)
from bot.storage.conversations import ERASE_ACTION
from bot.storage.privacy import erase_person
from bot.understanding.language import detect_language, reply_in
from bot.vocabulary.slots import Slot

logger = logging.getLogger(__name__)


class ActionClarifyAnswer(Action):
    """When an answer could not be read, says what kind of answer would help;
    after two tries the question is offered as buttons only."""

    def name(self) -> Text:
        return CLARIFY_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if tracker.get_slot(Slot.CRISIS_ANSWERED):
            return []  # the crisis reply was said; the form asks its question again
        requested = requested_slot(tracker)
        failures = failed_answers(history(tracker), requested)
        language = detect_language(latest_text(tracker))
        if language:
            # In another language: say so, in it too; the safety rules still run.
            dispatcher.utter_message(text=reply_in(language))
        safety = intake.clarify_safety(
            requested or "", failures, latest_text(tracker), current_slots(tracker)
        )
        if safety:
            dispatcher.utter_message(text=safety.text, buttons=safety.buttons)
            return [SlotSet(slot, value) for slot, value in safety.slots.items()]
        reply = clarification(requested, failures)
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
        return []


class ActionExplainWhy(Action):
    """ "Why?": the reason for the current question, or for the recommendation."""

    def name(self) -> Text:
        return "action_explain_why"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        question = (
            QUESTIONS.get(requested_slot(tracker) or "") if in_intake_form(tracker) else None
        )
        if question:
            dispatcher.utter_message(text=question.why)
        elif tracker.get_slot(Slot.RECOMMENDATION_GIVEN):
            dispatcher.utter_message(text=why_suggested(recommend(answers_from(tracker))))
        else:
            dispatcher.utter_message(text=WHY_WE_ASK_TEXT)
        return []


class ActionReopenAnswer(Action):
    """ "Change my pain areas": clears that answer so the form asks it again."""

    def name(self) -> Text:
        return "action_reopen_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        slot = slot_to_reopen(latest_text(tracker))
        if slot is None and in_intake_form(tracker):
            slot = requested_slot(tracker)
        if slot is None:
            dispatcher.utter_message(text=WHICH_ANSWER_TEXT)
            return []
        dispatcher.utter_message(text=CHANGE_OK_TEXT)
        return [SlotSet(name, value) for name, value in slots_to_clear(slot).items()]


class ActionStartOver(Action):
    def name(self) -> Text:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        # NLU may take a no ("yes... wait") for a yes: clearing every answer
        # (red flags included) needs a yes that is one.
        if not deletion_confirmed(latest_text(tracker)):
            dispatcher.utter_message(text=RESTART_NOT_CONFIRMED_TEXT)
            return []  # the rule goes on to the intake form: its pending question
        dispatcher.utter_message(text=START_AGAIN_TEXT)
        dispatcher.utter_message(text=intro(tracker))
        return [AllSlotsReset(), SlotSet(Slot.GREETED, True)]


class ActionConfirmDelete(Action):
    """Runs on a yes to "Delete everything...?", before action_delete_data
    (data/rules/repair.yml), and stops it when the words were not a yes
    (NLU may take "yes... wait" for one): nothing is deleted, and the
    conversation carries on where it was."""

    def name(self) -> Text:
        return "action_confirm_delete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if deletion_confirmed(latest_text(tracker)):
            return []  # the rule goes on to action_delete_data
        dispatcher.utter_message(text=DELETE_NOT_CONFIRMED_TEXT)
        # A follow-up action replaces what the rule would run next.
        if tracker.get_slot(Slot.RECOMMENDATION_GIVEN):
            return [FollowupAction("action_listen")]
        return [FollowupAction(INTAKE_FORM)]


class ActionDeleteData(Action):
    """ "Delete my data", confirmed: removes the intake summary, the callback requests and
    the whole conversation history, and says what was removed. The tracker
    store (channels/tracker_store.py) then erases this turn too, instead of
    writing the conversation back: the next message starts a new one."""

    def name(self) -> Text:
        return ERASE_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            erased = erase_person(tracker.sender_id, callbacks(), conversation_history())
        except Exception as error:
            # The error's type only: its text could hold what is being deleted.
            logger.error("Could not delete stored data: %s", type(error).__name__)
            dispatcher.utter_message(text=DELETE_FAILED_TEXT)
            return []
        dispatcher.utter_message(
            text=deleted_text(erased.intake_summaries, erased.callback_requests, erased.messages)
        )
        return [SlotSet(Slot.DATA_CONSENT, False)]
