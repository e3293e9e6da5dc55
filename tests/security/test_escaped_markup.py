"""Plain text stays plain text: cleaning never turns escaped markup into live markup.

`&lt;img src=x onerror=alert(1)&gt;` is text in HTML, and an `<img>` once decoded. Cleaning used to decode
it after removing the tags around it, so a name sent through the portal came out of the open-CORS ORUK API
and `/api/search` as a live `<img onerror>`. Whatever goes in, a plain field's cleaned value parsed as HTML
has no elements, a rich field's has only the safe subset, and cleaning twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import html5lib
import pytest
from flask.testing import FlaskClient
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from directory.interchange.text import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    clean_multiline,
    clean_plain,
    clean_rich,
    strip_tags,
)
from directory.models import Service
from directory.search.documents import strip_html
from tests.factories import create_organization, create_service, create_user
from tests.helpers.editor import open_edit_form
from tests.web.portal.conftest import sign_in
from web.extensions import database, search_provider

ATTACK = "<b></b>&lt;img src=x onerror=alert(1)&gt;"
# Pieces of markup, entities (escaped once and twice), invisible characters and combining accents that
# the cleaners treat specially, mixed with arbitrary text so that hypothesis tries how they combine.
PIECES = st.sampled_from(
    [
        "<", ">", "/", "&", "=", '"', "'", " ", "\n", "\r", "\t", "\x00", "\x01", "\u202e", "\u0301", "e",
        "img", "script", "<b>", "</b>", "<p>", "</p>", "<h2>", "<ul><li>", "<img src=x onerror=alert(1)>",
        '<a href="https://example.org">', "<a href='javascript:alert(1)'>", '<a href="java&#1;script:x">',
        "</a>", "<script>", "</script>", "<style>", "<svg>", "<math>", "<textarea>", "<title>", "<xmp>",
        "<plaintext>", "<![CDATA[", "]]>", "<!--", "-->", "<!", "<?", "</", "&lt;", "&gt;", "&amp;",
        "&amp;lt;", "&#60;", "&#x3c;", "&lt;img src=x onerror=alert(1)&gt;", "&#x202e;", "&#x301;", "&#1;",
        "&#32;", "&nbsp;", "\u00a0",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(PIECES | st.text(max_size=3), max_size=40).map("".join))


def nodes(text: str) -> list[Any]:
    """Every element and comment an HTML parser makes of `text` (a fragment, as innerHTML would)."""
    fragment = html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)
    return [node for node in fragment.iter() if node is not fragment]


def assert_plain(text: str) -> None:
    made = nodes(text)
    assert not made, f"{text!r} makes {[node.tag for node in made]}"


def assert_safe_subset(text: str) -> None:
    for node in nodes(text):
        assert isinstance(node.tag, str) and node.tag in ALLOWED_TAGS, f"{text!r} makes {node.tag}"
        allowed = ALLOWED_ATTRIBUTES.get(node.tag, set()) | ({"rel"} if node.tag == "a" else set())
        assert set(node.attrib) <= allowed, f"{text!r} gives <{node.tag}> {node.attrib}"


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, text) for every string in a JSON document."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, key)


def test_escaped_markup_in_a_plain_field_does_not_become_a_live_tag():
    cleaned = clean_plain(f"Age UK {ATTACK}")
    assert_plain(cleaned)
    assert cleaned == "Age UK"


def test_a_description_may_keep_its_tags_but_never_gains_one_by_decoding():
    cleaned = clean_rich(f"<p>Hot meals</p>{ATTACK}")
    assert_safe_subset(cleaned)
    assert [node.tag for node in nodes(cleaned)] == ["p", "b"]
    assert_plain(strip_tags(cleaned))
    assert_plain(strip_html(cleaned))  # the description /api/search serves


@given(TEXTS)
@example(ATTACK)
@example("&amp;lt;img src=x onerror=alert(1)&amp;gt;<b></b>")
@example("<\x00img src=x onerror=alert(1)>")
def test_any_text_cleaned_as_a_plain_field_has_no_markup_and_stays_as_it_is(text):
    for clean in (clean_plain, clean_multiline):
        cleaned = clean(text)
        assert_plain(cleaned)
        assert clean(cleaned) == cleaned
    assert_plain(strip_tags(text))
    assert_plain(strip_html(text))


@given(TEXTS)
@example(ATTACK)
@example('<a href="java&#1;script:alert(1)">x</a>')
@example("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
def test_any_text_cleaned_as_a_rich_field_keeps_only_the_safe_subset_and_stays_as_it_is(text):
    cleaned = clean_rich(text)
    assert_safe_subset(cleaned)
    assert clean_rich(cleaned) == cleaned


@pytest.fixture
def trusted_service(rollback_app_session: Session) -> Iterator[str]:
    """A service of an organisation whose editors publish directly, and its editor."""
    organization = create_organization(rollback_app_session, name="Markup Testers")
    organization.publishes_directly = True
    service = create_service(rollback_app_session, name="Quillfeather Pantry", organization=organization)
    create_user(
        rollback_app_session, email="quill@example.org", organizations=((organization, "org_editor"),)
    )
    rollback_app_session.commit()
    service_id = service.id
    yield service_id
    gone = database.session.get(Service, service_id)
    if gone is not None:
        database.session.delete(gone)
        database.session.commit()
        search_provider.updater.drain()


def test_escaped_markup_sent_through_the_portal_is_served_as_text_by_the_apis(
    client: FlaskClient, trusted_service: str
):
    assert sign_in(client, email="quill@example.org").status_code == 303
    edit_url = f"/portal/services/{trusted_service}/edit"
    sent = client.post(
        edit_url,
        data={
            **open_edit_form(client, edit_url),
            "name": f"Quillfeather Pantry {ATTACK}",
            "description": f"Hot meals. {ATTACK} <img src=x onerror=alert(2)>",
            "eligibility_description": f"Anyone {ATTACK}",
        },
        follow_redirects=True,
    )
    assert sent.status_code == 200 and "published" in sent.get_data(as_text=True)

    record = client.get(f"/api/oruk/services/{trusted_service}").get_json()
    assert record["name"] == "Quillfeather Pantry"
    # The description is typed as plain paragraphs: what looks like markup is kept as escaped text.
    assert record["description"].startswith("<p>Hot meals. &lt;b&gt;")
    for key, text in strings(record):
        if key in {"description", "eligibility_description"}:
            assert_safe_subset(text)
        else:
            assert_plain(text)

    search_provider.updater.drain()
    results = client.get("/api/search?q=quillfeather").get_json()["results"]
    (found,) = [r for r in results if r["id"] == trusted_service]
    assert found["description"].startswith("Hot meals.")
    for _key, text in strings(found):
        assert_plain(text)
