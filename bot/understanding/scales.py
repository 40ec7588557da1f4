"""The scales of the intake: a 0-10 pain score, touch sensitivity (none to
severe), and the number of a button's option ("2", "the second one").

Closed answers are read with compiled regular expressions over the normalised
message; numbers and number words with the understanding's number reader
(bot/understanding/timing.py). The word lists are in data/scales.yml.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from bot.understanding import lexicon, sensitivity
from bot.understanding.doc import norm
from bot.understanding.timing import NUMBER_WORD_RE as _NUMBER_WORD_RE
from bot.understanding.timing import NUMBER_WORDS, number_value
from bot.vocabulary.words import QUESTION_OPTIONS

_WORDS = lexicon.table("scales")


# --- Numbers --------------------------------------------------------------------------
_NUM = rf"(?:\d+(?:\.\d+)?|{_NUMBER_WORD_RE})"
# "7 and a half", "seven and half" (not "7 and half the time").
_HALF = r"(?P<half> and (?:a )?half(?! (?:the|of|my|an?)\b))"
# "my pain runs 6", "pain sits at about 5": a verb of level after "pain".
_LEVEL_VERBS = "|".join(
    " " + re.escape(verb) for verb in sorted(_WORDS["level_verbs"], key=len, reverse=True)
)
_EXPLICIT_SCORE = re.compile(
    rf"(?<![\w.-])(?P<a>-?{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?{_HALF}?"
    r"\s*(?:/|out of|outta|of)\s*(?:10|ten)\b"
)
_PAIN_IS = re.compile(
    rf"\bpain(?: level| score| rating)?(?:'s| is| was| are| at| of|{_LEVEL_VERBS})\s+"
    rf"(?:(?:a|an|about|around|roughly|usually|typically|normally|generally|like|at|"
    rf"probably|maybe|say|more|closer|nearer|to|now|actually|really|honestly)\s+)*(?P<a>-?{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?"
    rf"{_HALF}?(?![\w.])"
    r"|\b(?:rate|put|call|score|place) (?:it|my pain|the pain|mine|that)(?: as| at| a| an| about|"
    rf" around)*\s+(?P<c>-?{_NUM})(?![\w.])"
)
_RANGE = re.compile(
    rf"(?<![\w.])(?:between\s+)?(?P<a>{_NUM})\s*(?P<join>-|–|to|or|and|,)\s*(?P<b>{_NUM})"
    r"(?![\w.]|/)"
)
_SINGLE = re.compile(rf"(?<![\w./])(?P<neg>-)?(?P<a>{_NUM}){_HALF}?(?![\w/])")
_NOT_A_SCORE_AFTER = re.compile(
    r"^\s*(?:%|percent|days?|weeks?|wks?|months?|years?|yrs?|y/?o\b|hours?|hrs?|h\b|"
    r"minutes?|mins?|m\b|am\b|pm\b|a\.m|p\.m|o'?clock|kg|kilos?|lbs?|pounds?|stones?|st\b|"
    r"times|kids|children|sessions?|massages?|cm|mm|feet|ft|inch|miles?|km|st\b|nd\b|rd\b|"
    r"th\b|of (?:my|the|them|these|those)|x\b|\.\d|:\d|/\d)"
)
_NOT_A_SCORE_BEFORE = re.compile(
    r"(?:\bi'?m|\bim|\bi am|\baged?|\bage of|\bturned|\bturning|\byear|\bin|\bsince|\bat|"
    r"\bfor|\bby|\bevery|\bno\.|#|\$|£|€|\bnumber|\boption|\bafter|\bbefore|\bthe last|"
    r"\bthe past)\s*$"
)
_ZERO_PAIN = re.compile(r"\b(?:no pain|pain[- ]free|none|nothing|not at all|zero|nil)\b")


# A number or number word ("7", "seven", "twenty") as a value.
_score = number_value


def _in_range(value: Optional[float]) -> Optional[float]:
    return value if value is not None and 0 <= value <= 10 else None


def _explicit_intensity(text: str) -> Tuple[bool, Optional[float]]:
    for pattern in (_EXPLICIT_SCORE, _PAIN_IS):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        first = groups.get("a") or groups.get("c")
        if pattern is _PAIN_IS and _NOT_A_SCORE_AFTER.match(text[match.end() :]):
            continue
        a = _score(first)
        b = _score(groups["b"]) if groups.get("b") else None
        if a is None:
            continue
        if b is not None:
            a = b if b > a and b - a <= 3 else a  # "7 or 8": the higher, the safe side
        if groups.get("half"):
            a += 0.5
        return True, _in_range(a)
    return False, None


# Which of several scores answers "on a typical day": the one said of a usual day,
# else one not said of a bad or good day, today or a flare.
_TYPICAL = re.compile(
    r"\b(?:typical(?:ly)?|usual(?:ly)?|normal(?:ly)?|ordinar(?:y|ily)|most days|on average|"
    r"average|generally|mostly|day to day|everyday|every day|most of the "
    r"time|regular(?:ly)?|baseline)\b"
)
_ATYPICAL = re.compile(
    r"\b(?:(?:bad|good|rough|hard|tough|easy) days?|worst|flares?|flaring|best|today|tonight|"
    r"right now|rn|at the moment|this week|yesterday|sometimes)\b"
)
_SCORE_CLAUSE_BREAK = re.compile(r"(?<!\d)\.|\.(?!\d)|[;!?\n]+|\bbut\b|\bthough\b|\bwhile\b")
# "it's a 7", "like an 8", "bout a 4": a number with an article is a score.
_ARTICLE_SCORE = re.compile(
    rf"(?:\b(?:it'?s|its|is|was|about|bout|around|like|roughly|usually|typically|normally|maybe|"
    rf"prob(?:ably)?|mostly|always|generally|at|nearer|closer to|say)|'s)\s+(?:a|an)\s+"
    rf"(?P<a>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?(?![\w.]|\s*(?:%|days?|weeks?|"
    rf"months?|years?|yrs?|hours?|hrs?|minutes?|mins?|times|kids))"
)
# Beside a pain word, a number after an approximation needs no article: "about 4",
# "typical day like 7", "around 5-6", "about 5/6" (a range, not a fraction of 10).
_APPROX_SCORE = re.compile(
    rf"\b(?:about|bout|around|roughly|approx(?:imately)?|typically|usually|normally|"
    rf"generally|(?:typical|normal|ordinary|usual|average|regular) days?(?: (?:is|are|it'?s|its|"
    rf"i'?m|im|like|about|around|maybe|at))*|typical(?: (?:is|like|about|around|maybe))?|"
    rf"most days(?: (?:is|like|about|around))?|on average)\s+(?P<a>{_NUM})"
    rf"(?:\s*(?:-|–|to|or|/)\s*(?P<b>{_NUM}))?"
    rf"(?![\w.]|\s*(?:%|/\s*10\b|days?|weeks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?|"
    rf"times|kids|am\b|pm\b|o'?clock|every|each|in the))"
)
_PAIN_CONTEXT = re.compile(
    r"\b(?:pain\w*|hurt\w*|ache\w*|aching|sore\w*|fibro\w*|"
    r"agony|out of (?:10|ten)|scale)\b"
)


_ISH = re.compile(rf"\b(?P<n>\d+|{_NUMBER_WORD_RE})\s*-?\s*ish\b")


def parse_intensity(text: str, expecting: bool) -> Optional[float]:
    """A 0-10 pain score. When the score is being asked for, a bare "5", "five",
    "6 or 7" or "no pain" count; otherwise only explicit forms ("7/10",
    "7 out of 10", "my pain is a 7", "it's about a 6" beside a pain word). Of
    several scores, the one said of a typical day wins; with only a good day's
    and a bad day's, the typical day is between them. Out-of-range numbers give
    None."""
    text = _ISH.sub(r"\g<n>", norm(text))  # "fiveish", "6-ish": about that
    if not text:
        return None
    pain_context = _PAIN_CONTEXT.search(text)
    days = _day_scores(text) if expecting or pain_context else {}
    if "typical" in days:
        return days["typical"]
    scored = _scored_clauses(text, expecting, pain_context)
    typical = [value for clause, value in scored if _TYPICAL.search(clause)]
    ordinary = [value for clause, value in scored if not _ATYPICAL.search(clause)]
    if typical or ordinary:
        return (typical or ordinary)[0]
    if "good" in days and "bad" in days:
        return (days["good"] + days["bad"]) / 2
    if scored:
        return scored[0][1]
    if days:
        return next(iter(days.values()))
    return 0.0 if expecting and _ZERO_PAIN.search(text) else None


# --- Scores said of a day: "5 usual", "8 on a bad day", "good day 2, bad day 9" ---------
def _day_tag_pattern() -> Tuple[re.Pattern, re.Pattern]:
    words = _WORDS["day_words"]

    def any_of(*lists: str) -> str:
        entries = sorted({w for name in lists for w in words[name]}, key=len, reverse=True)
        return "|".join(re.escape(entry) for entry in entries)

    nouns = any_of("nouns")
    tag = (
        rf"(?:(?P<typ>{any_of('typical')})(?:\s+(?:{nouns}))?\b"
        rf"|(?P<typ_alone>{any_of('typical_alone')})\b"
        rf"|(?P<good>{any_of('good')})\s+(?:{nouns})\b"
        rf"|(?P<bad>{any_of('bad')})\s+(?:{nouns})\b"
        rf"|(?P<good_alone>{any_of('good_alone')})\b"
        rf"|(?P<bad_alone>{any_of('bad_alone')})\b)"
    )
    score = (
        rf"(?:(?P<a>{_NUM})\s*(?:-|–|to|or)\s*)?(?P<b>{_NUM})"
        r"(?:\s*(?:/|out of)\s*(?:10|ten)\b)?"
    )
    before = any_of("before_after_number")
    # A day noun after a number needs "on", "in"...: "8 on bad days", never "8 bad days".
    after_number = re.compile(
        rf"(?<![\w.,/-]){score}(?:\s+or so)?\s+(?:(?P<prep>{before})\s+)?"
        rf"(?:(?:a|an|the|my)\s+)?{tag}"
    )
    before_number = re.compile(
        rf"\b(?:(?:{before})\s+)?(?:(?:a|an|the|my)\s+)?{tag}\s*"
        rf"(?:(?:is|are|it'?s|its|i'?m|im|maybe|about|around|like|at|a|an|[=:,-])\s*)*"
        rf"{score}(?=\s*(?:$|[,.;!?/)(-]|(?:{any_of('after_score')})\b))"
    )
    return after_number, before_number


_AFTER_NUMBER_DAY, _BEFORE_NUMBER_DAY = _day_tag_pattern()
_OUT_OF_BEFORE = re.compile(r"(?:/|\bout of|\boutta|\bof)\s*$")  # "5 outta 10 usually"
_DAY_NOUN_AT_END = re.compile(
    r"\s(?:" + "|".join(map(re.escape, _WORDS["day_words"]["nouns"])) + r")$"
)
_DAY_KINDS = {"typ": "typical", "typ_alone": "typical", "good": "good", "good_alone": "good"}
_DAY_KINDS.update({"bad": "bad", "bad_alone": "bad"})


def _day_scores(text: str) -> Dict[str, float]:
    """The first score said of each kind of day (typical, good, bad)."""
    found: List[Tuple[int, str, float]] = []
    taken: List[Tuple[int, int]] = []
    for pattern in (_AFTER_NUMBER_DAY, _BEFORE_NUMBER_DAY):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = _day_value(text, match, pattern is _AFTER_NUMBER_DAY)
            if value is not None:
                taken.append(match.span())
                kind = next(
                    _DAY_KINDS[k] for k, v in match.groupdict().items() if v and k in _DAY_KINDS
                )
                found.append((match.start(), kind, value))
    days: Dict[str, float] = {}
    for _, kind, value in sorted(found):
        days.setdefault(kind, value)
    return days


def _day_value(text: str, match: "re.Match[str]", number_first: bool) -> Optional[float]:
    """The score of a number said beside a day word, or None when it is no score: "at
    5 most days" (a time), "8 bad days" (a count: a day noun after a number needs
    "on", "in"...), "bad days 2 weeks ago"."""
    if number_first and not match.group("prep") and _DAY_NOUN_AT_END.search(match.group(0)):
        return None
    start = match.start("a") if match.group("a") else match.start("b")
    after = text[match.end("b") :]
    if _NOT_A_SCORE_BEFORE.search(text[:start]) or _OUT_OF_BEFORE.search(text[:start]):
        return None
    if match.end() == match.end("b") and _NOT_A_SCORE_AFTER.match(after):
        return None
    a, b = _score(match.group("a") or ""), _score(match.group("b"))
    if b is None:
        return None
    if a is not None and 0 <= a < b:
        b = b if b - a <= 3 else (a + b) / 2
    return _in_range(b)


# "today is an 8, usually a 5": a comma before a word (or before a whole score, "8 of
# 10 on a bad day, 5 of 10 normally") parts two scores too; a part with no score stays
# with the next ("on a bad day, it's a 9").
_COMMA_BREAK = re.compile(
    rf",(?=\s*[a-z])|(?<=[a-z]),(?=\s*{_NUM}\s*(?:/|out of|outta|of)\s*(?:10|ten)\b)"
)


def _scored_clauses(text: str, expecting: bool, pain_context) -> List[Tuple[str, float]]:
    """Each clause with a score, and its score."""
    scored = []
    for clause in _SCORE_CLAUSE_BREAK.split(text):
        pending = ""
        for piece in _COMMA_BREAK.split(clause):
            pending = f"{pending},{piece}" if pending else piece
            value = _clause_intensity(pending.strip(), expecting, pain_context)
            if value is not None:
                scored.append((pending, value))
                pending = ""
    return scored


def _clause_intensity(text: str, expecting: bool, pain_context) -> Optional[float]:
    if not text:
        return None
    found, value = _explicit_intensity(text)
    if found:
        return value
    article = _ARTICLE_SCORE.search(text) or (pain_context and _APPROX_SCORE.search(text))
    if article and (expecting or pain_context):
        a, b = _score(article.group("a")), _score(article.group("b") or "")
        return _in_range(b if b is not None and a is not None and 0 < b - a <= 3 else a)
    if not expecting:
        return None
    score = _bare_range(text)
    return score if score is not None else _bare_score(text)


def _bare_range(text: str) -> Optional[float]:
    """ "6 or 7", "between 4 and 8", said when the score is asked for."""
    for match in _RANGE.finditer(text):
        if _NOT_A_SCORE_AFTER.match(text[match.end() :]) or _NOT_A_SCORE_BEFORE.search(
            text[: match.start()]
        ):
            continue
        a, b = _score(match.group("a")), _score(match.group("b"))
        if match.group("join") == "," and not (a is not None and b is not None and b - a == 1):
            continue  # "4, 5" is a range; "2, 9" two scores
        if a is not None and b is not None and 0 <= a < b <= 10:
            # "6 or 7": the higher, so the massage errs on the gentle side;
            # "it varies, 4 to 8": the middle.
            return b if b - a <= 3 else (a + b) / 2
    return None


def _bare_score(text: str) -> Optional[float]:
    """ "5", "five", "6 and a half", said when the score is asked for."""
    for match in _SINGLE.finditer(text):
        word = match.group("a")
        before, after = text[: match.start()], text[match.end() :]
        if _NOT_A_SCORE_AFTER.match(after) or _NOT_A_SCORE_BEFORE.search(before):
            continue
        if word == "one" and (
            re.search(
                r"\b(?:the|this|that|which|every|any|no|bad|"
                r"good|a|each|last)\s*$",
                before,
            )
            or re.match(r"\s*(?:of|day|time)\b", after)
        ):
            continue
        value = _score(word)
        if value is None:
            continue
        if match.group("neg"):
            return None
        if match.group("half"):
            value += 0.5
        return _in_range(value)
    return None


# --- Touch sensitivity -----------------------------------------------------------------
_TOUCH_WORDS = lexicon.any_word(_WORDS["touch_words"])
_SEVERE = re.compile(
    r"\beven (?:the |a |my |light |lightest |gentle |gentlest |soft |when |just |being )*"
    r"(?:shower|water|bed ?sheets?|sheets?|bedding|duvet|blankets?|clothes|clothing|"
    r"breeze|wind|light touch|touch|feather|hair|comb|combing|brushing|brush|towel|"
    r"pillow|fabric|socks|lightest|softest|slightest|air)"
    r"|\bcan'?t (?:bear|stand|tolerate|handle|take) (?:to be |being |any(?:one|body)? |"
    r"people |a )?touch"
    r"|\bcan(?:'?t| ?not) be touched"
    r"|\b(?:any|every|the slightest|the lightest|the softest|the gentlest|a light|light)"
    r" touch (?:at all )?(?:hurts|is (?:painful|agony|unbearable|excruciating|sore))"
    r"|\b(?:shower|bed ?sheets|sheets|bedding|duvet|the water)\b[^.]{0,25}"
    r"\b(?:hurts?|painful|sore|agony|stings?)"
    r"|\b(?:combing|brushing|washing) (?:my |your )?hair\b[^.]{0,15}\b(?:hurts?|painful|sore)"
    r"|\bhair (?:hurts|is sore|is painful)"
    r"|\bsevere(?:ly)?\b|\bextreme(?:ly)?\b|\bunbearabl[ey]\b|\bexcruciating\b|\bagony\b"
    r"|\b(?:very|really|super|incredibly|so|extremely|hugely) (?:sensitive|painful|bad)\b"
    r"|\ballodynia\b|\beverything (?:touching me )?hurts\b"
)
# Unasked, only a statement that ordinary touch hurts counts ("hugs hurt"), not
# "please don't touch my feet".
_TOUCH_STATEMENT = re.compile(
    r"\b(?:hugs?|hugging|cuddles?|clothes|clothing|shirts?|seams|tags|shower|sheets?|bedding|"
    r"hair|bras?|waistbands?|light touch|being touched|touched|touch(?:ing|in)? me|"
    r"(?:people|ppl|anyone|someone) touch\w*|"
    r"touch(?:ed|ing)? (?:hurts|is painful|is sore))\b"
    # touch said to bother, or not, or only now and then: "touch doesnt bother me much"
    r"|\btouch(?:ing)? (?:(?:really|usually|generally|only|rarely|sometimes|does|do|doesn'?t|"
    r"does not|don'?t|do not|never|not)\s+){0,3}(?:bother|hurt|affect|trouble)s?\b"
)
_NONE_STRONG = re.compile(
    r"\b(?:touch|it|hugs?|that|clothes|showers?|being touched|light touch|touching)"
    r"(?: really| usually| generally)? (?:does(?:n'?t| not)|do(?:n'?t| not)|never)"
    r" (?:really )?(?:bother|hurt|affect|trouble)(?:s)?(?!(?: me)? (?:much|a lot|that much|"
    r"too much|very much|a bit|a little))(?: me)?\b"
    r"|\b(?:light |gentle |normal |ordinary )?(?:touch|touching|hugs?|clothes|showers?)"
    r"(?: is| are|'s| feels?)(?: totally| perfectly| usually)? (?:fine|ok(?:ay)?|alright|"
    r"good|nice|no problem|not a problem|not painful)"
    # said without a verb: "light touch no problem", "light touch fine"
    r"|\b(?:light|gentle|normal|ordinary) touch,? (?:is )?(?:fine|ok(?:ay)?|alright|no problem|"
    r"not a problem|no bother|no issue)\b"
    r"|\b(?:light|gentle|soft) (?:stuff|touch|things?|pressure) (?:is|are|feels?) "
    r"(?:fine|ok(?:ay)?|alright|good)"
    r"|\bnot (?:at all|sensitive|painful|a problem)\b"
    r"|\bno (?:sensitivity|problems?|issues?|pain) (?:with|from|when) (?:touch|hugs?|being)"
)
_MILD = re.compile(
    r"\ba (?:little|bit|tad|touch)\b|\bslight(?:ly)?\b|\bmild(?:ly)?\b|\bsometimes\b|"
    r"\boccasionally\b|\bnot (?:much|very|too|that|so) (?:much|bad|sensitive|often)?|"
    r"\bsomewhat\b|\bon (?:bad|some) days\b|\bduring (?:a )?flares?\b|\bnow and then\b|"
    r"\ba wee bit\b|\bminor\b|\bbarely\b|\bhardly\b|\bjust a bit\b|\bnot (?:that )?much\b|"
    r"n'?t (?:really )?(?:bother|hurt|affect)s? (?:me )?(?:much|that much|too much|very much)"
)
_MODERATE = re.compile(
    r"\bhug(?:s|ging|ged)?\b[^.]{0,20}\b(?:hurts?|painful|sore|uncomfortable|bother|ouch|"
    r"ache|aches)|\b(?:hurts?|painful) (?:to|when i|when people|when someone) hug"
    r"|\btight (?:clothes|clothing|waistbands?|jeans|trousers|sleeves|bras?|straps?|"
    r"shoes|socks|belts?)\b|\bwaistbands?\b|\bbra straps?\b|\bmoderate(?:ly)?\b|"
    r"\bquite (?:a lot|a bit|bad|sensitive|painful|sore|often|tender)\b|\ba lot\b|"
    r"\bfairly\b|\b(?:pretty|rather|quite) (?:sensitive|bad|painful|sore|tender)\b|"
    r"\bsensitive\b|\btender\b|\boften\b|\bmost days\b|\bmedium\b"
)


def _hurts_elsewhere(text: str) -> bool:
    """ "hugs hurt, the shower is ok though": one example said to be fine does not
    cancel another said to hurt (the worst one grades the sensitivity)."""
    clauses = _CLAUSES.split(text)
    rest = " , ".join(
        clause
        for clause in clauses
        if _TOUCH_WORDS.search(clause) and not _NONE_STRONG.search(clause)
    )
    return bool(_MODERATE.search(rest) or sensitivity.grade(rest))


_CLAUSES = re.compile(r"[,;.!?]|\bbut\b|\band\b|\bbc\b|\bbecause\b|\bthough\b")


def _about_touch(text: str) -> str:
    """The clauses about touch and the one after each ("hugs hurt, it's constant"),
    so "about a 6 most days, hugs hurt a little" is graded on the hugs alone."""
    clauses = _CLAUSES.split(text)
    keep = [i for i, clause in enumerate(clauses) if _TOUCH_WORDS.search(clause)]
    chosen = sorted({j for i in keep for j in (i, i + 1) if j < len(clauses)})
    return " , ".join(clauses[j] for j in chosen) if chosen else text


def parse_sensitivity(text: str, expecting: bool) -> Optional[str]:
    """none / mild / moderate / severe from everyday examples ("hugs hurt") or,
    when asked, a level word. Unasked, only clear statements about touch count."""
    text = norm(text)
    if not text:
        return None
    if expecting:
        return sensitivity.read(text)
    # Unasked, only clear statements about touch count.
    touch = _TOUCH_WORDS.search(text)
    if not (touch and (_TOUCH_STATEMENT.search(text) or _NONE_STRONG.search(text))):
        return None
    if _NONE_STRONG.search(text) and not _MILD.search(text) and not _hurts_elsewhere(text):
        return "none"
    graded = sensitivity.grade(_about_touch(text))
    # "combing my hair hurts", said with no "how often", reads as the old table did.
    if (
        graded in (None, "moderate")
        and _SEVERE.search(text)
        and not re.search(
            r"\bnot (?:that |so |very |too )?(?:severe|bad|extreme)|\b(?:often|most days|"
            r"many days|usually|sometimes|occasionally)\b",
            text,
        )
    ):
        return "severe"
    if graded:
        return graded
    return "moderate" if _MODERATE.search(text) else None


# --- Options by number -----------------------------------------------------------------
_ORDINALS = {word: int(number) for word, number in _WORDS["ordinals"].items()}
_OPTION_NUMBER = re.compile(
    r"^\W*(?:(?:option|number|no\.?|#|choice|answer)\s*)?(?P<n>\d{1,2}|"
    + _NUMBER_WORD_RE
    + r")\s*[.)!]?\s*(?:please)?\W*$"
)
_OPTION_ORDINAL = re.compile(
    r"^\W*(?:the\s+)?(?P<o>" + "|".join(_ORDINALS) + r"|last)"
    r"(?:\s+(?:one|option|choice|answer))?\s*(?:please)?\W*$"
)


def parse_option_number(text: str, slot: Optional[str]) -> object:
    """The option a bare number picks ("2", "option 2", "the second one")."""
    options = QUESTION_OPTIONS.get(slot or "")
    if not options:
        return None
    text = norm(text)
    index = None
    match = _OPTION_NUMBER.match(text)
    if match:
        word = match.group("n")
        index = NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)
    else:
        match = _OPTION_ORDINAL.match(text)
        if match:
            word = match.group("o")
            index = len(options) if word == "last" else _ORDINALS[word]
    if index is None or not 1 <= index <= len(options):
        return None
    return options[index - 1][1]
