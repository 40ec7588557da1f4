"""Crisis language: a message that speaks of suicide or self-harm.

Read before anything else in a message, so the crisis line comes first. Errs on
the side of answering: doubt ("sometimes I think about ending it") counts; only
a plain denial right before ("I'm not suicidal") or someone else's ("my friend
tried to kill herself") does not.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Tuple

from bot.understanding import lexicon
from bot.understanding.lexicon import Matcher, Speller
from bot.understanding.text import windows, words_of


@lru_cache(maxsize=1)
def _tables() -> Tuple[Matcher, frozenset, Matcher]:
    data = lexicon.table("crisis")
    return (
        lexicon.entries(data["terms"]),
        frozenset(data["other_person"]),
        lexicon.entries(data["negation"]),
    )


@lru_cache(maxsize=1)
def _concepts() -> Tuple[Dict[str, Matcher], Tuple[Tuple[str, ...], ...], Matcher]:
    data = lexicon.table("crisis")
    groups = {name: lexicon.entries(words) for name, words in data["groups"].items()}
    return groups, tuple(tuple(c) for c in data["combos"]), lexicon.entries(data["figurative"])


@lru_cache(maxsize=1)
def _speller() -> Speller:
    terms, _, _ = _tables()
    return Speller(lexicon.plain_words(terms), lexicon.prefixes(terms))


def is_crisis(text: str) -> bool:
    """Crisis language anywhere in the message (a long one is read piece by piece)."""
    return any(_crisis_in(piece) for piece in windows(text))


def _crisis_in(text: str) -> bool:
    terms, others, negation = _tables()
    groups, combos, figurative = _concepts()
    words = words_of(text)
    fix = _speller().correct
    spelt = tuple(fix(w) for w in words.words)
    void = {i for s, e, _ in figurative.find(spelt) for i in range(s, e)}
    starts = [s for s, e, _ in terms.find(spelt) if not void & set(range(s, e))]
    starts += _combo_starts(words, spelt, groups, combos, void)
    for start in sorted(starts):
        clause = words.clause[start]
        before = [i for i in range(max(0, start - 4), start) if words.clause[i] == clause]
        if any(spelt[i] in others for i in before):
            continue
        negated = [
            s
            for s, e, _ in negation.find(spelt, before[0] if before else start, start)
            if e == start
        ]
        if negated:
            continue
        return True
    return False


def _combo_starts(words, spelt, groups, combos, void) -> List[int]:
    """Where a wish and an end of life (or "no point" and living) share a clause."""
    starts = []
    places = {
        name: [(s, e) for s, e, _ in matcher.find(spelt) if not void & set(range(s, e))]
        for name, matcher in groups.items()
    }
    for combo in combos:
        by_clause: Dict[int, Dict[str, int]] = {}
        for name in combo:
            for s, _ in places[name]:
                by_clause.setdefault(words.clause[s], {}).setdefault(name, s)
        starts += [min(found.values()) for found in by_clause.values() if len(found) == len(combo)]
    return starts
