"""Crisis language: a message that speaks of suicide or self-harm.

Read before anything else in a message, so the crisis line comes first. Errs on
the side of answering: doubt ("sometimes I think about ending it") counts; only
a plain denial right before ("I'm not suicidal") or someone else's ("my friend
tried to kill herself") does not.

Besides whole phrases, the tables (data/crisis.yml) hold concepts: a wish and an
end of life, a self-harm act on oneself and an intent, a means and a stockpile,
not being able to go on. Two concepts may form a third when one follows the
other ("wouldn't" + "wake up" is not being); a rule fires when each of its
concepts is found in one clause. Message words are first read in their common
spelling (dialect, dropped apostrophes, typos), so "a wish a jist wouldnae wake
up" is "i wish i just wouldn't wake up".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Sequence, Tuple

from bot.understanding import lexicon
from bot.understanding.lexicon import Matcher, Speller
from bot.understanding.text import windows, words_of

# The end of a clause or message, as tables write it ("go on ." = "go on" said last).
END = "."
# A mark inside a word: "-" (self-harm, co-codamol). Any other mark or emoji ends a
# phrase ("go on?", "go on 😢").
_JOINING = frozenset({"-"})
# Apostrophes that keyboards type in place of "'" ("don´t").
_APOSTROPHES = str.maketrans({"\u00b4": "'", "\u02bc": "'"})
# How far back a denial or someone else is looked for.
LOOK_BACK = 4

Span = Tuple[int, int]


@dataclass(frozen=True)
class Pair:
    """A concept made of two in a row, the second at most `gap` words after the first."""

    name: str
    first: str
    second: str
    gap: int


@dataclass(frozen=True)
class Rule:
    """Each concept in one clause (or sentence); `unless` there makes it something else."""

    concepts: Tuple[str, ...]
    sentence: bool
    unless: str


@dataclass(frozen=True)
class Group:
    """A concept's entries, and the first words one of them can start with (a quick
    test that skips the concept when the message has none)."""

    matcher: Matcher
    firsts: FrozenSet[str]
    wild: bool  # an entry starting with a wildcard word: always looked for

    @classmethod
    def of(cls, matcher: Matcher) -> "Group":
        heads = [entry.pieces[0] for entry in matcher.entries]
        firsts = frozenset(p.word for p in heads if not (p.prefix or p.suffix))
        return cls(matcher, firsts, any(p.prefix or p.suffix for p in heads))

    def find(self, words: Sequence[str], present: FrozenSet[str]) -> List[Span]:
        if not (self.wild or self.firsts & present):
            return []
        return [(s, e) for s, e, _ in self.matcher.find(words)]


@dataclass(frozen=True)
class Tables:
    """data/crisis.yml, read once, every entry in its common spelling."""

    variants: Dict[str, Tuple[str, ...]]
    asides: FrozenSet[str]
    terms: Matcher
    others: FrozenSet[str]
    first_person: FrozenSet[str]
    including_me: Matcher
    negation: Matcher
    reach: FrozenSet[str]
    figurative: Matcher
    groups: Dict[str, Group]
    deniable: FrozenSet[str]
    pairs: Tuple[Pair, ...]
    rules: Tuple[Rule, ...]


@dataclass(frozen=True)
class Reading:
    """A message's words in their common spelling, with clause and sentence numbers."""

    words: Tuple[str, ...]
    clause: Tuple[int, ...]
    sentence: Tuple[int, ...]


def _canonical(text: str, variants: Dict[str, Tuple[str, ...]]) -> str:
    """An entry read as messages are: "dont" and "don't" are one word."""
    words = str(text).lower().split()
    return " ".join(part for word in words for part in variants.get(word, (word,)))


@lru_cache(maxsize=1)
def tables() -> Tables:
    data = lexicon.table("crisis")
    variants = {word: tuple(said.split()) for word, said in data["variants"].items()}

    def matcher(texts: Iterable[str]) -> Matcher:
        return lexicon.entries(_canonical(t, variants) for t in texts)

    return Tables(
        variants=variants,
        asides=frozenset(data["asides"]),
        terms=matcher(t for section in data["terms"].values() for t in section),
        others=frozenset(data["other_person"]),
        first_person=frozenset(_canonical(w, variants) for w in data["first_person"]),
        including_me=matcher(data["including_me"]),
        negation=matcher(data["negation"]),
        reach=frozenset(data["negation_reach"]),
        figurative=matcher(data["figurative"]),
        groups={name: Group.of(matcher(words)) for name, words in data["groups"].items()},
        deniable=frozenset(data["deniable"]),
        pairs=tuple(_pair(p) for p in data["pairs"]),
        rules=tuple(
            Rule(tuple(r["all"]), r.get("scope") == "sentence", r.get("unless", ""))
            for r in data["rules"]
        ),
    )


@lru_cache(maxsize=1)
def _speller() -> Speller:
    groups = tables().groups.values()
    known = tables().terms.entries + tuple(e for g in groups for e in g.matcher.entries)
    everything = Matcher(known)
    return Speller(lexicon.plain_words(everything), lexicon.prefixes(everything))


