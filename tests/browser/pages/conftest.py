"""The site's pages and the portal in Chromium, without the assistant: the app on a local port, a desktop
context that lets axe-core's injected script past the pages' CSP, and pages that fail their test on a
script error but not on console errors (pages answering 400, 403 or 404 on purpose make the browser log
their status; the widget's tests fail on any)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def site(live_server: str) -> str:
    """The app on a local port; no assistant (overrides tests/browser/conftest.py's `site`)."""
    return live_server


@pytest.fixture
def context_options() -> dict[str, Any]:
    # axe is injected as a script, which the pages' CSP (rightly) refuses: bypass it for these tests only
    return {"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", "bypass_csp": True}


@pytest.fixture
def console_errors_fail() -> bool:
    return False
