"""Tracking codes and PINs for reporters.

A tracking code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown
grouped as ``K7QP-4M2X``: 31⁸ ≈ 8.5 × 10¹¹ codes, so guessing one is hopeless even before the
PIN. The PIN is 6 digits and stored only as a keyed hash (``hash_pin``, below).

The PIN is *derived* from the submission's idempotency key with a server-side keyed HMAC
instead of drawn at random. That is what lets a repeated submission (a double click, a retry
over a bad connection, an API client's retry) show the same PIN again although the database
keeps only its hash: whoever repeats the submission holds the raw key, the database holds
only a SHA-256 of it, and the HMAC key never leaves the server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
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


# --- storing the PIN ---------------------------------------------------------------------------
#
# Why a keyed hash and not Argon2: a PIN has only 10⁶ values, so no password hash makes an
# offline guess expensive enough to matter (Argon2 at ~0.1 s a guess still finds a PIN in a
# day on one core) — while hashing every public report with Argon2 cost ~110 ms of CPU and
# capped intake at ~18 reports/s on two cores. What protects the PIN offline is a key the
# database does not hold: HMAC-SHA256 with ``REPORT_PIN_KEY`` (a server secret, like
# ``BLIND_INDEX_KEY``) over a random salt and the PIN. A database dump alone cannot test a
# single PIN; online guessing is stopped by the lockout after REPORT_PIN_MAX_FAILURES wrong
# PINs per code and by the per-IP limit. PINs hashed with Argon2 before this change still
# verify (``check_pin`` falls back to Django's ``check_password``).

PIN_HASH_ALGORITHM = "pinhmac"


def _pin_keys() -> list[bytes]:
    keys = []
    for text in settings.REPORT_PIN_KEYS:
        text = text.strip()
        keys.append(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    if not keys:
        raise RuntimeError("REPORT_PIN_KEY is not configured")
    return keys


def _pin_key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def _pin_digest(key: bytes, salt: str, pin: str) -> str:
    return hmac.new(key, f"{salt}\x1f{pin}".encode(), hashlib.sha256).hexdigest()


def hash_pin(pin: str) -> str:
    """``pinhmac$<key id>$<salt>$<HMAC-SHA256(key, salt, PIN)>`` with the current key."""
    key = _pin_keys()[0]
    salt = secrets.token_hex(8)
    return f"{PIN_HASH_ALGORITHM}${_pin_key_id(key)}${salt}${_pin_digest(key, salt, pin)}"


def check_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored``: a keyed hash, or an Argon2 hash from before."""
    if not stored.startswith(PIN_HASH_ALGORITHM + "$"):
        return bool(stored) and check_password(pin, stored)
    try:
        _algorithm, key_id, salt, digest = stored.split("$", 3)
    except ValueError:
        return False
    for key in _pin_keys():
        if _pin_key_id(key) == key_id:
            return hmac.compare_digest(_pin_digest(key, salt, pin), digest)
    return False
