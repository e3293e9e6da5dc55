"""`flask insight rollup`: the daily sums of demand events, then the purge of raw events older than the
retention period (run it daily, `make jobs`); `flask insight demo` / `remove-demo`: sample demand for
development (`directory/insight/demo.py`)."""

from __future__ import annotations

import click

from directory.insight import rollup

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
