"""The search actions against the real directory app (sample data)."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.common import NEED_SLUGS
from actions.directory_client import directory
from actions.search import (
    ActionAnswerNo,
    ActionAnswerYes,
    ActionAskNeed,
    ActionAskPlace,
    ActionMoreResults,
    ActionPrepareSearch,
    ActionSearchServices,
    ValidateSearchForm,
    ValidateSlotMappings,
)
from tests.conftest import DOMAIN, entity, make_tracker, responses, run_action, slot_events

SERVICE_KEYS = {
    "id",
    "name",
    "organisation",
    "next_opening",
    "phone",
    "address",
    "distance_m",
    "neighbourhood",
    "url",
}


def validate(method: str, value, tracker):
    dispatcher = CollectingDispatcher()

    async def go():
        try:
            return await getattr(ValidateSearchForm(), method)(value, dispatcher, tracker, DOMAIN)
        finally:
            await directory().close()

    return asyncio.run(go()), dispatcher.messages


def test_food_bank_in_reddish(api: str) -> None:
    tracker = make_tracker(slots={"need": "food", "place": "Reddish", "need_query": "food bank"})
    messages, events = run_action(ActionSearchServices(), tracker)
    assert responses(messages) == ["utter_results_near", "utter_results_hint_more"]
    first = messages[0]
    assert first["place_label"] == "Reddish (Tame Valley)"
    assert first["need_label"] == "food"
    assert "1. " in first["results_text"] and "3. " in first["results_text"]
    payload = first["custom"]
    assert payload["type"] == "services"
    assert len(payload["services"]) == 3
    for service in payload["services"]:
        assert SERVICE_KEYS <= set(service)
        assert service["distance_m"] is not None
    # the resident's words rank food banks first
    assert "Food Bank" in payload["services"][0]["name"]
    slots = slot_events(events)
    assert slots["results"]["page"] == 1 and slots["results"]["pages"] > 1
    assert slots["last_results"] == [s["id"] for s in payload["services"]]
    assert slots["pending_offer"] == "more"


def test_more_results_continue_the_numbering(api: str) -> None:
    first_messages, first_events = run_action(
        ActionSearchServices(), make_tracker(slots={"need": "food", "place": "Reddish"})
    )
    state = slot_events(first_events)
    tracker = make_tracker(slots={"results": state["results"], "last_results": state["last_results"]})
    messages, events = run_action(ActionMoreResults(), tracker)
    assert responses(messages)[0] == "utter_results_more"
    assert messages[0]["results_text"].startswith("4. ")
    assert [s["index"] for s in messages[0]["custom"]["services"]] == [4, 5, 6]
    slots = slot_events(events)
    assert slots["results"]["page"] == 2
    assert len(slots["last_results"]) == 6
    assert slots["last_results"][:3] == state["last_results"]


def test_yes_after_results_means_more(api: str) -> None:
    _, first_events = run_action(
        ActionSearchServices(), make_tracker(slots={"need": "money", "place": "SK5 6FP"})
    )
    state = slot_events(first_events)
    tracker = make_tracker(slots={**state, "need": "money"}, intent="affirm", text="yes")
    messages, _ = run_action(ActionAnswerYes(), tracker)
    assert responses(messages)[0] == "utter_results_more"


def test_more_without_a_search(api: str) -> None:
    messages, _ = run_action(ActionMoreResults(), make_tracker())
    assert responses(messages) == ["utter_nothing_to_page"]


def test_outside_stockport_says_so_first(api: str) -> None:
    messages, _ = run_action(
        ActionSearchServices(), make_tracker(slots={"need": "food", "place": "Wilmslow"})
    )
    assert responses(messages)[:2] == ["utter_out_of_area", "utter_results_near"]
    assert messages[1]["custom"]["in_area"] is False


def test_no_results_is_honest_and_offers_the_whole_borough(api: str) -> None:
    tracker = make_tracker(slots={"need": "xylophone zither lessons", "place": "Marple"})
    messages, events = run_action(ActionSearchServices(), tracker)
    assert responses(messages) == ["utter_no_results"]
    assert slot_events(events)["pending_offer"] == "boroughwide"


def test_no_results_anywhere_gives_the_council_route(api: str) -> None:
    messages, _ = run_action(ActionSearchServices(), make_tracker(slots={"need": "xylophone zither lessons"}))
    assert responses(messages) == ["utter_no_results_anywhere"]
    assert messages[0]["council_phone"]


def test_yes_to_the_whole_borough(api: str) -> None:
    tracker = make_tracker(
        slots={"pending_offer": "boroughwide", "results": {"need": "legal"}, "need": "legal"}
    )
    messages, _ = run_action(ActionAnswerYes(), tracker)
    assert responses(messages)[0] == "utter_results_all"


def test_directory_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket_closed_port() as port:
        monkeypatch.setenv("DIRECTORY_API_URL", f"http://127.0.0.1:{port}/api")
        monkeypatch.setenv("DIRECTORY_TIMEOUT_SECONDS", "2")
        messages, events = run_action(
            ActionSearchServices(), make_tracker(slots={"need": "food", "place": "Reddish"})
        )
    assert responses(messages) == ["utter_directory_unreachable"]
    assert messages[0]["council_phone"] and messages[0]["council_url"]


class socket_closed_port:
    """A local port with nothing listening."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        port = self.sock.getsockname()[1]
        self.sock.close()
        return port

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("Reddish", "Reddish (Tame Valley)"),
        ("redish", "Reddish (Tame Valley)"),
        ("sk5 6fp", "SK5 6FP (Tame Valley)"),
        ("ریڈش", "Reddish (Tame Valley)"),
        ("I live in Reddish, near the park", "Reddish (Tame Valley)"),
    ],
)
def test_validate_place_resolves(api: str, value: str, label: str) -> None:
    result, messages = validate("validate_place", value, make_tracker(text=value, intent="inform_place"))
    assert result["place_label"] == label
    assert messages == []


