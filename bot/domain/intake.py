"""The intake as a sequence of answers: what to ask next, and what a message says.

`extract` is called on every user message, inside or outside the form, so a red
flag or an answer volunteered early is never missed. It returns only the slots
the message changes, plus what to tell the person straight away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional

from bot.domain import questions as dialogue
from bot.domain.questions import RED_FLAG_OPTIONS
from bot.domain.recommendation import describe_areas
from bot.understanding.answers import Answers, add_flags, read_answers
from bot.understanding.crisis import is_crisis
from bot.understanding.none_answers import is_none_answer
from bot.understanding.red_flags import closest_flags
from bot.understanding.red_flags import ordered_flags as _ordered_flags
from bot.understanding.text import MAX_MESSAGE_CHARS, MAX_SAFETY_WINDOWS, normalise
from bot.understanding.timing import NUMBER_WORDS
from bot.vocabulary.slots import (
    ANSWER_SLOTS,
    AREA_SLOTS,
    CONTRACT_SLOTS,
    LIST_SLOTS,
    PREFERENCE_SLOTS,
    Slot,
)
from bot.vocabulary.words import (
    ALL_REGIONS,
    CAUTION,
    GOALS,
    NO_PREFERENCE,
    QUESTION_OPTIONS,
    RED_FLAGS_BY_ID,
    SESSION_LENGTHS,
    STOP_SEVERITIES,
    THERAPIST_GENDERS,
    WPI_REGIONS,
    skip_value,
)


@dataclass
class Extraction:
    slots: Dict[str, Any] = field(default_factory=dict)
    messages: List[str] = field(default_factory=list)
    urgent: List[str] = field(default_factory=list)  # said before any greeting
    crisis: bool = False


def has_stop_flag(red_flags: Optional[Iterable[str]]) -> bool:
    return any(
        RED_FLAGS_BY_ID[f].severity in STOP_SEVERITIES
        for f in red_flags or ()
        if f in RED_FLAGS_BY_ID
    )


def next_question(slots: Mapping[str, Any]) -> Optional[str]:
    """The slot to ask for next, or None when the intake is complete.

    The safety checklist is asked even when a flag was volunteered earlier,
    because the other flags have not been screened yet; an emergency or
    see-a-doctor flag ends the intake at once.
    """
    if has_stop_flag(slots.get(Slot.RED_FLAGS)) or slots.get(Slot.SAFETY_UNCLEAR):
        return None
    if slots.get(Slot.SUSPECTED_FLAGS):
        return Slot.SUSPECTED_FLAGS
    if slots.get(Slot.DATA_CONSENT) is None:
        return Slot.DATA_CONSENT
    if slots.get(Slot.RED_FLAGS) is None or not slots.get(Slot.SAFETY_SCREENED):
        return Slot.RED_FLAGS
    asked = ANSWER_SLOTS + (PREFERENCE_SLOTS if slots.get(Slot.FINE_TUNING) else ())
    for slot in asked:
        if slots.get(slot) is None:
            return slot
    return None


def replies(extraction: Extraction, greet: bool, crisis_text: str, intro: str) -> List[str]:
    """What to say after a message, in order: the crisis line, then what to do
    about a stop flag (before any greeting), then the greeting once, then what
    was understood."""
    said: List[str] = [crisis_text] if extraction.crisis else []
    said += extraction.urgent
    if greet and not extraction.urgent:
        said.append(intro)
    return said + extraction.messages


@dataclass(frozen=True)
class Clarification:
    """The answer to a question could not be read: what to say, offer and set."""

    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    slots: Dict[str, Any] = field(default_factory=dict)


def clarify_safety(
    requested: str, failures: int, text: str, current: Mapping[str, Any]
) -> Optional[Clarification]:
    """A safety answer that names nothing: the closest options first, then the
    safer branch. A suspicion not confirmed or denied twice counts as confirmed."""
    if requested == Slot.RED_FLAGS:
        if failures == 0:
            closest = list(closest_flags(text))
            return Clarification(
                dialogue.closest_options_text(closest), dialogue.closest_options_buttons(closest)
            )
        return Clarification(
            dialogue.SAFETY_UNCLEAR_TEXT,
            dialogue.SAFETY_UNCLEAR_BUTTONS,
            {Slot.SAFETY_UNCLEAR: True},
        )
    if requested == Slot.SUSPECTED_FLAGS:
        suspected = list(current.get(Slot.SUSPECTED_FLAGS) or [])
        if failures == 0:
            return Clarification(dialogue.CONFIRM_AGAIN_TEXT, dialogue.YES_NO_UNSURE)
        flags = add_flags(current.get(Slot.RED_FLAGS), suspected)
        advice = " ".join(_flag_acknowledgements(f for f in suspected))
        return Clarification(
            f"{dialogue.TAKING_SAFE_SIDE} {advice}".strip(),
            [],
            {Slot.RED_FLAGS: flags, Slot.SUSPECTED_FLAGS: []},
        )
    return None


def _flag_acknowledgements(new_flags: Iterable[str]) -> List[str]:
    messages = []
    for flag_id in new_flags:
        flag = RED_FLAGS_BY_ID[flag_id]
        opener = "Thank you for telling me. " if flag.severity == CAUTION else ""
        messages.append(opener + flag.advice)
    return messages


def _from_payload(
    intent: str,
    entities: List[Dict[str, Any]],
    requested: Optional[str],
    current: Mapping[str, Any],
) -> Dict[str, Any]:
    """Slot values carried by a button payload such as /inform{"pain_areas": [...]}."""
    values: Dict[str, Any] = {}
    # One answer given twice ('{"touch_sensitivity": ["mild", "severe"]}', which
    # Rasa splits into two entities) is no button's payload: neither counts.
    names = [entity.get("entity") for entity in entities]
    entities = [
        e for e in entities if e.get("entity") in LIST_SLOTS or names.count(e.get("entity")) == 1
    ]
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if name in LIST_SLOTS:
            if _allowed_item(name, value):
                values.setdefault(name, []).append(value)
        elif name in QUESTION_OPTIONS or name in CONTRACT_SLOTS + PREFERENCE_SLOTS:
            if _allowed_value(name, value):
                values[name] = value
        elif name == "skip_rest" and value is True:
            values.update(_skip_the_rest(current))
    if intent == "fine_tune":
        values[Slot.FINE_TUNING] = True
    if requested and intent == "deny" and requested in (Slot.RED_FLAGS, Slot.AVOID_AREAS):
        values.setdefault(requested, [])
    if requested in PREFERENCE_SLOTS and intent == "skip":
        values.setdefault(requested, skip_value(requested))
    for slot in AREA_SLOTS:
        if slot in values:
            values[slot] = _valid_regions(values[slot])
    if Slot.PAIN_INTENSITY in values:
        values[Slot.PAIN_INTENSITY] = _valid_intensity(values[Slot.PAIN_INTENSITY])
    return {slot: value for slot, value in values.items() if value is not None}


# What a button payload may carry: the values the bot's own buttons send. A
# forged payload ('/inform{"touch_sensitivity": "extreme"}', a dict, a list where
# one value goes) sets nothing.
_PAYLOAD_VALUES: Dict[str, tuple] = {
    Slot.GOALS: GOALS,
    Slot.SESSION_LENGTH: SESSION_LENGTHS + (NO_PREFERENCE,),
    Slot.THERAPIST_GENDER: THERAPIST_GENDERS + (NO_PREFERENCE,),
    Slot.HEAT_PACKS: ("yes", "no", NO_PREFERENCE),
    Slot.RED_FLAGS: tuple(RED_FLAGS_BY_ID),
    Slot.PAIN_AREAS: ALL_REGIONS + ("everywhere",),
    Slot.AVOID_AREAS: ALL_REGIONS + ("everywhere",),
    **{slot: tuple(value for _, value in options) for slot, options in QUESTION_OPTIONS.items()},
}


def _same(value: Any, allowed: Any) -> bool:
    # True == 1 in Python: a forged 1 is not the button's true.
    return type(value) is type(allowed) and value == allowed


def _allowed_item(slot: str, value: Any) -> bool:
    return any(_same(value, allowed) for allowed in _PAYLOAD_VALUES.get(slot, ()))


def _allowed_value(slot: str, value: Any) -> bool:
    if slot == Slot.PAIN_INTENSITY:
        return isinstance(value, (int, float, str)) and not isinstance(value, bool)
    return _allowed_item(slot, value)


def _valid_regions(values: Iterable[Any]) -> List[str]:
    chosen = set(WPI_REGIONS) if "everywhere" in values else set(values)
    return [region for region in ALL_REGIONS if region in chosen]


def _valid_intensity(value: Any) -> Optional[float]:
    try:
        score = float(value)
    except (TypeError, ValueError):
        return None
    return score if 0 <= score <= 10 else None


_CHOICE_FILLER = {
    "number",
    "numbers",
    "no",
    "nos",
    "num",
    "#",
    "option",
    "options",
    "and",
    "&",
    ",",
    ".",
    "the",
    "one",
    "ones",
    "it's",
    "its",
    "is",
    "yes",
    "yeah",
    "both",
    "plus",
    "or",
    "maybe",
    "i",
    "think",
    "pick",
    "choose",
}


def _checklist_numbers(text: str) -> List[int]:
    """ "2", "2 and 5", "number eight", "#3" -> the numbers; anything else -> []."""
    words = re.findall(r"\d+|[a-z]+(?:'[a-z]+)?|[#&,.]", normalise(text)[:200])
    numbers = []
    for word in words:
        if word.isdigit() and len(word) <= 2:
            numbers.append(int(word))
        elif word in NUMBER_WORDS and word != "one" and NUMBER_WORDS[word] <= 11:
            numbers.append(NUMBER_WORDS[word])
        elif word not in _CHOICE_FILLER:
            return []
    return numbers


def _from_checklist_numbers(text: str, requested: Optional[str]) -> Dict[str, Any]:
    """Lets a person answer the safety checklist by its numbers ("2 and 5"); the
    other button questions are answered by number in `read_answers`."""
    if requested == Slot.RED_FLAGS:
        numbers = _checklist_numbers(text)
        if numbers and all(1 <= n <= len(RED_FLAG_OPTIONS) for n in numbers):
            return {Slot.RED_FLAGS: [flag for n in numbers for flag in RED_FLAG_OPTIONS[n - 1][1]]}
    return {}


_SKIP_REST = re.compile(
    r"\b(skip|pass on|no more|enough)\b.*\b(rest|all|remaining|others?|everything|questions)\b"
    r"|\bthat'?s (all|enough)\b",
    re.IGNORECASE,
)


def _skip_the_rest(current: Mapping[str, Any]) -> Dict[str, Any]:
    return {slot: skip_value(slot) for slot in PREFERENCE_SLOTS if current.get(slot) is None}


_FINE_TUNE = re.compile(
    r"\b(?:fine[- ]?tun\w*|refine|tailor|personali[sz]e|my preferences|"
    r"more options|adjust (?:it|the suggestion|my suggestion))\b"
)


def _from_intent(
    text: str, intent: str, requested: Optional[str], current: Mapping[str, Any]
) -> Dict[str, Any]:
    """A plain yes, no or skip answers the question being asked."""
    if intent == "fine_tune" or _FINE_TUNE.search(normalise(text)):
        return {Slot.FINE_TUNING: True}
    if requested == Slot.DATA_CONSENT:
        # The words decide when they say yes or no ("absolutely not" is taken for
        # an affirm by NLU); the intent only when they say neither.
        said = _consent_in_words(normalise(text))
        if said or intent not in ("affirm", "deny"):
            return said
        return {requested: intent == "affirm"}
    if requested == Slot.POST_MASSAGE_FLARE and intent in ("affirm", "deny"):
        return {requested: intent == "affirm"}
    if requested in PREFERENCE_SLOTS:
        if _SKIP_REST.search(text):
            return _skip_the_rest(current)
        if intent == "skip":
            return {requested: skip_value(requested)}
    return {}


_KEEP = re.compile(r"\b(?:keep|store|save|hold|have|fine|ok|okay|alright|go ahead|sure)\b")
_DO_NOT_KEEP = re.compile(
    r"\b(?:don'?t|do not|rather not|prefer not|not|no)\b[^.!?]{0,12}\b(?:keep|store|save)\b"
)


def _consent_in_words(said: str) -> Dict[str, Any]:
    """Whatever the intent was taken for, at the consent question the words decide:
    "yes, the clinic can keep them" is yes, "please don't store anything" is no."""
    if _DO_NOT_KEEP.search(said):
        return {Slot.DATA_CONSENT: False}
    if _YES.search(said) or (re.search(r"\byes\b", said) and _KEEP.search(said)):
        return {Slot.DATA_CONSENT: True}
    if _NO.search(said):
        return {Slot.DATA_CONSENT: False}
    return {}


_UNSURE = re.compile(
    r"\b(?:not sure|unsure|no idea|don'?t know|dont know|dunno|idk|maybe|"
    r"perhaps|possibly|not certain|can'?t say|no clue|might|could be|"
    r"i guess|not really sure)\b"
)
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|yea|ya|aye|correct|right|that'?s right|it does|"
    r"i do|i am|i have|true|afraid so|sadly yes|definitely|absolutely)\b(?!\W*not\b)"
)
_NO = re.compile(
    r"^\W*(?:no+|nope|nah|not at all|it doesn'?t|i don'?t|i'?m not|i haven'?t|"
    r"never|false|negative|none|(?:definitely|absolutely|certainly|surely) not)\b"
)


def _answer_to_suspicion(
    text: str, intent: str, entities: List[Dict[str, Any]], current: Mapping[str, Any]
) -> Dict[str, Any]:
    """Yes, no or not sure to "could it be ...?": yes and not sure add the flags
    (the safer branch), no clears the suspicion; anything else answers nothing."""
    suspected = list(current.get(Slot.SUSPECTED_FLAGS) or [])
    said = normalise(text)
    unsure = any(e.get("entity") == "unsure" for e in entities) or bool(_UNSURE.search(said))
    if unsure or intent == "affirm" or _YES.search(said):
        return {Slot.RED_FLAGS: suspected, Slot.SUSPECTED_FLAGS: []}
    if intent == "deny" or _NO.search(said):
        return {Slot.SUSPECTED_FLAGS: []}
    return {}


def _from_words(
    capped: str,
    answers: Answers,
    intent: str,
    requested: Optional[str],
    current: Mapping[str, Any],
) -> Dict[str, Any]:
    """A typed message: the intent's yes, no or skip, then what the words say. An
    option's number ("2") outranks the intent; any other reading does not."""
    found = _from_intent(capped, intent, requested, current)
    found.update(_from_checklist_numbers(capped, requested))
    if answers.by_option_number:
        found[requested] = answers.slots[requested]
    for slot, value in answers.slots.items():
        found.setdefault(slot, value)
    return found


