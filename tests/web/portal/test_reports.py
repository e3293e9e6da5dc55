"""A resident's report reaches the organisation by email (without the resident's address) and the queue."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import ListingReport, Service, User
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database

RESIDENT = "resident.reporter@example.org"


@pytest.fixture
def listing(rollback_app_session):
    organization = create_organization(rollback_app_session, name="Vellichor Helpers")
    organization.email = "office@vellichor.example.org"
    other = create_organization(rollback_app_session, name="Another Group")
    service = create_service(rollback_app_session, name="Vellichor Pantry", organization=organization)
    theirs = create_service(rollback_app_session, name="Someone Else's Pantry", organization=other)
    create_user(rollback_app_session, email="admin@example.org", organizations=((organization, "org_admin"),))
    create_user(
        rollback_app_session, email="editor@example.org", organizations=((organization, "org_editor"),)
    )
    create_user(rollback_app_session, email="outsider@example.org", organizations=((other, "org_admin"),))
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    return service.id, theirs.id


def _report(client, service_id: str, *, details: str, email: str = RESIDENT):
    url = f"/services/{service_id}/report"
    token = csrf_token(client, url)
    return client.post(
        url,
        data={"csrf_token": token, "reason": "opening-times", "details": details, "contact_email": email},
    )


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_a_report_is_emailed_to_the_organisations_users_without_the_residents_address(
    client, listing, mailbox
):
    service_id, _ = listing
    response = _report(client, service_id, details="They open on Fridays now.")
    assert response.status_code == 303

    assert sorted(message["To"] for message in mailbox) == ["admin@example.org", "editor@example.org"]
    for message in mailbox:
        assert message["Subject"] == "Someone reported a problem with Vellichor Pantry"
        body = _body(message)
        assert "The opening times are wrong" in body and "They open on Fridays now." in body
        assert f"/portal/services/{service_id}/edit" in body
        assert RESIDENT not in message.as_string()
    report = database.session.scalars(
        select(ListingReport).where(ListingReport.service_id == service_id)
    ).one()
    assert report.forwarded_at is not None and report.contact_email == RESIDENT


def test_an_organisation_without_portal_users_hears_at_its_own_address(client, listing, mailbox):
    service_id, theirs = listing
    other = database.session.get(Service, theirs).organization
    for user in database.session.scalars(select(User).where(User.email == "outsider@example.org")):
        database.session.delete(user)
    other.email = "hello@another.example.org"
    database.session.commit()
    assert _report(client, theirs, details="").status_code == 303
    assert [message["To"] for message in mailbox] == ["hello@another.example.org"]


def test_a_report_in_another_language_is_emailed_in_english(client, listing, mailbox):
    service_id, _ = listing
    client.get("/?lang=pl")
    assert _report(client, service_id, details="Zamknięte w piątki.").status_code == 303
    assert mailbox and mailbox[0]["Subject"] == "Someone reported a problem with Vellichor Pantry"
    body = _body(mailbox[0])
    assert "Zamknięte w piątki." in body
    assert "The opening times are wrong" in body  # a label the Polish pages show translated


def test_a_moderator_sees_the_report_with_the_residents_address_and_resolves_it(client, listing, mailbox):
    service_id, _ = listing
    assert _report(client, service_id, details="They open on Fridays now.").status_code == 303
    report_id = database.session.scalars(
        select(ListingReport.id).where(ListingReport.service_id == service_id)
    ).one()

    assert sign_in(client, email="mod@example.org").status_code == 303
    queue = client.get("/portal/reports")
    assert queue.status_code == 200
    root = check_page(queue.data)
    text = " ".join(queue.get_data(as_text=True).split())
    assert "Vellichor Pantry" in text and "They open on Fridays now." in text
    assert "The opening times are wrong" in text and RESIDENT in text
    assert root.find(f".//a[@href='/services/{service_id}']") is not None

    token = csrf_token(client, "/portal/reports")
    done = client.post(f"/portal/reports/{report_id}/resolve", data={"csrf_token": token})
    assert done.status_code == 303 and done.headers["Location"] == "/portal/reports"
    report = database.session.get(ListingReport, report_id)
    database.session.refresh(report)
    moderator = database.session.scalars(select(User).where(User.email == "mod@example.org")).one()
    assert (report.status, report.moderator_id) == ("resolved", moderator.id)
    assert report.decided_at is not None
    after = client.get("/portal/reports")
    assert "Vellichor Pantry" not in after.get_data(as_text=True)
    assert "The report is marked as resolved." in after.get_data(as_text=True)
    # decided once: a second decision finds nothing to decide
    assert client.post(f"/portal/reports/{report_id}/dismiss", data={"csrf_token": token}).status_code == 404


def test_a_moderator_can_dismiss_a_report(client, listing, mailbox):
    service_id, _ = listing
    assert _report(client, service_id, details="", email="").status_code == 303
    report_id = database.session.scalars(
        select(ListingReport.id).where(ListingReport.service_id == service_id)
    ).one()
    assert sign_in(client, email="mod@example.org").status_code == 303
    assert "Not given" in client.get("/portal/reports").get_data(as_text=True)
    token = csrf_token(client, "/portal/reports")
    assert client.post(f"/portal/reports/{report_id}/dismiss", data={"csrf_token": token}).status_code == 303
    assert database.session.get(ListingReport, report_id).status == "dismissed"


def test_organisation_users_get_403_on_the_queue_and_cannot_decide_reports(client, listing, mailbox):
    service_id, theirs = listing
    assert _report(client, service_id, details="Wrong hours.").status_code == 303
    assert _report(client, theirs, details="Secret about another group.").status_code == 303
    ids = database.session.scalars(select(ListingReport.id).where(ListingReport.service_id == theirs)).all()
    for email in ("admin@example.org", "outsider@example.org"):
        assert sign_in(client, email=email).status_code == 303
        page = client.get("/portal/reports")
        assert page.status_code == 403
        assert "Secret about another group." not in page.get_data(as_text=True)
        token = csrf_token(client, "/portal/password-reset")
        for action in ("resolve", "dismiss"):
            assert (
                client.post(f"/portal/reports/{ids[0]}/{action}", data={"csrf_token": token}).status_code
                == 403
            )
    # the other organisation's report went to the other organisation only
    assert [m["To"] for m in mailbox if "Someone Else" in m["Subject"]] == ["outsider@example.org"]
    assert all(database.session.get(ListingReport, i).status == "open" for i in ids)


def test_a_decision_without_a_csrf_token_is_refused(client, listing, mailbox):
    service_id, _ = listing
    assert _report(client, service_id, details="").status_code == 303
    report_id = database.session.scalars(
        select(ListingReport.id).where(ListingReport.service_id == service_id)
    ).one()
    assert sign_in(client, email="mod@example.org").status_code == 303
    assert client.post(f"/portal/reports/{report_id}/resolve", data={}).status_code == 400
    assert database.session.get(ListingReport, report_id).status == "open"


def test_the_portal_home_links_moderators_to_the_reports(client, listing):
    assert sign_in(client, email="mod@example.org").status_code == 303
    root = check_page(client.get("/portal/").data)
    assert root.find(".//a[@href='/portal/reports']") is not None
    assert sign_in(client, email="admin@example.org").status_code == 303
    assert check_page(client.get("/portal/").data).find(".//a[@href='/portal/reports']") is None
