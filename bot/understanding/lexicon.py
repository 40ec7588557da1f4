"""Word tables from the YAML files in data/, and how their entries match words.

An entry is one or more words; a word ending in "*" matches as a prefix, one
starting with "*" as a suffix ("*ectomy"). Words of 6+ letters that are not
English words are also read as the closest long entry word when they are close
enough ("warferin" -> "warfarin"); English words are never corrected, so
"cancel" stays "cancel".
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.understanding.text import _WORD

DATA = Path(__file__).resolve().parent / "data"
FUZZY_MIN_LENGTH = 6
FUZZY_MIN_SCORE = 84


@lru_cache(maxsize=None)
def table(name: str) -> dict:
    """A data file with every value read as text (so "no" stays "no", not False)."""
    return yaml.load((DATA / f"{name}.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def any_word(words: Iterable[str]) -> re.Pattern:
    """A pattern matching any of the words (or phrases) of a table list, as whole words."""
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


@dataclass(frozen=True)
class Piece:
    word: str
    prefix: bool = False
    suffix: bool = False

    def matches(self, word: str) -> bool:
        if self.prefix:
            return word.startswith(self.word)
        if self.suffix:
            return word.endswith(self.word) and len(word) > len(self.word) + 2
        return word == self.word


@dataclass(frozen=True)
class Entry:
    pieces: Tuple[Piece, ...]
    text: str

    def match_at(self, words: Sequence[str], i: int) -> int:
        """How many words the entry covers from position i (0: no match)."""
        if i + len(self.pieces) > len(words):
            return 0
        for offset, piece in enumerate(self.pieces):
            if not piece.matches(words[i + offset]):
                return 0
        return len(self.pieces)


def _piece(word: str) -> Piece:
    if len(word) > 1 and word.endswith("*"):
        return Piece(word[:-1], prefix=True)
    if len(word) > 1 and word.startswith("*"):
        return Piece(word[1:], suffix=True)
    return Piece(word)


def entry(text: str) -> Entry:
    text = str(text).lower().replace("\u2019", "'")
    # "*" stays attached to its word; everything else splits as messages do.
    words: List[str] = []
    for raw in text.split():
        star_front, star_back = raw.startswith("*"), raw.endswith("*") and len(raw) > 1
        core = raw.strip("*")
        parts = _WORD.findall(core) or [core]
        if star_front:
            parts[0] = "*" + parts[0]
        if star_back:
            parts[-1] = parts[-1] + "*"
        words.extend(parts)
    return Entry(tuple(_piece(w) for w in words), text)


_SEEN_WORDS = 50_000


class Matcher:
    """Entries indexed by their first word, so a message is matched in one pass."""

    def __init__(self, entries_: Iterable[Entry]) -> None:
        self.entries = tuple(entries_)
        self._exact: Dict[str, List[Entry]] = {}
        self._prefix: Dict[str, List[Entry]] = {}
        self._other: List[Entry] = []
        for item in self.entries:
            first = item.pieces[0]
            if first.suffix or (first.prefix and len(first.word) < 3):
                self._other.append(item)
            elif first.prefix:
                self._prefix.setdefault(first.word[:3], []).append(item)
            else:
                self._exact.setdefault(first.word, []).append(item)

        self._seen: Dict[str, Tuple[Entry, ...]] = {}

    def _candidates(self, word: str) -> Tuple[Entry, ...]:
        # Remembered per word: every message asks again for the same few hundred words.
        found = self._seen.get(word)
        if found is None:
            if len(self._seen) >= _SEEN_WORDS:
                self._seen.clear()  # bounded: a server reads many words in a year
            found = tuple(self._exact.get(word, []) + self._prefix.get(word[:3], []) + self._other)
            self._seen[word] = found
        return found

    def find(
        self, words: Sequence[str], start: int = 0, end: Optional[int] = None
    ) -> List[Tuple[int, int, Entry]]:
        """Every (start, end, entry) match in words[start:end], the longest at each place."""
        end = len(words) if end is None else end
        window = words[:end]
        found = []
        for i in range(max(start, 0), end):
            best = None
            for candidate in self._candidates(words[i]):
                length = candidate.match_at(window, i)
                if length and (best is None or length > best[1] - best[0]):
                    best = (i, i + length, candidate)
            if best:
                found.append(best)
        return found

    def contains(self, words: Sequence[str], start: int, end: int) -> bool:
        window = words[:end]
        return any(
            candidate.match_at(window, i)
            for i in range(max(start, 0), end)
            for candidate in self._candidates(words[i])
        )


def entries(texts: Iterable[str]) -> Matcher:
    return Matcher(entry(t) for t in texts)


@lru_cache(maxsize=1)
def _lemma_table_words() -> frozenset:
    """English word forms from spaCy's lemma tables (no function words: "none")."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lookup: Dict[str, str] = json.load(handle)
    return frozenset(lookup) | frozenset(lookup.values())


