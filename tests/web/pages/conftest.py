"""Helpers for the public pages' tests: a well-filled sample listing, and CSRF tokens from forms."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import Service

# A sample listing with a location, accessibility features, a weekly schedule and a cost.
PANTRY = "Reddish Community Pantry"
_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def pantry_id(rollback_app_session: Session) -> str:
    return rollback_app_session.scalars(select(Service.id).where(Service.name == PANTRY)).one()


def csrf_token(client: FlaskClient, url: str, **request: object) -> str:
    """Load the form page (which puts the token in the session) and read the token from the form."""
    response = client.get(url, **request)
    assert response.status_code == 200
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, "the form carries a CSRF token"
    return match.group(1)
