"""Make ORM rows match wanted values while touching nothing that is already right.

Only differing attributes are set, so an unchanged record is not marked dirty: it queues no search
change, keeps its `last_modified`, and is counted as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from .records import Row

T = TypeVar("T")


def same_value(current: Any, wanted: Any) -> bool:
    """Equality that ignores representation: naive vs aware UTC datetimes, Decimal vs float."""
    if isinstance(current, datetime) and isinstance(wanted, datetime):
        return _utc(current) == _utc(wanted)
    if isinstance(current, Decimal | float | int) and isinstance(wanted, Decimal | float | int):
        if isinstance(current, bool) or isinstance(wanted, bool):
            return current is wanted
        return Decimal(str(current)) == Decimal(str(wanted))
    return current == wanted


def _utc(value: datetime) -> datetime:
    # SQLite gives back naive datetimes for timezone-aware columns; we only ever store UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def assign(obj: object, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for key, value in values.items():
        if not same_value(getattr(obj, key), value):
            setattr(obj, key, value)
            changed = True
    return changed


def sync_rows(
    current: list[T],
    wanted: Iterable[Row],
    factory: Callable[..., T],
    strays: Mapping[str, T] | None = None,
) -> tuple[list[T], bool, bool]:
    """Children in wanted order: existing rows (by id) updated, others created or taken over.

    Returns (children, any_change, membership_changed); rows not wanted drop out and are deleted by
    the relationship's delete-orphan cascade when the caller assigns the new list.
    """
    by_id: dict[str, T] = {getattr(child, "id"): child for child in current}  # noqa: B009
    result: list[T] = []
    changed = False
    seen: set[str] = set()
    for row in wanted:
        if row.id in seen:
            continue
        seen.add(row.id)
        child = by_id.get(row.id)
        if child is None and strays is not None:
            child = strays.get(row.id)  # the same id under another parent: move it here
        if child is None:
            child = factory(id=row.id, **row.values)
            changed = True
        else:
            changed |= assign(child, row.values)
        result.append(child)
    membership = len(result) != len(current) or {id(c) for c in result} != {id(c) for c in current}
    return result, changed or membership, membership
