"""What the assistant asks, and how a person can answer.

Each intake question has its wording, the buttons that answer it, the reason we
ask (for "why?") and a hint for when an answer was not understood. Button
payloads are Rasa intent payloads whose entities carry slot values, so a click
fills a slot exactly, on every channel.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from bot.vocabulary import (
    GOALS,
    QUESTION_OPTIONS,
    RED_FLAGS,
    SESSION_LENGTHS,
    NO_PREFERENCE,
)

# The contract slots first (DESIGN.md), then the optional preferences.
CONSENT_SLOT = "data_consent"
CONTRACT_SLOTS: Tuple[str, ...] = (
    "red_flags", "pain_areas", "pain_intensity", "touch_sensitivity",
    "pressure_preference", "post_massage_flare",
)
PREFERENCE_SLOTS: Tuple[str, ...] = (
    "goals", "heat_packs", "session_length", "therapist_gender", "avoid_areas",
)
INTAKE_SLOTS: Tuple[str, ...] = (CONSENT_SLOT,) + CONTRACT_SLOTS + PREFERENCE_SLOTS


def payload(intent: str, **entities: object) -> str:
    """A Rasa button payload such as /inform{"pressure_preference": "light"}."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


@dataclass(frozen=True)
class Question:
    slot: str
    text: str
    why: str
    hint: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def _option_buttons(slot: str) -> List[Dict[str, str]]:
    return [{"title": title, "payload": payload("inform", **{slot: value})}
            for title, value in QUESTION_OPTIONS[slot]]


SKIP_BUTTONS = [
    {"title": "Skip this one", "payload": payload("skip")},
    {"title": "Skip the rest", "payload": payload("skip", skip_rest=True)},
]

RED_FLAG_OPTIONS: List[Tuple[str, List[str]]] = [("None of these", [])] + [
    (flag.label, [flag.id]) for flag in RED_FLAGS
]

GOAL_TITLES: Dict[str, str] = {
    "pain_relief": "Less pain", "sleep": "Better sleep", "stiffness": "Less stiffness",
    "relaxation": "Relaxation", "headaches": "Fewer headaches",
}

