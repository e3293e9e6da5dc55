"""The web app's compiled translations (.mo files are build outputs, not in git): compiled once per test
session from locales/*/LC_MESSAGES/messages.po where missing or older, so `pytest` alone works."""

from __future__ import annotations

from pathlib import Path

import pytest

from web.config import PROJECT_ROOT
from web.i18n import compile_catalogs

__all__ = ["compiled_catalogs"]

LOCALES = PROJECT_ROOT / "locales"


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> list[Path]:
    return compile_catalogs(LOCALES)
