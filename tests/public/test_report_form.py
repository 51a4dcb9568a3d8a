"""The public report form at /lapor/, driven as a browser without JavaScript would."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from payung.cases.choices import PublicStatus, RiskLevel
from payung.cases.models import Report
from payung.regions.models import ServicePost
from tests.cases.helpers import SCRIPT, public_form_data
from tests.factories import GENTONG

pytestmark = pytest.mark.django_db

FORM = "/lapor/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([^"]+)"', html)
    assert match, "the form carries an idempotency token"
    return match.group(1)


def _code_and_pin(html: str) -> tuple[str, str]:
    code = re.search(r'id="report-code">([A-Z0-9-]+)<', html)
    pin = re.search(r'id="report-pin">(\d{6})<', html)
    assert code and pin, html
    return code.group(1), pin.group(1)


def test_form_is_public_in_bahasa_indonesia_and_needs_no_javascript(client) -> None:
    response = client.get(reverse("report:form"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laporkan kekerasan" in html
    assert 'enctype="multipart/form-data"' in html
    # Every form of violence (docs/domain.md#categories), "mental" on its own, online places.
    for value in (
        "fisik",
        "psikis",
        "mental",
        "seksual",
        "eksploitasi",
        "tppo",
        "penelantaran",
        "lainnya",
    ):
        assert f'value="{value}"' in html
    assert 'value="daring"' in html
    assert "Di luar Kota Pasuruan" in html
    assert "Gentong" in html
    # No inline script or style (CSP), and the page itself loads no script but quick-exit.
    assert "<script>" not in html and "style=" not in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_form_top_shows_emergency_numbers_and_the_centre(client) -> None:
    ServicePost.objects.filter(kind="pusat").update(phone="0343-123456")
    html = client.get(FORM).content.decode()
    top = html.split("<form", 1)[0]
    assert 'href="tel:110"' in top
    assert 'href="tel:129"' in top
    assert "0343-123456" in top


def test_resident_files_a_report_and_sees_code_and_pin_once(client) -> None:
    token = _token(client.get(FORM).content.decode())
    response = client.post(FORM, public_form_data(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("report:thanks")
    assert re.search(r"\d{6}", response["Location"]) is None  # no PIN in the URL

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "no-store" in thanks["Cache-Control"]
    code, pin = _code_and_pin(thanks.content.decode())
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    report = Report.objects.get()
    assert report.display_code == code
    assert report.public_status == PublicStatus.RECEIVED

    # A refresh (or coming back later) does not show the PIN again.
    again = client.get(reverse("report:thanks")).content.decode()
    assert pin not in again
    assert "hanya tampil sekali" in again


def test_the_pin_is_stored_only_as_a_keyed_hash(client) -> None:
    client.post(FORM, public_form_data())
    code, pin = _code_and_pin(client.get(reverse("report:thanks")).content.decode())
    report = Report.objects.get()
    assert pin not in report.pin_hash
    assert report.pin_hash.startswith("pinhmac$")


def test_danger_now_makes_the_report_high_risk_and_shows_emergency_help(client) -> None:
    ServicePost.objects.filter(kind="ppt", region__code=GENTONG).update(phone="0343-000111")
    client.post(FORM, public_form_data(danger_now="1"))
    html = client.get(reverse("report:thanks")).content.decode()
    report = Report.objects.get()
    assert report.risk_level == RiskLevel.HIGH and report.danger_now
    assert 'href="tel:110"' in html and 'href="tel:129"' in html
    assert "PPT Kelurahan Gentong" in html and "0343-000111" in html


def test_a_low_risk_thank_you_page_says_when_and_keeps_emergency_help_below_the_receipt(
    client,
) -> None:
    client.post(FORM, public_form_data())
    html = client.get(reverse("report:thanks")).content.decode()
    report = Report.objects.get()
    due = timezone.localtime(report.due_at)
    # When someone responds: the report's own triage deadline, in Jakarta time.
    assert 'id="respond-by"' in html
    assert f"{due:%H}.{due:%M} WIB" in html and str(due.year) in html
    # What to do in an emergency, but after the code and PIN (not first, as for high risk).
    assert 'href="tel:110"' in html
    assert html.index('id="report-code"') < html.index("darurat-lapor")


def test_a_second_post_with_the_same_token_returns_the_first_confirmation(client) -> None:
    data = public_form_data()
    client.post(FORM, data)
    first = _code_and_pin(client.get(reverse("report:thanks")).content.decode())
    response = client.post(FORM, data)
    assert response.status_code == 302
    html = client.get(reverse("report:thanks")).content.decode()
    assert _code_and_pin(html) == first
    assert "sudah terkirim" in html
    assert Report.objects.count() == 1


def test_an_oversized_field_comes_back_with_a_clear_message_and_the_form_filled_in(client) -> None:
    data = public_form_data(
        description=SCRIPT + " dia dipukul", victim_name="x" * 151, address_detail="Jl. Melati 7"
    )
    response = client.post(FORM, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Laporan belum terkirim" in html
    assert "Pastikan nilai ini mengandung paling banyak 150 karakter" in html or "150" in html
    # Refilled: the text the resident typed is still there, and the script is inert.
    assert "Jl. Melati 7" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; dia dipukul" in html
    assert SCRIPT not in html
    assert 'value="mental" id="id_violence_forms_2" checked' in html or re.search(
        r'value="mental"[^>]*checked', html
    )
    assert Report.objects.count() == 0


def test_a_chosen_file_must_be_chosen_again_when_the_form_comes_back(client) -> None:
    from tests.cases.helpers import JPEG_BYTES, upload

    data = public_form_data(description="")
    data["attachment"] = upload("foto.jpg", JPEG_BYTES)
    html = client.post(FORM, data).content.decode()
    assert "berkas lampiran perlu dipilih lagi" in html
    assert "Ceritakan" in html or "wajib" in html.lower()


def test_missing_answers_are_named_in_indonesian(client) -> None:
    data = public_form_data()
    for name in ("reporter_relation", "danger_now", "violence_forms", "consent"):
        data.pop(name)
    html = client.post(FORM, data).content.decode()
    assert "Pilih salah satu." in html and "Pilih paling sedikit satu." in html
    assert "Centang persetujuan agar laporan dapat dikirim." in html
    assert Report.objects.count() == 0


def test_contact_by_phone_needs_a_phone_number(client) -> None:
    html = client.post(FORM, public_form_data(contact_channel="whatsapp")).content.decode()
    assert "Isi nomor telepon" in html
    assert Report.objects.count() == 0


def test_a_named_reporter_needs_a_name(client) -> None:
    html = client.post(FORM, public_form_data(reporter_anonymous="0")).content.decode()
    assert "Isi nama pelapor" in html


def test_a_date_in_the_future_is_refused(client) -> None:
    html = client.post(FORM, public_form_data(incident_date="2999-01-01")).content.decode()
    assert "tidak boleh di masa depan" in html


def test_a_report_from_outside_the_city_is_scoped_to_the_city(client) -> None:
    client.post(FORM, public_form_data(location="luar", outside_city_place="Kabupaten Probolinggo"))
    report = Report.objects.get()
    assert report.outside_city and report.kelurahan is None
    assert report.region_code == "35.75"
    assert report.outside_city_place == "Kabupaten Probolinggo"


def test_the_honeypot_stops_a_bot_without_creating_a_report(client) -> None:
    response = client.post(FORM, public_form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "Laporan tidak dapat dikirim" in response.content.decode()
    assert Report.objects.count() == 0


def test_too_many_reports_from_one_ip_are_refused_with_the_form_filled_in(client, settings) -> None:
    settings.REPORT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(FORM, public_form_data()).status_code == 302
    response = client.post(FORM, public_form_data(address_detail="Gang Mawar"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak laporan" in html
    assert "Gang Mawar" in html
    assert Report.objects.count() == 2


def test_a_tampered_token_is_refused(client) -> None:
    html = client.post(FORM, public_form_data(token="bad token!")).content.decode()
    assert "Formulir kedaluwarsa" in html


def test_the_form_asks_what_where_and_contact_before_the_optional_rest(client) -> None:
    html = client.get(FORM).content.decode()
    order = [
        'name="danger_now"',
        'name="description"',
        'name="location"',
        'name="contact_channel"',
        'name="reporter_anonymous"',
        "<details",
        'name="victim_name"',
        'name="consent"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    # The optional rest is folded when nothing in it is wrong; the script that hides the name
    # is a static file (no inline script), and without it every field is in the page.
    assert "<details class" in html and " open>" not in html
    assert re.search(r'<script src="[^"]*payung/report-form[^"]*\.js" defer>', html)
    assert 'id="reporter-name-block"' in html and 'name="reporter_name"' in html


def test_the_victims_sex_defaults_to_tidak_tahu(client) -> None:
    html = client.get(FORM).content.decode()
    assert re.search(r'name="victim_sex" value="tidak_tahu"[^>]*checked', html)


def test_an_error_in_an_optional_field_unfolds_the_optional_part(client) -> None:
    html = client.post(FORM, public_form_data(victim_age="500")).content.decode()
    assert re.search(r"<details[^>]*\bopen>", html)
