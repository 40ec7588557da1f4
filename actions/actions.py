"""Rasa custom actions: thin glue between the tracker and the domain in `bot/`."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import (
    AllSlotsReset,
    EventType,
    FollowupAction,
    SlotSet,
    UserUtteranceReverted,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from bot.domain import intake
from bot.domain.knowledge import answer_for
from bot.domain.matching import matches_for_summary, rank_therapists
from bot.domain.questions import (
    AFTER_RECOMMENDATION_BUTTONS,
    ASK_REPHRASE,
    CALLBACK_QUESTIONS,
    INTENT_TITLES,
    INTRO_SHELL,
    INTRO_WEBSITE,
    LEAD_BACK,
    QUESTIONS,
    UNCLEAR_AGAIN,
    after_recommendation_buttons,
    buttons_only,
    confirm_flags_question,
    crisis_reply,
    slot_to_reopen,
)
from bot.domain.recommendation import (
    EMERGENCY_STOP_MESSAGE,
    IntakeAnswers,
    intake_summary,
    recommend,
)
from bot.runtime.settings import get_settings
from bot.runtime.startup_memory import freeze_startup_objects
from bot.storage.directory import DirectoryStore, validate_email, validate_phone
from bot.storage.summaries import IntakeStore
from bot.understanding.language import non_english_reply
from bot.understanding.pipeline import get_pipeline
from bot.vocabulary.slots import CALLBACK_SLOTS, INTAKE_SLOTS, SAFETY_SLOTS, Slot
from bot.vocabulary.words import STYLE_NAMES

logger = logging.getLogger(__name__)

# Slots the extractor may set: the intake answers and the screening markers.
EXTRACTED_SLOTS = INTAKE_SLOTS + (Slot.SAFETY_SCREENED, Slot.FINE_TUNING) + SAFETY_SLOTS
# Set on the turn a crisis reply was given: the usual reply to the message is left out.
SHELL_CHANNEL = "cmdline"


@lru_cache(maxsize=1)
def intake_store() -> IntakeStore:
    return IntakeStore()


@lru_cache(maxsize=1)
def directory() -> DirectoryStore:
    return DirectoryStore()


def _current_slots(tracker: Tracker) -> Dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in EXTRACTED_SLOTS}


def _bullets(lines: List[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _on_website(tracker: Tracker) -> bool:
    return tracker.get_latest_input_channel() != SHELL_CHANNEL


def _intro(tracker: Tracker) -> str:
    return INTRO_WEBSITE if _on_website(tracker) else INTRO_SHELL


def _crisis_text() -> str:
    return crisis_reply(*get_settings().crisis_line)


class ActionExtractIntake(Action):
    """Reads any answer or red flag a message contains, whatever the question.

    Named action_validate_slot_mappings because Rasa runs that action after
    every user message, inside or outside a form, and (unlike a custom mapping
    action) sends its messages to the person."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        message = tracker.latest_message or {}
        # Inside another form (the callback) only red flags and explicit answers count.
        requested = tracker.get_slot(REQUESTED_SLOT) \
            if tracker.active_loop_name == "intake_form" else None
        extraction = intake.extract(
            text=message.get("text") or "",
            intent=(message.get("intent") or {}).get("name") or "",
            entities=message.get("entities") or [],
            requested=requested,
            current=_current_slots(tracker),
        )
        greet = not tracker.get_slot(Slot.GREETED)
        for text in intake.replies(extraction, greet, _crisis_text(), _intro(tracker)):
            dispatcher.utter_message(text=text)
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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        slots = tracker.current_slot_values()
        slot = intake.next_question(slots)
        if slot == Slot.SUSPECTED_FLAGS:
            question = confirm_flags_question(list(slots.get(Slot.SUSPECTED_FLAGS) or []))
        else:
            question = QUESTIONS.get(slot or "")
        if question:
            dispatcher.utter_message(text=question.text, buttons=question.buttons)
        return [SlotSet(REQUESTED_SLOT, slot)]


