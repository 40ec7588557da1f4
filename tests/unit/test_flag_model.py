"""The flag model: its examples are current, it asks about flags the tables miss,
and it never speaks up on ordinary answers."""

from __future__ import annotations

from bot.staff import flag_examples
from bot.understanding import flag_model
from bot.understanding.flag_model import EXAMPLES, NONE, examples, likely_flags


def test_the_examples_are_written_from_the_dev_half():
    assert EXAMPLES.read_text(encoding="utf-8") == flag_examples.render(), (
        "run: python -m bot.staff.flag_examples"
    )


def test_every_flag_has_examples_and_so_has_none():
    from bot.vocabulary.words import RED_FLAGS

    _, labels = examples()
    for flag in RED_FLAGS:
        assert labels.count(flag.id) >= 40, flag.id
    # "none" stays the largest class: most messages hold no flag
    assert labels.count(NONE) > 3 * max(labels.count(flag.id) for flag in RED_FLAGS)


def test_a_description_without_any_table_word_is_suspected():
    # Written for this test, not taken from the examples: typos and no flag words.
    assert "possible_blood_clot" in likely_flags(
        "my rite calf went all fat and its red n hot to touch, only that one"
    )


def test_ordinary_answers_raise_no_suspicion():
    for text in (
        "my neck and shoulders",
        "about a 6 most days",
        "medium pressure please",
        "hugs hurt a little",
        "no I wasn't sore after",
        "hello",
        "",
    ):
        assert likely_flags(text) == (), text


def test_the_built_model_is_loaded_not_retrained(tmp_path, monkeypatch):
    path = flag_model.save(tmp_path / "model.joblib")
    flag_model.get_model.cache_clear()

    def no_training(*_):
        raise AssertionError("trained again although the built model is current")

    monkeypatch.setattr(flag_model, "train", no_training)
    try:
        assert NONE in flag_model.get_model(path).classes_
    finally:
        flag_model.get_model.cache_clear()
    assert flag_model.main(["nonsense"]) == 2
