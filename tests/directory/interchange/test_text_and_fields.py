"""Text cleaning and single-field validation rules shared by every import format."""

from __future__ import annotations

import pytest

from directory.interchange.fields import Fields, RecordContext
from directory.interchange.ids import canonical_uuid, stable_id
from directory.interchange.text import clean_plain, clean_rich, is_email_address


def read(method: str, value, **options):
    """Run one field reader over {"f": value}; returns (result, [(severity, reason)])."""
    ctx = RecordContext("test", 1)
    result = getattr(Fields({"f": value}, "", ctx, "test"), method)("f", **options)
    return result, [(p.severity, p.reason) for p in ctx.problems]


def test_rich_text_keeps_the_safe_subset_and_drops_everything_else():
    html = (
        '<h1>Title</h1><h2 class="x">Sub</h2><p style="color:red">Hi <b>there</b> <em>you</em></p>'
        '<ul><li>one</li></ul><a href="mailto:a@example.org" target="_blank">mail</a><iframe src="x"></iframe>'
        '<!-- note --><a href="data:text/html;base64,xx">data</a>'
    )
    assert clean_rich(html) == (
        "Title<h2>Sub</h2><p>Hi <b>there</b> <em>you</em></p><ul><li>one</li></ul>"
        '<a href="mailto:a@example.org" rel="noopener noreferrer nofollow">mail</a>'
        '<a rel="noopener noreferrer nofollow">data</a>'
    )


def test_plain_text_in_a_rich_field_is_kept_exactly_as_written():
    assert clean_rich("A&E and Tom & Jerry\r\nline two  ") == "A&E and Tom & Jerry\nline two"


def test_sanitising_twice_gives_the_same_text():
    once = clean_rich('<p>Fish & chips <a href="https://example.org">here</a></p>')
    assert clean_rich(once) == once


def test_plain_fields_lose_tags_and_invisible_characters_but_keep_their_words():
    assert clean_plain(" <b>Fish</b> &amp; <script>x()</script>chips\u200f\u202a \n") == "Fish & chips\u200f"
    assert clean_plain("a < b") == "a < b"


@pytest.mark.parametrize(
    ("value", "expected", "severity"),
    [
        ("https://example.org/x?y=1", "https://example.org/x?y=1", None),
        ("www.example.org/help", "https://www.example.org/help", "warning"),
        ("javascript:alert(1)", None, "error"),
        ("example/counselling", None, "error"),
        ("ftp://example.org", None, "error"),
        ("http://exa mple.org", None, "error"),
    ],
)
def test_web_addresses_must_be_absolute_http(value, expected, severity):
    result, problems = read("url", value)
    assert result == expected
    assert [s for s, _ in problems] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("method", "value", "options", "reason"),
    [
        ("email", "someone@", {}, "not an email address"),
        ("date", "31/12/2024", {}, "expected YYYY-MM-DD"),
        ("date", "2024-02-30", {}, "expected YYYY-MM-DD"),
        ("time", "9am", {}, "expected HH:MM"),
        ("datetime", "yesterday", {}, "ISO 8601"),
        ("age", 200, {}, "not an age"),
        ("age", "12", {}, "expected a number"),
        ("integer", 2.5, {"minimum": 0, "maximum": 10}, "whole number"),
        ("amount", -3, {}, "not a price"),
        ("enum", "open", {"allowed": {"active"}}, "is not one of: active"),
        ("text", "x" * 256, {}, "longer than 255 characters"),
        ("text", None, {"required": True}, "required field is missing"),
        ("boolean", "yes", {}, "expected true or false"),
        ("id", True, {}, "expected an id"),
    ],
)
def test_bad_values_are_errors_that_say_why(method, value, options, reason):
    result, problems = read(method, value, **options)
    assert result is None
    assert len(problems) == 1 and problems[0][0] == "error" and reason in problems[0][1]


def test_coordinates_off_the_globe_are_dropped_with_a_warning():
    assert read("coordinate", 91.5, limit=90) == (
        None,
        [("warning", "91.5 is outside -90 to 90: coordinates dropped")],
    )
    assert read("coordinate", -2.15, limit=180) == (-2.15, [])


def test_an_age_of_minus_one_means_not_set():
    assert read("age", -1) == (None, [("warning", "-1 read as not set")])


def test_times_of_day_accept_seconds_zones_and_midnight_closing():
    assert read("time", "10:00:00Z")[0].isoformat() == "10:00:00"
    assert read("time", "24:00")[0].isoformat() == "23:59:59"


def test_uuids_are_kept_canonical_and_other_ids_become_stable_uuid5s():
    assert (
        stable_id("feed", "{AC148810-D857-441C-9679-408F346DE14B}") == "ac148810-d857-441c-9679-408f346de14b"
    )
    assert canonical_uuid("reg-12345") is None
    assert stable_id("feed", "reg-12345") == stable_id("feed", "reg-12345") != stable_id("other", "reg-12345")
    assert canonical_uuid(stable_id("feed", "42")) == stable_id("feed", "42")


def test_one_email_rule_accepts_ordinary_addresses_and_refuses_lists_display_names_and_empty_labels():
    assert is_email_address("name.surname+tag@stockport.gov.uk")
    for bad in ("name", "name@localhost", "a@b..uk", "Name <a@b.uk>", "a@b.uk, c@d.uk", "a b@c.uk", "@b.uk"):
        assert not is_email_address(bad), bad
    long_address = "a" * 250 + "@b.uk"
    assert not is_email_address(long_address)
    assert is_email_address(long_address, max_length=None)
