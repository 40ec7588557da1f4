"""The answers about the massage itself: pressure, soreness after a firmer
massage (flare), goals, hot or cold packs, session length, the therapist's
gender, and the clauses that name areas to avoid.

Unasked, each reader answers only when the message is about its subject ("I
like a firm massage", "a 90 minute session"), so a word in passing changes
nothing. The word lists are in data/preferences.yml.
"""

from __future__ import annotations

import re
from typing import List, Optional, Set, Tuple

from spacy.tokens import Doc

from bot.understanding import lexicon
from bot.understanding.doc import CONTRAST_WORDS, norm, sentence_bounds
from bot.understanding.timing import NUMBER_WORD_RE as _NUMBER_WORD_RE
from bot.understanding.timing import NUMBER_WORDS, number_value
from bot.vocabulary.words import GOALS, SESSION_LENGTHS

_WORDS = lexicon.table("preferences")


# --- Pressure -------------------------------------------------------------------------
_PRESSURE_UNSURE = re.compile(
    r"\b(?:not (?:even |really )?sure|unsure|(?:don'?t|do not) (?:even |really )?know|dunno|"
    r"no idea|not certain|no clue|"
    r"depends|whatever (?:you|they|the therapist) (?:think|suggest|recommend)|"
    r"no preference|never had (?:a |one |any )?(?:proper |professional )?massages?|"
    r"not decided|undecided|hard to say|can'?t say|haven'?t decided|you (?:decide|choose)|"
    r"let (?:them|the therapist) decide|i'?m not sure|unclear|not certain|idk|"
    r"never had (?:one|any)|first (?:time|massage|one))\b"
)
_REJECTED = re.compile(
    r"\b(?:do(?:n'?t|es ?n'?t|es not|nt) (?:do|work|help)|do(?:es)? nothing|useless|"
    r"pointless|a waste|waste of|no good|not enough|never (?:help|work)s?)\b"
    # a pressure too light to be felt: "the light ones feel like tickling"
    r"|" + lexicon.any_word(_WORDS["too_light_to_feel"]).pattern
)
# "how hard I want it" asks a degree; it names no pressure.
_HOW_HARD = re.compile(r"\bhow (?:hard|firm|deep|strong|light|soft|gentle|rough|much pressure)\b")
_NOT_FIRM = re.compile(
    r"\b(?:not|nothing|never|n'?t|no)\s+(?:too |to |very |that |so |overly |really |like |"
    r"want |a |anything |it )*(?:hard|firm|deep|strong|heavy|rough|intense|vigorous)\b"
)
_NOT_LIGHT = re.compile(
    r"\b(?:not|nothing|never|n'?t|no)\s+(?:too |to |very |that |so |overly |really |a |it )*"
    r"(?:light|soft|gentle|feathery|weak)\b"
)
_PRESSURE_LEVELS = (
    (
        "light",
        re.compile(
            r"\b(?:light(?:er|est)?|lightly|gentle|gentler|gentlest|gently|"
            r"soft(?:er|est|ly)?|delicate|feather(?:y|[- ]light)?|barely|"
            r"relaxing|swedish|(?:whatever|anything|nothing that|something that) "
            r"(?:won'?t|doesn'?t|does not|will not|wouldn'?t) hurt|nothing that hurts)\b"
        ),
    ),
    (
        "medium",
        re.compile(
            r"\b(?:medium|med|moderate|middle|in[- ]between|average|normal|"
            r"regular|mid|middling|standard)\b"
        ),
    ),
    (
        "firm",
        re.compile(
            r"\b(?:firm(?:er|est)?|deep(?:er|est)?|hard(?:er|est)?|"
            r"strong(?:er|est)?|heavy|intense|deep[- ]tissue|vigorous|rough|"
            r"sports)\b"
        ),
    ),
)
_ANY_LEVEL = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _PRESSURE_LEVELS))
_PRESSURE_CONTEXT = re.compile(
    r"\b(?:pressure|pressures)\b"
    r"|\b(?:like|prefer|want|enjoy|love|'d like|would like|need|go for|choose|"
    r"rather have|rather)\b[^.]{0,25}\bmassages?\b"
    r"|\bdeep[- ]tissue\b"
    r"|\b(?:like|want|prefer|need|love|enjoy)\s+(?:it|mine|them)\s+(?:(?:really|very|quite|nice|"
    r"good|and|more|a bit|bit|on the)\s+)*(?:firm|hard|deep|strong|medium|light|gentle|soft)"
    + r"|"
    + _HOW_HARD.pattern
)