class AskForCallbackDetail(Action):
    """Asks one callback question, with its buttons, from `bot.domain.questions`."""

    slot: Text = ""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        question = CALLBACK_QUESTIONS[self.slot]
        dispatcher.utter_message(text=question.text, buttons=question.buttons)
        return []


# One ask action per callback question, named as Rasa's forms expect.
for _slot in CALLBACK_QUESTIONS:
    globals()[f"AskFor_{_slot}"] = type(f"AskFor_{_slot}", (AskForCallbackDetail,),
                                         {"slot": _slot})


class ActionAskRephrase(Action):
    """Second stage of the two-stage fallback."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text=ASK_REPHRASE)
        return []


class ActionDefaultFallback(Action):
    """When nothing fits, a kind way forward; the conversation is kept."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        if tracker.active_loop_name or not tracker.get_slot(Slot.RECOMMENDATION_GIVEN):
            # The bot leads: back to the pending question (the form asks it again).
            text = (tracker.latest_message or {}).get("text") or ""
            answer = answer_for(text)
            if answer:
                dispatcher.utter_message(text=answer)
            elif not tracker.get_slot(Slot.CRISIS_ANSWERED):
                dispatcher.utter_message(text=LEAD_BACK)
            return [FollowupAction(tracker.active_loop_name or "intake_form")]
        dispatcher.utter_message(text=UNCLEAR_AGAIN, buttons=AFTER_RECOMMENDATION_BUTTONS)
        # As Rasa's own fallback does: forget the message, keep the conversation.
        return [UserUtteranceReverted()]


def _failed_answers(tracker: Tracker, requested: Optional[str]) -> int:
    """How many answers to the current question could not be read in a row."""
    failures = 0
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT \
                and event.get("value") != requested:
            break
        if event.get("event") == "action" and event.get("name") == "action_clarify_answer":
            failures += 1
    return failures


class ActionClarifyAnswer(Action):
    """When an answer could not be read, says what kind of answer would help;
    after two tries the question is offered as buttons only."""

    def name(self) -> Text:
        return "action_clarify_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        if tracker.get_slot(Slot.CRISIS_ANSWERED):
            return []   # the crisis reply was said; the form asks its question again
        failures = _failed_answers(tracker, requested)
        safety = intake.clarify_safety(requested or "", failures,
                                       (tracker.latest_message or {}).get("text") or "",
                                       _current_slots(tracker))
        if safety:
            dispatcher.utter_message(text=safety.text, buttons=safety.buttons)
            return [SlotSet(slot, value) for slot, value in safety.slots.items()]
        question = QUESTIONS.get(requested or "")
        if question is None:
            dispatcher.utter_message(text="Sorry, could you say that another way?")
        elif failures >= 1:  # this is the second failure
            dispatcher.utter_message(
                text="Let's make it easier: please pick one of these.",
                buttons=buttons_only(requested))
        else:
            dispatcher.utter_message(text=f"Sorry, I didn't quite catch that. {question.hint}")
        return []


