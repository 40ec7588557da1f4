"""From intake answers to a massage style, the reasons, precautions and the
questions to ask a therapist.

Pure functions, no I/O. The rules are those of DESIGN.md ("first rule that
matches wins"); the grounded lines about each style come from DOMAIN.md.
The assistant never diagnoses: every sentence here speaks about massage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.vocabulary import words as vocab
from bot.vocabulary.slots import Slot

# Rule numbers, as in DESIGN.md.
RULE_STOP_FLAG = 1
RULE_CAUTION_FLAG = 2
RULE_SEVERE_SENSITIVITY = 3
RULE_FLARE = 4
RULE_MODERATE_SENSITIVITY = 5
RULE_LOW_SENSITIVITY = 6

# Rule 6: firm pressure leads to deep tissue only up to this typical-day pain.
DEEP_TISSUE_MAX_INTENSITY = 6.0


# --- Answers ------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeAnswers:
    """What the person told us. Any answer may be missing (None or empty)."""

    red_flags: Tuple[str, ...] = ()
    pain_areas: Tuple[str, ...] = ()
    pain_intensity: Optional[float] = None
    touch_sensitivity: Optional[str] = None
    pressure_preference: Optional[str] = None
    post_massage_flare: Optional[bool] = None
    goals: Tuple[str, ...] = ()
    heat_packs: Optional[str] = None  # "yes", "no" or NO_PREFERENCE
    session_length: Optional[int] = None  # minutes
    therapist_gender: Optional[str] = None  # "female", "male", "any", NO_PREFERENCE
    avoid_areas: Tuple[str, ...] = ()
    # The safety checklist could not be answered: treated as a stop flag.
    safety_unclear: bool = False

    @classmethod
    def from_slots(cls, slots: Optional[Mapping[str, Any]]) -> "IntakeAnswers":
        """Build answers from Rasa slot values; tolerant of None, lists and strings."""
        slots = slots or {}
        return cls(
            red_flags=_str_tuple(slots.get(Slot.RED_FLAGS)),
            pain_areas=_str_tuple(slots.get(Slot.PAIN_AREAS)),
            pain_intensity=_float_or_none(slots.get(Slot.PAIN_INTENSITY)),
            touch_sensitivity=_choice(slots.get(Slot.TOUCH_SENSITIVITY)),
            pressure_preference=_choice(slots.get(Slot.PRESSURE_PREFERENCE)),
            post_massage_flare=_bool_or_none(slots.get(Slot.POST_MASSAGE_FLARE)),
            goals=_str_tuple(slots.get(Slot.GOALS)),
            heat_packs=_choice(slots.get(Slot.HEAT_PACKS)),
            session_length=_minutes_or_none(slots.get(Slot.SESSION_LENGTH)),
            therapist_gender=_choice(slots.get(Slot.THERAPIST_GENDER)),
            avoid_areas=_str_tuple(slots.get(Slot.AVOID_AREAS)),
            safety_unclear=slots.get(Slot.SAFETY_UNCLEAR) is True,
        )


def _str_tuple(value: Any) -> Tuple[str, ...]:
    """A tuple of distinct, non-empty strings, first occurrence kept."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    try:
        items = list(value)
    except TypeError:
        return ()
    seen: List[str] = []
    for item in items:
        if item is None:
            continue
        text = str(item).strip()
        if text and text not in seen:
            seen.append(text)
    return tuple(seen)


def _choice(value: Any) -> Optional[str]:
    if value is None:
        return None
    text = str(value).strip().lower()
    return text or None


def _float_or_none(value: Any) -> Optional[float]:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    return min(10.0, max(0.0, number))


def _bool_or_none(value: Any) -> Optional[bool]:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0", "never"):
        return False
    return None


def _minutes_or_none(value: Any) -> Optional[int]:
    if value is None or isinstance(value, bool):
        return None
    try:
        minutes = int(round(float(value)))
    except (TypeError, ValueError):
        return None  # includes NO_PREFERENCE
    return minutes if minutes > 0 else None


# --- Flags ----------------------------------------------------------------------


