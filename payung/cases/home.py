"""What casework adds to the staff start page: what needs doing, as counts that link to the
list behind them (issue #15). Through ``accounts.home_extensions``: accounts does not import
cases. Counts come from the same selectors as the lists they link to, so a count and its list
never disagree; each group is one aggregate query."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payung.accounts.home_extensions import HomeExtension, HomePanel
from payung.accounts.roles import Role
from payung.cases import policies
from payung.cases.choices import CaseStatus, DeadlineState, ReportStatus, RiskLevel
from payung.cases.models import CaseDeadline
from payung.cases.selectors import queues, reports

if TYPE_CHECKING:
    from payung.accounts.models import User

WORK_ROLES = frozenset({Role.SUPERVISOR, Role.CASE_MANAGER, Role.PPT_OFFICER})


def _tile(count: int, label: Any, url: str, urgent: bool = False) -> dict[str, Any]:
    return {"count": count, "label": label, "url": url, "urgent": urgent and count > 0}


def work_counts(user: Any) -> dict[str, Any]:
    now = timezone.now()
    tiles: list[dict[str, Any]] = []
    waiting: list[Any] = []
    if policies.can_triage(user):
        queue = reports.triage_queue(user, now=now)
        triage = queue.aggregate(
            total=Count("pk"),
            high=Count("pk", filter=Q(risk_level=RiskLevel.HIGH)),
            late=Count("pk", filter=Q(due_at__lte=now)),
        )
        url = reverse("cases:triage_queue")
        tiles += [
            _tile(triage["high"], _("laporan risiko tinggi menunggu triase"), url, urgent=True),
            _tile(triage["total"], _("laporan menunggu triase"), url),
            _tile(triage["late"], _("laporan lewat batas respons"), url, urgent=True),
        ]
        # The waiting high-risk reports themselves: one tap opens each (no names here).
        waiting = list(queue.filter(risk_level=RiskLevel.HIGH)[:3])
    if user.role == Role.SUPERVISOR:
        open_cases = policies.visible_cases(user).exclude(status=CaseStatus.CLOSED)
        counts = open_cases.aggregate(unassigned=Count("pk", filter=Q(owner__isnull=True)))
        overdue = CaseDeadline.objects.filter(
            state=DeadlineState.OPEN, due_at__lte=now, case__in=open_cases.values("pk")
        ).count()
        tiles += [
            _tile(
                overdue, _("tenggat hukum terlewat di tim"), reverse("cases:deadlines"), urgent=True
            ),
            _tile(
                queues.closure_queue(user).count(),
                _("penutupan menunggu persetujuan"),
                reverse("cases:closure_queue"),
            ),
            _tile(
                counts["unassigned"],
                _("kasus belum punya manajer kasus"),
                reverse("cases:case_list"),
            ),
        ]
    elif user.role in (Role.CASE_MANAGER, Role.PPT_OFFICER):
        mine = queues.my_deadlines(user).aggregate(
            overdue=Count("pk", filter=Q(due_at__lte=now)),
            week=Count("pk", filter=Q(due_at__gt=now, due_at__lte=now + timedelta(days=7))),
        )
        url = reverse("cases:deadlines")
        tiles += [
            _tile(mine["overdue"], _("tenggat saya terlewat"), url, urgent=True),
            _tile(mine["week"], _("tenggat saya minggu ini"), url),
        ]
    if user.role == Role.PPT_OFFICER:
        walk_ins = reports.report_list(user).aggregate(
            new=Count("pk", filter=Q(status=ReportStatus.NEW)), total=Count("pk")
        )
        url = reverse("cases:report_list")
        tiles += [
            _tile(walk_ins["new"], _("laporan kelurahan saya menunggu triase"), url),
            _tile(walk_ins["total"], _("laporan kelurahan saya"), url),
        ]
    return {"tiles": tiles, "waiting": waiting}


class CaseworkHome(HomeExtension):
    def panels(self, user: User) -> list[HomePanel]:
        if user.role not in WORK_ROLES:
            return []
        return [HomePanel("cases/_home_work.html", work_counts(user))]
