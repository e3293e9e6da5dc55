"""Liveness (/healthz) and readiness (/readyz): ready only when the database and the index both answer."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from directory.search.whoosh_backend import WhooshBackend
from web.extensions import database as app_database
from web.extensions import search_provider


def test_liveness_is_always_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_ready_when_the_database_and_the_search_index_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "search_index": "ok"},
        "failed": [],
    }
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.logs_traceback("the index is broken on purpose; the health check logs why")
def test_not_ready_when_the_search_index_is_unusable(client, monkeypatch, tmp_path):
    (tmp_path / "index").write_text("not an index")  # a file where the index directory should be
    monkeypatch.setattr(search_provider, "backend", WhooshBackend(tmp_path / "index"))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and body["failed"] == ["search_index"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.logs_traceback("the database is unreachable on purpose; the health check logs why")
def test_not_ready_when_the_database_does_not_answer(client, monkeypatch, tmp_path):
    broken = create_engine(f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite'}")
    monkeypatch.setattr(app_database, "engine", broken)
    try:
        response = client.get("/readyz")
    finally:
        broken.dispose()
    assert response.status_code == 503
    assert response.get_json()["failed"] == ["database"]


@pytest.mark.logs_traceback("both checks fail on purpose; the health check logs why")
def test_readiness_is_json_even_when_both_fail(client, monkeypatch, tmp_path):
    broken = create_engine(f"sqlite:///{tmp_path / 'nowhere' / 'db.sqlite'}")
    monkeypatch.setattr(app_database, "engine", broken)
    monkeypatch.setattr(search_provider, "backend", None)
    try:
        response = client.get("/readyz")
    finally:
        broken.dispose()
    assert response.status_code == 503 and response.is_json
    assert response.get_json()["failed"] == ["database", "search_index"]
