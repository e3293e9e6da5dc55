"""Check the action server's answers against Rasa's schema once per process, not once per answer.

Rasa checks every action server response with `jsonschema.validate(result, schema)`. That call first
re-checks the schema itself against JSON Schema's meta-schema, and only then the response: in a
profile of the assistant under load it was 60 % of the Rasa server's CPU per turn (each turn calls the
action server two or three times: slot validation, then the action). The schema never changes, so the
check of the schema is done once here and one validator is kept. The response is checked exactly as
before, against the same schema, and a bad one fails the same way (`ValidationError`, with Rasa's hint
appended).

Installed when the `components` package is imported, which every Rasa process that loads our model
does (the pipeline names our components); `install()` may be called again safely.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the validator built once."""
    try:
        response_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
