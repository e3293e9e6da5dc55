"""The widget as a resident sees it, for the browser tests (Playwright locators pierce its open shadow
root)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import axe_violations

HOST = "[data-around-here-widget]"


class Widget:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.host = page.locator(HOST)
        self.launcher = page.locator(f"{HOST} .launcher")
        self.panel = page.locator(f"{HOST} .panel")
        self.root = page.locator(f"{HOST} .root")
        self.log = page.locator(f"{HOST} .log")
        self.input = page.locator(f"{HOST} #ah-input")
        self.send_button = page.locator(f"{HOST} .form button")
        self.exit = page.locator(f"{HOST} button.exit")
        self.close_button = page.locator(f"{HOST} .head button")
        self.clear_button = page.locator(f"{HOST} .clear")
        self.language = page.locator(f"{HOST} #ah-lang")
        self.typing = page.locator(f"{HOST} .typing")
        self.cards = page.locator(f"{HOST} .card")
        self.crisis = page.locator(f"{HOST} .crisis")
        self.quick_replies = page.locator(f"{HOST} .replies button")
        # the widget's own quick replies ("More", "Details of 1", "Start again"), not the assistant's
        self.suggested = page.locator(f"{HOST} .quick button")
        self.details_cards = page.locator(f"{HOST} .card.details")
        self.header = page.locator(f"{HOST} .top")
        self.exit_hint = page.locator(f"{HOST} .hint")
        self.bot_messages = page.locator(f"{HOST} .msg.bot")
        self.notes = page.locator(f"{HOST} .msg.note")

    def load(self, url: str) -> Widget:
        self.page.goto(url)
        expect(self.launcher).to_be_visible()
        return self

    def open(self) -> Widget:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        return self

    def say(self, text: str, *, cards: int | None = None) -> None:
        """Type and send a message, then wait until the assistant has answered."""
        before = self.bot_messages.count() + self.notes.count() + self.cards.count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_answer(before)
        if cards is not None:
            expect(self.cards).to_have_count(cards)

    def wait_for_answer(self, before: int) -> None:
        self.page.wait_for_function(
            """([host, before]) => {
                const root = document.querySelector(host).shadowRoot;
                const count = root.querySelectorAll('.msg.bot, .msg.note, .card').length;
                return count > before && root.querySelector('.typing').hidden;
            }""",
            arg=[HOST, before],
            timeout=40_000,
        )

    def tab_back_to(self, text: str) -> None:
        """Shift+Tab from where focus is until the widget's control whose text starts with `text`."""
        for _ in range(40):
            self.page.keyboard.press("Shift+Tab")
            if ((self.focused() or {}).get("text") or "").startswith(text):
                return
        raise AssertionError(f"{text!r} could not be reached with Shift+Tab")

    def focused(self) -> dict[str, Any] | None:
        """What has focus: inside the widget {where: 'widget', id, cls, text}, else {where: 'page', tag}."""
        return self.page.evaluate(
            """(host) => {
                const h = document.querySelector(host);
                const inside = h && h.shadowRoot.activeElement;
                if (inside) {
                    return {where: 'widget', id: inside.id, cls: inside.className,
                            text: (inside.textContent || '').trim()};
                }
                const a = document.activeElement;
                return {where: a === h ? 'host' : 'page', tag: a ? a.tagName : null};
            }""",
            HOST,
        )

    def stored(self) -> dict[str, Any] | None:
        raw = self.page.evaluate("() => window.sessionStorage.getItem('around-here-chat')")
        return json.loads(raw) if raw else None

    def strings(self, site: str, lang: str) -> dict[str, str]:
        response = self.page.request.get(f"{site}/widget/strings/{lang}.json")
        assert response.ok
        return response.json()["strings"]

    def no_horizontal_scroll(self) -> None:
        overflow = self.page.evaluate(
            """(host) => {
                const root = document.querySelector(host).shadowRoot;
                const doc = document.documentElement;
                const found = [];
                if (doc.scrollWidth > doc.clientWidth) found.push(['document', doc.scrollWidth, doc.clientWidth]);
                for (const el of root.querySelectorAll('.panel, .log, .card, .form')) {
                    if (el.scrollWidth > el.clientWidth + 1) found.push([el.className, el.scrollWidth, el.clientWidth]);
                }
                const box = root.querySelector('.panel').getBoundingClientRect();
                if (box.left < 0 || box.right > window.innerWidth + 0.5) found.push(['panel box', box.left, box.right]);
                return found;
            }""",
            HOST,
        )
        assert not overflow, f"horizontal overflow: {overflow}"

    def small_targets(self) -> list[Any]:
        """Buttons, links and fields in the widget smaller than 24 by 24 CSS pixels."""
        return self.page.evaluate(
            """(host) => {
                const root = document.querySelector(host).shadowRoot;
                return [...root.querySelectorAll('button, a, input, select')]
                    .filter((el) => el.offsetParent !== null)
                    .map((el) => [el.className || el.tagName, (el.textContent || '').trim().slice(0, 30),
                                  el.getBoundingClientRect()])
                    .filter(([, , r]) => r.width < 24 || r.height < 24)
                    .map(([c, t, r]) => [c, t, Math.round(r.width), Math.round(r.height)]);
            }""",
            HOST,
        )

    def axe_violations(self) -> list[dict[str, Any]]:
        return axe_violations(self.page)

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))


def texts(locator: Locator) -> list[str]:
    return [t.strip() for t in locator.all_inner_texts()]
