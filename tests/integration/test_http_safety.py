"""The safety screen fails safe, over REST against the real servers (issue:
safety-first understanding): emergency first, doubt confirmed, options by
words, an unreadable safety answer never stalls, crisis line, and a
conversation that always leads (issue: a conversation that always leads)."""

from __future__ import annotations

import pytest

INTRO = "massage-matching assistant"
EMERGENCY = "emergency number"
CHECKLIST = "Do any of these apply to you right now?"
WHERE = "Where do you usually hurt?"


def test_emergency_in_the_first_message_comes_before_any_greeting(conversation):
    replies = conversation.say("my chest feels tight and I can't breathe properly, is massage ok?")
    texts = [reply.get("text", "") for reply in replies if reply.get("text")]
    assert EMERGENCY in texts[0]
    assert not any(INTRO in text for text in texts)
    assert "where it hurts: chest" not in conversation.texts()
    slots = conversation.slots()
    assert slots["red_flags"] == ["chest_pain_or_breathlessness"]
    assert slots["recommended_style"] == "none"


def test_emergency_after_a_greeting_is_answered_first_in_that_turn(conversation):
    conversation.say("hi")
    replies = conversation.say("there's a heavy band across my chest and I'm wheezing")
    assert EMERGENCY in replies[0]["text"]
    assert conversation.slots()["recommended_style"] == "none"


def test_chest_pain_told_mid_intake_is_never_a_pain_area_and_the_advice_is_repeated(
    conversation,
):
    for message in ["hi", "yes", "none of these", "lower back and shoulders"]:
        conversation.say(message)
    replies = conversation.say("6. chest's been tight n heavy since this morning too")
    assert EMERGENCY in replies[0]["text"]
    assert "chest" not in conversation.slots()["pain_areas"]
    assert "where it hurts" not in " ".join(r.get("text", "") for r in replies)
    # Brushed off: whatever is said next, the way on is the same advice.
    replies = conversation.say("so what massage should I get")
    assert any(EMERGENCY in reply.get("text", "") for reply in replies)


def test_after_an_emergency_who_to_phone_gets_the_emergency_numbers(conversation):
    conversation.say("my chest feels heavy and my left arm aches with it")
    replies = conversation.say("who do I phone? what's the emergency number here")
    texts = " ".join(reply.get("text", "") for reply in replies)
    assert "999" in texts and "000" in texts


def test_a_checklist_option_picked_by_words(conversation):
    for message in ["hi", "yes", "the pregnancy one"]:
        conversation.say(message)
    slots = conversation.slots()
    assert slots["red_flags"] == ["pregnancy"]
    assert slots["requested_slot"] == "pain_areas"
    assert "pregnancy" in conversation.texts().lower()


def test_none_misspelt_at_the_checklist_moves_on(conversation):
    for message in ["hi", "yes", "nun of those"]:
        conversation.say(message)
    assert conversation.slots()["red_flags"] == []
    assert WHERE in conversation.texts()


