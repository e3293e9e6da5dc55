"""Download a live ORUK 3.0 API's services into a local file, page by page, before anything is imported.

`GET {base}/services?page=N&per_page=M` lists services; each is then fetched whole from
`GET {base}/services/{id}`. Records are written to a temporary JSON list as they arrive, so memory
holds one page at a time and validation can read the whole feed before a single row is written.

The address comes from whoever runs the import, but the redirects and the pages come from the feed, so
every request is checked (`FetchPolicy`):
- only http and https, on the first request and on every redirect (followed here, one hop at a time);
- the host is resolved once and refused if any of its addresses is loopback, private, link-local,
  multicast, reserved or unspecified (IPv4 and IPv6, IPv4 addresses inside IPv6 ones included), unless
  the operator named the host in `allowed_hosts` (an intranet feed; the tests' local servers);
- the connection goes to the address that was checked, with the name in the Host header and in TLS
  (so certificates are still verified against it): a second DNS answer cannot point somewhere else;
- each response, the whole download and the number of pages are capped, and each response must arrive
  within the timeout however slowly its bytes trickle in.
"""

from __future__ import annotations

import codecs
import ipaddress
import json
import logging
import socket
import tempfile
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urljoin, urlsplit

import httpx

from .jsonfeed import MAX_DEPTH, FeedItem, JsonFeed, nesting_depth, too_deep
from .normalise import Ownership
from .report import FeedError, Problem

log = logging.getLogger(__name__)

FETCH_ERROR_KEY = "x_around_here_fetch_error"
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_PER_PAGE = 100
MAX_RESPONSE_BYTES = 50 * 1024 * 1024
# A directory of 50,000 services is about 500 pages of 100 and a few hundred MB of full records.
DEFAULT_MAX_PAGES = 1000
DEFAULT_MAX_BYTES = 1024 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "AroundHere-import/1 (+ORUK 3.0)"
SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

# Message ids the report gives these problems (see `report.Problem.code`).
SCHEME_REFUSED = "url_scheme_refused"
ADDRESS_REFUSED = "url_address_refused"
TOO_MANY_REDIRECTS = "url_too_many_redirects"
RESPONSE_TOO_LARGE = "url_response_too_large"
DOWNLOAD_TOO_LARGE = "url_download_too_large"
TOO_MANY_PAGES = "url_too_many_pages"
PAGE_REPEATED = "url_page_repeated"


class DownloadStopped(FeedError):
    """A limit on the whole download was reached: the import stops rather than skipping one record."""


@dataclass(frozen=True)
class FetchPolicy:
    """Where an import may fetch from and how much; `allowed_hosts` may be on non-public addresses."""

    timeout: float = DEFAULT_TIMEOUT_S
    max_pages: int = DEFAULT_MAX_PAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    max_response_bytes: int = MAX_RESPONSE_BYTES
    max_redirects: int = MAX_REDIRECTS
    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def build(cls, *, allowed_hosts: Collection[str] = (), **limits: Any) -> FetchPolicy:
        hosts = frozenset(host.strip().strip("[]").lower() for host in allowed_hosts if host.strip())
        return cls(allowed_hosts=hosts, **limits)


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in SCHEMES


