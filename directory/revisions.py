"""Edits to a service proposed by its organisation's users and decided by a moderator (issue 7).

Like `directory.accounts`, these functions change the caller's session and flush; the caller commits.
A proposal stores the new values (`changes`) and the values it replaces (`before`); the service changes
only on approval, which the search index then follows through the change queue. Messages are English
source text marked with `N_`; whoever shows them translates them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import N_, ValidationError, can_edit_organization, can_moderate
from .interchange.text import clean_multiline, clean_plain
from .models import RevisionStatus, Service, ServiceRevision, User

_MULTILINE = {"description", "eligibility_description"}
EDITABLE_FIELDS = ("name", "description", "email", "url", "eligibility_description")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)

MESSAGES = {
    "name": N_("Enter a name between 3 and 200 characters long"),
    "description": N_("Enter a description of 5000 characters or fewer"),
    "email": N_("Enter an email address in the correct format, like name@example.com"),
    "url": N_("Enter a web address that starts with http:// or https://"),
    "eligibility_description": N_("Enter who can use the service in 5000 characters or fewer"),
    "unchanged": N_("Nothing has changed. Change at least one detail before sending."),
}


class NotAllowed(Exception):
    """The user may not do this, or the record is not theirs to see (shown as "not found")."""


class NotFound(Exception):
    """No such service or revision (or it is already decided)."""


@dataclass(frozen=True)
class DiffRow:
    field: str
    before: str
    after: str


def _clean(field: str, value: object) -> str | None:
    clean = clean_multiline if field in _MULTILINE else clean_plain
    text = clean(str(value or "")).strip()
    return text or None


def _validate(values: dict[str, str | None]) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = values.get("name")
    if "name" in values and (name is None or not 3 <= len(name) <= 200):
        errors["name"] = MESSAGES["name"]
    if len(values.get("description") or "") > 5000:
        errors["description"] = MESSAGES["description"]
    if len(values.get("eligibility_description") or "") > 5000:
        errors["eligibility_description"] = MESSAGES["eligibility_description"]
    email = values.get("email")
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        errors["email"] = MESSAGES["email"]
    url = values.get("url")
    if url and (len(url) > 500 or not _URL.fullmatch(url)):
        errors["url"] = MESSAGES["url"]
    return errors


def editable_service(session: Session, user: User | None, service_id: str) -> Service:
    """The service if `user` may edit it; raises `NotFound` otherwise (never reveals that it exists)."""
    service = session.get(Service, service_id)
    if service is None or not can_edit_organization(session, user, service.organization_id):
        raise NotFound()
    return service


def propose_edit(
    session: Session, *, user: User, service_id: str, changes: dict[str, object], now: datetime
) -> ServiceRevision:
    """A pending revision of the fields that differ; raises `NotFound` or `ValidationError`."""
    service = editable_service(session, user, service_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    values = {field: _clean(field, value) for field, value in changes.items()}
    errors = _validate(values)
    if errors:
        raise ValidationError(errors)
    new = {f: v for f, v in values.items() if v != getattr(service, f)}
    if not new:
        raise ValidationError({"form": MESSAGES["unchanged"]})
    revision = ServiceRevision(
        service_id=service.id,
        author_id=user.id,
        created_at=now,
        status=RevisionStatus.PENDING.value,
        changes=json.dumps(new, sort_keys=True),
        before=json.dumps({f: getattr(service, f) for f in new}, sort_keys=True),
        note="",
    )
    session.add(revision)
    session.flush()
    return revision


def _pending(session: Session, moderator: User, revision_id: str) -> ServiceRevision:
    if not can_moderate(moderator):
        raise NotAllowed()
    revision = session.get(ServiceRevision, revision_id)
    if revision is None or revision.status != RevisionStatus.PENDING.value:
        raise NotFound()
    return revision


def approve(
    session: Session, *, moderator: User, revision_id: str, now: datetime, note: str = ""
) -> ServiceRevision:
    """Apply a pending revision to its service and record the decision (search follows on commit)."""
    revision = _pending(session, moderator, revision_id)
    for field, value in json.loads(revision.changes).items():
        if field in EDITABLE_FIELDS:
            setattr(revision.service, field, value)
    _decide(revision, RevisionStatus.APPROVED, moderator, now, note)
    session.flush()
    return revision


def reject(
    session: Session, *, moderator: User, revision_id: str, now: datetime, note: str = ""
) -> ServiceRevision:
    """Record that a pending revision was turned down; the service stays as it is."""
    revision = _pending(session, moderator, revision_id)
    _decide(revision, RevisionStatus.REJECTED, moderator, now, note)
    session.flush()
    return revision


def _decide(
    revision: ServiceRevision, status: RevisionStatus, moderator: User, now: datetime, note: str
) -> None:
    revision.status = status.value
    revision.moderator_id = moderator.id
    revision.decided_at = now
    revision.note = clean_multiline(note or "").strip()[:2000]


def pending(session: Session) -> list[ServiceRevision]:
    return list(
        session.scalars(
            select(ServiceRevision)
            .where(ServiceRevision.status == RevisionStatus.PENDING.value)
            .order_by(ServiceRevision.created_at, ServiceRevision.id)
        )
    )


def history(session: Session, service_id: str) -> list[ServiceRevision]:
    """Every revision of a service, newest first."""
    return list(
        session.scalars(
            select(ServiceRevision)
            .where(ServiceRevision.service_id == service_id)
            .order_by(ServiceRevision.created_at.desc(), ServiceRevision.id)
        )
    )


def diff(revision: ServiceRevision) -> list[DiffRow]:
    """(field, before, after) for each changed field, in the form's order; empty values as ""."""
    changes = json.loads(revision.changes)
    before = json.loads(revision.before)
    return [
        DiffRow(field, before.get(field) or "", changes.get(field) or "")
        for field in EDITABLE_FIELDS
        if field in changes
    ]
