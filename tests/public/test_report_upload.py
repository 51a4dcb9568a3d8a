"""Photos and documents sent with a public report: sniffed, limited, sealed, never public."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection

from payung.cases.models import ReportAttachment
from tests.cases.helpers import (
    HTML_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    public_form_data,
    upload,
)

pytestmark = pytest.mark.django_db

FORM = "/lapor/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _post(client, name: str, content: bytes, declared: str = "image/jpeg"):
    data = public_form_data()
    data["attachment"] = upload(name, content, declared)
    return client.post(FORM, data)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("foto.jpg", JPEG_BYTES, "image/jpeg"),
        ("a.png", PNG_BYTES, "image/png"),
        ("surat.pdf", PDF_BYTES, "application/pdf"),
    ],
)
def test_jpeg_png_and_pdf_are_accepted(client, name: str, content: bytes, mime: str) -> None:
    assert _post(client, name, content).status_code == 302
    assert ReportAttachment.objects.get().content_type == mime


def test_a_pdf_named_jpg_is_stored_as_the_pdf_it_is(client) -> None:
    assert _post(client, "foto.jpg", PDF_BYTES, "image/jpeg").status_code == 302
    item = ReportAttachment.objects.get()
    assert item.content_type == "application/pdf"
    assert item.extension == "pdf"


def test_html_named_jpg_is_refused_with_a_clear_message(client) -> None:
    response = _post(client, "foto.jpg", HTML_BYTES, "image/jpeg")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jenis berkas tidak diterima. Kirim foto JPEG atau PNG, atau dokumen PDF." in html
    assert "berkas lampiran perlu dipilih lagi" in html
    assert ReportAttachment.objects.count() == 0


def test_an_oversized_file_is_refused(client, settings) -> None:
    settings.REPORT_UPLOAD_MAX_BYTES = 2048
    response = _post(client, "besar.pdf", PDF_BYTES + b"0" * 4096, "application/pdf")
    html = response.content.decode()
    assert "Berkas terlalu besar" in html and "Batasnya 2,0" in html
    assert ReportAttachment.objects.count() == 0


def test_the_file_is_encrypted_at_rest(client) -> None:
    _post(client, "rahasia-ani.jpg", JPEG_BYTES)
    item = ReportAttachment.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sealed, original_name FROM cases_reportattachment WHERE id = %s", [item.pk]
        )
        sealed, name = cursor.fetchone()
    assert sealed.startswith("enc1:") and "JFIF" not in sealed
    assert "rahasia-ani" not in name