# "I need somebody GENTLE", "find a gentle one", "something much gentler": asking
# for someone or something gentle is a light preference.
_MORE = r"(?:(?:very|really|much|extra|super|a lot|lot|a bit|bit|quite|more|nice|and)\s+)*"
_GENTLE = "|".join(map(re.escape, _WORDS["gentle_words"]))
_WHO = "|".join(map(re.escape, _WORDS["gentle_who"]))
_GENTLE_REQUEST = re.compile(
    r"\b(?:" + "|".join(map(re.escape, _WORDS["asking_words"])) + r")\s+"
    rf"(?:(?:a|an|the|some|it|me|with)\s+){{0,2}}{_MORE}"
    rf"(?:(?:{_WHO})\s+{_MORE}(?:{_GENTLE})\b|(?:{_GENTLE})(?=\s*(?:$|[.,;!?]|(?:{_WHO}|"
    r"massages?|pressure|please|this time|now|only|for me|with me)\b)))"
    # said alone, as the ask: "dont want that again, somethin gentle"
    rf"|(?:^|[.,;!?]|\b(?:just|only|so|but|and|then)\b)\s*(?:{_WHO})\s+{_MORE}(?:{_GENTLE})"
    r"(?=\s*(?:$|[.,;!?]|please\b|pls\b|thanks?\b))"
)
# A pressure named in a bad experience ("I had a deep tissue once and was in bed for
# a week", "the lady pressed too hard") is not a preference, unless the clause says
# it is liked ("I like it firm even if I'm sore for days").
_BAD_OUTCOME = re.compile(
    r"(?<!not )(?<!n't )(?<!nt )" + lexicon.any_word(_WORDS["bad_outcome_words"]).pattern
)
_LIKING = lexicon.any_word(_WORDS["liking_words"])
_PAST = lexicon.any_word(_WORDS["past_words"])
_EXPERIENCE_BREAK = re.compile(r",|\bbut\b|\blol\b|\bso (?=(?:i|i'?m|i'?d|im|id|now|this time)\b)")


def _bad(text: str) -> bool:
    return bool(_BAD_OUTCOME.search(text) or _LAID_UP.search(text))


def _without_bad_experiences(text: str) -> str:
    """The message without the clauses that tell a bad experience of a pressure."""
    kept = []
    for sentence in re.findall(r"[^.;!?]+[.;!?]*", text):
        if _bad(sentence):
            end = re.search(r"[.;!?]*$", sentence).group(0)
            clauses = _EXPERIENCE_BREAK.split(sentence.rstrip(".;!?"))
            told = [c for c in clauses if _LIKING.search(c) or not (_bad(c) or _PAST.search(c))]
            sentence = " , ".join(told) + end
        kept.append(sentence)
    return " ".join(kept)


_QUESTION = re.compile(
    r"^\W*(?:what|whats|what's|which|is|are|can|could|should|would|will|does|do|how|why|"
    r"difference)\b"
)


def _statements(text: str) -> str:
    """The sentences that are not questions: "is deep tissue ok for fibro?" or
    "what's the difference between myofascial release and deep tissue?" asks
    about a style; it says nothing about the pressure the person likes."""
    kept = []
    for sentence in re.findall(r"[^.;!?]+[.;!?]*", text):
        clauses = sentence.split(",")
        asked = sentence.rstrip().endswith("?")
        kept += [
            c
            for i, c in enumerate(clauses)
            if not (_QUESTION.search(c) or (asked and i == len(clauses) - 1))
        ]
    return " . ".join(kept)


def _about_pressure(text: str) -> str:
    """Unasked, only the clauses about pressure or a massage preference, and the
    asks for someone gentle, even in a question ("" if none)."""
    statements = _statements(_without_bad_experiences(text))
    clauses = [
        c
        for c in re.split(r"[.;!?,]| but ", statements)
        if _PRESSURE_CONTEXT.search(c) or _GENTLE_REQUEST.search(c)
    ]
    clauses += [m.group(0) for m in _GENTLE_REQUEST.finditer(text)]
    text = " . ".join(clauses)
    if re.search(r"\bnever had\b", text) and not re.search(r"\bpressure\b", text):
        return text if _HOW_HARD.search(text) else ""
    return text


