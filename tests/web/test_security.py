"""Security headers on every response, a strict CSP for pages, and room for a blueprint's own policy."""

from __future__ import annotations

import pytest
from flask import Flask

from web.security import add_security_headers, build_csp, page_csp


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=food", "/neighbourhoods/heatons", "/no-such-page", "/api/search?q=food", "/healthz"],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Content-Security-Policy"]


def test_pages_get_a_policy_with_no_inline_script_or_style_and_no_framing(client):
    response = client.get("/")
    csp = _directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and "unsafe-inline" not in csp["script-src"]
    assert csp["style-src"] == "'self'" and "unsafe-inline" not in csp["style-src"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_static_files_get_the_headers_too(client):
    response = client.get("/static/css/site.css")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == page_csp()
    response.close()


def test_hsts_is_sent_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_response_that_already_has_a_policy_keeps_it_and_may_be_framed():
    app = Flask(__name__)
    with app.test_request_context("/widget/frame"):
        response = app.response_class("ok")
        response.headers["Content-Security-Policy"] = build_csp(
            frame_ancestors="https://www.stockport.gov.uk"
        )
        add_security_headers(response)
    assert "frame-ancestors https://www.stockport.gov.uk" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_blueprint_can_set_its_own_policy_for_its_responses():
    from flask import Blueprint

    from web import security

    app = Flask(__name__)
    bp = Blueprint("embedded", __name__)

    @bp.get("/embed")
    def embed() -> str:
        return "embedded"

    @bp.after_request
    def own_policy(response):
        response.headers["Content-Security-Policy"] = build_csp(frame_ancestors="*")
        return response

    app.register_blueprint(bp)

    @app.get("/page")
    def page() -> str:
        return "page"

    security.init_app(app)
    client = app.test_client()
    assert "frame-ancestors *" in client.get("/embed").headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/page").headers["Content-Security-Policy"]


def test_build_csp_replaces_or_drops_directives():
    assert "img-src" not in build_csp(img_src=None)
    assert _directives(build_csp(connect_src="'self' https://api.example.org"))["connect-src"] == (
        "'self' https://api.example.org"
    )
