"""Read the ONS Postcode Directory (ONSPD) CSV into exact postcode points for a real deployment.

The full ONSPD is about 2.7 million rows and over a gigabyte, so rows are streamed one at a time and only
the ones we can use are kept. Storing them is someone else's job (see the database code); this module only
reads and filters.

Which rows are kept: a live postcode with a location whose local authority is one of `local_authorities`
(Stockport is E08000007) OR whose postcode starts with one of `prefixes` ("SK"). The local-authority
test catches any Stockport address outside the SK area; the prefix test keeps the SK postcodes just over
the border (Wilmslow, Poynton, Hyde...) so they get an exact point too and can be answered "outside
Stockport" with confidence instead of a guess.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from directory.places.postcodes import normalise_postcode

logger = logging.getLogger(__name__)

STOCKPORT_LOCAL_AUTHORITY = "E08000007"
# ONSPD marks postcodes with no grid reference with latitude 99.999999 (and longitude 0).
_NO_LOCATION_LAT = 99.999999
_POSTCODE_COLUMNS = ("pcds", "pcd")  # pcds is the tidy one-space form; pcd is the fixed-width form
# Older files call the local authority "oslaua"; some newer ones use a dated "ladYYcd" instead.
_LOCAL_AUTHORITY_COLUMN = "oslaua"
_DATED_LOCAL_AUTHORITY_RE = re.compile(r"lad\d{2}cd")


class OnspdFormatError(ValueError):
    """The file is not an ONSPD CSV we can read (e.g. a required column is missing)."""


@dataclass(frozen=True)
class OnspdRow:
    """One live postcode with its point, ready to store."""

    postcode: str  # canonical, e.g. "SK4 1AA"
    lat: float
    lon: float
    sector: str  # "SK4 1"
    district: str  # "SK4"
    local_authority: str  # e.g. "E08000007"


@dataclass(frozen=True)
class _Columns:
    postcode: int
    lat: int
    lon: int
    terminated: int
    local_authority: int


def _text_lines(fileobj: IO[Any] | Iterable[Any]) -> Iterator[str]:
    """Lines as text whether the file was opened in text or binary mode; a UTF-8 BOM is dropped."""
    if isinstance(fileobj, io.TextIOBase):
        yield from fileobj
        return
    if isinstance(fileobj, io.BufferedIOBase | io.RawIOBase) or "b" in getattr(fileobj, "mode", ""):
        yield from codecs.iterdecode(fileobj, "utf-8-sig")
        return
    yield from fileobj


def _find_columns(header: list[str]) -> _Columns:
    names: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.replace("\ufeff", "").strip().lower()
        names.setdefault(name, index)
    postcode = next((names[name] for name in _POSTCODE_COLUMNS if name in names), None)
    local_authority = names.get(_LOCAL_AUTHORITY_COLUMN)
    if local_authority is None:
        dated = sorted(name for name in names if _DATED_LOCAL_AUTHORITY_RE.fullmatch(name))
        local_authority = names[dated[-1]] if dated else None
    found = (
        ("pcds (or pcd)", postcode),
        ("lat", names.get("lat")),
        ("long", names.get("long")),
        ("doterm", names.get("doterm")),
        ("oslaua", local_authority),
    )
    missing = [label for label, index in found if index is None]
    if missing:
        raise OnspdFormatError(
            f"ONSPD file has no {', '.join(missing)} column (header starts {header[:8]!r})"
        )
    return _Columns(*[index for _, index in found if index is not None])


def iter_onspd_rows(
    fileobj: IO[Any] | Iterable[Any],
    *,
    local_authorities: Iterable[str] = (STOCKPORT_LOCAL_AUTHORITY,),
    prefixes: Iterable[str] = ("SK",),
) -> Iterator[OnspdRow]:
    """Stream the live, located postcodes we serve from an ONSPD CSV (text or binary file, any header case).

    The header is checked straight away, so a wrong file raises OnspdFormatError here rather than on the
    first next(). Terminated postcodes (doterm set) and ones without a location are skipped.
    """
    reader = csv.reader(_text_lines(fileobj))
    header = next(reader, None)
    if not header:
        raise OnspdFormatError("ONSPD file is empty: expected a header row")
    columns = _find_columns(header)
    authorities = frozenset(code.strip().upper() for code in local_authorities)
    wanted_prefixes = tuple(prefix.strip().upper() for prefix in prefixes if prefix.strip())
    return _rows(reader, columns, authorities, wanted_prefixes)


def _rows(
    reader: Iterator[list[str]], columns: _Columns, authorities: frozenset[str], prefixes: tuple[str, ...]
) -> Iterator[OnspdRow]:
    kept = terminated = unlocated = malformed = 0
    width = max(columns.postcode, columns.lat, columns.lon, columns.terminated, columns.local_authority) + 1
    for row in reader:
        if len(row) < width:
            if any(cell.strip() for cell in row):
                malformed += 1
            continue
        postcode = normalise_postcode(row[columns.postcode])
        if postcode is None:
            malformed += 1
            continue
        authority = row[columns.local_authority].strip().upper()
        if authority not in authorities and not postcode.startswith(prefixes):
            continue
        if row[columns.terminated].strip():
            terminated += 1
            continue
        try:
            lat, lon = float(row[columns.lat]), float(row[columns.lon])
        except ValueError:
            malformed += 1
            continue
        if (
            not (math.isfinite(lat) and math.isfinite(lon))
            or abs(lat - _NO_LOCATION_LAT) < 1e-6
            or not (-90 <= lat <= 90 and -180 <= lon <= 180)
        ):
            unlocated += 1
            continue
        district, inward = postcode.split(" ")
        kept += 1
        yield OnspdRow(postcode, lat, lon, f"{district} {inward[0]}", district, authority)
    logger.info(
        "ONSPD read: kept %s postcodes; skipped %s terminated, %s without a location, %s malformed",
        kept,
        terminated,
        unlocated,
        malformed,
    )
