"""The sample's id rule and reference day, shared by the generator and the sample's tests.

Never change these two: every sample id, and the dates in the committed package, are derived from them.
The dates are moved to the day the sample is loaded (see `directory.interchange.sample`), so the
reference day only fixes what the file says, never how old listings look.
"""

from __future__ import annotations

import uuid
from datetime import date

SAMPLE_NAMESPACE = uuid.UUID("0c5e6a37-8f0d-5b4e-9a61-3d2f7b1c4e58")
REFERENCE_DATE = date(2026, 11, 1)


def sample_id(*parts: str) -> str:
    """A stable UUID for a sample record, so regenerating or reloading never changes ids or links."""
    return str(uuid.uuid5(SAMPLE_NAMESPACE, "/".join(parts)))
