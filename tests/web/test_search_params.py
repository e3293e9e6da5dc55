"""Query-string parameters become a SearchRequest; problems name the parameter for the pages."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from web.search_params import InvalidParameter, form_values, search_request_from_args


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
