"""Tokens for the open aggregate feed (`/api/insight/demand`): issued to council administrators.

The council's own reporting tools read the suppressed weekly counts with a bearer token. The token is
shown once when it is issued; only its SHA-256 is kept, so a leaked database holds nothing that works,
and a token is found by its hash (a unique index lookup, then a constant-time comparison) rather than by
comparing secrets one by one. A token may be limited to some neighbourhoods (`neighbourhoods`, comma-
separated slugs; none means all). It stops working when it is revoked or when its owner is no longer an
active council administrator, so a token cannot outlive the role that was trusted with it.

`last_used_on` is a day, written at most once a day, so the list can show which tokens are still in use
without recording when exactly anyone asked.

Like `directory.portal`, these functions change the caller's session and flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, ValidationError
from ..interchange.text import clean_plain
from ..models import User, UserRole
from ..models.demand import InsightToken

PREFIX = "ahi_"  # recognisable in a config file or a secret scanner: "Around Here insight"
SHOWN_PREFIX = 12  # characters of the token kept in the clear, so the list can name it
MAX_NAME = 100
MAX_TOKEN = 200

ACTIVE = "active"
REVOKED = "revoked"
OWNER_GONE = "owner_gone"  # its owner is no longer an active council administrator

MESSAGES = {
    "name": N_("Enter a name for the token"),
    "name_long": N_("Enter a name of 100 characters or fewer"),
    "neighbourhoods": N_("Choose neighbourhoods from the list"),
}


class NotAllowed(Exception):
    """Only council administrators issue and revoke tokens (the view answers 403)."""


class NotFound(Exception):
    """No such token, or it is revoked already (the view answers 404)."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _is_admin(user: User | None) -> bool:
    return bool(user is not None and user.is_active and user.role == UserRole.COUNCIL_ADMIN.value)


def issue(
    session: Session,
    *,
    owner: User,
    name: str,
    neighbourhoods: Iterable[str] | None,
    every: Iterable[str],
    now: datetime,
) -> tuple[InsightToken, str]:
    """A new token and its secret (shown once, never stored). `neighbourhoods`: the slugs it may read
    (of `every`, the borough's); empty or None for every neighbourhood. Raises `NotAllowed` or
    `ValidationError`."""
    if not _is_admin(owner):
        raise NotAllowed()
    errors: dict[str, str] = {}
    label = clean_plain(name or "").strip()
    if not label:
        errors["name"] = MESSAGES["name"]
    elif len(label) > MAX_NAME:
        errors["name"] = MESSAGES["name_long"]
    chosen = sorted(set(neighbourhoods or ()))
    if any(slug not in set(every) for slug in chosen):
        errors["neighbourhoods"] = MESSAGES["neighbourhoods"]
    if errors:
        raise ValidationError(errors)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = InsightToken(
        user_id=owner.id,
        name=label,
        token_hash=hash_token(raw),
        prefix=raw[:SHOWN_PREFIX],
        created_at=now,
        neighbourhoods=",".join(chosen) or None,
    )
    session.add(token)
    session.flush()
    return token, raw


def scope(token: InsightToken) -> list[str] | None:
    """The neighbourhood slugs the token may read, or None for every neighbourhood."""
    if not token.neighbourhoods:
        return None
    return [slug for slug in token.neighbourhoods.split(",") if slug]


def find_active(session: Session, raw: str | None) -> InsightToken | None:
    """The working token for the secret `raw`, or None (unknown, revoked, or its owner is no longer an
    active council administrator)."""
    if not raw or len(raw) > MAX_TOKEN:
        return None
    wanted = hash_token(raw)
    token = session.scalars(select(InsightToken).where(InsightToken.token_hash == wanted)).one_or_none()
    if token is None or not hmac.compare_digest(token.token_hash, wanted):
        return None
    if token.revoked_at is not None or not _is_admin(session.get(User, token.user_id)):
        return None
    return token


def touch(session: Session, token: InsightToken, today: date) -> bool:
    """Note that the token was used today; writes at most once a day. True when it wrote."""
    if token.last_used_on == today:
        return False
    token.last_used_on = today
    session.flush()
    return True


def status(token: InsightToken, owner: User | None) -> str:
    if token.revoked_at is not None:
        return REVOKED
    if not _is_admin(owner):
        return OWNER_GONE
    return ACTIVE


def listed(session: Session) -> list[tuple[InsightToken, User | None]]:
    """Every token with its owner, newest first (any council administrator may revoke any of them,
    so one who leaves does not leave tokens nobody can stop)."""
    rows = session.execute(
        select(InsightToken, User)
        .outerjoin(User, User.id == InsightToken.user_id)
        .order_by(InsightToken.created_at.desc(), InsightToken.id)
    )
    return [(token, owner) for token, owner in rows]


def revoke(session: Session, *, by: User, token_id: str, now: datetime) -> InsightToken:
    """Stop a token working, for good. Raises `NotAllowed` or `NotFound` (unknown or revoked already)."""
    if not _is_admin(by):
        raise NotAllowed()
    token = session.get(InsightToken, token_id) if token_id and len(token_id) <= 64 else None
    if token is None or token.revoked_at is not None:
        raise NotFound()
    token.revoked_at = now
    session.flush()
    return token
