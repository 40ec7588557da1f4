"""The action server's answers are still checked, with a validator built once."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import channels  # noqa: F401  (installs the check)
from channels.action_validation import _validate_action_result


def test_the_project_check_is_installed():
    assert RemoteAction._validate_action_result is _validate_action_result


def test_a_valid_answer_passes():
    answer = {
        "events": [{"event": "slot", "name": "pain_intensity", "value": 5.0}],
        "responses": [{"text": "Thanks"}],
    }
    assert RemoteAction("action_x", None)._validate_action_result(answer) is True


def test_an_invalid_answer_is_refused_with_rasas_message():
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        RemoteAction("action_x", None)._validate_action_result({"events": "not a list"})
