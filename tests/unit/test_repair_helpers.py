"""Knowledge answers, language detection, reopening answers, corrections and the
generated NLU vocabulary file."""

from __future__ import annotations

import pytest

from bot.domain.knowledge import TOPICS, answer_for, find_topic
from bot.domain.questions import buttons_only, slot_to_reopen
from bot.staff import nlu_data
from bot.understanding.answers import extract_answers
from bot.understanding.language import ENGLISH_ONLY, detect_language, non_english_reply


@pytest.mark.parametrize(
    "question, topic",
    [
        ("what is myofascial release?", "myofascial_release"),
        ("whats MFR", "myofascial_release"),
        ("what is deep tissue massage", "deep_tissue"),
        ("what's fascia?", "fascia"),
        ("what are trigger points", "trigger_points"),
        ("what does allodynia mean", "allodynia"),
        ("will it hurt?", "does_it_hurt"),
        ("how often should I go?", "how_often"),
        ("will I be sore afterwards", "soreness"),
        ("do hot packs help", "hot_cold_packs"),
        ("what should I ask a therapist", "interview"),
        ("does massage work for fibro?", "evidence"),
        ("what is a light massage", "light_massage"),
    ],
)
def test_questions_find_their_topic(question, topic):
    assert find_topic(question).id == topic


def test_every_topic_answers_in_plain_words():
    for topic in TOPICS:
        assert 40 < len(topic.answer) < 600 and topic.keywords


def test_unknown_question_has_no_answer():
    assert answer_for("what's the capital of Peru") is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("me duele mucho el cuello", "es"),
        ("Bonjour, j'ai mal au dos", "fr"),
        ("Ich habe Schmerzen im Nacken", "de"),
        ("ho mal di schiena", "it"),
        ("tenho dor nas costas", "pt"),
        ("boli mnie kręgosłup", "pl"),
        ("my neck hurts", None),
        ("hello there", None),
        ("my back hurts a lot", None),
    ],
)
def test_language_detection(text, code):
    assert detect_language(text) == code


def test_non_english_reply_is_english_first_then_translated():
    reply = non_english_reply("me duele la espalda")
    assert reply.startswith(ENGLISH_ONLY) and "inglés" in reply
    assert non_english_reply("zzz") == ENGLISH_ONLY


@pytest.mark.parametrize(
    "text, slot",
    [
        ("change my pain areas", "pain_areas"),
        ("I want to redo the pressure question", "pressure_preference"),
        ("can I change my pain score", "pain_intensity"),
        ("change the touch answer", "touch_sensitivity"),
        ("change the areas to avoid", "avoid_areas"),
        ("change my answer", None),
    ],
)
def test_reopening_finds_the_answer_named(text, slot):
    assert slot_to_reopen(text) == slot


def test_free_text_questions_get_buttons_when_typing_fails():
    buttons = buttons_only("pain_areas")
    assert any(b["title"] == "Everywhere" for b in buttons)
    assert all(b["payload"].startswith("/inform") for b in buttons)


CURRENT = {
    "data_consent": True,
    "red_flags": [],
    "safety_screened": True,
    "pain_areas": ["neck", "lower_leg_left", "lower_leg_right"],
    "pain_intensity": 5.0,
    "touch_sensitivity": "mild",
    "pressure_preference": "firm",
    "post_massage_flare": False,
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("actually my pain is more like 8", {"pain_intensity": 8.0}),
        ("I said 5 but I meant 7", {"pain_intensity": 7.0}),
        ("I said firm but I meant medium", {"pressure_preference": "medium"}),
        ("firm, sorry I mean light", {"pressure_preference": "light"}),
        (
            "add my jaw",
            {"pain_areas": ["jaw_left", "jaw_right", "lower_leg_left", "lower_leg_right", "neck"]},
        ),
        ("remove my knees", {"pain_areas": ["neck"]}),
        (
            "also my left hip",
            {"pain_areas": ["hip_left", "lower_leg_left", "lower_leg_right", "neck"]},
        ),
    ],
)
def test_answers_change_after_the_recommendation(text, expected):
    assert extract_answers(text, None, CURRENT) == expected


def test_a_correction_only_replaces_the_answer_it_restates():
    # "medium" here is not a correction of the touch answer.
    assert "touch_sensitivity" not in extract_answers(
        "I said firm but I meant medium", None, CURRENT
    )


def test_generated_nlu_vocabulary_is_up_to_date():
    assert nlu_data.main(["--check"]) == 0, "run `python -m bot.staff.nlu_data`"


def test_a_clinicians_advice_in_any_words_is_answered():
    from bot.domain.knowledge import TOPICS_BY_ID, answer_for

    expected = TOPICS_BY_ID["doctor_suggested"].answer
    assert answer_for("my rheumatologist said massage might help?") == expected
    assert answer_for("the pain nurse thinks I should try it") == expected
    assert answer_for("what is myofascial release?") != expected


def test_the_emergency_advice_names_the_clinic_countrys_number():
    from bot.domain.questions import with_emergency_number
    from bot.domain.recommendation import EMERGENCY_STOP_MESSAGE
    from bot.vocabulary.words import CRISIS_LINES, RED_FLAGS_BY_ID

    advice = RED_FLAGS_BY_ID["chest_pain_or_breathlessness"].advice
    for text in (advice, EMERGENCY_STOP_MESSAGE):
        assert "(000)" in with_emergency_number(text, CRISIS_LINES["AU"][1])
        assert "911 in the US" not in with_emergency_number(text, "000")
        # An unknown country keeps the examples.
        assert with_emergency_number(text, CRISIS_LINES["default"][1]) == text
