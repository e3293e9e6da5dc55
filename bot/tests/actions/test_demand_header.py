"""Which directory calls carry the `Around-Here-Demand` header (a resident's own request) and which not.

A small stand-in directory on a local port records every request and its header, so these tests need
neither the directory app nor the model."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from rasa_sdk.executor import CollectingDispatcher

from actions.demand import HEADER, demand, header_value
from actions.details import ActionServiceDetails, ActionServiceInfo
from actions.directory_client import directory
from actions.search import (
    ActionAnswerYes,
    ActionAskPlace,
    ActionMoreResults,
    ActionPrepareSearch,
    ActionSearchServices,
    ValidateSearchForm,
    ValidateSlotMappings,
)
from tests.conftest import DOMAIN, entity, make_tracker, responses, run_action

NO_MATCH = "words that match nothing"
UNKNOWN_PLACE = "somewhere near the park"


@dataclass
class Seen:
    path: str
    params: dict[str, str]
    header: str | None


@dataclass
class FakeDirectory:
    """The directory API's answers, just enough for the actions, and every request it was sent."""

    url: str = ""
    seen: list[Seen] = field(default_factory=list)

    def searches(self) -> list[Seen]:
        return [s for s in self.seen if s.path == "/search"]

    def marked(self) -> list[Seen]:
        return [s for s in self.seen if s.header is not None]

    async def search(self, request: web.Request) -> web.Response:
        self.record(request)
        params = request.query
        if params.get("per_page") == "1":  # a probe: the directory reads the message
            return web.json_response(
                {"total": 0, "page": 1, "pages": 0, "per_page": 1, "results": [], "needs_detected": ["food"]}
            )
        if params.get("q") == NO_MATCH:
            return web.json_response({"total": 0, "page": 1, "pages": 0, "per_page": 3, "results": []})
        scope = "borough" if params.get("scope") else "local"
        page = int(params.get("page", "1"))
        results = [
            {"id": f"svc-{page}-{i}", "name": f"Pantry {page}-{i}", "scope": scope, "neighbourhoods": []}
            for i in range(1, 4)
        ]
        return web.json_response({"total": 9, "page": page, "pages": 3, "per_page": 3, "results": results})

    async def resolve(self, request: web.Request) -> web.Response:
        self.record(request)
        text = request.query.get("q", "")
        if text == UNKNOWN_PLACE:
            return web.json_response({"error": "unknown_place"}, status=404)
        return web.json_response(
            {"query": text, "kind": "place", "in_area": True, "neighbourhood": "heatons", "label": text}
        )

    async def service(self, request: web.Request) -> web.Response:
        self.record(request)
        return web.json_response({"id": request.match_info["id"], "name": "Heatons Pantry"})

    def record(self, request: web.Request) -> None:
        path = request.path.removeprefix("/api")
        self.seen.append(Seen(path, dict(request.query), request.headers.get(HEADER)))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDirectory]:
    """The stand-in directory, served from its own event loop in a thread; the actions point at it."""
    fake = FakeDirectory()
    app = web.Application()
    app.router.add_get("/api/search", fake.search)
    app.router.add_get("/api/places/resolve", fake.resolve)
    app.router.add_get("/api/oruk/services/{id}", fake.service)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    ready = threading.Event()

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        fake.url = f"http://127.0.0.1:{port}/api"
        ready.set()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10), "the stand-in directory did not start"
    monkeypatch.setenv("DIRECTORY_API_URL", fake.url)
    monkeypatch.setenv("DIRECTORY_TIMEOUT_SECONDS", "5")
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def tracker_from(channel: str | None = "web", *, in_event: bool = False, **kwargs: Any):
    """A tracker whose latest message came through `channel` (metadata as the relays send it), in the
    parse data or only on the user event."""
    tracker = make_tracker(**kwargs)
    metadata = {"channel": channel} if channel else {}
    if in_event:
        tracker.events = [{"event": "user", "text": tracker.latest_message["text"], "metadata": metadata}]
    else:
        tracker.latest_message["metadata"] = metadata
    return tracker