def _read(
    text: str,
    answers: Answers,
    intent: str,
    entities: List[Dict[str, Any]],
    requested: Optional[str],
    current: Mapping[str, Any],
) -> Dict[str, Any]:
    capped = text[:MAX_MESSAGE_CHARS]  # every pattern here reads a capped message
    if answers.payload:
        found = _from_payload(intent, entities, requested, current)
    else:
        found = _from_words(capped, answers, intent, requested, current)
    if requested == Slot.SUSPECTED_FLAGS:
        answer = _answer_to_suspicion(capped, intent, entities, current)
        flags = list(found.get(Slot.RED_FLAGS) or []) + list(answer.pop(Slot.RED_FLAGS, []))
        safety = (Slot.RED_FLAGS, Slot.SUSPECTED_FLAGS)
        found = {slot: v for slot, v in found.items() if slot in safety}
        found.update(answer)
        if flags:
            found[Slot.RED_FLAGS] = flags
    return found


def extract(
    text: str,
    intent: str,
    entities: List[Dict[str, Any]],
    requested: Optional[str],
    current: Mapping[str, Any],
) -> Extraction:
    """What one user message changes, given the question being asked."""
    text = (text or "").strip()
    text = text[: MAX_MESSAGE_CHARS * MAX_SAFETY_WINDOWS]
    answers = read_answers(text, requested, dict(current))
    found = _read(text, answers, intent, entities, requested, current)
    extraction = Extraction(crisis=not answers.payload and is_crisis(text))
    named_nothing = Slot.RED_FLAGS not in found and not found.get(Slot.SUSPECTED_FLAGS)
    if requested == Slot.RED_FLAGS and named_nothing:
        found = {}  # a safety answer that names nothing is never read as another answer
    if _back_from_the_safe_branch(text, intent, requested, current):
        found.update(
            {
                Slot.RED_FLAGS: list(current.get(Slot.RED_FLAGS) or []),
                Slot.SAFETY_UNCLEAR: False,
                Slot.SAFETY_SCREENED: True,
            }
        )
    screening_answered = requested == Slot.RED_FLAGS and Slot.RED_FLAGS in found
    _merge_flags(found, current, screening_answered, extraction)
    # Only what changed, except a checklist answer, which the form must see.
    extraction.slots = {
        slot: value
        for slot, value in found.items()
        if current.get(slot) != value
        or (slot == Slot.RED_FLAGS and screening_answered)
        or (slot == Slot.SUSPECTED_FLAGS and requested == Slot.SUSPECTED_FLAGS)
    }
    if has_stop_flag(found.get(Slot.RED_FLAGS) or current.get(Slot.RED_FLAGS)):
        extraction.messages = []  # nothing else matters until a doctor has checked
    else:
        extraction.messages.extend(_said_back(extraction.slots, requested))
    return extraction


