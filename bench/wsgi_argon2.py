"""The WSGI app as it was before PINs got a keyed hash: Argon2 per report (for the
before/after figure in docs/performance.md; `BENCH_PIN_HASH=argon2 make bench`)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from payung.cases import codes
from payung.wsgi import application

codes.hash_pin = make_password  # type: ignore[assignment]

__all__ = ["application"]
