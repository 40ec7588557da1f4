"""Touch sensitivity graded from an answer to "Does ordinary light touch hurt you?".

The scales are in data/sensitivity.yml and follow the Allodynia Symptom
Checklist's reading of everyday touch: how much it hurts (a little, it hurts,
agony), how often (now and then, often, all the time) and how widely or how
lightly (several things; everything, or even bedsheets and a breeze).

In order: a score out of 10, or a level said near the start, is the answer.
Otherwise the answer is cut into clauses; a clause with a word saying touch hurts
is one example, graded on its own words and on any degree or frequency said on
its own elsewhere ("a little, hugs hurt": mild), and the worst example grades the
answer. With no such example: touch said not to hurt (negated, "fine"; pain only
deep in the muscles is not touch) is none; then a frequency alone grades ("often
yeah"); a plain "no" is none; a hedge alone ("kinda") is mild; an everyday thing
named with no grade at all ("hugs and tight clothes") is moderate, the gentler
reading the recommendation also takes for an unknown level. A bare "yes" has no
grade: the question is asked again with its levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from bot.understanding import lexicon
from bot.understanding.lexicon import Matcher, Speller
from bot.understanding.text import words_of

LEVELS = ("none", "mild", "moderate", "severe")
# The lists of data/sensitivity.yml matched as one table (longest entry wins).
_WORD_KINDS = ("hedges", "lightest", "even", "stronger", "negation", "no", "fine", "deep")
_WORD_KINDS += ("like", "unsure", "firm")
_SCALES = ("how_much", "how_often", "how_widely")
# A negation reaches this many words after it, within its clause.
NEGATION_REACH = 3
# A level word this near the start, or in an answer this short, is the answer.
OPENING_WORDS = 5
SHORT_ANSWER = 8
_CLAUSE_BREAKS = frozenset(",.;:!?-()")
_CONTRAST = frozenset({"but", "though", "although", "however", "except", "otherwise", "unless"})
# A score out of 10; a negative one ("-3 out of 10") is no score.
_SCORE = re.compile(r"(?<![\d.\-\u2212])(\d{1,2}(?:\.\d)?)\s*(?:/|out of|outta)\s*10\b")


@dataclass(frozen=True)
class _Tables:
    matcher: Matcher
    tags: Dict[str, Tuple[str, int]]  # entry text -> (list, grade)
    everyday: Matcher
    injury: Matcher
    softened: FrozenSet[str]
    spellings: Dict[str, Tuple[str, ...]]
    speller: Speller


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = lexicon.table("sensitivity")
    tags: Dict[str, Tuple[str, int]] = {}

    def add(texts: Sequence[str], kind: str, grade: int = 0) -> None:
        for text in texts:
            key = lexicon.entry(text).text
            if key in tags:
                raise ValueError(f"sensitivity.yml: {text!r} is in two lists")
            tags[key] = (kind, grade)

    for level, texts in data["levels"].items():
        add(texts, "level", LEVELS.index(level))
    add(data["hurts"], "hurts", 2)
    add(data["discomfort"], "discomfort", 2)
    for scale in _SCALES:
        for grade, texts in data[scale].items():
            add(texts, scale, int(grade))
    for kind in _WORD_KINDS:
        add(data[kind], kind)
    matcher = lexicon.entries(tags)
    everyday, injury = lexicon.entries(data["everyday"]), lexicon.entries(data["injury"])
    known = {w for m in (matcher, everyday, injury) for w in lexicon.plain_words(m) if w.isalpha()}
    return _Tables(
        matcher,
        tags,
        everyday,
        injury,
        frozenset(data["softened_negation"]),
        {word: tuple(said.split()) for word, said in data["spellings"].items()},
        Speller(known),
    )


@lru_cache(maxsize=512)
def _words(text: str) -> Tuple[str, ...]:
    """The message's words, dialect and misspellings read as the table's words."""
    tables = _tables()
    out: List[str] = []
    for word in words_of(text).words:
        out.extend(tables.spellings.get(word) or (tables.speller.correct(word),))
    return tuple(out)


def _clause_ids(words: Sequence[str]) -> List[int]:
    ids, clause = [], 0
    for word in words:
        if word in _CONTRAST:
            clause += 1
        ids.append(clause)
        if word in _CLAUSE_BREAKS:
            clause += 1
    return ids


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    kind: str
    grade: int
    negated: bool = False
    softened: bool = False  # "not that sore"
    stronger: bool = False  # "really sore"


def _found(words: Sequence[str]) -> List[_Mention]:
    """Entries of the tables, the longest at each place, not overlapping."""
    tables = _tables()
    found, end = [], 0
    for start, stop, entry in tables.matcher.find(words):
        if start >= end:
            kind, grade = tables.tags[entry.text]
            found.append(_Mention(start, stop, kind, grade))
            end = stop
    return found


def _mentions(words: Sequence[str], clause: Sequence[int]) -> List[_Mention]:
    """The entries, each marked negated ("doesn't hurt") or made stronger ("so sore")."""
    found = _found(words)
    out: List[_Mention] = []
    last: Optional[_Mention] = None  # the nearest negation before (a farther one is out of reach)
    for i, mention in enumerate(found):
        negation = (
            last
            if last is not None
            and mention.start - last.end < NEGATION_REACH
            and clause[last.start] == clause[mention.start]
            else None
        )
        if mention.kind in ("negation", "no"):
            last = mention
        stronger = i > 0 and found[i - 1].kind == "stronger" and found[i - 1].end == mention.start
        out.append(
            _Mention(
                mention.start,
                mention.end,
                mention.kind,
                mention.grade,
                negated=negation is not None,
                softened=negation is not None
                and words[negation.end] in _tables().softened
                and negation.end < mention.start,
                stronger=stronger,
            )
        )
    return out


@dataclass
class _Clause:
    much: List[int] = field(default_factory=list)
    often: List[int] = field(default_factory=list)
    widely: List[int] = field(default_factory=list)
    hurts: bool = False  # a word saying touch hurts
    intensified: int = 0  # "really sore": a lot, unless the touch is firm
    firm: bool = False  # tight things, squeezing: not light touch
    denied: bool = False  # touch said not to hurt
    deep: bool = False  # pain of the muscles or of firm pressure
    light: bool = False  # the lightest things, or "even" everyday ones
    said_no: bool = False
    hedge: bool = False
    trigger: bool = False  # an everyday example named


def _hurts(clause: _Clause, mention: _Mention) -> None:
    if mention.negated and not mention.softened:
        clause.denied = True
        return
    clause.hurts = True
    if mention.stronger and mention.kind == "hurts" and not mention.negated:
        clause.intensified += 1
    else:
        clause.much.append(1 if mention.negated else 2)


def _degree(clause: _Clause, mention: _Mention) -> None:
    grade = mention.grade
    if mention.negated:  # "not bad", "no much": a little
        if grade > 1:
            clause.much.append(1)
        return
    clause.much.append(3 if mention.stronger and grade == 2 else grade)


def _often(clause: _Clause, mention: _Mention) -> None:
    # "not every day" only bounds it; "not usually" is now and then.
    grade = (1 if mention.grade == 2 else 0) if mention.negated else mention.grade
    if grade:
        clause.often.append(grade)


def _after(matcher: Matcher, words: Sequence[str], mention: _Mention, reach: int) -> bool:
    return matcher.contains(words, mention.end, min(len(words), mention.end + reach))


def _read_mention(clause: _Clause, mention: _Mention, words: Sequence[str]) -> None:
    kind = mention.kind
    if kind in ("hurts", "discomfort"):
        _hurts(clause, mention)
    elif kind in ("how_much", "level"):
        _degree(clause, mention)
    elif kind == "how_often":
        _often(clause, mention)
    elif kind == "how_widely" and not mention.negated:
        clause.widely.append(mention.grade)
    elif kind == "fine":
        clause.denied = clause.denied or not mention.negated
    elif kind == "like" and _after(_tables().injury, words, mention, 4):
        clause.hurts = True
        clause.much.append(3)  # "like needles"
    else:
        _flag(clause, mention, words)


def _flag(clause: _Clause, mention: _Mention, words: Sequence[str]) -> None:
    kind = mention.kind
    if kind == "lightest" or (kind == "even" and _after(_tables().everyday, words, mention, 4)):
        clause.light = clause.light or not mention.negated
        clause.trigger = True
    elif (kind == "no" and mention.start <= _opening(words)) or (
        kind == "negation" and mention.start == 0
    ):
        # "no", "never", "um no", "not something I deal with"; a "none" later in
        # something else ("display:none", "pregnant? no") is not the answer
        clause.said_no = True
    elif kind == "deep":
        clause.deep = True
    elif kind == "hedges":
        clause.hedge = True
    elif kind == "firm":
        clause.firm = True


_FILLERS = frozenset({"um", "uh", "er", "erm", "well", "honestly", "hmm", "oh", "ah", "so"})


def _opening(words: Sequence[str]) -> int:
    """Where the answer's own first word is: after any marks and one filler word."""
    first = next((i for i, word in enumerate(words) if word.isalpha()), 0)
    return first + 1 if first < len(words) and words[first] in _FILLERS else first


