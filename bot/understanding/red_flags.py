"""Red flags as clinical concepts, from the tables in data/red_flags.yml.

A flag is *mentioned* by one of its terms, or by a combination of concept
groups in one clause (a leg + swollen + warm; the chest + tight). Each mention
then gets a status from the words around it:

- ``denied``: negated ("no surgery", "I haven't broken anything"),
- ``past``: over ("stopped warfarin years ago", "surgery fifteen weeks ago"),
- ``other``: someone else's ("my sister is pregnant"),
- ``resolved``: cleared up ("the rash went away"),
- ``suspected``: said with doubt ("could it be a clot?", "no idea if it's an
  infection"), or only part of the concept at the checklist: the bot names it
  and asks the person to confirm,
- ``raised``: it applies now.

When in doubt the reading errs toward the flag: a doubt word never negates, an
emergency is raised even with doubt, and a past or denied mention comes back
when a later clause says it is there now ("I never used to have numbness but
now I do").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

from rapidfuzz import fuzz, process

from bot.understanding import lexicon
from bot.understanding.lexicon import Matcher, Speller
from bot.understanding.text import Words, windows, words_of
from bot.understanding.timing import (
    LONG,
    MONTHS_RE,
    NUMBER_WORD_RE,
    OLD,
    RECENT,
    UNKNOWN,
    time_marks,
)
from bot.vocabulary.slots import Slot
from bot.vocabulary.words import EMERGENCY, RED_FLAGS, RED_FLAGS_BY_ID, STOP_SEVERITIES

RAISED, SUSPECTED, DENIED, PAST, OTHER, RESOLVED = (
    "raised",
    "suspected",
    "denied",
    "past",
    "other",
    "resolved",
)
COMBO_MAX_WORDS = 14
COMBO = "combo"  # a mention made of several concept groups
SUSPECT = "suspect"  # part of a concept that is a suspicion wherever it is said
CHEST = "chest_pain_or_breathlessness"


@dataclass(frozen=True)
class FlagConcept:
    id: str
    terms: Matcher
    combos: Tuple[Tuple[str, ...], ...]
    sentence_combos: Tuple[Tuple[str, ...], ...]
    partial: Tuple[Tuple[str, ...], ...]
    suspect: Tuple[Tuple[str, ...], ...]
    patterns: Tuple[re.Pattern, ...]
    option: Matcher
    not_before: Matcher
    not_after: Matcher
    ruled_out: Matcher


@dataclass(frozen=True)
class Modifiers:
    negation: Matcher
    not_negation: Matcher
    negation_after: Matcher
    doubt: Matcher
    other_person: FrozenSet[str]
    self_words: FrozenSet[str]
    self_names: Matcher
    reporting: Matcher
    person_modifies: FrozenSet[str]
    hypothetical: Matcher
    past: Matcher
    resolved: Matcher
    now_again: Matcher
    ongoing: Matcher
    familiar: Matcher
    figurative: Matcher
    simile: Matcher
    acute: Matcher
    for_another: Matcher
    laughing: Matcher
    both_sides: Matcher
    said_fine: Matcher
    me_too: Matcher
    asks_if_counts: Matcher
    stopped: Matcher
    literal_subjects: FrozenSet[str]
    clinicians: FrozenSet[str]
    causal: FrozenSet[str]
    done_to: Matcher
    not_happened: Matcher
    negated_report: Matcher
    long_ago: Matcher
    found: Matcher
    lifelong: Matcher
    phrasal: Matcher
    not_literal: Matcher
    not_resolvable: FrozenSet[str]
    likeness_figurative: FrozenSet[str]
    core_names: FrozenSet[str]
    ask_when_undated: FrozenSet[str]
    compound_heads: FrozenSet[str]
    compound_leads: FrozenSet[str]
    events: FrozenSet[str]
    planned: FrozenSet[str]
    timed: FrozenSet[str]
    scope: int


@dataclass(frozen=True)
class Mention:
    flag: str
    start: int  # first word
    end: int  # one past the last word
    status: str
    char_start: int
    char_end: int


def _partials(spec: Sequence) -> Tuple[Tuple[str, ...], ...]:
    """ "[chest, breath]": each group alone; "[leg_site swelling]": both together."""
    return tuple(tuple(str(g).split()) for g in spec or ())


def _groups(spec: Sequence) -> Tuple[Tuple[str, ...], ...]:
    return tuple(
        tuple(str(group).split()) if isinstance(group, str) else tuple(group)
        for group in spec or ()
    )


@lru_cache(maxsize=1)
def concepts() -> Tuple[Dict[str, Matcher], Tuple[FlagConcept, ...], Modifiers]:
    data = lexicon.table(Slot.RED_FLAGS)
    groups = {name: lexicon.entries(words) for name, words in data["groups"].items()}
    flags = []
    for flag in RED_FLAGS:  # the vocabulary's order; every flag must have a table
        spec = data["flags"][flag.id]
        flags.append(
            FlagConcept(
                flag.id,
                lexicon.entries(spec.get("terms", ())),
                _groups(spec.get("combos")),
                _groups(spec.get("sentence_combos")),
                _partials(spec.get("partial", ())),
                _partials(spec.get("suspect", ())),
                tuple(
                    re.compile(
                        p.replace("NUMBER", f"(?:{NUMBER_WORD_RE})").replace("MONTHS", MONTHS_RE)
                    )
                    for p in spec.get("patterns", ())
                ),
                lexicon.entries(spec.get("option", ())),
                lexicon.entries(spec.get("not_before", ())),
                lexicon.entries(spec.get("not_after", ())),
                lexicon.entries(spec.get("ruled_out", ())),
            )
        )
    return groups, tuple(flags), _modifiers(data["modifiers"])


# Modifier fields whose table key differs from the field's name.
_MODIFIER_KEYS = {"self_words": "self", "scope": "negation_scope"}


def _modifiers(tables: dict) -> Modifiers:
    """The modifier tables by field name: word sets stay sets, phrases become matchers."""
    values = {}
    for field in dataclasses.fields(Modifiers):
        raw = tables[_MODIFIER_KEYS.get(field.name, field.name)]
        if field.type == "int":
            values[field.name] = int(raw)
        elif field.type.startswith("FrozenSet"):
            values[field.name] = frozenset(str(w) for w in raw)
        else:
            values[field.name] = lexicon.entries(raw)
    return Modifiers(**values)


@lru_cache(maxsize=1)
def speller() -> Speller:
    groups, flags, mods = concepts()
    # Person words are known words too: "compadre" is a person, not "compared".
    known: List[str] = sorted(w for w in mods.other_person | mods.clinicians if " " not in w)
    starts: List[str] = []
    for matcher in [c.terms for c in flags] + [c.option for c in flags] + list(groups.values()):
        known += lexicon.plain_words(matcher)
        starts += lexicon.prefixes(matcher)
    return Speller(known, starts)


def _spelt(text: str) -> Words:
    words = words_of(text)
    fix = speller().correct
    corrected = _joined(tuple(_without_s(fix(w)) for w in words.words))
    if corrected == words.words:
        return words
    return Words(words.text, corrected, words.spans, words.clause, words.sentence)


def _without_s(word: str) -> str:
    """ "chest's been tight", "leg's gone purple": the word itself, when only that is known."""
    known = speller().known
    if word.endswith("'s") and word not in known and word[:-2] in known:
        return word[:-2]
    # "the babys due": a possessive typed without its apostrophe
    if (
        word.endswith("s")
        and len(word) > 3
        and word not in known
        and word[:-1] in known
        and word not in lexicon.english_words()
    ):
        return word[:-1]
    return word


JOIN_MIN_SCORE = 85


@lru_cache(maxsize=1)
def _joinable() -> Tuple[str, ...]:
    """Long single-word terms (drugs, conditions) that dictation splits in two."""
    _, flags, _ = concepts()
    words = {w for c in flags for w in lexicon.plain_words(c.terms)}
    return tuple(sorted(w for w in words if len(w) >= 6 and w.isalpha()))


def _joined(words: Tuple[str, ...]) -> Tuple[str, ...]:
    """ "wharf erin", "pro lia": two words that make one known term when joined
    (as dictation and autocorrect split them); the second place is left empty."""
    known = speller().known
    out = list(words)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        # a known word stays itself: "letrozole now" is not one misspelt word
        if not (first.isalpha() and second.isalpha()) or first in known or second in known:
            continue
        if lexicon.english_words().issuperset((first, second)):
            continue  # two real words ("for tea") are two words
        best = _closest_term(first + second)
        if best:
            out[i], out[i + 1] = best, ""
    return tuple(out)


@lru_cache(maxsize=4096)
def _closest_term(joined: str) -> Optional[str]:
    if len(joined) < 6:
        return None
    best = process.extractOne(joined, _joinable(), scorer=fuzz.ratio, score_cutoff=JOIN_MIN_SCORE)
    return best[0] if best else None


# --- Finding mentions ------------------------------------------------------------


# Modifiers look this far either side of a mention inside its clause: ordinary
# clauses are shorter, and a pathological one ("chest 1, chest 1, ...") costs no
# more per mention than an ordinary one.
CLAUSE_REACH = 25


def _clause_range(words: Words, i: int) -> Tuple[int, int]:
    start, end = _spans_of(words, "clause")[words.clause[i]]
    return max(start, i - CLAUSE_REACH), min(end, i + CLAUSE_REACH + 1)


_SPANS: Dict[str, object] = {}


def _spans_of(words: Words, kind: str) -> Dict[int, Tuple[int, int]]:
    """First and one-past-last word of each clause (or sentence), worked out once
    per message rather than once per mention."""
    key = (id(words), kind)
    if _SPANS.get("words") is not words:
        _SPANS.clear()
        _SPANS["words"] = words
    if key not in _SPANS:
        spans: Dict[int, Tuple[int, int]] = {}
        for index, number in enumerate(getattr(words, kind)):
            first, _ = spans.get(number, (index, index))
            spans[number] = (first, index + 1)
        _SPANS[key] = spans
    return _SPANS[key]


def _other_sense(concept: FlagConcept, words: Words, start: int, end: int) -> bool:
    before = [
        m for m in concept.not_before.find(words.words, max(0, start - 3), start) if m[1] == start
    ]
    # an entry may hold the term's own last word: "cut down on", "rash decision"
    after = [
        m
        for m in concept.not_after.find(words.words, end - 1, min(len(words), end + 4))
        if (m[0] == end or (m[0] == end - 1 and m[1] > end)) and not _intensified(words, m[1])
    ]
    return bool(before or after)


# "shivering like mad": "like" before one of these says how much, not "flu-like"
_INTENSIFIERS = {"mad", "crazy", "hell", "anything", "nobody's", "nobodys", "nuts"}


def _intensified(words: Words, after_like: int) -> bool:
    return words.words[after_like - 1] == "like" and (
        after_like < len(words) and words.words[after_like] in _INTENSIFIERS
    )


class _Places(dict):
    """Where each concept group is found in the message, looked up the first time a
    combination asks (most combinations stop at a group the message lacks), leaving
    out what is said to be fine ("heart ok, lungs ok, only muscle pain") and what a
    phrasal verb holds ("turned out")."""

    def __init__(self, words: Words) -> None:
        super().__init__()
        self.words = words
        _, _, mods = concepts()
        self.phrasal = {i for s, e, _ in mods.phrasal.find(words.words) for i in range(s, e)}

    def __missing__(self, name: str) -> List[Tuple[int, int]]:
        groups, _, mods = concepts()
        words = self.words
        found = [
            (s, e)
            for s, e, _ in groups[name].find(words.words)
            if not _said_fine(words, e, mods) and not self.phrasal.intersection(range(s, e))
        ]
        self[name] = found
        return found


def _group_places(words: Words) -> Dict[str, List[Tuple[int, int]]]:
    return _Places(words)


_LINKING = {"is", "are", "was", "were", "'s", "s", "all", "both", "seems", "seem", "feels", "feel"}


def _said_fine(words: Words, end: int, mods: Modifiers) -> bool:
    j = end
    while j < len(words) and j < end + 2 and words.words[j] in _LINKING:
        j += 1
    return any(s == j for s, _, _ in mods.said_fine.find(words.words, j, min(len(words), j + 3)))


def _combo_spans(
    places: Dict[str, List[Tuple[int, int]]],
    combo: Sequence[str],
    words: Words,
    scope: str = "clause",
) -> List[Tuple[int, int]]:
    """Word spans where every group of the combo is found in one clause (or sentence)."""
    spans = []
    unit = words.clause if scope == "clause" else words.sentence
    if not all(places[name] for name in combo):
        return []  # a group the message lacks: the rest need not be looked for
    by_clause: Dict[int, Dict[str, List[Tuple[int, int]]]] = {}
    for name in combo:
        for start, end in places[name]:
            by_clause.setdefault(unit[start], {}).setdefault(name, []).append((start, end))
    for found in by_clause.values():
        if len(found) < len(combo):
            continue
        # One place per group, the groups on different words, close together.
        firsts = [found[name][0] for name in combo]
        covered = [set(range(s, e)) for s, e in firsts]
        if any(a & b for k, a in enumerate(covered) for b in covered[k + 1 :]):
            alternatives = [p for name in combo for p in found[name]]
            if len({w for s, e in alternatives for w in range(s, e)}) < len(combo):
                continue
        start = min(s for s, _ in firsts)
        end = max(e for _, e in firsts)
        if end - start <= COMBO_MAX_WORDS or scope != "clause":
            spans.append((start, end))
    return spans


def _raw_mentions(
    words: Words, at_checklist: bool, places: Dict[str, List[Tuple[int, int]]]
) -> List[Tuple[str, int, int, bool]]:
    """(flag, start, end, partial) for every term, combo and (at the checklist)
    option word, before the modifiers are applied."""
    _, flags, mods = concepts()
    figurative = {i for s, e, _ in mods.figurative.find(words.words) for i in range(s, e)}
    for s, _, _ in mods.not_literal.find(words.words):
        first, last = _sentence_range(words, s)
        figurative |= set(range(first, last))  # "palpitations (not literally, ...)"
    for s, _, _ in mods.simile.find(words.words):
        figurative |= set(range(s, _clause_range(words, s)[1]))
    found = []
    for concept in flags:
        spans = [(s, e) for s, e, _ in concept.terms.find(words.words)]
        spans += _pattern_spans(concept, words)
        combos = [
            span
            for combo in concept.combos
            for span in _combo_spans(places, combo, words)
            if not _other_sense(concept, words, *span)
        ]
        combos += [
            span
            for combo in concept.sentence_combos
            for span in _combo_spans(places, combo, words, scope="sentence")
        ]
        if at_checklist:
            # "my bones are fine": an option word said to be fine picks nothing
            picked = [
                (s, e)
                for s, e, _ in concept.option.find(words.words)
                if not _said_fine(words, e, mods) and not _other_sense(concept, words, s, e)
            ]
            if _is_a_pick(words):
                spans += picked
            else:
                found += [(concept.id, s, e, SUSPECT) for s, e in picked]
        spans = [(s, e) for s, e in spans if not _other_sense(concept, words, s, e)]
        found += [(concept.id, s, e, False) for s, e in spans]
        found += [(concept.id, s, e, COMBO) for s, e in combos]
        for combo in concept.partial:
            found += [(concept.id, s, e, True) for s, e in _combo_spans(places, combo, words)]
        for combo in concept.suspect:  # asked about when said anywhere in one sentence
            spans = _combo_spans(places, combo, words, scope="sentence")
            found += [(concept.id, s, e, SUSPECT) for s, e in spans]
    return [m for m in found if not _inside(figurative, m)]


def _inside(figurative: Set[int], mention: Tuple[str, int, int, object]) -> bool:
    """A term overlapping a figurative phrase is that phrase; a combination is only
    when it begins or ends in one ("my leg is killing me and fatter than the other")."""
    _, start, end, kind = mention
    if kind == COMBO:
        return start in figurative or end - 1 in figurative
    return bool(figurative & set(range(start, end)))


_PICK_WORDS = {
    "one",
    "ones",
    "that",
    "this",
    "yes",
    "yeah",
    "yep",
    "option",
    "number",
    "the",
    "it's",
    "its",
    "first",
    "last",
    "about",
    "mine",
    "me",
}


def _is_a_pick(words: Words) -> bool:
    """ "the chest one", "yes, pregnancy", "osteoporosis": an answer that picks an
    option, not a sentence that happens to contain an option's word."""
    return len(words) <= 4 or bool(_PICK_WORDS & set(words.words[:3]))


