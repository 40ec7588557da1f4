"""What one user message says: pure functions from text to slot values.

Everything here reads a message with the project's spaCy pipeline (one call per
message, cached) and the vocabulary in bot/vocabulary/words.py: the entity ruler finds
body parts, sides and red-flag phrases; small token rules around the entities
decide sides, negation ("everywhere except my legs"), time ("surgery 5 years
ago") and whose condition it is ("my mum had cancer"). Closed answers (numbers,
levels, yes/no) are read with compiled regular expressions.

`extract_answers` is the single entry point the Rasa action calls on every user
message; the other functions are its parts and are tested one by one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from spacy.tokens import Doc, Span

from bot.domain.questions import skip_value
from bot.understanding import red_flags, sensitivity
from bot.understanding.lexicon import ShortWordSpeller
from bot.understanding.pipeline import BODY_REGION, EVERYWHERE, SIDE, get_pipeline
from bot.understanding.red_flags import ordered_flags as _ordered_flags
from bot.understanding.text import MAX_MESSAGE_CHARS
from bot.understanding.timing import NUMBER_WORD_RE as _NUMBER_WORD_RE
from bot.understanding.timing import NUMBER_WORDS, number_value
from bot.vocabulary.slots import Slot
from bot.vocabulary.words import (
    ALL_REGIONS,
    EVERYWHERE_TERMS,
    GOALS,
    PAIRED_BASES,
    PART_BASES,
    PART_TERMS,
    QUESTION_OPTIONS,
    SESSION_LENGTHS,
    SIDE_TERMS,
    WPI_REGIONS,
)

__all__ = [
    "RegionMention", "parse_regions", "resolve_regions",
    "detect_red_flags", "parse_intensity", "parse_sensitivity", "parse_pressure",
    "parse_flare", "parse_option_number", "parse_goals", "parse_heat_packs",
    "parse_session_length", "parse_gender", "is_skip", "extract_answers",
]

# --- Shared word lists -----------------------------------------------------------
SENTENCE_BREAKS = {".", "!", "?", ";", "\n", "..."}
CONTRAST_WORDS = {"but", "however", "though", "although", "whereas", "while", "yet"}
POSSESSIVES = {"my", "the", "your", "his", "her", "their", "our", "both", "either",
               "whole", "entire", "this", "that", "these", "those", "a", "an"}
PAIN_WORDS_RE = re.compile(
    r"\b(hurts?|hurting|hurtin|achin|killin|throbbin|burnin|fibro|fibromyalgia|dreadful|"
    r"pain(s|ful)?|ach(e|es|ing|y)|sore(ness)?|stiff(ness)?|tender|"
    r"throb(s|bing)?|burn(s|ing)?|killing|agony|bad|worst|tight|twinges?|cramps?|"
    r"spasms?|flares?|flaring|bothers?|bothering|problems?|issues?|trouble)\b")


@lru_cache(maxsize=256)
def _doc(text: str) -> Doc:
    """The spaCy doc of a message (cached: every parser shares one call), with
    misspelt body parts corrected first ("sholders", "lowr bakc")."""
    return get_pipeline()(_respelt_body_words(text))


_WORD_OR_OTHER = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


@lru_cache(maxsize=1)
def _body_speller() -> ShortWordSpeller:
    words = {w for terms in list(PART_TERMS.values()) + list(SIDE_TERMS.values())
             + [EVERYWHERE_TERMS] for term in terms for w in term.lower().split()
             if w.isalpha()}
    return ShortWordSpeller(words)


def _respelt_body_words(text: str) -> str:
    fix = _body_speller().correct
    out = []
    for piece in _WORD_OR_OTHER.findall(text):
        fixed = fix(piece.lower()) if piece.isalpha() else piece
        out.append(piece if fixed == piece.lower() else fixed)
    return "".join(out)


def _norm(text: str) -> str:
    """Lower case, curly quotes straightened, spaces collapsed."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def _is_break(token) -> bool:
    return token.text in SENTENCE_BREAKS or "\n" in token.text


