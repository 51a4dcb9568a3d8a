"""Field-level encryption and blind indexes for identifying data.

Values are sealed with AES-256-GCM (authenticated: a changed byte is detected, not decrypted
to garbage). The stored form is ``enc1:<key id>:<base64(nonce || ciphertext+tag)>``; the key id
is the first 8 hex characters of SHA-256 of the key, so rotation can tell which key sealed a
value. The associated data binds a ciphertext to its column (``label``), so a value copied
from one column to another does not decrypt.

Blind indexes are HMAC-SHA256 over a normalised value with a separate key: equal inputs give
equal tokens (exact lookup of a NIK or a phone number) without the database holding the value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "enc1"


class DecryptionError(Exception):
    """The stored value was altered, or was sealed with a key that is no longer configured."""


def _decode_key(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    if len(raw) != 32:
        raise ValueError("an encryption key must be 32 bytes, URL-safe base64 encoded")
    return raw


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@lru_cache(maxsize=8)
def _keys(spec: tuple[str, ...]) -> list[tuple[str, AESGCM]]:
    return [(key_id(k), AESGCM(k)) for k in (_decode_key(s) for s in spec)]


def keyring() -> list[tuple[str, AESGCM]]:
    return _keys(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_bytes(plain: bytes, label: str) -> str:
    kid, aead = keyring()[0]
    nonce = os.urandom(12)
    sealed = aead.encrypt(nonce, plain, label.encode())
    return f"{PREFIX}:{kid}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt_bytes(token: str, label: str) -> bytes:
    try:
        prefix, kid, body = token.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    if prefix != PREFIX:
        raise DecryptionError("unknown encryption format")
    for candidate_id, aead in keyring():
        if candidate_id == kid:
            try:
                raw = base64.b64decode(body, validate=True)
                return aead.decrypt(raw[:12], raw[12:], label.encode())
            except (InvalidTag, ValueError) as exc:
                raise DecryptionError("encrypted value failed its integrity check") from exc
    raise DecryptionError(f"no configured key has id {kid}")


def encrypt_str(plain: str, label: str) -> str:
    return encrypt_bytes(plain.encode("utf-8"), label)


def decrypt_str(token: str, label: str) -> str:
    return decrypt_bytes(token, label).decode("utf-8")


def needs_rotation(token: str) -> bool:
    """True when the value was sealed with a key other than the current one."""
    parts = token.split(":", 2)
    return len(parts) == 3 and parts[1] != keyring()[0][0]


def blind_index(value: str, purpose: str) -> str:
    """A keyed, deterministic token for exact lookup; ``purpose`` separates kinds of value."""
    key = _decode_key(settings.BLIND_INDEX_KEY)
    normalised = "".join(value.split()).lower()
    digest = hmac.new(key, f"{purpose}\x1f{normalised}".encode(), hashlib.sha256).hexdigest()
    return digest[:32]
