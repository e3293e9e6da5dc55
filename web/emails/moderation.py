"""The moderators' digest of changes waiting for checking, so changes are seen without anyone having to
open the portal to look. Each moderator gets it in their own language (`User.language`)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, ngettext

from ..urls import public_url
from . import Email, compose, written_to


def moderation_digest(waiting: list[Any], addresses: list[str]) -> list[Email]:
    """One email per moderator listing every waiting change, oldest first (nothing when none wait)."""
    if not waiting:
        return []
    from ..portal.navigation import when

    emails = []
    for address in addresses:
        with written_to(address):
            lines = []
            for revision in waiting:
                service = revision.service
                organisation = service.organization.name if service.organization else ""
                sent = gettext("sent %(when)s", when=str(when(revision.created_at).striptags()))
                lines.append(
                    f"- {service.name} ({organisation}), {sent}"
                    if organisation
                    else f"- {service.name}, {sent}"
                )
            emails.append(
                compose(
                    to=address,
                    subject=ngettext(
                        "%(num)d change is waiting for checking",
                        "%(num)d changes are waiting for checking",
                        len(waiting),
                    ),
                    template="moderation_digest",
                    what="moderation digest",
                    listings="\n".join(lines),
                    queue=public_url("portal.moderation"),
                )
            )
    return emails
