"""`flask insight rollup`: the daily sums of demand events, then the purge of raw events older than the
retention period (run it daily, `make jobs`); `flask insight demo` / `remove-demo`: sample demand for
development (`web/insight_demo.py`)."""

from __future__ import annotations

import click

from directory.insight import rollup

from .. import insight_demo
from .context import CommandContext, command_group, pass_command_context

insight_cli = command_group("insight", help="Neighbourhood insight: demand rollups and sample demand.")


@insight_cli.command("rollup")
@click.option(
    "--days", type=int, default=None, help="Raw events kept, in days (default: INSIGHT_RETENTION_DAYS)."
)
@pass_command_context
def rollup_command(context: CommandContext, days: int | None) -> None:
    """Sum every whole day not yet rolled up by day, week and month; delete raw events past retention."""
    keep = days if days is not None else int(context.config.get("INSIGHT_RETENTION_DAYS", 90))
    if keep < 1:
        raise click.BadParameter("must be at least 1", param_hint="--days")
    with context.database.transaction() as session:
        report = rollup.run_daily(session, retention_days=keep)
    click.echo(
        f"rolled up {report.days} days ({report.events} events); "
        f"purged {report.purged} events older than {keep} days"
    )


@insight_cli.command("demo")
@click.option("--searches", type=click.IntRange(1, insight_demo.MAX_SEARCHES), default=insight_demo.DEFAULT_SEARCHES,
              show_default=True, help="How many sample searches to replay over the past year.")  # fmt: skip
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed makes the same year.")
@click.option("--force", is_flag=True, help="Make it again even if a demo is already there.")
@pass_command_context
def demo_command(context: CommandContext, searches: int, seed: int, force: bool) -> None:
    """Fill the insight pages with a year of sample demand (development only), once."""
    if context.config.get("AROUND_HERE_ENV") != "development":
        raise click.ClickException(
            "sample demand is for development machines only (AROUND_HERE_ENV=development)"
        )
    marker = insight_demo.marker_path(context.config["VAR_DIR"])
    with context.database.transaction() as session:
        present = insight_demo.has_sample_rows(session)
    if (present or marker.exists()) and not force:
        click.echo(f"sample demand is already there ({marker}); `flask insight remove-demo` removes it")
        return
    if present:
        insight_demo.remove_demo(context.database)
    search = context.search.search
    assert search is not None
    report = insight_demo.make_demo(context.database, search, searches=searches, seed=seed)
    insight_demo.write_marker(marker, report)
    hoods = [hood.slug for hood in search.gazetteer.neighbourhoods()]
    click.echo(insight_demo.summary(report, hoods))


@insight_cli.command("remove-demo")
@pass_command_context
def remove_demo_command(context: CommandContext) -> None:
    """Delete every sample demand row (events, rollups, crisis counts); real demand stays."""
    removed = insight_demo.remove_demo(context.database)
    insight_demo.marker_path(context.config["VAR_DIR"]).unlink(missing_ok=True)
    click.echo(
        f"removed {removed['events']} sample events, {removed['rollups']} rollup rows and "
        f"{removed['crisis_counts']} crisis counts"
    )
