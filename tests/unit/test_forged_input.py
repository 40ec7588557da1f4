"""Forged button payloads and Rasa commands typed into the chat (issue 14's bad
inputs): they set nothing a button could not, and wipe nothing."""

import pytest

from bot.domain.intake import extract
from channels.input_bounds import cleaned_message

SCREENED = {"data_consent": True, "red_flags": ["pregnancy"], "safety_screened": True}


@pytest.mark.parametrize(
    "slot, value",
    [
        ("touch_sensitivity", "extreme"),
        ("touch_sensitivity", 3),
        ("touch_sensitivity", {"level": "mild"}),
        ("pressure_preference", "crushing"),
        ("pressure_preference", {"x": 1}),
        ("post_massage_flare", "maybe"),
        ("post_massage_flare", 1),  # True == 1, but not the button's value
        ("data_consent", "maybe"),
        ("pain_intensity", True),
        ("session_length", 1000),
        ("therapist_gender", "<script>"),
    ],
)
def test_a_value_no_button_sends_sets_nothing(slot, value):
    found = extract("/inform{...}", "inform", [{"entity": slot, "value": value}], slot, SCREENED)
    assert slot not in found.slots


@pytest.mark.parametrize("value", ["nowhere", "<script>", None, {"neck": True}])
def test_forged_areas_do_not_erase_the_areas(value):
    current = dict(SCREENED, pain_areas=["neck"])
    entities = [{"entity": "pain_areas", "value": value}]
    found = extract("/inform{...}", "inform", entities, "pain_intensity", current)
    assert "pain_areas" not in found.slots


def test_a_forged_flag_dict_neither_crashes_nor_removes_flags():
    entities = [{"entity": "red_flags", "value": {"id": "pregnancy"}}]
    found = extract("/inform{...}", "inform", entities, "touch_sensitivity", SCREENED)
    assert found.slots.get("red_flags", ["pregnancy"]) == ["pregnancy"]


def test_the_buttons_own_values_still_work():
    entities = [{"entity": "touch_sensitivity", "value": "severe"}]
    found = extract("/inform{...}", "inform", entities, "touch_sensitivity", SCREENED)
    assert found.slots["touch_sensitivity"] == "severe"
    entities = [{"entity": "post_massage_flare", "value": True}]
    assert (
        extract("/inform", "inform", entities, "post_massage_flare", SCREENED).slots[
            "post_massage_flare"
        ]
        is True
    )


@pytest.mark.parametrize(
    "typed, read",
    [
        ("/restart", "start over"),
        ('  /restart{"red_flags": []}', "start over"),
        ("/back", "back"),
        ('/session_start{"session_started_metadata": {}}', "start"),
        ("abc\udfffdef", "abc\ufffddef"),
        ('/inform{"touch_sensitivity": "mild"}', '/inform{"touch_sensitivity": "mild"}'),
        ("/RESTART", "/RESTART"),
    ],
)
def test_typed_rasa_commands_become_words(typed, read):
    assert cleaned_message(typed) == read


@pytest.mark.parametrize(
    "slot, values", [("pain_intensity", [1, 2]), ("touch_sensitivity", ["mild", "severe"])]
)
def test_one_answer_given_twice_sets_nothing(slot, values):
    entities = [{"entity": slot, "value": value} for value in values]
    assert slot not in extract("/inform{...}", "inform", entities, slot, SCREENED).slots


@pytest.mark.parametrize(
    "said, consent", [("absolutely not", False), ("definitely not", False), ("absolutely", True)]
)
def test_consent_is_read_from_the_words(said, consent):
    found = extract(said, "affirm", [], "data_consent", {})
    assert found.slots["data_consent"] is consent
