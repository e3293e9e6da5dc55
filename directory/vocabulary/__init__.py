"""The fixed word lists the directory stores and filters on, read once from data files.

Accessibility codes and the offered languages are in `vocabulary.json` here; neighbourhood slugs come
from the gazetteer's data (`directory/places/data/stockport.json`) and need slugs from the need
vocabulary (`directory.needs`), so each list is written down in exactly one file. Runtime code, the
sample generator and importers all read them from here rather than keeping copies.
"""

from __future__ import annotations

import json
from importlib import resources
from types import MappingProxyType
from typing import Any


def _read(package: str, name: str) -> dict[str, Any]:
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


_DATA = _read(__package__, "vocabulary.json")

# Codes search filters on -> the description a resident reads.
ACCESSIBILITY: MappingProxyType[str, str] = MappingProxyType(_DATA["accessibility"])
# The languages the edit form offers first: ISO 639-1 code -> English name.
LANGUAGES: MappingProxyType[str, str] = MappingProxyType(_DATA["languages"])
# Stockport's neighbourhoods, in the gazetteer's order.
NEIGHBOURHOOD_SLUGS: tuple[str, ...] = tuple(
    hood["slug"] for hood in _read("directory.places", "data/stockport.json")["neighbourhoods"]
)

__all__ = ["ACCESSIBILITY", "LANGUAGES", "NEIGHBOURHOOD_SLUGS"]
