"""The Around Here web application (application factory)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, request

from .config import Config
from .converters import RecordIdConverter, SlugConverter
from .extensions import babel, database, search_provider


def create_app(config: Any | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config or Config())
    app.url_map.converters["record_id"] = RecordIdConverter
    app.url_map.converters["slug"] = SlugConverter
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    database.init_app(app)
    search_provider.init_app(app, database)
    babel.init_app(app)

    from directory.cli import directory_cli

    app.cli.add_command(directory_cli)

    from .api import bp as api_bp
    from .oruk_api import bp as oruk_api_bp
    from .pages import bp as pages_bp

    # Access rules are declared here, where each surface is registered.
    app.register_blueprint(pages_bp)  # public: anyone, no sign-in
    app.register_blueprint(oruk_api_bp, url_prefix="/api/oruk")  # public, open CORS: ORUK 3.0 open data
    app.register_blueprint(api_bp, url_prefix="/api")  # public, open CORS: search for our own clients

    @app.errorhandler(404)
    def not_found(exc: Any) -> Any:
        if request.path.startswith("/api/"):
            response = jsonify(error="not_found", message="No such resource.")
            response.headers["Access-Control-Allow-Origin"] = "*"
            return response, 404
        return exc

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok")

    return app
