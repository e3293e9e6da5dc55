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
    assert not [r for r in first if (r.get("custom") or {}).get("type") == "services"]
    assert any("where" in t.lower() or "postcode" in t.lower() for t in texts(first))
    second = stack.say(sender, "SK5 6")
    assert custom(second, "services")["need"] == "money"


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
        ("en", "I want to kill myself"),
        ("pl", "chcę się zabić"),
        ("ur", "میں خودکشی کرنا چاہتا ہوں"),
        ("ur", "mera dil karta hai khudkushi kar loon"),
        ("ar", "أريد أن أنتحر"),
    ],
)
def test_a_crisis_message_gets_the_crisis_response_first_in_its_language(
    stack: Stack, language: str, message: str
) -> None:
    replies = stack.say(new_sender(), message)
    first = replies[0]
    assert first["text"] == catalogue_text("utter_crisis_intro", language)
    numbers = {h["phone"] for h in custom(replies, "crisis")["helplines"] if h.get("phone")}
    assert {"999", "116 123"} <= numbers


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
