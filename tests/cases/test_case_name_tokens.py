"""A busy region's name search reads the region's own name rows (``CaseNameToken``), and
those rows follow every change to a case's people, their names and the case's region."""

from __future__ import annotations

import base64
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from payung.cases import policies, selectors, services
from payung.cases.choices import PartyRole
from payung.cases.models import Case, CaseNameToken, CaseParty
from payung.cases.selectors import case_lists
from payung.identity import names
from tests.cases.casework import add_perpetrator, open_case, victim_of

pytestmark = pytest.mark.django_db

QUERIES = (
    "siti aminah",
    "SITIAMINAH",
    "aminah",
    "rahma aminah",
    "aminah sitti",
    "la rasmi",
    "larasmi",
    "rasmi",
    "Bu Siti",
    "zzz",
)


def _expected_rows() -> set[tuple[int, str, str]]:
    """The rows every case should have, computed from scratch from its people."""
    rows = set()
    for party in CaseParty.objects.filter(person__isnull=False).select_related("person", "case"):
        person = party.person
        tokens = names.word_tokens(person.name, person.alias)
        if person.name_index:
            tokens.add(person.name_index)
        rows.update((party.case_id, party.case.region_code, t) for t in tokens)
    return rows


def _stored_rows() -> set[tuple[int, str, str]]:
    return set(CaseNameToken.objects.values_list("case_id", "region_code", "token"))


def _numbers(user, q: str) -> set[str]:
    return {c.number for c in selectors.case_list(user, selectors.CaseFilters(q=q))}


def test_a_region_finds_by_its_name_rows_what_the_name_finds(personas) -> None:
    siti = open_case(personas, victim_name="Siti Aminah")
    rahma = open_case(personas, victim_name="Sitti Rahma Aminah")
    larasmi = open_case(personas, victim_name="Larasmi")
    la_rasmi = open_case(personas, victim_name="La Rasmi")
    add_perpetrator(siti, personas.case_manager, name="Aminah Perpetrator")
    open_case(personas, victim_name="Orang Lain")
    user = personas.supervisor
    assert case_lists._region_name_q(user, "aminah") is not None
    for query in QUERIES:
        by_name = set(
            policies.visible_cases(user, Case.objects)
            .filter(selectors.search_q(query))
            .values_list("number", flat=True)
        )
        assert _numbers(user, query) == by_name, query
    assert _numbers(user, "aminah") == {siti.number, rahma.number}
    # The whole folded name finds both spellings; the words only the two-word one.
    assert _numbers(user, "larasmi") == {larasmi.number, la_rasmi.number}
    assert _numbers(user, "rasmi") == {la_rasmi.number}
    # Another region's rows are not read: a supervisor elsewhere finds nothing.
    CaseNameToken.objects.filter(case=siti).update(region_code="35.73.01.1001")
    assert siti.number not in _numbers(user, "siti aminah")


def test_the_rows_follow_people_names_and_the_cases_region(personas) -> None:
    first = open_case(personas, victim_name="Siti Aminah")
    second = open_case(personas, victim_name="Orang Lain")
    assert _stored_rows() == _expected_rows()
    # A perpetrator added, a person renamed, the same person in a second case.
    add_perpetrator(first, personas.case_manager, name="Bejo Contoh")
    victim = victim_of(first)
    services.party_add(
        actor=personas.case_manager,
        case=second,
        role=PartyRole.WITNESS,
        existing_person=victim.person,
    )
    services.person_update(
        actor=personas.case_manager,
        case=first,
        party=victim,
        version=None,
        data=services.PersonInput(name="Mawar Contohsari", alias="Bunga", sex="p"),
    )
    assert _stored_rows() == _expected_rows()
    user = personas.supervisor
    assert _numbers(user, "mawar") == {first.number, second.number}
    assert _numbers(user, "bunga") == {first.number, second.number}
    assert _numbers(user, "siti aminah") == set()
    # The case moves to the PPT of its kelurahan: its rows carry the new region.
    moved = services.case_transfer(actor=personas.supervisor, case=first, unit="ppt")
    assert set(CaseNameToken.objects.filter(case=first).values_list("region_code", flat=True)) == {
        moved.region_code
    }
    assert _stored_rows() == _expected_rows()
    assert CaseNameToken.objects.count() == len(_stored_rows())  # no row twice


def test_a_new_blind_index_key_rewrites_the_rows(personas) -> None:
    case = open_case(personas, victim_name="Siti Aminah")
    before = _stored_rows()
    new_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with override_settings(BLIND_INDEX_KEY=new_key):
        call_command("rebuild_blind_indexes", stdout=StringIO())
        after = _stored_rows()
        assert after == _expected_rows()
        assert {t for _c, _r, t in after}.isdisjoint({t for _c, _r, t in before})
        assert _numbers(personas.supervisor, "aminah") == {case.number}


def test_the_migration_fills_the_rows_of_cases_already_stored(personas) -> None:
    import importlib

    from django.db import connection

    migration = importlib.import_module("payung.cases.migrations.0023_case_name_token")
    open_case(personas, victim_name="Siti Aminah")
    expected = _expected_rows()
    CaseNameToken.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert _stored_rows() == expected
