"""`flask sms purge`: delete SMS-derived records older than the retention period (run it daily)."""

from __future__ import annotations

from datetime import timedelta

import click

from directory.models.base import utcnow

from ..sms import store
from .context import CommandContext, command_group, pass_command_context

sms_cli = command_group("sms", help="The SMS channel's records.")


@sms_cli.command("purge")
@click.option("--days", type=float, default=None, help="Retention in days (default: SMS_RETENTION_DAYS).")
@pass_command_context
def purge_command(context: CommandContext, days: float | None) -> None:
    """Delete answered-message ids and idle senders older than the retention period; opt-outs stay."""
    keep = days if days is not None else float(context.config.get("SMS_RETENTION_DAYS", 30))
    with context.database.transaction() as session:
        removed = store.purge(session, older_than=timedelta(days=keep), now=utcnow())
    click.echo(
        f"removed {removed['messages']} message ids and {removed['senders']} senders older than {keep:g} days"
    )
