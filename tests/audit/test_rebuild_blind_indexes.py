"""A new BLIND_INDEX_KEY: ``rebuild_blind_indexes`` recomputes every blind index and name
token from the decrypted values, resumably, and search works again (issue #14)."""

from __future__ import annotations

import base64
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from payung.audit.models import AuditEvent
from payung.cases import selectors, services
from payung.cases.models import PersonNameToken, Report
from tests.cases.casework import NIK_WOMAN, PHONE, open_case, victim_of

pytestmark = pytest.mark.django_db


def _numbers(user, q: str) -> list[str]:
    return [c.number for c in selectors.case_list(user, selectors.CaseFilters(q=q))]


def test_search_by_nik_name_and_phone_works_after_a_rebuild_under_a_new_key(personas) -> None:
    case = open_case(personas, reporter_phone="085700001111")
    services.person_update(
        actor=personas.case_manager,
        case=case,
        party=victim_of(case),
        version=None,
        data=services.PersonInput(name="Mawar Contohsari", nik=NIK_WOMAN, phone=PHONE, sex="p"),
    )
    user = personas.supervisor
    old_tokens = set(PersonNameToken.objects.values_list("token", flat=True))
    old_phone_index = Report.objects.get().reporter_phone_index
    new_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with override_settings(BLIND_INDEX_KEY=new_key):
        # Under the new key the old tokens no longer match: the NIK is not found.
        assert _numbers(user, "3575 0141 0190 0001") == []
        out = StringIO()
        call_command("rebuild_blind_indexes", stdout=out)
        assert _numbers(user, "3575 0141 0190 0001") == [case.number]
        assert _numbers(user, "+62 812-3456-7890") == [case.number]
        assert _numbers(user, "mawar") == [case.number]
        assert _numbers(user, "Mawar Contohsari") == [case.number]
        # A second run finds nothing to change and writes no audit event.
        events = AuditEvent.objects.filter(action="crypto.reindex").count()
        again = StringIO()
        call_command("rebuild_blind_indexes", stdout=again)
        assert "Done: 0 rows re-indexed." in again.getvalue()
        assert AuditEvent.objects.filter(action="crypto.reindex").count() == events
    assert "cases.Person: " in out.getvalue()
    assert old_tokens.isdisjoint(PersonNameToken.objects.values_list("token", flat=True))
    assert Report.objects.get().reporter_phone_index not in ("", old_phone_index)
    labels = set(
        AuditEvent.objects.filter(action="crypto.reindex").values_list("target_label", flat=True)
    )
    assert {"cases.Person", "cases.Report"} <= labels
    assert set(
        AuditEvent.objects.filter(action="crypto.reindex").values_list("actor_label", flat=True)
    ) == {"system:rebuild_blind_indexes"}


def test_start_after_resumes_from_a_row(personas) -> None:
    first = open_case(personas)
    second = open_case(personas, victim_name="Melati Contoh")
    first_victim = victim_of(first).person
    assert victim_of(second).person.pk > first_victim.pk
    new_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with override_settings(BLIND_INDEX_KEY=new_key):
        call_command(
            "rebuild_blind_indexes",
            f"--start-after=cases.Person:{first_victim.pk}",
            stdout=StringIO(),
        )
        # The first person was skipped: still the old tokens; the later ones are rebuilt.
        assert _numbers(personas.supervisor, "Melati Contoh") == [second.number]
        assert first_victim.name
        assert _numbers(personas.supervisor, first_victim.name) == []
        with pytest.raises(CommandError):
            call_command("rebuild_blind_indexes", "--start-after=nope:1", stdout=StringIO())