def shown_results(**state: Any) -> dict[str, Any]:
    return {"need": "food", "query": None, "page": 1, "pages": 3, "total": 9, "per_page": 3, **state}


def run_coroutine(make) -> Any:
    async def go():
        try:
            return await make()
        finally:
            await directory().close()

    return asyncio.run(go())


def test_the_main_search_from_the_web_chat_is_marked_with_widget_and_the_language(
    fake: FakeDirectory,
) -> None:
    tracker = tracker_from("web", slots={"need": "food", "place": "Heaton Moor", "language": "pl"})
    messages, _ = run_action(ActionSearchServices(), tracker)
    assert responses(messages)[0] == "utter_results_near"
    assert [s.header for s in fake.searches()] == ["channel=widget, language=pl"]


def test_a_search_by_sms_is_marked_with_the_sms_channel(fake: FakeDirectory) -> None:
    tracker = tracker_from("sms", slots={"need": "food", "place": "Heaton Moor", "language": "ur"})
    run_action(ActionSearchServices(), tracker)
    assert [s.header for s in fake.searches()] == ["channel=sms, language=ur"]


def test_the_channel_is_read_from_the_user_event_when_the_parse_data_has_no_metadata(
    fake: FakeDirectory,
) -> None:
    tracker = tracker_from("sms", in_event=True, slots={"need": "food", "place": "Heaton Moor"})
    assert "metadata" not in tracker.latest_message
    run_action(ActionSearchServices(), tracker)
    assert [s.header for s in fake.searches()] == ["channel=sms, language=en"]


def test_an_unknown_channel_is_left_out_rather_than_guessed(fake: FakeDirectory) -> None:
    run_action(ActionSearchServices(), tracker_from(None, slots={"need": "food", "place": "Heaton Moor"}))
    assert [s.header for s in fake.searches()] == ["language=en"]


def test_the_retry_with_the_need_alone_is_not_marked_again(fake: FakeDirectory) -> None:
    tracker = tracker_from(slots={"need": "food", "place": "Heaton Moor", "need_query": NO_MATCH})
    run_action(ActionSearchServices(), tracker)
    searches = fake.searches()
    assert [s.params.get("q") for s in searches] == [NO_MATCH, None]
    assert [s.header for s in searches] == ["channel=widget, language=en", None]


def test_more_results_is_not_a_new_search(fake: FakeDirectory) -> None:
    tracker = tracker_from(
        slots={"results": shown_results(place="Heaton Moor", mode="near"), "last_results": ["a", "b", "c"]},
        text="more",
        intent="more_results",
    )
    messages, _ = run_action(ActionMoreResults(), tracker)
    assert responses(messages)[0] == "utter_results_more"
    assert [s.params["page"] for s in fake.searches()] == ["2"]
    assert fake.marked() == []


def test_the_wide_results_shown_before_the_place_question_are_marked_once(fake: FakeDirectory) -> None:
    tracker = tracker_from(
        "sms", slots={"need": "food", "need_query": NO_MATCH, "language": "ar"}, active_loop="search_form"
    )
    messages, _ = run_action(ActionAskPlace(), tracker)
    assert responses(messages) == ["utter_results_wide", "utter_ask_place_local"]
    searches = fake.searches()
    assert [s.params.get("scope") for s in searches] == ["borough,national", "borough,national"]
    assert [s.header for s in searches] == ["channel=sms, language=ar", None]


def test_the_probes_that_read_a_need_or_a_place_are_never_marked(fake: FakeDirectory) -> None:
    text = "food bank in bramhall"
    run_action(ActionPrepareSearch(), tracker_from(text=text, intent="find_help"))
    dispatcher = CollectingDispatcher()
    need_tracker = tracker_from(text="warm hub", intent="find_help", entities=[entity("need", "warm hub")])
    found = run_coroutine(
        lambda: ValidateSlotMappings().validate_need("warm hub", dispatcher, need_tracker, DOMAIN)
    )
    assert found["need"] == "food"
    place_tracker = tracker_from(text=UNKNOWN_PLACE, intent="inform_place")
    run_coroutine(
        lambda: ValidateSearchForm().validate_place(UNKNOWN_PLACE, dispatcher, place_tracker, DOMAIN)
    )
    paths = [s.path for s in fake.seen]
    assert paths.count("/search") == 3 and "/places/resolve" in paths
    assert all(s.params.get("per_page") == "1" for s in fake.searches())
    assert fake.marked() == []


