"""When nothing fits: the two-stage fallback, questions about massage, and
messages in another language."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker_state import INTAKE_FORM, latest_text, local
from bot.domain.knowledge import UNKNOWN_TOPIC_TEXT, answer_for
from bot.domain.questions import (
    AFTER_RECOMMENDATION_BUTTONS,
    ASK_REPHRASE,
    LEAD_BACK,
    UNCLEAR_AGAIN,
    after_recommendation_buttons,
)
from bot.domain.recommendation import stop_message
from bot.domain.repair import likely_meanings
from bot.understanding.language import detect_language, non_english_reply, reply_in
from bot.vocabulary.slots import Slot


class ActionAskAffirmation(Action):
    """First stage of the two-stage fallback: the likely meanings as buttons."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        reply = likely_meanings((tracker.latest_message or {}).get("intent_ranking") or [])
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons)
        return []


class ActionAskRephrase(Action):
    """Second stage of the two-stage fallback."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=ASK_REPHRASE)
        return []


class ActionDefaultFallback(Action):
    """When nothing fits, a kind way forward; the conversation is kept."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = latest_text(tracker)
        # Another language that NLU did not name: say so, in that language too.
        language = detect_language(text)
        foreign = language is not None
        if foreign:
            dispatcher.utter_message(text=reply_in(language))
        if tracker.active_loop_name or not tracker.get_slot(Slot.RECOMMENDATION_GIVEN):
            # The bot leads: back to the pending question (the form asks it again).
            answer = answer_for(text)
            if answer:
                dispatcher.utter_message(text=answer)
            elif not tracker.get_slot(Slot.CRISIS_ANSWERED) and not foreign:
                dispatcher.utter_message(text=LEAD_BACK)
            return [FollowupAction(tracker.active_loop_name or INTAKE_FORM)]
        stopped = stop_message(tracker.get_slot(Slot.RED_FLAGS) or [])
        if stopped:
            # Stopped by a flag: whatever else is said, the way on is that advice
            # (after the answer to a question it recognises: "who do I phone?").
            answer = answer_for(text)
            if answer:
                dispatcher.utter_message(text=answer)
            dispatcher.utter_message(
                text=local(stopped), buttons=after_recommendation_buttons(True, False)
            )
        else:
            dispatcher.utter_message(text=UNCLEAR_AGAIN, buttons=AFTER_RECOMMENDATION_BUTTONS)
        # As Rasa's own fallback does: forget the message, keep the conversation.
        return [UserUtteranceReverted()]


class ActionAnswerQuestion(Action):
    """Answers questions about massage styles and terms (bot/domain/knowledge.py)."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        answer = answer_for(latest_text(tracker))
        if answer is None and tracker.get_slot(Slot.CRISIS_ANSWERED):
            return []
        stopped = stop_message(tracker.get_slot(Slot.RED_FLAGS) or [])
        if answer is None and stopped:
            # "so what massage should I get?" after an emergency: the advice again.
            dispatcher.utter_message(text=local(stopped))
            return []
        dispatcher.utter_message(text=answer or UNKNOWN_TOPIC_TEXT)
        return []


class ActionReplyNonEnglish(Action):
    """A message in another language: we speak English only, said in that language too
    when it is known."""

    def name(self) -> Text:
        return "action_reply_non_english"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text=non_english_reply(latest_text(tracker)))
        return []
