"""Browser tests: the machine's Chromium (/usr/bin/chromium, Debian's `chromium`) driven by Playwright for
Python, against the app with its sample data on a local port and the real assistant.

Playwright's own browsers are never downloaded: Chromium is launched from `executable_path`. One browser
per session, a new context (fresh storage) per test. Every request the pages make outside the test
server is answered locally (the quick-exit destination) or refused, so nothing leaves the machine.
Skipped, saying why, when Chromium, Playwright or axe-core (tests/browser/node_modules, `make
browser-deps`) is missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "docs" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXIT_ORIGIN = "https://www.bbc.co.uk"


def browser_unavailable_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: make setup"
    if not AXE.exists():
        return f"axe-core is missing ({AXE}): run `make browser-deps` (npm ci in tests/browser)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = browser_unavailable_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def site(live_server: str, assistant: str, fresh_rate_limits: None) -> str:
    """The app on a local port, relaying chat to the real assistant; its base URL."""
    return live_server


@pytest.fixture
def context_options() -> dict[str, Any]:
    """Options for the test's browser context; tests override this fixture to change them."""
    return {"viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}


@pytest.fixture
def context(browser: Any, site: str, context_options: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(**context_options)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(site + "/") or url.startswith("data:"):
            route.continue_()
        elif url.startswith(EXIT_ORIGIN + "/"):
            route.fulfill(
                status=200,
                content_type="text/html",
                body="<!doctype html><html lang=en><title>Weather</title><h1>Weather</h1></html>",
            )
        else:
            route.abort()

    context.route("**/*", route)
    yield context
    context.close()


@pytest.fixture
def console_errors_fail() -> bool:
    """Whether an error in the browser's console fails the test (overridden where pages answer 400, 403
    or 404 on purpose: the browser logs their status as an error)."""
    return True


@pytest.fixture
def page(context: Any, console_errors_fail: bool) -> Iterator[Any]:
    """A page that fails the test on any script error or refused content (CSP) once the test is over."""
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def console(message: Any) -> None:
        if (
            console_errors_fail
            and message.type == "error"
            and "favicon" not in message.text
            and "net::ERR_FAILED" not in message.text
        ):
            problems.append(f"console error: {message.text}")

    page.on("console", console)
    yield page
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
