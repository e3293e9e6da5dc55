"""No input a visitor can send makes a page fail: odd query strings, long values, bad ids, odd forms."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token

FIELDS = ("q", "place", "need", "neighbourhood", "day", "language", "accessibility", "page", "per_page",
          "age", "open_now", "free", "lang")  # fmt: skip
NASTY = [
    "",
    " ",
    "\x00",
    "\u202e\u0000evil",
    "'; DROP TABLE service; --",
    "<script>alert(1)</script>",
    '" onmouseover="x',
    "%s%n%x",
    "{{7*7}}",
    "../../etc/passwd",
    "9" * 400,
    "-0",
    "1e9",
    "💥" * 50,
    "x" * 5000,
    "food" * 1000,
]
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("field", FIELDS)
def test_nasty_values_in_any_search_field_never_cause_a_server_error(client, field, value):
    response = client.get("/search", query_string={field: value})
    assert response.status_code in (200, 400)
    check_page(response.data)
    assert b"<script>alert(1)</script>" not in response.data


@fast
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=300), max_size=6))
def test_any_search_query_string_gets_a_page_not_a_server_error(client, params):
    response = client.get("/search", query_string=params)
    assert response.status_code in (200, 400)


@fast
@given(st.lists(st.sampled_from(["need", "accessibility", "language"]), max_size=40), st.text(max_size=20))
def test_repeated_parameters_are_handled(client, names, value):
    query = "&".join(f"{name}={value}" for name in names)
    assert client.get(f"/search?{query}").status_code in (200, 400)


@pytest.mark.parametrize(
    "path",
    [
        "/services/" + "9" * 64,
        "/services/" + "9" * 500,
        "/services/%00",
        "/services/..%2F..%2Fetc",
        "/services/%E2%80%AE",
        "/services/abc/report/thanks/extra",
        "/neighbourhoods/" + "a" * 300,
        "/neighbourhoods/%00",
        "/neighbourhoods/heatons%20",
        "/%3Cscript%3E",
    ],
)
def test_bad_ids_and_paths_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    check_page(response.data)


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "closed", "details": "\x00\x01 hidden \u202e text", "contact_email": "a@b.co"},
        {"reason": "x" * 10000, "details": "", "contact_email": ""},
        {"reason": "other", "details": "💥" * 999, "contact_email": "x@" + "y" * 300 + ".com"},
        {"reason": ["closed", "other"], "details": ["a", "b"]},
        {},
    ],
)
def test_odd_report_forms_get_a_page_not_a_server_error(client, pantry_id, data):
    url = f"/services/{pantry_id}/report"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), **data})
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        check_page(response.data)


def test_a_huge_form_is_refused_politely(client, pantry_id):
    url = f"/services/{pantry_id}/report"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "details": "x" * 2_000_000})
    assert response.status_code in (400, 413)
    check_page(response.data)