def test_opening_a_results_details_is_marked_with_its_need_and_neighbourhood(fake: FakeDirectory) -> None:
    tracker = tracker_from(
        "sms",
        slots={
            "results": shown_results(need="mental-health", place="Heaton Moor", mode="near"),
            "last_results": ["svc-1", "svc-2"],
            "neighbourhood": "heatons",
            "language": "pl",
        },
        text="details 2",
        intent="service_details",
    )
    messages, _ = run_action(ActionServiceDetails(), tracker)
    assert responses(messages) == ["utter_service_details"]
    assert [(s.path, s.header) for s in fake.seen] == [
        ("/oruk/services/svc-2", "channel=sms, language=pl, need=mental-health, neighbourhood=heatons")
    ]


def test_details_of_a_borough_wide_result_have_no_neighbourhood(fake: FakeDirectory) -> None:
    tracker = tracker_from(
        slots={
            "results": shown_results(place=None, mode="wide"),
            "last_results": ["svc-1"],
            "neighbourhood": "heatons",  # from an earlier search, not the one these results came from
        },
        text="details 1",
        intent="service_details",
    )
    run_action(ActionServiceDetails(), tracker)
    assert [s.header for s in fake.seen] == ["channel=widget, language=en, need=food"]


def test_a_single_fact_about_a_service_is_not_a_details_opening(fake: FakeDirectory) -> None:
    tracker = tracker_from(
        slots={"results": shown_results(place="Heaton Moor", mode="near"), "last_results": ["svc-1"]},
        text="phone number for 1",
        intent="ask_phone",
    )
    run_action(ActionServiceInfo(), tracker)
    assert [s.path for s in fake.seen] == ["/oruk/services/svc-1"]
    assert fake.marked() == []


def test_nothing_is_marked_on_a_turn_the_crisis_net_flagged(fake: FakeDirectory) -> None:
    slots = {
        "need": "food",
        "place": "Heaton Moor",
        "results": shown_results(place="Heaton Moor", mode="near"),
        "last_results": ["svc-1"],
        "neighbourhood": "heatons",
    }
    flagged = [
        {"intent": "crisis"},
        # the net's tier entity alone (the component saw it, whatever the intent says)
        {"intent": "service_details", "entities": [entity("crisis_tier", "supportive")]},
    ]
    for marks in flagged:
        run_action(ActionSearchServices(), tracker_from(slots=slots, text="details 1", **marks))
        run_action(ActionServiceDetails(), tracker_from(slots=slots, text="details 1", **marks))
    assert [s.path for s in fake.seen].count("/search") == 2
    assert [s.path for s in fake.seen].count("/oruk/services/svc-1") == 2
    assert fake.marked() == []


def test_the_search_the_crisis_response_offered_is_not_marked(fake: FakeDirectory) -> None:
    tracker = tracker_from(
        slots={"need": "mental-health", "place": "Heaton Moor", "pending_offer": "local_support"},
        text="yes",
        intent="affirm",
    )
    messages, _ = run_action(ActionAnswerYes(), tracker)
    assert responses(messages)[0] == "utter_results_near"
    assert len(fake.searches()) == 1
    assert fake.marked() == []


def test_the_header_holds_only_slugs_and_codes() -> None:
    tracker = tracker_from("web", slots={"language": "ar"})
    fields = demand(tracker, need="Mental health", neighbourhood="heatons\r\nX-Other: 1")
    assert fields is not None and fields["need"] == "mental-health"
    assert header_value(fields) == "channel=widget, language=ar, need=mental-health"
