"""/lapor/cek/: a reporter's code and PIN show the coarse status and the staff's message only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.urls import reverse

from payung.cases import services
from payung.cases.models import Report
from tests.cases.helpers import SCRIPT, make_submission

pytestmark = pytest.mark.django_db

STATUS = "/lapor/cek/"


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _check(client, code: str, pin: str):
    return client.post(STATUS, {"code": code, "pin": pin})


def _wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 1_000_000:06d}"


def test_code_and_pin_show_the_coarse_status_and_nothing_else(client) -> None:
    submission = make_submission(victim_name="Ani Rahayu", description="Kronologi yang rahasia")
    response = _check(client, submission.code, submission.pin)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'id="report-status">Diterima<' in html
    for secret in (
        "Ani Rahayu",
        "Kronologi yang rahasia",
        "Gentong",
        submission.report.get_channel_display(),
    ):
        assert secret not in html


def test_the_code_may_be_typed_in_lower_case_without_the_hyphen(client) -> None:
    submission = make_submission()
    html = _check(client, submission.code.replace("-", "").lower(), submission.pin).content.decode()
    assert 'id="report-status">Diterima<' in html


def test_a_wrong_pin_says_so_without_revealing_whether_the_code_exists(client) -> None:
    submission = make_submission()
    wrong = _check(client, submission.code, _wrong(submission.pin)).content.decode()
    unknown = _check(client, "ZZZZ-ZZZZ", submission.pin).content.decode()
    assert "Kode atau PIN salah" in wrong and "Kode atau PIN salah" in unknown
    assert "report-status" not in wrong


def test_ten_wrong_pins_lock_the_code_and_the_right_pin_is_then_refused(client) -> None:
    submission = make_submission()
    for _ in range(10):
        assert (
            "report-status"
            not in _check(client, submission.code, _wrong(submission.pin)).content.decode()
        )
    report = Report.objects.get()
    assert report.is_locked and report.pin_failures == 10

    eleventh = _check(client, submission.code, submission.pin)
    assert eleventh.status_code == 403
    html = eleventh.content.decode()
    assert "report-status" not in html
    assert "Kode ini dikunci karena PIN salah dimasukkan terlalu sering" in html
    assert report.events.filter(kind="pin_terkunci").exists()


def test_staff_unlock_lets_the_reporter_check_again(client, personas) -> None:
    submission = make_submission()
    for _ in range(10):
        _check(client, submission.code, _wrong(submission.pin))
    services.report_pin_unlock(actor=personas.case_manager, report=submission.report)
    cache.clear()
    assert (
        'id="report-status">Diterima<'
        in _check(client, submission.code, submission.pin).content.decode()
    )


def test_one_ip_is_stopped_after_too_many_failed_checks(client, settings) -> None:
    settings.STATUS_CHECK_IP_MAX_FAILURES = 3
    submission = make_submission()
    for _ in range(3):
        _check(client, "ZZZZ-ZZZZ", "123456")
    response = _check(client, submission.code, submission.pin)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_the_staff_message_is_shown_as_inert_text(client, personas) -> None:
    submission = make_submission()
    services.report_set_public_message(
        actor=personas.case_manager,
        report=submission.report,
        message=f"Kami akan menghubungi Anda. {SCRIPT}",
    )
    html = _check(client, submission.code, submission.pin).content.decode()
    assert "Kami akan menghubungi Anda. &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SCRIPT not in html


def test_status_follows_triage_from_received_to_being_handled(client, personas) -> None:
    submission = make_submission()
    services.report_open_case(actor=personas.case_manager, report=submission.report)
    html = _check(client, submission.code, submission.pin).content.decode()
    assert 'id="report-status">Sedang ditangani<' in html


def test_malformed_input_gets_a_clear_message(client) -> None:
    html = client.post(STATUS, {"code": "abc", "pin": "12"}).content.decode()
    assert "Kode laporan terdiri dari 8 huruf dan angka" in html
    assert "PIN terdiri dari 6 angka" in html or "paling sedikit 6" in html


def test_the_status_page_only_accepts_get_and_post(client) -> None:
    assert client.put(reverse("report:status")).status_code == 405
