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

from bot.vocabulary.slots import Slot
from bot.vocabulary.words import (
    FLAG_NAMES,
    GOALS,
    QUESTION_OPTIONS,
    RED_FLAGS,
    RED_FLAGS_BY_ID,
    SESSION_LENGTHS,
)

INTRO = (
    "Hello, I'm the clinic's massage-matching assistant. I'll ask a few short "
    "questions about your pain, then suggest a massage style that may suit you and "
    "the questions to ask a therapist. I can't diagnose anything and this isn't "
    "medical advice: it's a starting point for you, your therapist and your doctor."
)
INTRO_WEBSITE = INTRO + " You can type freely or tap the buttons."
INTRO_SHELL = INTRO + " Type your answer, or the number of an option."


EXAMPLE_EMERGENCY_NUMBERS = "(911 in the US, 999 in the UK, 112 in the EU)"


def with_emergency_number(text: str, number: Optional[str]) -> str:
    """The clinic country's emergency number in place of the examples, when the
    country is known ("Please call your local emergency number (000) now")."""
    if not number or not number[:1].isdigit():
        return text
    return text.replace(EXAMPLE_EMERGENCY_NUMBERS, f"({number})")


def crisis_reply(line: str, emergency_number: str) -> str:
    """What the assistant says first to someone who speaks of ending their life."""
    return (
        f"I'm really sorry you're going through this. You don't have to face it alone: "
        f"you can talk to someone now at {line}. If you might act on these thoughts "
        f"or are in danger, please call {emergency_number} now. I'm still here, and we "
        "can carry on whenever you're ready."
    )


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
    return [
        {"title": title, "payload": payload("inform", **{slot: value})}
        for title, value in QUESTION_OPTIONS[slot]
    ]


SKIP_BUTTONS = [
    {"title": "Skip this one", "payload": payload("skip")},
    {"title": "Skip the rest", "payload": payload("skip", skip_rest=True)},
]

# Numbered as the checklist shows them: the ten conditions, then "None of these".
RED_FLAG_OPTIONS: List[Tuple[str, List[str]]] = [(flag.label, [flag.id]) for flag in RED_FLAGS] + [
    ("None of these", [])
]

GOAL_TITLES: Dict[str, str] = {
    "pain_relief": "Less pain",
    "sleep": "Better sleep",
    "stiffness": "Less stiffness",
    "relaxation": "Relaxation",
    "headaches": "Fewer headaches",
}

# How long things are kept unless the clinic configures otherwise
# (bot/runtime/settings.py RetentionSettings; a unit test keeps them equal).
DEFAULT_CLINIC_DAYS = 90
DEFAULT_HISTORY_DAYS = 30
DEFAULT_UNCONSENTED_MINUTES = 30


def _span(amount: float, unit: str) -> str:
    return f"{amount:g} {unit}" if amount == 1 else f"{amount:g} {unit}s"


def consent_text(clinic_days: float, history_days: float, unconsented_minutes: float) -> str:
    """The consent question: exactly what is kept, and for how long."""
    return (
        f"May the clinic keep your answers for {_span(clinic_days, 'day')}, so a "
        "therapist can read them before you meet? This chat would be kept for "
        f"{_span(history_days, 'day')}. If you say no, we can still talk, and this "
        f"chat is erased about {_span(unconsented_minutes, 'minute')} after your "
        "last message."
    )


