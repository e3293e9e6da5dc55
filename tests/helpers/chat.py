"""Talking to the chat relay in tests."""

from __future__ import annotations

import uuid
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

URL = "/chat/api/message"
# The fields of a service card, as the assistant sends them (bot/actions/formatting.py `service_card`).
CARD_FIELDS = {
    "index", "id", "name", "organisation", "next_opening", "next_opening_text", "open_now", "always_open",
    "phone", "address", "postcode", "distance_m", "neighbourhood", "neighbourhood_name", "scope", "free",
    "url", "is_sample",
}  # fmt: skip


def new_session() -> str:
    return uuid.uuid4().hex


def say(
    client: FlaskClient, message: Any, *, session: str | None = None, language: Any = "en", **headers: str
) -> TestResponse:
    body = {"session": session or new_session(), "message": message, "language": language}
    return client.post(URL, json=body, headers=headers)


def payloads(body: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["custom"] for r in body["replies"] if (r.get("custom") or {}).get("type") == kind]


def texts(body: dict[str, Any]) -> list[str]:
    return [r["text"] for r in body["replies"] if r.get("text")]
