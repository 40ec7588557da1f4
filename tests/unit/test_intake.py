"""The intake flow: what is asked next and what one message changes."""

from __future__ import annotations

import pytest

from bot.domain.intake import extract, next_question
from bot.domain.questions import QUESTIONS, RED_FLAG_OPTIONS
from bot.vocabulary.slots import Slot
from bot.vocabulary.words import NO_PREFERENCE, WPI_REGIONS

SCREENED = {"data_consent": True, "red_flags": [], Slot.SAFETY_SCREENED: True}


def test_consent_is_asked_first_then_the_safety_screen():
    assert next_question({}) == "data_consent"
    assert next_question({"data_consent": False}) == "red_flags"


def test_the_screen_is_asked_even_when_a_flag_was_volunteered():
    assert next_question({"data_consent": True, "red_flags": ["pregnancy"]}) == "red_flags"


@pytest.mark.parametrize(
    "flag",
    [
        "chest_pain_or_breathlessness",
        "possible_blood_clot",
        "fever_or_infection",
        "new_unexplained_pain",
    ],
)
def test_a_stop_flag_ends_the_intake_at_once(flag):
    assert next_question({"red_flags": [flag]}) is None


def test_questions_follow_the_design_order_and_end():
    slots = dict(SCREENED)
    order = []
    while (slot := next_question(slots)) is not None:
        order.append(slot)
        slots[slot] = "x"
    assert order == [
        "pain_areas",
        "pain_intensity",
        "touch_sensitivity",
        "pressure_preference",
        "post_massage_flare",
    ]


def test_preferences_are_asked_only_when_fine_tuning():
    slots = {
        slot: "x"
        for slot in (
            "pain_areas",
            "pain_intensity",
            "touch_sensitivity",
            "pressure_preference",
            "post_massage_flare",
        )
    }
    slots.update(SCREENED, fine_tuning=True)
    order = []
    while (slot := next_question(slots)) is not None:
        order.append(slot)
        slots[slot] = "x"
    assert order == ["goals", "heat_packs", "session_length", "therapist_gender", "avoid_areas"]


def test_a_suspected_flag_is_confirmed_before_anything_else():
    assert next_question({"suspected_flags": ["pregnancy"]}) == "suspected_flags"
    assert next_question(dict(SCREENED, suspected_flags=["pregnancy"])) == "suspected_flags"
    assert next_question(dict(SCREENED, safety_unclear=True)) is None


def test_every_question_has_wording_a_reason_and_a_hint():
    for question in QUESTIONS.values():
        assert question.text and question.why and question.hint


def test_button_payloads_fill_slots_exactly():
    result = extract(
        '/inform{"pain_areas": ["neck", "hip_left"]}',
        "inform",
        [{"entity": "pain_areas", "value": "neck"}, {"entity": "pain_areas", "value": "hip_left"}],
        "pain_areas",
        SCREENED,
    )
    assert result.slots == {"pain_areas": ["hip_left", "neck"]}


def test_everywhere_button_means_the_19_regions():
    result = extract(
        '/inform{"pain_areas": ["everywhere"]}',
        "inform",
        [{"entity": "pain_areas", "value": "everywhere"}],
        "pain_areas",
        SCREENED,
    )
    assert result.slots["pain_areas"] == list(WPI_REGIONS)


def test_unknown_regions_and_out_of_range_scores_from_payloads_are_dropped():
    result = extract(
        "/inform",
        "inform",
        [{"entity": "pain_areas", "value": "tail"}, {"entity": "pain_intensity", "value": 42}],
        "pain_areas",
        SCREENED,
    )
    assert "pain_intensity" not in result.slots
    assert result.slots.get("pain_areas", []) == []


def test_none_of_these_button_screens_with_no_flags():
    result = extract("/deny", "deny", [], "red_flags", {"data_consent": True})
    assert result.slots == {"red_flags": [], Slot.SAFETY_SCREENED: True}


def test_none_of_these_keeps_a_flag_told_earlier():
    current = {"data_consent": True, "red_flags": ["pregnancy"]}
    result = extract("/deny", "deny", [], "red_flags", current)
    assert result.slots == {"red_flags": ["pregnancy"], Slot.SAFETY_SCREENED: True}


def test_a_checklist_button_adds_its_flag_and_says_what_it_means():
    result = extract(
        '/inform{"red_flags": ["osteoporosis"]}',
        "inform",
        [{"entity": "red_flags", "value": "osteoporosis"}],
        "red_flags",
        {"data_consent": True},
    )
    assert result.slots["red_flags"] == ["osteoporosis"]
    assert any("light pressure" in message for message in result.messages)


