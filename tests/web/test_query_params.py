"""Query-string parameters become typed values (a SearchRequest, ORUK ServiceFilters); problems name the parameter."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from werkzeug.datastructures import MultiDict

from web.query_params import (
    InvalidParameter,
    form_values,
    oruk_identifier,
    oruk_message,
    oruk_paging,
    oruk_service_filters,
    search_request_from_args,
)


def test_filters_are_read_from_the_query_string():
    request = search_request_from_args(
        MultiDict(
            [
                ("q", " food "),
                ("need", "food"),
                ("need", "money,housing"),
                ("neighbourhood", "heatons"),
                ("open_now", "1"),
                ("free", "on"),
                ("language", "pl"),
                ("accessibility", "step-free"),
                ("day", "Wed"),
                ("age", "30"),
                ("page", "2"),
            ]
        )  # fmt: skip
    )
    assert request.text == "food" and request.needs == ("food", "money", "housing")
    assert request.neighbourhood == "heatons" and request.open_now and request.free_only
    assert request.languages == ("pl",) and request.accessibility == ("step-free",)
    assert request.weekday == 2 and request.age == 30 and request.page == 2


@pytest.mark.parametrize(
    ("args", "param"),
    [({"page": "-1"}, "page"), ({"page": "x"}, "page"), ({"per_page": "51"}, "per_page"), ({"age": "200"}, "age"),
     ({"need": "bananas"}, "need"), ({"day": "funday"}, "day"), ({"neighbourhood": "Not A Slug"}, "neighbourhood")],
)  # fmt: skip
def test_each_problem_names_its_parameter(args, param):
    with pytest.raises(InvalidParameter) as caught:
        search_request_from_args(args)
    assert caught.value.param == param


def test_control_characters_and_overlong_values_are_trimmed_not_fatal():
    request = search_request_from_args(
        MultiDict(
            [("q", "food\x00\u202e bank" + "x" * 5000), ("language", "p" * 500), ("accessibility", "a,,b")]
        )
    )
    assert request.text.startswith("food bank") and len(request.text) <= 2000
    assert len(request.languages[0]) == 64 and request.accessibility == ("a", "b")


def test_many_repeated_values_are_capped():
    request = search_request_from_args(MultiDict([("language", str(i)) for i in range(100)]))
    assert len(request.languages) == 20


def test_form_values_echo_back_cleaned_input():
    values = form_values(MultiDict([("q", "<b>\x00food"), ("free", "yes"), ("need", "food")]))
    assert values["q"] == "<b>food" and values["free"] is True and values["needs"] == ("food",)


@pytest.mark.parametrize(
    ("args", "message"),
    [({"page": "x"}, "page must be a whole number"), ({"page": "1001"}, "page must be between 1 and 1000"),
     ({"per_page": "51"}, "per_page must be between 1 and 50"), ({"age": "-1"}, "age must be between 0 and 130"),
     ({"day": "funday"}, "day must be a day of the week, e.g. monday"),
     ({"need": "bananas,food,kiwi"}, "unknown need: bananas, kiwi"),
     ({"neighbourhood": "Heatons"}, "neighbourhood is not a known neighbourhood")],
)  # fmt: skip
def test_the_search_api_words_each_problem_as_its_clients_expect(args, message):
    with pytest.raises(InvalidParameter) as caught:
        search_request_from_args(MultiDict(args))
    assert str(caught.value) == message


def test_a_zero_or_empty_page_in_a_search_falls_back_to_the_first_page():
    assert search_request_from_args({"page": "0", "per_page": ""}).page == 1
    assert search_request_from_args({"per_page": "0"}, default_per_page=7).per_page == 7


def test_the_first_problem_in_a_search_is_the_one_reported():
    with pytest.raises(InvalidParameter) as caught:
        search_request_from_args({"page": "2000", "per_page": "x", "day": "funday"})
    assert caught.value.param == "per_page"


def test_oruk_filters_arrive_typed():
    args = {"search": " food ", "page": "3", "per_page": "7", "taxonomy_term_id": "term-1", "minimum_age": "18",
            "maximum_age": "65", "day": "tuesday", "start_time": "09:30", "end_time": "17:00:00",
            "modified_after": "2024-05-01", "need": "food", "neighbourhood": "heatons", "postcode": "SK4 1AA",
            "proximity": "2500"}  # fmt: skip
    filters = oruk_service_filters(MultiDict(args))
    assert (filters.search, filters.page, filters.per_page) == ("food", 3, 7)
    assert filters.taxonomy_term_id == "term-1" and filters.taxonomy_id is None
    assert (filters.minimum_age, filters.maximum_age, filters.day) == (18, 65, 1)
    assert (filters.start_time, filters.end_time) == (time(9, 30), time(17, 0))
    assert filters.modified_after == datetime(2024, 5, 1, tzinfo=UTC)
    assert (filters.need, filters.neighbourhood, filters.postcode, filters.proximity) == (
        "food", "heatons", "SK4 1AA", 2500
    )  # fmt: skip


def test_oruk_defaults_when_nothing_is_asked():
    filters = oruk_service_filters({})
    assert (filters.page, filters.per_page, filters.search, filters.day) == (1, 25, None, None)
    assert oruk_paging({"page": " ", "per_page": ""}) == (1, 25)


@pytest.mark.parametrize(
    ("args", "message"),
    [({"page": "abc"}, "page: must be a whole number"), ({"page": "0"}, "page: must be between 1 and 100000"),
     ({"per_page": "101"}, "per_page: must be between 1 and 100"),
     ({"per_page": "1_0"}, "per_page: must be a whole number"),
     ({"minimum_age": "131"}, "minimum_age: must be between 0 and 130"),
     ({"day": "someday"}, "day: must be a day of the week, e.g. MO or monday"),
     ({"day": "\x00"}, "day: must be a day of the week, e.g. MO or monday"),
     ({"start_time": "9:30"}, "start_time: must be a time like 09:30"),
     ({"end_time": "24:00"}, "end_time: must be a time like 09:30"),
     ({"start_time": "12:00", "end_time": "09:00"}, "end_time: must be after start_time"),
     ({"modified_after": "yesterday"}, "modified_after: must be an ISO 8601 date or date-time"),
     ({"need": "food,money"}, "need: unknown need; use one of food, money,"),
     ({"postcode": "NOTAPOSTCODE"}, "postcode: is not a valid UK postcode, sector or district"),
     ({"proximity": "500"}, "proximity: needs a postcode to measure from"),
     ({"proximity": "0", "postcode": "SK1 1AA"}, "proximity: must be between 1 and 100000"),
     ({"taxonomy_id": "a\x00b"}, "taxonomy_id: is not a valid identifier"),
     ({"neighbourhood": "Heatons"}, "neighbourhood: is not a valid identifier")],
)  # fmt: skip
def test_each_bad_oruk_parameter_is_named_in_the_oruk_wording(args, message):
    with pytest.raises(InvalidParameter) as caught:
        oruk_service_filters(args)
    assert oruk_message(caught.value).startswith(message)
    assert caught.value.param == message.split(":")[0]


def test_an_oruk_identifier_is_checked_only_when_given():
    assert oruk_identifier({"taxonomy_id": " abc:1 "}, "taxonomy_id") == "abc:1"
    assert oruk_identifier({"taxonomy_id": ""}, "taxonomy_id") is None
    with pytest.raises(InvalidParameter):
        oruk_identifier({"taxonomy_id": "x" * 65}, "taxonomy_id")
