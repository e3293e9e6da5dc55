"""Import and export the directory: ORUK 3.0 JSON (files and live APIs), HSDS 3.0 CSV packages, and a
one-row-per-service CSV template for council officers. Every import is validated in full first and is
all-or-nothing unless asked to skip invalid records; see `docs/import-template.md`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from sqlalchemy.orm import Session

from .fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    DEFAULT_PER_PAGE,
    DEFAULT_TIMEOUT_S,
    FetchPolicy,
    UrlFeed,
    is_url,
)
from .jsonfeed import JsonFeed
from .pipeline import DEFAULT_BATCH_SIZE, run_import
from .report import FeedError, ImportFailed, ImportReport, Problem
from .taxonomy_map import NeedMapper

__all__ = [
    "FeedError",
    "ImportFailed",
    "ImportReport",
    "NeedMapper",
    "Problem",
    "export_csv",
    "export_oruk",
    "import_csv",
    "import_hsds_csv",
    "import_oruk",
]


def import_oruk(
    session: Session,
    source: str | Path,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    source_name: str | None = None,
    per_page: int = DEFAULT_PER_PAGE,
    timeout: float = DEFAULT_TIMEOUT_S,
    batch_size: int = DEFAULT_BATCH_SIZE,
    mapper: NeedMapper | None = None,
    allowed_hosts: Collection[str] = (),
    max_pages: int = DEFAULT_MAX_PAGES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportReport:
    """Import ORUK 3.0 services from a JSON file or an ORUK API's base URL (or a JSON file's URL).

    `source_name` keys the ids made for non-UUID records; it defaults to the URL or the file's name,
    so pass the same name when a feed arrives under different file names. A URL is fetched only from
    public addresses unless its host (or a host it redirects to) is in `allowed_hosts`, and at most
    `max_pages` listing pages and `max_bytes` in all are downloaded (see `fetch`).
    """
    text = str(source)
    if is_url(text):
        policy = FetchPolicy.build(
            allowed_hosts=allowed_hosts, timeout=timeout, max_pages=max_pages, max_bytes=max_bytes
        )
        feed: UrlFeed | JsonFeed = UrlFeed(
            text, source_name or text.rstrip("/"), per_page=per_page, policy=policy
        )
    else:
        path = Path(source)
        feed = JsonFeed(path, source_name or path.name)
    return run_import(
        session, feed, skip_invalid=skip_invalid, dry_run=dry_run, batch_size=batch_size, mapper=mapper
    )


def import_hsds_csv(
    session: Session,
    directory: str | Path,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    source_name: str | None = None,
    mapper: NeedMapper | None = None,
) -> ImportReport:
    """Import an HSDS 3.0 tabular data package (a folder of CSV files, with or without datapackage.json)."""
    from .hsds_csv import HsdsCsvFeed

    path = Path(directory)
    feed = HsdsCsvFeed(path, source_name or path.name)
    return run_import(session, feed, skip_invalid=skip_invalid, dry_run=dry_run, mapper=mapper)


def import_csv(
    session: Session,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    mapper: NeedMapper | None = None,
) -> ImportReport:
    """Import our one-row-per-service CSV template (see docs/import-template.md)."""
    from .template import TemplateFeed

    feed = TemplateFeed(Path(path))
    return run_import(
        session, feed, skip_invalid=skip_invalid, dry_run=dry_run, mapper=mapper, strict_neighbourhoods=True
    )


def export_oruk(session: Session, out: str | Path) -> int:
    """Write the whole directory as one ORUK 3.0 JSON package; returns the number of services."""
    from .export import write_oruk_package

    return write_oruk_package(session, Path(out))


def export_csv(session: Session, out: str | Path) -> int:
    """Write every service as a row of the CSV template; returns the number of rows."""
    from .export import write_csv_template

    return write_csv_template(session, Path(out))
