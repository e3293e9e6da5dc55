"""`flask portal ...`: the portal's accounts. `create-admin --email ...` makes the first council
administrator (asks for a password); `purge-unconfirmed` and `send-moderation-digest` run daily."""

from __future__ import annotations

import click

from directory.models import UserRole
from directory.models.base import utcnow
from directory.portal import accounts

from .context import CommandContext, command_group, pass_command_context

portal_cli = command_group("portal", help="The portal's accounts.")


@portal_cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address (they sign in with it).")
@click.option("--display-name", default="", help="The name the portal shows.")
@pass_command_context
def create_admin_command(context: CommandContext, email: str, display_name: str) -> None:
    """Create a council administrator; the password is asked for, hidden, twice."""
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with context.database.transaction() as session:
            user = accounts.create_user(
                session,
                email=email,
                password=password,
                display_name=display_name,
                role=UserRole.COUNCIL_ADMIN.value,
                now=utcnow(),
            )
            address = user.email
    except accounts.ValidationError as exc:
        raise click.ClickException("; ".join(exc.errors.values())) from exc
    click.echo(f"created council administrator {address}")


@portal_cli.command("remove-two-step")
@click.option("--email", required=True, help="The account whose second step to remove (a lost phone).")
@pass_command_context
def remove_two_step_command(context: CommandContext, email: str) -> None:
    """Remove an account's two-step sign-in, so its owner signs in with the password and sets it up again."""
    with context.database.transaction() as session:
        user = accounts.find_user(session, email)
        if user is None:
            raise click.ClickException("no account has that email address")
        user.totp_secret = None
        user.totp_last_step = None
        address = user.email
    click.echo(f"removed two-step sign-in for {address}")


@portal_cli.command("purge-unconfirmed")
@pass_command_context
def purge_unconfirmed_command(context: CommandContext) -> None:
    """Delete registrations never confirmed a week after their link expired (run daily)."""
    from directory.portal import joining

    with context.database.transaction() as session:
        removed = joining.purge_unconfirmed(session, now=utcnow())
    click.echo(f"unconfirmed registrations removed: {removed}")


@portal_cli.command("send-moderation-digest")
def send_moderation_digest_command() -> None:
    """Email each moderator the changes waiting for checking, in their language (run daily)."""
    from web.portal.digest import send_moderation_digest

    waiting, sent, failed = send_moderation_digest()
    click.echo(
        f"changes waiting: {waiting}; digest emails sent: {sent}" + (f", failed: {failed}" if failed else "")
    )
    if failed:
        raise SystemExit(1)
