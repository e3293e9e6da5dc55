"""Organisation users propose changes to their services."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext

from directory import accounts, revisions

from ..extensions import database
from . import auth
from .blueprint import bp
from .common import now as _now
from .forms import EditServiceForm

log = logging.getLogger(__name__)


@bp.route("/services/<service_id>/edit", methods=["GET", "POST"])
def edit_service(service_id: str) -> Any:
    user = auth.current_user()
    assert user is not None
    try:
        service = revisions.editable_service(database.session, user, service_id)
    except revisions.NotFound:
        abort(404)  # the same for a service of another organisation: never reveal that it exists
    form = EditServiceForm(obj=None if request.method == "POST" else service)
    errors: list[dict[str, str | None]] = []
    if request.method == "POST" and form.validate_on_submit():
        changes = {field: getattr(form, field).data or "" for field in revisions.EDITABLE_FIELDS}
        try:
            revisions.propose_edit(
                database.session, user=user, service_id=service.id, changes=changes, now=_now()
            )
        except accounts.ValidationError as exc:
            database.session.rollback()
            errors = [
                {"message": gettext(message), "field": None if field == "form" else field}
                for field, message in exc.errors.items()
            ]
        else:
            database.session.commit()
            return render_template("portal/edit_sent.html", service=service)
    return render_template("portal/edit_service.html", form=form, service=service, errors=errors), (
        400 if errors else 200
    )
