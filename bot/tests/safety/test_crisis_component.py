"""The Rasa graph component wraps the safety package: it overrides the intent and records the tier and
categories; a crisis the model alone saw is overruled."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")

from around_here_safety import CrisisNet as SafetyNet  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from components.crisis_net import CrisisNet  # noqa: E402


@pytest.fixture(scope="module")
def net() -> CrisisNet:
    return CrisisNet({**CrisisNet.get_default_config()}, SafetyNet.from_directory())


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


def test_the_tier_is_recorded_as_an_entity_and_in_the_parse_data(net: CrisisNet) -> None:
    [urgent] = net.process([message("i have a rope ready and im doing it tonight")])
    assert [e["value"] for e in urgent.get("entities") if e["entity"] == "crisis_tier"] == ["urgent"]
    assert urgent.get("crisis")["tier"] == "urgent"
    [supportive] = net.process([message("been having suicidal thoughts again, no plans")])
    assert [e["value"] for e in supportive.get("entities") if e["entity"] == "crisis_tier"] == ["supportive"]


def test_a_crisis_the_model_alone_sees_is_overruled_by_the_reviewed_net(net: CrisisNet) -> None:
    m = message("my cat died and i'm sad", "crisis", 0.8)
    m.set(
        "intent_ranking",
        [{"name": "crisis", "confidence": 0.8}, {"name": "find_help", "confidence": 0.15}],
        add_to_output=True,
    )
    [m] = net.process([m])
    assert m.get("intent")["name"] == "find_help"
    assert all(item["name"] != "crisis" for item in m.get("intent_ranking"))
