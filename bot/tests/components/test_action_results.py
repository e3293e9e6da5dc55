"""The action server's answers are checked as strictly as Rasa checks them, with one validator."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import components
from components import action_results


def rasa_own_check(result):
    """Rasa's original check: the schema re-checked, then the response, on every call."""
    jsonschema.validate(result, RemoteAction.action_response_format_spec())


GOOD = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "need", "value": "food", "timestamp": None}],
        "responses": [{"text": "Hi"}],
    },
    {"events": [{"event": "followup", "name": "action_listen"}], "responses": [{"custom": {"cards": []}}]},
    {},
]
BAD = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},
    {"responses": [["not an object"]]},
    [],
]


def test_loading_our_components_puts_the_single_validator_in_place():
    assert components.action_results is action_results
    assert RemoteAction._validate_action_result is action_results.validate_action_result


@pytest.mark.parametrize("result", GOOD)
def test_a_response_rasa_accepts_is_accepted(result):
    rasa_own_check(result)
    assert RemoteAction._validate_action_result(None, result) is True


@pytest.mark.parametrize("result", BAD)
def test_a_response_rasa_refuses_is_refused_with_rasas_hint(result):
    with pytest.raises(jsonschema.ValidationError):
        rasa_own_check(result)
    with pytest.raises(jsonschema.ValidationError) as raised:
        RemoteAction._validate_action_result(None, result)
    assert "Failed to validate Action server response" in raised.value.message


def test_the_schema_is_checked_once_not_on_every_response(monkeypatch):
    checks = []
    action_results.response_validator.cache_clear()
    cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    original = cls.check_schema
    monkeypatch.setattr(
        cls, "check_schema", classmethod(lambda c, s: checks.append(s) or original.__func__(c, s))
    )
    for _ in range(5):
        RemoteAction._validate_action_result(None, GOOD[0])
    assert len(checks) == 1
    action_results.response_validator.cache_clear()
