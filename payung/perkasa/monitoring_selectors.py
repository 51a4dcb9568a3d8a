"""Reads for monitoring: work lists in the officer's scope and the funnel by kelurahan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, Max, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from payung.perkasa import choices, policies
from payung.perkasa.models import Appeal, CategoryOverride, FollowUp, Registrant
from payung.perkasa.monitoring import add_months, current_policy
from payung.regions.models import Region


def _officer_q(user: Any) -> Q | None:
    return user.region_q("region_code") if policies.is_officer(user) else None


def pending_appeals(user: Any) -> QuerySet[Appeal]:
    q = _officer_q(user)
    if q is None:
        return Appeal.objects.none()
    return (
        Appeal.objects.filter(q, state=Appeal.State.PENDING)
        .select_related("registrant__kelurahan")
        .order_by("due_on", "id")
    )


def overdue_appeals(user: Any, today: dt.date | None = None) -> QuerySet[Appeal]:
    return pending_appeals(user).filter(due_on__lt=today or timezone.localdate())


def pending_overrides(user: Any) -> QuerySet[CategoryOverride]:
    if not policies.is_officer(user):
        return CategoryOverride.objects.none()
    return (
        CategoryOverride.objects.filter(
            registrant__in=policies.visible_registrants(user).values("pk"),
            state=CategoryOverride.State.PROPOSED,
        )
        .select_related("registrant__kelurahan", "proposed_by")
        .order_by("proposed_at")
    )


def reassessments_due(user: Any, today: dt.date | None = None) -> QuerySet[Registrant]:
    """Eligible women and participants whose last assessment (the home visit or a
    re-assessment) is older than the policy's period."""
    if not policies.is_officer(user):
        return Registrant.objects.none()
    today = today or timezone.localdate()
    cutoff = add_months(today, -current_policy().reassess_months)
    return (
        policies.visible_registrants(user)
        .filter(status__in=[choices.Status.ELIGIBLE, choices.Status.PARTICIPANT])
        .annotate(
            last_assessed=Coalesce(
                Max("assessments__assessed_on"),
                TruncDate("verified_at", tzinfo=timezone.get_current_timezone()),
                output_field=DateField(),
            )
        )
        .filter(last_assessed__lte=cutoff)
        .select_related("kelurahan")
        .order_by("last_assessed", "pk")
    )


def followups_due(user: Any, today: dt.date | None = None) -> QuerySet[FollowUp]:
    q = _officer_q(user)
    if q is None:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(q, done_on__isnull=True, due_on__lte=today or timezone.localdate())
        .select_related("registrant__kelurahan")
        .order_by("due_on", "id")
    )


def relapses(user: Any) -> QuerySet[FollowUp]:
    q = _officer_q(user)
    if q is None:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(q, relapse=True)
        .select_related("registrant__kelurahan")
        .order_by("-done_on", "-id")
    )


@dataclass(frozen=True)
class MonitoringCounts:
    appeals_pending: int
    appeals_overdue: int
    overrides_pending: int
    reassessments_due: int
    followups_due: int
    relapses: int


def monitoring_counts(user: Any) -> MonitoringCounts:
    today = timezone.localdate()
    appeals = pending_appeals(user).aggregate(
        n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    return MonitoringCounts(
        appeals_pending=appeals["n"],
        appeals_overdue=appeals["overdue"],
        overrides_pending=pending_overrides(user).count(),
        reassessments_due=reassessments_due(user, today).count(),
        followups_due=followups_due(user, today).count(),
        relapses=relapses(user).count(),
    )


# --- the funnel by kelurahan -----------------------------------------------------------------

FUNNEL_STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "terdaftar",
        (
            "pra_daftar",
            "terverifikasi",
            "layak",
            "tidak_layak",
            "peserta",
            "lulus",
            "keluar",
        ),
    ),
    ("terverifikasi", ("terverifikasi", "layak", "tidak_layak", "peserta", "lulus")),
    ("layak", ("layak", "peserta", "lulus")),
    ("peserta", ("peserta", "lulus")),
    ("lulus", ("lulus",)),
)


@dataclass(frozen=True)
class FunnelRow:
    code: str
    name: str
    counts: tuple[int, ...]  # in FUNNEL_STAGES order


def funnel_by_kelurahan(user: Any) -> list[FunnelRow]:
    """Counts per kelurahan in the officer's scope, never a name: one grouped query."""
    if not policies.is_officer(user):
        return []
    aggregates = {
        stage: Count("pk", filter=Q(status__in=statuses)) for stage, statuses in FUNNEL_STAGES
    }
    rows = list(
        policies.visible_registrants(user)
        .exclude(status=choices.Status.MERGED)
        .order_by()
        .values("region_code")
        .annotate(**aggregates)
    )
    names = dict(
        Region.objects.filter(code__in=[r["region_code"] for r in rows]).values_list("code", "name")
    )
    out = [
        FunnelRow(
            code=r["region_code"],
            name=names.get(r["region_code"], r["region_code"]),
            counts=tuple(r[stage] for stage, _statuses in FUNNEL_STAGES),
        )
        for r in rows
    ]
    return sorted(out, key=lambda row: (row.name, row.code))
