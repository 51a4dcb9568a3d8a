"""Adding a person to a case: the role first, then only that role's fields; a NIK that is
already someone's is said, and that person can be linked instead of recorded twice
(issue #17, items 11 and 21)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from payung.audit.models import AccessLog
from payung.cases import services
from payung.cases.choices import PartyRole
from payung.cases.models import CaseParty, Person
from tests.accounts.conftest import signed_in
from tests.cases.casework import NIK_WOMAN, open_case

pytestmark = pytest.mark.django_db

SAME_NIK = "3575 0141 0190 0001"  # NIK_WOMAN as an officer may type it


def _url(case, query: str = "") -> str:
    return reverse("cases:party_add", args=[case.pk]) + (f"?{query}" if query else "")


def _field_names(body: str, case) -> set[str]:
    """Names of the inputs of the party form on the page (none when there is no form)."""
    start = body.find(f'action="{_url(case)}"')
    if start < 0:
        return set()
    form = body[start : body.index("</form>", start)]
    return set(re.findall(r'name="([a-z_]+)"', form)) - {"csrfmiddlewaretoken"}


# --- the role first -------------------------------------------------------------------------


def test_the_first_step_asks_only_for_the_role(personas) -> None:
    case = open_case(personas)
    response = signed_in(personas.case_manager).get(_url(case))
    assert response.status_code == 200
    body = response.content.decode()
    for query in (
        "peran=korban",
        "peran=pelaku&amp;jenis=perorangan",
        "peran=pelaku&amp;jenis=kelompok",
        "peran=pelaku&amp;jenis=korporasi",
        "peran=pelapor",
        "peran=pelapor&amp;jenis=anonim",
        "peran=wali",
        "peran=saksi",
    ):
        assert f'href="?{query}"' in body
    assert _field_names(body, case) == set()  # links, no form yet


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        (
            "peran=korban",
            {"name", "nik", "education", "disability", "religion"},
            {"relationship", "group_size", "organisation_name", "guardian_for", "anonymous"},
        ),
        (
            "peran=pelaku",
            {"name", "nik", "education", "relationship"},
            {"group_size", "organisation_name", "guardian_for", "guardian_relation"},
        ),
        (
            "peran=pelaku&jenis=kelompok",
            {"group_size", "relationship"},
            {"name", "nik", "organisation_name", "education", "guardian_for"},
        ),
        (
            "peran=pelaku&jenis=korporasi",
            {"organisation_name", "relationship"},
            {"name", "nik", "group_size", "education"},
        ),
        (
            "peran=pelapor&jenis=anonim",
            {"relationship"},
            {"name", "nik", "phone", "education", "group_size"},
        ),
        (
            "peran=wali",
            {"name", "phone", "guardian_for", "guardian_relation"},
            {"education", "occupation", "religion", "kk", "group_size", "relationship"},
        ),
        (
            "peran=saksi",
            {"name", "phone", "relationship"},
            {"education", "marital_status", "kk", "guardian_for", "group_size"},
        ),
    ],
)
def test_the_second_step_shows_only_that_roles_fields(personas, query, shown, hidden) -> None:
    case = open_case(personas)
    body = signed_in(personas.case_manager).get(_url(case, query)).content.decode()
    names = _field_names(body, case)
    assert names
    assert shown <= names, shown - names
    assert not hidden & names, hidden & names
    assert {"role", "kind"} <= names  # the role travels with the form, as hidden fields


def test_a_group_perpetrator_and_an_anonymous_reporter_are_added_without_a_person(
    personas,
) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = client.post(
        _url(case),
        {"role": "pelaku", "kind": "kelompok", "group_size": "3", "relationship": "tetangga"},
    )
    assert response.status_code == 302
    group = case.parties.get(role=PartyRole.PERPETRATOR)
    assert (group.perpetrator_kind, group.group_size, group.person) == ("kelompok", 3, None)
    response = client.post(_url(case), {"role": "pelapor", "kind": "anonim"})
    assert response.status_code == 302
    assert case.parties.filter(role=PartyRole.REPORTER, anonymous=True, person=None).exists()


def test_a_group_without_its_size_is_asked_again(personas) -> None:
    case = open_case(personas)
    response = signed_in(personas.case_manager).post(
        _url(case), {"role": "pelaku", "kind": "kelompok"}
    )
    assert response.status_code == 400
    assert not case.parties.filter(role=PartyRole.PERPETRATOR).exists()


def test_an_unknown_role_goes_back_to_the_first_step(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    assert 'href="?peran=korban"' in client.get(_url(case, "peran=raja")).content.decode()
    response = client.post(_url(case), {"role": "raja", "name": "X"})
    assert response.status_code == 400
    assert 'href="?peran=korban"' in response.content.decode()


# --- a NIK that is already someone's --------------------------------------------------------


def _with_nik_victim(personas, owner) -> tuple[object, Person]:
    case = open_case(personas, owner=owner, actor=owner)
    party = services.party_add(
        actor=owner,
        case=case,
        role=PartyRole.VICTIM,
        person=services.PersonInput(name="Anggrek Contohwati", alias="Anggrek", nik=NIK_WOMAN),
    ).party
    assert party.person is not None
    return case, party.person


def _witness(nik: str = SAME_NIK, **extra: str) -> dict[str, str]:
    return {
        "role": "saksi",
        "kind": "",
        "name": "Anggrek C.",
        "sex": "p",
        "nik": nik,
        **extra,
    }


def test_a_known_nik_is_said_and_linking_makes_no_second_person(personas) -> None:
    earlier, person = _with_nik_victim(personas, personas.case_manager)
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    people = Person.objects.count()
    response = client.post(_url(case), _witness())
    assert response.status_code == 200
    body = response.content.decode()
    assert "NIK ini sudah tercatat" in body
    assert earlier.number in body and "Anggrek" in body
    assert f'value="{person.pk}"' in body and 'value="baru"' in body
    assert not case.parties.filter(role=PartyRole.WITNESS).exists()  # nothing saved yet
    assert AccessLog.objects.filter(purpose="case.person.nik_match", actor=personas.case_manager)

    response = client.post(_url(case), _witness(existing=str(person.pk)))
    assert response.status_code == 302
    assert Person.objects.count() == people
    witness = case.parties.get(role=PartyRole.WITNESS)
    assert witness.person_id == person.pk
    assert CaseParty.objects.filter(person=person).count() == 2


def test_choosing_a_new_record_makes_one_with_a_warning(personas) -> None:
    _with_nik_victim(personas, personas.case_manager)
    case = open_case(personas)
    people = Person.objects.count()
    response = signed_in(personas.case_manager).post(
        _url(case), _witness(existing="baru"), follow=True
    )
    assert response.status_code == 200
    assert Person.objects.count() == people + 1
    assert "NIK ini sudah tercatat pada orang lain" in response.content.decode()


def test_a_case_the_user_may_not_see_is_never_shown(personas) -> None:
    # Budi's case holds the NIK; Rina sees her own case with it, never Budi's.
    hidden, hidden_person = _with_nik_victim(personas, personas.case_manager2)
    mine, _mine_person = _with_nik_victim(personas, personas.case_manager)
    case = open_case(personas)
    body = signed_in(personas.case_manager).post(_url(case), _witness()).content.decode()
    assert mine.number in body
    assert hidden.number not in body
    assert f'value="{hidden_person.pk}"' not in body


def test_a_nik_known_only_from_unseen_cases_is_not_hinted_at(personas) -> None:
    hidden, _person = _with_nik_victim(personas, personas.case_manager2)
    case = open_case(personas)
    people = Person.objects.count()
    response = signed_in(personas.case_manager).post(_url(case), _witness(), follow=True)
    body = response.content.decode()
    assert "NIK ini sudah tercatat" not in body and hidden.number not in body
    assert Person.objects.count() == people + 1


def test_a_forged_choice_of_someone_unseen_is_refused(personas) -> None:
    _with_nik_victim(personas, personas.case_manager)
    _hidden, hidden_person = _with_nik_victim(personas, personas.case_manager2)
    case = open_case(personas)
    response = signed_in(personas.case_manager).post(
        _url(case), _witness(existing=str(hidden_person.pk))
    )
    assert response.status_code == 400
    assert not case.parties.filter(role=PartyRole.WITNESS).exists()


def test_the_service_links_only_people_the_actor_may_see(personas) -> None:
    _hidden, hidden_person = _with_nik_victim(personas, personas.case_manager2)
    case = open_case(personas)
    with pytest.raises(PermissionDenied):
        services.party_add(
            actor=personas.case_manager,
            case=case,
            role=PartyRole.WITNESS,
            existing_person=hidden_person,
        )
    assert not case.parties.filter(role=PartyRole.WITNESS).exists()


def test_the_same_person_is_not_linked_twice_in_one_role(personas) -> None:
    case, person = _with_nik_victim(personas, personas.case_manager)
    response = signed_in(personas.case_manager).post(
        _url(case),
        {
            "role": "korban",
            "kind": "",
            "name": "Anggrek",
            "sex": "p",
            "nik": SAME_NIK,
            "disability": "tidak_tahu",
            "existing": str(person.pk),
        },
    )
    assert response.status_code == 400
    assert "sudah tercatat dengan peran ini" in response.content.decode()
    assert case.parties.filter(person=person).count() == 1


def test_the_api_warns_after_a_duplicate_and_links_only_visible_people(personas) -> None:
    _earlier, person = _with_nik_victim(personas, personas.case_manager)
    _hidden, hidden_person = _with_nik_victim(personas, personas.case_manager2)
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    url = f"/api/v1/cases/{case.pk}/people"
    created = client.post(
        url,
        {"role": "saksi", "person": {"name": "Anggrek C.", "sex": "p", "nik": NIK_WOMAN}},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert any("sudah tercatat pada orang lain" in w for w in created.json()["warnings"])
    people = Person.objects.count()
    linked = client.post(
        url, {"role": "pelapor", "existing_person": person.pk}, content_type="application/json"
    )
    assert linked.status_code == 201, linked.content
    assert case.parties.filter(role=PartyRole.REPORTER, person=person).exists()
    refused = client.post(
        url, {"role": "wali", "existing_person": hidden_person.pk}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert Person.objects.count() == people
