"""Body regions in a message: the parts it names, their sides, the ones it
excludes ("everywhere except my legs") and "everywhere".

The entity ruler of the project's spaCy pipeline finds body parts and sides;
small token rules around the entities keep only body words meant as the body
("came back" is not the back, "top to bottom" not the buttocks), narrow a limb to
the half named ("the top of my arm"), give each part its side ("left hip and
knee", "thighs and calves, right side only", "left side of my body: hip, leg",
"not the left one"), mark the parts a negation covers ("not my knees", "my legs
are fine", "take the feet off") and drop the parts a correction names again
("neck and shoulders, wait, just the right shoulder"). The word lists are in
data/regions.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from spacy.tokens import Doc, Span

from bot.understanding import lexicon
from bot.understanding.doc import (
    CONTRAST_WORDS,
    is_break,
    message_doc,
    sentence_bounds,
    word_at,
)
from bot.understanding.pipeline import BODY_REGION, EVERYWHERE, SIDE
from bot.vocabulary.words import ALL_REGIONS, PAIRED_BASES, PART_BASES, PART_TERMS, WPI_REGIONS

_WORDS = lexicon.table("regions")


def _words(name: str) -> FrozenSet[str]:
    return frozenset(_WORDS[name])


def _phrases(entries: Iterable[str]) -> Dict[str, Tuple[Tuple[str, ...], ...]]:
    """Phrases of a table list by their first word, longest first."""
    by_first: Dict[str, List[Tuple[str, ...]]] = {}
    for entry in entries:
        words = tuple(entry.split())
        by_first.setdefault(words[0], []).append(words)
    return {
        first: tuple(sorted(found, key=len, reverse=True)) for first, found in by_first.items()
    }


def _phrase_at(doc: Doc, i: int, phrases: Dict[str, Tuple[Tuple[str, ...], ...]]) -> int:
    """The number of tokens of the phrase starting at token i, or 0."""
    for phrase in phrases.get(doc[i].lower_, ()):
        end = i + len(phrase)
        if end <= len(doc) and all(doc[j].lower_ == w for j, w in zip(range(i, end), phrase)):
            return len(phrase)
    return 0


@dataclass(frozen=True)
class RegionMention:
    """The regions one message names, the ones it excludes, and "everywhere"."""

    added: FrozenSet[str] = frozenset()
    removed: FrozenSet[str] = frozenset()
    everywhere: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.everywhere)


def _plural_terms() -> FrozenSet[str]:
    plurals = {"feet", "teeth"}
    for terms in PART_TERMS.values():
        for term in terms:
            if (term.endswith("s") and (term[:-1] in terms or term[:-2] in terms)) or (
                term.endswith("ves") and term[:-3] + "f" in terms
            ):
                plurals.add(term)
    return frozenset(plurals)


PLURAL_TERMS = _plural_terms()
REGION_ORDER = {region: index for index, region in enumerate(ALL_REGIONS)}


@dataclass
class BodyPart:
    """One body part (or "everywhere") named in a message, as spaCy tokens."""

    start: int
    end: int
    part: str  # part id from PART_TERMS, or "everywhere"
    plural: bool
    sides: Optional[FrozenSet[str]] = None  # explicit or carried: {"left"}, {"left", "right"}
    negated: bool = False
    replaced: bool = False  # named again after a correction ("wait, just the right one")

    @property
    def paired(self) -> bool:
        return self.part != EVERYWHERE and any(
            base in PAIRED_BASES for base in PART_BASES[self.part]
        )

    def regions(self) -> Set[str]:
        if self.part == EVERYWHERE:
            return set(WPI_REGIONS)
        sides = self.sides or frozenset(("left", "right"))
        found = set()
        for base in PART_BASES[self.part]:
            if base in PAIRED_BASES:
                found.update(f"{base}_{side}" for side in sides)
            else:
                found.add(base)
        return found


@dataclass
class _Side:
    start: int
    end: int
    sides: FrozenSet[str]
    used: bool = False


# --- Part of a limb (the rule is _portion_of, below) ---------------------------------------
_PORTIONS = _WORDS["limb_portions"]
_PORTION_PARTS = {part: tuple(halves) for part, halves in _PORTIONS["parts"].items()}
_PORTION_WORDS = {
    **{word: 0 for word in _PORTIONS["upper"]},
    **{word: 1 for word in _PORTIONS["lower"]},
}
_PORTION_NOUNS = frozenset(_PORTIONS["portion_nouns"])
_PORTION_BETWEEN = frozenset(_PORTIONS["between"])
_PORTION_AFTER_SKIP = frozenset(_PORTIONS["after_skip"])


# --- Body words in another sense -------------------------------------------------------
_POSSESSIVES = _words("possessives")
_OWNING_WORDS = _words("owning_words")
_BACK_NOT_BODY_BEFORE = frozenset(_WORDS["back_not_body"]["before"])
_BACK_NOT_BODY_AFTER = frozenset(_WORDS["back_not_body"]["after"])
_HAND_NOT_BODY_AFTER = _words("hand_not_body_after")
_HEAD_NOT_BODY_AFTER = _words("head_not_body_after")
_RARE_PARTS = {key: frozenset(words) for key, words in _WORDS["rare_parts"].items()}
_GUT_NOT_BODY_AFTER = _words("gut_not_body_after")
_IDIOM = {key: frozenset(words) for key, words in _WORDS["head_idiom"].items()}
_SIDE_NOT_SIDE_BEFORE = frozenset(_WORDS["side_not_side"]["before"])
_SIDE_NOT_SIDE_AFTER = frozenset(_WORDS["side_not_side"]["after"])
_BOTH_NOT_SIDE_AFTER = _words("both_not_side_after")
_EVERYTHING_BEFORE = _words("everything_before")
_EVERYTHING_IS = _words("everything_is")
_EXTENT_START = _words("extent_start")
_PAIN_COMPOUNDS = {
    word: part for part, words in _WORDS["pain_compounds"].items() for word in words
}
_ALL_OF_A_PART = {key: frozenset(words) for key, words in _WORDS["all_of_a_part"].items()}
_PLAIN_PLURALS = {
    term: part
    for part, terms in PART_TERMS.items()
    for term in terms
    if term.isalpha() and term + "s" not in terms and term not in _WORDS["no_plain_plural"]
}


def _keep_part(doc: Doc, ent: Span) -> bool:
    """False for body words used in another sense ("came back", "on the other hand")."""
    part, text = ent.ent_id_, ent.text.lower()
    before, after = word_at(doc, ent.start - 1), word_at(doc, ent.end)
    owned = before in _POSSESSIVES or before in _OWNING_WORDS
    if part == "back" and text == "back":
        if after == "of":  # "back of my knees": the knees
            return False
        if owned:
            return True
        return before not in _BACK_NOT_BODY_BEFORE and after not in _BACK_NOT_BODY_AFTER
    if text == "bottom" and _bottom_is_not_body(doc, ent.start, after):
        return False
    if text in ("hand", "hands"):
        if before == "other" or (not owned and after in _HAND_NOT_BODY_AFTER):
            return False
    if text == "head" and not owned and after in _HEAD_NOT_BODY_AFTER:
        return False
    if text == "head" and _head_idiom(doc, ent.start, ent.end):
        return False
    if text in _RARE_PARTS["words"] and not owned and before not in _RARE_PARTS["listed_after"]:
        return before in _RARE_PARTS["before"] and after in _RARE_PARTS["after"]
    if text == "gut" and after in _GUT_NOT_BODY_AFTER:
        return False
    if text == "arms" and before == "in":
        return False
    return True


def _head_idiom(doc: Doc, start: int, end: int) -> bool:
    """ "it's all in my head", "docs sayin it was in my head": imagined, not the head
    (but "the pain is in my head", "it's in my head and neck" are the head)."""
    if word_at(doc, start - 2) != "in" or word_at(doc, start - 1) not in _IDIOM["owners"]:
        return False
    if _part_follows(doc, end):
        return False
    before = start - 3
    if word_at(doc, before) in _IDIOM["only"]:
        return True
    if word_at(doc, before) not in _IDIOM["be"] or word_at(doc, before - 1) not in _IDIOM["it"]:
        return False
    return bool(_words_before(doc, before - 1, 4) & _IDIOM["reporting"])


def _part_follows(doc: Doc, end: int) -> bool:
    """Another body part joined right after: "in my head and neck" (not after a comma:
    "it's all in your head, my back is sore")."""
    i = end
    while i < len(doc) and doc[i].lower_ in _IDIOM["joined"] and i - end < 3:
        i += 1
    return i < len(doc) and i > end and doc[i].ent_type_ == BODY_REGION


def _bottom_is_not_body(doc: Doc, start: int, after: str) -> bool:
    """ "the bottom of my back", "the bottom half", "top to bottom": not the buttocks."""
    return (
        after == "of"
        or after in _PORTION_NOUNS
        or bool(_EXTENT_START & _words_before(doc, start, 2))
    )


def _words_before(doc: Doc, i: int, count: int) -> Set[str]:
    return {t.lower_ for t in doc[max(0, i - count) : i]}


def _keep_side(doc: Doc, ent: Span) -> bool:
    text = ent.text.lower()
    if text not in ("left", "right", "both"):
        return True
    before, after = word_at(doc, ent.start - 1), word_at(doc, ent.end)
    if text == "both" and after in _BOTH_NOT_SIDE_AFTER:
        return False
    return after not in _SIDE_NOT_SIDE_AFTER and before not in _SIDE_NOT_SIDE_BEFORE


def _everything_as_everywhere(doc: Doc, i: int) -> bool:
    """ "everything hurts", "everything except my feet", a lone "everything"."""
    if doc[i].lower_ not in ("everything", "all"):
        return False
    rest = [t.lower_ for t in doc[i + 1 : i + 3]]
    if doc[i].lower_ == "all":
        return len(doc) <= 2 and not rest[1:] and (not rest or rest[0] in {".", "!"})
    if not rest or rest[0] in _EVERYTHING_BEFORE:
        return True
    return rest[0] in {"is", "'s"} and len(rest) > 1 and rest[1] in _EVERYTHING_IS


def _entities(doc: Doc) -> Tuple[List[BodyPart], List[_Side]]:
    parts, sides = [], []
    covered = set()
    part_starts = {ent.start for ent in doc.ents if ent.label_ == BODY_REGION}
    for ent in doc.ents:
        if ent.label_ == BODY_REGION and _keep_part(doc, ent):
            covered.update(range(ent.start, ent.end))
            if not (ent.ent_id_ == EVERYWHERE and _all_of_a_part(doc, ent, parts, part_starts)):
                parts.append(_part_of(doc, ent))
        elif ent.label_ == SIDE and _keep_side(doc, ent):
            sides.append(
                _Side(
                    ent.start,
                    ent.end,
                    frozenset(("left", "right") if ent.ent_id_ == "both" else (ent.ent_id_,)),
                )
            )
    for i, token in enumerate(doc):
        if i in covered:
            continue
        word = token.lower_
        if word in _PAIN_COMPOUNDS:
            parts.append(BodyPart(i, i + 1, _PAIN_COMPOUNDS[word], False))
        elif word[-1:] == "s" and word[:-1] in _PLAIN_PLURALS:
            parts.append(BodyPart(i, i + 1, _PLAIN_PLURALS[word[:-1]], True))
        elif _everything_as_everywhere(doc, i):
            parts.append(BodyPart(i, i + 1, EVERYWHERE, False))
    parts.sort(key=lambda p: p.start)
    return parts, sides


def _all_of_a_part(doc: Doc, ent: Span, before: List[BodyPart], part_starts: Set[int]) -> bool:
    """A word for everywhere that names all of one part: "all over my back", "every
    part of my legs", "my back aches all over", "my back, all of it"."""
    i = ent.end
    while i < len(doc) and doc[i].lower_ in _ALL_OF_A_PART["before_part"] and i - ent.end < 3:
        i += 1
    if i in part_starts:
        return True
    if not before or before[-1].part == EVERYWHERE:
        return False
    if ent.text.lower() in _ALL_OF_A_PART["pointing_back"]:
        return True
    between = doc[before[-1].end : ent.start]
    return all(t.lower_ in _ALL_OF_A_PART["after_part"] for t in between)


def _part_of(doc: Doc, ent: Span) -> BodyPart:
    text = ent.text.lower()
    return BodyPart(
        ent.start,
        ent.end,
        _portion_of(doc, ent.start, ent.end, ent.ent_id_),
        text in PLURAL_TERMS,
    )


def _portion_of(doc: Doc, start: int, end: int, part: str) -> str:
    """The half of a limb a message names: "the top of my right arm" is the upper arm,
    "the lower part of my legs" the lower legs, "upper right arm" the upper arm, "my
    back, the lower part" the lower back."""
    halves = _PORTION_PARTS.get(part)
    if halves is None:
        return part
    i = start - 1
    while i >= 0 and (doc[i].lower_ in _PORTION_BETWEEN or doc[i].ent_type_ == SIDE):
        i -= 1
    if word_at(doc, i) == "of":
        i -= 1 + (word_at(doc, i - 1) in _PORTION_NOUNS)
    half = _PORTION_WORDS.get(word_at(doc, i))
    if half is None:
        half = _portion_after(doc, end)
    return part if half is None else halves[half]


def _portion_after(doc: Doc, end: int) -> Optional[int]:
    """ "my back, the lower part": a portion word and noun right after the part."""
    i = end
    while i < len(doc) and doc[i].lower_ in _PORTION_AFTER_SKIP and i - end < 3:
        i += 1
    if word_at(doc, i + 1) not in _PORTION_NOUNS:
        return None
    return _PORTION_WORDS.get(word_at(doc, i))


# --- Sides ------------------------------------------------------------------------------
_PRE_SIDE_GAP = _words("pre_side_gap")
_SIDE_JOIN = _words("side_join")
_POST_SIDE_GAP = _words("post_side_gap")
_LIST_GLUE = _words("list_glue")
_SIDE_PAIR = _words("side_pair")
_SIDE_COMPARISON = _words("side_comparison")
_SIDE_COMPARATIVES = _words("side_comparatives")
_SIDE_OF_LIST_GAP = _words("side_of_list_gap")
_SIDE_OF_LIST_AFTER = _words("side_of_list_after")
_SIDE_HEADING_GAP = _words("side_heading_gap")
_SIDE_POINTERS_BEFORE = _words("side_pointers_before")
_SIDE_POINTERS_AFTER = _words("side_pointers_after")
_SIDE_POINTER_SKIP = _words("side_pointer_skip")


def _attach_sides(doc: Doc, parts: List[BodyPart], sides: List[_Side]) -> List[BodyPart]:
    """Gives each part its side; returns the parts a side alone points back to
    ("not the left one")."""
    part_starts = {p.start for p in parts}
    sides = _joined_sides(doc, sides, part_starts)
    side_at_end = {side.end: side for side in sides}
    part_ends = {p.end for p in parts}
    for part in parts:
        if part.part != EVERYWHERE:
            _side_before(doc, part, side_at_end, part_ends)
    for side in sides:
        if not side.used:
            _side_after(doc, parts, side)
    for side in sides:
        if not side.used:
            _side_heading(doc, parts, side)
    _sides_across_lists(doc, parts, {side.start for side in sides})
    return [
        part
        for part in (_side_pointing_back(doc, parts, side) for side in sides if not side.used)
        if part is not None
    ]


def _joined_sides(doc: Doc, sides: List[_Side], part_starts: Set[int]) -> List[_Side]:
    """ "right more than left" and "hips, left and right" are one side: both."""
    joined: List[_Side] = []
    for side in sides:
        if joined and _one_side(doc, joined[-1], side, part_starts):
            last = joined[-1]
            joined[-1] = _Side(last.start, side.end, last.sides | side.sides)
        else:
            joined.append(side)
    return joined


def _one_side(doc: Doc, first: _Side, second: _Side, part_starts: Set[int]) -> bool:
    between = [t.lower_ for t in doc[first.end : second.start]]
    if "than" in between and all(w in _SIDE_COMPARISON for w in between):
        return True
    if not between or not all(w in _SIDE_PAIR for w in between):
        return False
    # "left and right knees": the two sides go to the part after them (_side_before)
    i = second.end
    while i < len(doc) and doc[i].lower_ in _PRE_SIDE_GAP and i - second.end < 3:
        i += 1
    return i not in part_starts


def _side_before(
    doc: Doc, part: BodyPart, side_at_end: Dict[int, _Side], part_ends: Set[int]
) -> None:
    """A side before the part: "right hip", "left side of my jaw", "left and right knees"."""
    i, gap, found = part.start, 0, set()
    while i > 0 and gap <= 3:
        if i in side_at_end and not side_at_end[i].used:
            side = side_at_end[i]
            side.used = True
            found |= side.sides
            i, gap = side.start, 0
            # "left and right knees": another side joined by and/comma (but not the
            # side said of a part before it: "my jaw on the right side and my right temple")
            j = i
            while j > 0 and doc[j - 1].lower_ in _SIDE_JOIN and i - j < 2:
                j -= 1
            joined = side_at_end.get(j)
            if j < i and joined and not joined.used and not _trails_part(doc, joined, part_ends):
                i = j
                continue
            break
        if doc[i - 1].lower_ in _PRE_SIDE_GAP:
            i, gap = i - 1, gap + 1
            continue
        break
    if found:
        part.sides = frozenset(found)


def _trails_part(doc: Doc, side: _Side, part_ends: Set[int]) -> bool:
    """The side comes after a part, said of it: "my jaw on the right side"."""
    i = side.start
    while i > 0 and i not in part_ends and side.start - i < 4:
        if doc[i - 1].lower_ not in _POST_SIDE_GAP:
            return False
        i -= 1
    return i in part_ends


def _side_after(doc: Doc, parts: List[BodyPart], side: _Side) -> None:
    """A side after the part: "my hip on the left side", "shoulder (right)"; after a
    comma or with "only", the side of the whole list: "thighs and calves, right only"."""
    i, gap = side.start, 0
    owner = None
    while i > 0 and gap <= 4:
        candidates = [p for p in parts if p.end == i]
        if candidates:
            owner = candidates[0]
            break
        if doc[i - 1].lower_ not in _POST_SIDE_GAP:
            break
        i, gap = i - 1, gap + 1
    if owner is None or owner.sides is not None or owner.part == EVERYWHERE:
        return
    side.used = True
    between = {t.lower_ for t in doc[owner.end : side.start]}
    after = {t.lower_ for t in doc[side.end : side.end + 3]}
    if (between | after) & _SIDE_COMPARATIVES:
        # "my hips, worse on the right": both hurt
        if not owner.plural:
            owner.sides = side.sides
        return
    owner.sides = side.sides
    # The list before takes the side too: all of it after a comma or with "only", else
    # the parts said like the owner ("hip and knee on the left", "thighs and calves")
    whole = bool(between & _SIDE_OF_LIST_GAP) or word_at(doc, side.end) in _SIDE_OF_LIST_AFTER
    for part in _list_before(doc, parts, owner):
        if whole or part.plural == owner.plural:
            part.sides = side.sides


def _list_before(doc: Doc, parts: List[BodyPart], last: BodyPart) -> List[BodyPart]:
    """The parts without a side of their own listed before ``last``: "thighs and calves"."""
    found = []
    index = parts.index(last)
    while index > 0:
        part = parts[index - 1]
        between = doc[part.end : parts[index].start]
        if part.sides is not None or part.part == EVERYWHERE:
            break
        if not all(t.lower_ in _LIST_GLUE for t in between):
            break
        found.append(part)
        index -= 1
    return found


def _side_heading(doc: Doc, parts: List[BodyPart], side: _Side) -> None:
    """A side said of the body before a list: "left side of my body - shoulder, arm"."""
    i = side.end
    while i < len(doc) and doc[i].lower_ in _SIDE_HEADING_GAP and i - side.end < 5:
        i += 1
    first = next((p for p in parts if p.start == i), None)
    if first is None or first.sides is not None or first.part == EVERYWHERE:
        return
    side.used = True
    first.sides = side.sides
    for part in parts[parts.index(first) + 1 :]:
        between = doc[first.end : part.start]
        if part.sides is not None or not all(t.lower_ in _LIST_GLUE for t in between):
            break
        part.sides = side.sides
        first = part


def _side_pointing_back(doc: Doc, parts: List[BodyPart], side: _Side) -> Optional[BodyPart]:
    """A side alone, pointing back to the part named before it: "shoulders, not the
    left one", "my knees, only the right"."""
    i = side.start - 1
    while i >= 0 and doc[i].lower_ in _SIDE_POINTER_SKIP and side.start - i < 3:
        i -= 1
    pointed = (
        word_at(doc, i) in _SIDE_POINTERS_BEFORE or word_at(doc, side.end) in _SIDE_POINTERS_AFTER
    )
    before = [p for p in parts if p.end <= side.start and p.paired]
    if not pointed or not before:
        return None
    side.used = True
    return BodyPart(side.start, side.end, before[-1].part, False, side.sides)


def _sides_across_lists(doc: Doc, parts: List[BodyPart], side_starts: Set[int]) -> None:
    """A side carries across a list: "left hip and knee", "left hip, knee and ankle"."""
    carry: Optional[FrozenSet[str]] = None
    previous: Optional[BodyPart] = None
    for part in parts:
        connected = (
            previous is not None
            and all(t.lower_ in _LIST_GLUE for t in doc[previous.end : part.start])
            and not any(i in side_starts for i in range(previous.end, part.start))
        )
        if part.part == EVERYWHERE:
            carry = None
        elif part.sides is not None:
            carry = part.sides
        elif connected and carry is not None and part.paired and not part.plural:
            part.sides = carry
        elif part.plural or not connected:
            carry = None
        previous = part


# --- Exceptions: parts said not to hurt ---------------------------------------------------
_STRONG_TRIGGERS = _phrases(_WORDS["strong_triggers"])
_WEAK_TRIGGERS = _words("weak_triggers")
_PAIN_NOUNS = _words("pain_nouns")
_NEG_BRIDGE = _words("negation_bridge")
_NOT_A_TRIGGER_BEFORE = _words("not_a_trigger_before")
_BUT_NOT_AN_EXCEPTION_BEFORE = _words("but_not_an_exception_before")
_CLAUSE_OPENERS = _words("clause_openers")
_POSITIVE_AFTER_PART = _words("positive_after_part")
_GROUP_JOINERS = _words("group_joiners")
_POST_NEG_SKIP = _words("post_negation_skip")
_POST_NEG_WORDS = _words("post_negation_words")
_POST_NEG_AFTER_NOT = _words("post_negation_after_not")
_TRIGGER_NOT_AFTER = _words("trigger_not_after")
_SEPARABLE_TRIGGERS = {
    verb: frozenset(particles) for verb, particles in _WORDS["separable_triggers"].items()
}


def _trigger_at(doc: Doc, i: int, parts_by_start: Dict[int, BodyPart]) -> Tuple[int, str]:
    """(number of tokens, "strong"/"weak") when a negation starts at token i, else (0, "")."""
    word = doc[i].lower_
    strong = _phrase_at(doc, i, _STRONG_TRIGGERS)
    if strong and word_at(doc, i - 1) not in _TRIGGER_NOT_AFTER:
        return strong, "strong"
    if word in _SEPARABLE_TRIGGERS:
        return (1, "strong") if _particle_after_parts(doc, i, parts_by_start) else (0, "")
    if word == "but":
        return (1, "strong") if _everywhere_but(doc, i, parts_by_start) else (0, "")
    if word == "no":
        after = word_at(doc, i + 1)
        if after in _PAIN_NOUNS or after in {"more", "longer"} or (i + 1) in parts_by_start:
            return 1, "weak"
        return 0, ""
    if word in _WEAK_TRIGGERS:
        if word_at(doc, i + 1) in _NOT_A_TRIGGER_BEFORE:
            return 0, ""
        return 1, "weak"
    return 0, ""


def _everywhere_but(doc: Doc, i: int, parts_by_start: Dict[int, BodyPart]) -> bool:
    """ "everywhere but my legs": but right after an everywhere word."""
    j = i - 1
    while j >= 0 and doc[j].text in {",", "-"}:
        j -= 1
    before = next((p for p in parts_by_start.values() if p.end == j + 1), None)
    return (
        before is not None
        and before.part == EVERYWHERE
        and word_at(doc, i + 1) not in _BUT_NOT_AN_EXCEPTION_BEFORE
    )


def _particle_after_parts(doc: Doc, i: int, parts_by_start: Dict[int, BodyPart]) -> bool:
    """ "take the feet off": the verb's particle right after the parts it names."""
    particles = _SEPARABLE_TRIGGERS[doc[i].lower_]
    j, named = i + 1, False
    while j < len(doc):
        part = parts_by_start.get(j)
        if part is not None:
            j, named = part.end, True
        elif named and doc[j].lower_ in particles:
            return True
        elif doc[j].lower_ in _LIST_GLUE or doc[j].ent_type_ == SIDE:
            j += 1
        else:
            return False
    return False


def _apply_negation(doc: Doc, parts: List[BodyPart]) -> None:
    _negation_before(doc, parts)
    _negation_after(doc, parts)


@dataclass
class _NegationScan:
    """Where a negation before body parts is, as the tokens are read."""

    active: bool = False
    strength: str = ""
    seen_part: bool = False
    gap: int = 0


def _negation_before(doc: Doc, parts: List[BodyPart]) -> None:
    """ "not my knees", "everywhere except my legs": a trigger, then the parts it covers."""
    parts_by_start = {p.start: p for p in parts}
    scan = _NegationScan()
    i = 0
    while i < len(doc):
        if i in parts_by_start:
            part = parts_by_start[i]
            if scan.active:
                part.negated = True
                scan.seen_part = True
            i = part.end
            continue
        length, kind = _trigger_at(doc, i, parts_by_start)
        if length:
            scan = _NegationScan(True, kind)
            i += length
            continue
        _negation_step(doc, i, parts_by_start, scan)
        i += 1


def _negation_step(
    doc: Doc, i: int, parts_by_start: Dict[int, BodyPart], scan: _NegationScan
) -> None:
    """Whether the negation still holds after the token at i."""
    token = doc[i]
    word = token.lower_
    if is_break(token) or word in CONTRAST_WORDS:
        scan.active = False
    elif scan.active and scan.seen_part:
        if word in ("and", ",", "&", "plus"):
            scan.active = not _new_positive_clause(doc, i, parts_by_start)
        elif word not in _LIST_GLUE and token.ent_type_ != SIDE:
            scan.active = False
    elif scan.active:
        if word == "," or scan.gap >= 6:
            scan.active = False
        elif scan.strength == "weak" and word not in _NEG_BRIDGE and token.ent_type_ != SIDE:
            scan.active = False
        scan.gap += 1


def _new_positive_clause(doc: Doc, i: int, parts_by_start: Dict[int, BodyPart]) -> bool:
    """ "no pain in my arms and my neck hurts": a new positive clause after "and"."""
    j = i + 1
    while j < len(doc) and doc[j].lower_ in _CLAUSE_OPENERS:
        j += 1
    nxt = parts_by_start.get(j)
    if nxt is None and j < len(doc) and doc[j].ent_type_ == SIDE:
        j += 1
        nxt = parts_by_start.get(j)
    return nxt is not None and word_at(doc, nxt.end) in _POSITIVE_AFTER_PART


def _negation_after(doc: Doc, parts: List[BodyPart]) -> None:
    """ "my legs are fine", "my knees don't hurt": a negation after the part."""
    groups: List[List[BodyPart]] = []
    for part in parts:
        if groups and all(
            t.lower_ in _GROUP_JOINERS or t.ent_type_ == SIDE
            for t in doc[groups[-1][-1].end : part.start]
        ):
            groups[-1].append(part)
        else:
            groups.append([part])
    for group in groups:
        j, skipped = group[-1].end, 0
        while j < len(doc) and doc[j].lower_ in _POST_NEG_SKIP and skipped < 3:
            j, skipped = j + 1, skipped + 1
        word = word_at(doc, j)
        negative = word in _POST_NEG_WORDS and not (word == "free" and skipped)
        if word in ("not", "n't", "never"):
            negative = (
                word_at(doc, j + 1) in _POST_NEG_AFTER_NOT
                or j + 1 >= len(doc)
                or is_break(doc[j + 1])
                or word_at(doc, j + 1) in {",", "though"}
            )
        if negative and group[0].part != EVERYWHERE:
            for part in group:
                part.negated = True


# --- Corrections: a part named again replaces the earlier one ---------------------------------
_CORRECTION_MARKERS = _phrases(_WORDS["correction_markers"])
_CORRECTION_NO_BEFORE = _words("correction_no_before")
_CORRECTION_NOT_AFTER = _words("correction_not_after")
_CORRECTION_CANCEL = _phrases(_WORDS["correction_cancel"])


def _correction_at(doc: Doc, i: int) -> int:
    """The length of a correction marker at token i ("wait", "no,", "I mean"), or 0."""
    if word_at(doc, i - 1) in _CORRECTION_NOT_AFTER:
        return 0
    if doc[i].lower_ == "no":
        return int(word_at(doc, i + 1) in _CORRECTION_NO_BEFORE or i + 1 == len(doc))
    return _phrase_at(doc, i, _CORRECTION_MARKERS)


def _clause_end(doc: Doc, start: int, limit: int, part_ends: Set[int]) -> int:
    """Where the clause after a marker ends: a sentence break, a comma after a part, or
    the next marker (``limit``)."""
    named = False
    for j in range(start, limit):
        named = named or j in part_ends
        if is_break(doc[j]) or (named and doc[j].text == ","):
            return j
    return limit


def _apply_corrections(doc: Doc, parts: List[BodyPart]) -> None:
    """ "neck and shoulders, wait no, just the right shoulder": a part named again
    after a correction replaces the parts of the same places named before it."""
    named = [p for p in parts if p.part != EVERYWHERE and not p.negated]
    if len(named) < 2:
        return
    markers = [
        (i, length) for i in range(len(doc)) for length in (_correction_at(doc, i),) if length
    ]
    part_ends = {p.end for p in parts}
    for (i, length), following in zip(markers, [m[0] for m in markers[1:]] + [len(doc)]):
        end = _clause_end(doc, i + length, following, part_ends)
        if any(_phrase_at(doc, j, _CORRECTION_CANCEL) for j in range(i + length, end)):
            continue
        for later in (p for p in named if i + length <= p.start < end):
            bases = set(PART_BASES[later.part])
            for earlier in named:
                if earlier.end <= i and bases & set(PART_BASES[earlier.part]):
                    earlier.replaced = True


# --- The story of how it began: a whole part named then, narrowed now -----------------------
_PAST_STORY = _phrases(_WORDS["past_story"]["markers"])
_NOW = _words("now_words")


def _past_sentences(doc: Doc, sentence_of: List[int]) -> Set[int]:
    """The sentences that tell the past: "I hurt my back 6 yrs ago"."""
    return {sentence_of[i] for i in range(len(doc)) if _phrase_at(doc, i, _PAST_STORY)}


def _apply_narrowing(doc: Doc, parts: List[BodyPart]) -> None:
    """ "I hurt my back 6 yrs ago ... now i hurt in my lower back": a whole part named
    in the story of how the pain began is the part named more narrowly in a later
    sentence (or after "now"), not the whole of it."""
    sentence_of = sentence_bounds(doc)
    past = _past_sentences(doc, sentence_of)
    if not past:
        return
    for whole in parts:
        halves = _PORTION_PARTS.get(whole.part)
        if halves is None or whole.negated or sentence_of[whole.start] not in past:
            continue
        for later in parts:
            told_now = sentence_of[later.start] not in past or any(
                doc[i].lower_ in _NOW for i in range(whole.end, later.start)
            )
            if later.part in halves and later.start > whole.end and told_now:
                whole.replaced = True


# --- The regions --------------------------------------------------------------------------
def region_parts(doc: Doc) -> List[BodyPart]:
    """The body parts of a message, with their sides and whether each is negated or
    replaced by a correction or narrowed later."""
    parts, sides = _entities(doc)
    pointed = _attach_sides(doc, parts, sides)
    if pointed:
        parts = sorted(parts + pointed, key=lambda p: p.start)
    _apply_negation(doc, parts)
    _apply_corrections(doc, parts)
    _apply_narrowing(doc, parts)
    return parts


def mention_of(parts: Iterable[BodyPart]) -> RegionMention:
    added, removed, everywhere = set(), set(), False
    for part in parts:
        if part.replaced:
            continue
        if part.part == EVERYWHERE:
            everywhere = everywhere or not part.negated
        elif part.negated:
            removed |= part.regions()
        else:
            added |= part.regions()
    return RegionMention(frozenset(added - removed), frozenset(removed), everywhere)


def parse_regions(text: str) -> RegionMention:
    """The body regions a message names (canonical ids), those it excludes, and
    whether it says everywhere ("everywhere except my legs")."""
    return mention_of(region_parts(message_doc(text or "")))


def ordered_regions(regions: Iterable[str]) -> List[str]:
    return sorted({r for r in regions if r in REGION_ORDER}, key=REGION_ORDER.__getitem__)


def resolve_regions(
    current: Optional[Sequence[str]], mention: RegionMention, replace: bool
) -> List[str]:
    """The new list of regions: a fresh answer (replace) or an amendment."""
    base: Set[str] = set() if replace else set(current or ())
    if mention.everywhere:
        base |= set(WPI_REGIONS)
    result = (base | set(mention.added)) - set(mention.removed)
    return ordered_regions(result)
