"""The public search page understands needs written in Polish, Urdu (both scripts) and Arabic."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import Service
from directory.search.documents import need_slugs
from tests.helpers.pages import check_page


def _top_names(client, query: str, lang: str) -> list[str]:
    root = check_page(client.get("/search", query_string={"q": query, "lang": lang}).data)
    titles = [h for h in root.iter("h3") if h.get("class") == "card__title"]
    return [" ".join("".join(h.itertext()).split()) for h in titles[:3]]


@pytest.mark.parametrize(
    ("lang", "query", "need"),
    [
        ("pl", "mam długi i potrzebuję porady", "money"),
        ("pl", "szukam pracy, pomoc z CV", "employment"),
        ("ur", "مجھے قرضوں کے بارے میں مشورہ چاہیے", "money"),
        ("ur", "naukri ki talash hai, cv banana hai", "employment"),
        ("ur", "گھریلو تشدد کی مدد", "domestic-abuse"),
        ("ar", "أحتاج مساعدة بالديون", "money"),
        ("ar", "وين أقرب بنك طعام", "food"),
        ("ar", "أحتاج طبيب أسنان", "health"),
    ],
)
def test_a_search_in_another_language_finds_services_for_its_need(client, rollback_app_session, lang, query, need):
    services = rollback_app_session.scalars(select(Service)).all()
    with_need = {s.name for s in services if need in need_slugs(s)}
    names = _top_names(client, query, lang)
    assert names, "the search found nothing"
    assert any(name in with_need for name in names), names


def test_a_place_written_in_arabic_script_orders_results_by_that_neighbourhood(client):
    root = check_page(client.get("/search", query_string={"q": "بنك الطعام في ريديش", "lang": "ar"}).data)
    text = " ".join("".join(root.itertext()).split())
    assert "Reddish" in text