def _lower(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


# --- Body regions -------------------------------------------------------------------
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
            if ((term.endswith("s") and (term[:-1] in terms or term[:-2] in terms))
                    or (term.endswith("ves") and term[:-3] + "f" in terms)):
                plurals.add(term)
    return frozenset(plurals)


PLURAL_TERMS = _plural_terms()
REGION_ORDER = {region: index for index, region in enumerate(ALL_REGIONS)}


@dataclass
class _Part:
    start: int
    end: int
    part: str                      # part id from PART_TERMS, or "everywhere"
    plural: bool
    sides: Optional[FrozenSet[str]] = None   # explicit or carried: {"left"}, {"left", "right"}
    negated: bool = False

    @property
    def paired(self) -> bool:
        return self.part != EVERYWHERE and any(
            base in PAIRED_BASES for base in PART_BASES[self.part])

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


_BACK_NOT_BODY_BEFORE = {
    "come", "came", "comes", "coming", "go", "goes", "going", "went", "gone", "get",
    "gets", "got", "getting", "bring", "brings", "brought", "call", "called", "calls",
    "is", "was", "are", "were", "be", "been", "'s", "way", "look", "looking", "looked",
    "think", "thinking", "turn", "hold", "holding", "held", "put", "step", "pay",
    "paid", "give", "gave", "write", "wrote", "send", "sent", "answer", "change",
    "changed", "switch", "fight", "fought", "cut", "cutting", "hit", "set", "sit",
    "lie", "lay", "lean", "leaning", "sat", "move", "moved", "bounce", "bounced",
    "kick", "kicked", "flash", "flashing", "years", "months", "weeks", "days", "ago",
    "while", "way", "ring", "text", "email", "ask", "asked", "head", "drive", "walk",
    "pain", "it", "them",
}
_BACK_NOT_BODY_AFTER = {"to", "then", "home", "again", "later", "into", "of", "and forth",
                        "when", "in", "at", "on", "up", "out", "from", "down", "off",
                        "soon", "tomorrow"}
_SIDE_NOT_SIDE_AFTER = {"now", "away", "after", "afterwards", "then", "here", "there",
                        "me", "us", "it", "them", "him", "her", "alone", "over", "behind",
                        "out", "home", "for", "to", "thing", "answer", "time", "amount",
                        "person", "one?", "?", "with", "off", "before", "enough"}
_SIDE_NOT_SIDE_BEFORE = {"all", "'s", "is", "was", "you", "you're", "just", "exactly",
                         "quite", "feel", "feels", "not", "is n't", "that", "have",
                         "has", "had", "pain", "it", "i", "get", "got", "the only"}


def _keep_part(doc: Doc, ent: Span) -> bool:
    """False for body words used in another sense ("came back", "on the other hand")."""
    part, text = ent.ent_id_, ent.text.lower()
    before, after = _lower(doc, ent.start - 1), _lower(doc, ent.end)
    owned = before in POSSESSIVES or before in {"left", "right", "lower", "upper", "sore",
                                                "bad", "stiff", "aching", "painful", "tender"}
    if part == "back" and text == "back":
        if after == "of":          # "back of my knees": the knees
            return False
        if owned:
            return True
        return before not in _BACK_NOT_BODY_BEFORE and after not in _BACK_NOT_BODY_AFTER
    if text == "bottom" and after == "of":
        return False
    if text in ("hand", "hands"):
        if before == "other" or (not owned and after in {"in", "over", "me", "it", "out",
                                                         "on", "you", "him", "her"}):
            return False
    if text == "head" and not owned and after in {"to", "out", "off", "home", "for",
                                                 "back", "over", "up", "down", "start"}:
        return False
    if text in ("trap", "temple", "chin") and not owned and before not in {",", "and", "&"}:
        return before in {"", "in", "on", "at"} and after in {"", ",", "and", "hurts", "pain"}
    if text == "gut" and after in {"feeling", "instinct", "reaction"}:
        return False
    if text == "arms" and before == "in":
        return False
    return True


def _keep_side(doc: Doc, ent: Span) -> bool:
    text = ent.text.lower()
    if text not in ("left", "right", "both"):
        return True
    before, after = _lower(doc, ent.start - 1), _lower(doc, ent.end)
    if text == "both" and after in {"of", "are", "is", "were"}:
        return False
    return after not in _SIDE_NOT_SIDE_AFTER and before not in _SIDE_NOT_SIDE_BEFORE


def _everything_as_everywhere(doc: Doc, i: int) -> bool:
    """ "everything hurts", "everything except my feet", a lone "everything"."""
    if doc[i].lower_ not in ("everything", "all"):
        return False
    rest = [t.lower_ for t in doc[i + 1:i + 3]]
    if doc[i].lower_ == "all":
        return len(doc) <= 2 and not rest[1:] and (not rest or rest[0] in {".", "!"})
    if not rest or rest[0] in {".", "!", "hurts", "hurt", "aches", "except", "excluding",
                               "apart", "but", "besides"}:
        return True
    return rest[0] in {"is", "'s"} and len(rest) > 1 and rest[1] in {
        "sore", "painful", "stiff", "aching", "bad", "tender"}


def _entities(doc: Doc) -> Tuple[List[_Part], List[_Side]]:
    parts, sides = [], []
    covered = set()
    for ent in doc.ents:
        if ent.label_ == BODY_REGION and _keep_part(doc, ent):
            covered.update(range(ent.start, ent.end))
            parts.append(_Part(ent.start, ent.end, ent.ent_id_,
                               ent.text.lower() in PLURAL_TERMS))
        elif ent.label_ == SIDE and _keep_side(doc, ent):
            sides.append(_Side(ent.start, ent.end, frozenset(
                ("left", "right") if ent.ent_id_ == "both" else (ent.ent_id_,))))
    for i, token in enumerate(doc):
        if i not in covered and _everything_as_everywhere(doc, i):
            parts.append(_Part(i, i + 1, EVERYWHERE, False))
    parts.sort(key=lambda p: p.start)
    return parts, sides


_PRE_SIDE_GAP = {"my", "the", "his", "her", "their", "of", "-", "side", "sided", "hand",
                 "your", "on"}
_SIDE_JOIN = {"and", "&", ",", "/", "or", "my", "the", "plus"}
_POST_SIDE_GAP = {"on", "the", "my", "(", "[", "in", "-", ",", "at", "side", "mostly",
                  "mainly", "especially", "more", "only", "just", "hurts", "hurt",
                  "aches", "ache", "is", "are", "sore", "painful", "stiff", "of", "body",
                  "worse", "worst", "both", "to", "towards", "toward", "a", "bit", "little"}
_LIST_GLUE = {",", "and", "&", "/", "or", "plus", "my", "the", "also", "as", "well",
              "both", "either", "nor", "even", "especially", "mainly", "mostly",
              "sometimes", "then", "-", "(", ")", "in", "on", "of", "at", "too", "lower",
              "upper"}


def _attach_sides(doc: Doc, parts: List[_Part], sides: List[_Side]) -> None:
    side_at_end = {side.end: side for side in sides}
    for part in parts:
        if part.part != EVERYWHERE:
            _side_before(doc, part, side_at_end)
    for side in sides:
        if not side.used:
            _side_after(doc, parts, side)
    _sides_across_lists(doc, parts, {side.start for side in sides})


def _side_before(doc: Doc, part: _Part, side_at_end: Dict[int, _Side]) -> None:
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


def _side_after(doc: Doc, parts: List[_Part], side: _Side) -> None:
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


def _sides_across_lists(doc: Doc, parts: List[_Part], side_starts: Set[int]) -> None:
    """A side carries across a list: "left hip and knee", "left hip, knee and ankle"."""
    carry: Optional[FrozenSet[str]] = None
    previous: Optional[_Part] = None
    for part in parts:
        connected = previous is not None and all(
            t.lower_ in _LIST_GLUE for t in doc[previous.end:part.start]) and not any(
            i in side_starts for i in range(previous.end, part.start))
        if part.part == EVERYWHERE:
            carry = None
        elif part.sides is not None:
            carry = part.sides
        elif connected and carry is not None and part.paired and not part.plural:
            part.sides = carry
        elif part.plural or not connected:
            carry = None
        previous = part


_STRONG_TRIGGERS = (("except",), ("excluding",), ("exclude",), ("apart", "from"),
                    ("aside", "from"), ("other", "than"), ("besides",), ("bar",),
                    ("save", "for"), ("minus",), ("outside", "of"), ("not", "including"),
                    ("but", "not"), ("remove",), ("take", "off"), ("take", "out"),
                    ("drop",), ("delete",), ("no", "longer"), ("leave", "out"))
_WEAK_TRIGGERS = {"not", "n't", "never", "without", "nor", "neither", "nothing"}
_PAIN_NOUNS = {"pain", "pains", "problem", "problems", "issue", "issues", "trouble",
               "aches", "ache", "soreness", "stiffness", "hurting", "tenderness"}
_NEG_BRIDGE = {"have", "get", "feel", "any", "much", "many", "really", "pain", "pains",
               "problems", "problem", "issues", "trouble", "ache", "aches", "in", "on",
               "with", "my", "the", "at", "all", "so", "too", "bad", "as", "hurt", "hurts",
               "affected", "include", "including", "mean", "count", "touch", "touching",
               "massage", "massaging", "want", "like", "need", "work", "near", "around",
               "that", "in", "either", "both", "for", "do", "does", "is", "are", "'s",
               "for", "really", "actually", "currently", "usually", "mind", "press",
               "pressure", "go", "soreness", "stiffness", "aching", "sore", "by", "much",
               "any", "a", "lot", "of", "also", "i", "it", "anything", "rub", "rubbing"}
_NOT_A_TRIGGER_AFTER = {"only", "just", "sure", "to", "until", "till", "yet", "know"}


def _trigger_at(doc: Doc, i: int, parts_by_start: Dict[int, _Part]) -> Tuple[int, str]:
    """(number of tokens, "strong"/"weak") when a negation starts at token i, else (0, "")."""
    word = doc[i].lower_
    for trigger in _STRONG_TRIGGERS:
        if tuple(t.lower_ for t in doc[i:i + len(trigger)]) == trigger:
            return len(trigger), "strong"
    if word == "but":
        # "everywhere but my legs": but right after an everywhere word
        j = i - 1
        while j >= 0 and doc[j].text in {",", "-"}:
            j -= 1
        before = next((p for p in parts_by_start.values() if p.end == j + 1), None)
        after = _lower(doc, i + 1)
        if before is not None and before.part == EVERYWHERE and after not in {
                "especially", "mostly", "mainly", "particularly", "worst", "worse",
                "also", "more", "the", "it", "i", "its", "it's", "really"}:
            return 1, "strong"
        return 0, ""
    if word == "no":
        after = _lower(doc, i + 1)
        if after in _PAIN_NOUNS or after in {"more", "longer"} or (i + 1) in parts_by_start:
            return 1, "weak"
        return 0, ""
    if word in _WEAK_TRIGGERS:
        if _lower(doc, i + 1) in _NOT_A_TRIGGER_AFTER:
            return 0, ""
        return 1, "weak"
    return 0, ""


_POSITIVE_AFTER_PART = {"hurts", "hurt", "aches", "ache", "is", "are", "'s", "'re",
                        "was", "were", "does", "do", "kills", "throbs", "burns", "feels",
                        "feel", "gets", "get", "has", "have", "really", "also"}
_POST_NEG_SKIP = {"are", "is", "'re", "'s", "do", "does", "feel", "feels", "seem",
                  "seems", "really", "pretty", "all", "totally", "actually", "generally",
                  "usually", "mostly", "both", "have", "has", "been", "were", "was"}
_POST_NEG_WORDS = {"fine", "ok", "okay", "alright", "good", "great", "normal", "free"}
_POST_NEG_AFTER_NOT = {"hurt", "hurts", "ache", "aches", "bother", "bothered", "bad",
                       "sore", "painful", "affected", "a", "too", "so", "really", "at",
                       "that", "as", "an", "involved", "included", "stiff", "tender",
                       "problem", "hurting", "aching", "in"}


def _apply_negation(doc: Doc, parts: List[_Part]) -> None:
    _negation_before(doc, parts)
    _negation_after(doc, parts)


@dataclass
class _NegationScan:
    """Where a negation before body parts is, as the tokens are read."""
    active: bool = False
    strength: str = ""
    seen_part: bool = False
    gap: int = 0


def _negation_before(doc: Doc, parts: List[_Part]) -> None:
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


def _negation_step(doc: Doc, i: int, parts_by_start: Dict[int, _Part],
                   scan: _NegationScan) -> None:
    """Whether the negation still holds after the token at i."""
    token = doc[i]
    word = token.lower_
    if _is_break(token) or word in CONTRAST_WORDS:
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


def _new_positive_clause(doc: Doc, i: int, parts_by_start: Dict[int, _Part]) -> bool:
    """ "no pain in my arms and my neck hurts": a new positive clause after "and"."""
    j = i + 1
    while j < len(doc) and doc[j].lower_ in {"my", "the", "also", "both"}:
        j += 1
    nxt = parts_by_start.get(j)
    if nxt is None and j < len(doc) and doc[j].ent_type_ == SIDE:
        j += 1
        nxt = parts_by_start.get(j)
    return nxt is not None and _lower(doc, nxt.end) in _POSITIVE_AFTER_PART


def _negation_after(doc: Doc, parts: List[_Part]) -> None:
    """ "my legs are fine", "my knees don't hurt": a negation after the part."""
    groups: List[List[_Part]] = []
    for part in parts:
        if groups and all(t.lower_ in {"and", "&", "or", "my", "the", "/", "both"}
                          or t.ent_type_ == SIDE
                          for t in doc[groups[-1][-1].end:part.start]):
            groups[-1].append(part)
        else:
            groups.append([part])
    for group in groups:
        j, skipped = group[-1].end, 0
        while j < len(doc) and doc[j].lower_ in _POST_NEG_SKIP and skipped < 3:
            j, skipped = j + 1, skipped + 1
        word = _lower(doc, j)
        negative = word in _POST_NEG_WORDS and not (word == "free" and skipped)
        if word in ("not", "n't", "never"):
            negative = _lower(doc, j + 1) in _POST_NEG_AFTER_NOT or j + 1 >= len(doc) \
                or _is_break(doc[j + 1]) or _lower(doc, j + 1) in {",", "though"}
        if negative and group[0].part != EVERYWHERE:
            for part in group:
                part.negated = True


def _region_parts(doc: Doc) -> List[_Part]:
    parts, sides = _entities(doc)
    _attach_sides(doc, parts, sides)
    _apply_negation(doc, parts)
    return parts


def _mention(parts: Iterable[_Part]) -> RegionMention:
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
    return _mention(_region_parts(_doc(text or "")))


def _ordered_regions(regions: Iterable[str]) -> List[str]:
    return sorted({r for r in regions if r in REGION_ORDER}, key=REGION_ORDER.__getitem__)


def resolve_regions(current: Optional[Sequence[str]], mention: RegionMention,
                    replace: bool) -> List[str]:
    """The new list of regions: a fresh answer (replace) or an amendment."""
    base: Set[str] = set() if replace else set(current or ())
    if mention.everywhere:
        base |= set(WPI_REGIONS)
    result = (base | set(mention.added)) - set(mention.removed)
    return _ordered_regions(result)


# --- Red flags ---------------------------------------------------------------------
# Read as clinical concepts by bot/understanding/red_flags.py; here only mapped
# onto the spaCy tokens, so a body part inside a red flag is not a pain area.
@dataclass(frozen=True)
class _FlagHit:
    flag: str
    start: int       # spaCy token span of the mention
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


def _sentence_bounds(doc: Doc) -> List[int]:
    """Sentence id for each token (split at . ! ? ; and new lines)."""
    ids, current = [], 0
    for token in doc:
        ids.append(current)
        if _is_break(token):
            current += 1
    return ids


_NONE_ANSWER = re.compile(
    r"^\W*(?:no+|nope|nah|none|nun|non|noen|nnone|nothing|nothin|nuthin|neither|nada|"
    r"not really|no none|none of (?:these|"
    r"them|those|the above)|none apply|no to all|all good|i'?m (?:fine|ok|okay|good)|"
    r"not that i know of|i don'?t think so|no,? (?:none|nothing|i'?m fine|all good)|"
    r"none of that|nothing like that|no(?:ne)? thanks?|n/?a|nil|zero|not at all|"
    r"negative|all clear|nope,? none)\b[\w\s,.!']*$")


_NONE_ANYWHERE = re.compile(
    r"\b(?:(?:none|nun|non|noen) of (?:these|them|those|the above|that|em|'em|dem|this|it)|"
    r"nothing else|none apply|"
    r"no to all|nothing like that|none at all|doesn'?t apply|don'?t apply|"
    r"not applicable)\b")


def is_none_answer(text: str) -> bool:
    """ "none of these", "nope", "nun of those": the checklist answered with none."""
    return _is_none_answer(text)


def _is_none_answer(text: str) -> bool:
    text = _norm(text)
    return len(text.split()) <= 12 and bool(
        _NONE_ANSWER.match(text) or _NONE_ANYWHERE.search(text))


# --- Numbers --------------------------------------------------------------------------
_NUM = rf"(?:\d+(?:\.\d+)?|{_NUMBER_WORD_RE})"
_EXPLICIT_SCORE = re.compile(
    rf"(?<![\w.-])(?P<a>-?{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?(?P<half> and a half)?"
    r"\s*(?:/|out of|outta|of)\s*(?:10|ten)\b")
_PAIN_IS = re.compile(
    rf"\bpain(?: level| score| rating)?(?:'s| is| was| are| at| sits at| of)\s+"
    rf"(?:(?:a|an|about|around|roughly|usually|typically|normally|generally|like|at|"
    rf"probably|maybe|say|more|closer|nearer|to|now|actually|really|honestly)\s+)*(?P<a>-?{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?"
    rf"(?P<half> and a half)?(?![\w.])"
    r"|\brate (?:it|my pain|the pain)(?: as| at| a)?\s+(?P<c>-?\d+(?:\.\d+)?)\b")
_RANGE = re.compile(
    rf"(?<![\w.])(?:between\s+)?(?P<a>{_NUM})\s*(?:-|–|to|or|and)\s*(?P<b>{_NUM})(?![\w.]|/)")
_SINGLE = re.compile(rf"(?<![\w./])(?P<neg>-)?(?P<a>{_NUM})(?P<half> and a half)?(?![\w/])")
_NOT_A_SCORE_AFTER = re.compile(
    r"^\s*(?:%|percent|days?|weeks?|wks?|months?|years?|yrs?|y/?o\b|hours?|hrs?|h\b|"
    r"minutes?|mins?|m\b|am\b|pm\b|a\.m|p\.m|o'?clock|kg|kilos?|lbs?|pounds?|stones?|st\b|"
    r"times|kids|children|sessions?|massages?|cm|mm|feet|ft|inch|miles?|km|st\b|nd\b|rd\b|"
    r"th\b|of (?:my|the|them|these|those)|x\b|\.\d|:\d|/\d)")
_NOT_A_SCORE_BEFORE = re.compile(
    r"(?:\bi'?m|\bim|\bi am|\baged?|\bage of|\bturned|\bturning|\byear|\bin|\bsince|\bat|"
    r"\bfor|\bby|\bevery|\bno\.|#|\$|£|€|\bnumber|\boption|\bafter|\bbefore|\bthe last|"
    r"\bthe past)\s*$")
_ZERO_PAIN = re.compile(r"\b(?:no pain|pain[- ]free|none|nothing|not at all|zero|nil)\b")


# A number or number word ("7", "seven", "twenty") as a value.
_score = number_value


def _in_range(value: Optional[float]) -> Optional[float]:
    return value if value is not None and 0 <= value <= 10 else None


def _explicit_intensity(text: str) -> Tuple[bool, Optional[float]]:
    for pattern in (_EXPLICIT_SCORE, _PAIN_IS):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        first = groups.get("a") or groups.get("c")
        if groups.get("a") and pattern is _PAIN_IS and _NOT_A_SCORE_AFTER.match(
                text[match.end():]):
            continue
        a = _score(first)
        b = _score(groups["b"]) if groups.get("b") else None
        if a is None:
            continue
        if b is not None:
            a = b if b > a and b - a <= 3 else a   # "7 or 8": the higher, the safe side
        if groups.get("half"):
            a += 0.5
        return True, _in_range(a)
    return False, None


# Which of several scores answers "on a typical day": the one said of a usual day,
# else one not said of a bad or good day, today or a flare.
_TYPICAL = re.compile(r"\b(?:typical(?:ly)?|usual(?:ly)?|normal(?:ly)?|most days|on average|"
                      r"average|generally|mostly|day to day|everyday|every day|most of the "
                      r"time|regular(?:ly)?|baseline)\b")
_ATYPICAL = re.compile(r"\b(?:bad days?|worst|flares?|flaring|good days?|best|today|tonight|"
                       r"right now|rn|at the moment|this week|yesterday|sometimes)\b")
_SCORE_CLAUSE_BREAK = re.compile(r"(?<!\d)\.|\.(?!\d)|[;!?\n]+|\bbut\b|\bthough\b|\bwhile\b")
# "it's a 7", "like an 8", "bout a 4": a number with an article is a score.
_ARTICLE_SCORE = re.compile(
    rf"\b(?:it'?s|its|about|bout|around|like|roughly|usually|typically|normally|maybe|"
    rf"prob(?:ably)?|mostly|always|generally|at|nearer|closer to|say)\s+(?:a|an)\s+"
    rf"(?P<a>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?(?![\w.]|\s*(?:%|days?|weeks?|"
    rf"months?|years?|yrs?|hours?|hrs?|minutes?|mins?|times|kids))")
_PAIN_CONTEXT = re.compile(r"\b(?:pain\w*|hurt\w*|ache\w*|aching|sore\w*|fibro\w*|"
                           r"agony|out of (?:10|ten)|scale)\b")


def parse_intensity(text: str, expecting: bool) -> Optional[float]:
    """A 0-10 pain score. When the score is being asked for, a bare "5", "five",
    "6 or 7" or "no pain" count; otherwise only explicit forms ("7/10",
    "7 out of 10", "my pain is a 7", "it's about a 6" beside a pain word). Of
    several scores, the one said of a typical day wins. Out-of-range numbers give
    None."""
    text = _norm(text)
    if not text:
        return None
    scored = []
    for clause in _SCORE_CLAUSE_BREAK.split(text):
        value = _clause_intensity(clause.strip(), expecting, _PAIN_CONTEXT.search(text))
        if value is not None:
            scored.append((clause, value))
    if not scored:
        return 0.0 if expecting and _ZERO_PAIN.search(text) else None
    typical = [value for clause, value in scored if _TYPICAL.search(clause)]
    ordinary = [value for clause, value in scored if not _ATYPICAL.search(clause)]
    return (typical or ordinary or [scored[0][1]])[0]


def _clause_intensity(text: str, expecting: bool, pain_context) -> Optional[float]:
    if not text:
        return None
    found, value = _explicit_intensity(text)
    if found:
        return value
    article = _ARTICLE_SCORE.search(text)
    if article and (expecting or pain_context):
        a, b = _score(article.group("a")), _score(article.group("b") or "")
        return _in_range(b if b is not None and a is not None and 0 < b - a <= 3 else a)
    if not expecting:
        return None
    for match in _RANGE.finditer(text):
        if _NOT_A_SCORE_AFTER.match(text[match.end():]) or \
                _NOT_A_SCORE_BEFORE.search(text[:match.start()]):
            continue
        a, b = _score(match.group("a")), _score(match.group("b"))
        if a is not None and b is not None and 0 <= a < b <= 10:
            # "6 or 7": the higher, so the massage errs on the gentle side;
            # "it varies, 4 to 8": the middle.
            return b if b - a <= 3 else (a + b) / 2
    for match in _SINGLE.finditer(text):
        word = match.group("a")
        before, after = text[:match.start()], text[match.end():]
        if _NOT_A_SCORE_AFTER.match(after) or _NOT_A_SCORE_BEFORE.search(before):
            continue
        if word == "one" and (re.search(r"\b(?:the|this|that|which|every|any|no|bad|"
                                        r"good|a|each|last)\s*$", before)
                              or re.match(r"\s*(?:of|day|time)\b", after)):
            continue
        value = _score(word)
        if value is None:
            continue
        if match.group("neg"):
            return None
        if match.group("half"):
            value += 0.5
        return _in_range(value)
    return None


# --- Closed questions ----------------------------------------------------------------
_TOUCH_WORDS = re.compile(
    r"\b(?:touch(?:ed|es|ing|in)?|hugs?|hugged|hugging|cuddles?|clothes|clothing|shower|"
    r"sheets?|bedsheets?|bedding|duvet|hair|bras?|waistbands?|brushing|combing|fabric|"
    r"breeze|contact|stroked?|stroking|pat(?:ted)?|tap(?:ped)?|skin)\b")
_SEVERE = re.compile(
    r"\beven (?:the |a |my |light |lightest |gentle |gentlest |soft |when |just |being )*"
    r"(?:shower|water|bed ?sheets?|sheets?|bedding|duvet|blankets?|clothes|clothing|"
    r"breeze|wind|light touch|touch|feather|hair|comb|combing|brushing|brush|towel|"
    r"pillow|fabric|socks|lightest|softest|slightest|air)"
    r"|\bcan'?t (?:bear|stand|tolerate|handle|take) (?:to be |being |any(?:one|body)? |"
    r"people |a )?touch"
    r"|\bcan(?:'?t| ?not) be touched"
    r"|\b(?:any|every|the slightest|the lightest|the softest|the gentlest|a light|light)"
    r" touch (?:at all )?(?:hurts|is (?:painful|agony|unbearable|excruciating|sore))"
    r"|\b(?:shower|bed ?sheets|sheets|bedding|duvet|the water)\b[^.]{0,25}"
    r"\b(?:hurts?|painful|sore|agony|stings?)"
    r"|\b(?:combing|brushing|washing) (?:my |your )?hair\b[^.]{0,15}\b(?:hurts?|painful|sore)"
    r"|\bhair (?:hurts|is sore|is painful)"
    r"|\bsevere(?:ly)?\b|\bextreme(?:ly)?\b|\bunbearabl[ey]\b|\bexcruciating\b|\bagony\b"
    r"|\b(?:very|really|super|incredibly|so|extremely|hugely) (?:sensitive|painful|bad)\b"
    r"|\ballodynia\b|\beverything (?:touching me )?hurts\b")
# Unasked, only a statement that ordinary touch hurts counts ("hugs hurt"), not
# "please don't touch my feet".
_TOUCH_STATEMENT = re.compile(
    r"\b(?:hugs?|hugging|cuddles?|clothes|clothing|shirts?|seams|tags|shower|sheets?|bedding|"
    r"hair|bras?|waistbands?|light touch|being touched|touched|touch(?:ing|in)? me|"
    r"(?:people|ppl|anyone|someone) touch\w*|"
    r"touch(?:ed|ing)? (?:hurts|is painful|is sore))\b")
_NONE_STRONG = re.compile(
    r"\b(?:touch|it|hugs?|that|clothes|showers?|being touched|light touch|touching)"
    r"(?: really| usually| generally)? (?:does(?:n'?t| not)|do(?:n'?t| not)|never)"
    r" (?:really )?(?:bother|hurt|affect|trouble)(?:s)?(?!(?: me)? (?:much|a lot|that much|"
    r"too much|very much|a bit|a little))(?: me)?\b"
    r"|\b(?:light |gentle |normal |ordinary )?(?:touch|touching|hugs?|clothes|showers?)"
    r"(?: is| are|'s| feels?)(?: totally| perfectly| usually)? (?:fine|ok(?:ay)?|alright|"
    r"good|nice|no problem|not a problem|not painful)"
    r"|\b(?:light|gentle|soft) (?:stuff|touch|things?|pressure) (?:is|are|feels?) "
    r"(?:fine|ok(?:ay)?|alright|good)"
    r"|\bnot (?:at all|sensitive|painful|a problem)\b"
    r"|\bno (?:sensitivity|problems?|issues?|pain) (?:with|from|when) (?:touch|hugs?|being)")
_MILD = re.compile(
    r"\ba (?:little|bit|tad|touch)\b|\bslight(?:ly)?\b|\bmild(?:ly)?\b|\bsometimes\b|"
    r"\boccasionally\b|\bnot (?:much|very|too|that|so) (?:much|bad|sensitive|often)?|"
    r"\bsomewhat\b|\bon (?:bad|some) days\b|\bduring (?:a )?flares?\b|\bnow and then\b|"
    r"\ba wee bit\b|\bminor\b|\bbarely\b|\bhardly\b|\bjust a bit\b|\bnot (?:that )?much\b|"
    r"n'?t (?:really )?(?:bother|hurt|affect)s? (?:me )?(?:much|that much|too much|very much)")
_MODERATE = re.compile(
    r"\bhug(?:s|ging|ged)?\b[^.]{0,20}\b(?:hurts?|painful|sore|uncomfortable|bother|ouch|"
    r"ache|aches)|\b(?:hurts?|painful) (?:to|when i|when people|when someone) hug"
    r"|\btight (?:clothes|clothing|waistbands?|jeans|trousers|sleeves|bras?|straps?|"
    r"shoes|socks|belts?)\b|\bwaistbands?\b|\bbra straps?\b|\bmoderate(?:ly)?\b|"
    r"\bquite (?:a lot|a bit|bad|sensitive|painful|sore|often|tender)\b|\ba lot\b|"
    r"\bfairly\b|\b(?:pretty|rather|quite) (?:sensitive|bad|painful|sore|tender)\b|"
    r"\bsensitive\b|\btender\b|\boften\b|\bmost days\b|\bmedium\b")
_NONE_WEAK = re.compile(
    r"^\W*(?:no+|nope|nah|none|never|not really|no,? not really|fine|not at all|"
    r"i'?m fine|it'?s fine|all good|nothing|no it doesn'?t|no,? it doesn'?t|"
    r"doesn'?t hurt|no problem|no issues?|it doesn'?t)\b")


def _about_touch(text: str) -> str:
    """The clauses about touch and the one after each ("hugs hurt, it's constant"),
    so "about a 6 most days, hugs hurt a little" is graded on the hugs alone."""
    clauses = re.split(r"[,;.!?]|\bbut\b|\band\b|\bbc\b|\bbecause\b", text)
    keep = [i for i, clause in enumerate(clauses) if _TOUCH_WORDS.search(clause)]
    chosen = sorted({j for i in keep for j in (i, i + 1) if j < len(clauses)})
    return " , ".join(clauses[j] for j in chosen) if chosen else text


def parse_sensitivity(text: str, expecting: bool) -> Optional[str]:
    """none / mild / moderate / severe from everyday examples ("hugs hurt") or,
    when asked, a level word. Unasked, only clear statements about touch count."""
    text = _norm(text)
    if not text:
        return None
    touch = bool(_TOUCH_WORDS.search(text))
    if not expecting and not (touch and (_TOUCH_STATEMENT.search(text)
                                         or _NONE_STRONG.search(text))):
        return None
    if expecting:
        said = sensitivity.level_word(text)
        if said:
            return said
    if _NONE_STRONG.search(text) and not _MILD.search(text):
        return "none"
    graded = sensitivity.grade(text if expecting else _about_touch(text))
    # "combing my hair hurts", said with no "how often", reads as the old table did.
    if graded in (None, "moderate") and _SEVERE.search(text) and not re.search(
            r"\bnot (?:that |so |very |too )?(?:severe|bad|extreme)|\b(?:often|most days|"
            r"many days|usually|sometimes|occasionally)\b", text):
        return "severe"
    if graded:
        return graded
    if _MODERATE.search(text):
        return "moderate" if expecting or touch else None
    if expecting and _NONE_WEAK.search(text):
        return "none"
    return None


_PRESSURE_UNSURE = re.compile(
    r"\b(?:not sure|unsure|don'?t know|do not know|dunno|no idea|not certain|no clue|"
    r"depends|whatever (?:you|they|the therapist) (?:think|suggest|recommend)|"
    r"no preference|never had (?:a |one |any )?(?:proper |professional )?massages?|"
    r"not decided|undecided|hard to say|can'?t say|haven'?t decided|you (?:decide|choose)|"
    r"let (?:them|the therapist) decide|i'?m not sure|unclear|not certain|idk|"
    r"never had (?:one|any)|first (?:time|massage|one))\b")
_REJECTED = re.compile(
    r"\b(?:do(?:n'?t|es ?n'?t|es not|nt) (?:do|work|help)|do(?:es)? nothing|useless|"
    r"pointless|a waste|waste of|no good|not enough|never (?:help|work)s?)\b")
_NOT_FIRM = re.compile(
    r"\b(?:not|nothing|never|n'?t|no)\s+(?:too |to |very |that |so |overly |really |like |"
    r"want |a |anything |it )*(?:hard|firm|deep|strong|heavy|rough|intense|vigorous)\b")
_NOT_LIGHT = re.compile(
    r"\b(?:not|nothing|never|n'?t|no)\s+(?:too |to |very |that |so |overly |really |a |it )*"
    r"(?:light|soft|gentle|feathery|weak)\b")
_PRESSURE_LEVELS = (
    ("light", re.compile(r"\b(?:light(?:er|est)?|lightly|gentle|gentler|gentlest|gently|"
                         r"soft(?:er|est|ly)?|delicate|feather(?:y|[- ]light)?|barely|"
                         r"relaxing|swedish)\b")),
    ("medium", re.compile(r"\b(?:medium|moderate|middle|in[- ]between|average|normal|"
                          r"regular|mid|middling|standard)\b")),
    ("firm", re.compile(r"\b(?:firm(?:er|est)?|deep(?:er|est)?|hard(?:er|est)?|"
                        r"strong(?:er|est)?|heavy|intense|deep[- ]tissue|vigorous|rough|"
                        r"sports)\b")),
)
_PRESSURE_CONTEXT = re.compile(
    r"\b(?:pressure|pressures)\b"
    r"|\b(?:like|prefer|want|enjoy|love|'d like|would like|need|go for|choose|"
    r"rather have|rather)\b[^.]{0,25}\bmassages?\b"
    r"|\bdeep[- ]tissue\b")


def parse_pressure(text: str, expecting: bool) -> Optional[str]:
    """light / medium / firm / unsure. Unasked, only next to "pressure" or a
    stated massage preference ("I like a firm massage")."""
    text = _norm(text)
    if not text:
        return None
    if not expecting:
        # keep only the clause that talks about pressure or a massage preference
        clauses = [c for c in re.split(r"[.;!?,]| but ", text) if _PRESSURE_CONTEXT.search(c)]
        if not clauses:
            return None
        text = " . ".join(clauses)
        if re.search(r"\bnever had\b", text) and not re.search(r"\bpressure\b", text):
            return None
    unsure = bool(_PRESSURE_UNSURE.search(text))
    work = _PRESSURE_UNSURE.sub(" ", text)
    # "gentle ones don't do anything for me": a pressure said not to work is not wanted.
    work = " . ".join(c for c in re.split(r"[.;!?,]| but ", work)
                      if not _REJECTED.search(c))
    levels = []
    not_firm, not_light = bool(_NOT_FIRM.search(work)), bool(_NOT_LIGHT.search(work))
    if not_firm and not_light:
        return "medium"   # "not too soft, not too hard"
    if not_firm:
        levels.append("light")
        work = _NOT_FIRM.sub(" ", work)
    if not_light:
        levels.append("medium")
        work = _NOT_LIGHT.sub(" ", work)
    for level, pattern in _PRESSURE_LEVELS:
        if pattern.search(work):
            if level == "light" and not expecting and not re.search(
                    r"\b(?:light|gentle|soft)\w*\s+(?:\w+\s+)?(?:pressure|massages?)\b|"
                    r"\bpressure\b[^.]{0,20}\b(?:light|gentle|soft)", work):
                continue
            levels.append(level)
    if levels:
        order = [lvl for lvl, _ in _PRESSURE_LEVELS]
        return min(levels, key=order.index)   # "medium to firm" -> medium: gentler
    if unsure:
        return "unsure"
    return None


_FLARE_FALSE = re.compile(
    r"\bnever (?:had|been|got|gotten|tried)\b|\bhaven'?t (?:had|been|tried)\b|"
    r"\bhave not (?:had|tried)\b|\bnever (?:flared|was sore|been sore|get sore|sore|"
    r"had any soreness|had a problem)\b|"
    r"\bnot (?:really|that i (?:know|remember|recall)|usually|normally|for long)\b|"
    r"\b(?:only|just) (?:for )?(?:a|one|the) (?:day|night)\b|"
    r"\b(?:felt|feel|was|were) (?:fine|good|great|better|ok(?:ay)?)\b|"
    r"\bno (?:flares?|flare[- ]?ups?|problems?|issues?|soreness|more than)\b|"
    r"\b(?:did ?n'?t|did not|never|don'?t|do not) (?:really )?(?:flare|get sore|hurt|"
    r"suffer|last|have)\b|\bless than (?:two|2) days\b|\bnot (?:more than|longer than|"
    r"over) (?:two|2)\b|\bwasn'?t\b")
# Unasked, only sentences about a massage and what came after it say anything.
_AFTER_MASSAGE = re.compile(
    r"\bmassages?\b|\bdeep tissue\b|\btherapists?\b|\bmasseuse\b|\bsession\b|"
    r"\b(?:last time|after) (?:i )?(?:got|had|having|getting)? ?(?:one|it|a deep|a firm)\b")
_FLARE_TRUE = re.compile(
    r"\b(?:sore|stiff|wiped out|in pain|hurting|achy|aching|wrecked|exhausted|worse|"
    r"flared?|bad|agony|suffered|in bed|bedridden|laid up|out of action|knocked out|"
    r"crippled|rough)\b[^.]{0,30}\b(?:days|a week|weeks|"
    r"two days|three days|several days|ages|48 hours|72 hours)\b|"
    r"\bflare[sd]?(?:[- ]?ups?)?\b|\bflared\b|\bpaid for it\b|"
    r"\bmade (?:it|me|things|my pain) worse\b|\bworse (?:afterwards|after|for days)\b|"
    r"\bfor days\b|\bfor a week\b")
_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|yea|ya|aye|definitely|absolutely|sure|"
                  r"correct|indeed|of course|always|every time|usually|often|i was|"
                  r"it did|i did|true)\b")
