"""The suite's logs hold no personal data and no traceback a test did not ask for.

Every record that reaches the root logger while a test runs (setup, call and teardown) is read before
any handler's filter can clean it: the check is on what our code logs, not on what the safety net in
web/logging_privacy.py makes of it. A test fails if a record's message or formatted exception holds an
email address, a phone number, a password hash or SQL parameters, or if a record carries a traceback
and the test is not marked `@pytest.mark.logs_traceback("why")`. Test data is full of made-up
addresses (volunteer@example.org) that the app must not log either, so a hit means: fix the logging
call (log an id, a count or the exception's type instead). Only loggers that are not ours, named in
THIRD_PARTY with the reason, are left out. The root logger is set to INFO for the run, as the app
sets it (web/logging_privacy.configure), so what production would write is what is checked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from web.logging_privacy import personal_data_in, redact

__all__ = [
    "pytest_runtest_call",
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_runtest_teardown",
    "pytest_sessionstart",
]

MARKER = "logs_traceback"
TRACEBACK = "Traceback (most recent call last)"
# Loggers that are not ours and whose records are not the app's logging: (logger name prefix, why).
THIRD_PARTY: tuple[tuple[str, str], ...] = (
    # aiosmtpd: the SMTP server the mail tests run in place of the council's relay (tests/plugins/mail.py)
    # logs every envelope's sender and recipients; in production the relay is someone else's server.
    ("mail.log", "aiosmtpd, the tests' stand-in mail relay, logs each envelope's addresses"),
)

_FORMATTER = logging.Formatter()


@dataclass(frozen=True)
class Finding:
    where: str  # logger, level, and the call site of the logging call
    what: str  # what it held (never the data itself)


def _third_party(name: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix, _ in THIRD_PARTY)


def _full_text(record: logging.LogRecord) -> tuple[str, bool]:
    """The message with its arguments, the formatted exception and stack; and whether it has a traceback."""
    try:
        parts = [record.getMessage()]
    except (TypeError, ValueError):
        parts = [str(record.msg)]
    has_traceback = False
    if record.exc_info and record.exc_info != (None, None, None):
        parts.append(_FORMATTER.formatException(record.exc_info))
        has_traceback = True
    elif record.exc_text:
        parts.append(record.exc_text)
        has_traceback = True
    if record.stack_info:
        parts.append(record.stack_info)
        has_traceback = True
    text = "\n".join(parts)
    return text, has_traceback or TRACEBACK in text


class _Recorder(logging.Handler):
    """Reads each record as it arrives, before any filter (its own included) changes it."""

    def __init__(self, traceback_allowed: bool) -> None:
        super().__init__(level=logging.NOTSET)
        self.traceback_allowed = traceback_allowed
        self.findings: list[Finding] = []

    def handle(self, record: logging.LogRecord) -> bool:  # no filtering: the raw record is the point
        if _third_party(record.name):
            return True
        text, has_traceback = _full_text(record)
        call = redact(str(record.msg))[:80]  # the call site's message, cleaned: the report is a log too
        where = f"{record.name} {record.levelname} at {record.pathname}:{record.lineno} ({call!r})"
        kinds = personal_data_in(text)
        if kinds:
            self.findings.append(Finding(where, "personal data: " + ", ".join(kinds)))
        if has_traceback and not self.traceback_allowed:
            self.findings.append(Finding(where, "a traceback (mark the test logs_traceback if it is on purpose)"))
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does the work
        pass


_FINDINGS = pytest.StashKey[dict[str, list[Finding]]]()


def _traceback_allowed(item: pytest.Item) -> bool:
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        return False
    reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{MARKER} needs the reason, as a string")
    return True


def _recording(item: pytest.Item, when: str) -> Iterator[None]:
    recorder = _Recorder(_traceback_allowed(item))
    root = logging.getLogger()
    root.handlers.insert(0, recorder)  # first: ahead of every handler that cleans records in place
    try:
        yield
    finally:
        root.removeHandler(recorder)
        item.stash.setdefault(_FINDINGS, {})[when] = recorder.findings


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    yield from _recording(item, "setup")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    yield from _recording(item, "call")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield from _recording(item, "teardown")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    findings = item.stash.get(_FINDINGS, {}).get(call.when, [])
    if findings and report.passed:
        report.outcome = "failed"
        lines = [f"the {call.when} phase logged what must not reach the logs:"]
        lines += [f"  {finding.what}: {finding.where}" for finding in findings]
        report.longrepr = "\n".join(lines)
    return report


def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    if root.getEffectiveLevel() > logging.INFO:
        root.setLevel(logging.INFO)  # as the app's logging_privacy.configure sets it
