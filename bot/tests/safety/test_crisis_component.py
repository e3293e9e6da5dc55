"""The Rasa graph component wraps the matcher: it overrides the intent and records the categories."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from components.crisis_net import CrisisNet  # noqa: E402
from components.crisis_patterns import CrisisMatcher  # noqa: E402


@pytest.fixture(scope="module")
def net() -> CrisisNet:
    return CrisisNet({**CrisisNet.get_default_config()}, CrisisMatcher.from_directory())


def message(text: str, intent: str = "find_help", confidence: float = 0.97) -> Message:
    m = Message(data={"text": text})
    m.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    m.set("intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True)
    m.set("entities", [{"entity": "need", "value": "housing", "start": 0, "end": 4}], add_to_output=True)
    return m


def test_crisis_overrides_the_model(net: CrisisNet) -> None:
    [m] = net.process([message("I'm scared to go home, my husband hits me", "nlu_fallback", 0.4)])
    assert m.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert m.get("intent_ranking")[0]["name"] == "crisis"
    categories = [e["value"] for e in m.get("entities") if e["entity"] == "crisis_category"]
    assert categories == ["domestic_abuse"]
    assert any(e["entity"] == "need" for e in m.get("entities")), "other entities are kept"
    assert m.get("crisis")["model_intent"] == "nlu_fallback"
    assert "crisis" in m.as_dict(only_output_properties=True)


def test_non_crisis_is_untouched(net: CrisisNet) -> None:
    [m] = net.process([message("my landlord won't fix the damp")])
    assert m.get("intent")["name"] == "find_help"
    assert not [e for e in m.get("entities") if e["entity"] == "crisis_category"]
