"""How people join the portal: invitations from the council, and registrations that claim an organisation.

Invitations: a council administrator invites someone by email to an organisation (as its administrator
or an editor), as council staff (a moderator) or to the neighbourhood team (who see the insight of the
neighbourhoods chosen in the invitation, `Invitation.neighbourhoods`); an organisation administrator may
invite editors to their own organisation. The emailed token is random; only its SHA-256 is stored; it
works once, for 7 days.

Registrations: someone asks to manage an existing organisation. Their account is kept switched off, and
their claim hidden from moderators, until they open the link sent to their address (an `Invitation` with
the role "claim"), which proves the address is theirs. A registration for an address that already has a
working account changes nothing, and the caller answers the same either way (no account enumeration).
A moderator approves a claim (the user becomes the organisation's administrator) or turns it down.

Like `directory.portal.accounts`, these functions change the caller's session and flush; the caller commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, ValidationError
from ..insight.access import set_user_neighbourhoods, user_neighbourhoods
from ..interchange.text import clean_plain, is_email_address
from ..models import (
    ClaimStatus,
    Invitation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClaim,
    User,
    UserRole,
)
from . import accounts, neighbourhood_team

INVITATION_LIFETIME = timedelta(days=7)
CONFIRMATION_LIFETIME = timedelta(days=1)
CLAIM = "claim"  # the Invitation role of a registration's confirmation link
INVITATION_ROLES = (
    MembershipRole.ORG_ADMIN.value,
    MembershipRole.ORG_EDITOR.value,
    UserRole.MODERATOR.value,
    UserRole.NEIGHBOURHOOD_TEAM.value,
)
# Roles that belong to no organisation: only council administrators offer them.
STAFF_ROLES = (UserRole.MODERATOR.value, UserRole.NEIGHBOURHOOD_TEAM.value)
MAX_MESSAGE = 2000
MAX_NAME = 200

MESSAGES = {
    "organization": N_("Choose an organisation"),
    "role": N_("Choose what they will do"),
    "name": N_("Enter your name"),
    "name_long": N_("Enter a name of 200 characters or fewer"),
    "message_long": N_("Enter a message of 2000 characters or fewer"),
}


class NotAllowed(Exception):
    """The user may not do this (the view answers 403)."""


class NotFound(Exception):
    """No such claim, or it has been decided already (the view answers 404)."""


def _check_email(email: str) -> tuple[str, dict[str, str]]:
    address = accounts.normalise_email(email)
    if not is_email_address(address):
        return address, {"email": accounts.MESSAGES["email"]}
    return address, {}


def _new_link(
    session: Session,
    *,
    email: str,
    organization_id: str | None,
    role: str,
    by: User | None,
    now: datetime,
    lifetime: timedelta,
) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        email=email,
        organization_id=organization_id,
        role=role,
        token_hash=accounts.token_hash(token),
        invited_by_id=by.id if by is not None else None,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(invitation)
    session.flush()
    return invitation, token


# -- invitations --------------------------------------------------------------------------------------


def may_invite(session: Session, user: User | None) -> bool:
    return accounts.is_council_admin(user) or bool(invitable_organizations(session, user))


def invitable_organizations(session: Session, user: User | None) -> list[Organization]:
    """The organisations `user` may invite people to: every one for a council administrator, else those
    they administer."""
    if user is None or not user.is_active:
        return []
    query = select(Organization).order_by(Organization.name, Organization.id)
    if not accounts.is_council_admin(user):
        query = query.join(Membership, Membership.organization_id == Organization.id).where(
            Membership.user_id == user.id, Membership.role == MembershipRole.ORG_ADMIN.value
        )
    return list(session.scalars(query))


def invitable_roles(user: User | None) -> tuple[str, ...]:
    if accounts.is_council_admin(user):
        return INVITATION_ROLES
    return (MembershipRole.ORG_EDITOR.value,)


def invite(
    session: Session,
    *,
    inviter: User,
    email: str,
    organization_id: str | None,
    role: str,
    now: datetime,
    neighbourhoods: Iterable[str] = (),
) -> tuple[Invitation, str]:
    """A new invitation and the token to email; raises `NotAllowed` or `ValidationError`.

    A neighbourhood team invitation has no organisation and needs at least one neighbourhood (slugs of
    the `Neighbourhood` table); other roles ignore `neighbourhoods`."""
    if not may_invite(session, inviter):
        raise NotAllowed()
    address, errors = _check_email(email)
    if role not in invitable_roles(inviter):
        errors["role"] = MESSAGES["role"]
    organization = None
    chosen: list[str] = []
    if role == UserRole.NEIGHBOURHOOD_TEAM.value:
        try:
            chosen = neighbourhood_team.checked_neighbourhoods(session, neighbourhoods)
        except ValidationError as exc:
            errors.update(exc.errors)
    elif role not in STAFF_ROLES:
        allowed = {o.id: o for o in invitable_organizations(session, inviter)}
        organization = allowed.get(organization_id or "")
        if organization is None:
            errors["organization"] = MESSAGES["organization"]
    if errors:
        raise ValidationError(errors)
    invitation, token = _new_link(
        session,
        email=address,
        organization_id=organization.id if organization else None,
        role=role,
        by=inviter,
        now=now,
        lifetime=INVITATION_LIFETIME,
    )
    if chosen:
        invitation.neighbourhoods = ",".join(chosen)
        session.flush()
    return invitation, token


def invitation_neighbourhoods(invitation: Invitation) -> list[str]:
    """The neighbourhood slugs a neighbourhood team invitation offers."""
    return [slug for slug in (invitation.neighbourhoods or "").split(",") if slug]


def usable_invitation(session: Session, token: str, now: datetime) -> Invitation | None:
    """The unexpired, unused invitation for `token` (not a registration's link), or None."""
    found = _usable_link(session, token, now)
    return found if found is not None and found.role != CLAIM else None


def _usable_link(session: Session, token: str, now: datetime) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    found = session.scalars(
        select(Invitation).where(Invitation.token_hash == accounts.token_hash(token))
    ).one_or_none()
    if found is None or found.accepted_at is not None or found.expires_at <= now:
        return None
    return found


def _grant(session: Session, user: User, invitation: Invitation) -> None:
    """Give `user` what the invitation offers, never taking away a higher role they already have."""
    if invitation.role == UserRole.MODERATOR.value:
        if user.role != UserRole.COUNCIL_ADMIN.value:
            user.role = UserRole.MODERATOR.value
        return
    if invitation.role == UserRole.NEIGHBOURHOOD_TEAM.value:
        if user.role == UserRole.COUNCIL_ADMIN.value:
            return  # sees every neighbourhood already
        # A second invitation adds neighbourhoods to those a member sees already.
        had = user_neighbourhoods(session, user.id) if user.role == UserRole.NEIGHBOURHOOD_TEAM.value else []
        user.role = UserRole.NEIGHBOURHOOD_TEAM.value
        set_user_neighbourhoods(session, user.id, [*had, *invitation_neighbourhoods(invitation)])
        return
    if invitation.organization_id is None:  # pragma: no cover - invite() always sets one
        return
    _add_membership(session, user, invitation.organization_id, invitation.role)


def _add_membership(session: Session, user: User, organization_id: str, role: str) -> None:
    membership = session.scalars(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == organization_id)
    ).one_or_none()
    if membership is None:
        session.add(Membership(user_id=user.id, organization_id=organization_id, role=role))
    elif role == MembershipRole.ORG_ADMIN.value:
        membership.role = role


