"""Matching the recommendation to the clinic's therapists.

Pure functions over plain dataclasses: no database, no Rasa, no settings. The
repository (bot.storage.therapists) turns its rows into `TherapistProfile`s;
`rank_therapists` filters and scores them (the caller passes the clinic's
contact in); `matches_for_summary` gives the `therapists` items of the intake
summary card and `matches_text` the message that lists them.

Hard filters (a therapist who fails one is never suggested):
  - offers the recommended style;
  - any caution flag, or moderate/severe touch sensitivity: can work light
    (lowest pressure 3 or less on the 1-10 therapist scale);
  - pregnancy: trained in pregnancy massage;
  - the therapist gender the person asked for (unless any / no preference).
Then a score: experience with fibromyalgia and chronic pain, a pressure range
that suits the answers, hot/cold packs when wanted, the session length asked
for, and the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from bot.domain.contacts import ClinicContact
from bot.domain.recommendation import IntakeAnswers, Recommendation
from bot.vocabulary import words as vocab

# --- Styles a therapist can offer ---------------------------------------------------
# The three the assistant recommends (bot.vocabulary.words) plus others a clinic lists.
CORE_STYLES: Tuple[str, ...] = vocab.STYLES_BY_GENTLENESS
PREGNANCY_MASSAGE = "pregnancy_massage"
OTHER_STYLES: Tuple[str, ...] = (
    "swedish",
    "manual_lymph_drainage",
    PREGNANCY_MASSAGE,
    "shiatsu",
    "connective_tissue_massage",
    "trigger_point_therapy",
    "craniosacral_therapy",
    "reflexology",
    "hot_stone",
    "sports_massage",
)
THERAPIST_STYLES: Tuple[str, ...] = CORE_STYLES + OTHER_STYLES
THERAPIST_STYLE_NAMES: Dict[str, str] = {
    vocab.LIGHT: "light (gentle) massage",
    vocab.MYOFASCIAL: "myofascial release",
    vocab.DEEP_TISSUE: "deep tissue massage",
    "swedish": "Swedish massage",
    "manual_lymph_drainage": "manual lymph drainage",
    PREGNANCY_MASSAGE: "pregnancy massage",
    "shiatsu": "shiatsu",
    "connective_tissue_massage": "connective tissue massage",
    "trigger_point_therapy": "trigger point therapy",
    "craniosacral_therapy": "craniosacral therapy",
    "reflexology": "reflexology",
    "hot_stone": "hot stone massage",
    "sports_massage": "sports massage",
}

# The 1-10 therapist pressure scale (DOMAIN.md): 1-3 light, 4-6 medium, 7-8 deep.
PRESSURE_SCALE = (1, 10)
LIGHT_PRESSURE_MAX = 3
FIRM_PRESSURE_MIN = 7

DEFAULT_LANGUAGE = "english"

# Score weights.
POINTS_PER_FIBRO_YEAR = 2
FIBRO_YEARS_CAP = 15  # more years than this score no higher
POINTS_VERY_GENTLE = 10  # lowest pressure 1-2 when light is needed
POINTS_GENTLE = 5  # lowest pressure 3 when light is needed
POINTS_FIRM = 10  # reaches 7+ when firm pressure is wanted
POINTS_MEDIUM = 5  # covers 4-6 when medium pressure is wanted
POINTS_PACKS = 8
POINTS_SESSION_LENGTH = 8
POINTS_LANGUAGE = 25  # a shared language outweighs most else


@dataclass(frozen=True)
class SessionOption:
    minutes: int
    price: Optional[float] = None


@dataclass(frozen=True)
class TherapistProfile:
    """One therapist as matching sees it (plain data; bot.storage.therapists builds these)."""

    id: Optional[int]
    name: str
    styles: Tuple[str, ...]
    pressure_min: int
    pressure_max: int
    fibro_years: int = 0
    hot_cold_packs: bool = False
    sessions: Tuple[SessionOption, ...] = ()
    languages: Tuple[str, ...] = (DEFAULT_LANGUAGE,)
    gender: str = "female"
    bio: str = ""
    licence_number: str = ""
    licensing_body: str = ""
    years_practice: int = 0
    locations: Tuple[str, ...] = ()
    step_free_access: bool = False
    adjustable_table: bool = False
    availability: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)

    @property
    def session_lengths(self) -> Tuple[int, ...]:
        return tuple(sorted({s.minutes for s in self.sessions}))

    def speaks(self, language: str) -> bool:
        wanted = language.strip().lower()
        return any(lang.strip().lower() == wanted for lang in self.languages)


@dataclass(frozen=True)
class Match:
    therapist_id: Optional[int]
    name: str
    styles: Tuple[str, ...]
    score: int
    reasons: List[str]
    # What does not fit, in plain words ("Does not offer 45-minute sessions").
    notes: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class MatchResult:
    matches: List[Match]
    nobody_fits: bool
    message: Optional[str]
    # When nobody offers the recommended style: therapists for the alternative.
    alternative_matches: List[Match] = field(default_factory=list)
    alternative_style: Optional[str] = None


# --- Words -------------------------------------------------------------------------


def style_name(style: str) -> str:
    return (
        THERAPIST_STYLE_NAMES.get(style) or vocab.STYLE_NAMES.get(style) or style.replace("_", " ")
    )


def _years(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def _language_name(language: str) -> str:
    return language.strip().capitalize()


# --- Filters ----------------------------------------------------------------------------


def _wanted_gender(answers: IntakeAnswers) -> Optional[str]:
    gender = (answers.therapist_gender or "").strip().lower()
    if gender in ("", "any", vocab.NO_PREFERENCE):
        return None
    return gender


def _has_caution_flag(answers: IntakeAnswers) -> bool:
    return any(
        getattr(vocab.RED_FLAGS_BY_ID.get(flag), "severity", None) == vocab.CAUTION
        for flag in answers.red_flags or ()
    )


def _needs_light(answers: IntakeAnswers) -> bool:
    return _has_caution_flag(answers) or answers.touch_sensitivity in ("moderate", "severe")


def _needs_pregnancy_training(answers: IntakeAnswers) -> bool:
    return "pregnancy" in (answers.red_flags or ())


def _filters(answers: IntakeAnswers, style: str):
    """(what the filter asks, in words, predicate) in the order they are applied."""
    checks = [(f"offers {style_name(style)}", lambda t: style in t.styles)]
    if _needs_pregnancy_training(answers):
        checks.append(("is trained in pregnancy massage", lambda t: PREGNANCY_MASSAGE in t.styles))
    if _needs_light(answers):
        checks.append(
            ("can work with light pressure", lambda t: t.pressure_min <= LIGHT_PRESSURE_MAX)
        )
    gender = _wanted_gender(answers)
    if gender is not None:
        checks.append((f"is a {gender} therapist", lambda t: t.gender == gender))
    return checks


def _eligible(
    answers: IntakeAnswers, style: str, therapists: Sequence[TherapistProfile]
) -> Tuple[List[TherapistProfile], List[str]]:
    """The therapists passing every hard filter, and (when none does) the words
    of the filters applied up to the one that left nobody."""
    remaining = list(therapists)
    applied: List[str] = []
    for words, check in _filters(answers, style):
        applied.append(words)
        remaining = [t for t in remaining if check(t)]
        if not remaining:
            return [], applied
    return remaining, []


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- Scoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Points:
    """What one criterion adds to a therapist's score, and why (or what is missing)."""

    points: int = 0
    reasons: Tuple[str, ...] = ()
    notes: Tuple[str, ...] = ()


