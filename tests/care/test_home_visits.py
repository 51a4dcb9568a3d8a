"""Home visits: scheduled with an officer who may open the case, findings encrypted, the
officer's week as an HTML table, and the visit counted as a delivered service."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from payung.audit.models import AccessLog
from payung.care import selectors, services
from payung.care.models import HomeVisit, ServiceRecord
from payung.cases.services import plan_item_add
from tests.accounts.conftest import signed_in
from tests.care.builders import home_visit
from tests.cases.casework import open_case, victim_of

pytestmark = pytest.mark.django_db


def _monday_10() -> datetime:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time())) + timedelta(hours=10)


def test_a_visit_is_scheduled_for_an_officer_who_may_open_the_case(personas) -> None:
    case = open_case(personas)
    visit = home_visit(personas, case=case, officer=personas.supervisor)
    assert visit.officer == personas.supervisor and visit.status == "dijadwalkan"
    # A case manager who is not on the case cannot be sent: the page would not open for them.
    with pytest.raises(ValidationError) as refused:
        home_visit(personas, case=case, officer=personas.case_manager2)
    assert "officer" in refused.value.message_dict
    assert personas.case_manager2 not in selectors.assignable_officers(case)
    assert personas.supervisor in selectors.assignable_officers(case)


def test_findings_are_encrypted_and_the_visit_counts_as_a_service(personas) -> None:
    case = open_case(personas)
    item = plan_item_add(actor=personas.case_manager, case=case, service="kunjungan_rumah")
    visit = home_visit(personas, case=case)
    services.home_visit_record(
        actor=personas.case_manager,
        visit=visit,
        visited_at=timezone.now() - timedelta(minutes=30),
        findings="Korban tinggal bersama ibunya; pelaku sudah pindah.",
        safety_concern=True,
    )
    visit.refresh_from_db()
    assert visit.status == "selesai" and visit.safety_concern
    with connection.cursor() as cursor:
        cursor.execute("SELECT findings FROM care_homevisit WHERE id = %s", [visit.pk])
        assert "ibunya" not in cursor.fetchone()[0]
    record = ServiceRecord.objects.get(service__code="kunjungan_rumah")
    assert record.internal_unit == "uptd_ppa" and record.outcome == "terlaksana"
    item.refresh_from_db()
    assert item.status == "selesai"
    with pytest.raises(ValidationError):
        services.home_visit_record(
            actor=personas.case_manager, visit=visit, visited_at=timezone.now(), findings="lagi"
        )


def test_my_visits_shows_the_week_as_a_table_without_javascript(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    victim.person.alias = "Bunga"
    victim.person.save()
    visit = home_visit(personas, case=case, scheduled_at=_monday_10())
    home_visit(personas, case=case, scheduled_at=_monday_10() + timedelta(days=8))
    client = signed_in(personas.case_manager)
    body = client.get("/layanan/kunjungan/").content.decode()
    week = body[
        body.index(
            '<table class="table table-bordered care-week table-stack" id="week"'
        ) : body.index("</table>")
    ]
    assert f"/layanan/kunjungan/{visit.pk}/" in week and "10:00" in week and case.number in week
    assert week.count("care-week__visit") == 1  # next week's visit is not in this week
    following = selectors.week_start(timezone.localdate()) + timedelta(days=7)
    body = client.get(f"/layanan/kunjungan/?minggu={following.isoformat()}").content.decode()
    week = body[
        body.index(
            '<table class="table table-bordered care-week table-stack" id="week"'
        ) : body.index("</table>")
    ]
    assert week.count("care-week__visit") == 1
    assert client.get("/layanan/kunjungan/?minggu=bukan-tanggal").status_code == 200
    # Another officer's list does not show it.
    other = signed_in(personas.supervisor).get("/layanan/kunjungan/").content.decode()
    assert f"/layanan/kunjungan/{visit.pk}/" not in other


def test_the_officer_records_from_the_visit_page(personas) -> None:
    case = open_case(personas)
    visit = home_visit(personas, case=case, officer=personas.supervisor)
    client = signed_in(personas.supervisor)
    page = client.get(f"/layanan/kunjungan/{visit.pk}/")
    assert page.status_code == 200
    assert AccessLog.objects.filter(actor=personas.supervisor, purpose="home_visit.view")
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/layanan/kunjungan/{visit.pk}/catat/",
        {"visited_at": when, "findings": "Aman; korban kembali sekolah."},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "selesai" and visit.findings == "Aman; korban kembali sekolah."
    # Recorded once: the page no longer offers the form, and a second post is refused.
    assert (
        "Catat hasil kunjungan"
        not in client.get(f"/layanan/kunjungan/{visit.pk}/").content.decode()
    )
    again = client.post(
        f"/layanan/kunjungan/{visit.pk}/catat/", {"visited_at": when, "findings": "x"}
    )
    assert again.status_code == 400


def test_a_visit_can_be_cancelled_with_a_reason(personas) -> None:
    visit = home_visit(personas)
    client = signed_in(personas.case_manager)
    client.post(f"/layanan/kunjungan/{visit.pk}/batal/", {"reason": ""})
    assert HomeVisit.objects.get(pk=visit.pk).status == "dijadwalkan"
    client.post(f"/layanan/kunjungan/{visit.pk}/batal/", {"reason": "Korban pindah sementara"})
    assert HomeVisit.objects.get(pk=visit.pk).status == "batal"


def test_outsiders_get_404_on_a_visit(personas) -> None:
    visit = home_visit(personas)
    assert (
        signed_in(personas.case_manager2).get(f"/layanan/kunjungan/{visit.pk}/").status_code == 404
    )
    assert (
        signed_in(personas.ppt_bugullor).get(f"/layanan/kunjungan/{visit.pk}/").status_code == 404
    )
    # The Gentong PPT officer sees the case, but does not work it.
    ppt = signed_in(personas.ppt_gentong)
    assert ppt.get(f"/layanan/kunjungan/{visit.pk}/").status_code == 200
    response = ppt.post(f"/layanan/kunjungan/{visit.pk}/catat/", {"findings": "x"})
    assert response.status_code == 404


def test_scheduling_from_the_case_page_form(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    url = f"/layanan/kasus/{case.pk}/kunjungan/"
    assert client.get(url).status_code == 200
    when = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "victim": str(victim_of(case).pk),
            "scheduled_at": when,
            "officer": str(personas.case_manager.pk),
            "purpose": "Pemantauan",
        },
    )
    assert response.status_code == 302
    assert HomeVisit.objects.get().officer == personas.case_manager