def accept_as_new_user(
    session: Session, token: str, *, display_name: str, password: str, now: datetime
) -> User:
    """Create the invited person's account and give it the invitation's role; once.

    Raises `NotFound` for an unusable token (or one for an address that has an account already: they
    sign in and use `accept_as_user`) and `ValidationError` for a missing name or a weak password.
    An unconfirmed registration for the address is taken over: the invitation proves the address too.
    """
    invitation = usable_invitation(session, token, now)
    if invitation is None or not needs_new_account(session, invitation):
        raise NotFound()
    errors = _name_errors(display_name)
    problem = accounts.password_problems(password)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)
    user = accounts.find_user(session, invitation.email)
    if user is None:
        user = accounts.create_user(
            session, email=invitation.email, password=password, display_name=display_name.strip(), now=now
        )
    else:
        user.password_hash = accounts.hash_password(password)
        user.display_name = clean_plain(display_name).strip()[:MAX_NAME]
        user.is_active = True
        for link in session.scalars(
            select(Invitation).where(
                Invitation.email == user.email, Invitation.role == CLAIM, Invitation.accepted_at.is_(None)
            )
        ):
            link.accepted_at = now
    user.last_login_at = now
    _grant(session, user, invitation)
    invitation.accepted_at = now
    session.flush()
    return user


