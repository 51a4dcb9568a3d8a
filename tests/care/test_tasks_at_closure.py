"""A case's tasks when it closes (cancelled, out of "Tugas saya" and the reminders) and when it
reopens (restored on request: exactly those that closing cancelled). Issue #17."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.care import services as care_services
from payung.care.choices import TaskStatus
from payung.care.models import Task
from payung.cases import services as case_services
from payung.cases.choices import CaseStatus
from payung.cases.models import Case, PlanItem
from payung.notifications.models import Notification, OutboxMessage
from tests.accounts.conftest import signed_in
from tests.care.builders import task
from tests.cases.casework import open_case, victim_of

pytestmark = pytest.mark.django_db


def _close(personas, case: Case) -> None:
    reasons = {item.pk: "Belum sempat." for item in PlanItem.objects.filter(plan__case=case)}
    request = case_services.closure_request(
        actor=personas.case_manager,
        case=case,
        reason="tujuan_tercapai",
        undelivered_reasons=reasons,
    )
    case_services.closure_decide(actor=personas.supervisor, request=request, approve=True)


def _reopen(personas, case: Case, *, restore: bool):
    data = {"reopen-note": "Korban datang lagi."}
    if restore:
        data["reopen-restore_tasks"] = "on"
    response = signed_in(personas.supervisor).post(f"/kasus/{case.pk}/buka-kembali/", data)
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ASSESSMENT


def _reminders(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_task_reminders", stdout=StringIO())
    return OutboxMessage.objects.filter(topic="task.reminder").count()


def _my_tasks(personas) -> str:
    return signed_in(personas.case_manager).get("/layanan/tugas/").content.decode()


def test_closing_cancels_open_tasks_and_reopening_can_restore_them(
    personas, django_capture_on_commit_callbacks
) -> None:
    manager = personas.case_manager
    case = open_case(personas)
    case_services.plan_item_add(actor=manager, case=case, service="psikososial")
    case_services.plan_save(
        actor=manager,
        case=case,
        version=None,
        goals="Aman",
        agreed=True,
        agreed_on=timezone.localdate(),
        agreed_by=victim_of(case),
    )
    planned = Task.objects.get(case=case)
    overdue = task(personas, case=case, title="Telepon korban", due_at=timezone.now())
    done = task(personas, case=case, title="Kirim surat ke sekolah")
    care_services.task_complete(actor=manager, task=done)
    assert "Telepon korban" in _my_tasks(personas)

    _close(personas, case)
    closing = case.status_changes.get(to_status=CaseStatus.CLOSED)
    for item in (planned, overdue):
        item.refresh_from_db()
        assert item.status == TaskStatus.CANCELLED and item.cancelled_at is not None
        assert item.cancelled_by_closure == closing  # the closure is the reason
    done.refresh_from_db()
    assert done.status == TaskStatus.DONE  # work done stays done
    assert "Telepon korban" not in _my_tasks(personas)
    assert _reminders(django_capture_on_commit_callbacks) == 0
    page = signed_in(personas.supervisor).get(f"/kasus/{case.pk}/").content.decode()
    assert "(kasus ditutup)" in page
    assert "Pulihkan tugas yang dibatalkan saat penutupan" in page
    assert AuditEvent.objects.filter(
        action="task.cancel_at_closure", target_id=str(case.pk)
    ).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _reopen(personas, case, restore=True)
    for item in (planned, overdue):
        item.refresh_from_db()
        assert item.status == TaskStatus.OPEN
        assert item.cancelled_at is None and item.cancelled_by_closure is None
    assert "Telepon korban" in _my_tasks(personas)
    assert _reminders(django_capture_on_commit_callbacks) == 1  # the overdue one, again
    assert AuditEvent.objects.filter(
        action="task.restore_at_reopen", target_id=str(case.pk)
    ).exists()
    assert Notification.objects.filter(
        recipient=manager, topic="task.assigned", title__contains="dipulihkan"
    ).exists()


def test_reopening_without_restoring_leaves_them_cancelled_and_restore_is_per_closing(
    personas,
) -> None:
    case = open_case(personas)
    first = task(personas, case=case, title="Telepon korban")
    _close(personas, case)
    _reopen(personas, case, restore=False)
    first.refresh_from_db()
    assert first.status == TaskStatus.CANCELLED
    assert "Telepon korban" not in _my_tasks(personas)

    # Closed again, then reopened with restore: only what the second closing cancelled.
    second = task(personas, case=case, title="Jadwalkan konseling", due_at=timezone.now())
    _close(personas, case)
    _reopen(personas, case, restore=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == TaskStatus.CANCELLED
    assert second.status == TaskStatus.OPEN
    html = _my_tasks(personas)
    assert "Jadwalkan konseling" in html and "Telepon korban" not in html


def test_a_closing_with_no_open_task_cancels_nothing(personas) -> None:
    case = open_case(personas)
    later = task(personas, case=case, due_at=timezone.now() + timedelta(days=2))
    care_services.task_complete(actor=personas.case_manager, task=later)
    _close(personas, case)
    assert not Task.objects.filter(status=TaskStatus.CANCELLED).exists()
    assert not AuditEvent.objects.filter(action="task.cancel_at_closure").exists()
