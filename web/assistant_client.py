"""The assistant (Rasa's REST channel and HTTP API), as the chat relay and the SMS webhook reach it.

Standard library HTTP with short timeouts: a slow assistant must never hold a resident (or Twilio's
15-second webhook limit) hostage. Errors become `AssistantUnavailable` with a reason that never contains
what the resident wrote.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

MAX_REPLY_BYTES = 512 * 1024
# Rasa is an internal service: never send its traffic through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class AssistantUnavailable(RuntimeError):
    """The assistant did not give a usable answer; the message says how (never what was said)."""


def _post(url: str, payload: Any, timeout: float, token: str = "") -> bytes:
    if token:  # `rasa run --auth-token`: the HTTP API refuses requests without it
        url += "?" + urllib.parse.urlencode({"token": token})
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            raw = response.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise AssistantUnavailable(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        raise AssistantUnavailable(type(exc).__name__) from None
    if len(raw) > MAX_REPLY_BYTES:
        raise AssistantUnavailable("reply too large")
    return raw


def post_message(
    base_url: str, *, sender: str, text: str, metadata: dict[str, Any], timeout: float, token: str = ""
) -> list[Any]:
    """One message through the REST channel; the raw replies (a non-empty list)."""
    raw = _post(
        f"{base_url.rstrip('/')}/webhooks/rest/webhook",
        {"sender": sender, "message": text, "metadata": metadata},
        timeout,
        token,
    )
    try:
        replies = json.loads(raw)
    except ValueError:
        raise AssistantUnavailable("reply is not JSON") from None
    if not isinstance(replies, list) or not replies:
        raise AssistantUnavailable("no replies")
    return replies


def forget(base_url: str, *, sender: str, timeout: float, token: str = "") -> None:
    """Restart a conversation (Rasa HTTP API, `rasa run --enable-api --auth-token`): slots and history
    are dropped."""
    path = urllib.parse.quote(sender, safe="")
    url = f"{base_url.rstrip('/')}/conversations/{path}/tracker/events"
    _post(url, [{"event": "restart"}], timeout, token)