class ActionRecommend(Action):
    """Gives (or updates) the recommendation, with the clinic's therapists who
    fit, and stores the summary when the person agreed."""

    def name(self) -> Text:
        return "action_recommend"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        slots = tracker.current_slot_values()
        if intake.next_question(slots) is not None:
            # Fine-tuning, or "none of these" after the safe branch: back to the questions.
            return [FollowupAction("intake_form")]
        if slots.get(Slot.RECOMMENDATION_GIVEN) and not _set_this_turn(tracker, EXTRACTED_SLOTS):
            dispatcher.utter_message(
                text="I didn't catch a change to your answers. You can say, for example, "
                     "\"my pain is more like 7\", \"add my jaw\" or \"I'd prefer light "
                     "pressure\", or ask me why I suggested it.",
                buttons=AFTER_RECOMMENDATION_BUTTONS)
            return []
        answers = IntakeAnswers.from_slots(slots)
        result = recommend(answers)
        matches = self._matches(answers, result)
        summary = intake_summary(answers, result, matches_for_summary(matches) if matches else [])
        given = slots.get(Slot.RECOMMENDATION_GIVEN)
        previous = slots.get(Slot.RECOMMENDED_STYLE) if given else None

        if slots.get(intake.SAFETY_UNCLEAR_SLOT):
            pass   # the safe branch was explained when it was taken
        elif result.stop_message:
            if not (result.stop_message == EMERGENCY_STOP_MESSAGE
                    and _set_this_turn(tracker, (Slot.RED_FLAGS,))):
                # (an emergency told this turn was said first, by the message reader)
                dispatcher.utter_message(text=result.stop_message)
        else:
            dispatcher.utter_message(text=self._opening(result, previous)
                                     + "\n\nWhy:\n" + _bullets(list(result.reasons)))
            dispatcher.utter_message(text="To keep it comfortable:\n"
                                     + _bullets(list(result.precautions)))
            dispatcher.utter_message(text="Questions to ask when you interview a therapist:\n"
                                     + _bullets(list(result.interview_questions)))
            if matches is not None:
                dispatcher.utter_message(text=self._therapist_text(matches))
        if _on_website(tracker):
            # The website renders this as a summary card; the shell shows the text above.
            dispatcher.utter_message(json_message={"intake_summary": summary})
        dispatcher.utter_message(
            text="If anything changes, just tell me. What would you like to do next?",
            buttons=after_recommendation_buttons(bool(result.stop_message),
                                                 bool(slots.get(intake.SAFETY_UNCLEAR_SLOT))))

        if slots.get(Slot.DATA_CONSENT) is True:
            try:
                intake_store().save_summary(tracker.sender_id, summary)
            except Exception:  # storage must never break the conversation
                logger.exception("Could not store the intake summary")
        return [SlotSet(Slot.RECOMMENDATION_GIVEN, True),
                SlotSet(Slot.RECOMMENDED_STYLE, result.style),
                SlotSet(Slot.ALTERNATIVE_STYLE, result.alternative)]

    @staticmethod
    def _opening(result, previous: Optional[str]) -> str:
        style = STYLE_NAMES[result.style]
        alternative = (f" If that doesn't suit you, {STYLE_NAMES[result.alternative]} "
                       "is a good alternative." if result.alternative else "")
        if previous and previous != result.style:
            return (f"Thanks, I've updated your answers. That changes my suggestion "
                    f"from {STYLE_NAMES[previous]} to {style}.{alternative}")
        if previous:
            return f"Thanks, I've updated your answers. My suggestion stays {style}.{alternative}"
        return f"Here is my suggestion: {style}.{alternative}"

    @staticmethod
    def _matches(answers: IntakeAnswers, result):
        if result.stop_message:
            return None
        try:
            therapists = directory().list_therapists()
        except Exception:  # the directory must never break the recommendation
            logger.exception("Could not read the therapist directory")
            return None
        return rank_therapists(answers, result, therapists, settings=get_settings())

    @staticmethod
    def _therapist_text(matches) -> str:
        lines = []
        if matches.message:
            lines.append(matches.message)
        listed = matches.matches or matches.alternative_matches
        if listed:
            lines.append("Therapists at the clinic who fit:")
            for match in listed:
                lines.append(f"- {match.name}: " + "; ".join(match.reasons))
        return "\n".join(lines) or "I couldn't find a therapist to suggest right now."


