"""Numbers become keyed hashes; the same number in another format is the same sender."""

from __future__ import annotations

import pytest

from web.sms.identity import conversation_id, redact, sender_hash


def test_the_same_number_written_differently_is_the_same_sender() -> None:
    assert sender_hash("k", "+44 7700 900123") == sender_hash("k", "+447700900123")


def test_the_hash_depends_on_the_secret_and_never_contains_the_number() -> None:
    first, second = sender_hash("k1", "+447700900123"), sender_hash("k2", "+447700900123")
    assert first != second
    assert "7700900123" not in first and len(first) == 64


def test_a_missing_secret_is_refused_rather_than_hashing_without_a_key() -> None:
    with pytest.raises(ValueError):
        sender_hash("", "+447700900123")


def test_a_new_epoch_gives_the_assistant_an_unlinkable_conversation_id() -> None:
    sender = sender_hash("k", "+447700900123")
    assert conversation_id("k", sender, 0) != conversation_id("k", sender, 1)
    assert conversation_id("k", sender, 1) == conversation_id("k", sender, 1)


def test_redaction_removes_phone_numbers_from_text_for_logs() -> None:
    assert redact("from +44 7700 900123 to 07700900456") == "from [number] to [number]"
