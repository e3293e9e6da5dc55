"""Invitations: choosing the organisation by typing its name, a message that says who was invited to
what, and the list of invitations not yet accepted, each of which can be sent again or cancelled."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from directory.models import Invitation
from directory.portal import joining
from tests.factories import create_organization, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database

_JOIN = re.compile(r"https?://\S+(/portal/join/\S+)")


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


@pytest.fixture
def groups(rollback_app_session):
    session = rollback_app_session
    made = {
        name: create_organization(session, name=name)
        for name in ("Heaton Mersey Friends", "Heaton Moor Friends", "Offerton Allotments")
    }
    create_user(session, email="admin@example.org", role="council_admin", display_name="Ada")
    create_user(
        session, email="orgadmin@example.org", organizations=((made["Offerton Allotments"], "org_admin"),)
    )
    session.commit()
    return {name: o.id for name, o in made.items()}


def _invite(client, **data):
    token = csrf_token(client, "/portal/invitations")
    return client.post("/portal/invitations", data={"csrf_token": token, **data})


def test_typing_an_organisations_name_invites_to_it_and_the_message_says_who_to_what(client, groups, mailbox):
    assert sign_in(client, email="admin@example.org").status_code == 303
    page = client.get("/portal/invitations")
    root = check_page(page.data)
    field = root.find(".//input[@id='organization']")
    assert field.get("type") == "text" and field.get("list") == "organisation-names"
    options = [o.get("value") for o in root.findall(".//datalist[@id='organisation-names']/option")]
    assert "Offerton Allotments" in options
    sent = _invite(client, email="rae@example.org", organization="  offerton ALLOTMENTS ", role="org_editor")
    assert sent.status_code == 303
    text = _text(client.get("/portal/invitations"))
    assert "We have sent an invitation to rae@example.org to join Offerton Allotments as editor." in text
    invitation = database.session.scalars(
        select(Invitation).where(Invitation.email == "rae@example.org")
    ).one()
    assert invitation.organization_id == groups["Offerton Allotments"]
    assert len(mailbox) == 1


def test_a_part_of_one_name_is_enough_but_an_ambiguous_or_unknown_name_is_a_clear_error(
    client, groups, mailbox
):
    assert sign_in(client, email="admin@example.org").status_code == 303
    assert (
        _invite(client, email="a@example.org", organization="allotments", role="org_editor").status_code
        == 303
    )
    ambiguous = _invite(client, email="b@example.org", organization="Heaton", role="org_editor")
    assert ambiguous.status_code == 400
    check_page(ambiguous.data)
    text = _text(ambiguous)
    assert "More than one organisation matches “Heaton”" in text
    assert "Heaton Mersey Friends" in text and "Heaton Moor Friends" in text
    unknown = _invite(client, email="c@example.org", organization="Atlantis Club", role="org_editor")
    assert unknown.status_code == 400 and "No organisation is called “Atlantis Club”" in _text(unknown)
    root = check_page(unknown.data)
    assert root.find(".//input[@id='organization']").get("value") == "Atlantis Club"
    assert root.find(".//div[@class='error-summary']//a[@href='#organization']") is not None
    empty = _invite(client, email="d@example.org", organization="", role="org_editor")
    assert empty.status_code == 400 and "Enter the name of the organisation" in _text(empty)
    assert len(mailbox) == 1


def test_a_moderator_is_invited_without_an_organisation_and_the_field_is_marked_for_the_script(
    client, groups, mailbox
):
    assert sign_in(client, email="admin@example.org").status_code == 303
    root = check_page(client.get("/portal/invitations").data)
    moderator = root.find(".//input[@value='moderator']")
    assert moderator.get("data-no-organisation") is not None
    assert root.find(".//div[@data-organisation-field]") is not None
    sent = _invite(client, email="mo@example.org", organization="whatever is typed", role="moderator")
    assert sent.status_code == 303
    assert "We have sent an invitation to mo@example.org to be a council moderator." in _text(
        client.get("/portal/invitations")
    )


def test_an_organisation_admin_has_their_one_organisation_filled_in(client, groups):
    assert sign_in(client, email="orgadmin@example.org").status_code == 303
    root = check_page(client.get("/portal/invitations").data)
    assert root.find(".//input[@id='organization']").get("value") == "Offerton Allotments"
    assert root.find(".//input[@value='moderator']") is None


def test_sent_invitations_are_listed_and_can_be_sent_again_with_a_new_link(client, groups, mailbox):
    assert sign_in(client, email="admin@example.org").status_code == 303
    _invite(client, email="rae@example.org", organization="Offerton Allotments", role="org_editor")
    first_link = _JOIN.search(mailbox[0].get_payload(decode=True).decode()).group(1)
    invitation = database.session.scalars(
        select(Invitation).where(Invitation.email == "rae@example.org")
    ).one()
    root = check_page(client.get("/portal/invitations").data)
    listed = [h.text for h in root.findall(".//ul[@class='portal-list']//h3")]
    assert listed == ["rae@example.org"]
    token = csrf_token(client, "/portal/invitations")
    again = client.post(f"/portal/invitations/{invitation.id}/resend", data={"csrf_token": token})
    assert again.status_code == 303
    assert "We have sent the invitation to rae@example.org again" in _text(client.get("/portal/invitations"))
    assert len(mailbox) == 2
    second_link = _JOIN.search(mailbox[1].get_payload(decode=True).decode()).group(1)
    assert second_link != first_link
    assert client.get(first_link).status_code == 404  # the old link stops working
    assert client.get(second_link).status_code == 200


def test_cancelling_asks_first_then_the_link_stops_working(client, groups, mailbox):
    assert sign_in(client, email="admin@example.org").status_code == 303
    _invite(client, email="rae@example.org", organization="Offerton Allotments", role="org_editor")
    link = _JOIN.search(mailbox[0].get_payload(decode=True).decode()).group(1)
    invitation_id = database.session.scalars(
        select(Invitation.id).where(Invitation.email == "rae@example.org")
    ).one()
    ask = client.get(f"/portal/invitations/{invitation_id}/cancel")
    assert ask.status_code == 200
    check_page(ask.data)
    assert "Cancel the invitation to rae@example.org?" in _text(ask) and "Offerton Allotments" in _text(ask)
    assert client.post(f"/portal/invitations/{invitation_id}/cancel", data={}).status_code == 400
    token = csrf_token(client, f"/portal/invitations/{invitation_id}/cancel")
    done = client.post(f"/portal/invitations/{invitation_id}/cancel", data={"csrf_token": token})
    assert done.status_code == 303
    assert "The invitation to rae@example.org is cancelled" in _text(client.get("/portal/invitations"))
    assert client.get(link).status_code == 404
    assert client.get(f"/portal/invitations/{invitation_id}/cancel").status_code == 404


def test_an_organisation_admin_cannot_resend_or_cancel_other_invitations(
    client, groups, rollback_app_session
):
    admin = joining.accounts.find_user(rollback_app_session, "admin@example.org")
    invitation, _ = joining.invite(
        rollback_app_session,
        inviter=admin,
        email="someone@example.org",
        organization_id=groups["Heaton Moor Friends"],
        role="org_editor",
        now=datetime.now(UTC),
    )
    rollback_app_session.commit()
    assert sign_in(client, email="orgadmin@example.org").status_code == 303
    assert "someone@example.org" not in _text(client.get("/portal/invitations"))
    token = csrf_token(client, "/portal/invitations")
    assert client.get(f"/portal/invitations/{invitation.id}/cancel").status_code == 404
    for action in ("resend", "cancel"):
        response = client.post(f"/portal/invitations/{invitation.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 404
    assert rollback_app_session.get(Invitation, invitation.id) is not None


def test_an_expired_invitation_stays_listed_as_expired_so_it_can_be_sent_again(
    client, groups, rollback_app_session
):
    admin = joining.accounts.find_user(rollback_app_session, "admin@example.org")
    joining.invite(
        rollback_app_session,
        inviter=admin,
        email="late@example.org",
        organization_id=groups["Heaton Moor Friends"],
        role="org_editor",
        now=datetime.now(UTC) - timedelta(days=10),
    )
    rollback_app_session.commit()
    assert sign_in(client, email="admin@example.org").status_code == 303
    text = _text(client.get("/portal/invitations"))
    assert "late@example.org" in text and "Expired" in text