QUESTIONS: Dict[str, Question] = {
    Slot.DATA_CONSENT: Question(
        Slot.DATA_CONSENT,
        consent_text(DEFAULT_CLINIC_DAYS, DEFAULT_HISTORY_DAYS, DEFAULT_UNCONSENTED_MINUTES),
        "The clinic can only keep what you tell me if you agree. It helps the "
        'therapist prepare, but it is your choice, and you can say "delete my '
        'data" at any time.',
        "Please answer yes (the clinic may keep my answers) or no.",
        _option_buttons(Slot.DATA_CONSENT),
    ),
    Slot.RED_FLAGS: Question(
        Slot.RED_FLAGS,
        "First, a quick safety check. Do any of these apply to you right now?\n"
        + "\n".join(
            f"{number}. {title}" for number, (title, _) in enumerate(RED_FLAG_OPTIONS, start=1)
        ),
        "Some health problems make massage unsafe, or mean it should be very "
        "gentle. I check these before suggesting anything.",
        "You can pick an option, type its number, or tell me in your own words. "
        'If none apply, say "none of these".',
        [
            {
                "title": title,
                "payload": payload("deny") if not ids else payload("inform", red_flags=ids),
            }
            for title, ids in RED_FLAG_OPTIONS
        ],
    ),
    Slot.PAIN_AREAS: Question(
        Slot.PAIN_AREAS,
        "Where do you usually hurt? Name as many places as you like, for example "
        '"my neck, shoulders and lower back", or "everywhere".',
        "Knowing where it hurts lets a therapist focus on those areas, and lets "
        "me count how widespread the pain is.",
        'Tell me the body parts that hurt, like "neck and left hip", or say '
        '"everywhere" or "everywhere except my legs".',
        [{"title": "Everywhere", "payload": payload("inform", pain_areas=["everywhere"])}],
    ),
    Slot.PAIN_INTENSITY: Question(
        Slot.PAIN_INTENSITY,
        "On a typical day, how bad is your pain from 0 (none) to 10 (the worst you can imagine)?",
        "Your usual pain level helps me judge how firm a massage you can comfortably take.",
        'A number from 0 to 10 is all I need, for example "6" or "six".',
        [
            {"title": str(score), "payload": payload("inform", pain_intensity=score)}
            for score in range(0, 11)
        ],
    ),
    Slot.TOUCH_SENSITIVITY: Question(
        Slot.TOUCH_SENSITIVITY,
        "Does ordinary light touch hurt you? Think of a hug, tight clothes, "
        "shower water or combing your hair.",
        "When light touch itself hurts, even a normal massage can cause a flare, "
        "so this decides how gentle the massage should be.",
        'You can say none, mild, moderate or severe, or describe it, like "hugs hurt".',
        _option_buttons(Slot.TOUCH_SENSITIVITY),
    ),
    Slot.PRESSURE_PREFERENCE: Question(
        Slot.PRESSURE_PREFERENCE,
        "What pressure do you like in a massage?",
        "Your own preference matters: a massage should never be more than you "
        "are comfortable with.",
        'Light, medium, firm, or "not sure" are all fine answers.',
        _option_buttons(Slot.PRESSURE_PREFERENCE),
    ),
    Slot.POST_MASSAGE_FLARE: Question(
        Slot.POST_MASSAGE_FLARE,
        "After a firmer massage, were you ever sore for more than two days?",
        "A long flare after firm massage is a sign that deep pressure is too much for you.",
        "A yes or no is enough. If you've never had a firmer massage, say so.",
        _option_buttons(Slot.POST_MASSAGE_FLARE),
    ),
    Slot.GOALS: Question(
        Slot.GOALS,
        "What would you most like from massage? Pick any, or skip.",
        "Your goals help the therapist plan the session.",
        'For example "better sleep" or "less stiffness". You can also skip.',
        [
            {"title": GOAL_TITLES[goal], "payload": payload("inform", goals=[goal])}
            for goal in GOALS
        ]
        + SKIP_BUTTONS,
    ),
    Slot.HEAT_PACKS: Question(
        Slot.HEAT_PACKS,
        "Would you like hot or cold packs as part of the session?",
        "Hot and cold packs help some people; not every therapist offers them.",
        "Yes, no, or skip.",
        [
            {"title": "Yes please", "payload": payload("inform", heat_packs="yes")},
            {"title": "No thanks", "payload": payload("inform", heat_packs="no")},
        ]
        + SKIP_BUTTONS,
    ),
    Slot.SESSION_LENGTH: Question(
        Slot.SESSION_LENGTH,
        "How long would you like a session to be?",
        "Shorter sessions can be easier when you're sensitive or tired.",
        'For example "45 minutes" or "an hour". You can also skip.',
        [
            {"title": f"{minutes} minutes", "payload": payload("inform", session_length=minutes)}
            for minutes in SESSION_LENGTHS
        ]
        + SKIP_BUTTONS,
    ),
    Slot.THERAPIST_GENDER: Question(
        Slot.THERAPIST_GENDER,
        "Would you prefer a woman or a man as your therapist?",
        "Many people feel more at ease with a therapist of a particular gender.",
        'A woman, a man, or "doesn\'t matter".',
        [
            {"title": "A woman", "payload": payload("inform", therapist_gender="female")},
            {"title": "A man", "payload": payload("inform", therapist_gender="male")},
            {"title": "Doesn't matter", "payload": payload("inform", therapist_gender="any")},
        ]
        + SKIP_BUTTONS,
    ),
    Slot.AVOID_AREAS: Question(
        Slot.AVOID_AREAS,
        "Are there any areas the therapist should not touch?",
        "You're in charge of your body: a therapist can leave any area alone.",
        'Name the areas, like "my feet", or say "none".',
        [{"title": "None", "payload": payload("inform", avoid_areas=[])}] + SKIP_BUTTONS,
    ),
}


YES_NO_UNSURE = [
    {"title": "Yes", "payload": payload("affirm")},
    {"title": "No", "payload": payload("deny")},
    {"title": "I'm not sure", "payload": payload("inform", unsure=True)},
]


