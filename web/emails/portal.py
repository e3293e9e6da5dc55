"""The portal's emails to people: invitations, registrations, decisions and password resets.

Each function writes one email in its recipient's language and sends it after the current unit of work
commits (see the package docstring); the links are made here, the wording is in the templates and the
subjects, which are lazy: `_tell` translates them in the recipient's language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext
from sqlalchemy.orm import object_session

from directory.models import UserRole
from directory.portal.joining import invitation_neighbourhoods
from directory.portal.neighbourhood_team import every_neighbourhood

from ..urls import public_url
from . import compose, send, written_to


def _tell(to: str, subject: Any, template: str, what: str, **context: Any) -> None:
    """Write `emails/{template}.txt` to `to` in their language, to be sent once the change commits."""
    with written_to(to):
        send(compose(to=to, subject=str(subject), template=template, what=what, **context))


def invitation(invitation: Any, token: str, inviter: Any) -> None:
    _tell(  # a new address has no language of its own: the inviter's
        invitation.email,
        lazy_gettext("You are invited to the Around Here portal"),
        "invitation",
        "invitation",
        inviter=inviter.display_name or inviter.email,
        moderator=invitation.role == UserRole.MODERATOR.value,
        team=invitation.role == UserRole.NEIGHBOURHOOD_TEAM.value,
        neighbourhoods=", ".join(_neighbourhood_names(invitation)),
        organisation=invitation.organization.name if invitation.organization else "",
        link=public_url("portal.join", token=token),
    )


def _neighbourhood_names(invitation: Any) -> list[str]:
    """The names of the neighbourhoods a neighbourhood team invitation offers (none for other roles)."""
    slugs = invitation_neighbourhoods(invitation)
    session = object_session(invitation)
    if not slugs or session is None:
        return slugs
    names = {hood.slug: hood.name for hood in every_neighbourhood(session)}
    return [names.get(slug, slug) for slug in slugs]


def registration_confirmation(address: str, token: str, organisation: str) -> None:
    _tell(  # no account yet: the registrant's language
        address,
        lazy_gettext("Confirm your email address for the Around Here portal"),
        "registration_confirmation",
        "registration",
        organisation=organisation,
        link=public_url("portal.confirm_registration", token=token),
    )


def already_registered(address: str) -> None:
    subject = lazy_gettext("You already have an Around Here portal account")
    _tell(address, subject, "already_registered", "registration", link=public_url("portal.sign_in"))


def claim_decision(claim: Any, approved: bool) -> None:
    name = claim.organization.name
    if approved:
        subject = lazy_gettext("You can now manage %(organisation)s on Around Here", organisation=name)
    else:
        subject = lazy_gettext("Your request to manage %(organisation)s was turned down", organisation=name)
    context = {"approved": approved, "note": claim.note, "organisation": name}
    _tell(
        claim.user.email,
        subject,
        "claim_decision",
        "claim decision",
        link=public_url("portal.sign_in"),
        **context,
    )


def revision_decision(revision: Any, approved: bool) -> None:
    name = revision.service.name
    if approved:
        subject = lazy_gettext("Your changes to %(name)s are published", name=name)
    else:
        subject = lazy_gettext("Your changes to %(name)s were not published", name=name)
    context = {"approved": approved, "note": revision.note, "name": name}
    _tell(revision.author.email, subject, "revision_decision", "moderation decision", **context)


def password_reset(address: str, token: str) -> None:
    subject = lazy_gettext("Reset your Around Here password")
    _tell(
        address,
        subject,
        "password_reset",
        "password reset",
        link=public_url("portal.reset_password", token=token),
    )