_NO = re.compile(r"^\W*(?:no+|nope|nah|never|not really|i wasn'?t|it didn'?t|i didn'?t|"
                 r"false|negative|not that i)\b")


def parse_flare(text: str, expecting: bool) -> Optional[bool]:
    """After a firmer massage, sore for more than two days? ("never had one" is False)."""
    text = _norm(text)
    if not text:
        return None
    if not expecting:
        text = " . ".join(s for s in re.split(r"(?<!\d)[.;!?]", text) if _AFTER_MASSAGE.search(s))
        if not text:
            return None
    if _FLARE_FALSE.search(text) and not re.search(r"\b(?:yes|yeah|yep)\b", text):
        return False
    if _FLARE_TRUE.search(text):
        return True
    if not expecting:
        return None
    if _YES.search(text):
        return True
    if _NO.search(text):
        return False
    return None


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6}
_OPTION_NUMBER = re.compile(
    r"^\W*(?:(?:option|number|no\.?|#|choice|answer)\s*)?(?P<n>\d{1,2}|"
    + _NUMBER_WORD_RE + r")\s*[.)!]?\s*(?:please)?\W*$")
_OPTION_ORDINAL = re.compile(
    r"^\W*(?:the\s+)?(?P<o>first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th|"
    r"last)(?:\s+(?:one|option|choice|answer))?\s*(?:please)?\W*$")


