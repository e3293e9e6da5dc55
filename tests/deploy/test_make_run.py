"""`make run` as a developer starts it: two gunicorn workers, the assistant and its action server, real
processes on loopback ports, probed over HTTP the way a resident, Twilio and an attacker would.

Every process must agree on the secrets (sessions, CSRF, the SMS sender hash), links must point only at
PUBLIC_URL, oversized bodies must be refused before they are read, the assistant must be closed to the
network, and a session cookie saved before signing out must not work after it. Each promise is tried 50
times, because a per-process secret fails only some of the time.
"""

from __future__ import annotations

import email
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from twilio.request_validator import RequestValidator

REPO = Path(__file__).resolve().parents[2]
BOT_READY = (REPO / "bot" / ".venv" / "bin" / "rasa").exists() and (
    REPO / "bot" / "models" / "around-here.tar.gz"
).exists()
TRIES = 50
TWILIO_TOKEN = "make-run-test-twilio-token"
PASSWORD = "a long enough password for the test"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"


def _free_port_pair() -> int:
    """A port that is free, and the one above it too."""
    for _ in range(50):
        port = _free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two consecutive free ports")


@dataclass
class Running:
    base: str
    port: int
    rasa_port: int
    actions_port: int
    var: Path
    env: dict[str, str]
    mailbox: _Mailbox


def _wait(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError as answered:
            answered.close()
            return  # it answered
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"nothing answered {url} within {seconds:.0f} s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    work = tmp_path_factory.mktemp("make-run")
    var = work / "var"
    mailbox = _Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    # With a local Redis, `make run` starts two assistant instances: on RASA_PORT and RASA_PORT+1.
    port, rasa_port, actions_port, api_port = _free_port(), _free_port_pair(), _free_port_pair(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "SECRET_KEY", "PUBLIC_URL"))},
        "AROUND_HERE_ENV": "development",
        "AROUND_HERE_VAR": str(var),
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "CHAT_RASA_TIMEOUT": "60",  # a first turn on a busy machine is an assistant turn, not a fallback
        "SMS_LIMIT_PER_SENDER_HOUR": "100000",
        "SMS_LIMIT_GLOBAL_MINUTE": "100000",
        "PORTAL_SIGN_IN_RATE_LIMIT": "100000/60",
        "PORTAL_RESET_RATE_LIMIT": "100000/60",
    }
    log = work / "make-run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}", f"RASA_PORT={rasa_port}",
             f"ACTIONS_PORT={actions_port}", f"API_PORT={api_port}"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/healthz", process, log, 600)
        if BOT_READY:
            _wait(f"http://127.0.0.1:{rasa_port}/", process, log, 300)
        created = subprocess.run(
            [str(REPO / ".venv" / "bin" / "flask"), "--app", "web", "portal", "create-admin",
             "--email", "admin@example.org"],
            cwd=REPO, env=env, input=f"{PASSWORD}\n{PASSWORD}\n", capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert created.returncode == 0, created.stderr
        yield Running(base, port, rasa_port, actions_port, var, env, mailbox)
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
        smtp.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _browser(jar: http.cookiejar.CookieJar | None = None) -> urllib.request.OpenerDirector:
    """A client with its own cookies that opens a new connection per request (any worker may answer)."""
    cookies = urllib.request.HTTPCookieProcessor(jar if jar is not None else http.cookiejar.CookieJar())
    return urllib.request.build_opener(cookies, _NoRedirect, urllib.request.ProxyHandler({}))


def _open(
    opener: urllib.request.OpenerDirector,
    url: str | urllib.request.Request,
    data: dict[str, str] | None = None,
) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location", ""), error.read().decode()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_fifty_portal_sign_ins_each_followed_by_three_pages_all_succeed(make_run: Running):
    failures = []
    for attempt in range(TRIES):
        browser = _browser()
        status, _, page = _open(browser, f"{make_run.base}/portal/sign-in")
        token = _CSRF.search(page)
        assert status == 200 and token
        status, location, _ = _open(
            browser,
            f"{make_run.base}/portal/sign-in",
            {"csrf_token": token.group(1), "email": "admin@example.org", "password": PASSWORD},
        )
        pages = [_open(browser, f"{make_run.base}/portal/")[0] for _ in range(3)]
        if status != 303 or "sign-in" in location or pages != [200, 200, 200]:
            failures.append((attempt, status, location, pages))
    assert failures == []


def _replayed(make_run: Running, cookie: str, path: str) -> tuple[int, str, str]:
    """`path` fetched with a saved Cookie header by a client that keeps no cookies of its own."""
    bare = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))
    return _open(bare, urllib.request.Request(f"{make_run.base}{path}", headers={"Cookie": cookie}))


