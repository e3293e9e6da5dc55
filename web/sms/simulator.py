"""A phone on screen for development: type as a resident would, and the page posts a correctly signed
request to the real webhook (over HTTP, through the same signature check) and shows the TwiML replies
as texts. Only when SMS_SIMULATOR is on (development); a 404 otherwise. The fake number and the
conversation live in the developer's own session cookie."""

from __future__ import annotations

import secrets
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from typing import Any

from flask import abort, current_app, redirect, render_template, request, session, url_for
from twilio.request_validator import RequestValidator

from ..urls import public_url
from . import bp

SIMULATED_NUMBER = "+447700900000"  # Ofcom's drama range: never a real phone
MAX_SHOWN = 40


@bp.before_request
def simulator_only_in_development() -> None:
    if (
        request.endpoint
        and request.endpoint.startswith("sms.simulator")
        and not current_app.config.get("SMS_SIMULATOR")
    ):
        abort(404)


def send_signed(url: str, params: dict[str, str], token: str) -> list[str]:
    """POST `params` to the webhook as Twilio would; the texts of its TwiML reply."""
    signature = RequestValidator(token).compute_signature(url, params)
    request_ = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request_, timeout=20) as response:
        root = ElementTree.fromstring(response.read())
    return [(element.text or "") for element in root.iter("Message")]


@bp.get("/simulator")
def simulator() -> str:
    return render_template("sms/simulator.html", conversation=session.get("sms_simulator", []))


@bp.post("/simulator")
def simulator_send() -> Any:
    body = (request.form.get("body") or "").strip()[:1600]
    conversation = list(session.get("sms_simulator", []))
    if body:
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": "AC" + "0" * 32,
            "From": request.form.get("number") or SIMULATED_NUMBER,
            "To": "+447700900999",
            "Body": body,
            "NumMedia": "0",
        }
        replies = send_signed(
            public_url("sms.inbound"), params, current_app.config["TWILIO_AUTH_TOKEN"]
        )
        conversation += [{"from": "resident", "text": body}] + [
            {"from": "service", "text": r} for r in replies
        ]
    session["sms_simulator"] = conversation[-MAX_SHOWN:]
    return redirect(url_for("sms.simulator") + "#latest")


@bp.post("/simulator/clear")
def simulator_clear() -> Any:
    session.pop("sms_simulator", None)
    return redirect(url_for("sms.simulator"))
