"""Moderators approve or turn down proposed changes; authors are told by email."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from directory import revisions

from ..extensions import database
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .common import send_email
from .forms import DecisionForm
from .labels import FIELD_LABELS

log = logging.getLogger(__name__)


@bp.get("/moderation")
def moderation() -> Any:
    _moderator()
    items = [
        (
            revision,
            [(str(FIELD_LABELS[row.field]), row.before, row.after) for row in revisions.diff(revision)],
        )
        for revision in revisions.pending(database.session)
    ]
    return render_template("portal/moderation.html", items=items, form=DecisionForm())


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
    decide = revisions.approve if approved else revisions.reject
    try:
        revision = decide(
            database.session,
            moderator=moderator,
            revision_id=revision_id,
            now=_now(),
            note=form.note.data or "",
        )
    except revisions.NotFound:
        database.session.rollback()
        abort(404)
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
