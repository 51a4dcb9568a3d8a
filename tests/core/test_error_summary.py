"""After a failed submit the error summary comes first in <main>, in the order of the fields,
each error linking to its field, and the title starts "Ada kesalahan:" (issue #15)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.accounts.conftest import signed_in

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split(">", 1)[1]


def _summary_links(html: str) -> list[str]:
    summary = html.split('id="ringkasan-kesalahan"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([^"]+)"', summary)


def test_login_with_empty_fields_shows_the_summary_first(personas) -> None:
    html = Client().post("/akun/masuk/", {"username": "", "password": ""}).content.decode()
    assert re.search(r"<title>Ada kesalahan: Masuk · Payung</title>", html)
    assert _main(html).lstrip().startswith('<div class="alert alert-danger error-summary"')
    assert _summary_links(html) == ["id_username", "id_password"]
    assert 'id="id_username" ' in html and 'aria-invalid="true"' in html
    assert "error-summary.js" in html


def test_wrong_password_is_in_the_summary(personas) -> None:
    html = Client().post("/akun/masuk/", {"username": "rina_mk", "password": "salah-123456"})
    text = html.content.decode()
    assert "Ada kesalahan:" in text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Nama pengguna atau kata sandi salah." in _main(text).split("</div>", 1)[0]


def test_a_clean_page_has_no_summary_and_a_plain_title(personas) -> None:
    html = Client().get("/akun/masuk/").content.decode()
    assert "<title>Masuk · Payung</title>" in html
    assert "ringkasan-kesalahan" not in html and "error-summary.js" not in html


def test_public_report_form_errors_follow_the_fields_order() -> None:
    html = Client().post("/lapor/", {}).content.decode()
    assert "<title>Ada kesalahan: " in html
    main = _main(html).lstrip()
    assert main.startswith('<div class="alert alert-danger error-summary"')
    assert "Laporan belum terkirim. Periksa isian berikut:" in main.split("</h2>", 1)[0]
    links = _summary_links(html)
    assert links, "every field error links to its field"
    # Each link points at an element of the page, in the order the fields come in the form.
    positions = [html.index(f'id="{target}"') for target in links]
    assert positions == sorted(positions)


def test_status_check_errors_are_summarised() -> None:
    html = Client().post("/lapor/cek/", {}).content.decode()
    assert "<title>Ada kesalahan: " in html
    assert _summary_links(html)


def test_a_staff_form_in_error_gets_the_summary(personas) -> None:
    client = signed_in(personas.sysadmin)
    # A browser always sends the fields, empty or not (an empty POST leaves the form unbound).
    html = client.post("/akun/pengguna/baru/", {"username": ""}).content.decode()
    assert "<title>Ada kesalahan: " in html
    assert _main(html).lstrip().startswith('<div class="alert alert-danger error-summary"')
    assert "id_username" in _summary_links(html)


def test_english_title_starts_with_error(personas) -> None:
    client = Client()
    client.cookies["payung_language"] = "en"
    html = client.post("/akun/masuk/", {"username": "", "password": ""}).content.decode()
    assert "<title>Error: " in html
