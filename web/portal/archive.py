"""Archiving a listing (the portal's "delete"): confirm, archive, and undo within 30 days."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm

from directory.models import Service, User
from directory.opening import LONDON
from directory.portal import archive as directory_archive

from .. import formatting
from ..extensions import database
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import now as _now
from .common import signed_in_user

log = logging.getLogger(__name__)


class ArchiveForm(FlaskForm):
    """Only the CSRF token."""


def _day(value: datetime | None) -> str:
    return formatting.long_date(value.astimezone(LONDON)) if value is not None else ""


def _service(user: User, service_id: str) -> Service:
    """The service if `user` may archive it: 404 for another organisation's, 403 for an editor."""
    try:
        return directory_archive.archived_service(database.session, user, service_id)
    except directory_archive.NotFound:
        abort(404)
    except directory_archive.NotAllowed:
        abort(403)


@bp.app_template_global("may_archive_listing")
def may_archive_listing(service_id: str) -> bool:
    """For the portal's pages: whether the signed-in user may archive this service (offer the link)."""
    user = auth.current_user()
    service = database.session.get(Service, service_id)
    return service is not None and directory_archive.may_archive(database.session, user, service)


@bp.route("/services/<service_id>/archive", methods=["GET", "POST"])
def archive_service(service_id: str) -> Any:
    user = signed_in_user()
    service = _service(user, service_id)
    form = ArchiveForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        now = _now()
        with transaction():
            directory_archive.archive(database.session, user=user, service_id=service.id, now=now)
        flash(
            gettext(
                "%(name)s is archived. Residents can no longer find it. "
                "It will be removed for good on %(date)s unless you undo this.",
                name=service.name,
                date=_day(directory_archive.removal_date(service)),
            ),
            "notice",
        )
        return redirect(url_for("portal.archived_services"), code=303)
    if service.archived_at is not None:
        return redirect(url_for("portal.archived_services"), code=303)
    removal = _now() + timedelta(days=directory_archive.PURGE_AFTER_DAYS)
    return render_template("portal/archive_confirm.html", service=service, form=form, removal=_day(removal))


@bp.post("/services/<service_id>/unarchive")
def unarchive_service(service_id: str) -> Any:
    user = signed_in_user()
    service = _service(user, service_id)
    if not ArchiveForm().validate_on_submit():
        abort(400)
    with transaction():  # too late (it is due to be removed for good) is a 404: errors.py
        directory_archive.unarchive(database.session, user=user, service_id=service.id, now=_now())
    flash(gettext("%(name)s is back. Residents can find it again.", name=service.name), "notice")
    return redirect(url_for("portal.archived_services"), code=303)


@bp.get("/archived")
def archived_services() -> Any:
    user = signed_in_user()
    now = _now()
    items = []
    for service in directory_archive.archived_services(database.session, user):
        removal = directory_archive.removal_date(service)
        items.append(
            {
                "service": service,
                "archived_on": _day(service.archived_at),
                "removed_on": _day(removal),
                "can_undo": removal is not None
                and now <= removal
                and directory_archive.may_archive(database.session, user, service),
            }
        )
    return render_template("portal/archive_list.html", items=items, form=ArchiveForm())