def _labels(flags: List[str]) -> str:
    return join_words([FLAG_NAMES[f] for f in flags if f in FLAG_NAMES], "or")


def confirm_flags_question(flags: List[str]) -> Question:
    """Asked when something the person said may be a red flag."""
    return Question(
        Slot.SUSPECTED_FLAGS,
        f"To be safe, I want to check something you said. Could it be {_labels(flags)}? "
        "Does that apply to you right now?",
        "Some health problems mean massage should wait or be very gentle, so I check "
        "before suggesting anything.",
        "Please answer yes, no, or \"not sure\". If you're not sure, I'll take the safe side.",
        YES_NO_UNSURE,
    )


def closest_options_text(flags: List[str]) -> str:
    if flags:
        return (
            f"I couldn't match that to the list for sure. The closest seem to be: "
            f"{_labels(flags)}. Is it one of these, or none of them?"
        )
    return (
        "I couldn't match that to the list. Could you pick the one that comes closest, "
        "or \"None of these\"? If you're not sure, say so and I'll take the safe side."
    )


def closest_options_buttons(flags: List[str]) -> List[Dict[str, str]]:
    chosen = [(RED_FLAGS_BY_ID[f].label, [f]) for f in flags] or RED_FLAG_OPTIONS[:-1]
    return [
        {"title": title, "payload": payload("inform", red_flags=ids)} for title, ids in chosen
    ] + [
        {"title": "None of these", "payload": payload("deny")},
        {"title": "I'm not sure", "payload": payload("inform", unsure=True)},
    ]


SAFETY_UNCLEAR_TEXT = (
    "I can't be sure from that, so to be safe I won't suggest a massage yet. Please "
    "check with your doctor first, especially about anything on the list. If none of "
    'them apply to you, tell me "none of these" and we\'ll carry on.'
)


SAFETY_UNCLEAR_BUTTONS: List[Dict[str, str]] = [
    {"title": "None of these apply to me", "payload": payload("deny")},
    {"title": "Talk to a person", "payload": payload("human_handoff")},
]
CONFIRM_AGAIN_TEXT = (
    "Sorry, I need a yes or a no to keep you safe. If you're not sure, "
    "that's fine: say \"not sure\" and I'll take the safe side."
)
TAKING_SAFE_SIDE = "As I can't be sure, I'll take the safe side and count it as yes."


def question_for(slot: str) -> Optional[Question]:
    return QUESTIONS.get(slot)


# --- Repair ------------------------------------------------------------------

# Which answer "change my …" reopens: the first keyword found wins.
REOPEN_KEYWORDS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    (Slot.AVOID_AREAS, ("avoid", "not touch", "stay away")),
    (Slot.PAIN_AREAS, ("area", "areas", "where", "body part", "places", "spots")),
    (
        Slot.PAIN_INTENSITY,
        ("intensity", "pain level", "score", "number", "how bad", "rating", "0 to 10"),
    ),
    (Slot.TOUCH_SENSITIVITY, ("touch", "sensitiv", "allodynia")),
    (Slot.PRESSURE_PREFERENCE, ("pressure", "firm", "light", "medium")),
    (Slot.POST_MASSAGE_FLARE, ("flare", "sore", "soreness")),
    (Slot.RED_FLAGS, ("safety", "health", "condition", "checklist", "red flag")),
    (Slot.DATA_CONSENT, ("consent", "keep my answers", "store", "storing")),
    (Slot.GOALS, ("goal", Slot.GOALS, "want from")),
    (Slot.HEAT_PACKS, ("pack", "packs", "heat", "hot", "cold")),
    (Slot.SESSION_LENGTH, ("length", "how long", "minutes", "session")),
    (Slot.THERAPIST_GENDER, ("gender", "woman", "man", "female", "male")),
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
    ("Neck", ["neck"]),
    ("Shoulders", ["shoulder_left", "shoulder_right"]),
    ("Upper back", ["upper_back"]),
    ("Lower back", ["lower_back"]),
    ("Hips", ["hip_left", "hip_right"]),
    ("Legs", ["upper_leg_left", "upper_leg_right", "lower_leg_left", "lower_leg_right"]),
    ("Arms", ["upper_arm_left", "upper_arm_right", "lower_arm_left", "lower_arm_right"]),
    ("Everywhere", ["everywhere"]),
]


def buttons_only(slot: str) -> List[Dict[str, str]]:
    """The buttons offered once typing has failed twice for this question."""
    if slot in (Slot.PAIN_AREAS, Slot.AVOID_AREAS):
        return [
            {"title": title, "payload": payload("inform", **{slot: regions})}
            for title, regions in _AREA_GROUPS
        ]
    question = QUESTIONS.get(slot)
    return list(question.buttons) if question else []


