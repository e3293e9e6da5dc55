"""Security headers on every response.

Pages get a strict Content-Security-Policy: everything from our own origin (images also from the map
tiles' host, MAP_TILE_URL), no inline script or style, and no framing. A blueprint or view that needs
another policy (the chat widget is embedded in other sites' pages) sets its own `Content-Security-Policy`
header, for example with `build_csp(...)`; a response that already carries one is left as it is, and is
not given `X-Frame-Options` either.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, Response, current_app, request

from .config import DEFAULT_MAP_TILE_URL, map_tile_source

DEFAULT_CSP_DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}
# Features the pages never use, switched off so an injected script or frame cannot ask for them.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
HSTS = "max-age=31536000; includeSubDomains"


def build_csp(**overrides: str | None) -> str:
    """The default policy with some directives replaced (`frame_ancestors="https://example.org"`);
    a value of None drops that directive."""
    directives = dict(DEFAULT_CSP_DIRECTIVES)
    for name, value in overrides.items():
        key = name.replace("_", "-")
        if value is None:
            directives.pop(key, None)
        else:
            directives[key] = value
    return "; ".join(f"{key} {value}" for key, value in directives.items())


DEFAULT_CSP = build_csp()


@lru_cache(maxsize=8)
def page_csp(map_tile_url: str = DEFAULT_MAP_TILE_URL) -> str:
    """The pages' policy: the default, with images from the map tiles' host too (they are <img>s)."""
    return build_csp(img_src=f"{DEFAULT_CSP_DIRECTIVES['img-src']} {map_tile_source(map_tile_url)}")


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = page_csp(
            current_app.config.get("MAP_TILE_URL", DEFAULT_MAP_TILE_URL)
        )
        # For browsers without frame-ancestors; only with our own policy, which forbids framing too.
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    # App-level after_request functions run after the blueprints' ones, so a blueprint's own policy
    # is already on the response when this looks.
    app.after_request(add_security_headers)