def _flags_of(red_flags: Iterable[str], *severities: str) -> List[vocab.RedFlag]:
    """Known flags of the given severities, in the order the person gave them."""
    found = []
    for flag_id in red_flags or ():
        flag = vocab.RED_FLAGS_BY_ID.get(flag_id)
        if flag is not None and flag.severity in severities and flag not in found:
            found.append(flag)
    return found


def _stop_flags(red_flags: Iterable[str]) -> List[vocab.RedFlag]:
    """Emergency flags first, then see-a-doctor-first flags."""
    return _flags_of(red_flags, vocab.EMERGENCY) + _flags_of(red_flags, vocab.SEE_DOCTOR)


def _caution_flags(red_flags: Iterable[str]) -> List[vocab.RedFlag]:
    return _flags_of(red_flags, vocab.CAUTION)


# --- The rules --------------------------------------------------------------------


def _effective_sensitivity(answers: IntakeAnswers) -> str:
    """Unknown sensitivity is treated as `moderate`: the gentler reading,
    which never leads to deep tissue."""
    if answers.touch_sensitivity in vocab.SENSITIVITY_LEVELS:
        return answers.touch_sensitivity
    return "moderate"


def _effective_pressure(answers: IntakeAnswers) -> str:
    if answers.pressure_preference in vocab.PRESSURE_LEVELS:
        return answers.pressure_preference
    return "unsure"


def choose_style(answers: IntakeAnswers) -> Tuple[str, int]:
    """The recommended style and the number (1-6) of the DESIGN.md rule that decided it."""
    if _stop_flags(answers.red_flags) or answers.safety_unclear:
        return vocab.NO_MASSAGE, RULE_STOP_FLAG
    if _caution_flags(answers.red_flags):
        return vocab.LIGHT, RULE_CAUTION_FLAG
    sensitivity = _effective_sensitivity(answers)
    if sensitivity == "severe":
        return vocab.LIGHT, RULE_SEVERE_SENSITIVITY
    if answers.post_massage_flare is True:
        style = vocab.LIGHT if sensitivity == "moderate" else vocab.MYOFASCIAL
        return style, RULE_FLARE
    pressure = _effective_pressure(answers)
    if sensitivity == "moderate":
        style = vocab.MYOFASCIAL if pressure in ("medium", "firm") else vocab.LIGHT
        return style, RULE_MODERATE_SENSITIVITY
    # Sensitivity none or mild.
    if pressure == "firm":
        intensity = answers.pain_intensity
        if intensity is not None and intensity <= DEEP_TISSUE_MAX_INTENSITY:
            return vocab.DEEP_TISSUE, RULE_LOW_SENSITIVITY
        return vocab.MYOFASCIAL, RULE_LOW_SENSITIVITY
    if pressure in ("medium", "unsure"):
        return vocab.MYOFASCIAL, RULE_LOW_SENSITIVITY
    return vocab.LIGHT, RULE_LOW_SENSITIVITY


def alternative_style(style: str, red_flags: Iterable[str] = ()) -> Optional[str]:
    """The next gentler style; `myofascial_release` for `light` when no caution flag applies."""
    if style == vocab.DEEP_TISSUE:
        return vocab.MYOFASCIAL
    if style == vocab.MYOFASCIAL:
        return vocab.LIGHT
    if style == vocab.LIGHT:
        return None if _caution_flags(red_flags) else vocab.MYOFASCIAL
    return None


# --- Words ---------------------------------------------------------------------------

_SENSITIVITY_WORDS = {
    "none": "light touch doesn't hurt you",
    "mild": "light touch hurts only a little (mild touch sensitivity)",
    "moderate": "ordinary light touch hurts you quite a lot (moderate touch sensitivity)",
    "severe": "even light touch hurts (severe touch sensitivity)",
}

