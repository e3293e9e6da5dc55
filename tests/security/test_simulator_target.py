"""The development SMS simulator signs and posts only to our own PUBLIC_URL, whatever host the page was
asked under: a forged Host header must not turn it into a request-forging proxy."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.helpers.sms import TOKEN
from web.sms import simulator

EVIL = "evil.example"
TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_the_simulator_asked_under_a_forged_host_posts_to_our_own_public_url(
    app: Flask,
    client: FlaskClient,
    rollback_app_session: Session,
    live_server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "SMS_SIMULATOR", True)
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_server)
    targets: list[str] = []
    real_send = simulator.send_signed

    def recording_send(url: str, params: dict[str, str], token: str) -> list[str]:
        targets.append(url)
        return real_send(url, params, token)

    monkeypatch.setattr(simulator, "send_signed", recording_send)
    form = client.get("/sms/simulator", base_url=f"http://{EVIL}").get_data(as_text=True)
    token = TOKEN_FIELD.search(form).group(1)
    response = client.post(
        "/sms/simulator",
        data={"csrf_token": token, "body": "HELP"},
        base_url=f"http://{EVIL}",
        headers={"X-Forwarded-Host": EVIL},
    )
    assert response.status_code in (302, 303)
    assert targets == [f"{live_server}/sms/inbound"]
    page = client.get("/sms/simulator", base_url=f"http://{EVIL}").get_data(as_text=True)
    assert "116 123" in page, "the real webhook at PUBLIC_URL answered"
