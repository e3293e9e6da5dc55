"""Directory search: one service for pages, API and bot, behind an engine-neutral interface."""

from .base import BackendHit, BackendQuery, Point, SearchBackend
from .provider import SearchProvider, search_provider
from .service import DirectorySearch, InvalidSearch, SearchPage, SearchRequest

__all__ = [
    "BackendHit",
    "BackendQuery",
    "DirectorySearch",
    "InvalidSearch",
    "Point",
    "SearchBackend",
    "SearchPage",
    "SearchProvider",
    "SearchRequest",
    "search_provider",
]
