"""The portal's listing editor as a browser uses it: the send form's hidden inputs, every value a page's
form holds, and a section saved the way Continue saves it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_VERSION = re.compile(r'<input id="version" name="version" type="hidden" value="([^"]*)">')


def hidden_inputs(html: str) -> dict[str, str]:
    """The CSRF token and the listing's version from an edit form page."""
    token, version = _TOKEN.search(html), _VERSION.search(html)
    assert token and version, "the edit form carries a CSRF token and the version it shows"
    return {"csrf_token": token.group(1), "version": version.group(1)}


def open_edit_form(client: FlaskClient, url: str) -> dict[str, str]:
    """Open the editor at `url` (/portal/services/<id>/edit, as an editor does before changing anything)
    and return the hidden inputs of its send form ("Check your changes")."""
    response = client.get(url)
    assert response.status_code == 200
    check = client.get(f"{url}/check")
    assert check.status_code == 200
    return hidden_inputs(check.get_data(as_text=True))


def save_section(client: FlaskClient, url: str, section: str, **changes: str | list[str]):
    """Open a section of the editor at `url`, change some of its inputs and press Continue."""
    page = client.get(f"{url}/{section}")
    assert page.status_code == 200
    form = form_fields(page.get_data(as_text=True))
    form.pop("remove", None)
    for name, value in changes.items():
        if isinstance(value, list):
            form.setlist(name, value)
        else:
            form[name] = value
    return client.post(f"{url}/{section}", data=form)


class _Inputs(HTMLParser):
    """The (name, value) pairs a browser posts from the first POST form in a page's <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []
        self._forms = 0
        self._in_form = False
        self._in_main = False  # the page's own forms, not the navigation's (signing out)
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "main":
            self._in_main = True
        if tag == "form" and self._in_main and (a.get("method") or "").lower() == "post":
            self._forms += 1
            self._in_form = self._forms == 1
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((a["name"] or "", a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = a.get("name") or ""
            self.pairs.append((self._textarea, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.pairs.pop()
            self.pairs.append((name, value + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def form_fields(html: str) -> MultiDict[str, str]:
    """Every value the page's first POST form in <main> would send, as a browser sends it unchanged."""
    parser = _Inputs()
    parser.feed(html)
    return MultiDict(parser.pairs)
