"""Answers volunteered in free text, fourth batch: one principle per test. The first
sentence of each comes from the dev half (frozen 2026-12-03), the others are new
sentences of the same principle, and the near misses must not fire."""

import pytest

from bot.domain import intake
from bot.understanding.answers import extract_answers
from bot.understanding.preferences import parse_flare, parse_pressure
from bot.understanding.regions import parse_regions
from bot.understanding.scales import parse_intensity, parse_sensitivity

BOTH_ARMS = {"upper_arm_left", "upper_arm_right", "lower_arm_left", "lower_arm_right"}
BOTH_LEGS = {"upper_leg_left", "upper_leg_right", "lower_leg_left", "lower_leg_right"}
BOTH_HIPS = {"hip_left", "hip_right"}
WHOLE_BACK = {"upper_back", "lower_back"}


def regions(text):
    return set(parse_regions(text).added)


def first_message(text):
    """What the first message of a conversation volunteers."""
    return intake.extract(text=text, intent="inform", entities=[], requested=None, current={})


# --- Body regions -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "fibro diagnosed last year after years of docs sayin it was in my head. pain in "
            "my neck and both arms",
            {"neck"} | BOTH_ARMS,
        ),
        (
            "they told me it's all in my head but my hips and knees hurt",
            BOTH_HIPS
            | {
                "lower_leg_left",
                "lower_leg_right",
            },
        ),
        ("people think it's in your head, my back is sore", WHOLE_BACK),
    ],
)
def test_in_my_head_as_imagined_is_not_the_head(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it's in my head and neck", {"head", "neck"}),
        ("it's in my head", {"head"}),
        ("the pain is in my head", {"head"}),
        ("I get a pounding in my head most days", {"head"}),
    ],
)
def test_the_head_named_where_it_hurts_is_still_the_head(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "so i hurt my back at the warehouse like 6 yrs ago liftin a pallet n its never "
            "been right. now i hurt in my lower back, hips n down both legs, most days its a 7.",
            {"lower_back"} | BOTH_HIPS | BOTH_LEGS,
        ),
        (
            "I did my back in years ago and now it's the lower back and my neck",
            {
                "lower_back",
                "neck",
            },
        ),
        (
            "it started in my arm 3 years ago, now it's my forearm and hand",
            {"lower_arm_left", "lower_arm_right", "hands"},
        ),
    ],
)
def test_a_whole_part_in_the_story_of_how_it_began_is_the_half_named_now(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the whole back again now, not a half
        ("I hurt my back 10 years ago. My back and hips hurt now.", WHOLE_BACK | BOTH_HIPS),
        # no story of the past: the worst half is weighed, the whole back hurts
        ("My back hurts. The lower back is the worst.", WHOLE_BACK),
    ],
)
def test_a_whole_part_not_narrowed_later_stays_whole(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my chest muscles r sore all the time plus my upper back", {"chest", "upper_back"}),
        (
            "Head, neck and both shoulders, and down my left arm till the hand",
            {"head", "neck", "shoulder_left", "shoulder_right", "upper_arm_left"}
            | {"lower_arm_left", "hands"},
        ),
        ("hey i need massage, my neck and whole back is destroyed", {"neck"} | WHOLE_BACK),
    ],
)
def test_the_region_reader_reads_these_lists_whole(text, expected):
    # At the intake these are dropped after the reader (a suspected or raised chest
    # flag, no pain word in a first message): see bot/understanding/answers.py.
    assert regions(text) == expected


def test_first_message_areas_leave_out_the_past_injury_and_the_idiom():
    said = first_message(
        "so i hurt my back at the warehouse like 6 yrs ago liftin a pallet n its never been "
        "right. now i hurt in my lower back, hips n down both legs, most days its a 7."
    ).slots
    assert set(said["pain_areas"]) == {"lower_back"} | BOTH_HIPS | BOTH_LEGS
    said = first_message(
        "fibro diagnosed last year after years of docs sayin it was in my head. pain in my "
        "neck and both arms, 8 on a bad day maybe 5 usual, light touch dont bother me none"
    ).slots
    assert set(said["pain_areas"]) == {"neck"} | BOTH_ARMS
    assert said["pain_intensity"] == 5


