"""The load tools (bench/load, bench/sms) run against the app on a live port with the assistant stopped:
every answer is then the directory's fallback, which the tools must count as such. Nothing here is
timed: the numbers are the benchmark's business, not the tests'."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from flask import Flask
from sqlalchemy.orm import Session

from bench.load.__main__ import main as _load_main
from bench.load.channels import Turn
from bench.load.processes import classify
from bench.load.runner import RunResult, held
from bench.load.script import vocabulary
from bench.sms.__main__ import main as _sms_main
from tests.helpers.sms import TOKEN


def _in_own_thread(main, argv: list[str]) -> int:
    """The tools are command-line programs that start their own event loop; the browser tests' sync
    Playwright keeps one running in this thread for the session, so run them in a thread of their own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(main, argv).result()


def load_main(argv: list[str]) -> int:
    return _in_own_thread(_load_main, argv)


def sms_main(argv: list[str]) -> int:
    return _in_own_thread(_sms_main, argv)


ROOT = Path(__file__).resolve().parents[2]
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def training_examples() -> set[str]:
    examples: set[str] = set()
    for path in (ROOT / "bot" / "data" / "nlu").rglob("*.yml"):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    examples.add(_ANNOTATION.sub(r"\1", line.strip()[2:]).strip().lower())
    return examples


def test_the_messages_are_at_least_200_and_none_is_a_training_example() -> None:
    words = vocabulary()
    assert len(words.all_messages()) >= 200
    # follow-ups ("more", "details 1") are the assistant's own words, so they may be trained on
    written = {m.lower() for m in (*words.openers, *words.need_messages())}
    assert not written & training_examples()


@pytest.fixture
def high_chat_limits(app: Flask, fresh_rate_limits: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "CHAT_RATE_LIMIT_SESSION", "10000/60")
    monkeypatch.setitem(app.config, "CHAT_RATE_LIMIT_CLIENT", "10000/60")


def test_the_chat_load_tool_reports_turns_and_counts_fallback_answers(
    live_server: str, assistant_down: str, high_chat_limits: None, tmp_path: Path
) -> None:
    closed, opened = tmp_path / "closed.json", tmp_path / "open.json"
    common = ["--url", live_server, "--warmup", "0", "--no-processes"]
    assert load_main(["closed", "--conversations", "2", "--seconds", "2", *common, "--out", str(closed)]) == 0
    assert (
        load_main(["open", "--rate", "2", "--seconds", "1", "--think", "0.2", *common, "--out", str(opened)])
        == 0
    )
    for path in (closed, opened):
        summary = json.loads(path.read_text())["summary"]
        assert summary["turns"] > 0 and summary["errors"] == 0
        assert summary["fallback"] == summary["turns"] and summary["fallback_share"] == 1.0
        assert summary["latency_ms"]["n"] == summary["turns"]
        assert summary["outside_relay_ms"]["n"] == summary["turns"]  # the relay's Server-Timing was read


def test_the_sms_load_tool_signs_like_twilio_and_counts_fallback_answers(
    app: Flask,
    rollback_app_session: Session,
    live_server: str,
    assistant_down: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    out = tmp_path / "sms.json"
    # one text at a time: the rolled-back session is one database connection for every server thread
    argv = ["--url", live_server, "--token", TOKEN, "--rate", "1", "--seconds", "2", "--senders", "1"]
    assert (
        sms_main([*argv, "--closed-seconds", "2", "--warmup", "0", "--no-processes", "--out", str(out)]) == 0
    )
    results = json.loads(out.read_text())
    for part in ("open", "closed"):
        summary = results[part]
        assert summary["turns"] > 0 and summary["errors"] == 0, summary
        assert summary["fallback"] > 0 and summary["throttled"] == 0
    assert (
        results["open"]["fallback"] == results["open"]["turns"]
    )  # each one a need, answered from the directory


def test_the_stack_is_recognised_by_its_command_lines() -> None:
    gunicorn = ["python", "/v/bin/gunicorn", "--workers", "2", "--bind", "127.0.0.1:8100", "web.wsgi:app"]
    assert classify(gunicorn) == "web:8100"
    assert classify(["python", "/bot/.venv/bin/rasa", "run", "actions", "--actions", "actions"]) == "actions"
    assert classify(["python", "/bot/.venv/bin/rasa", "run", "--enable-api", "--port", "5005"]) == "rasa:5005"
    assert classify(["python", "-m", "pytest", "rasa", "run"]) is None


def test_a_rate_is_held_only_with_no_errors_few_fallbacks_and_p95_within_the_target() -> None:
    good = {"turns": 100, "errors": 0, "fallback_share": 0.0, "latency_ms": {"p95": 400.0}}
    assert held(good, p95_ms=500, max_fallback=0.01)
    assert not held({**good, "errors": 1}, p95_ms=500, max_fallback=0.01)
    assert not held({**good, "fallback_share": 0.05}, p95_ms=500, max_fallback=0.01)
    assert not held({**good, "latency_ms": {"p95": 501.0}}, p95_ms=500, max_fallback=0.01)
    assert not held({**good, "turns": 0, "latency_ms": {"n": 0}}, p95_ms=500, max_fallback=0.01)


def test_the_summary_counts_throughput_within_the_window_and_the_time_outside_the_relay() -> None:
    run = RunResult(window_s=2.0, elapsed_s=3.0)
    run.turns = [
        Turn(0.5, 100.0, 200, relay_ms=60.0, timings={"relay": 60.0}),
        Turn(1.5, 300.0, 200, fallback=True, relay_ms=280.0, timings={"relay": 280.0}),
        Turn(2.5, 100.0, 200, relay_ms=90.0, timings={"relay": 90.0}),  # a tail after arrivals stopped
        Turn(1.0, 20.0, 429, error="http_429", throttled=True),
    ]
    summary = run.summary()
    assert summary["turns"] == 4 and summary["errors"] == 1 and summary["error_kinds"] == {"http_429": 1}
    assert summary["turns_per_s"] == 1.0  # two answered turns started within two seconds
    assert summary["fallback"] == 1 and summary["fallback_share"] == round(1 / 3, 4)
    assert summary["throttled"] == 1
    assert summary["outside_relay_ms"]["max"] == 40.0
    assert summary["server_timing_ms"]["relay"]["n"] == 3
