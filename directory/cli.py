"""`flask directory ...`: set up, load, index and inspect the directory."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .db import Database
from .interchange.commands import export_group, import_group
from .search.provider import SearchProvider

directory_cli = AppGroup("directory", help="Manage the service directory: data, search index, postcodes.")


def _db() -> Database:
    return current_app.extensions["directory_db"]


def _search() -> SearchProvider:
    return current_app.extensions["directory_search"]


@directory_cli.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema (Alembic)."""
    from .migrate import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database schema is up to date")


@directory_cli.command("load-sample")
def load_sample_command() -> None:
    """Load Stockport's neighbourhoods and the sample services (idempotent), then index them."""
    from .sample import load_sample

    with _db().transaction() as session:
        report = load_sample(session)
    _search().updater.drain()
    click.echo(
        f"sample directory loaded: {report.organisations} organisations, {report.services} services, "
        f"{report.locations} locations"
    )


@directory_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index from the database (the source of truth)."""
    started = time.perf_counter()
    count = _search().updater.rebuild()
    click.echo(f"indexed {count} services in {time.perf_counter() - started:.1f}s")


@directory_cli.command("ensure-index")
def ensure_index_command() -> None:
    """Open the index, rebuilding it only if missing, damaged or out of step with the database."""
    rebuilt = _search().updater.ensure_index()
    click.echo("search index rebuilt" if rebuilt else "search index is up to date")


@directory_cli.command("import-postcodes")
@click.argument("csv_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--local-authority",
    "local_authorities",
    multiple=True,
    default=("E08000007",),
    show_default=True,
    help="ONS local authority codes to keep (repeatable).",
)
@click.option(
    "--prefix",
    "prefixes",
    multiple=True,
    default=("SK",),
    show_default=True,
    help="Postcode prefixes to keep as well (repeatable).",
)
def import_postcodes_command(
    csv_path: Path, local_authorities: tuple[str, ...], prefixes: tuple[str, ...]
) -> None:
    """Import exact postcode points from an ONS Postcode Directory (ONSPD) CSV file."""
    from .places.import_postcodes import import_onspd
    from .places.onspd import OnspdFormatError

    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as handle, _db().transaction() as session:
            count = import_onspd(session, handle, local_authorities=local_authorities, prefixes=prefixes)
    except (OnspdFormatError, UnicodeDecodeError, ValueError) as exc:
        click.echo(f"postcode import failed, nothing was changed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"imported {count} postcodes")


@directory_cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_command(as_json: bool) -> None:
    """Counts of services per neighbourhood and need, and the index's state."""
    from .stats import directory_stats

    with _db().transaction() as session:
        stats = directory_stats(session)
    backend = _search().backend
    stats["index_documents"] = backend.doc_count() if backend.exists() else None
    if as_json:
        click.echo(json.dumps(stats, indent=2, sort_keys=True))
        return
    click.echo(f"services: {stats['services']} ({stats['active_services']} active)")
    click.echo(f"organisations: {stats['organisations']}")
    click.echo(f"search index documents: {stats['index_documents']}")
    click.echo("services per neighbourhood (local only):")
    for name, count in stats["by_neighbourhood"].items():
        click.echo(f"  {name}: {count}")
    click.echo("services per need:")
    for slug, count in stats["by_need"].items():
        click.echo(f"  {slug}: {count}")


@directory_cli.command("purge-archived")
def purge_archived_command() -> None:
    """Remove for good the services archived more than 30 days ago (safe to run again)."""
    from .models.base import utcnow
    from .portal.archive import purge_archived

    with _db().transaction() as session:
        count = purge_archived(session, now=utcnow())
    _search().updater.drain()
    click.echo(f"archived services removed for good: {count}")


# `flask directory import oruk|hsds-csv|csv ...` and `flask directory export oruk|csv ...`
directory_cli.add_command(import_group)
directory_cli.add_command(export_group)


__all__ = ["directory_cli"]
