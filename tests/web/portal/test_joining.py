"""Joining the portal through real emails: invitations, registrations with a claim, and moderators' decisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.models import Invitation, Membership, OrganizationClaim, User
from directory.portal import joining
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database

PASSWORD = "a long new password"
_JOIN = re.compile(r"https?://\S+(/portal/join/\S+)")
_CONFIRM = re.compile(r"https?://\S+(/portal/register/\S+)")


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _sign_out(client):
    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})


@pytest.fixture
def group(rollback_app_session):
    organization = create_organization(rollback_app_session, name="Reddish Friends")
    rollback_app_session.commit()
    return organization


@pytest.fixture
def admin(rollback_app_session):
    user = create_user(
        rollback_app_session, email="admin@example.org", role="council_admin", display_name="Ada"
    )
    rollback_app_session.commit()
    return user


def _invite(client, **data):
    token = csrf_token(client, "/portal/invitations")
    return client.post("/portal/invitations", data={"csrf_token": token, **data})


# -- invitations --------------------------------------------------------------------------------------


def test_an_invited_person_joins_through_the_emailed_link_and_is_signed_in(client, group, admin, mailbox):
    assert sign_in(client, email="admin@example.org").status_code == 303
    form = client.get("/portal/invitations")
    assert form.status_code == 200
    check_page(form.data)
    sent = _invite(client, email="Nia@Example.org", organization=group.id, role="org_admin")
    assert sent.status_code == 303
    assert "We have sent an invitation to nia@example.org" in _text(client.get("/portal/invitations"))
    [message] = mailbox
    assert message["To"] == "nia@example.org"
    assert message["Subject"] == "You are invited to the Around Here portal"
    assert "Ada has invited you" in _body(message) and "Reddish Friends" in _body(message)
    link = _JOIN.search(_body(message)).group(1)
    token = link.rsplit("/", 1)[1]
    assert token not in database.session.scalars(select(Invitation.token_hash)).all()

    _sign_out(client)
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    root = check_page(page.data)
    assert "Reddish Friends" in _text(page)
    fields = {el.get("name"): el for el in root.iter("input")}
    assert (
        fields["password"].get("autocomplete") == "new-password" and fields["password"].get("onpaste") is None
    )
    weak = client.post(
        link, data={"csrf_token": csrf_token(client, link), "name": "Nia", "password": "short"}
    )
    assert weak.status_code == 400
    check_page(weak.data)
    done = client.post(
        link, data={"csrf_token": csrf_token(client, link), "name": "Nia", "password": PASSWORD}
    )
    assert done.status_code == 303 and done.headers["Location"] == "/portal/"
    home = client.get("/portal/")
    assert home.status_code == 200 and "nia@example.org" in _text(home)
    user = database.session.scalars(select(User).where(User.email == "nia@example.org")).one()
    membership = database.session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
    assert (membership.organization_id, membership.role) == (group.id, "org_admin")

    assert client.get(link).status_code == 404  # used once
    _sign_out(client)
    assert sign_in(client, email="nia@example.org", password=PASSWORD).status_code == 303


def test_an_expired_or_unknown_invitation_link_gets_a_plain_404(client, group, admin, rollback_app_session):
    old = datetime.now(UTC) - timedelta(days=8)
    _, token = joining.invite(
        rollback_app_session,
        inviter=admin,
        email="late@example.org",
        organization_id=group.id,
        role="org_editor",
        now=old,
    )
    rollback_app_session.commit()
    for url in (f"/portal/join/{token}", "/portal/join/" + "x" * 43):
        response = client.get(url)
        assert response.status_code == 404
        check_page(response.data)
        assert "This link does not work any more" in _text(response)
    assert client.post(f"/portal/join/{token}", data={"name": "Late", "password": PASSWORD}).status_code in (
        400,
        404,
    )
    assert database.session.scalars(select(User).where(User.email == "late@example.org")).all() == []


def test_a_reused_invitation_link_gets_a_404_and_makes_no_second_account(
    client, group, admin, rollback_app_session
):
    _, token = joining.invite(
        rollback_app_session,
        inviter=admin,
        email="once@example.org",
        organization_id=group.id,
        role="org_editor",
        now=datetime.now(UTC),
    )
    rollback_app_session.commit()
    link = f"/portal/join/{token}"
    form_token = csrf_token(client, link)
    assert (
        client.post(link, data={"csrf_token": form_token, "name": "One", "password": PASSWORD}).status_code
        == 303
    )
    _sign_out(client)
    again = client.post(
        link, data={"csrf_token": csrf_token(client, "/portal/sign-in"), "name": "Two", "password": PASSWORD}
    )
    assert again.status_code == 404
    assert len(database.session.scalars(select(User).where(User.email == "once@example.org")).all()) == 1


def test_an_invitation_for_an_existing_account_is_accepted_after_signing_in(
    client, group, admin, rollback_app_session
):
    existing = create_user(rollback_app_session, email="editor@example.org")
    _, token = joining.invite(
        rollback_app_session,
        inviter=admin,
        email="editor@example.org",
        organization_id=group.id,
        role="org_editor",
        now=datetime.now(UTC),
    )
    rollback_app_session.commit()
    link = f"/portal/join/{token}"
    page = client.get(link)
    assert page.status_code == 200 and "Sign in to accept the invitation" in _text(page)
    check_page(page.data)
    assert sign_in(client, query_string={"next": link}).headers["Location"] == link
    accept = client.get(link)
    check_page(accept.data)
    done = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert done.status_code == 303
    assert database.session.scalars(
        select(Membership.organization_id).where(Membership.user_id == existing.id)
    ).all() == [group.id]
    assert client.get(link).status_code == 404


def test_someone_who_is_not_an_administrator_cannot_invite_and_nothing_is_stored(signed_in, group, mailbox):
    assert signed_in.get("/portal/invitations").status_code == 403
    token = csrf_token(signed_in, "/portal/")
    response = signed_in.post(
        "/portal/invitations",
        data={"csrf_token": token, "email": "x@example.org", "organization": group.id, "role": "org_admin"},
    )
    assert response.status_code == 403
    assert database.session.scalars(select(Invitation)).all() == [] and mailbox == []


def test_an_organisation_administrator_invites_editors_to_their_own_organisation_only(
    client, group, rollback_app_session, mailbox
):
    other = create_organization(rollback_app_session, name="Other Group")
    create_user(rollback_app_session, email="lead@example.org", organizations=((group, "org_admin"),))
    rollback_app_session.commit()
    sign_in(client, email="lead@example.org")
    page = client.get("/portal/invitations")
    assert (
        page.status_code == 200
        and "Other Group" not in _text(page)
        and "Council moderator" not in _text(page)
    )
    refused = _invite(client, email="x@example.org", organization=other.id, role="org_editor")
    assert refused.status_code == 400
    check_page(refused.data)
    assert _invite(client, email="x@example.org", organization=group.id, role="moderator").status_code == 400
    assert mailbox == []
    assert _invite(client, email="x@example.org", organization=group.id, role="org_editor").status_code == 303
    [invitation] = database.session.scalars(select(Invitation)).all()
    assert (invitation.organization_id, invitation.role) == (group.id, "org_editor") and len(mailbox) == 1


def test_an_invitation_posted_without_a_csrf_token_is_refused(client, group, admin, mailbox):
    sign_in(client, email="admin@example.org")
    response = client.post(
        "/portal/invitations", data={"email": "x@example.org", "organization": group.id, "role": "org_admin"}
    )
    assert response.status_code == 400
    assert database.session.scalars(select(Invitation)).all() == [] and mailbox == []


# -- registrations and claims -------------------------------------------------------------------------


def _register(client, group, email="nia@example.org", password=PASSWORD):
    token = csrf_token(client, "/portal/register")
    data = {
        "csrf_token": token,
        "name": "Nia",
        "email": email,
        "password": password,
        "organization": group.id,
        "message": "I chair the group.",
    }
    return client.post("/portal/register", data=data)


def _approve_or_reject(app, action, note=""):
    moderator = app.test_client()
    assert sign_in(moderator, email="mod@example.org").status_code == 303
    page = moderator.get("/portal/claims")
    assert page.status_code == 200
    check_page(page.data)
    [claim] = database.session.scalars(select(OrganizationClaim)).all()
    token = csrf_token(moderator, "/portal/claims")
    response = moderator.post(f"/portal/claims/{claim.id}/{action}", data={"csrf_token": token, "note": note})
    assert response.status_code == 303
    return page


def test_a_group_registers_confirms_its_email_and_a_moderator_approves_its_claim(
    app, client, group, rollback_app_session, mailbox
):
    own = create_service(rollback_app_session, name="Reddish Pantry", organization=group)
    elsewhere = create_service(
        rollback_app_session,
        name="Elsewhere Pantry",
        organization=create_organization(rollback_app_session, name="Elsewhere"),
    )
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()

    form = client.get("/portal/register")
    root = check_page(form.data)
    assert root.find(".//select[@id='organization']") is not None
    assert "Reddish Friends" in _text(form)
    answer = _register(client, group)
    assert answer.status_code == 200 and "Check your email" in _text(answer)
    check_page(answer.data)
    [message] = mailbox
    assert message["To"] == "nia@example.org"
    assert message["Subject"] == "Confirm your email address for the Around Here portal"
    link = _CONFIRM.search(_body(message)).group(1)
    # Not yet confirmed: no claim for moderators and no way to sign in.
    assert sign_in(client, email="nia@example.org", password=PASSWORD).status_code == 400

    confirm = client.get(link)
    assert confirm.status_code == 200 and "Reddish Friends" in _text(confirm)
    check_page(confirm.data)
    done = client.post(link, data={"csrf_token": csrf_token(client, link)})
    assert done.status_code == 303 and done.headers["Location"] == "/portal/"
    home = client.get("/portal/")
    assert "Your request to manage Reddish Friends is waiting for the council" in _text(home)
    assert client.get(f"/portal/services/{own.id}/edit").status_code == 404
    assert client.get(link).status_code == 404  # used once

    page = _approve_or_reject(app, "approve", note="Welcome aboard")
    assert "I chair the group." in _text(page) and "nia@example.org" in _text(page)
    decision = mailbox[-1]
    assert decision["To"] == "nia@example.org"
    assert decision["Subject"] == "You can now manage Reddish Friends on Around Here"
    assert "Welcome aboard" in _body(decision)

    assert client.get(f"/portal/services/{own.id}/edit").status_code == 200
    assert client.get(f"/portal/services/{elsewhere.id}/edit").status_code == 404
    assert "is waiting for the council" not in _text(client.get("/portal/"))


def test_a_turned_down_claim_is_emailed_and_gives_no_membership(
    app, client, group, rollback_app_session, mailbox
):
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    _register(client, group)
    link = _CONFIRM.search(_body(mailbox[0])).group(1)
    client.post(link, data={"csrf_token": csrf_token(client, link)})
    _approve_or_reject(app, "reject", note="We could not check who you are.")
    decision = mailbox[-1]
    assert decision["Subject"] == "Your request to manage Reddish Friends was turned down"
    assert "We could not check who you are." in _body(decision)
    user = database.session.scalars(select(User).where(User.email == "nia@example.org")).one()
    assert database.session.scalars(select(Membership).where(Membership.user_id == user.id)).all() == []


def test_registering_an_address_that_has_an_account_gets_the_same_answer(client, group, editor, mailbox):
    new = _register(client, group, email="new@example.org")
    known = _register(client, group, email="Editor@example.org", password="some other password")
    assert new.status_code == known.status_code == 200
    assert new.data == known.data
    assert [m["To"] for m in mailbox] == ["new@example.org", "editor@example.org"]
    assert "already has an account" in _body(mailbox[1]) and "/portal/register/" not in _body(mailbox[1])
    assert sign_in(client).status_code == 303  # the existing password still works


def test_a_registration_with_problems_shows_them_and_stores_nothing(client, group, mailbox):
    response = _register(client, group, email="not an email", password="short")
    assert response.status_code == 400
    root = check_page(response.data)
    summary = " ".join("".join(root.find(".//div[@class='error-summary']").itertext()).split())
    assert "Enter an email address in the correct format" in summary and "at least 12 characters" in summary
    assert database.session.scalars(select(User)).all() == [] and mailbox == []


def test_registrations_from_one_address_are_rate_limited(app, client, group, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_REGISTER_RATE_LIMIT", "2/900")
    answers = [_register(client, group, email=f"n{i}@example.org") for i in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    check_page(answers[2].data)
    assert len(mailbox) == 2


def test_a_registration_without_a_csrf_token_is_refused(client, group, mailbox):
    data = {"name": "Nia", "email": "nia@example.org", "password": PASSWORD, "organization": group.id}
    assert client.post("/portal/register", data=data).status_code == 400
    assert database.session.scalars(select(User)).all() == [] and mailbox == []


def test_only_moderators_see_and_decide_claims(signed_in, group, rollback_app_session):
    claimant = create_user(rollback_app_session, email="claimant@example.org")
    claim = OrganizationClaim(user_id=claimant.id, organization_id=group.id, message="", status="pending")
    rollback_app_session.add(claim)
    rollback_app_session.commit()
    assert signed_in.get("/portal/claims").status_code == 403
    token = csrf_token(signed_in, "/portal/")
    assert signed_in.post(f"/portal/claims/{claim.id}/approve", data={"csrf_token": token}).status_code == 403
    assert database.session.get(OrganizationClaim, claim.id, populate_existing=True).status == "pending"
