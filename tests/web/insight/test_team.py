"""Council administrators manage the neighbourhood team and the feed's tokens in the portal."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from directory.insight.access import set_user_neighbourhoods, user_neighbourhoods, visible_neighbourhoods
from directory.models import InsightToken, Invitation, Neighbourhood, User
from directory.portal import joining
from tests.factories import create_organization, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database, rate_limiter

PASSWORD = "a long new password"
_JOIN = re.compile(r"https?://\S+(/portal/join/\S+)")
_NEW_TOKEN = re.compile(r'id="new-token"[^>]*value="([^"]+)"')
FEED = "/api/insight/demand?from=2026-W40&to=2026-W40&need=food"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    rate_limiter.reset()
    yield
    rate_limiter.reset()


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _every() -> list[str]:
    return list(database.session.scalars(select(Neighbourhood.slug).order_by(Neighbourhood.name)))


def _user(email: str) -> User:
    return database.session.scalars(select(User).where(User.email == email)).one()


@pytest.fixture
def admin(rollback_app_session):
    user = create_user(
        rollback_app_session, email="admin@example.org", role="council_admin", display_name="Ada"
    )
    rollback_app_session.commit()
    return user


@pytest.fixture
def member(rollback_app_session):
    user = create_user(
        rollback_app_session, email="tam@example.org", role="neighbourhood_team", display_name="Tam"
    )
    set_user_neighbourhoods(rollback_app_session, user.id, ["heatons", "victoria"])
    rollback_app_session.commit()
    return user


def _post(client, url, form_page, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, form_page), **data})


# -- inviting ----------------------------------------------------------------------------------------


def test_a_neighbourhood_team_member_is_invited_joins_and_sees_only_their_neighbourhoods(
    client, admin, mailbox
):
    assert sign_in(client, email="admin@example.org").status_code == 303
    page = client.get("/portal/invitations")
    root = check_page(page.data)
    team = root.find(".//input[@value='neighbourhood_team']")
    assert team is not None and team.get("data-no-organisation") is not None
    boxes = {box.get("value") for box in root.iter("input") if box.get("name") == "neighbourhoods"}
    assert boxes == set(_every())

    sent = _post(
        client,
        "/portal/invitations",
        "/portal/invitations",
        email="Tam@Example.org",
        role="neighbourhood_team",
        organization="",
        neighbourhoods=["victoria", "heatons"],
    )
    assert sent.status_code == 303
    listing = client.get("/portal/invitations")
    check_page(listing.data)
    text = _text(listing)
    assert "We have sent an invitation to tam@example.org to be a neighbourhood team member for" in text
    assert "neighbourhood team member" in text and "Heatons, Victoria" in text
    invitation = database.session.scalars(select(Invitation)).one()
    assert (invitation.role, invitation.organization_id, invitation.neighbourhoods) == (
        "neighbourhood_team",
        None,
        "heatons,victoria",
    )
    [message] = mailbox
    assert "neighbourhood team" in _body(message) and "Heatons" in _body(message)

    link = _JOIN.search(_body(message)).group(1)
    client.post("/portal/sign-out", data={"csrf_token": csrf_token(client, "/portal/")})
    offer = client.get(link)
    check_page(offer.data)
    assert "Heatons and Victoria" in _text(offer)
    joined = _post(client, link, link, name="Tam", password=PASSWORD)
    assert joined.status_code == 303
    user = _user("tam@example.org")
    assert user.role == "neighbourhood_team"
    assert visible_neighbourhoods(database.session, user, _every()) == [
        slug for slug in _every() if slug in ("heatons", "victoria")
    ]
    assert client.get("/portal/insight/team").status_code == 403


@pytest.mark.parametrize("chosen", [[], ["atlantis"], ["heatons", "atlantis"]])
def test_a_team_invitation_needs_known_neighbourhoods_and_stores_nothing_otherwise(
    client, admin, mailbox, chosen
):
    sign_in(client, email="admin@example.org")
    response = _post(
        client,
        "/portal/invitations",
        "/portal/invitations",
        email="tam@example.org",
        role="neighbourhood_team",
        neighbourhoods=chosen,
    )
    assert response.status_code == 400
    check_page(response.data)
    assert "Choose at least one neighbourhood" in _text(response)
    assert database.session.scalars(select(Invitation)).all() == [] and mailbox == []


def test_an_organisation_administrator_cannot_invite_to_the_neighbourhood_team(
    client, rollback_app_session, mailbox
):
    group = create_organization(rollback_app_session, name="Reddish Friends")
    create_user(rollback_app_session, email="lead@example.org", organizations=((group, "org_admin"),))
    rollback_app_session.commit()
    sign_in(client, email="lead@example.org")
    page = client.get("/portal/invitations")
    assert page.status_code == 200
    root = check_page(page.data)
    assert root.find(".//input[@value='neighbourhood_team']") is None
    assert not [box for box in root.iter("input") if box.get("name") == "neighbourhoods"]
    refused = _post(
        client,
        "/portal/invitations",
        "/portal/invitations",
        email="x@example.org",
        role="neighbourhood_team",
        neighbourhoods=["heatons"],
    )
    assert refused.status_code == 400
    assert database.session.scalars(select(Invitation)).all() == [] and mailbox == []


def test_a_council_administrator_who_accepts_a_team_invitation_keeps_their_role(rollback_app_session, admin):
    other = create_user(rollback_app_session, email="boss@example.org", role="council_admin")
    now = datetime.now(UTC)
    _, token = joining.invite(
        rollback_app_session,
        inviter=admin,
        email="boss@example.org",
        organization_id=None,
        role="neighbourhood_team",
        neighbourhoods=["heatons"],
        now=now,
    )
    joining.accept_as_user(rollback_app_session, token, other, now)
    assert other.role == "council_admin"


def test_a_member_invited_again_gains_the_new_neighbourhoods(rollback_app_session, admin, member):
    now = datetime.now(UTC)
    _, token = joining.invite(
        rollback_app_session,
        inviter=admin,
        email="tam@example.org",
        organization_id=None,
        role="neighbourhood_team",
        neighbourhoods=["cheadle"],
        now=now,
    )
    joining.accept_as_user(rollback_app_session, token, member, now)
    assert member.role == "neighbourhood_team"
    assert user_neighbourhoods(rollback_app_session, member.id) == ["cheadle", "heatons", "victoria"]


# -- who may manage it -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["none", "moderator", "neighbourhood_team"])
def test_only_council_administrators_reach_the_team_and_token_pages(
    client, rollback_app_session, member, role
):
    create_user(rollback_app_session, email="someone@example.org", role=role)
    rollback_app_session.commit()
    sign_in(client, email="someone@example.org")
    pages = (
        "/portal/insight/team",
        "/portal/insight/tokens",
        f"/portal/insight/team/{member.id}",
        f"/portal/insight/team/{member.id}/remove",
    )
    for url in pages:
        assert client.get(url).status_code == 403
    token = csrf_token(client, "/portal/", follow_redirects=True)  # a team member's home is their insight
    for url in pages[1:]:
        data = {"csrf_token": token, "name": "Mine", "neighbourhoods": ["cheadle"]}
        assert client.post(url, data=data).status_code == 403
    assert database.session.scalars(select(InsightToken)).all() == []
    them = _user("tam@example.org")
    assert them.role == "neighbourhood_team"
    assert user_neighbourhoods(database.session, them.id) == ["heatons", "victoria"]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in ("/portal/insight/team", "/portal/insight/tokens"):
        response = client.get(url)
        assert response.status_code in (302, 303) and "/portal/sign-in" in response.headers["Location"]


# -- changing and removing access --------------------------------------------------------------------


def test_the_team_page_lists_members_with_their_neighbourhoods(client, admin, member):
    sign_in(client, email="admin@example.org")
    page = client.get("/portal/insight/team")
    assert page.status_code == 200
    check_page(page.data)
    text = _text(page)
    assert "tam@example.org" in text and "Heatons, Victoria" in text
    assert "admin@example.org" not in text


def test_an_administrator_changes_the_neighbourhoods_a_member_sees(client, admin, member):
    sign_in(client, email="admin@example.org")
    url = f"/portal/insight/team/{member.id}"
    form = client.get(url)
    root = check_page(form.data)
    checked = {b.get("value") for b in root.iter("input") if b.get("checked") is not None}
    assert checked == {"heatons", "victoria"}
    done = _post(client, url, url, neighbourhoods=["cheadle", "tame-valley"])
    assert done.status_code == 303 and done.headers["Location"].endswith("/portal/insight/team")
    banner = _text(client.get("/portal/insight/team"))
    assert "Tam (tam@example.org) now sees the insight of" in banner and "Cheadle" in banner
    assert user_neighbourhoods(database.session, member.id) == ["cheadle", "tame-valley"]


def test_a_member_must_keep_at_least_one_known_neighbourhood(client, admin, member):
    sign_in(client, email="admin@example.org")
    url = f"/portal/insight/team/{member.id}"
    for chosen in ([], ["atlantis"]):
        refused = _post(client, url, url, neighbourhoods=chosen)
        assert refused.status_code == 400
        check_page(refused.data)
        assert "Choose at least one neighbourhood" in _text(refused)
    assert user_neighbourhoods(database.session, member.id) == ["heatons", "victoria"]


def test_changes_need_the_forms_csrf_token(client, admin, member):
    sign_in(client, email="admin@example.org")
    url = f"/portal/insight/team/{member.id}"
    assert client.post(url, data={"neighbourhoods": ["cheadle"]}).status_code == 400
    assert client.post(f"{url}/remove").status_code == 400
    assert user_neighbourhoods(database.session, member.id) == ["heatons", "victoria"]


def test_someone_not_in_the_team_has_no_team_page(client, admin, rollback_app_session):
    other = create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    sign_in(client, email="admin@example.org")
    assert client.get(f"/portal/insight/team/{other.id}").status_code == 404
    assert client.get("/portal/insight/team/nobody").status_code == 404


def test_removing_a_members_access_takes_their_role_and_neighbourhoods_and_signs_them_out(
    app, client, admin, member
):
    theirs = app.test_client()
    assert sign_in(theirs, email="tam@example.org").status_code == 303
    assert theirs.get("/portal/insight/heatons").status_code == 200

    sign_in(client, email="admin@example.org")
    url = f"/portal/insight/team/{member.id}/remove"
    confirm = client.get(url)
    check_page(confirm.data)
    assert "Remove insight access for tam@example.org?" in _text(confirm)
    done = _post(client, url, url)
    assert done.status_code == 303
    assert "Tam (tam@example.org) no longer has insight access" in _text(client.get("/portal/insight/team"))
    user = _user("tam@example.org")
    assert user.role == "none" and user_neighbourhoods(database.session, user.id) == []
    assert visible_neighbourhoods(database.session, user, _every()) == []
    ended = theirs.get("/portal/")
    assert ended.status_code in (302, 303) and "/portal/sign-in" in ended.headers["Location"]  # session ended


# -- tokens ------------------------------------------------------------------------------------------


def test_a_token_is_shown_once_works_for_the_feed_and_stops_when_revoked(client, admin):
    sign_in(client, email="admin@example.org")
    page = client.get("/portal/insight/tokens")
    check_page(page.data)
    issued = _post(client, "/portal/insight/tokens", "/portal/insight/tokens", name="Health dashboard")
    assert issued.status_code == 200 and issued.headers["Cache-Control"] == "no-store"
    check_page(issued.data)
    raw = _NEW_TOKEN.search(issued.get_data(as_text=True)).group(1)
    assert raw.startswith("ahi_")
    again = client.get("/portal/insight/tokens")
    assert raw not in again.get_data(as_text=True)
    assert "Health dashboard" in _text(again) and raw[:12] in _text(again)
    feed = client.get(FEED, headers={"Authorization": f"Bearer {raw}"})
    assert feed.status_code == 200

    token = database.session.scalars(select(InsightToken)).one()
    url = f"/portal/insight/tokens/{token.id}/revoke"
    confirm = client.get(url)
    check_page(confirm.data)
    assert _post(client, url, url).status_code == 303
    assert "is revoked" in _text(client.get("/portal/insight/tokens"))
    assert client.get(FEED, headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert client.get(url).status_code == 404


def test_a_token_scoped_to_a_neighbourhood_is_listed_with_it(client, admin):
    sign_in(client, email="admin@example.org")
    issued = _post(
        client,
        "/portal/insight/tokens",
        "/portal/insight/tokens",
        name="Heatons report",
        neighbourhoods=["heatons"],
    )
    raw = _NEW_TOKEN.search(issued.get_data(as_text=True)).group(1)
    token = database.session.scalars(select(InsightToken)).one()
    assert token.neighbourhoods == "heatons"
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(FEED + "&neighbourhood=victoria", headers=headers).status_code == 403
    root = check_page(client.get("/portal/insight/tokens").data)
    [row] = [tr for tr in root.iter("tr") if "Heatons report" in "".join(tr.itertext())]
    cells = [" ".join("".join(td.itertext()).split()) for td in row.iter("td")]
    assert "Heatons" in cells and "Working" in cells


def test_a_token_needs_a_name(client, admin):
    sign_in(client, email="admin@example.org")
    refused = _post(client, "/portal/insight/tokens", "/portal/insight/tokens", name="  ")
    assert refused.status_code == 400
    check_page(refused.data)
    assert "Enter a name for the token" in _text(refused)
    assert 'id="new-token"' not in refused.get_data(as_text=True)
    assert database.session.scalars(select(InsightToken)).all() == []
