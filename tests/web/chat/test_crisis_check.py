"""The relay's own minimal crisis check, used only when the assistant cannot answer."""

from __future__ import annotations

import pytest

from web.chat.crisis import crisis_categories, helplines_for


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("I want to kill myself", "self_harm"),
        ("thinking about SUICIDE tonight", "self_harm"),
        ("I don’t want to live any more, I’m going to end it all", "self_harm"),
        ("he's going to kill me", "danger"),
        ("my partner keeps hitting me", "domestic_abuse"),
        ("I think a child is being groomed: child abuse", "child_at_risk"),
        ("Chcę umrzeć", "self_harm"),
        ("chce umrzec", "self_harm"),
        ("przemoc domowa", "domestic_abuse"),
        ("میں خودکشی کرنا چاہتا ہوں", "self_harm"),
        ("main khudkushi karna chahta hoon", "self_harm"),
        ("أفكر في الانتحار", "self_harm"),
        ("اريد ان اموت", "self_harm"),
        ("زوجي يضربني", "domestic_abuse"),
    ],
)
def test_clear_crisis_phrases_are_caught_in_each_language(message, category):
    assert category in crisis_categories(message)


@pytest.mark.parametrize(
    "message",
    [
        "food bank in Reddish",
        "I'm dying to know when the food bank opens",
        "killing time before my appointment",
        "help with heating bills",
        "skills for life course",
    ],
)
def test_ordinary_messages_are_not_taken_for_a_crisis(message):
    assert crisis_categories(message) == []


def test_999_always_comes_first_and_each_category_adds_its_helplines():
    assert [h["phone"] for h in helplines_for(["danger"])] == ["999"]
    names = [h["name"] for h in helplines_for(["self_harm", "domestic_abuse"])]
    assert names == ["Emergency services", "Samaritans", "Shout", "National Domestic Abuse Helpline"]
    assert helplines_for([])[1]["name"] == "Samaritans"


def test_the_fallback_uses_the_assistants_reviewed_safety_net_too() -> None:
    # in bot/safety/crisis_*.yml, not in this module's short list
    assert crisis_categories("my partner is hitting me right now") == ["domestic_abuse"]
    assert crisis_categories("maine goliyan kha li hain") == ["self_harm"]


def test_without_the_reviewed_files_the_short_list_still_catches_clear_phrases(tmp_path, monkeypatch, caplog):
    from web.chat import crisis

    monkeypatch.setenv("AROUND_HERE_BOT_DIR", str(tmp_path))
    crisis._reviewed_matcher.cache_clear()
    try:
        assert crisis_categories("I want to kill myself") == ["self_harm"]
        assert "could not be loaded" in caplog.text
    finally:
        monkeypatch.delenv("AROUND_HERE_BOT_DIR")
        crisis._reviewed_matcher.cache_clear()


def test_helplines_come_from_the_reviewed_file_the_assistant_uses() -> None:
    from pathlib import Path

    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[3] / "bot" / "safety" / "helplines.yml").read_text())
    given = helplines_for(["domestic_abuse"])
    assert [h["phone"] for h in given] == ["999", data["helplines"]["ndah"]["phone"]]


def test_without_the_helplines_file_999_and_samaritans_are_still_given(tmp_path, monkeypatch, caplog) -> None:
    from web.chat import crisis

    monkeypatch.setenv("AROUND_HERE_BOT_DIR", str(tmp_path))
    crisis._helplines.cache_clear()
    try:
        assert [h["phone"] for h in helplines_for(["child_at_risk"])] == ["999", "116 123"]
        assert "helplines could not be loaded" in caplog.text
    finally:
        monkeypatch.delenv("AROUND_HERE_BOT_DIR")
        crisis._helplines.cache_clear()
