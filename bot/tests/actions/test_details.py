"""One service in full, and single facts about it, from the real directory app."""

from __future__ import annotations

import pytest

from actions.details import ActionServiceDetails, ActionServiceInfo
from actions.search import ActionSearchServices
from tests.conftest import entity, make_tracker, responses, run_action, slot_events


@pytest.fixture
def shown(api: str) -> list[str]:
    """Ids of the first three food services near Reddish, as the resident saw them."""
    _, events = run_action(ActionSearchServices(), make_tracker(slots={"need": "food", "place": "Reddish"}))
    return slot_events(events)["last_results"]


def test_details_of_number_two(shown: list[str]) -> None:
    tracker = make_tracker(
        slots={"last_results": shown},
        text="details of number 2",
        intent="service_details",
        entities=[entity("number", "2")],
    )
    messages, events = run_action(ActionServiceDetails(), tracker)
    assert responses(messages) == ["utter_service_details"]
    service = messages[0]["custom"]["service"]
    assert messages[0]["custom"]["type"] == "service"
    # marked as a full answer, so the web widget draws one card instead of the words
    assert messages[0]["custom"]["view"] == "details"
    assert service["id"] == shown[1]
    assert service["name"] in messages[0]["details_text"]
    assert "Phone:" in messages[0]["details_text"] or not service["phone"]
    assert slot_events(events)["current_service"] == shown[1]


def test_number_from_the_text_alone(shown: list[str]) -> None:
    tracker = make_tracker(slots={"last_results": shown}, text="3", intent="service_details")
    messages, _ = run_action(ActionServiceDetails(), tracker)
    assert messages[0]["custom"]["service"]["id"] == shown[2]


def test_ordinal_word(shown: list[str]) -> None:
    tracker = make_tracker(
        slots={"last_results": shown},
        text="the second one",
        intent="service_details",
        entities=[entity("number", "2", "second")],
    )
    messages, _ = run_action(ActionServiceDetails(), tracker)
    assert messages[0]["custom"]["service"]["id"] == shown[1]


def test_number_out_of_range(shown: list[str]) -> None:
    tracker = make_tracker(slots={"last_results": shown}, text="details 9", intent="service_details")
    messages, _ = run_action(ActionServiceDetails(), tracker)
    assert responses(messages) == ["utter_no_such_service"]
    assert messages[0]["count"] == 3


def test_which_one(shown: list[str]) -> None:
    tracker = make_tracker(slots={"last_results": shown}, text="tell me more", intent="service_details")
    messages, _ = run_action(ActionServiceDetails(), tracker)
    assert responses(messages) == ["utter_which_service"]


def test_nothing_shown_yet() -> None:
    messages, _ = run_action(ActionServiceDetails(), make_tracker(text="details 1", intent="service_details"))
    assert responses(messages) == ["utter_no_list_yet"]


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ("ask_phone", {"utter_service_phone", "utter_service_no_phone"}),
        ("ask_opening_times", {"utter_service_opening", "utter_service_no_opening"}),
        ("ask_address", {"utter_service_address", "utter_service_no_address"}),
        ("ask_cost", {"utter_service_free", "utter_service_cost", "utter_service_cost_unknown"}),
    ],
)
def test_single_facts_about_the_current_service(shown: list[str], intent: str, expected: set[str]) -> None:
    tracker = make_tracker(
        slots={"last_results": shown, "current_service": shown[0]}, text="?", intent=intent
    )
    messages, _ = run_action(ActionServiceInfo(), tracker)
    assert len(messages) == 1
    assert messages[0]["response"] in expected
    assert messages[0]["name"]


def test_phone_of_a_food_bank(shown: list[str]) -> None:
    tracker = make_tracker(slots={"last_results": shown}, text="phone number for 1", intent="ask_phone")
    messages, _ = run_action(ActionServiceInfo(), tracker)
    assert messages[0]["response"] == "utter_service_phone"
    assert messages[0]["phone"].startswith("0161")
    # one fact in words: not marked as the full details, so the widget keeps the sentence
    assert "view" not in messages[0]["custom"]


def test_opening_times_are_listed_by_day(api: str) -> None:
    # Brinnington Food Bank opens Mondays and Thursdays, noon to 2pm, in the sample data
    _, events = run_action(
        ActionSearchServices(),
        make_tracker(slots={"need": "food", "place": "Brinnington", "need_query": "Brinnington Food Bank"}),
    )
    shown = slot_events(events)["last_results"]
    tracker = make_tracker(
        slots={"last_results": shown}, text="when is number 1 open", intent="ask_opening_times"
    )
    messages, _ = run_action(ActionServiceInfo(), tracker)
    if messages[0]["name"] == "Brinnington Food Bank":
        assert "Monday, Thursday noon–2pm" in messages[0]["schedule_text"]
