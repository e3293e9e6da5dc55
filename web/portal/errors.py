"""How the portal answers the directory's errors, in one place.

A view runs its change in a unit of work (`web.transaction`) and lets the rules' errors out: "not found"
(including another organisation's record, never revealed) is a 404 page and "not allowed" a 403 page,
as `abort` would give. A `ValidationError` is the person's to fix: the view catches it and shows its
form again with `error_items(exc)`, a 400; a view with its own page for a dead link catches `NotFound`
itself. A rate limit is a 429 with the page's form and one error (`rate_limited`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import gettext
from werkzeug.exceptions import Forbidden, NotFound

from directory.errors import ValidationError
from directory.portal import archive, joining, reports, revisions

from .blueprint import bp

NOT_FOUND: tuple[type[Exception], ...] = (
    revisions.NotFound,
    joining.NotFound,
    archive.NotFound,
    reports.ReportNotFound,
)
NOT_ALLOWED: tuple[type[Exception], ...] = (
    revisions.NotAllowed,
    joining.NotAllowed,
    archive.NotAllowed,
    reports.NotAllowed,
)


def error_items(exc: ValidationError) -> list[dict[str, str | None]]:
    """A rule's errors as the templates' error summary wants them, translated."""
    return [{"message": gettext(message), "field": field} for field, message in exc.errors.items()]


def rate_limited(wait: float, message: str, page: Callable[[list[dict[str, str | None]]], str]) -> Any:
    """Too many tries from here: `page` (given its errors) with `message` as its one error, a 429 that
    says when to try again."""
    response = current_app.make_response((page([{"message": message, "field": None}]), 429))
    response.headers["Retry-After"] = str(int(wait) + 1)
    return response


def _not_found(exc: Exception) -> Any:
    return current_app.handle_http_exception(NotFound())


def _not_allowed(exc: Exception) -> Any:
    return current_app.handle_http_exception(Forbidden())


for _error in NOT_FOUND:
    bp.register_error_handler(_error, _not_found)
for _error in NOT_ALLOWED:
    bp.register_error_handler(_error, _not_allowed)
