"""The Rasa files and the vocabulary in bot/ must agree: one source of truth."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.domain.questions import CALLBACK_QUESTIONS, QUESTIONS
from bot.runtime.settings import embedded_endpoints
from bot.vocabulary.slots import INTAKE_SLOTS, Slot
from bot.vocabulary.words import PRESSURE_LEVELS, SENSITIVITY_LEVELS, STYLES

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def _action_names():
    return {
        name
        for action in DOMAIN["actions"]
        for name in (action if isinstance(action, dict) else [action])
    }


def test_the_intake_questions_are_asked_by_the_form_validation_only():
    # validate_intake_form asks the next question itself: an ask action or
    # response for an intake slot would make Rasa ask it a second time.
    names = _action_names() | set(DOMAIN["responses"])
    for slot in QUESTIONS:
        assert (
            not {
                f"action_ask_{slot}",
                f"utter_ask_{slot}",
                f"action_ask_intake_form_{slot}",
                f"utter_ask_intake_form_{slot}",
            }
            & names
        )
    assert "validate_intake_form" in names


def test_every_callback_question_has_its_ask_action():
    for slot in CALLBACK_QUESTIONS:
        assert f"action_ask_{slot}" in _action_names()


def test_only_actions_that_read_the_domain_receive_it():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True
    # Rasa sends the domain to validate_* actions unless told otherwise;
    # validate_callback_form (rasa_sdk's FormValidationAction) needs it.
    assert {"validate_intake_form": {"send_domain": False}} in DOMAIN["actions"]
    assert "validate_callback_form" in DOMAIN["actions"]


def test_the_form_requires_exactly_the_intake_slots():
    required = DOMAIN["forms"]["intake_form"]["required_slots"]
    assert set(required) == set(INTAKE_SLOTS) | {Slot.SAFETY_SCREENED, Slot.SUSPECTED_FLAGS}


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


def test_tests_and_bench_serve_the_project_endpoints(tmp_path):
    served = yaml.safe_load(embedded_endpoints("http://localhost:1/webhook", tmp_path / "t.db"))
    project = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert served["action_endpoint"] == dict(
        project["action_endpoint"], url="http://localhost:1/webhook"
    )
    assert served["tracker_store"] == dict(project["tracker_store"], db=str(tmp_path / "t.db"))
    assert "action_endpoint" not in yaml.safe_load(embedded_endpoints(None, tmp_path / "t.db"))
