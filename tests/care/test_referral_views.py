"""Referral pages: the case manager's form and the provider's inbox, scoped to the provider's
own organisation and showing only what was shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payung.audit.models import AccessLog, AuditEvent
from payung.care import services
from payung.care.models import Referral, ReferralReport
from payung.cases.models import ConsentOverride
from tests.accounts.conftest import signed_in
from tests.care.builders import consent_to_share, hospital, send_referral
from tests.care.factories import make_organisation, make_user
from tests.cases.casework import CHRONOLOGY, VICTIM, open_case, victim_of
from tests.cases.helpers import HTML_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


def _create_url(case) -> str:
    return f"/layanan/kasus/{case.pk}/rujuk/"


def _inbox(pk: int | None = None, step: str = "") -> str:
    base = "/layanan/rujukan-masuk/"
    if pk is None:
        return base
    return f"{base}{pk}/" + (f"{step}/" if step else "")


def _form(case, personas, **overrides):
    data = {
        "victim": str(victim_of(case).pk),
        "target": f"visum:{hospital(personas).pk}",
        "urgency": "segera",
        "note": "Mohon visum hari ini.",
    }
    data.update(overrides)
    return data


def _other_provider():
    other = make_organisation("RS Lain Uji", services=("medis", "visum"))
    return make_user(username="rs_lain", role="provider_staff", organisation=other), other


def test_case_manager_refers_from_the_form(personas) -> None:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    client = signed_in(personas.case_manager)
    page = client.get(_create_url(case))
    assert page.status_code == 200
    body = page.content.decode()
    assert "RSUD Uji" in body and 'value="visum:' in body
    assert "Alasan berbagi tanpa persetujuan" not in body  # supervisors only
    response = client.post(_create_url(case), _form(case, personas, share=["kronologi"]))
    assert response.status_code == 302
    assert response["Location"] == f"/kasus/{case.pk}/#layanan"
    referral = Referral.objects.get()
    assert referral.urgency == "segera" and referral.shared_fields == ["kronologi"]
    history = client.get(f"/kasus/{case.pk}/riwayat/").content.decode()
    assert "Rujukan dikirim: Visum gratis ke RSUD Uji (segera)" in history


def test_without_consent_the_form_says_why_and_nothing_is_sent(personas) -> None:
    case = open_case(personas)
    response = signed_in(personas.case_manager).post(_create_url(case), _form(case, personas))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Rujukan tidak dikirim: belum ada persetujuan korban" in body
    assert f"/kasus/{case.pk}/#persetujuan" in body
    assert not Referral.objects.exists()


def test_supervisor_overrides_from_the_form_and_it_is_audited(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.supervisor)
    assert "Alasan berbagi tanpa persetujuan" in client.get(_create_url(case)).content.decode()
    reason = "Anak dalam bahaya, visum tidak dapat menunggu wali."
    response = client.post(_create_url(case), _form(case, personas, override_reason=reason))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.consent_override is not None
    assert ConsentOverride.objects.get().reason == reason
    assert AuditEvent.objects.filter(action="case.consent_override", actor=personas.supervisor)


def test_a_target_outside_the_list_is_refused(personas) -> None:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    lbh = make_organisation("LBH Uji", kind="lbh", services=("hukum",))
    response = signed_in(personas.case_manager).post(
        _create_url(case), _form(case, personas, target=f"visum:{lbh.pk}")
    )
    assert response.status_code == 200 and not Referral.objects.exists()


def test_the_form_is_404_for_a_case_that_is_not_the_users(personas) -> None:
    case = open_case(personas)
    assert signed_in(personas.case_manager2).get(_create_url(case)).status_code == 404
    assert signed_in(personas.ppt_gentong).get(_create_url(case)).status_code == 403


def test_the_inbox_lists_only_the_providers_own_organisation(personas) -> None:
    mine = send_referral(personas)
    stranger, other = _other_provider()
    theirs = send_referral(personas, organisation=other)
    body = signed_in(personas.provider).get(_inbox()).content.decode()
    assert f"{_inbox(mine.pk)}" in body and f"{_inbox(theirs.pk)}" not in body
    body = signed_in(stranger).get(_inbox()).content.decode()
    assert f"{_inbox(theirs.pk)}" in body and f"{_inbox(mine.pk)}" not in body
    # The list decrypts nothing and shows no victim data.
    assert VICTIM not in body


def test_staff_of_another_organisation_get_404_on_the_referral(personas) -> None:
    referral = send_referral(personas)
    stranger, _other = _other_provider()
    client = signed_in(stranger)
    assert client.get(_inbox(referral.pk)).status_code == 404
    for step in ("terima", "tolak", "jadwal", "selesai", "laporan"):
        assert client.post(_inbox(referral.pk, step), {}).status_code == 404, step
    services.referral_accept(actor=personas.provider, referral=referral)
    report = services.referral_report_upload(
        actor=personas.provider,
        referral=referral,
        attachment=services_check(PDF_BYTES),
    )
    url = f"/layanan/rujukan/{referral.pk}/laporan/{report.pk}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/care/inbox/{referral.pk}").status_code == 404
    referral.refresh_from_db()
    assert referral.status == "diterima"
    # Nor do case workers of other cases see it.
    assert (
        signed_in(personas.case_manager2).get(f"/layanan/rujukan/{referral.pk}/").status_code == 404
    )


def services_check(data: bytes):
    from payung.cases.uploads import check_bytes

    return check_bytes(data, "laporan.pdf")


def test_the_provider_sees_only_the_shared_fields_and_the_view_is_logged(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    victim.person.alias = "Bunga"
    victim.person.save()
    referral = send_referral(personas, case=case)
    response = signed_in(personas.provider).get(_inbox(referral.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bunga" in body and case.number in body and "Mohon visum hari ini." in body
    for secret in (VICTIM, "Mawar", CHRONOLOGY[:25], "Contohsari"):
        assert secret not in body, secret
    log = AccessLog.objects.get(actor=personas.provider, purpose="referral.provider_view")
    assert log.target_type == "care.referral" and log.target_id == str(referral.pk)


def test_a_shared_name_is_shown_to_the_provider(personas) -> None:
    referral = send_referral(personas, share=("nama",))
    body = signed_in(personas.provider).get(_inbox(referral.pk)).content.decode()
    assert VICTIM in body


def test_provider_accepts_schedules_completes_with_an_upload_and_the_case_shows_it(
    personas, django_capture_on_commit_callbacks
) -> None:
    referral = send_referral(personas)
    provider = signed_in(personas.provider)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            provider.post(_inbox(referral.pk, "terima"), {"accept-note": "Siap"}).status_code == 302
        )
        when = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
        response = provider.post(_inbox(referral.pk, "jadwal"), {"schedule-scheduled_for": when})
        assert response.status_code == 302
        upload = SimpleUploadedFile("visum.pdf", PDF_BYTES, content_type="application/pdf")
        response = provider.post(
            _inbox(referral.pk, "laporan"),
            {"report-file": upload, "report-description": "Hasil visum et repertum"},
        )
        assert response.status_code == 302
        response = provider.post(
            _inbox(referral.pk, "selesai"),
            {
                "complete-delivered_on": timezone.localdate().isoformat(),
                "complete-outcome": "terlaksana",
                "complete-description": "Visum dilakukan.",
            },
        )
        assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "selesai"
    report = ReferralReport.objects.get()
    assert report.unseal() == PDF_BYTES
    history = signed_in(personas.case_manager).get(f"/kasus/{referral.case_id}/riwayat/")
    page = history.content.decode()
    timeline = page[page.index('id="case-timeline"') :]
    assert "Rujukan selesai di RSUD Uji: Visum gratis — Terlaksana" in timeline
    assert "Laporan hasil rujukan diunggah oleh RSUD Uji" in timeline
    assert "Rujukan diterima oleh RSUD Uji" in timeline
    download = signed_in(personas.case_manager).get(
        f"/layanan/rujukan/{referral.pk}/laporan/{report.pk}/"
    )
    assert download.status_code == 200 and download.content == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment;")
    assert AccessLog.objects.filter(actor=personas.case_manager, purpose="referral.report")


def test_a_disguised_upload_is_refused(personas) -> None:
    referral = send_referral(personas)
    services.referral_accept(actor=personas.provider, referral=referral)
    upload = SimpleUploadedFile("visum.pdf", HTML_BYTES, content_type="application/pdf")
    response = signed_in(personas.provider).post(
        _inbox(referral.pk, "laporan"), {"report-file": upload}
    )
    assert response.status_code == 400
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not ReferralReport.objects.exists()


def test_a_declined_referral_no_longer_shows_the_victims_data(personas) -> None:
    referral = send_referral(personas, share=("nama",))
    provider = signed_in(personas.provider)
    response = provider.post(_inbox(referral.pk, "tolak"), {"decline-reason": "Tidak ada dokter"})
    assert response.status_code == 302
    body = provider.get(_inbox(referral.pk)).content.decode()
    assert VICTIM not in body and 'id="shared-hidden"' in body


def test_an_impossible_step_shows_the_reason(personas) -> None:
    referral = send_referral(personas)
    response = signed_in(personas.provider).post(
        _inbox(referral.pk, "selesai"),
        {
            "complete-delivered_on": timezone.localdate().isoformat(),
            "complete-outcome": "terlaksana",
            "complete-description": "x",
        },
    )
    assert response.status_code == 400
    assert "langkah ini tidak dapat dilakukan" in response.content.decode()


def test_overdue_referrals_are_flagged_in_the_inbox_and_on_the_case(personas) -> None:
    referral = send_referral(personas, urgency="segera")
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - timedelta(hours=30), due_at=timezone.now() - timedelta(hours=6)
    )
    send_referral(personas, urgency="biasa")
    body = signed_in(personas.provider).get(_inbox()).content.decode()
    assert "Lewat batas waktu jawaban" in body
    # Overdue first.
    assert body.index(_inbox(referral.pk)) < body.rindex("/layanan/rujukan-masuk/")
    case_page = signed_in(personas.case_manager).get(f"/kasus/{referral.case_id}/").content.decode()
    assert "Belum dijawab, lewat batas waktu" in case_page


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_inbox_query_count_does_not_grow_with_rows(personas) -> None:
    client = signed_in(personas.provider)
    case = open_case(personas)
    send_referral(personas, case=case)
    one = _count(client, _inbox())
    one_api = _count(client, "/api/v1/care/inbox/")
    for _ in range(29):
        services.referral_send(
            actor=personas.case_manager,
            case=case,
            victim=victim_of(case),
            service=hospital(personas).services.get(code="visum"),
            organisation=hospital(personas),
            urgency="biasa",
        )
    assert _count(client, _inbox()) == one
    assert _count(client, "/api/v1/care/inbox/") == one_api
    assert client.get(_inbox()).content.decode().count("/layanan/rujukan-masuk/") >= 30


def test_case_detail_query_count_does_not_grow_with_care_records(personas) -> None:
    from tests.care.builders import home_visit, task

    def enrich(case, times: int) -> None:
        for _ in range(times):
            referral = send_referral(personas, case=case)
            services.referral_accept(actor=personas.provider, referral=referral)
            services.referral_report_upload(
                actor=personas.provider, referral=referral, attachment=services_check(PDF_BYTES)
            )
            home_visit(personas, case=case)
            task(personas, case=case)

    client = signed_in(personas.case_manager)
    small, big = open_case(personas), open_case(personas)
    enrich(small, 1)
    enrich(big, 4)
    assert _count(client, f"/kasus/{big.pk}/") == _count(client, f"/kasus/{small.pk}/")


def test_the_target_list_names_each_organisation_once_with_its_services(personas) -> None:
    """RSUD Uji offers medis and visum: one group for it, not one option per service."""
    case = open_case(personas)
    body = signed_in(personas.case_manager).get(_create_url(case)).content.decode()
    assert body.count('<optgroup label="RSUD Uji">') == 1
    group = body.split('<optgroup label="RSUD Uji">', 1)[1].split("</optgroup>", 1)[0]
    organisation = hospital(personas).pk
    assert f'value="medis:{organisation}"' in group and "Layanan medis" in group
    assert f'value="visum:{organisation}"' in group and "Visum gratis" in group
    assert body.count(">RSUD Uji<") == 0  # no option repeating the organisation's name
