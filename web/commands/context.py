"""What every command works on, handed to it through click's context rather than looked up in each one.

Each top-level group's callback runs inside the app context before any of its commands and puts a
`CommandContext` on `ctx.obj`; commands (and the subgroups under them) take it with
`@pass_command_context`. A test can therefore run a group on a bare Flask app that only has the two
extensions, and no command reaches into `current_app` for its database or index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from directory.db import Database
from directory.search.provider import SearchProvider


@dataclass(frozen=True)
class CommandContext:
    database: Database
    search: SearchProvider
    config: Mapping[str, Any]

    @classmethod
    def from_app(cls, app: Flask) -> CommandContext:
        return cls(
            database=app.extensions["directory_db"],
            search=app.extensions["directory_search"],
            config=app.config,
        )


pass_command_context = click.make_pass_decorator(CommandContext)


def command_group(name: str, help: str) -> AppGroup:
    """A group of `flask` commands whose commands receive the app's `CommandContext`."""

    @with_appcontext
    @click.pass_context
    def put_context(ctx: click.Context) -> None:
        ctx.obj = CommandContext.from_app(current_app)

    return AppGroup(name, help=help, callback=put_context)
