"""The assistant's replies as SMS: plain text, compact result lines, within a segment budget.

The assistant answers every channel with text and, beside it, structured payloads (bot/actions:
`services`, `service`, `crisis`...). On the web the widget draws cards; here the payloads become
numbered lines a basic phone shows well ("1 Reddish Community Pantry, Tue 10:00, 0161 496 0001"), the
long web wording around them is dropped, and no markdown or long links are sent. Each reply stays
within `max_segments` and is split into separate messages only at line breaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .segments import gsm_friendly, split_to_budget

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
_LONG_URL = re.compile(r"https?://\S{25,}")


def plain(text: str) -> str:
    """Markdown and long links removed, blank-line runs collapsed: what a small screen needs."""
    text = _MARKDOWN_LINK.sub(r"\1", text or "")
    text = _EMPHASIS.sub(r"\2", text)
    text = _LONG_URL.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{2,}", "\n", text).strip()


def service_line(card: dict[str, Any]) -> str:
    parts = [f"{card.get('index')} {card.get('name') or ''}".strip()]
    for key in ("next_opening_text", "phone"):
        if card.get(key):
            parts.append(str(card[key]))
    return ", ".join(parts)


def service_details(service: dict[str, Any]) -> str:
    """One service in full, briefly: name, organisation, phone, email, address, times, cost.

    Keys are those of the assistant's `service` payload (bot/actions/formatting.py details_payload)."""
    lines = [str(service.get("name") or "")]
    for key in ("organisation", "phone", "email", "address"):
        if service.get(key):
            lines.append(str(service[key]))
    lines += [str(line) for line in service.get("schedule") or []][:4]
    if service.get("cost"):
        lines.append(str(service["cost"]))
    return "\n".join(line for line in lines if line)


def helpline_lines(payload: dict[str, Any]) -> list[str]:
    """'Samaritans: 116123'-style lines from a crisis payload, numbers without spaces (tap to call)."""
    found = []
    for helpline in payload.get("helplines") or []:
        if helpline.get("silent"):
            found.append(str(helpline["silent"]))
        number = helpline.get("phone") or helpline.get("sms")
        if helpline.get("name") and number:
            prefix = (
                f"text {helpline['sms_text']} to "
                if helpline.get("sms") and not helpline.get("phone")
                else ""
            )
            found.append(f"{helpline['name']}: {prefix}{str(number).replace(' ', '')}")
    return found


def compose(
    replies: Iterable[dict[str, Any]], *, hint: Callable[[dict[str, Any]], str], max_segments: int = 3
) -> list[str]:
    """SMS bodies for one turn. `hint(payload)` gives the translated "Reply 1-3..." line for results.

    Rasa's REST channel splits each text at blank lines, so a result list arrives as a heading, one
    text per result ("1. Name - ..."), then the `services` payload; a service's details as several
    texts, then the `service` payload. The per-result texts and the details' web wording are replaced
    by the compact lines made from the payloads."""
    replies = list(replies)
    kinds = [(r.get("custom") or {}).get("type") for r in replies]
    if "service" in kinds:  # details of one service: the payload says it all, briefly
        service = replies[kinds.index("service")]["custom"].get("service") or {}
        body = gsm_friendly(service_details(service))
        return split_to_budget(body, max_segments=max_segments) if body else []
    result_prefixes = tuple(
        f"{card.get('index')}. {card.get('name')}"
        for r in replies
        if (r.get("custom") or {}).get("type") == "services"
        for card in r["custom"].get("services") or []
    )
    lines: list[str] = []
    if "crisis" in kinds:
        # On a small screen and a tight budget the numbers come first, before any words (the bot's
        # crisis wording is long and in UCS-2 languages fills a whole message on its own). The
        # supportive tier's listening lines share one line, so the answer to what was asked follows.
        payload = replies[kinds.index("crisis")]["custom"]
        numbers = helpline_lines(payload)
        lines += [" / ".join(numbers)] if payload.get("tier") == "supportive" and numbers else numbers
    after_results = False
    for reply in replies:
        custom = reply.get("custom") or {}
        kind = custom.get("type")
        if kind == "services":
            lines += [service_line(card) for card in custom.get("services") or []]
            if custom.get("services"):
                lines.append(hint(custom))
            after_results = True  # what follows is the web's "say more..." wording
            continue
        if kind == "crisis":
            if reply.get("text"):  # a reply may carry its own text beside the payload (the fallback's)
                lines.append(plain(reply["text"]))
            continue
        text = reply.get("text")
        if not text or after_results or (result_prefixes and text.startswith(result_prefixes)):
            continue
        lines.append(plain(text))
    body = gsm_friendly("\n".join(line for line in lines if line))
    return split_to_budget(body, max_segments=max_segments) if body else []
