"""Council administrators see an organisation and decide whether it publishes its edits directly."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from directory.models import Organization, Service
from directory.portal import accounts, revisions

from ..extensions import database
from ..transaction import transaction
from .blueprint import bp
from .common import signed_in_user
from .forms import PublishingForm

log = logging.getLogger(__name__)


def _council_admin() -> Any:
    user = signed_in_user()
    if not accounts.is_council_admin(user):
        abort(403)
    return user


@bp.get("/organisations/<organization_id>")
def organisation(organization_id: str) -> Any:
    _council_admin()
    organization = database.session.get(Organization, organization_id)
    if organization is None:
        abort(404)
    services = database.session.scalars(
        select(Service).where(Service.organization_id == organization.id).order_by(Service.name, Service.id)
    ).all()
    return render_template(
        "portal/organisation.html", organization=organization, services=services, form=PublishingForm()
    )


@bp.post("/organisations/<organization_id>/publishing")
def organisation_publishing(organization_id: str) -> Any:
    user = _council_admin()
    form = PublishingForm()
    if not form.validate_on_submit():
        abort(400)
    value = request.form.get("publishes_directly") == "yes"
    with transaction():  # an unknown organisation is a 404 (errors.py)
        revisions.set_publishes_directly(
            database.session, user=user, organization_id=organization_id, value=value
        )
    log.info("organisation %s publishes directly: %s", organization_id, value)
    flash(
        gettext("Changes by this organisation are now published at once.")
        if value
        else gettext("Changes by this organisation now wait for a moderator."),
        "notice",
    )
    return redirect(url_for("portal.organisation", organization_id=organization_id), code=303)
