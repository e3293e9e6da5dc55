"""Segment counting against texts whose cost is known from the GSM 03.38 and UCS-2 rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from web.sms.segments import count_segments, gsm_friendly, split_to_budget


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        # the euro sign and brackets are in the extension table: two septets each
        ("€" * 80, "GSM-7", 160, 1),
        ("€" * 81, "GSM-7", 162, 2),
        ("a" * 159 + "[", "GSM-7", 161, 2),
        # £, é, à are in the basic GSM-7 alphabet
        ("£5 café à la carte", "GSM-7", 18, 1),
        # one Polish letter turns the whole text into UCS-2
        ("Zażółć gęślą jaźń", "UCS-2", 17, 1),
        ("ą" * 70, "UCS-2", 70, 1),
        ("ą" * 71, "UCS-2", 71, 2),
        ("ą" * 134, "UCS-2", 134, 2),
        ("ą" * 135, "UCS-2", 135, 3),
        # an emoji outside the basic plane is two UTF-16 code units
        ("🙂", "UCS-2", 2, 1),
        ("a" * 69 + "🙂", "UCS-2", 71, 2),
        # curly quotes are not GSM-7
        ("don’t", "UCS-2", 5, 1),
        ("مرحبا، كيف أساعدك؟", "UCS-2", 18, 1),
        ("مجھے کھانا چاہیے", "UCS-2", 16, 1),
    ],
)
def test_each_text_costs_the_segments_the_network_would_charge(
    text: str, encoding: str, units: int, segments: int
) -> None:
    counted = count_segments(text)
    assert (counted.encoding, counted.units, counted.count) == (encoding, units, segments)


def test_typographic_punctuation_is_replaced_so_english_stays_in_gsm7() -> None:
    text = "Don’t worry – it’s free… “drop in”"
    assert count_segments(text).encoding == "UCS-2"
    assert count_segments(gsm_friendly(text)).encoding == "GSM-7"


def test_a_long_reply_is_split_only_at_line_breaks_and_each_part_is_within_budget() -> None:
    lines = [f"{i} Reddish Community Pantry, Tue 10-12, 0161 496 00{i:02d}" for i in range(1, 13)]
    parts = split_to_budget("\n".join(lines), max_segments=3)
    assert len(parts) > 1
    assert all(count_segments(part).count <= 3 for part in parts)
    assert "\n".join(parts).split("\n") == lines


def test_polish_results_fit_the_same_three_segment_budget_in_ucs2() -> None:
    lines = [f"{i} Spiżarnia społeczna, wt 10-12, 0161 496 00{i:02d}" for i in range(1, 8)]
    parts = split_to_budget("\n".join(lines))
    assert all(count_segments(p).encoding == "UCS-2" and count_segments(p).count <= 3 for p in parts)
    assert "\n".join(parts).split("\n") == lines


def test_a_single_line_longer_than_the_budget_is_cut_between_words_and_nothing_is_lost() -> None:
    line = " ".join(["word"] * 200)
    parts = split_to_budget(line, max_segments=1)
    assert all(count_segments(p).count <= 1 for p in parts)
    assert " ".join(parts).split() == line.split()


@given(st.text(alphabet=st.sampled_from("ab €[\nąść🙂مرحبا"), max_size=600))
def test_splitting_never_exceeds_the_budget_and_keeps_every_word(text: str) -> None:
    parts = split_to_budget(text, max_segments=2)
    assert all(count_segments(p).count <= 2 for p in parts)
    assert "".join(parts).split() == text.split() or " ".join(parts).split() == text.split()