# --- Pain intensity -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [("fiveish", 5), ("6-ish", 6), ("about sevenish", 7), ("eight ish", 8)],
)
def test_ish_after_a_number_is_about_that_number(text, expected):
    assert parse_intensity(text, True) == expected


def test_ish_after_a_time_is_no_score():
    assert parse_intensity("I finish work at fiveish, my back hurts", False) is None


@pytest.mark.parametrize(
    "text, expected",
    [("seven and half", 7.5), ("6 and half out of 10", 6.5), ("my pain is 6 and a half", 6.5)],
)
def test_and_half_with_or_without_a(text, expected):
    assert parse_intensity(text, True) == expected


def test_and_half_the_time_is_no_half():
    assert parse_intensity("7 and half the time its 8", True) == 7


@pytest.mark.parametrize("text, expected", [("like 4, 5", 5), ("6, 7", 7), ("4, 5/10", 5)])
def test_two_neighbouring_numbers_after_a_comma_are_a_range(text, expected):
    # A range errs on the gentle side: the higher.
    assert parse_intensity(text, True) == expected


def test_two_far_apart_numbers_after_a_comma_are_no_range():
    assert parse_intensity("2, 9", True) == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("good day 2, bad day 9", 5.5),
        ("bad days 9 good days 3", 6),
        ("on a good day 3, on a bad day 7", 5),
        ("9 at worst, 3 at best", 6),
    ],
)
def test_a_good_and_a_bad_day_only_put_the_typical_day_between(text, expected):
    assert parse_intensity(text, True) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("good day 2, bad day 9, usually 6", 6),  # the typical day said: it wins
        ("my pain is a 6, bad days 9", 6),  # a plain score is the typical day's
        ("on a bad day 9, usually 5", 5),
    ],
)
def test_a_typical_or_plain_score_beats_the_good_and_bad_days(text, expected):
    assert parse_intensity(text, True) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "pain in my neck and both arms, 8 on a bad day maybe 5 usual, light touch dont "
            "bother me none",
            5,
        ),
        (
            "my sholders and lower back are shot from 40 yrs of hog farmin, pain runs 6 or so "
            "on a usual day, can you help",
            6,
        ),
        ("hips hurt, 7 on a bad day, 3 on a normal one", 3),
        ("my back aches, 9 at worst but 4 usually", 4),
        ("8 of 10 on a bad day, 5 of 10 normally", 5),
        ("5 outta 10 usually", 5),
    ],
)
def test_a_number_beside_a_word_for_the_usual_day_is_its_score(text, expected):
    assert parse_intensity(text, False) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I have 2 good days and 5 bad days a week, it hurts",  # counts of days
        "I wake at 5 most days and my back hurts",  # a time
        "my back hurts on bad days 2 weeks ago it was worse",
    ],
)
def test_a_count_or_a_time_beside_a_day_word_is_no_score(text):
    assert parse_intensity(text, False) is None


@pytest.mark.parametrize(
    "text, expected",
    [("my pain runs 6", 6), ("pain hovers around 5 most of the time", 5), ("pain sits at 4", 4)],
)
def test_a_verb_of_level_after_pain_gives_its_score(text, expected):
    assert parse_intensity(text, False) == expected


# --- Pressure -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expecting, expected",
    [
        ("a medium pressure suits me, the light ones feel like tickling", True, "medium"),
        (
            "I like firm pressure honestly the light stuff does nothing for me, my hips and "
            "thighs are the worst and I've never been sore for more than a day after",
            False,
            "firm",
        ),
        ("firm pressure honestly, the soft ones tickle", False, "firm"),
        ("I want medium, gentle strokes feel like nothing", True, "medium"),
    ],
)
def test_a_pressure_said_not_to_work_is_dropped_not_its_clause(text, expecting, expected):
    assert parse_pressure(text, expecting) == expected