_STYLE_LINES = {
    vocab.LIGHT: (
        "Gentle massage is the usual start for fibromyalgia. It should never "
        "hurt, and the pressure can go up slowly from one session to the next."
    ),
    vocab.MYOFASCIAL: (
        "In myofascial release the therapist slowly stretches and holds the "
        "fascia, the thin covering over your muscles. A 2015 review found "
        "the strongest evidence for it of all the massage styles studied "
        "for fibromyalgia pain."
    ),
    vocab.DEEP_TISSUE: (
        "Deep tissue massage works on knots deeper in the muscle. Some "
        "people are sore for about a day, then feel better for days or weeks."
    ),
}

COMPLEMENT_LINE = (
    "Massage can ease pain alongside your other care, like gentle exercise. "
    "It is a help, not a cure."
)

ALWAYS_PRECAUTIONS: Tuple[str, ...] = (
    "The pressure should never hurt. Start gentle and raise it slowly, session by session.",
    "Say so straight away if anything hurts or feels too much. The therapist will change it.",
    "Mild soreness for up to a day afterwards is normal. If it lasts longer, "
    "ask for a gentler session next time.",
    "Try 1 to 2 sessions a week for at least 5 weeks before you judge whether it helps.",
)

COME_BACK_LINE = (
    "Please come back once a doctor has checked. Then we can find the "
    "right massage for you together."
)

EMERGENCY_STOP_MESSAGE = (
    "Please call your local emergency number now (911 in the US, "
    "999 in the UK, 112 in the EU). Chest pain or trouble breathing "
    "can be an emergency."
)
SEE_DOCTOR_STOP_MESSAGE = (
    "Please see a doctor before you have a massage. "
    "Once a doctor has checked, come back and we'll find the "
    "right massage for you."
)

# The doctor's note (or training) to ask about, per caution flag.
_FLAG_QUESTIONS = {
    "blood_thinners": (
        "I take blood thinners or have a bleeding disorder. Do you need a "
        "note from my doctor saying massage is OK?"
    ),
    "osteoporosis": (
        "I have osteoporosis. Do you need a note from my doctor, and how do "
        "you keep the pressure light over my bones?"
    ),
    "cancer_treatment": (
        "I have or had cancer treatment. Do you need my oncologist's OK "
        "in writing before we start?"
    ),
    "pregnancy": (
        "I'm pregnant. Are you trained in pregnancy massage, and do you need a "
        "note from my midwife or doctor?"
    ),
    "recent_surgery_or_injury": (
        "I had surgery or an injury in the last 6 weeks. Do you "
        "need clearance from my surgeon or doctor?"
    ),
    "skin_condition": (
        "I have a wound, burn or rash. Do you need a note from my doctor, "
        "and how will you work around it?"
    ),
}

_STYLE_QUESTIONS = {
    vocab.LIGHT: (
        "Are you happy to keep the pressure light the whole time, "
        "and what gentle techniques do you use?"
    ),
    vocab.MYOFASCIAL: (
        "Are you trained in myofascial release, and how many hours of training did you have?"
    ),
    vocab.DEEP_TISSUE: (
        "Are you trained in deep tissue massage, and how do you keep it within what I can take?"
    ),
}


def _number(value: float) -> str:
    """5.0 -> '5', 6.5 -> '6.5'."""
    return f"{value:g}"


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


# Region base -> (singular, plural) plain words.
_BASE_WORDS = {
    "jaw": ("side of the jaw", "sides of the jaw"),
    "shoulder": ("shoulder", "shoulders"),
    "upper_arm": ("upper arm", "upper arms"),
    "lower_arm": ("forearm", "forearms"),
    "arm": ("arm", "arms"),
    "hip": ("hip", "hips"),
    "upper_leg": ("thigh", "thighs"),
    "lower_leg": ("lower leg", "lower legs"),
    "leg": ("leg", "legs"),
}
_SINGLE_WORDS = {
    "neck": "neck",
    "upper_back": "upper back",
    "lower_back": "lower back",
    "chest": "chest",
    "abdomen": "stomach area",
    "head": "head",
    "hands": "hands",
    "feet": "feet",
}


