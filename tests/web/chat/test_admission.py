"""Admission to the assistant through the chat relay: a busy assistant is waited for in turn, first
come first served, until the deadline counted from the message's arrival; only then does the directory
answer, as an ordinary answer. A crisis message never waits. Places are given back however a call ends.

The assistant is a stand-in (tests/helpers/stand_in_assistant.py); "busy" is a place held by the test."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from around_here_safety import assess

from tests.helpers.chat import payloads, say, texts
from tests.helpers.stand_in_assistant import ANSWER, StandIn, stand_in_assistant, until
from web import admission
from web.assistant_client import AssistantBusy, Timing, post_message

FAR = 3600.0  # a deadline no test reaches


@pytest.fixture(autouse=True)
def fresh_gates() -> Iterator[None]:
    admission.gates.clear()
    yield
    admission.gates.clear()


@pytest.fixture
def assistant_one_place(app, monkeypatch) -> Iterator[StandIn]:
    """The relay's assistant is a stand-in with room for one message in flight."""
    with stand_in_assistant() as stand_in:
        monkeypatch.setitem(app.config, "RASA_URL", stand_in.url)
        monkeypatch.setitem(app.config, "RASA_URLS", [])
        monkeypatch.setitem(app.config, "ASSISTANT_MAX_IN_FLIGHT", 1)
        yield stand_in


def timing(response, name: str) -> float:
    for part in response.headers["Server-Timing"].split(","):
        key, _, value = part.strip().partition(";dur=")
        if key == name:
            return float(value)
    raise AssertionError(f"no {name} in Server-Timing")


# The gate itself


def test_places_are_given_in_the_order_the_waiters_came():
    gate = admission.Gate(1)
    gate.enter(time.monotonic() + FAR)
    served: list[str] = []

    def waiter(name: str) -> None:
        with gate.admitted(time.monotonic() + FAR):
            served.append(name)

    threads = []
    for count, name in enumerate("ABCD", start=1):
        threads.append(thread := threading.Thread(target=waiter, args=(name,)))
        thread.start()
        until(lambda count=count: gate.stats().waiting == count)
    gate.leave()
    for thread in threads:
        thread.join(timeout=20)
    assert served == ["A", "B", "C", "D"]
    assert gate.stats().in_flight == 0


def test_a_waiter_still_in_line_at_its_deadline_is_refused_and_counted():
    gate = admission.Gate(1)
    gate.enter(time.monotonic() + FAR)
    with pytest.raises(admission.Overflow) as refused:
        gate.enter(time.monotonic() + 0.05)
    assert refused.value.waited > 0
    stats = gate.stats()
    assert (stats.in_flight, stats.waiting, stats.overflows) == (1, 0, 1)


def test_a_deadline_already_passed_is_refused_without_waiting():
    gate = admission.Gate(1)
    gate.enter(time.monotonic() + FAR)
    with pytest.raises(admission.Overflow) as refused:
        gate.enter(time.monotonic() - 1)
    assert refused.value.waited == 0


def test_a_caller_that_must_not_wait_takes_a_free_place_or_is_refused_at_once():
    gate = admission.Gate(2)
    assert gate.enter(time.monotonic() + FAR, wait=False) == 0
    gate.enter(time.monotonic() + FAR)
    with pytest.raises(admission.Overflow):
        gate.enter(time.monotonic() + FAR, wait=False)
    assert gate.stats().overflows == 1


def test_a_place_is_given_back_however_the_block_ends():
    gate = admission.Gate(1)
    with pytest.raises(ValueError), gate.admitted(time.monotonic() + FAR):
        raise ValueError("the call failed")
    assert gate.stats().in_flight == 0
    assert gate.enter(time.monotonic(), wait=False) == 0


def test_a_raised_bound_lets_the_waiters_in_at_once():
    gate = admission.Gate(1)
    gate.enter(time.monotonic() + FAR)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(gate.enter, time.monotonic() + FAR)
        until(lambda: gate.stats().waiting == 1)
        gate.limit = 2
        waiting.result(timeout=20)
    assert gate.stats().in_flight == 2


def test_each_instance_has_its_own_gate():
    one = admission.gates.gate("http://10.0.0.1:5005/", 1)
    assert admission.gates.gate("http://10.0.0.1:5005", 1) is one
    assert admission.gates.gate("http://10.0.0.2:5005", 1) is not one


# The client: deadlines count from arrival


