"""Every `flask` command, registered from here by `create_app`.

One module per group: `directory` (with its `import` and `export` subgroups from `interchange`),
`insight`, `portal` and `sms`. The groups are composed when their modules are defined, and no module adds a
command to another's group when imported, so the list below is the whole command line. Commands take
the database, the search provider and the settings from the click context (`context.CommandContext`).
"""

from __future__ import annotations

from flask import Flask

from .directory import directory_cli
from .insight import insight_cli
from .portal import portal_cli
from .sms import sms_cli

GROUPS = (directory_cli, insight_cli, portal_cli, sms_cli)


def register(app: Flask) -> None:
    for group in GROUPS:
        app.cli.add_command(group)


__all__ = ["GROUPS", "register"]
