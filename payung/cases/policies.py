"""Who may see and do what with reports and cases.

Reports: staff with REPORT_INTAKE or REPORT_TRIAGE see reports whose ``region_code`` lies in
their scope (a PPT officer: their kelurahan; centre staff: the city), plus the reports they
recorded themselves (a walk-in at one post about another kelurahan stays visible to the
officer who took it). Everyone else sees none, and the fetch helpers answer 404 to outsiders,
exactly as for a report that does not exist.
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import Http404

from payung.accounts.roles import ORGANISATION_SCOPED, Cap
from payung.cases.choices import ReportStatus
from payung.cases.models import Case, Report, TriageDeadlineRule

ReportNeed = Literal["view", "triage", "message", "unlock", "attachment"]


def can_use_reports(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.can(Cap.REPORT_INTAKE) or user.can(Cap.REPORT_TRIAGE))
    )


def can_record_report(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.REPORT_INTAKE))


def can_triage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Cap.REPORT_TRIAGE))


def report_scope_q(user: Any) -> Q:
    return user.region_q("region_code") | Q(received_by=user)


def visible_reports(user: Any, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    qs = queryset if queryset is not None else Report.objects.all()
    if not can_use_reports(user):
        return qs.none()
    return qs.filter(report_scope_q(user))


def can_act_on_report(user: Any, report: Report, need: ReportNeed) -> bool:
    """May ``user`` do ``need`` to ``report``? (Visibility is checked separately.)"""
    if need in ("view", "attachment"):
        return can_use_reports(user)
    if need == "triage":
        return can_triage(user) and report.status == ReportStatus.NEW
    if need == "message":
        # The staff who record and triage may write to the reporter; a PPT officer of the
        # kelurahan too, since they are often the one who knows the reporter.
        return can_use_reports(user)
    if need == "unlock":
        return can_triage(user)
    return False


def get_report_for(user: Any, pk: int, *, need: ReportNeed = "view") -> Report:
    """The report if ``user`` may see it (404 otherwise); 404 too if they may not ``need``.

    Answering 404 instead of 403 for a visible report the user may not act on keeps
    one behaviour for "not yours": pages never reveal more than the list already shows.
    """
    report = (
        visible_reports(user)
        .select_related("kelurahan", "case", "received_by", "triaged_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_act_on_report(user, report, need):
        raise Http404
    return report


def visible_cases(user: Any, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases a user may find, for attaching a report. The casework issue refines this
    (case managers work assigned cases; providers see referrals only)."""
    qs = queryset if queryset is not None else Case.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.can(Cap.CASE_CONTENT):
        return qs.none()
    if user.role in ORGANISATION_SCOPED:
        return qs.none()
    return qs.filter(user.region_q("region_code"))


def get_case_for_attach(user: Any, number: str) -> Case:
    case = visible_cases(user).filter(number=number.strip()).first()
    if case is None:
        raise Http404
    return case


def get_deadline_rule_for(user: Any, pk: int) -> TriageDeadlineRule:
    """Triage deadline rules are reference data: the system admin edits them."""
    if not getattr(user, "is_authenticated", False) or not user.can(Cap.REFERENCE_MANAGE):
        raise Http404
    rule = TriageDeadlineRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule
