from __future__ import annotations

import pytest

from payung.core import crypto


def test_round_trip_and_column_binding() -> None:
    token = crypto.encrypt_str("3575014101900001", "cases.person.nik")
    assert "3575014101900001" not in token
    assert crypto.decrypt_str(token, "cases.person.nik") == "3575014101900001"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_str(token, "cases.person.phone")


def test_tampered_ciphertext_is_detected() -> None:
    token = crypto.encrypt_str("Jl. Contoh No. 1", "label")
    prefix, kid, body = token.split(":", 2)
    flipped = body[:20] + ("A" if body[20] != "A" else "B") + body[21:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_str(f"{prefix}:{kid}:{flipped}", "label")


def test_blind_index_is_deterministic_and_normalised() -> None:
    a = crypto.blind_index("0812 3456 7890", "phone")
    assert a == crypto.blind_index("081234567890", "phone")
    assert a != crypto.blind_index("081234567890", "nik")
    assert "0812" not in a
