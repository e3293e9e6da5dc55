"""The sample directory: coverage rules for the data itself, loading it through the ORUK importer
(idempotent, dates moved to the loading day), and the committed package matching its generator."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from bench.sample.generate import DATA_PATH, build_directory, build_services, render
from bench.sample.ids import REFERENCE_DATE
from directory.db import make_engine
from directory.interchange import ImportFailed
from directory.interchange.sample import LoadReport, load_sample, sample_path
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Base,
    Closure,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    service_neighbourhood,
)
from directory.needs import NEED_SLUGS
from directory.opening import timetable_for
from directory.places.gazetteer import Gazetteer, haversine_m
from directory.places.postcodes import normalise_postcode
from directory.portal.dashboard import stale_services
from directory.portal.freshness import DEFAULT_POLICY
from directory.vocabulary import ACCESSIBILITY, LANGUAGES, NEIGHBOURHOOD_SLUGS
from tests.helpers.oruk import schema_errors

DAY_CODES = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
# Ofcom's ranges for fictional numbers: Manchester, mobile and freephone.
DRAMA_NUMBER = re.compile(r"^(0161 496 0\d{3}|07700 900\d{3}|0808 157 0\d{3})$")
REAL_NATIONAL_NUMBERS = {
    "Samaritans": "116 123",
    "Shout": "85258",
    "National Domestic Abuse Helpline": "0808 2000 247",
    "NHS 111": "111",
    "Shelter Emergency Helpline": "0808 800 4444",
    "Citizens Advice Adviceline": "0800 144 8848",
    "Childline": "0800 1111",
    "National Debtline": "0808 808 4000",
    "Age UK Advice Line": "0800 678 1602",
    "Carers UK Helpline": "0808 808 7777",
    "Mind Infoline": "0300 123 3393",
    "Mind Support Line": "0300 102 1234",
    "FRANK": "0300 123 6600",
    "The Silver Line Helpline": "0800 4 70 80 90",
}
CHILD_TABLES = (
    Phone, Language, CostOption, Schedule, Closure, ServiceAtLocation, Attribute, Address, Accessibility,
)  # fmt: skip


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    """The committed ORUK package, as the loader reads it."""
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services() -> list[dict[str, Any]]:
    """The generator's flat records, which the coverage rules read (the package is checked to match)."""
    return build_services()


@pytest.fixture(scope="module")
def local(services: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in services if s["scope"] == "local"]


@pytest.fixture
def engine() -> Iterator[Engine]:
    """An in-memory SQLite database with the current models (local to this file for now)."""
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def _row_counts(session: Session) -> dict[str, int]:
    tables = (Organization, Service, Location, *CHILD_TABLES)
    counts = {model.__tablename__: _count(session, model) for model in tables}
    counts["service_neighbourhood"] = _count(session, service_neighbourhood)
    return counts


def _count(session: Session, table: Any) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


# --- the data --------------------------------------------------------------------------------------------


def test_the_sample_has_at_least_170_local_services_with_unique_ids_and_names(services, local) -> None:
    assert len(local) >= 170
    ids = [s["id"] for s in services]
    names = [s["name"] for s in services]
    assert len(set(ids)) == len(ids)
    assert len(set(names)) == len(names)
    assert all(uuid.UUID(i).version == 5 for i in ids)


def test_the_note_says_local_services_are_fictional(sample) -> None:
    assert "FICTIONAL" in sample["x_around_here"]["note"]
    assert "national" in sample["x_around_here"]["note"]


def test_every_neighbourhood_has_services_for_at_least_ten_needs(local) -> None:
    needs_by_hood: dict[str, set[str]] = {slug: set() for slug in NEIGHBOURHOOD_SLUGS}
    for service in local:
        for hood in service["neighbourhoods"]:
            needs_by_hood[hood].update(service["needs"])
    thin = {hood: len(needs) for hood, needs in needs_by_hood.items() if len(needs) < 10}
    assert not thin


