"""The Around Here web application (application factory)."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

from . import errors, health, i18n, logging_privacy, request_size, security
from .config import Config, check
from .converters import RecordIdConverter, SlugConverter
from .extensions import csrf, database, demand_recorder, mailer, rate_limiter, search_provider
from .proxy import ConfiguredProxyFix
from .urls import public_url


def create_app(config: Any | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config or Config())
    check(app.config)  # production refuses to start without its secrets and its public address
    app.url_map.converters["record_id"] = RecordIdConverter
    app.url_map.converters["slug"] = SlugConverter
    app.wsgi_app = ConfiguredProxyFix(app.wsgi_app, app.config)  # type: ignore[method-assign]
    logging_privacy.configure()  # emails, phone numbers and SQL parameters are masked in the logs

    request_size.init_app(app)  # 413 for bodies over MAX_CONTENT_LENGTH, before anything reads them
    database.init_app(app)
    search_provider.init_app(app, database)
    demand_recorder.init_app(app, database)  # insight: demand events buffered, written in batches
    i18n.init_app(app)  # Flask-Babel with the locale selector
    csrf.init_app(app)
    security.init_app(app)
    errors.init_app(app)  # HTML error pages in the reader's language; JSON under /api/
    rate_limiter.init_app(app)
    mailer.init_app(app)  # SMTP: MAIL_SERVER, MAIL_PORT, MAIL_FROM, MAIL_USE_TLS

    from . import commands

    commands.register(app)  # every `flask directory|portal|sms ...` command (web/commands/)

    from .api import bp as api_bp
    from .chat import bp as chat_bp
    from .oruk_api import bp as oruk_api_bp
    from .pages import bp as pages_bp
    from .portal import bp as portal_bp
    from .sms import bp as sms_bp
    from .sms import inbound as sms_inbound
    from .widget import bp as widget_bp

    # Access rules are declared here, where each surface is registered.
    app.register_blueprint(pages_bp)  # public: anyone, no sign-in
    app.register_blueprint(oruk_api_bp, url_prefix="/api/oruk")  # public, open CORS: ORUK 3.0 open data
    app.register_blueprint(api_bp, url_prefix="/api")  # public, open CORS: search for our own clients

    # public: the embeddable widget's script and strings (loaded by council sites) and its demo page
    app.register_blueprint(widget_bp, url_prefix="/widget")
    # public, CORS for allowed origins, rate-limited; JSON without cookies, so no CSRF token
    app.register_blueprint(chat_bp, url_prefix="/chat")
    csrf.exempt(chat_bp)

    # Twilio only: every request must carry a valid X-Twilio-Signature (checked in the view, 403
    # otherwise); the development simulator answers 404 unless SMS_SIMULATOR is on
    app.register_blueprint(sms_bp, url_prefix="/sms")
    csrf.exempt(sms_inbound)  # signed by Twilio instead

    # signed-in users only; every view except sign-in and password reset requires a session (deny by
    # default: web/portal/auth.require_session runs before each view); CSRF on every POST
    app.register_blueprint(portal_bp, url_prefix="/portal")

    app.add_template_global(public_url)  # absolute links in pages come from PUBLIC_URL too
    app.register_blueprint(health.bp)  # public: /readyz, for the load balancer

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok")

    return app
