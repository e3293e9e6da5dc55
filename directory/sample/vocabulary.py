"""Fixed vocabularies and id rules shared by the sample generator, its loader and their tests.

Kept apart from both so the loader never has to import the (large) generator tables.
"""

from __future__ import annotations

import uuid
from datetime import date

# Never change these two: every sample id, and the "last checked" dates, are derived from them.
SAMPLE_NAMESPACE = uuid.UUID("0c5e6a37-8f0d-5b4e-9a61-3d2f7b1c4e58")
REFERENCE_DATE = date(2026, 11, 1)

NEIGHBOURHOOD_SLUGS: tuple[str, ...] = (
    "bramhall-cheadle-hulme",
    "cheadle",
    "hazel-grove-high-lane-marple",
    "heatons",
    "tame-valley",
    "victoria",
    "werneth",
    "stockport-central",
)

# Codes search filters on; the descriptions are what a resident reads.
ACCESSIBILITY: dict[str, str] = {
    "wheelchair-access": "Wheelchair accessible entrance and meeting rooms",
    "accessible-toilet": "Accessible toilet on site",
    "hearing-loop": "Hearing loop fitted in the main room",
    "step-free": "Step-free access from the street",
    "bsl": "British Sign Language interpreter available if you ask in advance",
    "large-print": "Leaflets and forms available in large print",
    "quiet-space": "A quiet room you can use if it gets too busy",
    "parking": "Free parking on site or close by",
}

LANGUAGES: dict[str, str] = {
    "en": "English",
    "pl": "Polish",
    "ur": "Urdu",
    "ar": "Arabic",
    "bn": "Bengali",
    "pa": "Punjabi",
    "ro": "Romanian",
    "ku": "Kurdish",
    "fa": "Persian",
    "zh": "Chinese",
}

SCOPES: tuple[str, ...] = ("local", "borough", "national")


def sample_id(*parts: str) -> str:
    """A stable UUID for a sample record, so regenerating or reloading never changes ids or links."""
    return str(uuid.uuid5(SAMPLE_NAMESPACE, "/".join(parts)))
