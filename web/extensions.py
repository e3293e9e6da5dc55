"""Extensions as module-level objects, initialised in `create_app` via `init_app`."""

from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from directory.db import database
from directory.search import search_provider

from .mail import Mailer
from .ratelimit import RateLimiter

babel = Babel()
# Every POST, PUT, PATCH and DELETE needs a CSRF token unless its view or blueprint is exempted with
# `csrf.exempt(...)` (for example a JSON endpoint called cross-origin by the embedded chat widget).
csrf = CSRFProtect()
# In-memory sliding-window limits (the chat relay's per-session and per-address limits).
rate_limiter = RateLimiter()
# Outgoing email over SMTP (password-reset links for the portal).
mailer = Mailer()

__all__ = ["babel", "csrf", "database", "mailer", "rate_limiter", "search_provider"]
