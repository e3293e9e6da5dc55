"""The webhook accepts only Twilio-signed requests and follows the channel's rules (no assistant:
RASA_URL points at a closed port, so answers come from the directory fallback)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.models import SmsInbound, SmsSender
from tests.helpers.sms import NUMBER, TOKEN, post_signed, replies, text, twilio_params


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sms(app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "RASA_URL", f"http://127.0.0.1:{closed_port()}")
    yield client


def stored(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SmsInbound)) or 0


def test_a_correctly_signed_request_gets_a_twiml_answer_from_the_directory_when_the_assistant_is_down(
    sms: FlaskClient,
) -> None:
    [reply] = text(sms, "food bank in Reddish")
    lines = reply.split("\n")
    assert lines[0].startswith("Sorry, the assistant isn't available")
    assert [line[:2] for line in lines if line[:1].isdigit()] == ["1 ", "2 ", "3 "]
    assert lines[-1] == "Reply 1-3 for details, MORE for more, HELP for help."


def test_a_signature_computed_with_the_default_port_in_the_url_is_accepted(sms: FlaskClient) -> None:
    params = twilio_params("help")
    response = post_signed(
        sms, params, url="https://sms.example.org:443/sms/inbound", base_url="https://sms.example.org"
    )
    assert "116 123" in replies(response)[0]


def test_behind_a_trusted_proxy_the_public_url_is_rebuilt_from_forwarded_headers(
    app: Flask, sms: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = twilio_params("help")
    public = "https://help.example.org/sms/inbound"
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "help.example.org"}
    assert post_signed(sms, params, url=public, headers=forwarded).status_code == 403  # proxy not trusted
    monkeypatch.setitem(app.config, "TRUSTED_PROXY_COUNT", 1)
    assert "116 123" in replies(post_signed(sms, twilio_params("help"), url=public, headers=forwarded))[0]


@pytest.mark.parametrize(
    "tamper",
    ["body", "token", "missing", "url"],
)
def test_a_tampered_or_unsigned_request_is_refused_and_changes_nothing(
    sms: FlaskClient, rollback_app_session: Session, tamper: str
) -> None:
    before = stored(rollback_app_session)
    params = twilio_params("food bank in Reddish")
    if tamper == "body":
        signed = twilio_params("food bank in Reddish", sid=params["MessageSid"])
        from twilio.request_validator import RequestValidator

        signature = RequestValidator(TOKEN).compute_signature("http://localhost/sms/inbound", signed)
        params["Body"] = "something else"
        response = post_signed(sms, params, signature=signature)
    elif tamper == "token":
        response = post_signed(sms, params, token="not-the-token")
    elif tamper == "missing":
        response = sms.post("/sms/inbound", data=params)
    else:
        response = post_signed(sms, params, url="http://localhost/other")
    assert response.status_code == 403
    assert stored(rollback_app_session) == before


def test_a_twilio_retry_of_the_same_message_never_gets_a_second_reply(sms: FlaskClient) -> None:
    params = twilio_params("help")
    assert replies(post_signed(sms, params))
    assert replies(post_signed(sms, params)) == []


def test_stop_silences_everything_until_start(sms: FlaskClient) -> None:
    assert text(sms, "STOP") == []
    assert text(sms, "food bank in Reddish") == []
    assert text(sms, "HELP") == []
    [back] = text(sms, "START")
    assert "again" in back
    assert text(sms, "help")


def test_help_says_what_the_service_is_and_gives_the_crisis_numbers(sms: FlaskClient) -> None:
    [reply] = text(sms, "HELP")
    assert "Around Here" in reply and "999" in reply and "116 123" in reply


def test_exit_sends_nothing_back_and_starts_an_unlinkable_conversation(
    sms: FlaskClient, rollback_app_session: Session
) -> None:
    text(sms, "LANG PL")
    assert text(sms, "EXIT") == []
    [person] = rollback_app_session.scalars(select(SmsSender)).all()
    assert person.epoch == 1
    assert person.language is None


def test_lang_changes_the_language_the_sender_is_answered_in(
    sms: FlaskClient, rollback_app_session: Session
) -> None:
    [reply] = text(sms, "LANG PL")
    [person] = rollback_app_session.scalars(select(SmsSender)).all()
    assert person.language == "pl"
    assert reply
    [unknown] = text(sms, "LANG XX")
    assert "LANG PL" in unknown


def test_a_sender_over_the_limit_is_told_once_and_then_hears_nothing(
    app: Flask, sms: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SMS_LIMIT_PER_SENDER_HOUR", 2)
    assert text(sms, "help") and text(sms, "help")
    [slow_down] = text(sms, "help")
    assert "999" in slow_down
    assert text(sms, "help") == []
    # another sender is not affected
    assert text(sms, "help", number="+447700900456")


def test_the_phone_number_is_never_stored(sms: FlaskClient, rollback_app_session: Session) -> None:
    text(sms, "help")
    text(sms, "LANG AR")
    rows = [
        *rollback_app_session.scalars(select(SmsSender)),
        *rollback_app_session.scalars(select(SmsInbound)),
    ]
    dumped = " ".join(str(vars(row)) for row in rows)
    assert rows
    assert NUMBER not in dumped and NUMBER[1:] not in dumped and "7700900123" not in dumped


def test_a_crisis_message_gets_helplines_first_even_without_the_assistant(sms: FlaskClient) -> None:
    first = text(sms, "I want to kill myself tonight, I have the pills ready")[0]
    assert "999" in first.split("\n")[0]
    assert "116123" in first.replace(" ", "")
    assert "If you or someone else is in danger" in first
