"""Rate limits counted by Flask-Limiter, in a store that every gunicorn worker shares.

Limits are written "COUNT/SECONDS" in the app's config ("20/60": at most 20 hits in any 60 seconds, a
moving window) and read when checked, so a changed limit applies at once. A view calls
`rate_limiter.hit` where an attempt counts (after the form's CSRF check, after a chat message parses)
and answers a refusal itself, so each keeps its own 429 page, message and Retry-After header.

Where the counts live is Flask-Limiter's `RATELIMIT_STORAGE_URI`: `redis://host:6379/0` shares them
between workers and machines; `memory://` (the development default) keeps them in each process, so with
W gunicorn workers a client gets W times every limit. Production with more than one worker needs Redis
(docker-compose.yml sets it; `make run` uses a local Redis when one answers). When the store stops
answering, limits are counted in this process until it answers again, rather than failing requests.

The store never sees a client address or a chat session id: keys are keyed hashes of them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import weakref
from dataclasses import dataclass

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, RateLimiter

log = logging.getLogger(__name__)

EXTENSION = "rate_limiter"
# How long to count in this process before asking an unanswering store again.
RETRY_STORE_AFTER_S = 5.0


def parse_limit(spec: str) -> RateLimitItem:
    """'20/60' -> at most 20 per 60 seconds; raises ValueError for anything else."""
    count, _, seconds = str(spec).partition("/")
    limit, window = int(count), int(seconds)
    if limit < 1 or window < 1:
        raise ValueError(f"a rate limit is COUNT/SECONDS with both positive whole numbers, not {spec!r}")
    return RateLimitItemPerSecond(limit, window)


@dataclass(eq=False)  # compared and hashed by identity: kept in a WeakSet
class _AppLimits:
    """One app's Flask-Limiter extension, the secret its keys are hashed with, and the fallback."""

    limiter: Limiter
    secret: bytes
    prefix: str
    fallback: RateLimiter | None = None
    ask_store_at: float = 0.0

    def private(self, key: str) -> str:
        return hmac.new(self.secret, key.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def hit(self, item: RateLimitItem, identifiers: tuple[str, ...]) -> float | None:
        if self.fallback is None or time.monotonic() >= self.ask_store_at:
            try:
                wait = _hit(self.limiter.limiter, item, identifiers)
            except StorageError as exc:
                if self.fallback is None:
                    log.warning(
                        "the rate-limit store is not answering (%s): counting in this process",
                        type(exc.storage_error).__name__,
                    )
                    self.fallback = MovingWindowRateLimiter(MemoryStorage())
                self.ask_store_at = time.monotonic() + RETRY_STORE_AFTER_S
            else:
                if self.fallback is not None:
                    log.warning("the rate-limit store answers again")
                    self.fallback = None
                return wait
        assert self.fallback is not None
        return _hit(self.fallback, item, identifiers)

    def reset(self) -> None:
        self.limiter.storage.reset()
        self.fallback = None


def _hit(strategy: RateLimiter, item: RateLimitItem, identifiers: tuple[str, ...]) -> float | None:
    if strategy.hit(item, *identifiers):
        return None
    reset_at, _remaining = strategy.get_window_stats(item, *identifiers)
    return max(0.0, reset_at - time.time())


class RateLimits:
    """Named limits whose values come from the app's config, counted by a Flask-Limiter per app."""

    def __init__(self) -> None:
        self._apps: weakref.WeakSet[_AppLimits] = weakref.WeakSet()

    def init_app(self, app: Flask) -> None:
        config = app.config
        config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
        config.setdefault("RATELIMIT_STRATEGY", "moving-window")  # the same sliding window as before
        # Store errors arrive as one exception type, whichever store it is (see `_AppLimits.hit`).
        options = config.get("RATELIMIT_STORAGE_OPTIONS", {})
        config["RATELIMIT_STORAGE_OPTIONS"] = {"wrap_exceptions": True, **options}
        limiter = Limiter(get_remote_address, app=app)
        state = _AppLimits(
            limiter=limiter,
            secret=str(config.get("SECRET_KEY") or "").encode("utf-8"),
            prefix=str(config.get("RATELIMIT_KEY_PREFIX") or "around-here"),
        )
        app.extensions[EXTENSION] = state
        self._apps.add(state)
        in_memory = str(config["RATELIMIT_STORAGE_URI"]).startswith("memory:")
        if in_memory and config.get("AROUND_HERE_ENV") == "production":
            log.warning(
                "rate limits are counted in each process (RATELIMIT_STORAGE_URI=memory://): with several "
                "workers every limit is multiplied by their number; set RATELIMIT_STORAGE_URI to a Redis"
            )

    def hit(self, name: str, key: str, config_key: str) -> float | None:
        """Count one hit of `key` against the limit `config[config_key]`; None, or seconds to wait."""
        state: _AppLimits = current_app.extensions[EXTENSION]
        item = parse_limit(current_app.config[config_key])
        return state.hit(item, (state.prefix, name, state.private(key)))

    def reset(self) -> None:
        """Forget every count (tests start from zero)."""
        for state in list(self._apps):
            state.reset()