def parse_option_number(text: str, slot: Optional[str]) -> object:
    """The option a bare number picks ("2", "option 2", "the second one")."""
    options = QUESTION_OPTIONS.get(slot or "")
    if not options:
        return None
    text = _norm(text)
    index = None
    match = _OPTION_NUMBER.match(text)
    if match:
        word = match.group("n")
        index = NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)
    else:
        match = _OPTION_ORDINAL.match(text)
        if match:
            word = match.group("o")
            index = len(options) if word == "last" else _ORDINALS[word]
    if index is None or not 1 <= index <= len(options):
        return None
    return options[index - 1][1]


# --- Preferences --------------------------------------------------------------------
_GOAL_PATTERNS: Tuple[Tuple[str, re.Pattern], ...] = (
    ("pain_relief", re.compile(
        r"\bpain relief\b|\bless pain\b|\b(?:reduce|ease|relieve|manage|lower|lessen|"
        r"help with|help|soothe|take away|cut down)\b[^.]{0,12}\b(?<!head )pain\b|"
        r"(?<!stress )\brelie(?:f|ve)\b|\bhurt less\b|\bfewer flares\b|"
        r"\bpain management\b|\bfeel less pain\b")),
    ("sleep", re.compile(r"\bsleep\w*|\binsomnia\b|\brest(?:ful)? nights?\b|"
                         r"\bbetter nights?\b|\bsleepless\b")),
    ("stiffness", re.compile(r"\bstiff\w*|\bloosen\w*|\bmobility\b|\bflexib\w+|"
                             r"\bmove (?:better|more|easier|freely)\b|\btight(?:ness)?\b|"
                             r"\bmuscle tension\b|\bknots?\b|\brange of motion\b|"
                             r"\blimber\b|\bsupple\b")),
    ("relaxation", re.compile(r"\brelax\w*|\bcalm\w*|\bstress\w*|\banxi\w+|\bunwind\b|"
                              r"\bwind down\b|\bpamper\w*|\bde-?stress\w*|\bpeace\w*|"
                              r"\bchill\b|\bme time\b|\bwell-?being\b|\bcomfort\b")),
    ("headaches", re.compile(r"\bhead ?aches?\b|\bmigraines?\b|\bhead pain\b")),
)
_ALL_GOALS = re.compile(r"^\W*(?:all|all of (?:them|those|these|the above)|everything|"
                        r"all (?:five|5)|the lot|all the above)\W*$")
