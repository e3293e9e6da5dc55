"""The maps on the search, neighbourhood and service pages: the points each page puts in its map element
are the places of the services it lists, the tiles' host is allowed by the Content-Security-Policy, a
tile address that cannot work is refused when the configuration loads, and the vendored Leaflet is the
published one."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from directory.models import Location, Neighbourhood, Service, ServiceAtLocation
from tests.helpers.pages import check_page
from web.config import PROJECT_ROOT, Config, ConfigurationError, map_tile_source
from web.security import page_csp

VENDOR = PROJECT_ROOT / "web" / "static" / "vendor"
LEAFLET = "leaflet-1.9.4"


def _map(root: object) -> object | None:
    return next((el for el in root.iter("div") if el.get("id") == "map"), None)  # type: ignore[attr-defined]


def _points(root: object) -> list[dict[str, object]]:
    element = _map(root)
    assert element is not None, "the page has a map element"
    return json.loads(element.get("data-map-points"))  # type: ignore[attr-defined]


def _located(session, service_ids) -> dict[str, list[tuple[float, float]]]:
    """Each service's coordinates, read straight from the database."""
    rows = session.execute(
        select(ServiceAtLocation.service_id, Location.latitude, Location.longitude)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(list(service_ids)), Location.latitude.is_not(None))
    )
    found: dict[str, list[tuple[float, float]]] = {}
    for service_id, lat, lng in rows:
        found.setdefault(service_id, []).append((round(lat, 5), round(lng, 5)))
    return found


def _expected(session, links: list[str]) -> list[tuple[str, float, float]]:
    """One point per place of each linked service that has coordinates, linked as the list links it."""
    ids = {link: urlsplit(link).path.rsplit("/", 1)[1] for link in links}
    located = _located(session, ids.values())
    return sorted((link, lat, lng) for link, i in ids.items() for lat, lng in located.get(i, []))


def _as_tuples(points: list[dict[str, object]]) -> list[tuple[str, float, float]]:
    return sorted((str(p["url"]), float(p["lat"]), float(p["lng"])) for p in points)  # type: ignore[arg-type]


def test_the_search_page_maps_exactly_the_listed_results_that_have_coordinates(client, rollback_app_session):
    root = check_page(client.get("/search?q=food+bank").data)
    results = next(el for el in root.iter("ol") if "results" in (el.get("class") or ""))
    links = [a.get("href") for a in results.iter("a") if (a.get("href") or "").startswith("/services/")]
    points = _points(root)
    assert len(points) >= 3
    assert _as_tuples(points) == _expected(rollback_app_session, links)
    names = {a.get("href"): "".join(a.itertext()).strip() for a in results.iter("a")}
    assert all(point["name"] == names[point["url"]] for point in points)


def test_the_map_comes_after_the_results_list_so_results_stay_first_on_phones(client):
    body = client.get("/search?q=food+bank").get_data(as_text=True)
    assert body.index('class="results"') < body.index('id="map"')


def test_the_neighbourhood_page_maps_the_services_it_lists(client, rollback_app_session):
    for slug in rollback_app_session.scalars(select(Neighbourhood.slug)):
        root = check_page(client.get(f"/neighbourhoods/{slug}").data)
        sections = [s for s in root.iter("section") if s.get("class") == "need-group"]
        links = [
            a.get("href") for s in sections for a in s.iter("a") if a.get("href", "").startswith("/services/")
        ]
        points = _points(root)
        assert points, slug
        assert _as_tuples(points) == _expected(rollback_app_session, links), slug


def test_the_service_page_maps_its_location_and_keeps_the_plain_openstreetmap_link(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    points = _points(root)
    assert [(p["url"], p["lat"], p["lng"]) for p in points] == [
        (f"/services/{pantry_id}", 53.43661, -2.15444)
    ]
    assert points[0]["name"] == "Reddish Community Pantry"
    hrefs = [a.get("href") for a in root.iter("a")]
    assert "https://www.openstreetmap.org/?mlat=53.43661&mlon=-2.15444#map=17/53.43661/-2.15444" in hrefs


def test_the_map_is_a_hidden_labelled_region_until_its_script_draws_it(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}").data)
    element = _map(root)
    assert (
        element.get("role") == "region" and element.get("aria-label") == "Map of where to find this service"
    )
    assert element.get("hidden") is not None  # without JavaScript there is no empty box
    note = next(el for el in root.iter("p") if el.get("id") == element.get("aria-describedby"))
    assert "list" in "".join(note.itertext())
    assert element.get("data-tile-url") == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "https://www.openstreetmap.org/copyright" in element.get("data-attribution")
    scripts = [s for s in root.iter("script") if "/leaflet" in s.get("src") or "/map/" in s.get("src")]
    assert [s.get("src") for s in scripts] == [f"/static/vendor/{LEAFLET}/leaflet.js", "/static/map/map.js"]
    assert all(s.get("defer") is not None for s in scripts), "Leaflet runs before map.js, after parsing"


def test_the_labels_of_leaflets_controls_come_from_the_page_in_the_readers_words(client, pantry_id):
    element = _map(check_page(client.get(f"/services/{pantry_id}").data))
    labels = (element.get("data-zoom-in"), element.get("data-zoom-out"), element.get("data-close"))
    assert labels == ("Zoom in", "Zoom out", "Close")


def test_pages_without_located_services_have_no_map(client, rollback_app_session):
    assert _map(check_page(client.get("/search?q=zzzzqqqq").data)) is None
    national = rollback_app_session.scalars(select(Service.id).where(Service.scope == "national")).first()
    root = check_page(client.get(f"/services/{national}").data)
    assert _map(root) is None and not [s for s in root.iter("script") if "leaflet" in s.get("src")]


def test_the_printable_version_has_no_map(client, pantry_id):
    assert _map(check_page(client.get(f"/services/{pantry_id}/print").data)) is None


def test_names_with_quotes_and_markup_travel_safely_in_the_points(client, rollback_app_session, pantry_id):
    service = rollback_app_session.get(Service, pantry_id)
    service.name = "O'Brien's <b>\"Pantry\"</b> & Café </div>"
    rollback_app_session.flush()
    body = client.get(f"/services/{pantry_id}").get_data(as_text=True)
    assert "<b>" not in body.split('id="map"', 1)[1].split("</div>", 1)[0]
    assert _points(check_page(body))[0]["name"] == service.name


def test_the_policy_lets_pages_load_tiles_from_the_tile_host_only(client):
    csp = client.get("/search?q=food").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]


