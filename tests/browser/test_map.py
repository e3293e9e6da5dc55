"""The maps in Chromium: drawn from the page's points with tiles from a local stub tile server (set as
MAP_TILE_URL, so the Content-Security-Policy must let them through), a marker for each located result
whose popup links to the service, usable by keyboard, no WCAG violations in English and Arabic, no
sideways scroll at 320 px, and without JavaScript the list complete and the plain map link kept."""

from __future__ import annotations

import json
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.browser.axe import axe_violations

TILE_PATH = re.compile(r"^/(\d+)/(\d+)/(\d+)\.png$")


def _png(width: int = 256, height: int = 256) -> bytes:
    """A plain light-grey PNG, built by hand so the stub needs nothing installed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xe8\xe8\xe8" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class TileStub:
    """A local tile server: any /{z}/{x}/{y}.png is a grey tile; it counts the tiles asked for."""

    def __init__(self) -> None:
        self.requests: list[tuple[int, int, int]] = []
        self._lock = threading.Lock()
        tile, stub = _png(), self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                match = TILE_PATH.match(self.path)
                if not match:
                    self.send_error(404)
                    return
                with stub._lock:
                    stub.requests.append(tuple(int(n) for n in match.groups()))  # type: ignore[arg-type]
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(tile)))
                self.end_headers()
                self.wfile.write(tile)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="tile-stub", daemon=True)
        self._thread.start()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self._thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture(scope="module")
def tiles() -> Iterator[TileStub]:
    stub = TileStub()
    yield stub
    stub.close()


@pytest.fixture
def site(live_server: str, app: Flask, tiles: TileStub, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app on a local port with its maps' tiles from the stub; no assistant is needed."""
    monkeypatch.setitem(app.config, "MAP_TILE_URL", tiles.origin + "/{z}/{x}/{y}.png")
    return live_server


