"""Provider and shelter staff belong to exactly one organisation: the model, the account
services and the admin's user form all hold to it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.accounts.services import user_create, user_update
from payung.audit.models import AuditEvent
from tests.accounts.conftest import signed_in
from tests.care.factories import make_organisation
from tests.factories import CITY, region

pytestmark = pytest.mark.django_db

CREATE = "/akun/pengguna/baru/"


def _create_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": "dewi_rsud",
        "first_name": "Dewi",
        "last_name": "Contoh",
        "email": "dewi@test.payung.invalid",
        "role": Role.PROVIDER_STAFF,
        "region": region(CITY).pk,
        "is_active": "on",
        "password1": "payung-awal-yang-kuat-5",
        "password2": "payung-awal-yang-kuat-5",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_provider_staff_without_an_organisation_are_refused(personas) -> None:
    with pytest.raises(ValidationError) as refused:
        user_create(
            actor=personas.sysadmin,
            username="tanpa_lembaga",
            password="payung-awal-yang-kuat-5",
            role=Role.PROVIDER_STAFF,
            region=region(CITY),
        )
    assert "wajib terhubung ke satu lembaga" in str(refused.value.message_dict["organisation"])
    assert not User.objects.filter(username="tanpa_lembaga").exists()


def test_shelter_staff_must_belong_to_a_shelter(personas) -> None:
    with pytest.raises(ValidationError, match="lembaga rumah aman"):
        user_create(
            actor=personas.sysadmin,
            username="salah_lembaga",
            password="payung-awal-yang-kuat-5",
            role=Role.SHELTER_STAFF,
            region=region(CITY),
            organisation=personas.provider.organisation,
        )


def test_other_roles_cannot_belong_to_an_organisation(personas) -> None:
    with pytest.raises(ValidationError, match="Kosongkan lembaga"):
        user_update(
            actor=personas.sysadmin,
            user=personas.case_manager,
            organisation_id=personas.provider.organisation_id,
        )


def test_admin_creates_provider_staff_for_an_organisation(personas) -> None:
    hospital = personas.provider.organisation
    response = signed_in(personas.sysadmin).post(CREATE, _create_data(organisation=hospital.pk))
    assert response.status_code == 302
    user = User.objects.get(username="dewi_rsud")
    assert user.organisation == hospital
    event = AuditEvent.objects.get(action="user.create", target_id=str(user.pk))
    assert event.changes["organisation_id"] == [None, hospital.pk]


def test_user_form_shows_the_organisation_error_on_its_field(personas) -> None:
    response = signed_in(personas.sysadmin).post(CREATE, _create_data())
    assert response.status_code == 200
    form = response.context["form"]
    assert "wajib terhubung ke satu lembaga" in str(form.errors["organisation"])


def test_user_form_offers_active_organisations_of_the_admins_scope(personas) -> None:
    make_organisation("Puskesmas Tutup", kind="puskesmas", is_active=False)
    make_organisation("RS Provinsi Uji", region_code="35")
    body = signed_in(personas.sysadmin).get(CREATE).content.decode()
    assert "RSUD Uji" in body and "Rumah Aman Uji" in body
    assert "Puskesmas Tutup" not in body and "RS Provinsi Uji" not in body


def test_admin_moves_provider_staff_to_another_organisation(personas) -> None:
    lbh = make_organisation("LBH Uji", kind="lbh")
    user_update(actor=personas.sysadmin, user=personas.provider, organisation_id=lbh.pk)
    personas.provider.refresh_from_db()
    assert personas.provider.organisation == lbh


def test_changing_a_providers_role_needs_the_organisation_cleared(personas) -> None:
    client = signed_in(personas.sysadmin)
    target = personas.provider
    data = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": Role.CASE_MANAGER,
        "region": target.region_id,
        "organisation": target.organisation_id,
        "is_active": "on",
    }
    refused = client.post(f"/akun/pengguna/{target.pk}/", data)
    assert "Kosongkan lembaga" in refused.content.decode()
    data["organisation"] = ""
    assert client.post(f"/akun/pengguna/{target.pk}/", data).status_code == 302
    target.refresh_from_db()
    assert (target.role, target.organisation_id) == (Role.CASE_MANAGER, None)


def test_an_admin_cannot_attach_staff_to_an_organisation_outside_their_scope(personas) -> None:
    provincial = make_organisation("RS Provinsi Uji", region_code="35")
    with pytest.raises(PermissionDenied):
        user_update(actor=personas.sysadmin, user=personas.provider, organisation_id=provincial.pk)
