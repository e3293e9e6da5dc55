"""Opening-time rules answer "open now" and "next open" correctly, including edge cases."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest

from directory.opening import LONDON, Timetable, timetable_for


def _schedule(byday: str, opens: str, closes: str, **extra: object) -> SimpleNamespace:
    return SimpleNamespace(
        byday=byday, opens_at=time.fromisoformat(opens), closes_at=time.fromisoformat(closes),
        freq=extra.pop("freq", "WEEKLY"), bymonthday=extra.pop("bymonthday", None),
        valid_from=extra.pop("valid_from", None), valid_to=extra.pop("valid_to", None),
    )  # fmt: skip


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


TUESDAY_MORNING = timetable_for([_schedule("TU", "10:00", "12:00")])


@pytest.mark.parametrize(
    ("when", "expected"),
    [("2026-12-01 10:00", True), ("2026-12-01 11:59", True), ("2026-12-01 12:00", False),
     ("2026-12-01 09:59", False), ("2026-12-02 10:30", False)],
)  # fmt: skip
def test_a_weekly_session_is_open_only_inside_its_hours(when, expected):
    assert TUESDAY_MORNING.is_open(at(when)) is expected


def test_the_next_opening_after_a_session_is_the_following_week():
    start, end = TUESDAY_MORNING.next_opening(at("2026-12-01 12:30"))
    assert (start, end) == (at("2026-12-08 10:00"), at("2026-12-08 12:00"))


def test_a_session_in_progress_is_its_own_next_opening():
    start, _end = TUESDAY_MORNING.next_opening(at("2026-12-01 11:00"))
    assert start == at("2026-12-01 10:00")


def test_an_overnight_session_is_open_after_midnight():
    night = timetable_for([_schedule("FR", "22:00", "02:00")])
    assert night.is_open(at("2026-12-05 01:00"))  # Saturday early hours
    assert not night.is_open(at("2026-12-05 03:00"))


def test_a_helpline_open_all_day_every_day_is_always_open():
    always = timetable_for([_schedule("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")])
    assert always.always_open
    assert always.is_open(at("2026-12-06 23:59"))


def test_a_closure_overrides_the_schedule():
    table = timetable_for(
        [_schedule("TU", "10:00", "12:00")],
        [SimpleNamespace(starts_on=date(2026, 12, 22), ends_on=date(2026, 12, 31))],
    )
    assert not table.is_open(at("2026-12-29 10:30"))
    start, _ = table.next_opening(at("2026-12-22 09:00"))
    assert start == at("2027-01-05 10:00")


def test_a_monthly_rule_on_the_first_tuesday_occurs_once_a_month():
    table = timetable_for([_schedule("1TU", "18:00", "20:00", freq="MONTHLY")])
    assert table.is_open(at("2026-12-01 19:00"))
    assert not table.is_open(at("2026-12-08 19:00"))
    start, _ = table.next_opening(at("2026-12-01 21:00"))
    assert start == at("2027-01-05 18:00")


def test_a_rule_outside_its_validity_dates_does_not_apply():
    table = timetable_for([_schedule("TU", "10:00", "12:00", valid_to=date(2026, 11, 30))])
    assert not table.is_open(at("2026-12-01 10:30"))


def test_british_summer_time_is_respected():
    table = timetable_for([_schedule("MO", "09:00", "10:00")])
    assert table.is_open(datetime.fromisoformat("2026-07-06T08:30:00+00:00"))  # 09:30 BST
    assert not table.is_open(datetime.fromisoformat("2026-12-07T08:30:00+00:00"))  # 08:30 GMT


def test_a_timetable_survives_the_round_trip_through_its_stored_form():
    table = timetable_for(
        [_schedule("1TU", "18:00", "20:00", freq="MONTHLY"), _schedule("MO,WE", "09:00", "17:00")],
        [SimpleNamespace(starts_on=date(2026, 12, 24), ends_on=date(2026, 12, 26))],
    )
    assert Timetable.from_json(table.to_json()) == table
