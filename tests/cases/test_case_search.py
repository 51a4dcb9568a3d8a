"""Finding cases by number, name (case, accents and spacing ignored), NIK and phone — all
through blind indexes, never plaintext in SQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from payung.cases import policies, selectors, services
from payung.cases.models import Case
from tests.cases.casework import NIK_WOMAN, PHONE, open_case, victim_of

pytestmark = pytest.mark.django_db


def _numbers(user, **filters) -> list[str]:
    return [c.number for c in selectors.case_list(user, selectors.CaseFilters(**filters))]


def test_names_match_ignoring_case_accents_spacing_and_honorifics(personas) -> None:
    case = open_case(personas, victim_name="Siti Aminah")
    open_case(personas, victim_name="Sitti Rahma")
    user = personas.supervisor
    for query in (
        "siti aminah",
        "  SITI   AMINAH ",
        "Sïti Âminah",
        "Bu Siti Aminah",
        "sitiaminah",
        "aminah",
    ):
        assert _numbers(user, q=query) == [case.number], query
    assert _numbers(user, q="Aminah Sitti") == []


def test_nik_and_phone_find_the_person(personas) -> None:
    case = open_case(personas)
    open_case(personas, victim_name="Orang Lain", reporter_phone="085700001111")
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=victim_of(case),
        version=None,
        data=services.PersonInput(name="Mawar Contohsari", nik=NIK_WOMAN, phone=PHONE, sex="p"),
    )
    user = personas.supervisor
    assert _numbers(user, q="3575 0141 0190 0001") == [case.number]
    assert _numbers(user, q="+62 812-3456-7890") == [case.number]


def test_filters_combine(personas) -> None:
    old = open_case(personas, violence_forms=["seksual"])
    new = open_case(personas, violence_forms=["fisik"])
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    user = personas.supervisor
    assert _numbers(user, violence_form="seksual") == [old.number]
    assert _numbers(user, opened_from=timezone.localdate() - timedelta(days=1)) == [new.number]
    assert set(_numbers(user, kelurahan="35.75.01.1002")) == {old.number, new.number}
    assert _numbers(user, kelurahan="35.75.04.1010") == []
    assert _numbers(user, status="asesmen") == []
    item = new.deadlines.filter(state="terbuka").first()
    type(item).objects.filter(pk=item.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert _numbers(user, overdue=True) == [new.number]
    assert _numbers(personas.case_manager2, mine=True) == []


def test_a_stale_status_move_is_a_conflict(personas) -> None:
    case = open_case(personas)
    seen = case.version
    services.case_transition(actor=personas.supervisor, case=case, to="asesmen")
    with pytest.raises(services.EditConflict) as exc:
        services.case_transition(actor=personas.case_manager, case=case, to="rencana", version=seen)
    assert exc.value.changes[0].after == "Asesmen"


def test_a_region_finds_by_its_name_rows_what_the_name_finds(personas) -> None:
    siti = open_case(personas, victim_name="Siti Aminah")
    rahma = open_case(personas, victim_name="Sitti Rahma Aminah")
    open_case(personas, victim_name="Orang Lain")
    queries = ("siti aminah", "SITIAMINAH", "aminah", "rahma aminah", "aminah sitti", "zzz", "-")
    for user in (personas.supervisor, personas.case_manager, personas.ppt_gentong):
        for query in queries:
            by_name = set(
                policies.visible_cases(user, Case.objects)
                .filter(selectors.search_q(query))
                .values_list("number", flat=True)
            )
            assert set(_numbers(user, q=query)) == by_name, (user.username, query)
    assert set(_numbers(personas.supervisor, q="aminah")) == {siti.number, rahma.number}


def test_every_list_finds_a_name(personas) -> None:
    from payung.cases.selectors import case_lists

    case = open_case(personas, victim_name="Siti Aminah")
    for user in (personas.case_manager, personas.supervisor):
        assert case_lists._region_name_q(user, "siti aminah") is not None
        assert case_lists._region_name_q(user, "0042") is None  # a number, not a name
        assert _numbers(user, q="siti aminah") == [case.number]
        assert _numbers(user, q="Siti Aminah", everyday=True) == [case.number]
    assert _numbers(personas.case_manager, q="Siti Aminah", mine=True) == [case.number]
