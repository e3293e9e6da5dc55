"""Map other directories' taxonomy terms to our need slugs, from editable data (`data/taxonomy_map.json`).

Imported services keep their own terms; when a term maps to a need, the service also gets our need
attribute, so it shows up under that need in search and in the assistant.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..models import NEEDS_TAXONOMY_NAME
from ..needs import NEED_SLUGS

DEFAULT_PATH = Path(__file__).with_name("data") / "taxonomy_map.json"
_NOT_WORD = re.compile(r"[^\w' -]+")
_SPACE = re.compile(r"\s+")


class TaxonomyMapError(ValueError):
    """The mapping file names a need we do not have or is not shaped as documented."""


def match_key(text: str) -> str:
    """Case, accents' composition, punctuation and '&' versus 'and' do not matter when matching."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ").replace("’", "'")
    text = _NOT_WORD.sub(" ", text).replace("-", " ")
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class NeedMapper:
    """Term code or name -> need slugs."""

    codes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    phrases: tuple[tuple[re.Pattern[str], str], ...] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> NeedMapper:
        codes: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        phrases: list[tuple[re.Pattern[str], str]] = []
        needs = data.get("needs")
        if not isinstance(needs, dict):
            raise TaxonomyMapError("the taxonomy map needs a 'needs' object keyed by need slug")
        for slug, entry in needs.items():
            if slug not in NEED_SLUGS:
                raise TaxonomyMapError(f"the taxonomy map names an unknown need {slug!r}")
            for code in entry.get("codes", []):
                codes.setdefault(str(code).strip().casefold(), set()).add(slug)
            for name in entry.get("names", []):
                names.setdefault(match_key(str(name)), set()).add(slug)
            for phrase in entry.get("phrases", []):
                key = match_key(str(phrase))
                if key:
                    phrases.append((re.compile(rf"(?<!\w){re.escape(key)}(?!\w)"), slug))
        return cls(
            codes={k: frozenset(v) for k, v in codes.items()},
            names={k: frozenset(v) for k, v in names.items()},
            phrases=tuple(phrases),
        )

    @classmethod
    def from_file(cls, path: Path) -> NeedMapper:
        with path.open(encoding="utf-8") as handle:
            return cls.from_data(json.load(handle))

    def needs_for(self, *, name: str | None, code: str | None, taxonomy_name: str | None) -> frozenset[str]:
        """The need slugs a term stands for (empty when it maps to none)."""
        if taxonomy_name == NEEDS_TAXONOMY_NAME and code in NEED_SLUGS:
            return frozenset({code})
        found: set[str] = set()
        if code:
            found |= self.codes.get(code.strip().casefold(), frozenset())
        if name:
            key = match_key(name)
            found |= self.names.get(key, frozenset())
            if not found:
                found |= {slug for pattern, slug in self.phrases if pattern.search(key)}
        return frozenset(found)


@cache
def default_mapper() -> NeedMapper:
    """The shipped mapping, read on first use (never at import)."""
    return NeedMapper.from_file(DEFAULT_PATH)
