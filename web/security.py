"""Security headers on every response.

Pages get a strict Content-Security-Policy: everything from our own origin, no inline script or style,
and no framing. A blueprint or view that needs another policy (the chat widget is embedded in other
sites' pages) sets its own `Content-Security-Policy` header, for example with `build_csp(...)`; a
response that already carries one is left as it is, and is not given `X-Frame-Options` either.
"""

from __future__ import annotations

from flask import Flask, Response, request

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


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = DEFAULT_CSP
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
