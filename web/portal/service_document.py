"""A listing's pages in the portal beyond its editor: the overview with its history (what changed, who
changed it, what waits for a moderator), archiving, putting an earlier version back, and the choices the
editor's checkboxes offer. Editing itself is `editor` (one short page per section, `edit_sections`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from directory.models import Neighbourhood, Service
from directory.needs import NEED_SLUGS
from directory.portal import accounts, revisions, service_document
from directory.portal import archive as directory_archive
from directory.vocabulary import ACCESSIBILITY, LANGUAGES

from .. import formatting as fmt
from ..extensions import database
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .forms import RestoreForm
from .labels import KIND_LABELS, STATUS_LABELS, diff_rows, field_label, format_value, neighbourhood_names

log = logging.getLogger(__name__)



def choices(service: Service, values: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """The checkbox groups' (code, label) pairs, in the reader's language."""
    hoods = database.session.execute(
        select(Neighbourhood.slug, Neighbourhood.name).order_by(Neighbourhood.name)
    )
    languages = list(dict.fromkeys([*LANGUAGES, *values.get("languages", [])]))
    return {
        "languages": [(code, fmt.language_name(code)) for code in languages],
        "accessibility": [(code, fmt.accessibility_label(code)) for code in ACCESSIBILITY],
        "neighbourhoods": [(slug, name) for slug, name in hoods],
        "needs": [(slug, fmt.need_name(slug)) for slug in NEED_SLUGS],
    }


def kept_schedules(service: Service) -> int:
    """How many opening-time rules the form cannot show (they stay as they are)."""
    return sum(1 for schedule in service.schedules if not service_document.shown_in_form(schedule))


@bp.get("/services/<service_id>")
def service_overview(service_id: str) -> Any:
    """The published details, any changes waiting, and every revision (for restoring)."""
    user = auth.current_user()
    try:
        service = revisions.viewable_service(database.session, user, service_id)
    except revisions.NotFound:
        abort(404)
    hoods = neighbourhood_names()
    current = service_document.snapshot(service)
    details = [
        (field_label(field), format_value(field, current[field], hoods)) for field in service_document.FIELDS
    ]
    history = revisions.history(database.session, service.id)
    waiting = [(r, diff_rows(revisions.diff(r), hoods)) for r in history if r.status == "pending"]
    current_json = json.dumps(current, sort_keys=True)
    rows = [
        {
            "revision": r,
            "who": (r.author.display_name or r.author.email) if r.author else "",
            "kind": str(KIND_LABELS.get(r.kind, r.kind)),
            "status": str(STATUS_LABELS.get(r.status, r.status)),
            "fields": ", ".join(field_label(f) for f in revisions.changed_fields(r)),
            "moderator": (r.moderator.display_name or r.moderator.email) if r.moderator else "",
            "restorable": r.status == "approved"
            and bool(r.snapshot)
            and json.dumps(json.loads(r.snapshot), sort_keys=True) != current_json,
            "original": False,
        }
        for r in history
    ]
    oldest = next((row for row in reversed(rows) if row["revision"].status == "approved"), None)
    if oldest is not None and oldest["revision"].snapshot:
        oldest["original"] = True
    return render_template(
        "portal/service_overview.html",
        service=service,
        details=details,
        waiting=waiting,
        rows=rows,
        can_edit=accounts.can_edit_organization(database.session, user, service.organization_id),
        can_archive=_may_archive(user, service.id),
        last_checked=service.assured_date,
        archived=service.archived_at is not None,
        can_restore=accounts.can_moderate(user),
        restore_form=RestoreForm(),
    )


def _may_archive(user: Any, service_id: str) -> bool:
    """Whether the listing page offers "Archive this listing" (the archive page decides again)."""
    try:
        directory_archive.archived_service(database.session, user, service_id)
    except (directory_archive.NotFound, directory_archive.NotAllowed):
        return False
    return True


@bp.post("/services/<service_id>/revisions/<revision_id>/restore")
def restore_revision(service_id: str, revision_id: str) -> Any:
    user = _moderator()  # organisation users may not restore: 403
    form = RestoreForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with transaction():  # an unknown service or revision is a 404 (errors.py)
            revisions.restore(
                database.session,
                user=user,
                service_id=service_id,
                revision_id=revision_id,
                now=_now(),
                before=request.form.get("version") == "before",
            )
    except accounts.ValidationError as exc:
        flash(gettext(exc.errors["form"]), "notice")
    else:
        flash(gettext("The earlier version is published again."), "notice")
    return redirect(url_for("portal.service_overview", service_id=service_id), code=303)


# The editor's pages register their views on import; they use the readers above.
from . import editor as _editor  # noqa: E402, F401
