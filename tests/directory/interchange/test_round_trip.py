"""An ORUK export imported into an empty database yields the same directory (and validates as ORUK)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from directory.interchange import export_oruk, import_oruk
from directory.models import (
    Accessibility,
    Closure,
    Neighbourhood,
    Organization,
    Service,
    service_neighbourhood,
)
from directory.oruk.serialise import service_full
from tests.helpers.oruk import schema_errors


def canonical(value: Any) -> Any:
    """Lists of records in id order: collections have no stored order, so order is not a difference."""
    if isinstance(value, dict):
        return {key: canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [canonical(item) for item in value]
        if all(isinstance(item, dict) and "id" in item for item in items):
            items.sort(key=lambda item: item["id"])
        return items
    return value


def every_service(session) -> dict[str, Any]:
    return {s.id: canonical(service_full(s)) for s in session.scalars(select(Service))}


def package(path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return canonical(data)


def test_an_export_imported_into_an_empty_database_is_the_same_directory(db_session, empty_db, tmp_path):
    exported = tmp_path / "directory.json"
    count = export_oruk(db_session, exported)
    before = every_service(db_session)
    assert count == len(before) >= 150

    with empty_db.transaction() as session:
        report = import_oruk(session, exported)
    assert (report.created, report.error_count) == (count, 0)

    with empty_db.transaction() as session:
        after = every_service(session)
        assert after.keys() == before.keys()
        different = [service_id for service_id in before if before[service_id] != after[service_id]]
        assert not different, f"{len(different)} services differ, e.g. {different[0]}"
        again = tmp_path / "again.json"
        export_oruk(session, again)
    assert package(again) == package(exported)


def test_what_oruk_cannot_carry_survives_the_round_trip(db_session, empty_db, tmp_path):
    exported = tmp_path / "directory.json"
    export_oruk(db_session, exported)
    with empty_db.transaction() as session:
        import_oruk(session, exported)

    def facts(session):
        return {
            "closures": sorted(
                session.execute(select(Closure.service_id, Closure.starts_on, Closure.ends_on)).all()
            ),
            "codes": sorted(session.scalars(select(Accessibility.code)).all(), key=str),
            "sample_orgs": session.scalar(select(func.count()).where(Organization.is_sample.is_(True))),
            "links": session.scalar(select(func.count()).select_from(service_neighbourhood)),
            "hoods": sorted(session.execute(select(Neighbourhood.slug, Neighbourhood.name)).all()),
        }

    with empty_db.transaction() as session:
        assert facts(session) == facts(db_session)
    assert facts(db_session)["closures"] and facts(db_session)["links"]


def test_importing_an_export_into_the_database_it_came_from_changes_nothing(db_session, count_rows, tmp_path):
    exported = tmp_path / "directory.json"
    count = export_oruk(db_session, exported)
    before = count_rows(db_session)
    report = import_oruk(db_session, exported)
    assert (report.created, report.updated, report.unchanged) == (0, 0, count)
    assert count_rows(db_session) == before


def test_every_exported_service_validates_against_the_oruk_service_schema(db_session, oruk_dir, tmp_path):
    exported = tmp_path / "directory.json"
    export_oruk(db_session, exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["version"] == "HSDS-UK-3.0"
    for record in data["services"]:
        errors = schema_errors("service.json", record)
        assert not errors, f"{record['id']}: {errors[:3]}"
    for taxonomy in data["taxonomies"]:
        assert not schema_errors(
            "taxonomy.json", {k: v for k, v in taxonomy.items() if k != "taxonomy_terms"}
        )


def test_an_export_is_written_whole_or_not_at_all(db_session, tmp_path):
    exported = tmp_path / "directory.json"
    exported.write_text("previous export", encoding="utf-8")
    export_oruk(db_session, exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["services"]
    assert list(tmp_path.iterdir()) == [exported]
