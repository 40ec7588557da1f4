"""Checks the action server's answers with a JSON-schema validator built once.

Rasa 3.6 calls `jsonschema.validate` for every action-server answer, which
re-checks the large events schema against the meta-schema and builds a new
validator each time: about 40% of the Rasa server's CPU per turn in
`make bench`. The check itself is unchanged, and so is its error message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

import jsonschema
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = rasa_action.RemoteAction.action_response_format_spec()
    return jsonschema.validators.validator_for(schema)(schema)


def _validate_action_result(self: rasa_action.RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _response_validator().validate(result)
        return True
    except jsonschema.ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            "response from the Action endpoint is valid. For more information about "
            f"the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


def install() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