def test_every_need_has_at_least_six_local_services(local) -> None:
    counts = Counter(need for service in local for need in service["needs"])
    assert set(counts) == set(NEED_SLUGS)
    assert all(counts[slug] >= 6 for slug in NEED_SLUGS), counts


def test_every_service_has_one_to_three_valid_needs(services) -> None:
    for service in services:
        assert 1 <= len(service["needs"]) <= 3, service["name"]
        assert set(service["needs"]) <= set(NEED_SLUGS), service["name"]
        assert len(set(service["needs"])) == len(service["needs"])


def test_local_services_name_one_or_two_valid_neighbourhoods_and_wider_ones_none(services) -> None:
    for service in services:
        hoods = service["neighbourhoods"]
        if service["scope"] == "local":
            assert 1 <= len(hoods) <= 2, service["name"]
            assert set(hoods) <= set(NEIGHBOURHOOD_SLUGS), service["name"]
        else:
            assert service["scope"] in ("borough", "national")
            assert hoods == [], service["name"]


def test_the_neighbourhood_slugs_match_the_gazetteer() -> None:
    assert {n.slug for n in Gazetteer.default().neighbourhoods()} == set(NEIGHBOURHOOD_SLUGS)


def test_every_local_service_has_a_venue_inside_its_own_neighbourhood(local) -> None:
    gazetteer = Gazetteer.default()
    sector_owner = gazetteer.sectors()
    hood_info = {n.slug: n for n in gazetteer.neighbourhoods()}
    for service in local:
        location = service["location"]
        assert location is not None, service["name"]
        postcode = normalise_postcode(location["postal_code"])
        assert postcode == location["postal_code"], service["name"]
        sector = postcode[:-2]
        # The venue's sector belongs to the first (home) neighbourhood; the second, if any, is adjacent.
        assert sector_owner[sector] == service["neighbourhoods"][0], (service["name"], sector)
        home = hood_info[service["neighbourhoods"][0]]
        assert haversine_m(location["lat"], location["lon"], home.lat, home.lon) < 6_000, service["name"]
        assert location["city"] == "Stockport"


def test_accessibility_codes_come_from_the_fixed_vocabulary(services) -> None:
    used = {code for s in services if s["location"] for code in s["location"]["accessibility"]}
    assert used <= set(ACCESSIBILITY)
    assert used == set(ACCESSIBILITY), "every code should appear somewhere, so filters can be demonstrated"


def test_shared_venues_are_described_identically_wherever_they_appear(services) -> None:
    by_id: dict[str, dict[str, Any]] = {}
    for service in services:
        location = service["location"]
        if location:
            assert by_id.setdefault(location["id"], location) == location, location["name"]


def test_languages_always_include_english_and_only_known_codes(services) -> None:
    for service in services:
        assert service["languages"][0] == "en", service["name"]
        assert set(service["languages"]) <= set(LANGUAGES), service["name"]
    extra = {code for s in services for code in s["languages"]} - {"en"}
    assert {"pl", "ur", "ar"} <= extra


def test_local_and_borough_services_are_fictional_with_drama_numbers_and_example_emails(services) -> None:
    for service in services:
        if service["scope"] == "national":
            continue
        assert service["is_sample"] is True and service["organisation"]["is_sample"] is True
        for phone in service["phones"]:
            assert DRAMA_NUMBER.match(phone["number"]), (service["name"], phone["number"])
        for email in (service["email"], service["organisation"]["email"]):
            assert email is None or email.endswith("@example.org"), service["name"]


def test_real_national_services_carry_their_real_numbers(services) -> None:
    national = {s["name"]: s for s in services if s["scope"] == "national"}
    assert set(national) == set(REAL_NATIONAL_NUMBERS)
    for name, number in REAL_NATIONAL_NUMBERS.items():
        service = national[name]
        assert number in [p["number"] for p in service["phones"]], name
        assert service["is_sample"] is False and service["organisation"]["is_sample"] is False
        assert service["location"] is None
    assert {"loneliness", "older-people"} <= set(national["The Silver Line Helpline"]["needs"])
    assert {"money", "legal"} <= set(national["Citizens Advice Adviceline"]["needs"])


