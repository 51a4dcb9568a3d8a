"""Staff pages: recording a report, the report list and detail, scope, and the triage actions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from payung.audit.models import AccessLog
from payung.cases import services
from payung.cases.choices import PublicStatus, ReportStatus
from payung.cases.models import Report
from tests.cases.helpers import JPEG_BYTES, SCRIPT, make_report, public_form_data
from tests.factories import BUGUL_LOR, GENTONG, region

pytestmark = pytest.mark.django_db


def _staff_form(**overrides):
    data = public_form_data(
        channel="datang_langsung", source_reference="", received_at="", risk_level=""
    )
    data.pop("website")
    data.update(overrides)
    return data


def _walk_in(client, officer, **overrides) -> Report:
    client.force_login(officer)
    response = client.post(reverse("cases:report_create"), _staff_form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.latest("pk")


def test_a_ppt_officers_form_defaults_to_their_kelurahan(client, personas) -> None:
    client.force_login(personas.ppt_gentong)
    html = client.get(reverse("cases:report_create")).content.decode()
    assert re.search(rf'<option value="{re.escape(GENTONG)}" selected>Gentong</option>', html)
    assert 'value="datang_langsung"' in html and 'value="rujukan_sapa129"' in html
    assert 'value="web"' not in html


def test_a_walk_in_is_seen_by_the_kelurahan_colleague_and_not_by_another_kelurahan(
    client, personas
) -> None:
    report = _walk_in(client, personas.ppt_gentong, victim_name="Ani Rahayu")
    assert report.region_code == GENTONG and report.received_by == personas.ppt_gentong
    assert report.channel == "datang_langsung"
    detail = reverse("cases:report_detail", args=[report.pk])

    client.force_login(personas.ppt_gentong2)
    assert client.get(detail).status_code == 200
    assert report.display_code in client.get(reverse("cases:report_list")).content.decode()

    client.force_login(personas.ppt_bugullor)
    assert client.get(detail).status_code == 404
    assert report.display_code not in client.get(reverse("cases:report_list")).content.decode()


def test_the_recording_officer_sees_the_code_and_pin_once(client, personas) -> None:
    report = _walk_in(client, personas.ppt_gentong)
    detail = reverse("cases:report_detail", args=[report.pk])
    first = client.get(detail).content.decode()
    pin = re.search(r'id="staff-report-pin">(\d{6})<', first)
    assert pin and report.display_code in first
    assert 'id="staff-report-pin"' not in client.get(detail).content.decode()


@pytest.mark.parametrize("persona", ["provider", "analyst", "sysadmin", "outreach", "dpo"])
def test_roles_without_intake_cannot_see_reports(client, personas, persona: str) -> None:
    report = make_report()
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("cases:report_list")).status_code == 403
    assert client.get(reverse("cases:report_detail", args=[report.pk])).status_code in (403, 404)
    assert client.get(reverse("cases:report_create")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client) -> None:
    report = make_report()
    response = client.get(reverse("cases:report_detail", args=[report.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_pages_refuse_the_wrong_method(client, personas) -> None:
    report = make_report()
    client.force_login(personas.case_manager)
    assert client.post(reverse("cases:report_detail", args=[report.pk])).status_code == 405
    assert client.get(reverse("cases:report_open_case", args=[report.pk])).status_code == 405
    assert client.post(reverse("cases:triage_queue")).status_code == 405


def test_the_detail_page_logs_the_read(client, personas) -> None:
    report = make_report()
    client.force_login(personas.case_manager)
    client.get(reverse("cases:report_detail", args=[report.pk]))
    log = AccessLog.objects.get(target_type="cases.report", target_id=str(report.pk))
    assert log.actor == personas.case_manager and log.purpose == "report.view"


def test_a_referral_needs_the_senders_reference_number(client, personas) -> None:
    client.force_login(personas.case_manager)
    html = client.post(
        reverse("cases:report_create"), _staff_form(channel="rujukan_sapa129")
    ).content.decode()
    assert "Isi nomor rujukan dari pengirim." in html
    report = _walk_in(
        client, personas.case_manager, channel="rujukan_sapa129", source_reference="SAPA/2026/123"
    )
    assert report.source_reference == "SAPA/2026/123" and report.region_code == GENTONG


def test_the_staff_form_does_not_make_a_second_report_on_double_submit(client, personas) -> None:
    client.force_login(personas.ppt_gentong)
    data = _staff_form()
    client.post(reverse("cases:report_create"), data)
    response = client.post(reverse("cases:report_create"), data)
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_script_in_a_report_is_shown_as_text(client, personas) -> None:
    report = make_report(description=f"Dia menulis {SCRIPT} di pesan", victim_name=SCRIPT)
    client.force_login(personas.case_manager)
    html = client.get(reverse("cases:report_detail", args=[report.pk])).content.decode()
    assert "Dia menulis &lt;script&gt;alert(1)&lt;/script&gt; di pesan" in html
    assert SCRIPT not in html
    assert Report.objects.get(pk=report.pk).description == f"Dia menulis {SCRIPT} di pesan"


def test_a_case_manager_triages_a_walk_in_into_a_case_and_the_resident_sees_it(
    client, personas
) -> None:
    report = _walk_in(client, personas.ppt_gentong)
    client.force_login(personas.case_manager)
    queue = client.get(reverse("cases:triage_queue")).content.decode()
    assert report.display_code in queue
    response = client.post(
        reverse("cases:report_open_case", args=[report.pk]),
        {
            "open-owner": "",
            "open-note": "korban anak",
            "open-message": "Petugas akan menghubungi Anda.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.IN_CASE and report.public_status == PublicStatus.IN_PROGRESS
    )
    assert report.case.owner == personas.case_manager
    html = client.get(reverse("cases:report_detail", args=[report.pk])).content.decode()
    assert report.case.number in html
    assert report.display_code not in client.get(reverse("cases:triage_queue")).content.decode()


def test_a_ppt_officer_cannot_triage(client, personas) -> None:
    report = _walk_in(client, personas.ppt_gentong)
    assert client.get(reverse("cases:triage_queue")).status_code == 403
    assert client.post(reverse("cases:report_open_case", args=[report.pk])).status_code == 403
    html = client.get(reverse("cases:report_detail", args=[report.pk])).content.decode()
    assert "Buka kasus baru" not in html


def test_triage_actions_from_the_detail_page(client, personas) -> None:
    client.force_login(personas.case_manager)
    a, b, c, d = (make_report() for _ in range(4))
    client.post(
        reverse("cases:report_set_risk", args=[a.pk]),
        {"risk-risk_level": "rendah", "risk-note": ""},
    )
    client.post(
        reverse("cases:report_refer_out", args=[b.pk]),
        {"refer-destination": "UPTD PPA Kab. Pasuruan"},
    )
    client.post(reverse("cases:report_close_not_case", args=[c.pk]), {"close-reason": "duplikat"})
    case = services.report_open_case(actor=personas.case_manager, report=make_report())
    client.post(reverse("cases:report_attach", args=[d.pk]), {"attach-case_number": case.number})
    assert Report.objects.get(pk=a.pk).risk_level == "rendah"
    assert Report.objects.get(pk=b.pk).status == ReportStatus.REFERRED_OUT
    assert Report.objects.get(pk=c.pk).status == ReportStatus.NOT_A_CASE
    assert Report.objects.get(pk=d.pk).case == case


def test_attaching_to_an_unknown_case_says_so(client, personas) -> None:
    report = make_report()
    client.force_login(personas.case_manager)
    response = client.post(
        reverse("cases:report_attach", args=[report.pk]), {"attach-case_number": "PPA/1999/9999"}
    )
    assert response.status_code == 400
    assert "tidak ditemukan di wilayah Anda" in response.content.decode()


def test_triaging_twice_gets_a_clear_message(client, personas) -> None:
    report = make_report()
    services.report_close_not_case(actor=personas.case_manager2, report=report, reason="duplikat")
    client.force_login(personas.case_manager)
    response = client.post(reverse("cases:report_open_case", args=[report.pk]), follow=True)
    assert "sudah ditriase" in response.content.decode()


def test_possible_duplicates_are_suggested(client, personas) -> None:
    first = make_report(
        victim_name="Siti Aminah", reporter_phone="081234567890", contact_channel="telepon"
    )
    case = services.report_open_case(actor=personas.case_manager, report=first)
    second = make_report(
        victim_name="bu siti aminah", reporter_phone="+62 812 3456 7890", contact_channel="sms"
    )
    client.force_login(personas.case_manager)
    html = client.get(reverse("cases:report_detail", args=[second.pk])).content.decode()
    assert "telepon pelapor sama" in html and "nama korban mirip" in html
    assert case.number in html


def test_staff_can_download_an_attachment_in_scope_only(client, personas) -> None:
    from payung.cases.uploads import check_bytes

    report = make_report(attachment=check_bytes(JPEG_BYTES, "foto.jpg"))
    item = report.attachments.get()
    url = reverse("cases:report_attachment", args=[report.pk, item.pk])
    client.force_login(personas.ppt_gentong)
    response = client.get(url)
    assert response.status_code == 200 and response.content == JPEG_BYTES
    assert response["Content-Type"] == "image/jpeg" and response["Content-Disposition"].startswith(
        "attachment;"
    )
    assert AccessLog.objects.filter(purpose="report.attachment").count() == 1
    client.force_login(personas.ppt_bugullor)
    assert client.get(url).status_code == 404


def test_the_list_filters_by_status(client, personas) -> None:
    open_report = make_report()
    closed = make_report()
    services.report_close_not_case(actor=personas.case_manager, report=closed, reason="duplikat")
    client.force_login(personas.case_manager)
    html = client.get(reverse("cases:report_list"), {"status": "bukan_kasus"}).content.decode()
    assert closed.display_code in html and open_report.display_code not in html


def test_the_queue_puts_the_most_urgent_first(client, personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    old_low = make_report(risk_level="rendah", received_at=now - timedelta(hours=30))
    new_high = make_report(risk_level="tinggi", received_at=now - timedelta(minutes=5))
    old_medium = make_report(received_at=now - timedelta(hours=8))
    newer_medium = make_report(received_at=now - timedelta(hours=1))
    client.force_login(personas.case_manager)
    html = client.get(reverse("cases:triage_queue")).content.decode()
    # Overdue first, then by response deadline: the high-risk report is due within the hour.
    order = [html.index(r.display_code) for r in (old_medium, new_high, newer_medium, old_low)]
    assert order == sorted(order)
    assert "Lewat batas" in html


def test_the_queue_answers_htmx_with_the_table_only(client, personas) -> None:
    make_report()
    client.force_login(personas.case_manager)
    response = client.get(reverse("cases:triage_queue"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="triage-queue"' in html and "<html" not in html


def _count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["cases:report_list", "cases:triage_queue"])
def test_list_and_queue_run_a_constant_number_of_queries(client, personas, url_name: str) -> None:
    for _ in range(2):
        make_report()
    client.force_login(personas.case_manager)
    url = reverse(url_name)
    client.get(url)
    few = _count_queries(client, url)
    for i in range(10):
        make_report(kelurahan=region(BUGUL_LOR if i % 2 else GENTONG), danger_now=bool(i % 3))
    case = services.report_open_case(actor=personas.case_manager, report=make_report())
    services.report_attach_to_case(actor=personas.case_manager, report=make_report(), case=case)
    many = _count_queries(client, url)
    assert many == few


def test_the_sysadmin_edits_the_triage_deadlines(client, personas) -> None:
    from payung.cases.models import TriageDeadlineRule

    rule = TriageDeadlineRule.objects.get(risk_level="sedang")
    client.force_login(personas.sysadmin)
    assert client.get(reverse("cases:deadline_rules")).status_code == 200
    prefix = f"r{rule.pk}"
    response = client.post(
        reverse("cases:deadline_rule_update", args=[rule.pk]),
        {f"{prefix}-hours": "4", f"{prefix}-working_days": "", f"{prefix}-basis": "SOP 2026"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.hours, rule.working_days, rule.basis) == (4, False, "SOP 2026")
    client.force_login(personas.case_manager)
    assert client.get(reverse("cases:deadline_rules")).status_code == 403
    assert client.post(reverse("cases:deadline_rule_update", args=[rule.pk]), {}).status_code == 403


def test_staff_write_the_message_for_the_reporter(client, personas) -> None:
    report = _walk_in(client, personas.ppt_gentong)
    client.post(
        reverse("cases:report_message", args=[report.pk]),
        {"msg-message": "Silakan datang ke PPT hari Senin."},
    )
    assert Report.objects.get(pk=report.pk).public_message == "Silakan datang ke PPT hari Senin."
    client.force_login(personas.ppt_bugullor)
    assert (
        client.post(
            reverse("cases:report_message", args=[report.pk]), {"msg-message": "x"}
        ).status_code
        == 404
    )
