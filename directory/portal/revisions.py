"""Edits to a service proposed by its organisation's users and decided by a moderator.

Like `directory.portal.accounts`, these functions change the caller's session and flush; the caller commits.
A proposal stores the changed keys of the service's editable document (`directory.portal.service_document`) in
`changes` and the values they replace in `before`; the service changes only on approval, which the search
index then follows through the change queue. Every approved revision keeps the whole document after it
(`snapshot`), so a moderator can restore any earlier version. Members of an organisation trusted to
publish directly have their edits approved at once; suggested need categories still wait for a moderator,
who sets the final categories. Messages are English source text marked with `N_`; whoever shows them
translates them.

Edits are checked optimistically: an edit names the version of the listing it started from
(`service_document.version`), so details someone else changed in the meantime are never silently put
back. Only the editor's own changes are applied (and shown to a moderator); when someone else changed
the same details, `EditConflict` shows both versions and nothing is saved. A pending revision is checked
again when it is approved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, ValidationError
from ..interchange.text import clean_multiline
from ..models import Organization, RevisionStatus, Service, ServiceRevision, User
from . import service_document
from .accounts import can_edit_organization, can_moderate, is_council_admin

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


class EditConflict(Exception):
    """Someone else changed details this edit (or pending revision) also changes; nothing was saved.

    `rows` has both versions of each such detail; `current` is the whole listing now and `changes` the
    editor's own changes, so the form can be shown again with them on top of the listing now and
    `version` (the listing's version now): sending that again is a deliberate choice to replace them."""

    def __init__(self, rows: list[ConflictRow], *, current: dict[str, Any], changes: dict[str, Any]) -> None:
        super().__init__(", ".join(row.field for row in rows))  # field names only: never the values
        self.rows = rows
        self.current = current
        self.changes = changes

    @property
    def version(self) -> str:
        return service_document.version(self.current)


@dataclass(frozen=True)
class ConflictRow:
    """One detail changed by two people: its value now, the value this edit or revision would give it,
    and the value it had when the editor started (`None` when that version is not known)."""

    field: str
    current: Any
    proposed: Any
    base: Any = None


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
    """Apply an (approved) revision's changes and keep the whole document after it.

    The revision keeps only the details it really changes (`changes` and `before`), so the history never
    names a detail that was sent with the value it already had. A published edit counts as a review of
    the listing (`freshness.mark_reviewed`); a restore does not, since nobody checked the listing now."""
    from .freshness import mark_reviewed  # freshness reads revisions' errors: imported when needed

    current = service_document.snapshot(revision.service)
    changes = {
        k: v for k, v in json.loads(revision.changes).items() if k in EDITABLE_FIELDS and v != current[k]
    }
    revision.changes = _dump(changes)
    revision.before = _dump({field: current[field] for field in changes})  # what was really replaced
    service_document.apply(session, revision.service, changes)
    if revision.kind == "edit":
        mark_reviewed(revision.service, now)
    revision.status = RevisionStatus.APPROVED.value
    revision.moderator_id = moderator.id if moderator is not None else None
    revision.decided_at = now
    revision.note = clean_multiline(note or "").strip()[:2000]
    revision.snapshot = _dump(service_document.snapshot(revision.service))


def _lock(session: Session, service: Service) -> None:
    """Hold the service's row until commit, then read the listing afresh: two edits (or an edit and an
    approval) arriving together are checked one after the other, never both against the same version.
    The query flushes first, so expiring loses nothing but stale copies."""
    session.execute(select(Service.id).where(Service.id == service.id).with_for_update())
    service_document.expire(session, service)


def _editable(text: str | None) -> dict[str, Any]:
    value = json.loads(text) if text else {}
    return {k: v for k, v in value.items() if k in EDITABLE_FIELDS} if isinstance(value, dict) else {}


def document_at(session: Session, service_id: str, wanted: str) -> dict[str, Any] | None:
    """The listing's document whose `service_document.version` is `wanted`, from its approved history.

    Each approved revision keeps the document after it (`snapshot`) and the values it replaced
    (`before`), so both the version after it and the one just before it can be found. None when no
    version matches: the listing was changed outside the portal (an import), or the version is made up."""
    if not service_document.is_version(wanted):
        return None
    rows = session.scalars(
        select(ServiceRevision)
        .where(
            ServiceRevision.service_id == service_id,
            ServiceRevision.status == RevisionStatus.APPROVED.value,
            ServiceRevision.snapshot.is_not(None),
        )
        .order_by(ServiceRevision.created_at.desc(), ServiceRevision.id)
    )
    for revision in rows:
        after = _editable(revision.snapshot)
        for document in (after, {**after, **_editable(revision.before)}):
            if len(document) == len(EDITABLE_FIELDS) and service_document.version(document) == wanted:
                return document
    return None


def own_changes(
    session: Session,
    service_id: str,
    *,
    base_version: str,
    document: dict[str, Any],
    current: dict[str, Any],
) -> dict[str, Any]:
    """The editor's own changes in `document`, to apply to the listing as it is now (`current`).

    Started from the version now: the whole document, as before. Started from an earlier version: only
    the details the editor changed from it, unless someone else changed the same details to something
    else since (`EditConflict`). From a version not found in the history (or none): every detail that
    differs from the listing now is a conflict, since nobody can tell whose change it is."""
    if base_version == service_document.version(current):
        return document
    base = document_at(session, service_id, base_version)
    if base is None:
        differ = service_document.changed_keys(current, document)
        if differ:
            rows = [ConflictRow(field, current.get(field), document[field]) for field in differ]
            raise EditConflict(rows, current=current, changes={f: document[f] for f in differ})
        return {}
    mine = service_document.changed_keys(base, document)
    theirs = set(service_document.changed_keys(base, current))
    clashes = [f for f in mine if f in theirs and document[f] != current.get(f)]
    if clashes:
        rows = [ConflictRow(f, current.get(f), document[f], base.get(f)) for f in clashes]
        raise EditConflict(rows, current=current, changes={f: document[f] for f in mine})
    return {field: document[field] for field in mine}


def current_version(session: Session, service_id: str) -> str:
    """The version of the listing now, for callers that edit what they have just read (scripts, tests)."""
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound()
    return service_document.version(service_document.snapshot(service))


def propose_edit(
    session: Session,
    *,
    user: User,
    service_id: str,
    changes: dict[str, object],
    now: datetime,
    base_version: str,
    replaces: Iterable[str] = (),
) -> ServiceRevision:
    """A revision of the details the editor changed: pending, or approved at once for a trusted
    organisation (suggested needs then wait in a pending revision of their own).

    `replaces` names pending revisions of this service the editor continued (`waiting_edits`): their
    changes are in `changes`, so they leave the queue and the moderator checks one revision, not two
    that disagree.

    `base_version` is the `service_document.version` of the listing the editor started from (the edit
    form carries it; a multi-page editor keeps it with the draft). Raises `NotFound`, `ValidationError`,
    or `EditConflict` when someone else changed the same details since (see `own_changes`)."""
    service = editable_service(session, user, service_id)
    document = service_document.validate(changes)
    _lock(session, service)
    current = service_document.snapshot(service)
    document = own_changes(session, service.id, base_version=base_version, document=document, current=current)
    changed = service_document.changed_keys(current, document)
    if not changed:
        raise ValidationError({"form": MESSAGES["unchanged"]})
    _withdraw(session, service.id, replaces)
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


def waiting_edits(session: Session, service_id: str) -> list[ServiceRevision]:
    """The service's edits waiting for checking, oldest first: the editor continues from them."""
    return list(
        session.scalars(
            select(ServiceRevision)
            .where(
                ServiceRevision.service_id == service_id,
                ServiceRevision.status == RevisionStatus.PENDING.value,
                ServiceRevision.kind == "edit",
            )
            .order_by(ServiceRevision.created_at, ServiceRevision.id)
        )
    )


def waiting_changes(revisions: Iterable[ServiceRevision]) -> dict[str, Any]:
    """The changes of waiting revisions taken together (a later one wins), editable details only."""
    merged: dict[str, Any] = {}
    for revision in revisions:
        merged.update(_editable(revision.changes))
    return merged


def _withdraw(session: Session, service_id: str, revision_ids: Iterable[str]) -> None:
    """Remove pending edits of this service that a new proposal carries on (never a decided one: those
    are history)."""
    for revision_id in revision_ids:
        revision = session.get(ServiceRevision, revision_id)
        if (
            revision is not None
            and revision.service_id == service_id
            and revision.status == RevisionStatus.PENDING.value
            and revision.kind == "edit"
        ):
            session.delete(revision)


def _pending(session: Session, moderator: User, revision_id: str) -> ServiceRevision:
    if not can_moderate(moderator):
        raise NotAllowed()
    revision = session.get(ServiceRevision, revision_id, with_for_update=True, populate_existing=True)
    if revision is None or revision.status != RevisionStatus.PENDING.value:
        raise NotFound()
    return revision


def stale_fields(revision: ServiceRevision, current: dict[str, Any] | None = None) -> list[ConflictRow]:
    """The details of a pending revision that someone else changed since it was sent (their value now
    differs from the one the revision replaces, `before`), unless they made the same change.

    Suggested needs are left out: the moderator chooses the final categories from those the service
    has now."""
    changes = _editable(revision.changes)
    before = _editable(revision.before)
    current = service_document.snapshot(revision.service) if current is None else current
    return [
        ConflictRow(field, current[field], changes[field], before.get(field))
        for field in EDITABLE_FIELDS
        if field in changes
        and field != NEEDS
        and before.get(field) != current[field]
        and changes[field] != current[field]
    ]


def approve(
    session: Session,
    *,
    moderator: User,
    revision_id: str,
    now: datetime,
    note: str = "",
    needs: list[str] | None = None,
    overwrite: bool = False,
) -> ServiceRevision:
    """Apply a pending revision to its service and record the decision (search follows on commit).

    Suggested needs are not applied as they are: the moderator's `needs` (the final categories) are,
    when given; otherwise the service keeps its categories. When someone else changed a detail of the
    revision since it was sent, `EditConflict` is raised and nothing changes, unless the moderator
    chose to replace their change (`overwrite`)."""
    revision = _pending(session, moderator, revision_id)
    final = None if needs is None else service_document.validate({NEEDS: needs})[NEEDS]
    _lock(session, revision.service)
    if not overwrite:
        current = service_document.snapshot(revision.service)
        stale = stale_fields(revision, current)
        if stale:
            raise EditConflict(stale, current=current, changes=_editable(revision.changes))
    changes = json.loads(revision.changes)
    applied = {k: v for k, v in changes.items() if k != NEEDS}
    # The moderator's categories are always posted; they count as a change only when they differ.
    if final is not None and final != service_document.snapshot(revision.service)[NEEDS]:
        applied[NEEDS] = final
    revision.changes = _dump(applied)
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
