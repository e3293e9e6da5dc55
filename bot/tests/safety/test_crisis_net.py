"""The crisis safety net (the around_here_safety package) in the assistant's environment: every crisis
message in the table is caught with the expected category, and no look-alike is. The labelled corpus
(bench/safety/corpus) measures it further; extend both whenever a rule file changes."""

from __future__ import annotations

import textwrap

import pytest
from around_here_safety import CATEGORIES, CrisisNet, CrisisRuleError, fold, normalise

SH, DG, DA, CH = "self_harm", "danger", "domestic_abuse", "child_at_risk"

CRISIS = [
    # English, including SMS style, typos of case/punctuation and long messages
    ("en", "I want to kill myself", SH),
    ("en", "i wanna die", SH),
    ("en", "Im going to end it tonight", SH),
    ("en", "I'm suicidal", SH),
    # found by the end-to-end tests: "is hitting me" (auxiliary verbs) was missed
    ("en", "my partner is hitting me right now", DA),
    ("en", "he's hitting me", DA),
    ("en", "she is threatening me", DA),
    ("en", "my dad is hurting me", CH),
    ("pl", "znowu sie tne", SH),
    ("pl", "znowu się tnę", SH),
    ("ur", "میں نے بہت سی گولیاں کھا لی ہیں", SH),
    ("ur", "maine goliyan kha li hain", SH),
    ("ar", "ما عاد فيني كمل، بدي كل شي يخلص", SH),
    ("en", "been having suicidal thoughts again", SH),
    ("en", "I can't go on anymore", SH),
    ("en", "i cant cope any more, everyone would be better off without me", SH),
    ("en", "I've been self-harming", SH),
    ("en", "i keep cutting myself", SH),
    ("en", "I've taken too many tablets", SH),
    ("en", "thinking of taking an overdose", SH),
    ("en", "no reason to live anymore", SH),
    ("en", "I don't want to wake up tomorrow", SH),
    ("en", "i want to jump off the viaduct", SH),
    ("en", "kms", SH),
    ("en", "I lost my job, got behind on rent and honestly I just want to end my life", SH),
    ("en", "I'm killing time before I kill myself", SH),
    ("en", "My partner hits me", DA),
    ("en", "my husband beats me when he's drunk", DA),
    ("en", "he hit me again last night", DA),
    ("en", "I'm scared of my boyfriend", DA),
    ("en", "I think I'm in an abusive relationship", DA),
    ("en", "she won't let me see my friends or have my own money", DA),
    ("en", "domestic violence", DA),
    ("en", "my family are forcing me to marry", DA),
    ("en", "he's threatened to kill me", DG),
    ("en", "my ex said he'll kill me", DG),
    ("en", "someone is breaking in", DG),
    ("en", "he's got a knife", DG),
    ("en", "I'm not safe at home", DG),
    ("en", "my husband will kill me if he finds out I came here", DG),
    ("en", "my mate's not breathing", DG),
    ("en", "I'm scared for my life", DG),
    ("en", "nobody would miss me if I was gone", SH),
    ("en", "he keeps hurting me", DA),
    ("en", "I think I'm having a heart attack", DG),
    ("en", "my dad hits me", CH),
    ("en", "im 14 and my stepdad hits me", CH),
    ("en", "my stepdad touches me", CH),
    ("en", "the neighbours hit their kids all the time", CH),
    ("en", "I think a child next door is being neglected", CH),
    ("en", "my daughter is being groomed online", CH),
    # Polish (with and without Polish letters)
    ("pl", "Chcę się zabić", SH),
    ("pl", "chce sie zabic", SH),
    ("pl", "Nie chcę już żyć", SH),
    ("pl", "myślę o samobójstwie", SH),
    ("pl", "tne sie", SH),
    ("pl", "Mąż mnie bije", DA),
    ("pl", "partner mnie uderzył", DA),
    ("pl", "przemoc domowa", DA),
    ("pl", "boję się męża", DA),
    ("pl", "on grozi, że mnie zabije", DG),
    ("pl", "jestem w niebezpieczeństwie", DG),
    ("pl", "ma nóż", DG),
    ("pl", "boję się o swoje życie", DG),
    ("pl", "ojczym mnie bije", CH),
    ("pl", "sąsiad bije dzieci", CH),
    # Urdu: script and Roman Urdu
    ("ur", "میں خودکشی کرنا چاہتا ہوں", SH),
    ("ur", "میں مرنا چاہتی ہوں", SH),
    ("ur", "میں اپنی جان لے لوں گا", SH),
    ("ur", "main khudkushi karna chahta hoon", SH),
    ("ur", "mai marna chahti hu", SH),
    ("ur", "jeena nahi chahta", SH),
    ("ur", "میرا شوہر مجھے مارتا ہے", DA),
    ("ur", "گھریلو تشدد", DA),
    ("ur", "mera shohar mujhe maarta hai", DA),
    ("ur", "zabardasti shaadi karwa rahe hain", DA),
    ("ur", "وہ مجھے مار دے گا", DG),
    ("ur", "main khatre mein hoon", DG),
    ("ur", "mujhe apni jaan ka khatra hai", DG),
    ("ur", "abbu mujhe maarte hain", CH),
    ("ur", "وہ بچوں کو مارتا ہے", CH),
    # Arabic: standard and dialect
    ("ar", "أريد أن أموت", SH),
    ("ar", "بدي موت", SH),
    ("ar", "سأنتحر", SH),
    ("ar", "أفكر في الانتحار", SH),
    ("ar", "راح اقتل نفسي", SH),
    ("ar", "زوجي يضربني", DA),
    ("ar", "جوزي بيضربني كل يوم", DA),
    ("ar", "أنا أتعرض للعنف الأسري", DA),
    ("ar", "أنا في خطر", DG),
    ("ar", "رح يقتلني", DG),
    ("ar", "معه سكين", DG),
    ("ar", "أخاف على حياتي", DG),
    ("ar", "أبي يضربني", DA),
    ("ar", "يضرب أطفالي", CH),
]

