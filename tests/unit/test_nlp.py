"""The project's spaCy pipeline: built from the vocabulary, saved, loaded by path."""

from __future__ import annotations

import json

import pytest
import spacy

from bot.understanding import pipeline as nlp_module
from bot.understanding.pipeline import (
    BODY_REGION,
    EVERYWHERE,
    RED_FLAG,
    SIDE,
    build_pipeline,
    get_pipeline,
    ruler_patterns,
    save_pipeline,
)
from bot.vocabulary.words import EVERYWHERE_TERMS, PART_TERMS, RED_FLAGS, SIDE_TERMS


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def ents(nlp, text):
    return [(ent.text.lower(), ent.label_, ent.ent_id_) for ent in nlp(text).ents]


def test_labels_are_lower_case_for_rasa():
    labels = {pattern["label"] for pattern in ruler_patterns()}
    assert labels == {BODY_REGION, SIDE, RED_FLAG}


def test_every_vocabulary_term_becomes_a_pattern():
    patterns = {(p["label"], p["pattern"], p["id"]) for p in ruler_patterns()}
    for part, terms in PART_TERMS.items():
        for term in terms:
            assert (BODY_REGION, term, part) in patterns
    for term in EVERYWHERE_TERMS:
        assert (BODY_REGION, term, EVERYWHERE) in patterns
    for side, terms in SIDE_TERMS.items():
        for term in terms:
            assert (SIDE, term, side) in patterns
    for flag in RED_FLAGS:
        for term in flag.terms:
            assert (RED_FLAG, term, flag.id) in patterns


def test_patterns_are_not_duplicated():
    keys = [(p["label"], p["pattern"], p["id"]) for p in ruler_patterns()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my shoulders hurt", [("shoulders", BODY_REGION, "shoulder")]),
        ("My KNEES", [("knees", BODY_REGION, "knee")]),
        ("my left hip", [("left", SIDE, "left"), ("hip", BODY_REGION, "hip")]),
        ("both sides", [("both sides", SIDE, "both")]),
        ("lower back", [("lower back", BODY_REGION, "lower_back")]),
        ("upper back", [("upper back", BODY_REGION, "upper_back")]),
        ("back", [("back", BODY_REGION, "back")]),
        ("the back of my neck", [("back of my neck", BODY_REGION, "neck")]),
        (
            "between my shoulder blades",
            [("between my shoulder blades", BODY_REGION, "upper_back")],
        ),
        ("all over", [("all over", BODY_REGION, EVERYWHERE)]),
        ("everywhere", [("everywhere", BODY_REGION, EVERYWHERE)]),
        ("chest pain", [("chest pain", RED_FLAG, "chest_pain_or_breathlessness")]),
        ("my chest", [("chest", BODY_REGION, "chest")]),
        ("I can't breathe", [("can't breathe", RED_FLAG, "chest_pain_or_breathlessness")]),
        (
            "knee surgery",
            [("knee", BODY_REGION, "knee"), ("surgery", RED_FLAG, "recent_surgery_or_injury")],
        ),
        ("I'm on Warfarin", [("warfarin", RED_FLAG, "blood_thinners")]),
        ("TMJ", [("tmj", BODY_REGION, "jaw")]),
    ],
)
def test_the_ruler_finds_vocabulary_entities(nlp, text, expected):
    assert ents(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("shoulder(right)", ["shoulder", "(", "right", ")"]),
        ("neck/shoulders", ["neck", "/", "shoulders"]),
        ("5/10", ["5/10"]),
    ],
)
def test_the_tokenizer_splits_brackets_and_word_slashes(nlp, text, expected):
    assert [t.text for t in nlp(text)] == expected


def test_words_inside_other_words_are_not_matched(nlp):
    assert ents(nlp, "burning pain, headaches, shoulderless, armchair") == []


def test_lemmas_come_from_the_lookup_tables(nlp):
    if "lemmatizer" not in nlp.pipe_names:
        pytest.skip("spacy-lookups-data is not installed")
    assert [t.lemma_ for t in nlp("hugs knees")] == ["hug", "knee"]


def test_saved_pipeline_loads_by_path_with_meta(tmp_path):
    target = save_pipeline(tmp_path / "pipeline")
    meta = json.loads((target / "meta.json").read_text())
    assert meta["name"] == "en_fibro_intake"
    assert meta["lang"] == "en"
    again = save_pipeline(tmp_path / "pipeline")  # idempotent
    assert again == target
    loaded = spacy.load(target)
    assert loaded.path is not None  # what Rasa's SpacyNLP checks
    assert [(e.text, e.label_, e.ent_id_) for e in loaded("my right knee").ents] == [
        ("right", SIDE, "right"),
        ("knee", BODY_REGION, "knee"),
    ]
    if "lemmatizer" in loaded.pipe_names:
        assert loaded("knees")[0].lemma_ == "knee"


def test_cli_builds_and_reports_where(tmp_path, capsys):
    assert nlp_module.main(["build", str(tmp_path / "p")]) == 0
    assert str(tmp_path / "p") in capsys.readouterr().out
    assert (tmp_path / "p" / "meta.json").is_file()
    assert nlp_module.main(["nonsense"]) == 2


def test_get_pipeline_prefers_the_path_in_the_environment(tmp_path, monkeypatch):
    save_pipeline(tmp_path / "env_pipeline")
    monkeypatch.setenv("SPACY_PIPELINE_PATH", str(tmp_path / "env_pipeline"))
    get_pipeline.cache_clear()
    try:
        loaded = get_pipeline()
        assert (
            loaded.path is not None
            and loaded.path.resolve() == (tmp_path / "env_pipeline").resolve()
        )
        assert get_pipeline() is loaded  # cached
    finally:
        get_pipeline.cache_clear()


def test_get_pipeline_builds_in_memory_without_a_saved_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SPACY_PIPELINE_PATH", str(tmp_path / "missing"))
    get_pipeline.cache_clear()
    try:
        loaded = get_pipeline()
        assert loaded.path is None
        assert "entity_ruler" in loaded.pipe_names
    finally:
        get_pipeline.cache_clear()


def test_build_pipeline_is_blank_english_with_the_ruler():
    built = build_pipeline()
    assert built.lang == "en"
    assert "entity_ruler" in built.pipe_names
    assert built.meta["name"] == "en_fibro_intake"