def _pattern_spans(concept: FlagConcept, words: Words) -> List[Tuple[int, int]]:
    spans = []
    for pattern in concept.patterns:
        for match in pattern.finditer(words.text):
            inside = [
                i for i, (s, e) in enumerate(words.spans) if s < match.end() and match.start() < e
            ]
            if inside:
                spans.append((inside[0], inside[-1] + 1))
    return spans


# --- The status of a mention ---------------------------------------------------------


def _negated(
    words: Words, start: int, end: int, mods: Modifiers, combo: bool, for_another: bool = False
) -> bool:
    """Negated before the mention, or (for a combination) between its parts:
    "my legs ain't swollen or red". For someone else's massage, "not me" says who,
    not whether ("this is for my sister not me - she's 22 weeks")."""
    clause_start, clause_end = _clause_range(words, start)
    begin = max(clause_start, start - mods.scope)
    if mods.negated_report.contains(words.words, max(clause_start, start - 6), start):
        return True
    if combo and _LINKING.intersection(words.words[start:end]):
        # "no appetite, chest feels heavy": a statement of its own is denied only by
        # a negation inside it or right before its subject, not across a comma.
        begin = max(begin, start - 2, _after_last_comma(words, begin, start))
    # "no ibuprofen because of my eliquis": a reason is a statement of its own.
    causes = [i for i in range(begin, start) if words.words[i] in mods.causal]
    begin = causes[-1] + 1 if causes else begin
    exempt = mods.not_negation.find(words.words, max(0, begin - 2), clause_end)
    for s, e, _ in mods.negation.find(words.words, begin, end if combo else start):
        if any(s < x_end and x_start < e for x_start, x_end, _ in exempt):
            continue
        if combo and s == start:
            continue  # the combination's own first word ("never had pain like this")
        if for_another and e < len(words) and words.words[e] in ("me", "myself"):
            continue
        # "No, I had surgery last week": an answer word, not a negation.
        if (
            words.words[s] in ("no", "nope", "nah")
            and e < len(words)
            and words.words[e] in (",", ".", "!", "-")
        ):
            continue
        return True
    return _denied_after(words, start, end, mods)


