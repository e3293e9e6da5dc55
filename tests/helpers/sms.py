"""Posting to the SMS webhook the way Twilio does: form-encoded, signed with the real RequestValidator."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree

from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from web.sms.segments import count_segments

TOKEN = "test-twilio-token"
NUMBER = "+447700900123"
_sids = itertools.count(1)


def new_sid() -> str:
    return f"SM{next(_sids):032d}"


def twilio_params(body: str, *, number: str = NUMBER, sid: str | None = None) -> dict[str, str]:
    return {
        "MessageSid": sid or new_sid(),
        "AccountSid": "AC" + "1" * 32,
        "From": number,
        "To": "+447700900999",
        "Body": body,
        "NumMedia": "0",
    }


def post_signed(
    client: FlaskClient,
    params: dict[str, str],
    *,
    url: str = "http://localhost/sms/inbound",
    token: str = TOKEN,
    headers: dict[str, str] | None = None,
    base_url: str = "http://localhost",
    signature: str | None = None,
):
    signed = signature if signature is not None else RequestValidator(token).compute_signature(url, params)
    all_headers = {"X-Twilio-Signature": signed, **(headers or {})}
    return client.post("/sms/inbound", data=params, headers=all_headers, base_url=base_url)


def replies(response) -> list[str]:
    """The texts of a TwiML reply; every one must be within the 3-segment budget."""
    assert response.status_code == 200, response.data
    assert response.mimetype == "application/xml"
    texts = [m.text or "" for m in ElementTree.fromstring(response.data).iter("Message")]
    for text in texts:
        assert count_segments(text).count <= 3, f"over budget: {text!r}"
    return texts


def text(client: FlaskClient, body: str, *, number: str = NUMBER) -> list[str]:
    """One signed text from `number`; the replies."""
    return replies(post_signed(client, twilio_params(body, number=number)))
