"""The development simulator signs like Twilio and talks to the real webhook; the retention command
purges old SMS records but keeps opt-outs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import SmsInbound, SmsSender
from directory.models.base import utcnow
from tests.helpers.pages import check_page
from tests.helpers.sms import TOKEN, text
from web.sms.simulator import send_signed


def test_the_simulator_is_not_there_outside_development(client: FlaskClient) -> None:
    assert client.get("/sms/simulator").status_code == 404


def test_the_simulator_page_is_a_valid_page_in_development(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "SMS_SIMULATOR", True)
    response = client.get("/sms/simulator")
    assert response.status_code == 200
    check_page(response.data)


def test_the_simulator_posts_correctly_signed_requests_the_real_webhook_accepts(
    app: Flask, rollback_app_session: Session, live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    params = {"MessageSid": "SM" + "5" * 32, "From": "+447700900000", "To": "+447700900999", "Body": "HELP"}
    [reply] = send_signed(f"{live_server}/sms/inbound", params, TOKEN)
    assert "116 123" in reply
    with pytest.raises(Exception, match="403"):
        send_signed(f"{live_server}/sms/inbound", {**params, "MessageSid": "SM" + "6" * 32}, "wrong-token")


def test_purge_removes_old_records_and_idle_senders_but_keeps_opt_outs(
    app: Flask, client: FlaskClient, rollback_app_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    text(client, "HELP", number="+447700900301")
    text(client, "STOP", number="+447700900302")
    text(client, "HELP", number="+447700900303")
    long_ago = utcnow() - timedelta(days=45)
    inbound = rollback_app_session.scalars(select(SmsInbound)).all()
    for row in inbound:
        row.received_at = long_ago
    senders = rollback_app_session.scalars(select(SmsSender)).all()
    recent = {s.sender_hash for s in senders if s.sender_hash == max(s.sender_hash for s in senders)}
    for row in senders:
        if row.sender_hash not in recent:
            row.last_seen = long_ago
    rollback_app_session.commit()
    old_hashes = {row.sender_hash for row in senders if row.sender_hash not in recent}
    opted_out = {row.sender_hash for row in senders if row.opted_out}
    assert opted_out and old_hashes - opted_out

    result = app.test_cli_runner().invoke(args=["sms", "purge", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert f"removed {len(inbound)} message ids and {len(old_hashes - opted_out)} senders" in result.output
    remaining = {row.sender_hash for row in rollback_app_session.scalars(select(SmsSender))}
    assert opted_out <= remaining
    assert recent <= remaining
    assert not (old_hashes - opted_out) & remaining
    assert rollback_app_session.scalars(select(SmsInbound)).all() == []
