"""Whole conversations over the REST channel against the real servers, one for
each branch of the recommendation rules, checked through Rasa's HTTP API."""

from __future__ import annotations

from typing import List

import pytest

CONTRACT_KEYS = {
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


def run_intake(conversation, answers: List[str]) -> None:
    for answer in answers:
        conversation.say(answer)


# (first answers up to the flare question, expected style, rule of DESIGN.md)
BRANCHES = [
    (["hi", "yes", "I have chest pain right now"], "none", "1 emergency"),
    (["hi", "yes", "I've had a fever since yesterday"], "none", "1 see a doctor"),
    (
        ["hi", "yes", "I take blood thinners", "my neck", "5", "mild", "firm", "no"],
        "light",
        "2 caution flag",
    ),
    (
        ["hi", "yes", "none of these", "everywhere", "7", "severe", "medium", "no"],
        "light",
        "3 severe sensitivity",
    ),
    (
        ["hi", "yes", "none of these", "my lower back", "4", "moderate", "firm", "yes"],
        "light",
        "4 flare with moderate sensitivity",
    ),
    (
        ["hi", "yes", "none of these", "my lower back", "4", "mild", "firm", "yes"],
        "myofascial_release",
        "4 flare otherwise",
    ),
    (
        ["hi", "yes", "none of these", "shoulders", "5", "moderate", "medium", "no"],
        "myofascial_release",
        "5 moderate, medium pressure",
    ),
    (
        ["hi", "yes", "none of these", "shoulders", "5", "moderate", "light", "no"],
        "light",
        "5 moderate, light pressure",
    ),
    (
        ["hi", "yes", "none of these", "my neck", "5", "none", "firm", "no"],
        "deep_tissue",
        "6 firm, intensity 6 or less",
    ),
    (
        ["hi", "yes", "none of these", "my neck", "8", "mild", "firm", "no"],
        "myofascial_release",
        "6 firm, intensity 7 or more",
    ),
    (
        ["hi", "yes", "none of these", "my neck", "3", "none", "not sure", "no"],
        "myofascial_release",
        "6 medium or unsure",
    ),
    (
        ["hi", "yes", "none of these", "my neck", "3", "none", "light", "no"],
        "light",
        "6 light pressure",
    ),
]


@pytest.mark.parametrize("answers, style, branch", BRANCHES, ids=[b[2] for b in BRANCHES])
def test_each_rule_branch_reaches_its_recommendation(conversation, answers, style, branch):
    run_intake(conversation, answers)
    summary = conversation.summary()
    assert summary is not None, conversation.texts()
    assert CONTRACT_KEYS <= set(summary)
    assert summary["recommended_style"] == style
    slots = conversation.slots()
    assert slots["recommended_style"] == style
    assert slots["requested_slot"] is None


def test_happy_path_contract_slots_and_stored_summary(conversation, rasa_server):
    conversation.say("hello")
    assert (
        "not medical advice" in conversation.texts()
        or "isn't medical advice" in conversation.texts()
    )
    assert conversation.slots()["requested_slot"] == "data_consent"
    conversation.say("yes")
    assert conversation.slots()["requested_slot"] == "red_flags"
    conversation.say("none of these")
    assert conversation.slots()["red_flags"] == []
    assert conversation.slots()["requested_slot"] == "pain_areas"
    conversation.say("my neck, shoulders and my right hip")
    slots = conversation.slots()
    assert slots["pain_areas"] == ["shoulder_left", "shoulder_right", "hip_right", "neck"]
    assert slots["requested_slot"] == "pain_intensity"
    conversation.say("six")
    assert conversation.slots()["pain_intensity"] == 6.0
    conversation.say("hugs hurt")
    assert conversation.slots()["touch_sensitivity"] == "moderate"
    conversation.say("medium")
    assert conversation.slots()["pressure_preference"] == "medium"
    conversation.say("no")
    slots = conversation.slots()
    assert slots["post_massage_flare"] is False
    # The recommendation comes straight after the contract answers ...
    assert conversation.summary()["recommended_style"] == "myofascial_release"
    assert slots["requested_slot"] is None
    # ... and the optional preferences only when the person wants to fine-tune it.
    conversation.say("I'd like to fine-tune it")
    assert conversation.slots()["requested_slot"] == "goals"
    conversation.say("better sleep")
    conversation.say("yes please")
    conversation.say("45 minutes")
    conversation.say("a woman please")
    conversation.say("my feet")
    summary = conversation.summary()
    assert summary["recommended_style"] == "myofascial_release"
    assert summary["alternative_style"] == "light"
    slots = conversation.slots()
    assert slots["goals"] == ["sleep"]
    assert slots["heat_packs"] == "yes"
    assert slots["session_length"] == 45
    assert slots["therapist_gender"] == "female"
    assert slots["avoid_areas"] == ["feet"]
    questions = " ".join(summary["interview_questions"]).lower()
    assert "fibromyalgia" in questions and "licen" in questions

    ((stored,),) = rasa_server.query(
        "SELECT recommended_style FROM intake_summaries WHERE conversation_id = :id",
        id=conversation.sender,
    )
    assert stored == "myofascial_release"


def test_everything_volunteered_up_front_is_not_asked_again(conversation):
    conversation.say(
        "my neck and upper back are stiff, about 5/10, touch doesn't bother me, medium pressure"
    )
    slots = conversation.slots()
    assert slots["pain_areas"] == ["neck", "upper_back"]
    assert slots["pain_intensity"] == 5.0
    assert slots["touch_sensitivity"] == "none"
    assert slots["pressure_preference"] == "medium"
    conversation.say("yes")
    conversation.say("none of these")
    assert conversation.slots()["requested_slot"] == "post_massage_flare"


def test_surgery_mentioned_after_a_clear_screen_is_remembered(conversation):
    run_intake(
        conversation,
        [
            "hi",
            "no",
            "none of these",
            "my knees and thighs",
            "4, and I had knee surgery two weeks ago",
        ],
    )
    slots = conversation.slots()
    assert slots["red_flags"] == ["recent_surgery_or_injury"]
    assert slots["requested_slot"] == "touch_sensitivity"
    assert "surgery" in conversation.texts().lower()
    run_intake(conversation, ["none", "firm", "no"])
    assert conversation.summary()["recommended_style"] == "light"


def test_no_consent_stores_nothing(conversation, rasa_server):
    run_intake(conversation, ["hi", "no", "none of these", "my neck", "5", "mild", "medium", "no"])
    assert conversation.summary()["recommended_style"] == "myofascial_release"
    if rasa_server.query("SELECT name FROM sqlite_master WHERE name = 'intake_summaries'"):
        ((count,),) = rasa_server.query(
            "SELECT COUNT(*) FROM intake_summaries WHERE conversation_id = :id",
            id=conversation.sender,
        )
        assert count == 0


def test_answers_by_button_payload(conversation):
    run_intake(
        conversation,
        [
            "hi",
            '/inform{"data_consent": true}',
            "/deny",
            '/inform{"pain_areas": ["neck", "hip_left"]}',
            '/inform{"pain_intensity": 3}',
            '/inform{"touch_sensitivity": "none"}',
            '/inform{"pressure_preference": "light"}',
            '/inform{"post_massage_flare": false}',
        ],
    )
    summary = conversation.summary()
    assert summary["pain_areas"] == ["hip_left", "neck"]
    assert summary["recommended_style"] == "light"


@pytest.mark.parametrize(
    "message",
    [
        "",
        " ",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE intake_summaries; --",
        "x" * 5000,
        "¿Dónde está el baño?",
        '/inform{"pain_areas": [oops',
    ],
)
def test_bad_input_gets_an_answer_and_keeps_the_conversation(conversation, message):
    run_intake(conversation, ["hi", "yes"])
    replies = conversation.say(message)
    assert replies, "the bot must always answer"
    assert conversation.slots()["requested_slot"] == "red_flags"
    assert conversation.slots()["data_consent"] is True
