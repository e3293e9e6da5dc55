"""Load ONSPD rows into the `postcode` table, all or nothing (the caller owns the transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from ..models import Postcode
from .onspd import iter_onspd_rows

BATCH = 2000


def import_onspd(
    session: Session,
    handle: IO[str],
    *,
    local_authorities: Iterable[str] = ("E08000007",),
    prefixes: Iterable[str] = ("SK",),
) -> int:
    """Insert or replace exact postcode points; returns the number imported."""
    count = 0
    batch: list[dict[str, object]] = []

    def flush() -> None:
        session.execute(delete(Postcode).where(Postcode.postcode.in_([row["postcode"] for row in batch])))
        session.execute(insert(Postcode), batch)
        batch.clear()

    for row in iter_onspd_rows(handle, local_authorities=tuple(local_authorities), prefixes=tuple(prefixes)):
        batch.append(
            {
                "postcode": row.postcode,
                "latitude": row.lat,
                "longitude": row.lon,
                "sector": row.sector,
                "district": row.district,
                "local_authority": row.local_authority,
            }
        )
        count += 1
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return count
