"""The chat relay through Flask's test client. The relay writes nothing to the database, so the client
is the app's own, without the rolled-back session (the assistant's actions reach the same app from
other threads)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def chat(app: Flask, fresh_rate_limits: None) -> Iterator[FlaskClient]:
    yield app.test_client()