LOOKALIKES = [
    # English idioms and everyday requests
    "I'm dying to know when the food bank opens",
    "just killing time till the library opens",
    "I could murder a brew",
    "this heat is killing me",
    "the wait is killing me",
    "my feet are killing me after that walk",
    "she looked drop dead gorgeous",
    "is the suicide squad film on at the cinema",
    "I'm dying for a cuppa",
    "I'm starving to death here, where's the nearest food bank",
    "dying of laughter at that",
    "bored to death at home, any groups on",
    "I'm dead tired after my shift",
    "my mum will kill me if I'm late again",
    "I'd kill for a coffee",
    "can you kill the lights",
    "my phone's dying, quick, what's the number",
    "the bills are killing me, need debt advice",
    "I'm skint and can't top up my meter",
    "my landlord won't fix the damp",
    "food bank in Reddish",
    "I need help with universal credit",
    "is there a suicide prevention course for volunteers",
    "my son hurt his leg at football",
    "I'm worried about my daughter's exams",
    "the dead end road by the station",
    "killer heels for a party",
    "I'm over the moon, thanks so much",
    "can I get help with my gas bill",
    "where can I get a free hot meal",
    # Polish
    "umieram z ciekawości",
    "zabijam czas przed wizytą",
    "zabiłbym za kawę",
    "ten upał mnie zabija",
    "mama mnie zabije jak się spóźnię",
    "potrzebuję banku żywności w Reddish",
    # Urdu
    "بھوک سے مر رہا ہوں، کھانا کہاں ملے گا",
    "garmi mujhe maar rahi hai",
    "mujhe khana chahiye",
    "مجھے بجلی کے بل میں مدد چاہیے",
    # Arabic
    "أموت من الضحك",
    "الحر قتلني اليوم",
    "أموت من الجوع، أين بنك الطعام",
    "أحتاج مساعدة في دفع الإيجار",
    "بموت فيك يا حبيبي",
]


@pytest.fixture(scope="module")
def matcher() -> CrisisNet:
    return CrisisNet.from_directory()


def test_tables_are_big_enough() -> None:
    assert len(CRISIS) >= 60
    assert len(LOOKALIKES) >= 40
    assert {lang for lang, _, _ in CRISIS} == {"en", "pl", "ur", "ar"}
    assert {category for _, _, category in CRISIS} == set(CATEGORIES)


@pytest.mark.parametrize(("lang", "text", "category"), CRISIS, ids=[f"{c[0]}:{c[1]}" for c in CRISIS])
def test_crisis_messages_are_caught(matcher: CrisisNet, lang: str, text: str, category: str) -> None:
    found = matcher.assess(text)
    assert found, f"not caught: {text!r}"
    assert category in found.categories, f"{text!r}: got {found.categories}"


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_not_caught(matcher: CrisisNet, text: str) -> None:
    found = matcher.assess(text)
    assert found.tier != "urgent", f"look-alike given 999 by {[r.source for r in found.rules]}"
    assert not found, f"look-alike caught as {found.categories} by {[r.source for r in found.rules]}"


def test_all_languages_loaded(matcher: CrisisNet) -> None:
    assert matcher.languages == ("ar", "en", "pl", "ur")
    assert matcher.rules.exclusions


def test_primary_category_follows_priority(matcher: CrisisNet) -> None:
    found = matcher.assess("my husband hits me and says he'll kill me")
    assert found.primary == DG
    assert DA in found.categories


def test_exclusions_remove_only_the_lookalike(matcher: CrisisNet) -> None:
    assert matcher.assess("dying to know... I want to end my life").primary == SH


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I DON’T want to live", " i dont want to live "),
        ("Zabić   się!!!", " zabic sie "),
        ("ＫＩＬＬ myself", " kill myself "),
        ("self-harm", " self harm "),
        ("أُرِيدُ أَنْ أَمُوتَ", normalise("اريد ان اموت")),
        ("مجھے", normalise("مجهے")),
        ("٣ أطفال", normalise("3 اطفال")),
    ],
)
def test_normalisation(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_fold_keeps_case_of_nothing() -> None:
    assert fold("ŁÓDŹ") == "lodz"


def test_malformed_file_is_refused(tmp_path) -> None:
    (tmp_path / "crisis_xx.yml").write_text(
        textwrap.dedent(
            """
            language: xx
            supportive:
              sadness:
                phrases: [sad]
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(CrisisRuleError, match="unknown categories"):
        CrisisNet.from_directory(tmp_path)


def test_bad_regex_is_refused(tmp_path) -> None:
    (tmp_path / "crisis_xx.yml").write_text(
        "language: xx\nurgent:\n  danger:\n    patterns: ['(unclosed']\n", encoding="utf-8"
    )
    with pytest.raises(CrisisRuleError, match="bad pattern"):
        CrisisNet.from_directory(tmp_path)


def test_new_phrase_needs_no_code(tmp_path) -> None:
    (tmp_path / "crisis_xx.yml").write_text(
        "language: xx\nsupportive:\n  self_harm:\n    phrases: ['want to disappear forever']\n",
        encoding="utf-8",
    )
    assert CrisisNet.from_directory(tmp_path).assess("I want to disappear forever").primary == SH
