"""Formatting for people, in each language: times, days, money, distances, links and descriptions."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import Flask

from directory.opening import LONDON, timetable_for
from web import formatting, i18n
from web.config import Config


@pytest.fixture(scope="module")
def light_app() -> Flask:
    """Just Flask-Babel with our locale selection and catalogs: these tests need no database."""
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE="en", BABEL_TRANSLATION_DIRECTORIES=Config({}).BABEL_TRANSLATION_DIRECTORIES,
                      BABEL_DEFAULT_TIMEZONE="Europe/London", SECRET_KEY="test")  # fmt: skip
    i18n.init_app(app)
    return app


@pytest.fixture
def in_locale(light_app):
    contexts = []

    def enter(locale: str) -> None:
        code = {"en_GB": "en"}.get(locale, locale)
        context = light_app.test_request_context(f"/?lang={code}")
        context.push()
        contexts.append(context)

    yield enter
    for context in reversed(contexts):
        context.pop()


def _schedule(byday: str, opens: str, closes: str, freq: str = "WEEKLY", **extra):
    return SimpleNamespace(
        byday=byday,
        opens_at=time.fromisoformat(opens),
        closes_at=time.fromisoformat(closes),
        freq=freq,
        bymonthday=None,
        valid_from=extra.get("valid_from"),
        valid_to=extra.get("valid_to"),
        description=extra.get("description"),
        notes=None,
    )


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "09:00–17:00"),
        ("pl", "09:00–17:00"),
        ("ur", "9:00 AM\u2009–\u20095:00 PM"),
        ("ar", "9:00 ص\u2009–\u20095:00 م"),
    ],
)
def test_hours_are_written_the_way_each_language_writes_times(in_locale, locale, expected):
    in_locale(locale)
    hours = formatting.hours_range(9 * 60, 17 * 60)
    assert hours.startswith("<bdi>"), "kept in one piece inside right-to-left text"
    assert str(hours)[len("<bdi>") : -len("</bdi>")] == expected


def test_a_whole_day_session_reads_open_24_hours(in_locale):
    in_locale("en_GB")
    assert formatting.hours_range(0, 24 * 60) == "Open 24 hours"
    assert formatting.hours_range(22 * 60, 2 * 60).striptags() == "22:00–02:00"


def test_day_names_come_from_babel_in_the_readers_language(in_locale):
    in_locale("pl")
    assert formatting.day_name(2) == "Środa" and formatting.day_name(2, capital=False) == "środa"


def test_the_week_table_lists_every_day_and_monthly_rules_in_words(in_locale):
    in_locale("en_GB")
    times = formatting.opening_times(
        [
            _schedule("MO,WE", "09:00", "12:00"),
            _schedule("WE", "13:00", "15:00"),
            _schedule("1TU,-1FR", "18:00", "20:00", freq="MONTHLY"),
            _schedule("FR", "10:00", "11:00", valid_to=date(2099, 1, 31), description="Term time only"),
        ]
    )
    week = {day.name: [hours.striptags() for hours in day.hours] for day in times.week}
    assert week["Monday"] == ["09:00–12:00"]
    assert week["Wednesday"] == ["09:00–12:00", "13:00–15:00"]
    assert week["Friday"] == ["10:00–11:00 (until 31 January 2099)"]
    assert week["Sunday"] == []
    assert [(when, hours.striptags()) for when, hours in times.monthly] == [
        ("First Tuesday of the month and last Friday of the month", "18:00–20:00")
    ]
    assert times.notes == ["Term time only"]


def test_closures_in_the_past_are_not_shown(in_locale):
    in_locale("en_GB")
    closures = [
        SimpleNamespace(starts_on=date(2020, 1, 1), ends_on=date(2020, 1, 2)),
        SimpleNamespace(starts_on=date(2030, 5, 6), ends_on=date(2030, 5, 6)),
    ]
    times = formatting.opening_times([], closures, today=date(2026, 1, 1))
    assert [closure.striptags() for closure in times.closures] == ["Closed on 6 May 2030"]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 12, 2, 10, 0, tzinfo=LONDON), "Open now until 12:00"),  # a Wednesday
        (datetime(2026, 12, 2, 8, 0, tzinfo=LONDON), "Closed now. Opens today at 09:00"),
        (datetime(2026, 12, 1, 19, 0, tzinfo=LONDON), "Closed now. Opens tomorrow at 09:00"),
        (datetime(2026, 12, 3, 19, 0, tzinfo=LONDON), "Closed now. Opens Wednesday at 09:00"),
    ],
)
def test_the_opening_status_says_when_it_next_opens(in_locale, now, expected):
    in_locale("en_GB")
    timetable = timetable_for([_schedule("WE", "09:00", "12:00")])
    assert formatting.opening_status(timetable, now).striptags() == expected


def test_the_opening_status_far_ahead_gives_the_date(in_locale):
    in_locale("en_GB")
    timetable = timetable_for([_schedule("1WE", "09:00", "12:00", freq="MONTHLY")])
    status = formatting.opening_status(timetable, datetime(2026, 12, 3, 12, 0, tzinfo=LONDON)).striptags()
    assert status == "Closed now. Opens Wednesday, 6 January 2027 at 09:00"


def test_the_opening_status_is_translated(in_locale):
    in_locale("pl")
    timetable = timetable_for([_schedule("WE", "09:00", "12:00")])
    status = formatting.opening_status(timetable, datetime(2026, 12, 3, 19, 0, tzinfo=LONDON))
    assert status == "Teraz zamknięte. Otwarcie: środa, godz. <bdi>09:00</bdi>"
    assert status.striptags() == "Teraz zamknięte. Otwarcie: środa, godz. 09:00"


@pytest.mark.parametrize(
    ("locale", "metres", "expected"),
    [("en_GB", 1609.344 * 1.25, "1.3 miles away"), ("pl", 1609.344 * 2.5, "2,5 mili stąd"),
     ("en_GB", 1609.344 * 0.44, "0.4 miles away"), ("en_GB", 1609.344 * 1.02, "1 mile away"),
     ("en_GB", 1609.344 * 2.96, "3 miles away"), ("en_GB", 1609.344 * 12.4, "12 miles away"),
     ("en_GB", 50, "Less than 0.1 miles away"), ("en_GB", None, None)],
)  # fmt: skip
def test_distances_are_in_miles_with_the_readers_decimal_mark(in_locale, locale, metres, expected):
    in_locale(locale)
    assert formatting.distance(metres) == expected


@pytest.mark.parametrize(
    ("metres", "miles"),
    [(170, 0.1), (1609.344 * 0.25, 0.3), (1609.344 * 9.95, 10.0), (1609.344 * 10.5, 11.0), (100, None)],
)
def test_miles_round_half_up_to_tenths_then_to_whole_miles_from_ten(metres, miles):
    """Half up, as the widget's Math.round does, so a card and a page never disagree by a tenth."""
    assert formatting.rounded_miles(metres) == miles