def _set_this_turn(tracker: Tracker, slots) -> bool:
    """Whether one of these slots was set since the person's last message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") in slots:
            return True
    return False


def _answers_from(tracker: Tracker) -> IntakeAnswers:
    return IntakeAnswers.from_slots(tracker.current_slot_values())


class ActionExplainWhy(Action):
    """"Why?": the reason for the current question, or for the recommendation."""

    def name(self) -> Text:
        return "action_explain_why"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        question = QUESTIONS.get(tracker.get_slot(REQUESTED_SLOT) or "") \
            if tracker.active_loop_name == "intake_form" else None
        if question:
            dispatcher.utter_message(text=question.why)
        elif tracker.get_slot(Slot.RECOMMENDATION_GIVEN):
            result = recommend(_answers_from(tracker))
            dispatcher.utter_message(text="Here is why I suggested "
                                     f"{STYLE_NAMES[result.style]}:\n"
                                     + _bullets(list(result.reasons)))
        else:
            dispatcher.utter_message(
                text="I ask a few questions about your pain so I can suggest a massage "
                     "style that is safe and comfortable for you.")
        return []


class ActionAnswerQuestion(Action):
    """Answers questions about massage styles and terms (bot/domain/knowledge.py)."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        answer = answer_for(text)
        if answer is None and tracker.get_slot(Slot.CRISIS_ANSWERED):
            return []
        dispatcher.utter_message(text=answer or (
            "I'm not sure about that one. I can explain light massage, myofascial "
            "release, deep tissue massage, fascia, trigger points, touch sensitivity, "
            "soreness, how often to go, hot and cold packs, and what to ask a therapist."))
        return []


class ActionHandoff(Action):
    """"Talk to a person": the clinic's contact details from the settings; on the
    website also a machine-readable handoff payload."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        settings = get_settings()
        dispatcher.utter_message(
            text=f"You can talk to someone at {settings.clinic_name}: call "
                 f"{settings.clinic_phone} or e-mail {settings.clinic_email} "
                 f"({settings.clinic_hours}). You can also ask me for a callback.")
        if _on_website(tracker):
            dispatcher.utter_message(json_message={"handoff": {
                "clinic": settings.clinic_name, "phone": settings.clinic_phone,
                "email": settings.clinic_email, "hours": settings.clinic_hours,
                "conversation_id": tracker.sender_id}})
        return []


class ActionReplyNonEnglish(Action):
    def name(self) -> Text:
        return "action_reply_non_english"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(
            text=non_english_reply((tracker.latest_message or {}).get("text") or ""))
        return []


class ActionDeleteData(Action):
    """"Delete my data": removes what the clinic stored for this conversation and
    stops storing anything more."""

    def name(self) -> Text:
        return "action_delete_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        try:
            deleted = intake_store().delete_conversation(tracker.sender_id)
        except Exception:
            logger.exception("Could not delete stored data")
            dispatcher.utter_message(
                text="Sorry, I couldn't delete your data just now. Please ask the clinic "
                     "to do it; they can find it by this conversation.")
            return []
        done = ("I've deleted what the clinic stored from this conversation."
                if deleted else "The clinic has nothing stored from this conversation.")
        dispatcher.utter_message(text=f"{done} I won't store anything more.")
        return [SlotSet(Slot.DATA_CONSENT, False)]


class ActionReopenAnswer(Action):
    """"Change my pain areas": clears that answer so the form asks it again."""

    def name(self) -> Text:
        return "action_reopen_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        slot = slot_to_reopen((tracker.latest_message or {}).get("text") or "")
        if slot is None and tracker.active_loop_name == "intake_form":
            slot = tracker.get_slot(REQUESTED_SLOT)
        if slot is None:
            dispatcher.utter_message(
                text="Which answer would you like to change? For example \"change my "
                     "pain areas\" or \"my pain is more like 7\".")
            return []
        events: List[EventType] = [SlotSet(slot, None)]
        if slot == Slot.RED_FLAGS:
            # Safety flags are only ever added; the checklist is asked again.
            events = [SlotSet(Slot.SAFETY_SCREENED, None)]
        dispatcher.utter_message(text="Of course, let's change that.")
        return events


class ActionStartOver(Action):
    def name(self) -> Text:
        return "action_start_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(text="OK, let's start again from the beginning.")
        dispatcher.utter_message(text=_intro(tracker))
        return [AllSlotsReset(), SlotSet(Slot.GREETED, True)]


class ActionAskAffirmation(Action):
    """First stage of the two-stage fallback: the likely meanings as buttons."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        likely = [item["name"] for item in ranking
                  if item.get("name") in INTENT_TITLES][:2]
        buttons = [{"title": INTENT_TITLES[name], "payload": f"/{name}"} for name in likely]
        buttons.append({"title": "Something else", "payload": "/out_of_scope"})
        dispatcher.utter_message(text="Sorry, I'm not sure what you meant. Did you mean:",
                                 buttons=buttons)
        return []


