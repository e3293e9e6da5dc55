"""Signing in and out, the portal's home page and password reset."""

from __future__ import annotations

import logging
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from directory.models import MembershipRole, UserRole
from directory.portal import accounts

from ..emails import portal as emails
from ..extensions import database
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import now as _now
from .common import too_many as _too_many
from .errors import error_items, rate_limited
from .forms import ResetForm, ResetRequestForm, SignInForm, SignOutForm

log = logging.getLogger(__name__)

ROLE_LABELS = {
    UserRole.COUNCIL_ADMIN.value: lazy_gettext("Council administrator"),
    UserRole.MODERATOR.value: lazy_gettext("Moderator"),
    UserRole.NEIGHBOURHOOD_TEAM.value: lazy_gettext("Neighbourhood team"),
}
MEMBERSHIP_LABELS = {
    MembershipRole.ORG_ADMIN.value: lazy_gettext("Organisation administrator"),
    MembershipRole.ORG_EDITOR.value: lazy_gettext("Editor"),
}


@bp.route("/sign-in", methods=["GET", "POST"])
@auth.public
def sign_in() -> Any:
    form = SignInForm()
    nxt = auth.safe_next(request.args.get("next"))
    errors: list[dict[str, str | None]] = []
    status = 200
    if request.method == "POST" and form.validate_on_submit():  # CSRFProtect has refused a bad token
        wait = _too_many("portal-sign-in", "PORTAL_SIGN_IN_RATE_LIMIT")
        if wait is not None:
            return rate_limited(
                wait,
                gettext("Too many attempts to sign in. Wait a few minutes and try again."),
                lambda errors: render_template("portal/sign_in.html", form=form, errors=errors, next=nxt),
            )
        try:
            user = accounts.authenticate(
                database.session, form.email.data or "", form.password.data or "", _now()
            )
        except accounts.AuthenticationFailed as failure:
            database.session.commit()  # keep the count of failed attempts
            errors = [{"message": gettext(failure.message), "field": "email"}]
            status = 400
        else:
            database.session.commit()
            if accounts.needs_second_step(user):  # not signed in until the one-time code is right
                auth.start_second_step(user, nxt)
                return redirect(url_for("portal.sign_in_code"), code=303)
            auth.sign_in(user)
            return redirect(nxt or url_for("portal.dashboard"), code=303)
    form.password.data = ""
    return render_template("portal/sign_in.html", form=form, errors=errors, next=nxt), status


@bp.post("/sign-out")
def sign_out() -> Any:
    auth.sign_out()
    flash(gettext("You have signed out."), "notice")
    return redirect(url_for("portal.sign_in"), code=303)


@bp.get("/")
@auth.login_required
def dashboard() -> Any:
    """A volunteer's listings and where each stands; for council staff also the work waiting, each
    count a link to its queue, and the way into the list of every listing."""
    from directory.portal import dashboard as counts
    from directory.portal import joining

    from .freshness import organisation_services, policy, today  # each service with its review dates

    user = auth.current_user()
    assert user is not None
    if user.role == UserRole.NEIGHBOURHOOD_TEAM.value and not user.memberships:
        return redirect(url_for("portal.insight"))  # insight is all a neighbourhood team member has here
    staff = None
    if accounts.can_moderate(user):
        overdue, hidden = counts.overdue_count(database.session, today(), policy())
        staff = {
            "queues": counts.queues(database.session),
            "overdue": overdue,
            "hidden": hidden,
            "invitations": len(joining.sent_invitations(database.session, user, _now()))
            if joining.may_invite(database.session, user)
            else None,
        }
    return render_template(
        "portal/dashboard.html",
        user=user,
        role_label=str(ROLE_LABELS[user.role]) if user.role in ROLE_LABELS else None,
        organisations=organisation_services(
            user, {role: str(label) for role, label in MEMBERSHIP_LABELS.items()}
        ),
        edits_everything=accounts.is_council_admin(user),
        moderates=accounts.can_moderate(user),
        staff=staff,
        sign_out_form=SignOutForm(),
    )


@bp.route("/password-reset", methods=["GET", "POST"])
@auth.public
def request_reset() -> Any:
    form = ResetRequestForm()
    if request.method == "POST" and form.validate_on_submit():
        if _too_many("portal-reset", "PORTAL_RESET_RATE_LIMIT") is None:
            with transaction():
                token = accounts.start_password_reset(database.session, form.email.data or "", _now())
                if token is not None:
                    emails.password_reset(accounts.normalise_email(form.email.data), token)
        # The same answer whether or not the account exists (and when the limit is reached).
        return render_template("portal/reset_sent.html")
    return render_template("portal/reset_request.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@auth.public
def reset_password(token: str) -> Any:
    if not accounts.reset_token_is_valid(database.session, token, _now()):
        return render_template("portal/reset_invalid.html"), 404
    form = ResetForm()
    errors: list[dict[str, str | None]] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            with transaction():
                accounts.complete_password_reset(database.session, token, form.password.data or "", _now())
        except accounts.ValidationError as exc:
            errors = error_items(exc)
        except accounts.InvalidResetToken:
            return render_template("portal/reset_invalid.html"), 404
        else:
            auth.sign_out()  # any session in this browser ends; sign in with the new password
            flash(gettext("Your password has been changed. Sign in with your new password."), "notice")
            return redirect(url_for("portal.sign_in"), code=303)
    return render_template("portal/reset_password.html", form=form, errors=errors, token=token), (
        400 if errors else 200
    )
