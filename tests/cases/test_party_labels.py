"""Pickers tell parties apart: role and number, alias, sex and age (issue #17, item 22)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from payung.cases import services
from payung.cases.choices import PartyRole
from payung.cases.forms import party_choices
from tests.accounts.conftest import signed_in
from tests.cases.casework import open_case

pytestmark = pytest.mark.django_db


def _add_child(case, actor, alias: str, sex: str, age: int):
    return services.party_add(
        actor=actor,
        case=case,
        role=PartyRole.VICTIM,
        person=services.PersonInput(alias=alias, sex=sex, age_estimate=age),
    ).party


def test_two_children_with_one_alias_are_told_apart_in_the_incident_picker(personas) -> None:
    case = open_case(personas)  # victim #1 comes from the report
    _add_child(case, personas.case_manager, "Bunga", "p", 9)
    _add_child(case, personas.case_manager, "Bunga", "l", 6)
    body = (
        signed_in(personas.case_manager)
        .get(reverse("cases:incident_add", args=[case.pk]))
        .content.decode()
    )
    assert "Korban #2 · Bunga · P · 9 th" in body
    assert "Korban #3 · Bunga · L · 6 th" in body
    assert "Korban: Bunga" not in body


def test_numbers_count_within_a_role_and_leave_out_what_is_unknown(personas) -> None:
    case = open_case(personas)
    services.party_add(
        actor=personas.case_manager,
        case=case,
        role=PartyRole.PERPETRATOR,
        perpetrator_kind="kelompok",
        group_size=4,
    )
    services.party_add(
        actor=personas.case_manager,
        case=case,
        role=PartyRole.PERPETRATOR,
        person=services.PersonInput(alias="Pak X"),
    )
    parties = list(case.parties.select_related("person"))
    labels = [label for _pk, label in party_choices(parties, (PartyRole.PERPETRATOR,))]
    assert labels == ["Pelaku #1 · Kelompok (4 orang)", "Pelaku #2 · Pak X"]