def test_the_deadline_counts_from_the_arrival_not_from_joining_the_queue(assistant_one_place):
    assistant_one_place.gate(1).enter(time.monotonic() + FAR)
    spent = Timing()
    with pytest.raises(AssistantBusy):
        post_message(
            assistant_one_place.url,
            sender="web-" + "a" * 32,
            text="food bank in Reddish",
            metadata={},
            timeout=4,
            arrived=time.monotonic() - 5,  # came 5 s ago: its 4 s are already spent
            max_in_flight=1,
            timing=spent,
        )
    assert spent.queue_ms == 0
    assert assistant_one_place.senders == []


# Through the relay


def test_a_message_behind_a_busy_assistant_is_answered_by_it_when_its_turn_comes(
    chat, app, assistant_one_place, monkeypatch
):
    monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", 30)
    gate = assistant_one_place.gate(1)
    gate.enter(time.monotonic() + FAR)  # another message in flight
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(say, chat, "food bank in Reddish")
        until(lambda: gate.stats().waiting == 1)
        gate.leave()
        response = pending.result(timeout=30)
    assert response.status_code == 200
    body = response.get_json()
    assert body["source"] == "assistant"
    assert texts(body) == [ANSWER]
    assert timing(response, "queue") > 0
    assert gate.stats().overflows == 0


def test_a_message_still_queued_at_its_deadline_is_answered_by_the_directory(
    chat, app, assistant_one_place, monkeypatch
):
    monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", 0.3)
    gate = assistant_one_place.gate(1)
    gate.enter(time.monotonic() + FAR)
    response = say(chat, "food bank in Reddish")
    assert response.status_code == 200
    body = response.get_json()
    assert body["source"] == "directory"
    assert payloads(body, "services")
    assert timing(response, "queue") > 0
    assert assistant_one_place.senders == []
    stats = gate.stats()
    assert (stats.in_flight, stats.waiting, stats.overflows) == (1, 0, 1)


CRISIS = [
    ("en", "i have a rope ready and im doing it tonight"),
    ("en", "had suicidal thoughts again last night, no plans"),
    ("pl", "mam przygotowany sznur, dziś w nocy się powieszę"),
    ("ar", "أفكر في الانتحار أحيانًا"),
]


@pytest.mark.parametrize(
    ("language", "message"), CRISIS, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(CRISIS)]
)
def test_a_crisis_message_never_waits_and_gets_the_same_crisis_answer_as_when_the_assistant_is_down(
    chat, app, assistant_one_place, monkeypatch, language, message
):
    monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", FAR)  # waiting would hang the test
    gate = assistant_one_place.gate(1)
    gate.enter(time.monotonic() + FAR)
    busy = say(chat, message, language=language).get_json()
    assert busy["source"] == "directory"
    assert assistant_one_place.senders == []
    gate.leave()
    assistant_one_place.failing = True  # down: the directory answers
    down = say(chat, message, language=language).get_json()
    assert down["source"] == "directory"
    assert busy["replies"][0] == down["replies"][0]
    assert busy["replies"][0]["custom"]["tier"] == assess(message).tier
    assert gate.stats().in_flight == 0


def test_a_crisis_message_goes_to_the_assistant_when_a_place_is_free(chat, assistant_one_place):
    body = say(chat, "i have a rope ready and im doing it tonight").get_json()
    assert body["source"] == "assistant"
    assert len(assistant_one_place.senders) == 1


def test_the_place_is_given_back_when_the_assistant_fails(chat, assistant_one_place):
    assistant_one_place.failing = True
    assert say(chat, "food bank in Reddish").get_json()["source"] == "directory"
    assistant_one_place.failing = False
    assert say(chat, "food bank in Reddish").get_json()["source"] == "assistant"
    stats = assistant_one_place.gate(1).stats()
    assert (stats.in_flight, stats.admitted, stats.overflows) == (0, 2, 0)


def test_the_place_is_given_back_when_the_assistant_times_out(chat, app, monkeypatch):
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        monkeypatch.setitem(app.config, "RASA_URL", url)
        monkeypatch.setitem(app.config, "RASA_URLS", [])
        monkeypatch.setitem(app.config, "ASSISTANT_MAX_IN_FLIGHT", 1)
        monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", 0.3)
        for _ in range(2):  # the second would be refused at once if the first kept its place
            assert say(chat, "food bank in Reddish").get_json()["source"] == "directory"
    stats = admission.gates.gate(url, 1).stats()
    assert (stats.in_flight, stats.admitted, stats.overflows) == (0, 2, 0)