def needs_new_account(session: Session, invitation: Invitation) -> bool:
    """Whether accepting sets up an account (none yet, or an unconfirmed registration), not signs in."""
    user = accounts.find_user(session, invitation.email)
    return user is None or _unconfirmed(session, user)


def accept_as_user(session: Session, token: str, user: User, now: datetime) -> User:
    """Add the invitation's role to the signed-in account it was sent to; `NotFound` otherwise."""
    invitation = usable_invitation(session, token, now)
    if invitation is None or not user.is_active or accounts.normalise_email(user.email) != invitation.email:
        raise NotFound()
    _grant(session, user, invitation)
    invitation.accepted_at = now
    session.flush()
    return user


def _name_errors(display_name: str) -> dict[str, str]:
    name = clean_plain(display_name or "").strip()
    if not name:
        return {"name": MESSAGES["name"]}
    if len(name) > MAX_NAME:
        return {"name": MESSAGES["name_long"]}
    return {}


# -- registrations and claims -------------------------------------------------------------------------


def claimable_organizations(session: Session) -> list[Organization]:
    return list(session.scalars(select(Organization).order_by(Organization.name, Organization.id)))


def _unconfirmed(session: Session, user: User) -> bool:
    """A registration whose address has not been confirmed yet (switched off, never used, no roles)."""
    if user.is_active or user.last_login_at is not None or user.memberships:
        return False
    waiting = session.scalars(
        select(Invitation.id).where(Invitation.email == user.email, Invitation.role == CLAIM)
    ).first()
    return waiting is not None


@dataclass(frozen=True)
class Registration:
    email: str
    token: str | None  # None: the address has an account already (send nothing, or a sign-in hint)


def register(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    organization_id: str,
    message: str,
    now: datetime,
) -> Registration:
    """Record a registration and its claim, waiting for the emailed link; raises `ValidationError`.

    An address with a working account gets no token and nothing changes. A newer registration for an
    unconfirmed address replaces the older one (whoever holds the address is the one who can confirm).
    """
    address, errors = _check_email(email)
    errors.update(_name_errors(display_name))
    problem = accounts.password_problems(password)
    if problem:
        errors["password"] = problem
    organization = session.get(Organization, organization_id) if organization_id else None
    if organization is None:
        errors["organization"] = MESSAGES["organization"]
    text = clean_plain(message or "").strip()
    if len(text) > MAX_MESSAGE:
        errors["message"] = MESSAGES["message_long"]
    if errors:
        raise ValidationError(errors)
    assert organization is not None
    user = accounts.find_user(session, address)
    if user is not None and not _unconfirmed(session, user):
        accounts.hash_password(password)  # the same work as a new registration: no timing difference
        return Registration(email=address, token=None)
    if user is None:
        user = accounts.create_user(
            session, email=address, password=password, display_name=display_name.strip(), now=now
        )
        user.is_active = False
    else:
        user.password_hash = accounts.hash_password(password)
        user.display_name = clean_plain(display_name).strip()[:MAX_NAME]
        for earlier in session.scalars(
            select(OrganizationClaim).where(
                OrganizationClaim.user_id == user.id, OrganizationClaim.status == ClaimStatus.PENDING.value
            )
        ):
            session.delete(earlier)
        for link in session.scalars(
            select(Invitation).where(
                Invitation.email == address, Invitation.role == CLAIM, Invitation.accepted_at.is_(None)
            )
        ):
            link.expires_at = min(link.expires_at, now)
    session.add(
        OrganizationClaim(
            user_id=user.id,
            organization_id=organization.id,
            message=text,
            status=ClaimStatus.PENDING.value,
            created_at=now,
        )
    )
    _, token = _new_link(
        session,
        email=address,
        organization_id=organization.id,
        role=CLAIM,
        by=None,
        now=now,
        lifetime=CONFIRMATION_LIFETIME,
    )
    return Registration(email=address, token=token)


