"""The embeddable chat widget: its script, its strings and a demo host page.

Council sites embed it with one tag:

    <script src="https://HOST/widget/widget.js" data-language="en" async></script>

The script (web/static/widget/widget.js, plain JavaScript, no build step) draws everything in a Shadow
DOM and talks to /chat/api/message; its strings come from /widget/strings/<lang>.json (`strings.py`).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from .strings import LANGUAGES, widget_strings

bp = Blueprint("widget", __name__, template_folder="../templates")

STATIC = Path(__file__).resolve().parent.parent / "static" / "widget"
# The script and strings are loaded by other sites' pages: nothing of ours runs as a document there.
ASSET_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# The demo page: our own script and stylesheet only; the widget talks to our own origin.
DEMO_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
MAX_AGE = 3600  # the embed URL is fixed, so clients revalidate (ETag) after an hour


def _asset_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = ASSET_CSP
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@functools.lru_cache(maxsize=4)
def _script(mtime_ns: int) -> tuple[bytes, str]:
    data = (STATIC / "widget.js").read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:32]


@bp.get("/widget.js")
def script() -> Response:
    data, etag = _script((STATIC / "widget.js").stat().st_mtime_ns)
    response = Response(data, mimetype="text/javascript")  # text/javascript; charset=utf-8
    response.set_etag(etag)
    response.make_conditional(request)
    return _asset_headers(response)


@bp.get("/strings/<lang>.json")
def strings(lang: str) -> Any:
    if lang not in LANGUAGES:
        response = jsonify(error="not_found", message=f"No strings for language {lang[:10]!r}.")
        response.status_code = 404
        return _asset_headers(response)
    return _asset_headers(jsonify(widget_strings(lang)))


@bp.get("/demo")
def demo() -> Response:
    response = current_app.make_response(render_template("widget/demo.html"))
    response.headers["Content-Security-Policy"] = DEMO_CSP
    return response
