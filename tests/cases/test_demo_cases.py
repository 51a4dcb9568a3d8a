"""``manage.py load_demo`` adds fictional reports and cases, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from payung.cases.models import Case, Person, Report


@pytest.mark.django_db
def test_load_demo_creates_fictional_cases_idempotently(settings) -> None:
    settings.PRODUCTION = False
    call_command("load_demo", stdout=StringIO())
    counts = (Report.objects.count(), Case.objects.count(), Person.objects.count())
    assert counts[0] == 3 and counts[1] == 2
    names = {p.name for p in Person.objects.all()}
    assert "Bunga (nama samaran)" in names and "Mawar Contoh" in names
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (Report.objects.count(), Case.objects.count(), Person.objects.count()) == counts
    assert "cases opened now: 0" in out.getvalue()
    mawar = Case.objects.get(flag_kdrt=True)
    assert mawar.closure_requests.filter(state="menunggu").exists()