# Plain names for the intents the two-stage fallback may offer as buttons.
INTENT_TITLES: Dict[str, str] = {
    "greet": "Say hello",
    "goodbye": "Say goodbye",
    "thank": "Say thanks",
    "affirm": "Yes",
    "deny": "No",
    "inform": "Answer the question",
    "skip": "Skip this question",
    "ask_why": "Ask why I'm asking",
    "ask_question": "Ask about massage",
    "change_answer": "Change an answer",
    "start_over": "Start over",
    "stop": "Stop for now",
    "resume": "Carry on",
    "human_handoff": "Talk to a person",
    "request_callback": "Ask for a callback",
    "delete_data": "Delete my data",
    "chitchat": "Chat",
    "bot_challenge": "Ask if I'm a bot",
    "fine_tune": "Fine-tune the suggestion",
}

# Offered with the recommendation: the optional preferences come after it.
FINE_TUNE_BUTTON = {"title": "Fine-tune it", "payload": payload("fine_tune")}
AFTER_RECOMMENDATION_BUTTONS: List[Dict[str, str]] = [
    FINE_TUNE_BUTTON,
    {"title": "Request a callback", "payload": payload("request_callback")},
    {"title": "Talk to a person", "payload": payload("human_handoff")},
    {"title": "Start over", "payload": payload("start_over")},
]

# After "no massage for now": nothing to fine-tune; a person to talk to.
AFTER_STOP_BUTTONS: List[Dict[str, str]] = [
    {"title": "Talk to a person", "payload": payload("human_handoff")},
    {"title": "Start over", "payload": payload("start_over")},
]


def after_recommendation_buttons(stopped: bool, safety_unclear: bool) -> List[Dict[str, str]]:
    if safety_unclear:
        return SAFETY_UNCLEAR_BUTTONS
    return AFTER_STOP_BUTTONS if stopped else AFTER_RECOMMENDATION_BUTTONS


# The callback request: asked only after the recommendation.
CALLBACK_QUESTIONS: Dict[str, Question] = {
    Slot.CALLBACK_CONSENT: Question(
        Slot.CALLBACK_CONSENT,
        "To call you back, the clinic needs to keep your name, your contact details "
        "and your answers. Is that OK?",
        "The clinic can only contact you if it may keep your details.",
        "Please answer yes or no.",
        [
            {"title": "Yes, that's OK", "payload": payload("affirm")},
            {"title": "No thanks", "payload": payload("deny")},
        ],
    ),
    Slot.CALLBACK_NAME: Question(
        Slot.CALLBACK_NAME,
        "What name should the clinic ask for?",
        "So the clinic knows who to ask for when they call.",
        "Just the name you'd like them to use.",
    ),
    Slot.CALLBACK_CONTACT: Question(
        Slot.CALLBACK_CONTACT,
        "What phone number or e-mail address should they use?",
        "So the clinic can reach you.",
        "For example +1 555 0100 or name@example.com.",
    ),
    Slot.CALLBACK_TIMES: Question(
        Slot.CALLBACK_TIMES,
        'When is a good time to reach you? For example "weekday mornings".',
        "So the clinic calls when it suits you.",
        'Any time of day or week, or "any time".',
        [{"title": "Any time", "payload": "any time"}],
    ),
}

_ANSWER_WORDS: Dict[str, Dict[object, str]] = {
    Slot.TOUCH_SENSITIVITY: {
        "none": "light touch doesn't hurt",
        "mild": "touch hurts a little",
        "moderate": "touch often hurts",
        "severe": "even light touch hurts",
    },
    Slot.PRESSURE_PREFERENCE: {
        "light": "you like light pressure",
        "medium": "you like medium pressure",
        "firm": "you like firm pressure",
        "unsure": "you're not sure about pressure",
    },
    Slot.POST_MASSAGE_FLARE: {
        True: "you were sore for days after a firmer massage",
        False: "no long soreness after massage",
    },
}


def describe_answers(slots: Dict[str, object]) -> str:
    """Answers given before they were asked, in plain words ("pain about 6, ...")."""
    said = []
    if slots.get(Slot.PAIN_INTENSITY) is not None:
        said.append(f"pain about {float(slots[Slot.PAIN_INTENSITY]):g} out of 10")
    for slot, words in _ANSWER_WORDS.items():
        if slots.get(slot) in words:
            said.append(words[slots[slot]])
    return join_words(said)


def join_words(items: List[str], last: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


# Before the recommendation, after anything the bot could not follow: it leads
# back to its question.
LEAD_BACK = "Thanks for telling me. Let's go on with the questions; it only takes a few."

UNCLEAR_AGAIN = (
    'Sorry, I still didn\'t understand. You can say "start over", ask me '
    "what a massage style is, or ask to talk to a person."
)
ASK_REPHRASE = "Sorry, I didn't quite get that. Could you say it another way?"