def test_costs_say_the_price_in_the_readers_format_or_that_it_is_free(in_locale):
    in_locale("en_GB")
    options = [
        SimpleNamespace(option="Weekly shop", amount_description=None, amount=Decimal("3.5"), currency="GBP"),
        SimpleNamespace(
            option="Tea", amount_description="donations welcome", amount=Decimal("0"), currency=None
        ),
    ]
    lines = formatting.cost_lines(options)
    assert [line.striptags() for line in lines] == ["£3.50: Weekly shop", "Free: Tea – donations welcome"]
    assert lines[0] == '<bdi>£3.50</bdi>: <bdi lang="en">Weekly shop</bdi>'


def test_data_inside_our_sentences_is_escaped(in_locale):
    in_locale("en_GB")
    options = [
        SimpleNamespace(option="<b>x</b>", amount_description=None, amount=Decimal("1"), currency="GBP")
    ]
    assert "&lt;b&gt;x&lt;/b&gt;" in formatting.cost_lines(options)[0]


@pytest.mark.parametrize(
    ("minimum", "maximum", "expected"),
    [(18, None, "Ages 18 and over"), (None, 25, "Ages 25 and under"), (11, 19, "Ages 11 to 19"), (None, None, None),
     (0, None, None)],
)  # fmt: skip
def test_age_ranges_read_naturally(in_locale, minimum, maximum, expected):
    in_locale("en_GB")
    assert formatting.age_range(minimum, maximum) == expected


@pytest.mark.parametrize(
    ("number", "href"),
    [("0161 496 0100", "tel:01614960100"), ("+44 (0)161 496 0100", "tel:+4401614960100"), ("116 123", "tel:116123"),
     ("0800-123-456 ext 2", "tel:08001234562")],
)  # fmt: skip
def test_tel_links_contain_only_what_a_phone_can_dial(number, href):
    assert formatting.tel_href(number) == href


def test_map_links_are_plain_openstreetmap_links():
    assert formatting.map_url(53.436612, -2.154443) == (
        "https://www.openstreetmap.org/?mlat=53.43661&mlon=-2.15444#map=17/53.43661/-2.15444"
    )
    assert formatting.map_url(None, None, "14 Gorton Road, SK5 6SP") == (
        "https://www.openstreetmap.org/search?query=14+Gorton+Road%2C+SK5+6SP"
    )
    assert formatting.map_url(None, None) is None


def test_descriptions_keep_safe_markup_only():
    html = formatting.description_html(
        '<h3>Title</h3><p>Hi <a href="https://x.org">x</a><a href="javascript:y()">y</a><img src=x onerror=z></p>'
    )
    assert html == (
        '<p><strong>Title</strong></p><p>Hi <a href="https://x.org" rel="noopener noreferrer nofollow">x</a>y</p>'
    )
    assert formatting.description_html("One.\n\nTwo & three.") == "<p>One.</p><p>Two &amp; three.</p>"


def test_lists_use_the_readers_comma(in_locale):
    in_locale("ar")
    assert formatting.join(["أ", "ب"]) == "أ، ب"
    assert formatting.join(["<x>"]) == "&lt;x&gt;"


def test_long_text_is_shortened_at_a_word(in_locale):
    assert formatting.shorten("one two three four", 9) == "one two…"
    assert formatting.shorten("short", 9) == "short"


def test_language_names_are_in_the_readers_language(in_locale):
    in_locale("ar")
    assert formatting.language_name("pl") == "البولندية"
    assert formatting.language_name("zz-not-a-language", "Klingon") in ("Klingon", "Zz-not-a-language")
