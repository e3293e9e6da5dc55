"""Demand events in tests: every test starts with the recorder's buffer empty, and events reach the
database only when the test calls `demand_recorder.flush()` (TestConfig's INSIGHT_FLUSH_SECONDS = 0), so
the rows a test finds are the ones it caused, written through the session the test is bound to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from directory.insight.recorder import demand_recorder

__all__ = ["_demand_buffer_empty"]


@pytest.fixture(autouse=True)
def _demand_buffer_empty() -> Iterator[None]:
    demand_recorder.discard()
    yield
    demand_recorder.discard()