def _pair(data: Dict[str, str]) -> Pair:
    return Pair(data["name"], data["first"], data["second"], int(data["gap"]))


def read(text: str) -> Reading:
    """The words in their common spelling, clause marks as END, and END last."""
    found = words_of((text or "").translate(_APOSTROPHES))
    variants, fix = tables().variants, _speller().correct
    words: List[str] = []
    clause: List[int] = []
    sentence: List[int] = []
    for i, word in enumerate(found.words):
        if word in tables().asides:
            continue
        for part in variants.get(word, (word,)):
            words.append(fix(part) if part[0].isalnum() or part in _JOINING else END)
            clause.append(found.clause[i])
            sentence.append(found.sentence[i])
    if words:
        words.append(END)
        clause.append(clause[-1])
        sentence.append(sentence[-1])
    return Reading(tuple(words), tuple(clause), tuple(sentence))


def is_crisis(text: str) -> bool:
    """Crisis language anywhere in the message (a long one is read piece by piece)."""
    return any(_crisis_in(piece) for piece in windows(text))


def _crisis_in(text: str) -> bool:
    reading = read(text)
    if not reading.words:
        return False
    places, void = _places(reading)
    terms = tables().terms.find(reading.words)
    spans = [(s, e) for s, e, _ in terms if not void.intersection(range(s, e))]
    for rule in tables().rules:
        spans += _rule_spans(reading, places, rule)
    return any(not _denied(reading, s, e) for s, e in sorted(set(spans)))


def _places(reading: Reading) -> Tuple[Dict[str, List[Span]], set]:
    """Where each concept is said (not in a figurative phrase), pairs included."""
    words, present = reading.words, frozenset(reading.words)
    void = {i for s, e, _ in tables().figurative.find(words) for i in range(s, e)}
    places = {
        name: [(s, e) for s, e in group.find(words, present) if not void.intersection(range(s, e))]
        for name, group in tables().groups.items()
    }
    for name in tables().deniable:
        places[name] = [(s, e) for s, e in places[name] if not _negated(reading, s)]
    for pair in tables().pairs:
        joined = _joined(reading, places[pair.first], places[pair.second], pair.gap)
        places.setdefault(pair.name, []).extend(joined)
    return places, void


def _joined(reading: Reading, firsts: List[Span], seconds: List[Span], gap: int) -> List[Span]:
    return [
        (s1, e2)
        for s1, e1 in firsts
        for s2, e2 in seconds
        if e1 <= s2 <= e1 + gap and reading.clause[s1] == reading.clause[s2]
    ]


def _rule_spans(reading: Reading, places: Dict[str, List[Span]], rule: Rule) -> List[Span]:
    """Where a rule's concepts all share a clause (or sentence): from the first
    word of the first to the end of the last."""
    scope = reading.sentence if rule.sentence else reading.clause
    blocked = {scope[s] for s, _ in places.get(rule.unless, ())}
    found: Dict[int, Dict[str, Span]] = {}
    for name in rule.concepts:
        for span in places[name]:
            first = found.setdefault(scope[span[0]], {})
            first[name] = min(first.get(name, span), span)
    return [
        (min(s for s, _ in first.values()), max(e for _, e in first.values()))
        for where, first in found.items()
        if len(first) == len(rule.concepts) and where not in blocked
    ]


def _before(reading: Reading, start: int) -> List[int]:
    """The few words before a mention, in its clause."""
    clause = reading.clause
    return [i for i in range(max(0, start - LOOK_BACK), start) if clause[i] == clause[start]]


def _denied(reading: Reading, start: int, end: int) -> bool:
    """Someone else's, or denied right before ("I'm not going to ...")."""
    return _someone_elses(reading, start, end) or _negated(reading, start)


def _someone_elses(reading: Reading, start: int, end: int) -> bool:
    """Said of someone else ("my friend tried to kill herself"), unless the mention
    itself is about the writer ("my husband would be better off without me")."""
    words = reading.words
    if tables().first_person.intersection(words[start:end]):
        return False
    sentence = [i for i, n in enumerate(reading.sentence) if n == reading.sentence[start]]
    if tables().including_me.contains(words, sentence[0], sentence[-1] + 1):
        return False
    return any(_bare(words[i]) in tables().others for i in _since_me(reading, start))


def _since_me(reading: Reading, start: int) -> List[int]:
    """The words before a mention after the writer last speaks of themselves: in
    "since she died I want to die" the wish is the writer's, not hers."""
    before = _before(reading, start)
    mine = [i for i in before if reading.words[i] in tables().first_person]
    return [i for i in before if not mine or i > mine[-1]]


def _bare(word: str) -> str:
    """A word without its contraction ("she's", "dad's", "they'd" -> "she", "dad", "they")."""
    return word.split("'")[0] or word


def _negated(reading: Reading, start: int) -> bool:
    """Denied right before, maybe across a few words ("I'm not going to ...")."""
    words, before = reading.words, _before(reading, start)
    if not before:
        return False
    reach = start
    while reach > before[0] and words[reach - 1] in tables().reach:
        reach -= 1
    return any(reach <= e for _, e, _ in tables().negation.find(words, before[0], start))