def _clauses(words: Sequence[str]) -> Tuple[List[_Clause], List[int]]:
    """The clauses of the answer, and the levels said outright near its start."""
    ids = _clause_ids(words)
    clauses = [_Clause() for _ in range(ids[-1] + 1)] if ids else []
    said = []
    opening = len(words) <= SHORT_ANSWER
    for mention in _mentions(words, ids):
        clause = clauses[ids[mention.start]]
        if mention.kind == "level" and not mention.negated:
            if opening or mention.start < OPENING_WORDS:
                said.append(mention.grade)
                continue
        _read_mention(clause, mention, words)
    everyday = _tables().everyday
    for start, _, _ in everyday.find(words):
        clauses[ids[start]].trigger = True
    for clause in clauses:
        _settle(clause)
    return clauses, said


def _settle(clause: _Clause) -> None:
    """Pain deep in the muscles is not touch; a light thing said fine does not hurt."""
    clause.much.extend([2 if clause.firm else 3] * clause.intensified)
    if clause.deep:
        clause.much, clause.often, clause.widely, clause.hurts = [], [], [], False
        clause.light = clause.trigger = False
    if clause.denied and not clause.hurts:  # "most days it's ok", "the sheets are fine"
        clause.often, clause.light, clause.trigger = [], False, False
    if clause.light:
        clause.widely.append(3)


