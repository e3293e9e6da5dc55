"""What the relay accepts: bad input gets a JSON 4xx with a reason, never a 500; nothing typed is logged."""

from __future__ import annotations

import logging

import pytest

from tests.helpers.chat import URL, new_session, say

GOOD = {"session": "0123456789abcdef0123456789abcdef", "message": "food bank in Reddish", "language": "en"}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"message": None}, "message_required"),
        ({"message": ""}, "message_required"),
        ({"message": "   \n "}, "message_required"),
        ({"message": 42}, "message_required"),
        ({"message": "x" * 1001}, "message_too_long"),
        ({"session": None}, "invalid_session"),
        ({"session": "abc"}, "invalid_session"),
        ({"session": "0123456789ABCDEF0123456789ABCDEF"}, "invalid_session"),
        ({"session": "0123456789abcdef0123456789abcdeg"}, "invalid_session"),
        ({"session": "../../etc/passwd"}, "invalid_session"),
        ({"session": 12345}, "invalid_session"),
        ({"language": "fr"}, "invalid_language"),
        ({"language": "EN"}, "invalid_language"),
        ({"language": ["en"]}, "invalid_language"),
    ],
)
def test_bad_input_is_refused_with_a_json_400_saying_what_was_wrong(chat, assistant_down, change, error):
    body = {**GOOD, **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = chat.post(URL, json=body)
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["error"] == error
    assert response.get_json()["message"]


def test_a_body_that_is_not_a_json_object_is_refused_with_a_json_400(chat, assistant_down):
    for data, content_type in (
        ("not json", "application/json"),
        ("[1, 2]", "application/json"),
        ("message=hi", "application/x-www-form-urlencoded"),
    ):
        response = chat.post(URL, data=data, content_type=content_type)
        assert response.status_code == 400 and response.get_json()["error"] == "invalid_request"


def test_a_very_large_body_is_refused_with_a_json_413(chat, assistant_down):
    response = chat.post(URL, json={**GOOD, "message": "x" * 20_000})
    assert response.status_code == 413 and response.is_json


def test_a_get_is_answered_with_a_json_405(chat):
    response = chat.get(URL)
    assert response.status_code == 405 and response.is_json
    assert "POST" in response.headers["Allow"]


def test_a_message_of_exactly_1000_characters_is_accepted(chat, assistant_down):
    response = say(chat, "food " * 199 + "bank")
    assert len("food " * 199 + "bank") <= 1000
    assert response.status_code == 200
    response = say(chat, "a" * 1000)
    assert response.status_code == 200


def test_chat_responses_are_json_with_their_own_policy_and_never_cached(chat, assistant_down):
    response = say(chat, "food bank in Reddish")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers


def test_what_residents_type_is_never_logged(chat, assistant_down, caplog):
    caplog.set_level(logging.DEBUG)
    message = "my neighbour Zebedee Quixote needs a food bank in Reddish"
    say(chat, message)
    say(chat, "Zebedee Quixote" * 100)
    assert "Zebedee" not in caplog.text
    assert f"chars={len(message)}" in caplog.text  # lengths and outcomes are logged


def test_the_session_id_in_a_message_is_sent_on_as_the_web_channel_sender(chat, assistant_down, monkeypatch):
    from web.chat import relay

    seen = {}

    def fake_assistant(base_url, message, *, timeout, token, **_admission):
        seen.update(session=message.session, language=message.language, text=message.text, token=token)
        return [{"recipient_id": f"web-{message.session}", "text": "Hello"}]

    monkeypatch.setattr(relay, "ask_assistant", fake_assistant)
    session = new_session()
    body = say(chat, "hi\x00 there", session=session, language="pl").get_json()
    assert body == {"source": "assistant", "replies": [{"text": "Hello", "buttons": [], "custom": None}]}
    token = chat.application.config["RASA_TOKEN"]
    assert seen == {"session": session, "language": "pl", "text": "hi  there", "token": token}


def test_the_relay_reports_only_its_timings_in_server_timing(chat, assistant_down):
    timing = say(chat, "food bank in Reddish").headers["Server-Timing"]
    names = [part.strip().split(";")[0] for part in timing.split(",")]
    assert names == ["assistant", "queue", "relay"]
    assert all(";dur=" in part for part in timing.split(","))
