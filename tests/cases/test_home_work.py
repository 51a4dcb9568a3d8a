"""The case workers' start page says what needs doing, as counts matching the lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from payung.cases.choices import RiskLevel
from payung.cases.models import Report
from payung.cases.selectors import reports
from tests.cases.helpers import make_report

pytestmark = pytest.mark.django_db


def test_supervisor_home_counts_high_risk_reports_like_the_triage_queue(personas: Any) -> None:
    high = make_report()
    Report.objects.filter(pk=high.pk).update(risk_level=RiskLevel.HIGH)
    make_report()
    client = Client()
    client.force_login(personas.supervisor)
    response = client.get(reverse("accounts:home"))
    tiles = {str(t["label"]): t["count"] for t in response.context["panels"][0].context["tiles"]}
    queue = reports.triage_queue(personas.supervisor)
    assert tiles["laporan menunggu triase"] == queue.count()
    assert (
        tiles["laporan risiko tinggi menunggu triase"]
        == queue.filter(risk_level=RiskLevel.HIGH).count()
        == 1
    )
    html = response.content.decode()
    assert reverse("cases:report_detail", args=[high.pk]) in html  # one tap opens it
    assert "tenggat hukum terlewat di tim" in html


def test_case_manager_and_ppt_homes_have_their_own_counts(personas: Any) -> None:
    client = Client()
    client.force_login(personas.case_manager)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "tenggat saya terlewat" in html
    client.force_login(personas.ppt_gentong)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "laporan kelurahan saya" in html


def test_roles_without_casework_get_no_counts(personas: Any) -> None:
    client = Client()
    client.force_login(personas.analyst)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Yang perlu dikerjakan" not in html
