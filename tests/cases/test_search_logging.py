"""Case searches and the lists that show names are logged by kind of query, result count
and the ids shown — never the text searched (issue #14)."""

from __future__ import annotations

import pytest

from payung.audit.models import AccessLog
from payung.cases import services
from tests.accounts.conftest import signed_in
from tests.cases.casework import NIK_WOMAN, open_case, victim_of

pytestmark = pytest.mark.django_db


def test_a_search_by_nik_logs_its_kind_count_and_cases_but_not_the_nik(personas) -> None:
    case = open_case(personas)
    open_case(personas, victim_name="Orang Lain")
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=victim_of(case),
        version=None,
        data=services.PersonInput(name="Mawar Contohsari", nik=NIK_WOMAN, sex="p"),
    )
    client = signed_in(personas.supervisor)
    response = client.get("/kasus/", {"q": NIK_WOMAN})
    assert response.status_code == 200 and case.number in response.content.decode()
    rows = AccessLog.objects.filter(purpose="case.list", actor=personas.supervisor)
    assert rows.get(target_id="").target_label == "nik: 1 hasil"
    assert list(rows.exclude(target_id="").values_list("target_id", flat=True)) == [str(case.pk)]
    for row in rows:
        assert NIK_WOMAN not in f"{row.target_label} {row.path} {row.reason}"


def test_the_plain_list_logs_the_cases_it_shows(personas) -> None:
    cases = [open_case(personas) for _ in range(2)]
    signed_in(personas.supervisor).get("/kasus/")
    rows = AccessLog.objects.filter(purpose="case.list")
    assert rows.get(target_id="").target_label == "list: 2 hasil"
    assert {int(r.target_id) for r in rows.exclude(target_id="")} == {c.pk for c in cases}
