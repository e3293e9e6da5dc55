"""Search relevance on how residents really write: plain, colloquial, misspelt, long and short."""

from __future__ import annotations

import pytest

from directory.search import SearchRequest
from web.extensions import search_provider

# (what a resident types, the need the top results must serve)
PHRASINGS = [
    ("food bank", "food"),
    ("foodbank", "food"),
    ("fod bank", "food"),
    ("food bnak", "food"),
    ("nothing to eat for the kids tonight", "food"),
    ("hot meal", "food"),
    ("im skint", "money"),
    ("broke till payday", "money"),
    ("debt advice", "money"),
    ("help with universal credit", "money"),
    ("benifits", "money"),
    ("can't top up my meter", "energy"),
    ("cant top up meter", "energy"),
    ("no heating and it's freezing", "energy"),
    ("warm space", "energy"),
    ("my landlord won't fix the damp", "housing"),
    ("been evicted", "housing"),
    ("homless", "housing"),
    ("feeling low and anxious", "mental-health"),
    ("depresion", "mental-health"),
    ("so lonely since my wife died", "loneliness"),
    ("make friends", "loneliness"),
    ("caring for my mum", "carers"),
    ("young carer", "carers"),
    ("partner hits me", "domestic-abuse"),
    ("domestic abuse", "domestic-abuse"),
    ("need a dentist", "health"),
    ("stop smoking", "health"),
    ("drinking too much", "substance-use"),
    ("gambling problem", "substance-use"),
    ("lost my job", "employment"),
    ("help with my cv", "employment"),
    ("baby group", "family"),
    ("parenting help", "family"),
    ("pensioner lunch club", "older-people"),
    ("dementia", "older-people"),
    ("wheelchair", "disability"),
    ("autism support", "disability"),
    ("help getting online", "digital"),
    ("free wifi", "digital"),
    ("laptop", "digital"),
    ("solicitor", "legal"),
    ("immigration advice", "legal"),
]


def _top_needs(text: str, k: int = 3) -> list[list[str]]:
    page = search_provider.search.search(SearchRequest(text=text, per_page=k))
    return [hit.stored["needs"].split(",") for hit in page.hits]


@pytest.mark.parametrize(("text", "need"), PHRASINGS)
def test_the_top_results_for_a_resident_phrasing_serve_the_need_they_mean(app, text, need):
    top = _top_needs(text)
    assert top, f"no results for {text!r}"
    assert need in top[0], f"{text!r}: first result serves {top[0]}, expected {need}"
    assert sum(need in needs for needs in top) >= 2, f"{text!r}: top 3 serve {top}"


def test_overall_precision_at_three_is_high_across_the_phrasing_table(app):
    hits = sum(need in needs for text, need in PHRASINGS for needs in _top_needs(text))
    assert hits / (3 * len(PHRASINGS)) >= 0.9


def test_a_misspelling_is_corrected_and_the_correction_is_reported(app):
    page = search_provider.search.search(SearchRequest(text="fod bank"))
    assert page.corrections == {"fod": "food"}


def test_a_place_named_in_the_text_ranks_services_there_first(app):
    page = search_provider.search.search(SearchRequest(text="food bank in reddish", per_page=5))
    assert page.place is not None and page.place.neighbourhood == "tame-valley"
    top = page.hits[0]
    assert top.serves_neighbourhood is True
    assert "food" in top.stored["needs"]


def test_results_near_a_postcode_are_ordered_by_distance_among_equally_relevant_services(app):
    page = search_provider.search.search(SearchRequest(needs=("food",), place="SK6 6", per_page=10))
    assert page.place.neighbourhood == "hazel-grove-high-lane-marple"
    local = [h for h in page.hits if h.serves_neighbourhood and h.stored["scope"] == "local"]
    assert len(local) >= 3
    assert page.hits[: len(local)] == local, "local services come before borough-wide ones"
    assert local[0].distance_m < 3000
    distances = [h.distance_m for h in local]
    assert distances == sorted(distances)
