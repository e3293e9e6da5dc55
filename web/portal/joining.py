"""Joining the portal: invitations by email, registrations that claim an organisation, and the
moderators' list of claims. The rules are in `directory.portal.joining`."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from directory.errors import ValidationError
from directory.models import MembershipRole, UserRole
from directory.portal import accounts, joining, neighbourhood_team

from ..emails import portal as emails
from ..extensions import database
from ..formatting import and_list
from ..i18n import current_language
from ..transaction import transaction
from . import auth
from .blueprint import bp
from .common import moderate, signed_in_user
from .common import moderator as _moderator
from .common import now as _now
from .common import too_many as _too_many
from .errors import error_items, rate_limited
from .forms import AcceptForm, DecisionForm, InviteForm, JoinForm, RegisterForm

log = logging.getLogger(__name__)

ROLE_CHOICES = {
    MembershipRole.ORG_ADMIN.value: lazy_gettext(
        "Organisation administrator: edits listings and invites editors"
    ),
    MembershipRole.ORG_EDITOR.value: lazy_gettext("Editor: edits the organisation's listings"),
    UserRole.MODERATOR.value: lazy_gettext("Council moderator: checks changes and claims (no organisation)"),
    UserRole.NEIGHBOURHOOD_TEAM.value: lazy_gettext(
        "Neighbourhood team member: sees the insight of the neighbourhoods you choose (no organisation)"
    ),
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

    return {
        "waiting_claim_names": waiting_claim_names,
        "joining_links": joining_links,
        "invitation_neighbourhood_names": invitation_neighbourhood_names,
    }


# -- invitations --------------------------------------------------------------------------------------


ROLE_NAMES = {  # how the success message and the list of sent invitations name each role
    MembershipRole.ORG_ADMIN.value: lazy_gettext("organisation administrator"),
    MembershipRole.ORG_EDITOR.value: lazy_gettext("editor"),
    UserRole.MODERATOR.value: lazy_gettext("council moderator"),
    UserRole.NEIGHBOURHOOD_TEAM.value: lazy_gettext("neighbourhood team member"),
}


def neighbourhood_names(slugs: list[str]) -> list[str]:
    """The names of these neighbourhoods, in the order of the slugs (a slug no longer known as itself)."""
    names = {hood.slug: hood.name for hood in neighbourhood_team.every_neighbourhood(database.session)}
    return [names.get(slug, slug) for slug in slugs]


def invitation_neighbourhood_names(invitation: Any) -> list[str]:
    return neighbourhood_names(joining.invitation_neighbourhoods(invitation))


def _inviter() -> Any:
    user = signed_in_user()
    if not joining.may_invite(database.session, user):
        abort(403)
    return user


def _choose_organisation(organizations: list[Any], typed: str) -> tuple[str | None, str | None]:
    """(the organisation id, None) for a name that names one organisation, else (None, the error)."""
    try:
        return joining.organisation_by_name(organizations, typed).id, None
    except joining.OrganisationChoice as choice:
        if not typed.strip():
            return None, gettext("Enter the name of the organisation")
        if choice.candidates:
            names = ", ".join(o.name for o in choice.candidates)
            return None, gettext(
                "More than one organisation matches “%(typed)s”. Enter the full name, for example: %(names)s",
                typed=typed.strip(),
                names=names,
            )
        return None, gettext("No organisation is called “%(typed)s”. Check the name", typed=typed.strip())


def _sent_message(invitation: Any) -> str:
    role = str(ROLE_NAMES.get(invitation.role, invitation.role))
    if invitation.role == UserRole.NEIGHBOURHOOD_TEAM.value:
        return gettext(
            "We have sent an invitation to %(email)s to be a neighbourhood team member for %(neighbourhoods)s.",
            email=invitation.email,
            neighbourhoods=and_list(invitation_neighbourhood_names(invitation)),
        )
    if invitation.organization is not None:
        return gettext(
            "We have sent an invitation to %(email)s to join %(organisation)s as %(role)s.",
            email=invitation.email,
            organisation=invitation.organization.name,
            role=role,
        )
    return gettext(
        "We have sent an invitation to %(email)s to be a %(role)s.", email=invitation.email, role=role
    )


@bp.route("/invitations", methods=["GET", "POST"])
def invite() -> Any:
    user = _inviter()
    form = InviteForm()
    organizations = joining.invitable_organizations(database.session, user)
    roles = joining.invitable_roles(user)
    form.role.choices = [(role, str(ROLE_CHOICES[role])) for role in roles]
    if len(roles) == 1 and not form.role.data:
        form.role.data = roles[0]
    if request.method == "GET" and len(organizations) == 1:
        form.organization.data = organizations[0].name  # nothing to choose
    errors: list[dict[str, str | None]] = []
    chosen_neighbourhoods = request.form.getlist("neighbourhoods")[:100]
    if request.method == "POST" and form.validate_on_submit():
        typed = form.organization.data or ""
        organization_id, problem = None, None
        if form.role.data not in joining.STAFF_ROLES:
            organization_id, problem = _choose_organisation(organizations, typed)
        try:
            with transaction():
                invitation, token = joining.invite(
                    database.session,
                    inviter=user,
                    email=form.email.data or "",
                    organization_id=organization_id,
                    role=form.role.data or "",
                    now=_now(),
                    neighbourhoods=chosen_neighbourhoods,
                )
                emails.invitation(invitation, token, user)
                message = _sent_message(invitation)
        except ValidationError as exc:
            errors = error_items(exc)
            if problem:  # the directory only knows that no organisation was chosen: say why
                errors = [e for e in errors if e["field"] != "organization"]
                errors.append({"message": problem, "field": "organization"})
        else:
            flash(message, "notice")
            return redirect(url_for("portal.invite"), code=303)
        if organization_id and not problem:
            chosen = next((o for o in organizations if o.id == organization_id), None)
            form.organization.data = chosen.name if chosen is not None else typed
    return render_template(
        "portal/join_invite.html",
        form=form,
        errors=errors,
        field_errors=_field_errors(errors),
        may_invite_staff=UserRole.MODERATOR.value in roles,
        moderator_role=UserRole.MODERATOR.value,
        staff_roles=joining.STAFF_ROLES,
        team_role=UserRole.NEIGHBOURHOOD_TEAM.value,
        neighbourhoods=(
            neighbourhood_team.every_neighbourhood(database.session)
            if UserRole.NEIGHBOURHOOD_TEAM.value in roles
            else []
        ),
        chosen_neighbourhoods=set(chosen_neighbourhoods),
        organizations=organizations,
        sent=joining.sent_invitations(database.session, user, _now()),
        role_names={role: str(name) for role, name in ROLE_NAMES.items()},
        now=_now(),
        action_form=AcceptForm(),
    ), (400 if errors else 200)


@bp.post("/invitations/<invitation_id>/resend")
def resend_invitation(invitation_id: str) -> Any:
    user = _inviter()
    if not AcceptForm().validate_on_submit():
        abort(400)
    try:
        with transaction():
            invitation, token = joining.resend_invitation(
                database.session, user=user, invitation_id=invitation_id, now=_now()
            )
            emails.invitation(invitation, token, user)
            address = invitation.email
    except joining.NotFound:
        abort(404)
    flash(
        gettext(
            "We have sent the invitation to %(email)s again. The new link works for 7 days.", email=address
        ),
        "notice",
    )
    return redirect(url_for("portal.invite"), code=303)


@bp.route("/invitations/<invitation_id>/cancel", methods=["GET", "POST"])
def cancel_invitation(invitation_id: str) -> Any:
    """GET asks to confirm; POST, with its CSRF token, deletes the invitation so its link stops working."""
    user = _inviter()
    form = AcceptForm()
    try:
        invitation = joining.managed_invitation(database.session, user, invitation_id, _now())
    except joining.NotFound:
        abort(404)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            with transaction():
                cancelled = joining.cancel_invitation(
                    database.session, user=user, invitation_id=invitation_id, now=_now()
                )
                address = cancelled.email
        except joining.NotFound:  # pragma: no cover - found just above
            abort(404)
        log.info("an invitation was cancelled")
        flash(
            gettext("The invitation to %(email)s is cancelled. Its link no longer works.", email=address),
            "notice",
        )
        return redirect(url_for("portal.invite"), code=303)
    return render_template(
        "portal/invitation_cancel.html",
        invitation=invitation,
        role=str(ROLE_NAMES.get(invitation.role, invitation.role)),
        form=form,
    )


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
            with transaction():
                user = joining.accept_as_new_user(
                    database.session,
                    token,
                    display_name=form.name.data or "",
                    password=form.password.data or "",
                    now=_now(),
                )
                user.language = current_language().code
        except ValidationError as exc:
            errors = error_items(exc)
        except joining.NotFound:
            return render_template("portal/join_invalid.html"), 404
        else:
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
        team_role=UserRole.NEIGHBOURHOOD_TEAM.value,
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
            team_role=UserRole.NEIGHBOURHOOD_TEAM.value,
        )
    form = AcceptForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            with transaction():
                joining.accept_as_user(database.session, token, user, _now())
                user.language = user.language or current_language().code
        except joining.NotFound:
            return render_template("portal/join_invalid.html"), 404
        flash(gettext("You have accepted the invitation."), "notice")
        return redirect(url_for("portal.dashboard"), code=303)
    return render_template(
        "portal/join_accept.html",
        form=form,
        invitation=invitation,
        token=token,
        moderator_role=UserRole.MODERATOR.value,
        team_role=UserRole.NEIGHBOURHOOD_TEAM.value,
    )


# -- registrations ------------------------------------------------------------------------------------


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
            message = gettext("Too many requests from here. Wait a few minutes and try again.")
            return rate_limited(wait, message, lambda errors: _register_page(form, errors))
        try:
            with transaction():
                registration = joining.register(
                    database.session,
                    email=form.email.data or "",
                    display_name=form.name.data or "",
                    password=form.password.data or "",
                    organization_id=form.organization.data or "",
                    message=form.message.data or "",
                    now=_now(),
                )
                if registration.token is not None:
                    organisation = dict(form.organization.choices).get(form.organization.data, "")
                    emails.registration_confirmation(
                        registration.email, registration.token, str(organisation)
                    )
                else:
                    emails.already_registered(registration.email)
        except ValidationError as exc:
            errors = error_items(exc)
        else:
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
            with transaction():
                user = joining.confirm_registration(database.session, token, _now())
                user.language = current_language().code
        except joining.NotFound:  # pragma: no cover - checked just above, in the same transaction
            return render_template("portal/join_invalid.html"), 404
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


def _decide_claim(claim_id: str, approve: bool) -> Any:
    def decide(user: Any, note: str) -> None:
        claim = joining.decide_claim(
            database.session, moderator=user, claim_id=claim_id, approve=approve, note=note, now=_now()
        )
        emails.claim_decision(claim, approve)

    try:
        return moderate(
            decide,
            done=gettext("The request is approved.") if approve else gettext("The request was turned down."),
            endpoint="portal.claims",
        )
    except ValidationError as exc:
        for error in error_items(exc):
            flash(str(error["message"]), "notice")
        return redirect(url_for("portal.claims"), code=303)


@bp.post("/claims/<claim_id>/approve")
def approve_claim(claim_id: str) -> Any:
    return _decide_claim(claim_id, approve=True)


@bp.post("/claims/<claim_id>/reject")
def reject_claim(claim_id: str) -> Any:
    return _decide_claim(claim_id, approve=False)
