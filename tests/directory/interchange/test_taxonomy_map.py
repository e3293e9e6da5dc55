"""Other directories' taxonomy terms map to our needs (from editable data); unmapped ones are kept."""

from __future__ import annotations

import json

import pytest

from directory.interchange import NeedMapper, import_oruk
from directory.interchange.taxonomy_map import DEFAULT_PATH, TaxonomyMapError, default_mapper
from directory.models import NEEDS_TAXONOMY_NAME, Service
from directory.needs import NEED_SLUGS
from tests.directory.interchange.feeds import service, service_id


def term(n: int, name: str, **fields) -> dict:
    return {"id": f"6b0d0000-0000-4000-8000-{n:012d}", "name": name, "description": name, **fields}


def attribute(n: int, taxonomy_term: dict) -> dict:
    return {"id": f"6b0e0000-0000-4000-8000-{n:012d}", "taxonomy_term": taxonomy_term}


@pytest.mark.parametrize(
    ("name", "slugs"),
    [
        ("Food bank", {"food"}),
        ("FOOD BANKS", {"food"}),
        ("Debt advice", {"money"}),
        ("Homelessness", {"housing"}),
        ("Mental health", {"mental-health"}),
        ("Mental Health & Wellbeing Support", {"mental-health"}),
        ("Drug and alcohol services", {"substance-use"}),
        ("Help for young carers", {"carers"}),
        ("Debt and housing advice", {"money", "housing"}),
        ("Bicycle repair", set()),
    ],
)
def test_the_shipped_map_reads_common_terms_as_our_needs(name, slugs):
    assert default_mapper().needs_for(name=name, code=None, taxonomy_name="LGA service types") == slugs


def test_the_shipped_map_only_names_needs_we_have():
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert set(data["needs"]) == set(NEED_SLUGS)


def test_a_map_naming_an_unknown_need_is_refused():
    with pytest.raises(TaxonomyMapError, match="unknown need 'groceries'"):
        NeedMapper.from_data({"needs": {"groceries": {"names": ["Food"]}}})


def test_codes_in_the_map_match_term_codes():
    mapper = NeedMapper.from_data({"needs": {"energy": {"codes": ["ESD-123"]}}})
    assert mapper.needs_for(name="Something else", code="esd-123", taxonomy_name=None) == {"energy"}


def test_a_service_tagged_with_a_mapped_term_also_gets_the_need(db_session, write_json):
    record = service(1, attributes=[attribute(1, term(1, "Food bank", taxonomy="Council services"))])
    report = import_oruk(db_session, write_json(record))
    assert not report.unmapped_terms
    attached = {
        (a.taxonomy_term.taxonomy.name, a.taxonomy_term.name)
        for a in db_session.get(Service, service_id(1)).attributes
    }
    assert attached == {("Council services", "Food bank"), (NEEDS_TAXONOMY_NAME, "Food")}


def test_unmapped_terms_are_kept_as_they_are_and_listed_in_the_report(db_session, write_json):
    record = service(1, attributes=[attribute(2, term(2, "Bicycle repair", taxonomy="Council services"))])
    report = import_oruk(db_session, write_json(record))
    assert report.unmapped_terms == {"Bicycle repair": 1}
    assert "'Bicycle repair' x1" in report.render()
    (kept,) = db_session.get(Service, service_id(1)).attributes
    assert kept.taxonomy_term.name == "Bicycle repair"


def test_terms_are_matched_by_taxonomy_and_code_so_no_near_copies_are_made(db_session, write_json):
    first = term(3, "Warm spaces", code="warm", taxonomy="Council services")
    second = {**term(4, "Warm spaces (renamed)"), "code": "warm", "taxonomy": "Council services"}
    import_oruk(db_session, write_json(service(1, attributes=[attribute(3, first)])))
    import_oruk(db_session, write_json(service(2, attributes=[attribute(4, second)])))
    one = db_session.get(Service, service_id(1)).attributes
    two = db_session.get(Service, service_id(2)).attributes
    assert {a.taxonomy_term_id for a in one} == {a.taxonomy_term_id for a in two}
    assert {a.taxonomy_term.code for a in two} == {"warm", "energy"}
