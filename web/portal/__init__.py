"""The portal for the people who keep listings up to date (issue 7): accounts, edits and moderation.

Every view needs a signed-in session except sign-in and password reset (marked `public`); see
`auth.require_session`, which runs before each view. Views stay thin: the rules are in
`directory.accounts`, which flushes; the views own the transactions.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from directory import accounts, revisions
from directory.models import MembershipRole, UserRole

from ..extensions import database, mailer, rate_limiter
from . import auth
from .forms import DecisionForm, EditServiceForm, ResetForm, ResetRequestForm, SignInForm, SignOutForm

log = logging.getLogger(__name__)

bp = Blueprint("portal", __name__, template_folder="../templates")
bp.before_request(auth.require_session)

ROLE_LABELS = {
    UserRole.COUNCIL_ADMIN.value: lazy_gettext("Council administrator"),
    UserRole.MODERATOR.value: lazy_gettext("Moderator"),
}
MEMBERSHIP_LABELS = {
    MembershipRole.ORG_ADMIN.value: lazy_gettext("Organisation administrator"),
    MembershipRole.ORG_EDITOR.value: lazy_gettext("Editor"),
}


def _now() -> datetime:
    return datetime.now(UTC)


def _client() -> str:
    return request.remote_addr or "unknown"


def _too_many(name: str, config_key: str) -> float | None:
    return rate_limiter.hit(name, _client(), config_key)


@bp.after_request
def _private(response: Response) -> Response:
    """Portal pages are personal: never cached; reset links (tokens in the path) never sent as Referer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


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
            errors = [
                {
                    "message": gettext("Too many attempts to sign in. Wait a few minutes and try again."),
                    "field": None,
                }
            ]
            response = current_app.make_response(
                (render_template("portal/sign_in.html", form=form, errors=errors, next=nxt), 429)
            )
            response.headers["Retry-After"] = str(int(wait) + 1)
            return response
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
    user = auth.current_user()
    assert user is not None
    return render_template(
        "portal/dashboard.html",
        user=user,
        role_label=str(ROLE_LABELS[user.role]) if user.role in ROLE_LABELS else None,
        memberships=[
            (
                membership.organization.name,
                str(MEMBERSHIP_LABELS.get(membership.role, MEMBERSHIP_LABELS["org_editor"])),
            )
            for membership in accounts.memberships(database.session, user)
        ],
        edits_everything=accounts.is_council_admin(user),
        sign_out_form=SignOutForm(),
    )


def _reset_link(token: str) -> str:
    path = url_for("portal.reset_password", token=token)
    base = current_app.config.get("PUBLIC_URL") or request.host_url.rstrip("/")
    return f"{base}{path}"


def _send_reset_email(address: str, token: str) -> None:
    link = _reset_link(token)
    body = "\n\n".join(
        [
            gettext("Someone asked to reset the password for your Around Here portal account."),
            gettext("To choose a new password, open this link within 1 hour:"),
            link,
            gettext("If you did not ask for this, you can ignore this email: your password has not changed."),
        ]
    )
    try:
        mailer.send(to=address, subject=gettext("Reset your Around Here password"), body=body + "\n")
    except (smtplib.SMTPException, OSError):
        log.exception("could not send a password reset email")  # the address is not logged


@bp.route("/password-reset", methods=["GET", "POST"])
@auth.public
def request_reset() -> Any:
    form = ResetRequestForm()
    if request.method == "POST" and form.validate_on_submit():
        if _too_many("portal-reset", "PORTAL_RESET_RATE_LIMIT") is None:
            token = accounts.start_password_reset(database.session, form.email.data or "", _now())
            database.session.commit()
            if token is not None:
                _send_reset_email(accounts.normalise_email(form.email.data), token)
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
            accounts.complete_password_reset(database.session, token, form.password.data or "", _now())
        except accounts.ValidationError as exc:
            database.session.rollback()
            errors = [{"message": gettext(message), "field": field} for field, message in exc.errors.items()]
        except accounts.InvalidResetToken:
            database.session.rollback()
            return render_template("portal/reset_invalid.html"), 404
        else:
            database.session.commit()
            auth.sign_out()  # any session in this browser ends; sign in with the new password
            flash(gettext("Your password has been changed. Sign in with your new password."), "notice")
            return redirect(url_for("portal.sign_in"), code=303)
    return render_template("portal/reset_password.html", form=form, errors=errors, token=token), (
        400 if errors else 200
    )


# -- editing services and moderating the edits ------------------------------------------------------------

FIELD_LABELS = {
    "name": lazy_gettext("Name"),
    "description": lazy_gettext("Description"),
    "email": lazy_gettext("Email address"),
    "url": lazy_gettext("Website"),
    "eligibility_description": lazy_gettext("Who can use it"),
}


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


def _moderator() -> Any:
    user = auth.current_user()
    if not accounts.can_moderate(user):
        abort(403)
    return user


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
    try:
        mailer.send(
            to=revision.author.email, subject=subject.replace("\n", " "), body="\n\n".join(lines) + "\n"
        )
    except (smtplib.SMTPException, OSError, ValueError):
        log.exception("could not send a moderation decision email")


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
