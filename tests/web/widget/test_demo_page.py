"""The demo host page: a council-like page that embeds the widget with its one tag."""

from __future__ import annotations

import pytest

from tests.helpers.pages import check_page


@pytest.fixture
def web(app):
    return app.test_client()


def test_the_demo_page_is_a_valid_page(web):
    response = web.get("/widget/demo")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    root = check_page(response.data)
    assert root.find("head/title").text.strip()


def test_the_demo_page_looks_like_a_council_page_with_header_content_and_footer(web):
    root = check_page(web.get("/widget/demo").data)
    body = root.find("body")
    assert body.find(".//header") is not None
    assert body.find(".//main") is not None and body.find(".//main/h1") is not None
    assert body.find(".//footer") is not None


def test_the_demo_page_embeds_the_widget_with_exactly_one_tag(web):
    root = check_page(web.get("/widget/demo").data)
    scripts = list(root.iter("script"))
    assert len(scripts) == 1
    script = scripts[0]
    assert script.get("src") == "/widget/widget.js"  # our own page: resolved by the browser, not the Host
    assert script.get("data-language") == "en"
    assert script.get("async") is not None
    assert not (script.text or "").strip()
    assert not list(root.iter("style")), "no inline styles: the page's policy forbids them"


def test_the_demo_page_policy_allows_only_our_own_script_styles_and_connections(web):
    policy = web.get("/widget/demo").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_demo_stylesheet_is_served(web):
    with web.get("/static/widget/demo.css") as response:
        assert response.status_code == 200 and response.mimetype == "text/css"
