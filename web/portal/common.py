"""Helpers shared by the portal's views: the clock, rate limits, roles and moderators' decisions.

Email is `web.emails`; answering the directory's errors is `errors`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, request, url_for

from directory.models import User
from directory.portal import accounts

from ..extensions import rate_limiter
from ..transaction import transaction
from . import auth
from .forms import DecisionForm

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


def too_many(name: str, config_key: str) -> float | None:
    return rate_limiter.hit(name, request.remote_addr or "unknown", config_key)


def signed_in_user() -> User:
    """The signed-in user (every non-public view runs after `auth.require_session`)."""
    user = auth.current_user()
    if user is None:  # pragma: no cover - require_session has redirected already
        abort(401)
    return user


def moderator() -> User:
    """The signed-in user if they may moderate; 403 otherwise."""
    user = auth.current_user()
    if user is None or not accounts.can_moderate(user):
        abort(403)
    return user


def moderate(decide: Callable[[User, str], Any], *, done: Any, endpoint: str) -> Any:
    """A moderator's decision posted with a `DecisionForm`: `decide(moderator, note)` in one unit of
    work, then `done` as a notice on the list at `endpoint`: a sentence, or a function making the notice
    from what `decide` returned (read inside the unit of work, before the session lets it go).
    Its errors are the caller's to answer."""
    user = moderator()
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    with transaction():
        result = decide(user, form.note.data or "")
        notice = done(result) if callable(done) else done
    flash(notice, "notice")
    return redirect(url_for(endpoint), code=303)