def describe_areas(regions: Iterable[str]) -> str:
    """Plain words for region ids: pairs grouped ("both shoulders"), arms and legs
    merged when both parts have the same sides, all 19 WPI regions as "all over".

    >>> describe_areas(["neck", "shoulder_left", "shoulder_right", "lower_back"])
    'neck, both shoulders and lower back'
    """
    regions = list(dict.fromkeys(regions or ()))
    if not regions:
        return ""
    region_set = set(regions)
    words: List[str] = []
    if set(vocab.WPI_REGIONS) <= region_set:
        words.append("all over")
        region_set -= set(vocab.WPI_REGIONS)
        extras = [r for r in vocab.EXTRA_REGIONS if r in region_set]
        unknown = [r for r in regions if r in region_set and r not in extras]
        rest = [_SINGLE_WORDS.get(r, r.replace("_", " ")) for r in extras + unknown]
        if rest:
            return "all over, and especially the " + _join(rest)
        return "all over"

    sides = {
        base: [s for s in vocab.SIDES if f"{base}_{s}" in region_set]
        for base in vocab.PAIRED_BASES
    }
    merged = {}
    for whole, upper, lower in (
        ("arm", "upper_arm", "lower_arm"),
        ("leg", "upper_leg", "lower_leg"),
    ):
        if sides[upper] and sides[upper] == sides[lower]:
            merged[upper] = whole
            merged[lower] = None  # said with the upper part

    done = set()
    for region in regions:
        base, _, side = region.rpartition("_")
        if base in vocab.PAIRED_BASES and side in vocab.SIDES:
            if base in done:
                continue
            done.add(base)
            if merged.get(base, base) is None:
                continue
            name = merged.get(base, base)
            singular, plural = _BASE_WORDS[name]
            if len(sides[base]) == 2:
                words.append(f"both {plural}")
            else:
                words.append(f"{sides[base][0]} {singular}")
        else:
            words.append(_SINGLE_WORDS.get(region, region.replace("_", " ")))
    return _join(words)


def _is_everywhere(regions: Iterable[str]) -> bool:
    return set(vocab.WPI_REGIONS) <= set(regions or ())


# --- Reasons, precautions, questions ---------------------------------------------------


def _unsure_pressure(pressure: Optional[str]) -> str:
    if pressure == "unsure":
        return "you weren't sure what pressure you like"
    return "I don't know yet what pressure you like"


def reasons(answers: IntakeAnswers, style: str, rule: int) -> List[str]:
    """Plain, kind sentences that name the answers that decided the style."""
    if style == vocab.NO_MASSAGE or rule == RULE_STOP_FLAG:
        said = [flag.advice for flag in _stop_flags(answers.red_flags)]
        if answers.safety_unclear:
            said.append(
                "The safety questions could not be answered for sure, so a doctor "
                "should check first."
            )
        return said
    why = _RULE_REASONS.get(rule)
    out = why(answers, style) if why else []
    line = _STYLE_LINES.get(style)
    if line:
        out.append(line)
    out.append(COMPLEMENT_LINE)
    return out


def _caution_reasons(answers: IntakeAnswers, style: str) -> List[str]:
    return [
        f"You mentioned {flag.label[0].lower() + flag.label[1:]}, "
        "so light pressure is safest for now."
        for flag in _caution_flags(answers.red_flags)
    ]


def _severe_reasons(answers: IntakeAnswers, style: str) -> List[str]:
    return [
        "You told me that even light touch hurts (severe touch sensitivity), "
        "so gentle pressure is safest."
    ]


def _flare_reasons(answers: IntakeAnswers, style: str) -> List[str]:
    start = "You were sore for more than two days after a firmer massage"
    if style != vocab.LIGHT:
        return [
            f"{start}, so deep pressure is best avoided. Myofascial release "
            "uses slow, held stretches instead."
        ]
    if answers.touch_sensitivity == "moderate":
        return [
            f"{start}, and ordinary light touch hurts you quite a lot "
            "(moderate touch sensitivity). So gentle massage comes first."
        ]
    return [
        f"{start}, and I don't know yet how much light touch hurts, so gentle massage comes first."
    ]


