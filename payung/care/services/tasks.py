"""Tasks: from the plan, by hand, reminders; cancelled when the case closes, restored when
it reopens."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care import notify, policies
from payung.care.choices import (
    TaskStatus,
)
from payung.care.models import Task
from payung.care.services.accompaniment import _check_officer
from payung.care.services.sharing import _require_case_work, _stored
from payung.cases.choices import CaseStatus, PlanItemStatus
from payung.cases.models import (
    Case,
    CasePlan,
    CaseStatusChange,
    PlanItem,
)
from payung.cases.policies import authorize_case
from payung.core.actors import SystemActor, person, require_actor
from payung.partners.models import Service

# --- tasks ---------------------------------------------------------------------------------


def _task_due(day: date) -> datetime:
    """A task due on ``day`` is due at the end of the working day (16:00 local)."""
    return timezone.make_aware(datetime.combine(day, time(16, 0)))


@transaction.atomic
def task_add(*, actor: User, case: Case, title: str, due_at: datetime, assignee: User) -> Task:
    """A follow-up task added by hand, with a due time and an assignee."""
    case = _require_case_work(actor, case)
    errors: dict[str, Any] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = _("Tulis tugasnya.")
    elif len(title) > 200:
        errors["title"] = _("Tugas paling panjang 200 karakter.")
    _check_officer(errors, assignee, case, "assignee")
    if timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at)
    if errors:
        raise ValidationError(errors)
    task = Task.objects.create(
        case=case, title=title, assignee=assignee, due_at=due_at, created_by=actor
    )
    audit_event(
        actor=actor,
        action="task.add",
        target=task,
        target_label=case.number,
        changes={"due_at": [None, due_at.isoformat()], "assignee": [None, assignee.pk]},
    )
    if assignee.pk != actor.pk:
        notify.user_on_commit(
            assignee,
            topic="task.assigned",
            title=_("Tugas baru pada kasus %(number)s") % {"number": case.number},
            url_name="care:my_tasks",
        )
    return task


@transaction.atomic
def tasks_from_plan(*, actor: User | SystemActor, case: Case) -> list[Task]:
    """One task per planned service of an agreed plan (idempotent: an item that has its task
    gets no second one). Called when the plan is agreed and when a service is added to an
    agreed plan. Due on the item's target date, or some days after the agreement."""
    authorize_case(actor, case, "edit")
    plan = CasePlan.objects.filter(case=case, agreed=True).first()
    if plan is None:
        return []
    items = list(
        PlanItem.objects.filter(
            plan=plan, status__in=[PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS]
        )
        .exclude(tasks__isnull=False)
        .order_by("pk")
    )
    if not items:
        return []
    assignee = case.owner or person(actor)
    if assignee is None:
        return []
    services_by_code = {s.code: s for s in Service.objects.all()}
    start = plan.agreed_on or timezone.localdate()
    default_due = start + timedelta(days=int(getattr(settings, "TASK_DEFAULT_DAYS", 7)))
    created = []
    for item in items:
        with translation.override(settings.LANGUAGE_CODE):
            label = str(item.get_service_display())
        title = _stored("Berikan layanan: %(service)s", service=label)
        if item.provider_name:
            title += f" ({item.provider_name})"
        task = Task.objects.create(
            case=case,
            title=title[:200],
            plan_item=item,
            service=services_by_code.get(item.service),
            assignee=assignee,
            due_at=_task_due(item.target_date or default_due),
            created_by=person(actor),
        )
        created.append(task)
    audit_event(
        actor=actor,
        action="task.from_plan",
        target=case,
        target_label=case.number,
        changes={"tasks": [None, [t.pk for t in created]], "assignee": [None, assignee.pk]},
    )
    if assignee.pk != actor.pk:
        notify.user_on_commit(
            assignee,
            topic="task.assigned",
            title=_("Tugas baru dari rencana intervensi kasus %(number)s")
            % {"number": case.number},
            url_name="care:my_tasks",
        )
    return created


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    require_actor(actor)
    current = Task.objects.select_for_update().select_related("case").get(pk=task.pk)
    if not (current.assignee_id == actor.pk or policies.may_work_case(actor, current.case)):
        raise PermissionDenied
    if current.status != TaskStatus.OPEN:
        raise ValidationError(_("Tugas ini sudah ditutup."), code="closed")
    current.status = TaskStatus.DONE
    current.done_at = timezone.now()
    current.done_by = actor
    current.save(update_fields=["status", "done_at", "done_by", "updated_at"])
    audit_event(
        actor=actor,
        action="task.done",
        target=current,
        target_label=current.case.number,
        changes={"status": [TaskStatus.OPEN, TaskStatus.DONE]},
    )
    return current


