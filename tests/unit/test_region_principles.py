"""Body regions: one principle per test (issue 12, point 3). Each sentence stands for
a rule (the scope of a side word, a correction, part of a limb), not a phrasing to
match: the first example of each comes from the dev half, the others are new."""

import time

import pytest

from bot.understanding.doc import message_doc
from bot.understanding.regions import parse_regions, region_parts

BOTH_SHOULDERS = {"shoulder_left", "shoulder_right"}
BOTH_KNEES = {"lower_leg_left", "lower_leg_right"}
BOTH_HIPS = {"hip_left", "hip_right"}
LEFT_ARM = {"upper_arm_left", "lower_arm_left"}
RIGHT_ARM = {"upper_arm_right", "lower_arm_right"}


def regions(text):
    mention = parse_regions(text)
    return set(mention.added)


# --- Corrections: a part named again after "wait", "no", "actually", "only" replaces it
@pytest.mark.parametrize(
    "text, expected",
    [
        ("neck n shoulders, wait no just the right shoulder", {"neck", "shoulder_right"}),
        ("right hip. no wait, it is the left hip", {"hip_left"}),
        ("my right arm, sorry, I mean the left arm", LEFT_ARM),
        ("my legs, actually just the thighs", {"upper_leg_left", "upper_leg_right"}),
        ("both my knees, wait no only the left", {"lower_leg_left"}),
    ],
)
def test_a_part_named_again_after_a_correction_replaces_it(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # adding, not correcting
        ("my left knee and actually my right knee too", BOTH_KNEES),
        ("my hips, and actually my knees", BOTH_HIPS | BOTH_KNEES),
        # weighing, not correcting
        ("my knees, actually the right knee is worst", BOTH_KNEES),
        # a different part is not a correction of the first
        ("neck and shoulders, just the neck really", {"neck"} | BOTH_SHOULDERS),
        ("I can't wait, my knees hurt", BOTH_KNEES),
    ],
)
def test_what_is_not_a_correction(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, removed",
    [
        ("My hips, my lower back and my feet. Actually take the feet off", {"feet"}),
        ("leave my knees out, it's the hips", BOTH_KNEES),
        ("take off my knees", BOTH_KNEES),
        ("not my knees", BOTH_KNEES),
    ],
)
def test_a_verb_whose_particle_follows_the_parts_removes_them(text, removed):
    mention = parse_regions(text)
    assert set(mention.removed) == removed
    assert not set(mention.added) & removed


def test_a_verb_with_a_particle_after_other_words_removes_nothing():
    assert regions("I take my dog out and my knees hurt") == BOTH_KNEES


# --- A side alone points back to the part named before it ---------------------------------
@pytest.mark.parametrize(
    "text, added, removed",
    [
        ("shoulders, well not the left one really, only the right", {"shoulder_right"}, None),
        ("my knees but not the left one", {"lower_leg_right"}, {"lower_leg_left"}),
        ("the right knee more than the left", BOTH_KNEES, None),
    ],
)
def test_a_side_alone_is_the_side_of_the_part_before(text, added, removed):
    mention = parse_regions(text)
    assert set(mention.added) == added
    if removed is not None:
        assert set(mention.removed) == removed


# --- The scope of a side word ----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The backs of my thighs and my calves, on the right side only.",
            {"upper_leg_right", "lower_leg_right"},
        ),
        ("my hips and knees, left side", {"hip_left", "lower_leg_left"}),
        ("thighs and calves on the right", {"upper_leg_right", "lower_leg_right"}),
        ("my hip and knee on the left", {"hip_left", "lower_leg_left"}),
        # a plural before a singular part keeps both sides
        ("my knees and my hip on the right", BOTH_KNEES | {"hip_right"}),
    ],
)
def test_a_side_after_a_list_is_the_side_of_the_whole_list(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "left side of my body only - shoulder, arm, hip and leg",
            {"shoulder_left", "hip_left", "upper_leg_left", "lower_leg_left"} | LEFT_ARM,
        ),
        ("right side: hip, knee and ankle", {"hip_right", "lower_leg_right"}),
    ],
)
def test_a_side_of_the_body_before_a_list_is_the_side_of_the_list(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My jaw on the right side and my right temple.", {"jaw_right", "head"}),
        ("my hip on the left and right shoulder", {"hip_left", "shoulder_right"}),
    ],
)
def test_a_side_said_after_a_part_is_not_joined_to_the_next_side(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "upper arms and shoulders, right more than left",
            BOTH_SHOULDERS | {"upper_arm_left", "upper_arm_right"},
        ),
        ("knees, the left worse than the right", BOTH_KNEES),
        ("my hips, worse on the right", BOTH_HIPS),
        ("hips, left and right", BOTH_HIPS),
        # a single part still takes its side
        ("my hip, worse on the right", {"hip_right"}),
        # weighing words say the same of a plural part
        ("my knees (mainly the right)", BOTH_KNEES),
        (
            "my hands and wrists, the right one is worse",
            {"hands", "lower_arm_left", "lower_arm_right"},
        ),
    ],
)
def test_compared_sides_name_both(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("left hip and knee", {"hip_left", "lower_leg_left"}),
        ("left and right knees", BOTH_KNEES),
        ("My right forearm and my left hip", {"lower_arm_right", "hip_left"}),
        # a pain running down from a part keeps its side
        ("my left hip and down my leg", {"hip_left", "upper_leg_left", "lower_leg_left"}),
    ],
)
def test_sides_before_parts_still_work(text, expected):
    assert regions(text) == expected