def _ruled_out(flag: str, words: Words) -> bool:
    """The message says the person cannot have it ("pregnant? me? I am a man")."""
    _, flags, _ = concepts()
    concept = next(c for c in flags if c.id == flag)
    return concept.ruled_out.contains(words.words, 0, len(words))


def _undated(flag: str, when: Optional[str], words: Words, start: int, mods: Modifiers) -> bool:
    """Over, but when? For a flag whose time decides, with no time and nothing
    saying long ago, the person is asked."""
    return (
        flag in mods.ask_when_undated
        and when is None
        and not mods.long_ago.contains(words.words, *_sentence_range(words, start))
    )


def _not_happened(flag: str, words: Words, start: int, mods: Modifiers) -> bool:
    """An event (an operation) planned, waited for or called off, in its clause; what
    comes after "and" or "but" is another event ("had a lumpectomy 3 weeks ago and
    start radiation next month")."""
    if flag not in mods.planned:
        return False
    clause_start, clause_end = _clause_range(words, start)
    end = next(
        (i for i in range(start + 1, clause_end) if words.words[i] in ("and", "but")), clause_end
    )
    return mods.not_happened.contains(words.words, clause_start, end)


def _after_last_comma(words: Words, begin: int, start: int) -> int:
    commas = [i for i in range(begin, start) if words.words[i] == ","]
    return commas[-1] + 1 if commas else begin


def _denied_after(words: Words, start: int, end: int, mods: Modifiers) -> bool:
    """ "surgery? no", "pregnant - nope", "fever: none", "cancer-free", "pregnancy no.";
    but "short of breath, no really sure" is doubt, not a denial."""
    j = end
    while j < len(words) and j < end + 2 and words.words[j] in {":", "-", "?", "=", ","}:
        j += 1
    if (j > end or _begins_and_denied(words, start, end)) and any(
        s == j and _stands_alone(words, e)
        for s, e, _ in mods.negation_after.find(words.words, j, min(len(words), j + 2))
    ):
        return not any(s == j for s, _, _ in mods.not_negation.find(words.words, j, len(words)))
    return end < len(words) and words.words[end] == "free" or _echoed_denial(words, end, mods)


def _begins_and_denied(words: Words, start: int, end: int) -> bool:
    """A sentence that begins with the mention and a bare denial: "pregnancy no." (but
    "chemo no. 4 next week" counts the rounds)."""
    after = words.words[end + 1 : end + 3]
    numbered = len(after) == 2 and after[0] == "." and after[1][:1].isdigit()
    return _sentence_range(words, start)[0] == start and not numbered


def _stands_alone(words: Words, end: int) -> bool:
    """An answer word ends its phrase ("surgery? no.", "pregnant - nope, thanks"); in
    "weak bones, no accident" the "no" denies the accident, not the bones."""
    return (
        end >= len(words) or not words.words[end].isalnum() or words.words[end] in _AFTER_AN_ANSWER
    )


# What may follow a bare answer word: thanks, a laugh, or the next statement
# ("Sunburn? naw I wear my long sleeves", "coumadin? no thats my grandma's").
_AFTER_AN_ANSWER = {
    "thanks",
    "thank",
    "ta",
    "cheers",
    "thx",
    "lol",
    "haha",
    "mate",
    "at",
    "way",
    "i",
    "im",
    "that",
    "thats",
    "that's",
}
ECHO_REACH = 12


def _echoed_denial(words: Words, end: int, mods: Modifiers) -> bool:
    """ "Pregnant? At 58? Not a hope": the flag echoed as a question, then denied."""
    if end >= len(words) or words.words[end] != "?":
        return False
    reach = min(len(words), end + 1 + ECHO_REACH)
    return any(
        _stands_alone(words, e)
        for _, e, _ in mods.negation_after.find(words.words, end + 1, reach)
    )


def _hypothetical(words: Words, start: int, mods: Modifiers) -> bool:
    """Said of anyone, or of what would come if something happened, before the mention
    in its sentence ("Is it alright to book a massage if you're on a blood thinner?")."""
    sentence_start, _ = _sentence_range(words, start)
    return any(
        s < start for s, _, _ in mods.hypothetical.find(words.words, sentence_start, start + 1)
    )


def _doubtful(words: Words, start: int, mods: Modifiers) -> bool:
    clause_start, clause_end = _clause_range(words, start)
    sentence_start, _ = _sentence_range(words, start)
    return mods.doubt.contains(words.words, min(clause_start, sentence_start), clause_end)


