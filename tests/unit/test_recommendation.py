"""The recommendation rules of DESIGN.md, one test per rule row, plus properties."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.recommendation import (
    ALWAYS_PRECAUTIONS,
    CONTRACT_KEYS,
    IntakeAnswers,
    Recommendation,
    alternative_style,
    choose_style,
    describe_areas,
    intake_summary,
    intensity_band,
    interview_questions,
    precautions,
    reasons,
    recommend,
)
from bot.vocabulary import words as vocab

LIGHT, MFR, DEEP, NONE = vocab.LIGHT, vocab.MYOFASCIAL, vocab.DEEP_TISSUE, vocab.NO_MASSAGE

CAUTION_IDS = [f.id for f in vocab.RED_FLAGS if f.severity == vocab.CAUTION]
STOP_IDS = [f.id for f in vocab.RED_FLAGS if f.severity in vocab.STOP_SEVERITIES]
EMERGENCY_IDS = [f.id for f in vocab.RED_FLAGS if f.severity == vocab.EMERGENCY]
SEE_DOCTOR_IDS = [f.id for f in vocab.RED_FLAGS if f.severity == vocab.SEE_DOCTOR]


def answers(**overrides) -> IntakeAnswers:
    """A complete, flag-free intake that leads to deep tissue; override per test."""
    base = dict(
        red_flags=(),
        pain_areas=("neck", "lower_back"),
        pain_intensity=5.0,
        touch_sensitivity="none",
        pressure_preference="firm",
        post_massage_flare=False,
    )
    base.update(overrides)
    return IntakeAnswers(**base)


def text_of(lines) -> str:
    return " ".join(lines).lower()


def test_vocabulary_has_flags_of_every_class():
    # The rule tests below would pass vacuously without these.
    assert CAUTION_IDS and EMERGENCY_IDS and SEE_DOCTOR_IDS


# --- Rule 1 -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", STOP_IDS)
def test_rule_1_stop_flag_means_no_massage(flag):
    assert choose_style(answers(red_flags=(flag,))) == (NONE, 1)


def test_rule_1_wins_over_a_caution_flag_and_everything_else():
    a = answers(red_flags=("osteoporosis", "fever_or_infection"), touch_sensitivity="severe")
    assert choose_style(a) == (NONE, 1)


def test_rule_1_emergency_gives_call_now_stop_message():
    rec = recommend(answers(red_flags=("chest_pain_or_breathlessness",)))
    assert rec.style == NONE and rec.alternative is None
    assert "emergency" in rec.stop_message.lower()
    assert "now" in rec.stop_message.lower()
    assert rec.interview_questions == ()


@pytest.mark.parametrize("flag", SEE_DOCTOR_IDS)
def test_rule_1_see_doctor_gives_see_a_doctor_stop_message(flag):
    rec = recommend(answers(red_flags=(flag,)))
    assert "doctor" in rec.stop_message.lower()
    assert "emergency" not in rec.stop_message.lower()
    assert rec.interview_questions == ()


def test_rule_1_reasons_are_the_flags_advice():
    flag = vocab.RED_FLAGS_BY_ID["possible_blood_clot"]
    rec = recommend(answers(red_flags=(flag.id,)))
    assert list(rec.reasons) == [flag.advice]
    assert flag.advice in rec.precautions
    assert any("come back" in p.lower() and "doctor" in p.lower() for p in rec.precautions)


def test_no_stop_message_when_massage_is_recommended():
    assert recommend(answers()).stop_message is None


# --- Rule 2 -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", CAUTION_IDS)
def test_rule_2_caution_flag_means_light(flag):
    # Everything else points at deep tissue; the flag must win.
    assert choose_style(answers(red_flags=(flag,))) == (LIGHT, 2)


@pytest.mark.parametrize("flag", CAUTION_IDS)
def test_rule_2_reason_names_the_flag(flag):
    a = answers(red_flags=(flag,))
    words = text_of(reasons(a, LIGHT, 2))
    assert vocab.RED_FLAGS_BY_ID[flag].label.lower() in words


def test_unknown_flag_ids_are_ignored_by_the_rules():
    assert choose_style(answers(red_flags=("not_a_flag",))) == (DEEP, 6)


# --- Rule 3 -----------------------------------------------------------------------


@pytest.mark.parametrize("pressure", vocab.PRESSURE_LEVELS)
def test_rule_3_severe_sensitivity_means_light(pressure):
    a = answers(touch_sensitivity="severe", pressure_preference=pressure, pain_intensity=2)
    assert choose_style(a) == (LIGHT, 3)


def test_rule_3_wins_over_a_flare():
    a = answers(touch_sensitivity="severe", post_massage_flare=True)
    assert choose_style(a) == (LIGHT, 3)


def test_rule_3_reason_names_severe_sensitivity():
    a = answers(touch_sensitivity="severe")
    words = text_of(reasons(a, LIGHT, 3))
    assert "even light touch hurts" in words and "severe" in words


# --- Rule 4 -----------------------------------------------------------------------


def test_rule_4_flare_with_moderate_sensitivity_means_light():
    a = answers(post_massage_flare=True, touch_sensitivity="moderate", pressure_preference="firm")
    assert choose_style(a) == (LIGHT, 4)


@pytest.mark.parametrize("sensitivity", ["none", "mild"])
def test_rule_4_flare_otherwise_means_myofascial_release(sensitivity):
    a = answers(
        post_massage_flare=True,
        touch_sensitivity=sensitivity,
        pressure_preference="firm",
        pain_intensity=2,
    )
    assert choose_style(a) == (MFR, 4)


def test_rule_4_reason_names_the_flare():
    a = answers(post_massage_flare=True)
    style, rule = choose_style(a)
    words = text_of(reasons(a, style, rule))
    assert "more than two days" in words


def test_rule_4_light_branch_reason_names_moderate_sensitivity():
    a = answers(post_massage_flare=True, touch_sensitivity="moderate")
    words = text_of(reasons(a, *choose_style(a)))
    assert "more than two days" in words and "moderate" in words


# --- Rule 5 -----------------------------------------------------------------------


@pytest.mark.parametrize("pressure", ["medium", "firm"])
def test_rule_5_moderate_sensitivity_with_medium_or_firm_means_mfr(pressure):
    a = answers(touch_sensitivity="moderate", pressure_preference=pressure, pain_intensity=3)
    assert choose_style(a) == (MFR, 5)


@pytest.mark.parametrize("pressure", ["light", "unsure"])
def test_rule_5_moderate_sensitivity_otherwise_means_light(pressure):
    a = answers(touch_sensitivity="moderate", pressure_preference=pressure)
    assert choose_style(a) == (LIGHT, 5)


def test_rule_5_reason_names_sensitivity_and_pressure():
    a = answers(touch_sensitivity="moderate", pressure_preference="medium")
    words = text_of(reasons(a, *choose_style(a)))
    assert "moderate touch sensitivity" in words and "medium pressure" in words


# --- Rule 6 -----------------------------------------------------------------------


@pytest.mark.parametrize("sensitivity", ["none", "mild"])
@pytest.mark.parametrize("intensity", [0, 3, 6])
def test_rule_6_firm_and_intensity_up_to_6_means_deep_tissue(sensitivity, intensity):
    a = answers(
        touch_sensitivity=sensitivity, pressure_preference="firm", pain_intensity=intensity
    )
    assert choose_style(a) == (DEEP, 6)


@pytest.mark.parametrize("sensitivity", ["none", "mild"])
@pytest.mark.parametrize("intensity", [7, 8.5, 10])
def test_rule_6_firm_and_intensity_7_or_more_means_mfr(sensitivity, intensity):
    a = answers(
        touch_sensitivity=sensitivity, pressure_preference="firm", pain_intensity=intensity
    )
    assert choose_style(a) == (MFR, 6)


@pytest.mark.parametrize("sensitivity", ["none", "mild"])
@pytest.mark.parametrize("pressure", ["medium", "unsure"])
def test_rule_6_medium_or_unsure_means_mfr(sensitivity, pressure):
    a = answers(touch_sensitivity=sensitivity, pressure_preference=pressure, pain_intensity=2)
    assert choose_style(a) == (MFR, 6)


@pytest.mark.parametrize("sensitivity", ["none", "mild"])
def test_rule_6_light_pressure_means_light(sensitivity):
    a = answers(touch_sensitivity=sensitivity, pressure_preference="light", pain_intensity=2)
    assert choose_style(a) == (LIGHT, 6)


def test_rule_6_between_6_and_7_is_not_deep_tissue():
    assert choose_style(answers(pain_intensity=6.5)) == (MFR, 6)


def test_rule_6_firm_without_known_intensity_is_not_deep_tissue():
    assert choose_style(answers(pain_intensity=None)) == (MFR, 6)


def test_rule_6_deep_tissue_reason_names_pressure_and_intensity():
    a = answers(pressure_preference="firm", pain_intensity=5)
    words = text_of(reasons(a, DEEP, 6))
    assert "firm pressure" in words and "5 out of 10" in words


def test_rule_6_high_intensity_reason_names_intensity():
    a = answers(pressure_preference="firm", pain_intensity=8)
    words = text_of(reasons(a, MFR, 6))
    assert "firm pressure" in words and "8 out of 10" in words


def test_unknown_sensitivity_is_treated_gently():
    a = answers(touch_sensitivity=None, pressure_preference="firm", pain_intensity=2)
    assert choose_style(a) == (MFR, 5)
    assert choose_style(answers(touch_sensitivity=None, pressure_preference=None)) == (LIGHT, 5)


# --- Reasons: grounded style lines ------------------------------------------------------


def test_mfr_reasons_cite_the_evidence_and_complement_not_cure():
    a = answers(pressure_preference="medium")
    words = text_of(recommend(a).reasons)
    assert "2015 review" in words and "strongest evidence" in words
    assert "not a cure" in words


@pytest.mark.parametrize("style", [LIGHT, MFR, DEEP])
def test_every_style_has_a_line_about_it(style):
    lines = reasons(answers(), style, 6)
    assert len(lines) >= 3


# --- Alternatives -------------------------------------------------------------------------


def test_alternative_of_deep_tissue_is_mfr():
    assert alternative_style(DEEP, ()) == MFR


def test_alternative_of_mfr_is_light():
    assert alternative_style(MFR, ()) == LIGHT


def test_alternative_of_light_without_caution_is_mfr():
    assert alternative_style(LIGHT, ()) == MFR


@pytest.mark.parametrize("flag", CAUTION_IDS)
def test_alternative_of_light_with_caution_is_none(flag):
    assert alternative_style(LIGHT, (flag,)) is None


def test_alternative_of_none_is_none():
    assert alternative_style(NONE, ()) is None


def test_recommend_fills_the_alternative():
    assert recommend(answers()).alternative == MFR
    assert recommend(answers(red_flags=("pregnancy",))).alternative is None


# --- Precautions ------------------------------------------------------------------------


@pytest.mark.parametrize("style", [LIGHT, MFR, DEEP])
def test_the_four_precautions_are_always_there(style):
    got = precautions(answers(), style)
    assert list(ALWAYS_PRECAUTIONS) == got[:4]
    words = text_of(got)
    assert "never hurt" in words and "slowly" in words
    assert "say so" in words
    assert "up to a day" in words
    assert "1 to 2 sessions a week" in words and "5 weeks" in words


@pytest.mark.parametrize("flag", CAUTION_IDS)
def test_caution_flag_advice_is_a_precaution(flag):
    got = precautions(answers(red_flags=(flag,)), LIGHT)
    assert vocab.RED_FLAGS_BY_ID[flag].advice in got


def test_areas_to_avoid_are_a_precaution():
    got = precautions(answers(avoid_areas=("lower_leg_left",)), MFR)
    assert any("stay away" in p and "left lower leg" in p for p in got)


def test_none_precautions_are_advice_and_come_back():
    got = precautions(answers(red_flags=("fever_or_infection",)), NONE)
    assert vocab.RED_FLAGS_BY_ID["fever_or_infection"].advice in got
    assert "come back" in text_of(got)
    assert ALWAYS_PRECAUTIONS[0] not in got


# --- Interview questions -------------------------------------------------------------------

ALWAYS_QUESTION_WORDS = [
    ("licensed", "train"),
    ("fibromyalgia", "chronic pain"),
    ("adjust the pressure", "check in"),
    ("expect after",),
    ("how long", "cost", "insurance"),
]


@pytest.mark.parametrize("style", [LIGHT, MFR, DEEP])
def test_interview_always_items(style):
    words = text_of(interview_questions(IntakeAnswers(), style))
    for group in ALWAYS_QUESTION_WORDS:
        for word in group:
            assert word in words, word


def test_bare_intake_gets_only_the_always_items_and_style():
    got = interview_questions(IntakeAnswers(), MFR)
    assert len(got) == len(ALWAYS_QUESTION_WORDS) + 1


@pytest.mark.parametrize(
    "style, words",
    [
        (MFR, "trained in myofascial release"),
        (DEEP, "trained in deep tissue"),
        (LIGHT, "pressure light"),
    ],
)
def test_interview_asks_about_the_recommended_style(style, words):
    assert words in text_of(interview_questions(IntakeAnswers(), style))


def test_interview_names_the_pain_areas():
    a = IntakeAnswers(pain_areas=("neck", "shoulder_left", "shoulder_right", "lower_back"))
    got = interview_questions(a, MFR)
    assert any("focus on" in q and "neck, both shoulders and lower back" in q for q in got)


def test_interview_pain_everywhere():
    a = IntakeAnswers(pain_areas=vocab.WPI_REGIONS)
    assert "all over" in text_of(interview_questions(a, LIGHT))


def test_interview_names_the_areas_to_avoid():
    got = interview_questions(IntakeAnswers(avoid_areas=("hip_right",)), MFR)
    assert any("keep away" in q and "right hip" in q for q in got)


@pytest.mark.parametrize(
    "heat, asked", [("yes", True), ("no", False), (vocab.NO_PREFERENCE, False), (None, False)]
)
def test_interview_hot_cold_packs_only_when_wanted(heat, asked):
    words = text_of(interview_questions(IntakeAnswers(heat_packs=heat), MFR))
    assert ("hot or cold packs" in words) is asked


@pytest.mark.parametrize(
    "sensitivity, asked", [("none", False), ("mild", False), ("moderate", True), ("severe", True)]
)
def test_interview_shorter_first_session(sensitivity, asked):
    words = text_of(interview_questions(IntakeAnswers(touch_sensitivity=sensitivity), LIGHT))
    assert ("first session be shorter" in words) is asked


@pytest.mark.parametrize(
    "flag, words",
    [
        ("blood_thinners", "blood thinners"),
        ("osteoporosis", "osteoporosis"),
        ("cancer_treatment", "oncologist"),
        ("pregnancy", "trained in pregnancy massage"),
        ("recent_surgery_or_injury", "surgeon"),
        ("skin_condition", "wound, burn or rash"),
    ],
)
def test_interview_doctors_note_names_the_flag(flag, words):
    got = text_of(interview_questions(IntakeAnswers(red_flags=(flag,)), LIGHT))
    assert words in got
    if flag != "pregnancy":
        assert "note" in got or "ok" in got or "clearance" in got


def test_every_caution_flag_has_an_interview_question():
    bare = len(interview_questions(IntakeAnswers(), LIGHT))
    for flag in CAUTION_IDS:
        assert len(interview_questions(IntakeAnswers(red_flags=(flag,)), LIGHT)) == bare + 1


@pytest.mark.parametrize(
    "gender, words",
    [("female", "woman"), ("male", "man"), ("any", None), (vocab.NO_PREFERENCE, None)],
)
def test_interview_therapist_gender(gender, words):
    got = interview_questions(IntakeAnswers(therapist_gender=gender), MFR)
    gender_qs = [q for q in got if "as my therapist" in q]
    if words is None:
        assert gender_qs == []
    else:
        assert len(gender_qs) == 1 and f"a {words} " in gender_qs[0]


def test_interview_session_length_is_named():
    got = text_of(interview_questions(IntakeAnswers(session_length=45), MFR))
    assert "45-minute" in got


def test_interview_therapist_name():
    got = interview_questions(IntakeAnswers(), MFR, therapist_name="Anna")
    assert got[0].startswith("Anna, ")


def test_no_interview_questions_for_none():
    assert interview_questions(answers(red_flags=("fever_or_infection",)), NONE) == []


# --- Areas in words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "regions, words",
    [
        (["shoulder_left", "shoulder_right"], "both shoulders"),
        (["hip_left"], "left hip"),
        (["neck", "upper_back", "lower_back"], "neck, upper back and lower back"),
        (["upper_arm_left", "upper_arm_right", "lower_arm_left", "lower_arm_right"], "both arms"),
        (["upper_leg_right", "lower_leg_right"], "right leg"),
        (["upper_leg_right", "lower_leg_left"], "right thigh and left lower leg"),
        (list(vocab.WPI_REGIONS), "all over"),
        ([], ""),
    ],
)
def test_describe_areas(regions, words):
    assert describe_areas(regions) == words


# --- from_slots ----------------------------------------------------------------------


def test_from_slots_tolerates_missing_and_none():
    assert IntakeAnswers.from_slots({}) == IntakeAnswers()
    assert IntakeAnswers.from_slots(None) == IntakeAnswers()
    assert (
        IntakeAnswers.from_slots({k: None for k in IntakeAnswers.__dataclass_fields__})
        == IntakeAnswers()
    )


def test_from_slots_converts_lists_and_numbers():
    a = IntakeAnswers.from_slots(
        {
            "red_flags": ["pregnancy", "pregnancy"],
            "pain_areas": ["neck"],
            "pain_intensity": "7",
            "touch_sensitivity": "Mild",
            "pressure_preference": "firm",
            "post_massage_flare": "false",
            "goals": ["sleep"],
            "heat_packs": "yes",
            "session_length": 60.0,
            "therapist_gender": "female",
            "avoid_areas": "hip_left",
        }
    )
    assert a.red_flags == ("pregnancy",)
    assert a.pain_intensity == 7.0 and a.touch_sensitivity == "mild"
    assert a.post_massage_flare is False and a.session_length == 60
    assert a.avoid_areas == ("hip_left",) and a.goals == ("sleep",)


def test_from_slots_skipped_session_length_is_none():
    a = IntakeAnswers.from_slots(
        {"session_length": vocab.NO_PREFERENCE, "heat_packs": vocab.NO_PREFERENCE}
    )
    assert a.session_length is None and a.heat_packs == vocab.NO_PREFERENCE


# --- Summary -------------------------------------------------------------------------


def test_summary_values():
    a = answers(pain_areas=("neck", "hip_left", "hip_right", "hands"), pain_intensity=5)
    summary = intake_summary(a, recommend(a), therapists=[{"name": "Anna"}])
    assert summary["recommended_style"] == DEEP
    assert summary["alternative_style"] == MFR
    assert summary["widespread_pain_index"] == 3  # hands are not a WPI region
    assert summary["intensity_band"] == "moderate"
    assert summary["pain_intensity"] == 5.0 and isinstance(summary["pain_intensity"], float)
    assert summary["therapists"] == [{"name": "Anna"}]
    assert isinstance(summary["reasons"], list)


@pytest.mark.parametrize(
    "value, band",
    [
        (None, None),
        (0, "none"),
        (1, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
    ],
)
def test_intensity_band_hawker(value, band):
    assert intensity_band(value) == band


# --- Properties ------------------------------------------------------------------------

ALL_FLAG_IDS = [f.id for f in vocab.RED_FLAGS]
ALL_REGIONS = list(vocab.ALL_REGIONS)

maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731

answers_strategy = st.builds(
    IntakeAnswers,
    red_flags=st.lists(st.sampled_from(ALL_FLAG_IDS), max_size=4, unique=True).map(tuple),
    pain_areas=st.lists(st.sampled_from(ALL_REGIONS), max_size=22, unique=True).map(tuple),
    pain_intensity=maybe(st.floats(min_value=0, max_value=10, allow_nan=False)),
    touch_sensitivity=maybe(st.sampled_from(vocab.SENSITIVITY_LEVELS)),
    pressure_preference=maybe(st.sampled_from(vocab.PRESSURE_LEVELS)),
    post_massage_flare=maybe(st.booleans()),
    goals=st.lists(st.sampled_from(vocab.GOALS), unique=True).map(tuple),
    heat_packs=maybe(st.sampled_from(["yes", "no", vocab.NO_PREFERENCE])),
    session_length=maybe(st.sampled_from(vocab.SESSION_LENGTHS)),
    therapist_gender=maybe(st.sampled_from(vocab.THERAPIST_GENDERS + (vocab.NO_PREFERENCE,))),
    avoid_areas=st.lists(st.sampled_from(ALL_REGIONS), max_size=4, unique=True).map(tuple),
)


def _has(a: IntakeAnswers, *severities: str) -> bool:
    return any(vocab.RED_FLAGS_BY_ID[f].severity in severities for f in a.red_flags)


@settings(max_examples=300)
@given(answers_strategy)
def test_property_deep_tissue_never_after_a_flare(a):
    if a.post_massage_flare:
        assert choose_style(a)[0] != DEEP


@settings(max_examples=300)
@given(answers_strategy)
def test_property_deep_tissue_never_with_severe_sensitivity(a):
    if a.touch_sensitivity == "severe":
        assert choose_style(a)[0] != DEEP


@settings(max_examples=300)
@given(answers_strategy)
def test_property_deep_tissue_never_with_a_caution_flag(a):
    if _has(a, vocab.CAUTION):
        assert recommend(a).style in (LIGHT, NONE)


@settings(max_examples=300)
@given(answers_strategy)
def test_property_stop_flag_means_none_without_questions(a):
    rec = recommend(a)
    if _has(a, *vocab.STOP_SEVERITIES):
        assert rec.style == NONE and rec.rule == 1
        assert rec.interview_questions == () and rec.alternative is None
        assert rec.stop_message
    else:
        assert rec.style != NONE and rec.stop_message is None


@settings(max_examples=300)
@given(answers_strategy)
def test_property_rule_number_and_style_are_valid(a):
    style, rule = choose_style(a)
    assert style in vocab.STYLES and 1 <= rule <= 6
    assert all(line.strip() for line in reasons(a, style, rule))
    if style != NONE:
        assert list(ALWAYS_PRECAUTIONS) == precautions(a, style)[:4]


@settings(max_examples=200)
@given(
    answers_strategy,
    maybe(st.lists(st.fixed_dictionaries({"name": st.text(max_size=20)}), max_size=3)),
)
def test_property_summary_has_contract_keys_and_is_json(a, therapists):
    rec = recommend(a)
    summary = intake_summary(a, rec, therapists)
    assert set(CONTRACT_KEYS) <= set(summary)
    assert "therapists" in summary and isinstance(summary["therapists"], list)
    assert json.loads(json.dumps(summary)) == summary
    assert summary["recommended_style"] == rec.style
    assert summary["alternative_style"] == rec.alternative
    assert 0 <= summary["widespread_pain_index"] <= 19


def test_contract_keys_are_exactly_the_design_names():
    assert set(CONTRACT_KEYS) == {
        "red_flags",
        "pain_areas",
        "pain_intensity",
        "touch_sensitivity",
        "pressure_preference",
        "post_massage_flare",
        "recommended_style",
        "alternative_style",
        "reasons",
        "precautions",
        "interview_questions",
    }
    assert isinstance(recommend(answers()), Recommendation)
