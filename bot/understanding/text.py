"""A message as lower-case words with their places, cut into clauses.

Every reader caps a message at MAX_MESSAGE_CHARS before any pattern runs, so a
huge message costs no more than a long one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

MAX_MESSAGE_CHARS = 2000
# Safety readers look further: a red flag late in a long message still counts.
MAX_SAFETY_WINDOWS = 10

# Words are runs of letters of any script ("çok" is one word, not "ok") or digits.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[^\w\s]")
_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
    }
)
# A clause ends at these words and marks; a mention's modifiers stay inside it.
SENTENCE_MARKS = frozenset({".", "!", ";", "\n"})
CONTRAST_WORDS = frozenset(
    {"but", "however", "though", "although", "whereas", "yet", "except", "apart", "otherwise"}
)
# After a comma (or "and", "so", "then") these start a new statement: "no fever,
# I'm pregnant", "I broke my wrist years ago and they said I have weak bones".
JOINERS = frozenset({",", "and", "so", "then"})
NEW_SUBJECT = frozenset(
    {
        "i",
        "i'm",
        "im",
        "i've",
        "ive",
        "it",
        "it's",
        "its",
        "we",
        "we're",
        "she",
        "he",
        "they",
        "also",
        "plus",
        "and",
        "now",
        "doctor",
        "the",
        "my",
    }
)


def windows(text: str) -> List[str]:
    """A long message cut at spaces into pieces of at most MAX_MESSAGE_CHARS
    (at most MAX_SAFETY_WINDOWS of them), so each is read with bounded work."""
    text = text or ""
    pieces: List[str] = []
    while text and len(pieces) < MAX_SAFETY_WINDOWS:
        if len(text) <= MAX_MESSAGE_CHARS:
            pieces.append(text)
            break
        cut = text.rfind(" ", MAX_MESSAGE_CHARS // 2, MAX_MESSAGE_CHARS)
        cut = cut if cut > 0 else MAX_MESSAGE_CHARS
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces


def normalise(text: str) -> str:
    """Capped, lower case, quotes and dashes straightened."""
    return (text or "")[:MAX_MESSAGE_CHARS].lower().translate(_QUOTES)


@dataclass(frozen=True)
class Words:
    text: str  # the normalised message
    words: Tuple[str, ...]
    spans: Tuple[Tuple[int, int], ...]  # character span of each word in `text`
    clause: Tuple[int, ...]  # clause number of each word
    sentence: Tuple[int, ...]  # sentence number of each word

    def __len__(self) -> int:
        return len(self.words)


@lru_cache(maxsize=1)
def _shorthand() -> Tuple[dict, dict]:
    """Texting shorthand and dialect words (data/texting.yml, data/dialect.yml), and
    the words read another way unless they follow certain words ("ma")."""
    import yaml

    folder = Path(__file__).resolve().parent / "data"
    table = yaml.load((folder / "texting.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    dialect = yaml.load(
        (folder / "dialect.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )
    contextual = {word: entry for word, entry in dialect.items() if word != "words"}
    return {**table, **dialect["words"]}, contextual


def shorthand_words() -> frozenset:
    """Words the shorthand and dialect tables know: not typos of anything else."""
    table, contextual = _shorthand()
    return frozenset(table) | frozenset(contextual)


def _read_as(word: str, previous: str) -> str:
    table, contextual = _shorthand()
    entry = contextual.get(word)
    if entry is not None:
        return word if previous in entry["kept_after"] else entry["reads"]
    return table.get(word, word)


def _expanded(found: List[Tuple[str, Tuple[int, int]]]) -> List[Tuple[str, Tuple[int, int]]]:
    """Texting shorthand and dialect as words ("b4" -> "before", "ma chest" -> "my
    chest"); a phrase keeps the word's place."""
    out = []
    previous = ""
    for word, span in found:
        for part in _read_as(word, previous).split():
            out.append((part, span))
        previous = word
    return out


@lru_cache(maxsize=512)
def words_of(text: str) -> Words:
    norm = normalise(text)
    found = _expanded([(m.group(0), m.span()) for m in _WORD.finditer(norm)])
    words = tuple(w for w, _ in found)
    clause, sentence = _numbering(norm, words, [s for _, s in found])
    return Words(norm, words, tuple(s for _, s in found), clause, sentence)


def _numbering(
    norm: str, words: Tuple[str, ...], spans: List[Tuple[int, int]]
) -> Tuple[Tuple[int, ...], Tuple[int, ...]]:
    clause_ids, sentence_ids = [], []
    clause = sentence = 0
    for i, word in enumerate(words):
        newline = i > 0 and "\n" in norm[spans[i - 1][1] : spans[i][0]]
        if newline:
            clause, sentence = clause + 1, sentence + 1
        if word in CONTRAST_WORDS or (i > 0 and words[i - 1] in JOINERS and word in NEW_SUBJECT):
            clause += 1
        clause_ids.append(clause)
        sentence_ids.append(sentence)
        if word in SENTENCE_MARKS or word == "?":
            clause, sentence = clause + 1, sentence + 1
    return tuple(clause_ids), tuple(sentence_ids)
