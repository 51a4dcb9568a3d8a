"""Tasks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.http import StaffRequest
from payung.care import policies, selectors, services
from payung.care.forms import (
    TaskForm,
)
from payung.care.views.access import allowed_if
from payung.care.views.case_care import _case_url, _flash_errors
from payung.cases.policies import can_use_cases

# --- tasks ---------------------------------------------------------------------------------


@require_POST
@allowed_if(can_use_cases)
def task_add(request: StaffRequest, case_pk: int) -> HttpResponse:
    case = policies.get_care_case_for(request.user, case_pk, need="work")
    form = TaskForm(request.POST, prefix="task", people=selectors.assignable_officers(case))
    if not form.is_valid():
        _flash_errors(request, form)
        return redirect(_case_url(case.pk, "tugas"))
    try:
        services.task_add(
            actor=request.user,
            case=case,
            title=form.cleaned_data["title"],
            due_at=form.due_at(),
            assignee=form.person(form.cleaned_data["assignee"]),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tugas ditambahkan."))
    return redirect(_case_url(case.pk, "tugas"))


@require_POST
@allowed_if(can_use_cases)
def task_done(request: StaffRequest, pk: int) -> HttpResponse:
    task = policies.get_task_for(request.user, pk)
    try:
        services.task_complete(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tugas ditandai selesai."))
    target = request.POST.get("next", "")
    if target == "case":
        return redirect(_case_url(task.case_id, "tugas"))
    return redirect("care:my_tasks")


@require_GET
@allowed_if(can_use_cases)
def my_tasks(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "care/my_tasks.html",
        {"tasks": list(selectors.my_tasks(request.user)[:500]), "now": timezone.now()},
    )
