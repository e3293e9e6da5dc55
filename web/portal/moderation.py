"""Moderators approve or turn down proposed changes; authors are told by email."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from directory import revisions, service_document
from directory.errors import ValidationError
from directory.needs import NEED_SLUGS

from ..extensions import database
from ..formatting import need_name
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .common import send_email
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
        items.append((revision, diff_rows(revisions.diff(revision), hoods), ticked))
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
