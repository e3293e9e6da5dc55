"""Moderators approve or turn down proposed changes; authors are told by email (`web.emails`). A change to details
someone else has changed since it was sent is published only when the moderator chooses to replace
theirs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, url_for
from flask_babel import gettext

from directory.errors import ValidationError
from directory.models import ServiceRevision
from directory.needs import NEED_SLUGS
from directory.portal import revisions, service_document

from ..emails import portal as emails
from ..extensions import database
from ..formatting import need_name
from .blueprint import bp
from .common import moderate
from .common import moderator as _moderator
from .common import now as _now
from .conflicts import conflict_rows
from .forms import DecisionForm
from .labels import diff_rows, neighbourhood_names

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueItem:
    """One change in the queue: only the details it changes, and the categories only when the author
    suggested different ones (the moderator decides those; unchanged ones need no decision)."""

    revision: ServiceRevision
    rows: list[tuple[str, str, str]]
    ticked: list[str]
    needs_changed: bool
    stale: list[Any]
    first_for_service: bool  # the anchor `#pending-<service id>` goes on a service's oldest change


@bp.get("/moderation")
def moderation() -> Any:
    _moderator()
    hoods = neighbourhood_names()
    items = []
    seen: set[str] = set()
    for revision in revisions.pending(database.session):
        current = needs_of(revision.service)
        suggested = revisions.suggested_needs(revision)
        needs_changed = suggested is not None and set(suggested) != set(current)
        ticked = sorted(set(current) | set(suggested or []))
        stale = conflict_rows(revisions.stale_fields(revision))
        rows = [
            row
            for row in diff_rows(revisions.diff(revision), hoods)
            if row[1] != row[2]  # a detail sent unchanged is no change to check
        ]
        items.append(QueueItem(revision, rows, ticked, needs_changed, stale, revision.service_id not in seen))
        seen.add(revision.service_id)
    needs = [(slug, need_name(slug)) for slug in NEED_SLUGS]
    return render_template("portal/moderation.html", items=items, needs=needs, form=DecisionForm())


def needs_of(service: Any) -> list[str]:
    return service_document.snapshot(service)["needs"]


def _changed_since(revision_id: str, conflict: revisions.EditConflict, form: DecisionForm) -> Any:
    """Both versions of the details changed since the revision was sent, with the moderator's choices
    kept: publish anyway (replacing them) or turn the changes down."""
    revision = database.session.get(ServiceRevision, revision_id)
    if revision is None:  # pragma: no cover - it was just found pending
        abort(404)
    ticked = request.form.getlist("needs") if "needs_shown" in request.form else None
    page = render_template(
        "portal/moderation_conflict.html",
        revision=revision,
        rows=conflict_rows(conflict.rows),
        ticked=ticked,
        note=form.note.data or "",
        form=form,
    )
    return page, 409


def _decide(revision_id: str, approved: bool) -> Any:
    def decide(moderator: Any, note: str) -> None:
        if approved:
            needs = request.form.getlist("needs") if "needs_shown" in request.form else None
            revision = revisions.approve(
                database.session,
                moderator=moderator,
                revision_id=revision_id,
                now=_now(),
                note=note,
                needs=needs,
                overwrite=request.form.get("overwrite") == "yes",
            )
        else:
            revision = revisions.reject(
                database.session, moderator=moderator, revision_id=revision_id, now=_now(), note=note
            )
        emails.revision_decision(revision, approved)
        return revision

    def done(revision: ServiceRevision) -> dict[str, str]:
        name = revision.service.name
        return {
            "text": gettext("The changes to %(name)s are published.", name=name)
            if approved
            else gettext(
                "The changes to %(name)s were turned down. We have told the person who sent them.", name=name
            ),
            "href": url_for("pages.service", service_id=revision.service_id),
            "link": gettext("See the public page of %(name)s", name=name),
        }

    try:
        return moderate(decide, done=done, endpoint="portal.moderation")
    except ValidationError:  # a need slug that is not ours: only a hand-made post sends one
        abort(400)
    except revisions.EditConflict as conflict:
        log.info(
            "revision %s not published: %d details changed since it was sent", revision_id, len(conflict.rows)
        )
        return _changed_since(revision_id, conflict, DecisionForm())


@bp.post("/moderation/<revision_id>/approve")
def approve_revision(revision_id: str) -> Any:
    return _decide(revision_id, approved=True)


@bp.post("/moderation/<revision_id>/reject")
def reject_revision(revision_id: str) -> Any:
    return _decide(revision_id, approved=False)
