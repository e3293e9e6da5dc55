"""Opening times written by people, read into weekly sessions and written back the same way."""

from __future__ import annotations

from datetime import time

import pytest

from directory.interchange.opening_times import OpeningTimesError, format_opening_times, parse_opening_times


def sessions(text: str) -> list[tuple[str, str, str]]:
    return [
        (s.byday, s.opens.strftime("%H:%M"), s.closes.strftime("%H:%M")) for s in parse_opening_times(text)
    ]


def test_the_documented_form_reads_as_weekday_and_saturday_sessions():
    assert sessions("Mon-Fri 09:00-17:00; Sat 10:00-12:00") == [
        ("MO,TU,WE,TH,FR", "09:00", "17:00"),
        ("SA", "10:00", "12:00"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday, Wednesday 9:30-12:00", [("MO,WE", "09:30", "12:00")]),
        ("Tues 9am-5pm", [("TU", "09:00", "17:00")]),
        ("weekdays 08:00 to 18:00", [("MO,TU,WE,TH,FR", "08:00", "18:00")]),
        ("Sat – Sun 10.00–16.00", [("SA,SU", "10:00", "16:00")]),
        ("Mon 09:00-12:00, 13:00-17:00", [("MO", "09:00", "12:00"), ("MO", "13:00", "17:00")]),
        ("Fri-Mon 20:00-02:00", [("MO,FR,SA,SU", "20:00", "02:00")]),
        ("daily 00:00-24:00", [("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59")]),
        ("Sun closed", []),
        ("", []),
    ],
)
def test_common_ways_of_writing_opening_times_are_understood(text, expected):
    assert sessions(text) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("Mon-Fri 9-5", "closes before it opens"),
        ("Someday 09:00-17:00", "could not read the days"),
        ("Mon 25:00-26:00", "is not a time of day"),
        ("Mon 09:00", "could not read the times"),
        ("open all hours", "could not read"),
    ],
)
def test_unreadable_opening_times_say_which_part_and_how_to_write_it(text, complaint):
    with pytest.raises(OpeningTimesError, match=complaint):
        parse_opening_times(text)


def test_weekly_schedules_are_written_back_compactly_and_read_the_same():
    written = format_opening_times(
        [
            ("MO,TU,WE", time(9), time(17)),
            ("TH", time(9), time(17)),
            ("FR", time(9), time(17)),
            ("SA", time(10), time(12)),
            ("MO", time(18), time(20)),
            ("WE,FR", time(19), time(21)),
        ]
    )
    assert written == "Mon-Fri 09:00-17:00; Mon 18:00-20:00; Wed, Fri 19:00-21:00; Sat 10:00-12:00"
    assert format_opening_times((s.byday, s.opens, s.closes) for s in parse_opening_times(written)) == written
