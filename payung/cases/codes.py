"""Tracking codes and PINs for reporters.

A tracking code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown
grouped as ``K7QP-4M2X``: 31⁸ ≈ 8.5 × 10¹¹ codes, so guessing one is hopeless even before the
PIN. The PIN is 6 digits and stored only as a slow hash (``make_password``).

The PIN is *derived* from the submission's idempotency key with a server-side keyed HMAC
instead of drawn at random. That is what lets a repeated submission (a double click, a retry
over a bad connection, an API client's retry) show the same PIN again although the database
keeps only its hash: whoever repeats the submission holds the raw key, the database holds
only a SHA-256 of it, and the HMAC key never leaves the server.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
PIN_LENGTH = 6
_CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What the resident typed → the stored form: upper case, no spaces or hyphens."""
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


def is_valid_code(code: str) -> bool:
    return bool(_CODE_RE.match(code))


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def idempotency_hash(namespace: str, key: str) -> str:
    return hashlib.sha256(f"{namespace}\x1f{key}".encode()).hexdigest()


def derive_pin(namespace: str, key: str) -> str:
    digest = salted_hmac(
        "payung.cases.report-pin", f"{namespace}\x1f{key}", algorithm="sha256"
    ).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**PIN_LENGTH:0{PIN_LENGTH}d}"


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)
