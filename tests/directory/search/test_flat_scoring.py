"""The flat scorer must rank exactly as Whoosh's own query objects would, since it replaces them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from random import Random

import pytest
from whoosh import index as whoosh_index
from whoosh import query as Q

from directory.opening import DAY_CODES, LONDON, Rule, Timetable
from directory.search.documents import whole_hour_tokens
from directory.search.generation import (
    Generation,
    add_where_present,
    best,
    open_in_spans,
    union,
    weekly_spans,
)
from directory.search.whoosh_backend import build_schema

DOCUMENTS = [
    {"id": "a", "name": "Food bank", "body": "Emergency food parcels and food vouchers", "needs": "food"},
    {"id": "b", "name": "Debt advice", "body": "Help with debt, bills and food costs", "needs": "money"},
    {
        "id": "c",
        "name": "Community cafe",
        "body": "Hot food, a warm space and help",
        "needs": "food,warm-space",
    },
    {"id": "d", "name": "Advice centre", "body": "Help with benefits and help with bills", "needs": "money"},
    {"id": "e", "name": "Lunch club", "body": "Lunch and company for older people", "needs": "loneliness"},
]


@pytest.fixture()
def generation(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    with ix.writer() as writer:
        for document in DOCUMENTS:
            writer.add_document(**document)
    with ix.writer() as writer:  # a second segment and a deletion, as incremental updates leave them
        writer.add_document(id="f", name="Food pantry", body="Food for anyone who needs it", needs="food")
        writer.delete_by_term("id", "d")
    searcher = ix.searcher()
    yield Generation(searcher)
    searcher.close()
    ix.close()


def whoosh_scores(generation: Generation, query: Q.Query) -> dict[int, float]:
    results = generation.searcher.search(query, limit=None)
    return {docnum: score for score, docnum in results.top_n}


def test_a_single_term_scores_as_whooshs_bm25f_across_segments_and_deletions(generation):
    for field, text in [("name", "food"), ("body", "help"), ("needs", "money"), ("body", "lunch")]:
        expected = whoosh_scores(generation, Q.Term(field, text))
        assert generation.scores(field, text) == pytest.approx(expected)


def test_an_or_with_an_and_maybe_scores_as_the_query_objects_it_replaces(generation):
    rare = [("name", "food", 1.0), ("body", "food", 1.0), ("needs", "food", 5.0)]
    common = [("name", "help", 1.0), ("body", "help", 1.0)]
    scores = union(generation, rare)
    for field, text, boost in common:
        add_where_present(scores, generation.scores(field, text), boost)

    query = Q.AndMaybe(
        Q.Or([Q.Term(f, t, boost=b) for f, t, b in rare]), Q.Or([Q.Term(f, t, boost=b) for f, t, b in common])
    )
    assert scores == pytest.approx(whoosh_scores(generation, query))


def test_best_breaks_ties_by_document_number():
    assert best({3: 1.0, 1: 2.0, 2: 1.0, 0: 0.5}, 3) == [(1, 2.0), (2, 1.0), (3, 1.0)]
    assert best({3: 1.0, 1: 2.0}, None) == [(1, 2.0), (3, 1.0)]


def test_a_filter_set_is_computed_once_per_generation(generation):
    first = generation.docs(("needs", ("food",)), Q.Term("needs", "food"))
    again = generation.docs(("needs", ("food",)), Q.Term("needs", "food"))
    assert again is first
    assert {generation.doc(docnum)["id"] for docnum in first} == {"a", "c", "f"}


def test_weekly_spans_answer_open_now_exactly_as_the_timetable_does():
    rng = Random(7)
    # Around the clock changes too: the timetable compares local wall-clock times, as the spans do.
    starts = [
        datetime(2026, 3, 27, tzinfo=LONDON),
        datetime(2026, 10, 23, tzinfo=LONDON),
        datetime(2026, 6, 5),
    ]
    for _ in range(200):
        rules = tuple(
            Rule("WEEKLY", tuple(rng.sample(DAY_CODES, rng.randint(1, 7))), (), opens, closes)
            for opens, closes in ((rng.randrange(0, 1440, 15), rng.randrange(0, 1440, 15)) for _ in range(2))
        )
        table = Timetable(rules)
        spans = weekly_spans(table)
        assert spans is not None
        for start in starts:
            for step in range(0, 4 * 24 * 60, 37):
                when = (start + timedelta(minutes=step)).replace(tzinfo=LONDON)
                assert open_in_spans(spans, when) == table.is_open(when), (rules, when)


def test_closures_and_monthly_rules_take_the_full_timetable_check():
    weekly = Rule("WEEKLY", ("MO",), (), 540, 1020)
    assert weekly_spans(Timetable((weekly,), ((date(2026, 1, 1), date(2026, 1, 2)),))) is None
    assert weekly_spans(Timetable((Rule("MONTHLY", ("1TU",), (), 540, 1020),))) is None
    assert (
        weekly_spans(Timetable((Rule("WEEKLY", ("MO",), (), 540, 1020, valid_to=date(2026, 5, 1)),))) is None
    )


def test_whole_hour_tokens_name_only_hours_open_from_start_to_end_every_week():
    table = Timetable((Rule("WEEKLY", ("MO",), (), 570, 720), Rule("WEEKLY", ("SU",), (), 1320, 120)))
    assert whole_hour_tokens(table) == ["mo00", "mo01", "mo10", "mo11", "su22", "su23"]
    closed_at_new_year = Timetable(table.rules, ((date(2027, 1, 1), date(2027, 1, 1)),))
    assert whole_hour_tokens(closed_at_new_year) == []
