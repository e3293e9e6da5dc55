"""Error responses: proper pages in the reader's language, JSON for the APIs.

API blueprints handle errors raised in their own views; this handles the rest (unknown paths, wrong
methods, a refused CSRF token, failures), answering JSON under the API prefixes and HTML elsewhere.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Paths answered in JSON; another JSON surface adds its prefix to app.config["JSON_ERROR_PATH_PREFIXES"].
JSON_PATH_PREFIXES: tuple[str, ...] = ("/api/",)
TEMPLATES = {400: "errors/400.html", 404: "errors/404.html", 500: "errors/500.html"}
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def wants_json() -> bool:
    prefixes = current_app.config.get("JSON_ERROR_PATH_PREFIXES", JSON_PATH_PREFIXES)
    return request.path.startswith(tuple(prefixes))


def _json_error(exc: HTTPException) -> Response:
    code = exc.code or 500
    if code == 404:
        response = jsonify(error="not_found", message="No such resource.")
    else:
        response = jsonify(error=(exc.name or "error").lower().replace(" ", "_"), message=exc.description)
    response.status_code = code
    response.headers["Access-Control-Allow-Origin"] = "*"
    return _keep_headers(exc, response)


def _keep_headers(exc: HTTPException, response: Response) -> Response:
    """Headers the error itself needs (Allow on a 405, Retry-After on a 429 or 503)."""
    for key, value in exc.get_headers():
        if key in _KEPT_HEADERS:
            response.headers[key] = value
    return response


def _html_error(exc: HTTPException) -> Response:
    code = exc.code or 500
    template = TEMPLATES.get(code, "errors/error.html")
    try:
        body = render_template(template, code=code, csrf_failed=isinstance(exc, CSRFError))
    except Exception:  # never let an error page turn into a second failure
        log.exception("could not render the error page for %s", code)
        body = f"Error {code}"
    return _keep_headers(exc, Response(body, status=code, mimetype="text/html"))


def handle_http_exception(exc: HTTPException) -> Any:
    if (exc.code or 500) >= 500:
        log.error("%s on %s %s", exc.code, request.method, request.path)
    return _json_error(exc) if wants_json() else _html_error(exc)


def init_app(app: Flask) -> None:
    app.config.setdefault("JSON_ERROR_PATH_PREFIXES", JSON_PATH_PREFIXES)
    app.register_error_handler(HTTPException, handle_http_exception)
