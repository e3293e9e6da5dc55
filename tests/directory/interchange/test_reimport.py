"""Importing again updates in place; skip-invalid imports the rest; a dry run writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from directory.interchange import ImportFailed, import_oruk
from directory.interchange.ids import stable_id
from directory.models import IndexChange, Organization, Phone, Service
from tests.directory.interchange.feeds import ORG_ID, page, service, service_id

PHONES = [
    {"id": "3c1b6f1e-2a4d-4e0b-9f6e-6d0e8c9b7a01", "number": "0161 496 0001"},
    {"id": "3c1b6f1e-2a4d-4e0b-9f6e-6d0e8c9b7a02", "number": "0161 496 0002"},
]


def test_importing_the_same_feed_twice_changes_nothing_the_second_time(db_session, count_rows, write_json):
    path = write_json(page([service(1, phones=PHONES), service(2)]))
    first = import_oruk(db_session, path)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    after_first = count_rows(db_session)
    second = import_oruk(db_session, path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert count_rows(db_session) == after_first


def test_a_changed_field_is_updated_in_place(db_session, write_json):
    import_oruk(db_session, write_json(service(1, email="old@example.org")))
    services_before = db_session.scalar(select(func.count()).select_from(Service))
    report = import_oruk(db_session, write_json(service(1, email="new@example.org")))
    assert (report.created, report.updated) == (0, 1)
    assert db_session.get(Service, service_id(1)).email == "new@example.org"
    assert db_session.scalar(select(func.count()).select_from(Service)) == services_before


def test_child_rows_the_feed_no_longer_lists_are_removed(db_session, write_json):
    import_oruk(db_session, write_json(service(1, phones=PHONES)))
    import_oruk(db_session, write_json(service(1, phones=PHONES[1:])))
    numbers = db_session.scalars(select(Phone.number).where(Phone.service_id == service_id(1))).all()
    assert numbers == ["0161 496 0002"]


def test_a_removed_contact_takes_none_of_the_kept_phones_with_it(db_session, write_json):
    contact = {"id": "3c1b6f1e-2a4d-4e0b-9f6e-6d0e8c9b7a10", "name": "Reception"}
    linked = {**PHONES[0], "contact_id": contact["id"]}
    import_oruk(db_session, write_json(service(1, contacts=[contact], phones=[linked])))
    assert db_session.get(Service, service_id(1)).phones[0].contact_id == contact["id"]
    report = import_oruk(db_session, write_json(service(1, phones=[linked])))
    assert report.updated == 1
    db_session.expire_all()
    phones = db_session.get(Service, service_id(1)).phones
    assert [(p.number, p.contact_id) for p in phones] == [("0161 496 0001", None)]


def test_an_unchanged_record_queues_no_search_change(db_session, write_json):
    path = write_json(service(1))
    import_oruk(db_session, path)
    queued = db_session.scalar(select(func.count()).select_from(IndexChange))
    import_oruk(db_session, path)
    assert db_session.scalar(select(func.count()).select_from(IndexChange)) == queued


def test_non_uuid_ids_get_the_same_stable_uuid_on_every_import(db_session, write_json):
    record = service(1, id="svc-42", organization={"id": 42, "name": "Numbered Trust"})
    first = import_oruk(db_session, write_json(record), source_name="numbered-feed")
    second = import_oruk(db_session, write_json(record), source_name="numbered-feed")
    assert (first.created, second.unchanged) == (1, 1)
    stored = db_session.get(Service, stable_id("numbered-feed", "svc-42"))
    assert stored is not None and stored.organization_id == stable_id("numbered-feed", "42")
    assert stable_id("another-feed", "svc-42") != stored.id


def test_the_feeds_last_modified_is_kept_when_other_fields_change(db_session, write_json):
    import_oruk(db_session, write_json(service(1, last_modified="2024-01-02T03:04:05Z")))
    import_oruk(
        db_session, write_json(service(1, last_modified="2024-01-02T03:04:05Z", email="x@example.org"))
    )
    stored = db_session.get(Service, service_id(1)).last_modified
    assert stored.replace(tzinfo=None).isoformat() == "2024-01-02T03:04:05"


def test_by_default_one_invalid_record_means_nothing_is_written(db_session, count_rows, write_json):
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, write_json([service(1), service(2, status="open"), service(3)]))
    assert count_rows(db_session) == before
    (problem,) = failure.value.report.errors
    assert (problem.record, problem.record_id, problem.field) == (2, service_id(2), "status")
    assert "'open' is not one of: active, defunct, inactive, temporarily closed" == problem.reason


def test_skip_invalid_imports_the_valid_records_and_reports_the_rest(db_session, write_json):
    report = import_oruk(
        db_session, write_json([service(1), service(2, status="open"), service(3)]), skip_invalid=True
    )
    assert (report.created, report.skipped) == (2, 1)
    assert report.written and report.ok and report.errors[0].record == 2
    assert db_session.get(Service, service_id(1)) and db_session.get(Service, service_id(3))
    assert db_session.get(Service, service_id(2)) is None


def test_skip_invalid_does_not_skip_a_broken_file(db_session, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "x"', encoding="utf-8")
    with pytest.raises(ImportFailed):
        import_oruk(db_session, path, skip_invalid=True)


def test_a_dry_run_reports_what_would_change_and_writes_nothing(db_session, count_rows, write_json):
    import_oruk(db_session, write_json(service(1)))
    before = count_rows(db_session)
    feed = write_json([service(1, email="changed@example.org"), service(2), service(3)])
    report = import_oruk(db_session, feed, dry_run=True)
    assert count_rows(db_session) == before
    assert report.written is False and report.dry_run
    assert [(o.record, o.action) for o in report.outcomes] == [(1, "update"), (2, "create"), (3, "create")]
    assert "update    record 1" in report.render()
    assert db_session.get(Service, service_id(1)).email is None


def test_a_service_may_name_an_organisation_defined_later_in_the_feed(db_session, write_json):
    early = service(1, organization=None, organization_id=ORG_ID)
    del early["organization"]
    report = import_oruk(db_session, write_json([early, service(2)]), batch_size=1)
    assert report.created == 2
    assert db_session.get(Service, service_id(1)).organization_id == ORG_ID


def test_a_service_naming_an_unknown_organisation_is_refused(db_session, write_json):
    orphan = {key: value for key, value in service(1).items() if key != "organization"}
    orphan["organization_id"] = "9d9d9d9d-0000-4000-8000-000000000000"
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, write_json(orphan))
    assert failure.value.report.errors[0].field == "organization_id"
    assert db_session.get(Organization, "9d9d9d9d-0000-4000-8000-000000000000") is None
