"""A service's editable document: read, validated field by field, and written back without losing rules
the form cannot show."""

from __future__ import annotations

from datetime import date, time

import pytest

from directory.errors import ValidationError
from directory.models import Schedule
from directory.portal import service_document as doc
from tests.factories import create_service


@pytest.fixture
def service(db_session):
    found = create_service(
        db_session,
        name="Reddish Pantry",
        needs=("food",),
        neighbourhoods=("heatons",),
        point=(53.43, -2.16),
        accessibility=("step-free",),
        schedules=(("MO,WE", "09:00", "12:00"),),
    )
    found.schedules.append(
        Schedule(freq="MONTHLY", byday="1TU", opens_at=time(18), closes_at=time(20), description="Evening")
    )
    db_session.flush()
    return found


def test_the_snapshot_shows_weekly_sessions_but_not_the_monthly_rule(service):
    document = doc.snapshot(service)
    assert document["opening_times"]["MO"] == [["09:00", "12:00"]]
    assert document["opening_times"]["TU"] == []
    assert (document["needs"], document["neighbourhoods"], document["accessibility"]) == (
        ["food"],
        ["heatons"],
        ["step-free"],
    )
    assert document["address"] == {
        "address_1": "1 Test Street",
        "address_2": None,
        "city": "Stockport",
        "postcode": "SK1 1AA",
    }
    assert document["costs"] == [] and document["phones"] == ["0161 496 0000"]


def test_applying_new_opening_times_keeps_the_monthly_rule(db_session, service):
    times = {code: [] for code in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")}
    times["MO"] = [["09:00", "12:00"], ["13:00", "16:00"]]
    times["SU"] = [["10:00", "14:00"]]
    doc.apply(db_session, service, doc.validate({"opening_times": times}))
    assert doc.snapshot(service)["opening_times"] == times
    monthly = [s for s in service.schedules if s.freq == "MONTHLY"]
    assert [(s.byday, s.opens_at, s.description) for s in monthly] == [("1TU", time(18), "Evening")]


def test_applying_a_whole_document_round_trips(db_session, service):
    wanted = doc.validate(
        {
            "name": "Reddish Food Pantry",
            "phones": ["0161 496 0001", "07700 900123"],
            "contact_name": "Sam",
            "contact_email": "sam@example.org",
            "address": {
                "address_1": "2 Gorton Road",
                "address_2": "",
                "city": "Stockport",
                "postcode": "sk5 6ab",
            },
            "closures": [{"starts_on": "2026-12-24", "ends_on": "2027-01-02", "reason": "Christmas"}],
            "costs": [{"option": "Weekly shop", "amount": "3.5", "description": ""}],
            "minimum_age": "18",
            "maximum_age": "",
            "languages": ["pl", "EN"],
            "accessibility": ["hearing-loop", "step-free"],
            "neighbourhoods": ["heatons", "victoria"],
            "needs": ["food", "money"],
        }
    )
    doc.apply(db_session, service, wanted)
    after = doc.snapshot(service)
    assert {key: after[key] for key in wanted} == wanted
    assert after["address"]["postcode"] == "SK5 6AB" and after["costs"][0]["amount"] == "3.50"
    assert service.closures[0].starts_on == date(2026, 12, 24) and not service.is_free


def test_a_shared_location_is_copied_before_its_address_changes(db_session, service):
    other = create_service(db_session, name="Reddish Advice")
    location = service.service_at_locations[0].location
    other.service_at_locations.append(type(service.service_at_locations[0])(location=location))
    db_session.flush()
    doc.apply(
        db_session,
        service,
        {
            "address": {
                "address_1": "9 New Street",
                "address_2": None,
                "city": "Stockport",
                "postcode": "SK1 2AB",
            }
        },
    )
    assert doc.snapshot(service)["address"]["address_1"] == "9 New Street"
    assert doc.snapshot(other)["address"]["address_1"] == "1 Test Street"


def test_a_service_without_a_place_gets_one_when_an_address_is_added(db_session):
    service = create_service(db_session, name="Phone Line")
    doc.apply(
        db_session,
        service,
        doc.validate({"address": {"address_1": "3 Hill Street", "city": "Stockport", "postcode": "SK1 3XE"}}),
    )
    assert doc.snapshot(service)["address"]["postcode"] == "SK1 3XE"


def test_each_broken_rule_gets_a_plain_message_keyed_by_the_form_input():
    times = {
        "MO": [["9am", "17:00"]],
        "TU": [["12:00", "11:00"]],
        "WE": [["10:00", "12:00"], ["13:00", "25:00"]],
    }
    with pytest.raises(ValidationError) as caught:
        doc.validate(
            {
                "opening_times": times,
                "closures": [
                    {"starts_on": "2026-02-30", "ends_on": "", "reason": ""},
                    {"starts_on": "2026-03-10", "ends_on": "2026-03-01", "reason": ""},
                ],
                "costs": [{"option": "Meal", "amount": "-2", "description": ""}],
                "minimum_age": "121",
                "maximum_age": "ten",
                "address": {"address_1": "1 Road", "city": "Stockport", "postcode": "not a postcode"},
                "languages": ["xx"],
                "accessibility": ["lift"],
                "neighbourhoods": ["atlantis"],
                "needs": ["pets"],
                "phones": ["12"],
            }
        )
    assert caught.value.errors == {
        "MO_opens": doc.MESSAGES["opens"],
        "TU_closes": doc.MESSAGES["closes_before"],
        "WE_closes_2": doc.MESSAGES["closes"],
        "closure_0_starts": doc.MESSAGES["closure_starts"],
        "closure_1_ends": doc.MESSAGES["closure_order"],
        "cost_0_amount": doc.MESSAGES["amount"],
        "minimum_age": doc.MESSAGES["age"],
        "maximum_age": doc.MESSAGES["age"],
        "postcode": doc.MESSAGES["postcode"],
        "languages": doc.MESSAGES["languages"],
        "accessibility": doc.MESSAGES["accessibility"],
        "neighbourhoods": doc.MESSAGES["neighbourhoods"],
        "needs": doc.MESSAGES["needs"],
        "phone": doc.MESSAGES["phone"],
    }


def test_the_lowest_age_must_not_be_above_the_highest():
    with pytest.raises(ValidationError) as caught:
        doc.validate({"minimum_age": "18", "maximum_age": "11"})
    assert caught.value.errors == {"maximum_age": doc.MESSAGES["age_order"]}


def test_a_closure_with_no_last_day_lasts_one_day_and_blank_rows_are_ignored():
    clean = doc.validate(
        {"closures": [{"starts_on": "2026-12-25", "ends_on": "", "reason": "Christmas"}, {"starts_on": ""}]}
    )
    assert clean["closures"] == [{"starts_on": "2026-12-25", "ends_on": "2026-12-25", "reason": "Christmas"}]
