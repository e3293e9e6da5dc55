"""Joining the portal: invitations (hashed, expiring, one use), registrations proved by email, claims."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.errors import ValidationError
from directory.models import ClaimStatus, Invitation, Membership, OrganizationClaim
from directory.portal import accounts, joining
from tests.factories import TEST_PASSWORD, create_organization, create_user

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PASSWORD = "a long new password"


def _membership(db_session, user, organization):
    return db_session.scalars(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == organization.id)
    ).one_or_none()


def test_an_invitation_keeps_only_the_tokens_hash_and_makes_an_account_once(db_session):
    group = create_organization(db_session, name="Reddish Friends")
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    invitation, token = joining.invite(
        db_session,
        inviter=admin,
        email="New@Example.org",
        organization_id=group.id,
        role="org_admin",
        now=NOW,
    )
    assert invitation.email == "new@example.org"
    assert (
        invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
        and token not in invitation.token_hash
    )
    assert invitation.expires_at == NOW + timedelta(days=7)
    user = joining.accept_as_new_user(db_session, token, display_name="Nia", password=PASSWORD, now=NOW)
    assert user.email == "new@example.org" and user.is_active
    assert _membership(db_session, user, group).role == "org_admin"
    assert accounts.authenticate(db_session, "new@example.org", PASSWORD, NOW).id == user.id
    with pytest.raises(joining.NotFound):
        joining.accept_as_new_user(db_session, token, display_name="Again", password=PASSWORD, now=NOW)


def test_an_invitation_expires_after_seven_days(db_session):
    group = create_organization(db_session)
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    _, token = joining.invite(
        db_session,
        inviter=admin,
        email="new@example.org",
        organization_id=group.id,
        role="org_editor",
        now=NOW,
    )
    assert joining.usable_invitation(db_session, token, NOW + timedelta(days=6, hours=23)) is not None
    assert joining.usable_invitation(db_session, token, NOW + timedelta(days=7)) is None
    with pytest.raises(joining.NotFound):
        joining.accept_as_new_user(
            db_session, token, display_name="Late", password=PASSWORD, now=NOW + timedelta(days=8)
        )


def test_an_invitation_to_an_existing_account_adds_the_membership_after_sign_in(db_session):
    group = create_organization(db_session)
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    existing = create_user(db_session, email="editor@example.org")
    _, token = joining.invite(
        db_session,
        inviter=admin,
        email="editor@example.org",
        organization_id=group.id,
        role="org_editor",
        now=NOW,
    )
    with pytest.raises(joining.NotFound):  # the account exists: its owner must sign in
        joining.accept_as_new_user(db_session, token, display_name="X", password=PASSWORD, now=NOW)
    with pytest.raises(joining.NotFound):  # someone else's account cannot take it
        joining.accept_as_user(db_session, token, admin, NOW)
    joining.accept_as_user(db_session, token, existing, NOW)
    assert _membership(db_session, existing, group).role == "org_editor"


def test_a_moderator_invitation_gives_the_council_role_without_an_organisation(db_session):
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    invitation, token = joining.invite(
        db_session, inviter=admin, email="mod@example.org", organization_id=None, role="moderator", now=NOW
    )
    assert invitation.organization_id is None
    user = joining.accept_as_new_user(db_session, token, display_name="Mo", password=PASSWORD, now=NOW)
    assert user.role == "moderator" and user.memberships == []


def test_who_may_invite_whom(db_session):
    mine = create_organization(db_session, name="Mine")
    other = create_organization(db_session, name="Other")
    org_admin = create_user(db_session, email="orgadmin@example.org", organizations=((mine, "org_admin"),))
    editor = create_user(db_session, email="editor@example.org", organizations=((mine, "org_editor"),))
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    for nobody in (editor, moderator):
        with pytest.raises(joining.NotAllowed):
            joining.invite(
                db_session,
                inviter=nobody,
                email="x@example.org",
                organization_id=mine.id,
                role="org_editor",
                now=NOW,
            )
    joining.invite(
        db_session,
        inviter=org_admin,
        email="x@example.org",
        organization_id=mine.id,
        role="org_editor",
        now=NOW,
    )
    for organization_id, role in ((other.id, "org_editor"), (mine.id, "org_admin"), (None, "moderator")):
        with pytest.raises(ValidationError):
            joining.invite(
                db_session,
                inviter=org_admin,
                email="y@example.org",
                organization_id=organization_id,
                role=role,
                now=NOW,
            )
    assert db_session.scalars(select(Invitation.email)).all() == ["x@example.org"]


def test_an_invitation_explains_a_bad_email_and_a_missing_organisation(db_session):
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    with pytest.raises(ValidationError) as failed:
        joining.invite(
            db_session, inviter=admin, email="not an email", organization_id="", role="org_editor", now=NOW
        )
    assert set(failed.value.errors) == {"email", "organization"}


def _register(
    db_session, organization, email="new@example.org", password=PASSWORD, message="I run it", now=NOW
):
    return joining.register(
        db_session,
        email=email,
        display_name="Nia",
        password=password,
        organization_id=organization.id,
        message=message,
        now=now,
    )


def test_a_registration_waits_for_the_emailed_link_before_the_claim_reaches_moderators(db_session):
    group = create_organization(db_session, name="Reddish Friends")
    registration = _register(db_session, group)
    assert registration.token is not None
    user = accounts.find_user(db_session, "new@example.org")
    assert user is not None and not user.is_active
    assert joining.pending_claims(db_session) == []
    with pytest.raises(accounts.AuthenticationFailed):
        accounts.authenticate(db_session, "new@example.org", PASSWORD, NOW)
    confirmed = joining.confirm_registration(db_session, registration.token, NOW + timedelta(hours=1))
    assert confirmed.id == user.id and user.is_active
    [claim] = joining.pending_claims(db_session)
    assert (claim.user_id, claim.organization_id, claim.message) == (user.id, group.id, "I run it")
    assert [c.id for c in joining.waiting_claims(db_session, user)] == [claim.id]
    assert not accounts.can_edit_organization(db_session, user, group.id)
    with pytest.raises(joining.NotFound):
        joining.confirm_registration(db_session, registration.token, NOW + timedelta(hours=1))


def test_a_confirmation_link_expires_after_a_day(db_session):
    group = create_organization(db_session)
    registration = _register(db_session, group)
    with pytest.raises(joining.NotFound):
        joining.confirm_registration(db_session, registration.token, NOW + timedelta(days=1))


def test_registering_with_an_address_that_has_an_account_changes_nothing(db_session):
    group = create_organization(db_session)
    existing = create_user(db_session, email="editor@example.org")
    registration = _register(db_session, group, email="Editor@example.org", password="another password!")
    assert registration.token is None and registration.email == "editor@example.org"
    assert accounts.verify_password(TEST_PASSWORD, existing.password_hash)
    assert db_session.scalars(select(OrganizationClaim)).all() == []


def test_a_newer_registration_for_an_unconfirmed_address_replaces_the_older(db_session):
    first_group = create_organization(db_session, name="First")
    second_group = create_organization(db_session, name="Second")
    first = _register(db_session, first_group, password="squatters password")
    second = _register(db_session, second_group, password="the owners password")
    assert joining.usable_confirmation(db_session, first.token, NOW) is None
    user = joining.confirm_registration(db_session, second.token, NOW)
    assert accounts.verify_password("the owners password", user.password_hash)
    assert [c.organization_id for c in joining.pending_claims(db_session)] == [second_group.id]


def test_a_registration_explains_every_problem(db_session):
    with pytest.raises(ValidationError) as failed:
        joining.register(
            db_session,
            email="nope",
            display_name=" ",
            password="short",
            organization_id="x",
            message="m" * 2001,
            now=NOW,
        )
    assert set(failed.value.errors) == {"email", "name", "password", "organization", "message"}


def test_an_approved_claim_makes_the_user_the_organisations_administrator(db_session):
    group = create_organization(db_session)
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    user = joining.confirm_registration(db_session, _register(db_session, group).token, NOW)
    [claim] = joining.pending_claims(db_session)
    editor = create_user(db_session, email="editor@example.org")
    with pytest.raises(joining.NotAllowed):
        joining.decide_claim(db_session, moderator=editor, claim_id=claim.id, approve=True, note="", now=NOW)
    joining.decide_claim(
        db_session, moderator=moderator, claim_id=claim.id, approve=True, note="Welcome", now=NOW
    )
    assert (
        claim.status == ClaimStatus.APPROVED
        and claim.moderator_id == moderator.id
        and claim.note == "Welcome"
    )
    assert _membership(db_session, user, group).role == "org_admin"
    assert joining.pending_claims(db_session) == [] and joining.waiting_claims(db_session, user) == []
    with pytest.raises(joining.NotFound):  # decided once
        joining.decide_claim(
            db_session, moderator=moderator, claim_id=claim.id, approve=False, note="", now=NOW
        )


def test_a_turned_down_claim_gives_no_membership(db_session):
    group = create_organization(db_session)
    moderator = create_user(db_session, email="mod@example.org", role="moderator")
    user = joining.confirm_registration(db_session, _register(db_session, group).token, NOW)
    [claim] = joining.pending_claims(db_session)
    joining.decide_claim(
        db_session, moderator=moderator, claim_id=claim.id, approve=False, note="Unknown", now=NOW
    )
    assert claim.status == ClaimStatus.REJECTED
    assert _membership(db_session, user, group) is None
    with pytest.raises(joining.NotFound):
        joining.decide_claim(
            db_session, moderator=moderator, claim_id="no-such-claim", approve=True, note="", now=NOW
        )


def test_an_invitation_takes_over_an_unconfirmed_registration_for_the_same_address(db_session):
    group = create_organization(db_session)
    admin = create_user(db_session, email="admin@example.org", role="council_admin")
    registration = _register(db_session, group, password="squatters password")
    _, token = joining.invite(
        db_session,
        inviter=admin,
        email="new@example.org",
        organization_id=group.id,
        role="org_editor",
        now=NOW,
    )
    assert joining.needs_new_account(db_session, joining.usable_invitation(db_session, token, NOW))
    user = joining.accept_as_new_user(db_session, token, display_name="Owner", password=PASSWORD, now=NOW)
    assert user.is_active and accounts.verify_password(PASSWORD, user.password_hash)
    assert _membership(db_session, user, group).role == "org_editor"
    assert joining.usable_confirmation(db_session, registration.token, NOW) is None


def test_a_registration_nobody_confirmed_is_deleted_a_week_after_its_link_expired(db_session):
    group = create_organization(db_session)
    _register(db_session, group, email="never@example.org")
    confirmed = _register(db_session, group, email="kept@example.org")
    joining.confirm_registration(db_session, confirmed.token, NOW + timedelta(hours=1))
    switched_off = create_user(db_session, email="left@example.org")
    switched_off.is_active = False  # an account the council switched off is not a registration
    db_session.flush()

    assert joining.purge_unconfirmed(db_session, now=NOW + timedelta(days=7)) == 0  # still in its week
    assert joining.purge_unconfirmed(db_session, now=NOW + timedelta(days=9)) == 1
    assert accounts.find_user(db_session, "never@example.org") is None
    assert db_session.scalars(select(Invitation).where(Invitation.email == "never@example.org")).all() == []
    claims = db_session.scalars(select(OrganizationClaim)).all()
    assert [c.user.email for c in claims] == ["kept@example.org"]
    assert accounts.find_user(db_session, "kept@example.org") is not None
    assert accounts.find_user(db_session, "left@example.org") is not None
    assert joining.purge_unconfirmed(db_session, now=NOW + timedelta(days=9)) == 0
