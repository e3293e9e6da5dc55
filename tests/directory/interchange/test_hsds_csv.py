"""HSDS 3.0 tabular packages (a folder of CSV files) import through the same checks and writer."""

from __future__ import annotations

import shutil

import pytest

from directory.interchange import ImportFailed, import_hsds_csv
from directory.models import Service, Taxonomy, TaxonomyTerm

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def writable_copy(source, target):
    """The reference package is read-only; tests that edit it work on a plain copy."""
    target.mkdir()
    for path in source.iterdir():
        shutil.copyfile(path, target / path.name)
    return target


def test_the_hsds_example_package_imports_joined_across_its_tables(db_session, oruk_dir):
    report = import_hsds_csv(db_session, oruk_dir / "hsds-csv")
    assert report.written and report.created == 1 and report.error_count == 0
    service = db_session.get(Service, SERVICE_ID)
    assert service.name == "Community Counselling" and service.alternate_name == "MyCity Counselling Services"
    assert service.fees_description.startswith("Non-NHS patients are expected to pay")
    assert service.organization.name == "Example Organization Inc."
    assert [i.identifier for i in service.organization.identifiers] == ["1234567"]
    (phone,) = service.phones
    assert (phone.number, phone.extension) == ("+44 1234 234567", "100")
    assert phone.contact_id == service.contacts[0].id
    (schedule,) = service.schedules
    assert (schedule.byday, schedule.freq, schedule.timezone) == ("TH,FR", "WEEKLY", 3)
    assert schedule.service_at_location_id == service.service_at_locations[0].id
    location = service.service_at_locations[0].location
    assert location.addresses[0].postal_code == "ABC 1234"
    assert location.accessibility[0].details.startswith("Switch hearing aid")
    assert [(lang.code, lang.name) for lang in service.languages] == [("ur", "Urdu")]
    assert float(service.cost_options[0].amount) == 35 and service.cost_options[0].currency == "GBP"


def test_the_hsds_package_brings_its_taxonomy_and_terms(db_session, oruk_dir):
    import_hsds_csv(db_session, oruk_dir / "hsds-csv")
    assert db_session.get(Taxonomy, "5c4d79d7-cc55-470e-9f1f-8cad074e4892").version == "version"
    term = db_session.get(TaxonomyTerm, "3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert term.taxonomy.name == "taxonomy" and term.parent_id is None


def test_the_hsds_report_names_tables_we_do_not_store_and_dropped_coordinates(db_session, oruk_dir):
    report = import_hsds_csv(db_session, oruk_dir / "hsds-csv")
    notes = {(p.record, p.field) for p in report.warnings}
    assert {(None, "funding.csv"), (None, "programs.csv"), (None, "required_documents.csv")} <= notes
    assert (2, "service_at_locations[0].location.latitude") in notes
    assert "services.csv" not in {p.field for p in report.warnings}


def test_a_package_without_services_is_refused(db_session, count_rows, tmp_path):
    (tmp_path / "organizations.csv").write_text("id,name\n1,Org\n", encoding="utf-8")
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_hsds_csv(db_session, tmp_path)
    assert "no services.csv" in failure.value.report.errors[0].reason
    assert count_rows(db_session) == before


def test_an_invalid_row_in_a_package_is_reported_by_services_csv_row(
    db_session, count_rows, oruk_dir, tmp_path
):
    package = writable_copy(oruk_dir / "hsds-csv", tmp_path / "package")
    services = (package / "services.csv").read_text(encoding="utf-8")
    (package / "services.csv").write_text(services.replace(",active,", ",closed,"), encoding="utf-8")
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_hsds_csv(db_session, package)
    (problem,) = failure.value.report.errors
    assert (problem.record, problem.field) == (2, "status") and "'closed'" in problem.reason
    assert count_rows(db_session) == before


def test_datapackage_json_names_the_files_when_it_is_usable(db_session, oruk_dir, tmp_path):
    package = writable_copy(oruk_dir / "hsds-csv", tmp_path / "package")
    (package / "services.csv").rename(package / "the-services.csv")
    (package / "datapackage.json").write_text(
        '{"name": "test", "resources": [{"name": "services", "path": "the-services.csv"}]}', encoding="utf-8"
    )
    report = import_hsds_csv(db_session, package)
    assert report.created == 1
    assert "datapackage.json" not in {p.field for p in report.warnings}
    assert db_session.get(Service, SERVICE_ID).organization.name == "Example Organization Inc."
