"""What cases adds to the staff start page: "what needs doing" counts (issue #15).

Registered in ``CasesConfig.ready()`` through ``accounts.home_extensions``. Each block is one
aggregate query over the same scoped selectors the lists use, so a count always matches the
list it links to (tests/cases/test_home_counts.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.home_extensions import HomeCount, HomeExtension
from payung.accounts.roles import Cap, Role
from payung.cases import policies
from payung.cases.choices import (
    OPEN_CASE_STATUSES,
    ClosureRequestState,
    DeadlineState,
    ReportStatus,
    RiskLevel,
)
from payung.cases.models import CaseDeadline, ClosureRequest
from payung.cases.selectors.queues import my_deadlines
from payung.cases.selectors.reports import triage_queue

if TYPE_CHECKING:
    from payung.accounts.models import User

# How many of the waiting high-risk reports the start page names, one tap from each.
HIGH_RISK_SHOWN = 5


def triage_counts(user: User) -> list[HomeCount]:
    """Reports awaiting triage, by risk: one aggregate, plus the first high-risk reports."""
    now = timezone.now()
    queue = triage_queue(user, now=now)
    figures = queue.order_by().aggregate(
        total=Count("pk"),
        high=Count("pk", filter=Q(risk_level=RiskLevel.HIGH)),
        overdue=Count("pk", filter=Q(due_at__lte=now)),
    )
    url = reverse("cases:triage_queue")
    high_items: tuple[tuple[str, str], ...] = ()
    if figures["high"]:
        high_items = tuple(
            (r.display_code, reverse("cases:report_detail", args=[r.pk]))
            for r in queue.filter(risk_level=RiskLevel.HIGH)[:HIGH_RISK_SHOWN]
        )
    return [
        HomeCount(
            _("Laporan risiko tinggi menunggu triase"),
            figures["high"],
            url,
            urgent=True,
            items=high_items,
        ),
        HomeCount(_("Laporan menunggu triase"), figures["total"], url),
        HomeCount(_("Laporan lewat batas respons"), figures["overdue"], url, urgent=True),
    ]


def deadline_counts(user: User) -> list[HomeCount]:
    """The user's own open legal deadlines: overdue and due within seven days."""
    now = timezone.now()
    figures = (
        my_deadlines(user)
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=Q(due_at__lte=now)),
            week=Count("pk", filter=Q(due_at__gt=now, due_at__lte=now + timedelta(days=7))),
        )
    )
    url = reverse("cases:deadlines")
    return [
        HomeCount(_("Tenggat hukum saya yang terlewati"), figures["overdue"], url, urgent=True),
        HomeCount(_("Tenggat saya dalam 7 hari"), figures["week"], url),
    ]


def team_counts(user: User) -> list[HomeCount]:
    """A supervisor's team: closures awaiting approval, cases with an overdue deadline and
    open cases without a case manager — one query over the visible cases."""
    now = timezone.now()
    pending_closure = Exists(
        ClosureRequest.objects.filter(case_id=OuterRef("pk"), state=ClosureRequestState.PENDING)
    )
    overdue = Exists(
        CaseDeadline.objects.filter(
            case_id=OuterRef("pk"), state=DeadlineState.OPEN, due_at__lte=now
        )
    )
    figures = (
        policies.visible_cases(user)
        .order_by()
        .aggregate(
            closures=Count("pk", filter=Q(pending_closure)),
            overdue=Count("pk", filter=Q(overdue)),
            unassigned=Count(
                "pk", filter=Q(owner__isnull=True, status__in=list(OPEN_CASE_STATUSES))
            ),
        )
    )
    return [
        HomeCount(
            _("Penutupan menunggu persetujuan"),
            figures["closures"],
            reverse("cases:closure_queue"),
        ),
        HomeCount(
            _("Kasus tim dengan tenggat terlewati"),
            figures["overdue"],
            reverse("cases:deadlines"),
            urgent=True,
        ),
        HomeCount(
            _("Kasus terbuka tanpa manajer kasus"),
            figures["unassigned"],
            reverse("cases:case_list"),
        ),
    ]


def walk_in_counts(user: User) -> list[HomeCount]:
    """The PPT officer's reports (her kelurahan's walk-ins and the reports she recorded) by
    where they stand, in one aggregate over the list they link to."""
    figures = (
        policies.visible_reports(user)
        .order_by()
        .aggregate(
            waiting=Count("pk", filter=Q(status=ReportStatus.NEW)),
            in_case=Count("pk", filter=Q(status=ReportStatus.IN_CASE)),
        )
    )
    url = reverse("cases:report_list")
    return [
        HomeCount(
            _("Laporan kelurahan saya menunggu triase"),
            figures["waiting"],
            f"{url}?status={ReportStatus.NEW}",
        ),
        HomeCount(
            _("Laporan kelurahan saya yang sudah menjadi kasus"),
            figures["in_case"],
            f"{url}?status={ReportStatus.IN_CASE}",
        ),
    ]


class CasesHome(HomeExtension):
    def counts(self, user: User) -> list[HomeCount]:
        out: list[HomeCount] = []
        if user.can(Cap.REPORT_TRIAGE):
            out.extend(triage_counts(user))
        if policies.is_supervisor(user):
            out.extend(team_counts(user))
        elif user.can(Cap.CASE_CONTENT) and user.role in (Role.CASE_MANAGER, Role.PPT_OFFICER):
            out.extend(deadline_counts(user))
        if user.role == Role.PPT_OFFICER:
            out.extend(walk_in_counts(user))
        return out


def triage_badge(user: User) -> int:
    """The navigation's triage count: reports waiting in the user's queue."""
    if not user.can(Cap.REPORT_TRIAGE):
        return 0
    return triage_queue(user).order_by().count()