_GOAL_CONTEXT = re.compile(r"\b(?:want|wants|wanting|'d like|would like|hope|hoping|"
                           r"goals?|help (?:me|with)|looking for|aim|so i can|so that|"
                           r"in order to|to get|to help|need)\b")


def parse_goals(text: str, expecting: bool = True) -> List[str]:
    """GOALS ids named in a message ("sleep better", "less stiff", "relax")."""
    text = _norm(text)
    if not text:
        return []
    if _ALL_GOALS.match(text):
        return list(GOALS)
    if not expecting and not _GOAL_CONTEXT.search(text):
        return []
    found = {goal for goal, pattern in _GOAL_PATTERNS if pattern.search(text)}
    if expecting and not found and re.search(r"\bpain\b", text):
        found.add("pain_relief")
    return [goal for goal in GOALS if goal in found]


_PACK_WORDS = re.compile(r"\b(?:hot|cold|heat|heated|warm|ice|icy)(?: or (?:hot|cold|"
                         r"heat|warm|ice))?\s*(?:packs?|stones?|compress(?:es)?|pads?|"
                         r"therapy|towels?|wraps?)\b|\bheat\b|\bheat packs?\b")
_PACK_STRONG_NO = re.compile(
    r"\b(?:don'?t|do not|wouldn'?t|would not|doesn'?t|does not) (?:really )?(?:like|want|"
    r"need|enjoy|help|suit|care for)\b|\bhate\b|\bmakes? (?:it|me|things|my pain) worse\b|"
    r"\brather not\b|\bnot for me\b|\bnot (?:keen|interested|needed|necessary|really)\b|"
    r"\bno thanks?\b|\bno thank you\b|\bwithout\b|\bcan'?t (?:stand|tolerate|take)\b|"
    r"\bskip the\b|\bnone\b")
