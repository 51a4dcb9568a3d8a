"""Notes (confidential ones too) and the one timeline of the case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from payung.cases import selectors, services
from tests.accounts.conftest import signed_in
from tests.cases.casework import open_case, run_to_services

pytestmark = pytest.mark.django_db


def test_a_confidential_note_is_read_by_its_author_and_supervisors_only(personas) -> None:
    case = open_case(personas)
    services.case_team_add(actor=personas.supervisor, case=case, member=personas.case_manager2)
    services.note_add(
        actor=personas.case_manager, case=case, body="Rahasia: korban hamil", confidential=True
    )
    services.note_add(actor=personas.case_manager, case=case, body="Catatan biasa")
    url = reverse("cases:case_detail", args=[case.pk])
    for user, sees in (
        (personas.case_manager, True),
        (personas.supervisor, True),
        (personas.case_manager2, False),
        (personas.ppt_gentong, False),
    ):
        body = signed_in(user).get(url).content.decode()
        assert ("Rahasia: korban hamil" in body) is sees, user.username
        assert "Catatan biasa" in body


def test_the_timeline_gathers_everything_including_who_else_viewed(personas) -> None:
    case = run_to_services(open_case(personas), personas.case_manager)
    services.note_add(actor=personas.case_manager, case=case, body="x")
    services.case_assign(actor=personas.supervisor, case=case, owner=personas.case_manager2)
    signed_in(personas.ppt_gentong).get(reverse("cases:case_detail", args=[case.pk]))
    record = selectors.case_record(personas.supervisor, case)
    kinds = {e.kind for e in selectors.case_timeline(personas.supervisor, record)}
    assert {"open", "status", "report", "note", "assessment", "change", "view"} <= kinds
    body = signed_in(personas.supervisor).get(reverse("cases:case_detail", args=[case.pk]))
    text = body.content.decode()
    assert "Dibuka" in text and personas.ppt_gentong.get_full_name() in text
    assert "Manajer kasus diganti" in text


def test_economic_empowerment_needs_for_perkasa(personas) -> None:
    from tests.cases.casework import assess

    case = open_case(personas)
    assess(case, personas.case_manager, economic=True)
    found = list(selectors.economic_empowerment_needs(personas.supervisor))
    assert [a.case_id for a in found] == [case.pk]
    assess(case, personas.case_manager, economic=False)
    assert list(selectors.economic_empowerment_needs(personas.supervisor)) == []