@pytest.mark.parametrize(
    "text, expecting, expected",
    [
        ("gentle ones dont do anything for me", False, None),
        ("the deep tissue does nothing for me, the soft ones tickle", False, None),
        ("not too light please", True, "medium"),
    ],
)
def test_pressures_all_rejected_give_no_preference(text, expecting, expected):
    assert parse_pressure(text, expecting) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Good morning. Just to say up front, a hug from the kids hurts me, the waistband of "
        "my jeans hurts, the shower water feels like needles on my back, so I'd want the "
        "lightest touch imaginable. What would you suggest?",
        "had a massage once and the gal dug in so hard i was laid up 4 days after, dont want "
        "that again, somethin gentle",
        "my back is sore, something gentle please",
        "I want the gentlest therapist you have",
    ],
)
def test_asking_for_the_gentlest_or_just_something_gentle_is_light(text):
    assert parse_pressure(text, False) == "light"


def test_light_touch_said_fine_is_no_pressure():
    assert parse_pressure("light touch is fine", False) is None


@pytest.mark.parametrize(
    "text, expecting, expected",
    [
        (
            "never had a massage before dont know how hard i want it, my lower back and left "
            "hip is where it hurts",
            False,
            "unsure",
        ),
        ("no idea how firm it should be", True, "unsure"),
        ("I dont know how hard, maybe medium", True, "medium"),
        ("how hard should the pressure be?", False, None),
    ],
)
def test_how_hard_asks_a_degree_and_names_no_pressure(text, expecting, expected):
    assert parse_pressure(text, expecting) == expected


# --- Sore after a massage -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expecting, expected",
    [
        ("it took me till the Thursday to come right after a Saturday massage", True, True),
        ("took me 4 days to recover after my last massage", False, True),
        ("after a deep tissue on Friday I wasnt right again until Tuesday", True, True),
        ("massage on sunday and sore till wednesday", True, True),
        # two days is not more than two days
        ("it took me till the Monday to come right after a Saturday massage", True, False),
        ("massage on sunday and sore till monday", True, False),
        ("took me a day to feel normal after the massage", True, False),
    ],
)
def test_the_time_it_took_to_come_right_is_counted(text, expecting, expected):
    assert parse_flare(text, expecting) is expected


def test_days_of_the_week_without_coming_right_say_nothing():
    assert parse_flare("I had a massage on Monday and I went to work on Tuesday", False) is None


# --- Touch sensitivity ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "hello i have fibromyalgia and my hips and lower back are bad, about 5/6, touch "
            "doesnt bother me much only the odd time, medium pressure is what i like",
            "mild",
        ),
        ("touch hurts me sometimes", "mild"),
        ("touching doesnt really bother me", "none"),
    ],
)
def test_touch_said_to_bother_or_not_is_a_statement_about_touch(text, expected):
    assert parse_sensitivity(text, False) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Good evening. I work in warehouse 10 years lifting all day. Pain in shoulders, "
            "arms and lower back, typical 4. Firm pressure is what i like, never sore after. "
            "Light touch no problem",
            "none",
        ),
        ("gentle touch fine, its the deep stuff that hurts", "none"),
        ("light touch no problem but hugs hurt", "moderate"),
    ],
)
def test_light_touch_said_fine_without_a_verb(text, expected):
    assert parse_sensitivity(text, False) == expected


def test_touch_in_an_ask_not_to_touch_is_no_sensitivity():
    assert parse_sensitivity("please dont touch my feet, they hurt", False) is None


def test_a_first_message_names_where_it_hurts_without_a_pain_word():
    found = extract_answers("my upper back and both arms. typical day 8/10", None, {})
    assert set(found["pain_areas"]) == {
        "upper_back",
        "upper_arm_left",
        "upper_arm_right",
        "lower_arm_left",
        "lower_arm_right",
    }


def test_a_flag_in_the_next_sentence_does_not_take_the_body_parts_before_it():
    found = extract_answers(
        "pain 8/10 most days, mostly in upper back and both arms. I am 16 weeks pregnant.",
        None,
        {},
    )
    assert "upper_arm_left" in found["pain_areas"] and found["red_flags"] == ["pregnancy"]
