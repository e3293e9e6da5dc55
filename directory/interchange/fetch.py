"""Download a live ORUK 3.0 API's services into a local file, page by page, before anything is imported.

`GET {base}/services?page=N&per_page=M` lists services; each is then fetched whole from
`GET {base}/services/{id}`. Records are written to a temporary JSON list as they arrive, so memory
holds one page at a time and validation can read the whole feed before a single row is written.
"""

from __future__ import annotations

import codecs
import json
import logging
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit

from .jsonfeed import FeedItem, JsonFeed
from .normalise import Ownership
from .report import FeedError, Problem

log = logging.getLogger(__name__)

FETCH_ERROR_KEY = "x_around_here_fetch_error"
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_PER_PAGE = 100
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 100_000
USER_AGENT = "AroundHere-import/1 (+ORUK 3.0)"


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


def get_json(url: str, *, timeout: float) -> Any:
    """One GET, parsed as JSON; every failure becomes a FeedError that names the address."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FeedError(f"GET {url} failed: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FeedError(f"GET {url} failed: {exc.reason}") from None
    except TimeoutError:
        raise FeedError(f"GET {url} timed out after {timeout:g}s") from None
    except OSError as exc:
        raise FeedError(f"GET {url} failed: {exc}") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise FeedError(f"GET {url}: the response is larger than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB")
    if body.startswith(codecs.BOM_UTF8):
        body = body[3:]
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FeedError(f"GET {url}: byte {exc.start:,} is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise FeedError(f"GET {url}: not valid JSON ({exc.msg} at character {exc.pos:,})") from None


def service_pages(base: str, *, per_page: int, timeout: float) -> Iterator[list[Any]]:
    """Each page's `contents`, following `last_page` / `total_pages` until the feed says it is done."""
    page = 1
    while page <= MAX_PAGES:
        url = f"{base}/services?page={page}&per_page={per_page}"
        body = get_json(url, timeout=timeout)
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise FeedError(f"GET {url}: not an ORUK page (no 'contents' list)")
        contents = body["contents"]
        log.info("fetched page %s of %s (%s services)", page, body.get("total_pages"), len(contents))
        yield contents
        total_pages = body.get("total_pages")
        if not contents or body.get("last_page") is True:
            return
        if isinstance(total_pages, int) and page >= total_pages:
            return
        page += 1
    raise FeedError(f"{base}/services: more than {MAX_PAGES:,} pages; stopped")


def download_services(base: str, out: IO[str], *, per_page: int, timeout: float) -> int:
    """Write every full service record to `out` as one JSON list; returns how many were written."""
    count = 0
    out.write("[")
    for contents in service_pages(base, per_page=per_page, timeout=timeout):
        for item in contents:
            record = item
            service_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(service_id, str | int) and not isinstance(service_id, bool):
                url = f"{base}/services/{quote(str(service_id), safe='')}"
                try:
                    record = get_json(url, timeout=timeout)
                except FeedError as exc:
                    # Kept in place so the record is reported (and skippable) like any invalid record.
                    record = {**item, FETCH_ERROR_KEY: exc.reason}
            out.write("," if count else "")
            json.dump(record, out, ensure_ascii=False)
            count += 1
    out.write("]")
    return count


@dataclass
class UrlFeed:
    """An ORUK API (base URL) or a JSON file on the web, downloaded to a temporary file first."""

    url: str
    name: str
    per_page: int = DEFAULT_PER_PAGE
    timeout: float = DEFAULT_TIMEOUT_S
    kind: str = "oruk"
    unit: str = "record"
    ownership: Ownership | None = None
    warnings: list[Problem] = field(default_factory=list)
    _path: Path | None = None
    _inner: JsonFeed | None = field(default=None, repr=False)

    def open(self, session: Any = None) -> None:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", suffix=".json", prefix="oruk-", delete=False
        )
        self._path = Path(handle.name)
        with handle:
            if urlsplit(self.url).path.lower().endswith(".json"):
                json.dump(get_json(self.url, timeout=self.timeout), handle, ensure_ascii=False)
            else:
                base = self.url.rstrip("/").removesuffix("/services")
                count = download_services(base, handle, per_page=self.per_page, timeout=self.timeout)
                log.info("downloaded %s services from %s", count, base)
        self._inner = JsonFeed(self._path, self.name)
        self._inner.open(session)

    def _feed(self) -> JsonFeed:
        assert self._inner is not None, "open() first"
        return self._inner

    def items(self) -> Iterator[FeedItem]:
        return self._feed().items()

    def taxonomies(self) -> Iterator[Any]:
        return self._feed().taxonomies()

    def neighbourhoods(self) -> Iterator[Any]:
        return self._feed().neighbourhoods()

    def terms(self) -> Iterator[Any]:
        return self._feed().terms()

    def field_label(self, path: str) -> str:
        return path

    def close(self) -> None:
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None
