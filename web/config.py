"""Configuration classes that read the environment when instantiated (never at import)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import local_secrets

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production")
# Origins a developer's own test page may have; never allowed in production.
DEVELOPMENT_CHAT_ORIGINS = ("http://127.0.0.1:*", "http://localhost:*")
MIN_SECRET_LENGTH = 32


class ConfigurationError(RuntimeError):
    """The app must not start like this; the message names every setting to fix."""


DEFAULT_MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_MAP_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
_MAP_TILE_HOST = re.compile(r"^(\{s\}\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def map_tile_url(url: str) -> str:
    """The tile address, refused unless it is http(s) with {z}, {x} and {y}: a mistyped one would
    otherwise show an empty grey map, and its host goes into the Content-Security-Policy as it is."""
    parts = urlsplit(url.strip())
    if (
        parts.scheme not in ("http", "https")
        or not _MAP_TILE_HOST.match(parts.netloc)
        or not all(part in url for part in ("{z}", "{x}", "{y}"))
    ):
        raise ConfigurationError(
            "MAP_TILE_URL must be an http:// or https:// address with {z}, {x} and {y} in it, such as "
            f"{DEFAULT_MAP_TILE_URL} (got {url!r})"
        )
    return url.strip()


def map_tile_source(url: str) -> str:
    """The Content-Security-Policy source for the tiles' host ("{s}." becomes any subdomain)."""
    parts = urlsplit(map_tile_url(url))
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


class Config:
    """Embedded defaults: SQLite and the index under `var/`; environment variables override.

    `AROUND_HERE_ENV` is `production` unless it says `development`: a deployment that forgets to say
    what it is gets the safe defaults and refuses to start without its secrets (`check`), rather than
    running with made-up ones. Development (`make run`) shares one set of secrets between its processes
    through `var/secrets.env` (web/local_secrets.py)."""

    use_local_secrets = True

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        var_dir = Path(env.get("AROUND_HERE_VAR", PROJECT_ROOT / "var"))
        self.AROUND_HERE_ENV = env.get("AROUND_HERE_ENV", "production").strip().lower() or "production"
        production = self.AROUND_HERE_ENV != "development"
        local: Mapping[str, str] = {}
        if not production and self.use_local_secrets and not all(env.get(k) for k in local_secrets.KEYS):
            local = local_secrets.ensure(var_dir)
        self.VAR_DIR = str(var_dir)
        self.DATABASE_URL = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'around-here.db'}"
        self.INDEX_DIR = env.get("INDEX_DIR") or str(var_dir / "index")
        self.INDEX_IN_BACKGROUND = env.get("INDEX_IN_BACKGROUND", "1") != "0"
        # Each node's index follows the search change log (directory/search/indexer.py).
        self.SEARCH_NODE_ID = env.get("SEARCH_NODE_ID", "")
        self.SEARCH_LOG_POLL_SECONDS = float(env.get("SEARCH_LOG_POLL_SECONDS", "0.5"))
        self.SEARCH_LOG_RETENTION_HOURS = float(env.get("SEARCH_LOG_RETENTION_HOURS", "24"))
        self.SECRET_KEY = env.get("SECRET_KEY") or local.get("SECRET_KEY", "")
        self.BOROUGH_NAME = env.get("BOROUGH_NAME", "Stockport")
        self.COUNCIL_CONTACT = env.get(
            "COUNCIL_CONTACT", "Stockport Council contact centre: 0161 217 6111 (sample details)"
        )
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "locales")
        self.BABEL_DEFAULT_TIMEZONE = "Europe/London"  # opening times are local times
        self.SESSION_COOKIE_SAMESITE = "Lax"
        # Production sends the session cookie over HTTPS only unless told otherwise ("0").
        self.SESSION_COOKIE_SECURE = env.get("SESSION_COOKIE_SECURE", "1" if production else "0") == "1"
        # Every request body is capped (413 before it is read); upload views may raise their own limit.
        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", str(1024 * 1024)))
        # Optional: refuse requests whose Host is not one of these (comma-separated host[:port]).
        self.TRUSTED_HOSTS = [h.strip() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip()] or None
        self.JSON_SORT_KEYS = False
        self.TESTING = env.get("TESTING") == "1"
        # The chat relay (web/chat): the assistant's REST channel and the token its HTTP API needs
        # (`rasa run --auth-token`), how long to wait for it, which other sites' pages may use it
        # (comma-separated origins, "http://host:*" for any port; our own origin always may; in
        # development an empty list means http://127.0.0.1 and http://localhost on any port), and the
        # limits ("COUNT/SECONDS").
        # Several assistant instances: RASA_URLS (comma-separated; each conversation keeps to one of
        # them, web/assistants.py), and RASA_URL is the first. RASA_RESOLVE_HOSTS=1: a host name stands
        # for every address it resolves to (`docker compose up --scale bot=N`).
        self.RASA_URLS = [u.strip() for u in env.get("RASA_URLS", "").split(",") if u.strip()]
        self.RASA_URL = self.RASA_URLS[0] if self.RASA_URLS else env.get("RASA_URL", "http://127.0.0.1:5005")
        self.RASA_RESOLVE_HOSTS = env.get("RASA_RESOLVE_HOSTS", "0") == "1"
        self.RASA_TOKEN = env.get("RASA_TOKEN") or local.get("RASA_TOKEN", "")
        self.CHAT_RASA_TIMEOUT = float(env.get("CHAT_RASA_TIMEOUT", "4"))
        # At most this many messages in flight to each assistant instance from each web process (gunicorn
        # worker); the rest wait their turn until their deadline (web/admission.py).
        self.ASSISTANT_MAX_IN_FLIGHT = int(env.get("ASSISTANT_MAX_IN_FLIGHT", "4"))
        self.CHAT_ALLOWED_ORIGINS = [
            o.strip() for o in env.get("CHAT_ALLOWED_ORIGINS", "").split(",") if o.strip()
        ] or ([] if production else list(DEVELOPMENT_CHAT_ORIGINS))
        self.CHAT_RATE_LIMIT_SESSION = env.get("CHAT_RATE_LIMIT_SESSION", "20/60")
        self.CHAT_RATE_LIMIT_CLIENT = env.get("CHAT_RATE_LIMIT_CLIENT", "120/60")
        # SMS (web/sms): Twilio's auth token signs every webhook; SMS_HASH_SECRET keys the hashes that
        # stand in for phone numbers (keep it secret and stable: changing it forgets every opt-out).
        # Behind a reverse proxy set TRUSTED_PROXY_COUNT so the signed public URL can be rebuilt.
        self.TWILIO_AUTH_TOKEN = env.get("TWILIO_AUTH_TOKEN", "")
        self.SMS_HASH_SECRET = env.get("SMS_HASH_SECRET") or local.get("SMS_HASH_SECRET", "")
        self.SMS_RASA_TIMEOUT = float(env.get("SMS_RASA_TIMEOUT", "8"))  # Twilio gives up after 15 s
        self.SMS_MAX_SEGMENTS = int(env.get("SMS_MAX_SEGMENTS", "3"))
        self.SMS_LIMIT_PER_SENDER_HOUR = int(env.get("SMS_LIMIT_PER_SENDER_HOUR", "30"))
        self.SMS_LIMIT_GLOBAL_MINUTE = int(env.get("SMS_LIMIT_GLOBAL_MINUTE", "300"))
        self.SMS_RETENTION_DAYS = float(env.get("SMS_RETENTION_DAYS", "30"))
        # Neighbourhood insight (directory/insight): demand events are buffered in each process and
        # written every INSIGHT_FLUSH_SECONDS; raw events are kept INSIGHT_RETENTION_DAYS (the daily
        # `flask insight rollup` keeps the sums); a count below INSIGHT_THRESHOLD is shown as "fewer than".
        self.INSIGHT_ENABLED = env.get("INSIGHT_ENABLED", "1") != "0"
        self.INSIGHT_FLUSH_SECONDS = float(env.get("INSIGHT_FLUSH_SECONDS", "1"))
        self.INSIGHT_RETENTION_DAYS = int(env.get("INSIGHT_RETENTION_DAYS", "90"))
        self.INSIGHT_THRESHOLD = max(2, int(env.get("INSIGHT_THRESHOLD", "5")))
        self.INSIGHT_FEED_RATE_LIMIT = env.get("INSIGHT_FEED_RATE_LIMIT", "60/60")  # per token
        # development only: /sms/simulator (never in production, whatever the setting says)
        self.SMS_SIMULATOR = env.get("SMS_SIMULATOR") == "1" and not production
        self.TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))
        # Email (web/mail.py), for the portal's password-reset links. PUBLIC_URL ("https://example.org")
        # is where every absolute link points (emails, SMS, API documents): never the request's Host,
        # which anyone can forge. Production must set it; `make run` sets it from HOST and PORT.
        self.MAIL_SERVER = env.get("MAIL_SERVER", "localhost")
        self.MAIL_PORT = int(env.get("MAIL_PORT", "25"))
        self.MAIL_FROM = env.get("MAIL_FROM", "Around Here <no-reply@localhost>")
        self.MAIL_USE_TLS = env.get("MAIL_USE_TLS") == "1"
        self.MAIL_USERNAME = env.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD", "")
        self.PUBLIC_URL = (env.get("PUBLIC_URL") or ("" if production else "http://127.0.0.1:8000")).rstrip("/")
        # The portal (web/portal): sign-in and reset requests per client address ("COUNT/SECONDS"),
        # on top of each account's lock-out after 5 wrong passwords.
        self.PORTAL_SIGN_IN_RATE_LIMIT = env.get("PORTAL_SIGN_IN_RATE_LIMIT", "20/600")
        self.PORTAL_RESET_RATE_LIMIT = env.get("PORTAL_RESET_RATE_LIMIT", "5/900")
        # The public "Report a problem" form: reports sent per client address ("COUNT/SECONDS").
        self.REPORT_RATE_LIMIT = env.get("REPORT_RATE_LIMIT", "20/3600")
        # Freshness (directory/portal/freshness.py, `flask directory send-reminders`): days after a listing's
        # last confirmation when its review is due, the two reminders go out, and it is hidden from
        # residents; and how long a reminder's one-click "still accurate" link works.
        self.FRESHNESS_REVIEW_AFTER_DAYS = int(env.get("FRESHNESS_REVIEW_AFTER_DAYS", "182"))
        self.FRESHNESS_FIRST_REMINDER_DAYS = int(env.get("FRESHNESS_FIRST_REMINDER_DAYS", "180"))
        self.FRESHNESS_SECOND_REMINDER_DAYS = int(env.get("FRESHNESS_SECOND_REMINDER_DAYS", "270"))
        self.FRESHNESS_HIDE_AFTER_DAYS = int(env.get("FRESHNESS_HIDE_AFTER_DAYS", "365"))
        self.FRESHNESS_LINK_MAX_AGE_DAYS = int(env.get("FRESHNESS_LINK_MAX_AGE_DAYS", "120"))
        # Registrations (each sends an email) and one-time codes at the second sign-in step.
        self.PORTAL_REGISTER_RATE_LIMIT = env.get("PORTAL_REGISTER_RATE_LIMIT", "5/900")
        self.PORTAL_CODE_RATE_LIMIT = env.get("PORTAL_CODE_RATE_LIMIT", "10/600")
        # Where every limit above is counted (Flask-Limiter, web/ratelimit.py): a Redis that every worker
        # shares ("redis://127.0.0.1:6379/0"), or "memory://", each process for itself, so that with
        # several gunicorn workers each limit is multiplied by their number (fine for one process only).
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI") or "memory://"
        self.RATELIMIT_KEY_PREFIX = env.get("RATELIMIT_KEY_PREFIX", "around-here")
        # Portal sessions end after this many seconds without a request (idle: 2 hours) or since signing
        # in (absolute: 12 hours); council staff (moderators, administrators) get the shorter pair (30
        # minutes, 8 hours). Read at each request.
        self.PORTAL_SESSION_IDLE_SECONDS = int(env.get("PORTAL_SESSION_IDLE_SECONDS", "7200"))
        self.PORTAL_SESSION_ABSOLUTE_SECONDS = int(env.get("PORTAL_SESSION_ABSOLUTE_SECONDS", "43200"))
        self.PORTAL_STAFF_SESSION_IDLE_SECONDS = int(env.get("PORTAL_STAFF_SESSION_IDLE_SECONDS", "1800"))
        staff_absolute = env.get("PORTAL_STAFF_SESSION_ABSOLUTE_SECONDS", "28800")
        self.PORTAL_STAFF_SESSION_ABSOLUTE_SECONDS = int(staff_absolute)
        # Flask refuses a session cookie signed longer ago than this (its default is 31 days): no cookie
        # outlives the longest portal session. Every change to the session signs it afresh.
        self.PERMANENT_SESSION_LIFETIME = timedelta(
            seconds=max(self.PORTAL_SESSION_ABSOLUTE_SECONDS, self.PORTAL_STAFF_SESSION_ABSOLUTE_SECONDS)
        )
        # The maps on the public pages (web/static/map/map.js): where the map pictures (tiles) come from,
        # "https://host/{z}/{x}/{y}.png" ({s} for a subdomain), and the credit they require (HTML). The
        # Content-Security-Policy lets pages load images from that host (web/security.py).
        self.MAP_TILE_URL = map_tile_url(env.get("MAP_TILE_URL") or DEFAULT_MAP_TILE_URL)
        self.MAP_ATTRIBUTION = env.get("MAP_ATTRIBUTION") or DEFAULT_MAP_ATTRIBUTION


