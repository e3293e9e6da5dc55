"""Who is signed in to the portal: the session keeps the user's id and a stamp of their password hash.

Signing in clears the session first (a fresh session and CSRF token, so a planted session cannot be
carried over), keeping only the reader's language. Changing the password changes the stamp, which ends
every other session of that account. Every portal view needs a session unless marked `public`
(`require_session` runs before each one); `login_required` says the same on a single view.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, g, redirect, request, session, url_for

from directory.accounts import session_stamp
from directory.models import User

from ..extensions import database
from ..i18n import SESSION_KEY as LANGUAGE_KEY

USER_KEY = "portal_user"
STAMP_KEY = "portal_stamp"
PENDING_KEY = "portal_pending"  # the right password was given; the one-time code is still to come
PENDING_SECONDS = 300
F = TypeVar("F", bound=Callable[..., Any])


def current_user() -> User | None:
    """The signed-in, active user for this request, or None (a stale session is forgotten)."""
    if "portal_current_user" in g:
        return g.portal_current_user
    user = None
    user_id = session.get(USER_KEY)
    if isinstance(user_id, str):
        found = database.session.get(User, user_id)
        if found is not None and found.is_active and session.get(STAMP_KEY) == session_stamp(found):
            user = found
        else:
            _forget()
    g.portal_current_user = user
    return user


def _forget() -> None:
    session.pop(USER_KEY, None)
    session.pop(STAMP_KEY, None)


def _clear_keeping_language() -> None:
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def sign_in(user: User) -> None:
    _clear_keeping_language()
    session[USER_KEY] = user.id
    session[STAMP_KEY] = session_stamp(user)
    g.portal_current_user = user


def start_second_step(user: User, nxt: str | None) -> None:
    """After the right password for an account with a second step: remember who, briefly; NOT signed in."""
    _clear_keeping_language()
    session[PENDING_KEY] = {"user": user.id, "stamp": session_stamp(user), "at": time.time(), "next": nxt}


def pending_second_step() -> tuple[User, str | None] | None:
    """The user (and where to go next) waiting to give a code, or None if none or it is stale."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    started = pending.get("at")
    if not isinstance(started, int | float) or not (0 <= time.time() - started <= PENDING_SECONDS):
        session.pop(PENDING_KEY, None)
        return None
    user_id = pending.get("user")
    found = database.session.get(User, user_id) if isinstance(user_id, str) else None
    if found is None or not found.is_active or pending.get("stamp") != session_stamp(found):
        session.pop(PENDING_KEY, None)
        return None
    nxt = pending.get("next")
    return found, nxt if isinstance(nxt, str) else None


def sign_out() -> None:
    _clear_keeping_language()
    g.portal_current_user = None


def safe_next(value: str | None) -> str | None:
    """`value` if it is a path on this site ("/portal/?x=1"), else None: never another host."""
    if not value or len(value) > 2000 or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def _this_path() -> str:
    query = request.query_string.decode("utf-8", "replace")
    return request.path + (f"?{query}" if query else "")


def redirect_to_sign_in() -> Any:
    nxt = _this_path() if request.method == "GET" else None
    return redirect(url_for("portal.sign_in", next=nxt), code=303)


def public(view: F) -> F:
    """Mark a portal view as open without a session (signing in, password reset, links sent by email)."""
    view.portal_public = True  # type: ignore[attr-defined]
    return view


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect_to_sign_in()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def require_session() -> Any:
    """Before every portal view: deny by default, unless the view is marked `public`."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and getattr(view, "portal_public", False):
        return None
    if current_user() is None:
        return redirect_to_sign_in()
    return None
