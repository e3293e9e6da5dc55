"""The chat relay the widget talks to: POST /chat/api/message {session, message, language}.

Thin view: input rules and the relay are in `relay.py`, the directory fallback in `fallback.py`, the
CORS origin rules in `origins.py`, the per-session and per-address limits in `web/ratelimit.py`.
"""

from __future__ import annotations

import math
import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException

from ..assistants import instances
from ..extensions import rate_limiter
from ..urls import public_site
from . import messages
from .origins import origin_allowed
from .relay import LANGUAGES, ChatInputError, parse_message, relay_message

bp = Blueprint("chat", __name__)

MAX_BODY_BYTES = 16 * 1024
# JSON only: nothing here may run as a page, be framed or load anything.
CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def _allowed(origin: str) -> bool:
    return origin_allowed(origin, public_site(), current_app.config.get("CHAT_ALLOWED_ORIGINS") or ())


@bp.after_request
def chat_headers(response: Response) -> Response:
    origin = request.headers.get("Origin")
    if origin and _allowed(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    response.vary.add("Origin")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _error(code: str, message: Any, status: int, language: str = "en") -> tuple[Response, int]:
    with force_locale(language if language in LANGUAGES else "en"):
        text = str(message)
    return jsonify(error=code, message=text), status


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Any:
    code = (exc.name or "error").lower().replace(" ", "_")
    return _error(code, messages.BAD_REQUEST, exc.code or 400)


@bp.route("/api/message", methods=["GET", "POST", "OPTIONS"])
def message() -> Any:
    if request.method == "OPTIONS":  # CORS preflight: the headers are added above for allowed origins
        return Response(status=204)
    arrived = time.monotonic()  # the assistant's deadline counts from here, its queue included
    if request.method == "GET":  # answered here so that it is JSON too
        response, status = _error("method_not_allowed", messages.BAD_REQUEST, 405)
        response.headers["Allow"] = "POST, OPTIONS"
        return response, status
    origin = request.headers.get("Origin")
    if origin and not _allowed(origin):
        return _error("origin_not_allowed", messages.ORIGIN_NOT_ALLOWED, 403)
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _error("too_large", messages.BAD_REQUEST, 413)
    request.max_content_length = MAX_BODY_BYTES
    try:
        incoming = parse_message(request.get_json(silent=True))
    except ChatInputError as exc:
        return jsonify(error=exc.code, message=exc.text()), 400
    config = current_app.config
    for name, key, limit in (
        ("chat-session", incoming.session, "CHAT_RATE_LIMIT_SESSION"),
        ("chat-client", request.remote_addr or "unknown", "CHAT_RATE_LIMIT_CLIENT"),
    ):
        wait = rate_limiter.hit(name, key, limit)
        if wait is not None:
            response, status = _error("rate_limited", messages.RATE_LIMITED, 429, incoming.language)
            response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            return response, status
    answer = relay_message(
        incoming,
        assistants=instances(config),
        rasa_token=config.get("RASA_TOKEN", ""),
        timeout=float(config["CHAT_RASA_TIMEOUT"]),
        site_url=public_site(),
        contact=config.get("COUNCIL_CONTACT", ""),
        max_in_flight=int(config.get("ASSISTANT_MAX_IN_FLIGHT", 4)),
        arrived=arrived,
    )
    response = jsonify(answer.as_json())
    # Timings only (no content): lets clients and `make bench-web` see the relay's own share. The wait
    # for the assistant includes the wait for a place in its queue, which is also given on its own.
    response.headers["Server-Timing"] = (
        f"assistant;dur={answer.assistant_ms or 0:.1f}, queue;dur={answer.queue_ms:.1f}, "
        f"relay;dur={answer.total_ms:.1f}"
    )
    return response
