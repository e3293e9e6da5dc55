"""HTTP client for the Around Here directory API (the bot never imports the app's code).

Created lazily on first use (`directory()`), with short timeouts. Every failure to get an answer
(connection refused, timeout, 5xx, unreadable JSON) is a `DirectoryUnavailable`, which the actions turn
into an honest "I can't reach the directory right now" with the council's contact route.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp

from .config import settings
from .demand import HEADER as DEMAND_HEADER
from .demand import header_value

logger = logging.getLogger(__name__)


class DirectoryError(Exception):
    """Base class for directory problems."""


class DirectoryUnavailable(DirectoryError):
    """The directory could not be reached or answered with a server error."""


class DirectoryBadRequest(DirectoryError):
    """The directory refused the parameters (HTTP 400): a bug or unexpected input on our side."""


class DirectoryClient:
    def __init__(self, base_url: str, timeout_seconds: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds, connect=min(2.0, timeout_seconds))
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # aiohttp sessions belong to one event loop; make a new one when the loop changes
            self._session = aiohttp.ClientSession(
                timeout=self.timeout, headers={"User-Agent": "around-here-bot/1.0"}
            )
            self._loop = loop
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def _get(
        self, path: str, params: dict[str, Any] | None = None, demand: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        clean = {k: str(v) for k, v in (params or {}).items() if v not in (None, "")}
        url = f"{self.base_url}{path}"
        # only a resident's own request is marked (actions/demand.py): the directory counts it
        marked = header_value(demand or {})
        headers = {DEMAND_HEADER: marked} if marked else None
        try:
            async with self._client().get(url, params=clean, headers=headers) as response:
                status = response.status
                try:
                    body = await response.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    body = None
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
            logger.warning("directory unreachable: GET %s: %r", url, exc)
            raise DirectoryUnavailable(str(exc) or exc.__class__.__name__) from exc
        if status >= 500 or (body is None and status != 404):
            logger.warning("directory error: GET %s -> %s", url, status)
            raise DirectoryUnavailable(f"HTTP {status}")
        return status, body

    async def search(
        self,
        *,
        need: str | None = None,
        q: str | None = None,
        place: str | None = None,
        scope: str | None = None,
        page: int = 1,
        per_page: int | None = None,
        demand: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """One page of results; `demand` (actions/demand.py) marks a resident's own search."""
        params = {"need": need, "q": q, "place": place, "page": page, "per_page": per_page or settings().per_page}
        status, body = await self._get("/search", {**params, "scope": scope}, demand)
        if status == 400:
            raise DirectoryBadRequest((body or {}).get("message", "bad request"))
        if status != 200:
            raise DirectoryUnavailable(f"HTTP {status}")
        return body

    async def resolve_place(self, text: str) -> dict[str, Any] | None:
        """The place, or None when the directory does not know it (404)."""
        status, body = await self._get("/places/resolve", {"q": text})
        if status == 404 or status == 400:
            return None
        if status != 200:
            raise DirectoryUnavailable(f"HTTP {status}")
        return body

    async def needs(self) -> list[dict[str, Any]]:
        status, body = await self._get("/needs")
        if status != 200:
            raise DirectoryUnavailable(f"HTTP {status}")
        return body.get("needs", [])

    async def service(
        self, service_id: str, *, demand: dict[str, str] | None = None
    ) -> dict[str, Any] | None:
        """The ORUK 3.0 service record, or None if there is no such service; `demand` marks a resident
        opening a result's details."""
        status, body = await self._get(f"/oruk/services/{service_id}", demand=demand)
        if status in (404, 400):
            return None
        if status != 200:
            raise DirectoryUnavailable(f"HTTP {status}")
        return body


_client: DirectoryClient | None = None
_client_config: tuple[str, float] | None = None


def directory() -> DirectoryClient:
    """The shared client, created on first use (and again if the settings change, as in tests)."""
    global _client, _client_config
    s = settings()
    config = (s.directory_api_url, s.timeout_seconds)
    if _client is None or _client_config != config:
        _client = DirectoryClient(*config)
        _client_config = config
    return _client
