"""Account services and policies, called directly (views, API and commands share them)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from payung.accounts import policies, services
from payung.accounts.roles import Role
from payung.audit.models import AuditEvent
from tests.accounts.conftest import confirmed_device, totp_code
from tests.factories import BUGUL_LOR, GENTONG, UserFactory, region


@pytest.mark.django_db
def test_users_visible_to_is_empty_for_roles_without_user_management(personas) -> None:
    assert policies.users_visible_to(personas.supervisor).count() == 0
    assert policies.users_visible_to(personas.sysadmin).count() == len(personas.all())


@pytest.mark.django_db
def test_users_visible_to_follows_the_region_scope(personas) -> None:
    admin = UserFactory(username="admin_bugul", role=Role.SYSADMIN, region=region(BUGUL_LOR[:8]))
    visible = set(policies.users_visible_to(admin).values_list("username", flat=True))
    assert visible == {"dina_ppt", "admin_bugul"}


@pytest.mark.django_db
def test_user_update_refuses_own_role_change_even_without_the_form(personas) -> None:
    admin = personas.sysadmin
    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=admin, user=admin, role=Role.SUPERVISOR)
    assert "role" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.user_update(actor=admin, user=admin, is_active=False)
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == (Role.SYSADMIN, True)


@pytest.mark.django_db
def test_user_update_reads_the_stored_row_not_a_stale_instance(personas) -> None:
    target = personas.case_manager2
    target.role = Role.ANALYST  # changed in memory only, as a bound form does
    services.user_update(actor=personas.sysadmin, user=target, role=Role.ANALYST)
    event = AuditEvent.objects.get(action="user.update")
    assert event.changes["role"] == [Role.CASE_MANAGER, Role.ANALYST]


@pytest.mark.django_db
def test_user_create_outside_the_admins_scope_is_refused(personas) -> None:
    admin = UserFactory(
        username="admin_gentong_kec", role=Role.SYSADMIN, region=region(GENTONG[:8])
    )
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=admin,
            username="luar",
            password="payung-awal-yang-kuat-5",
            role=Role.PPT_OFFICER,
            region=region(BUGUL_LOR),
        )
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=personas.supervisor,
            username="luar",
            password="payung-awal-yang-kuat-5",
            role=Role.ANALYST,
            region=region("35.75"),
        )


@pytest.mark.django_db
def test_otp_device_confirm_refuses_someone_elses_device(personas) -> None:
    device = services.otp_device_start(actor=personas.case_manager)
    with pytest.raises(PermissionDenied):
        services.otp_device_confirm(
            actor=personas.case_manager2, device=device, token=totp_code(device)
        )
    device.refresh_from_db()
    assert device.confirmed is False


@pytest.mark.django_db
def test_confirming_removes_other_unconfirmed_devices(personas) -> None:
    first = services.otp_device_start(actor=personas.analyst)
    TOTPDevice.objects.create(user=personas.analyst, name="sisa", confirmed=False)
    assert services.otp_device_confirm(actor=personas.analyst, device=first, token=totp_code(first))
    assert list(TOTPDevice.objects.filter(user=personas.analyst).values_list("pk", flat=True)) == [
        first.pk
    ]


@pytest.mark.django_db
def test_otp_devices_remove_by_another_manager_is_scoped(personas) -> None:
    confirmed_device(personas.ppt_bugullor)
    admin = UserFactory(
        username="admin_gentong_kec", role=Role.SYSADMIN, region=region(GENTONG[:8])
    )
    with pytest.raises(PermissionDenied):
        services.otp_devices_remove(actor=admin, user=personas.ppt_bugullor)
    assert personas.ppt_bugullor.totpdevice_set.count() == 1
