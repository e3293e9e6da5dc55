"""Who is signed in to the portal: the session keeps the user's id, a stamp of their password hash,
their account's session version and when they signed in and were last seen.

Signing in clears the session first (a fresh session and CSRF token, so a planted session cannot be
carried over), keeping only the reader's language. A signed cookie cannot be recalled, so the account
decides: signing out or a new password raises its session version (`accounts.end_sessions`) and a
changed password changes the stamp, and either ends every session of that account, including copies
of the cookie. A session also ends after a while without a request (idle) and a while after signing in
(absolute), sooner for council staff (`session_limits`). Every portal view needs a session unless marked
`public` (`require_session` runs before each one); `login_required` says the same on a single view.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext

from directory.models import User
from directory.portal import accounts
from directory.portal.accounts import session_stamp

from ..extensions import database
from ..i18n import SESSION_KEY as LANGUAGE_KEY

USER_KEY = "portal_user"
STAMP_KEY = "portal_stamp"
VERSION_KEY = "portal_version"  # the account's session version when this session began
SIGNED_IN_KEY = "portal_signed_in_at"  # seconds since the epoch
SEEN_KEY = "portal_seen_at"  # the last request, noted at most once a minute (each note rewrites the cookie)
SEEN_EVERY = 60
PENDING_KEY = "portal_pending"  # the right password was given; the one-time code is still to come
PENDING_SECONDS = 300
F = TypeVar("F", bound=Callable[..., Any])


def current_user() -> User | None:
    """The signed-in, active user for this request, or None (a stale or timed-out session is forgotten)."""
    if "portal_current_user" in g:
        return g.portal_current_user
    user = None
    user_id = session.get(USER_KEY)
    if isinstance(user_id, str):
        found = database.session.get(User, user_id)
        now = _clock()
        if found is None or not _still_current(found):
            _forget()
        elif _timed_out(found, now):
            g.portal_session_ended = True  # redirect_to_sign_in says so
            _forget()
        else:
            user = found
            _note_seen(now)
    g.portal_current_user = user
    return user


def _clock() -> float:
    return time.time()


def _still_current(user: User) -> bool:
    """Whether the account is active and has not ended its sessions since this one began."""
    return (
        user.is_active
        and session.get(STAMP_KEY) == session_stamp(user)
        and _is_number(session.get(VERSION_KEY))
        and session.get(VERSION_KEY) == user.session_version
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def session_limits(user: User) -> tuple[int, int]:
    """(idle, absolute) seconds a session of `user` may last: shorter for staff, who can do more."""
    prefix = "PORTAL_STAFF_SESSION_" if accounts.can_moderate(user) else "PORTAL_SESSION_"
    config = current_app.config
    return int(config[prefix + "IDLE_SECONDS"]), int(config[prefix + "ABSOLUTE_SECONDS"])


def _timed_out(user: User, now: float) -> bool:
    signed_in, seen = session.get(SIGNED_IN_KEY), session.get(SEEN_KEY)
    if not _is_number(signed_in) or not _is_number(seen):
        return True  # a session from before timeouts, or a damaged one
    idle, absolute = session_limits(user)
    return now - signed_in > absolute or now - seen > idle


def _note_seen(now: float) -> None:
    if now - session.get(SEEN_KEY, 0) >= SEEN_EVERY:
        session[SEEN_KEY] = int(now)


def _forget() -> None:
    for key in (USER_KEY, STAMP_KEY, VERSION_KEY, SIGNED_IN_KEY, SEEN_KEY):
        session.pop(key, None)


def _clear_keeping_language() -> None:
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def sign_in(user: User) -> None:
    _clear_keeping_language()
    now = int(_clock())
    session[USER_KEY] = user.id
    session[STAMP_KEY] = session_stamp(user)
    session[VERSION_KEY] = user.session_version
    session[SIGNED_IN_KEY] = now
    session[SEEN_KEY] = now
    g.portal_current_user = user


def start_second_step(user: User, nxt: str | None) -> None:
    """After the right password for an account with a second step: remember who, briefly; NOT signed in."""
    _clear_keeping_language()
    session[PENDING_KEY] = {
        "user": user.id,
        "stamp": session_stamp(user),
        "version": user.session_version,
        "at": _clock(),
        "next": nxt,
    }


def pending_second_step() -> tuple[User, str | None] | None:
    """The user (and where to go next) waiting to give a code, or None if none or it is stale."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    started = pending.get("at")
    if not _is_number(started) or not (0 <= _clock() - started <= PENDING_SECONDS):
        session.pop(PENDING_KEY, None)
        return None
    user_id = pending.get("user")
    found = database.session.get(User, user_id) if isinstance(user_id, str) else None
    if (
        found is None
        or not found.is_active
        or pending.get("stamp") != session_stamp(found)
        or not _is_number(pending.get("version"))
        or pending.get("version") != found.session_version
    ):
        session.pop(PENDING_KEY, None)
        return None
    nxt = pending.get("next")
    return found, nxt if isinstance(nxt, str) else None


def sign_out() -> None:
    """Forget this browser's session and end every other session of its user, copies of the cookie too.

    Commits at once: a sign-out that never reached the database would leave those copies working."""
    user = current_user()
    _clear_keeping_language()
    g.portal_current_user = None
    if user is not None:
        accounts.end_sessions(database.session, user)
        database.session.commit()


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
    if g.get("portal_session_ended"):
        flash(gettext("Your session has ended. Sign in again to carry on."), "notice")
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
