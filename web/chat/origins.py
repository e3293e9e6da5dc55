"""Which web pages may use the chat API from a browser (CORS).

`CHAT_ALLOWED_ORIGINS` lists origins ("https://www.stockport.gov.uk"); an entry ending in ":*" allows
any port on that scheme and host ("http://localhost:*"). The app's own origin is always allowed (the
demo page and our own pages). When the setting is empty the defaults are the app's own origin plus
http://127.0.0.1 and http://localhost on any port, for trying the widget on a local page.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

DEFAULT_ORIGINS = ("http://127.0.0.1:*", "http://localhost:*")


def normalise_origin(origin: str) -> str | None:
    """'HTTPS://Example.org:443' -> 'https://example.org'; None for anything that is not an origin."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        return None
    if parts.query or parts.fragment or parts.username or parts.password:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origin_allowed(origin: str, own_origin: str, configured: Iterable[str]) -> bool:
    candidate = normalise_origin(origin)
    if candidate is None:
        return False
    allowed = list(configured) or list(DEFAULT_ORIGINS)
    if candidate == normalise_origin(own_origin):
        return True
    for entry in allowed:
        entry = entry.strip()
        if entry.endswith(":*"):
            base = normalise_origin(entry[:-2])
            if base and (candidate == base or candidate.startswith(base + ":")):
                return True
        elif candidate == normalise_origin(entry):
            return True
    return False
