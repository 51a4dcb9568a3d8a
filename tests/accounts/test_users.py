"""User management by the system admin: list, create, edit, 2FA reset and unlock."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.audit.models import AuditEvent
from tests.accounts.conftest import confirmed_device, signed_in
from tests.conftest import PASSWORD
from tests.factories import GENTONG, UserFactory, region

LIST = "/akun/pengguna/"
CREATE = "/akun/pengguna/baru/"
GADINGREJO = "35.75.01"  # the kecamatan of Gentong; Bugul Lor is in another kecamatan


def edit_url(user: User) -> str:
    return f"/akun/pengguna/{user.pk}/"


@pytest.fixture
def district_admin(personas) -> User:
    """A system admin whose scope is one kecamatan: Gentong's users are in it, Bugul Lor's not."""
    return UserFactory(username="admin_gadingrejo", role=Role.SYSADMIN, region=region(GADINGREJO))


def _edit_data(user: User, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "role": user.role,
        "region": user.region_id,
        "on_duty": "on" if user.on_duty else "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def _create_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": "ani_ppt",
        "first_name": "Ani",
        "last_name": "Contoh",
        "email": "ani@test.payung.invalid",
        "role": Role.PPT_OFFICER,
        "region": region(GENTONG).pk,
        "is_active": "on",
    }
    data.update(overrides)
    return data


# --- list -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sysadmin_sees_the_user_list(personas) -> None:
    response = signed_in(personas.sysadmin).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    for username in ("rina_mk", "siti_ppt", "dina_ppt", "joko_admin"):
        assert f">{username}</a>" in body


@pytest.mark.django_db
def test_user_list_filters_by_role_and_status(personas) -> None:
    personas.case_manager2.is_active = False
    personas.case_manager2.save()
    client = signed_in(personas.sysadmin)
    body = client.get(LIST, {"role": Role.PPT_OFFICER}).content.decode()
    assert ">siti_ppt</a>" in body and ">dina_ppt</a>" in body
    assert ">rina_mk</a>" not in body
    body = client.get(LIST, {"role": Role.CASE_MANAGER, "active": "0"}).content.decode()
    assert ">budi_mk</a>" in body
    assert ">rina_mk</a>" not in body
    body = client.get(LIST, {"q": "hendra"}).content.decode()
    assert ">hendra_analis</a>" in body and ">rina_mk</a>" not in body


@pytest.mark.django_db
def test_user_list_shows_two_factor_state(personas) -> None:
    confirmed_device(personas.case_manager)
    page = signed_in(personas.sysadmin).get(LIST).context["page"]
    states = {u.username: u.has_two_factor for u in page.object_list}
    assert states["rina_mk"] is True
    assert states["budi_mk"] is False


@pytest.mark.django_db
def test_user_list_is_paginated_with_a_bounded_query_count(
    personas, django_assert_max_num_queries
) -> None:
    for i in range(30):
        UserFactory(username=f"staf{i:02d}", role=Role.OUTREACH_OFFICER)
    client = signed_in(personas.sysadmin)
    with django_assert_max_num_queries(12):
        first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    second = client.get(LIST, {"page": 2, "role": Role.OUTREACH_OFFICER})
    assert second.context["page"].number == 2
    # The filter survives in the pagination links.
    assert (
        "page=1" in second.content.decode() and "role=outreach_officer" in second.content.decode()
    )


@pytest.mark.django_db
def test_district_admin_sees_only_users_of_their_scope(personas, district_admin) -> None:
    body = signed_in(district_admin).get(LIST).content.decode()
    assert ">siti_ppt</a>" in body
    assert ">dina_ppt</a>" not in body
    assert ">rina_mk</a>" not in body  # city-level staff are outside a kecamatan scope


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["case_manager", "supervisor", "dpo", "analyst", "ppt_gentong"])
def test_other_roles_are_refused_user_management(personas, persona) -> None:
    client = signed_in(getattr(personas, persona))
    target = personas.ppt_gentong2
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(edit_url(target)).status_code == 403
    assert client.post(f"{edit_url(target)}reset-2fa/").status_code == 403
    assert client.post(f"{edit_url(target)}buka-kunci/").status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_for_user_management(personas) -> None:
    client = Client()
    target = personas.ppt_gentong2
    for url in (LIST, CREATE, edit_url(target)):
        assert client.get(url)["Location"].startswith("/akun/masuk/?next=")
    for url in (f"{edit_url(target)}reset-2fa/", f"{edit_url(target)}buka-kunci/"):
        assert client.post(url)["Location"].startswith("/akun/masuk/")


@pytest.mark.django_db
def test_user_management_refuses_wrong_methods(personas) -> None:
    client = signed_in(personas.sysadmin)
    target = personas.ppt_gentong2
    assert client.post(LIST).status_code == 405
    assert client.put(CREATE).status_code == 405
    assert client.put(edit_url(target)).status_code == 405
    assert client.get(f"{edit_url(target)}reset-2fa/").status_code == 405
    assert client.get(f"{edit_url(target)}buka-kunci/").status_code == 405


# --- create -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sysadmin_creates_a_ppt_officer_who_waits_for_a_second_approval(personas) -> None:
    client = signed_in(personas.sysadmin)
    # A password sent along (an old form, a crafted POST) is not used for anything.
    response = client.post(CREATE, _create_data(password1="payung-awal-yang-kuat-5", password2="x"))
    user = User.objects.get(username="ani_ppt")
    assert response["Location"] == edit_url(user)
    assert user.role == Role.PPT_OFFICER
    assert user.region.code == GENTONG
    assert user.is_active
    assert user.pending_approval
    assert not user.has_usable_password()
    event = AuditEvent.objects.get(action="user.create", target_id=str(user.pk))
    assert event.actor == personas.sysadmin
    assert event.changes["role"] == [None, Role.PPT_OFFICER]
    assert "menunggu persetujuan" in client.get(edit_url(user)).content.decode()


@pytest.mark.django_db
def test_the_create_form_has_no_password_field(personas) -> None:
    form = signed_in(personas.sysadmin).get(CREATE).context["form"]
    assert not {"password", "password1", "password2"} & set(form.fields)


@pytest.mark.django_db
def test_ppt_officer_must_be_placed_in_a_kelurahan(personas) -> None:
    client = signed_in(personas.sysadmin)
    response = client.post(CREATE, _create_data(region=region("35.75").pk))
    assert response.status_code == 200
    assert "Petugas PPT harus ditugaskan di satu kelurahan." in response.content.decode()
    assert not User.objects.filter(username="ani_ppt").exists()


@pytest.mark.django_db
def test_usernames_are_unique(personas) -> None:
    client = signed_in(personas.sysadmin)
    response = client.post(CREATE, _create_data(username="siti_ppt"))
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username="siti_ppt").count() == 1


@pytest.mark.django_db
def test_region_choices_are_limited_to_the_admins_scope(personas, district_admin) -> None:
    client = signed_in(district_admin)
    response = client.post(CREATE, _create_data(region=region("35.75.04.1010").pk))
    assert "region" in response.context["form"].errors
    assert not User.objects.filter(username="ani_ppt").exists()
    codes = {r.code for r in response.context["form"].fields["region"].queryset}
    assert GENTONG in codes and "35.75.04.1010" not in codes


# --- edit -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sysadmin_edits_role_region_and_duty(personas) -> None:
    target = personas.case_manager2
    client = signed_in(personas.sysadmin)
    response = client.post(
        edit_url(target),
        _edit_data(target, role=Role.PPT_OFFICER, region=region(GENTONG).pk, on_duty="on"),
    )
    assert response["Location"] == edit_url(target)
    target.refresh_from_db()
    assert (target.role, target.region.code, target.on_duty) == (Role.PPT_OFFICER, GENTONG, True)
    event = AuditEvent.objects.get(action="user.update", target_id=str(target.pk))
    assert event.changes["role"] == [Role.CASE_MANAGER, Role.PPT_OFFICER]
    assert event.changes["on_duty"] == [False, True]


@pytest.mark.django_db
def test_edit_page_shows_the_account(personas) -> None:
    response = signed_in(personas.sysadmin).get(edit_url(personas.ppt_gentong))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Akun siti_ppt" in body
    assert "0 percobaan masuk gagal tercatat." in body


@pytest.mark.django_db
def test_unchanged_form_writes_nothing(personas) -> None:
    target = personas.case_manager2
    signed_in(personas.sysadmin).post(edit_url(target), _edit_data(target))
    assert not AuditEvent.objects.filter(action="user.update").exists()


@pytest.mark.django_db
def test_sysadmin_deactivates_someone_else(personas) -> None:
    target = personas.case_manager2
    signed_in(personas.sysadmin).post(edit_url(target), _edit_data(target, is_active=""))
    target.refresh_from_db()
    assert target.is_active is False
    # A deactivated account can no longer sign in.
    assert (
        Client().post("/akun/masuk/", {"username": "budi_mk", "password": PASSWORD}).status_code
        == 200
    )


@pytest.mark.django_db
def test_sysadmin_cannot_change_their_own_role(personas) -> None:
    admin = personas.sysadmin
    response = signed_in(admin).post(edit_url(admin), _edit_data(admin, role=Role.SUPERVISOR))
    assert response.status_code == 200
    assert "Anda tidak dapat mengubah peran akun Anda sendiri." in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.SYSADMIN


@pytest.mark.django_db
def test_sysadmin_cannot_deactivate_themselves(personas) -> None:
    admin = personas.sysadmin
    response = signed_in(admin).post(edit_url(admin), _edit_data(admin, is_active=""))
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active is True


@pytest.mark.django_db
def test_sysadmin_may_edit_their_own_name(personas) -> None:
    admin = personas.sysadmin
    signed_in(admin).post(edit_url(admin), _edit_data(admin, first_name="Joko Baru"))
    admin.refresh_from_db()
    assert admin.first_name == "Joko Baru"


@pytest.mark.django_db
def test_user_outside_the_admins_scope_is_not_found(personas, district_admin) -> None:
    client = signed_in(district_admin)
    outsider = personas.ppt_bugullor
    assert client.get(edit_url(personas.ppt_gentong)).status_code == 200
    assert client.get(edit_url(outsider)).status_code == 404
    assert client.post(edit_url(outsider), _edit_data(outsider, on_duty="on")).status_code == 404
    assert client.post(f"{edit_url(outsider)}reset-2fa/").status_code == 404
    assert client.post(f"{edit_url(outsider)}buka-kunci/").status_code == 404
    assert client.get("/akun/pengguna/999999/").status_code == 404
    outsider.refresh_from_db()
    assert outsider.on_duty is False


# --- 2FA reset and unlock ---------------------------------------------------------------


@pytest.mark.django_db
def test_sysadmin_resets_a_users_two_factor(personas) -> None:
    # The analyst reads no victims' data: the reset needs no second approval.
    target = personas.analyst
    confirmed_device(target)
    response = signed_in(personas.sysadmin).post(f"{edit_url(target)}reset-2fa/")
    assert response["Location"] == edit_url(target)
    assert not target.totpdevice_set.exists()
    event = AuditEvent.objects.get(action="user.otp_reset")
    assert (event.actor, event.target_id) == (personas.sysadmin, str(target.pk))


@pytest.mark.django_db
def test_sysadmin_cannot_reset_their_own_two_factor_here(personas) -> None:
    admin = personas.sysadmin
    confirmed_device(admin)
    response = signed_in(admin).post(f"{edit_url(admin)}reset-2fa/", follow=True)
    assert "Kelola verifikasi dua langkah Anda sendiri" in response.content.decode()
    assert admin.totpdevice_set.count() == 1


@pytest.mark.django_db
def test_sysadmin_unlocks_a_locked_out_user(personas) -> None:
    for _ in range(5):
        Client().post("/akun/masuk/", {"username": "rina_mk", "password": "tebakan-salah-99"})
    assert (
        Client().post("/akun/masuk/", {"username": "rina_mk", "password": PASSWORD}).status_code
        == 429
    )
    admin = signed_in(personas.sysadmin)
    body = admin.get(edit_url(personas.case_manager)).content.decode()
    assert "Terkunci" in body
    response = admin.post(f"{edit_url(personas.case_manager)}buka-kunci/")
    assert response["Location"] == edit_url(personas.case_manager)
    assert not AccessAttempt.objects.filter(username="rina_mk").exists()
    assert (
        Client().post("/akun/masuk/", {"username": "rina_mk", "password": PASSWORD}).status_code
        == 302
    )
    assert AuditEvent.objects.filter(action="user.unlock", actor=personas.sysadmin).exists()