# Words at least this frequent in spaCy's English word-frequency table are
# English ("none", "nope"); rarer ones there are often typos ("pregnent").
COMMON_WORD_LOG_PROB = -13.0


@lru_cache(maxsize=1)
def english_words() -> frozenset:
    """English words, never treated as misspellings."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        probabilities: Dict[str, float] = json.load(handle)
    common = frozenset(w for w, p in probabilities.items() if p > COMMON_WORD_LOG_PROB)
    return _lemma_table_words() | common


_SUFFIXES = ("ly", "ness", "ful", "less", "ship", "ment")


def _derived(word: str, known: frozenset) -> bool:
    """ "feverishly" is a word made from a known one, not a misspelling."""
    return any(
        word.endswith(end) and (word[: -len(end)] in english_words() or word[: -len(end)] in known)
        for end in _SUFFIXES
    )


class Speller:
    """Corrects long, non-English words to the closest word of a word list."""

    def __init__(self, known: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.known = frozenset(known)
        self.prefixes = tuple(sorted(set(prefixes)))
        # Candidates may be shorter than the words corrected ("tummmy" -> "tummy").
        self.long = sorted(w for w in self.known if len(w) >= 4 and w.isalpha())

    @lru_cache(maxsize=4096)
    def correct(self, word: str) -> str:
        # "goin", "endin", "killin": a dropped g, when the word with it is English.
        if (
            len(word) >= 4
            and word.endswith("in")
            and word not in self.known  # "augmentin" is a drug, not "augmenting"
            and word not in _lemma_table_words()
            and word + "g" in _lemma_table_words()
        ):
            return word + "g"
        if (
            len(word) < FUZZY_MIN_LENGTH
            or not word.isalpha()
            or word in self.known
            or word.startswith(self.prefixes)
            or word in english_words()
            or _derived(word, self.known)
        ):
            return word
        best = process.extractOne(word, self.long, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        return best[0] if best else word


class ShortWordSpeller(Speller):
    """Also corrects short words (3-5 letters) one typing slip away from a known
    word ("bakc", "lowr", "nek"), for word lists of places where no English word
    is that close."""

    @lru_cache(maxsize=4096)
    def correct(self, word: str) -> str:
        if (
            3 <= len(word) < FUZZY_MIN_LENGTH
            and word.isalpha()
            and word not in self.known
            and word not in english_words()
        ):
            close = [
                known
                for known in self._short
                if abs(len(known) - len(word)) <= 1
                and DamerauLevenshtein.distance(word, known) == 1
            ]
            # A slip more often drops a letter than adds one: "lowr" is "lower", not "low".
            longer = [known for known in close if len(known) >= len(word)]
            if len(close) == 1 or len(longer) == 1:
                return (longer or close)[0]
        return super().correct(word)

    def __init__(self, known: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        super().__init__(known, prefixes)
        self._short = sorted(
            w for w in self.known if 3 <= len(w) <= FUZZY_MIN_LENGTH and w.isalpha()
        )


def prefixes(matcher: Matcher) -> List[str]:
    """The words that wildcard entries start with."""
    return [p.word for e in matcher.entries for p in e.pieces if p.prefix]


def plain_words(matcher: Matcher) -> List[str]:
    """The exact (non-wildcard) words of the entries."""
    return [p.word for e in matcher.entries for p in e.pieces if not (p.prefix or p.suffix)]
