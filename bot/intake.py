"""The intake as a sequence of answers: what to ask next, and what a message says.

`extract` is called on every user message, inside or outside the form, so a red
flag or an answer volunteered early is never missed. It returns only the slots
the message changes, plus what to tell the person straight away.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional

from bot import parsing
from bot.dialogue import (
    CONSENT_SLOT,
    CONTRACT_SLOTS,
    PREFERENCE_SLOTS,
    RED_FLAG_OPTIONS,
    skip_value,
)
from bot.recommendation import describe_areas
from bot.vocabulary import (
    ALL_REGIONS,
    CAUTION,
    QUESTION_OPTIONS,
    RED_FLAGS,
    RED_FLAGS_BY_ID,
    STOP_SEVERITIES,
    WPI_REGIONS,
)

SCREENED_SLOT = "safety_screened"
SUSPECTED_SLOT = parsing.SUSPECTED_FLAGS
LIST_SLOTS = ("red_flags", "pain_areas", "goals", "avoid_areas")
AREA_SLOTS = ("pain_areas", "avoid_areas")


@dataclass
class Extraction:
    slots: Dict[str, Any] = field(default_factory=dict)
    messages: List[str] = field(default_factory=list)


def has_stop_flag(red_flags: Optional[Iterable[str]]) -> bool:
    return any(RED_FLAGS_BY_ID[f].severity in STOP_SEVERITIES
               for f in red_flags or () if f in RED_FLAGS_BY_ID)


def next_question(slots: Mapping[str, Any]) -> Optional[str]:
    """The slot to ask for next, or None when the intake is complete.

    The safety checklist is asked even when a flag was volunteered earlier,
    because the other flags have not been screened yet; an emergency or
    see-a-doctor flag ends the intake at once.
    """
    if has_stop_flag(slots.get("red_flags")):
        return None
    if slots.get(CONSENT_SLOT) is None:
        return CONSENT_SLOT
    if slots.get("red_flags") is None or not slots.get(SCREENED_SLOT):
        return "red_flags"
    for slot in CONTRACT_SLOTS[1:] + PREFERENCE_SLOTS:
        if slots.get(slot) is None:
            return slot
    return None


def _ordered_flags(flags: Iterable[str]) -> List[str]:
    chosen = set(flags)
    return [flag.id for flag in RED_FLAGS if flag.id in chosen]


def _flag_acknowledgements(new_flags: Iterable[str]) -> List[str]:
    messages = []
    for flag_id in new_flags:
        flag = RED_FLAGS_BY_ID[flag_id]
        opener = "Thank you for telling me. " if flag.severity == CAUTION else ""
        messages.append(opener + flag.advice)
    return messages


def _from_payload(intent: str, entities: List[Dict[str, Any]], requested: Optional[str],
                  current: Mapping[str, Any]) -> Dict[str, Any]:
    """Slot values carried by a button payload such as /inform{"pain_areas": [...]}."""
    values: Dict[str, Any] = {}
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if name in LIST_SLOTS:
            values.setdefault(name, []).append(value)
        elif name in QUESTION_OPTIONS or name in CONTRACT_SLOTS + PREFERENCE_SLOTS:
            values[name] = value
        elif name == "skip_rest" and value:
            values.update(_skip_the_rest(current))
    if requested and intent == "deny" and requested in ("red_flags", "avoid_areas"):
        values.setdefault(requested, [])
    if requested in PREFERENCE_SLOTS and intent == "skip":
        values.setdefault(requested, skip_value(requested))
    for slot in AREA_SLOTS:
        if slot in values:
            values[slot] = _valid_regions(values[slot])
    if "pain_intensity" in values:
        values["pain_intensity"] = _valid_intensity(values["pain_intensity"])
    return {slot: value for slot, value in values.items() if value is not None}


def _valid_regions(values: Iterable[Any]) -> List[str]:
    chosen = set(WPI_REGIONS) if "everywhere" in values else set(values)
    return [region for region in ALL_REGIONS if region in chosen]


def _valid_intensity(value: Any) -> Optional[float]:
    try:
        score = float(value)
    except (TypeError, ValueError):
        return None
    return score if 0 <= score <= 10 else None


_NUMBER_LIST = re.compile(r"\s*\d{1,2}(?:\s*(?:,|and|&|\s)\s*\d{1,2})*\s*\.?\s*")


def _checklist_numbers(text: str) -> List[int]:
    """ "2", "2 and 5", "3, 4" -> the numbers; anything else -> []."""
    if not _NUMBER_LIST.fullmatch(text):
        return []
    return [int(n) for n in re.findall(r"\d{1,2}", text)]


def _from_number_choice(text: str, requested: Optional[str]) -> Dict[str, Any]:
    """Lets a person answer a button question by its number ("2")."""
    if requested == "red_flags":
        numbers = _checklist_numbers(text)
        if numbers and all(1 <= n <= len(RED_FLAG_OPTIONS) for n in numbers):
            return {"red_flags": [flag for n in numbers for flag in RED_FLAG_OPTIONS[n - 1][1]]}
        return {}
    if requested in QUESTION_OPTIONS:
        value = parsing.parse_option_number(text, requested)
        if value is not None:
            return {requested: value}
    return {}


_SKIP_REST = re.compile(
    r"\b(skip|pass on|no more|enough)\b.*\b(rest|all|remaining|others?|everything|questions)\b"
    r"|\bthat'?s (all|enough)\b", re.IGNORECASE)


def _skip_the_rest(current: Mapping[str, Any]) -> Dict[str, Any]:
    return {slot: skip_value(slot) for slot in PREFERENCE_SLOTS if current.get(slot) is None}


def _from_intent(text: str, intent: str, requested: Optional[str],
                 current: Mapping[str, Any]) -> Dict[str, Any]:
    """A plain yes, no or skip answers the question being asked."""
    if requested in (CONSENT_SLOT, "post_massage_flare") and intent in ("affirm", "deny"):
        return {requested: intent == "affirm"}
    if requested in PREFERENCE_SLOTS:
        if _SKIP_REST.search(text):
            return _skip_the_rest(current)
        if intent == "skip":
            return {requested: skip_value(requested)}
    return {}


def extract(text: str, intent: str, entities: List[Dict[str, Any]],
            requested: Optional[str], current: Mapping[str, Any]) -> Extraction:
    """What one user message changes, given the question being asked."""
    text = (text or "").strip()
    if text.startswith("/"):
        found = _from_payload(intent, entities, requested, current)
    else:
        found = _from_intent(text, intent, requested, current)
        found.update(_from_number_choice(text, requested))
        for slot, value in parsing.extract_answers(text, requested, dict(current)).items():
            found.setdefault(slot, value)

    extraction = Extraction()
    screening_answered = requested == "red_flags" and "red_flags" in found
    if "red_flags" in found:
        # Flags are only ever added: "none of these" cannot erase one told earlier.
        before = list(current.get("red_flags") or [])
        found["red_flags"] = _ordered_flags(before + list(found["red_flags"]))
        extraction.messages.extend(
            _flag_acknowledgements(f for f in found["red_flags"] if f not in before))
        if screening_answered:
            found[SCREENED_SLOT] = True

    # Only what changed, except a checklist answer, which the form must see.
    extraction.slots = {slot: value for slot, value in found.items()
                        if current.get(slot) != value
                        or (slot == "red_flags" and screening_answered)}
    # Say back, in plain words, which areas were understood.
    if extraction.slots.get("pain_areas"):
        extraction.messages.append(
            f"Got it, where it hurts: {describe_areas(extraction.slots['pain_areas'])}.")
    if extraction.slots.get("avoid_areas"):
        extraction.messages.append(
            f"Noted, areas to avoid: {describe_areas(extraction.slots['avoid_areas'])}.")
    return extraction
