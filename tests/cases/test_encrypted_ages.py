"""A person's birth date and a report's victim age are ciphertext in the database; the
birth year stays in clear for counting (issue #14)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from payung.cases import services
from payung.cases.models import Person, Report
from tests.cases.casework import open_case, victim_of
from tests.cases.helpers import make_report

pytestmark = pytest.mark.django_db


def _raw(sql: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone()[0]


def test_birth_date_is_not_in_clear_in_the_database(personas) -> None:
    case = open_case(personas)
    party = victim_of(case)
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=party,
        version=None,
        data=services.PersonInput(
            name="Mawar Contohsari", alias="Mawar", sex="p", birth_date=date(2012, 3, 4)
        ),
    )
    raw = _raw("SELECT birth_date FROM cases_person WHERE id = %s", party.person_id)
    assert raw.startswith("enc1:")
    assert "2012" not in raw and "03-04" not in raw
    person = Person.objects.get(pk=party.person_id)
    assert person.birth_date == date(2012, 3, 4)
    assert person.birth_year == 2012
    assert person.is_child
    # Counting by year needs no decryption.
    assert Person.objects.filter(birth_year__gte=2008).filter(pk=person.pk).exists()


def test_reported_victim_age_is_not_in_clear(personas) -> None:
    report = make_report(victim_age=13)
    raw = _raw("SELECT victim_age FROM cases_report WHERE id = %s", report.pk)
    assert raw.startswith("enc1:") and raw != "13"
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.victim_age == 13
    assert fresh.victim_age_group == "13-17"
