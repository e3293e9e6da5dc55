"""The portal's homes lead somewhere: a volunteer sees where each listing stands, staff see the work
waiting and can search and filter every listing, and every portal page has the same navigation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from directory.models import ListingReport
from directory.portal import revisions
from tests.factories import create_organization, create_service, create_user
from tests.helpers.pages import check_page
from tests.web.portal.conftest import sign_in


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


@pytest.fixture
def world(rollback_app_session):
    """Four listings of one group, each in a different state, and staff to look at them."""
    session = rollback_app_session
    group = create_organization(session, name="Yarrowmere Helpers")
    other = create_organization(session, name="Brindlecombe Trust")
    published = create_service(
        session, name="Yarrowmere Pantry", organization=group, neighbourhoods=("heatons",)
    )
    waiting = create_service(session, name="Yarrowmere Larder", organization=group, needs=("money",))
    turned_down = create_service(session, name="Yarrowmere Kitchen", organization=group)
    overdue = create_service(session, name="Yarrowmere Cafe", organization=group)
    create_service(session, name="Brindlecombe Hall", organization=other, neighbourhoods=("heatons",))
    published.assured_date = waiting.assured_date = turned_down.assured_date = date.today()
    overdue.assured_date = date(2000, 1, 1)
    author = create_user(session, email="group@example.org", organizations=((group, "org_editor"),))
    moderator = create_user(session, email="mod@example.org", role="moderator")
    create_user(session, email="admin@example.org", role="council_admin")
    session.add(ListingReport(service_id=published.id, reason="closed", details="It has closed."))
    now = datetime.now(UTC)
    for service in (waiting, turned_down):
        revisions.propose_edit(
            session,
            user=author,
            service_id=service.id,
            changes={"description": "New words."},
            now=now,
            base_version=revisions.current_version(session, service.id),
        )
    [rejected] = [r for r in revisions.pending(session) if r.service_id == turned_down.id]
    revisions.reject(session, moderator=moderator, revision_id=rejected.id, now=now, note="Say more.")
    session.commit()
    return {
        "published": published.id,
        "waiting": waiting.id,
        "turned_down": turned_down.id,
        "overdue": overdue.id,
        "group": group.id,
    }


def _state_of(root, service_id: str) -> tuple[str, str]:
    item = root.find(f".//li[@id='service-{service_id}']")
    assert item is not None
    link = item.find(".//h4/a")
    tag = item.find(".//p[@class='portal-service__state']/strong")
    return link.get("href"), " ".join("".join(tag.itertext()).split())


def test_a_volunteer_sees_each_listing_linked_with_where_it_stands(client, world):
    assert sign_in(client, email="group@example.org").status_code == 303
    root = check_page(client.get("/portal/").data)
    expected = {
        "published": "Published",
        "waiting": "Changes waiting for checking",
        "turned_down": "Changes asked for: your last changes were not published",
        "overdue": "Review due",
    }
    for key, state in expected.items():
        href, shown = _state_of(root, world[key])
        assert href == f"/portal/services/{world[key]}"
        assert shown == state


def test_a_volunteer_home_has_no_staff_counts_and_no_staff_links(client, world):
    assert sign_in(client, email="group@example.org").status_code == 303
    root = check_page(client.get("/portal/").data)
    nav = [a.get("href") for a in root.findall(".//nav[@class='portal-nav']//a")]
    assert nav == ["/portal/"]
    assert root.find(".//ul[@class='portal-counts']") is None
    assert client.get("/portal/listings").status_code == 403


def test_staff_see_the_counts_of_the_work_waiting_each_linked_to_its_queue(client, world):
    assert sign_in(client, email="mod@example.org").status_code == 303
    root = check_page(client.get("/portal/").data)
    counts = {
        a.get("href"): int(a.find("span").text) for a in root.findall(".//ul[@class='portal-counts']//a")
    }
    assert counts["/portal/moderation"] >= 1
    assert counts["/portal/reports"] >= 1
    assert "/portal/claims" in counts
    assert counts["/portal/listings?freshness=overdue"] >= 1
    for href in counts:
        assert client.get(href).status_code == 200, href
    nav = [a.get("href") for a in root.findall(".//nav[@class='portal-nav']//a")]
    assert nav[:3] == ["/portal/", "/portal/listings", "/portal/moderation"]


def _names(response) -> list[str]:
    root = check_page(response.data)
    return ["".join(a.itertext()) for a in root.findall(".//ul[@class='portal-list']//h3/a")]


def test_staff_search_listings_by_name_or_organisation(client, world):
    assert sign_in(client, email="mod@example.org").status_code == 303
    found = client.get("/portal/listings?q=yarrowmere")
    assert found.status_code == 200
    assert sorted(_names(found)) == [
        "Yarrowmere Cafe",
        "Yarrowmere Kitchen",
        "Yarrowmere Larder",
        "Yarrowmere Pantry",
    ]
    assert "Yarrowmere Helpers" in _text(found)  # the organisation is listed too
    assert _names(client.get("/portal/listings?q=BRINDLECOMBE")) == ["Brindlecombe Hall"]
    by_group = client.get(f"/portal/listings?organisation={world['group']}")
    assert len(_names(by_group)) == 4 and "Listings of Yarrowmere Helpers" in _text(by_group)


def test_staff_filter_listings_and_the_filters_stay_in_the_address(client, world):
    assert sign_in(client, email="mod@example.org").status_code == 303
    assert _names(client.get("/portal/listings?q=yarrowmere&status=waiting")) == ["Yarrowmere Larder"]
    assert _names(client.get("/portal/listings?q=yarrowmere&freshness=overdue")) == ["Yarrowmere Cafe"]
    assert _names(client.get("/portal/listings?q=yarrowmere&neighbourhood=heatons")) == ["Yarrowmere Pantry"]
    assert _names(client.get("/portal/listings?q=yarrowmere&need=money")) == ["Yarrowmere Larder"]
    page = client.get("/portal/listings?q=yarrowmere&need=money")
    root = check_page(page.data)
    form = root.find(".//form[@role='search']")
    assert (form.get("method") or "get").lower() == "get"
    selected = root.find(".//select[@name='need']/option[@selected]")
    assert selected is not None and selected.get("value") == "money"


def test_made_up_filter_values_and_pages_are_ignored_not_errors(client, world):
    assert sign_in(client, email="mod@example.org").status_code == 303
    for query in (
        "status=nonsense&freshness=ancient&neighbourhood=atlantis&need=unicorns",
        "page=-4",
        "page=abc",
        "page=999999999999",
        "q=" + "%25_" * 300,
        "organisation=" + "x" * 500,
    ):
        response = client.get(f"/portal/listings?{query}")
        assert response.status_code == 200, query
        check_page(response.data)


def test_the_list_is_paged_with_links_that_keep_the_filters(client, world, rollback_app_session):
    group = create_organization(rollback_app_session, name="Paginata Group")
    for number in range(30):
        create_service(rollback_app_session, name=f"Paginata Service {number:02d}", organization=group)
    rollback_app_session.commit()
    assert sign_in(client, email="mod@example.org").status_code == 303
    first = client.get("/portal/listings?q=paginata")
    assert len(_names(first)) == 25 and "30 listings" in _text(first)
    root = check_page(first.data)
    next_link = root.find(".//nav[@class='portal-pagination']//a[@rel='next']").get("href")
    assert "q=paginata" in next_link and "page=2" in next_link
    second = client.get(next_link)
    assert _names(second) == [f"Paginata Service {n}" for n in range(25, 30)]


def test_every_portal_page_a_moderator_opens_has_the_same_navigation(client, world):
    assert sign_in(client, email="admin@example.org").status_code == 303
    pages = [
        "/portal/",
        "/portal/listings",
        "/portal/moderation",
        "/portal/moderation/overview",
        "/portal/moderation/overdue",
        "/portal/claims",
        "/portal/reports",
        "/portal/invitations",
        "/portal/two-step",
        "/portal/archived",
        "/portal/insight/team",
        "/portal/insight/tokens",
        f"/portal/services/{world['published']}",
        f"/portal/organisations/{world['group']}",
    ]
    navs = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        root = check_page(response.data)
        nav = root.find(".//nav[@class='portal-nav']")
        assert nav is not None, url
        navs.add(tuple(a.get("href") for a in nav.findall(".//a")))
        assert nav.find(".//form[@action='/portal/sign-out']") is not None
    assert navs == {
        (
            "/portal/",
            "/portal/listings",
            "/portal/moderation",
            "/portal/insight",
            "/portal/invitations",
            "/portal/two-step",
        )
    }


def test_the_current_area_is_marked_in_the_navigation(client, world):
    assert sign_in(client, email="mod@example.org").status_code == 303
    root = check_page(client.get("/portal/moderation").data)
    current = root.findall(".//nav[@class='portal-nav']//a[@aria-current='page']")
    assert [a.get("href") for a in current] == ["/portal/moderation"]


def test_the_sign_in_page_shows_no_portal_navigation(client, world):
    root = check_page(client.get("/portal/sign-in").data)
    assert root.find(".//nav[@class='portal-nav']") is None
    assert root.find(".//div[@id='portal-strings']").get("data-show") == "Show"