def usable_confirmation(session: Session, token: str, now: datetime) -> Invitation | None:
    found = _usable_link(session, token, now)
    if found is None or found.role != CLAIM:
        return None
    user = accounts.find_user(session, found.email)
    return found if user is not None and _unconfirmed(session, user) else None


def confirm_registration(session: Session, token: str, now: datetime) -> User:
    """Switch on the account whose address the link proves; its claim now waits for a moderator."""
    link = usable_confirmation(session, token, now)
    if link is None:
        raise NotFound()
    user = accounts.find_user(session, link.email)
    assert user is not None
    user.is_active = True
    user.last_login_at = now
    link.accepted_at = now
    session.flush()
    return user


def pending_claims(session: Session) -> list[OrganizationClaim]:
    """Claims waiting for a moderator, oldest first (only from confirmed, working accounts)."""
    return list(
        session.scalars(
            select(OrganizationClaim)
            .join(User, User.id == OrganizationClaim.user_id)
            .where(OrganizationClaim.status == ClaimStatus.PENDING.value, User.is_active.is_(True))
            .order_by(OrganizationClaim.created_at, OrganizationClaim.id)
        )
    )


def waiting_claims(session: Session, user: User) -> list[OrganizationClaim]:
    """`user`'s own claims still waiting for the council."""
    return list(
        session.scalars(
            select(OrganizationClaim)
            .where(
                OrganizationClaim.user_id == user.id, OrganizationClaim.status == ClaimStatus.PENDING.value
            )
            .order_by(OrganizationClaim.created_at)
        )
    )


def decide_claim(
    session: Session, *, moderator: User, claim_id: str, approve: bool, note: str, now: datetime
) -> OrganizationClaim:
    """Approve (the claimant becomes the organisation's administrator) or turn down a pending claim."""
    if not accounts.can_moderate(moderator):
        raise NotAllowed()
    claim = session.get(OrganizationClaim, claim_id) if claim_id and len(claim_id) <= 64 else None
    if claim is None or claim.status != ClaimStatus.PENDING.value or not claim.user.is_active:
        raise NotFound()
    text = clean_plain(note or "").strip()
    if len(text) > MAX_MESSAGE:
        raise ValidationError({"note": MESSAGES["message_long"]})
    claim.status = ClaimStatus.APPROVED.value if approve else ClaimStatus.REJECTED.value
    claim.moderator_id = moderator.id
    claim.decided_at = now
    claim.note = text
    if approve:
        _add_membership(session, claim.user, claim.organization_id, MembershipRole.ORG_ADMIN.value)
    session.flush()
    return claim


