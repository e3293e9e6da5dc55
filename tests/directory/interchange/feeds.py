"""Small ORUK records built in tests, so each test shows only the fields it is about."""

from __future__ import annotations

import uuid
from typing import Any

ORG_ID = "0f8e6a1c-55b2-4c3d-9e7f-1a2b3c4d5e6f"


def service_id(n: int) -> str:
    """A fixed UUID per number, so tests can find records they made."""
    return str(uuid.UUID(int=0xA0000000_0000_4000_8000_000000000000 + n))


def service(n: int = 1, **fields: Any) -> dict[str, Any]:
    """A valid ORUK 3.0 service record; keyword arguments replace or add fields."""
    record: dict[str, Any] = {
        "id": service_id(n),
        "name": f"Interchange test service {n}",
        "description": f"<p>Help number {n}.</p>",
        "status": "active",
        "organization": {"id": ORG_ID, "name": "Interchange Test Trust", "description": "Made by a test."},
    }
    record.update(fields)
    return record


def page(records: list[dict[str, Any]]) -> dict[str, Any]:
    """An ORUK page wrapper around `records`."""
    return {
        "total_items": len(records),
        "total_pages": 1,
        "page_number": 1,
        "size": len(records),
        "first_page": True,
        "last_page": True,
        "empty": not records,
        "contents": records,
    }
