"""The portal's shared email helper."""

from __future__ import annotations

import logging
import smtplib

from web.extensions import mailer
from web.portal.common import send_email


def test_a_refused_email_is_reported_as_false_and_logged_without_the_address(monkeypatch, caplog):
    def refuse(**_kwargs):
        raise smtplib.SMTPRecipientsRefused({"person@example.org": (550, b"no such user")})

    monkeypatch.setattr(mailer, "send", refuse)
    with caplog.at_level(logging.INFO):
        sent = send_email(to="person@example.org", subject="Hello", lines=["Hi"], what="test")
    assert sent is False
    assert "SMTPRecipientsRefused" in caplog.text
    assert "person@example.org" not in caplog.text
