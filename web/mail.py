"""Sending email over SMTP (standard library), as a small Flask extension.

Settings are read from the app's config when a message is sent: MAIL_SERVER, MAIL_PORT, MAIL_FROM,
MAIL_USE_TLS (STARTTLS with certificate checks), and MAIL_USERNAME / MAIL_PASSWORD when the relay needs
them. Tests point MAIL_SERVER and MAIL_PORT at a local aiosmtpd server (tests/plugins/mail.py).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any


class Mailer:
    def __init__(self) -> None:
        self._config: Any = None

    def init_app(self, app: Any) -> None:
        self._config = app.config
        app.config.setdefault("MAIL_SERVER", "localhost")
        app.config.setdefault("MAIL_PORT", 25)
        app.config.setdefault("MAIL_FROM", "Around Here <no-reply@localhost>")
        app.config.setdefault("MAIL_USE_TLS", False)
        app.config.setdefault("MAIL_USERNAME", "")
        app.config.setdefault("MAIL_PASSWORD", "")
        app.config.setdefault("MAIL_TIMEOUT", 10.0)
        app.extensions["mailer"] = self

    def build(self, *, to: str, subject: str, body: str) -> EmailMessage:
        """A plain-text message; header values cannot carry new lines (no header injection)."""
        if any(c in value for value in (to, subject) for c in "\r\n"):
            raise ValueError("a header value cannot contain a line break")
        message = EmailMessage()
        sender = str(self._config["MAIL_FROM"])
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
        message.set_content(body)
        return message

    def send(self, *, to: str, subject: str, body: str) -> None:
        """Send one message; raises smtplib.SMTPException or OSError when the relay cannot be reached."""
        assert self._config is not None, "Mailer.init_app was not called"
        message = self.build(to=to, subject=subject, body=body)
        config = self._config
        with smtplib.SMTP(
            str(config["MAIL_SERVER"]), int(config["MAIL_PORT"]), timeout=float(config["MAIL_TIMEOUT"])
        ) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(str(config["MAIL_USERNAME"]), str(config["MAIL_PASSWORD"]))
            smtp.send_message(message)
