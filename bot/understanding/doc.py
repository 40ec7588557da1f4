"""A message as the answer readers see it: one spaCy doc per message (cached, so
every reader shares one call), and small helpers over its tokens.

Misspelt body words are corrected before the pipeline runs ("sholders", "lowr
bakc"), so the entity ruler finds them. The word lists are in data/sentences.yml.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import List

from spacy.tokens import Doc, Token

from bot.understanding import lexicon
from bot.understanding.lexicon import ShortWordSpeller
from bot.understanding.pipeline import get_pipeline
from bot.understanding.text import shorthand_words
from bot.vocabulary.words import EVERYWHERE_TERMS, PART_TERMS, SIDE_TERMS

_WORDS = lexicon.table("sentences")
SENTENCE_BREAKS = frozenset(_WORDS["sentence_breaks"])
CONTRAST_WORDS = frozenset(_WORDS["contrast_words"])
PAIN_WORDS = frozenset(_WORDS["pain_words"])


@lru_cache(maxsize=256)
def message_doc(text: str) -> Doc:
    """The spaCy doc of a message (cached: every parser shares one call), with
    misspelt body parts corrected first ("sholders", "lowr bakc")."""
    return get_pipeline()(_respelt_body_words(text))


_WORD_OR_OTHER = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


@lru_cache(maxsize=1)
def _body_speller() -> ShortWordSpeller:
    words = {
        w
        for terms in list(PART_TERMS.values()) + list(SIDE_TERMS.values()) + [EVERYWHERE_TERMS]
        for term in terms
        for w in term.lower().split()
        if w.isalpha()
    }
    return ShortWordSpeller(words)


def _respelt_body_words(text: str) -> str:
    fix = _body_speller().correct
    known = shorthand_words()  # "nae" is "no", not a misspelt "nape"
    out = []
    for piece in _WORD_OR_OTHER.findall(text):
        fixed = fix(piece.lower()) if piece.isalpha() and piece.lower() not in known else piece
        out.append(piece if fixed == piece.lower() else fixed)
    return "".join(out)


def norm(text: str) -> str:
    """Lower case, curly quotes straightened, spaces collapsed."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def is_break(token: Token) -> bool:
    return token.text in SENTENCE_BREAKS or "\n" in token.text


def word_at(doc: Doc, i: int) -> str:
    """The lower-case token at i, or "" outside the doc."""
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def sentence_bounds(doc: Doc) -> List[int]:
    """Sentence id for each token (split at . ! ? ; and new lines)."""
    ids, current = [], 0
    for token in doc:
        ids.append(current)
        if is_break(token):
            current += 1
    return ids