def _moderate_reasons(answers: IntakeAnswers, style: str) -> List[str]:
    pressure = answers.pressure_preference
    if answers.touch_sensitivity == "moderate":
        start = (
            "You told me that ordinary light touch hurts you quite a lot "
            "(moderate touch sensitivity)"
        )
    else:
        start = "I don't know yet how much light touch hurts you"
    if style == vocab.MYOFASCIAL:
        return [
            f"{start}, and you like {pressure} pressure. Myofascial release "
            "works with slow, held stretches instead of deep pressure."
        ]
    if pressure == "light":
        return [f"{start}, and you prefer light pressure, so gentle massage fits best."]
    return [f"{start}, and {_unsure_pressure(pressure)}, so gentle massage is the safest start."]


def _low_sensitivity_reasons(answers: IntakeAnswers, style: str) -> List[str]:
    pressure, intensity = answers.pressure_preference, answers.pain_intensity
    touch = _SENSITIVITY_WORDS.get(
        answers.touch_sensitivity or "", "light touch doesn't bother you much"
    )
    if style == vocab.DEEP_TISSUE:
        return [
            f"You like firm pressure and your pain is about {_number(intensity)} "
            f"out of 10 on a typical day. Also, {touch}. "
            "So deep tissue massage is an option for you."
        ]
    if pressure == "firm" and intensity is None:
        return [
            "You like firm pressure, but I don't know how strong your pain "
            "usually is, so slow myofascial release is the kinder choice."
        ]
    if pressure == "firm":
        return [
            f"You like firm pressure, but your pain is about "
            f"{_number(intensity)} out of 10 on a typical day. Slow "
            "myofascial release is kinder than deep pressure on a body "
            "in that much pain."
        ]
    if pressure == "medium":
        return [f"You like medium pressure, and {touch}. So myofascial release suits you well."]
    if pressure == "light":
        return ["You prefer light pressure, so gentle massage suits you."]
    unsure = _unsure_pressure(pressure)
    return [
        f"{unsure[0].upper()}{unsure[1:]}, and {touch}. Myofascial release is a good middle way."
    ]


# The reason each rule of DESIGN.md gives, by rule number.
_RULE_REASONS = {
    RULE_CAUTION_FLAG: _caution_reasons,
    RULE_SEVERE_SENSITIVITY: _severe_reasons,
    RULE_FLARE: _flare_reasons,
    RULE_MODERATE_SENSITIVITY: _moderate_reasons,
    RULE_LOW_SENSITIVITY: _low_sensitivity_reasons,
}


def precautions(answers: IntakeAnswers, style: str) -> List[str]:
    """The four standing precautions, each caution flag's advice and area notes.
    For `none`: the flags' advice and an invitation to come back."""
    if style == vocab.NO_MASSAGE:
        return [flag.advice for flag in _stop_flags(answers.red_flags)] + [COME_BACK_LINE]
    out = list(ALWAYS_PRECAUTIONS)
    out.extend(flag.advice for flag in _caution_flags(answers.red_flags))
    if answers.avoid_areas:
        out.append(
            "Ask the therapist to stay away from these areas: "
            f"{describe_areas(answers.avoid_areas)}."
        )
    if answers.post_massage_flare:
        out.append(
            "You have had a flare after massage before, so keep the first "
            "session gentle and tell the therapist about it."
        )
    return out