def test_validate_place_unknown(api: str) -> None:
    result, messages = validate(
        "validate_place", "Narnia", make_tracker(text="Narnia", intent="inform_place")
    )
    assert result == {"place": None}
    assert responses(messages) == ["utter_place_unknown"]


def test_validate_place_near_me(api: str) -> None:
    tracker = make_tracker(
        text="food bank near me", intent="find_help", entities=[entity("place", "near me")]
    )
    result, messages = validate("validate_place", "near me", tracker)
    assert result == {"place": None, "near_me": True}
    ask, _ = run_action(ActionAskPlace(), make_tracker(slots={"near_me": True}))
    assert responses(ask) == ["utter_ask_place_near_me"]


def test_validate_place_joins_split_entities(api: str) -> None:
    text = "help in Cheadle Hulme"
    tracker = make_tracker(
        text=text,
        intent="find_help",
        entities=[entity("place", "Cheadle", message=text), entity("place", "Hulme", message=text)],
    )
    result, _ = validate("validate_place", "Hulme", tracker)
    assert result["place"] == "Cheadle Hulme"


@pytest.mark.parametrize(("value", "need"), [("food", "food"), ("fodbank", "food"), ("skint", "money")])
def test_validate_need(api: str, value: str, need: str) -> None:
    result, _ = validate("validate_need", value, make_tracker(text=value, intent="find_help"))
    assert result["need"] == need


def test_validate_need_keeps_the_residents_words(api: str) -> None:
    text = "is there a food bank in Reddish"
    tracker = make_tracker(
        text=text, intent="find_help", entities=[entity("need", "food", "food bank", text)]
    )
    result, _ = validate("validate_need", "food", tracker)
    assert result == {"need": "food", "need_query": "food bank"}


def test_validate_need_not_understood(api: str) -> None:
    text = "tell me a joke about penguins"
    result, messages = validate("validate_need", text, make_tracker(text=text, intent="nlu_fallback"))
    assert result["need"] is None and result["need_unplaced"] is True
    assert messages == []  # the form asks: action_ask_need says it is not sure, with the needs
    ask, events = run_action(ActionAskNeed(), make_tracker(slots={"need_unplaced": True}))
    assert responses(ask) == ["utter_need_not_sure"]
    assert slot_events(events) == {"need_unplaced": None}


RAW_NEEDS = [
    "كتابة السيرة الذاتية",  # Arabic: writing a CV
    "xylophone zither lessons",
    "tell me a joke about penguins",
    "food bank",
    "Mental health",
    "fodbank",
    "warm hub",
    "szukam pracy",
    "/find_help",
    "   ",
]