def _score(
    answers: IntakeAnswers, style: str, therapist: TherapistProfile, language: Optional[str]
) -> Match:
    reasons = [f"Offers {style_name(style)}"]
    if _needs_pregnancy_training(answers):
        reasons.append("Trained in pregnancy massage")
    gender = _wanted_gender(answers)
    if gender is not None:
        reasons.append(f"A {gender} therapist, as you asked")
    parts = (
        _fibro_points(therapist),
        _pressure_points(answers, style, therapist),
        _packs_points(answers, therapist),
        _length_points(answers, therapist),
        _language_points(language, therapist),
    )
    return Match(
        therapist_id=therapist.id,
        name=therapist.name,
        styles=tuple(therapist.styles),
        score=sum(p.points for p in parts),
        reasons=reasons + [r for p in parts for r in p.reasons],
        notes=[n for p in parts for n in p.notes],
    )


def _fibro_points(therapist: TherapistProfile) -> _Points:
    years = max(0, therapist.fibro_years)
    points = POINTS_PER_FIBRO_YEAR * min(years, FIBRO_YEARS_CAP)
    if years >= 1:
        return _Points(points, (f"{_years(years)} with fibromyalgia and chronic pain clients",))
    return _Points(points, notes=("Little experience with fibromyalgia clients so far",))


def _pressure_points(answers: IntakeAnswers, style: str, therapist: TherapistProfile) -> _Points:
    pressure = answers.pressure_preference
    if _needs_light(answers) or pressure == "light" or style == vocab.LIGHT:
        return _gentle_points(therapist)
    if pressure == "firm" and answers.touch_sensitivity in ("none", "mild"):
        if therapist.pressure_max >= FIRM_PRESSURE_MIN:
            return _Points(
                POINTS_FIRM,
                (f"Can work firmly (up to {therapist.pressure_max} on a 1–10 pressure scale)",),
            )
        return _Points(notes=(f"Firmest pressure is {therapist.pressure_max} on a 1–10 scale",))
    if pressure == "medium" and therapist.pressure_min <= 4 and therapist.pressure_max >= 6:
        return _Points(POINTS_MEDIUM, ("Works in the medium pressure range you prefer",))
    return _Points()


def _gentle_points(therapist: TherapistProfile) -> _Points:
    lightest = therapist.pressure_min
    if lightest <= 2:
        return _Points(
            POINTS_VERY_GENTLE,
            (f"Can work very gently (from {lightest} on a 1–10 pressure scale)",),
        )
    if lightest <= LIGHT_PRESSURE_MAX:
        return _Points(
            POINTS_GENTLE, (f"Can work gently (from {lightest} on a 1–10 pressure scale)",)
        )
    return _Points(notes=(f"Lightest pressure is {lightest} on a 1–10 scale",))


