"""The organisation scope other apps build on (``payung.partners.policies``):
``organisation_of`` and the queryset filter for "only referrals to their organisation"."""

from __future__ import annotations

import pytest

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.care.models import Stay
from payung.care.policies import (
    shelters_visible_to,
    stays_visible_to,
)
from payung.partners.models import Organisation
from payung.partners.policies import for_own_organisation, organisation_of, organisation_scope_q
from tests.care.factories import make_case, make_organisation, make_shelter, make_stay, make_user

pytestmark = pytest.mark.django_db


def test_provider_and_shelter_staff_belong_to_their_organisation(personas) -> None:
    assert organisation_of(personas.provider) == personas.provider.organisation
    assert organisation_of(personas.shelter) == personas.shelter.organisation
    assert personas.provider.organisation is not None
    assert personas.provider.organisation.name == "RSUD Uji"


@pytest.mark.parametrize(
    "persona", ["case_manager", "supervisor", "sysadmin", "ppt_gentong", "analyst"]
)
def test_other_roles_have_no_organisation(personas, persona) -> None:
    assert organisation_of(getattr(personas, persona)) is None


def test_anonymous_has_no_organisation() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert organisation_of(AnonymousUser()) is None


def test_staff_of_a_deactivated_organisation_lose_their_scope(personas) -> None:
    Organisation.objects.filter(pk=personas.provider.organisation_id).update(is_active=False)
    provider = User.objects.get(pk=personas.provider.pk)
    assert organisation_of(provider) is None
    assert not Organisation.objects.filter(organisation_scope_q(provider, "pk")).exists()


def test_a_deactivated_account_has_no_organisation_scope(personas) -> None:
    personas.provider.is_active = False
    assert organisation_of(personas.provider) is None


def test_scope_filter_keeps_only_rows_of_the_users_organisation(personas) -> None:
    # Stays stand in for referrals here: any model with a foreign key to Organisation works.
    own = personas.shelter.organisation.shelter
    other = make_shelter("Rumah Aman Lain", address="x")
    case = make_case(personas.case_manager)
    mine = make_stay(own, case, alias="A")
    make_stay(other, case, alias="B")

    rows = Stay.objects.filter(organisation_scope_q(personas.shelter, "shelter__organisation"))
    assert list(rows) == [mine]
    assert list(
        for_own_organisation(personas.shelter, Stay.objects.all(), "shelter__organisation")
    ) == [mine]


def test_scope_filter_matches_nothing_for_roles_without_an_organisation(personas) -> None:
    make_stay(personas.shelter.organisation.shelter, make_case(personas.case_manager))
    for user in (personas.case_manager, personas.supervisor, personas.sysadmin):
        assert not Stay.objects.filter(organisation_scope_q(user, "shelter__organisation")).exists()
        assert not for_own_organisation(user, Stay.objects.all(), "shelter__organisation").exists()


def test_provider_colleagues_share_the_scope_and_others_do_not(personas) -> None:
    colleague = make_user(
        username="dewi_rsud", role=Role.PROVIDER_STAFF, organisation=personas.provider.organisation
    )
    elsewhere = make_user(
        username="eko_lbh",
        role=Role.PROVIDER_STAFF,
        organisation=make_organisation("LBH Uji", kind="lbh"),
    )
    orgs = Organisation.objects.all()
    assert list(orgs.filter(organisation_scope_q(colleague, "pk"))) == [
        personas.provider.organisation
    ]
    assert list(orgs.filter(organisation_scope_q(elsewhere, "pk"))) == [elsewhere.organisation]


def test_provider_staff_see_no_shelters_or_stays(personas) -> None:
    make_stay(personas.shelter.organisation.shelter, make_case(personas.case_manager))
    assert not shelters_visible_to(personas.provider).exists()
    assert not stays_visible_to(personas.provider).exists()
