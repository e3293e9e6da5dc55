"""Absolute links, always under the configured PUBLIC_URL.

A request's Host header is whatever the sender wrote: a link built from it in a password-reset email
would hand the token to whoever forged the header. So every absolute link (emails, SMS replies, API
documents, the widget's own address) starts with PUBLIC_URL, which production must set
(`web/config.check`) and development derives from `make run`'s HOST and PORT.
"""

from __future__ import annotations

from flask import current_app, url_for


def public_base() -> str:
    """PUBLIC_URL without a trailing slash ("https://help.example.org")."""
    return str(current_app.config["PUBLIC_URL"]).rstrip("/")


def public_url(endpoint: str, **values: object) -> str:
    """The absolute address of an endpoint, under PUBLIC_URL whatever the request's Host."""
    return public_base() + url_for(endpoint, **values)


def public_site() -> str:
    """The site's address for a resident to visit, with a trailing slash."""
    return public_base() + "/"
