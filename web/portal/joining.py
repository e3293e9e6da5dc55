"""Joining the portal: invitations by email, registrations that claim an organisation, and the
moderators' list of claims. The rules are in `directory.portal.joining`."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from directory.errors import ValidationError
from directory.models import MembershipRole, UserRole
from directory.portal import accounts, joining

from ..extensions import database
from ..urls import public_url
from . import auth
from .blueprint import bp
from .common import error_items, send_email, signed_in_user
from .common import moderator as _moderator
from .common import now as _now
from .common import too_many as _too_many
from .forms import AcceptForm, DecisionForm, InviteForm, JoinForm, RegisterForm

log = logging.getLogger(__name__)

ROLE_CHOICES = {
    MembershipRole.ORG_ADMIN.value: lazy_gettext(
        "Organisation administrator: edits listings and invites editors"
    ),
    MembershipRole.ORG_EDITOR.value: lazy_gettext("Editor: edits the organisation's listings"),
    UserRole.MODERATOR.value: lazy_gettext("Council moderator: checks changes and claims (no organisation)"),
}


def _field_errors(errors: list[dict[str, str | None]]) -> dict[str, str]:
    return {str(e["field"]): str(e["message"]) for e in errors if e["field"]}


@bp.context_processor
def _joining_helpers() -> dict[str, Any]:
    """For the portal's home page: the signed-in user's waiting claims and their staff links."""

    def waiting_claim_names() -> list[str]:
        user = auth.current_user()
        if user is None:
            return []
        return [claim.organization.name for claim in joining.waiting_claims(database.session, user)]

    def joining_links() -> list[tuple[str, str]]:
        user = auth.current_user()
        links: list[tuple[str, str]] = []
        if user is None:
            return links
        if joining.may_invite(database.session, user):
            links.append((url_for("portal.invite"), gettext("Invite someone")))
        if accounts.can_moderate(user):
            links.append((url_for("portal.claims"), gettext("Requests to manage an organisation")))
            links.append((url_for("portal.two_step"), gettext("Two-step sign-in")))
        if accounts.is_council_admin(user):
            links.append((url_for("portal.users"), gettext("People with two-step sign-in")))
        return links

    return {"waiting_claim_names": waiting_claim_names, "joining_links": joining_links}


# -- invitations --------------------------------------------------------------------------------------


def _send_invitation(invitation: Any, token: str, inviter: Any) -> None:
    who = inviter.display_name or inviter.email
    if invitation.role == UserRole.MODERATOR.value:
        offer = gettext(
            "%(name)s has invited you to moderate the Around Here portal for the council.", name=who
        )
    else:
        offer = gettext(
            "%(name)s has invited you to help keep the listings of %(organisation)s up to date on the "
            "Around Here portal.",
            name=who,
            organisation=invitation.organization.name,
        )
    send_email(
        to=invitation.email,
        subject=gettext("You are invited to the Around Here portal"),
        lines=[
            offer,
            gettext("To accept, open this link within 7 days:"),
            public_url("portal.join", token=token),
            gettext("If you were not expecting this, you can ignore this email."),
        ],
        what="invitation",
    )


@bp.route("/invitations", methods=["GET", "POST"])
def invite() -> Any:
    user = signed_in_user()
    if not joining.may_invite(database.session, user):
        abort(403)
    form = InviteForm()
    form.organization.choices = [("", gettext("Choose an organisation"))] + [
        (o.id, o.name) for o in joining.invitable_organizations(database.session, user)
    ]
    roles = joining.invitable_roles(user)
    form.role.choices = [(role, str(ROLE_CHOICES[role])) for role in roles]
    if len(roles) == 1 and not form.role.data:
        form.role.data = roles[0]
    errors: list[dict[str, str | None]] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            invitation, token = joining.invite(
                database.session,
                inviter=user,
                email=form.email.data or "",
                organization_id=form.organization.data or None,
                role=form.role.data or "",
                now=_now(),
            )
        except ValidationError as exc:
            database.session.rollback()
            errors = error_items(exc)
        else:
            database.session.commit()
            _send_invitation(invitation, token, user)
            flash(gettext("We have sent an invitation to %(email)s.", email=invitation.email), "notice")
            return redirect(url_for("portal.invite"), code=303)
    return render_template(
        "portal/join_invite.html",
        form=form,
        errors=errors,
        field_errors=_field_errors(errors),
        may_invite_staff=UserRole.MODERATOR.value in roles,
    ), (400 if errors else 200)


@bp.route("/join/<token>", methods=["GET", "POST"])
@auth.public
def join(token: str) -> Any:
    invitation = joining.usable_invitation(database.session, token, _now())
    if invitation is None:
        return render_template("portal/join_invalid.html"), 404
    if not joining.needs_new_account(database.session, invitation):
        existing = accounts.find_user(database.session, invitation.email)
        return _join_existing(token, invitation, existing)
    form = JoinForm()
    errors: list[dict[str, str | None]] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            user = joining.accept_as_new_user(
                database.session,
                token,
                display_name=form.name.data or "",
                password=form.password.data or "",
                now=_now(),
            )
        except ValidationError as exc:
            database.session.rollback()
            errors = error_items(exc)
        except joining.NotFound:
            database.session.rollback()
            return render_template("portal/join_invalid.html"), 404
        else:
            database.session.commit()
            auth.sign_in(user)
            flash(gettext("Welcome to the portal. Your account is ready."), "notice")
            return redirect(url_for("portal.dashboard"), code=303)
    form.password.data = ""
    return render_template(
        "portal/join.html",
        form=form,
        errors=errors,
        field_errors=_field_errors(errors),
        invitation=invitation,
        token=token,
        moderator_role=UserRole.MODERATOR.value,
    ), (400 if errors else 200)


def _join_existing(token: str, invitation: Any, existing: Any) -> Any:
    """The address has an account: its owner signs in, then accepts with one button."""
    user = auth.current_user()
    if user is None or user.id != existing.id:
        return render_template(
            "portal/join_sign_in.html",
            invitation=invitation,
            next=url_for("portal.join", token=token),
            signed_in_as=user.email if user is not None else None,
            moderator_role=UserRole.MODERATOR.value,
        )
    form = AcceptForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            joining.accept_as_user(database.session, token, user, _now())
        except joining.NotFound:
            database.session.rollback()
            return render_template("portal/join_invalid.html"), 404
        database.session.commit()
        flash(gettext("You have accepted the invitation."), "notice")
        return redirect(url_for("portal.dashboard"), code=303)
    return render_template(
        "portal/join_accept.html",
        form=form,
        invitation=invitation,
        token=token,
        moderator_role=UserRole.MODERATOR.value,
    )


# -- registrations ------------------------------------------------------------------------------------


def _send_confirmation(address: str, token: str, organisation: str) -> None:
    send_email(
        to=address,
        subject=gettext("Confirm your email address for the Around Here portal"),
        lines=[
            gettext(
                "You asked to manage the listings of %(organisation)s on the Around Here portal.",
                organisation=organisation,
            ),
            gettext("To confirm your email address, open this link within 24 hours:"),
            public_url("portal.confirm_registration", token=token),
            gettext("If you did not ask for this, you can ignore this email: no account is made."),
        ],
        what="registration",
    )


def _send_already_registered(address: str) -> None:
    send_email(
        to=address,
        subject=gettext("You already have an Around Here portal account"),
        lines=[
            gettext(
                "Someone asked to register on the Around Here portal with this email address, "
                "but it already has an account."
            ),
            gettext("Sign in here. If you have forgotten your password, you can reset it from this page:"),
            public_url("portal.sign_in"),
            gettext(
                "To manage another organisation, ask the council. If this was not you, you can ignore this email."
            ),
        ],
        what="registration",
    )


@bp.route("/register", methods=["GET", "POST"])
@auth.public
def register() -> Any:
    form = RegisterForm()
    form.organization.choices = [("", gettext("Choose an organisation"))] + [
        (o.id, o.name) for o in joining.claimable_organizations(database.session)
    ]
    errors: list[dict[str, str | None]] = []
    if request.method == "POST" and form.validate_on_submit():
        wait = _too_many("portal-register", "PORTAL_REGISTER_RATE_LIMIT")
        if wait is not None:
            errors = [
                {
                    "message": gettext("Too many requests from here. Wait a few minutes and try again."),
                    "field": None,
                }
            ]
            response = current_app.make_response((_register_page(form, errors), 429))
            response.headers["Retry-After"] = str(int(wait) + 1)
            return response
        try:
            registration = joining.register(
                database.session,
                email=form.email.data or "",
                display_name=form.name.data or "",
                password=form.password.data or "",
                organization_id=form.organization.data or "",
                message=form.message.data or "",
                now=_now(),
            )
        except ValidationError as exc:
            database.session.rollback()
            errors = error_items(exc)
        else:
            database.session.commit()
            if registration.token is not None:
                organisation = dict(form.organization.choices).get(form.organization.data, "")
                _send_confirmation(registration.email, registration.token, str(organisation))
            else:
                _send_already_registered(registration.email)
            # The same answer whether or not the address has an account already.
            return render_template("portal/register_sent.html")
    return _register_page(form, errors), (400 if errors else 200)


def _register_page(form: RegisterForm, errors: list[dict[str, str | None]]) -> str:
    form.password.data = ""
    return render_template(
        "portal/register.html", form=form, errors=errors, field_errors=_field_errors(errors)
    )


@bp.route("/register/<token>", methods=["GET", "POST"])
@auth.public
def confirm_registration(token: str) -> Any:
    link = joining.usable_confirmation(database.session, token, _now())
    if link is None:
        return render_template("portal/join_invalid.html"), 404
    form = AcceptForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            user = joining.confirm_registration(database.session, token, _now())
        except joining.NotFound:  # pragma: no cover - checked just above, in the same transaction
            database.session.rollback()
            return render_template("portal/join_invalid.html"), 404
        database.session.commit()
        auth.sign_in(user)
        flash(gettext("Thank you: your email address is confirmed."), "notice")
        return redirect(url_for("portal.dashboard"), code=303)
    return render_template("portal/register_confirm.html", form=form, link=link, token=token)


# -- claims (moderators) ------------------------------------------------------------------------------


@bp.get("/claims")
def claims() -> Any:
    _moderator()
    return render_template(
        "portal/claims.html", claims=joining.pending_claims(database.session), form=DecisionForm()
    )


def _send_claim_decision(claim: Any, approved: bool) -> None:
    name = claim.organization.name
    if approved:
        subject = gettext("You can now manage %(organisation)s on Around Here", organisation=name)
        lines = [
            gettext(
                "A moderator has approved your request to manage the listings of %(organisation)s.",
                organisation=name,
            ),
            gettext("Sign in to the portal to keep them up to date:"),
            public_url("portal.sign_in"),
        ]
    else:
        subject = gettext("Your request to manage %(organisation)s was turned down", organisation=name)
        lines = [
            gettext(
                "A moderator has checked your request to manage the listings of %(organisation)s and turned it down.",
                organisation=name,
            )
        ]
    if claim.note:
        lines += [gettext("Note from the moderator:"), claim.note]
    send_email(to=claim.user.email, subject=subject, lines=lines, what="claim decision")


def _decide_claim(claim_id: str, approve: bool) -> Any:
    user = _moderator()
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        claim = joining.decide_claim(
            database.session,
            moderator=user,
            claim_id=claim_id,
            approve=approve,
            note=form.note.data or "",
            now=_now(),
        )
    except joining.NotFound:
        database.session.rollback()
        abort(404)
    except ValidationError as exc:
        database.session.rollback()
        for error in error_items(exc):
            flash(str(error["message"]), "notice")
        return redirect(url_for("portal.claims"), code=303)
    database.session.commit()
    _send_claim_decision(claim, approve)
    flash(
        gettext("The request is approved.") if approve else gettext("The request was turned down."),
        "notice",
    )
    return redirect(url_for("portal.claims"), code=303)


@bp.post("/claims/<claim_id>/approve")
def approve_claim(claim_id: str) -> Any:
    return _decide_claim(claim_id, approve=True)


@bp.post("/claims/<claim_id>/reject")
def reject_claim(claim_id: str) -> Any:
    return _decide_claim(claim_id, approve=False)
