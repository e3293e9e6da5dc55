"""The portal blueprint and the rules every portal response follows."""

from __future__ import annotations

from flask import Blueprint, Response

from . import auth

bp = Blueprint("portal", __name__, template_folder="../templates")
bp.before_request(auth.require_session)


@bp.after_request
def _private(response: Response) -> Response:
    """Portal pages are personal: never cached; reset links (tokens in the path) never sent as Referer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
