"""What one message says: regions, red flags, scores, levels and preferences."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.understanding.answers import detect_red_flags, extract_answers
from bot.understanding.none_answers import is_skip
from bot.understanding.preferences import (
    parse_flare,
    parse_gender,
    parse_goals,
    parse_heat_packs,
    parse_pressure,
    parse_session_length,
)
from bot.understanding.red_flags import read_flags
from bot.understanding.regions import RegionMention, parse_regions, resolve_regions
from bot.understanding.scales import parse_intensity, parse_option_number, parse_sensitivity
from bot.vocabulary.slots import INTAKE_SLOTS, SAFETY_SLOTS
from bot.vocabulary.words import ALL_REGIONS, GOALS, NO_PREFERENCE, RED_FLAGS, WPI_REGIONS

BOTH = ("left", "right")


def pair(base, sides=BOTH):
    return {f"{base}_{side}" for side in sides}


ARMS = pair("upper_arm") | pair("lower_arm")
LEGS = pair("upper_leg") | pair("lower_leg")
BACK = {"upper_back", "lower_back"}
SCREENED = {"data_consent": True, "red_flags": [], "safety_screened": True}


# --- Regions: parts, lay words, sides ------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        # a paired part with no side named means both sides
        ("shoulders", pair("shoulder")),
        ("my shoulder", pair("shoulder")),
        ("my hips", pair("hip")),
        ("jaw", pair("jaw")),
        # one side named
        ("my right hip", {"hip_right"}),
        ("left shoulder", {"shoulder_left"}),
        ("the left side of my jaw", {"jaw_left"}),
        ("my lt knee", {"lower_leg_left"}),
        # a side after the part
        ("my hip on the left side", {"hip_left"}),
        ("my hip on the left", {"hip_left"}),
        ("shoulder (right)", {"shoulder_right"}),
        ("shoulder(right)", {"shoulder_right"}),
        ("knee - left side", {"lower_leg_left"}),
        # both
        ("both knees", pair("lower_leg")),
        ("both shoulders", pair("shoulder")),
        ("my left and right shoulders", pair("shoulder")),
        ("shoulders on both sides", pair("shoulder")),
        # a side carries across "and" and "," to singular parts
        ("left hip and knee", {"hip_left", "lower_leg_left"}),
        ("my left hip, knee and ankle", {"hip_left", "lower_leg_left"}),
        ("right shoulder and elbow", {"shoulder_right", "lower_arm_right"}),
        # ...until a new side word
        ("left hip and right knee", {"hip_left", "lower_leg_right"}),
        ("my right wrist and my left shoulder", {"lower_arm_right", "shoulder_left"}),
        # ...or a plural part
        ("left hip and knees", {"hip_left"} | pair("lower_leg")),
        ("left hip, shoulders and knee", {"hip_left"} | pair("shoulder") | pair("lower_leg")),
        # ...or a sentence break
        ("My left hip. Knee too.", {"hip_left"} | pair("lower_leg")),
        # ...or a clause in between
        ("my left hip hurts when I walk and my knee is stiff", {"hip_left"} | pair("lower_leg")),
        # groups
        ("arms", ARMS),
        ("my arm", ARMS),
        ("legs", LEGS),
        ("my left leg", {"upper_leg_left", "lower_leg_left"}),
        ("knees", pair("lower_leg")),
        ("my knee", pair("lower_leg")),
        ("back", BACK),
        ("my whole back", BACK),
        ("lower back", {"lower_back"}),
        ("low back", {"lower_back"}),
        ("upper back", {"upper_back"}),
        ("upper back and neck", {"upper_back", "neck"}),
        ("my neck, shoulders and lower back", {"neck", "lower_back"} | pair("shoulder")),
        # unpaired parts ignore sides
        ("my hands and feet", {"hands", "feet"}),
        ("my left hand", {"hands"}),
        ("my head", {"head"}),
        ("my neck on the left", {"neck"}),
        ("chest and tummy", {"chest", "abdomen"}),
        ("my chest and neck hurt", {"chest", "neck"}),
    ],
)
def test_regions_and_sides(text, expected):
    mention = parse_regions(text)
    assert set(mention.added) == expected
    assert not mention.removed
    assert not mention.everywhere


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my traps", pair("shoulder")),
        ("between my shoulder blades", {"upper_back"}),
        ("shoulder blades", {"upper_back"}),
        ("my tailbone", {"lower_back"}),
        ("my calves", pair("lower_leg")),
        ("my thighs", pair("upper_leg")),
        ("my left thigh", {"upper_leg_left"}),
        ("my buttocks", pair("hip")),
        ("glutes", pair("hip")),
        ("my temples", {"head"}),
        ("TMJ", pair("jaw")),
        ("my forearms", pair("lower_arm")),
        ("biceps", pair("upper_arm")),
        ("my wrists", pair("lower_arm")),
        ("hamstrings", pair("upper_leg")),
        ("ankles", pair("lower_leg")),
        ("the back of my neck", {"neck"}),
        ("the back of my knees", pair("lower_leg")),
        ("the back of my head", {"head"}),
        ("ribs", {"chest"}),
        ("my belly", {"abdomen"}),
        ("fingers and toes", {"hands", "feet"}),
        ("neck/shoulders", {"neck"} | pair("shoulder")),
    ],
)
def test_lay_words(text, expected):
    assert set(parse_regions(text).added) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the pain came back yesterday", set()),
        ("I went back to work", set()),
        ("on the other hand it is fine", set()),
        ("right now it's my neck", {"neck"}),
        ("that's right, my hips", pair("hip")),
        ("it left me exhausted, my knee", pair("lower_leg")),
        ("I had a gut feeling", set()),
        ("the bottom of my feet", {"feet"}),
        ("hello there", set()),
    ],
)
def test_words_in_another_sense_are_not_body_parts(text, expected):
    assert set(parse_regions(text).added) == expected


# --- Regions: everywhere and exceptions --------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "everywhere",
        "all over",
        "all over my body",
        "my whole body",
        "head to toe",
        "everything hurts",
    ],
)
def test_everywhere(text):
    mention = parse_regions(text)
    assert mention.everywhere
    assert resolve_regions(None, mention, replace=True) == list(WPI_REGIONS)


@pytest.mark.parametrize(
    "text, removed",
    [
        ("everywhere except my legs", LEGS),
        ("everywhere except for my legs", LEGS),
        ("all over but not my knees", pair("lower_leg")),
        ("everywhere but my feet", {"feet"}),
        ("all over apart from my arms", ARMS),
        ("everywhere other than my jaw", pair("jaw")),
        ("everywhere, excluding my chest", {"chest"}),
        ("everything hurts except my hands", {"hands"}),
        ("everywhere except my legs and arms", LEGS | ARMS),
        ("everywhere except my left knee", {"lower_leg_left"}),
    ],
)
def test_everywhere_with_exceptions(text, removed):
    mention = parse_regions(text)
    assert mention.everywhere
    assert set(mention.removed) == removed
    result = resolve_regions(None, mention, replace=True)
    assert result == [r for r in WPI_REGIONS if r not in removed]


def test_everywhere_except_my_legs_is_15_regions():
    result = resolve_regions(None, parse_regions("everywhere except my legs"), replace=True)
    assert len(result) == 15
    assert not set(result) & LEGS


def test_everywhere_but_especially_keeps_everything():
    mention = parse_regions("all over, but especially my neck")
    assert mention.everywhere and not mention.removed


@pytest.mark.parametrize(
    "text, added, removed",
    [
        ("not my knees", set(), pair("lower_leg")),
        ("no pain in my arms", set(), ARMS),
        ("my neck but not my shoulders", {"neck"}, pair("shoulder")),
        ("my back, not my neck", BACK, {"neck"}),
        ("my legs are fine but my neck hurts", {"neck"}, LEGS),
        ("my knees don't hurt", set(), pair("lower_leg")),
        ("no pain in my arms but my neck hurts", {"neck"}, ARMS),
        ("no pain in my arms and my neck hurts", {"neck"}, ARMS),
        ("I don't have any pain in my feet", set(), {"feet"}),
        ("neck and shoulders, not my arms though", {"neck"} | pair("shoulder"), ARMS),
        ("not my left knee", set(), {"lower_leg_left"}),
        # not negations
        ("not just my neck, my shoulders too", {"neck"} | pair("shoulder"), set()),
        ("I'm not sure, my neck maybe", {"neck"}, set()),
        ("I can't turn my neck", {"neck"}, set()),
        ("no, my neck", {"neck"}, set()),
    ],
)
def test_negation_and_exceptions(text, added, removed):
    mention = parse_regions(text)
    assert set(mention.added) == added
    assert set(mention.removed) == removed


# --- Resolving and describing -------------------------------------------------------
def test_resolve_replace_starts_fresh():
    mention = parse_regions("my neck and left hip")
    assert resolve_regions(["feet"], mention, replace=True) == ["hip_left", "neck"]


def test_resolve_amend_adds_and_removes_in_canonical_order():
    current = ["neck", "lower_leg_left", "lower_leg_right"]
    mention = RegionMention(
        added=frozenset({"head", "jaw_left"}),
        removed=frozenset({"lower_leg_left", "lower_leg_right"}),
        everywhere=False,
    )
    assert resolve_regions(current, mention, replace=False) == ["jaw_left", "neck", "head"]


def test_resolve_deduplicates_and_drops_unknown_regions():
    mention = RegionMention(added=frozenset({"neck", "tail"}))
    assert resolve_regions(["neck", "neck"], mention, replace=False) == ["neck"]


def test_resolve_amend_with_everywhere_keeps_extras():
    mention = RegionMention(everywhere=True, removed=frozenset({"chest"}))
    result = resolve_regions(["hands"], mention, replace=False)
    assert result == [r for r in ALL_REGIONS if r != "chest" and r not in ("head", "feet")]


# --- Red flags ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, flag",
    [
        ("I have chest pain", "chest_pain_or_breathlessness"),
        ("I can't breathe properly", "chest_pain_or_breathlessness"),
        ("I'm short of breath", "chest_pain_or_breathlessness"),
        ("I have a DVT", "possible_blood_clot"),
        ("I've got a fever", "fever_or_infection"),
        ("I have the flu", "fever_or_infection"),
        ("a chest infection", "fever_or_infection"),
        ("there's a new pain in my leg", "new_unexplained_pain"),
        ("numbness in my hands", "new_unexplained_pain"),
        ("this pain is different from my usual", "new_unexplained_pain"),
        ("I'm on warfarin", "blood_thinners"),
        ("I take blood thinners", "blood_thinners"),
        ("I have haemophilia", "blood_thinners"),
        ("I have osteoporosis", "osteoporosis"),
        ("brittle bones", "osteoporosis"),
        ("I'm having chemo", "cancer_treatment"),
        ("I had breast cancer", "cancer_treatment"),
        ("I'm pregnant", "pregnancy"),
        ("I'm 20 weeks pregnant", "pregnancy"),
        ("I had surgery", "recent_surgery_or_injury"),
        ("I sprained my ankle", "recent_surgery_or_injury"),
        ("I have a rash on my back", "skin_condition"),
        ("an open wound on my leg", "skin_condition"),
        ("I burned my hand on the stove", "skin_condition"),
        ("eczema", "skin_condition"),
    ],
)
def test_each_red_flag_is_detected(text, flag):
    assert detect_red_flags(text) == [flag]


@pytest.mark.parametrize(
    "text",
    [
        "no surgery",
        "I don't take blood thinners",
        "I do not take any blood thinners",
        "not pregnant",
        "I'm not pregnant",
        "never had cancer",
        "no fever",
        "none of these",
        "without numbness",
        "no chest pain",
        "I haven't had any surgery",
        "I'm no longer on warfarin",
        "I stopped taking warfarin",
        "no fever, rash or infection",
        "surgery? no",
        "cancer free",
        "osteoporosis: none",
        "no blood clots",
        "I don't have osteoporosis",
    ],
)
def test_negated_red_flags(text):
    assert detect_red_flags(text) == []


@pytest.mark.parametrize(
    "text, flags",
    [
        ("No, I had surgery last week", ["recent_surgery_or_injury"]),
        ("no fever, but I broke my wrist last week", ["recent_surgery_or_injury"]),
        ("I'm not pregnant but I'm on warfarin", ["blood_thinners"]),
        ("I have osteoporosis and I'm pregnant", ["osteoporosis", "pregnancy"]),
        ("pregnant and on blood thinners", ["blood_thinners", "pregnancy"]),
    ],
)
def test_negation_scope_ends_at_the_clause(text, flags):
    assert detect_red_flags(text) == flags


@pytest.mark.parametrize(
    "text, raised, suspected",
    [
        # Doubt is a possible flag: suspected, for the person to confirm.
        ("I'm not sure if it's a blood clot", [], ["possible_blood_clot"]),
        ("no idea if it's an infection", [], ["fever_or_infection"]),
        ("could it be a clot?", [], ["possible_blood_clot"]),
        # Part of a concept: a swollen calf may be a clot.
        ("my calf is swollen", [], ["possible_blood_clot"]),
        # Concepts, not names (DESIGN.md).
        ("one ankle has blown up and it's red and hot", ["possible_blood_clot"], []),
        (
            "there's a heavy band across my chest and I'm wheezing",
            ["chest_pain_or_breathlessness"],
            [],
        ),
        ("I'm in my second trimester", ["pregnancy"], []),
        ("they took my appendix out last week", ["recent_surgery_or_injury"], []),
        ("I take Pradaxa", ["blood_thinners"], []),
        ("I have von Willebrand", ["blood_thinners"], []),
        ("my doctor says I have osteopenia", ["osteoporosis"], []),
        ("they're treating a blood clot", ["possible_blood_clot", "blood_thinners"], []),
        ("I never used to have numbness but now I do", ["new_unexplained_pain"], []),
        # Emergency is raised even with doubt.
        ("not sure but my chest feels tight", ["chest_pain_or_breathlessness"], []),
        # Not a flag: negated, long past, someone else's, resolved.
        ("no, I haven't broken anything or had an operation", [], []),
        ("I was on warfarin years ago but stopped", [], []),
        ("surgery fifteen weeks ago", [], []),
        ("my sister is pregnant", [], []),
        ("the rash cleared up last year", [], []),
        ("hip replacement four years ago", [], []),
    ],
)
def test_red_flags_are_read_as_concepts(text, raised, suspected):
    reading = read_flags(text)
    assert (list(reading.raised), list(reading.suspected)) == (raised, suspected)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("yes the chest one", "chest_pain_or_breathlessness"),
        ("the pregnancy one", "pregnancy"),
        ("the one about bones", "osteoporosis"),
    ],
)
def test_checklist_options_picked_by_words(text, flag):
    assert read_flags(text, at_checklist=True).raised == (flag,)


@pytest.mark.parametrize(
    "text, recent",
    [
        ("I had knee surgery two weeks ago", True),
        ("operation last month", True),
        ("I broke my wrist 3 weeks ago", True),
        ("surgery yesterday", True),
        ("I had surgery 6 weeks ago", True),
        ("surgery a month ago", True),
        ("I injured my back a few days ago", True),
        ("I had an operation last week", True),
        ("I'm 4 weeks post-op", True),
        ("whiplash from a car accident on Monday", True),
        ("I'm still recovering from surgery", True),
        ("I had surgery", True),  # no time given: be safe
        ("surgery a while ago", True),  # vague: be safe
        ("surgery 7 weeks ago", False),
        ("surgery 5 years ago", False),
        ("an operation in 2015", False),
        ("injured my back as a child", False),
        ("surgery months ago", False),
        ("surgery two months ago", False),
        ("I had a fracture when I was 12", False),
        ("an old injury", False),
        ("I had a car accident 10 years ago", False),
        ("I've had a back injury for 10 years", False),
        ("surgery a long time ago", False),
        ("I'm 45 and had an operation in 2010", False),
    ],
)
def test_surgery_or_injury_counts_only_when_recent(text, recent):
    assert (detect_red_flags(text) == ["recent_surgery_or_injury"]) is recent


def test_the_nearest_time_decides_for_each_mention():
    text = "I had surgery 5 years ago and broke my wrist last week"
    assert detect_red_flags(text) == ["recent_surgery_or_injury"]
    assert detect_red_flags("I broke my wrist last year and had surgery in 2010") == []


@pytest.mark.parametrize(
    "text",
    [
        "my chest and neck hurt",
        "my chest",
        "I fell asleep",
        "broken sleep",
        "burning pain in my legs",
        "it burns",
        "I cut down on coffee",
        "I have fever dreams",
        "I'm burnt out",
        "flu-like symptoms",
        "I had my flu jab",
        "I have long covid",
        "my mum had cancer",
        "my sister is pregnant",
        "I did it by accident",
        "I'm on hormone replacement therapy",
        "I made a rash decision",
        "I'm torn between two options",
        "my pain is 6 out of 10",
        "I'm 45",
    ],
)
def test_no_false_red_flags(text):
    assert detect_red_flags(text) == []


def test_red_flags_come_in_vocabulary_order():
    flags = detect_red_flags("I have a rash, I'm pregnant and I have chest pain")
    order = [flag.id for flag in RED_FLAGS]
    assert flags == sorted(flags, key=order.index)
    assert flags == ["chest_pain_or_breathlessness", "pregnancy", "skin_condition"]


@pytest.mark.parametrize(
    "text, flag",
    [
        ("I had a fever 3 years ago", None),
        ("I was pregnant 5 years ago", None),
        ("I had a rash last year", None),
        ("I had a fever yesterday", "fever_or_infection"),
        ("I had cancer 10 years ago", None),  # DESIGN.md: long past is not a flag
    ],
)
def test_time_rules_for_other_flags(text, flag):
    assert detect_red_flags(text) == ([flag] if flag else [])


# --- Pain intensity --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("5", 5.0),
        ("five", 5.0),
        ("5/10", 5.0),
        ("5 / 10", 5.0),
        ("7 out of 10", 7.0),
        ("about a 6", 6.0),
        ("6 or 7", 7.0),
        ("6-7", 7.0),
        ("between 4 and 5", 5.0),
        ("ten", 10.0),
        ("10", 10.0),
        ("zero", 0.0),
        ("0", 0.0),
        ("no pain", 0.0),
        ("7.5", 7.5),
        ("six and a half", 6.5),
        ("usually an 8", 8.0),
        ("10/10", 10.0),
        ("it's an 8 today", 8.0),
        ("I'm 45 and my pain is about a 7", 7.0),
        ("eight out of ten", 8.0),
    ],
)
def test_intensity_when_asked(text, expected):
    # A range reads as its higher end: the massage then errs on the gentle side.
    assert parse_intensity(text, expecting=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "11",
        "-1",
        "50",
        "12/10",
        "two weeks ago",
        "I'm 45",
        "45 minutes",
        "hello",
        "",
        "the first one of many",
    ],
)
def test_intensity_out_of_range_or_not_a_score(text):
    # (also "a 3 year old" below: an article before a number is a score only beside pain)
    assert parse_intensity(text, expecting=True) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5/10", 5.0),
        ("7 out of 10", 7.0),
        ("my pain is a 7", 7.0),
        ("pain is a 7", 7.0),
        ("about a 5 out of 10", 5.0),
        ("my pain level is 6", 6.0),
        ("5", None),
        ("five", None),
        ("I had surgery two weeks ago", None),
        ("my pain is 2 weeks old", None),
        ("I'm 45", None),
        ("3 kids", None),
        ("it hurts, most days its a 7", 7.0),
        ("fibro pain, like an 8", 8.0),
        ("a 3 year old", None),
    ],
)
def test_intensity_when_not_asked_needs_an_explicit_form(text, expected):
    assert parse_intensity(text, expecting=False) == expected


# --- Touch sensitivity -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("touch doesn't bother me", "none"),
        ("light touch is fine", "none"),
        ("not at all", "none"),
        ("none", "none"),
        ("no", "none"),
        ("nope, never", "none"),
        ("a little", "mild"),
        ("slightly", "mild"),
        ("mild", "mild"),
        ("hugs hurt a little", "mild"),
        ("touch doesn't bother me much", "mild"),
        ("sometimes", "mild"),
        ("hugs hurt", "moderate"),
        ("tight clothes hurt", "moderate"),
        ("quite a lot", "moderate"),
        ("moderate", "moderate"),
        ("even the shower water hurts", "severe"),
        ("even my bedsheets hurt", "severe"),
        # One everyday example with no grade is moderate, like "hugs hurt" (issue 12).
        ("combing my hair hurts", "moderate"),
        ("I can't bear to be touched", "severe"),
        ("severe", "severe"),
        ("it's not severe, just a bit", "mild"),
        ("yes", None),
        ("pizza", None),
    ],
)
def test_sensitivity_when_asked(text, expected):
    assert parse_sensitivity(text, expecting=True) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("touch doesn't bother me", "none"),
        ("hugs hurt", "moderate"),
        ("even the shower water hurts", "severe"),
        ("moderate", None),
        ("severe pain in my back", None),
        ("a little", None),
        ("no", None),
    ],
)
def test_sensitivity_when_not_asked_needs_a_statement_about_touch(text, expected):
    assert parse_sensitivity(text, expecting=False) == expected


# --- Pressure ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("gentle", "light"),
        ("soft", "light"),
        ("light please", "light"),
        ("not too hard", "light"),
        ("medium pressure", "medium"),
        ("moderate pressure", "medium"),
        ("medium", "medium"),
        ("in between", "medium"),
        ("firm", "firm"),
        ("deep", "firm"),
        ("hard", "firm"),
        ("strong", "firm"),
        ("medium to firm", "medium"),
        ("not sure", "unsure"),
        ("don't know", "unsure"),
        ("no idea", "unsure"),
        ("it's hard to say", "unsure"),
        ("hard to say, medium maybe", "medium"),
        ("pizza", None),
    ],
)
def test_pressure_when_asked(text, expected):
    assert parse_pressure(text, expecting=True) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("medium pressure", "medium"),
        ("I like a firm massage", "firm"),
        ("I'd like deep tissue", "firm"),
        ("gentle pressure please", "light"),
        ("firm", None),
        ("light touch is fine", None),
        ("it's hard to sleep", None),
        ("I never had a firm massage", None),
    ],
)
def test_pressure_when_not_asked_needs_pressure_or_massage(text, expected):
    assert parse_pressure(text, expecting=False) == expected


# --- Flare after massage -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", True),
        ("yeah, for about three days", True),
        ("sore for days after", True),
        ("flared up for a week", True),
        ("I paid for it", True),
        ("no", False),
        ("not really", False),
        ("never had one", False),
        ("never had a firm massage", False),
        ("only a day", False),
        ("I felt fine afterwards", False),
        ("hmm", None),
    ],
)
def test_flare_when_asked(text, expected):
    assert parse_flare(text, expecting=True) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I was sore for days after a massage", True),
        ("yes", None),
        ("I was sore for days after gardening", None),
    ],
)
def test_flare_when_not_asked(text, expected):
    assert parse_flare(text, expecting=False) is expected


# --- Option numbers --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, slot, expected",
    [
        ("1", "touch_sensitivity", "none"),
        ("2", "touch_sensitivity", "mild"),
        ("option 3", "touch_sensitivity", "moderate"),
        ("4", "touch_sensitivity", "severe"),
        ("the second one", "pressure_preference", "medium"),
        ("3", "pressure_preference", "firm"),
        ("last", "pressure_preference", "unsure"),
        ("two", "pressure_preference", "medium"),
        ("1", "post_massage_flare", True),
        ("3", "post_massage_flare", False),
        ("1", "data_consent", True),
        ("2", "data_consent", False),
    ],
)
def test_option_numbers(text, slot, expected):
    assert parse_option_number(text, slot) == expected


@pytest.mark.parametrize(
    "text, slot",
    [
        ("5", "touch_sensitivity"),
        ("0", "pressure_preference"),
        ("2", "pain_intensity"),
        ("2", None),
        ("2 weeks", "pressure_preference"),
        ("firm", "pressure_preference"),
    ],
)
def test_option_numbers_out_of_range_or_not_options(text, slot):
    assert parse_option_number(text, slot) is None


# --- Preferences ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("sleep better", ["sleep"]),
        ("less stiff", ["stiffness"]),
        ("to relax", ["relaxation"]),
        ("fewer headaches", ["headaches"]),
        ("migraines", ["headaches"]),
        ("pain relief", ["pain_relief"]),
        ("less pain and better sleep", ["pain_relief", "sleep"]),
        ("stress relief", ["relaxation"]),
        ("all of them", list(GOALS)),
        ("pizza", []),
    ],
)
def test_goals(text, expected):
    assert parse_goals(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes please", "yes"),
        ("sure", "yes"),
        ("heat helps", "yes"),
        ("yes please, no cold though", "yes"),
        ("no thanks", "no"),
        ("nope", "no"),
        ("I don't like heat", "no"),
        ("heat makes it worse", "no"),
        ("not sure", None),
    ],
)
def test_heat_packs(text, expected):
    assert parse_heat_packs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("an hour", 60),
        ("1 hour", 60),
        ("half an hour", 30),
        ("30 minutes", 30),
        ("90 minutes", 90),
        ("an hour and a half", 90),
        ("1.5 hours", 90),
        ("45", 45),
        ("45 mins", 45),
        ("50 minutes", 45),
        ("two hours", 90),
        ("shorter", 30),
        ("5", None),
        ("pizza", None),
    ],
)
def test_session_length(text, expected):
    assert parse_session_length(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a woman", "female"),
        ("female therapist", "female"),
        ("a lady please", "female"),
        ("man", "male"),
        ("a male therapist", "male"),
        ("not a man", "female"),
        ("doesn't matter", "any"),
        ("either", "any"),
        ("a woman or a man is fine", "any"),
        ("pizza", None),
    ],
)
def test_gender(text, expected):
    assert parse_gender(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("skip", True),
        ("skip this one", True),
        ("no preference", True),
        ("doesn't matter", True),
        ("pass", True),
        ("not sure", True),
        ("none", True),
        ("yes", False),
        ("I want to sleep better", False),
        ("a woman", False),
    ],
)
def test_is_skip(text, expected):
    assert is_skip(text) is expected


# --- extract_answers: one message, every answer -------------------------------------------
def test_four_answers_at_once():
    text = "my neck and upper back are stiff, about 5/10, touch doesn't bother me, medium pressure"
    assert extract_answers(text, "pain_areas", SCREENED) == {
        "pain_areas": ["neck", "upper_back"],
        "pain_intensity": 5.0,
        "touch_sensitivity": "none",
        "pressure_preference": "medium",
    }


def test_a_red_flag_volunteered_outside_the_form():
    assert extract_answers("I had knee surgery two weeks ago", None, {}) == {
        "red_flags": ["recent_surgery_or_injury"]
    }


def test_a_body_part_inside_a_red_flag_is_not_a_pain_area():
    found = extract_answers(
        "I had knee surgery two weeks ago and my neck hurts", "pain_areas", SCREENED
    )
    assert found == {"red_flags": ["recent_surgery_or_injury"], "pain_areas": ["neck"]}


def test_red_flags_add_to_those_told_earlier():
    found = extract_answers(
        "I'm also on warfarin", "pain_intensity", dict(SCREENED, red_flags=["pregnancy"])
    )
    assert found["red_flags"] == ["blood_thinners", "pregnancy"]


@pytest.mark.parametrize(
    "text",
    [
        "none",
        "none of these",
        "no",
        "nope",
        "nothing",
        "I'm not pregnant and no surgery",
        "None of them apply",
    ],
)
def test_none_of_these_answers_the_checklist(text):
    assert extract_answers(text, "red_flags", {"data_consent": True}) == {"red_flags": []}


def test_none_keeps_flags_told_earlier_when_screening():
    found = extract_answers("none of these", "red_flags", {"red_flags": ["pregnancy"]})
    assert found == {"red_flags": ["pregnancy"]}


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        ("5", "pain_intensity", {"pain_intensity": 5.0}),
        ("5", "touch_sensitivity", {}),
        ("5", "pressure_preference", {}),
        ("5", None, {}),
        ("2", "touch_sensitivity", {"touch_sensitivity": "mild"}),
        ("none", "touch_sensitivity", {"touch_sensitivity": "none"}),
        ("none", "avoid_areas", {"avoid_areas": []}),
        ("none", "pain_intensity", {"pain_intensity": 0.0}),
        ("none", "goals", {"goals": []}),
        ("none", "heat_packs", {"heat_packs": "no"}),
        ("skip", "heat_packs", {"heat_packs": NO_PREFERENCE}),
        ("skip", "session_length", {"session_length": NO_PREFERENCE}),
        ("skip", "therapist_gender", {"therapist_gender": NO_PREFERENCE}),
        ("doesn't matter", "therapist_gender", {"therapist_gender": "any"}),
        ("skip", "goals", {"goals": []}),
        ("skip", "avoid_areas", {"avoid_areas": []}),
        ("better sleep and to relax", "goals", {"goals": ["sleep", "relaxation"]}),
        ("an hour", "session_length", {"session_length": 60}),
        ("yes please", "heat_packs", {"heat_packs": "yes"}),
        ("no", "post_massage_flare", {"post_massage_flare": False}),
        ("never had one", "post_massage_flare", {"post_massage_flare": False}),
        ("not sure", "pressure_preference", {"pressure_preference": "unsure"}),
        ("gentle", "pressure_preference", {"pressure_preference": "light"}),
    ],
)
def test_context_decides_what_a_short_answer_means(text, requested, expected):
    assert extract_answers(text, requested, SCREENED) == expected


def test_avoid_areas_when_asked():
    assert extract_answers("my feet and my left knee", "avoid_areas", SCREENED) == {
        "avoid_areas": ["lower_leg_left", "feet"]
    }
    assert extract_answers("please don't touch my feet", "avoid_areas", SCREENED) == {
        "avoid_areas": ["feet"]
    }


def test_areas_to_avoid_are_not_pain_areas():
    current = dict(SCREENED, pain_areas=["neck"])
    found = extract_answers("my neck hurts but please don't touch my feet", None, current)
    assert found == {"avoid_areas": ["feet"]}


def test_pain_areas_answer_replaces_and_amendments_add_or_remove():
    current = dict(SCREENED, pain_areas=["neck", "lower_leg_left", "lower_leg_right"])
    assert extract_answers("my hips", "pain_areas", current) == {
        "pain_areas": ["hip_left", "hip_right"]
    }
    assert extract_answers("also my left shoulder", "pain_areas", current) == {
        "pain_areas": ["shoulder_left", "lower_leg_left", "lower_leg_right", "neck"]
    }
    assert extract_answers("not my knees", None, current) == {"pain_areas": ["neck"]}
    assert extract_answers("my head hurts too", "pain_intensity", current) == {
        "pain_areas": ["lower_leg_left", "lower_leg_right", "neck", "head"]
    }


def test_everywhere_except_when_asked():
    found = extract_answers("everywhere except my legs", "pain_areas", SCREENED)
    assert len(found["pain_areas"]) == 15


def test_volunteered_pain_areas_fill_an_empty_slot():
    assert extract_answers("hi, my neck and shoulders hurt and I'm 45", None, {}) == {
        "pain_areas": ["shoulder_left", "shoulder_right", "neck"]
    }


def test_a_body_part_without_pain_is_ignored_when_not_asked():
    current = dict(SCREENED, pain_areas=["hip_left"])
    assert extract_answers("about a 6, mostly in my neck", "pain_intensity", current) == {
        "pain_intensity": 6.0
    }
    assert extract_answers("I like firm pressure on my back", None, current) == {
        "pressure_preference": "firm"
    }


def test_unchanged_slots_are_not_returned_unless_asked():
    current = dict(SCREENED, pressure_preference="firm")
    assert extract_answers("I like firm pressure", None, current) == {}
    assert extract_answers("firm", "pressure_preference", current) == {
        "pressure_preference": "firm"
    }


def test_volunteered_preferences():
    found = extract_answers("I'd prefer a female therapist and firm pressure", None, SCREENED)
    assert found == {"therapist_gender": "female", "pressure_preference": "firm"}


@pytest.mark.parametrize("text", ["", "   ", '/inform{"pain_areas": ["neck"]}', "hello"])
def test_messages_without_answers(text):
    assert extract_answers(text, "pain_areas", SCREENED) == {}


def test_chest_pain_is_a_flag_not_a_pain_area():
    assert extract_answers("chest pain", "pain_areas", SCREENED) == {
        "red_flags": ["chest_pain_or_breathlessness"]
    }
    # Chest among usual pain areas is only suspected: the person is asked to confirm.
    assert extract_answers("my chest and neck hurt", "pain_areas", SCREENED) == {
        "pain_areas": ["neck", "chest"],
        "suspected_flags": ["chest_pain_or_breathlessness"],
    }


def test_extract_answers_does_not_modify_current():
    current = dict(SCREENED, pain_areas=["neck"])
    snapshot = {
        key: (list(value) if isinstance(value, list) else value) for key, value in current.items()
    }
    extract_answers("my left knee hurts too, 7/10", None, current)
    assert current == snapshot


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it varies, 4 to 8", 6.0),
        ("3 or 4 most days", 4.0),
    ],
)
def test_wide_ranges_give_the_middle_narrow_ones_the_higher_end(text, expected):
    assert parse_intensity(text, expecting=True) == expected


@pytest.mark.parametrize(
    "text", ["just fibro pain, nothing else", "no to all of them", "none of those apply to me"]
)
def test_longer_none_answers_to_the_checklist(text):
    assert extract_answers(text, "red_flags", {}) == {"red_flags": []}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my collarbone", pair("shoulder")),
        ("my kneecaps", pair("lower_leg")),
        ("sholders and nek", pair("shoulder") | {"neck"}),
        ("my pelvis", pair("hip")),
    ],
)
def test_added_lay_words_and_common_typos(text, expected):
    assert set(parse_regions(text).added) == expected


def test_new_pain_medication_is_not_new_pain():
    assert detect_red_flags("my doctor gave me new pain meds") == []
    assert detect_red_flags("I have a new pain in my side") == ["new_unexplained_pain"]


# --- Robustness: any text, any question --------------------------------------------------
WORDS = st.sampled_from(
    [
        "my",
        "left",
        "right",
        "both",
        "knee",
        "knees",
        "back",
        "lower",
        "neck",
        "shoulders",
        "everywhere",
        "except",
        "not",
        "no",
        "but",
        "and",
        ",",
        ".",
        "surgery",
        "weeks",
        "ago",
        "two",
        "5",
        "5/10",
        "11",
        "pain",
        "hurts",
        "hugs",
        "firm",
        "pressure",
        "none",
        "skip",
        "an",
        "hour",
        "woman",
        "yes",
        "fever",
        "pregnant",
        "chest",
        "(",
        ")",
        "?",
        "don't",
        "touch",
        "massage",
        "sore",
        "for",
        "days",
        "all",
        "over",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS, max_size=14), requested=st.sampled_from((None,) + INTAKE_SLOTS))
def test_extract_answers_always_gives_valid_slot_values(words, requested):
    found = extract_answers(" ".join(words), requested, SCREENED)
    for slot in ("pain_areas", "avoid_areas"):
        if slot in found:
            assert found[slot] == [r for r in ALL_REGIONS if r in found[slot]]
    if "pain_intensity" in found:
        assert 0 <= found["pain_intensity"] <= 10
    if "red_flags" in found:
        assert set(found["red_flags"]) <= {flag.id for flag in RED_FLAGS}
    assert found.get("touch_sensitivity", "none") in ("none", "mild", "moderate", "severe")
    assert found.get("pressure_preference", "light") in ("light", "medium", "firm", "unsure")
    assert found.get("session_length", 60) in (30, 45, 60, 90, NO_PREFERENCE)
    assert found.get("therapist_gender", "any") in ("female", "male", "any", NO_PREFERENCE)
    assert set(found) <= set(INTAKE_SLOTS) | set(SAFETY_SLOTS)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80))
def test_parsers_never_crash_on_arbitrary_text(text):
    parse_regions(text)
    detect_red_flags(text)
    for expecting in (True, False):
        parse_intensity(text, expecting)
        parse_sensitivity(text, expecting)
        parse_pressure(text, expecting)
        parse_flare(text, expecting)
    parse_goals(text)
    parse_heat_packs(text)
    parse_session_length(text)
    parse_gender(text)
    is_skip(text)


def test_a_style_in_a_question_is_not_a_pressure_preference():
    assert "pressure_preference" not in extract_answers(
        "hi, is deep tissue massage ok for fibro? I'm scared it will hurt", None, {}
    )
    assert "pressure_preference" not in extract_answers(
        "what's the difference between myofascial release and deep tissue?", None, {}
    )
    assert (
        extract_answers("I like a deep tissue massage, is that ok?", None, {})[
            "pressure_preference"
        ]
        == "firm"
    )


def test_an_emergency_told_with_pain_areas_leaves_the_chest_out():
    found = extract_answers(
        "my shoulders ache and my chest's been tight and heavy since this morning",
        "pain_areas",
        SCREENED,
    )
    assert found["red_flags"] == ["chest_pain_or_breathlessness"]
    assert "chest" not in found.get("pain_areas", [])


def test_soreness_said_in_the_sentence_after_a_massage_is_a_flare():
    from bot.understanding.preferences import parse_flare

    assert parse_flare("I had one massage years ago. I was in bits for a week afterwards.", False)
    assert parse_flare("I had a massage once. My neck is sore most days.", False) is None


def test_a_message_reporting_a_chest_emergency_gives_no_pain_areas():
    found = extract_answers(
        "I get a heavy feeling in my chest when I walk up the hill, and my left arm aches with it",
        None,
        SCREENED,
    )
    assert found["red_flags"] == ["chest_pain_or_breathlessness"]
    assert "pain_areas" not in found