@pytest.mark.parametrize("value", RAW_NEEDS)
@pytest.mark.parametrize("validator", ["slot_mappings", "form"])
def test_the_need_slot_only_ever_holds_a_need_slug(api: str, value: str, validator: str) -> None:
    """Wherever the need slot is set from what the NLU or the resident gave, it is one of the 16 slugs
    or empty: never the resident's words, which used to be sent to the search as they were."""
    tracker = make_tracker(
        text=f"{value} في Edgeley",
        intent="find_help",
        entities=[entity("need", value, message=f"{value} في Edgeley")],
    )
    if validator == "form":
        result, _ = validate("validate_need", value, tracker)
    else:
        dispatcher = CollectingDispatcher()

        async def go():
            try:
                return await ValidateSlotMappings().validate_need(value, dispatcher, tracker, DOMAIN)
            finally:
                await directory().close()

        result = asyncio.run(go())
    assert result["need"] is None or result["need"] in NEED_SLUGS
    if result["need"] is None and value.strip():
        assert result["need_unplaced"] is True


@pytest.mark.parametrize(
    ("intent", "raw"), [("out_of_scope", "women's aid"), ("find_help", "كتابة السيرة الذاتية")]
)
def test_slot_mapping_validation_clears_raw_words_whatever_the_intent(
    api: str, intent: str, raw: str
) -> None:
    """action_validate_slot_mappings runs after every message's slot extraction (not only in the form),
    and `need` is validated there although one of its mappings is conditioned on the form."""
    from rasa_sdk import Tracker

    text = f"{raw} Stockport"
    domain = {
        "slots": {
            "need": {
                "type": "text",
                "mappings": [
                    {"type": "from_entity", "entity": "need"},
                    {
                        "type": "from_text",
                        "conditions": [{"active_loop": "search_form", "requested_slot": "need"}],
                    },
                ],
            },
            "need_query": {"type": "text", "mappings": [{"type": "custom"}]},
            "need_unplaced": {"type": "bool", "mappings": [{"type": "custom"}]},
        },
        "forms": {"search_form": {"required_slots": ["need", "place"]}},
    }
    latest = {"text": text, "intent": {"name": intent}, "entities": [entity("need", raw, message=text)]}
    tracker = Tracker(
        sender_id="test",
        slots={"need": raw, "language": "en"},
        latest_message=latest,
        events=[
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": text, "parse_data": latest},
            {"event": "slot", "name": "need", "value": raw},
        ],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    _, events = run_action(ValidateSlotMappings(), tracker, domain)
    need = slot_events(events)["need"]
    assert need is None or need in NEED_SLUGS


def test_the_arabic_cv_request_never_searches_with_raw_words(api: str) -> None:
    text = "أحتاج مساعدة في كتابة السيرة الذاتية"
    raw = "كتابة السيرة الذاتية"
    tracker = make_tracker(text=text, intent="find_help", entities=[entity("need", raw, message=text)])
    result, _ = validate("validate_need", raw, tracker)
    assert result["need"] in (None, "employment")
    # the slot mappings' validation runs for every message, in the form or not
    prepare, events = run_action(
        ActionPrepareSearch(), make_tracker(slots={"need": raw}, text=text, intent="find_help")
    )
    assert slot_events(events).get("need", "unset") in (None, "employment")


def test_need_not_placed_gets_the_list_not_services(api: str) -> None:
    text = "xylophone zither lessons"
    tracker = make_tracker(text=text, intent="find_help", entities=[entity("need", text, message=text)])
    messages, events = run_action(ActionAskNeed(), tracker)
    assert responses(messages) == ["utter_need_not_sure"]


def test_need_not_sure_has_the_needs_as_buttons_in_every_language() -> None:
    import yaml

    from tests.conftest import BOT

    generated = yaml.safe_load((BOT / "domain" / "responses_generated.yml").read_text(encoding="utf-8"))
    variations = generated["responses"]["utter_need_not_sure"]
    languages = {"en"} | {c["value"] for v in variations for c in v.get("condition", [])}
    assert languages == {"en", "pl", "ur", "ar"}
    for variation in variations:
        payloads = [b["payload"] for b in variation["buttons"]]
        assert payloads == [f'/find_help{{"need":"{slug}"}}' for slug in NEED_SLUGS]
    assert variations[0]["text"].startswith("I'm not sure which kind of help you mean")


def test_plain_ask_for_a_need_when_none_was_named() -> None:
    messages, _ = run_action(ActionAskNeed(), make_tracker(text="I need help", intent="find_help"))
    assert responses(messages) == ["utter_ask_need"]


@pytest.mark.parametrize("language", ["en", "pl", "ur", "ar"])
def test_a_need_without_a_place_gets_borough_and_national_services_at_once(api: str, language: str) -> None:
    tracker = make_tracker(slots={"need": "mental-health", "language": language}, intent="find_help")
    messages, events = run_action(ActionAskPlace(), tracker)
    assert responses(messages) == ["utter_results_wide", "utter_ask_place_local"]
    payload = messages[0]["custom"]
    assert payload["type"] == "services" and payload["scope"] == "wide"
    assert 1 <= len(payload["services"]) <= 3
    assert {s["scope"] for s in payload["services"]} <= {"borough", "national"}
    assert [s["index"] for s in payload["services"]] == list(range(1, len(payload["services"]) + 1))
    slots = slot_events(events)
    assert slots["results"]["mode"] == "wide" and slots["results"]["need"] == "mental-health"
    assert slots["last_results"] == [s["id"] for s in payload["services"]]
    assert slots["pending_offer"] is None
    # asked again (an unknown place, say): the question only, the services are not repeated
    again, _ = run_action(ActionAskPlace(), make_tracker(slots={"need": "mental-health", **slots}))
    assert responses(again) == ["utter_ask_place"]


def test_every_need_gets_something_on_the_first_turn(api: str) -> None:
    got = {}
    for slug in NEED_SLUGS:
        messages, _ = run_action(ActionAskPlace(), make_tracker(slots={"need": slug}))
        got[slug] = responses(messages)[0]
    assert [slug for slug, first in got.items() if first != "utter_results_wide"] == []


def test_near_me_gets_wide_services_then_the_postcode_question(api: str) -> None:
    messages, _ = run_action(ActionAskPlace(), make_tracker(slots={"need": "food", "near_me": True}))
    assert responses(messages) == ["utter_results_wide", "utter_ask_place_near_me"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("services for older people in bramhall", "bramhall"),
        ("warm space open on saturday in edgeley", "edgeley"),
    ],
)
def test_prepare_search_finds_a_lower_case_place(api: str, text: str, place: str) -> None:
    """The NLU can miss a place written in lower case: the directory reads the message too."""
    tracker = make_tracker(text=text, intent="find_help", entities=[entity("need", "older-people")])
    _, events = run_action(ActionPrepareSearch(), tracker)
    assert slot_events(events)["place"].casefold() == place


