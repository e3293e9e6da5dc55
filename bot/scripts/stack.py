"""Start the real parts on local ports: the directory app (its own Python 3.11 environment, sample data),
the action server and the Rasa server. Used by the end-to-end tests and bench/bot; standard library only.

    with Stack.start(model=Path("models/around-here.tar.gz")) as stack:
        stack.rasa_url   # http://127.0.0.1:<port>, REST channel at /webhooks/rest/webhook

Given `directory_api` (an already running directory app's API base URL, e.g. the app's own test server),
the stack starts only the action server and the Rasa server and points the actions at that API.

`rasa_instances=N` starts N Rasa servers (`stack.rasa_urls`) on one action server, with the endpoints file
and environment given (`endpoints.scaled.yml` with PostgreSQL and Redis: any instance can continue any
conversation).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent
REPO = BOT.parent
APP_FLASK = REPO / ".venv" / "bin" / "flask"
RASA = BOT / ".venv" / "bin" / "rasa"


class StackError(RuntimeError):
    """A part did not start; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StackError(f"{url}: the process exited with {process.returncode}\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise StackError(f"nothing answered {url} within {seconds}s\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Stack:
    workdir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    directory_api: str = ""
    actions_url: str = ""
    rasa_url: str = ""
    rasa_urls: list[str] = field(default_factory=list)
    # The Rasa HTTP API's token (`--auth-token`); both servers listen on 127.0.0.1 only.
    token: str = field(default_factory=lambda: secrets.token_hex(16))

    @classmethod
    @contextlib.contextmanager
    def start(
        cls,
        *,
        model: Path | None = None,
        actions: bool = True,
        directory_api: str | None = None,
        rasa_instances: int = 1,
        endpoints: str = "endpoints.yml",
        rasa_env: dict[str, str] | None = None,
    ) -> Iterator[Stack]:
        """The directory app (unless `directory_api` names one already running); the action server and
        (given a model) `rasa_instances` Rasa servers too, with `endpoints` and `rasa_env`."""
        stack = cls(Path(tempfile.mkdtemp(prefix="around-here-stack-")))
        try:
            if directory_api:
                stack.directory_api = directory_api.rstrip("/")
            else:
                stack._start_directory()
            if actions or model:
                stack._start_actions()
            if model:
                stack._start_rasa(model, rasa_instances, endpoints, rasa_env or {})
            yield stack
        finally:
            stack.stop()

    def _spawn(
        self, name: str, command: list[str], cwd: Path, env: dict[str, str]
    ) -> tuple[subprocess.Popen, Path]:
        log = self.workdir / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.names.append(name)
        return process, log

    def _start_directory(self) -> None:
        if not APP_FLASK.exists():
            raise StackError(f"the directory app's environment is missing ({APP_FLASK}): run `make setup`")
        (self.workdir / "var").mkdir()
        env = {
            **os.environ,
            "AROUND_HERE_VAR": str(self.workdir / "var"),
            "AROUND_HERE_ENV": "development",
            "INDEX_IN_BACKGROUND": "0",
            "FLASK_DEBUG": "0",
        }
        for command in (
            ["directory", "migrate"],
            ["directory", "load-sample"],
            ["directory", "ensure-index"],
        ):
            done = subprocess.run(
                [str(APP_FLASK), "--app", "web", *command], cwd=REPO, env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise StackError(f"flask {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        port = free_port()
        gunicorn = REPO / ".venv" / "bin" / "gunicorn"
        command = (
            [str(gunicorn), "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}", "web.wsgi:app"]
            if gunicorn.exists()
            else [str(APP_FLASK), "--app", "web", "run", "--host", "127.0.0.1", "--port", str(port)]
        )
        process, log = self._spawn("directory", command, REPO, env)
        self.directory_api = f"http://127.0.0.1:{port}/api"
        wait_for(f"{self.directory_api}/needs", process, log)

    def _start_actions(self) -> None:
        port = free_port()
        env = {
            **os.environ,
            "DIRECTORY_API_URL": self.directory_api,
            "SANIC_HOST": "127.0.0.1",  # the action server binds here (rasa_sdk reads it)
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
        command = [str(RASA), "run", "actions", "--actions", "actions", "--port", str(port)]
        process, log = self._spawn("actions", command, BOT, env)
        self.actions_url = f"http://127.0.0.1:{port}"
        wait_for(f"{self.actions_url}/health", process, log, seconds=120)

    def _start_rasa(self, model: Path, instances: int, endpoints: str, extra_env: dict[str, str]) -> None:
        env = {
            **os.environ,
            "ACTION_ENDPOINT": f"{self.actions_url}/webhook",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            **extra_env,
        }
        started = []
        for number in range(instances):
            port = free_port()
            command = [
                str(RASA), "run", "--enable-api", "--auth-token", self.token, "--interface", "127.0.0.1",
                "--port", str(port), "--model", str(model),
                "--endpoints", endpoints, "--credentials", "credentials.yml",
            ]  # fmt: skip
            name = "rasa" if number == 0 else f"rasa-{number + 1}"
            started.append((*self._spawn(name, command, BOT, env), f"http://127.0.0.1:{port}"))
        for process, log, url in started:  # they load the model side by side
            wait_for(f"{url}/status?token={self.token}", process, log, seconds=240 * instances)
            self.rasa_urls.append(url)
        self.rasa_url = self.rasa_urls[0]

    def say(self, sender: str, message: str, **metadata: str) -> list[dict]:
        """One resident message through the REST channel; the assistant's replies."""
        return self.say_at(self.rasa_url, sender, message, **metadata)

    def say_at(self, rasa_url: str, sender: str, message: str, **metadata: str) -> list[dict]:
        """One resident message to the Rasa server at `rasa_url` (one of `rasa_urls`)."""
        body = json.dumps({"sender": sender, "message": message, "metadata": metadata}).encode()
        request = urllib.request.Request(
            f"{rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def pids(self) -> dict[str, int]:
        return {name: p.pid for name, p in zip(self.names, self.processes, strict=True)}

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)
