"""Case deadline rules (system admin)."""

from __future__ import annotations

from typing import Any

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
from payung.core.forms import add_validation_errors

# --- case deadline rules (system admin) -----------------------------------------------------


def _rule_form(rule: Any, data: Any = None) -> Any:
    return forms.CaseDeadlineRuleForm(
        data,
        prefix=f"r{rule.pk}",
        initial={
            "hours": rule.hours,
            "working_days": rule.working_days,
            "protection_days": rule.protection_days,
            "active": rule.active,
            "basis": rule.basis,
        },
    )


@require_GET
@capability_required(Cap.REFERENCE_MANAGE)
def case_deadline_rules(request: StaffRequest) -> HttpResponse:
    rows = [(rule, _rule_form(rule)) for rule in selectors.case_deadline_rules()]
    return render(request, "cases/case_deadline_rules.html", {"rows": rows})


@require_POST
@capability_required(Cap.REFERENCE_MANAGE)
def case_deadline_rule_update(request: StaffRequest, pk: int) -> HttpResponse:
    rule = policies.get_case_deadline_rule_for(request.user, pk)
    form = _rule_form(rule, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.case_deadline_rule_update(
                actor=request.user,
                rule=rule,
                hours=d["hours"],
                working_days=d["working_days"],
                basis=d["basis"],
                active=d["active"],
                protection_days=d.get("protection_days"),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("Aturan tenggat disimpan; tenggat yang terbuka dihitung ulang.")
            )
            return redirect("cases:case_deadline_rules")
    rows = [
        (r, form if r.pk == rule.pk else _rule_form(r)) for r in selectors.case_deadline_rules()
    ]
    return render(request, "cases/case_deadline_rules.html", {"rows": rows}, status=400)
