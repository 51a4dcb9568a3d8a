"""Need to know (issue #14 §7): a PPT officer reads the centre's cases of their kelurahan
but acts only on the PPT's; a restricted case is seen by its named staff only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from payung.accounts.roles import Role
from payung.cases import policies, services
from payung.cases.choices import CaseUnit
from payung.cases.models import Case
from tests.accounts.conftest import signed_in
from tests.cases.casework import open_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ppt_officer_reads_a_centre_case_of_their_kelurahan_but_cannot_change_it(
    personas,
) -> None:
    case = open_case(personas)
    assert case.unit == CaseUnit.CENTRE
    ppt = personas.ppt_gentong
    client = signed_in(ppt)
    assert client.get(f"/kasus/{case.pk}/").status_code == 200
    assert not policies.can_act_on_case(ppt, case, "edit")
    assert not policies.can_act_on_case(ppt, case, "note")
    with pytest.raises(PermissionDenied):
        services.note_add(actor=ppt, case=case, body="catatan PPT")


def test_ppt_officer_acts_on_a_case_the_ppt_handles(personas) -> None:
    case = open_case(personas)
    Case.objects.filter(pk=case.pk).update(unit=CaseUnit.PPT)
    case.refresh_from_db()
    ppt = personas.ppt_gentong
    assert policies.can_act_on_case(ppt, case, "edit")
    assert policies.can_act_on_case(ppt, case, "note")
    services.note_add(actor=ppt, case=case, body="catatan PPT")
    assert case.notes.filter(author=ppt).exists()


def test_ppt_officer_on_the_team_of_a_centre_case_may_act(personas) -> None:
    case = open_case(personas)
    case.team.add(personas.ppt_gentong)
    assert policies.can_act_on_case(personas.ppt_gentong, case, "note")


def test_a_restricted_case_is_404_for_staff_not_named(personas) -> None:
    case = open_case(personas)
    supervisor = personas.supervisor
    response = signed_in(supervisor).post(
        f"/kasus/{case.pk}/terbatas/",
        {
            "restrict-restricted": "on",
            "restrict-staff": [str(personas.ppt_gentong.pk)],
            "restrict-note": "Korban kerabat petugas PPT lain",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.restricted
    named = set(case.restricted_to.values_list("pk", flat=True))
    assert named == {supervisor.pk, personas.case_manager.pk, personas.ppt_gentong.pk}
    # Named staff still open it; others who would otherwise see it get 404, in lists too.
    assert signed_in(personas.case_manager).get(f"/kasus/{case.pk}/").status_code == 200
    assert signed_in(personas.ppt_gentong).get(f"/kasus/{case.pk}/").status_code == 200
    other_supervisor = UserFactory(username="sup_lain", role=Role.SUPERVISOR)
    assert policies.may_see_case(other_supervisor, Case(region_code=case.region_code))
    for outsider in (personas.ppt_gentong2, other_supervisor):
        client = signed_in(outsider)
        assert client.get(f"/kasus/{case.pk}/").status_code == 404
        assert case.number not in client.get("/kasus/").content.decode()
        assert not policies.visible_cases(outsider).filter(pk=case.pk).exists()
        with pytest.raises(PermissionDenied):
            services.note_add(actor=outsider, case=case, body="x")
    event = case_events(case, "case.restrict")
    assert event.note == "Korban kerabat petugas PPT lain"


def test_only_a_supervisor_restricts_and_a_reason_is_required(personas) -> None:
    case = open_case(personas)
    with pytest.raises(PermissionDenied):
        services.case_restrict(
            actor=personas.case_manager, case=case, restricted=True, staff=[], note="x"
        )
    with pytest.raises(ValidationError):
        services.case_restrict(
            actor=personas.supervisor, case=case, restricted=True, staff=[], note=""
        )
    services.case_restrict(
        actor=personas.supervisor, case=case, restricted=True, staff=[], note="x"
    )
    services.case_restrict(actor=personas.supervisor, case=case, restricted=False, staff=[])
    case.refresh_from_db()
    assert not case.restricted and not case.restricted_to.exists()
    assert signed_in(personas.ppt_gentong2).get(f"/kasus/{case.pk}/").status_code == 200


def case_events(case, action):
    from payung.audit.models import AuditEvent

    return AuditEvent.objects.get(action=action, target_id=str(case.pk))


def test_a_case_closed_long_ago_leaves_the_everyday_list(personas, settings) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from payung.cases.choices import CaseStatus

    settings.CASE_CLOSED_LIST_DAYS = 30
    old = open_case(personas)
    recent = open_case(personas)
    Case.objects.filter(pk=old.pk).update(
        status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=31)
    )
    Case.objects.filter(pk=recent.pk).update(
        status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=29)
    )
    client = signed_in(personas.supervisor)
    everyday = client.get("/kasus/").content.decode()
    assert recent.number in everyday and old.number not in everyday
    assert "lebih dari 30 hari lalu tidak tampil" in everyday
    assert old.number in client.get("/kasus/", {"status": "ditutup"}).content.decode()
    assert old.number in client.get("/kasus/", {"q": old.number}).content.decode()
