#!/usr/bin/env python3
"""Delete stored conversations older than the retention period (scaled deployment only).

The redacting SQL tracker store (stores/redacting.py) keeps no message text, but a conversation's
intents, places and needs are still about a person: we keep them only as long as a conversation can
usefully continue. Run daily (cron or a scheduled container); safe to run repeatedly.

    DB_URL=postgresql://user:pass@host/db .venv/bin/python scripts/purge_trackers.py --days 1
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import sqlalchemy as sa


def purge(url: str, days: float, now: float | None = None) -> int:
    """Delete every event of each conversation whose latest event is older than `days`; return rows."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return 0
            stale = sa.text(
                "DELETE FROM events WHERE sender_id IN ("
                " SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"
            )
            return connection.execute(stale, {"cutoff": cutoff}).rowcount or 0
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("DB_URL"), help="SQLAlchemy URL of the tracker store")
    parser.add_argument("--days", type=float, default=float(os.environ.get("TRACKER_RETENTION_DAYS", "1")))
    args = parser.parse_args()
    if not args.url:
        parser.error("give --url or set DB_URL")
    print(f"deleted {purge(args.url, args.days)} events older than {args.days} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
