"""Per-session and per-address limits: a polite JSON 429 once a limit is reached."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from tests.helpers.chat import new_session, say
from web.chat import messages
from web.ratelimit import parse_limit


def test_a_session_sending_too_fast_gets_a_polite_429_and_other_sessions_carry_on(
    chat, app, assistant_down, monkeypatch
):
    monkeypatch.setitem(app.config, "CHAT_RATE_LIMIT_SESSION", "3/60")
    session = new_session()
    for _ in range(3):
        assert say(chat, "hello", session=session).status_code == 200
    refused = say(chat, "hello", session=session)
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "rate_limited"
    assert "wait a moment" in refused.get_json()["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert say(chat, "hello").status_code == 200


def test_one_address_sending_too_fast_is_limited_across_sessions(chat, app, assistant_down, monkeypatch):
    monkeypatch.setitem(app.config, "CHAT_RATE_LIMIT_CLIENT", "4/60")
    statuses = [say(chat, "hello").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = chat.post(
        "/chat/api/message",
        json={"session": new_session(), "message": "hello", "language": "en"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 200


def test_the_429_message_is_in_the_language_of_the_conversation(chat, app, assistant_down, monkeypatch):
    monkeypatch.setitem(app.config, "CHAT_RATE_LIMIT_SESSION", "1/60")
    session = new_session()
    say(chat, "cześć", session=session, language="pl")
    refused = say(chat, "cześć", session=session, language="pl")
    assert refused.status_code == 429
    with app.app_context(), force_locale("pl"):
        assert refused.get_json()["message"] == str(messages.RATE_LIMITED)


@pytest.mark.parametrize("spec", ["0/60", "5/0", "five/60", "5", "5/0.5"])
def test_a_malformed_limit_is_refused(spec):
    with pytest.raises(ValueError):
        parse_limit(spec)
