"""Extensions as module-level objects, initialised in `create_app` via `init_app`."""

from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from directory.db import database
from directory.insight.recorder import demand_recorder
from directory.search import search_provider

from .mail import Mailer
from .ratelimit import RateLimits

babel = Babel()
# Every POST, PUT, PATCH and DELETE needs a CSRF token unless its view or blueprint is exempted with
# `csrf.exempt(...)` (for example a JSON endpoint called cross-origin by the embedded chat widget).
csrf = CSRFProtect()
# Rate limits (chat, portal sign-in and registration, reports), counted by Flask-Limiter in the store
# RATELIMIT_STORAGE_URI names: Redis shared by every worker, or each process's memory.
rate_limiter = RateLimits()
# Outgoing email over SMTP (password-reset links for the portal).
mailer = Mailer()

# Demand events for neighbourhood insight: buffered in each process, written in batches off the request.
__all__ = ["babel", "csrf", "database", "demand_recorder", "mailer", "rate_limiter", "search_provider"]
