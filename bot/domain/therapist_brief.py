"""The therapist brief: one page for the therapist who will see the person,
built from a stored intake summary (bot.domain.recommendation.intake_summary).

Pure functions, no I/O. The pressure ceiling follows the recommendation rules
of DESIGN.md on the usual 1-10 therapist scale of DOMAIN.md (1-3 light, 4-6
medium, 7-8 deep): every answer that limits the pressure lowers it, and the
brief names the answers that set it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Mapping, Optional, Tuple

from bot.domain.recommendation import IntakeAnswers, describe_areas, intensity_band
from bot.vocabulary import words as vocab

LIGHT_MAX, MEDIUM_MAX, DEEP_MAX = 3, 6, 8

# What each caution flag means for the session itself (the person was told the
# flag's `advice`; this is the therapist's side of it).
CAUTION_SESSION_NOTES = {
    "blood_thinners": (
        "Bruises and bleeds easily: light pressure only, no deep or long pressure on "
        "one spot, no percussion or cupping. Ask for the doctor's OK first."
    ),
    "osteoporosis": (
        "Fragile bones: light pressure only, nothing that presses on the spine or "
        "ribs, no joint manipulation or strong stretches; help with positioning."
    ),
    "cancer_treatment": (
        "Light pressure only; keep away from tumour sites, skin treated with "
        "radiation, ports and treated lymph-node areas. The oncologist's OK first."
    ),
    "pregnancy": (
        "Needs a therapist trained in pregnancy massage: side-lying or supported "
        "positions, no deep pressure on the legs (clot risk) or the belly. The "
        "midwife's or doctor's OK first."
    ),
    "recent_surgery_or_injury": (
        "Keep away from the operation site or the injury and work lightly around "
        "it. Clearance from the surgeon or doctor first."
    ),
    "skin_condition": (
        "Do not touch the wound, burn or rash and keep oils and lotions off it; "
        "ask where it is before starting."
    ),
}

SENSITIVITY_MEANINGS = {
    "none": "Light touch does not hurt.",
    "mild": "Light touch hurts a little (mild touch sensitivity).",
    "moderate": "Ordinary light touch hurts quite a lot (moderate touch sensitivity).",
    "severe": "Even a light touch hurts (severe touch sensitivity).",
}
_STYLE_CEILINGS = {
    vocab.LIGHT: LIGHT_MAX,
    vocab.MYOFASCIAL: MEDIUM_MAX,
    vocab.DEEP_TISSUE: DEEP_MAX,
}
_GOAL_NAMES = {
    "pain_relief": "pain relief",
    "sleep": "better sleep",
    "stiffness": "less stiffness",
    "relaxation": "relaxation",
    "headaches": "fewer headaches",
}


@dataclass(frozen=True)
class PressureCeiling:
    """The firmest pressure for this person (None: no massage for now) and why."""

    level: Optional[int]
    reasons: Tuple[str, ...]

    @property
    def band(self) -> str:
        if self.level is None:
            return "no massage"
        if self.level <= LIGHT_MAX:
            return "light"
        return "medium" if self.level <= MEDIUM_MAX else "deep"

    @property
    def text(self) -> str:
        if self.level is None:
            return "No massage until a doctor has checked."
        return f"At most {self.level} on the 1–10 pressure scale ({self.band})."


@dataclass(frozen=True)
class FlagNote:
    flag_id: str
    label: str
    severity: str
    meaning: str


@dataclass(frozen=True)
class TherapistBrief:
    style: str
    alternative: Optional[str]
    stopped: bool
    pain_areas: Tuple[str, ...]
    pain_areas_text: str
    avoid_areas: Tuple[str, ...]
    avoid_areas_text: str
    pain_intensity: Optional[float]
    intensity_band: Optional[str]
    sensitivity: str
    pressure: PressureCeiling
    flare_history: str
    flags: Tuple[FlagNote, ...]
    goals: Tuple[str, ...]
    preferences: Tuple[Tuple[str, str], ...]  # (what, the answer)


def _limits(answers: IntakeAnswers, style: str) -> List[Tuple[int, str]]:
    """Every (ceiling, why) that the answers and the style set."""
    limits = [(DEEP_MAX, "Nothing in the answers limits the pressure.")]
    if answers.red_flags and any(
        flag.severity == vocab.CAUTION for flag in _known_flags(answers.red_flags)
    ):
        limits.append((LIGHT_MAX, "A caution flag (below): light pressure only."))
    sensitivity = answers.touch_sensitivity
    if sensitivity == "severe":
        limits.append((LIGHT_MAX, "Severe touch sensitivity: light pressure only."))
    elif sensitivity == "moderate":
        limits.append((MEDIUM_MAX, "Moderate touch sensitivity: never deep; start light."))
    elif sensitivity not in vocab.SENSITIVITY_LEVELS:
        limits.append((MEDIUM_MAX, "Touch sensitivity not known: treated as moderate."))
    if answers.post_massage_flare is True:
        limits.append(
            (MEDIUM_MAX, "Sore for more than two days after a firmer massage: never deep.")
        )
    if answers.pressure_preference == "light":
        limits.append((LIGHT_MAX, "Prefers light pressure."))
    if style in _STYLE_CEILINGS and _STYLE_CEILINGS[style] < DEEP_MAX:
        limits.append(
            (_STYLE_CEILINGS[style], f"The suggested style: {vocab.STYLE_NAMES[style]}.")
        )
    return limits


def pressure_ceiling(answers: IntakeAnswers, style: str) -> PressureCeiling:
    """The lowest ceiling any answer sets, with the answers that set it."""
    if style == vocab.NO_MASSAGE:
        return PressureCeiling(None, ("A safety flag stopped the intake (below).",))
    limits = _limits(answers, style)
    level = min(ceiling for ceiling, _ in limits)
    deciding = tuple(why for ceiling, why in limits if ceiling == level)
    if level < DEEP_MAX:
        deciding = tuple(why for why in deciding if not why.startswith("Nothing"))
    return PressureCeiling(level, deciding)


def _known_flags(flag_ids) -> List[vocab.RedFlag]:
    found = []
    for flag_id in flag_ids:
        flag = vocab.RED_FLAGS_BY_ID.get(flag_id)
        if flag is not None and flag not in found:
            found.append(flag)
    return found


def flag_notes(flag_ids) -> Tuple[FlagNote, ...]:
    """The flags with what they mean for the session; stop flags first."""
    order = {vocab.EMERGENCY: 0, vocab.SEE_DOCTOR: 1, vocab.CAUTION: 2}
    flags = sorted(_known_flags(flag_ids), key=lambda flag: order.get(flag.severity, 3))
    return tuple(
        FlagNote(
            flag.id, flag.label, flag.severity, CAUTION_SESSION_NOTES.get(flag.id, flag.advice)
        )
        for flag in flags
    )


def flare_history(flare: Optional[bool]) -> str:
    if flare is True:
        return "Sore for more than two days after a firmer massage before: keep it gentle."
    if flare is False:
        return "No flare after massage reported."
    return "Not asked or not answered."


def _preference(value: Any, names: Mapping[Any, str]) -> Optional[str]:
    if value is None or value == vocab.NO_PREFERENCE:
        return None
    return names.get(value, str(value).replace("_", " "))


def preferences(answers: IntakeAnswers) -> Tuple[Tuple[str, str], ...]:
    """The optional preferences the person gave, as (what, answer)."""
    found = (
        ("Pressure they like", _preference(answers.pressure_preference, {"unsure": "not sure"})),
        ("Hot or cold packs", _preference(answers.heat_packs, {"yes": "yes", "no": "no"})),
        (
            "Session length",
            f"{answers.session_length} minutes" if answers.session_length else None,
        ),
        (
            "Therapist",
            _preference(answers.therapist_gender, {"female": "a woman", "male": "a man"}),
        ),
    )
    return tuple((what, answer) for what, answer in found if answer and answer != "any")


def therapist_brief(summary: Mapping[str, Any]) -> TherapistBrief:
    """The brief of one stored intake summary."""
    answers = IntakeAnswers.from_slots(summary)
    style = str(summary.get("recommended_style") or vocab.NO_MASSAGE)
    alternative = summary.get("alternative_style")
    return TherapistBrief(
        style=style,
        alternative=str(alternative) if alternative else None,
        stopped=style == vocab.NO_MASSAGE,
        pain_areas=answers.pain_areas,
        pain_areas_text=describe_areas(answers.pain_areas) or "none named",
        avoid_areas=answers.avoid_areas,
        avoid_areas_text=describe_areas(answers.avoid_areas) or "none named",
        pain_intensity=answers.pain_intensity,
        intensity_band=intensity_band(answers.pain_intensity),
        sensitivity=SENSITIVITY_MEANINGS.get(
            answers.touch_sensitivity or "", "Not known: treat as moderate."
        ),
        pressure=pressure_ceiling(answers, style),
        flare_history=flare_history(answers.post_massage_flare),
        flags=flag_notes(answers.red_flags),
        goals=tuple(_GOAL_NAMES.get(goal, goal.replace("_", " ")) for goal in answers.goals),
        preferences=preferences(answers),
    )
