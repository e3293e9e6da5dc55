"""Archiving withdraws a listing at once; 30 days later the purge removes it and its rows for good."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from directory.models import (
    Attribute,
    IndexChange,
    ListingReport,
    Location,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceRevision,
)
from directory.portal import archive
from directory.portal.reports import create_report
from directory.queries import get_service
from directory.search import changes
from tests.factories import create_organization, create_service, create_user

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@pytest.fixture
def setting(db_session):
    changes.install()  # as in the app: every write also queues its search change
    organization = create_organization(db_session, name="Brinnington Helpers")
    other = create_organization(db_session, name="Someone Else's Group")
    service = create_service(
        db_session, name="Brinnington Larder", organization=organization, point=(53.43, -2.13)
    )
    users = {
        "admin": create_user(
            db_session, email="admin@example.org", organizations=((organization, "org_admin"),)
        ),
        "editor": create_user(
            db_session, email="editor@example.org", organizations=((organization, "org_editor"),)
        ),
        "outsider": create_user(db_session, email="out@example.org", organizations=((other, "org_admin"),)),
        "moderator": create_user(db_session, email="mod@example.org", role="moderator"),
        "council": create_user(db_session, email="council@example.org", role="council_admin"),
    }
    return service, users


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


@pytest.mark.parametrize("who", ["admin", "moderator", "council"])
def test_an_organisation_admin_a_moderator_or_a_council_admin_can_archive(db_session, setting, who):
    service, users = setting
    revision = archive.archive(db_session, user=users[who], service_id=service.id, now=NOW)
    assert service.archived_at == NOW and not service.is_visible
    assert (revision.kind, revision.status, revision.author_id) == ("archive", "approved", users[who].id)
    assert json.loads(revision.changes) == {"archived": True}
    assert json.loads(revision.before) == {"archived": False}
    assert get_service(db_session, service.id) is None  # gone from the public pages and the APIs
    assert get_service(db_session, service.id, withdrawn=True) is service
    queued = db_session.scalars(select(IndexChange.service_id).where(IndexChange.service_id == service.id))
    assert list(queued), "the change queue takes the service out of the search index after commit"


def test_an_editor_may_not_archive_and_another_organisation_is_told_nothing_exists(db_session, setting):
    service, users = setting
    with pytest.raises(archive.NotAllowed):
        archive.archive(db_session, user=users["editor"], service_id=service.id, now=NOW)
    with pytest.raises(archive.NotFound):
        archive.archive(db_session, user=users["outsider"], service_id=service.id, now=NOW)
    with pytest.raises(archive.NotFound):
        archive.archive(db_session, user=users["admin"], service_id="no-such-service", now=NOW)
    assert service.archived_at is None
    assert _count(db_session, ServiceRevision, ServiceRevision.service_id == service.id) == 0


def test_archiving_twice_changes_nothing_the_second_time(db_session, setting):
    service, users = setting
    archive.archive(db_session, user=users["admin"], service_id=service.id, now=NOW)
    again = archive.archive(
        db_session, user=users["admin"], service_id=service.id, now=NOW + timedelta(days=3)
    )
    assert again is None and service.archived_at == NOW
    assert _count(db_session, ServiceRevision, ServiceRevision.service_id == service.id) == 1


def test_an_archive_can_be_undone_within_30_days_but_not_after(db_session, setting):
    service, users = setting
    archive.archive(db_session, user=users["admin"], service_id=service.id, now=NOW)
    assert archive.removal_date(service) == NOW + timedelta(days=30)
    with pytest.raises(archive.NotAllowed):
        archive.unarchive(db_session, user=users["editor"], service_id=service.id, now=NOW)
    revision = archive.unarchive(
        db_session, user=users["admin"], service_id=service.id, now=NOW + timedelta(days=29)
    )
    assert revision.kind == "unarchive" and json.loads(revision.changes) == {"archived": False}
    assert service.archived_at is None and service.is_visible
    assert archive.unarchive(db_session, user=users["admin"], service_id=service.id, now=NOW) is None

    archive.archive(db_session, user=users["moderator"], service_id=service.id, now=NOW)
    with pytest.raises(archive.NotFound):
        archive.unarchive(
            db_session, user=users["admin"], service_id=service.id, now=NOW + timedelta(days=31)
        )
    assert service.archived_at == NOW


def test_the_purge_keeps_a_listing_for_30_days_then_removes_it_and_its_rows(db_session, setting):
    service, users = setting
    service_id = service.id
    location_id = service.service_at_locations[0].location_id
    create_report(db_session, service_id=service_id, reason="closed", details="", contact_email=None)
    archive.archive(db_session, user=users["admin"], service_id=service_id, now=NOW)
    assert _count(db_session, Attribute, Attribute.link_id == service_id) == 1

    assert archive.purge_archived(db_session, now=NOW + timedelta(days=29)) == 0
    assert db_session.get(Service, service_id) is not None

    assert archive.purge_archived(db_session, now=NOW + timedelta(days=31)) == 1
    db_session.expire_all()
    assert db_session.get(Service, service_id) is None
    for model, column in (
        (ServiceRevision, ServiceRevision.service_id),
        (ListingReport, ListingReport.service_id),
        (Phone, Phone.service_id),
        (ServiceAtLocation, ServiceAtLocation.service_id),
        (Attribute, Attribute.link_id),
    ):
        assert _count(db_session, model, column == service_id) == 0, model.__name__
    assert db_session.get(Location, location_id) is None  # no other service used it
    queued = db_session.scalars(select(IndexChange.service_id).where(IndexChange.service_id == service_id))
    assert list(queued), "the search index is told to drop the service"

    assert archive.purge_archived(db_session, now=NOW + timedelta(days=31)) == 0  # harmless again


def test_the_purge_leaves_listings_that_are_not_archived_and_shared_locations(db_session, setting):
    service, users = setting
    location = service.service_at_locations[0].location
    neighbour = create_service(db_session, name="Brinnington Advice", organization=service.organization)
    neighbour.service_at_locations.append(ServiceAtLocation(location=location))
    db_session.flush()
    archive.archive(db_session, user=users["admin"], service_id=service.id, now=NOW)
    before = _count(db_session, Service)
    assert archive.purge_archived(db_session, now=NOW + timedelta(days=60)) == 1
    assert _count(db_session, Service) == before - 1
    assert db_session.get(Service, neighbour.id) is not None
    assert db_session.get(Location, location.id) is not None


def test_archived_listings_are_listed_for_their_organisation_and_council_staff_only(db_session, setting):
    service, users = setting
    archive.archive(db_session, user=users["admin"], service_id=service.id, now=NOW)
    assert archive.archived_services(db_session, users["editor"]) == [service]
    assert service in archive.archived_services(db_session, users["moderator"])
    assert archive.archived_services(db_session, users["outsider"]) == []
    assert archive.may_archive(db_session, users["admin"], service)
    assert not archive.may_archive(db_session, users["editor"], service)
