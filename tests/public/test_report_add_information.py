"""/lapor/cek/: with the same code + PIN a reporter sees a dated timeline and the next step,
and adds a message and an attachment that the case manager sees on the case timeline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from payung.cases import selectors, services
from payung.cases.choices import ReportEventKind
from payung.cases.models import ReportAttachment, ReportEvent
from tests.accounts.conftest import signed_in
from tests.cases.helpers import _tiny_jpeg, make_submission, upload

pytestmark = pytest.mark.django_db

STATUS = "/lapor/cek/"
MESSAGE = "Pelaku datang lagi tadi malam"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _add(client, code: str, pin: str, **extra):
    return client.post(STATUS, {"action": "add", "code": code, "pin": pin, **extra})


def test_the_status_page_shows_a_dated_timeline_and_the_next_step(client) -> None:
    submission = make_submission()
    html = client.post(STATUS, {"code": submission.code, "pin": submission.pin}).content.decode()
    assert 'id="report-timeline"' in html and "Laporan diterima" in html
    assert "<time datetime=" in html
    assert 'id="next-step"' in html and "paling lambat" in html
    assert 'id="add-information"' in html


def test_a_reporter_adds_a_message_and_a_photo_and_the_case_manager_sees_it(
    client, personas
) -> None:
    submission = make_submission()
    case = services.report_open_case(
        actor=personas.case_manager, report=submission.report, owner=personas.case_manager
    )
    response = _add(
        client,
        submission.code,
        submission.pin,
        message=MESSAGE,
        attachment=upload("foto.jpg", _tiny_jpeg()),
    )
    html = response.content.decode()
    assert 'id="info-added"' in html and "Anda menambahkan informasi" in html
    event = ReportEvent.objects.get(report=submission.report, kind=ReportEventKind.INFO_ADDED)
    assert event.note == MESSAGE
    # Encrypted at rest: the column holds no plain text.
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM cases_reportevent WHERE id = %s", [event.pk])
        assert MESSAGE not in cursor.fetchone()[0]
    assert ReportAttachment.objects.filter(report=submission.report).count() == 1
    record = selectors.case_record(personas.case_manager, case)
    entries = selectors.case_timeline(personas.case_manager, record)
    added = [e for e in entries if e.detail == MESSAGE]
    assert added and "lampiran" in added[0].title
    page = signed_in(personas.case_manager).get(reverse("cases:case_timeline", args=[case.pk]))
    assert MESSAGE in page.content.decode()


def test_a_wrong_pin_adds_nothing(client) -> None:
    submission = make_submission()
    wrong = f"{(int(submission.pin) + 1) % 1_000_000:06d}"
    html = _add(client, submission.code, wrong, message=MESSAGE).content.decode()
    assert "Kode atau PIN salah" in html
    assert not ReportEvent.objects.filter(kind=ReportEventKind.INFO_ADDED).exists()


def test_an_empty_addition_is_refused_with_a_message(client) -> None:
    submission = make_submission()
    html = _add(client, submission.code, submission.pin, message=" ").content.decode()
    assert "Tulis pesan atau pilih berkas." in html
    assert not ReportEvent.objects.filter(kind=ReportEventKind.INFO_ADDED).exists()
