"""Edits to a service proposed by its organisation's users and decided by a moderator (issue 7).

Like `directory.accounts`, these functions change the caller's session and flush; the caller commits.
A proposal stores the changed keys of the service's editable document (`directory.service_document`) in
`changes` and the values they replace in `before`; the service changes only on approval, which the search
index then follows through the change queue. Every approved revision keeps the whole document after it
(`snapshot`), so a moderator can restore any earlier version. Members of an organisation trusted to
publish directly have their edits approved at once; suggested need categories still wait for a moderator,
who sets the final categories. Messages are English source text marked with `N_`; whoever shows them
translates them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import service_document
from .accounts import N_, ValidationError, can_edit_organization, can_moderate, is_council_admin
from .interchange.text import clean_multiline
from .models import Organization, RevisionStatus, Service, ServiceRevision, User

EDITABLE_FIELDS = service_document.FIELDS
NEEDS = "needs"

MESSAGES = {
    **service_document.MESSAGES,
    "unchanged": N_("Nothing has changed. Change at least one detail before sending."),
    "restore_unchanged": N_("The published details are already the same as this version."),
}


class NotAllowed(Exception):
    """The user may not do this, or the record is not theirs to see (shown as "not found")."""


class NotFound(Exception):
    """No such service or revision (or it is already decided)."""


@dataclass(frozen=True)
class DiffRow:
    """One changed detail: raw document values ("" for empty), formatted by whoever shows them."""

    field: str
    before: Any
    after: Any


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def editable_service(session: Session, user: User | None, service_id: str) -> Service:
    """The service if `user` may edit it; raises `NotFound` otherwise (never reveals that it exists)."""
    service = session.get(Service, service_id)
    if service is None or not can_edit_organization(session, user, service.organization_id):
        raise NotFound()
    return service


def viewable_service(session: Session, user: User | None, service_id: str) -> Service:
    """The service if `user` may see its history: its organisation's users and moderators."""
    service = session.get(Service, service_id)
    if service is None or not (
        can_moderate(user) or can_edit_organization(session, user, service.organization_id)
    ):
        raise NotFound()
    return service


def _record(
    session: Session,
    service: Service,
    *,
    author: User,
    changes: dict[str, Any],
    before: dict[str, Any],
    now: datetime,
    kind: str = "edit",
) -> ServiceRevision:
    revision = ServiceRevision(
        service_id=service.id,
        author_id=author.id,
        created_at=now,
        status=RevisionStatus.PENDING.value,
        changes=_dump(changes),
        before=_dump(before),
        note="",
        kind=kind,
    )
    session.add(revision)
    return revision


def _publish(
    session: Session, revision: ServiceRevision, moderator: User | None, now: datetime, note: str = ""
) -> None:
    """Apply an (approved) revision's changes and keep the whole document after it."""
    changes = {k: v for k, v in json.loads(revision.changes).items() if k in EDITABLE_FIELDS}
    current = service_document.snapshot(revision.service)
    revision.before = _dump({field: current[field] for field in changes})  # what was really replaced
    service_document.apply(session, revision.service, changes)
    revision.status = RevisionStatus.APPROVED.value
    revision.moderator_id = moderator.id if moderator is not None else None
    revision.decided_at = now
    revision.note = clean_multiline(note or "").strip()[:2000]
    revision.snapshot = _dump(service_document.snapshot(revision.service))


def propose_edit(
    session: Session, *, user: User, service_id: str, changes: dict[str, object], now: datetime
) -> ServiceRevision:
    """A revision of the details that differ: pending, or approved at once for a trusted organisation
    (suggested needs then wait in a pending revision of their own). Raises `NotFound` or
    `ValidationError`."""
    service = editable_service(session, user, service_id)
    document = service_document.validate(changes)
    current = service_document.snapshot(service)
    changed = service_document.changed_keys(current, document)
    if not changed:
        raise ValidationError({"form": MESSAGES["unchanged"]})
    organization = session.get(Organization, service.organization_id)
    trusted = bool(organization and organization.publishes_directly)
    direct = [field for field in changed if field != NEEDS] if trusted else []
    held = [field for field in changed if field not in direct]
    revisions = []
    if direct:
        revision = _record(
            session,
            service,
            author=user,
            changes={f: document[f] for f in direct},
            before={f: current[f] for f in direct},
            now=now,
        )
        session.flush()
        _publish(session, revision, None, now)
        revisions.append(revision)
    if held:
        revisions.append(
            _record(
                session,
                service,
                author=user,
                changes={f: document[f] for f in held},
                before={f: current[f] for f in held},
                now=now,
            )
        )
    session.flush()
    return revisions[0]


