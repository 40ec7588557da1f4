"""The slot-name module, the buttons' intents and INTENT_TITLES agree with domain.yml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bot.domain import questions
from bot.vocabulary import slots as slot_names
from bot.vocabulary.slots import Slot
from bot.vocabulary.words import RED_FLAGS

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
NAMES = {value for key, value in vars(Slot).items() if key.isupper()}
PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$")


def test_every_slot_of_the_domain_has_a_name_and_every_name_a_slot():
    assert set(DOMAIN["slots"]) == NAMES - {Slot.REQUESTED}


def test_the_forms_ask_only_named_slots():
    for form in DOMAIN["forms"].values():
        assert set(form["required_slots"]) <= NAMES


@pytest.mark.parametrize(
    "group",
    [
        "CONTRACT_SLOTS",
        "PREFERENCE_SLOTS",
        "INTAKE_SLOTS",
        "SAFETY_SLOTS",
        "ANSWER_SLOTS",
        "LIST_SLOTS",
        "AREA_SLOTS",
        "CALLBACK_SLOTS",
        "STYLE_SLOTS",
    ],
)
def test_slot_groups_hold_only_named_slots(group):
    members = getattr(slot_names, group)
    assert members and set(members) <= NAMES


def test_the_contract_of_design_md():
    assert slot_names.CONTRACT_SLOTS == (
        "red_flags",
        "pain_areas",
        "pain_intensity",
        "touch_sensitivity",
        "pressure_preference",
        "post_massage_flare",
    )
    assert slot_names.STYLE_SLOTS == ("recommended_style", "alternative_style")


def _all_buttons():
    for question in list(questions.QUESTIONS.values()) + list(
        questions.CALLBACK_QUESTIONS.values()
    ):
        yield from question.buttons
    for stopped in (False, True):
        for unclear in (False, True):
            yield from questions.after_recommendation_buttons(stopped, unclear)
    yield from questions.closest_options_buttons([flag.id for flag in RED_FLAGS[:3]])


BUTTONS = list(_all_buttons())


@pytest.mark.parametrize("button", BUTTONS, ids=[b["payload"] for b in BUTTONS])
def test_button_payloads_name_domain_intents_and_entities(button):
    if not button["payload"].startswith("/"):
        return  # a plain-text answer ("any time"), read like typed text
    match = PAYLOAD.match(button["payload"])
    assert match, button
    assert match.group("intent") in DOMAIN["intents"]
    if match.group("entities"):
        for entity in json.loads(match.group("entities")):
            assert entity in DOMAIN["entities"] or entity in DOMAIN["slots"], entity


def test_intent_titles_name_domain_intents():
    assert set(questions.INTENT_TITLES) <= set(DOMAIN["intents"])
