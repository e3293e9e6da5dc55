"""Spreading conversations over assistant instances (web/assistants.py): each conversation keeps to one
instance, conversations spread over all of them, and an unreachable instance is passed over."""

from __future__ import annotations

import socket

import httpx
import pytest

from web import assistant_client, assistants
from web import config as web_config
from web.assistant_client import AssistantUnavailable
from web.assistants import Assistants, instances, never_delivered, parse_urls, resolve

URLS = ["http://127.0.0.1:5005", "http://127.0.0.1:5006", "http://127.0.0.1:5007"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def unreachable() -> AssistantUnavailable:
    """What the client raises when nothing answers the connection (the request was never sent)."""
    cls = getattr(assistant_client, "AssistantUnreachable", AssistantUnavailable)
    try:
        try:
            raise httpx.ConnectError("refused")
        except httpx.ConnectError:
            raise cls("ConnectError") from None
    except AssistantUnavailable as exc:
        return exc


def test_urls_are_read_comma_separated_without_blanks_duplicates_or_trailing_slashes():
    assert parse_urls(" http://a:5005/, ,http://b:5005,http://a:5005 ") == ["http://a:5005", "http://b:5005"]


def test_a_conversation_always_gets_the_same_instance_first():
    pool = Assistants(URLS)
    assert len({pool.order("web-" + "a" * 32)[0] for _ in range(20)}) == 1
    assert sorted(pool.order("web-" + "a" * 32)) == sorted(URLS)


def test_two_processes_with_the_same_instances_agree_whatever_order_they_were_given():
    senders = [f"web-{i:032x}" for i in range(50)]
    first, second = Assistants(URLS), Assistants(list(reversed(URLS)))
    assert [first.order(s) for s in senders] == [second.order(s) for s in senders]


def test_conversations_are_spread_over_every_instance():
    pool = Assistants(URLS)
    counts = dict.fromkeys(URLS, 0)
    for i in range(600):
        counts[pool.order(f"sms-{i}")[0]] += 1
    assert all(count > 120 for count in counts.values()), counts


def test_losing_an_instance_moves_only_the_conversations_it_had():
    senders = [f"web-{i:032x}" for i in range(300)]
    before = Assistants(URLS)
    after = Assistants(URLS[:2])
    for sender in senders:
        if before.order(sender)[0] != URLS[2]:
            assert after.order(sender)[0] == before.order(sender)[0]


def test_an_unreachable_instance_is_passed_over_and_goes_last_for_a_while():
    clock = Clock()
    pool = Assistants(URLS, clock=clock)
    sender = "web-" + "b" * 32
    own, other = pool.order(sender)[:2]
    asked: list[str] = []

    def ask(url: str) -> str:
        asked.append(url)
        if url == own:
            raise unreachable()
        return url

    assert pool.call(sender, ask) == other
    assert asked == [own, other]
    assert pool.order(sender)[-1] == own
    clock.now += assistants.DOWN_SECONDS + 1
    assert pool.order(sender)[0] == own


def test_an_instance_that_received_the_message_is_not_asked_again_elsewhere():
    pool = Assistants(URLS)
    asked: list[str] = []

    def ask(url: str) -> str:
        asked.append(url)
        raise AssistantUnavailable("deadline exceeded")

    with pytest.raises(AssistantUnavailable, match="deadline exceeded"):
        pool.call("web-" + "c" * 32, ask)
    assert len(asked) == 1


def test_when_no_instance_can_be_reached_the_last_failure_is_raised():
    pool = Assistants(URLS)

    def ask(url: str) -> str:
        raise unreachable()

    with pytest.raises(AssistantUnavailable) as raised:
        pool.call("sms-1", ask)
    assert never_delivered(raised.value)


def test_a_refused_connection_counts_as_never_delivered(closed_port_url):
    with pytest.raises(AssistantUnavailable) as raised:
        assistant_client.post_message(closed_port_url, sender="web-x", text="hello", metadata={}, timeout=2)
    assert never_delivered(raised.value)


def test_host_names_stand_for_every_address_when_resolving_is_on():
    clock = Clock()
    lookups: list[str] = []

    def resolver(url: str) -> list[str]:
        lookups.append(url)
        return ["http://10.0.0.3:5005", "http://10.0.0.2:5005"]

    pool = Assistants(["http://bot:5005"], resolve_hosts=True, clock=clock, resolver=resolver)
    assert set(pool.urls) == {"http://10.0.0.2:5005", "http://10.0.0.3:5005"}
    pool.order("web-1")
    assert len(lookups) == 1
    clock.now += assistants.RESOLVE_SECONDS + 1
    pool.order("web-1")
    assert len(lookups) == 2


def test_resolving_keeps_addresses_and_falls_back_to_the_name_it_cannot_resolve():
    assert resolve("http://127.0.0.1:5005") == ["http://127.0.0.1:5005"]
    assert resolve("http://no-such-host.invalid:5005") == ["http://no-such-host.invalid:5005"]
    found = resolve("http://localhost:5005")
    assert found and all(url.endswith(":5005") for url in found)
    addresses = {info[4][0] for info in socket.getaddrinfo("localhost", 5005, type=socket.SOCK_STREAM)}
    assert len(found) == len(addresses)


def test_without_rasa_urls_the_single_rasa_url_is_the_only_instance():
    config = web_config.TestConfig({"RASA_URL": "http://127.0.0.1:5999"})
    assert config.RASA_URLS == []
    assert instances(vars(config)).urls == ("http://127.0.0.1:5999",)


def test_rasa_urls_name_every_instance_and_rasa_url_is_the_first():
    config = web_config.TestConfig({"RASA_URLS": "http://127.0.0.1:5005, http://127.0.0.1:5006"})
    assert config.RASA_URL == "http://127.0.0.1:5005"
    assert instances(vars(config)).urls == ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
    assert instances(vars(config)) is instances(vars(config))
