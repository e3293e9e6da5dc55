"""The relay with several assistant instances (RASA_URLS), one of them stopped: every conversation is
answered by the assistant, the ones whose own instance is stopped by the next one in their order, and
a conversation stays with the instance that took it over."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.helpers.chat import new_session, payloads, say
from web.assistants import instances


@pytest.fixture
def one_instance_stopped(app: Flask, assistant: str, closed_port_url: str) -> Iterator[tuple[str, str]]:
    """(the running instance, the stopped one), both in RASA_URLS."""
    saved = app.config.get("RASA_URLS")
    app.config["RASA_URLS"] = [closed_port_url, assistant]
    yield assistant, closed_port_url
    app.config["RASA_URLS"] = saved


def test_conversations_whose_instance_is_stopped_are_answered_by_the_other(chat, app, one_instance_stopped):
    _, stopped = one_instance_stopped
    pool = instances(app.config)
    moved: list[str] = []
    kept: list[str] = []
    while len(moved) < 5 or len(kept) < 5:
        session = new_session()
        (moved if pool.order(f"web-{session}")[0] == stopped else kept).append(session)
    for session in moved[:5] + kept[:5]:
        body = say(chat, "food bank in Reddish", session=session).get_json()
        assert body["source"] == "assistant", session
        assert payloads(body, "services")


def test_a_conversation_carries_on_with_the_instance_that_took_it_over(chat, app, one_instance_stopped):
    _, stopped = one_instance_stopped
    pool = instances(app.config)
    session = next(s for s in iter(new_session, None) if pool.order(f"web-{s}")[0] == stopped)
    first = payloads(say(chat, "food bank in Edgeley", session=session).get_json(), "services")[0]
    assert first["pages"] >= 2
    more = say(chat, "more", session=session).get_json()
    assert more["source"] == "assistant"
    assert payloads(more, "services")[0]["services"][0]["index"] == 4