_PACK_YES = re.compile(r"\b(?:yes|yeah|yep|yup|yea|sure|please|ok(?:ay)?|definitely|"
                       r"absolutely|love|like|sounds? (?:good|nice|great|lovely)|"
                       r"would be (?:nice|good|great|lovely)|helps?|helpful|great|"
                       r"good idea|why not|go on|nice|lovely|perfect|prefer)\b")
_PACK_NO = re.compile(r"\b(?:no+|nope|nah|never)\b")


def parse_heat_packs(text: str, expecting: bool = True) -> Optional[str]:
    """ "yes" / "no" for hot or cold packs. Unasked, only when packs are named."""
    text = _norm(text)
    if not text or re.search(r"\b(?:not sure|don'?t know|no idea|dunno|no preference|"
                             r"don'?t mind|doesn'?t matter)\b", text):
        return None
    if not expecting and not _PACK_WORDS.search(text):
        return None
    if _PACK_STRONG_NO.search(text):
        return "no"
    yes, no = _PACK_YES.search(text), _PACK_NO.search(text)
    if yes and (not no or yes.start() < no.start()):
        return "yes"
    if no:
        return "no"
    if expecting and re.search(r"\b(?:hot|cold|heat|warm|warmth|ice|both)\b", text):
        return "yes"
    return None