def interview_questions(
    answers: IntakeAnswers, style: str, therapist_name: Optional[str] = None
) -> List[str]:
    """Questions to ask a therapist before the first massage. Empty for `none`."""
    if style == vocab.NO_MASSAGE:
        return []
    name = (therapist_name or "").strip()
    greeting = f"{name}, are" if name else "Are"
    length = "How long is a session"
    if answers.session_length:
        length = f"Do you offer {answers.session_length}-minute sessions"
    questions = [
        f"{greeting} you licensed or certified, and where did you train?",
        "Have you worked with people who have fibromyalgia or other chronic pain?",
        "How do you adjust the pressure, and how will you check in with me during the session?",
        "What should I expect after the massage, and what should I do if I'm sore?",
        f"{length}, what does it cost, and can I use insurance or a health savings account?",
    ]
    if style in _STYLE_QUESTIONS:
        questions.append(_STYLE_QUESTIONS[style])
    if answers.pain_areas:
        if _is_everywhere(answers.pain_areas):
            questions.append(
                "My pain is all over. How would you spread the session across my body?"
            )
        else:
            questions.append(
                "Could you focus on the areas that hurt most: "
                f"{describe_areas(answers.pain_areas)}?"
            )
    if answers.avoid_areas:
        questions.append(
            f"Can you keep away from these areas: {describe_areas(answers.avoid_areas)}?"
        )
    if answers.heat_packs == "yes":
        questions.append("Do you use hot or cold packs during the session?")
    if answers.touch_sensitivity in ("moderate", "severe"):
        questions.append("Could my first session be shorter, to see how my body reacts?")
    for flag in _caution_flags(answers.red_flags):
        questions.append(
            _FLAG_QUESTIONS.get(
                flag.id, f"I have this: {flag.label.lower()}. Do you need a note from my doctor?"
            )
        )
    if answers.therapist_gender in ("female", "male"):
        person = "woman" if answers.therapist_gender == "female" else "man"
        questions.append(
            f"I'd feel more at ease with a {person} as my therapist. Is that possible?"
        )
    return questions


# --- The recommendation ----------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    style: str
    alternative: Optional[str]
    rule: int
    reasons: Tuple[str, ...]
    precautions: Tuple[str, ...]
    interview_questions: Tuple[str, ...]
    stop_message: Optional[str] = None


def is_emergency(red_flags: Iterable[str]) -> bool:
    return bool(_flags_of(red_flags, vocab.EMERGENCY))


def stop_message(red_flags: Iterable[str]) -> Optional[str]:
    """What to say first when a flag stops the intake, else None."""
    if is_emergency(red_flags):
        return EMERGENCY_STOP_MESSAGE
    if _flags_of(red_flags, vocab.SEE_DOCTOR):
        return SEE_DOCTOR_STOP_MESSAGE
    return None


def recommend(answers: IntakeAnswers, therapist_name: Optional[str] = None) -> Recommendation:
    style, rule = choose_style(answers)
    return Recommendation(
        style=style,
        alternative=alternative_style(style, answers.red_flags),
        rule=rule,
        reasons=tuple(reasons(answers, style, rule)),
        precautions=tuple(precautions(answers, style)),
        interview_questions=tuple(interview_questions(answers, style, therapist_name)),
        stop_message=stop_message(answers.red_flags) if style == vocab.NO_MASSAGE else None,
    )


# --- The intake summary -------------------------------------------------------------------

CONTRACT_KEYS: Tuple[str, ...] = (
    Slot.RED_FLAGS,
    Slot.PAIN_AREAS,
    Slot.PAIN_INTENSITY,
    Slot.TOUCH_SENSITIVITY,
    Slot.PRESSURE_PREFERENCE,
    Slot.POST_MASSAGE_FLARE,
    Slot.RECOMMENDED_STYLE,
    Slot.ALTERNATIVE_STYLE,
    "reasons",
    "precautions",
    "interview_questions",
)


def intensity_band(intensity: Optional[float]) -> Optional[str]:
    """Hawker 2011: 1-3 mild, 4-6 moderate, 7-10 severe (0 is "none").
    Between bands, the same cut-offs as the rules: above 3 is moderate, above 6 severe."""
    if intensity is None:
        return None
    if intensity <= 0:
        return "none"
    if intensity <= 3:
        return "mild"
    if intensity <= 6:
        return "moderate"
    return "severe"


def widespread_pain_index(regions: Iterable[str]) -> int:
    """The number of the 19 WPI regions named (0-19)."""
    return len(set(regions or ()) & set(vocab.WPI_REGIONS))