def check(config: Mapping[str, Any]) -> None:
    """Refuse to start production without what keeps it safe; the message names each setting."""
    if config.get("AROUND_HERE_ENV") not in ENVIRONMENTS:
        raise ConfigurationError(
            f"AROUND_HERE_ENV must be one of {', '.join(ENVIRONMENTS)} (got {config.get('AROUND_HERE_ENV')!r})"
        )
    if config["AROUND_HERE_ENV"] != "production":
        return
    problems = []
    for name, why in (
        ("SECRET_KEY", "signs sessions, CSRF tokens and emailed links; the same value in every process"),
        ("RASA_TOKEN", "the token of the assistant's HTTP API (rasa run --auth-token)"),
    ):
        if len(str(config.get(name) or "")) < MIN_SECRET_LENGTH:
            problems.append(f"{name} ({why}; at least {MIN_SECRET_LENGTH} random characters)")
    if config.get("TWILIO_AUTH_TOKEN") and len(str(config.get("SMS_HASH_SECRET") or "")) < MIN_SECRET_LENGTH:
        problems.append(
            "SMS_HASH_SECRET (keys the hashes that stand in for phone numbers; stable, and not SECRET_KEY; "
            f"at least {MIN_SECRET_LENGTH} random characters)"
        )
    public = urlsplit(str(config.get("PUBLIC_URL") or ""))
    if public.scheme not in ("http", "https") or not public.hostname:
        problems.append("PUBLIC_URL (the address residents and emails use, such as https://help.example.org)")
    if not config.get("CHAT_ALLOWED_ORIGINS"):
        problems.append("CHAT_ALLOWED_ORIGINS (the council pages that embed the chat widget)")
    if problems:
        raise ConfigurationError(
            "AROUND_HERE_ENV=production needs: " + "; ".join(problems)
            + ". On a development machine set AROUND_HERE_ENV=development (make run does)."
        )


class TestConfig(Config):
    use_local_secrets = False

    def __init__(self, env: Mapping[str, str] | None = None, **overrides: object) -> None:
        super().__init__({"AROUND_HERE_ENV": "development", **(env or {})})
        self.TESTING = True
        self.PUBLIC_URL = "http://localhost"  # the test client's own host
        self.INDEX_IN_BACKGROUND = False
        self.SECRET_KEY = "test-secret"
        self.SMS_HASH_SECRET = "test-sms-hash-secret"
        self.RASA_TOKEN = "test-rasa-token"
        # Demand events are written only when a test calls `demand_recorder.flush()`, into the database
        # the test is bound to; each test starts with an empty buffer (tests/plugins/insight.py).
        self.INSIGHT_FLUSH_SECONDS = 0.0
        for key, value in overrides.items():
            setattr(self, key, value)
