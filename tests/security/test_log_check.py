"""The suite-wide log check (tests/plugins/log_privacy.py) fails the tests whose logs hold personal data
or an unexplained traceback, and only those: a pytest run of a small test module shows it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

MODULE = '''
import logging

import pytest

log = logging.getLogger("web.example")


def test_logs_an_email_address():
    log.info("reminder sent to %s", "volunteer@example.org")


def test_logs_a_phone_number_in_an_exception_message():
    try:
        raise ValueError("no reply for 07700 900123")
    except ValueError as exc:
        log.warning("could not reply: %s", exc)


def test_logs_a_traceback_it_did_not_ask_for():
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("sum failed")


@pytest.mark.logs_traceback("the failure is the point of this test")
def test_logs_a_traceback_on_purpose():
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("sum failed")


@pytest.mark.logs_traceback("a traceback is allowed, personal data is not")
def test_logs_a_traceback_that_holds_an_address():
    try:
        raise KeyError("volunteer@example.org")
    except KeyError:
        log.exception("lookup failed")


def test_logs_ids_and_counts_only():
    log.info("user %s signed in; %d attempts", "5f2b1c8e-0123-4567-8901-234567890123", 3)


def test_logs_at_debug_below_the_level():
    log.debug("%s", "volunteer@example.org")  # not written at INFO, as in production
'''


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("log_check")
    (folder / "test_logging_examples.py").write_text(textwrap.dedent(MODULE))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-c", str(REPO / "pyproject.toml"),
         "--rootdir", str(REPO), "-rA", "-q", str(folder)],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    outcomes = {}
    for line in result.stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("PASSED", "FAILED", "ERROR") and "::" in rest:
            outcomes[rest.split("::")[1].split(" ")[0]] = status
    outcomes["_output"] = result.stdout + result.stderr
    return outcomes


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ("test_logs_an_email_address", "FAILED"),
        ("test_logs_a_phone_number_in_an_exception_message", "FAILED"),
        ("test_logs_a_traceback_it_did_not_ask_for", "FAILED"),
        ("test_logs_a_traceback_on_purpose", "PASSED"),
        ("test_logs_a_traceback_that_holds_an_address", "FAILED"),
        ("test_logs_ids_and_counts_only", "PASSED"),
        ("test_logs_at_debug_below_the_level", "PASSED"),
    ],
)
def test_the_check_fails_exactly_the_tests_that_log_what_they_must_not(outcome, test, expected):
    assert outcome.get(test) == expected, outcome["_output"][-3000:]


def test_the_failure_names_the_call_site_and_the_kind_of_data_but_not_the_data(outcome):
    output = outcome["_output"]
    assert "personal data: email: web.example INFO" in output
    assert "'reminder sent to %s'" in output
    assert "a traceback (mark the test logs_traceback if it is on purpose)" in output
    reports = [part.split("\n---")[0] for part in output.split("logged what must not reach the logs:")[1:]]
    assert reports and not any("volunteer@example.org" in r or "900123" in r for r in reports)
