"""Archiving from the portal: confirmed, gone from the public at once, undone within 30 days, purged after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from directory.models import Organization, Service, ServiceRevision, User
from directory.portal import archive
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token
from tests.web.portal.conftest import sign_in
from web.extensions import database, search_provider

NAME = "Quodlibet Larder"  # a name no other listing uses, to find it in search


@pytest.fixture
def listing(rollback_app_session):
    """A searchable service with an organisation admin and editor; taken out of the shared index after."""
    organization = create_organization(rollback_app_session, name="Quodlibet Helpers")
    other = create_organization(rollback_app_session, name="Another Group")
    service = create_service(rollback_app_session, name=NAME, organization=organization)
    create_user(rollback_app_session, email="admin@example.org", organizations=((organization, "org_admin"),))
    create_user(
        rollback_app_session, email="editor@example.org", organizations=((organization, "org_editor"),)
    )
    create_user(rollback_app_session, email="outsider@example.org", organizations=((other, "org_admin"),))
    create_user(rollback_app_session, email="mod@example.org", role="moderator")
    rollback_app_session.commit()
    search_provider.updater.drain()
    service_id = service.id
    yield service_id
    gone = database.session.get(Service, service_id)
    if gone is not None:  # leave the shared index as it was
        database.session.delete(gone)
        database.session.commit()
    search_provider.updater.drain()


def _search_names(client) -> list[str]:
    return [item["name"] for item in client.get("/api/search?q=quodlibet").get_json()["results"]]


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _revisions(service_id: str) -> int:
    return database.session.scalar(
        select(func.count()).select_from(ServiceRevision).where(ServiceRevision.service_id == service_id)
    )


def test_an_organisation_admin_confirms_and_the_listing_leaves_search_the_page_and_the_api(client, listing):
    service_id = listing
    assert NAME in _search_names(client)
    assert client.get(f"/services/{service_id}").status_code == 200
    assert sign_in(client, email="admin@example.org").status_code == 303

    confirm = client.get(f"/portal/services/{service_id}/archive")
    assert confirm.status_code == 200
    root = check_page(confirm.data)
    assert "Are you sure" in root.find(".//h1").text
    assert "removed for good after 30 days" in _text(confirm) and "You can undo this" in _text(confirm)
    assert database.session.get(Service, service_id).archived_at is None  # looking changes nothing

    token = csrf_token(client, f"/portal/services/{service_id}/archive")
    done = client.post(f"/portal/services/{service_id}/archive", data={"csrf_token": token})
    assert done.status_code == 303 and done.headers["Location"] == "/portal/archived"
    service = database.session.get(Service, service_id)
    assert service.archived_at is not None
    revision = database.session.scalars(
        select(ServiceRevision).where(ServiceRevision.service_id == service_id)
    ).one()
    assert (revision.kind, revision.status) == ("archive", "approved")

    search_provider.updater.drain()  # the background indexer is off in tests: apply the queue now
    assert NAME not in _search_names(client)
    assert client.get(f"/services/{service_id}").status_code == 404
    assert client.get(f"/services/{service_id}/report").status_code == 404
    assert client.get(f"/api/oruk/services/{service_id}").status_code == 404

    archived_on = service.archived_at.astimezone(UTC)
    listing_page = client.get("/portal/archived")
    assert listing_page.status_code == 200
    root = check_page(listing_page.data)
    text = _text(listing_page)
    assert NAME in text and f"{archived_on.year}" in text
    assert "Archived on" in text and "removed for good on" in text
    undo = root.find(f".//form[@action='/portal/services/{service_id}/unarchive']")
    assert undo is not None and undo.find(".//button").text == "Undo"


def test_undo_brings_the_listing_back_to_residents_and_search(client, listing):
    service_id = listing
    assert sign_in(client, email="admin@example.org").status_code == 303
    token = csrf_token(client, f"/portal/services/{service_id}/archive")
    client.post(f"/portal/services/{service_id}/archive", data={"csrf_token": token})
    search_provider.updater.drain()
    assert NAME not in _search_names(client)

    token = csrf_token(client, "/portal/password-reset")
    undone = client.post(f"/portal/services/{service_id}/unarchive", data={"csrf_token": token})
    assert undone.status_code == 303
    assert database.session.get(Service, service_id).archived_at is None
    search_provider.updater.drain()
    assert NAME in _search_names(client)
    assert client.get(f"/services/{service_id}").status_code == 200
    kinds = database.session.scalars(
        select(ServiceRevision.kind).where(ServiceRevision.service_id == service_id)
    ).all()
    assert sorted(kinds) == ["archive", "unarchive"]
    assert "There are no archived listings" in _text(client.get("/portal/archived"))


def test_archiving_without_a_csrf_token_is_refused(client, listing):
    assert sign_in(client, email="admin@example.org").status_code == 303
    assert client.post(f"/portal/services/{listing}/archive", data={}).status_code == 400
    assert database.session.get(Service, listing).archived_at is None


def test_an_editor_gets_403_and_another_organisation_404_and_nothing_changes(client, listing):
    service_id = listing
    assert sign_in(client, email="editor@example.org").status_code == 303
    token = csrf_token(client, "/portal/password-reset")
    assert client.get(f"/portal/services/{service_id}/archive").status_code == 403
    assert (
        client.post(f"/portal/services/{service_id}/archive", data={"csrf_token": token}).status_code == 403
    )

    client.post("/portal/sign-out", data={"csrf_token": token})
    assert sign_in(client, email="outsider@example.org").status_code == 303
    token = csrf_token(client, "/portal/password-reset")
    for url in (f"/portal/services/{service_id}/archive", "/portal/services/no-such-id/archive"):
        assert client.get(url).status_code == 404
        assert client.post(url, data={"csrf_token": token}).status_code == 404
    assert (
        client.post(f"/portal/services/{service_id}/unarchive", data={"csrf_token": token}).status_code == 404
    )
    assert NAME not in _text(client.get("/portal/archived"))

    assert database.session.get(Service, service_id).archived_at is None
    assert _revisions(service_id) == 0


def test_an_editor_sees_an_archived_listing_of_their_organisation_but_cannot_undo_it(client, listing):
    service_id = listing
    moderator = database.session.scalars(select(User).where(User.email == "mod@example.org")).one()
    archive.archive(database.session, user=moderator, service_id=service_id, now=datetime.now(UTC))
    database.session.commit()
    assert sign_in(client, email="editor@example.org").status_code == 303
    page = client.get("/portal/archived")
    root = check_page(page.data)
    assert NAME in _text(page)
    assert root.find(f".//form[@action='/portal/services/{service_id}/unarchive']") is None
    token = csrf_token(client, "/portal/password-reset")
    assert (
        client.post(f"/portal/services/{service_id}/unarchive", data={"csrf_token": token}).status_code == 403
    )
    assert database.session.get(Service, service_id).archived_at is not None


def test_the_purge_keeps_the_listing_on_day_29_and_removes_it_on_day_31(
    client, listing, rollback_app_session
):
    service_id = listing
    archived = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    admin = rollback_app_session.scalars(select(User).where(User.email == "admin@example.org")).one()
    archive.archive(rollback_app_session, user=admin, service_id=service_id, now=archived)
    rollback_app_session.commit()

    assert archive.purge_archived(rollback_app_session, now=archived + timedelta(days=29)) == 0
    rollback_app_session.commit()
    assert rollback_app_session.get(Service, service_id) is not None
    with pytest.raises(archive.NotFound):  # too late to undo on day 31, even before the purge runs
        archive.unarchive(
            rollback_app_session, user=admin, service_id=service_id, now=archived + timedelta(days=31)
        )

    assert archive.purge_archived(rollback_app_session, now=archived + timedelta(days=31)) == 1
    rollback_app_session.commit()
    rollback_app_session.expire_all()
    assert rollback_app_session.get(Service, service_id) is None
    assert _revisions(service_id) == 0
    assert archive.purge_archived(rollback_app_session, now=archived + timedelta(days=31)) == 0
    search_provider.updater.drain()
    assert NAME not in _search_names(client)
    assert client.get(f"/api/oruk/services/{service_id}").status_code == 404
    assert sign_in(client, email="admin@example.org").status_code == 303
    assert client.get(f"/portal/services/{service_id}/archive").status_code == 404


@pytest.fixture
def committed_archived_service(app):
    """A service archived 40 days ago, committed for real (the command uses its own connection)."""
    with database.transaction() as session:
        organization = create_organization(session, name="Purge Test Group")
        service = create_service(session, name="Purge Test Listing", organization=organization)
        service.archived_at = datetime.now(UTC) - timedelta(days=40)
        ids = service.id, organization.id
    yield ids
    with database.transaction() as session:
        session.execute(delete(Service).where(Service.id == ids[0]))
        session.execute(delete(Organization).where(Organization.id == ids[1]))
    search_provider.updater.drain()


def test_the_purge_command_removes_old_archives_and_is_safe_to_run_again(app, committed_archived_service):
    service_id, _ = committed_archived_service
    runner = app.test_cli_runner()
    first = runner.invoke(args=["directory", "purge-archived"])
    assert first.exit_code == 0, first.output
    assert "archived services removed for good: 1" in first.output
    with database.transaction() as session:
        assert session.get(Service, service_id) is None
    again = runner.invoke(args=["directory", "purge-archived"])
    assert again.exit_code == 0 and "archived services removed for good: 0" in again.output


def test_the_portal_home_offers_archiving_to_the_organisation_admin_but_not_to_an_editor(client, listing):
    link = f"/portal/services/{listing}/archive"
    assert sign_in(client, email="admin@example.org").status_code == 303
    root = check_page(client.get("/portal/").data)
    assert root.find(f".//a[@href='{link}']") is not None
    assert root.find(".//a[@href='/portal/archived']") is not None
    assert sign_in(client, email="editor@example.org").status_code == 303
    root = check_page(client.get("/portal/").data)
    assert root.find(f".//a[@href='{link}']") is None
