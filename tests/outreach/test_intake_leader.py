"""The intake form offers "referred by a community leader" (outreach's intake source)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from payung.cases.models import Report
from payung.outreach.models import LeaderReferral
from tests.cases.helpers import public_form_data
from tests.factories import BUGUL_LOR
from tests.outreach.builders import make_leader

pytestmark = pytest.mark.django_db


def _staff_form(**overrides: Any) -> dict[str, Any]:
    data = public_form_data(
        channel="datang_langsung", source_reference="", received_at="", risk_level=""
    )
    data.pop("website")
    data.update(overrides)
    return data


def test_intake_links_the_report_to_the_leader_who_brought_it(client: Any, personas: Any) -> None:
    leader = make_leader(name="Kyai Perujuk")
    make_leader(BUGUL_LOR, name="Tokoh Bugul Lor")
    make_leader(name="Tokoh Menolak", listed=False)
    client.force_login(personas.ppt_gentong)
    html = client.get(reverse("cases:report_create")).content.decode()
    assert "Dirujuk oleh tokoh masyarakat" in html
    assert "Kyai Perujuk" in html
    assert "Tokoh Bugul Lor" not in html  # another kelurahan's leader
    assert "Tokoh Menolak" not in html  # no consent to be listed
    response = client.post(
        reverse("cases:report_create"), _staff_form(referred_by_leader=str(leader.pk))
    )
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    assert LeaderReferral.objects.get(report=report).leader == leader


def test_a_leader_out_of_scope_is_refused_and_no_report_is_kept(client: Any, personas: Any) -> None:
    make_leader(name="Kyai Gentong")
    other = make_leader(BUGUL_LOR, name="Tokoh Bugul Lor")
    client.force_login(personas.ppt_gentong)
    before = Report.objects.count()
    response = client.post(
        reverse("cases:report_create"), _staff_form(referred_by_leader=str(other.pk))
    )
    assert response.status_code == 200
    assert Report.objects.count() == before
    assert not LeaderReferral.objects.exists()
