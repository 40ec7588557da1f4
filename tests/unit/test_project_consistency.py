"""The Rasa files and the vocabulary in bot/ must agree: one source of truth."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.dialogue import INTAKE_SLOTS, QUESTIONS
from bot.intake import SCREENED_SLOT
from bot.vocabulary import PRESSURE_LEVELS, SENSITIVITY_LEVELS, STYLES

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def test_every_question_has_its_ask_action():
    for slot in QUESTIONS:
        assert f"action_ask_{slot}" in DOMAIN["actions"]


def test_the_form_requires_exactly_the_intake_slots():
    required = DOMAIN["forms"]["intake_form"]["required_slots"]
    assert set(required) == set(INTAKE_SLOTS) | {SCREENED_SLOT}


def test_categorical_slots_match_the_vocabulary():
    slots = DOMAIN["slots"]
    assert slots["touch_sensitivity"]["values"] == list(SENSITIVITY_LEVELS)
    assert slots["pressure_preference"]["values"] == list(PRESSURE_LEVELS)
    assert slots["recommended_style"]["values"] == list(STYLES)


def test_payload_entities_are_declared():
    for slot in INTAKE_SLOTS:
        assert slot in DOMAIN["entities"]


def test_telemetry_is_off_in_every_project_command():
    assert "RASA_TELEMETRY_ENABLED=false" in (ROOT / "scripts" / "env.sh").read_text()
    for script in ("setup.sh", "run.sh", "shell.sh", "test.sh"):
        assert "source scripts/env.sh" in (ROOT / "scripts" / script).read_text()


def _utterances(path: Path):
    import re
    markup = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
    for line in path.read_text().splitlines():
        if line.startswith("    - "):
            text = markup.sub(r"\1", line[6:])
            yield " ".join(re.sub(r"[^\w\s]", "", text).lower().split())


def test_the_held_out_nlu_set_is_not_in_the_training_data():
    training = {u for path in (ROOT / "data" / "nlu").glob("*.yml") for u in _utterances(path)}
    held_out = list(_utterances(ROOT / "tests" / "nlu" / "test_nlu.yml"))
    assert len(held_out) >= 300
    assert sorted(set(held_out) & training) == []