def test_a_symptom_described_at_the_checklist_is_not_read_as_pain_areas(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    conversation.say("my left calf is all puffy and warm and it's sore to touch")
    slots = conversation.slots()
    assert slots["red_flags"] == ["possible_blood_clot"]
    assert slots["pain_areas"] is None
    assert slots["recommended_style"] == "none"
    assert "Got it, where it hurts" not in conversation.texts()


@pytest.mark.parametrize(
    "answer, flags",
    [
        ("yes", ["fever_or_infection"]),
        ("I'm not sure", ["fever_or_infection"]),  # cannot say: the safer branch
        ("no", []),
    ],
)
def test_doubt_is_named_and_confirmed(conversation, answer, flags):
    for message in ["hi", "yes"]:
        conversation.say(message)
    conversation.say("no idea if it's an infection, I've been shivery")
    assert conversation.slots()["requested_slot"] == "suspected_flags"
    assert "fever or an infection" in conversation.texts()
    conversation.say(answer)
    slots = conversation.slots()
    assert slots["suspected_flags"] == []
    assert (slots["red_flags"] or []) == flags
    if flags:
        assert slots["recommended_style"] == "none"


def test_an_unclear_answer_to_the_confirmation_twice_takes_the_safe_side(conversation):
    for message in ["hi", "yes", "could it be a clot?"]:
        conversation.say(message)
    assert conversation.slots()["requested_slot"] == "suspected_flags"
    conversation.say("purple monkey dishwasher")
    assert "yes or a no" in conversation.texts()
    conversation.say("purple monkey dishwasher")
    slots = conversation.slots()
    assert slots["red_flags"] == ["possible_blood_clot"]
    assert slots["recommended_style"] == "none"


def test_an_unreadable_safety_answer_gets_the_closest_options_then_the_safe_branch(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    conversation.say("zxqv plorp")
    first = conversation.texts()
    assert "didn't catch" not in first
    assert "None of these" in str(conversation.replies)
    assert conversation.slots()["requested_slot"] == "red_flags"
    conversation.say("zxqv plorp")
    assert "check with your doctor" in conversation.texts()
    slots = conversation.slots()
    assert slots["safety_unclear"] is True
    assert slots["recommended_style"] == "none"
    assert slots["pain_areas"] is None  # never re-read as another answer
    # "None of these" afterwards takes the person back to the questions.
    conversation.say("none of these")
    slots = conversation.slots()
    assert slots["safety_unclear"] is False
    assert slots["red_flags"] == []
    assert slots["requested_slot"] == "pain_areas"


def test_crisis_language_gets_the_crisis_line_and_the_conversation_stays_open(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    replies = conversation.say("honestly what's the point of going on like this")
    assert "988" in replies[0]["text"]
    assert conversation.slots()["requested_slot"] == "red_flags"
    assert CHECKLIST in conversation.texts()
    conversation.say("none of these")
    assert conversation.slots()["requested_slot"] == "pain_areas"


@pytest.mark.parametrize(
    "first",
    [
        "what is myofascial release?",
        "my rheumatologist suggested I try massage",
        "I've never had a massage before and I'm a bit nervous",
        "hello",
        "asdf qwerty",
    ],
)
def test_every_first_message_greets_once_and_asks_the_first_question(conversation, first):
    conversation.say(first)
    texts = conversation.texts()
    assert texts.count(INTRO) == 1
    assert conversation.slots()["requested_slot"] == "data_consent"
    conversation.say("yes")
    assert INTRO not in conversation.texts()
    assert conversation.slots()["requested_slot"] == "red_flags"


def test_volunteered_answers_are_acknowledged_after_the_greeting(conversation):
    replies = conversation.say("hi, my neck and shoulders hurt, about a 6 most days")
    texts = [reply["text"] for reply in replies if reply.get("text")]
    assert INTRO in texts[0]
    assert "where it hurts" in texts[1]
    assert "May the clinic keep your answers" in texts[-1]


STAGES = {
    "consent": ["hi"],
    "checklist": ["hi", "yes"],
    "pain areas": ["hi", "yes", "none of these"],
    "flare": ["hi", "yes", "none of these", "my neck", "5", "mild", "medium"],
    "after the recommendation": [
        "hi",
        "yes",
        "none of these",
        "my neck",
        "5",
        "mild",
        "medium",
        "no",
    ],
}


@pytest.mark.parametrize("stage", list(STAGES))
def test_ten_unreadable_messages_never_leave_the_person_without_a_way_on(conversation, stage):
    for message in STAGES[stage]:
        conversation.say(message)
    for _ in range(10):
        replies = conversation.say("blorp zzkt vrrm")
        assert replies, "the bot must always answer"
        offered = [button for reply in replies for button in reply.get("buttons") or []]
        asked = conversation.slots()["requested_slot"]
        assert offered or asked, f"no way on at {stage}: {conversation.texts()}"


def _messages_to_recommendation(conversation, messages):
    for count, message in enumerate(messages, start=1):
        conversation.say(message)
        if conversation.summary():
            return count
    return None


def test_one_answer_at_a_time_reaches_the_recommendation_in_eight_messages(conversation):
    count = _messages_to_recommendation(
        conversation,
        ["hi", "yes", "none of these", "my neck and lower back", "5", "a little", "medium", "no"],
    )
    assert count == 8
    assert conversation.summary()["recommended_style"] == "myofascial_release"


def test_everything_volunteered_needs_only_consent_and_the_checklist(conversation):
    count = _messages_to_recommendation(
        conversation,
        [
            "hi, my neck and shoulders hurt, about a 6 most days, hugs hurt a little, I like "
            "firm pressure and I've never been sore for days after a massage",
            "yes",
            "none of these",
        ],
    )
    assert count == 3
    assert conversation.summary()["recommended_style"] == "deep_tissue"


def test_a_callback_asked_for_first_waits_and_the_questions_begin(conversation):
    # The safety screen comes before anything optional: the callback is offered
    # with the suggestion (a callback form first took 12 messages to a suggestion).
    for message in ["can someone from the clinic call me back?", "yes"]:
        conversation.say(message)
    assert conversation.slots()["requested_slot"] == "red_flags"
    assert "Do any of these apply" in conversation.texts()
