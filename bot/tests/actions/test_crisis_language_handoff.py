"""The crisis response, changing language and the routes to people (no directory needed)."""

from __future__ import annotations

from actions.crisis import ActionCrisisResponse
from actions.handoff import ActionCoreFallback, ActionFallback, ActionHandoff
from actions.language import ActionChangeLanguage
from tests.conftest import entity, make_tracker, responses, run_action, slot_events


def crisis(*categories: str, **slots):
    tracker = make_tracker(
        slots=slots, text="...", intent="crisis", entities=[entity("crisis_category", c) for c in categories]
    )
    return run_action(ActionCrisisResponse(), tracker)


def test_crisis_response_starts_with_999_and_ends_inviting_to_carry_on() -> None:
    messages, _ = crisis("self_harm")
    names = responses(messages)
    assert names[0] == "utter_crisis_intro"
    assert "utter_crisis_self_harm" in names
    assert "utter_crisis_carry_on" in names
    phones = {h.get("phone") for h in messages[0]["custom"]["helplines"]}
    assert {"999", "116 123"} <= phones
    assert any(h.get("sms") == "85258" for h in messages[0]["custom"]["helplines"])


def test_domestic_abuse_gives_the_helpline_and_offers_local_support() -> None:
    messages, events = crisis("domestic_abuse")
    names = responses(messages)
    assert names[:2] == ["utter_crisis_intro", "utter_crisis_domestic_abuse"]
    assert names[-1] == "utter_crisis_offer_local"
    assert "0808 2000 247" in {h.get("phone") for h in messages[0]["custom"]["helplines"]}
    slots = slot_events(events)
    assert slots["need"] == "domestic-abuse"
    assert slots["pending_offer"] == "local_support"
    assert slots["crisis_category"] == ["domestic_abuse"]


def test_immediate_danger_does_not_offer_a_search() -> None:
    messages, events = crisis("danger", "domestic_abuse")
    names = responses(messages)
    assert names[:3] == ["utter_crisis_intro", "utter_crisis_danger", "utter_crisis_domestic_abuse"]
    assert "utter_crisis_offer_local" not in names
    assert slot_events(events)["pending_offer"] is None


def test_child_at_risk_gives_childline() -> None:
    messages, _ = crisis("child_at_risk")
    assert "utter_crisis_child_at_risk" in responses(messages)
    assert "0800 1111" in {h.get("phone") for h in messages[0]["custom"]["helplines"]}


def test_crisis_recognised_by_the_model_only_gets_the_general_response() -> None:
    messages, _ = crisis()
    assert responses(messages)[:2] == ["utter_crisis_intro", "utter_crisis_self_harm"]
    assert messages[0]["custom"]["categories"] == []


def test_change_language_with_a_language() -> None:
    tracker = make_tracker(text="po polsku", intent="change_language", entities=[entity("language", "pl")])
    messages, events = run_action(ActionChangeLanguage(), tracker)
    assert responses(messages) == ["utter_language_changed"]
    assert slot_events(events) == {"language": "pl"}


def test_change_language_from_the_script() -> None:
    tracker = make_tracker(
        text="اردو", intent="change_language", entities=[entity("detected_language", "ur")]
    )
    _, events = run_action(ActionChangeLanguage(), tracker)
    assert slot_events(events) == {"language": "ur"}


def test_change_language_asks_which() -> None:
    messages, events = run_action(
        ActionChangeLanguage(), make_tracker(text="change language", intent="change_language")
    )
    assert responses(messages) == ["utter_ask_language"]
    assert events == []


def test_handoff_gives_the_council_route() -> None:
    messages, _ = run_action(ActionHandoff(), make_tracker(intent="human_handoff"))
    assert responses(messages) == ["utter_handoff"]
    assert messages[0]["council_phone"] and messages[0]["custom"]["type"] == "handoff"


def test_fallbacks() -> None:
    messages, events = run_action(ActionFallback(), make_tracker(intent="nlu_fallback"))
    assert responses(messages) == ["utter_fallback"] and messages[0]["site_url"]
    assert events == []
    _, events = run_action(ActionCoreFallback(), make_tracker())
    assert events == [{"event": "rewind", "timestamp": None}]