def _new_context(browser: Any, site: str, tiles: TileStub, **options: Any) -> Any:
    """A context that reaches only the app and the tile stub: every other request is refused."""
    context = browser.new_context(
        **{"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
    )

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith((site + "/", tiles.origin + "/", "data:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context


@pytest.fixture
def context(browser: Any, site: str, tiles: TileStub, context_options: dict[str, Any]) -> Iterator[Any]:
    """Like the conftest's context (the page fixture fails on script errors and CSP refusals), with the
    tile stub reachable."""
    context = _new_context(browser, site, tiles, **context_options)
    yield context
    context.close()


def _points(page: Any) -> list[dict[str, Any]]:
    return json.loads(page.locator("#map").get_attribute("data-map-points"))


def _wait_for_map(page: Any) -> None:
    page.locator("#map.leaflet-container .leaflet-marker-icon").first.wait_for(state="visible")
    page.locator("#map .leaflet-tile-loaded").first.wait_for(state="attached")


def _wait_until_still(page: Any) -> None:
    """Until the map has stopped moving: opening a popup pans the map so the popup fits (an animation of
    about a quarter of a second), and markers measured mid-pan are where no one will see them. Still
    means the same map position over ten animation frames in a row."""
    page.wait_for_function(
        """() => new Promise((resolve) => {
            const pane = document.querySelector("#map .leaflet-map-pane");
            const start = pane && getComputedStyle(pane).transform;
            let frames = 0;
            const step = () => {
                if (!pane || getComputedStyle(pane).transform !== start) { resolve(false); return; }
                if (++frames >= 10) { resolve(true); return; }
                requestAnimationFrame(step);
            };
            requestAnimationFrame(step);
        })"""
    )


def _places_on_map(page: Any) -> int:
    """How many places the markers stand for: one per single marker, the number shown on a group's."""
    single = page.locator("#map img.leaflet-marker-icon").count()
    groups = page.locator("#map .map__group").evaluate_all("icons => icons.map(i => Number(i.textContent))")
    return single + sum(groups)


def _markers_overlap(page: Any) -> bool:
    return page.locator("#map .leaflet-marker-icon").evaluate_all(
        """icons => icons.map(i => i.getBoundingClientRect()).some((a, n, all) => all.slice(n + 1).some(
            b => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom))"""
    )


def _no_sideways_scroll(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_search_map_draws_a_marker_for_each_result_with_coordinates_from_stub_tiles(
    page: Any, site: str, tiles: TileStub
) -> None:
    before = tiles.count
    page.goto(f"{site}/search?q=food+bank")
    _wait_for_map(page)
    points = _points(page)
    result_links = page.locator("ol.results .card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert points and {p["url"] for p in points} <= set(result_links)
    assert _places_on_map(page) == len(points), "every result with coordinates is on the map"
    assert not _markers_overlap(page), "places too close to tell apart share one marker"
    assert tiles.count > before, "the tiles came from the configured (stub) tile server"
    assert page.locator("#map .leaflet-tile-loaded").count() >= 1
    assert page.locator("#map").get_attribute("role") == "region"
    assert page.locator("#map").get_attribute("aria-label") == "Map of these results"
    assert page.locator("#map-note").is_visible()
    names = page.locator("#map img.leaflet-marker-icon").evaluate_all("icons => icons.map(i => i.alt)")
    assert names and set(names) <= {p["name"] for p in points}
    for label in page.locator("#map .map__group").evaluate_all(
        "gs => gs.map(g => g.getAttribute('aria-label'))"
    ):
        assert label.startswith("Places here: ")


def test_zooming_in_separates_places_that_shared_a_marker(page: Any, site: str) -> None:
    page.goto(f"{site}/neighbourhoods/heatons")
    _wait_for_map(page)
    groups = page.locator("#map .map__group")
    assert groups.count() >= 1, "the neighbourhood's places are close enough to group at first"
    before = page.locator("#map .leaflet-marker-icon").count()
    for _ in range(3):
        page.get_by_role("button", name="Zoom in").click()
        page.wait_for_timeout(400)
    assert page.locator("#map .leaflet-marker-icon").count() > before, "closer in, fewer places share"
    assert _places_on_map(page) == len(_points(page))
    assert not _markers_overlap(page)
    group = page.locator("#map .map__group").first
    if group.count():
        group.focus()
        page.keyboard.press("Enter")
        links = page.locator("#map .map__popup li a")
        links.first.wait_for(state="visible")
        assert links.count() == int(group.inner_text())


def test_a_markers_popup_links_to_the_service_and_works_by_keyboard(page: Any, site: str) -> None:
    page.goto(f"{site}/search?q=food+bank")
    _wait_for_map(page)
    marker = page.locator("#map img.leaflet-marker-icon").first
    first = next(p for p in _points(page) if p["name"] == marker.get_attribute("alt"))
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator("#map .leaflet-popup a[href^='/services/']")
    link.wait_for(state="visible")
    assert link.get_attribute("href") == first["url"]
    assert page.evaluate("document.activeElement.getAttribute('href')") == first["url"], (
        "focus moves to the link"
    )
    assert page.locator("#map .leaflet-popup-close-button").get_attribute("aria-label") == "Close"
    page.keyboard.press("Escape")
    page.locator("#map .leaflet-popup").wait_for(state="detached")
    assert page.evaluate("document.activeElement.alt") == first["name"], "focus returns to the marker"
    marker.click()
    link.click()
    page.wait_for_url(re.compile(r"/services/[^/?]+\?back="))
    assert page.locator("h1").inner_text() == first["name"]


def test_the_neighbourhood_and_service_maps_draw_their_places(page: Any, site: str) -> None:
    page.goto(f"{site}/neighbourhoods/heatons")
    _wait_for_map(page)
    assert _places_on_map(page) == len(_points(page)) > 1
    assert not _markers_overlap(page)
    service = _points(page)[0]["url"]
    page.goto(site + service)
    _wait_for_map(page)
    assert page.locator("#map .leaflet-marker-icon").count() == len(_points(page)) == 1
    assert page.locator("a[href^='https://www.openstreetmap.org/']").count() >= 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_violations_on_the_pages_with_a_drawn_map(
    browser: Any, site: str, tiles: TileStub, language: str, screenshots: Path
) -> None:
    # axe is injected as a script, which the pages' CSP (rightly) refuses: bypassed for this test only
    context = _new_context(browser, site, tiles, bypass_csp=True)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{site}/neighbourhoods/heatons?lang={language}")
        _wait_for_map(page)
        service = _points(page)[0]["url"]
        found = {}
        for name, path in (
            ("search", "/search?q=food+bank"),
            ("neighbourhood", "/neighbourhoods/heatons"),
            ("service", service),
        ):
            page.goto(site + path)
            _wait_for_map(page)
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            page.locator("#map .leaflet-marker-icon").first.focus()  # with a popup open, too
            page.keyboard.press("Enter")
            page.locator("#map .map__popup a").first.wait_for(state="visible")
            _wait_until_still(page)
            violations = axe_violations(page)
            if violations:
                found[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
            if name == "search":
                page.locator("#map").screenshot(path=str(screenshots / f"map-search-{language}.png"))
        assert not found, found
    finally:
        context.close()


@pytest.mark.parametrize("context_options", [{"viewport": {"width": 320, "height": 640}, "locale": "en-GB"}])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_map_page_scrolls_sideways_at_320_px(page: Any, site: str, language: str) -> None:
    page.goto(f"{site}/neighbourhoods/heatons?lang={language}")
    _wait_for_map(page)
    for path in ("/search?q=food+bank", "/neighbourhoods/heatons", _points(page)[0]["url"]):
        page.goto(site + path)
        _wait_for_map(page)
        assert _no_sideways_scroll(page), path
        box = page.locator("#map").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["height"] <= 260, path


@pytest.mark.parametrize("context_options", [{"viewport": {"width": 390, "height": 844}, "locale": "en-GB"}])
def test_on_a_phone_the_map_comes_after_the_results_and_is_modest(page: Any, site: str) -> None:
    page.goto(f"{site}/search?q=food+bank")
    _wait_for_map(page)
    first_result = page.locator("ol.results > li").first.bounding_box()
    box = page.locator("#map").bounding_box()
    assert first_result and box and box["y"] > first_result["y"] and box["height"] <= 260


def test_without_javascript_the_list_is_complete_and_the_service_page_keeps_its_map_link(
    browser: Any, site: str, tiles: TileStub
) -> None:
    with_script = _new_context(browser, site, tiles)
    without = _new_context(browser, site, tiles, java_script_enabled=False)
    try:
        drawn, plain = with_script.new_page(), without.new_page()
        for path in ("/search?q=food+bank", "/search?q=advice", "/neighbourhoods/heatons"):
            drawn.goto(site + path)
            _wait_for_map(drawn)
            plain.goto(site + path)
            links = "main a[href^='/services/']"
            assert plain.locator(links).count() == drawn.locator(f"{links}:not(#map a)").count() > 0, path
            assert not plain.locator("#map").is_visible() and not plain.locator(".leaflet-container").count()
            assert len(_points(plain)) >= 1
        plain.goto(f"{site}/search?q=food+bank")
        total = int(re.match(r"\d+", plain.locator("#results-title").inner_text()).group())  # type: ignore[union-attr]
        assert plain.locator("ol.results > li").count() == min(total, 10)  # the first page, complete
        service = _points(plain)[0]["url"]
        plain.goto(site + service)
        osm = plain.locator("a[href^='https://www.openstreetmap.org/']")
        assert osm.count() == 1 and osm.is_visible()
        assert "map" in osm.inner_text().lower()
    finally:
        with_script.close()
        without.close()