QUESTIONS: Dict[str, Question] = {
    "data_consent": Question(
        "data_consent",
        "May the clinic keep your answers, so a therapist can read them before "
        "you meet? If you say no, we can still talk; nothing will be stored.",
        "The clinic can only keep what you tell me if you agree. It helps the "
        "therapist prepare, but it is your choice.",
        "Please answer yes (the clinic may keep my answers) or no.",
        _option_buttons("data_consent"),
    ),
    "red_flags": Question(
        "red_flags",
        "First, a quick safety check. Do any of these apply to you right now?\n"
        + "\n".join(f"{number}. {title}" for number, (title, _) in
                    enumerate(RED_FLAG_OPTIONS, start=1)),
        "Some health problems make massage unsafe, or mean it should be very "
        "gentle. I check these before suggesting anything.",
        "You can tap a button, type the number, or tell me in your own words. "
        "If none apply, say \"none of these\".",
        [{"title": title, "payload": payload("deny") if not ids
          else payload("inform", red_flags=ids)}
         for title, ids in RED_FLAG_OPTIONS],
    ),
    "pain_areas": Question(
        "pain_areas",
        "Where do you usually hurt? Name as many places as you like, for example "
        "\"my neck, shoulders and lower back\", or \"everywhere\".",
        "Knowing where it hurts lets a therapist focus on those areas, and lets "
        "me count how widespread the pain is.",
        "Tell me the body parts that hurt, like \"neck and left hip\", or say "
        "\"everywhere\" or \"everywhere except my legs\".",
        [{"title": "Everywhere", "payload": payload("inform", pain_areas=["everywhere"])}],
    ),
    "pain_intensity": Question(
        "pain_intensity",
        "On a typical day, how bad is your pain from 0 (none) to 10 (the worst "
        "you can imagine)?",
        "Your usual pain level helps me judge how firm a massage you can "
        "comfortably take.",
        "A number from 0 to 10 is all I need, for example \"6\" or \"six\".",
        [{"title": str(score), "payload": payload("inform", pain_intensity=score)}
         for score in range(0, 11)],
    ),
    "touch_sensitivity": Question(
        "touch_sensitivity",
        "Does ordinary light touch hurt you? Think of a hug, tight clothes, "
        "shower water or combing your hair.",
        "When light touch itself hurts, even a normal massage can cause a flare, "
        "so this decides how gentle the massage should be.",
        "You can say none, mild, moderate or severe, or describe it, like "
        "\"hugs hurt\".",
        _option_buttons("touch_sensitivity"),
    ),
    "pressure_preference": Question(
        "pressure_preference",
        "What pressure do you like in a massage?",
        "Your own preference matters: a massage should never be more than you "
        "are comfortable with.",
        "Light, medium, firm, or \"not sure\" are all fine answers.",
        _option_buttons("pressure_preference"),
    ),
    "post_massage_flare": Question(
        "post_massage_flare",
        "After a firmer massage, were you ever sore for more than two days?",
        "A long flare after firm massage is a sign that deep pressure is too "
        "much for you.",
        "A yes or no is enough. If you've never had a firmer massage, say so.",
        _option_buttons("post_massage_flare"),
    ),
    "goals": Question(
        "goals",
        "What would you most like from massage? Pick any, or skip.",
        "Your goals help the therapist plan the session.",
        "For example \"better sleep\" or \"less stiffness\". You can also skip.",
        [{"title": GOAL_TITLES[goal], "payload": payload("inform", goals=[goal])}
         for goal in GOALS] + SKIP_BUTTONS,
    ),
    "heat_packs": Question(
        "heat_packs",
        "Would you like hot or cold packs as part of the session?",
        "Hot and cold packs help some people; not every therapist offers them.",
        "Yes, no, or skip.",
        [{"title": "Yes please", "payload": payload("inform", heat_packs="yes")},
         {"title": "No thanks", "payload": payload("inform", heat_packs="no")}]
        + SKIP_BUTTONS,
    ),
    "session_length": Question(
        "session_length",
        "How long would you like a session to be?",
        "Shorter sessions can be easier when you're sensitive or tired.",
        "For example \"45 minutes\" or \"an hour\". You can also skip.",
        [{"title": f"{minutes} minutes", "payload": payload("inform", session_length=minutes)}
         for minutes in SESSION_LENGTHS] + SKIP_BUTTONS,
    ),
    "therapist_gender": Question(
        "therapist_gender",
        "Would you prefer a woman or a man as your therapist?",
        "Many people feel more at ease with a therapist of a particular gender.",
        "A woman, a man, or \"doesn't matter\".",
        [{"title": "A woman", "payload": payload("inform", therapist_gender="female")},
         {"title": "A man", "payload": payload("inform", therapist_gender="male")},
         {"title": "Doesn't matter", "payload": payload("inform", therapist_gender="any")}]
        + SKIP_BUTTONS,
    ),
    "avoid_areas": Question(
        "avoid_areas",
        "Are there any areas the therapist should not touch?",
        "You're in charge of your body: a therapist can leave any area alone.",
        "Name the areas, like \"my feet\", or say \"none\".",
        [{"title": "None", "payload": payload("inform", avoid_areas=[])}] + SKIP_BUTTONS,
    ),
}


def question_for(slot: str) -> Optional[Question]:
    return QUESTIONS.get(slot)


def skip_value(slot: str) -> object:
    """What a skipped optional question stores."""
    return [] if slot in ("goals", "avoid_areas") else NO_PREFERENCE


# --- Repair ------------------------------------------------------------------

# Which answer "change my …" reopens: the first keyword found wins.
REOPEN_KEYWORDS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("avoid_areas", ("avoid", "not touch", "stay away")),
    ("pain_areas", ("area", "areas", "where", "body part", "places", "spots")),
    ("pain_intensity", ("intensity", "pain level", "score", "number", "how bad",
                        "rating", "0 to 10")),
    ("touch_sensitivity", ("touch", "sensitiv", "allodynia")),
    ("pressure_preference", ("pressure", "firm", "light", "medium")),
    ("post_massage_flare", ("flare", "sore", "soreness")),
    ("red_flags", ("safety", "health", "condition", "checklist", "red flag")),
    ("data_consent", ("consent", "keep my answers", "store", "storing")),
    ("goals", ("goal", "goals", "want from")),
    ("heat_packs", ("pack", "packs", "heat", "hot", "cold")),
    ("session_length", ("length", "how long", "minutes", "session")),
    ("therapist_gender", ("gender", "woman", "man", "female", "male")),
)


