"""Touch sensitivity graded from how much and how often ordinary touch hurts.

A level said outright ("mild", "severe") wins. Otherwise the two scales of
data/sensitivity.yml decide, as the Allodynia Symptom Checklist reads its
everyday examples: a lot of pain, or pain all the time, is severe; pain that
comes often is moderate; a little, or now and then, is mild.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, FrozenSet, Optional, Tuple

from bot.understanding import lexicon
from bot.understanding.lexicon import Matcher
from bot.understanding.text import words_of

_NEGATION = {
    "not",
    "no",
    "never",
    "n't",
    "isn't",
    "doesn't",
    "don't",
    "didn't",
    "dont",
    "doesnt",
    "didnt",
    "isnt",
    "without",
}


@lru_cache(maxsize=1)
def _tables() -> Tuple[Dict[str, Matcher], Dict[int, Matcher], Dict[int, Matcher], Matcher]:
    data = lexicon.table("sensitivity")
    levels = {level: lexicon.entries(words) for level, words in data["levels"].items()}
    much = {int(k): lexicon.entries(v) for k, v in data["how_much"].items()}
    often = {int(k): lexicon.entries(v) for k, v in data["how_often"].items()}
    return levels, much, often, lexicon.entries(data["everyday"])


def _even_everyday(words) -> bool:
    """ "even my bedsheets hurt": even ordinary touch, so all the time."""
    *_, everyday = _tables()
    for i, word in enumerate(words):
        if word == "even" and everyday.contains(words, i + 1, min(len(words), i + 5)):
            return True
    return False


# Before a "hurts" word these move it one grade: "a little sore", "really painful".
_SOFTER = {"little", "lil", "bit", "abit", "slightly", "somewhat", "mildly", "kinda", "bit of"}
_STRONGER = {"really", "very", "so", "super", "extremely", "terribly", "incredibly", "too"}


# A negation reaches this many words back within its clause ("never had that
# allodynia thing", "hugs don't really hurt").
NEGATION_REACH = 3
_CLAUSE_BREAKS = {",", ".", ";", "!", "?", "but", "because", "though", "and"}


def _negated(words, start: int) -> bool:
    inside = _inside_phrases(tuple(words))  # "more often than not hugs hurt"
    for i in range(start - 1, max(-1, start - 1 - NEGATION_REACH), -1):
        if words[i] in _CLAUSE_BREAKS:
            return False
        if words[i] in _NEGATION and i not in inside:
            return True
    return False


@lru_cache(maxsize=256)
def _inside_phrases(words: Tuple[str, ...]) -> FrozenSet[int]:
    """Word places inside a how-often phrase of several words."""
    _, _, often, _ = _tables()
    return frozenset(
        i
        for matcher in often.values()
        for start, end, _ in matcher.find(list(words))
        if end - start > 1
        for i in range(start, end)
    )


def _score(scale: Dict[int, Matcher], words, graded_words: bool = False) -> int:
    """The highest grade on a scale whose words appear, not negated ("not every day")."""
    best = 0
    for grade, matcher in scale.items():
        for start, end, _ in matcher.find(words):
            before = words[max(0, start - 2) : start]
            if _negated(words, start):
                continue
            after = words[end : end + 2]  # "hurts a little", "sore a bit"
            if graded_words and grade == 2 and _SOFTER & set(before + after):
                grade_here = 1
            elif graded_words and grade == 2 and _STRONGER & set(before):
                grade_here = 3
            else:
                grade_here = grade
            best = max(best, grade_here)
    return best


def level_word(text: str) -> Optional[str]:
    """A level said outright, when the answer is short enough to be just that."""
    levels, *_ = _tables()
    words = words_of(text).words
    if len(words) > 8:
        return None
    for level in ("severe", "moderate", "mild"):
        if any(
            start == 0 or words[start - 1] not in _NEGATION
            for start, _, _ in levels[level].find(words)
        ):
            return level
    return None


def denied_hurt(text: str) -> bool:
    """Touch said not to hurt ("light touch not hurt", "hugs never hurt"), and
    nothing said to hurt."""
    _, much, _, _ = _tables()
    words = words_of(text).words
    found = [start for matcher in much.values() for start, _, _ in matcher.find(words)]
    return bool(found) and all(_negated(words, start) for start in found)


def grade(text: str) -> Optional[str]:
    """mild / moderate / severe from how much and how often; None when neither is said."""
    _, much, often, _ = _tables()
    words = words_of(text).words
    how_much, how_often = _score(much, words, graded_words=True), _score(often, words)
    if _even_everyday(words):
        how_often = 3
    if how_much == 3 or (how_often == 3 and how_much >= 2):
        return "severe"
    if how_much == 2 and how_often in (0, 2, 3):
        return "moderate"
    if how_often == 2 and how_much != 1:
        return "moderate"
    if how_much or how_often:
        return "mild"
    return None