_SESSION_PATTERNS: Tuple[Tuple[re.Pattern, object], ...] = (
    (re.compile(r"\b(?:an?|one) hour and a half\b|\b(?:1|one) and a half hours?\b|"
                r"\b1\.5 ?(?:hours?|hrs?|h)\b|\bhour and a half\b"), 90),
    (re.compile(r"\bthree quarters of an hour\b"), 45),
    (re.compile(r"\bhalf (?:an )?hour\b|\bhalf-hour\b"), 30),
    (re.compile(r"\b(?P<n>\d+(?:\.\d+)?|" + _NUMBER_WORD_RE +
                r"|an|a)\s*(?:-\s*)?(?:hours?|hrs?|h)\b"), "hours"),
    (re.compile(r"\b(?P<n>\d+|" + _NUMBER_WORD_RE + r"|ninety|forty[- ]five|thirty|sixty|"
                r"forty|fifty|twenty)\s*(?:-\s*)?(?:minutes?|mins?|m)\b"), "minutes"),
)
_WORD_MINUTES = {"ninety": 90, "forty five": 45, "forty-five": 45, "thirty": 30,
                 "sixty": 60, "forty": 40, "fifty": 50, "twenty": 20}


def _snap_minutes(minutes: float) -> Optional[int]:
    if not 10 <= minutes <= 240:
        return None
    return min(SESSION_LENGTHS, key=lambda length: (abs(length - minutes), length))


def parse_session_length(text: str, expecting: bool = True) -> Optional[int]:
    """Minutes, snapped to SESSION_LENGTHS ("an hour" -> 60, "90 minutes" -> 90)."""
    text = _norm(text)
    if not text:
        return None
    if not expecting and not re.search(r"\b(?:session|massage|appointment|treatment)s?\b",
                                       text):
        return None
    for pattern, value in _SESSION_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if isinstance(value, int):
            return value
        word = match.group("n")
        number = _WORD_MINUTES.get(word) or NUMBER_WORDS.get(word) or (
            1 if word in ("a", "an") else None)
        if number is None:
            try:
                number = float(word)
            except ValueError:
                continue
        return _snap_minutes(number * 60 if value == "hours" else number)
    if expecting:
        match = re.search(r"(?<![\w.])(\d{2,3})(?![\w.])", text)
        if match:
            return _snap_minutes(int(match.group(1)))
        if re.search(r"\b(?:short|shorter|shortest|quick|brief)\b", text):
            return min(SESSION_LENGTHS)
        if re.search(r"\b(?:long|longer|longest)\b", text):
            return max(SESSION_LENGTHS)
        if re.search(r"\b(?:standard|normal|usual|regular|typical)\b", text):
            return 60
    return None


_FEMALE = re.compile(r"\b(?:female|woman|women|lady|ladies|feminine|masseuse|girl|gal)\b")
_MALE = re.compile(r"\b(?:male|man|men|guy|gentleman|bloke|masseur|chap|fella|fellow)\b")
_ANY_GENDER = re.compile(
    r"\b(?:does(?:n'?t| not) matter|don'?t mind|do not mind|no preference|either|"
    r"any(?:one|body)?|whoever|don'?t care|not bothered|no matter|both|whatever|"
    r"not fussed|doesn'?t bother me|indifferent|either way)\b")
_NOT_MALE = re.compile(r"\b(?:not|no|n'?t want|never|rather not have)\s+(?:an? |the )?"
                       r"(?:male|man|men|guy|masseur)\b")
_NOT_FEMALE = re.compile(r"\b(?:not|no|n'?t want|never|rather not have)\s+(?:an? |the )?"
                         r"(?:female|woman|women|lady|masseuse)\b")


def parse_gender(text: str, expecting: bool = True) -> Optional[str]:
    """female / male / any for the therapist. Unasked, only about a therapist."""
    text = _norm(text)
    if not text:
        return None
    if not expecting and not re.search(r"\b(?:therapist|masseuse|masseur|practitioner|"
                                       r"prefer(?:ably|ence)?|would rather)\b", text):
        return None
    if _NOT_MALE.search(text) and not _NOT_FEMALE.search(text):
        return "female"
    if _NOT_FEMALE.search(text) and not _NOT_MALE.search(text):
        return "male"
    female, male = bool(_FEMALE.search(text)), bool(_MALE.search(text))
    if female and male:
        return "any"
    if female:
        return "female"
    if male:
        return "male"
    if _ANY_GENDER.search(text):
        return "any"
    return None


_SKIP = re.compile(
    r"\bskip\w*\b|^\W*(?:pass|next|no preference|no pref|n/?a|whatever|none|no idea|"
    r"dunno|nothing|not bothered|move on|rather not say|prefer not to say|no comment|"
    r"not sure|unsure|don'?t know|i don'?t know|not important|nah|no thanks?|"
    r"doesn'?t matter|does not matter|don'?t mind|do not mind|don'?t care|"
    r"i'?m not sure|no opinion|any(?:thing)?(?: is fine)?|either|not really)\W*$"
    r"|\b(?:no preference|doesn'?t matter|does not matter|don'?t mind|don'?t care|"
    r"not sure|no idea)\b")


def is_skip(text: str) -> bool:
    """ "skip", "pass", "no preference", "doesn't matter", "not sure", "none"."""
    text = _norm(text)
    return bool(text) and len(text.split()) <= 12 and bool(_SKIP.search(text))


# --- One message, every answer ---------------------------------------------------------
_AVOID_TRIGGER = re.compile(
    r"\b(?:avoid\w*|don'?t (?:touch|massage|work on|press on|go near|press|rub)|do not "
    r"(?:touch|massage|work on|press|rub|go near)|stay away from|keep away from|"
    r"steer clear of|leave (?:\w+ ){1,3}alone|no massage on|not (?:to )?(?:touch|massage)|"
    r"hands off|off[- ]limits|please not|no touching|can'?t be touched|not be touched|"
    r"(?:don'?t|do not) want (?:\w+ ){0,3}(?:touched|massaged|worked on))\b")
_ADDING = re.compile(r"\b(?:also|too|as well|add|plus|another|more|again)\b")
# Words that change the pain areas given earlier, even without a pain word.
_AMENDING_AREAS = re.compile(r"\b(?:add|also|too|as well|plus|include|forgot|remove|"
                             r"take (?:off|out)|drop|delete|no longer|leave out)\b")
# "I said firm but I meant medium": the answer after the correction word wins.
_CORRECTION = re.compile(r"\b(?:i meant|meant|i mean|actually|rather|instead|"
                         r"change (?:it |that )?to|make (?:it|that))\b", re.IGNORECASE)
def _avoid_tokens(doc: Doc) -> Set[int]:
    """Tokens in the clause of an avoid phrase ("please don't touch my feet")."""
    text = doc.text.lower().replace("\u2019", "'")
    tokens: Set[int] = set()
    sentence_of = _sentence_bounds(doc)
    for match in _AVOID_TRIGGER.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sentence = sentence_of[span.start]
        same = [i for i in range(len(doc)) if sentence_of[i] == sentence]
        if match.group(0).startswith(("off", "can", "not be")):
            tokens.update(i for i in same if i < span.end)   # "my feet are off limits"
        else:
            stop = next((i for i in same if i >= span.end and (
                doc[i].lower_ in CONTRAST_WORDS)), None)
            tokens.update(i for i in same if i >= span.start and (stop is None or i < stop))
    return tokens


def _set_if_changed(out: Dict[str, object], current: Mapping[str, object], slot: str,
                    value: object, requested: Optional[str]) -> None:
    if value is None:
        return
    if slot == requested or current.get(slot) != value:
        out[slot] = value


def extract_answers(text: str, requested_slot: Optional[str],
                    current: Optional[Mapping[str, object]]) -> Dict[str, object]:
    """Every slot value one user message gives, given the question being asked
    (``requested_slot``) and the slots so far (``current``).

    The slot being asked for is returned whenever the message answers it (even
    with the value it already had, so a form sees the answer); any other slot
    only when the message changes it.
    """
    full_text = (text or "").strip()
    if not full_text or full_text.startswith("/"):
        return {}
    # Every reader sees a capped message; red flags are read in the whole of it.
    message = _Message(full_text[:MAX_MESSAGE_CHARS], full_text, requested_slot,
                       dict(current or {}))
    out: Dict[str, object] = {}
    # A number typed instead of pressing a button.
    if requested_slot in QUESTION_OPTIONS:
        option = parse_option_number(message.text, requested_slot)
        if option is not None:
            out[requested_slot] = option
    hits = _red_flag_answers(message, out)
    _area_answers(message, hits, out)
    _scale_answers(message, out)
    _preference_answers(message, out)
    out.update(_corrections(message.text, message.current))
    return out


