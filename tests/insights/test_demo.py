"""``load_demo`` gives the dashboard something to show: the history cases, and the summary
table refreshed after loading."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from payung.cases.models import Case
from payung.insights.models import VictimCaseFact


@pytest.mark.django_db
def test_load_demo_fills_the_statistics(settings) -> None:
    settings.PRODUCTION = False
    settings.DEMO_HISTORY_CASES = 30
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo history (two years, for the statistics): 30 cases opened now." in out.getvalue()
    assert Case.objects.count() == 32
    assert VictimCaseFact.objects.count() == Case.objects.count()
    months = {(d.year, d.month) for d in VictimCaseFact.objects.values_list("opened_on", flat=True)}
    assert len(months) >= 8  # spread over the past, not all "today"
    assert all(
        d <= timezone.localdate()
        for d in VictimCaseFact.objects.values_list("opened_on", flat=True)
    )
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "30 cases opened now" not in out.getvalue() and Case.objects.count() == 32