def _packs_points(answers: IntakeAnswers, therapist: TherapistProfile) -> _Points:
    if answers.heat_packs != "yes":
        return _Points()
    if therapist.hot_cold_packs:
        return _Points(POINTS_PACKS, ("Can use hot and cold packs",))
    return _Points(notes=("Does not use hot or cold packs",))


def _length_points(answers: IntakeAnswers, therapist: TherapistProfile) -> _Points:
    minutes = answers.session_length
    if not minutes:
        return _Points()
    if minutes in therapist.session_lengths:
        return _Points(POINTS_SESSION_LENGTH, (f"Offers {minutes}-minute sessions",))
    if therapist.session_lengths:
        offered = ", ".join(str(m) for m in therapist.session_lengths)
        return _Points(
            notes=(f"Does not offer {minutes}-minute sessions (offers {offered} minutes)",)
        )
    return _Points()


def _language_points(language: Optional[str], therapist: TherapistProfile) -> _Points:
    if not language:
        return _Points()
    if not therapist.speaks(language):
        return _Points(notes=(f"Does not speak {_language_name(language)}",))
    if language.strip().lower() != DEFAULT_LANGUAGE:
        return _Points(POINTS_LANGUAGE, (f"Speaks {_language_name(language)}",))
    return _Points(POINTS_LANGUAGE)


def _ranked(
    answers: IntakeAnswers,
    style: str,
    therapists: Sequence[TherapistProfile],
    language: Optional[str],
    limit: int,
) -> Tuple[List[Match], List[str]]:
    eligible, failed = _eligible(answers, style, therapists)
    matches = [_score(answers, style, t, language) for t in eligible]
    matches.sort(
        key=lambda m: (
            -m.score,
            m.name.lower(),
            m.therapist_id if m.therapist_id is not None else -1,
        )
    )
    return matches[: max(0, limit)], failed


def _contact(settings: ClinicContact) -> str:
    return (
        f"Please contact {settings.clinic_name} on {settings.clinic_phone} or at "
        f"{settings.clinic_email}: the team can help you find the right therapist."
    )


def rank_therapists(
    answers: IntakeAnswers,
    rec: Recommendation,
    therapists: Sequence[TherapistProfile],
    limit: int = 3,
    language: Optional[str] = DEFAULT_LANGUAGE,
    *,
    settings: ClinicContact,
) -> MatchResult:
    """The best `limit` therapists for this recommendation, best first.

    `language` is the language the person wants to be treated in (None: no
    preference). When nobody fits, `nobody_fits` is True and `message` says so;
    then therapists for the alternative style are offered when there is one,
    otherwise the clinic's contact, from `settings` (bot.runtime.settings.Settings,
    or anything else with the clinic's name, phone and e-mail). Recommendation
    `none` (see a doctor first) gives no matches and no message.
    """
    if rec.style not in CORE_STYLES:
        return MatchResult(matches=[], nobody_fits=False, message=None)
    matches, failed = _ranked(answers, rec.style, therapists, language, limit)
    if not failed:  # somebody fits (even when `limit` is 0)
        return MatchResult(matches=matches, nobody_fits=False, message=None)

    if not therapists:
        sorry = "I can't suggest a therapist from the clinic's list right now."
    else:
        sorry = f"I'm sorry: right now the clinic has no therapist who {_and(failed)}."
    alternative = rec.alternative
    if alternative in CORE_STYLES and therapists:
        alt_matches, _ = _ranked(answers, alternative, therapists, language, limit)
        if alt_matches:
            message = (
                f"{sorry} {style_name(alternative).capitalize()} is the other style "
                "that could suit you, and these therapists offer it."
            )
            return MatchResult(
                matches=[],
                nobody_fits=True,
                message=message,
                alternative_matches=alt_matches,
                alternative_style=alternative,
            )
    return MatchResult(matches=[], nobody_fits=True, message=f"{sorry} {_contact(settings)}")


def matches_for_summary(result: MatchResult) -> List[dict]:
    """The `therapists` items of the intake summary: {id, name, styles, reasons}.
    The alternative-style therapists when nobody offers the recommended style."""
    chosen = result.matches or result.alternative_matches
    return [
        {
            "id": m.therapist_id,
            "name": m.name,
            "styles": list(m.styles),
            "reasons": list(m.reasons),
        }
        for m in chosen
    ]


NO_THERAPIST_TEXT = "I couldn't find a therapist to suggest right now."


def matches_text(result: MatchResult) -> str:
    """The message that lists the therapists who fit, with why (or says nobody does)."""
    lines = []
    if result.message:
        lines.append(result.message)
    listed = result.matches or result.alternative_matches
    if listed:
        lines.append("Therapists at the clinic who fit:")
        for match in listed:
            lines.append(f"- {match.name}: " + "; ".join(match.reasons))
    return "\n".join(lines) or NO_THERAPIST_TEXT