GENERIC = "generic"
_GENERIC_PERSONS = {"someone", "somebody", "anyone", "anybody", "people", "person", "one"}


def _someone_else(words: Words, start: int, end: int, mods: Modifiers):
    """True for another person's condition; GENERIC for "someone who's on warfarin",
    which usually means the person asking (so it is suspected, and asked)."""
    owner = _body_owner(words, start, end)
    if owner is not None:
        return owner
    if words.words[start] in mods.self_words:
        return False  # the mention's own subject: "we're expecting"
    if mods.done_to.contains(words.words, start, end):
        # "someone drove into the back of my car": the one it was done to is whose
        object_at = end + 1 if end < len(words) and words.words[end] in _DETERMINERS else end
        return object_at < len(words) and bool(_person_at(words, object_at, mods.other_person))
    if start > 0 and words.words[start - 1] in _DETERMINERS and _named_after(words, end, mods):
        return True  # "my pregnant cousin": "my" is the cousin's
    for i in range(start - 1, _whose_reach(words, start) - 1, -1):
        verdict = _whose_word(words, i, start, mods)
        if verdict is not None:
            return verdict
    # "a pregnant passenger", "the bleeding problem is my tia" ("I'm a pregnant
    # woman" found "I'm" above)
    return _named_after(words, end, mods)


def _body_owner(words: Words, start: int, end: int):
    """A possessive before a part of the body inside the mention names whose it is:
    "Col had his hip done", "my coworker rolled her chair on my foot"."""
    for i in range(start, end - 1):
        if _body_word(words, i + 1):
            if words.words[i] in _OTHERS_BODY:
                return PRONOUN
            if words.words[i] in ("my", "me"):
                return False
    return None


def _whose_word(words: Words, i: int, start: int, mods: Modifiers):
    """What the word at i says of whose the mention is; None: it says nothing."""
    word = words.words[i]
    if word in mods.self_words:
        # "the man who drove the cab before me had DVT": "me" there is not the subject,
        # nor is "our" in "the moms on our floor get lovenox"
        before = words.words[i - 1] if i > 0 else ""
        beside = (word == "me" and before in _BESIDE) or (
            word == "our" and before in _PLACE_PREPOSITIONS
        )
        return None if beside else False
    if (
        word in _GENERIC_PERSONS
        and i + 1 < len(words)
        and words.words[i + 1]
        in {"who", "who's", "whos", "with", "on", "that", "having", "taking", "after"}
    ):
        return GENERIC
    if _person_at(words, i, mods.clinicians):
        return None  # "the ultrasound lady found something": a finding about the person
    if any(end == i + 1 for _, end, _ in mods.self_names.find(words.words, max(0, i - 2), i + 1)):
        return False  # "ya girl got a bun in the oven"
    person = _person_at(words, i, mods.other_person)
    if person and (_says_or_is_a_place(words, i, mods) or _names_a_thing(words, i, mods)):
        return None  # "the missus says its rosacea", "tripped over the dog"
    if person and _vocative(words, i):
        return None  # "Yes mija, they're treating the lymphoma": said to someone
    if person and _with_me(words, i, mods):
        return None  # "me and my husband just found out we're expecting"
    if (person or word in _PRONOUNS) and _compared(words, i):
        # "the bones of a man of ninety", "like a man is sitting on my chest": a
        # likeness says how the person's own condition feels
        return None
    if word in _PRONOUNS:
        # "the GP sent me for a scan as she suspects a DVT"
        return None if _clinician_before(words, i, mods) else PRONOUN
    return True if person else None


# "sliced my hand on the dog food tin", "tripped over the cat", "caught it from my son":
# a person or animal after one of these is where or whence, not whose.
_PLACE_PREPOSITIONS = {"on", "onto", "over", "against", "off", "into", "under", "from", "at", "by"}


def _names_a_thing(words: Words, i: int, mods: Modifiers) -> bool:
    return i + 1 < len(words) and words.words[i + 1] in mods.person_modifies


def _says_or_is_a_place(words: Words, i: int, mods: Modifiers) -> bool:
    """The person at i only says what it is, or is where or whence it happened."""
    if mods.reporting.contains(words.words, i + 1, i + 2):
        return True
    j = i - 1
    while j >= 0 and words.words[j] in _DETERMINERS:
        j -= 1
    return j >= 0 and words.words[j] in _PLACE_PREPOSITIONS


_GREETING_WORDS = {
    "yes",
    "yeah",
    "no",
    "ok",
    "okay",
    "ay",
    "oh",
    "well",
    "hi",
    "hello",
    "hey",
    "so",
}


def _vocative(words: Words, i: int) -> bool:
    """A person word said to someone: between a greeting or answer word (or the start)
    and a comma."""
    before = words.words[i - 1] if i > 0 else ""
    after = words.words[i + 1] if i + 1 < len(words) else ""
    return after == "," and (i == 0 or before in _GREETING_WORDS)


def _with_me(words: Words, i: int, mods: Modifiers) -> bool:
    """The person is named together with the speaker: "me and my husband", "my wife
    and I", so what follows is said of both."""
    j = i - 1
    while j >= 0 and words.words[j] in _DETERMINERS:
        j -= 1
    before = j >= 1 and words.words[j] == "and" and words.words[j - 1] in mods.self_words
    after = (
        i + 2 < len(words)
        and words.words[i + 1] == "and"
        and words.words[i + 2] in {"i", "me", "myself"}
    )
    return before or after


_BESIDE = {"before", "after", "than", "like", "behind", "except", "besides", "unlike"}
_ANAPHORA = {"it", "it's", "its", "this", "that", "which", "he", "she", "they", "he's", "she's"}
_JOINERS = {"and", "but", "so", "then", ",", "now"}


def _whose_reach(words: Words, start: int) -> int:
    """How far back the person is looked for: the clause; when the clause speaks of
    "it" ("my colleague has pain in his arm and it is numb"), the sentence."""
    clause_start, _ = _clause_range(words, start)
    j = clause_start
    while j < start and words.words[j] in _JOINERS:
        j += 1
    if j < start and words.words[j] in _ANAPHORA:
        return max(_sentence_range(words, start)[0], start - 2 * LOOK_BACK_WORDS)
    return max(clause_start, start - LOOK_BACK_WORDS)


LOOK_BACK_WORDS = 12


_COPULAS_OF = {"is", "was", "are", "were", "belongs", "of"}
_DETERMINERS = {"my", "his", "her", "our", "their", "the", "a", "an"}


def _named_after(words: Words, end: int, mods: Modifiers) -> bool:
    """Another person named right after the mention: "a pregnant passenger", or
    after a copula: "the bleeding problem is my tia"."""
    j = end
    # "a clot in his leg": the body it is in names whose it is
    if (
        j + 1 < len(words)
        and words.words[j] in ("in", "on")
        and words.words[j + 1] in {"his", "her", "their"}
    ):
        return True
    if j < len(words) and words.words[j] in _COPULAS_OF:
        j += 1
        if j < len(words) and words.words[j] in _DETERMINERS:
            j += 1
    if j >= len(words) or words.words[j] in _PRONOUNS or words.words[j] in mods.self_words:
        return False
    # "chest pain bro, started when i was unloading": said to someone, not of them
    if (
        j == end
        and words.words[j] in _ADDRESS
        and (j + 1 == len(words) or words.words[j + 1] in ",.!?")
    ):
        return False
    return words.words[j] in mods.other_person


_ADDRESS = {
    "bro",
    "bruh",
    "mate",
    "man",
    "dude",
    "sis",
    "hun",
    "love",
    "mija",
    "mijo",
    "cuz",
    "fam",
    "babe",
    "girl",
    "bud",
    "buddy",
    "pal",
    "doc",
}


