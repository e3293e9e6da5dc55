"""Readiness: can this instance serve residents? (`/healthz`, in the app factory, is liveness only.)"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import text

from .extensions import database, search_provider

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


def database_answers() -> bool:
    if database.engine is None:
        return False
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure to reach the database means: not ready
        log.warning("readiness: the database does not answer", exc_info=True)
        return False


def search_index_usable() -> bool:
    backend = search_provider.backend
    return backend is not None and backend.healthy()


@bp.get("/readyz")
def readyz() -> Any:
    checks = {"database": database_answers(), "search_index": search_index_usable()}
    failed = [name for name, ok in checks.items() if not ok]
    response = jsonify(
        status="unavailable" if failed else "ok",
        checks={name: "ok" if ok else "failed" for name, ok in checks.items()},
        failed=failed,
    )
    response.status_code = 503 if failed else 200
    response.headers["Cache-Control"] = "no-store"
    return response
