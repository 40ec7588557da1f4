"""Answers that name nothing: "none of these" to the safety checklist, "skip",
"pass" or "no preference" to a question."""

from __future__ import annotations

import re

from bot.understanding.doc import norm

_NONE_ANSWER = re.compile(
    r"^\W*(?:no+|n|nope|nah|none|nun|non|noen|nnone|nothing|nothin|nuthin|neither|nada|"
    r"not really|no none|none of (?:these|"
    r"them|those|the above)|none apply|no to all|all good|i'?m (?:fine|ok|okay|good)|"
    r"not that i know of|i don'?t think so|no,? (?:none|nothing|i'?m fine|all good)|"
    r"none of that|nothing like that|no(?:ne)? thanks?|n/?a|nil|zero|not at all|"
    r"negative|all clear|nope,? none)\b[\w\s,.!']*$"
)
_NONE_ANYWHERE = re.compile(
    r"\b(?:(?:none|nun|non|noen) of (?:these|them|those|the above|that|em|'em|dem|this|it)|"
    r"nothing else|none apply|"
    r"no to all|nothing like that|none at all|doesn'?t apply|don'?t apply|"
    r"not applicable)\b"
)


def is_none_answer(text: str) -> bool:
    """ "none of these", "nope", "nun of those": the checklist answered with none."""
    text = norm(text)
    return len(text.split()) <= 12 and bool(
        _NONE_ANSWER.match(text) or _NONE_ANYWHERE.search(text)
    )


_SKIP = re.compile(
    r"\bskip\w*\b|^\W*(?:pass|next|no preference|no pref|n/?a|whatever|none|no idea|"
    r"dunno|nothing|not bothered|move on|rather not say|prefer not to say|no comment|"
    r"not sure|unsure|don'?t know|i don'?t know|not important|nah|no thanks?|"
    r"doesn'?t matter|does not matter|don'?t mind|do not mind|don'?t care|"
    r"i'?m not sure|no opinion|any(?:thing)?(?: is fine)?|either|not really)\W*$"
    r"|\b(?:no preference|doesn'?t matter|does not matter|don'?t mind|don'?t care|"
    r"not sure|no idea)\b"
)


def is_skip(text: str) -> bool:
    """ "skip", "pass", "no preference", "doesn't matter", "not sure", "none"."""
    text = norm(text)
    return bool(text) and len(text.split()) <= 12 and bool(_SKIP.search(text))
