"""The ORUK reference examples: records the official validator accepts import, the faults it rejects are
refused with the field and reason, and files that hold no services are refused as such."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.interchange import ImportFailed, import_oruk
from directory.models import Attribute, Organization, Service, ServiceArea

# Every file of validator-pass/ is listed in exactly one of these, so a new example cannot slip by.
PASS_WITH_SERVICES = {
    "service_full.json": "ac148810-d857-441c-9679-408f346de14b",
    "service_list.json": "ac148810-d857-441c-9679-408f346de14b",
    "service_at_location_full.json": "ac148810-d857-441c-9679-408f346de14b",
    "service_at_location_list.json": "ac148810-d857-441c-9679-408f346de14b",
    "organization.json": "ac148810-d857-441c-9679-408f346de14b",
}
PASS_WITHOUT_SERVICES = {
    "api_details.json": "not an ORUK record",
    "dashboard_service_details_response.json": "not an ORUK record",
    "dashboard_services_response.json": "not an ORUK record",
    "organization_list.json": "10 x an organisation",
    "taxonomy.json": "a taxonomy",
    "taxonomy_list.json": "a taxonomy",
    "taxonomy_term.json": "a taxonomy term",
    "taxonomy_term_list.json": "a taxonomy term",
}


def test_every_validator_pass_example_is_covered_by_these_tests(oruk_dir):
    names = {path.name for path in (oruk_dir / "examples" / "validator-pass").glob("*.json")}
    assert names == set(PASS_WITH_SERVICES) | set(PASS_WITHOUT_SERVICES)


@pytest.mark.parametrize("name", sorted(PASS_WITH_SERVICES))
def test_validator_pass_examples_with_services_import(db_session, oruk_dir, name):
    report = import_oruk(db_session, oruk_dir / "examples" / "validator-pass" / name)
    assert report.written and report.created == 1 and report.error_count == 0
    service = db_session.get(Service, PASS_WITH_SERVICES[name])
    assert service is not None and service.name == "Community Counselling"
    assert service.organization.name == "Example Organization Inc."


@pytest.mark.parametrize("name", sorted(PASS_WITHOUT_SERVICES))
def test_validator_pass_examples_without_services_parse_and_are_refused_as_not_services(
    db_session, oruk_dir, name
):
    before = db_session.scalar(select(Service.id).order_by(Service.id.desc()).limit(1))
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, oruk_dir / "examples" / "validator-pass" / name)
    (problem,) = failure.value.report.errors
    assert problem.record is None
    assert (
        problem.reason.startswith("no services to import") and PASS_WITHOUT_SERVICES[name] in problem.reason
    )
    assert db_session.scalar(select(Service.id).order_by(Service.id.desc()).limit(1)) == before


def test_the_full_validator_example_keeps_its_details(db_session, oruk_dir):
    import_oruk(db_session, oruk_dir / "examples" / "validator-pass" / "service_full.json")
    service = db_session.get(Service, "ac148810-d857-441c-9679-408f346de14b")
    assert service.fees_description == "fees_description"  # ORUK UK's `fees`
    assert [(s.byday, s.opens_at.isoformat(), s.closes_at.isoformat()) for s in service.schedules] == [
        ("TH,FR", "10:00:00", "18:00:00")
    ]
    location = service.service_at_locations[0].location
    assert location.name == "MyCity Civic Center"
    assert (location.latitude, location.longitude) == (None, None)  # 100, 101 are off the globe
    assert location.addresses[0].country == "US" and location.addresses[0].address_type == "postal"
    assert [a.identifier for a in service.organization.identifiers] == ["1234567"]
    assert [c.amount for c in service.cost_options] == [35]
    assert {a.taxonomy_term.name for a in service.attributes} == {"name"}


def test_spec_examples_import(db_session, oruk_dir):
    for name in ("service_full.json", "service_list.json"):
        report = import_oruk(db_session, oruk_dir / "examples" / "spec" / name)
        assert report.written and report.error_count == 0
    assert db_session.get(Service, "ac148810-d857-441c-9679-408f346de14b").status == "active"


def test_bristol_records_import_with_their_html_sanitised(db_session, oruk_dir):
    page = import_oruk(db_session, oruk_dir / "examples" / "bristol" / "services-page1.json")
    assert page.created == 3
    single = import_oruk(db_session, oruk_dir / "examples" / "bristol" / "service-1625ip.json")
    assert single.written and single.error_count == 0
    service = db_session.get(Service, "2a3483ea-8966-4f50-9dc3-7bafa1e5c623")
    assert "<p>1625 Independent People works with young people" in service.description
    assert "<h1>" not in service.description and "About Us" in service.description
    assert service.minimum_age is None and service.maximum_age is None  # Bristol's -1
    assert sorted(a.name for a in service.service_areas) == ["Bristol", "South Gloucestershire"]
    assert sorted(p.number for p in service.phones) == ["0800 0354213", "Bristol Youth MAPS: 0117 332 7111"]
    assert all(p.contact_id == service.contacts[0].id for p in service.phones)
    two_way = db_session.get(Service, "93657689-252d-5a77-de87-42ca43452b0e")
    assert 'target=""' not in two_way.description
    assert 'rel="noopener noreferrer nofollow"' in two_way.description
    assert db_session.scalars(select(ServiceArea).where(ServiceArea.service_id == service.id)).all()


def test_bristol_pages_say_which_fields_we_do_not_store(db_session, oruk_dir):
    report = import_oruk(db_session, oruk_dir / "examples" / "bristol" / "services-page1.json")
    assert report.ignored_fields["service.pc_metadata"] == 3
    assert report.ignored_fields["service.pc_targetAudience"] == 1


def test_the_validator_fail_service_is_refused_naming_its_faulty_fields(db_session, oruk_dir):
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, oruk_dir / "examples" / "validator-fail" / "service_full.json")
    problems = {(p.record, p.field): p.reason for p in failure.value.report.errors}
    assert problems.keys() == {(1, "url"), (1, "email")}
    assert "not a web address" in problems[(1, "url")] and "example/counselling" in problems[(1, "url")]
    assert "not an email address" in problems[(1, "email")]
    assert db_session.get(Service, "ac148810-d857-441c-9679-408f346de14b") is None


def test_the_validator_fail_service_list_is_refused_record_by_record(db_session, oruk_dir):
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, oruk_dir / "examples" / "validator-fail" / "service_list.json")
    report = failure.value.report
    faults = {(p.record, p.field) for p in report.errors}
    assert {(1, "name"), (2, "name"), (3, "name"), (4, "name")} <= faults
    assert {(1, "url"), (1, "email"), (2, "url"), (2, "email"), (3, "email"), (4, "email")} <= faults
    assert any(p.record == 4 and p.field == "id" and "duplicate id" in p.reason for p in report.errors)
    reasons = {(p.record, p.field): p.reason for p in report.errors}
    assert "got false (a boolean)" in reasons[(3, "email")]
    assert "got 12345 (a number)" in reasons[(4, "email")]
    assert report.written is False
    assert (
        db_session.scalars(
            select(Organization).where(Organization.id == "327b71ab-bdf1-43c3-8c1d-3e77366dd6c0")
        ).first()
        is None
    )


def test_unmapped_example_terms_are_kept_and_listed(db_session, oruk_dir):
    report = import_oruk(db_session, oruk_dir / "examples" / "validator-pass" / "service_full.json")
    assert report.unmapped_terms == {"name": 1}
    attribute = db_session.scalars(
        select(Attribute).where(Attribute.link_id == "ac148810-d857-441c-9679-408f346de14b")
    ).one()
    assert attribute.taxonomy_term.description == "description"
