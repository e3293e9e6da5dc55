"""A real SMTP server on this machine (aiosmtpd) that keeps what it receives, for the mail tests."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

__all__ = ["mailbox", "smtp_server"]


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, _Collector]]:
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture
def mailbox(app: Flask, smtp_server: tuple[Controller, _Collector]) -> Iterator[list[Message]]:
    """The messages the app sends during this test (parsed), delivered through the local server."""
    controller, collector = smtp_server
    collector.messages.clear()
    collector.envelopes.clear()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    try:
        yield collector.messages
    finally:
        app.config.update(saved)
