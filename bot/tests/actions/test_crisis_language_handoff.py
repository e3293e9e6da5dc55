"""The crisis response, changing language and the routes to people (no directory needed)."""

from __future__ import annotations

from actions.crisis import ActionCrisisResponse
from actions.handoff import ActionCoreFallback, ActionFallback, ActionHandoff
from actions.language import ActionChangeLanguage
from tests.conftest import entity, make_tracker, responses, run_action, slot_events


def crisis(text: str, *categories: str, **slots):
    """The crisis action for a message, as the CrisisNet component would have tagged it."""
    tracker = make_tracker(
        slots=slots, text=text, intent="crisis", entities=[entity("crisis_category", c) for c in categories]
    )
    return run_action(ActionCrisisResponse(), tracker)


def _phones(messages) -> set:
    return {h.get("phone") for h in messages[0]["custom"]["helplines"]}


def test_an_urgent_message_gets_999_first_and_ends_inviting_to_carry_on() -> None:
    messages, events = crisis("i have a rope ready and im doing it tonight")
    names = responses(messages)
    assert names[0] == "utter_crisis_intro"
    assert "utter_crisis_self_harm" in names and "utter_crisis_carry_on" in names
    assert messages[0]["custom"]["helplines"][0]["phone"] == "999"
    assert {"999", "116 123"} <= _phones(messages)
    assert messages[0]["custom"]["tier"] == "urgent"
    assert slot_events(events)["crisis_tier"] == "urgent"


def test_a_supportive_message_gets_the_listening_lines_and_a_gentle_question_without_999() -> None:
    messages, events = crisis("had suicidal thoughts again last night, no plans")
    names = responses(messages)
    assert names[0] == "utter_crisis_supportive"
    assert "utter_crisis_are_you_safe" in names
    assert "999" not in _phones(messages) and "116 123" in _phones(messages)
    assert messages[0]["custom"]["tier"] == "supportive"
    assert slot_events(events)["crisis_tier"] == "supportive"


def test_controlling_behaviour_gives_the_domestic_abuse_helpline_and_offers_local_support() -> None:
    messages, events = crisis("my husband checks my phone, takes my wages and wont let me see my sister")
    names = responses(messages)
    assert "utter_crisis_domestic_abuse" in names
    assert names[-1] == "utter_crisis_offer_local"
    assert "0808 2000 247" in _phones(messages)
    assert len(messages[0]["custom"]["helplines"]) <= 3
    slots = slot_events(events)
    assert slots["need"] == "domestic-abuse"
    assert slots["pending_offer"] == "local_support"
    assert slots["crisis_category"] == ["domestic_abuse"]


def test_immediate_danger_does_not_offer_a_search() -> None:
    messages, events = crisis("hes hitting me right now, im hiding in the bathroom")
    names = responses(messages)
    assert names[0] == "utter_crisis_intro" and "utter_crisis_danger" in names
    assert "utter_crisis_offer_local" not in names
    assert slot_events(events)["pending_offer"] is None


def test_a_child_in_danger_gets_999_and_childline() -> None:
    messages, _ = crisis("my stepdad just threw my little sister against the wall and she isnt moving")
    assert "utter_crisis_child_at_risk" in responses(messages)
    assert {"999", "0800 1111"} <= _phones(messages)


def test_someone_else_at_risk_gets_the_reply_for_the_person_writing() -> None:
    messages, _ = crisis("my friend says she is going to kill herself tonight")
    assert "utter_crisis_someone_else" in responses(messages)
    assert messages[0]["custom"]["about"] == "other"


def test_a_crisis_the_net_did_not_confirm_gets_the_gentle_response_never_999() -> None:
    messages, _ = crisis("...")
    assert responses(messages)[0] == "utter_crisis_supportive"
    assert "999" not in _phones(messages)


def test_the_conversations_risk_never_goes_down_so_a_later_message_is_answered_as_urgent() -> None:
    messages, events = crisis("i feel like a burden to everyone", crisis_tier="urgent")
    assert responses(messages)[0] == "utter_crisis_intro"
    assert slot_events(events)["crisis_tier"] == "urgent"


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
