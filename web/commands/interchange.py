"""`flask directory import ...` and `flask directory export ...`: the interchange from the command line.

An import that is refused exits non-zero, prints its report (to stderr) and changes nothing; a
successful one prints its report and then brings the search index up to date.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from directory.interchange.fetch import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES
from directory.interchange.report import ImportFailed, ImportReport

from .context import CommandContext, pass_command_context

# Subgroups of `flask directory` (web/commands/directory.py), whose callback puts on the click context
# the CommandContext these commands take.
import_group = AppGroup(
    "import", help="Import services: ORUK 3.0 JSON (file or API), HSDS 3.0 CSV packages, the CSV template."
)
export_group = AppGroup(
    "export", help="Export the whole directory as an ORUK 3.0 JSON package or the CSV template."
)


def _import_options(command: Callable[..., Any]) -> Callable[..., Any]:
    command = click.option(
        "--report",
        "report_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Also write the report to FILE (JSON when FILE ends in .json, else text).",
    )(command)
    command = click.option(
        "--dry-run",
        is_flag=True,
        help="Show what would be created, updated or left unchanged; write nothing.",
    )(command)
    return click.option(
        "--skip-invalid",
        is_flag=True,
        help="Import the valid records and report the rest (default: all or nothing).",
    )(command)


def _save_report(report: ImportReport, path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        path.write_text(report.render(limit=100_000) + "\n", encoding="utf-8")


def _run(
    context: CommandContext,
    action: Callable[[Session], ImportReport],
    *,
    report_path: Path | None,
    dry_run: bool,
) -> None:
    try:
        with context.database.transaction() as session:
            report = action(session)
    except ImportFailed as exc:
        _save_report(exc.report, report_path)
        click.echo(exc.report.render(), err=True)
        sys.exit(1)
    _save_report(report, report_path)
    click.echo(report.render())
    if not dry_run:
        context.search.updater.drain()
        click.echo("search index brought up to date")


@import_group.command("oruk")
@click.argument("source")
@_import_options
@click.option("--source-name", help="Key for the ids made from non-UUID ids (default: the URL or file name).")
@click.option(
    "--per-page", type=click.IntRange(1, 1000), default=100, show_default=True, help="Page size for APIs."
)
@click.option(
    "--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True, help="Seconds per request."
)
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    metavar="HOST",
    help="Fetch from HOST although it is on a private or loopback address (an intranet feed). Repeatable.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(1),
    default=DEFAULT_MAX_PAGES,
    show_default=True,
    help="Stop a download after this many listing pages.",
)
@click.option(
    "--max-megabytes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BYTES // (1024 * 1024),
    show_default=True,
    help="Stop a download after this many megabytes in all.",
)
@pass_command_context
def import_oruk_command(
    context: CommandContext,
    source: str,
    skip_invalid: bool,
    dry_run: bool,
    report_path: Path | None,
    source_name: str | None,
    per_page: int,
    timeout: float,
    allowed_hosts: tuple[str, ...],
    max_pages: int,
    max_megabytes: int,
) -> None:
    """Import ORUK 3.0 services from a JSON file or an ORUK API's base URL (SOURCE)."""
    from directory.interchange import import_oruk

    _run(
        context,
        lambda session: import_oruk(
            session,
            source,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            source_name=source_name,
            per_page=per_page,
            timeout=timeout,
            allowed_hosts=allowed_hosts,
            max_pages=max_pages,
            max_bytes=max_megabytes * 1024 * 1024,
        ),
        report_path=report_path,
        dry_run=dry_run,
    )


@import_group.command("hsds-csv")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_import_options
@pass_command_context
def import_hsds_csv_command(
    context: CommandContext, directory: Path, skip_invalid: bool, dry_run: bool, report_path: Path | None
) -> None:
    """Import an HSDS 3.0 tabular data package (a folder of CSV files)."""
    from directory.interchange import import_hsds_csv

    _run(
        context,
        lambda session: import_hsds_csv(session, directory, skip_invalid=skip_invalid, dry_run=dry_run),
        report_path=report_path,
        dry_run=dry_run,
    )


@import_group.command("csv")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_import_options
@pass_command_context
def import_csv_command(
    context: CommandContext, path: Path, skip_invalid: bool, dry_run: bool, report_path: Path | None
) -> None:
    """Import services from the CSV template (one row per service; see docs/import-template.md)."""
    from directory.interchange import import_csv

    _run(
        context,
        lambda session: import_csv(session, path, skip_invalid=skip_invalid, dry_run=dry_run),
        report_path=report_path,
        dry_run=dry_run,
    )


@export_group.command("oruk")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@pass_command_context
def export_oruk_command(context: CommandContext, out: Path) -> None:
    """Write the whole directory to OUT as one ORUK 3.0 JSON package."""
    from directory.interchange import export_oruk

    with context.database.transaction() as session:
        count = export_oruk(session, out)
    click.echo(f"exported {count} services to {out}")


@export_group.command("csv")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@pass_command_context
def export_csv_command(context: CommandContext, out: Path) -> None:
    """Write every service to OUT as a row of the CSV template."""
    from directory.interchange import export_csv

    with context.database.transaction() as session:
        count = export_csv(session, out)
    click.echo(f"exported {count} services to {out}")
