"""Outreach activities: planning, scope, holding, the report, photos, disclosures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.outreach import services
from payung.outreach.choices import ActivityStatus
from tests.cases.helpers import JPEG_BYTES, PDF_BYTES, report_input
from tests.factories import BUGUL_LOR, GENTONG
from tests.outreach.builders import attendance, held, make_activity

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_outreach_officer_plans_a_pengajian_in_gentong_and_it_is_audited(personas: Any) -> None:
    activity = make_activity(actor=personas.outreach)
    assert activity.status == ActivityStatus.PLANNED
    assert activity.region_code == GENTONG
    assert AuditEvent.objects.filter(
        action="outreach.activity_plan", target_id=str(activity.pk)
    ).exists()


def test_ppt_officer_plans_only_in_their_own_kelurahan(personas: Any) -> None:
    make_activity(actor=personas.ppt_gentong)
    with pytest.raises(PermissionDenied):
        make_activity(actor=personas.ppt_gentong, code=BUGUL_LOR)


def test_ppt_officer_of_bugul_lor_gets_404_on_gentongs_draft(personas: Any) -> None:
    activity = make_activity(actor=personas.outreach, days=10)
    url = reverse("outreach:activity_detail", args=[activity.pk])
    assert _client(personas.ppt_bugullor).get(url).status_code == 404
    assert (
        _client(personas.ppt_bugullor)
        .post(reverse("outreach:activity_cancel", args=[activity.pk]), {"reason": "x"})
        .status_code
        == 404
    )
    assert _client(personas.ppt_gentong).get(url).status_code == 200
    assert _client(personas.outreach).get(url).status_code == 200
    assert (
        activity.title
        not in _client(personas.ppt_bugullor)
        .get(reverse("outreach:activity_list"))
        .content.decode()
    )


def test_a_future_session_cannot_be_held(personas: Any) -> None:
    activity = make_activity(actor=personas.outreach, days=3)
    with pytest.raises(ValidationError):
        services.activity_hold(actor=personas.outreach, activity=activity)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


def test_cancel_needs_a_reason(personas: Any) -> None:
    activity = make_activity(actor=personas.outreach, days=3)
    with pytest.raises(ValidationError):
        services.activity_cancel(actor=personas.outreach, activity=activity, reason=" ")
    services.activity_cancel(actor=personas.outreach, activity=activity, reason="Banjir")
    activity.refresh_from_db()
    assert (activity.status, activity.cancel_reason) == (ActivityStatus.CANCELLED, "Banjir")


def test_attendance_total_must_match(personas: Any) -> None:
    activity = held(make_activity(actor=personas.outreach))
    with pytest.raises(ValidationError):
        services.activity_report(
            actor=personas.outreach,
            activity=activity,
            attendance=services.Attendance(1, 1, 1, 1, 5),
        )
    with pytest.raises(ValidationError):
        services.activity_report(
            actor=personas.outreach,
            activity=activity,
            attendance=services.Attendance(-1, 1, 0, 0, 0),
        )
    services.activity_report(actor=personas.outreach, activity=activity, attendance=attendance())
    activity.refresh_from_db()
    assert (activity.status, activity.total) == (ActivityStatus.REPORTED, 20)


def test_report_page_refuses_a_pdf_photo_and_keeps_the_counts(personas: Any) -> None:
    activity = held(make_activity(actor=personas.outreach))
    url = reverse("outreach:activity_report", args=[activity.pk])
    response = _client(personas.outreach).post(
        url,
        {
            "women": 7,
            "men": 3,
            "girls": 0,
            "boys": 0,
            "total": 10,
            "event_photo": SimpleUploadedFile("foto.jpg", PDF_BYTES, "image/jpeg"),
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Kirim foto JPEG atau PNG" in page
    assert 'value="7"' in page
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD


def test_report_page_refuses_an_oversized_photo(personas: Any, settings: Any) -> None:
    settings.REPORT_UPLOAD_MAX_BYTES = 50
    activity = held(make_activity(actor=personas.outreach))
    response = _client(personas.outreach).post(
        reverse("outreach:activity_report", args=[activity.pk]),
        {
            "women": 1,
            "men": 0,
            "girls": 0,
            "boys": 0,
            "total": 1,
            "sign_in_photo": SimpleUploadedFile("foto.jpg", JPEG_BYTES, "image/jpeg"),
        },
    )
    assert response.status_code == 422
    assert "Berkas terlalu besar" in response.content.decode()


def test_photo_is_sealed_and_downloads_only_in_scope(personas: Any) -> None:
    activity = held(make_activity(actor=personas.outreach))
    response = _client(personas.outreach).post(
        reverse("outreach:activity_report", args=[activity.pk]),
        {
            "women": 1,
            "men": 1,
            "girls": 0,
            "boys": 0,
            "total": 2,
            "event_photo": SimpleUploadedFile("foto.jpg", JPEG_BYTES, "image/jpeg"),
        },
    )
    assert response.status_code == 302
    photo = activity.photos.get()
    assert JPEG_BYTES not in photo.sealed.encode()
    url = reverse("outreach:activity_photo", args=[activity.pk, photo.pk])
    assert _client(personas.ppt_gentong).get(url).content == JPEG_BYTES
    assert _client(personas.ppt_bugullor).get(url).status_code == 404


def test_a_disclosure_becomes_an_outreach_report_in_triage(personas: Any) -> None:
    activity = held(make_activity(actor=personas.outreach))
    report = services.disclosure_record(
        actor=personas.outreach,
        activity=activity,
        data=report_input(description="Cerita rahasia di sesi"),
        idempotency_key="sesi-1",
    )
    assert report.channel == "penjangkauan"
    assert report.status == "baru"
    assert report.region_code == GENTONG
    # The same form token again does not make a second report.
    again = services.disclosure_record(
        actor=personas.outreach,
        activity=activity,
        data=report_input(description="Cerita rahasia di sesi"),
        idempotency_key="sesi-1",
    )
    assert again.pk == report.pk
    assert activity.disclosures.count() == 1
    page = (
        _client(personas.outreach)
        .get(reverse("outreach:activity_detail", args=[activity.pk]))
        .content.decode()
    )
    assert "Cerita rahasia" not in page
    assert 'id="disclosure-count">1<' in page
    from payung.cases.selectors import triage_queue

    queued = triage_queue(personas.case_manager).get(pk=report.pk)
    assert queued.get_channel_display() == "Penjangkauan"


def test_a_planned_future_session_shows_on_the_public_calendar_without_names(
    personas: Any,
) -> None:
    make_activity(
        actor=personas.outreach, days=5, title="Sosialisasi UU TPKS", public_figures="Bu Dewan Uji"
    )
    page = Client().get(reverse("outreach_public:calendar")).content.decode()
    assert "Sosialisasi UU TPKS" in page
    assert "Bu Dewan Uji" not in page
    assert "Masjid Al-Uji" in page


def test_digital_safety_page_links_to_the_report_form(db: None) -> None:
    page = Client().get("/aman-digital/").content.decode()
    assert reverse("report:form") in page
    assert "129" in page
    assert reverse("public:posts") in page


def test_hold_after_start(personas: Any) -> None:
    activity = make_activity(
        actor=personas.outreach, starts_at=timezone.now() - timedelta(minutes=5)
    )
    services.activity_hold(actor=personas.outreach, activity=activity)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD


def test_activity_pdf_has_the_counts_and_not_the_disclosure(personas: Any) -> None:
    from tests.cases.helpers import JPEG_BYTES as PHOTO  # noqa: F401

    activity = held(make_activity(actor=personas.outreach))
    services.activity_report(actor=personas.outreach, activity=activity, attendance=attendance())
    services.disclosure_record(
        actor=personas.outreach,
        activity=activity,
        data=report_input(description="Isi rahasia"),
        idempotency_key="pdf-1",
    )
    response = _client(personas.outreach).get(reverse("outreach:activity_pdf", args=[activity.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response)
    assert body.startswith(b"%PDF")
    assert b"Isi rahasia" not in body
    assert (
        _client(personas.ppt_bugullor)
        .get(reverse("outreach:activity_pdf", args=[activity.pk]))
        .status_code
        == 404
    )


def test_yearly_recap_runs_as_a_job_with_formula_safe_cells(personas: Any) -> None:
    import io

    from openpyxl import load_workbook

    make_activity(actor=personas.outreach, title="=HYPERLINK(1)", days=-1)
    make_activity(actor=personas.outreach, code=BUGUL_LOR, title="Bugul Lor", days=-1)
    year = timezone.localdate(timezone.now() - timedelta(days=1)).year
    job = services.recap_start(actor=personas.ppt_gentong, year=year)
    job.refresh_from_db()
    assert job.status == "done"
    book = load_workbook(io.BytesIO(job.result_bytes()))
    titles = [row[2] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert titles == ["'=HYPERLINK(1)"]  # the PPT officer's own kelurahan only; neutralised
    assert len(list(book.worksheets[1].iter_rows(min_row=2))) == 1


def test_api_lists_activities_in_scope_and_forums_only_to_the_outreach_officer(
    personas: Any,
) -> None:
    gentong = make_activity(actor=personas.outreach)
    make_activity(actor=personas.outreach, code=BUGUL_LOR, title="Bugul Lor")
    services.forum_create(actor=personas.outreach, name="Forum Anak Kota", kelurahan=None)
    ppt = _client(personas.ppt_gentong).get("/api/v1/outreach/activities/").json()
    assert [a["id"] for a in ppt["items"]] == [gentong.pk]
    assert _client(personas.outreach).get("/api/v1/outreach/activities/").json()["count"] == 2
    assert _client(personas.ppt_gentong).get("/api/v1/outreach/forums/").status_code == 403
    assert _client(personas.analyst).get("/api/v1/outreach/forums/").status_code == 403
    forums = _client(personas.outreach).get("/api/v1/outreach/forums/").json()
    assert forums[0]["name"] == "Forum Anak Kota"
    plans = _client(personas.analyst).get("/api/v1/outreach/plans/").json()
    assert len(plans) == 34


def test_a_forum_anak_activity_reuses_the_activity_model(personas: Any) -> None:
    forum = services.forum_create(actor=personas.outreach, name="Forum Anak Kota", kelurahan=None)
    activity = make_activity(actor=personas.outreach, type_code="forum_anak", forum=forum)
    assert activity.forum == forum
    with pytest.raises(PermissionDenied):
        make_activity(actor=personas.ppt_gentong, type_code="forum_anak", forum=forum)
    form_page = _client(personas.ppt_gentong).get(reverse("outreach:activity_create"))
    assert 'name="forum"' not in form_page.content.decode()