def _without_rejected(clause: str) -> str:
    """ "I like firm pressure honestly the light stuff does nothing for me": the
    pressure said not to work is not wanted, the rest of the clause still counts."""
    rejected = _REJECTED.search(clause)
    if not rejected:
        return clause
    named = list(_ANY_LEVEL.finditer(clause[: rejected.start()]))
    return clause[: named[-1].start()] if named else ""


# Unasked, a light word counts only beside "pressure" or "massage", or in an ask
# for someone gentle ("light touch is fine" says nothing about the pressure).
_LIGHT_STATED = re.compile(
    r"\b(?:light|gentle|soft)\w*\s+(?:\w+\s+)?(?:pressure|massages?)\b|"
    r"\bpressure\b[^.]{0,20}\b(?:light|gentle|soft)|"
    r"\b(?:like|want|prefer|need|love|enjoy)\s+(?:it|mine|them)\s+"
    + _MORE
    + r"(?:light|gentle|soft)|"
    + _GENTLE_REQUEST.pattern
)


def parse_pressure(text: str, expecting: bool) -> Optional[str]:
    """light / medium / firm / unsure. Unasked, only next to "pressure" or a
    stated massage preference ("I like a firm massage")."""
    text = norm(text)
    if text and not expecting:
        text = _about_pressure(text)
    if not text:
        return None
    unsure = bool(_PRESSURE_UNSURE.search(text))
    work = _HOW_HARD.sub(" ", _PRESSURE_UNSURE.sub(" ", text))
    # "gentle ones don't do anything for me": a pressure said not to work is not wanted.
    work = " . ".join(_without_rejected(c) for c in re.split(r"[.;!?,]| but ", work))
    levels = []
    not_firm, not_light = bool(_NOT_FIRM.search(work)), bool(_NOT_LIGHT.search(work))
    if not_firm and not_light:
        return "medium"  # "not too soft, not too hard"
    if not_firm:
        levels.append("light")
        work = _NOT_FIRM.sub(" ", work)
    if not_light:
        levels.append("medium")
        work = _NOT_LIGHT.sub(" ", work)
    for level, pattern in _PRESSURE_LEVELS:
        if pattern.search(work):
            if level == "light" and not expecting and not _LIGHT_STATED.search(work):
                continue
            levels.append(level)
    if levels:
        order = [lvl for lvl, _ in _PRESSURE_LEVELS]
        return min(levels, key=order.index)  # "medium to firm" -> medium: gentler
    if unsure:
        return "unsure"
    return None


# --- Soreness after a firmer massage -------------------------------------------------
_FLARE_FALSE = re.compile(
    r"\bnever (?:had|been|got|gotten|tried)\b|\bhaven'?t (?:had|been|tried)\b|"
    r"\bhave not (?:had|tried)\b|\bnever (?:(?:was|been|get|got|felt|feel) )?(?:flared|sore|"
    r"stiff|achy|had any soreness|had a problem)\b|"
    r"\bnot (?:really|that i (?:know|remember|recall)|usually|normally|for long)\b|"
    r"\b(?:only|just) (?:for )?(?:a|one|the) (?:day|night)\b|"
    r"\bfor (?:about |like |just )?(?:a|one|1) day\b|"
    r"\b(?:felt|feel|was|were) (?:fine|good|great|better|ok(?:ay)?)\b|"
    r"\bno (?:flares?|flare[- ]?ups?|problems?|issues?|soreness|more than)\b|"
    r"\b(?:did ?n'?t|did not|never|don'?t|do not) (?:really )?(?:flare|get sore|get stiff|hurt|"
    r"suffer|last|have)\b|\bless than (?:two|2) days\b|\bnot (?:more than|longer than|"
    r"over) (?:two|2)\b|\bwasn'?t\b"
)
# Unasked, only sentences about a massage and what came after it say anything: one
# naming a massage, or soreness "after" with nothing after it ("I don't get sore
# after"), or a pressure with what came after or a denial ("firm makes me flare for
# days after", "she pressed too hard and I was in bed for 3 days", "firm pressure, I
# never get sore"), but not a flare in passing ("I like firm pressure, I flare a lot").
_AFTER_MASSAGE = re.compile(
    r"\bmassages?\b|\bdeep tissue\b|\btherapists?\b|\bmasseuse\b|\bsession\b|"
    r"\b(?:last time|after) (?:i )?(?:got|had|having|getting)? ?(?:one|it|a deep|a firm)\b|"
    r"\b(?:sore|stiff|flare[sd]?(?: up)?) after(?:wards?)?\s*(?:$|[,;.!?])"
)
_PRESSED = re.compile(r"\b(?:pressure|firm(?:er)?|press(?:ed|ing)|too (?:hard|rough|firm|deep))\b")
_LATER = re.compile(r"\b(?:after|afterwards|days|a week|weeks)\b")


