"""UK postcode parsing: canonical forms for full postcodes, sectors and districts.

People type postcodes in every shape ("sk41aa", " Sk4  1aa ", "near sk5 6 please"), so everything here
is a pure function that either returns the canonical form or None; nothing raises on odd input. The
format rules are the standard ones for UK postcodes (outward code A9, A99, A9A, AA9, AA99 or AA9A with the
letters each position may hold, inward code 9AA without C, I, K, M, O or V), plus the special GIR 0AA.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import takewhile
from typing import Literal

PostcodeKind = Literal["full", "sector", "district"]

# Longest input that can still be a single postcode once surrounding spaces are allowed for.
_MAX_POSTCODE_INPUT = 32
# Free text is only scanned this far, so a huge message cannot make extraction slow.
MAX_TEXT_SCAN = 2_000

_OUTWARD = r"[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_GIR_FULL = "GIR 0AA"

_OUTWARD_RE = re.compile(_OUTWARD, re.ASCII)
_INWARD_RE = re.compile(_INWARD, re.ASCII)
_SECTOR_RE = re.compile(rf"({_OUTWARD}) ([0-9])", re.ASCII)
_IN_TEXT_RE = re.compile(
    rf"""(?<![A-Z0-9])
    (?:
        (?P<gir>GIR[ \t]*0AA)
      | (?P<out>{_OUTWARD})
        (?:[ \t]*(?P<inward>{_INWARD}) | [ \t]+(?P<sector>[0-9]))?
    )
    (?![A-Z0-9])""",
    re.ASCII | re.IGNORECASE | re.VERBOSE,
)
_KIND_ORDER: dict[str, int] = {"full": 0, "sector": 1, "district": 2}


@dataclass(frozen=True)
class PostcodeQuery:
    """A postcode at some precision: a full postcode, a sector ("SK4 1") or a district ("SK4")."""

    kind: PostcodeKind
    value: str

    @property
    def district(self) -> str:
        """The outward code, e.g. "SK4" for "SK4 1AA"."""
        return self.value.split(" ", 1)[0]

    @property
    def sector(self) -> str | None:
        """The sector, e.g. "SK4 1" for "SK4 1AA"; None for a bare district."""
        if self.kind == "district":
            return None
        return self.value[: self.value.index(" ") + 2]

    @property
    def area(self) -> str:
        """The leading letters, e.g. "SK"; used to tell nearby areas from far-away ones."""
        return "".join(takewhile(str.isalpha, self.value))


def _squash(text: str) -> str | None:
    """Upper-case text with runs of whitespace collapsed; None when it is too long to be a postcode."""
    if not isinstance(text, str) or len(text) > _MAX_POSTCODE_INPUT:
        return None
    squashed = " ".join(text.split()).upper()
    return squashed or None


def _full_from_compact(compact: str) -> str | None:
    if compact == "GIR0AA":
        return _GIR_FULL
    if not 5 <= len(compact) <= 7:
        return None
    outward, inward = compact[:-3], compact[-3:]
    if _OUTWARD_RE.fullmatch(outward) and _INWARD_RE.fullmatch(inward):
        return f"{outward} {inward}"
    return None


def normalise_postcode(text: str) -> str | None:
    """Canonical "SK4 1AA" form of a full postcode in any case or spacing; None if it is not one."""
    squashed = _squash(text)
    if squashed is None:
        return None
    return _full_from_compact(squashed.replace(" ", ""))


def parse_postcode(text: str) -> PostcodeQuery | None:
    """Read a full postcode, a sector or a district typed on its own; None for anything else.

    A sector needs its space ("SK4 1"): without it "SK41" reads as a district, as the format allows.
    """
    squashed = _squash(text)
    if squashed is None:
        return None
    full = _full_from_compact(squashed.replace(" ", ""))
    if full is not None:
        return PostcodeQuery("full", full)
    sector = _SECTOR_RE.fullmatch(squashed)
    if sector is not None:
        return PostcodeQuery("sector", f"{sector.group(1)} {sector.group(2)}")
    if _OUTWARD_RE.fullmatch(squashed):
        return PostcodeQuery("district", squashed)
    return None


def iter_postcodes_in_text(text: str) -> Iterator[tuple[int, PostcodeQuery]]:
    """Every postcode-like token in the first MAX_TEXT_SCAN characters, with its offset, in order.

    Each token is read as precisely as it allows (full, then sector, then district). A district must be
    letters followed by a digit, so ordinary words ("skint", "help") never match.
    """
    if not isinstance(text, str):
        return
    for match in _IN_TEXT_RE.finditer(text[:MAX_TEXT_SCAN]):
        if match.group("gir"):
            yield match.start(), PostcodeQuery("full", _GIR_FULL)
            continue
        outward = match.group("out").upper()
        if match.group("inward"):
            yield match.start(), PostcodeQuery("full", f"{outward} {match.group('inward').upper()}")
        elif match.group("sector"):
            yield match.start(), PostcodeQuery("sector", f"{outward} {match.group('sector')}")
        else:
            yield match.start(), PostcodeQuery("district", outward)


def extract_postcode(text: str) -> PostcodeQuery | None:
    """The most precise postcode mentioned in free text (full beats sector beats district, then earliest).

    Messages like "food bank near sk5 6 please" mention a postcode in passing; a full postcode later in the
    message is a better answer than a district mentioned earlier.
    """
    best: tuple[int, int, PostcodeQuery] | None = None
    for offset, query in iter_postcodes_in_text(text):
        rank = (_KIND_ORDER[query.kind], offset)
        if best is None or rank < best[:2]:
            best = (*rank, query)
        if query.kind == "full":
            break
    return best[2] if best else None
