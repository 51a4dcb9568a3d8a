"""Small presentation helpers for service posts: page anchors and contact links.

Kept out of the templates so the public directory, the schematic map and the admin pages
build the same anchors and the same ``tel:``/WhatsApp links.
"""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"\D")


def post_anchor(region_code: str) -> str:
    """The id of a post's entry on the public directory page: ``ppt-35-75-01-1002``."""
    return "ppt-" + region_code.replace(".", "-")


def tel_uri(number: str) -> str:
    """A ``tel:`` URI for a number written for people ("(0343) 42-1234", "+62 343 421234").

    Only the digits are kept (and a leading ``+``), so the link dials what the text shows.
    Returns an empty string when there is nothing to dial.
    """
    text = (number or "").strip()
    digits = _NOT_DIGIT.sub("", text)
    if not digits:
        return ""
    return f"tel:{'+' if text.startswith('+') else ''}{digits}"


def whatsapp_uri(number: str) -> str:
    """A ``https://wa.me/<international number>`` link for an Indonesian WhatsApp number.

    "0811-1129-129" and "+62 811 1129 129" both become ``https://wa.me/628111129129``.
    """
    digits = _NOT_DIGIT.sub("", number or "")
    if not digits:
        return ""
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}"