def _how_much(grades: Sequence[int]) -> int:
    """ "a little" qualifies a plain "hurts" (mild) and tempers "agony" (moderate)."""
    said = set(grades)
    if 1 in said:
        return 2 if 3 in said else 1
    return max(said, default=0)


def _level(much: int, often: int, widely: int, firm: bool = False) -> int:
    """1 mild, 2 moderate, 3 severe from the three scales (0: not said). A firm
    example (tight jeans) that hurts every day is still one thing: moderate."""
    much = much or 2
    if much == 1:  # a little, but often: moderate
        return 2 if often >= 2 else 1
    level = much + (much == 2 and often == 3 and not firm) + (widely == 3) - (often == 1)
    return min(3, max(1, level))


def _examples(clauses: Sequence[_Clause]) -> Optional[int]:
    """The worst example said to hurt, qualified by the degree and frequency said alone."""
    alone = [c for c in clauses if not c.hurts]
    much = [g for c in alone for g in c.much]
    often = [g for c in alone for g in c.often]
    widely = [g for c in alone for g in c.widely]
    examples = [c for c in clauses if c.hurts]
    if examples:
        return max(
            _level(
                _how_much(much + c.much),
                max(often + c.often, default=0),
                max(widely + c.widely, default=0),
                c.firm,
            )
            for c in examples
        )
    if much:
        firm = any(c.firm for c in alone)
        return _level(_how_much(much), max(often, default=0), max(widely, default=0), firm)
    return None


def _score(text: str) -> Optional[int]:
    """ "10/10": the 0-10 scale read as pain scores are (1-3 mild, 4-6 moderate)."""
    found = _SCORE.search(text)
    if not found or float(found.group(1)) > 10:
        return None
    value = float(found.group(1))
    return 0 if value == 0 else 1 if value < 4 else 2 if value < 7 else 3


@lru_cache(maxsize=512)
def _reading(text: str) -> Tuple[Optional[int], str]:
    """The level (0-3) and what it rests on."""
    clauses, said = _clauses(_words(text))
    score = _score(words_of(text).text)
    # "my pain's a 7/10 but touch is fine": that score is not touch's.
    denied = any(c.denied and not c.hurts for c in clauses)
    if score is not None and not denied:
        return score, "score"
    if said:
        return max(said), "said"
    graded = _examples(clauses)
    if graded:
        return graded, "hurts"
    return _without_examples(clauses)


def _without_examples(clauses: Sequence[_Clause]) -> Tuple[Optional[int], str]:
    """No example said to hurt: a denial, a frequency alone, a plain no, or an example."""
    if any(c.denied for c in clauses):
        return 0, "denied"
    often = max((g for c in clauses for g in c.often), default=0)
    widely = max((g for c in clauses for g in c.widely), default=0)
    if often or widely:
        return _level(0, often, widely), "often"
    if any(c.said_no for c in clauses):
        return 0, "no"
    if any(c.hedge for c in clauses):
        return 1, "hedge"
    if any(c.trigger for c in clauses):
        return 2, "example"
    return None, ""


def read(text: str) -> Optional[str]:
    """none / mild / moderate / severe for an answer to the touch question; None when
    the answer says nothing of touch (or only "yes": the question is asked again)."""
    level, _ = _reading(text)
    return None if level is None else LEVELS[level]


def grade(text: str) -> Optional[str]:
    """mild / moderate / severe from how much, how often and how widely touch is said
    to hurt; None when none of that is said."""
    level, source = _reading(text)
    if level and source in ("score", "said", "hurts", "often"):
        return LEVELS[level]
    return None


def level_word(text: str) -> Optional[str]:
    """A level said outright, when the answer is short enough to be just that."""
    words = _words(text)
    if len(words) > SHORT_ANSWER:
        return None
    _, said = _clauses(words)
    return LEVELS[max(said)] if said else None


def denied_hurt(text: str) -> bool:
    """Touch said not to hurt ("light touch not hurt", "hugs never hurt"), and
    nothing said to hurt."""
    return _reading(text)[1] == "denied"
