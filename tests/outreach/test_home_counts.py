"""The outreach officer's start page counts the sessions that need something (issue #15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payung.accounts.home import home_for
from payung.outreach.home import OutreachHome
from payung.outreach.models import Activity
from tests.accounts.conftest import signed_in
from tests.outreach.builders import held, make_activity

pytestmark = pytest.mark.django_db


def test_outreach_counts_match_the_activity_list(personas) -> None:
    done = held(make_activity(title="Sesi sudah terlaksana"))
    late = make_activity(title="Sesi lewat tanggal", days=-2)
    soon = make_activity(title="Sesi minggu depan", days=5)
    counts = {str(c.label): c for c in home_for(personas.outreach)["counts"]}
    waiting = counts["Sesi terlaksana menunggu laporan"]
    overdue = counts["Sesi direncanakan yang tanggalnya sudah lewat"]
    planned = counts["Sesi direncanakan"]
    assert (waiting.value, overdue.value, planned.value) == (1, 1, 2)

    client = signed_in(personas.outreach)
    held_page = client.get(waiting.url).content.decode()
    assert done.title in held_page and late.title not in held_page
    late_page = client.get(overdue.url).content.decode()
    assert late.title in late_page and soon.title not in late_page
    planned_page = client.get(planned.url).content.decode()
    assert late.title in planned_page and soon.title in planned_page


def test_outreach_counts_take_one_query(personas) -> None:
    make_activity()
    with CaptureQueriesContext(connection) as ctx:
        counts = OutreachHome().counts(personas.outreach)
    assert len(counts) == 3 and len(ctx.captured_queries) == 1


def test_only_outreach_officers_get_outreach_counts(personas) -> None:
    make_activity()
    for user in (personas.ppt_gentong, personas.supervisor, personas.dpo):
        assert OutreachHome().counts(user) == []
    assert Activity.objects.filter(starts_at__lt=timezone.now() + timedelta(days=1)).exists()
