"""Configuration classes that read the environment when instantiated (never at import)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    """Embedded defaults: SQLite and the index under `var/`; environment variables override."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        var_dir = Path(env.get("AROUND_HERE_VAR", PROJECT_ROOT / "var"))
        self.VAR_DIR = str(var_dir)
        self.DATABASE_URL = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'around-here.db'}"
        self.INDEX_DIR = env.get("INDEX_DIR") or str(var_dir / "index")
        self.INDEX_IN_BACKGROUND = env.get("INDEX_IN_BACKGROUND", "1") != "0"
        self.SECRET_KEY = env.get("SECRET_KEY") or secrets.token_hex(32)
        self.BOROUGH_NAME = env.get("BOROUGH_NAME", "Stockport")
        self.COUNCIL_CONTACT = env.get(
            "COUNCIL_CONTACT", "Stockport Council contact centre: 0161 217 6111 (sample details)"
        )
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "locales")
        self.JSON_SORT_KEYS = False
        self.TESTING = env.get("TESTING") == "1"


class TestConfig(Config):
    def __init__(self, env: Mapping[str, str] | None = None, **overrides: object) -> None:
        super().__init__(env or {})
        self.TESTING = True
        self.INDEX_IN_BACKGROUND = False
        self.SECRET_KEY = "test-secret"
        for key, value in overrides.items():
            setattr(self, key, value)
