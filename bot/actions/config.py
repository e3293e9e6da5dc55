"""Settings for the actions, from the environment (read when first needed, so tests can set them)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    directory_api_url: str
    site_url: str
    council_phone: str
    council_url: str
    timeout_seconds: float
    per_page: int


def settings() -> Settings:
    api = os.environ.get("DIRECTORY_API_URL", "http://127.0.0.1:8000/api").rstrip("/")
    site = os.environ.get("DIRECTORY_SITE_URL") or (api[: -len("/api")] if api.endswith("/api") else api)
    return Settings(
        directory_api_url=api,
        site_url=site.rstrip("/") + "/",
        # Stockport Council's contact centre: the route for anything the directory cannot answer.
        council_phone=os.environ.get("COUNCIL_CONTACT_PHONE", "0161 480 4949"),
        council_url=os.environ.get("COUNCIL_CONTACT_URL", "https://www.stockport.gov.uk/contact-us"),
        timeout_seconds=float(os.environ.get("DIRECTORY_TIMEOUT_SECONDS", "5")),
        per_page=int(os.environ.get("RESULTS_PER_PAGE", "3")),
    )


def contact_values() -> dict[str, str]:
    """Placeholders every response about contact routes can use."""
    s = settings()
    return {"council_phone": s.council_phone, "council_url": s.council_url, "site_url": s.site_url}
