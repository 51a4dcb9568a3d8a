"""Blind indexes of identifying values: one keyed token per kind of value.

A blind index is an HMAC of a normalised value under a key of its own
(``core.crypto.blind_index``): equal values give equal tokens, so a NIK, a No. KK, a phone
number or a folded name can be found by exact match while the database holds only
ciphertext and tokens. The *purpose* separates kinds of value (the same digits as a NIK
and as a No. KK give different tokens). Every registry of people uses these helpers, so a
person recorded in one is found with the same token in another.
"""

from __future__ import annotations

from payung.core import crypto

NIK = "nik"
KK = "kk"
PHONE = "phone"
PERSON_NAME = "person-name"
PERSON_NAME_WORD = "person-name-word"


def index(value: str, purpose: str) -> str:
    """The token of ``value`` for ``purpose``; ``""`` for an empty value (nothing to find)."""
    return crypto.blind_index(value, purpose) if value else ""


def nik_index(nik: str) -> str:
    """The token of a NIK in its compact form (``identity.nik.compact``)."""
    return index(nik, NIK)


def kk_index(kk: str) -> str:
    """The token of a No. KK in its compact form."""
    return index(kk, KK)


def phone_index(phone: str) -> str:
    """The token of a phone number in its normal form (``identity.phones.normalise_phone``)."""
    return index(phone, PHONE)
