"""In-memory sliding-window rate limits (per process), as a Flask extension.

Limits are written "COUNT/SECONDS" in the app's config ("20/60": at most 20 hits in any 60 seconds) and
read when checked, so a changed limit applies at once. Each gunicorn worker keeps its own windows: with
W workers a client may get up to W times the limit, which is fine for a courtesy limit; use a shared
store (Redis) if a hard limit is ever needed. Memory is bounded: idle keys are pruned and at most
`max_keys` keys are kept per limit.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any


def parse_limit(spec: str) -> tuple[int, float]:
    """'20/60' -> (20, 60.0); raises ValueError for anything else."""
    count, _, seconds = str(spec).partition("/")
    limit, window = int(count), float(seconds)
    if limit < 1 or window <= 0:
        raise ValueError(f"a rate limit is COUNT/SECONDS with both positive, not {spec!r}")
    return limit, window


class SlidingWindow:
    """At most `limit` hits per key in any `window` seconds."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Record a hit for `key` if allowed and return None; else the seconds until one is allowed."""
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._prune(now)
                hits = self._hits[key] = deque()
            else:
                self._hits.move_to_end(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(0.0, hits[0] + self.window - now)
            hits.append(now)
            return None

    def _prune(self, now: float) -> None:
        for stale in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[stale]
        keep = max(1, self.max_keys * 9 // 10)  # leave room, so pruning happens once per many new keys
        while len(self._hits) > keep:  # still too many: forget the least recently seen
            self._hits.popitem(last=False)

    def __len__(self) -> int:
        return len(self._hits)


class RateLimiter:
    """Named sliding windows whose limits come from the app's config (`init_app`)."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[str, SlidingWindow]] = {}
        self._lock = threading.Lock()
        self._config: Any = None

    def init_app(self, app: Any) -> None:
        self._config = app.config
        app.extensions["rate_limiter"] = self

    def hit(self, name: str, key: str, config_key: str) -> float | None:
        """Count one hit of `key` against the limit `config[config_key]`; None, or seconds to wait."""
        spec = str(self._config[config_key]) if self._config is not None else "1000000/1"
        with self._lock:
            current = self._windows.get(name)
            if current is None or current[0] != spec:
                limit, window = parse_limit(spec)
                current = self._windows[name] = (spec, SlidingWindow(limit, window))
        return current[1].hit(key)

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
