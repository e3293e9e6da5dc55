"""Admission to the assistant through the SMS webhook: a text behind a busy assistant waits its turn
until the deadline counted from the webhook's call (SMS_RASA_TIMEOUT, within Twilio's 15 s), then gets
the directory's answer in the same TwiML response; a crisis text never waits.

The assistant is a stand-in (tests/helpers/stand_in_assistant.py); "busy" is a place held by the test."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.safety.channels import sms_reply_tier
from tests.helpers.sms import TOKEN, post_signed, replies, text, twilio_params
from tests.helpers.stand_in_assistant import ANSWER, StandIn, stand_in_assistant, until
from web import admission
from web.sms import budget

FAR = 3600.0
UNAVAILABLE = "Sorry, the assistant isn't available"


@pytest.fixture(autouse=True)
def fresh_gates() -> Iterator[None]:
    admission.gates.clear()
    yield
    admission.gates.clear()


@pytest.fixture
def assistant_one_place(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    with stand_in_assistant() as stand_in:
        monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
        monkeypatch.setitem(app.config, "RASA_URL", stand_in.url)
        monkeypatch.setitem(app.config, "RASA_URLS", [])
        monkeypatch.setitem(app.config, "ASSISTANT_MAX_IN_FLIGHT", 1)
        yield stand_in


def _number() -> str:
    return f"+4477009{secrets.randbelow(10**5):05d}"


def _queue_ms(response) -> float:
    for part in response.headers["Server-Timing"].split(","):
        name, _, value = part.strip().partition(";dur=")
        if name == "queue":
            return float(value)
    raise AssertionError("no queue in Server-Timing")


def test_the_assistant_deadline_counts_from_the_webhook_call():
    assert budget.assistant_deadline(8.0, started=100.0, now=103.0) == pytest.approx(108.0)
    # never past what the reply budget leaves, whatever is configured
    limit = budget.REPLY_WITHIN_S - budget.LOCK_WAIT_S - budget.FALLBACK_RESERVE_S
    assert budget.assistant_deadline(30.0, started=100.0, now=101.0) == pytest.approx(100.0 + limit)
    # and never less than the least worth asking for
    assert budget.assistant_deadline(8.0, started=100.0, now=107.9) == pytest.approx(
        107.9 + budget.MIN_ASSISTANT_S
    )


def test_a_text_behind_a_busy_assistant_is_answered_by_it_when_its_turn_comes(
    app: Flask, client: FlaskClient, assistant_one_place: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SMS_RASA_TIMEOUT", 8)
    gate = assistant_one_place.gate(1)
    gate.enter(time.monotonic() + FAR)  # another message in flight
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(post_signed, client, twilio_params("food bank in Reddish", number=_number()))
        until(lambda: gate.stats().waiting == 1)
        gate.leave()
        response = pending.result(timeout=30)
    assert replies(response) == [ANSWER]
    assert _queue_ms(response) > 0
    assert gate.stats().overflows == 0


def test_a_text_still_queued_at_its_deadline_is_answered_by_the_directory(
    app: Flask, client: FlaskClient, assistant_one_place: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SMS_RASA_TIMEOUT", 0.3)
    gate = assistant_one_place.gate(1)
    gate.enter(time.monotonic() + FAR)
    response = post_signed(client, twilio_params("food bank in Reddish", number=_number()))
    [reply] = replies(response)  # a 200 with TwiML, not an error
    assert reply.startswith(UNAVAILABLE)
    assert "Reply 1-3" in reply
    assert _queue_ms(response) > 0
    assert assistant_one_place.senders == []
    stats = gate.stats()
    assert (stats.in_flight, stats.waiting, stats.overflows) == (1, 0, 1)


@pytest.mark.parametrize(
    "message",
    [
        "i have a rope ready and im doing it tonight",
        "had suicidal thoughts again last night, no plans",
        "mam przygotowany sznur, dziś w nocy się powieszę",
    ],
)
def test_a_crisis_text_never_waits_and_gets_the_same_reply_as_when_the_assistant_is_down(
    app: Flask,
    client: FlaskClient,
    assistant_one_place: StandIn,
    monkeypatch: pytest.MonkeyPatch,
    message: str,
) -> None:
    monkeypatch.setitem(app.config, "SMS_RASA_TIMEOUT", 8)
    gate = assistant_one_place.gate(1)
    gate.enter(time.monotonic() + FAR)
    number = _number()
    response = post_signed(client, twilio_params(message, number=number))
    busy = replies(response)
    assert _queue_ms(response) == 0
    assert assistant_one_place.senders == []
    gate.leave()
    assistant_one_place.failing = True
    down = text(client, message, number=number)
    assert busy == down
    assert sms_reply_tier(busy) != "none"
    assert gate.stats().in_flight == 0


def test_the_place_is_given_back_when_the_assistant_fails(
    client: FlaskClient, assistant_one_place: StandIn
) -> None:
    assistant_one_place.failing = True
    [reply] = text(client, "food bank in Reddish", number=_number())
    assert reply.startswith(UNAVAILABLE)
    assistant_one_place.failing = False
    assert text(client, "food bank in Reddish", number=_number()) == [ANSWER]
    stats = assistant_one_place.gate(1).stats()
    assert (stats.in_flight, stats.admitted, stats.overflows) == (0, 2, 0)
