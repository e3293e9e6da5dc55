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


def compose(
    replies: Iterable[dict[str, Any]], *, hint: Callable[[dict[str, Any]], str], max_segments: int = 3
) -> list[str]:
    """SMS bodies for one turn. `hint(payload)` gives the translated "Reply 1-3..." line for results."""
    replies = list(replies)
    lines: list[str] = []
    skip_text_until_payload = False
    for position, reply in enumerate(replies):
        custom = reply.get("custom") or {}
        kind = custom.get("type")
        if kind == "services":
            lines += [service_line(card) for card in custom.get("services") or []]
            if custom.get("services"):
                lines.append(hint(custom))
            skip_text_until_payload = True  # the web wording after the results ("Say more...")
            continue
        if kind == "service":
            lines.append(service_details(custom.get("service") or {}))
            skip_text_until_payload = True
            continue
        text = reply.get("text")
        if not text or skip_text_until_payload:
            continue
        following = replies[position + 1] if position + 1 < len(replies) else {}
        following_kind = (following.get("custom") or {}).get("type")
        if following_kind == "services":
            # the text that carries the results on the web: keep its first line (the heading)
            lines.append(plain(text.split("\n\n", 1)[0]))
        elif following_kind == "service":
            continue  # the same details, worded for the web
        else:
            lines.append(plain(text))
    body = gsm_friendly("\n".join(line for line in lines if line))
    return split_to_budget(body, max_segments=max_segments) if body else []