@dataclass
class _Message:
    text: str                 # capped
    full_text: str
    requested: Optional[str]
    current: Dict[str, object]

    @property
    def doc(self) -> Doc:
        return _doc(self.text)


def _red_flag_answers(message: _Message, out: Dict[str, object]) -> List[_FlagHit]:
    """Red flags: detected anywhere, never removed by a later message; a flag said
    with doubt is only suspected, for the person to confirm."""
    requested, text = message.requested, message.text
    hits = _flag_hits(message.doc, at_checklist=requested == Slot.RED_FLAGS)
    detected = {h.flag for h in hits if h.status == red_flags.RAISED}
    if len(message.full_text) > len(text):
        detected |= set(red_flags.read_flags(message.full_text,
                                             requested == Slot.RED_FLAGS).raised)
    suspected = {h.flag for h in hits if h.status == red_flags.SUSPECTED} - detected
    known = list(message.current.get(Slot.RED_FLAGS) or [])
    if requested == Slot.RED_FLAGS:
        if detected:
            out[Slot.RED_FLAGS] = _ordered_flags(known + list(detected))
        elif not suspected and (_is_none_answer(text) or hits):
            out[Slot.RED_FLAGS] = _ordered_flags(known)
    elif detected - set(known):
        out[Slot.RED_FLAGS] = _ordered_flags(known + list(detected))
    suspected -= set(known) | detected
    if suspected:
        out[Slot.SUSPECTED_FLAGS] = _ordered_flags(suspected)
    return hits


def _area_answers(message: _Message, hits: List[_FlagHit], out: Dict[str, object]) -> None:
    """Body regions: pain areas, areas to avoid."""
    doc = message.doc
    parts = _region_parts(doc)
    # A body part inside or beside a raised flag ("chest pain", "knee surgery",
    # "my calf is swollen and hot") is not a pain area.
    raised = [h for h in hits if h.status == red_flags.RAISED]
    flag_tokens = {i for h in raised for i in range(h.start - 2, h.end + 1)}
    if message.requested == Slot.AVOID_AREAS:
        _avoid_answer(message, [p for p in parts if p.start not in flag_tokens] or parts, out)
        return
    avoid = _avoid_tokens(doc) if parts else set()
    avoid_parts = [p for p in parts if p.start in avoid]
    if avoid_parts:
        mention = _mention(avoid_parts)
        extra = set(mention.added | mention.removed)
        if mention.everywhere:
            extra |= set(WPI_REGIONS)
        _set_if_changed(out, message.current, Slot.AVOID_AREAS, _ordered_regions(
            set(message.current.get(Slot.AVOID_AREAS) or ()) | extra), None)
    pain_parts = [p for p in parts if p.start not in avoid]
    kept = [p for p in pain_parts if p.start not in flag_tokens]
    if message.requested == Slot.PAIN_AREAS:
        kept = kept or pain_parts
    else:
        kept = _said_to_hurt(message, kept)
    _pain_area_answer(message, _mention(kept), out)


def _avoid_answer(message: _Message, areas: List[_Part], out: Dict[str, object]) -> None:
    text = message.text
    if areas:
        mention = _mention(areas)
        if mention.everywhere:
            out[Slot.AVOID_AREAS] = resolve_regions(None, mention, replace=True)
        else:
            out[Slot.AVOID_AREAS] = _ordered_regions(mention.added | mention.removed)
    elif _is_none_answer(text) or re.search(r"\b(?:nowhere|no areas?|nothing|none|"
                                            r"anywhere is fine|all fine)\b", _norm(text)):
        out[Slot.AVOID_AREAS] = []
    elif is_skip(text):
        out[Slot.AVOID_AREAS] = skip_value(Slot.AVOID_AREAS)


def _said_to_hurt(message: _Message, parts: List[_Part]) -> List[_Part]:
    """Unasked, only parts in a sentence about pain count (or a change of the areas)."""
    doc, current = message.doc, message.current
    sentence_of = _sentence_bounds(doc)
    pained = {sentence_of[t.i] for t in doc if PAIN_WORDS_RE.fullmatch(t.lower_)}
    amending = bool(current.get(Slot.PAIN_AREAS)) and bool(
        _AMENDING_AREAS.search(_norm(message.text)))
    # A first message about one's pain: its body parts are where it hurts.
    first_story = message.requested is None and not current and bool(pained)
    return [p for p in parts if sentence_of[p.start] in pained or first_story
            or (p.negated and current.get(Slot.PAIN_AREAS)) or amending]


def _pain_area_answer(message: _Message, mention: RegionMention,
                      out: Dict[str, object]) -> None:
    if not mention:
        return
    existing = message.current.get(Slot.PAIN_AREAS)
    replace = (message.requested == Slot.PAIN_AREAS or existing is None) and bool(
        mention.added or mention.everywhere) and not (
        existing and _ADDING.search(_norm(message.text)))
    regions = resolve_regions(existing, mention, replace)
    if regions:
        _set_if_changed(out, message.current, Slot.PAIN_AREAS, regions, message.requested)


_SCALES = ((Slot.PAIN_INTENSITY, lambda text, asked: parse_intensity(text, asked)),
           (Slot.TOUCH_SENSITIVITY, lambda text, asked: parse_sensitivity(text, asked)),
           (Slot.PRESSURE_PREFERENCE, lambda text, asked: parse_pressure(text, asked)),
           (Slot.POST_MASSAGE_FLARE, lambda text, asked: parse_flare(text, asked)))


def _scale_answers(message: _Message, out: Dict[str, object]) -> None:
    """Scores and levels."""
    for slot, parser in _SCALES:
        if slot not in out:
            _set_if_changed(out, message.current, slot,
                            parser(message.text, message.requested == slot), message.requested)


def _preference_answers(message: _Message, out: Dict[str, object]) -> None:
    """Preferences: skippable when asked."""
    text, requested, current = message.text, message.requested, message.current
    expecting = requested == Slot.GOALS
    goals = parse_goals(text, expecting)
    if goals:
        merged = goals if expecting else [g for g in GOALS if g in set(
            goals) | set(current.get(Slot.GOALS) or ())]
        _set_if_changed(out, current, Slot.GOALS, merged, requested)
    elif expecting and is_skip(text):
        out[Slot.GOALS] = skip_value(Slot.GOALS)

    for slot, parser in ((Slot.HEAT_PACKS, parse_heat_packs),
                         (Slot.SESSION_LENGTH, parse_session_length),
                         (Slot.THERAPIST_GENDER, parse_gender)):
        expecting = requested == slot
        value = parser(text, expecting)
        if value is None and expecting and is_skip(text):
            value = skip_value(slot)
        _set_if_changed(out, current, slot, value, requested)


def _corrections(text: str, current: Mapping[str, object]) -> Dict[str, object]:
    """An answer restated and then corrected in one message ("I said firm but I
    meant medium"): the value after the correction word replaces it."""
    found: Dict[str, object] = {}
    correction = _CORRECTION.search(text)
    if not correction:
        return found
    head, tail = text[:correction.start()], text[correction.end():]
    for slot, parser in ((Slot.PRESSURE_PREFERENCE, parse_pressure),
                         (Slot.TOUCH_SENSITIVITY, parse_sensitivity),
                         (Slot.PAIN_INTENSITY, parse_intensity)):
        said, meant = parser(head, True), parser(tail, True)
        if said is not None and said == current.get(slot) and meant not in (None, said):
            found[slot] = meant
    return found
    head, tail = text[:correction.start()], text[correction.end():]
    for slot, parser in ((Slot.PRESSURE_PREFERENCE, parse_pressure),
                         (Slot.TOUCH_SENSITIVITY, parse_sensitivity),
                         (Slot.PAIN_INTENSITY, parse_intensity)):
        said, meant = parser(tail, True), parser(head, True)
        if said is not None and said != current.get(slot) and (
                meant is None or meant == current.get(slot)):
            found[slot] = said
    return found

