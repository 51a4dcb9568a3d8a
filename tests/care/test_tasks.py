"""Tasks from the agreed plan and by hand, "Tugas saya", and the idempotent reminders."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.care import services
from payung.care.models import Task
from payung.cases import services as case_services
from payung.notifications.models import Notification, OutboxMessage
from tests.accounts.conftest import signed_in
from tests.care.builders import task
from tests.cases.casework import open_case, victim_of

pytestmark = pytest.mark.django_db


def _agree(case, actor) -> None:
    case_services.plan_save(
        actor=actor,
        case=case,
        version=None,
        goals="Aman",
        agreed=True,
        agreed_on=timezone.localdate(),
        agreed_by=victim_of(case),
    )


def test_agreeing_the_plan_makes_one_task_per_planned_service(
    personas, django_capture_on_commit_callbacks
) -> None:
    manager = personas.case_manager
    case = open_case(personas)
    target = timezone.localdate() + timedelta(days=3)
    visum = case_services.plan_item_add(
        actor=manager, case=case, service="visum", target_date=target, provider_name="RSUD Uji"
    )
    counselling = case_services.plan_item_add(actor=manager, case=case, service="psikososial")
    assert not Task.objects.exists()  # not before the plan is agreed
    with django_capture_on_commit_callbacks(execute=True):
        _agree(case, personas.supervisor)
    tasks = {t.plan_item_id: t for t in Task.objects.all()}
    assert set(tasks) == {visum.pk, counselling.pk}
    assert tasks[visum.pk].title == "Berikan layanan: Visum gratis (RSUD Uji)"
    assert timezone.localtime(tasks[visum.pk].due_at).date() == target
    assert timezone.localtime(
        tasks[counselling.pk].due_at
    ).date() == timezone.localdate() + timedelta(days=7)
    assert all(t.assignee == manager for t in tasks.values())
    assert Notification.objects.filter(recipient=manager, topic="task.assigned").exists()
    # Saving the agreed plan again makes no second task; a service added later gets one.
    _agree(case, manager)
    assert Task.objects.count() == 2
    case_services.plan_item_add(actor=manager, case=case, service="hukum")
    assert Task.objects.count() == 3


def test_a_manual_task_and_my_tasks(personas) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    response = client.post(
        f"/layanan/kasus/{case.pk}/tugas/",
        {
            "task-title": "Hubungi sekolah korban",
            "task-due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "task-due_time": "09:00",
            "task-assignee": str(personas.case_manager.pk),
        },
    )
    assert response.status_code == 302
    item = Task.objects.get()
    assert item.title == "Hubungi sekolah korban" and item.is_overdue()
    body = client.get("/layanan/tugas/").content.decode()
    assert "Hubungi sekolah korban" in body and "Lewat tenggat" in body
    # Another officer does not see it; done from the list, it leaves the list.
    assert (
        "Hubungi sekolah korban"
        not in signed_in(personas.supervisor).get("/layanan/tugas/").content.decode()
    )
    assert client.post(f"/layanan/tugas/{item.pk}/selesai/").status_code == 302
    item.refresh_from_db()
    assert item.status == "selesai" and item.done_by == personas.case_manager
    assert "Hubungi sekolah korban" not in client.get("/layanan/tugas/").content.decode()


def test_a_task_goes_only_to_someone_who_may_open_the_case(personas) -> None:
    with pytest.raises(ValidationError):
        task(personas, assignee=personas.case_manager2)
    with pytest.raises(ValidationError):
        task(personas, title="   ")


def test_reminders_are_queued_once_for_tasks_due_within_a_day(
    personas, django_capture_on_commit_callbacks
) -> None:
    soon = task(personas, due_at=timezone.now() + timedelta(hours=5))
    overdue = task(personas, due_at=timezone.now() - timedelta(hours=5))
    later = task(personas, due_at=timezone.now() + timedelta(days=3))
    done = task(personas, due_at=timezone.now() + timedelta(hours=1))
    services.task_complete(actor=personas.case_manager, task=done)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_task_reminders", stdout=out)
    assert "2" in out.getvalue()
    messages = OutboxMessage.objects.filter(topic="task.reminder")
    assert messages.count() == 2 and {m.recipient for m in messages} == {personas.case_manager}
    assert all(soon.case.number in m.subject or overdue.case.number in m.subject for m in messages)
    assert Notification.objects.filter(topic="task.reminder").count() == 2
    # The task's own words (which may name someone) never go into the message.
    assert all("Telepon korban" not in m.body for m in messages)
    # Running again queues nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_task_reminders", stdout=StringIO())
    assert OutboxMessage.objects.filter(topic="task.reminder").count() == 2
    assert set(Task.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)) == {
        soon.pk,
        overdue.pk,
    }
    assert later.pk not in set(
        Task.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)
    )
    assert AuditEvent.objects.filter(action="task.reminders").count() == 1


def test_a_referral_completed_closes_the_planned_services_task(personas) -> None:
    from tests.care.builders import send_referral

    manager = personas.case_manager
    case = open_case(personas)
    case_services.plan_item_add(actor=manager, case=case, service="visum")
    _agree(case, manager)
    referral = send_referral(personas, case=case)
    services.referral_accept(actor=personas.provider, referral=referral)
    services.referral_complete(
        actor=personas.provider,
        referral=referral,
        delivered_on=timezone.localdate(),
        outcome="terlaksana",
        description="Visum",
    )
    assert Task.objects.get().status == "selesai"


def test_due_dates_end_the_working_day() -> None:
    due = services._task_due(date(2026, 1, 5))
    assert timezone.localtime(due).hour == 16
