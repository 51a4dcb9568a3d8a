from __future__ import annotations

import pytest

from payung.regions.display import post_anchor, tel_uri, whatsapp_uri


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("110", "tel:110"),
        ("(0343) 42-1234", "tel:0343421234"),
        ("+62 343 421234", "tel:+62343421234"),
        ("", ""),
        ("belum ada", ""),
    ],
)
def test_tel_uri_dials_what_the_text_shows(text: str, uri: str) -> None:
    assert tel_uri(text) == uri


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("0811-1129-129", "https://wa.me/628111129129"),
        ("+62 811 1129 129", "https://wa.me/628111129129"),
        ("628111129129", "https://wa.me/628111129129"),
        ("", ""),
    ],
)
def test_whatsapp_uri_uses_the_international_number(text: str, uri: str) -> None:
    assert whatsapp_uri(text) == uri


def test_post_anchor_is_a_valid_html_id() -> None:
    assert post_anchor("35.75.03.1003") == "ppt-35-75-03-1003"