def address_problem(address: str) -> str | None:
    """What kind of address `address` is when it may not be fetched from (None: a public address)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4-mapped address is that IPv4 address; 6to4, Teredo and NAT64 ones lead to theirs too.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        inner = address_problem(str(embedded)) if embedded is not None else None
        if inner is not None:
            return f"{inner} (inside an IPv6 address)"
        if ip.ipv4_mapped is not None:
            return None
    kinds = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not public", not ip.is_global),
    )
    return next((kind for kind, applies in kinds if applies), None)


@dataclass(frozen=True)
class _Target:
    """One request as it goes out: to the checked address, named as the URL names it."""

    url: httpx.URL
    headers: dict[str, str]
    extensions: dict[str, Any]
    key: tuple[str, str, str, int]


class Fetcher:
    """GETs under a `FetchPolicy`, counting bytes across the whole download."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.total_bytes = 0
        self._clients: dict[tuple[str, str, str, int], httpx.Client] = {}

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- requests -------------------------------------------------------------------------------------

    def get_json(self, url: str) -> Any:
        """One GET, parsed as JSON; every failure becomes a FeedError that names the address."""
        return parse_json(url, self.get(url))

    def get(self, url: str) -> bytes:
        """The body of `url`, following at most `max_redirects` redirects, each checked like the first."""
        current = url
        try:
            for _hop in range(self.policy.max_redirects + 1):
                target = self._target(url, current)
                client = self._client(target.key)
                request = client.build_request(
                    "GET", target.url, headers=target.headers, extensions=target.extensions
                )
                deadline = time.monotonic() + self.policy.timeout
                response = client.send(request, stream=True)
                try:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        current = urljoin(current, location)
                        continue
                    if not response.is_success:
                        raise FeedError(
                            f"GET {url} failed: HTTP {response.status_code} {response.reason_phrase}"
                        )
                    return self._read(url, response, deadline)
                finally:
                    response.close()
        except httpx.TimeoutException:
            raise FeedError(f"GET {url} timed out after {self.policy.timeout:g}s") from None
        except httpx.InvalidURL as exc:
            raise FeedError(f"GET {url}: not a usable address ({exc})") from None
        except httpx.HTTPError as exc:
            raise FeedError(f"GET {url} failed: {exc}") from None
        raise FeedError(
            f"GET {url}: more than {self.policy.max_redirects} redirects; stopped", code=TOO_MANY_REDIRECTS
        )

    def _client(self, key: tuple[str, str, str, int]) -> httpx.Client:
        """One client per (scheme, name, address, port): a kept-alive connection is only ever reused for
        the name its TLS session was verified for."""
        if key not in self._clients:
            self._clients[key] = httpx.Client(
                follow_redirects=False,
                trust_env=False,  # a proxy would resolve names itself, past our checks
                timeout=self.policy.timeout,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            )
        return self._clients[key]

    def _target(self, url: str, current: str) -> _Target:
        """`current` checked (scheme, then every address its host resolves to) and pointed at one of them."""
        hop = "" if current == url else f"redirected to {current}: "
        parsed = httpx.URL(current)
        if parsed.scheme not in SCHEMES:
            raise FeedError(f"GET {url}: {hop}only http and https addresses are fetched", code=SCHEME_REFUSED)
        host = parsed.raw_host.decode("ascii").lower()
        if not host:
            raise FeedError(f"GET {url}: {hop}the address names no host")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        address = self._resolve(url, hop, host, port)
        headers = {"Host": parsed.netloc.decode("ascii")}
        extensions: dict[str, Any] = {}
        if parsed.scheme == "https" and not _is_ip(host):
            extensions["sni_hostname"] = host
        return _Target(
            parsed.copy_with(host=address), headers, extensions, (parsed.scheme, host, address, port)
        )

    def _resolve(self, url: str, hop: str, host: str, port: int) -> str:
        """The address to connect to: every address `host` has must be public, unless it is allowed."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise FeedError(f"GET {url}: {hop}cannot find the host {host} ({exc})") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not addresses:
            raise FeedError(f"GET {url}: {hop}cannot find the host {host}")
        if host not in self.policy.allowed_hosts:
            for address in addresses:
                kind = address_problem(address)
                if kind is not None:
                    raise FeedError(
                        f"GET {url}: {hop}{host} is at {address}, a {kind} address; only public addresses "
                        "are fetched (name the host with --allow-host to fetch from it anyway)",
                        code=ADDRESS_REFUSED,
                    )
        return addresses[0]

    def _read(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        """The body, within the response and download limits, by the deadline: httpx's timeouts apply to
        each read, so a server sending a byte at a time would otherwise hold the import for ever."""
        limit = min(self.policy.max_response_bytes, self.policy.max_bytes - self.total_bytes)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(url)
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise self._too_large(url)
            if time.monotonic() > deadline:
                raise FeedError(f"GET {url} timed out after {self.policy.timeout:g}s")
        self.total_bytes += len(body)
        return bytes(body)

    def _too_large(self, url: str) -> FeedError:
        remaining = self.policy.max_bytes - self.total_bytes
        if remaining < self.policy.max_response_bytes:
            return DownloadStopped(
                f"GET {url}: the download is larger than {_megabytes(self.policy.max_bytes)}; stopped",
                code=DOWNLOAD_TOO_LARGE,
            )
        return FeedError(
            f"GET {url}: the response is larger than {_megabytes(self.policy.max_response_bytes)}",
            code=RESPONSE_TOO_LARGE,
        )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def parse_json(url: str, body: bytes) -> Any:
    """`body` as JSON; nesting deeper than any ORUK record is refused (Python's parser recurses, and so
    would writing the record out again), as a problem for the report rather than a crash."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[3:]
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise FeedError(f"GET {url}: byte {exc.start:,} is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise FeedError(f"GET {url}: not valid JSON ({exc.msg} at character {exc.pos:,})") from None
    except ValueError as exc:
        raise FeedError(f"GET {url}: not valid JSON ({exc})") from None
    except RecursionError:
        value = None
        depth = MAX_DEPTH + 1
    else:
        depth = nesting_depth(value)
    if depth > MAX_DEPTH:
        problem = too_deep()
        raise FeedError(f"GET {url}: {problem.reason}", code=problem.code)
    return value


def service_pages(fetcher: Fetcher, base: str, *, per_page: int) -> Iterator[list[Any]]:
    """Each page's `contents`, following `last_page` / `total_pages` until the feed says it is done."""
    max_pages = fetcher.policy.max_pages
    seen: set[str] = set()
    for page in range(1, max_pages + 1):
        url = f"{base}/services?page={page}&per_page={per_page}"
        body = fetcher.get_json(url)
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list):
            raise FeedError(f"GET {url}: not an ORUK page (no 'contents' list)")
        contents = body["contents"]
        total_pages = body.get("total_pages")
        if isinstance(total_pages, int) and total_pages > max_pages:
            said = f" (it says {total_pages:,})"
            raise DownloadStopped(_too_many_pages(base, max_pages, said), code=TOO_MANY_PAGES)
        ids = {str(item["id"]) for item in contents if isinstance(item, dict) and item.get("id") is not None}
        if ids and ids <= seen:
            raise DownloadStopped(
                f"GET {url}: page {page} lists only services earlier pages listed; the API seems to ignore "
                "?page=, so the download stopped",
                code=PAGE_REPEATED,
            )
        seen |= ids
        log.info("fetched page %s of %s (%s services)", page, total_pages, len(contents))
        yield contents
        if not contents or body.get("last_page") is True:
            return
        if isinstance(total_pages, int) and page >= total_pages:
            return
    raise DownloadStopped(_too_many_pages(base, max_pages, ""), code=TOO_MANY_PAGES)


def _too_many_pages(base: str, max_pages: int, said: str) -> str:
    return f"{base}/services: more than {max_pages:,} pages{said}; stopped (--max-pages allows more)"


def download_services(fetcher: Fetcher, base: str, out: IO[str], *, per_page: int) -> int:
    """Write every full service record to `out` as one JSON list; returns how many were written."""
    count = 0
    out.write("[")
    for contents in service_pages(fetcher, base, per_page=per_page):
        for item in contents:
            record = item
            service_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(service_id, str | int) and not isinstance(service_id, bool):
                url = f"{base}/services/{quote(str(service_id), safe='')}"
                try:
                    record = fetcher.get_json(url)
                except DownloadStopped:
                    raise
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
    policy: FetchPolicy = field(default_factory=FetchPolicy)
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
        with handle, Fetcher(self.policy) as fetcher:
            if urlsplit(self.url).path.lower().endswith(".json"):
                json.dump(fetcher.get_json(self.url), handle, ensure_ascii=False)
            else:
                base = self.url.rstrip("/").removesuffix("/services")
                count = download_services(fetcher, base, handle, per_page=self.per_page)
                log.info("downloaded %s services (%s bytes) from %s", count, fetcher.total_bytes, base)
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
