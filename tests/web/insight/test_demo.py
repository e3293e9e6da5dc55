"""Sample demand for development: made once through the real search and event path, marked as sample,
removed with one command, and as free of anything personal as real demand."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.models import CrisisCount, DemandEvent, DemandRollup, DemandSummary

SLUG = re.compile(r"[a-z0-9_-]*")


@pytest.fixture
def var(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(app.config, "VAR_DIR", str(tmp_path))
    return tmp_path


def count(session: Session, model, **where) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.scalar(query) or 0


def test_the_demo_is_made_once_through_the_search_and_removed_with_one_command(
    app: Flask, rollback_app_session: Session, var: Path
) -> None:
    runner = app.test_cli_runner()
    made = runner.invoke(args=["insight", "demo", "--searches", "400", "--seed", "7"])
    assert made.exit_code == 0, made.output
    events = rollback_app_session.scalars(select(DemandEvent)).all()
    assert len(events) >= 400 and all(event.sample for event in events)
    assert len({e.neighbourhood for e in events}) >= 6
    assert {e.channel for e in events} == {"web", "widget", "sms", "api"}
    assert {e.language for e in events} >= {"en", "pl"}
    assert {e.kind for e in events} == {"search", "details"}
    assert len({e.need for e in events}) >= 10
    assert min(e.hour for e in events) < datetime.now(UTC).replace(month=1, day=1)  # a year back
    assert (
        count(rollback_app_session, DemandRollup) > 0
        and count(rollback_app_session, DemandRollup, sample=False) == 0
    )
    assert count(rollback_app_session, DemandSummary, sample=True) > 0  # the year's finished periods
    for event in events:  # nothing but codes, slugs and ids: no words a resident typed
        for value in (
            event.kind,
            event.channel,
            event.language,
            event.need,
            event.neighbourhood,
            event.service_id or "",
        ):
            assert SLUG.fullmatch(value), value
    marker = json.loads((var / "insight-demo.json").read_text())
    assert marker["sample"] is True and marker["searches_asked"] == 400
    assert marker["stored_events"] == len(events)

    again = runner.invoke(args=["insight", "demo", "--searches", "400"])
    assert again.exit_code == 0 and "already there" in again.output
    assert count(rollback_app_session, DemandEvent) == len(events)

    rollback_app_session.add(DemandEvent(hour=datetime(2026, 11, 2, 9, tzinfo=UTC), kind="search", channel="web",
                                         language="en", need="food", neighbourhood="heatons"))  # fmt: skip
    rollback_app_session.commit()
    removed = runner.invoke(args=["insight", "remove-demo"])
    assert removed.exit_code == 0, removed.output
    assert count(rollback_app_session, DemandEvent, sample=True) == 0
    assert count(rollback_app_session, DemandRollup, sample=True) == 0
    assert count(rollback_app_session, CrisisCount, sample=True) == 0
    assert count(rollback_app_session, DemandSummary, sample=True) == 0
    assert count(rollback_app_session, DemandEvent) == 1  # real demand stays
    assert not (var / "insight-demo.json").exists()


def test_the_demo_is_refused_outside_development(
    app: Flask, rollback_app_session: Session, var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "AROUND_HERE_ENV", "production")
    result = app.test_cli_runner().invoke(args=["insight", "demo", "--searches", "10"])
    assert result.exit_code != 0 and "development" in result.output
    assert count(rollback_app_session, DemandEvent) == 0
