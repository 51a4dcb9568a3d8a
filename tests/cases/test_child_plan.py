"""Children (issue #14 §5): the plan is agreed by that child's guardian after the child's
views and a best-interests note; an alias is required and shown; consent at 18."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from payung.cases import services
from payung.cases.choices import ConsentPurpose, PartyRole
from payung.cases.consent import consent_allows
from tests.accounts.conftest import signed_in
from tests.cases.casework import CHILD_VICTIM, add_guardian, open_case, victim_of

pytestmark = pytest.mark.django_db


def _plan(personas, case, agreed_by, **extra):
    return services.plan_save(
        actor=personas.case_manager,
        case=case,
        version=None,
        goals="Aman",
        agreed=True,
        agreed_on=timezone.localdate(),
        agreed_by=agreed_by,
        **extra,
    )


def test_a_childs_plan_is_agreed_by_that_childs_guardian_with_views_and_best_interests(
    personas,
) -> None:
    case = open_case(personas, child=True)
    child = victim_of(case)
    adult = services.party_add(
        actor=personas.case_manager,
        case=case,
        role=PartyRole.VICTIM,
        person=services.PersonInput(name="Ibu Contohdewasa", sex="p", age_estimate=35),
    ).party
    adults_guardian = add_guardian(case, personas.case_manager, adult)
    with pytest.raises(ValidationError) as exc:
        _plan(personas, case, adults_guardian, child_views="x", best_interests="y")
    assert "wali anak itu" in str(exc.value)
    guardian = add_guardian(case, personas.case_manager, child)
    with pytest.raises(ValidationError) as exc:
        _plan(personas, case, guardian)
    assert {"child_views", "best_interests"} <= set(exc.value.message_dict)
    plan = _plan(
        personas,
        case,
        guardian,
        child_views="Ingin tetap tinggal bersama nenek.",
        best_interests="Tinggal bersama nenek menjauhkan anak dari pelaku.",
    )
    assert plan.agreed_by == guardian
    assert plan.child_views == "Ingin tetap tinggal bersama nenek."


def test_a_child_victim_needs_an_alias_and_lists_show_it_not_the_name(personas) -> None:
    case = open_case(personas, child=True)
    seeded = victim_of(case).person
    assert seeded.alias and seeded.alias != CHILD_VICTIM
    assert CHILD_VICTIM not in signed_in(personas.supervisor).get("/kasus/").content.decode()
    with pytest.raises(ValidationError) as exc:
        services.party_add(
            actor=personas.case_manager,
            case=case,
            role=PartyRole.VICTIM,
            person=services.PersonInput(name="Adik Contohkecil", sex="l", age_estimate=8),
        )
    assert "alias" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.person_update(
            actor=personas.case_manager,
            case=case,
            party=victim_of(case),
            version=None,
            data=services.PersonInput(name=CHILD_VICTIM, sex="p", age_estimate=12),
        )


def test_a_guardians_consent_lapses_when_the_child_turns_18(personas) -> None:
    case = open_case(personas, child=True)
    child = victim_of(case)
    today = timezone.localdate()
    born = date(today.year - 18, today.month, 1) - timedelta(days=40)  # turned 18 lately
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=child,
        version=None,
        data=services.PersonInput(name=CHILD_VICTIM, alias="Melati", sex="p", birth_date=born),
    )
    child = victim_of(case)  # reloaded: now an adult
    person = child.person
    assert not person.is_child
    guardian = add_guardian(case, personas.case_manager, child)
    consent = services.consent_record(
        actor=personas.case_manager,
        case=case,
        subject=child,
        given_by=guardian,
        purpose=ConsentPurpose.PROCESSING,
        method="lisan",
        given_on=person.adult_since() - timedelta(days=10),  # while still a child
    )
    assert consent.pk
    assert not consent_allows(case, person, ConsentPurpose.PROCESSING)
    services.consent_record(
        actor=personas.case_manager,
        case=case,
        subject=child,
        given_by=child,
        purpose=ConsentPurpose.PROCESSING,
        method="lisan",
        given_on=today,
    )
    assert consent_allows(case, person, ConsentPurpose.PROCESSING)