def test_prepare_search_takes_a_need_the_directory_reads(api: str) -> None:
    tracker = make_tracker(text="is there a food bank in reddish", intent="find_help")
    _, events = run_action(ActionPrepareSearch(), tracker)
    slots = slot_events(events)
    assert slots["need"] == "food"
    assert slots["place"].casefold() == "reddish"


def test_prepare_search_forgets_an_old_need_for_a_new_request(api: str) -> None:
    tracker = make_tracker(slots={"need": "food"}, text="I need help", intent="find_help")
    _, events = run_action(ActionPrepareSearch(), tracker)
    assert slot_events(events)["need"] is None


def test_prepare_search_keeps_the_need_for_a_new_place() -> None:
    tracker = make_tracker(
        slots={"need": "food"}, text="Marple", intent="inform_place", entities=[entity("place", "Marple")]
    )
    _, events = run_action(ActionPrepareSearch(), tracker)
    assert "need" not in slot_events(events)


def test_yes_to_local_support_without_a_place_asks_where() -> None:
    tracker = make_tracker(slots={"pending_offer": "local_support", "need": "mental-health"}, intent="affirm")
    messages, events = run_action(ActionAnswerYes(), tracker)
    assert responses(messages) == ["utter_ask_place"]
    assert slot_events(events)["pending_offer"] is None


def test_yes_and_no_with_nothing_offered() -> None:
    messages, _ = run_action(ActionAnswerYes(), make_tracker(intent="affirm"))
    assert responses(messages) == ["utter_how_can_i_help"]
    messages, events = run_action(
        ActionAnswerNo(), make_tracker(slots={"pending_offer": "more"}, intent="deny")
    )
    assert responses(messages) == ["utter_anything_else"]
    assert slot_events(events)["pending_offer"] is None


def test_results_in_polish(api: str) -> None:
    tracker = make_tracker(slots={"need": "food", "place": "Reddish", "language": "pl"})
    messages, _ = run_action(ActionSearchServices(), tracker)
    assert messages[0]["need_label"] == "„Jedzenie”"
    assert "Tel" in messages[0]["results_text"]
