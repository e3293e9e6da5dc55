"""Error responses: HTML pages in the reader's language, JSON under /api/."""

from __future__ import annotations

import pytest

from tests.helpers.pages import check_page


@pytest.mark.parametrize(("lang", "title"), [("en", "Page not found"), ("pl", "Nie znaleziono strony"),
                                             ("ur", "صفحہ نہیں ملا"), ("ar", "الصفحة غير موجودة")])  # fmt: skip
def test_an_unknown_page_is_a_404_page_in_the_readers_language(client, lang, title):
    response = client.get(f"/no/such/page?lang={lang}")
    assert response.status_code == 404 and response.mimetype == "text/html"
    root = check_page(response.data)
    assert root.find(".//h1").text == title


def test_api_paths_keep_their_json_404(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "No such resource."}
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/oruk/services/not-an-id").is_json


def test_a_wrong_method_is_an_html_page_that_still_says_what_is_allowed(client):
    response = client.post("/search")
    assert response.status_code in (400, 405)  # a POST without a CSRF token is refused first
    check_page(response.data)
    response = client.put("/healthz")
    assert response.status_code in (400, 405)


def test_a_wrong_method_on_the_api_is_json(client):
    response = client.delete("/api/search")
    assert response.status_code in (400, 405) and response.is_json


@pytest.mark.parametrize("path", ["/somewhere", "/api/somewhere"])
def test_error_responses_keep_the_allow_header(app, path):
    from werkzeug.exceptions import MethodNotAllowed

    from web.errors import handle_http_exception

    with app.test_request_context(path):
        response = handle_http_exception(MethodNotAllowed(valid_methods=["GET"]))
    assert response.status_code == 405 and response.headers["Allow"] == "GET"
    assert response.is_json == path.startswith("/api/")


def test_a_failure_is_a_500_page_without_details(app):
    from werkzeug.exceptions import InternalServerError

    from web.errors import handle_http_exception

    with app.test_request_context("/services/x?lang=ar"):
        response = handle_http_exception(InternalServerError())
    assert response.status_code == 500
    root = check_page(response.get_data())
    assert root.get("dir") == "rtl"
    assert "Traceback" not in response.get_data(as_text=True)


def test_another_json_surface_can_ask_for_json_errors(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "JSON_ERROR_PATH_PREFIXES", ("/api/", "/elsewhere/"))
    assert client.get("/elsewhere/missing").is_json
    assert not client.get("/missing").is_json
