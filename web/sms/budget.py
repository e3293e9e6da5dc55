"""How the 15 seconds Twilio waits for the webhook are spent.

Twilio gives up on a webhook after 15 seconds (and retries it). Everything one inbound text needs is
done within REPLY_WITHIN_S, which leaves the rest for the network and Twilio's side:
- every database statement waits at most LOCK_WAIT_S for a lock (`short_lock_waits`): SQLite's busy
  timeout is otherwise the engine's 15 s, and PostgreSQL waits for a row lock for ever. A statement that
  cannot get its lock in time fails, and the webhook answers without the database (outage.py);
- the assistant gets SMS_RASA_TIMEOUT, as one total deadline, but never more than what is left before
  REPLY_WITHIN_S once a last lock wait (the final commit) and the directory fallback are set aside
  (`assistant_seconds`). That deadline counts from the webhook's call: a wait for a place in the
  assistant's queue (web/admission.py) is part of it (`assistant_deadline`).

Worst case, with the defaults: the claim of the message id and the commit before the assistant is asked
each wait a full lock wait (4 s); the assistant then gets 12 - 4 - 2 - 1 = 5 s (not the configured 8);
the directory fallback takes up to a second and the final commit one more lock wait: 12 s in all.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from directory.db import SAVED_BUSY_TIMEOUT

TWILIO_WAITS_S = 15.0
REPLY_WITHIN_S = 12.0
LOCK_WAIT_S = 2.0
FALLBACK_RESERVE_S = 1.0  # the directory's own answer when the assistant cannot give one
MIN_ASSISTANT_S = 0.5  # below this the assistant is not worth asking


def assistant_seconds(configured: float, *, started: float, now: float | None = None) -> float:
    """The assistant's total deadline: as configured, but within what is left of the reply budget
    (`started`: time.monotonic() when the webhook was called)."""
    elapsed = (time.monotonic() if now is None else now) - started
    left = REPLY_WITHIN_S - elapsed - LOCK_WAIT_S - FALLBACK_RESERVE_S
    return max(MIN_ASSISTANT_S, min(configured, left))


def assistant_deadline(configured: float, *, started: float, now: float | None = None) -> float:
    """When the assistant's answer must be in (time.monotonic()): `configured` seconds after the webhook
    was called (a wait for a place in the assistant's queue counts against it), within the reply budget,
    and never less than MIN_ASSISTANT_S from now."""
    now = time.monotonic() if now is None else now
    return now + assistant_seconds(configured - (now - started), started=started, now=now)


def _limit_connection(connection: Connection, seconds: float) -> None:
    """This transaction's statements wait at most `seconds` for a lock (and, on PostgreSQL, run at
    most that long)."""
    milliseconds = max(1, int(seconds * 1000))
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # Per connection, not per transaction: the usual value is saved for the pool to restore
        # (directory/db.py) when the connection goes back.
        if SAVED_BUSY_TIMEOUT not in connection.info:
            connection.info[SAVED_BUSY_TIMEOUT] = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds}")
    elif dialect == "postgresql":
        # SET LOCAL ends with the transaction: nothing to restore.
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")


@contextmanager
def short_lock_waits(session: Session, seconds: float = LOCK_WAIT_S) -> Iterator[None]:
    """Every transaction `session` begins in this block waits at most `seconds` for a lock. The engine
    is shared with the rest of the app, whose waits stay as they are."""

    def limit(_session: Session, _transaction: Any, connection: Connection) -> None:
        _limit_connection(connection, seconds)

    event.listen(session, "after_begin", limit)
    try:
        yield
    finally:
        event.remove(session, "after_begin", limit)
