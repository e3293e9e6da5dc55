"""A cap on every request body, enforced before anything reads it.

`MAX_CONTENT_LENGTH` (1 MB by default) is the app-wide cap; a view that takes uploads may raise it for
itself with `request.max_content_length`. A declared length over the cap is refused with 413 before any
view, form parser or CSRF check touches the body, so a 300 MB post costs no memory. A body with no
declared length (chunked) gets 411: werkzeug would silently cut it at the cap, and a cut form is a
wrong form. Browsers, Twilio and our widget always declare the length.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import LengthRequired, RequestEntityTooLarge


def refuse_oversized_body() -> None:
    if request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        raise LengthRequired()
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def init_app(app: Flask) -> None:
    # First of all before-request functions: nothing may parse a body this refuses.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized_body)