_COMPARING = {"like", "than"}
_ARTICLES = {"a", "an", "the", "some", "my"}


def _compared(words: Words, i: int) -> bool:
    """A person word in a comparison: "like my mum", "than a woman of 80", "of a man"."""
    j = i - 1
    if j >= 0 and words.words[j] in _ARTICLES:
        j -= 1
    if j < 0:
        return False
    # "as" and "of" compare only before an article: "as a woman", "of a man"; and "of"
    # only after a part of the body ("the bones of a man"), not "took care of a patient"
    if words.words[j] == "of" and not _body_word(words, j - 1):
        return False
    return words.words[j] in _COMPARING or (
        words.words[j] in ("of", "as") and words.words[j + 1] in ("a", "an")
    )


def _body_word(words: Words, i: int) -> bool:
    groups, _, _ = concepts()
    return i >= 0 and (
        groups["body_part"].contains(words.words, i, i + 1) or words.words[i] in _BODY_WHOLE
    )


_BODY_WHOLE = {"body", "skin", "heart", "lungs", "blood", "joints", "health"}


def _clinician_before(words: Words, i: int, mods: Modifiers) -> bool:
    """The pronoun's person, the nearest one named before it, is a clinician: what a
    doctor says or suspects is about the person, not the doctor's own condition."""
    for j in range(i - 1, -1, -1):
        if words.words[j] in mods.clinicians:
            return True
        if words.words[j] not in _PRONOUNS and _person_at(words, j, mods.other_person):
            return False
    return False


def _person_at(words: Words, i: int, persons: FrozenSet[str]) -> bool:
    """A person word at i, possessive or not, alone or ending a two- or three-word
    name ("my little one's got chickenpox", "the guy at work")."""
    base = words.words[i].rstrip("s").rstrip("'")
    for size in (1, 2, 3):
        before = words.words[max(0, i - size + 1) : i]
        names = {" ".join(before + (words.words[i],)), " ".join(before + (base,))}
        if len(before) == size - 1 and names & persons:
            return True
    return False


PRONOUN = "pronoun"
_OTHERS_BODY = {"his", "her", "their"}
# "she", "her" with nobody named: at the checklist, probably the person the
# massage is for, answered by whoever types.
_PRONOUNS = {"she", "he", "her", "his", "him", "she's", "he's", "shes", "hes", "she'd", "he'd"}


def _when(words: Words, start: int, end: int, marks) -> Optional[str]:
    """The verdict of the nearest time expression in the mention's sentence."""
    best, best_distance = None, None
    sentence = words.sentence[start]
    for char_start, char_end, verdict in marks:
        index = next((i for i, (s, e) in enumerate(words.spans) if s <= char_start < e), None)
        if index is None or words.sentence[index] != sentence:
            continue
        last = next((i for i, (s, e) in enumerate(words.spans) if s < char_end <= e), index)
        if index < start and _now_between(words, last, start):
            continue  # "a new pill two months ago and now my leg is swollen"
        if index >= end and _said_of_own_subject(words, start, index):
            continue  # "a baby or the change, my periods stopped two months ago"
        distance = index - end if index >= end else start - last
        distance = max(distance, 0) - (0.5 if index >= end else 0)
        rank = (verdict == UNKNOWN, distance)
        if best_distance is None or rank < best_distance:
            best, best_distance = verdict, rank
    return best


_NOW = {"now", "nowadays", "currently", "today", "tonight", "lately", "recently"}


def _now_between(words: Words, mark_end: int, start: int) -> bool:
    """A time said earlier in the sentence, then "now": the mention is dated now."""
    return any(words.words[i] in _NOW for i in range(mark_end + 1, start))


def _revived(words: Words, start: int, mods: Modifiers) -> bool:
    """A later clause of the same sentence says it is there now."""
    _, clause_end = _clause_range(words, start)
    sentence = words.sentence[start]
    sentence_end = clause_end
    while sentence_end < len(words) and words.sentence[sentence_end] == sentence:
        sentence_end += 1
    if clause_end >= sentence_end:
        return False
    begin = max(0, clause_end - 1)
    hits = mods.now_again.find(words.words, begin, sentence_end)
    if not hits:
        return False
    # "the scan came back normal" is a result, not the condition coming back, and
    # "now I'm fine" says it is over
    # ("not in the clear yet" holds "clear" but says the opposite)
    inside = {i for s, e, _ in hits for i in range(s, e)}
    fine = mods.said_fine.find(words.words, clause_end, sentence_end)
    if any(s not in inside for s, _, _ in fine):
        return False
    results = {
        i for s, e, _ in mods.resolved.find(words.words, begin, sentence_end) for i in range(s, e)
    }
    # "now I take nothing for the blood" says it is not there now
    return any(
        s not in results and not _NOTHING.intersection(words.words[e : e + 3]) for s, e, _ in hits
    )


# Words that say something is not there: "now I take nothing", "nothing new".
_NOTHING = {"nothing", "nothin", "nuthin", "none", "no", "not"}


def _next_clause(words: Words, start: int) -> Tuple[int, int]:
    """The clause after the mention's, when it is in the same sentence."""
    _, clause_end = _clause_range(words, start)
    if clause_end >= len(words) or words.sentence[clause_end] != words.sentence[start]:
        return clause_end, clause_end
    return _clause_range(words, clause_end)


def _free_next_clause(
    words: Words, start: int, mention_starts: Set[int]
) -> Optional[Tuple[int, int]]:
    """The next clause of the mention's sentence, when it names no flag of its own
    (so what it says is about this mention); else None."""
    next_start, next_end = _next_clause(words, start)
    if any(next_start <= i < next_end for i in mention_starts):
        return None
    return next_start, next_end


def _resolved(
    words: Words, span: Tuple[int, int], mods: Modifiers, mention_starts: Set[int]
) -> bool:
    """ "the rash cleared up", "the infection cleared up with the antibiotics" (said
    anywhere in the clause), "I had flu but I'm fully recovered now"."""
    start = span[0]
    clause_start, clause_end = _clause_range(words, start)
    if _said_resolved(words, clause_start, clause_end, mods, span):
        return True
    # "the GP sent me for a scan, and it was clear": the clauses that follow in the
    # sentence speak of it until one names a flag of its own.
    following = _free_next_clause(words, start, mention_starts)
    while following and following[1] > following[0]:
        if _said_resolved(words, *following, mods):
            return True
        following = _free_next_clause(words, following[0], mention_starts)
    return False


def _said_resolved(
    words: Words, start: int, end: int, mods: Modifiers, mention: Tuple[int, int] = (0, 0)
) -> bool:
    """A resolution not itself denied: "never recovered", "hasn't healed" are not;
    nor one that is part of the mention ("had a hernia fixed"), nor "gone" followed
    by what it became ("my bones are gone porous")."""
    return any(
        (s == 0 or words.words[s - 1] not in _NOT_RESOLVED)
        and not (mention[0] <= s < mention[1] or s < mention[0] < e)
        and not _said_of_since(words, mention, s)
        and not _became(words, e)
        and not _a_fall(words, s, e)
        for s, e, _ in mods.resolved.find(words.words, start, end)
    )


def _a_fall(words: Words, start: int, end: int) -> bool:
    """ "went down in the chook yard", "went down hard": a fall, not a swelling going down."""
    after = words.words[end : end + 2]
    return (
        words.words[end - 1] == "down"
        and bool(after)
        and (
            after[0] in {"hard", "onto", "like"}
            or (after[0] in {"in", "on", "at"} and after[1:] in (("the",), ("my",)))
        )
    )


def _said_of_since(words: Words, mention: Tuple[int, int], at: int) -> bool:
    """ "on coumadin ever since his heart valve got fixed": what follows "since" is
    said of the event it dates from, not of the mention."""
    return mention[1] > 0 and "since" in words.words[mention[1] : at]


