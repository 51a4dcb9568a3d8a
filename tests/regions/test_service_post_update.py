from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from payung.audit.models import AuditEvent
from payung.audit.services import REDACTED
from payung.regions.models import ServicePost
from payung.regions.services import service_post_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def post() -> ServicePost:
    return ServicePost.objects.get(region__code="35.75.03.1003")


def test_update_changes_only_the_given_fields_and_audits_them(personas, post) -> None:
    updated = service_post_update(
        actor=personas.sysadmin, post=post, opening_hours="24 jam", is_active=False
    )
    stored = ServicePost.objects.get(pk=post.pk)
    assert (stored.opening_hours, stored.is_active) == ("24 jam", False)
    assert updated.opening_hours == "24 jam"
    event = AuditEvent.objects.get(action="service_post.update")
    assert event.changes == {
        "opening_hours": ["Senin–Jumat 08.00–15.00", "24 jam"],
        "is_active": [True, False],
    }
    assert event.target_type == "regions.servicepost"


def test_contact_values_are_redacted_in_the_audit_trail(personas, post) -> None:
    service_post_update(actor=personas.sysadmin, post=post, phone="0343 421234")
    event = AuditEvent.objects.get(action="service_post.update")
    assert event.changes == {"phone": [REDACTED, REDACTED]}


def test_before_values_come_from_the_database_not_the_instance(personas, post) -> None:
    post.opening_hours = "already changed in memory (as a ModelForm does)"
    service_post_update(actor=personas.sysadmin, post=post, opening_hours="Senin–Kamis")
    event = AuditEvent.objects.get(action="service_post.update")
    assert event.changes["opening_hours"][0] == "Senin–Jumat 08.00–15.00"


def test_no_change_no_event(personas, post) -> None:
    service_post_update(actor=personas.sysadmin, post=post, opening_hours=post.opening_hours)
    assert not AuditEvent.objects.exists()


def test_reference_fields_cannot_be_changed(personas, post) -> None:
    with pytest.raises(ValueError, match="name"):
        service_post_update(actor=personas.sysadmin, post=post, name="Pos lain")
    with pytest.raises(ValueError, match="region"):
        service_post_update(actor=personas.sysadmin, post=post, region=None)


def test_invalid_values_are_rejected_and_nothing_is_written(personas, post) -> None:
    with pytest.raises(ValidationError):
        service_post_update(
            actor=personas.sysadmin, post=post, email="bukan-email", opening_hours="x"
        )
    stored = ServicePost.objects.get(pk=post.pk)
    assert stored.email == "" and stored.opening_hours == "Senin–Jumat 08.00–15.00"
    assert not AuditEvent.objects.exists()


def test_only_reference_managers_may_change_a_post(personas) -> None:
    from django.core.exceptions import PermissionDenied

    post = ServicePost.objects.first()
    for user in (personas.case_manager, personas.ppt_gentong, personas.analyst):
        with pytest.raises(PermissionDenied):
            service_post_update(actor=user, post=post, phone="0343 000000")
    post.refresh_from_db()
    assert post.phone != "0343 000000"


def test_the_report_form_shows_the_centres_new_phone_at_once(
    personas, django_capture_on_commit_callbacks
) -> None:
    """The centre's post is cached for the report form (issue #16); an edit forgets it."""
    from django.test import Client

    centre = ServicePost.objects.get(kind="pusat", region__code="35.75", is_active=True)
    before = Client().get("/lapor/").content.decode()  # reads, and caches, the centre
    assert centre.name in before and "0343 999 888" not in before
    with django_capture_on_commit_callbacks(execute=True):
        service_post_update(actor=personas.sysadmin, post=centre, phone="0343 999 888")
    assert "0343 999 888" in Client().get("/lapor/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        service_post_update(actor=personas.sysadmin, post=centre, is_active=False)
    assert "0343 999 888" not in Client().get("/lapor/").content.decode()
