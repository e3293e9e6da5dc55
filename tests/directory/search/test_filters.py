"""Every search filter returns only services that satisfy it, and pagination is consistent."""

from __future__ import annotations

from datetime import datetime

import pytest

from directory.opening import LONDON, timetable_for
from directory.queries import services_by_ids
from directory.search import InvalidSearch, SearchRequest
from directory.search.documents import need_slugs
from web.extensions import database, search_provider

WEDNESDAY_11AM = datetime(2026, 12, 2, 11, 0, tzinfo=LONDON)


def _services(request: SearchRequest):
    page = search_provider.search.search(request)
    assert page.total > 0, f"{request} found nothing: the filter test would prove nothing"
    return page, services_by_ids(database.session, page.ids)


def test_the_need_filter_keeps_only_services_for_that_need(app):
    _page, services = _services(SearchRequest(needs=("carers",), per_page=50))
    assert all("carers" in need_slugs(s) for s in services)


def test_the_neighbourhood_filter_keeps_local_services_there_and_borough_wide_ones(app):
    _page, services = _services(SearchRequest(neighbourhood="werneth", per_page=50))
    assert all(s.serves_everywhere or "werneth" in {n.slug for n in s.neighbourhoods} for s in services)
    assert any(not s.serves_everywhere for s in services)


def test_the_open_now_filter_keeps_only_services_open_at_that_moment(app):
    _page, services = _services(SearchRequest(open_now=True, now=WEDNESDAY_11AM, per_page=50))
    assert all(timetable_for(s.schedules, s.closures).is_open(WEDNESDAY_11AM) for s in services)


def test_the_open_now_filter_at_3am_leaves_only_round_the_clock_services(app):
    three_am = datetime(2026, 12, 2, 3, 0, tzinfo=LONDON)
    _page, services = _services(SearchRequest(open_now=True, now=three_am, per_page=50))
    assert all(timetable_for(s.schedules, s.closures).is_open(three_am) for s in services)
    assert any(s.name.startswith("Samaritans") for s in services)


def test_the_day_filter_keeps_only_services_open_that_weekday(app):
    _page, services = _services(SearchRequest(weekday=5, per_page=50))
    assert all(timetable_for(s.schedules, s.closures).open_on_weekday(5) for s in services)


def test_the_free_filter_keeps_only_free_services(app):
    everything = search_provider.search.search(SearchRequest(per_page=1)).total
    page, services = _services(SearchRequest(free_only=True, per_page=50))
    assert all(s.is_free for s in services)
    assert page.total < everything


@pytest.mark.parametrize("age", [3, 16, 70])
def test_the_age_filter_keeps_only_services_whose_age_range_includes_the_age(app, age):
    _page, services = _services(SearchRequest(age=age, per_page=50))
    for s in services:
        assert (s.minimum_age or 0) <= age <= (s.maximum_age if s.maximum_age is not None else 200)


def test_the_language_filter_keeps_only_services_offered_in_that_language(app):
    _page, services = _services(SearchRequest(languages=("pl",), per_page=50))
    assert all("pl" in {lang.code for lang in s.languages} for s in services)


def test_the_accessibility_filter_keeps_only_locations_with_that_feature(app):
    _page, services = _services(SearchRequest(accessibility=("hearing-loop",), per_page=50))
    for s in services:
        codes = {a.code for sal in s.service_at_locations for a in sal.location.accessibility}
        assert "hearing-loop" in codes


def test_filters_combine_with_and(app):
    _page, services = _services(SearchRequest(needs=("food",), neighbourhood="tame-valley", free_only=True))
    for s in services:
        assert "food" in need_slugs(s) and s.is_free
        assert s.serves_everywhere or "tame-valley" in {n.slug for n in s.neighbourhoods}


def test_pages_do_not_overlap_and_together_match_one_long_page(app):
    request = {"text": "advice", "per_page": 5}
    first = search_provider.search.search(SearchRequest(**request, page=1)).ids
    second = search_provider.search.search(SearchRequest(**request, page=2)).ids
    both = search_provider.search.search(SearchRequest(text="advice", per_page=10)).ids
    assert len(first) == 5 and not set(first) & set(second)
    assert first + second == both


def test_a_page_past_the_end_is_empty_but_reports_the_total(app):
    page = search_provider.search.search(SearchRequest(text="food", page=500, per_page=10))
    assert page.hits == [] and page.total > 0


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"page": 0},
        {"per_page": 0},
        {"per_page": 1000},
        {"needs": ("bananas",)},
        {"age": -1},
        {"weekday": 9},
    ],
)
def test_impossible_filter_values_are_refused_with_a_clear_message(app, request_kwargs):
    with pytest.raises(InvalidSearch) as info:
        search_provider.search.search(SearchRequest(**request_kwargs))
    assert str(info.value)