# Words after "gone" that say it went away; any other word is what it became.
_GONE_ENDS = {"now", "away", "completely", "already", "thankfully", "too", "since", "thank"}


def _became(words: Words, end: int) -> bool:
    return (
        words.words[end - 1] == "gone"
        and end < len(words)
        and words.words[end].isalpha()
        and words.words[end] not in _GONE_ENDS
        and words.words[end] not in _JOINERS
    )


_NOT_RESOLVED = {
    "never",
    "not",
    "n't",
    "hasnt",
    "hasn't",
    "havent",
    "haven't",
    "didnt",
    "didn't",
    "isnt",
    "isn't",
    "wasnt",
    "wasn't",
    "nt",
    "no",
}


def _status(
    flag: str, words: Words, span: Tuple[int, int], partial: bool, at_checklist: bool, context
) -> Optional[str]:
    """The mention's status; one the person calls over but asks about ("I finished
    radiation two months ago, not sure if that counts") is asked, not dropped."""
    _, _, mods = concepts()
    if flag in mods.likeness_figurative and _likeness(words, span, mods):
        return None  # "I feel like I'm carrying twins"
    status = _reading(flag, words, span, partial, at_checklist, context)
    if status in (PAST, RESOLVED):
        sentence_start, sentence_end = _sentence_range(words, span[0])
        if mods.asks_if_counts.contains(words.words, sentence_start, sentence_end):
            return SUSPECTED
    return status


def _reading(
    flag: str, words: Words, span: Tuple[int, int], partial: bool, at_checklist: bool, context
) -> Optional[str]:
    _, _, mods = concepts()
    start, end = span
    marks, flag_starts, for_another = context
    # What a later clause says of the same flag ("had flu but I'm over it now, temps
    # normal") is said of this mention too; a clause naming another flag is its own.
    mention_starts = {s for other, s in flag_starts if other != flag}
    emergency = RED_FLAGS_BY_ID[flag].severity == EMERGENCY
    clause_start, clause_end = _clause_range(words, start)
    # "a bleeding disorder they found when I was a kid": the time is when it was found
    lifelong = mods.lifelong.contains(words.words, start, end) and mods.found.contains(
        words.words, *_sentence_range(words, start)
    )
    timed = flag in mods.timed and not lifelong
    when = _when(words, start, end, marks) if timed else None
    revived = _revived(words, start, mods)
    whose = _someone_else(words, start, end, mods)
    if whose == GENERIC or (whose == PRONOUN and at_checklist and not for_another):
        return SUSPECTED
    if whose and not for_another:
        # "my mother has brittle bones, maybe low for me too": asked, not dropped.
        # (or before it: "now I have the same feeling he had: squeezing in the chest")
        said = mods.me_too.find(words.words, *_sentence_range(words, start))
        return SUSPECTED if said else OTHER
    if (
        _negated(words, start, end, mods, partial == COMBO, for_another)
        or _not_happened(flag, words, start, mods)
        or (_ruled_out(flag, words) and not for_another)
    ):
        return RAISED if revived else DENIED
    # An operation said to have healed is over unless the time says it was recent.
    healable = flag != "recent_surgery_or_injury" or when not in (RECENT, UNKNOWN)
    healable = healable and flag not in mods.not_resolvable
    if healable and _resolved(words, span, mods, mention_starts):
        # An emergency said to be over is asked about, never dropped; so is another
        # flag that stops the massage, unless it was long ago ("a kidney infection
        # last year, cleared up").
        stops = emergency or (RED_FLAGS_BY_ID[flag].severity in STOP_SEVERITIES and when != OLD)
        return RAISED if revived else (SUSPECTED if stops else RESOLVED)
    # A treatment or condition goes on; an event (an operation, an injury) happened
    # when it happened, whatever goes on since.
    ongoing = flag not in mods.events and _goes_on(words, (start, end), mods, mention_starts)
    if ongoing and _stopped(words, start, mods, mention_starts):
        ongoing = False  # "took a daily aspirin but the doctor stopped it"
    over = not lifelong and _over(words, start, mods, mention_starts, flag)
    if over and when != RECENT and not ongoing:
        if revived:
            return RAISED
        return SUSPECTED if _undated(flag, when, words, start, mods) else PAST
    if (when == OLD or (when == LONG and flag in mods.events)) and not ongoing:
        return RAISED if revived else PAST
    # a pain or numbness known since long ago is not new, however it goes on
    if flag == "new_unexplained_pain" and (when == OLD or _familiar(words, start, mods)):
        return DENIED
    if _playful(words, start, mods) or _usual(flag, words, start, mods):
        return SUSPECTED  # a joke, a metaphor or the person's usual: asked, not assumed
    doubt = _doubtful(words, start, mods) or _hypothetical(words, start, mods)
    if partial is True:
        return SUSPECTED if (doubt or at_checklist) else None
    if partial == SUSPECT:
        return SUSPECTED
    if flag == CHEST and not at_checklist and _chest_among_areas(words, start, mods):
        return SUSPECTED
    if doubt and not emergency:
        return SUSPECTED
    return RAISED


# Symptoms a person may call their usual; a treatment or a state is not "usual".
SYMPTOMS = frozenset({CHEST, "possible_blood_clot", "fever_or_infection", "skin_condition"})


def _usual(flag: str, words: Words, start: int, mods: Modifiers) -> bool:
    """ "hot sweats with the fibro, always have": the person's long-standing usual;
    "both ankles puff up": swelling on both sides is not a clot's."""
    if flag not in SYMPTOMS:
        return False
    if flag == "possible_blood_clot" and mods.both_sides.contains(
        words.words, *_sentence_range(words, start)
    ):
        return True
    return _familiar(words, start, mods, chest=flag == CHEST)


def _sentence_range(words: Words, i: int) -> Tuple[int, int]:
    return _spans_of(words, "sentence")[words.sentence[i]]


def _for_another(words: Words, places: Dict[str, List[Tuple[int, int]]]) -> bool:
    """The message says the massage is for someone else, who is then the client."""
    _, _, mods = concepts()
    if mods.for_another.contains(words.words, 0, len(words)):
        return True
    # "for my sister - she's 22 weeks gone", "gentle for my mum pls"
    for s, _ in places["other_ref"]:
        if s >= 2 and words.words[s - 2] == "for" and words.words[s - 1] in ("my", "ma", "me"):
            return True
    # "she wants one too, but this is for me": a role said of oneself is not another's.
    roles = [
        (s, e)
        for s, e in places["client_role"]
        if not _besides_oneself(words, e) and not _said_of_oneself(words, s)
    ]
    places = {"other_ref": places["other_ref"], "client_role": roles}
    return bool(_combo_spans(places, ("other_ref", "client_role"), words, scope="sentence"))


_ONESELF = {"me", "myself", "mine", "meself"}


def _besides_oneself(words: Words, role_end: int) -> bool:
    """ "but this is for me", "she wants a massage too", "can she come with me": the
    speaker is the client, or one besides the other person."""
    after = words.words[role_end : role_end + 2]
    return bool(after) and (
        after[0] in _ONESELF | {"too", "also"} or tuple(after) in (("as", "well"), ("with", "me"))
    )


def _said_of_oneself(words: Words, role_start: int) -> bool:
    """ "I'm the one who wants the massage": the role is said of oneself."""
    before = " ".join(words.words[max(0, role_start - 5) : role_start + 2])
    role = set(words.words[role_start : role_start + 3])
    # "I'm the one typing for her" names the typist, so the client is her
    if role & _TYPIST_WORDS:
        return False
    # "it's me getting the massage", "I'm the one who wants it"
    right_before = set(words.words[max(0, role_start - 2) : role_start])
    return bool(right_before & {"me", "i'm", "im"}) or any(
        f"{me} the one" in before for me in ("i'm", "im", "i am")
    )