def purge_unconfirmed(session: Session, *, now: datetime, grace: timedelta = timedelta(days=7)) -> int:
    """Delete registrations nobody confirmed: their links have expired for `grace` and the account was
    never switched on. Keeps only what is needed (a name, an address and a password hash otherwise
    stay for ever). Returns how many accounts went; flushes, the caller commits."""
    cutoff = now - grace
    removed = 0
    for user in session.scalars(select(User).where(User.is_active.is_(False), User.created_at < cutoff)):
        if not _unconfirmed(session, user):
            continue
        links = list(
            session.scalars(
                select(Invitation).where(Invitation.email == user.email, Invitation.role == CLAIM)
            )
        )
        if any(link.accepted_at is not None or link.expires_at >= cutoff for link in links):
            continue
        for link in links:
            session.delete(link)
        for claim in session.scalars(select(OrganizationClaim).where(OrganizationClaim.user_id == user.id)):
            session.delete(claim)
        session.delete(user)
        removed += 1
    session.flush()
    return removed


# -- the invitations sent, and choosing an organisation by name ----------------------------------------

SENT_SHOWN_FOR = timedelta(days=30)  # expired invitations stay listed this long, so they can be sent again


def sent_invitations(session: Session, user: User, now: datetime) -> list[Invitation]:
    """The invitations `user` may resend or cancel that nobody has accepted yet, newest first: every one
    for a council administrator, else those to the organisations they administer. Expired ones stay
    listed for `SENT_SHOWN_FOR`."""
    query = (
        select(Invitation)
        .where(
            Invitation.role != CLAIM,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now - SENT_SHOWN_FOR,
        )
        .order_by(Invitation.created_at.desc(), Invitation.id)
    )
    if not accounts.is_council_admin(user):
        allowed = [o.id for o in invitable_organizations(session, user)]
        query = query.where(Invitation.organization_id.in_(allowed), Invitation.role.notin_(STAFF_ROLES))
    return list(session.scalars(query))


def _managed_invitation(session: Session, user: User, invitation_id: str, now: datetime) -> Invitation:
    found = session.get(Invitation, invitation_id) if invitation_id and len(invitation_id) <= 64 else None
    if found is None or found not in sent_invitations(session, user, now):
        raise NotFound()
    return found


def resend_invitation(
    session: Session, *, user: User, invitation_id: str, now: datetime
) -> tuple[Invitation, str]:
    """A new link for an invitation nobody has accepted, working for another 7 days from now; the old
    link stops working (only the new token's hash is kept). Raises `NotFound`."""
    invitation = _managed_invitation(session, user, invitation_id, now)
    token = secrets.token_urlsafe(32)
    invitation.token_hash = accounts.token_hash(token)
    invitation.created_at = now
    invitation.expires_at = now + INVITATION_LIFETIME
    invitation.invited_by_id = user.id
    session.flush()
    return invitation, token


def cancel_invitation(session: Session, *, user: User, invitation_id: str, now: datetime) -> Invitation:
    """Delete an invitation nobody has accepted, so its link no longer works. Raises `NotFound`."""
    invitation = _managed_invitation(session, user, invitation_id, now)
    session.delete(invitation)
    session.flush()
    return invitation


def managed_invitation(session: Session, user: User, invitation_id: str, now: datetime) -> Invitation:
    """The invitation if `user` may resend or cancel it; raises `NotFound` otherwise."""
    return _managed_invitation(session, user, invitation_id, now)


class OrganisationChoice(Exception):
    """The typed name names no organisation, or several: `candidates` are the nearest (at most 5)."""

    def __init__(self, candidates: list[Organization]) -> None:
        super().__init__("organisation not chosen")
        self.candidates = candidates


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def organisation_by_name(organizations: list[Organization], typed: str) -> Organization:
    """The one organisation `typed` names: its id (what a script sends), its exact name, or a part of
    only one name (ignoring case and spacing). Raises `OrganisationChoice` when none or several match."""
    wanted = _folded(typed or "")
    if not wanted:
        raise OrganisationChoice([])
    by_id = [o for o in organizations if o.id == typed.strip()]
    if by_id:
        return by_id[0]
    exact = [o for o in organizations if _folded(o.name) == wanted]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise OrganisationChoice(exact[:5])
    partial = [o for o in organizations if wanted in _folded(o.name)]
    if len(partial) == 1:
        return partial[0]
    raise OrganisationChoice(partial[:5])