def _about_massage(sentence: str) -> bool:
    return bool(
        _AFTER_MASSAGE.search(sentence)
        or (
            _PRESSED.search(sentence)
            and (_LATER.search(sentence) or _FLARE_FALSE.search(sentence))
        )
    )


# The sentence after one about a massage goes on about it when it tells what came
# after ("I was in bits for a week after, so..."), or of the last time or the one had.
_AFTERWARDS = re.compile(
    r"\b(?:afterwards?|after (?:it|that|this)|following|the day after|last time|"
    r"i (?:had|got|tried) one)\b|\bafter(?=\s*(?:$|[,;.!?]|(?:so|and|but|lol)\b))"
)
# Laid up for a stretch of days ("in bed for 4 days", "couldn't get out of bed for a week").
_LAID_UP = re.compile(
    lexicon.any_word(_WORDS["laid_up_words"]).pattern
    + r"[^.]{0,30}\b(?:days|a week|weeks|two days|three days|several days|ages|48 hours|"
    r"72 hours)\b"
)
_FLARE_TRUE = re.compile(
    _LAID_UP.pattern + r"|\bflare[sd]?(?:[- ]?ups?)?\b|\bflared\b|\bpaid for it\b|"
    r"\bmade (?:it|me|things|my pain) worse\b|\bworse (?:afterwards|after|for days)\b|"
    r"\bfor days\b|\bfor a week\b"
)
_YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|yea|ya|aye|definitely|absolutely|sure|"
    r"correct|indeed|of course|always|every time|usually|often|i was|"
    r"it did|i did|true)\b"
)
_NO = re.compile(
    r"^\W*(?:no+|nope|nah|never|not really|i wasn'?t|it didn'?t|i didn'?t|"
    r"false|negative|not that i)\b"
)


# How long it took to come right: "it took me till the Thursday to come right after
# a Saturday massage" (five days), "took me 4 days to recover".
_WEEKDAYS = {day: index for index, day in enumerate(_WORDS["weekdays"])}
_WEEKDAY = r"(?:" + "|".join(_WEEKDAYS) + r")"
_RECOVERED = lexicon.any_word(_WORDS["recovered_words"]).pattern
_RECOVERY_END = re.compile(rf"\b(?:till|until|til|to|by)\s+(?:the\s+)?(?P<day>{_WEEKDAY})\b")
# ... or sore until that day: "sore till the wednesday after a sunday massage".
_SORE_UNTIL = re.compile(
    lexicon.any_word(_WORDS["laid_up_words"]).pattern + rf"[^.]{{0,20}}{_RECOVERY_END.pattern}"
)
_ANY_WEEKDAY = re.compile(rf"\b(?P<day>{_WEEKDAY})\b")
_RECOVERY_SPAN = re.compile(
    rf"\btook (?:me )?(?:(?:about|around|like|nearly|almost|over|a good|at least|a full)\s+)?"
    rf"(?P<n>\d+|{_NUMBER_WORD_RE}|a|an|a couple of|a few) (?P<unit>days?|weeks?) "
    rf"(?:to|before i|till i|until i)\b[^.]{{0,20}}{_RECOVERED}"
)


