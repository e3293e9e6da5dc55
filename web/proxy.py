"""Trusting a reverse proxy's forwarding headers, as configured (TRUSTED_PROXY_COUNT, 0 = none).

Twilio signs the public URL it called; behind a proxy the app sees another one. With the number of
trusted proxies configured, werkzeug's ProxyFix rebuilds scheme, host, port and prefix from the
X-Forwarded-* headers those proxies set, so `request.url` is the public URL again. Headers from
untrusted hops are ignored. Read per request, so configuration changes (and tests) take effect."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix


class ConfiguredProxyFix:
    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], config: Any) -> None:
        self.wsgi_app = wsgi_app
        self.config = config
        self._fixes: dict[int, ProxyFix] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        count = int(self.config.get("TRUSTED_PROXY_COUNT") or 0)
        if count <= 0:
            return self.wsgi_app(environ, start_response)
        fix = self._fixes.get(count)
        if fix is None:
            fix = self._fixes[count] = ProxyFix(
                self.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count, x_prefix=count
            )
        return fix(environ, start_response)
