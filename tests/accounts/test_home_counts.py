"""The start page says what needs doing: counts that match the lists they link to, in a
bounded number of queries, and the navigation badges (issue #15)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from payung.accounts import home_extensions
from payung.accounts.home import home_for
from payung.accounts.roles import Role
from payung.cases import services as case_services
from payung.cases.choices import RiskLevel
from payung.cases.models import CaseDeadline
from payung.cases.selectors.reports import triage_queue
from payung.notifications.models import Notification
from tests.accounts.conftest import signed_in
from tests.care.factories import make_case
from tests.cases.helpers import make_report

HOME = "/akun/"


def _counts(user: Any) -> dict[str, Any]:
    return {str(c.label): c for c in home_for(user)["counts"]}


def test_supervisor_sees_waiting_high_risk_report_counted_like_the_queue(personas) -> None:
    high = make_report(danger_now=True)
    make_report()
    assert high.risk_level == RiskLevel.HIGH
    counts = _counts(personas.supervisor)
    queue = list(triage_queue(personas.supervisor))
    assert counts["Laporan menunggu triase"].value == len(queue) == 2
    high_count = counts["Laporan risiko tinggi menunggu triase"]
    assert high_count.value == 1
    assert high_count.items == (
        (high.display_code, reverse("cases:report_detail", args=[high.pk])),
    )
    page = signed_in(personas.supervisor).get(HOME).content.decode()
    assert "Yang perlu dikerjakan" in page
    assert reverse("cases:report_detail", args=[high.pk]) in page


def test_lowered_risk_leaves_the_high_risk_count(personas) -> None:
    report = make_report(danger_now=True)
    assert _counts(personas.case_manager)["Laporan risiko tinggi menunggu triase"].value == 1
    case_services.report_set_risk(actor=personas.case_manager, report=report, risk_level="rendah")
    assert _counts(personas.case_manager)["Laporan risiko tinggi menunggu triase"].value == 0


def test_case_manager_sees_own_overdue_deadline(personas) -> None:
    case = make_case(personas.case_manager)
    other = make_case(personas.case_manager2)
    past = timezone.now() - timedelta(days=1)
    CaseDeadline.objects.filter(case__in=[case, other]).update(due_at=past, state="terbuka")
    mine = CaseDeadline.objects.filter(case=case, state="terbuka").count()
    assert mine > 0
    counts = _counts(personas.case_manager)
    assert counts["Tenggat hukum saya yang terlewati"].value == mine
    assert "Laporan menunggu triase" in counts  # a case manager triages too


def test_supervisor_team_counts(personas) -> None:
    case = make_case(personas.case_manager)
    CaseDeadline.objects.filter(case=case).update(
        due_at=timezone.now() - timedelta(days=1), state="terbuka"
    )
    counts = _counts(personas.supervisor)
    expected = 1
    assert CaseDeadline.objects.filter(case=case).exists()
    assert counts["Kasus tim dengan tenggat terlewati"].value == expected
    assert counts["Penutupan menunggu persetujuan"].value == 0
    assert counts["Kasus terbuka tanpa manajer kasus"].value == 0


@pytest.mark.parametrize("role_attr", ["supervisor", "case_manager", "ppt_gentong"])
def test_counts_take_a_bounded_number_of_queries(personas, role_attr: str) -> None:
    user = getattr(personas, role_attr)
    for _ in range(3):
        make_report(danger_now=True)
        make_case(personas.case_manager)
    extension = next(e for e in home_extensions.registered() if type(e).__name__ == "CasesHome")
    with CaptureQueriesContext(connection) as ctx:
        extension.counts(user)
    # triage: one aggregate + the named high-risk reports; then one for deadlines or team.
    assert len(ctx.captured_queries) <= 3, [q["sql"] for q in ctx.captured_queries]


def test_roles_without_casework_get_no_case_counts(personas) -> None:
    make_report(danger_now=True)
    for user in (personas.analyst, personas.sysadmin, personas.provider, personas.dpo):
        assert not any("triase" in str(c.label) for c in home_for(user)["counts"])


def test_navigation_shows_unread_and_triage_badges(personas) -> None:
    make_report(danger_now=True)
    make_report()
    Notification.objects.create(recipient=personas.supervisor, title="Uji")
    page = signed_in(personas.supervisor).get(HOME).content.decode()
    triage = re.search(r'href="/[^"]*triase[^"]*"[^>]*>Triase <span[^>]*>(\d+)', page)
    assert triage and triage.group(1) == "2"
    bell = re.search(r">Pemberitahuan <span[^>]*>(\d+)", page)
    assert bell and bell.group(1) == "1"


def test_no_badge_when_nothing_waits(personas) -> None:
    page = signed_in(personas.supervisor).get(HOME).content.decode()
    assert "staff-nav__badge" not in page
    assert personas.supervisor.role == Role.SUPERVISOR


def test_ppt_officer_sees_her_kelurahan_reports_counted_like_the_list(personas) -> None:
    from payung.cases.choices import ReportStatus
    from payung.cases.selectors.reports import report_list
    from tests.factories import BUGUL_LOR, region

    make_report(actor=personas.ppt_gentong)
    make_report()  # from the public form, in Gentong
    make_report(kelurahan=region(BUGUL_LOR))  # another kelurahan: not hers
    counts = _counts(personas.ppt_gentong)
    waiting = counts["Laporan kelurahan saya menunggu triase"]
    in_case = counts["Laporan kelurahan saya yang sudah menjadi kasus"]
    listed = report_list(personas.ppt_gentong, status=ReportStatus.NEW).count()
    assert waiting.value == listed == 2
    assert in_case.value == report_list(personas.ppt_gentong, status=ReportStatus.IN_CASE).count()
    client = signed_in(personas.ppt_gentong)
    assert client.get(waiting.url).status_code == 200
    assert waiting.url in client.get(HOME).content.decode().replace("&amp;", "&")
