"""Body regions in a message: the parts it names, their sides, the ones it
excludes ("everywhere except my legs") and "everywhere".

The entity ruler of the project's spaCy pipeline finds body parts and sides;
small token rules around the entities keep only body words meant as the body
("came back" is not the back), give each part its side ("left hip and knee"),
and mark the parts a negation covers ("not my knees", "my legs are fine"). The
word lists are in data/regions.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from spacy.tokens import Doc, Span

from bot.understanding import lexicon
from bot.understanding.doc import CONTRAST_WORDS, is_break, message_doc, word_at
from bot.understanding.pipeline import BODY_REGION, EVERYWHERE, SIDE
from bot.vocabulary.words import ALL_REGIONS, PAIRED_BASES, PART_BASES, PART_TERMS, WPI_REGIONS

_WORDS = lexicon.table("regions")


def _words(name: str) -> FrozenSet[str]:
    return frozenset(_WORDS[name])


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


# --- Body words in another sense -------------------------------------------------------
_POSSESSIVES = _words("possessives")
_OWNING_WORDS = _words("owning_words")
_BACK_NOT_BODY_BEFORE = frozenset(_WORDS["back_not_body"]["before"])
_BACK_NOT_BODY_AFTER = frozenset(_WORDS["back_not_body"]["after"])
_HAND_NOT_BODY_AFTER = _words("hand_not_body_after")
_HEAD_NOT_BODY_AFTER = _words("head_not_body_after")
_RARE_PARTS = {key: frozenset(words) for key, words in _WORDS["rare_parts"].items()}
_GUT_NOT_BODY_AFTER = _words("gut_not_body_after")
_SIDE_NOT_SIDE_BEFORE = frozenset(_WORDS["side_not_side"]["before"])
_SIDE_NOT_SIDE_AFTER = frozenset(_WORDS["side_not_side"]["after"])
_BOTH_NOT_SIDE_AFTER = _words("both_not_side_after")
_EVERYTHING_BEFORE = _words("everything_before")
_EVERYTHING_IS = _words("everything_is")


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
    if text == "bottom" and after == "of":
        return False
    if text in ("hand", "hands"):
        if before == "other" or (not owned and after in _HAND_NOT_BODY_AFTER):
            return False
    if text == "head" and not owned and after in _HEAD_NOT_BODY_AFTER:
        return False
    if text in _RARE_PARTS["words"] and not owned and before not in _RARE_PARTS["listed_after"]:
        return before in _RARE_PARTS["before"] and after in _RARE_PARTS["after"]
    if text == "gut" and after in _GUT_NOT_BODY_AFTER:
        return False
    if text == "arms" and before == "in":
        return False
    return True


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
    for ent in doc.ents:
        if ent.label_ == BODY_REGION and _keep_part(doc, ent):
            covered.update(range(ent.start, ent.end))
            parts.append(
                BodyPart(ent.start, ent.end, ent.ent_id_, ent.text.lower() in PLURAL_TERMS)
            )
        elif ent.label_ == SIDE and _keep_side(doc, ent):
            sides.append(
                _Side(
                    ent.start,
                    ent.end,
                    frozenset(("left", "right") if ent.ent_id_ == "both" else (ent.ent_id_,)),
                )
            )
    for i, token in enumerate(doc):
        if i not in covered and _everything_as_everywhere(doc, i):
            parts.append(BodyPart(i, i + 1, EVERYWHERE, False))
    parts.sort(key=lambda p: p.start)
    return parts, sides


# --- Sides ------------------------------------------------------------------------------
_PRE_SIDE_GAP = _words("pre_side_gap")
_SIDE_JOIN = _words("side_join")
_POST_SIDE_GAP = _words("post_side_gap")
_LIST_GLUE = _words("list_glue")


def _attach_sides(doc: Doc, parts: List[BodyPart], sides: List[_Side]) -> None:
    side_at_end = {side.end: side for side in sides}
    for part in parts:
        if part.part != EVERYWHERE:
            _side_before(doc, part, side_at_end)
    for side in sides:
        if not side.used:
            _side_after(doc, parts, side)
    _sides_across_lists(doc, parts, {side.start for side in sides})


def _side_before(doc: Doc, part: BodyPart, side_at_end: Dict[int, _Side]) -> None:
    """A side before the part: "right hip", "left side of my jaw", "left and right knees"."""
    i, gap, found = part.start, 0, set()
    while i > 0 and gap <= 3:
        if i in side_at_end and not side_at_end[i].used:
            side = side_at_end[i]
            side.used = True
            found |= side.sides
            i, gap = side.start, 0
            # "left and right knees": another side joined by and/comma
            j = i
            while j > 0 and doc[j - 1].lower_ in _SIDE_JOIN and i - j < 2:
                j -= 1
            if j < i and j in side_at_end and not side_at_end[j].used:
                i = j
                continue
            break
        if doc[i - 1].lower_ in _PRE_SIDE_GAP:
            i, gap = i - 1, gap + 1
            continue
        break
    if found:
        part.sides = frozenset(found)


def _side_after(doc: Doc, parts: List[BodyPart], side: _Side) -> None:
    """A side after the part: "my hip on the left side", "shoulder (right)"."""
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
    if owner is not None and owner.sides is None and owner.part != EVERYWHERE:
        owner.sides = side.sides
        side.used = True


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
_STRONG_TRIGGERS = tuple(tuple(phrase.split()) for phrase in _WORDS["strong_triggers"])
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


def _trigger_at(doc: Doc, i: int, parts_by_start: Dict[int, BodyPart]) -> Tuple[int, str]:
    """(number of tokens, "strong"/"weak") when a negation starts at token i, else (0, "")."""
    word = doc[i].lower_
    for trigger in _STRONG_TRIGGERS:
        if tuple(t.lower_ for t in doc[i : i + len(trigger)]) == trigger:
            return len(trigger), "strong"
    if word == "but":
        # "everywhere but my legs": but right after an everywhere word
        j = i - 1
        while j >= 0 and doc[j].text in {",", "-"}:
            j -= 1
        before = next((p for p in parts_by_start.values() if p.end == j + 1), None)
        after = word_at(doc, i + 1)
        if (
            before is not None
            and before.part == EVERYWHERE
            and after not in _BUT_NOT_AN_EXCEPTION_BEFORE
        ):
            return 1, "strong"
        return 0, ""
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


# --- The regions --------------------------------------------------------------------------
def region_parts(doc: Doc) -> List[BodyPart]:
    """The body parts of a message, with their sides and whether each is negated."""
    parts, sides = _entities(doc)
    _attach_sides(doc, parts, sides)
    _apply_negation(doc, parts)
    return parts


def mention_of(parts: Iterable[BodyPart]) -> RegionMention:
    added, removed, everywhere = set(), set(), False
    for part in parts:
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
