"""Keeping listings fresh: "still accurate" in one click (portal or emailed link) and the moderators'
overview of work waiting and listings going stale. The rules are in `directory.portal.freshness`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from directory.models import Neighbourhood, Service, User
from directory.opening import LONDON
from directory.portal import accounts, dashboard, freshness
from directory.portal.revisions import NotFound

from ..extensions import database
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .common import signed_in_user

log = logging.getLogger(__name__)

TOKEN_SALT = "confirm-listing"


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the button says what it does."""


def today() -> date:
    """Today in the borough (a listing confirmed at 00:30 in London was checked on that day)."""
    return _now().astimezone(LONDON).date()


def policy() -> freshness.Policy:
    return freshness.Policy.from_config(current_app.config)


# -- the one-click link in reminders ---------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def confirm_token(service_id: str, cycle: date, user_id: str | None) -> str:
    """A signed token for one service and confirmation cycle (and the user the email went to)."""
    return _serializer().dumps({"s": service_id, "c": cycle.isoformat(), "u": user_id})


@dataclass(frozen=True)
class LinkClaim:
    service_id: str
    cycle: date
    user_id: str | None


def read_confirm_token(token: str) -> LinkClaim | None:
    """What a token from a reminder says, or None when it is forged, damaged or too old."""
    max_age = int(current_app.config.get("FRESHNESS_LINK_MAX_AGE_DAYS", 120)) * 86400
    if not token or len(token) > 1000:
        return None
    try:
        data = _serializer().loads(token, max_age=max_age)
        claim = LinkClaim(str(data["s"]), date.fromisoformat(data["c"]), data.get("u"))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    if claim.user_id is not None and not isinstance(claim.user_id, str):
        return None
    return claim


def _link_invalid() -> Any:
    return render_template("portal/confirm_invalid.html"), 404


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@auth.public
def confirm_link(token: str) -> Any:
    """GET only shows the button (mail scanners follow links); POST, with its CSRF token, confirms."""
    claim = read_confirm_token(token)
    if claim is None:
        return _link_invalid()
    try:
        service = freshness.service_for_link(database.session, service_id=claim.service_id, cycle=claim.cycle)
    except NotFound:
        return _link_invalid()
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            with transaction():
                service = freshness.confirm_from_link(
                    database.session,
                    service_id=claim.service_id,
                    cycle=claim.cycle,
                    user_id=claim.user_id,
                    email=None,  # the organisation's own address, never a person's: it is published
                    today=today(),
                    now=_now(),
                )
        except NotFound:
            return _link_invalid()
        return render_template("portal/confirm_done.html", service=service, next_due=_due(service))
    return render_template("portal/confirm_link.html", service=service, form=form, token=token)


def _due(service: Service) -> date:
    return freshness.review_due(service, policy())


# -- confirming in the portal ------------------------------------------------------------------------


@bp.post("/services/<service_id>/confirm")
def confirm_service(service_id: str) -> Any:
    user = signed_in_user()
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    # NotFound is a 404 (errors.py), the same for another organisation's service: never reveal it exists
    with transaction():
        service = freshness.confirm(
            database.session, user=user, service_id=service_id, today=today(), now=_now()
        )
        name = service.name
    flash(gettext("Thank you. You confirmed that %(name)s is still accurate.", name=name), "notice")
    return redirect(url_for("portal.dashboard", _anchor=f"service-{service_id}"), code=303)


@dataclass(frozen=True)
class ServiceRow:
    id: str
    name: str
    last_checked: date | None
    review_due: date
    overdue: bool
    hidden: bool
    state: str  # `dashboard.listing_state`: what the volunteer is told first


@dataclass(frozen=True)
class OrganisationServices:
    id: str
    name: str
    role: str
    services: list[ServiceRow]


def organisation_services(user: User, role_labels: dict[str, str]) -> list[OrganisationServices]:
    """The services of each organisation `user` belongs to, for the portal's home page."""
    rules = policy()
    now_date = today()
    found = []
    for membership in accounts.memberships(database.session, user):
        services = database.session.scalars(
            select(Service)
            .where(Service.organization_id == membership.organization.id, Service.archived_at.is_(None))
            .order_by(Service.name, Service.id)
        ).all()
        found.append((membership, services))
    states = dashboard.edit_states(database.session, [s.id for _, services in found for s in services])
    result = []
    for membership, services in found:
        rows = []
        for s in services:
            overdue = freshness.is_overdue(s, now_date, rules)
            hidden = s.stale_hidden_at is not None
            rows.append(
                ServiceRow(
                    id=s.id,
                    name=s.name,
                    last_checked=s.assured_date,
                    review_due=freshness.review_due(s, rules),
                    overdue=overdue,
                    hidden=hidden,
                    state=dashboard.listing_state(states.get(s.id), hidden=hidden, overdue=overdue),
                )
            )
        organization = membership.organization
        result.append(
            OrganisationServices(
                id=organization.id,
                name=organization.name,
                role=role_labels.get(membership.role, ""),
                services=rows,
            )
        )
    return result


# -- the moderators' overview -----------------------------------------------------------------------


def _endpoint(name: str) -> str | None:
    """`name` if that view exists (some areas of the portal are optional), else None."""
    return name if name in current_app.view_functions else None


@bp.get("/moderation/overview")
def moderation_overview() -> Any:
    _moderator()
    return render_template(
        "portal/moderation_overview.html",
        queues=dashboard.queues(database.session),
        rows=dashboard.freshness_by_neighbourhood(database.session, today(), policy()),
        no_neighbourhood=dashboard.NO_NEIGHBOURHOOD,
        reports_endpoint=_endpoint("portal.reports"),
        claims_endpoint=_endpoint("portal.claims"),
    )


@bp.get("/moderation/overdue")
def overdue_listings() -> Any:
    user = _moderator()
    slug = request.args.get("neighbourhood") or None
    title_name = None
    if slug and slug != dashboard.NO_NEIGHBOURHOOD:
        hood = database.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == slug)).first()
        if hood is None:
            abort(404)
        title_name = hood.name
    rules = policy()
    services = dashboard.stale_services(database.session, today(), neighbourhood=slug, policy=rules)
    return render_template(
        "portal/overdue.html",
        services=[(s, freshness.review_due(s, rules)) for s in services],
        neighbourhood=slug,
        neighbourhood_name=title_name,
        no_neighbourhood=dashboard.NO_NEIGHBOURHOOD,
        can_edit=accounts.is_council_admin(user),
    )
