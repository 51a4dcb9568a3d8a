"""Triage deadline rules (system admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from payung.accounts.decorators import capability_required
from payung.accounts.http import StaffRequest
from payung.accounts.roles import Cap
from payung.cases import forms, policies, selectors, services

# --- triage deadline rules (system admin) ----------------------------------------------------


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def deadline_rules(request: StaffRequest) -> HttpResponse:
    rules = list(selectors.deadline_rules())
    rows = [
        (
            rule,
            forms.DeadlineRuleForm(
                initial={
                    "hours": rule.hours,
                    "working_days": rule.working_days,
                    "basis": rule.basis,
                },
                prefix=f"r{rule.pk}",
            ),
        )
        for rule in rules
    ]
    return render(request, "cases/deadline_rules.html", {"rows": rows})


@require_POST
@capability_required(Cap.REFERENCE_MANAGE)
def deadline_rule_update(request: StaffRequest, pk: int) -> HttpResponse:
    rule = policies.get_deadline_rule_for(request.user, pk)
    form = forms.DeadlineRuleForm(request.POST, prefix=f"r{rule.pk}")
    if form.is_valid():
        try:
            services.triage_rule_update(
                actor=request.user,
                rule=rule,
                hours=form.cleaned_data["hours"],
                working_days=form.cleaned_data["working_days"],
                basis=form.cleaned_data["basis"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Aturan batas waktu disimpan; laporan yang menunggu dihitung ulang.")
            )
            return redirect("cases:deadline_rules")
    rows = [
        (
            r,
            form
            if r.pk == rule.pk
            else forms.DeadlineRuleForm(
                initial={"hours": r.hours, "working_days": r.working_days, "basis": r.basis},
                prefix=f"r{r.pk}",
            ),
        )
        for r in selectors.deadline_rules()
    ]
    return render(request, "cases/deadline_rules.html", {"rows": rows}, status=400)