_TYPIST_WORDS = {"typing", "writing", "booking", "for", "behalf", "filling"}


_LIKENESS = {"like", "than", "look", "looks", "looking", "looked"}


def _likeness(words: Words, span: Tuple[int, int], mods: Modifiers) -> bool:
    """A likeness a few words before the mention in its clause ("like a woman eight
    months gone", "as if I'd been hit") or between a combination's parts ("my
    shoulder hurts like I injured it"), unless the clause doubts ("feels like I
    might be pregnant" is a doubt, and asked)."""
    start, end = span
    clause_start, clause_end = _clause_range(words, start)
    for i in range(end - 2, max(clause_start, start - 7) - 1, -1):
        word = words.words[i]
        if word in _LIKENESS or (
            word in ("if", "though") and i > 0 and words.words[i - 1] == "as"
        ):
            return not mods.doubt.contains(words.words, clause_start, clause_end)
    return False


def _goes_on(
    words: Words, span: Tuple[int, int], mods: Modifiers, mention_starts: Set[int]
) -> bool:
    """Said to go on: in its clause ("on warfarin every day", "doing chemo cycles
    now"), or in a next clause that speaks of it ("weak bones, and they still are")."""
    start, end = span
    clause_start, clause_end = _clause_range(words, start)
    if mods.ongoing.contains(words.words, clause_start, clause_end):
        return True
    if any(words.words[i] in _NOW for i in range(end, min(end + 2, clause_end))):
        return True  # "on letrozole now", "doing chemo cycles now"
    following = _free_next_clause(words, start, mention_starts)
    if not following or following[1] <= following[0]:
        return False
    begin, finish = following
    while begin < finish and words.words[begin] in _JOINERS:
        begin += 1
    return (
        begin < finish
        and words.words[begin] in _ANAPHORA | {"them", "those", "mine"}
        and "still" in words.words[begin:finish]
    )


def _over(words: Words, start: int, mods: Modifiers, mention_starts: Set[int], flag: str) -> bool:
    """A past marker in the mention's clause, or in the next clause when that one
    names no flag of its own ("I was on warfarin in 2014 but stopped it"). A lasting
    condition (not timed: thin bones) is not ended by what the next clause says of
    something else ("not sure if I have osteoporosis, I was on prednisone for years")."""
    clause_start, clause_end = _clause_range(words, start)
    # "osteopenia from all the prednisone I was on": a past after the cause is the cause's
    cause = next(
        (i for i in range(start, clause_end) if words.words[i] in _CAUSE_WORDS), clause_end
    )
    if _past_said(words, clause_start, cause, mods):
        return True
    following = flag in mods.timed and _free_next_clause(words, start, mention_starts)
    # "a baby or the change, my periods stopped two months ago": a clause with a
    # subject of its own speaks of that, not of the mention
    return (
        bool(following)
        and not _own_subject(words, following[0])
        and _past_said(words, *following, mods)
    )


def _said_of_own_subject(words: Words, start: int, index: int) -> bool:
    """The word at index is in a later clause than the mention's, one with a subject
    of its own."""
    clause_start, _ = _clause_range(words, index)
    return clause_start > _clause_range(words, start)[1] - 1 and _own_subject(words, clause_start)


def _own_subject(words: Words, begin: int) -> bool:
    """The clause opens with a possessive and a noun ("my periods ...")."""
    while begin < len(words) and words.words[begin] in _JOINERS:
        begin += 1
    return (
        begin + 1 < len(words)
        and words.words[begin] in {"my", "his", "her", "their", "our"}
        and words.words[begin + 1] not in _ANAPHORA
    )


_CAUSE_WORDS = {"from", "because", "cos", "cuz", "due"}


def _stopped(words: Words, start: int, mods: Modifiers, mention_starts: Set[int]) -> bool:
    """A treatment said to be stopped in its clause or the next free one."""
    clause_start, clause_end = _clause_range(words, start)
    following = _free_next_clause(words, start, mention_starts) or (clause_end, clause_end)
    return any(
        s == 0 or words.words[s - 1] not in _NOT
        for begin, end in ((clause_start, clause_end), following)
        for s, _, _ in mods.stopped.find(words.words, begin, end)
    )


def _past_said(words: Words, start: int, end: int, mods: Modifiers) -> bool:
    """A past marker that is not denied ("won't quit", "didn't use to") and not
    followed by a now in the same clause ("used to be achy, now it stabs")."""
    return any(
        (s == start or words.words[s - 1] not in _NOT | _KEEP_VERBS)
        and not _a_place_left(words, e)
        and not mods.now_again.contains(words.words, e, end)
        and (e >= len(words) or words.words[e] not in _SAYING)
        for s, e, _ in mods.past.find(words.words, start, end)
    )


# "got off shift", "came off the plane": a place or a duty left, not a treatment.
# Coming off a bike, a horse or a ladder is a fall.
_PLACES_LEFT = {
    "shift",
    "work",
    "duty",
    "nights",
    "bus",
    "train",
    "plane",
    "flight",
    "ferry",
    "bike",
    "bicycle",
    "scooter",
    "quad",
    "horse",
    "ladder",
    "motorbike",
    "skateboard",
    "board",
    "roof",
    "trampoline",
    "wall",
    "swing",
    "stool",
    "step",
    "steps",
    "boat",
    "surfboard",
    "ute",
}


def _a_place_left(words: Words, marker_end: int) -> bool:
    following = [w for w in words.words[marker_end : marker_end + 2] if w not in ("the", "my")]
    return bool(following) and following[0] in _PLACES_LEFT


# "stay off it", "keep off the leg": an instruction, not a treatment stopped.
_KEEP_VERBS = {"stay", "stays", "staying", "keep", "keeps", "keeping", "kept"}
# "with child, as we used to say": a saying of old, not a time.
_SAYING = {"say", "said", "call", "called", "put", "describe"}


_NOT = {
    "not",
    "never",
    "didnt",
    "didn't",
    "did",
    "n't",
    "wasnt",
    "wasn't",
    "nt",
    "won't",
    "wont",
    "can't",
    "cant",
    "doesn't",
    "doesnt",
    "hasn't",
    "hasnt",
}


_FILLERS = {
    "like",
    "a",
    "an",
    "the",
    "one",
    "big",
    "such",
    "total",
    "right",
    "real",
    "pure",
    "absolute",
    "bit",
    "of",
    "kind",
    "sort",
    "just",
    "proper",
    "massive",
    "new",
}
_COPULAS = {"is", "are", "was", "were", "be", "being", "been", "feels", "felt", "seems"}


def _playful(words: Words, start: int, mods: Modifiers) -> bool:
    """A laugh in the clause ("I look 9 months pregnant lol"), or the flag word
    said of something that is not the person ("gossip is a cancer", "the traffic
    is one big clot")."""
    clause_start, clause_end = _clause_range(words, start)
    if mods.laughing.contains(words.words, clause_start, clause_end) or _compound(
        words, start, mods
    ):
        return True
    i = start - 1
    while i > clause_start and words.words[i] in _FILLERS:
        i -= 1
    if i <= clause_start or words.words[i] not in _COPULAS:
        return False
    subject = words.words[i - 1]
    groups, _, _ = concepts()
    body = groups["body_part"].contains(words.words, i - 1, i)
    return not body and subject not in mods.literal_subjects and subject not in mods.self_words


def _compound(words: Words, start: int, mods: Modifiers) -> bool:
    """ "gardening fever", "world cup fever": the head word after a noun that is not
    one of the words a fever follows ("a", "high", "scarlet"...) is likely another
    sense, so it is asked about."""
    if start == 0 or words.words[start] not in mods.compound_heads:
        return False
    lead = words.words[start - 1]
    return lead.isalpha() and lead not in mods.compound_leads