def test_a_cookie_saved_before_signing_out_and_replayed_after_gets_the_sign_in_page(make_run: Running):
    jar = http.cookiejar.CookieJar()
    browser = _browser(jar)
    _, _, page = _open(browser, f"{make_run.base}/portal/sign-in")
    _open(browser, f"{make_run.base}/portal/sign-in",
          {"csrf_token": _CSRF.search(page).group(1), "email": "admin@example.org", "password": PASSWORD})  # fmt: skip
    status, _, dashboard = _open(browser, f"{make_run.base}/portal/")
    assert status == 200
    saved = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    assert _replayed(make_run, saved, "/portal/")[0] == 200  # the copy works while its owner is signed in
    status, location, _ = _open(browser, f"{make_run.base}/portal/sign-out",
                                {"csrf_token": _CSRF.search(dashboard).group(1)})  # fmt: skip
    assert status == 303 and location.endswith("/portal/sign-in")
    status, location, _ = _replayed(make_run, saved, "/portal/")
    sign_in_page = urllib.parse.urlsplit(location)
    assert status == 303 and sign_in_page.path == "/portal/sign-in"
    status, _, page = _replayed(make_run, saved, f"{sign_in_page.path}?{sign_in_page.query}")
    assert status == 200 and 'name="password"' in page


def _text(make_run: Running, number: str, body: str, sid: str) -> list[str]:
    url = f"{make_run.base}/sms/inbound"
    params = {"MessageSid": sid, "AccountSid": "AC" + "1" * 32, "From": number, "To": "+447700900999",
              "Body": body, "NumMedia": "0"}  # fmt: skip
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(),
                                     headers={"X-Twilio-Signature": signature})  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return [m.text or "" for m in ElementTree.fromstring(response.read()).iter("Message")]


def _sid(tag: str, n: int) -> str:
    return "SM" + f"{tag}{n}".encode().hex().ljust(32, "0")[:32]


def test_after_stop_fifty_later_texts_get_no_reply(make_run: Running):
    number = "+447700900201"
    _text(make_run, number, "STOP", _sid("stop", 0))
    answered = [i for i in range(TRIES) if _text(make_run, number, "HELP", _sid("after", i))]
    assert answered == []


def test_fifty_twilio_retries_of_answered_messages_get_no_second_reply(make_run: Running):
    number = "+447700900202"
    doubled = []
    for i in range(TRIES):
        sid = _sid("retry", i)
        assert _text(make_run, number, "HELP", sid), "the first delivery is answered"
        if _text(make_run, number, "HELP", sid):
            doubled.append(i)
    assert doubled == []


def test_a_language_chosen_by_text_holds_for_the_next_fifty_texts(make_run: Running):
    english = _text(make_run, "+447700900203", "HELP", _sid("en", 0))
    number = "+447700900204"
    _text(make_run, number, "LANG PL", _sid("lang", 0))
    replies = [tuple(_text(make_run, number, "HELP", _sid("pl", i))) for i in range(TRIES)]
    assert len(set(replies)) == 1 and list(replies[0]) != english