def test_a_configured_tile_server_is_used_by_the_map_and_allowed_by_the_policy(
    app, client, pantry_id, monkeypatch
):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "http://127.0.0.1:8089/tiles/{z}/{x}/{y}.png")
    response = client.get(f"/services/{pantry_id}")
    assert "img-src 'self' data: http://127.0.0.1:8089;" in response.headers["Content-Security-Policy"]
    assert (
        _map(check_page(response.data)).get("data-tile-url") == "http://127.0.0.1:8089/tiles/{z}/{x}/{y}.png"
    )


def test_a_subdomain_placeholder_allows_any_subdomain_of_the_tile_host():
    assert map_tile_source("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert "img-src 'self' data: https://*.tile.example.org;" in page_csp(
        "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://tile.example.org/{z}/{x}/{y}.png",
        "javascript:alert(1)//{z}/{x}/{y}",
        "tile.example.org/{z}/{x}/{y}.png",
        "https://tile.example.org/tiles.png",
        "https://tile.example.org/{z}/{x}.png",
        "https://tile.example.org; script-src *; /{z}/{x}/{y}.png",
        "https://user@tile.example.org/{z}/{x}/{y}.png",
    ],
)
def test_a_tile_address_that_cannot_work_is_refused_when_the_configuration_loads(url):
    with pytest.raises(ConfigurationError, match="MAP_TILE_URL must be an http:// or https:// address"):
        Config(
            {
                "AROUND_HERE_ENV": "development",
                "SECRET_KEY": "x",
                "RASA_TOKEN": "y",
                "SMS_HASH_SECRET": "z",
                "MAP_TILE_URL": url,
            }
        )


def test_the_tile_address_and_its_credit_default_to_openstreetmap_and_can_be_changed():
    env = {"AROUND_HERE_ENV": "development", "SECRET_KEY": "x", "RASA_TOKEN": "y", "SMS_HASH_SECRET": "z"}
    default = Config(env)
    assert default.MAP_TILE_URL == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert 'href="https://www.openstreetmap.org/copyright"' in default.MAP_ATTRIBUTION
    custom = Config(
        {**env, "MAP_TILE_URL": "https://maps.example.org/{z}/{x}/{y}@2x.png", "MAP_ATTRIBUTION": "Us"}
    )
    assert (custom.MAP_TILE_URL, custom.MAP_ATTRIBUTION) == (
        "https://maps.example.org/{z}/{x}/{y}@2x.png",
        "Us",
    )


def test_the_vendored_leaflet_files_match_their_recorded_hashes():
    recorded = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name] = digest
    present = {str(p.relative_to(VENDOR)) for p in (VENDOR / LEAFLET).rglob("*") if p.is_file()}
    assert present == set(recorded), "every vendored file is listed in SHA256SUMS, and nothing else"
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert f"{LEAFLET.split('-')[1]}" in (VENDOR / "README.md").read_text(encoding="utf-8")
    assert 't.version="1.9.4"' in (VENDOR / LEAFLET / "leaflet.js").read_text(encoding="utf-8")


def test_the_vendored_files_and_the_map_script_are_served(client):
    for path in (f"{LEAFLET}/leaflet.js", f"{LEAFLET}/leaflet.css", f"{LEAFLET}/images/marker-icon.png"):
        response = client.get(f"/static/vendor/{path}")
        assert response.status_code == 200, path
        assert response.data == (VENDOR / path).read_bytes()
        response.close()
    response = client.get("/static/map/map.js")
    assert response.status_code == 200 and b"data-map-points" in response.data
    response.close()