def _recovery_days(text: str) -> Optional[float]:
    """The days it took to come right after a massage, when the message says so."""
    span = _RECOVERY_SPAN.search(text)
    if span:
        days = number_value(span.group("n")) or 0.0
        return days * (7 if span.group("unit").startswith("week") else 1)
    # The day it came right, and the other day named: the massage's.
    end = _RECOVERY_END.search(text)
    if not end or not (re.search(_RECOVERED, text) or _SORE_UNTIL.search(text)):
        return None
    start = next(
        (m for m in _ANY_WEEKDAY.finditer(text) if m.start("day") != end.start("day")), None
    )
    if start is None:
        return None
    return float((_WEEKDAYS[end.group("day")] - _WEEKDAYS[start.group("day")]) % 7 or 7)


def parse_flare(text: str, expecting: bool) -> Optional[bool]:
    """After a firmer massage, sore for more than two days? ("never had one" is False)."""
    text = norm(text)
    if not text:
        return None
    if not expecting:
        # The sentences about a massage, and the one after each ("I had one years
        # ago. I was in bits for a week afterwards.").
        sentences = re.split(r"(?<!\d)[.;!?]", text)
        about = {i for i, s in enumerate(sentences) if _about_massage(s)}
        text = " . ".join(
            s
            for i, s in enumerate(sentences)
            if i in about or (i - 1 in about and _AFTERWARDS.search(s))
        )
        if not text:
            return None
    days = _recovery_days(text)
    if days is not None:
        return days > 2
    if _FLARE_FALSE.search(text) and not re.search(r"\b(?:yes|yeah|yep)\b", text):
        return False
    if _FLARE_TRUE.search(text):
        return True
    if not expecting:
        return None
    if _YES.search(text):
        return True
    if _NO.search(text):
        return False
    return None


# --- Goals ----------------------------------------------------------------------------
_GOAL_PATTERNS: Tuple[Tuple[str, re.Pattern], ...] = (
    (
        "pain_relief",
        re.compile(
            r"\bpain relief\b|\bless pain\b|\b(?:reduce|ease|relieve|manage|lower|lessen|"
            r"help with|help|soothe|take away|cut down)\b[^.]{0,12}\b(?<!head )pain\b|"
            r"(?<!stress )\brelie(?:f|ve)\b|\bhurt less\b|\bfewer flares\b|"
            r"\bpain management\b|\bfeel less pain\b"
        ),
    ),
    (
        "sleep",
        re.compile(
            r"\bsleep\w*|\binsomnia\b|\brest(?:ful)? nights?\b|"
            r"\bbetter nights?\b|\bsleepless\b"
        ),
    ),
    (
        "stiffness",
        re.compile(
            r"\bstiff\w*|\bloosen\w*|\bmobility\b|\bflexib\w+|"
            r"\bmove (?:better|more|easier|freely)\b|\btight(?:ness)?\b|"
            r"\bmuscle tension\b|\bknots?\b|\brange of motion\b|"
            r"\blimber\b|\bsupple\b"
        ),
    ),
    (
        "relaxation",
        re.compile(
            r"\brelax\w*|\bcalm\w*|\bstress\w*|\banxi\w+|\bunwind\b|"
            r"\bwind down\b|\bpamper\w*|\bde-?stress\w*|\bpeace\w*|"
            r"\bchill\b|\bme time\b|\bwell-?being\b|\bcomfort\b"
        ),
    ),
    ("headaches", re.compile(r"\bhead ?aches?\b|\bmigraines?\b|\bhead pain\b")),
)
_ALL_GOALS = re.compile(
    r"^\W*(?:all|all of (?:them|those|these|the above)|everything|"
    r"all (?:five|5)|the lot|all the above)\W*$"
)
_GOAL_CONTEXT = re.compile(
    r"\b(?:want|wants|wanting|'d like|would like|hope|hoping|"
    r"goals?|help (?:me|with)|looking for|aim|so i can|so that|"
    r"in order to|to get|to help|need)\b"
)


def parse_goals(text: str, expecting: bool = True) -> List[str]:
    """GOALS ids named in a message ("sleep better", "less stiff", "relax")."""
    text = norm(text)
    if not text:
        return []
    if _ALL_GOALS.match(text):
        return list(GOALS)
    if not expecting and not _GOAL_CONTEXT.search(text):
        return []
    found = {goal for goal, pattern in _GOAL_PATTERNS if pattern.search(text)}
    if expecting and not found and re.search(r"\bpain\b", text):
        found.add("pain_relief")
    return [goal for goal in GOALS if goal in found]