def test_a_reset_asked_for_under_a_forged_host_emails_no_link_to_that_host(make_run: Running):
    browser = _browser()
    _, _, page = _open(browser, f"{make_run.base}/portal/password-reset")
    token = _CSRF.search(page).group(1)
    request = urllib.request.Request(
        f"{make_run.base}/portal/password-reset",
        data=urllib.parse.urlencode({"csrf_token": token, "email": "admin@example.org"}).encode(),
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    before = len(make_run.mailbox.messages)
    browser.open(request, timeout=30).close()
    deadline = time.monotonic() + 10
    while len(make_run.mailbox.messages) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    [message] = make_run.mailbox.messages[before:]
    body = message.get_payload(decode=True).decode()
    assert "evil.example" not in body
    assert f"{make_run.base}/portal/password-reset/" in body


def _raw_post(make_run: Running, path: str, declared: int) -> tuple[str, float]:
    """Declare a body of `declared` bytes, send only the headers and 1 KB, and read the status line."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", make_run.port), timeout=10) as sock:
        sock.sendall(
            (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{make_run.port}\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: x\r\n"
             f"Content-Length: {declared}\r\n\r\n").encode() + b"a" * 1024
        )  # fmt: skip
        status = sock.makefile("rb").readline().decode()
    return status, time.monotonic() - started


@pytest.mark.parametrize("path", ["/sms/inbound", "/portal/sign-in"])
def test_a_two_megabyte_post_gets_413_before_the_worker_waits_for_the_body(make_run: Running, path: str):
    status, seconds = _raw_post(make_run, path, 2 * 1024 * 1024)
    assert " 413 " in status
    assert seconds < 5  # answered without waiting for the 2 MB that never comes


def _listening(port: int) -> set[str]:
    """The local addresses listening on `port`, from the kernel's own tables."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address if width == 32 else socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


@pytest.mark.skipif(not BOT_READY, reason="the assistant (bot/.venv and its trained model) is not installed")
def test_the_assistant_and_its_action_server_listen_on_loopback_only(make_run: Running):
    _wait_for_port(make_run.actions_port)
    assert _listening(make_run.rasa_port) == {"127.0.0.1"}
    assert _listening(make_run.actions_port) == {"127.0.0.1"}
    assert _listening(make_run.port) == {"127.0.0.1"}


def _wait_for_port(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not _listening(port) and time.monotonic() < deadline:
        time.sleep(0.5)


@pytest.mark.skipif(not BOT_READY, reason="the assistant (bot/.venv and its trained model) is not installed")
def test_the_assistants_tracker_refuses_requests_without_the_token(make_run: Running):
    url = f"http://127.0.0.1:{make_run.rasa_port}/conversations/sms-someone/tracker"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    refused.value.close()
    assert refused.value.code in (401, 403)
    secrets = dict(
        line.split("=", 1) for line in (make_run.var / "secrets.env").read_text().split() if "=" in line
    )
    with urllib.request.urlopen(f"{url}?token={secrets['RASA_TOKEN']}", timeout=10) as allowed:
        assert allowed.status == 200


def test_make_run_keeps_its_secrets_private(make_run: Running):
    assert ((make_run.var / "secrets.env").stat().st_mode & 0o777) == 0o600


def _redis_answers() -> bool:
    try:
        done = subprocess.run(["redis-cli", "ping"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.stdout.strip() == "PONG"


@pytest.mark.skipif(not BOT_READY, reason="the assistant's environment or model is missing")
def test_with_a_local_redis_a_second_assistant_instance_listens_on_the_next_ports(make_run: Running):
    if not _redis_answers():
        pytest.skip("no local Redis answers `redis-cli ping`: make run starts one assistant instance")
    _wait_for_port(make_run.rasa_port + 1, seconds=300)
    _wait_for_port(make_run.actions_port + 1)
    assert _listening(make_run.rasa_port + 1) == {"127.0.0.1"}
    assert _listening(make_run.actions_port + 1) == {"127.0.0.1"}


@pytest.mark.skipif(not BOT_READY, reason="the assistant's environment or model is missing")
def test_conversations_are_kept_in_var_without_what_the_resident_typed(make_run: Running):
    session = os.urandom(16).hex()
    body = json.dumps({"session": session, "message": "my landlord is evicting me, food bank in Reddish",
                       "language": "en"}).encode()  # fmt: skip
    request = urllib.request.Request(
        f"{make_run.base}/chat/api/message", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert json.loads(response.read())["source"] == "assistant"
    with sqlite3.connect(make_run.var / "trackers.db") as database:
        rows = database.execute("SELECT data FROM events WHERE sender_id = ?", (f"web-{session}",)).fetchall()
    stored = "\n".join(row[0] for row in rows)
    assert rows and "landlord" not in stored and "evicting" not in stored


def _resident_events(var: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(var / "around-here.db") as database:
        return database.execute(
            "SELECT channel, need, neighbourhood FROM demand_event WHERE sample = 0 ORDER BY id"
        ).fetchall()


def test_a_residents_searches_are_stored_as_demand_events_within_five_seconds(make_run: Running):
    before = len(_resident_events(make_run.var))
    with urllib.request.urlopen(f"{make_run.base}/search?q=food+bank&place=Reddish", timeout=30) as response:
        assert response.status == 200
    channels = {"web"}
    if (
        BOT_READY
    ):  # through the assistant, whose action asks the directory API process, marked as a resident's
        body = json.dumps({"session": os.urandom(16).hex(), "message": "is there a food bank in Reddish",
                           "language": "en"}).encode()  # fmt: skip
        request = urllib.request.Request(
            f"{make_run.base}/chat/api/message", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert json.loads(response.read())["source"] == "assistant"
        channels.add("widget")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        new = _resident_events(make_run.var)[before:]
        if {channel for channel, _, _ in new} >= channels:
            break
        time.sleep(0.2)
    assert {(channel, need, hood) for channel, need, hood in new} == {
        (channel, "food", "tame-valley") for channel in channels
    }


def test_make_run_shows_a_populated_insight_page_marked_as_sample_data(make_run: Running):
    browser = _browser()
    _, _, page = _open(browser, f"{make_run.base}/portal/sign-in")
    token = _CSRF.search(page)
    assert token
    _open(browser, f"{make_run.base}/portal/sign-in",
          {"csrf_token": token.group(1), "email": "admin@example.org", "password": PASSWORD})  # fmt: skip
    status, _, borough = _open(browser, f"{make_run.base}/portal/insight/borough")
    assert status == 200 and "Sample data" in borough
    counts = [int(n) for n in re.findall(r'insight-table__number">(\d+)<', borough)]
    assert counts and max(counts) >= 100  # a year of searches, not an empty page
    status, _, heatons = _open(browser, f"{make_run.base}/portal/insight/heatons")
    assert status == 200 and "Sample data" in heatons and "fewer than 5" in heatons
    assert (make_run.var / "insight-demo.json").exists()
