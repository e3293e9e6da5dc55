"""Whole conversations through the REST channel, as the web widget and SMS gateway use it: the trained
model in a real Rasa server, the real action server, and the directory app with its sample data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from actions.i18n import text as catalogue_text
from scripts.stack import APP_FLASK, Stack, StackError

MODEL = Path(__file__).resolve().parents[2] / "models" / "around-here.tar.gz"


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL}: run `make train` in bot/ (scripts/ci.sh trains first)")
    if not APP_FLASK.exists():
        pytest.skip(f"the directory app's environment is missing ({APP_FLASK}): run `make setup`")
    try:
        with Stack.start(model=MODEL) as running:
            yield running
    except StackError as error:
        pytest.fail(str(error))


def texts(replies: list[dict]) -> list[str]:
    return [r["text"] for r in replies if r.get("text")]


def custom(replies: list[dict], kind: str) -> dict:
    found = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == kind]
    assert found, f"no {kind!r} payload in {replies}"
    return found[0]


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex}"


def test_a_need_and_a_place_in_one_message_get_three_nearby_services_at_once(stack: Stack) -> None:
    replies = stack.say(new_sender(), "is there a food bank in Reddish")
    results = custom(replies, "services")
    assert results["need"] == "food"
    assert len(results["services"]) == 3
    assert [s["index"] for s in results["services"]] == [1, 2, 3]
    assert all(s["name"] and s["id"] for s in results["services"])
    # the text says the same as the cards: every service named
    joined = "\n".join(texts(replies))
    assert all(s["name"] in joined for s in results["services"])


def test_the_assistant_asks_where_and_then_answers_for_the_need_it_was_told(stack: Stack) -> None:
    sender = new_sender()
    first = stack.say(sender, "I'm skint and can't pay my bills")
    # useful on the first turn: the borough-wide and national services for the need, then the question
    wide = custom(first, "services")
    assert wide["need"] == "money" and wide["scope"] == "wide" and wide["services"]
    assert {s["scope"] for s in wide["services"]} <= {"borough", "national"}
    assert any("where" in t.lower() or "postcode" in t.lower() for t in texts(first))
    second = custom(stack.say(sender, "SK5 6"), "services")
    assert second["need"] == "money" and second.get("scope") != "wide"


def test_a_need_and_a_lower_case_place_get_local_results_at_once(stack: Stack) -> None:
    local = custom(stack.say(new_sender(), "debt advice in bramhall"), "services")
    assert local["need"] == "money" and local["place"]


def test_more_pages_on_and_details_of_a_numbered_service_give_the_full_entry(stack: Stack) -> None:
    sender = new_sender()
    first = custom(stack.say(sender, "food bank in Edgeley"), "services")
    assert first["pages"] >= 2
    more = custom(stack.say(sender, "more"), "services")
    assert more["page"] == 2
    assert more["services"][0]["index"] == 4
    assert {s["id"] for s in more["services"]}.isdisjoint({s["id"] for s in first["services"]})
    details = custom(stack.say(sender, "details of number 2"), "service")
    assert details["service"]["id"] == first["services"][1]["id"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "I'm going to kill myself tonight"),
        ("pl", "dziś w nocy się zabiję, mam już tabletki"),
        ("ur", "میں آج رات خودکشی کر لوں گا، گولیاں تیار ہیں"),
        ("ur", "main aaj raat khudkushi kar loon ga, goliyan tayyar hain"),
        ("ar", "سأنتحر الليلة، الحبوب جاهزة"),
    ],
)
def test_an_urgent_message_gets_999_first_in_its_language(stack: Stack, language: str, message: str) -> None:
    replies = stack.say(new_sender(), message, language=language)  # as the widget and SMS send it
    first = replies[0]
    assert first["text"] == catalogue_text("utter_crisis_intro", language)
    payload = custom(replies, "crisis")
    assert payload["tier"] == "urgent"
    numbers = [h["phone"] for h in payload["helplines"] if h.get("phone")]
    assert numbers[0] == "999" and "116 123" in numbers


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "I want to kill myself"),
        ("pl", "chcę się zabić"),
        ("ur", "mera dil karta hai khudkushi kar loon"),
        ("ar", "أريد أن أنتحر"),
    ],
)
def test_a_wish_to_die_without_a_plan_gets_the_listening_lines_and_are_you_safe(
    stack: Stack, language: str, message: str
) -> None:
    replies = stack.say(new_sender(), message, language=language)
    assert replies[0]["text"] == catalogue_text("utter_crisis_supportive", language)
    payload = custom(replies, "crisis")
    assert payload["tier"] == "supportive"
    assert "999" not in {h.get("phone") for h in payload["helplines"]}
    assert any(r.get("text") == catalogue_text("utter_crisis_are_you_safe", language) for r in replies)


def test_only_joking_after_an_urgent_message_does_not_lower_the_conversations_risk(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "i have a rope ready and im doing it tonight")
    stack.say(sender, "only joking lol")
    replies = stack.say(sender, "i just feel hopeless")
    assert custom(replies, "crisis")["tier"] == "urgent"


def test_a_crisis_in_the_middle_of_a_search_comes_before_anything_else(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "I need help with food")
    replies = stack.say(sender, "my partner is hitting me right now")
    assert replies[0]["text"] == catalogue_text("utter_crisis_intro", "en")
    assert "0808 2000 247" in "\n".join(texts(replies))


def test_the_channel_language_makes_every_reply_polish(stack: Stack) -> None:
    sender = new_sender()
    greeting = stack.say(sender, "hello", language="pl")
    assert texts(greeting)[0] == catalogue_text("utter_greet", "pl")
    results = stack.say(sender, "bank żywności w Reddish", language="pl")
    assert custom(results, "services")["need"] == "food"
    english_hint = catalogue_text("utter_results_hint_more", "en")
    assert english_hint not in texts(results)
    assert catalogue_text("utter_results_hint_more", "pl") in texts(results)


def test_a_resident_who_writes_in_arabic_is_answered_in_arabic_without_choosing(stack: Stack) -> None:
    replies = stack.say(new_sender(), "مرحبا")
    assert texts(replies)[0] == catalogue_text("utter_greet", "ar")


def test_something_the_assistant_cannot_help_with_gets_the_fallback_not_a_guess(stack: Stack) -> None:
    replies = stack.say(new_sender(), "who won the football last night")
    assert not [r for r in replies if (r.get("custom") or {}).get("type") == "services"]
    assert texts(replies)
