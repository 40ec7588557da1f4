"""Reaching a person: "talk to a person", and the callback request (its form,
the details read back, and sending it)."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.stores import callbacks, intake_store
from actions.tracker_state import answers_from, on_website
from bot.domain import callback
from bot.domain.knowledge import EMERGENCY_NUMBERS_TEXT
from bot.domain.questions import CALLBACK_QUESTIONS
from bot.domain.recommendation import (
    intake_summary,
    is_emergency,
    recommend,
)
from bot.runtime.settings import get_settings
from bot.vocabulary.slots import CALLBACK_SLOTS, Slot

logger = logging.getLogger(__name__)


class ActionHandoff(Action):
    """ "Talk to a person": the clinic's contact details from the settings; on the
    website also a machine-readable handoff payload."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        settings = get_settings()
        if is_emergency(tracker.get_slot(Slot.RED_FLAGS) or []):
            # "Who do I phone?" after an emergency: the emergency numbers, then the clinic.
            dispatcher.utter_message(text=EMERGENCY_NUMBERS_TEXT)
        dispatcher.utter_message(text=callback.handoff_text(settings))
        if on_website(tracker):
            dispatcher.utter_message(
                json_message=callback.handoff_payload(settings, tracker.sender_id)
            )
        return []


# --- The callback form: one ask action per question, named as Rasa's forms expect ---


class AskCallbackQuestion(Action, ABC):
    """Asks the callback question of `slot`, with its buttons (bot/domain/questions.py).
    Abstract: rasa_sdk registers only the subclasses, one per question."""

    @property
    @abstractmethod
    def slot(self) -> Text:
        """The slot the question fills."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        question = CALLBACK_QUESTIONS[self.slot]
        dispatcher.utter_message(text=question.text, buttons=question.buttons)
        return []


class ActionAskCallbackConsent(AskCallbackQuestion):
    slot = Slot.CALLBACK_CONSENT


class ActionAskCallbackName(AskCallbackQuestion):
    slot = Slot.CALLBACK_NAME


class ActionAskCallbackContact(AskCallbackQuestion):
    slot = Slot.CALLBACK_CONTACT


class ActionAskCallbackTimes(AskCallbackQuestion):
    slot = Slot.CALLBACK_TIMES


class ValidateCallbackForm(FormValidationAction):
    """Checks the callback details; consent is asked only when not given yet
    (the rules are bot/domain/callback.py's)."""

    def name(self) -> Text:
        return "validate_callback_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        return callback.slots_to_ask(
            domain_slots,
            tracker.get_slot(Slot.DATA_CONSENT),
            tracker.get_slot(Slot.CALLBACK_CONSENT),
        )

    def validate_callback_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        name = callback.read_name(value)
        if name is None:
            dispatcher.utter_message(text=callback.NAME_NOT_CAUGHT_TEXT)
        return {Slot.CALLBACK_NAME: name}

    def validate_callback_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        country = get_settings().clinic_country
        contact = callback.read_contact(value, country)
        if contact is None:
            dispatcher.utter_message(text=callback.contact_not_read_text(country))
        return {Slot.CALLBACK_CONTACT: contact}

    def validate_callback_times(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {Slot.CALLBACK_TIMES: callback.read_times(value)}


class ActionAskCallbackConfirmed(Action):
    """Reads the callback details back before anything is stored."""

    def name(self) -> Text:
        return f"action_ask_{Slot.CALLBACK_CONFIRMED}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(
            text=callback.confirm_text(
                tracker.get_slot(Slot.CALLBACK_NAME),
                tracker.get_slot(Slot.CALLBACK_CONTACT),
                tracker.get_slot(Slot.CALLBACK_TIMES),
            ),
            buttons=callback.CONFIRM_BUTTONS,
        )
        return []


class ActionSubmitCallback(Action):
    """Sends the callback request (stores it for the clinic) when the rules allow."""

    def name(self) -> Text:
        return "action_submit_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in CALLBACK_SLOTS]
        data_consent = tracker.get_slot(Slot.DATA_CONSENT)
        if not callback.may_send(
            data_consent,
            tracker.get_slot(Slot.CALLBACK_CONSENT),
            tracker.get_slot(Slot.CALLBACK_CONFIRMED),
        ):
            dispatcher.utter_message(text=callback.NOT_SENT_TEXT)
            return reset
        phone, email = callback.phone_and_email(tracker.get_slot(Slot.CALLBACK_CONTACT) or "")
        try:
            if callback.summary_goes_with_it(
                tracker.get_slot(Slot.RECOMMENDATION_GIVEN), data_consent
            ):
                answers = answers_from(tracker)
                intake_store().save_summary(
                    tracker.sender_id, intake_summary(answers, recommend(answers))
                )
            callbacks().save_callback(
                tracker.sender_id,
                tracker.get_slot(Slot.CALLBACK_NAME),
                phone=phone,
                email=email,
                preferred_times=tracker.get_slot(Slot.CALLBACK_TIMES),
                consent=True,
            )
        except Exception:
            logger.exception("Could not store the callback request")
            dispatcher.utter_message(text=callback.not_sent_error_text(get_settings()))
            return reset
        dispatcher.utter_message(text=callback.SENT_TEXT)
        return reset + [SlotSet(Slot.DATA_CONSENT, True)]
