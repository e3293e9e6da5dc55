"""The one search service used by public pages, the API and the assistant."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..models.service import ServiceScope
from ..needs import NEED_SLUGS
from ..needs.vocabulary import words_of
from ..places import Gazetteer, Resolution
from .base import BackendHit, BackendQuery, Point, Reach
from .understanding import STOP_WORDS, QueryAnalysis, analyse
from .whoosh_backend import IndexUnavailable, WhooshBackend

log = logging.getLogger(__name__)

MAX_PER_PAGE = 50
MAX_PAGE = 1000
SCOPES = frozenset(scope.value for scope in ServiceScope)


class InvalidSearch(ValueError):
    """A filter value that cannot be honoured; the message is safe to show to the user."""


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    needs: tuple[str, ...] = ()
    neighbourhood: str | None = None  # filter: only services serving this neighbourhood
    scopes: tuple[str, ...] = ()  # filter: only services of these scopes (local, borough, national)
    place: str | None = None  # postcode or place name: ranking by neighbourhood and distance
    open_now: bool = False
    weekday: int | None = None  # 0 = Monday
    free_only: bool = False
    age: int | None = None
    languages: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    page: int = 1
    per_page: int = 10
    now: datetime | None = None
    count_reach: bool = False  # count every match by where it serves (for demand insight)

    def validate(self) -> None:
        unknown = [n for n in self.needs if n not in NEED_SLUGS]
        if unknown:
            raise InvalidSearch(f"unknown need: {', '.join(unknown)}")
        unknown_scopes = [s for s in self.scopes if s not in SCOPES]
        if unknown_scopes:
            raise InvalidSearch(f"unknown scope: {', '.join(unknown_scopes)}")
        if self.page < 1 or self.page > MAX_PAGE:
            raise InvalidSearch(f"page must be between 1 and {MAX_PAGE}")
        if self.per_page < 1 or self.per_page > MAX_PER_PAGE:
            raise InvalidSearch(f"per_page must be between 1 and {MAX_PER_PAGE}")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise InvalidSearch("day must be Monday to Sunday")
        if self.age is not None and not 0 <= self.age <= 130:
            raise InvalidSearch("age must be between 0 and 130")


@dataclass
class SearchPage:
    hits: list[BackendHit]
    total: int
    page: int
    per_page: int
    place: Resolution | None = None
    needs_detected: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    reach: Reach | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def ids(self) -> list[str]:
        return [hit.service_id for hit in self.hits]


class DirectorySearch:
    """Understands the request, asks the backend, and recovers the index if it has gone missing."""

    def __init__(
        self,
        backend: WhooshBackend,
        *,
        rebuild: Callable[[], None],
        gazetteer: Gazetteer | None = None,
        exact_postcode: Callable[[str], tuple[float, float] | None] | None = None,
    ) -> None:
        self.backend = backend
        self._rebuild = rebuild
        self._gazetteer = gazetteer
        self._exact_postcode = exact_postcode

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def resolve_place(self, place: str) -> Resolution | None:
        return self.gazetteer.resolve(place, exact_lookup=self._exact_postcode)

    def search(self, request: SearchRequest) -> SearchPage:
        request.validate()
        try:
            return self._search(request)
        except IndexUnavailable:
            log.warning("search index unavailable; rebuilding from the database")
            self._rebuild()
            return self._search(request)

    def _search(self, request: SearchRequest) -> SearchPage:
        query, place, analysis = self._understand(request)
        result = self.backend.search(query)
        return SearchPage(
            hits=result.hits,
            total=result.total,
            page=request.page,
            per_page=request.per_page,
            place=place,
            needs_detected=list(query.boost_needs),
            corrections=analysis.corrections,
            reach=result.reach,
        )

    def text_page(self, text: str, *, offset: int, limit: int) -> tuple[list[str], int]:
        """One page of ids for `text` and the total, letting the engine stop early (no other filters)."""
        request = SearchRequest(text=text)
        try:
            query, _place, _analysis = self._understand(request)
        except IndexUnavailable:
            self._rebuild()
            query, _place, _analysis = self._understand(request)
        result = self.backend.search(replace(query, offset=offset, limit=limit))
        return [hit.service_id for hit in result.hits], result.total

    def ranked_ids(self, text: str, *, limit: int = 5000) -> list[str]:
        """Every matching service id, best first (up to `limit`), for callers that filter further."""
        request = SearchRequest(text=text)
        try:
            query, _place, _analysis = self._understand(request)
        except IndexUnavailable:
            self._rebuild()
            query, _place, _analysis = self._understand(request)
        return self.backend.match_ids(replace(query, offset=0, limit=limit), limit)

    def _understand(self, request: SearchRequest) -> tuple[BackendQuery, Resolution | None, QueryAnalysis]:
        place = self.resolve_place(request.place) if request.place else None
        exclude: frozenset[str] = frozenset()
        if place is None and request.text:
            found = self.gazetteer.find_in_text(request.text)
            if found is not None:
                place = found
                exclude = frozenset(words_of(found.query))
        analysis = analyse(
            request.text,
            known_word=self.backend.known_word,
            suggest=self.backend.suggest,
            stop_words=STOP_WORDS,
            exclude=exclude,
        )
        boost = tuple(sorted(analysis.needs, key=lambda s: -analysis.needs[s]))
        near = Point(place.lat, place.lon) if place and place.in_area and place.lat is not None else None
        when = request.now or datetime.now().astimezone()
        query = BackendQuery(
            words=tuple(analysis.words),
            boost_needs=boost,
            needs=request.needs,
            neighbourhood=request.neighbourhood,
            scopes=request.scopes,
            prefer_neighbourhood=place.neighbourhood if place and place.in_area else None,
            near=near,
            open_at=when if request.open_now else None,
            weekday=request.weekday,
            free_only=request.free_only,
            age=request.age,
            languages=request.languages,
            accessibility=request.accessibility,
            offset=(request.page - 1) * request.per_page,
            limit=request.per_page,
            count_reach=request.count_reach,
        )
        return query, place, analysis