def _chest_among_areas(words: Words, start: int, mods: Modifiers) -> bool:
    """ "my chest and neck hurt": the chest listed with other places and nothing
    acute may be the usual pain, so it is asked about rather than raised."""
    groups, _, _ = concepts()
    clause_start, clause_end = _clause_range(words, start)
    others = [s for s, _, _ in groups["body_part"].find(words.words, clause_start, clause_end)]
    return bool(others) and not mods.acute.contains(words.words, clause_start, clause_end)


def _familiar(words: Words, start: int, mods: Modifiers, chest: bool = False) -> bool:
    """ "the same old aches, nothing new": familiar pain, unless said to be unlike it.
    For the chest, an acute word ("crushing", "can't breathe") outweighs it."""
    groups, _, _ = concepts()
    first, last = _sentence_range(words, start)
    if chest and mods.acute.contains(words.words, first, last):
        return False
    # "no idea whether it's the same old thing": a doubt about it is not familiarity
    familiar = [
        f
        for f in mods.familiar.find(words.words, first, last)
        if not _doubted(words, f[0], mods)
        and not _ACTIVITIES.intersection(words.words[f[0] - 2 : f[0]])
    ]
    if not familiar:
        return False
    # "nothing new" and "since the fibro started" say it is old, not new.
    return not any(
        words.words[s - 1] not in _NOTHING
        and not any(f_start <= s < f_end for f_start, f_end, _ in familiar)
        for s, _, _ in groups["novelty"].find(words.words, first, last)
        if s > 0
    )


# "eating same as always": what is as always is the eating, not the pain
_ACTIVITIES = {"eating", "eat", "eats", "sleeping", "working", "exercising", "training", "walking"}


def _doubted(words: Words, i: int, mods: Modifiers) -> bool:
    """A doubt word ends within the few words before i, in i's clause."""
    clause_start, _ = _clause_range(words, i)
    return any(i - 4 <= e <= i for _, e, _ in mods.doubt.find(words.words, clause_start, i))


_RANK = {RAISED: 0, SUSPECTED: 1, DENIED: 2, RESOLVED: 3, PAST: 4, OTHER: 5}


def mentions(text: str, at_checklist: bool = False) -> List[Mention]:
    """Every red-flag mention in a message with its status, in message order.

    ``at_checklist``: the message answers the safety checklist, so option words
    ("the chest one") pick an option and part of a concept is a suspicion."""
    words = _spelt(text)
    if not words.words:
        return []
    places = _group_places(words)
    raw = _raw_mentions(words, at_checklist, places)
    # "I'm booking for my wife, she is 22 weeks": the person the massage is for
    # is the client, so their conditions count.
    for_another = _for_another(words, places)
    # A flag named only inside a resolution ("they tested a lump but it wasn't cancer")
    # is part of what the clause says of another mention, not a mention of its own.
    _, _, mods = concepts()
    resolving = {i for s, e, _ in mods.resolved.find(words.words) for i in range(s, e)}
    starts = {(flag, start) for flag, start, _, _ in raw if start not in resolving}
    context = (time_marks(words.text), starts, for_another)
    result = []
    for flag, start, end, partial in raw:
        status = _status(flag, words, (start, end), partial, at_checklist, context)
        if status:
            result.append(
                Mention(flag, start, end, status, words.spans[start][0], words.spans[end - 1][1])
            )
    result = _taken_back(result, words)
    return sorted(_outermost(result), key=lambda m: (m.start, _RANK[m.status]))


def _taken_back(found: List[Mention], words: Words) -> List[Mention]:
    """ "my team call it chemo brain, but I have never had chemo": a caution flag's own
    name denied after "but" in the same sentence takes back what came before."""
    _, _, mods = concepts()
    result = []
    for m in found:
        later = (
            m.status in (RAISED, SUSPECTED)
            and RED_FLAGS_BY_ID[m.flag].severity not in STOP_SEVERITIES
            and RED_FLAGS_BY_ID[m.flag].severity != EMERGENCY
            and any(_denies_name(m, d, words, mods) for d in found)
        )
        result.append(
            Mention(m.flag, m.start, m.end, DENIED, m.char_start, m.char_end) if later else m
        )
    return result


def _denies_name(m: Mention, d: Mention, words: Words, mods: Modifiers) -> bool:
    if not (
        d.flag == m.flag
        and d.status == DENIED
        and d.start >= m.end
        and bool(mods.core_names.intersection(words.words[d.start : d.end]))
    ):
        return False
    if words.sentence[d.start] == words.sentence[m.start]:
        return "but" in words.words[m.end : d.start]
    # or "never" at the start of the next sentence: "Chemo brain, I call it! Never had
    # chemo." ("No chemo since May" says it stopped, not that it never was.)
    next_start, _ = _sentence_range(words, d.start)
    return (
        words.sentence[d.start] == words.sentence[m.start] + 1
        and d.start - next_start <= 3
        and "never" in words.words[next_start : d.start]
    )


def _outermost(found: List[Mention]) -> List[Mention]:
    """A mention inside a longer one of the same flag that is only suspected
    ("crash" in "work's been a total car crash") is read as part of it: the
    flag is still asked about, never dropped."""
    return [
        m
        for m in found
        if not any(
            o.flag == m.flag
            and o.status == SUSPECTED
            and o.start <= m.start
            and m.end <= o.end
            and o.end - o.start > m.end - m.start
            for o in found
        )
    ]


@dataclass(frozen=True)
class FlagReading:
    raised: Tuple[str, ...]
    suspected: Tuple[str, ...]
    denied: Tuple[str, ...]  # negated, past, someone else's or resolved
    mentions: Tuple[Mention, ...]


def ordered_flags(flags: Iterable[str]) -> List[str]:
    """Known flag ids, once each, in the checklist's order."""
    chosen = set(flags)
    return [flag.id for flag in RED_FLAGS if flag.id in chosen]


def read_flags(text: str, at_checklist: bool = False) -> FlagReading:
    """What a message says about each red flag: raised beats suspected beats
    denied, whichever mention says it. A long message is read piece by piece."""
    found = [m for piece in windows(text) for m in mentions(piece, at_checklist)]
    raised: Set[str] = {m.flag for m in found if m.status == RAISED}
    suspected = {m.flag for m in found if m.status == SUSPECTED} - raised
    suspected |= _treated_clot(found, raised) - raised
    denied = {m.flag for m in found} - raised - suspected
    return FlagReading(
        tuple(ordered_flags(raised)),
        tuple(ordered_flags(suspected)),
        tuple(ordered_flags(denied)),
        tuple(found),
    )


def _treated_clot(found: List[Mention], raised: Set[str]) -> Set[str]:
    """A clot said to be past while the person takes blood thinners now ("I had a PE
    last month and I'm on Eliquis") may be one being treated: asked about."""
    past_clot = any(m.flag == CLOT and m.status == PAST for m in found)
    return {CLOT} if past_clot and THINNERS in raised else set()


CLOT, THINNERS = "possible_blood_clot", "blood_thinners"


def closest_flags(text: str, limit: int = 3) -> Tuple[str, ...]:
    """The checklist options a message comes closest to, by shared words with the
    flags' tables (for "which of these did you mean?"); best first."""
    words = _spelt(text)
    if not words.words:
        return ()
    _, flags, _ = concepts()
    places = _group_places(words)
    scores = []
    for concept in flags:
        hits = len(concept.terms.find(words.words)) + len(concept.option.find(words.words))
        hits += sum(
            1 for combo in concept.combos + concept.partial for name in combo if places[name]
        )
        if hits:
            scores.append((-hits, concept.id))
    return tuple(flag for _, flag in sorted(scores)[:limit])
