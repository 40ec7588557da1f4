"""What one user message says: pure functions from text to slot values.

`read_answers` is the single entry point the dialogue calls on every user
message (`extract_answers` is the same with red flags joined to those told
earlier). A message is read once with the project's spaCy pipeline (`doc`), then
by the readers of its parts, each in its own module:

    regions        body regions, sides, exceptions ("everywhere except my legs")
    scales         the pain score, touch sensitivity, an option's number ("2")
    preferences    pressure, flare, goals, packs, session length, therapist's
                   gender, the clauses naming areas to avoid
    none_answers   "none of these", "skip", "no preference"
    corrections    "I said firm but I meant medium"
    red_flags      red flags as clinical concepts (mapped here onto the tokens,
                   so a body part inside a red flag is not a pain area)

Here they are combined with the question being asked and the answers so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional

from spacy.tokens import Doc

from bot.understanding import flag_model, red_flags
from bot.understanding.corrections import corrections
from bot.understanding.doc import PAIN_WORDS, message_doc, norm, sentence_bounds
from bot.understanding.none_answers import is_none_answer, is_skip
from bot.understanding.preferences import (
    avoid_tokens,
    parse_flare,
    parse_gender,
    parse_goals,
    parse_heat_packs,
    parse_pressure,
    parse_session_length,
)
from bot.understanding.red_flags import ordered_flags
from bot.understanding.regions import (
    BodyPart,
    RegionMention,
    mention_of,
    ordered_regions,
    region_parts,
    resolve_regions,
)
from bot.understanding.scales import parse_intensity, parse_option_number, parse_sensitivity
from bot.understanding.text import MAX_MESSAGE_CHARS
from bot.vocabulary.slots import Slot
from bot.vocabulary.words import GOALS, WPI_REGIONS, skip_value

__all__ = ["Answers", "read_answers", "extract_answers", "add_flags", "detect_red_flags"]


@dataclass(frozen=True)
class Answers:
    """What the words of one message answer."""

    slots: Dict[str, object]
    # A button's payload ("/inform{...}"): it carries its own values, no words to read.
    payload: bool = False
    # The question was answered with an option's number ("2", "the second one").
    by_option_number: bool = False


def read_answers(
    text: str, requested_slot: Optional[str], current: Optional[Mapping[str, object]]
) -> Answers:
    """Every slot value one user message gives, given the question being asked
    (``requested_slot``) and the slots so far (``current``).

    The slot being asked for is returned whenever the message answers it (even
    with the value it already had, so a form sees the answer); any other slot
    only when the message changes it. Red flags are the ones told now: join
    them to those told earlier with `add_flags`.
    """
    full_text = (text or "").strip()
    if full_text.startswith("/"):
        return Answers({}, payload=True)
    if not full_text:
        return Answers({})
    # Every reader sees a capped message; red flags are read in the whole of it.
    message = _Message(
        full_text[:MAX_MESSAGE_CHARS], full_text, requested_slot, dict(current or {})
    )
    out: Dict[str, object] = {}
    # A number typed instead of pressing a button.
    option = parse_option_number(message.text, requested_slot)
    if option is not None:
        out[requested_slot] = option
    hits = _red_flag_answers(message, out)
    _area_answers(message, hits, out)
    _scale_answers(message, out)
    _preference_answers(message, out)
    out.update(corrections(message.text, message.current))
    return Answers(out, by_option_number=option is not None)


def extract_answers(
    text: str, requested_slot: Optional[str], current: Optional[Mapping[str, object]]
) -> Dict[str, object]:
    """`read_answers`, with the red flags told now added to those told earlier."""
    found = read_answers(text, requested_slot, current).slots
    if Slot.RED_FLAGS in found:
        found[Slot.RED_FLAGS] = add_flags(
            (current or {}).get(Slot.RED_FLAGS), found[Slot.RED_FLAGS]
        )
    return found


def add_flags(earlier: Optional[Iterable[str]], told: Iterable[str]) -> List[str]:
    """Red flags are only ever added: the flags told now joined to those told
    earlier, in checklist order ("none of these" cannot erase one)."""
    return ordered_flags(list(earlier or []) + list(told))


@dataclass
class _Message:
    text: str  # capped
    full_text: str
    requested: Optional[str]
    current: Dict[str, object]

    @property
    def doc(self) -> Doc:
        return message_doc(self.text)


def _set_if_changed(
    out: Dict[str, object],
    current: Mapping[str, object],
    slot: str,
    value: object,
    requested: Optional[str],
) -> None:
    if value is None:
        return
    if slot == requested or current.get(slot) != value:
        out[slot] = value


# --- Red flags ---------------------------------------------------------------------------
# Read as clinical concepts by bot/understanding/red_flags.py; here only mapped
# onto the spaCy tokens, so a body part inside a red flag is not a pain area.
@dataclass(frozen=True)
class _FlagHit:
    flag: str
    start: int  # spaCy token span of the mention
    end: int
    status: str


def _flag_hits(doc: Doc, at_checklist: bool) -> List[_FlagHit]:
    hits = []
    for mention in red_flags.mentions(doc.text, at_checklist):
        span = doc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
        if span is not None and len(span):
            hits.append(_FlagHit(mention.flag, span.start, span.end, mention.status))
    return hits


def detect_red_flags(text: str) -> List[str]:
    """The red flags a message raises now, in RED_FLAGS order."""
    return list(red_flags.read_flags(text or "").raised)


def _red_flag_answers(message: _Message, out: Dict[str, object]) -> List[_FlagHit]:
    """Red flags told now (at the checklist, "none of these" tells none); a flag
    said with doubt is only suspected, for the person to confirm."""
    requested, text = message.requested, message.text
    hits = _flag_hits(message.doc, at_checklist=requested == Slot.RED_FLAGS)
    detected = {h.flag for h in hits if h.status == red_flags.RAISED}
    if len(message.full_text) > len(text):
        detected |= set(
            red_flags.read_flags(message.full_text, requested == Slot.RED_FLAGS).raised
        )
    suspected = {h.flag for h in hits if h.status == red_flags.SUSPECTED} - detected
    # A flag the tables did not mention at all, but the message reads like: asked.
    suspected |= set(flag_model.likely_flags(text)) - {h.flag for h in hits} - detected
    known = list(message.current.get(Slot.RED_FLAGS) or [])
    if requested == Slot.RED_FLAGS:
        if detected:
            out[Slot.RED_FLAGS] = ordered_flags(detected)
        elif not suspected and (is_none_answer(text) or hits):
            out[Slot.RED_FLAGS] = []
    elif detected - set(known):
        out[Slot.RED_FLAGS] = ordered_flags(detected)
    suspected -= set(known) | detected
    if suspected:
        out[Slot.SUSPECTED_FLAGS] = ordered_flags(suspected)
    return hits


# --- Pain areas and areas to avoid ------------------------------------------------------------
_ADDING = re.compile(r"\b(?:also|too|as well|add|plus|another|more|again)\b")
# Words that change the pain areas given earlier, even without a pain word.
_AMENDING_AREAS = re.compile(
    r"\b(?:add|also|too|as well|plus|include|forgot|remove|"
    r"take (?:off|out)|drop|delete|no longer|leave out)\b"
)


def _area_answers(message: _Message, hits: List[_FlagHit], out: Dict[str, object]) -> None:
    """Body regions: pain areas, areas to avoid."""
    doc = message.doc
    parts = region_parts(doc)
    # A body part inside or beside a raised or suspected flag ("chest pain", "knee
    # surgery", "my calf is swollen and hot") is not a pain area.
    flagged = [h for h in hits if h.status in (red_flags.RAISED, red_flags.SUSPECTED)]
    # ...in its own sentence: "both arms. I am 16 weeks pregnant" keeps the arms
    sentence_of = sentence_bounds(doc)
    flag_tokens = {
        i
        for h in flagged
        for i in range(max(0, h.start - 2), min(len(doc), h.end + 1))
        if sentence_of[i] == sentence_of[h.start]
    }
    if message.requested == Slot.AVOID_AREAS:
        _avoid_answer(message, [p for p in parts if p.start not in flag_tokens] or parts, out)
        return
    avoid = avoid_tokens(doc) if parts else set()
    avoid_parts = [p for p in parts if p.start in avoid]
    if avoid_parts:
        mention = mention_of(avoid_parts)
        extra = set(mention.added | mention.removed)
        if mention.everywhere:
            extra |= set(WPI_REGIONS)
        _set_if_changed(
            out,
            message.current,
            Slot.AVOID_AREAS,
            ordered_regions(set(message.current.get(Slot.AVOID_AREAS) or ()) | extra),
            None,
        )
    pain_parts = [p for p in parts if p.start not in avoid]
    kept = [p for p in pain_parts if p.start not in flag_tokens]
    if message.requested == Slot.PAIN_AREAS:
        kept = kept or pain_parts
    else:
        kept = _said_to_hurt(message, kept)
    _pain_area_answer(message, mention_of(kept), out)
    # Said with other usual places, the chest is only suspected and asked about; a
    # message that reports the emergency is about it, so none of its body parts
    # ("my left arm aches with it") is a pain area.
    if any(h.flag == red_flags.CHEST and h.status == red_flags.RAISED for h in hits):
        out.pop(Slot.PAIN_AREAS, None)


def _avoid_answer(message: _Message, areas: List[BodyPart], out: Dict[str, object]) -> None:
    text = message.text
    if areas:
        mention = mention_of(areas)
        if mention.everywhere:
            out[Slot.AVOID_AREAS] = resolve_regions(None, mention, replace=True)
        else:
            out[Slot.AVOID_AREAS] = ordered_regions(mention.added | mention.removed)
    elif is_none_answer(text) or re.search(
        r"\b(?:nowhere|no areas?|nothing|none|"
        r"anywhere is fine|all fine)\b",
        norm(text),
    ):
        out[Slot.AVOID_AREAS] = []
    elif is_skip(text):
        out[Slot.AVOID_AREAS] = skip_value(Slot.AVOID_AREAS)


def _said_to_hurt(message: _Message, parts: List[BodyPart]) -> List[BodyPart]:
    """Unasked, only parts in a sentence about pain count (or a change of the areas)."""
    doc, current = message.doc, message.current
    sentence_of = sentence_bounds(doc)
    pained = {sentence_of[t.i] for t in doc if t.lower_ in PAIN_WORDS}
    amending = bool(current.get(Slot.PAIN_AREAS)) and bool(
        _AMENDING_AREAS.search(norm(message.text))
    )
    # A first message: the body parts it names are where it hurts ("my upper back
    # and both arms. typical day 8/10").
    first_story = message.requested is None and not current
    return [
        p
        for p in parts
        if sentence_of[p.start] in pained
        or first_story
        or (p.negated and current.get(Slot.PAIN_AREAS))
        or amending
    ]


def _pain_area_answer(message: _Message, mention: RegionMention, out: Dict[str, object]) -> None:
    if not mention:
        return
    existing = message.current.get(Slot.PAIN_AREAS)
    replace = (
        (message.requested == Slot.PAIN_AREAS or existing is None)
        and bool(mention.added or mention.everywhere)
        and not (existing and _ADDING.search(norm(message.text)))
    )
    regions = resolve_regions(existing, mention, replace)
    if regions:
        _set_if_changed(out, message.current, Slot.PAIN_AREAS, regions, message.requested)


# --- Scales and preferences -------------------------------------------------------------------
_SCALES = (
    (Slot.PAIN_INTENSITY, parse_intensity),
    (Slot.TOUCH_SENSITIVITY, parse_sensitivity),
    (Slot.PRESSURE_PREFERENCE, parse_pressure),
    (Slot.POST_MASSAGE_FLARE, parse_flare),
)
_PREFERENCES = (
    (Slot.HEAT_PACKS, parse_heat_packs),
    (Slot.SESSION_LENGTH, parse_session_length),
    (Slot.THERAPIST_GENDER, parse_gender),
)


def _scale_answers(message: _Message, out: Dict[str, object]) -> None:
    """Scores and levels."""
    for slot, parser in _SCALES:
        if slot not in out:
            _set_if_changed(
                out,
                message.current,
                slot,
                parser(message.text, message.requested == slot),
                message.requested,
            )


def _preference_answers(message: _Message, out: Dict[str, object]) -> None:
    """Preferences: skippable when asked."""
    text, requested, current = message.text, message.requested, message.current
    expecting = requested == Slot.GOALS
    goals = parse_goals(text, expecting)
    if goals:
        merged = (
            goals
            if expecting
            else [g for g in GOALS if g in set(goals) | set(current.get(Slot.GOALS) or ())]
        )
        _set_if_changed(out, current, Slot.GOALS, merged, requested)
    elif expecting and is_skip(text):
        out[Slot.GOALS] = skip_value(Slot.GOALS)

    for slot, parser in _PREFERENCES:
        expecting = requested == slot
        value = parser(text, expecting)
        if value is None and expecting and is_skip(text):
            value = skip_value(slot)
        _set_if_changed(out, current, slot, value, requested)
