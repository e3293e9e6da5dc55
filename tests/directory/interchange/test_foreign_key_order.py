"""Records whose children point at several parents import in an order every database accepts."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select

from directory.db import Database
from directory.interchange import export_oruk, import_oruk
from directory.migrations import upgrade
from directory.models import Language, Location, Phone, Schedule, Service
from directory.seed import seed_neighbourhoods
from tests.factories import create_service


def test_a_location_owned_by_an_organisation_with_location_phones_and_schedules_round_trips(tmp_path):
    source_url, target_url = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    upgrade(source_url)
    upgrade(target_url)
    source, target = Database(source_url), Database(target_url)
    with source.transaction() as session:
        seed_neighbourhoods(session)
        service = create_service(session, name="Wren Community Larder", point=(53.42, -2.16))
        location = service.service_at_locations[0].location
        location.organization_id = service.organization_id
        session.add(Phone(location_id=location.id, number="0161 496 0123", type="voice"))
        session.add(Schedule(location_id=location.id, service_id=service.id, freq="WEEKLY", byday="SA",
                             opens_at=time(10), closes_at=time(12)))  # fmt: skip
        session.add(Language(location_id=location.id, code="pl", name="Polish"))
    with source.transaction() as session:
        export_oruk(session, tmp_path / "feed.json")
    with target.transaction() as session:
        report = import_oruk(session, tmp_path / "feed.json")
    assert report.created == 1 and report.error_count == 0
    with target.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == 1
        imported = session.scalars(select(Location)).one()
        assert imported.organization_id == service.organization_id
    source.dispose()
    target.dispose()
