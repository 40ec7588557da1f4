"""Repair, questions, handoff, therapists and callbacks over the REST channel,
against the real servers (issues: conversation repair, therapist directory)."""

from __future__ import annotations

QUICK_INTAKE = [
    "my neck hurts, about 5/10, touch doesn't bother me, I like firm pressure",
    "yes",
    "none of these",
    "no",
]


def finish_quick_intake(conversation):
    for message in QUICK_INTAKE:
        conversation.say(message)
    assert conversation.summary()["recommended_style"] == "deep_tissue"


def test_why_inside_the_form_explains_and_asks_again(conversation):
    for message in ["hi", "yes", "none of these"]:
        conversation.say(message)
    conversation.say("why do you ask?")
    texts = conversation.texts()
    assert "focus on those areas" in texts
    assert "Where do you usually hurt?" in texts
    assert conversation.slots()["requested_slot"] == "pain_areas"


def test_question_about_a_style_inside_the_form(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    conversation.say("what is myofascial release?")
    assert "fascia" in conversation.texts()
    assert "safety check" in conversation.texts()


def test_why_after_the_recommendation_repeats_the_reasons(conversation):
    finish_quick_intake(conversation)
    conversation.say("why?")
    assert "firm pressure" in conversation.texts().lower()


def test_changed_answer_after_the_recommendation_is_named(conversation):
    finish_quick_intake(conversation)
    conversation.say("actually my pain is more like 8")
    assert (
        "changes my suggestion from deep tissue massage to myofascial release"
        in conversation.texts()
    )
    assert conversation.slots()["pain_intensity"] == 8.0
    assert conversation.summary()["recommended_style"] == "myofascial_release"


def test_areas_added_and_removed_after_the_recommendation(conversation):
    finish_quick_intake(conversation)
    conversation.say("add my jaw")
    assert conversation.slots()["pain_areas"] == ["jaw_left", "jaw_right", "neck"]
    conversation.say("remove my neck")
    assert conversation.slots()["pain_areas"] == ["jaw_left", "jaw_right"]


def test_i_said_firm_but_meant_medium(conversation):
    finish_quick_intake(conversation)
    conversation.say("I said firm but I meant medium")
    assert conversation.slots()["pressure_preference"] == "medium"
    assert conversation.summary()["recommended_style"] == "myofascial_release"


def test_red_flag_after_the_recommendation_changes_it(conversation):
    finish_quick_intake(conversation)
    conversation.say("I forgot to say I'm pregnant")
    assert conversation.slots()["red_flags"] == ["pregnancy"]
    assert conversation.summary()["recommended_style"] == "light"


def test_negated_flags_raise_nothing(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    conversation.say("no surgery and I don't take blood thinners")
    slots = conversation.slots()
    assert slots["red_flags"] == []
    assert slots["requested_slot"] == "pain_areas"


def test_change_my_pain_areas_reopens_the_question(conversation):
    finish_quick_intake(conversation)
    conversation.say("change my pain areas")
    assert conversation.slots()["requested_slot"] == "pain_areas"
    conversation.say("my lower back")
    assert conversation.summary()["pain_areas"] == ["lower_back"]


def test_start_over_after_confirmation_clears_everything(conversation):
    finish_quick_intake(conversation)
    conversation.say("start over")
    assert conversation.slots()["pain_areas"] == ["neck"]  # nothing cleared yet
    conversation.say("yes")
    slots = conversation.slots()
    assert slots["pain_areas"] is None and slots["recommended_style"] is None
    assert slots["requested_slot"] == "data_consent"


def test_stop_leaves_the_form_and_continue_comes_back(conversation):
    for message in ["hi", "yes", "none of these"]:
        conversation.say(message)
    conversation.say("stop")
    assert (
        conversation.slots()["requested_slot"] is None
        or conversation.slots()["active_loop"] != "intake_form"
    )
    assert "continue" in conversation.texts()
    conversation.say("let's continue")
    assert "Where do you usually hurt?" in conversation.texts()


def test_handoff_gives_contact_details_and_a_payload(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    replies = conversation.say("can I talk to a real person?")
    assert "+1 555 0100" in conversation.texts()
    handoff = [r["custom"]["handoff"] for r in replies if "handoff" in (r.get("custom") or {})]
    assert handoff and handoff[0]["phone"] == "+1 555 0100"
    assert "safety check" in conversation.texts()


def test_non_english_gets_a_short_reply_in_that_language(conversation):
    for message in ["hi", "yes"]:
        conversation.say(message)
    conversation.say("me duele mucho la espalda")
    assert "English" in conversation.texts() and "inglés" in conversation.texts()


def test_out_of_scope_and_bot_challenge_bring_the_question_back(conversation):
    for message in ["hi", "yes", "none of these"]:
        conversation.say(message)
    conversation.say("what's the weather like tomorrow?")
    assert "Where do you usually hurt?" in conversation.texts()
    conversation.say("are you a robot?")
    assert "chatbot" in conversation.texts()


def test_two_unreadable_answers_turn_the_question_into_buttons(conversation):
    for message in ["hi", "yes", "none of these"]:
        conversation.say(message)
    conversation.say("I don't know")
    replies = conversation.say("not sure")
    assert any(r.get("buttons") for r in replies)
    assert "pick one" in conversation.texts()


def test_recommendation_lists_matching_therapists(conversation):
    finish_quick_intake(conversation)
    therapists = conversation.summary()["therapists"]
    assert therapists, conversation.texts()
    assert all(t["name"] and "deep_tissue" in t["styles"] and t["reasons"] for t in therapists)
    assert len(therapists) <= 3


def test_callback_request_is_stored(conversation, rasa_server):
    finish_quick_intake(conversation)
    conversation.say("can someone call me back?")
    conversation.say("Anna")
    conversation.say("not a number")
    assert "doesn't look like a phone number" in conversation.texts()
    conversation.say("+1 212 555 0199")
    conversation.say("weekday mornings")
    assert "Shall I send this?" in conversation.texts()
    conversation.say("yes")
    assert "the clinic will contact you" in conversation.texts()
    (row,) = rasa_server.query(
        "SELECT name, phone, status FROM callback_requests WHERE conversation_id = :id",
        id=conversation.sender,
    )
    assert row.name == "Anna" and row.phone == "+12125550199" and row.status == "new"


def test_delete_my_data_removes_the_stored_summary(conversation, rasa_server):
    finish_quick_intake(conversation)
    conversation.say("delete my data")
    assert "deleted" in conversation.texts()
    ((count,),) = rasa_server.query(
        "SELECT COUNT(*) FROM intake_summaries WHERE conversation_id = :id", id=conversation.sender
    )
    assert count == 0
    # The conversation itself is erased too (tests/integration/test_consent_retention.py):
    # what the HTTP API finds now is a new, empty one.
    assert conversation.slots()["data_consent"] is None


def test_a_message_that_changes_nothing_does_not_repeat_the_recommendation(conversation):
    finish_quick_intake(conversation)
    conversation.say("qwzx blorp vrrm")
    assert "didn't catch a change" in conversation.texts()
    assert conversation.summary() is None


def test_unclear_message_after_the_recommendation_offers_likely_meanings(conversation):
    finish_quick_intake(conversation)
    replies = conversation.say("/nlu_fallback")  # what the FallbackClassifier predicts
    buttons = [b for r in replies for b in r.get("buttons") or []]
    assert "not sure what you meant" in conversation.texts()
    assert buttons and buttons[-1]["title"] == "Something else"
    conversation.say(buttons[-1]["payload"])  # "Something else": the second stage asks to rephrase
    assert "another way" in conversation.texts()