def test_checklist_answered_by_numbers():
    pregnancy = next(n for n, (_, ids) in enumerate(RED_FLAG_OPTIONS, 1) if ids == ["pregnancy"])
    osteo = next(n for n, (_, ids) in enumerate(RED_FLAG_OPTIONS, 1) if ids == ["osteoporosis"])
    result = extract(f"{pregnancy} and {osteo}", "inform", [], "red_flags", {"data_consent": True})
    assert result.slots["red_flags"] == ["osteoporosis", "pregnancy"]
    none = len(RED_FLAG_OPTIONS)
    assert RED_FLAG_OPTIONS[none - 1][1] == []
    assert (
        extract(str(none), "inform", [], "red_flags", {"data_consent": True}).slots["red_flags"]
        == []
    )
    assert extract("number eight", "inform", [], "red_flags", {"data_consent": True}).slots[
        "red_flags"
    ] == [RED_FLAG_OPTIONS[7][1][0]]


def test_skip_the_rest_fills_every_remaining_preference():
    current = dict(SCREENED, goals=["sleep"])
    result = extract(
        '/skip{"skip_rest": true}',
        "skip",
        [{"entity": "skip_rest", "value": True}],
        "heat_packs",
        current,
    )
    assert result.slots == {
        "heat_packs": NO_PREFERENCE,
        "session_length": NO_PREFERENCE,
        "therapist_gender": NO_PREFERENCE,
        "avoid_areas": [],
    }


def test_skip_button_skips_only_the_question_asked():
    result = extract("/skip", "skip", [], "session_length", SCREENED)
    assert result.slots == {"session_length": NO_PREFERENCE}


def test_yes_and_no_answer_the_yes_no_questions():
    assert extract("yes", "affirm", [], "data_consent", {}).slots["data_consent"] is True
    assert extract("nope", "deny", [], "post_massage_flare", SCREENED).slots == {
        "post_massage_flare": False
    }


def test_nothing_changes_for_a_message_without_answers():
    assert extract("hello there", "greet", [], "pain_intensity", SCREENED).slots == {}


def test_a_repeated_answer_is_not_reported_as_a_change():
    current = dict(SCREENED, pressure_preference="firm")
    assert (
        "pressure_preference"
        not in extract(
            '/inform{"pressure_preference": "firm"}',
            "inform",
            [{"entity": "pressure_preference", "value": "firm"}],
            None,
            current,
        ).slots
    )


def test_a_red_flag_in_free_text_is_caught_outside_any_question():
    result = extract("by the way I had knee surgery two weeks ago", "inform", [], None, SCREENED)
    assert result.slots["red_flags"] == ["recent_surgery_or_injury"]
    assert result.messages


def test_malformed_payload_changes_nothing():
    assert extract('/inform{"pain_areas": [oops', "inform", [], "pain_areas", SCREENED).slots == {}


def test_understood_areas_are_said_back_in_plain_words():
    result = extract("my neck, shoulders and lower back", "inform", [], "pain_areas", SCREENED)
    assert result.slots["pain_areas"] == ["shoulder_left", "shoulder_right", "neck", "lower_back"]
    assert "Got it, where it hurts: both shoulders, neck and lower back." in result.messages


@pytest.mark.parametrize(
    "text, intent, consent",
    [
        ("Yes, that's perfectly fine, the clinic can keep them.", "human_handoff", True),
        (
            "I didn't mean ringing anyone! I only meant yes, you may keep my answers.",
            "nlu_fallback",
            True,
        ),
        ("please do not store anything about me", "affirm_misread", False),
        ("what do you mean?", "ask_why", None),
    ],
)
def test_at_the_consent_question_the_words_decide(text, intent, consent):
    slots = extract(text, intent, [], "data_consent", {}).slots
    assert slots.get("data_consent") == consent


@pytest.mark.parametrize(
    "text, requested, slot, value",
    [
        ("n", "red_flags", "red_flags", []),
        ("bit", "touch_sensitivity", "touch_sensitivity", "mild"),
        ("med", "pressure_preference", "pressure_preference", "medium"),
        ("whatever won't hurt", "pressure_preference", "pressure_preference", "light"),
    ],
)
def test_the_shortest_replies_answer_the_question_asked(text, requested, slot, value):
    current = {"data_consent": True}
    if requested != "red_flags":
        current.update({"red_flags": [], "safety_screened": True})
    assert extract(text, "nlu_fallback", [], requested, current).slots[slot] == value
