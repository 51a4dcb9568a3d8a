"""Finding cases by number, name (case, accents and spacing ignored), NIK and phone — all
through blind indexes, never plaintext in SQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from payung.cases import selectors, services
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


def test_a_name_is_found_the_same_from_the_scope_and_from_the_name(personas) -> None:
    siti = open_case(personas, victim_name="Siti Aminah")
    rahma = open_case(personas, victim_name="Sitti Rahma Aminah")
    open_case(personas, victim_name="Orang Lain")
    queries = ("siti aminah", "SITIAMINAH", "aminah", "rahma aminah", "aminah sitti", "zzz", "-")
    for query in queries:
        by_name = set(Case.objects.filter(selectors.search_q(query)).values_list("pk", flat=True))
        by_scope = set(
            Case.objects.filter(selectors.search_q(query, from_scope=True)).values_list(
                "pk", flat=True
            )
        )
        assert by_name == by_scope, query
    assert set(
        Case.objects.filter(selectors.search_q("aminah", from_scope=True)).values_list(
            "pk", flat=True
        )
    ) == {siti.pk, rahma.pk}


def test_each_list_looks_a_name_up_the_cheaper_way(personas, monkeypatch) -> None:
    from payung.cases.selectors import case_lists

    case = open_case(personas, victim_name="Siti Aminah")
    name = selectors.CaseFilters(q="siti aminah", everyday=True)
    assert case_lists._name_search_from_scope(personas.case_manager, name) == "own"
    assert case_lists._name_search_from_scope(personas.supervisor, name) == "region"
    assert (
        case_lists._name_search_from_scope(personas.supervisor, selectors.CaseFilters(q="0042"))
        is None
    )
    # A region with more cases than the cap looks the name up from its side.
    monkeypatch.setattr(case_lists, "NAME_SEARCH_SCOPE_CASES", 0)
    assert case_lists._name_search_from_scope(personas.supervisor, name) is None
    # Each way finds the case for the people who may see it.
    for user in (personas.case_manager, personas.supervisor):
        assert _numbers(user, q="siti aminah") == [case.number]
    monkeypatch.setattr(case_lists, "NAME_SEARCH_SCOPE_CASES", 5000)
    for user in (personas.case_manager, personas.supervisor):
        assert _numbers(user, q="Siti Aminah", everyday=True) == [case.number]
