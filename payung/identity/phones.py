"""Telephone numbers in one form, for display and for the blind index."""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"\D")


def normalise_phone(raw: str) -> str:
    """``+62 812-3456-789`` → ``08123456789``: one form for display and the blind index."""
    digits = _NOT_DIGIT.sub("", raw or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits
