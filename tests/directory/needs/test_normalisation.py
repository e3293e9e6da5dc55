"""Each language's folding and matching: what residents type must meet the vocabulary's spelling."""

from __future__ import annotations

import pytest

from directory.language import arabic_keys, fold, polish_stem, tokens


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("كهانا", "کھانا"),  # Arabic keyboard kaf and heh for Urdu kaf and do-chashmi heh
        ("قرضي", "قرضی"),  # Arabic yeh for Urdu yeh
        ("ٹوٹی", "ٹوٹى"),  # alef maksura for yeh
        ("مساعدة", "مساعده"),  # teh marbuta for heh
        ("أسرة", "اسره"),  # hamza on alef
        ("إعانة", "اعانه"),
        ("آن لائن", "ان لاین"),
        ("مُسَاعَدَة", "مساعده"),  # short vowels
        ("مســاعدة", "مساعده"),  # tatweel
        ("قرضے", "قرضی"),  # Urdu yeh barree
    ],
)
def test_arabic_and_urdu_letter_variants_and_marks_fold_to_one_spelling(variant, plain):
    assert fold(variant) == fold(plain)


def test_arabic_indic_and_urdu_digits_become_ascii_digits():
    assert tokens("SK4 ١٢٣ ۴۵۶") == ["sk4", "123", "456"]


def test_arabic_script_words_are_kept_as_words_not_dropped():
    assert tokens("أحتاج بنك الطعام!") == ["احتاج", "بنک", "الطعام"]


def test_polish_letters_fold_including_l_with_stroke_which_has_no_decomposition():
    assert tokens("Zadłużenie ŁÓDŹ żywność") == ["zadluzenie", "lodz", "zywnosc"]


@pytest.mark.parametrize(
    "forms",
    [
        ("dług", "długi", "długów", "długu", "długami"),
        ("zadłużenie", "zadłużenia", "zadłużeniem", "zadłużeniu"),
        ("jedzenie", "jedzenia", "jedzeniem"),
        ("praca", "pracy", "pracę"),
    ],
)
def test_polish_inflected_forms_share_one_stem(forms):
    stems = {polish_stem(tokens(form)[0]) for form in forms}
    assert len(stems) == 1


def test_polish_stemming_keeps_short_words_whole():
    assert polish_stem("dom") == "dom"
    assert polish_stem("mam") == "mam"


def test_arabic_keys_allow_an_attached_article_or_preposition_and_endings():
    assert "دیون" in arabic_keys(fold("بالديون"))
    assert "قرض" in arabic_keys(fold("قرضوں"))
    assert "دیون" in arabic_keys(fold("ديوني"))


def test_arabic_keys_do_not_match_words_of_other_roots():
    assert "قرض" not in arabic_keys(fold("مرض"))
    assert "عمل" not in arabic_keys(fold("معلم"))


def test_english_folding_is_unchanged_for_apostrophes_and_accents():
    assert tokens("Can’t afford café") == ["can't", "afford", "cafe"]