def test_there_are_around_fifteen_borough_wide_services(services) -> None:
    borough = [s for s in services if s["scope"] == "borough"]
    assert 12 <= len(borough) <= 20


def test_opening_times_parse_and_close_after_they_open(services) -> None:
    always_open = 0
    for service in services:
        assert service["schedules"], service["name"]
        for slot in service["schedules"]:
            opens, closes = time.fromisoformat(slot["opens_at"]), time.fromisoformat(slot["closes_at"])
            assert opens < closes, service["name"]
            freq = slot.get("freq", "WEEKLY")
            assert freq in ("WEEKLY", "MONTHLY")
            days = slot["byday"].split(",")
            if freq == "WEEKLY":
                assert set(days) <= DAY_CODES, service["name"]
            else:
                assert all(re.fullmatch(r"-?[1-4](MO|TU|WE|TH|FR|SA|SU)", d) for d in days), service["name"]
            if (slot["opens_at"], slot["closes_at"]) == ("00:00", "23:59"):
                always_open += 1
            if slot.get("valid_from") or slot.get("valid_to"):
                assert date.fromisoformat(slot["valid_from"]) <= date.fromisoformat(slot["valid_to"])
        for closure in service["closures"]:
            assert date.fromisoformat(closure["starts_on"]) <= date.fromisoformat(closure["ends_on"])
    assert always_open >= 5


def test_opening_times_are_a_realistic_mix(local) -> None:
    slots = [slot for service in local for slot in service["schedules"]]
    assert any(s["byday"] == "MO,TU,WE,TH,FR" for s in slots)
    assert any("SA" in s["byday"] for s in slots)
    assert any(time.fromisoformat(s["closes_at"]) >= time(20, 0) for s in slots), "some evening sessions"
    assert any(s.get("freq") == "MONTHLY" for s in slots)


def test_assured_dates_are_within_fourteen_months_and_a_few_are_overdue(services) -> None:
    dates = [date.fromisoformat(s["assured_date"]) for s in services]
    assert all(REFERENCE_DATE - timedelta(days=420) <= d <= REFERENCE_DATE for d in dates)
    overdue = [d for d in dates if d < REFERENCE_DATE - timedelta(days=DEFAULT_POLICY.review_after_days)]
    assert 0 < len(overdue) <= len(dates) * 0.1


def test_costs_are_mostly_free_with_some_small_charges(services) -> None:
    free = 0
    for service in services:
        assert service["costs"], service["name"]
        amounts = [c["amount"] for c in service["costs"]]
        assert all(a is None or 0 <= a <= 10 for a in amounts), service["name"]
        free += all(a == 0 for a in amounts)
    assert free > len(services) * 0.6
    assert any(c["amount"] is None for s in services for c in s["costs"]), "some 'pay what you can'"


def test_most_services_are_active_and_a_few_temporarily_closed(services) -> None:
    statuses = Counter(s["status"] for s in services)
    assert set(statuses) == {"active", "temporarily closed"}
    assert 1 <= statuses["temporarily closed"] <= 5
    for service in services:
        if service["status"] != "active":
            assert service["alert"], service["name"]


def test_age_limits_are_consistent(services) -> None:
    for service in services:
        low, high = service["minimum_age"], service["maximum_age"]
        assert low is None or high is None or low <= high, service["name"]
    assert any(s["maximum_age"] == 5 and s["minimum_age"] == 0 for s in services), "under-fives groups"
    assert any(s["minimum_age"] == 60 for s in services)


def test_some_descriptions_carry_simple_html(local) -> None:
    with_html = [s for s in local if "<p>" in s["description"]]
    assert len(local) / 5 < len(with_html) < len(local)
    assert any("<strong>" in s["description"] for s in local)
    assert len({s["description"] for s in local}) > len(local) * 0.95, "descriptions should vary"


def test_the_generator_reproduces_the_committed_package() -> None:
    assert render(build_directory()) == DATA_PATH.read_text(encoding="utf-8")


