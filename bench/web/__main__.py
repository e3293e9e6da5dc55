"""`python -m bench.web` (or `make bench-web`): the chat widget and the chat relay.

1. Payload: widget.js raw and gzipped (and the English strings JSON).
2. The real parts on loopback ports: the app under gunicorn (sample directory, SQLite) relaying to the
   real Rasa server and action server (bot/.venv, bot/models/around-here.tar.gz, started by
   bot/scripts/stack.py with its own directory app for the actions).
3. Time to first message in the browser (Chromium at /usr/bin/chromium via Playwright): on the demo
   page, open the widget and send "hello"; the time until the first reply from the assistant is in the
   page, median of 10 (a new browser context each time, so a new conversation).
4. Relay overhead: the same scripted conversations sent straight to Rasa's REST channel and through the
   relay (/chat/api/message), alternately; overhead = relay latency minus Rasa latency at p50 and p95,
   for one conversation at a time and for 20 concurrent conversations. Also per request: the time
   through the relay minus the relay's own wait for Rasa (its Server-Timing header), which pairs the
   two exactly where the phase comparison only compares distributions.

Writes bench/results/web.json. About two minutes, most of it starting Rasa.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from bench.search.measure import machine_basics, summarise

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "web" / "static" / "widget" / "widget.js"
MODEL = ROOT / "bot" / "models" / "around-here.tar.gz"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
SCRIPT = ["hello", "food bank in Reddish", "more", "I need debt advice in Edgeley"]
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def load_stack_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "around_here_bot_stack", ROOT / "bot" / "scripts" / "stack.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def payload() -> dict[str, Any]:
    raw = WIDGET.read_bytes()
    return {"widget_js_bytes": len(raw), "widget_js_gzip_bytes": len(gzip.compress(raw, compresslevel=9))}


def post_json(url: str, body: dict[str, Any], timeout: float = 60) -> tuple[Any, Any]:
    """(the response's headers, its JSON body)."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with _NO_PROXY.open(request, timeout=timeout) as response:
        return response.headers, json.loads(response.read())


def assistant_ms(server_timing: str | None) -> float | None:
    """The relay's wait for the assistant, from its `Server-Timing: assistant;dur=..., relay;dur=...`."""
    for part in (server_timing or "").split(","):
        name, _, duration = part.strip().partition(";dur=")
        if name == "assistant" and duration:
            return float(duration)
    return None


def start_app(work: Path, port: int, rasa_url: str, rasa_token: str) -> subprocess.Popen:
    """The app under gunicorn on `port` over a fresh sample directory, relaying chat to `rasa_url`."""
    env = {
        **os.environ,
        "AROUND_HERE_VAR": str(work / "var"),
        "INDEX_IN_BACKGROUND": "0",
        "AROUND_HERE_ENV": "development",
        "RASA_URL": rasa_url,
        "RASA_TOKEN": rasa_token,
        "CHAT_RASA_TIMEOUT": "30",  # measure the relay, not its fallback
        "CHAT_RATE_LIMIT_SESSION": "1000000/1",
        "CHAT_RATE_LIMIT_CLIENT": "1000000/1",
    }
    (work / "var").mkdir(parents=True, exist_ok=True)
    flask = Path(sys.executable).with_name("flask")
    for command in (["migrate"], ["load-sample"], ["ensure-index"]):
        subprocess.run(
            [str(flask), "--app", "web", "directory", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "16",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "web.wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with _NO_PROXY.open(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the app did not become ready")


def first_message_times(site: str, runs: int) -> list[float]:
    """ms from opening the widget to the first reply of the assistant being in the page."""
    from playwright.sync_api import sync_playwright

    samples: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                page.goto(f"{site}/widget/demo")
                page.locator("[data-around-here-widget] .launcher").wait_for()
                elapsed = page.evaluate(
                    """() => new Promise((resolve) => {
                        const root = document.querySelector('[data-around-here-widget]').shadowRoot;
                        const log = root.querySelector('.log');
                        const before = root.querySelectorAll('.msg.bot').length;
                        const started = performance.now();
                        new MutationObserver((changes, observer) => {
                            if (root.querySelectorAll('.msg.bot').length > before) {
                                observer.disconnect();
                                requestAnimationFrame(() => resolve(performance.now() - started));
                            }
                        }).observe(log, {childList: true});
                        root.querySelector('.launcher').click();
                        root.querySelector('#ah-input').value = 'hello';
                        root.querySelector('form').requestSubmit();
                    })"""
                )
                samples.append(round(elapsed, 1))
                context.close()
        finally:
            browser.close()
    return samples


def conversations(
    send: Any,
    clients: int,
    rounds: int,
    results: list[float],
    errors: list[str],
    sources: dict[str, int],
    own_share: list[float] | None = None,
) -> None:
    """`clients` concurrent conversations, each the scripted messages `rounds` times. `send` returns
    (where the answer came from, ms the relay waited for the assistant or None)."""
    lock = threading.Lock()

    def one() -> None:
        sender = uuid.uuid4().hex
        for _ in range(rounds):
            for message in SCRIPT:
                started = time.perf_counter()
                try:
                    source, waited = send(sender, message)
                except Exception as exc:  # counted, reported
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    results.append(elapsed)
                    sources[source] = sources.get(source, 0) + 1
                    if own_share is not None and waited is not None:
                        own_share.append(elapsed - waited)

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="times each conversation repeats the script")
    parser.add_argument("--first-message-runs", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "web.json")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "machine": machine_basics()}
    results["payload"] = payload()
    print(f"payload: {results['payload']}", flush=True)
    if not MODEL.exists():
        print(f"no trained model at {MODEL}: run `make test-bot` first", file=sys.stderr)
        return 1

    stack_module = load_stack_module()
    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    port = stack_module.free_port()
    site = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    # The stack serves the actions' directory API from its own app, so the relay's threads (which wait
    # for Rasa) never hold up the directory calls Rasa's actions make while it answers.
    with stack_module.Stack.start(model=MODEL) as stack:
        server = start_app(work, port, stack.rasa_url, stack.token)
        try:
            print(f"stack ready in {time.perf_counter() - started:.0f}s", flush=True)
            with _NO_PROXY.open(f"{site}/widget/strings/en.json") as response:
                strings = response.read()
            results["payload"]["strings_en_json_bytes"] = len(strings)
            results["payload"]["strings_en_json_gzip_bytes"] = len(gzip.compress(strings, compresslevel=9))

            def direct(sender: str, message: str) -> tuple[str, None]:
                post_json(f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": f"direct-{sender}", "message": message,
                          "metadata": {"language": "en", "channel": "web"}})  # fmt: skip
                return "rasa", None

            def relayed(sender: str, message: str) -> tuple[str, float | None]:
                headers, body = post_json(f"{site}/chat/api/message", {"session": sender, "message": message,
                                          "language": "en"})  # fmt: skip
                return body["source"], assistant_ms(headers.get("Server-Timing"))

            # warm-up: both paths, a few conversations
            conversations(direct, 4, 1, [], [], {})
            conversations(relayed, 4, 1, [], [], {})

            def overhead(clients: int, rounds: int) -> dict[str, Any]:
                rasa_ms: list[float] = []
                relay_ms: list[float] = []
                own_ms: list[float] = []
                errors: dict[str, list[str]] = {"rasa": [], "relay": []}
                sources: dict[str, int] = {}
                for _ in range(rounds):  # alternate, so drift affects both alike
                    conversations(direct, clients, 1, rasa_ms, errors["rasa"], {})
                    conversations(relayed, clients, 1, relay_ms, errors["relay"], sources, own_ms)
                rasa, relay = summarise(rasa_ms), summarise(relay_ms)
                return {
                    "concurrent_conversations": clients,
                    "messages_per_path": len(rasa_ms),
                    "rasa_direct_ms": rasa,
                    "through_relay_ms": relay,
                    "overhead_p50_ms": round(relay["p50"] - rasa["p50"], 1),
                    "overhead_p95_ms": round(relay["p95"] - rasa["p95"], 1),
                    # per request: the client's time through the relay minus the relay's own wait for
                    # Rasa (Server-Timing): the extra hop, checks, normalising and JSON, paired exactly
                    "per_request_overhead_ms": summarise(own_ms),
                    "relay_sources": sources,
                    "errors": {k: len(v) for k, v in errors.items()},
                }

            results["script"] = SCRIPT
            # one conversation at a time: the relay's own cost, with nothing queueing
            results["relay_overhead_one_conversation"] = overhead(1, 3)
            print(
                f"relay overhead, one conversation: {json.dumps(results['relay_overhead_one_conversation'])}"
            )
            results["relay_overhead"] = overhead(args.clients, args.rounds)
            print(f"relay overhead: {json.dumps(results['relay_overhead'])}", flush=True)

            if CHROMIUM.exists():
                samples = first_message_times(site, args.first_message_runs)
                results["first_message_ms"] = {
                    "runs": len(samples),
                    "median": round(statistics.median(samples), 1),
                    "min": min(samples),
                    "max": max(samples),
                    "samples": samples,
                }
                print(f"time to first message: {results['first_message_ms']}", flush=True)
            else:
                results["first_message_ms"] = {"skipped": f"no Chromium at {CHROMIUM}"}
        finally:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
