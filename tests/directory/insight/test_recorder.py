"""The recorder never slows or breaks an answer: `record` only buffers; a thread of the process writes
each batch within seconds; a database that is away loses the counts, never the caller's request."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from directory.db import Database
from directory.insight.events import Reach, search_demand
from directory.insight.recorder import DemandRecorder
from directory.migrations import upgrade
from directory.models import CrisisCount, DemandEvent


@pytest.fixture
def database(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'insight.db'}"
    upgrade(url)
    return Database(url)


def demand(hour: int = 10):
    when = datetime(2026, 11, 2, hour, 41, 17, tzinfo=UTC)
    return search_demand("sms", "pl", needs=("food",), place=None, reach=Reach(1, 2, 3), when=when)


def count(database: Database, table=DemandEvent) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_events_are_stored_by_the_processs_own_thread_within_seconds(database: Database) -> None:
    recorder = DemandRecorder()
    recorder.configure(database.sessionmaker, interval=0.2)
    for hour in range(5):
        recorder.record(demand(hour))
    recorder.record_crisis("urgent")
    deadline = time.monotonic() + 5
    while count(database) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count(database) == 5
    with database.transaction() as session:
        stored = session.scalars(select(DemandEvent)).first()
        assert stored is not None and stored.hour.minute == 0 and stored.hour.second == 0
        assert (stored.local_results, stored.borough_results, stored.national_results) == (1, 2, 3)
        assert session.scalar(select(CrisisCount.count)) == 1
    recorder.configure(None, interval=0)


def test_recording_takes_microseconds_and_writes_nothing_until_a_batch(database: Database) -> None:
    recorder = DemandRecorder()
    recorder.configure(database.sessionmaker, interval=0)
    started = time.perf_counter()
    for _ in range(10_000):
        recorder.record(demand())
    per_event = (time.perf_counter() - started) / 10_000
    assert per_event < 0.001  # far below a millisecond: nothing is written on the caller's thread
    assert count(database) == 0 and recorder.pending() == 10_000
    assert recorder.flush() == 10_000 and count(database) == 10_000


def test_a_database_that_is_away_loses_the_batch_and_raises_nothing(tmp_path: Path) -> None:
    missing = Database(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # no tables: every insert fails
    recorder = DemandRecorder()
    recorder.configure(missing.sessionmaker, interval=0)
    recorder.record(demand())
    recorder.record_crisis("supportive")
    assert recorder.flush() == 0
    assert recorder.pending() == 0


def test_a_full_buffer_drops_new_events_instead_of_growing(database: Database) -> None:
    recorder = DemandRecorder(max_buffer=3)
    recorder.configure(database.sessionmaker, interval=0)
    for _ in range(5):
        recorder.record(demand())
    assert recorder.pending() == 3
    assert recorder.flush() == 3


def test_crisis_counts_add_up_by_day_and_tier(database: Database) -> None:
    recorder = DemandRecorder()
    recorder.configure(database.sessionmaker, interval=0)
    day = datetime(2026, 11, 2, 9, tzinfo=UTC)
    for tier in ("urgent", "urgent", "supportive", "anything else"):
        recorder.record_crisis(tier, when=day)
    recorder.flush()
    recorder.record_crisis("urgent", when=day)
    recorder.flush()
    with database.transaction() as session:
        rows = dict(session.execute(select(CrisisCount.tier, CrisisCount.count)).all())
    assert rows == {"urgent": 3, "supportive": 2}


def test_events_go_to_the_database_they_were_recorded_for(tmp_path: Path, database: Database) -> None:
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(other_url)
    other = Database(other_url)
    recorder = DemandRecorder()
    recorder.configure(database.sessionmaker, interval=0)
    recorder.record(demand())
    recorder.configure(sessionmaker(bind=other.engine), interval=0)
    recorder.record(demand())
    recorder.record(demand())
    recorder.flush()
    assert (count(database), count(other)) == (1, 2)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this platform")
def test_a_forked_worker_starts_with_an_empty_buffer_of_its_own(database: Database) -> None:
    recorder = DemandRecorder()
    recorder.configure(database.sessionmaker, interval=0)
    recorder.record(demand())
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: what it inherited is the parent's to write
        recorder.record(demand())
        os.write(write, str(recorder.pending()).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 10) == b"1"
    assert recorder.pending() == 1