def test_the_committed_package_is_the_one_the_loader_reads_and_is_valid_oruk(sample) -> None:
    with sample_path().open(encoding="utf-8") as handle:
        assert json.load(handle) == sample
    errors = [e for service in sample["services"] for e in schema_errors("service.json", service)]
    assert not errors, errors[:3]


# --- loading ---------------------------------------------------------------------------------------------

TODAY = date(2026, 12, 5)


def _overdue_share(session: Session, today: date) -> float:
    """Listings the moderators' dashboard lists as overdue or hidden, over every listing."""
    return len(stale_services(session, today)) / _count(session, Service)


def test_loading_creates_every_record_in_the_file_without_a_warning(session, services) -> None:
    report = load_sample(session, today=TODAY)
    session.commit()
    expected = LoadReport(
        organisations=len({s["organisation"]["id"] for s in services}),
        services=len(services),
        locations=len({s["location"]["id"] for s in services if s["location"]}),
    )
    assert report == expected
    assert report.imported is not None
    assert (report.imported.created, report.imported.warning_count) == (len(services), 0)
    counts = _row_counts(session)
    assert counts["organization"] == expected.organisations
    assert counts["service"] == expected.services
    assert counts["location"] == expected.locations
    assert counts["attribute"] == sum(len(s["needs"]) for s in services)
    assert counts["phone"] == sum(len(s["phones"]) for s in services)
    assert counts["service_neighbourhood"] == sum(len(s["neighbourhoods"]) for s in services)


def test_loading_twice_gives_the_same_rows_with_the_same_ids(session) -> None:
    first = load_sample(session, today=TODAY)
    session.commit()
    counts = _row_counts(session)
    ids = {model: set(session.scalars(select(model.id))) for model in CHILD_TABLES}
    second = load_sample(session, today=TODAY + timedelta(days=30))
    session.commit()
    assert second == first
    assert second.imported is not None and second.imported.created == 0
    assert _row_counts(session) == counts
    assert {model: set(session.scalars(select(model.id))) for model in CHILD_TABLES} == ids


def test_reloading_unchanged_data_on_the_same_day_touches_nothing(session) -> None:
    load_sample(session, today=TODAY)
    session.commit()
    touched: list[object] = []

    @event.listens_for(session, "before_flush")
    def record(flushing: Session, _context: object, _instances: object) -> None:
        touched.extend(flushing.new)
        touched.extend(flushing.deleted)
        touched.extend(o for o in flushing.dirty if flushing.is_modified(o))

    load_sample(session, today=TODAY)
    assert touched == []


def test_the_loader_leaves_the_commit_to_the_caller(session) -> None:
    load_sample(session, today=TODAY)
    session.rollback()
    assert _count(session, Service) == 0


@pytest.mark.parametrize(
    "today",
    [REFERENCE_DATE, TODAY, TODAY + timedelta(days=400), TODAY - timedelta(days=1000), date(2040, 2, 29)],
)
def test_at_most_one_listing_in_ten_is_overdue_on_the_day_the_sample_is_loaded(session, today) -> None:
    load_sample(session, today=today)
    session.commit()
    assert 0 < _overdue_share(session, today) <= 0.1


def test_review_dates_move_by_days_and_calendar_dates_by_whole_years(session, services) -> None:
    later = REFERENCE_DATE + timedelta(days=400)
    load_sample(session, today=later)
    session.commit()
    written = next(s for s in services if s["closures"] and s["assured_date"])
    service = session.get(Service, written["id"])
    assert service is not None and service.assured_date is not None
    assert service.assured_date - date.fromisoformat(written["assured_date"]) == timedelta(days=400)
    closure, stored = written["closures"][0], min(service.closures, key=lambda c: c.starts_on)
    starts = date.fromisoformat(closure["starts_on"])
    assert stored.starts_on == starts.replace(year=starts.year + 1), "same day of the year, a year on"
    christmas = session.scalars(select(Closure).where(Closure.reason.contains("Christmas"))).all()
    assert christmas and all((c.starts_on.month, c.starts_on.day) == (12, 24) for c in christmas)


