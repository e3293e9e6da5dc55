"""Every `flask` command has one home (web/commands/): each is registered once, from there, and every
command the README, the docs, the Makefile and docker-compose.yml tell people to run exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parents[2]

# The whole command line, as documented; nothing more, nothing less.
EXPECTED = {
    "directory": {
        "ensure-index": None,
        "export": {"csv": None, "oruk": None},
        "import": {"csv": None, "hsds-csv": None, "oruk": None},
        "import-postcodes": None,
        "load-sample": None,
        "migrate": None,
        "purge-archived": None,
        "reindex": None,
        "send-reminders": None,
        "stats": None,
    },
    "insight": {"demo": None, "remove-demo": None, "rollup": None},
    "portal": {
        "create-admin": None,
        "purge-unconfirmed": None,
        "remove-two-step": None,
        "send-moderation-digest": None,
    },
    "sms": {"purge": None},
}
COMMAND_MODULES = ["web.commands", *(f"web.commands.{name}" for name in EXPECTED), "web.commands.interchange"]
DOCUMENTS = [
    "README.md",
    "Makefile",
    "docker-compose.yml",
    *(p.relative_to(ROOT) for p in ROOT.glob("docs/*.md")),
]
INVOCATION = re.compile(
    r"(?:\bflask(?: --app web)?|\$\(FLASK\)) +((?:directory|insight|portal|sms)(?: +[a-z][a-z-]*)+)"
)


def tree(command: click.Command) -> dict | None:
    if not isinstance(command, click.Group):
        return None
    return {name: tree(sub) for name, sub in sorted(command.commands.items())}


def ours(app: Flask) -> dict:
    return {name: tree(app.cli.commands[name]) for name in EXPECTED if name in app.cli.commands}


def test_the_app_has_exactly_the_documented_groups_and_commands(app):
    assert ours(app) == EXPECTED


def test_every_command_people_are_told_to_run_exists(app):
    invocations = {
        (str(document), match.group(1))
        for document in DOCUMENTS
        for match in INVOCATION.finditer((ROOT / document).read_text(encoding="utf-8"))
    }
    assert len(invocations) >= 10  # the pattern still finds the README's and the Makefile's commands
    for document, words in invocations:
        command: click.Command = app.cli
        for word in words.split():
            if not isinstance(command, click.Group) or word not in command.commands:
                break
            command = command.commands[word]
        assert not isinstance(command, click.Group), f"{document}: `{words}` is not a command"


def documented_lines() -> list[tuple[str, str, list[str]]]:
    """(document, command words, the words written after them on that line, up to the end of the shell
    command), leaving out Makefile variables, whose values the document does not show."""
    found = []
    for document in DOCUMENTS:
        text = (ROOT / document).read_text(encoding="utf-8")
        for match in INVOCATION.finditer(text):
            rest = re.split(r"[`;&|\n\\\"()]", text[match.end() :], maxsplit=1)[0]
            found.append((str(document), match.group(1), [w for w in rest.split() if "$" not in w]))
    return found


def test_every_documented_command_line_gives_its_required_options_and_only_real_ones(app):
    """As written, each line must get past click's parsing: `portal create-admin` without `--email`
    stops at "Missing option", and so would an option the command does not have."""
    lines = documented_lines()
    assert ("README.md", "portal create-admin", ["--email", "you@example.org"]) in lines
    for document, words, args in lines:
        command: click.Command = app.cli
        for word in words.split():
            if isinstance(command, click.Group) and word in command.commands:
                command = command.commands[word]
        try:
            command.make_context(words.split()[-1], list(args))
        except (click.MissingParameter, click.NoSuchOption) as exc:
            pytest.fail(f"{document}: `flask {words} {' '.join(args)}`: {exc.format_message()}")
        except click.BadParameter:
            pass  # a placeholder path ("ONSPD.csv") that does not exist here: the words are right


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_each_command_module_imports_on_its_own(module):
    """A cycle between command modules fails here for whichever of them is imported first."""
    result = subprocess.run(
        [sys.executable, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_importing_the_rest_of_the_app_adds_no_command():
    """Groups are whole once web.commands is imported: no view or domain module adds to them."""
    script = """
import importlib, json, pkgutil, sys
import click
import web.commands

def tree(command):
    if not isinstance(command, click.Group):
        return None
    return {name: tree(sub) for name, sub in sorted(command.commands.items())}

before = json.dumps([tree(group) for group in web.commands.GROUPS])
import web, directory
for package in (web, directory):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module.name != "web.wsgi" and ".migrations." not in module.name:  # wsgi builds an app
            importlib.import_module(module.name)
after = json.dumps([tree(group) for group in web.commands.GROUPS])
sys.exit(0 if before == after else f"{before} became {after}")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr


def test_no_command_is_defined_outside_web_commands():
    pattern = re.compile(r"AppGroup\(|\.command\(|add_command\(|@click\.(?:command|group)\(")
    elsewhere = [
        str(path.relative_to(ROOT))
        for package in ("web", "directory")
        for path in (ROOT / package).rglob("*.py")
        if "commands" not in path.relative_to(ROOT / package).parts
        and pattern.search(path.read_text("utf-8"))
    ]
    assert elsewhere == []