# --- Part of a limb ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("My right shoulder and the top of my right arm.", {"shoulder_right", "upper_arm_right"}),
        ("the tops of both arms", {"upper_arm_left", "upper_arm_right"}),
        ("the lower half of my back", {"lower_back"}),
        ("my lower right leg", {"lower_leg_right"}),
        ("the bottom of my legs and my feet", {"lower_leg_left", "lower_leg_right", "feet"}),
        # said after the part
        ("it's my back mainly, the lower part", {"lower_back"}),
        ("my legs, the upper part", {"upper_leg_left", "upper_leg_right"}),
        # parts without halves stay whole
        ("the top of my head", {"head"}),
    ],
)
def test_a_word_for_part_of_a_limb_names_that_half(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My left hip and down the outside of my left thigh.", {"hip_left", "upper_leg_left"}),
        ("pain on the outside of my knees", BOTH_KNEES),
    ],
)
def test_a_place_on_a_part_is_not_an_exception(text, expected):
    assert regions(text) == expected


def test_an_exception_word_still_excludes():
    mention = parse_regions("everywhere outside of my legs")
    assert mention.everywhere
    assert set(mention.removed) == {
        "upper_leg_left",
        "upper_leg_right",
        "lower_leg_left",
        "lower_leg_right",
    }


# --- Words that are not the place they look like -------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("my whole back, top to bottom", {"upper_back", "lower_back"}),
        ("my back, both the top and the bottom of it", {"upper_back", "lower_back"}),
        ("my bottom and lower back", BOTH_HIPS | {"lower_back"}),
    ],
)
def test_top_to_bottom_is_an_extent_not_the_buttocks(text, expected):
    assert regions(text) == expected


@pytest.mark.parametrize(
    "text, everywhere",
    [
        ("my back, all of it, upper and lower", False),
        ("pain all over my back and shoulders", False),
        ("every part of my legs", False),
        ("my back aches all over", False),
        ("all of it", True),
        ("everything hurts, all of it", True),
        ("all over my body", True),
        ("neck, shoulders, all over really", True),
    ],
)
def test_a_word_for_everywhere_can_name_all_of_one_part(text, everywhere):
    assert parse_regions(text).everywhere is everywhere


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "my jaw, both sides, the TMJ, and headaches most days",
            {"jaw_left", "jaw_right", "head"},
        ),
        ("migraines and a sore neck", {"head", "neck"}),
        ("thighs and calfs", {"upper_leg_left", "upper_leg_right"} | BOTH_KNEES),
    ],
)
def test_a_pain_word_or_plain_plural_names_its_part(text, expected):
    assert regions(text) == expected


def test_the_backs_of_the_legs_are_not_the_back():
    assert regions("my backside and the backs of my legs") == BOTH_HIPS | {
        "upper_leg_left",
        "upper_leg_right",
        "lower_leg_left",
        "lower_leg_right",
    }


def test_region_parts_stay_fast():
    text = (
        "neck n shoulders, wait no just the right shoulder, and the top of my left arm, "
        "not the knees, take the feet off, hips and thighs on the right side only. "
    ) * 6
    doc = message_doc(text)
    region_parts(doc)
    start = time.perf_counter()
    for _ in range(20):
        region_parts(doc)
    assert (time.perf_counter() - start) / 20 < 0.01
