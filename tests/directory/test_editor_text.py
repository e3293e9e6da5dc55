"""What volunteers type into the listing editor: times in the usual ways, descriptions as plain
paragraphs, and a published edit that counts as a review."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from directory.errors import ValidationError
from directory.models import Service
from directory.portal.freshness import mark_reviewed
from directory.portal.service_document import (
    html_from_paragraphs,
    paragraphs_from_html,
    parse_time,
    validate,
)


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("09:00", "09:00"),
        ("9:00", "09:00"),
        ("0900", "09:00"),
        ("1000", "10:00"),
        ("9.30", "09:30"),
        ("9,30", "09:30"),
        ("930", "09:30"),
        ("9", "09:00"),
        (" 17:45 ", "17:45"),
        ("٠٩:٣٠", "09:30"),
    ],
)
def test_a_time_typed_the_usual_ways_is_read_as_hours_and_minutes(typed, time):
    assert parse_time(typed) == time


@pytest.mark.parametrize("typed", ["", "24:00", "12:60", "9am", "noon", "12345", "1:5", "-9"])
def test_anything_else_is_not_a_time(typed):
    assert parse_time(typed) is None


def test_opening_times_are_stored_as_hh_mm_and_a_wrong_one_names_its_box():
    clean = validate({"opening_times": {"SA": [["1000", "13.30"]]}})
    assert clean["opening_times"]["SA"] == [["10:00", "13:30"]]
    with pytest.raises(ValidationError) as caught:
        validate({"opening_times": {"SA": [["10:00", "13:00"], ["25:00", "26:00"]]}})
    assert set(caught.value.errors) == {"SA_opens_2", "SA_closes_2"}


def test_stored_markup_is_shown_as_plain_paragraphs():
    stored = "<p>Hot meals &amp; tea.</p><p>Bring a bag<br>and a friend.</p><ul><li>Mondays</li><li>Fridays</li></ul>"
    assert (
        paragraphs_from_html(stored)
        == "Hot meals & tea.\n\nBring a bag\nand a friend.\n\n- Mondays\n- Fridays"
    )
    assert paragraphs_from_html("Plain text\n\nkept") == "Plain text\n\nkept"
    assert paragraphs_from_html(None) == ""


def test_plain_paragraphs_are_stored_as_typed_and_typed_markup_stays_text():
    assert html_from_paragraphs("  First.\r\n\r\n\r\nSecond.  ") == "First.\n\nSecond."
    assert html_from_paragraphs(" \n ") is None
    stored = html_from_paragraphs("Bring <b>a bag</b>\n\nEat & <script>go</script>")
    assert stored == "<p>Bring &lt;b&gt;a bag&lt;/b&gt;</p><p>Eat &amp; &lt;script&gt;go&lt;/script&gt;</p>"
    assert paragraphs_from_html(stored) == "Bring <b>a bag</b>\n\nEat & <script>go</script>"
    assert validate({"description": stored})["description"] == stored  # sanitising keeps it as it is


def test_a_published_edit_starts_a_new_review_cycle_and_shows_a_hidden_listing_again():
    service = Service(
        name="Anything", assured_date=date(2020, 1, 1), stale_hidden_at=datetime(2021, 1, 1, tzinfo=UTC)
    )
    mark_reviewed(service, datetime(2026, 12, 5, 23, 30, tzinfo=UTC))
    assert service.assured_date == date(2026, 12, 5) and service.stale_hidden_at is None
    later = Service(name="Confirmed later", assured_date=date(2027, 1, 1))
    mark_reviewed(later, datetime(2026, 12, 5, tzinfo=UTC))
    assert later.assured_date == date(2027, 1, 1)  # never moved back
