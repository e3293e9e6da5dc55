"""Rasa's Redis lock store, configured by one URL (`redis://[user:password@]host[:port][/db]`).

`make run` is given a `REDIS_URL` like the web app's other settings; Rasa's own `redis` lock store wants
host, port and database as separate settings, which a shell would have to take the URL apart for.
`rediss://` means TLS.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig


def redis_settings(url: str) -> dict[str, Any]:
    """RedisLockStore's keyword arguments for a redis:// or rediss:// URL (database 0 when none is given)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError("the lock store URL must look like redis://host:port/db")
    database = parts.path.strip("/") or "0"
    return {
        "host": parts.hostname,
        "port": parts.port or 6379,
        "db": int(database),
        "username": urllib.parse.unquote(parts.username) if parts.username else None,
        "password": urllib.parse.unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
    }


class RedisURLLockStore(RedisLockStore):
    """RedisLockStore from `url` (and optional `key_prefix`) in endpoints.yml."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        key_prefix = endpoint_config.kwargs.get("key_prefix")
        super().__init__(**redis_settings(endpoint_config.url or ""), key_prefix=key_prefix)
