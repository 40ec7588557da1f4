"""Ranking the clinic's therapists for a recommendation (pure functions)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.matching import (
    PREGNANCY_MASSAGE,
    MatchResult,
    SessionOption,
    TherapistProfile,
    matches_for_summary,
    rank_therapists,
)
from bot.domain.recommendation import IntakeAnswers, recommend
from bot.runtime.settings import Settings
from bot.storage.therapists import DEMO_FILE, read_therapist_file
from bot.vocabulary import words as vocab

LIGHT, MFR, DEEP = vocab.LIGHT, vocab.MYOFASCIAL, vocab.DEEP_TISSUE
CLINIC = Settings(
    clinic_name="Test Clinic", clinic_phone="+1 555 0199", clinic_email="help@test.example"
)


def therapist(
    id,
    name=None,
    styles=(MFR,),
    pmin=2,
    pmax=6,
    fibro=5,
    packs=False,
    lengths=(60,),
    languages=("english",),
    gender="female",
) -> TherapistProfile:
    return TherapistProfile(
        id=id,
        name=name or f"T{id}",
        styles=tuple(styles),
        pressure_min=pmin,
        pressure_max=pmax,
        fibro_years=fibro,
        hot_cold_packs=packs,
        sessions=tuple(SessionOption(m, 50.0) for m in lengths),
        languages=tuple(languages),
        gender=gender,
    )


def answers(**slots) -> IntakeAnswers:
    base = {
        "red_flags": [],
        "pain_areas": ["neck"],
        "pain_intensity": 5,
        "touch_sensitivity": "mild",
        "pressure_preference": "medium",
        "post_massage_flare": False,
    }
    base.update(slots)
    return IntakeAnswers.from_slots(base)


def rank(a: IntakeAnswers, therapists, **kwargs) -> MatchResult:
    return rank_therapists(a, recommend(a), therapists, settings=CLINIC, **kwargs)


def ids(matches) -> list:
    return [m.therapist_id for m in matches]


# Answer sets and the style each leads to (checked, so the tests fail if the rules move).
MFR_ANSWERS = dict()  # mild, medium
LIGHT_ANSWERS = dict(touch_sensitivity="severe")
DEEP_ANSWERS = dict(pressure_preference="firm", pain_intensity=4)
PREGNANT = dict(red_flags=["pregnancy"])
OSTEO = dict(red_flags=["osteoporosis"])


@pytest.mark.parametrize(
    "slots, style",
    [
        (MFR_ANSWERS, MFR),
        (LIGHT_ANSWERS, LIGHT),
        (DEEP_ANSWERS, DEEP),
        (PREGNANT, LIGHT),
        (OSTEO, LIGHT),
    ],
)
def test_answer_sets_lead_to_the_expected_style(slots, style):
    assert recommend(answers(**slots)).style == style


# --- Hard filters ---------------------------------------------------------------------


def test_must_offer_the_recommended_style():
    result = rank(
        answers(),
        [
            therapist(1, styles=(LIGHT,)),
            therapist(2, styles=(MFR,)),
            therapist(3, styles=(DEEP, "swedish")),
        ],
    )
    assert ids(result.matches) == [2]
    assert not result.nobody_fits and result.message is None


def test_pregnancy_needs_pregnancy_massage_training():
    result = rank(
        answers(**PREGNANT),
        [
            therapist(1, styles=(LIGHT,), pmin=1, fibro=15),
            therapist(2, styles=(LIGHT, PREGNANCY_MASSAGE), pmin=1, fibro=1),
        ],
    )
    assert ids(result.matches) == [2]
    assert "Trained in pregnancy massage" in result.matches[0].reasons


@pytest.mark.parametrize(
    "flag",
    [
        "osteoporosis",
        "blood_thinners",
        "cancer_treatment",
        "recent_surgery_or_injury",
        "skin_condition",
    ],
)
def test_caution_flags_need_a_therapist_who_works_light(flag):
    result = rank(
        answers(red_flags=[flag]),
        [
            therapist(1, styles=(LIGHT,), pmin=4, fibro=15),
            therapist(2, styles=(LIGHT,), pmin=3, fibro=1),
        ],
    )
    assert ids(result.matches) == [2]


@pytest.mark.parametrize(
    "sensitivity, slots", [("severe", {}), ("moderate", {"pressure_preference": "medium"})]
)
def test_high_touch_sensitivity_needs_light_pressure(sensitivity, slots):
    a = answers(touch_sensitivity=sensitivity, **slots)
    style = recommend(a).style
    result = rank(
        a,
        [
            therapist(1, styles=(style,), pmin=5, fibro=15),
            therapist(2, styles=(style,), pmin=3, fibro=0),
        ],
    )
    assert ids(result.matches) == [2]


@pytest.mark.parametrize(
    "gender, expected",
    [
        ("female", [1]),
        ("male", [2]),
        ("any", [1, 2, 3]),
        ("no_preference", [1, 2, 3]),
        (None, [1, 2, 3]),
    ],
)
def test_therapist_gender_filter(gender, expected):
    result = rank(
        answers(therapist_gender=gender),
        [
            therapist(1, gender="female", fibro=9),
            therapist(2, gender="male", fibro=8),
            therapist(3, gender="non_binary", fibro=7),
        ],
    )
    assert ids(result.matches) == expected
    if gender in ("female", "male"):
        assert f"A {gender} therapist, as you asked" in result.matches[0].reasons


# --- Scoring and reasons ----------------------------------------------------------------


def test_more_fibromyalgia_experience_ranks_higher():
    result = rank(
        answers(),
        [
            therapist(1, fibro=2),
            therapist(2, fibro=12),
            therapist(3, fibro=0),
            therapist(4, fibro=6),
        ],
    )
    assert ids(result.matches) == [2, 4, 1]  # limit 3
    assert "12 years with fibromyalgia and chronic pain clients" in result.matches[0].reasons


def test_limit():
    pool = [therapist(i, fibro=i) for i in range(1, 8)]
    assert len(rank(answers(), pool).matches) == 3
    assert ids(rank(answers(), pool, limit=5).matches) == [7, 6, 5, 4, 3]
    assert rank(answers(), pool, limit=0).matches == []


def test_ties_are_broken_by_name():
    result = rank(answers(), [therapist(1, "Zoe"), therapist(2, "amy"), therapist(3, "Bea")])
    assert [m.name for m in result.matches] == ["amy", "Bea", "Zoe"]


def test_hot_cold_packs_count_when_wanted():
    pool = [therapist(1, packs=False, fibro=6), therapist(2, packs=True, fibro=3)]
    assert ids(rank(answers(heat_packs="no"), pool).matches) == [1, 2]
    wanted = rank(answers(heat_packs="yes"), pool)
    assert ids(wanted.matches) == [2, 1]
    assert "Can use hot and cold packs" in wanted.matches[0].reasons
    assert "Does not use hot or cold packs" in wanted.matches[1].notes


def test_session_length_counts_when_asked():
    pool = [therapist(1, lengths=(60, 90), fibro=6), therapist(2, lengths=(30, 45), fibro=3)]
    result = rank(answers(session_length=45), pool)
    assert ids(result.matches) == [2, 1]
    assert "Offers 45-minute sessions" in result.matches[0].reasons
    assert result.matches[1].notes == ["Does not offer 45-minute sessions (offers 60, 90 minutes)"]


def test_firm_pressure_prefers_a_therapist_who_goes_deep():
    a = answers(**DEEP_ANSWERS)
    pool = [
        therapist(1, styles=(DEEP,), pmin=4, pmax=6, fibro=7),
        therapist(2, styles=(DEEP,), pmin=5, pmax=8, fibro=3),
    ]
    result = rank(a, pool)
    assert ids(result.matches) == [2, 1]
    assert "Can work firmly (up to 8 on a 1–10 pressure scale)" in result.matches[0].reasons


def test_light_pressure_prefers_the_gentlest():
    a = answers(**LIGHT_ANSWERS)
    pool = [
        therapist(1, styles=(LIGHT,), pmin=3, fibro=4),
        therapist(2, styles=(LIGHT,), pmin=1, fibro=3),
    ]
    result = rank(a, pool)
    assert ids(result.matches) == [2, 1]
    assert result.matches[0].reasons[-1].startswith("Can work very gently")


def test_language():
    pool = [
        therapist(1, fibro=9, languages=("english",)),
        therapist(2, fibro=2, languages=("english", "spanish")),
    ]
    assert ids(rank(answers(), pool).matches) == [1, 2]
    spanish = rank(answers(), pool, language="Spanish")
    assert ids(spanish.matches) == [2, 1]
    assert "Speaks Spanish" in spanish.matches[0].reasons
    assert "Does not speak Spanish" in spanish.matches[1].notes
    assert "Speaks English" not in rank(answers(), pool).matches[0].reasons
    assert ids(rank(answers(), pool, language=None).matches) == [1, 2]


def test_reasons_in_plain_words():
    a = answers(heat_packs="yes", session_length=45, therapist_gender="female")
    result = rank(a, [therapist(1, fibro=12, packs=True, lengths=(45, 60), pmin=3, pmax=7)])
    (match,) = result.matches
    assert match.reasons == [
        "Offers myofascial release",
        "A female therapist, as you asked",
        "12 years with fibromyalgia and chronic pain clients",
        "Works in the medium pressure range you prefer",
        "Can use hot and cold packs",
        "Offers 45-minute sessions",
    ]
    assert match.notes == []
    assert match.score > 0


def test_little_experience_is_said_honestly():
    (match,) = rank(answers(), [therapist(1, fibro=0)]).matches
    assert "Little experience with fibromyalgia clients so far" in match.notes
    assert not any("fibromyalgia" in r for r in match.reasons)
    (one,) = rank(answers(), [therapist(1, fibro=1)]).matches
    assert "1 year with fibromyalgia and chronic pain clients" in one.reasons


# --- Nobody fits --------------------------------------------------------------------------


def test_nobody_fits_falls_back_to_the_alternative_style():
    a = answers(**DEEP_ANSWERS)  # deep tissue; alternative myofascial release
    assert recommend(a).alternative == MFR
    result = rank(a, [therapist(1, styles=(MFR,)), therapist(2, styles=(LIGHT,))])
    assert result.nobody_fits is True
    assert result.matches == []
    assert ids(result.alternative_matches) == [1]
    assert result.alternative_style == MFR
    assert "the clinic has no therapist who offers deep tissue massage." in result.message
    assert "Myofascial release is the other style" in result.message
    assert result.alternative_matches[0].reasons[0] == "Offers myofascial release"
    assert matches_for_summary(result)[0]["id"] == 1


def test_nobody_fits_and_no_alternative_gives_the_clinic_contact():
    a = answers(**PREGNANT)  # light, caution flag: no alternative
    assert recommend(a).alternative is None
    result = rank(a, [therapist(1, styles=(LIGHT,), pmin=1), therapist(2, styles=(MFR,))])
    assert result.nobody_fits and result.matches == [] and result.alternative_matches == []
    assert (
        "no therapist who offers light (gentle) massage and is trained in pregnancy "
        "massage." in result.message
    )
    assert "+1 555 0199" in result.message and "help@test.example" in result.message
    assert matches_for_summary(result) == []


def test_nobody_fits_the_alternative_either():
    a = answers(**DEEP_ANSWERS, therapist_gender="male")
    result = rank(a, [therapist(1, styles=(DEEP, MFR), gender="female")])
    assert result.nobody_fits and result.alternative_matches == []
    assert "no therapist who offers deep tissue massage and is a male therapist." in result.message
    assert "Test Clinic" in result.message


def test_the_message_names_every_filter_that_applied():
    a = answers(red_flags=["pregnancy"], therapist_gender="male")
    result = rank(
        a,
        [
            therapist(1, styles=(LIGHT, PREGNANCY_MASSAGE), pmin=1),
            therapist(2, styles=(LIGHT,), pmin=1, gender="male"),
        ],
    )
    assert result.message.startswith(
        "I'm sorry: right now the clinic has no therapist who offers light (gentle) "
        "massage, is trained in pregnancy massage, can work with light pressure and is a "
        "male therapist."
    )


def test_empty_directory():
    result = rank(answers(), [])
    assert result.nobody_fits and "+1 555 0199" in result.message


def test_contact_defaults_to_the_settings(monkeypatch):
    from bot.runtime import settings as settings_module
    from bot.storage.therapists import rank_clinic_therapists as rank_therapists

    monkeypatch.setenv("CLINIC_PHONE", "+44 20 0000 0000")
    settings_module.clear_settings_cache()
    try:
        a = answers(**PREGNANT)
        result = rank_therapists(a, recommend(a), [])
        assert "+44 20 0000 0000" in result.message
    finally:
        settings_module.clear_settings_cache()


def test_see_a_doctor_first_means_no_therapists_and_no_message():
    for flag in ("chest_pain_or_breathlessness", "possible_blood_clot", "fever_or_infection"):
        a = answers(red_flags=[flag])
        assert recommend(a).style == vocab.NO_MASSAGE
        result = rank(a, [therapist(1, styles=(LIGHT, MFR, DEEP), pmin=1, pmax=9)])
        assert result == MatchResult(matches=[], nobody_fits=False, message=None)


# --- The summary items ----------------------------------------------------------------------


def test_matches_for_summary():
    result = rank(answers(), [therapist(7, "Ana", styles=(LIGHT, MFR), fibro=3)])
    assert matches_for_summary(result) == [
        {
            "id": 7,
            "name": "Ana",
            "styles": [LIGHT, MFR],
            "reasons": [
                "Offers myofascial release",
                "3 years with fibromyalgia and chronic pain clients",
                "Works in the medium pressure range you prefer",
            ],
        }
    ]


# --- With the demo directory ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return [
        dataclasses.replace(p, id=i) for i, p in enumerate(read_therapist_file(DEMO_FILE), start=1)
    ]


def test_demo_pregnancy_gets_the_pregnancy_trained_therapist(demo):
    result = rank(answers(**PREGNANT), demo)
    assert [m.name for m in result.matches] == ["Sophie Laurent"]


def test_demo_deep_tissue_only_therapist_is_never_offered_light(demo):
    result = rank(answers(**LIGHT_ANSWERS), demo, limit=20)
    assert "David Okafor" not in [m.name for m in result.matches]
    assert len(result.matches) >= 3


def test_demo_spanish_speaker(demo):
    result = rank(answers(therapist_gender="female"), demo, language="spanish")
    assert result.matches[0].name == "Lucía Fernández"


STYLE_SLOTS = st.fixed_dictionaries(
    {
        "red_flags": st.lists(st.sampled_from([f.id for f in vocab.RED_FLAGS]), max_size=2),
        "pain_intensity": st.integers(0, 10),
        "touch_sensitivity": st.sampled_from(vocab.SENSITIVITY_LEVELS),
        "pressure_preference": st.sampled_from(vocab.PRESSURE_LEVELS),
        "post_massage_flare": st.booleans(),
        "therapist_gender": st.sampled_from(vocab.THERAPIST_GENDERS + (vocab.NO_PREFERENCE,)),
        "heat_packs": st.sampled_from(["yes", "no", vocab.NO_PREFERENCE]),
        "session_length": st.sampled_from(vocab.SESSION_LENGTHS),
    }
)


@settings(max_examples=200, deadline=None)
@given(STYLE_SLOTS)
def test_every_match_passes_the_hard_filters(demo, slots):
    a = IntakeAnswers.from_slots(slots)
    rec = recommend(a)
    result = rank_therapists(a, rec, demo, settings=CLINIC, limit=20)
    by_id = {t.id: t for t in demo}
    if rec.style == vocab.NO_MASSAGE:
        assert result == MatchResult([], False, None)
        return
    assert result.nobody_fits == (not result.matches)
    assert (result.message is None) == (not result.nobody_fits)
    style = rec.style if result.matches else result.alternative_style
    scores = [m.score for m in result.matches or result.alternative_matches]
    assert scores == sorted(scores, reverse=True)
    for match in result.matches or result.alternative_matches:
        t = by_id[match.therapist_id]
        assert style in t.styles
        assert match.reasons[0].startswith("Offers ")
        if "pregnancy" in a.red_flags:
            assert PREGNANCY_MASSAGE in t.styles
        if rec.rule == 2 or a.touch_sensitivity in ("moderate", "severe"):
            assert t.pressure_min <= 3
        if a.therapist_gender in ("female", "male"):
            assert t.gender == a.therapist_gender
