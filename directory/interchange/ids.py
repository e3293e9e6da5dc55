"""Stable record ids for imported data, so that importing the same feed again updates rather than copies.

A feed's UUIDs are kept (in canonical lower-case form). Any other id (ORUK asks for UUIDs; many feeds
use numbers or codes) becomes a name-based UUID5 of the source and the id, so it is the same on every
import of that source and cannot collide with another source's "1". Child rows without an id get one
derived from their parent and position.
"""

from __future__ import annotations

import uuid

# Never change: every derived id in every installation depends on it.
INTERCHANGE_NAMESPACE = uuid.UUID("5f0c1d7e-2b8a-5c43-9e61-7a4d3c2b1f09")


def canonical_uuid(value: str) -> str | None:
    """The canonical form of a UUID string, or None when `value` is not one."""
    text = value.strip()
    if len(text) not in (32, 36, 38, 45):  # plain hex, hyphenated, {braced}, urn:uuid:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def stable_id(source: str, raw: str) -> str:
    """Our id for a feed id: the UUID itself, or UUID5(namespace, "source:id")."""
    return canonical_uuid(raw) or str(uuid.uuid5(INTERCHANGE_NAMESPACE, f"{source}:{raw.strip()}"))


def derived_id(*parts: str) -> str:
    """An id for a row the feed did not identify, from its parent's id and its place."""
    return str(uuid.uuid5(INTERCHANGE_NAMESPACE, "/".join(parts)))
