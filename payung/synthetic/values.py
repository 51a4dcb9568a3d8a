"""The values in a generated row: encrypted fields and blind indexes, weighted draws, times.

Encryption and blind indexes are fast paths of ``payung.core.crypto`` with identical output
(tests/perf/test_synthetic.py compares them); times are whole seconds since the epoch,
formatted as the database and the audit hash expect them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import random
from bisect import bisect
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.db import models

from payung.core import crypto
from payung.core.fields import EncryptedTextField
from payung.synthetic import vocab

DAY = 86_400.0
LOCAL_OFFSET = 7 * 3600  # Asia/Jakarta, no daylight saving


class GeneratorError(Exception):
    pass


def _json_encoder(*, sort_keys: bool) -> Callable[[Any], str]:
    """``json.dumps(…, sort_keys, ensure_ascii=False, separators=(",", ":"), default=str)``
    with the C encoder built once (``json.dumps`` builds it again on every call)."""
    from json import encoder

    make_encoder = getattr(encoder, "c_make_encoder", None)
    if make_encoder is None:  # pragma: no cover - CPython always has it
        return json.JSONEncoder(
            sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":"), default=str
        ).encode
    make = make_encoder(
        None, str, encoder.encode_basestring, None, ":", ",", sort_keys, False, True
    )
    return lambda value: "".join(make(value, 0))


# What ChainedRecord.canonical() produces, byte for byte (verify_audit recomputes it).
canonical_json = _json_encoder(sort_keys=True)
to_json = _json_encoder(sort_keys=False)


# --- fast paths for crypto, identical in output to payung.core.crypto -----------------------


class Sealer:
    """``crypto.encrypt_str`` without per-call key lookups; nonces drawn in bulk."""

    def __init__(self) -> None:
        kid, aead = crypto.keyring()[0]
        self._prefix = f"{crypto.PREFIX}:{kid}:"
        self._encrypt = aead.encrypt
        self._pool = b""
        self._at = 0

    def _nonce(self) -> bytes:
        if self._at + 12 > len(self._pool):
            self._pool = os.urandom(12 * 8192)
            self._at = 0
        nonce = self._pool[self._at : self._at + 12]
        self._at += 12
        return nonce

    def seal_bytes(self, data: bytes, label: bytes) -> str:
        nonce = self._nonce()
        sealed = self._encrypt(nonce, data, label)
        return self._prefix + base64.b64encode(nonce + sealed).decode()

    def text(self, value: str, label: bytes) -> str:
        return self.seal_bytes(value.encode(), label) if value else ""


def _blind_index_key() -> bytes:
    """``settings.BLIND_INDEX_KEY`` as bytes: 32 bytes in URL-safe base64, padding optional
    (the format ``payung.core.crypto`` reads)."""
    text = str(settings.BLIND_INDEX_KEY).strip()
    key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(key) != 32:
        raise GeneratorError("BLIND_INDEX_KEY must be 32 bytes, URL-safe base64 encoded")
    return key


class Indexer:
    """``crypto.blind_index`` with the HMAC key schedule done once per purpose."""

    def __init__(self) -> None:
        self._key = _blind_index_key()
        self._bases: dict[str, Any] = {}

    def __call__(self, value: str, purpose: str) -> str:
        base = self._bases.get(purpose)
        if base is None:
            base = hmac.new(self._key, f"{purpose}\x1f".encode(), hashlib.sha256)
            self._bases[purpose] = base
        digest = base.copy()
        digest.update("".join(value.split()).lower().encode())
        return digest.hexdigest()[:32]


def label(model: type[models.Model], name: str) -> bytes:
    """The associated data ``EncryptedTextField`` binds the column's ciphertext to."""
    field = model._meta.get_field(name)
    if not isinstance(field, EncryptedTextField):
        raise GeneratorError(f"{model.__name__}.{name} is not an encrypted field")
    return f"{model._meta.app_label}.{model._meta.model_name}.{name}".encode()


# --- weighted draws ----------------------------------------------------------------------------


def allowed(model: type[models.Model], name: str) -> set[str]:
    field: Any = model._meta.get_field(name)
    return {str(value) for value, _label in field.choices or []}


class Weighted:
    """Draw from ``{value: weight}``, keeping only values the model accepts.

    ``aliases`` maps a value to spellings to try in order (service codes differ between the
    casework plan and the care catalogue)."""

    def __init__(
        self,
        rng: random.Random,
        weights: Mapping[Any, float],
        accept: set[str] | None = None,
        aliases: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        merged: dict[Any, float] = {}
        for value, weight in weights.items():
            chosen = value
            if accept is not None:
                candidates = (aliases or {}).get(value, (value,))
                chosen = next((c for c in candidates if c in accept), None)
                if chosen is None:
                    continue
            merged[chosen] = merged.get(chosen, 0) + weight
        if not merged:
            raise GeneratorError(f"no value of {list(weights)} is accepted by the model")
        self.values = list(merged)
        self.cum = list(accumulate(merged.values()))
        self.total = self.cum[-1]
        self.last = len(self.values) - 1
        self._random = rng.random

    def __call__(self) -> Any:
        return self.values[min(self.last, bisect(self.cum, self._random() * self.total))]


# Times are whole seconds since the epoch. Formatting them through datetime objects cost a
# tenth of the run (fifty timestamps a case), so dates come from a cache by day number and
# times of day from a table of 86,400 strings.
_TIMES = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
_DAYS: dict[int, str] = {}


def _date_of(day: int) -> str:
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = (
            (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=day)).date().isoformat()
        )
    return text


def iso(t: float) -> str:
    """``YYYY-MM-DD HH:MM:SS+00:00`` (UTC, whole seconds)."""
    day, second = divmod(int(t), 86_400)
    return f"{_date_of(day)} {_TIMES[second]}+00:00"


def iso_t(t: float) -> str:
    """The same instant as ``datetime.isoformat()`` writes it: what the audit hash covers."""
    day, second = divmod(int(t), 86_400)
    return f"{_date_of(day)}T{_TIMES[second]}+00:00"


def local_day(t: float) -> str:
    """The local (Asia/Jakarta) calendar date."""
    return _date_of(int(t + LOCAL_OFFSET) // 86_400)


def local_year(t: float) -> int:
    return int(local_day(t)[:4])


# --- small draws ----------------------------------------------------------------------------


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    scale = sum(weights)
    raw = [total * w / scale for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def phone_number(rng: random.Random) -> str:
    return f"08{rng.choice('12357')}{rng.randrange(10**8, 10**9)}"


def street_address(rng: random.Random) -> str:
    return f"Jl. {rng.choice(vocab.PLACE_STEMS)} {rng.choice(vocab.PLACE_ENDINGS).title()} No. {rng.randint(1, 120)}, RT {rng.randint(1, 12):02d} RW {rng.randint(1, 9):02d} (sintetis)"


def age_group_of(age: int) -> str:
    from payung.cases.choices import age_group_for

    return str(age_group_for(age))
