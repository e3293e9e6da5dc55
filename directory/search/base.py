"""The search interface: what pages, the API and the bot ask for, independent of the engine.

Whoosh implements it today; another engine (PostgreSQL full text, OpenSearch) can replace it by
implementing `SearchBackend` without touching callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class BackendQuery:
    """A query already understood: corrected words, needs detected in the text, and hard filters."""

    words: tuple[str, ...] = ()
    boost_needs: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # filter: any of these
    neighbourhood: str | None = None  # filter: serves this neighbourhood (borough/national do)
    scopes: tuple[str, ...] = ()  # filter: any of these ("local", "borough", "national")
    prefer_neighbourhood: str | None = None  # ranking only
    near: Point | None = None  # ranking only
    open_at: datetime | None = None
    weekday: int | None = None
    free_only: bool = False
    age: int | None = None
    languages: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    offset: int = 0
    limit: int = 10
    count_reach: bool = False  # also count the matches by where they serve (`BackendResult.reach`)


@dataclass
class BackendHit:
    service_id: str
    score: float
    distance_m: float | None = None
    serves_neighbourhood: bool | None = None
    stored: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reach:
    """Of every match: how many serve the neighbourhood asked about (or, with none, any one
    neighbourhood), how many serve the whole borough, how many are national."""

    local: int = 0
    borough: int = 0
    national: int = 0


@dataclass
class BackendResult:
    hits: list[BackendHit]
    total: int
    reach: Reach | None = None


class SearchBackend(Protocol):
    def search(self, query: BackendQuery) -> BackendResult: ...

    def known_word(self, word: str) -> bool:
        """Whether the index contains `word`, so the query layer knows when to try a correction."""
        ...

    def suggest(self, word: str) -> str | None: ...

    def apply(self, upserts: Iterable[dict[str, Any]], deletes: Iterable[str]) -> None:
        """Write documents; callers guarantee a single writer (see `IndexUpdater`)."""
        ...

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int: ...

    def document_ids(self) -> set[str]: ...

    def healthy(self) -> bool: ...
