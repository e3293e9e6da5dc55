"""The crisis safety net (the around_here_safety package), as the web app's fallbacks use it."""

from __future__ import annotations

import textwrap

import pytest
from around_here_safety import (
    CrisisNet,
    CrisisRuleError,
    assess,
    crisis_payload,
    higher_tier,
)
from around_here_safety.fuzzy import distance_within

from bench.safety.corpus import LANGUAGES, load


@pytest.mark.parametrize(
    ("text", "tier", "category"),
    [
        ("I have a rope ready", "urgent", "self_harm"),
        ("no reason to go on, I've written a note", "urgent", "self_harm"),
        ("i feel like jumping in front of a train", "urgent", "self_harm"),
        ("took 30 paracetamol about an hour ago", "urgent", "self_harm"),
        ("going to do it tonight when everyone's asleep", "urgent", "self_harm"),
        ("he's got my kids and says I'll never see them alive again", "urgent", "danger"),
        ("sucidal thoughts again", "supportive", "self_harm"),
        ("my husband checks my phone and takes all my money", "supportive", "domestic_abuse"),
    ],
)
def test_english_crisis_messages_get_their_tier(text, tier, category):
    found = assess(text)
    assert found.tier == tier, [r.source for r in found.rules]
    assert category in found.categories


@pytest.mark.parametrize(
    "text",
    [
        "my cat died and I'm sad",
        "dead end job, I want to retrain",
        "I'm killing myself laughing at this",
        "how many paracetamol can I take for toothache",
        "which trains go from Stockport to Manchester on Sunday",
        "help with my gas bill please",
    ],
)
def test_look_alikes_get_no_crisis_answer(text):
    assert assess(text).tier == "none"


def test_a_report_about_someone_else_is_marked_as_such():
    found = assess("my friend says she'll take her life tonight")
    assert found.tier == "urgent" and found.about == "other"


def test_a_no_alone_never_lowers_the_answer():
    assert assess("I'm not going to kill myself, I just need debt advice").tier != "none"
    assert assess("i want to die lol jk").tier == "supportive"


def test_typos_of_key_words_are_recognised_but_common_words_are_not_stretched():
    assert distance_within("sucidal", "suicidal", 1)
    assert distance_within("paracetomol", "paracetamol", 2)
    assert not distance_within("bills", "pills", 0)
    assert assess("feeling suicdal tonight").tier != "none"
    assert assess("i cant pay my bills").tier == "none"


def test_the_urgent_tier_gives_999_first_and_at_most_three_helplines():
    payload = crisis_payload(assess("my partner is hitting me right now"))
    assert payload["type"] == "crisis" and payload["tier"] == "urgent"
    assert payload["helplines"][0]["phone"] == "999"
    assert "0808 2000 247" in {h.get("phone") for h in payload["helplines"]}
    assert len(payload["helplines"]) <= 3


def test_the_supportive_tier_gives_listening_lines_without_999():
    payload = crisis_payload(assess("i keep thinking everyone would be better off without me"))
    assert payload["tier"] == "supportive"
    phones = [h.get("phone") for h in payload["helplines"]]
    assert "999" not in phones and "116 123" in phones


def test_a_conversations_risk_only_goes_up():
    assert higher_tier("urgent", "supportive") == "urgent"
    assert higher_tier(None, "supportive") == "supportive"
    assert higher_tier("supportive", "none") == "supportive"


def test_a_malformed_rule_file_stops_the_net_from_starting(tmp_path):
    (tmp_path / "crisis_xx.yml").write_text(
        textwrap.dedent(
            """
            language: xx
            signals:
              mood: {phrases: [sad]}
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(CrisisRuleError, match="unknown signals"):
        CrisisNet.from_directory(tmp_path)


def test_a_new_reviewed_phrase_needs_no_code(tmp_path):
    (tmp_path / "crisis_xx.yml").write_text(
        "language: xx\nsupportive:\n  self_harm:\n    phrases: ['want to disappear forever']\n", encoding="utf-8"
    )
    assert CrisisNet.from_directory(tmp_path).assess("I want to disappear forever").tier == "supportive"


# Floors on the held-out corpus (written before the rules, never tuned on), just under what the net
# scored when it was last measured (docs/benchmarks.md, "Crisis safety net"): a change that loses
# recall or adds false alarms fails here.
HELDOUT_FLOORS = {
    "en": {"urgent": 0.80, "crisis": 0.88, "lookalike_urgent": 0.05, "lookalike_any": 0.11},
    "pl": {"urgent": 0.68, "crisis": 0.75, "lookalike_urgent": 0.02, "lookalike_any": 0.07},
    "ur": {"urgent": 0.86, "crisis": 0.82, "lookalike_urgent": 0.03, "lookalike_any": 0.05},
    "ar": {"urgent": 0.80, "crisis": 0.85, "lookalike_urgent": 0.02, "lookalike_any": 0.04},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_held_out_corpus_keeps_its_recall_and_false_alarm_floors(language):
    examples = load("heldout", (language,))
    tiers = [(e, assess(e.text).tier) for e in examples]
    urgent = [t == "urgent" for e, t in tiers if e.tier == "urgent"]
    crisis = [t != "none" for e, t in tiers if e.is_crisis]
    lookalike_urgent = [t == "urgent" for e, t in tiers if not e.is_crisis]
    lookalike_any = [t != "none" for e, t in tiers if not e.is_crisis]
    assert len(crisis) >= 50 and len(lookalike_any) >= 50, "the held-out half is at least 50 + 50"
    floors = HELDOUT_FLOORS[language]
    assert sum(urgent) / len(urgent) >= floors["urgent"]
    assert sum(crisis) / len(crisis) >= floors["crisis"]
    assert sum(lookalike_urgent) / len(lookalike_urgent) <= floors["lookalike_urgent"]
    assert sum(lookalike_any) / len(lookalike_any) <= floors["lookalike_any"]


def test_the_literal_prefilter_never_changes_which_rules_match():
    """Speed only: for every corpus message, the rules found through the hint index are exactly the
    rules whose expression matches the prepared text."""
    from around_here_safety import default_net

    from bench.safety.corpus import SPLITS

    net = default_net()
    for split in SPLITS:
        for example in load(split)[::6]:  # a sixth of the corpus: every rule, several thousand searches each
            prepared = net.prepare(example.text)
            found = {id(rule) for rule in net.assess_rules(prepared).rules}
            brute = {id(rule) for rule in net.rules.rules if rule.regex.search(prepared)}
            assert found == brute, example.text
