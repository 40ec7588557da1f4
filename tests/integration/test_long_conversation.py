"""A long conversation against the real servers: its session is continued in a
new one every MAX_SESSION_MESSAGES messages (channels/conversation_sessions.py),
and the person notices nothing, even when a new session begins between a
question and its answer: inside the intake form, and between "start over" and
its confirmation. Checked against a short conversation with the same turns."""

from __future__ import annotations

from typing import Dict, List

from channels.conversation_sessions import KEPT_MESSAGES, MAX_SESSION_MESSAGES
from tests.integration.conftest import Conversation

INTAKE_AFTER_SAFETY = ["my neck", "5", "mild", "firm", "no"]
# Messages the next session is started before: the first one comes when the
# first session holds MAX_SESSION_MESSAGES, each later one when the new session
# (which starts with KEPT_MESSAGES copies) holds as many again.
FIRST_NEW_SESSION = MAX_SESSION_MESSAGES + 1
SECOND_NEW_SESSION = FIRST_NEW_SESSION + MAX_SESSION_MESSAGES - KEPT_MESSAGES


def say_all(conversation: Conversation, messages: List[str]) -> List[str]:
    """The texts of each turn's replies."""
    return [
        "\n".join(reply.get("text", "") for reply in conversation.say(message))
        for message in messages
    ]


def sessions(conversation: Conversation) -> int:
    events = conversation.server.tracker(conversation.sender)["events"]
    return sum(1 for event in events if event["event"] == "session_started")


def test_a_new_session_between_question_and_answer_goes_unnoticed(rasa_server):
    # The first new session begins while the safety question waits for its answer.
    whys = FIRST_NEW_SESSION - 3  # after "hi" and "yes", before the answer
    long = Conversation(rasa_server)
    texts = say_all(long, ["hi", "yes"] + ["why?"] * whys)
    assert sessions(long) == 1
    answer = say_all(long, ["none of these"])[0]
    assert sessions(long) == 2

    short = Conversation(rasa_server)
    expected = say_all(short, ["hi", "yes", "why?", "none of these"])
    assert texts[-1] == expected[2]  # every "why?" was answered the same
    assert answer == expected[3]
    assert "Where do you usually hurt?" in answer

    # The rest of the intake in the new session: the recommendation of the
    # same answers, every answer kept.
    recommendation = say_all(long, INTAKE_AFTER_SAFETY)[-1]
    assert recommendation == say_all(short, INTAKE_AFTER_SAFETY)[-1]
    assert long.summary()["recommended_style"] == "deep_tissue"
    slots: Dict = long.slots()
    assert slots["data_consent"] is True and slots["pain_areas"] == ["neck"]
    assert slots == short.slots()


def test_start_over_confirmed_in_the_next_session_starts_over(rasa_server):
    intake = ["hi", "yes", "none of these"] + INTAKE_AFTER_SAFETY
    long = Conversation(rasa_server)
    say_all(long, intake)
    # "start over" as the last message of the second session, "yes" in the third
    filler = SECOND_NEW_SESSION - 2 - len(intake)
    questions = ["why?", "what is myofascial release?"] * filler
    say_all(long, questions[:filler])
    asked = say_all(long, ["start over"])[0]
    assert sessions(long) == 2
    confirmed = say_all(long, ["yes"])[0]
    assert sessions(long) == 3

    short = Conversation(rasa_server)
    say_all(short, intake)
    assert say_all(short, ["start over", "yes"]) == [asked, confirmed]
    slots = long.slots()
    assert slots["pain_areas"] is None and slots["recommended_style"] is None
    assert slots["requested_slot"] == "data_consent"
