"""Fresher listings rank slightly higher, but relevance still decides (a small index of our own)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from directory.opening import LONDON
from directory.search.base import BackendQuery
from directory.search.documents import service_document
from directory.search.whoosh_backend import FRESHNESS_WEIGHT, WhooshBackend, freshness_factor
from tests.factories import create_service

TODAY = datetime.now(LONDON).date()


def _doc(service_id: str, name: str, body: str, checked: date) -> dict:
    return {"id": service_id, "name": name, "body": body, "needs": "food", "scope": "local",
            "checked": checked.toordinal()}  # fmt: skip


@pytest.fixture
def backend(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    yield backend
    backend.close()


def _ids(backend: WhooshBackend, *words: str) -> list[str]:
    return [hit.service_id for hit in backend.search(BackendQuery(words=words, limit=10)).hits]


def test_of_two_otherwise_equal_listings_the_fresher_ranks_first(backend):
    body = "Food parcels and a warm welcome every Tuesday."
    backend.rebuild(
        [
            _doc("stale", "Bramblewick Pantry", body, TODAY - timedelta(days=400)),
            _doc("fresh", "Bramblewick Pantry", body, TODAY - timedelta(days=10)),
        ]
    )
    assert _ids(backend, "bramblewick") == ["fresh", "stale"]
    backend.rebuild(  # the other way round, so the order of indexing is not what decides
        [
            _doc("fresh", "Bramblewick Pantry", body, TODAY - timedelta(days=10)),
            _doc("stale", "Bramblewick Pantry", body, TODAY - timedelta(days=400)),
        ]
    )
    assert _ids(backend, "bramblewick") == ["fresh", "stale"]


def test_a_much_more_relevant_stale_listing_still_ranks_above_a_fresh_weak_match(backend):
    backend.rebuild(
        [
            _doc("weak", "Community Hub", "A drop-in with many activities; Bramblewick leaflets "
                 "are sometimes available at reception among other things.", TODAY),
            _doc("strong", "Bramblewick Food Bank", "The Bramblewick food bank.", TODAY - timedelta(days=900)),
        ]
    )  # fmt: skip
    assert _ids(backend, "bramblewick") == ["strong", "weak"]


def test_the_freshness_factor_is_small_and_falls_with_age():
    today = TODAY.toordinal()
    factors = [freshness_factor(today - age, today) for age in (0, 100, 365, 730, 2000)]
    assert factors == sorted(factors, reverse=True) and factors[0] == 1.0
    assert factors[-1] == factors[-2] == pytest.approx(1.0 - FRESHNESS_WEIGHT)
    assert freshness_factor(today + 5, today) == 1.0  # a date in the future is simply fresh


def test_the_document_carries_the_last_confirmation_or_else_the_day_it_was_added(db_session):
    service = create_service(db_session, name="Checked Pantry")
    service.assured_date = date(2026, 3, 22)
    assert service_document(service)["checked"] == date(2026, 3, 22).toordinal()
    service.assured_date = None
    service.created_at = datetime(2025, 5, 1, 10, 0, tzinfo=UTC)
    assert service_document(service)["checked"] == date(2025, 5, 1).toordinal()
