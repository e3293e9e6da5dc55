"""`python -m bench.safety.channels`: the held-out corpus through every channel, as residents reach them.

The real parts on loopback ports: the Rasa server and action server (bot/scripts/stack.py, the trained
model) and the app under gunicorn twice over one sample directory, one relaying to the assistant and one
whose assistant is unreachable (so the directory fallback answers). Every held-out message is sent, in a
fresh conversation, through:

- `assistant`: the chat relay with the assistant answering;
- `fallback`: the chat relay with the assistant down;
- `sms`: the signed SMS webhook with the assistant answering;
- `sms-fallback`: the signed SMS webhook with the assistant down.

The tier is read from what the resident gets: the `crisis` payload's tier in chat; in SMS, 999 on the
first line (urgent) or a listening line first (supportive). Reports recall and false alarms per
language and channel, like `python -m bench.safety`. Takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

from twilio.request_validator import RequestValidator

from bench.web.__main__ import MODEL, load_stack_module, post_json, start_app

from .corpus import LANGUAGES, load

TWILIO_TOKEN = "bench-safety-twilio-token"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def chat_tier(site: str, text: str, language: str) -> str:
    _, body = post_json(f"{site}/chat/api/message", {"session": secrets.token_hex(16), "message": text,
                                                     "language": language})  # fmt: skip
    for reply in body.get("replies", []):
        custom = reply.get("custom") or {}
        if custom.get("type") == "crisis":
            return str(custom.get("tier") or "urgent")
    return "none"


def sms_tier(site: str, text: str, language: str) -> str:
    number = f"+4477009{secrets.randbelow(10**5):05d}"
    messages: list[str] = []
    for body in (f"LANG {language.upper()}", text):
        url = f"{site}/sms/inbound"
        params = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": "AC" + "1" * 32, "From": number,
                  "To": "+447700900999", "Body": body, "NumMedia": "0"}  # fmt: skip
        request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
            "X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, params)})  # fmt: skip
        with _NO_PROXY.open(request, timeout=60) as response:
            messages = [m.text or "" for m in ElementTree.fromstring(response.read()).iter("Message")]
    return sms_reply_tier(messages)


def sms_reply_tier(messages: list[str]) -> str:
    """The tier an SMS reply shows: numbers come first, 999 for urgent, a listening line otherwise."""
    first = messages[0].split("\n")[0] if messages else ""
    if "999" in first:
        return "urgent"
    if "116123" in first or "0808" in first:
        return "supportive"
    return "none"


def score(examples: list, tier_of: Callable[[str, str], str]) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        mine = [(e, tier_of(e.text, language)) for e in examples if e.language == language]
        urgent = [t == "urgent" for e, t in mine if e.tier == "urgent"]
        crisis = [t != "none" for e, t in mine if e.is_crisis]
        la_urgent = [t == "urgent" for e, t in mine if not e.is_crisis]
        la_any = [t != "none" for e, t in mine if not e.is_crisis]
        rows[language] = {name: f"{100 * sum(v) / len(v):.1f} %" for name, v in (
            ("urgent_recall", urgent), ("crisis_recall", crisis), ("lookalikes_urgent", la_urgent),
            ("lookalikes_any", la_any))}  # fmt: skip
        print(language, rows[language], flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench/results/safety-channels.json"))
    args = parser.parse_args(argv)
    if not MODEL.exists():
        print(f"no trained model at {MODEL}: run `make test-bot` first", file=sys.stderr)
        return 1
    examples = load("heldout")
    stack_module = load_stack_module()
    work = Path(tempfile.mkdtemp(prefix="bench-safety-"))
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d"), "messages": len(examples), "channels": {}}
    os.environ.update(TWILIO_AUTH_TOKEN=TWILIO_TOKEN, SMS_LIMIT_PER_SENDER_HOUR="100000",
                      SMS_LIMIT_GLOBAL_MINUTE="100000", SMS_RASA_TIMEOUT="30")  # fmt: skip
    with stack_module.Stack.start(model=MODEL) as stack:
        up_port, down_port = stack_module.free_port(), stack_module.free_port()
        up = start_app(work / "up", up_port, stack.rasa_url, stack.token)
        down = start_app(work / "down", down_port, f"http://127.0.0.1:{stack_module.free_port()}", "unused")
        try:
            sites = {"up": f"http://127.0.0.1:{up_port}", "down": f"http://127.0.0.1:{down_port}"}
            channels = {
                "assistant": lambda t, lang: chat_tier(sites["up"], t, lang),
                "fallback": lambda t, lang: chat_tier(sites["down"], t, lang),
                "sms": lambda t, lang: sms_tier(sites["up"], t, lang),
                "sms-fallback": lambda t, lang: sms_tier(sites["down"], t, lang),
            }
            for name, tier_of in channels.items():
                print(f"== {name}", flush=True)
                results["channels"][name] = score(examples, tier_of)  # type: ignore[index]
        finally:
            for server in (up, down):
                server.terminate()
                server.wait(timeout=30)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