class ValidateCallbackForm(FormValidationAction):
    """Checks the callback details; consent is asked only when not given yet."""

    def name(self) -> Text:
        return "validate_callback_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        if tracker.get_slot(Slot.DATA_CONSENT) is True:
            return [slot for slot in domain_slots if slot != Slot.CALLBACK_CONSENT]
        if tracker.get_slot(Slot.CALLBACK_CONSENT) is False:
            return []  # no consent: nothing is collected
        return domain_slots

    def validate_callback_name(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        name = " ".join(str(value or "").split())[:100]
        if not name or name.startswith("/") or not any(c.isalpha() for c in name):
            dispatcher.utter_message(
                text="Sorry, I didn't catch a name. What should they call you?")
            return {Slot.CALLBACK_NAME: None}
        return {Slot.CALLBACK_NAME: name}

    def validate_callback_contact(self, value: Any, dispatcher: CollectingDispatcher,
                                  tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        text = str(value or "")
        contact = validate_email(text) or validate_phone(text)
        if contact is None:
            dispatcher.utter_message(
                text="That doesn't look like a phone number or an e-mail address. Could you "
                     "type it again, e.g. +1 555 0100 or name@example.com?")
        return {Slot.CALLBACK_CONTACT: contact}

    def validate_callback_times(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        times = " ".join(str(value or "").split())[:200]
        return {Slot.CALLBACK_TIMES: times or "any time"}


class ActionAskCallbackConfirmed(Action):
    """Reads the callback details back before anything is stored."""

    def name(self) -> Text:
        return "action_ask_callback_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(
            text=f"I'll ask the clinic to contact {tracker.get_slot('callback_name')} at "
                 f"{tracker.get_slot('callback_contact')} ({tracker.get_slot('callback_times')}). "
                 "Shall I send this?",
            buttons=[{"title": "Yes, send it", "payload": "/affirm"},
                     {"title": "No, don't send", "payload": "/deny"}])
        return []


class ActionSubmitCallback(Action):
    def name(self) -> Text:
        return "action_submit_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in CALLBACK_SLOTS]
        consent = tracker.get_slot(Slot.DATA_CONSENT) is True or \
            tracker.get_slot(Slot.CALLBACK_CONSENT) is True
        if not consent or tracker.get_slot(Slot.CALLBACK_CONFIRMED) is not True:
            dispatcher.utter_message(text="OK, I haven't sent anything. You can ask for a "
                                          "callback again at any time.")
            return reset
        contact = tracker.get_slot(Slot.CALLBACK_CONTACT) or ""
        email = validate_email(contact)
        try:
            if tracker.get_slot(Slot.RECOMMENDATION_GIVEN) and \
                    tracker.get_slot(Slot.DATA_CONSENT) is not True:
                # Consent came with the callback: the clinic sees the summary it refers to.
                answers = _answers_from(tracker)
                intake_store().save_summary(
                    tracker.sender_id, intake_summary(answers, recommend(answers)))
            directory().save_callback(
                tracker.sender_id, tracker.get_slot(Slot.CALLBACK_NAME),
                phone=None if email else contact, email=email,
                preferred_times=tracker.get_slot(Slot.CALLBACK_TIMES), consent=True)
        except Exception:
            logger.exception("Could not store the callback request")
            settings = get_settings()
            dispatcher.utter_message(
                text=f"Sorry, I couldn't send your request. Please call {settings.clinic_phone} "
                     f"or e-mail {settings.clinic_email}.")
            return reset
        dispatcher.utter_message(text="Done: the clinic will contact you. Take care until then.")
        return reset + [SlotSet(Slot.DATA_CONSENT, True)]


# Start-up is over: load the parser's spaCy pipeline now rather than on the
# first message, then keep everything loaded out of the garbage collector's
# full passes (bot/runtime/startup_memory.py).
get_pipeline()
intake.extract("warm up", "greet", [], None, {})   # loads the word tables and speller
freeze_startup_objects()