def test_needs_neighbourhoods_and_details_are_linked(session) -> None:
    load_sample(session, today=TODAY)
    session.commit()
    pantry = session.scalars(select(Service).where(Service.name == "Reddish Community Pantry")).one()
    assert sorted(a.taxonomy_term.code for a in pantry.attributes) == ["food", "money"]
    assert [n.slug for n in pantry.neighbourhoods] == ["tame-valley"]
    assert pantry.organization.name == "Reddish Vale Community Trust"
    assert pantry.is_sample and pantry.organization.is_sample
    place = pantry.service_at_locations[0].location
    assert place.physical_address is not None and place.physical_address.postal_code.startswith("SK5 6")
    assert {f.code for f in place.accessibility} <= set(ACCESSIBILITY)
    assert all(f.description == ACCESSIBILITY[f.code] for f in place.accessibility)

    samaritans = session.scalars(select(Service).where(Service.name == "Samaritans")).one()
    assert samaritans.neighbourhoods == [] and samaritans.serves_everywhere
    assert not samaritans.is_sample and samaritans.is_free
    assert not samaritans.organization.is_sample
    assert timetable_for(samaritans.schedules, samaritans.closures).always_open
    assert [p.number for p in samaritans.phones] == ["116 123"]


def test_language_codes_are_stored_with_their_names(session) -> None:
    load_sample(session, today=TODAY)
    session.commit()
    names = dict(session.execute(select(Language.code, Language.name).distinct()).all())
    assert names["en"] == "English"
    assert all(LANGUAGES[code] == name for code, name in names.items())


def test_costs_are_decimals_and_pay_what_you_can_has_no_amount(session) -> None:
    load_sample(session, today=TODAY)
    session.commit()
    amounts = list(session.scalars(select(CostOption.amount)))
    assert None in amounts
    assert any(a is not None and a > 0 for a in amounts)


def _edited(sample: dict[str, Any], tmp_path: Path, name: str, edit: Any) -> Path:
    edited = json.loads(json.dumps(sample))
    edit(next(s for s in edited["services"] if s["name"] == name))
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(edited), encoding="utf-8")
    return path


def test_editing_the_package_updates_rows_in_place(session, sample, tmp_path: Path) -> None:
    load_sample(session, today=TODAY)
    session.commit()

    def edit(target: dict[str, Any]) -> None:
        target["phones"][0]["number"] = "0161 496 0001"
        target["schedules"] = target["schedules"][:1]
        target["x_around_here"]["needs"] = ["food"]
        target["x_around_here"]["neighbourhoods"] = ["tame-valley", "heatons"]

    path = _edited(sample, tmp_path, "Reddish Community Pantry", edit)
    before = _row_counts(session)

    load_sample(session, today=TODAY, path=path)
    session.commit()

    pantry = session.scalars(select(Service).where(Service.name == "Reddish Community Pantry")).one()
    assert [p.number for p in pantry.phones] == ["0161 496 0001"]
    assert [a.taxonomy_term.code for a in pantry.attributes] == ["food"]
    assert sorted(n.slug for n in pantry.neighbourhoods) == ["heatons", "tame-valley"]
    after = _row_counts(session)
    assert after["attribute"] == before["attribute"] - 1
    assert after["service_neighbourhood"] == before["service_neighbourhood"] + 1
    assert after["phone"] == before["phone"]


@pytest.mark.parametrize(
    ("field", "value"), [("needs", ["food", "astrology"]), ("neighbourhoods", ["tame-valley", "atlantis"])]
)
def test_unknown_slugs_in_the_package_are_rejected_and_nothing_is_loaded(
    session, sample, tmp_path: Path, field: str, value: list[str]
) -> None:
    def edit(target: dict[str, Any]) -> None:
        target["x_around_here"][field] = value

    path = _edited(sample, tmp_path, "Reddish Community Pantry", edit)
    with pytest.raises(ImportFailed) as failed:
        load_sample(session, today=TODAY, path=path)
    assert value[-1] in " ".join(p.reason for p in failed.value.report.errors)
    assert _count(session, Service) == 0