def _back_from_the_safe_branch(
    text: str, intent: str, requested: Optional[str], current: Mapping[str, Any]
) -> bool:
    """After the safe branch, "none of these" takes the person back to the questions."""
    return bool(
        current.get(Slot.SAFETY_UNCLEAR)
        and requested is None
        and (intent == "deny" or is_none_answer(text[:MAX_MESSAGE_CHARS]))
    )


def _merge_flags(
    found: Dict[str, Any],
    current: Mapping[str, Any],
    screening_answered: bool,
    extraction: Extraction,
) -> None:
    """Flags told now join those told earlier (they are only ever added); a new
    stop flag is said before anything else, even a greeting."""
    if Slot.RED_FLAGS in found:
        before = list(current.get(Slot.RED_FLAGS) or [])
        found[Slot.RED_FLAGS] = add_flags(before, found[Slot.RED_FLAGS])
        new_flags = [f for f in found[Slot.RED_FLAGS] if f not in before]
        urgent = [f for f in new_flags if RED_FLAGS_BY_ID[f].severity in STOP_SEVERITIES]
        extraction.urgent.extend(_flag_acknowledgements(urgent))
        extraction.messages.extend(_flag_acknowledgements(f for f in new_flags if f not in urgent))
        if screening_answered:
            found[Slot.SAFETY_SCREENED] = True
    if found.get(Slot.SUSPECTED_FLAGS):
        found[Slot.SUSPECTED_FLAGS] = _ordered_flags(
            set(found[Slot.SUSPECTED_FLAGS]) | set(current.get(Slot.SUSPECTED_FLAGS) or ())
        )


def _said_back(slots: Mapping[str, Any], requested: Optional[str]) -> List[str]:
    """What was understood, in plain words: the areas, then anything volunteered."""
    said = []
    if slots.get(Slot.PAIN_AREAS):
        said.append(f"Got it, where it hurts: {describe_areas(slots[Slot.PAIN_AREAS])}.")
    if slots.get(Slot.AVOID_AREAS):
        said.append(f"Noted, areas to avoid: {describe_areas(slots[Slot.AVOID_AREAS])}.")
    volunteered = dialogue.describe_answers(
        {slot: v for slot, v in slots.items() if slot != requested}
    )
    if volunteered:
        said.append(f"I've also noted: {volunteered}.")
    return said