def slot_to_reopen(text: str) -> Optional[str]:
    """The answer a request like "change my pain areas" refers to, if any."""
    lowered = (text or "").lower()
    for slot, keywords in REOPEN_KEYWORDS:
        if any(keyword in lowered for keyword in keywords):
            return slot
    return None


# After two answers that could not be read, the question is offered as buttons
# only; free-text questions get a short list of common answers.
_AREA_GROUPS: List[Tuple[str, List[str]]] = [
    ("Neck", ["neck"]), ("Shoulders", ["shoulder_left", "shoulder_right"]),
    ("Upper back", ["upper_back"]), ("Lower back", ["lower_back"]),
    ("Hips", ["hip_left", "hip_right"]),
    ("Legs", ["upper_leg_left", "upper_leg_right", "lower_leg_left", "lower_leg_right"]),
    ("Arms", ["upper_arm_left", "upper_arm_right", "lower_arm_left", "lower_arm_right"]),
    ("Everywhere", ["everywhere"]),
]


def buttons_only(slot: str) -> List[Dict[str, str]]:
    """The buttons offered once typing has failed twice for this question."""
    if slot in ("pain_areas", "avoid_areas"):
        return [{"title": title, "payload": payload("inform", **{slot: regions})}
                for title, regions in _AREA_GROUPS]
    question = QUESTIONS.get(slot)
    return list(question.buttons) if question else []


# Plain names for the intents the two-stage fallback may offer as buttons.
INTENT_TITLES: Dict[str, str] = {
    "greet": "Say hello", "goodbye": "Say goodbye", "thank": "Say thanks",
    "affirm": "Yes", "deny": "No", "inform": "Answer the question",
    "skip": "Skip this question", "ask_why": "Ask why I'm asking",
    "ask_question": "Ask about massage", "change_answer": "Change an answer",
    "start_over": "Start over", "stop": "Stop for now", "resume": "Carry on",
    "human_handoff": "Talk to a person", "request_callback": "Ask for a callback",
    "delete_data": "Delete my data", "chitchat": "Chat", "bot_challenge": "Ask if I'm a bot",
}

# Offered with the recommendation.
AFTER_RECOMMENDATION_BUTTONS: List[Dict[str, str]] = [
    {"title": "Request a callback", "payload": payload("request_callback")},
    {"title": "Talk to a person", "payload": payload("human_handoff")},
    {"title": "Start over", "payload": payload("start_over")},
]

# The callback request: asked only after the recommendation.
CALLBACK_QUESTIONS: Dict[str, Question] = {
    "callback_consent": Question(
        "callback_consent",
        "To call you back, the clinic needs to keep your name, your contact details "
        "and your answers. Is that OK?",
        "The clinic can only contact you if it may keep your details.",
        "Please answer yes or no.",
        [{"title": "Yes, that's OK", "payload": payload("affirm")},
         {"title": "No thanks", "payload": payload("deny")}],
    ),
    "callback_name": Question(
        "callback_name", "What name should the clinic ask for?",
        "So the clinic knows who to ask for when they call.",
        "Just the name you'd like them to use."),
    "callback_contact": Question(
        "callback_contact", "What phone number or e-mail address should they use?",
        "So the clinic can reach you.",
        "For example +1 555 0100 or name@example.com."),
    "callback_times": Question(
        "callback_times", "When is a good time to reach you? For example \"weekday mornings\".",
        "So the clinic calls when it suits you.",
        "Any time of day or week, or \"any time\".",
        [{"title": "Any time", "payload": "any time"}]),
}

UNCLEAR_AGAIN = ("Sorry, I still didn't understand. You can say \"start over\", ask me "
                 "what a massage style is, or ask to talk to a person.")
ASK_REPHRASE = "Sorry, I didn't quite get that. Could you say it another way?"
