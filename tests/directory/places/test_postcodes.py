"""UK postcode parsing: canonical forms, sectors and districts, and postcodes mentioned in free text."""

import time

import pytest

from directory.places import (
    PostcodeQuery,
    extract_postcode,
    iter_postcodes_in_text,
    normalise_postcode,
    parse_postcode,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SK4 1AA", "SK4 1AA"),
        ("sk4 1aa", "SK4 1AA"),
        ("sk41aa", "SK4 1AA"),
        (" Sk4  1aa ", "SK4 1AA"),
        ("SK4\t1AA", "SK4 1AA"),
        ("SK4\u00a01AA", "SK4 1AA"),
        ("m11ae", "M1 1AE"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("SW1A 2AA", "SW1A 2AA"),
        ("B33 8TH", "B33 8TH"),
        ("DN55 1PT", "DN55 1PT"),
        ("SK10 5JL", "SK10 5JL"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_a_full_postcode_in_any_case_or_spacing_is_normalised_to_the_canonical_form(text, expected):
    assert normalise_postcode(text) == expected


def test_a_lower_case_postcode_without_a_space_is_normalised():
    assert normalise_postcode("sk13xe") == "SK1 3XE"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "SK4",
        "SK4 1",
        "SK4 1A",
        "SK4 1AAA",
        "QK4 1AA",  # Q never starts a postcode
        "SK4 1CA",  # C is never used in the inward code
        "SI4 1AA",  # I is never the second letter
        "1SK 4AA",
        "SK4 1AA please",
        "hello",
        "SK\u0664 1AA",  # an Arabic-Indic digit is not a postcode digit
        "x" * 2_000,
        "SK4 1AA" + " " * 40,
    ],
)
def test_text_that_is_not_a_full_postcode_normalises_to_none(text):
    assert normalise_postcode(text) is None


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("sk41aa", "full", "SK4 1AA"),
        (" Sk4  1aa ", "full", "SK4 1AA"),
        ("SK4 1", "sector", "SK4 1"),
        ("sk4  1", "sector", "SK4 1"),
        ("sk4", "district", "SK4"),
        ("SK10", "district", "SK10"),
        ("ec1a", "district", "EC1A"),
        ("M1", "district", "M1"),
        ("SK41", "district", "SK41"),  # without a space this is a district, as the format allows
    ],
)
def test_a_full_postcode_sector_or_district_is_parsed_with_its_kind(text, kind, value):
    assert parse_postcode(text) == PostcodeQuery(kind, value)


@pytest.mark.parametrize("text", ["", "skint", "SK", "4", "SK4 12", "SK4 1 2", "Reddish", "x" * 2_000])
def test_text_that_is_no_kind_of_postcode_parses_to_none(text):
    assert parse_postcode(text) is None


@pytest.mark.parametrize(
    ("query", "district", "sector", "area"),
    [
        (PostcodeQuery("full", "SK4 1AA"), "SK4", "SK4 1", "SK"),
        (PostcodeQuery("sector", "SK10 5"), "SK10", "SK10 5", "SK"),
        (PostcodeQuery("district", "M1"), "M1", None, "M"),
    ],
)
def test_a_parsed_postcode_knows_its_district_sector_and_area(query, district, sector, area):
    assert (query.district, query.sector, query.area) == (district, sector, area)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("food bank near sk5 6 please", PostcodeQuery("sector", "SK5 6")),
        ("I live in SK1 3XE", PostcodeQuery("full", "SK1 3XE")),
        ("my postcode is sk41aa.", PostcodeQuery("full", "SK4 1AA")),
        ("anything in sk4?", PostcodeQuery("district", "SK4")),
        ("near SK2 6", PostcodeQuery("sector", "SK2 6")),
        ("between SK2 6 and SK3 0", PostcodeQuery("sector", "SK2 6")),
        ("I'm in SK4, postcode SK4 2BB", PostcodeQuery("full", "SK4 2BB")),
        ("(SK8 3)", PostcodeQuery("sector", "SK8 3")),
        ("gir 0aa", PostcodeQuery("full", "GIR 0AA")),
    ],
)
def test_a_postcode_mentioned_in_free_text_is_extracted(text, expected):
    assert extract_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "skint and hungry, need help",
        "call 0161 474 4444",
        "abcsk4 is not a postcode",
        "1sk4 and 1sk41aa",
        "x" * 2_000,
        "x" * 2_000 + " SK4 1AA",  # beyond the part of the message we look at
    ],
)
def test_free_text_without_a_plausible_postcode_extracts_none(text):
    assert extract_postcode(text) is None


def test_postcodes_in_text_are_listed_with_their_offsets_in_order():
    found = list(iter_postcodes_in_text("sk4 then SK5 6 then sk1 3xe"))
    assert found == [
        (0, PostcodeQuery("district", "SK4")),
        (9, PostcodeQuery("sector", "SK5 6")),
        (20, PostcodeQuery("full", "SK1 3XE")),
    ]


def test_extracting_from_a_huge_junk_message_is_fast():
    junk = "a1 b2 " * 100_000
    started = time.perf_counter()
    extract_postcode(junk)
    assert time.perf_counter() - started < 0.5