def intake_summary(
    answers: IntakeAnswers, rec: Recommendation, therapists: Optional[list] = None
) -> dict:
    """The JSON-ready card sent as {"intake_summary": ...}: the contract keys
    plus extras for the therapist."""
    return {
        Slot.RED_FLAGS: list(answers.red_flags),
        Slot.PAIN_AREAS: list(answers.pain_areas),
        Slot.PAIN_INTENSITY: (
            float(answers.pain_intensity) if answers.pain_intensity is not None else None
        ),
        Slot.TOUCH_SENSITIVITY: answers.touch_sensitivity,
        Slot.PRESSURE_PREFERENCE: answers.pressure_preference,
        Slot.POST_MASSAGE_FLARE: answers.post_massage_flare,
        Slot.RECOMMENDED_STYLE: rec.style,
        Slot.ALTERNATIVE_STYLE: rec.alternative,
        "reasons": list(rec.reasons),
        "precautions": list(rec.precautions),
        "interview_questions": list(rec.interview_questions),
        # Extras for the therapist.
        "decision_rule": rec.rule,
        "stop_message": rec.stop_message,
        "pain_areas_text": describe_areas(answers.pain_areas),
        "widespread_pain_index": widespread_pain_index(answers.pain_areas),
        "intensity_band": intensity_band(answers.pain_intensity),
        Slot.GOALS: list(answers.goals),
        Slot.HEAT_PACKS: answers.heat_packs,
        Slot.SESSION_LENGTH: answers.session_length,
        Slot.THERAPIST_GENDER: answers.therapist_gender,
        Slot.AVOID_AREAS: list(answers.avoid_areas),
        "therapists": list(therapists) if therapists else [],
    }


# --- What the assistant says --------------------------------------------------------------

NO_CHANGE_TEXT = (
    "I didn't catch a change to your answers. You can say, for example, "
    '"my pain is more like 7", "add my jaw" or "I\'d prefer light '
    'pressure", or ask me why I suggested it.'
)
WHAT_NEXT_TEXT = "If anything changes, just tell me. What would you like to do next?"
WHY_WE_ASK_TEXT = (
    "I ask a few questions about your pain so I can suggest a massage "
    "style that is safe and comfortable for you."
)


def bullets(lines: Iterable[str]) -> str:
    """One "- line" per line."""
    return "\n".join(f"- {line}" for line in lines)


def opening(rec: Recommendation, previous: Optional[str]) -> str:
    """The suggestion, or how it changed since the `previous` style suggested."""
    style = vocab.STYLE_NAMES[rec.style]
    alternative = (
        f" If that doesn't suit you, {vocab.STYLE_NAMES[rec.alternative]} is a good alternative."
        if rec.alternative
        else ""
    )
    if previous and previous != rec.style:
        return (
            f"Thanks, I've updated your answers. That changes my suggestion "
            f"from {vocab.STYLE_NAMES[previous]} to {style}.{alternative}"
        )
    if previous:
        return f"Thanks, I've updated your answers. My suggestion stays {style}.{alternative}"
    return f"Here is my suggestion: {style}.{alternative}"


def recommendation_texts(
    rec: Recommendation,
    previous: Optional[str],
    therapists_text: Optional[str] = None,
    *,
    safety_unclear: bool = False,
    emergency_told: bool = False,
) -> List[str]:
    """The messages that give (or update) a recommendation, in order.

    After the safe branch (`safety_unclear`) nothing: it was explained when it
    was taken. A stop says its message, except the emergency message when the
    person was told it this turn already (`emergency_told`). Otherwise the
    suggestion with why, the precautions, the questions for a therapist, and
    `therapists_text` (bot.domain.matching.matches_text) when there is one."""
    if safety_unclear:
        return []
    if rec.stop_message:
        if rec.stop_message == EMERGENCY_STOP_MESSAGE and emergency_told:
            return []
        return [rec.stop_message]
    texts = [
        opening(rec, previous) + "\n\nWhy:\n" + bullets(rec.reasons),
        "To keep it comfortable:\n" + bullets(rec.precautions),
        "Questions to ask when you interview a therapist:\n" + bullets(rec.interview_questions),
    ]
    if therapists_text is not None:
        texts.append(therapists_text)
    return texts


def why_suggested(rec: Recommendation) -> str:
    """The answer to "why?" once the recommendation was given."""
    return f"Here is why I suggested {vocab.STYLE_NAMES[rec.style]}:\n" + bullets(rec.reasons)
