"""Moderators approve or turn down proposed changes; authors are told by email. A change to details
someone else has changed since it was sent is published only when the moderator chooses to replace
theirs."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from directory.errors import ValidationError
from directory.models import ServiceRevision
from directory.needs import NEED_SLUGS
from directory.portal import revisions, service_document

from ..extensions import database
from ..formatting import need_name
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .common import send_email
from .conflicts import conflict_rows
from .forms import DecisionForm
from .labels import diff_rows, neighbourhood_names

log = logging.getLogger(__name__)


@bp.get("/moderation")
def moderation() -> Any:
    _moderator()
    hoods = neighbourhood_names()
    items = []
    for revision in revisions.pending(database.session):
        current = needs_of(revision.service)
        suggested = revisions.suggested_needs(revision)
        ticked = sorted(set(current) | set(suggested or []))
        stale = conflict_rows(revisions.stale_fields(revision))
        items.append((revision, diff_rows(revisions.diff(revision), hoods), ticked, stale))
    needs = [(slug, need_name(slug)) for slug in NEED_SLUGS]
    return render_template("portal/moderation.html", items=items, needs=needs, form=DecisionForm())


def needs_of(service: Any) -> list[str]:
    return service_document.snapshot(service)["needs"]


def _send_decision(revision: Any, approved: bool) -> None:
    name = revision.service.name
    if approved:
        subject = gettext("Your changes to %(name)s are published", name=name)
        lines = [gettext("A moderator has checked and published your changes to %(name)s.", name=name)]
    else:
        subject = gettext("Your changes to %(name)s were not published", name=name)
        lines = [
            gettext("A moderator has checked your changes to %(name)s and did not publish them.", name=name)
        ]
    if revision.note:
        lines += [gettext("Note from the moderator:"), revision.note]
    send_email(to=revision.author.email, subject=subject, lines=lines, what="moderation decision")


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
    moderator = _moderator()
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if approved:
            needs = request.form.getlist("needs") if "needs_shown" in request.form else None
            revision = revisions.approve(
                database.session,
                moderator=moderator,
                revision_id=revision_id,
                now=_now(),
                note=form.note.data or "",
                needs=needs,
                overwrite=request.form.get("overwrite") == "yes",
            )
        else:
            revision = revisions.reject(
                database.session,
                moderator=moderator,
                revision_id=revision_id,
                now=_now(),
                note=form.note.data or "",
            )
    except revisions.NotFound:
        database.session.rollback()
        abort(404)
    except ValidationError:  # a need slug that is not ours: only a hand-made post sends one
        database.session.rollback()
        abort(400)
    except revisions.EditConflict as conflict:
        database.session.rollback()
        log.info(
            "revision %s not published: %d details changed since it was sent", revision_id, len(conflict.rows)
        )
        return _changed_since(revision_id, conflict, form)
    database.session.commit()
    _send_decision(revision, approved)
    flash(
        gettext("The changes are published.") if approved else gettext("The changes were turned down."),
        "notice",
    )
    return redirect(url_for("portal.moderation"), code=303)


@bp.post("/moderation/<revision_id>/approve")
def approve_revision(revision_id: str) -> Any:
    return _decide(revision_id, approved=True)


@bp.post("/moderation/<revision_id>/reject")
def reject_revision(revision_id: str) -> Any:
    return _decide(revision_id, approved=False)
