"""The chat widget in a real browser (Chromium), embedded on the demo council page, talking to the real
assistant through the relay. Screenshots of each state go to docs/screenshots/."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import EXIT_ORIGIN
from tests.browser.widget_page import HOST, Widget, texts

# Browser tests run once, on SQLite (the relay and search are tested on every backend elsewhere).
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

ARABIC = re.compile(r"[\u0600-\u06ff]")
# A council stylesheet at its worst: none of it may reach inside the widget.
HOSTILE_CSS = (
    "* { color: lime !important; letter-spacing: 3px; text-transform: uppercase; font-size: 30px; "
    "line-height: 3 } button { background: red !important; padding: 40px } div { display: inline }"
)


def test_the_widget_on_the_demo_page_holds_a_conversation_that_returns_service_cards(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo")
    widget.screenshot(screenshots / "widget-closed.png")
    widget.open()
    expect(widget.input).to_be_focused()
    widget.say("food bank in Reddish", cards=3)

    first = widget.cards.nth(0)
    expect(first.locator("h3")).to_have_text(re.compile(r"^1\. \S"))
    call = first.locator('a[href^="tel:"]')
    expect(call).to_have_text(re.compile(r"^Call 0161"))
    assert re.fullmatch(r"tel:\d{11}", call.get_attribute("href"))
    map_link = first.locator('a[href^="https://www.openstreetmap.org/search?query="]')
    expect(map_link).to_have_count(1)
    details = first.locator(f'a[href^="{site}/services/"]')
    expect(details).to_contain_text("More details")
    assert details.get_attribute("target") == "_blank" and "noopener" in details.get_attribute("rel")
    expect(widget.bot_messages.filter(has_text="Reddish")).not_to_have_count(0)
    expect(widget.typing).to_be_hidden()
    widget.screenshot(screenshots / "widget-conversation-cards.png")

    # the details link goes to the service's public page
    response = page.request.get(details.get_attribute("href"))
    assert response.ok

    # the conversation is kept across page loads (this tab only)
    stored = widget.stored()
    assert stored and re.fullmatch(r"[0-9a-f]{32}", stored["session"])
    page.reload()
    expect(widget.panel).to_be_visible()
    expect(widget.cards).to_have_count(3)
    assert widget.stored()["session"] == stored["session"]

    # "clear conversation" forgets it and starts a new session
    widget.clear_button.click()
    expect(widget.cards).to_have_count(0)
    expect(widget.notes).to_have_text(["Conversation cleared."])
    assert widget.stored()["items"] == []
    assert widget.stored()["session"] != stored["session"]
    expect(widget.input).to_be_focused()


def test_switching_to_arabic_turns_the_widget_right_to_left_and_the_assistant_answers_in_arabic(
    page, site, screenshots
):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    expect(widget.root).to_have_attribute("dir", "ltr")
    expect(widget.language.locator("option")).to_have_text(["English", "Polski", "اردو", "العربية"])
    widget.language.select_option("ar")
    expect(widget.root).to_have_attribute("dir", "rtl")
    expect(widget.root).to_have_attribute("lang", "ar")
    arabic = widget.strings(site, "ar")
    expect(widget.send_button).to_have_text(arabic["send"])
    expect(widget.exit).to_have_text(arabic["exit"])
    expect(page.locator(f"{HOST} label[for=ah-input]")).to_have_text(arabic["input_label"])
    expect(widget.close_button).to_have_attribute("aria-label", arabic["close"])

    widget.say("food bank in Reddish", cards=3)
    replies = texts(widget.bot_messages)
    assert any(ARABIC.search(text) for text in replies[1:]), replies
    assert ARABIC.search(widget.cards.nth(0).inner_text())
    # phone numbers keep their order inside right-to-left text
    expect(widget.cards.nth(0).locator('a[href^="tel:"] bdi')).to_have_attribute("dir", "ltr")
    # right to left: the panel sits on the left of the screen, the user's messages on the left too
    box = widget.panel.bounding_box()
    assert box and box["x"] < 100
    widget.screenshot(screenshots / "widget-arabic-rtl.png")

    # the choice is kept across page loads and the strings go back with the language
    page.reload()
    expect(widget.root).to_have_attribute("dir", "rtl")
    widget.language.select_option("en")
    expect(widget.root).to_have_attribute("dir", "ltr")
    expect(widget.send_button).to_have_text("Send")


def test_the_whole_conversation_can_be_held_with_the_keyboard_alone(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo")
    # Tab from the top of the page to the launcher
    for _ in range(60):
        page.keyboard.press("Tab")
        if (widget.focused() or {}).get("cls") == "launcher":
            break
    else:
        pytest.fail("the launcher could not be reached with Tab")
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert widget.focused()["id"] == "ah-input"

    before = widget.bot_messages.count()
    page.keyboard.type("I need some help")
    page.keyboard.press("Enter")
    widget.wait_for_answer(before)
    expect(widget.quick_replies.first).to_be_visible()
    # back from the message field to the quick replies, choose "Food" with Enter
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if (widget.focused() or {}).get("text") == "Food":
            break
    else:
        pytest.fail("the quick reply could not be reached with Shift+Tab")
    widget.screenshot(screenshots / "widget-keyboard-quick-reply.png")
    before = widget.bot_messages.count()
    page.keyboard.press("Enter")
    widget.wait_for_answer(before)
    # the assistant's question buttons are gone (the widget's own follow the services it showed)
    expect(page.locator(f"{HOST} .replies:not(.quick) button")).to_have_count(0)
    expect(page.locator(f"{HOST} .msg.user").last).to_contain_text("Food")
    assert widget.focused()["id"] == "ah-input"
    before = widget.bot_messages.count()
    borough_wide = widget.cards.count()  # a need without a place gets borough-wide help at once
    page.keyboard.type("Reddish")
    page.keyboard.press("Enter")
    widget.wait_for_answer(before)
    expect(widget.cards).to_have_count(borough_wide + 3)

    # Escape closes the panel and gives focus back to the launcher; Enter opens it again
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert widget.focused()["cls"] == "launcher"
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert widget.focused()["id"] == "ah-input"

    # no trap: Tab goes on past the send button and out of the widget
    page.keyboard.press("Tab")
    assert widget.focused()["cls"] == ""  # the send button
    page.keyboard.press("Tab")
    assert widget.focused()["where"] != "widget"

    # and the panel's own close button works from the keyboard too
    widget.input.focus()
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if (widget.focused() or {}).get("cls") == "icon":
            break
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_hidden()
    assert widget.focused()["cls"] == "launcher"


def test_leave_this_site_quickly_clears_the_conversation_and_replaces_the_page(page, site):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("food bank in Reddish", cards=3)
    page.evaluate("() => window.sessionStorage.setItem('host-page-note', 'kept until leaving')")
    assert widget.stored()
    widget.exit.click()
    page.wait_for_url(f"{EXIT_ORIGIN}/weather")

    # back in this tab, nothing of the conversation is left, and the history skips the page we left
    page.go_back()
    assert not page.url.startswith(site)
    widget.load(f"{site}/widget/demo")
    assert page.evaluate("() => window.sessionStorage.length") == 0
    expect(widget.panel).to_be_hidden()
    widget.open()
    expect(widget.cards).to_have_count(0)
    expect(page.locator(f"{HOST} .msg.user")).to_have_count(0)


def test_pressing_shift_three_times_leaves_quickly_but_typing_capitals_does_not(page, site):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.input.focus()
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift+B")
    page.keyboard.press("Shift+C")
    assert page.url == f"{site}/widget/demo"
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{EXIT_ORIGIN}/weather")


def test_with_the_assistant_stopped_the_widget_shows_the_directory_answer_with_cards(
    page, site, assistant_down, screenshots
):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("food bank in Reddish", cards=3)
    expect(widget.bot_messages.filter(has_text="isn't available right now")).to_have_count(1)
    expect(widget.cards.nth(0).locator('a[href^="tel:"]')).to_have_count(1)
    widget.screenshot(screenshots / "widget-directory-fallback.png")


def test_a_crisis_message_shows_helplines_prominently_with_tap_to_call_numbers(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("I'm going to kill myself tonight")
    expect(widget.crisis).to_have_count(1)
    expect(widget.crisis).to_contain_text("Get help now")
    expect(widget.crisis.locator('a[href="tel:999"]')).to_have_text("Call 999")
    expect(widget.crisis.locator('a[href="tel:116123"]')).to_have_count(1)
    expect(widget.crisis.locator('a[href^="sms:85258"]')).to_have_count(1)
    widget.screenshot(screenshots / "widget-crisis.png")


def test_a_supportive_message_shows_the_listening_lines_without_999(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("I want to kill myself")
    expect(widget.crisis).to_have_count(1)
    expect(widget.crisis).to_contain_text("Someone to talk to")
    expect(widget.crisis.locator('a[href="tel:999"]')).to_have_count(0)
    expect(widget.crisis.locator('a[href="tel:116123"]')).to_have_count(1)
    widget.screenshot(screenshots / "widget-crisis-supportive.png")


@pytest.fixture
def slow_assistant(app, monkeypatch):
    """An assistant that never answers: the relay gives up after 2 seconds and the directory answers."""
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        monkeypatch.setitem(app.config, "RASA_URL", f"http://127.0.0.1:{server.getsockname()[1]}")
        monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", 2.0)
        yield


@pytest.mark.parametrize(
    "context_options", [{"viewport": {"width": 1280, "height": 800}, "reduced_motion": "reduce"}]
)
def test_the_typing_indicator_shows_while_waiting_and_is_still_when_motion_is_reduced(
    page, site, slow_assistant
):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.input.fill("food bank in Reddish")
    widget.input.press("Enter")
    expect(widget.typing).to_be_visible()
    expect(widget.typing).to_have_attribute("role", "status")
    expect(widget.typing).to_contain_text("typing")
    animation = page.evaluate(
        "(host) => getComputedStyle(document.querySelector(host).shadowRoot.querySelector('.typing i'))"
        ".animationName",
        HOST,
    )
    assert animation == "none"
    expect(widget.cards).to_have_count(3, timeout=30_000)
    expect(widget.typing).to_be_hidden()


@pytest.mark.parametrize("lang", ["en", "ar"], ids=["left to right", "right to left"])
@pytest.mark.parametrize(
    "context_options", [{"viewport": {"width": 1280, "height": 800}, "bypass_csp": True}], ids=["axe"]
)
def test_axe_finds_no_wcag_violations_with_the_widget_open_with_a_conversation_and_cards(
    page, site, lang, screenshots
):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    if lang != "en":
        widget.language.select_option(lang)
        expect(widget.root).to_have_attribute("dir", "rtl")
    widget.say("I need some help")
    widget.say("food bank in Reddish", cards=3)
    violations = widget.axe_violations()
    assert not violations, _describe(violations)
    # the quick replies and one service's details card
    choose(widget, 1)
    violations = widget.axe_violations()
    assert not violations, _describe(violations)
    # closed, on the page
    widget.close_button.click()
    assert not widget.axe_violations()


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {node['target']}: {node['summary']}" for node in violation["nodes"][:5]]
    return "\n".join(lines)


def test_every_control_is_at_least_24_by_24_pixels(page, site):
    widget = Widget(page).load(f"{site}/widget/demo")
    assert not widget.small_targets()
    widget.open()
    widget.say("I need some help")
    widget.say("food bank in Reddish", cards=3)
    assert not widget.small_targets()


@pytest.mark.parametrize("context_options", [{"viewport": {"width": 320, "height": 640}}], ids=["320px"])
def test_at_320_pixels_wide_nothing_scrolls_sideways(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    widget.open()
    widget.say("food bank in Reddish", cards=3)
    widget.no_horizontal_scroll()
    expect(widget.input).to_be_in_viewport()
    expect(widget.send_button).to_be_in_viewport()
    widget.screenshot(screenshots / "widget-320px.png")
    # a details card with its long website and email, and the quick replies, fit too
    choose(widget, 1)
    widget.no_horizontal_scroll()
    for part in (widget.exit, widget.close_button, widget.language, widget.clear_button):
        expect(part).to_be_in_viewport()


@pytest.mark.parametrize(
    "context_options", [{"viewport": {"width": 640, "height": 400}}], ids=["1280x800 at 200% zoom"]
)
def test_at_200_percent_zoom_the_panel_fits_and_every_part_is_reachable(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("food bank in Reddish", cards=3)
    widget.no_horizontal_scroll()
    for part in (widget.exit, widget.close_button, widget.language, widget.input, widget.send_button):
        expect(part).to_be_in_viewport()
    widget.cards.last.scroll_into_view_if_needed()
    expect(widget.cards.last).to_be_in_viewport()
    widget.screenshot(screenshots / "widget-zoom-200.png")


@pytest.fixture
def council_page(context, site, app, monkeypatch):
    """A council's page on another origin (its own local server) with the one embed tag; the relay is
    configured to allow exactly that origin."""
    html = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Council</title>"
        f'<script src="{site}/widget/widget.js" data-language="pl" async></script>'
        f"<style>{HOSTILE_CSS}</style></head><body><h1>Welcome to the council</h1>"
        + "<p>Council news.</p>" * 200
        + "</body></html>"
    ).encode()

    def council(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [html]

    server = make_server("127.0.0.1", 0, council, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setitem(app.config, "CHAT_ALLOWED_ORIGINS", [origin])
    context.route(f"{origin}/**", lambda route: route.continue_())
    yield f"{origin}/support"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def test_the_widget_works_embedded_in_the_head_of_another_sites_page_in_the_language_it_was_given(
    page, council_page
):
    widget = Widget(page).load(council_page).open()
    expect(widget.root).to_have_attribute("lang", "pl")
    widget.say("food bank in Reddish", cards=3)
    # the page's styles do not reach into the widget, and the widget's do not reach the page
    styles = page.evaluate(
        """(host) => {
            const root = document.querySelector(host).shadowRoot;
            const style = (el) => getComputedStyle(el);
            return {
                launcherBackground: style(root.querySelector('.send, .form button')).backgroundColor,
                color: style(root.querySelector('.msg.bot')).color,
                transform: style(root.querySelector('.msg.bot')).textTransform,
                spacing: style(root.querySelector('.msg.bot')).letterSpacing,
                size: style(root.querySelector('.root')).fontSize,
                pageHeading: style(document.querySelector('h1')).textTransform,
            };
        }""",
        HOST,
    )
    assert styles == {
        "launcherBackground": "rgb(0, 112, 60)",
        "color": "rgb(11, 12, 12)",
        "transform": "none",
        "spacing": "normal",
        "size": "16px",
        "pageHeading": "uppercase",
    }


# -- quick replies, details cards, language, phones ---------------------------------------------------

SERVICE = "Heaton Norris Food Bank"  # in the sample data with a phone, an email and a website


def choose(widget: Widget, number: int) -> None:
    """Tap "Details of <number>" and wait for the details card."""
    before = widget.details_cards.count()
    widget.suggested.filter(has_text=re.compile(rf"^Details of {number}\b|\b{number}\b")).first.click()
    expect(widget.details_cards).to_have_count(before + 1, timeout=40_000)
    expect(widget.typing).to_be_hidden()


def card_number(widget: Widget, name: str) -> int:
    titles = texts(widget.cards.locator("h3"))
    found = [t for t in titles if name in t]
    assert found, f"{name!r} is not among the results {titles}"
    return int(found[0].split(".")[0])


def test_quick_replies_work_from_the_keyboard_and_a_details_answer_is_one_card_with_tappable_links(
    page, site, screenshots
):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("food bank in Reddish", cards=3)
    expect(widget.suggested).to_have_text(
        [re.compile(rf"^{label}\b") for label in ("More", "Details of 1", "Details of 2", "Details of 3")]
        + ["Start again"]
    )
    # each "Details of" names its service for screen readers, after the visible words
    expect(widget.suggested.nth(1)).to_have_text(re.compile(r"^Details of 1 – \S"))
    group = page.locator(f"{HOST} .log[aria-live=polite] .quick[role=group]")
    expect(group).to_have_attribute("aria-label", "Suggested replies")

    # from the message field back to "Details of N" (that service's number), chosen with Enter
    number = card_number(widget, SERVICE)
    bubbles = widget.bot_messages.count()
    widget.tab_back_to(f"Details of {number}")
    page.keyboard.press("Enter")
    expect(widget.details_cards).to_have_count(1, timeout=40_000)
    expect(widget.typing).to_be_hidden()
    expect(page.locator(f"{HOST} .msg.user").last).to_have_text(re.compile(rf"Details of {number}$"))
    assert widget.focused()["id"] == "ah-input"

    # one card, no bubbles of the same details in words
    card = widget.details_cards.first
    expect(widget.bot_messages).to_have_count(bubbles)
    expect(card.locator("h3")).to_have_text(SERVICE)
    for label in ("Phone", "Email", "Website", "Address", "More details"):
        expect(card).to_contain_text(label)
    assert re.fullmatch(r"tel:\d{11}", card.locator('a[href^="tel:"]').get_attribute("href"))
    expect(card.locator('a[href="mailto:foodbank.heaton-norris@example.org"]')).to_have_count(1)
    website = card.locator('a[href^="https://example.org/"]')
    expect(website).to_have_count(1)
    assert website.get_attribute("rel") == "noopener" and website.get_attribute("target") is None
    widget.screenshot(screenshots / "widget-details-card.png")

    # the quick replies follow the list still shown: "More" gives 4 to 6
    expect(widget.suggested.first).to_have_text("More")
    before = widget.cards.count()
    widget.suggested.first.click()
    expect(widget.cards).to_have_count(before + 3, timeout=40_000)
    expect(widget.typing).to_be_hidden()
    expect(widget.cards.last.locator("h3")).to_have_text(re.compile(r"^6\. \S"))
    expect(widget.suggested.filter(has_text="Details of 4")).to_have_count(1)
    choose(widget, 5)
    expect(widget.details_cards).to_have_count(2)

    # "Start again": a new conversation for the assistant, the welcome again, no quick replies
    session = widget.stored()["session"]
    widget.suggested.last.click()
    expect(widget.suggested).to_have_count(0)
    assert widget.stored()["session"] != session
    expect(widget.bot_messages.last).to_contain_text("Tell me what you need help with")
    widget.say("food bank in Reddish")
    expect(widget.suggested.filter(has_text="Details of 1")).to_have_count(1)


def test_with_the_assistant_stopped_the_quick_replies_are_answered_from_the_directory(
    page, site, assistant_down
):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.language.select_option("pl")
    expect(widget.root).to_have_attribute("lang", "pl")
    widget.say("bank żywności Reddish", cards=3)
    before = widget.cards.count()
    widget.suggested.first.click()  # "More", in Polish
    expect(widget.cards).to_have_count(before + 3, timeout=40_000)
    expect(widget.typing).to_be_hidden()
    choose(widget, 4)
    card = widget.details_cards.first
    expect(card.locator('a[href^="tel:"]')).to_have_count(1)


def test_switching_language_relabels_earlier_cards_and_their_links_open_pages_in_that_language(page, site):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.say("food bank in Reddish", cards=3)
    choose(widget, 1)
    polish = widget.strings(site, "pl")
    assert polish["details"] != "More details"  # "Więcej szczegółów": translated, so the test can tell
    widget.language.select_option("pl")
    expect(widget.root).to_have_attribute("lang", "pl")

    links = page.locator(f'{HOST} .card a[href*="/services/"]')
    expect(links).to_have_count(4)  # three results and the details card
    for i in range(4):
        expect(links.nth(i)).to_contain_text(polish["details"])
        assert links.nth(i).get_attribute("href").endswith("?lang=pl")
    card = widget.details_cards.first
    expect(card.locator("strong").first).to_have_text(polish["phone"])
    expect(widget.suggested.last).to_have_text(polish["start_again"])

    # the page the link opens is in Polish
    response = page.request.get(links.nth(0).get_attribute("href"))
    assert response.ok and re.search(r'<html lang="pl[-"]', response.text())


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "locale": "en-GB"}


@pytest.mark.parametrize("context_options", [PHONE], ids=["390x844 touch"])
def test_on_a_phone_the_header_is_compact_and_the_keyboard_hint_is_not_shown(page, site, screenshots):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    box = widget.header.bounding_box()
    assert box and box["height"] <= 100, box
    expect(widget.exit_hint).to_be_hidden()
    assert widget.exit.get_attribute("aria-describedby") is None
    for part in (widget.exit, widget.close_button, widget.language, widget.clear_button):
        expect(part).to_be_in_viewport()
    widget.say("food bank in Reddish", cards=3)
    widget.no_horizontal_scroll()
    widget.screenshot(screenshots / "widget-phone.png")


def test_with_a_keyboard_the_hint_is_shown_and_describes_the_exit_button(page, site):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    expect(widget.exit_hint).to_be_visible()
    expect(widget.exit_hint).to_have_text("Or press Shift three times")
    assert widget.exit.get_attribute("aria-describedby") == "ah-exit-hint"


@pytest.mark.parametrize("context_options", [{**PHONE, "bypass_csp": True}], ids=["390x844 touch axe"])
def test_axe_finds_no_wcag_violations_on_a_phone_in_arabic_with_a_details_card(page, site):
    widget = Widget(page).load(f"{site}/widget/demo").open()
    widget.language.select_option("ar")
    expect(widget.root).to_have_attribute("dir", "rtl")
    widget.say("food bank in Reddish", cards=3)
    choose(widget, 1)
    box = widget.header.bounding_box()
    assert box and box["height"] <= 100, box
    widget.no_horizontal_scroll()
    violations = widget.axe_violations()
    assert not violations, _describe(violations)