# --- Hot or cold packs -----------------------------------------------------------------
_PACK_WORDS = re.compile(
    r"\b(?:hot|cold|heat|heated|warm|ice|icy)(?: or (?:hot|cold|"
    r"heat|warm|ice))?\s*(?:packs?|stones?|compress(?:es)?|pads?|"
    r"therapy|towels?|wraps?)\b|\bheat\b|\bheat packs?\b"
)
_PACK_STRONG_NO = re.compile(
    r"\b(?:don'?t|do not|wouldn'?t|would not|doesn'?t|does not) (?:really )?(?:like|want|"
    r"need|enjoy|help|suit|care for)\b|\bhate\b|\bmakes? (?:it|me|things|my pain) worse\b|"
    r"\brather not\b|\bnot for me\b|\bnot (?:keen|interested|needed|necessary|really)\b|"
    r"\bno thanks?\b|\bno thank you\b|\bwithout\b|\bcan'?t (?:stand|tolerate|take)\b|"
    r"\bskip the\b|\bnone\b"
)
_PACK_YES = re.compile(
    r"\b(?:yes|yeah|yep|yup|yea|sure|please|ok(?:ay)?|definitely|"
    r"absolutely|love|like|sounds? (?:good|nice|great|lovely)|"
    r"would be (?:nice|good|great|lovely)|helps?|helpful|great|"
    r"good idea|why not|go on|nice|lovely|perfect|prefer)\b"
)
_PACK_NO = re.compile(r"\b(?:no+|nope|nah|never)\b")


def parse_heat_packs(text: str, expecting: bool = True) -> Optional[str]:
    """ "yes" / "no" for hot or cold packs. Unasked, only when packs are named."""
    text = norm(text)
    if not text or re.search(
        r"\b(?:not sure|don'?t know|no idea|dunno|no preference|"
        r"don'?t mind|doesn'?t matter)\b",
        text,
    ):
        return None
    if not expecting and not _PACK_WORDS.search(text):
        return None
    if _PACK_STRONG_NO.search(text):
        return "no"
    yes, no = _PACK_YES.search(text), _PACK_NO.search(text)
    if yes and (not no or yes.start() < no.start()):
        return "yes"
    if no:
        return "no"
    if expecting and re.search(r"\b(?:hot|cold|heat|warm|warmth|ice|both)\b", text):
        return "yes"
    return None


# --- Session length -------------------------------------------------------------------
_SESSION_PATTERNS: Tuple[Tuple[re.Pattern, object], ...] = (
    (
        re.compile(
            r"\b(?:an?|one) hour and a half\b|\b(?:1|one) and a half hours?\b|"
            r"\b1\.5 ?(?:hours?|hrs?|h)\b|\bhour and a half\b"
        ),
        90,
    ),
    (re.compile(r"\bthree quarters of an hour\b"), 45),
    (re.compile(r"\bhalf (?:an )?hour\b|\bhalf-hour\b"), 30),
    (
        re.compile(
            r"\b(?P<n>\d+(?:\.\d+)?|" + _NUMBER_WORD_RE + r"|an|a)\s*(?:-\s*)?(?:hours?|hrs?|h)\b"
        ),
        "hours",
    ),
    (
        re.compile(
            r"\b(?P<n>\d+|" + _NUMBER_WORD_RE + r"|ninety|forty[- ]five|thirty|sixty|"
            r"forty|fifty|twenty)\s*(?:-\s*)?(?:minutes?|mins?|m)\b"
        ),
        "minutes",
    ),
)
_WORD_MINUTES = {word: int(minutes) for word, minutes in _WORDS["minute_words"].items()}


def _snap_minutes(minutes: float) -> Optional[int]:
    if not 10 <= minutes <= 240:
        return None
    return min(SESSION_LENGTHS, key=lambda length: (abs(length - minutes), length))


def parse_session_length(text: str, expecting: bool = True) -> Optional[int]:
    """Minutes, snapped to SESSION_LENGTHS ("an hour" -> 60, "90 minutes" -> 90)."""
    text = norm(text)
    if not text:
        return None
    if not expecting and not re.search(r"\b(?:session|massage|appointment|treatment)s?\b", text):
        return None
    for pattern, value in _SESSION_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if isinstance(value, int):
            return value
        word = match.group("n")
        number = (
            _WORD_MINUTES.get(word)
            or NUMBER_WORDS.get(word)
            or (1 if word in ("a", "an") else None)
        )
        if number is None:
            try:
                number = float(word)
            except ValueError:
                continue
        return _snap_minutes(number * 60 if value == "hours" else number)
    return _asked_length(text) if expecting else None