def _pending(session: Session, moderator: User, revision_id: str) -> ServiceRevision:
    if not can_moderate(moderator):
        raise NotAllowed()
    revision = session.get(ServiceRevision, revision_id)
    if revision is None or revision.status != RevisionStatus.PENDING.value:
        raise NotFound()
    return revision


def approve(
    session: Session,
    *,
    moderator: User,
    revision_id: str,
    now: datetime,
    note: str = "",
    needs: list[str] | None = None,
) -> ServiceRevision:
    """Apply a pending revision to its service and record the decision (search follows on commit).

    Suggested needs are not applied as they are: the moderator's `needs` (the final categories) are,
    when given; otherwise the service keeps its categories."""
    revision = _pending(session, moderator, revision_id)
    final = None if needs is None else service_document.validate({NEEDS: needs})[NEEDS]
    changes = json.loads(revision.changes)
    applied = {k: v for k, v in changes.items() if k != NEEDS}
    revision.changes = _dump({**applied, **({NEEDS: final} if final is not None else {})})
    _publish(session, revision, moderator, now, note)
    session.flush()
    return revision


def reject(
    session: Session, *, moderator: User, revision_id: str, now: datetime, note: str = ""
) -> ServiceRevision:
    """Record that a pending revision was turned down; the service stays as it is."""
    revision = _pending(session, moderator, revision_id)
    revision.status = RevisionStatus.REJECTED.value
    revision.moderator_id = moderator.id
    revision.decided_at = now
    revision.note = clean_multiline(note or "").strip()[:2000]
    session.flush()
    return revision


def restore(
    session: Session,
    *,
    user: User,
    service_id: str,
    revision_id: str,
    now: datetime,
    before: bool = False,
) -> ServiceRevision:
    """Publish an earlier approved version again, as a new "restore" revision with its own diff.

    `before=True` restores the version just before that revision instead (its snapshot with the values
    it replaced), so the listing as it was before its first change in the portal can come back too."""
    if not can_moderate(user):
        raise NotAllowed()
    service = session.get(Service, service_id)
    old = session.get(ServiceRevision, revision_id)
    if (
        service is None
        or old is None
        or old.service_id != service.id
        or old.status != RevisionStatus.APPROVED.value
        or not old.snapshot
    ):
        raise NotFound()
    target = {k: v for k, v in json.loads(old.snapshot).items() if k in EDITABLE_FIELDS}
    if before:
        target.update({k: v for k, v in json.loads(old.before).items() if k in EDITABLE_FIELDS})
    current = service_document.snapshot(service)
    changed = service_document.changed_keys(current, target)
    if not changed:
        raise ValidationError({"form": MESSAGES["restore_unchanged"]})
    revision = _record(
        session,
        service,
        author=user,
        changes={f: target[f] for f in changed},
        before={f: current[f] for f in changed},
        now=now,
        kind="restore",
    )
    session.flush()
    _publish(session, revision, user, now)
    session.flush()
    return revision


def set_publishes_directly(
    session: Session, *, user: User, organization_id: str, value: bool
) -> Organization:
    """Trust an organisation to publish its edits without checking, or stop; council admins only."""
    if not is_council_admin(user):
        raise NotAllowed()
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound()
    organization.publishes_directly = value
    session.flush()
    return organization


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


def changed_fields(revision: ServiceRevision) -> list[str]:
    changes = json.loads(revision.changes)
    return [field for field in EDITABLE_FIELDS if field in changes]


def suggested_needs(revision: ServiceRevision) -> list[str] | None:
    """The need categories the author suggested, or None when they suggested no change."""
    value = json.loads(revision.changes).get(NEEDS)
    return None if value is None else list(value)


def diff(revision: ServiceRevision) -> list[DiffRow]:
    """(field, before, after) for each changed field, in the form's order; empty values as ""."""
    changes = json.loads(revision.changes)
    before = json.loads(revision.before)
    return [
        DiffRow(
            field,
            "" if before.get(field) is None else before[field],
            "" if changes.get(field) is None else changes[field],
        )
        for field in EDITABLE_FIELDS
        if field in changes
    ]
