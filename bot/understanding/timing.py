"""Number words to a hundred, and when something happened.

`time_marks` finds time expressions in a normalised message and says of each
whether it points to now (RECENT: within the weeks that count as recent),
the past (OLD), a span that goes on (ONGOING: "since 2019"), a duration past the
recent weeks (LONG: "for 5 years", which dates an event but not a condition) or
cannot tell (UNKNOWN: "weeks ago" could be 2 or 20, so it is not "old").
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Tuple, Union

from bot.vocabulary.words import RECENT_WEEKS

RECENT, OLD, ONGOING, UNKNOWN = "recent", "old", "ongoing", "unknown"
# Lasting longer than the recent weeks: an injury had "for 10 years" is old,
# eczema had "for 10 years" is still there.
LONG = "long"

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words() -> Dict[str, int]:
    words = {word: value for value, word in enumerate(_UNITS)}
    words.update(
        {
            "nought": 0,
            "nil": 0,
            "a hundred": 100,
            "one hundred": 100,
            "hundred": 100,
            "a dozen": 12,
            "dozen": 12,
            "half a dozen": 6,
        }
    )
    for index, tens in enumerate(_TENS, start=2):
        words[tens] = index * 10
        for unit in range(1, 10):
            for joiner in ("-", " ", ""):
                words[f"{tens}{joiner}{_UNITS[unit]}"] = index * 10 + unit
    return words


NUMBER_WORDS: Dict[str, int] = _number_words()
NUMBER_WORD_RE = "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True))

_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "a few": 3,
    "few": 3,
    "several": 4,
    "some": 3,
}
_QTY = (
    r"(?:\d+(?:\.\d+)?|a couple of|a couple|couple of|a few|few|several|some|"
    + NUMBER_WORD_RE
    + r"|an|a)"
)
# A season or a Christmas counted back is a year each: "two winters ago".
_UNIT = (
    r"(?:days?|weeks?|wks?|months?|mths?|mos?|years?|yrs?|decades?|fortnights?|hours?|hrs?|"
    r"winters?|summers?|springs?|autumns?|christmases|christmas)"
)
_UNIT_WEEKS = {
    "day": 1 / 7,
    "week": 1.0,
    "wk": 1.0,
    "month": 4.35,
    "mth": 4.35,
    "mo": 4.35,
    "year": 52.0,
    "yr": 52.0,
    "decade": 520.0,
    "fortnight": 2.0,
    "hour": 1 / 168,
    "hr": 1 / 168,
    "winter": 52.0,
    "summer": 52.0,
    "spring": 52.0,
    "autumn": 52.0,
    "christma": 52.0,
    "christmase": 52.0,
}


def number_value(word: Optional[str]) -> Optional[float]:
    """ "7", "7.5", "seven", "twenty-one", "a few" -> the number; else None."""
    if not word:
        return None
    word = word.strip()
    if word in _COUNT_WORDS:
        return float(_COUNT_WORDS[word])
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def _weeks_per(unit: str) -> float:
    unit = unit.rstrip("s") if len(unit) > 2 else unit
    return _UNIT_WEEKS.get(unit, _UNIT_WEEKS.get(unit.rstrip("s"), 1.0))


def _amount(qty: Optional[str], unit: str, half: bool = False) -> str:
    value = number_value(qty)
    if value is None:  # "weeks ago": two of them or twenty
        if unit.startswith(("week", "wk", "day", "hour", "hr")):
            return UNKNOWN if unit.startswith(("week", "wk")) else RECENT
        return OLD
    weeks = (value + (0.5 if half else 0)) * _weeks_per(unit)
    return RECENT if weeks <= RECENT_WEEKS else OLD


Verdict = Union[str, Callable[[re.Match], str]]


def _ago(m: re.Match) -> str:
    return _amount(m.group("qty"), m.group("unit"), bool(m.groupdict().get("half")))


def _duration(m: re.Match) -> str:
    return LONG if _amount(m.group("qty"), m.group("unit")) == OLD else UNKNOWN


def _within(m: re.Match) -> str:
    return RECENT if _amount(m.group("qty"), m.group("unit")) == RECENT else UNKNOWN


def _year(m: re.Match) -> str:
    return OLD if int(m.group("year")) < datetime.date.today().year else RECENT


def _since_year(m: re.Match) -> str:
    return ONGOING


MONTHS_RE = "january|february|march|april|may|june|july|august|september|october|november|december"


def _last(m: re.Match) -> str:
    return (
        OLD
        if m.group("what")
        in {
            "year",
            "yr",
            "summer",
            "winter",
            "spring",
            "autumn",
            "fall",
            "christmas",
            "decade",
            "easter",
        }
        else RECENT
    )


def _month_back(m: re.Match) -> str:
    """ "back in October", "last March": a month gone by (a month alone may be ahead:
    "due in March"). More than one month before this one is more than the recent weeks."""
    month = MONTHS_RE.split("|").index(m.group("month")) + 1
    ago = (datetime.date.today().month - month) % 12 or 12
    return RECENT if ago <= 1 else OLD


_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_LIFE = (
    r"child|kid|teenager|teen|baby|toddler|youngster|student|boy|girl|young|little|"
    r"younger|small|wee girl|wee boy"
)


@lru_cache(maxsize=1)
def _patterns() -> Tuple[Tuple[re.Pattern, Verdict], ...]:
    q, u = _QTY, _UNIT
    rows: List[Tuple[str, Verdict]] = [
        # A due date is ahead, whatever month or season it names.
        (
            rf"\b(?:due|baby (?:comes?|coming|arrives?)|(?:expecting|having) (?:the |a |our |my )?"
            rf"(?:baby|first|second|third|little one)|expecting) "
            rf"(?:in|on|around|at the end of|early|late|mid|by)\b(?: the)?"
            rf"(?: (?:{MONTHS_RE}|spring|summer|autumn|"
            r"fall|winter|new year))?",
            RECENT,
        ),
        # "since last year": it began then and goes on.
        (
            r"\bsince (?:last|the) (?:year|yr|month|summer|winter|spring|autumn|fall|christmas)\b",
            ONGOING,
        ),
        (
            rf"\b(?:in|within|over|during) the (?:last|past|previous) (?:(?P<qty>{q}) )?"
            rf"(?P<unit>{u})\b",
            _within,
        ),
        (rf"\b(?P<qty>{q})\s*(?P<unit>{u}) and a half (?:ago|back)\b", _ago),
        (
            rf"\b(?:(?P<qty>{q})\s*(?P<half>and a half )?)?(?P<unit>{u})\s+"
            r"(?:ago|back|before now|earlier|previously)\b",
            _ago,
        ),
        # "back in the 80s", "in the nineties": a decade gone.
        (
            r"\b(?:in|back in|during) the (?:(?:19)?[1-9]0'?s|(?:twen|thir|for|fif|six|seven|eigh|"
            r"nine)ties)\b",
            OLD,
        ),
        (
            rf"\b(?P<qty>{q})\s*(?P<unit>{u})\s+"
            r"(?:post[- ]?op|post[- ]?surgery|post[- ]?operative|"
            r"after (?:the |my |an? )?(?:surgery|operation|op|accident|fall|injury))\b",
            _ago,
        ),
        # "for 6 months" says how long, not when: it dates only an event.
        (
            rf"\bfor (?:the (?:last|past) )?(?:about |around |nearly |almost |over |like )?"
            rf"(?P<qty>{q})\s*(?P<unit>{u})\b",
            _duration,
        ),
        (
            rf"\bsince (?:the (?:last|past) )?(?:about |around |nearly |almost |over )?"
            rf"(?P<qty>{q})\s*(?P<unit>{u})\b",
            ONGOING,
        ),
        (rf"\b(?P<qty>{q})\s*(?P<unit>weeks?|wks?|months?) (?:along|pregnant|gone|in)\b", RECENT),
        # a season said of what comes back is a habit, not a time past: "I get the heat
        # rash in summer", "my eczema flares every winter"
        (
            r"\b(?:i get|get it|gets|flares?(?: up)?|comes? back|always|every|each) "
            r"(?:[a-z']+ ){0,4}?(?:in|during|over|every|each) (?:the )?"
            r"(?:winters?|summers?|springs?|autumns?|falls?)\b",
            ONGOING,
        ),
        (r"\b(?:in|during|over) (?:the )?(?P<what>winter|summer|spring|autumn|fall)\b", _last),
        (
            rf"\b(?:last|past|previous) (?P<what>week|weekend|month|night|{_DAYS}|year|yr|summer|"
            r"winter|spring|autumn|fall|christmas|decade|easter)\b",
            _last,
        ),
        (
            rf"\b(?:yesterday|today|tonight|right now|the now|nowadays|at present|at the moment|"
            rf"currently|this (?:morning|"
            rf"afternoon|evening|week|month)|the other day|recently|just (?:had|got|been)|a few "
            rf"days back|earlier this (?:week|month)|on (?:{_DAYS})|since (?:last )?(?:week|"
            rf"{_DAYS}|the weekend)|still (?:healing|recovering)|recovering from)\b",
            RECENT,
        ),
        (
            rf"\b(?:back in|last|back in (?:early|late|mid))[- ]"
            rf"(?P<month>{MONTHS_RE})\b(?! (?:19|20)\d\d)",
            _month_back,
        ),
        (r"\bsince (?:(?:about|around|early|late|mid) )?(?P<year>(?:19|20)\d\d)\b", _since_year),
        (r"\b(?:(?:in|back in|around|during|from) )?(?P<year>(?:19|20)\d\d)\b", _year),
        (
            # a child's age now dates the birth: "a c-section with my youngest, she's 8 now"
            rf"\b(?:she|he|they)(?:'s| is| are|'re) (?:\d+|{NUMBER_WORD_RE})(?: (?:years?|yrs?)"
            rf"(?: old)?| now)\b|"
            # an age at the time: "when 12 year old", "at the age of 15"
            rf"\bwhen (?:i was |i were |im |i'm )?(?:\d+|{NUMBER_WORD_RE})\s*(?:years?|yrs?)"
            rf"(?:[- ]old)?\b|\bat (?:the )?age (?:of )?(?:\d+|{NUMBER_WORD_RE})\b|"
            rf"\b(?:as an? (?:{_LIFE})|when i was (?:(?:like|about|around|maybe) )?(?:an? )?"
            rf"(?:{_LIFE}|\d+|{NUMBER_WORD_RE}|in "
            r"(?:school|college|university|my))|in (?:my|me) (?:teens|twenties|thirties|forties|"
            r"fifties|sixties|youth|childhood|[1-6]0'?s)|childhood|(?:a )?long time ago|long ago|"
            r"ages ago|years back|decades? ago|years and years|many years|a lifetime ago|"
            # school days, the speaker's ("when I was at school", "in grade 10"), not
            # a school now ("the kids at school got me sick")
            r"(?:was|were|back|while) (?:at|in) (?:school|high school|middle school|"
            r"primary school|secondary school|grade school|junior high)|"
            r"in (?:high|middle|primary|secondary|grade|elementary) school|in junior high|"
            rf"in (?:grade|year|form) (?:\d+|{NUMBER_WORD_RE})|in (?:\d+(?:st|nd|rd|th)|"
            r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
            r"twelfth) grade|in sixth form|"
            r"growing up|years ago|months ago|back then|back in the day|"
            # "the spring before last"; a year by its last two digits: "in the Army in 67"
            r"(?:year|summer|winter|spring|autumn|fall|christmas) before last|"
            r"(?:back )?in '?[3-9]\d(?! ?(?:%|[a-z]))|back in '?[0-2]\d(?! ?(?:%|[a-z])))\b",
            OLD,
        ),
        # a weekday alone is this week or last: "came off my scooter tues"
        (rf"\b(?:{_DAYS}|tues|weds|thurs|fri)\b", RECENT),
    ]
    return tuple((re.compile(p), v) for p, v in rows)


def time_marks(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, verdict) character spans of the time expressions in a normalised text."""
    found: List[Tuple[int, int, str]] = []
    for pattern, verdict in _patterns():
        for match in pattern.finditer(text):
            if any(
                s <= match.start() < e or match.start() <= s < match.end() for s, e, _ in found
            ):
                continue
            found.append(
                (match.start(), match.end(), verdict(match) if callable(verdict) else verdict)
            )
    return found
