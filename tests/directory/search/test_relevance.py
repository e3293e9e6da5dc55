"""Search relevance on how residents really write: plain, colloquial, misspelt, long and short.

The scored suite (`bench/search/relevance`, 300+ phrasings in English, Polish, Urdu and Arabic) runs
here through `/api/search` with floors just under the scores recorded in docs/benchmarks.md; the table
below keeps the stricter per-phrasing checks for the commonest needs.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bench.search.relevance.cases import LANGUAGES, Case, load_all
from bench.search.relevance.engines import whoosh
from bench.search.relevance.scoring import ServiceFacts, grade, score
from bench.search.relevance.suite import service_facts
from directory.search import SearchRequest
from web.extensions import search_provider

# Right need in the top 3, per language, one case under the measured share (docs/benchmarks.md).
SUITE_TOP3_FLOORS = {"en": 0.945, "pl": 0.945, "ur": 0.985, "ar": 0.96}

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


def test_the_scored_suite_keeps_the_right_need_in_the_top_three_in_every_language(app: Flask, client: FlaskClient):
    if not app.config["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("Whoosh ranks alike over either database; scoring it once keeps the run short")
    with app.app_context():
        facts = service_facts()
    cases = load_all()
    rank = whoosh(client)
    shares = {}
    for language in LANGUAGES:
        tally = score([c for c in cases if c.language == language], rank, facts)["all"]
        shares[language] = (tally.top3 / tally.cases, tally.misses)
    below = {
        lang: (round(share, 3), misses)
        for lang, (share, misses) in shares.items()
        if share < SUITE_TOP3_FLOORS[lang]
    }
    assert not below, f"under the floor (share, misses): {below}"


def test_the_suite_grades_the_named_place_above_the_need_alone_and_normalises_by_the_best_ranking():
    case = Case("en", "food bank in reddish", "food", "tame-valley", held_out=False)
    facts = {
        "local": ServiceFacts(frozenset({"food"}), frozenset({"tame-valley"}), borough_wide=False),
        "borough": ServiceFacts(frozenset({"food"}), frozenset(), borough_wide=True),
        "elsewhere": ServiceFacts(frozenset({"food"}), frozenset({"cheadle"}), borough_wide=False),
        "other-need": ServiceFacts(frozenset({"money"}), frozenset({"tame-valley"}), borough_wide=False),
    }
    assert [grade(facts[i], case) for i in facts] == [2, 2, 1, 0]
    best = score([case], lambda _: ["local", "borough", "elsewhere"], facts)["all"].row()
    assert best == {"cases": 1, "top3": 1.0, "top1": 1.0, "ndcg3": 1.0}
    worse = score([case], lambda _: ["other-need", "elsewhere"], facts)["all"].row()
    assert (worse["top3"], worse["top1"]) == (1.0, 0.0)
    assert 0 < worse["ndcg3"] < 0.5
