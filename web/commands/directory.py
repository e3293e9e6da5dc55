"""`flask directory ...`: set up, load, index and inspect the directory, and send the review reminders."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

import click

from .context import CommandContext, command_group, pass_command_context
from .interchange import export_group, import_group

directory_cli = command_group(
    "directory", help="Manage the service directory: data, search index, postcodes."
)


@directory_cli.command("migrate")
@pass_command_context
def migrate_command(context: CommandContext) -> None:
    """Create or upgrade the database schema (Alembic)."""
    from directory.migrations import upgrade

    upgrade(context.config["DATABASE_URL"])
    click.echo("database schema is up to date")


@directory_cli.command("load-sample")
@pass_command_context
def load_sample_command(context: CommandContext) -> None:
    """Load Stockport's neighbourhoods and the sample services (idempotent), then index them."""
    from directory.interchange.sample import load_sample

    with context.database.transaction() as session:
        report = load_sample(session)
    context.search.updater.drain()
    click.echo(
        f"sample directory loaded: {report.organisations} organisations, {report.services} services, "
        f"{report.locations} locations"
    )


@directory_cli.command("reindex")
@pass_command_context
def reindex_command(context: CommandContext) -> None:
    """Rebuild the search index from the database (the source of truth); searches keep using the
    old index until the new one is complete, then every process switches to it."""
    started = time.perf_counter()
    count = context.search.updater.rebuild()
    click.echo(f"indexed {count} services in {time.perf_counter() - started:.1f}s")


@directory_cli.command("ensure-index")
@pass_command_context
def ensure_index_command(context: CommandContext) -> None:
    """Open the index, rebuilding it only if missing, damaged or out of step with the database."""
    rebuilt = context.search.updater.ensure_index()
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
@pass_command_context
def import_postcodes_command(
    context: CommandContext, csv_path: Path, local_authorities: tuple[str, ...], prefixes: tuple[str, ...]
) -> None:
    """Import exact postcode points from an ONS Postcode Directory (ONSPD) CSV file."""
    from directory.places.import_postcodes import import_onspd
    from directory.places.onspd import OnspdFormatError

    try:
        with (
            csv_path.open(encoding="utf-8-sig", newline="") as handle,
            context.database.transaction() as session,
        ):
            count = import_onspd(session, handle, local_authorities=local_authorities, prefixes=prefixes)
    except (OnspdFormatError, UnicodeDecodeError, ValueError) as exc:
        click.echo(f"postcode import failed, nothing was changed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"imported {count} postcodes")


@directory_cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_command_context
def stats_command(context: CommandContext, as_json: bool) -> None:
    """Counts of services per neighbourhood and need, and the index's state."""
    from directory.stats import directory_stats

    with context.database.transaction() as session:
        stats = directory_stats(session)
    backend = context.search.backend
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
@pass_command_context
def purge_archived_command(context: CommandContext) -> None:
    """Remove for good the services archived more than 30 days ago (safe to run again)."""
    from directory.models.base import utcnow
    from directory.portal.archive import purge_archived

    with context.database.transaction() as session:
        count = purge_archived(session, now=utcnow())
    context.search.updater.drain()
    click.echo(f"archived services removed for good: {count}")


@directory_cli.command("send-reminders")
@click.option(
    "--today",
    "today_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Act as if today were this date (for testing); default: today in the borough.",
)
def send_reminders_command(today_text: str | None) -> None:
    """Email review reminders at 180 and 270 days and hide listings not confirmed for a year."""
    from web.portal.freshness import today as borough_today
    from web.portal.reminders import send_reminders

    try:
        today = date.fromisoformat(today_text) if today_text else None
    except ValueError as exc:
        raise click.BadParameter("use the form YYYY-MM-DD", param_hint="--today") from exc
    summary = send_reminders(today or borough_today())
    click.echo(summary.line())
    if summary.emails_failed:
        raise SystemExit(1)


# `flask directory import oruk|hsds-csv|csv ...` and `flask directory export oruk|csv ...`
directory_cli.add_command(import_group)
directory_cli.add_command(export_group)


__all__ = ["directory_cli"]