def _asked_length(text: str) -> Optional[int]:
    """When the length is asked for: a bare number of minutes, "short", "long", "normal"."""
    match = re.search(r"(?<![\w.])(\d{2,3})(?![\w.])", text)
    if match:
        return _snap_minutes(int(match.group(1)))
    if re.search(r"\b(?:short|shorter|shortest|quick|brief)\b", text):
        return min(SESSION_LENGTHS)
    if re.search(r"\b(?:long|longer|longest)\b", text):
        return max(SESSION_LENGTHS)
    if re.search(r"\b(?:standard|normal|usual|regular|typical)\b", text):
        return 60
    return None


# --- The therapist's gender -----------------------------------------------------------
_FEMALE = lexicon.any_word(_WORDS["female_words"])
_MALE = lexicon.any_word(_WORDS["male_words"])
_ANY_GENDER = re.compile(
    r"\b(?:does(?:n'?t| not) matter|don'?t mind|do not mind|no preference|either|"
    r"any(?:one|body)?|whoever|don'?t care|not bothered|no matter|both|whatever|"
    r"not fussed|doesn'?t bother me|indifferent|either way)\b"
)
_NOT_MALE = re.compile(
    r"\b(?:not|no|n'?t want|never|rather not have)\s+(?:an? |the )?"
    r"(?:male|man|men|guy|masseur)\b"
)
_NOT_FEMALE = re.compile(
    r"\b(?:not|no|n'?t want|never|rather not have)\s+(?:an? |the )?"
    r"(?:female|woman|women|lady|masseuse)\b"
)


def parse_gender(text: str, expecting: bool = True) -> Optional[str]:
    """female / male / any for the therapist. Unasked, only about a therapist."""
    text = norm(text)
    if not text:
        return None
    if not expecting and not re.search(
        r"\b(?:therapist|masseuse|masseur|practitioner|"
        r"prefer(?:ably|ence)?|would rather)\b",
        text,
    ):
        return None
    if _NOT_MALE.search(text) and not _NOT_FEMALE.search(text):
        return "female"
    if _NOT_FEMALE.search(text) and not _NOT_MALE.search(text):
        return "male"
    female, male = bool(_FEMALE.search(text)), bool(_MALE.search(text))
    if female and male:
        return "any"
    if female:
        return "female"
    if male:
        return "male"
    if _ANY_GENDER.search(text):
        return "any"
    return None


# --- Areas to avoid -------------------------------------------------------------------
_AVOID_TRIGGER = re.compile(
    r"\b(?:avoid\w*|don'?t (?:touch|massage|work on|press on|go near|press|rub)|do not "
    r"(?:touch|massage|work on|press|rub|go near)|stay away from|keep away from|"
    r"steer clear of|leave (?:\w+ ){1,3}alone|no massage on|not (?:to )?(?:touch|massage)|"
    r"hands off|off[- ]limits|please not|no touching|can'?t be touched|not be touched|"
    r"(?:don'?t|do not) want (?:\w+ ){0,3}(?:touched|massaged|worked on))\b"
)


def avoid_tokens(doc: Doc) -> Set[int]:
    """Tokens in the clause of an avoid phrase ("please don't touch my feet")."""
    text = doc.text.lower().replace("\u2019", "'")
    tokens: Set[int] = set()
    sentence_of = sentence_bounds(doc)
    for match in _AVOID_TRIGGER.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        sentence = sentence_of[span.start]
        same = [i for i in range(len(doc)) if sentence_of[i] == sentence]
        if match.group(0).startswith(("off", "can", "not be")):
            tokens.update(i for i in same if i < span.end)  # "my feet are off limits"
        else:
            stop = next(
                (i for i in same if i >= span.end and (doc[i].lower_ in CONTRAST_WORDS)), None
            )
            tokens.update(i for i in same if i >= span.start and (stop is None or i < stop))
    return tokens