@transaction.atomic
def task_reminders_enqueue(*, now: datetime | None = None) -> int:
    """Queue one reminder for each open task due within ``TASK_REMINDER_HOURS`` (or already
    overdue) that has not had one: in the app and through the outbox (e-mail).

    Idempotent: ``reminded_at`` is set in the same transaction, and rows being handled by a
    concurrent run are skipped (``SKIP LOCKED``), so no task is ever reminded twice.
    """
    now = now or timezone.now()
    horizon = now + timedelta(hours=int(getattr(settings, "TASK_REMINDER_HOURS", 24)))
    due = list(
        Task.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=TaskStatus.OPEN, reminded_at__isnull=True, due_at__lte=horizon)
        .select_related("case", "assignee")
        .order_by("due_at", "pk")
    )
    if not due:
        return 0
    Task.objects.filter(pk__in=[t.pk for t in due]).update(reminded_at=now)
    audit_event(
        actor=None,
        action="task.reminders",
        changes={"tasks": [None, [t.pk for t in due]]},
    )
    for task in due:
        notify.task_reminder_on_commit(task)
    return len(due)


# --- the case closes or reopens ----------------------------------------------------------------


def _last_closing(case: Case) -> CaseStatusChange | None:
    return (
        CaseStatusChange.objects.filter(case=case, to_status=CaseStatus.CLOSED)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def tasks_cancel_at_closure(*, actor: User, case: Case) -> list[Task]:
    """The case closed: its open tasks are cancelled, so they leave "Tugas saya" and get no
    reminder. Each keeps the closing that cancelled it, so a reopen can restore exactly
    these. Runs inside the closing transaction (``CareExtension.case_closed``)."""
    if not policies.may_settle_tasks_at_closure(actor, case):
        raise PermissionDenied
    tasks = list(
        Task.objects.select_for_update()
        .filter(case=case, status=TaskStatus.OPEN)
        .only("pk")
        .order_by("pk")
    )
    if not tasks:
        return []
    now = timezone.now()
    closing = _last_closing(case)
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
        status=TaskStatus.CANCELLED,
        cancelled_at=now,
        cancelled_by_closure=closing,
        updated_at=now,
    )
    audit_event(
        actor=actor,
        action="task.cancel_at_closure",
        target=case,
        target_label=case.number,
        changes={
            "tasks": [None, [t.pk for t in tasks]],
            "status": [TaskStatus.OPEN, TaskStatus.CANCELLED],
        },
        note=f"penutupan:{closing.pk}" if closing else "",
    )
    return tasks


@transaction.atomic
def tasks_restore_at_reopen(*, actor: User, case: Case) -> list[Task]:
    """The case reopened and the supervisor chose to restore its tasks: the tasks its last
    closing cancelled are open again (and may be reminded again); their assignees hear of
    it. Tasks cancelled by an earlier closing stay cancelled. Runs inside the reopening
    transaction (``CareExtension.case_reopened``)."""
    if not policies.may_settle_tasks_at_closure(actor, case):
        raise PermissionDenied
    closing = _last_closing(case)
    if closing is None:
        return []
    tasks = list(
        Task.objects.select_for_update(of=("self",))
        .filter(case=case, status=TaskStatus.CANCELLED, cancelled_by_closure=closing)
        .select_related("assignee")
        .order_by("pk")
    )
    if not tasks:
        return []
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
        status=TaskStatus.OPEN,
        cancelled_at=None,
        cancelled_by_closure=None,
        reminded_at=None,
        updated_at=timezone.now(),
    )
    audit_event(
        actor=actor,
        action="task.restore_at_reopen",
        target=case,
        target_label=case.number,
        changes={
            "tasks": [None, [t.pk for t in tasks]],
            "status": [TaskStatus.CANCELLED, TaskStatus.OPEN],
        },
        note=f"penutupan:{closing.pk}",
    )
    assignees = {t.assignee.pk: t.assignee for t in tasks}
    for assignee in assignees.values():
        if assignee.pk != actor.pk:
            notify.user_on_commit(
                assignee,
                topic="task.assigned",
                title=_("Tugas kasus %(number)s dipulihkan setelah kasus dibuka kembali")
                % {"number": case.number},
                url_name="care:my_tasks",
            )
    return tasks
