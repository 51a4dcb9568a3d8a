"""Reads of the Perkasa registry, always scoped (policies.visible_registrants)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from payung.identity import blind_index
from payung.identity.nik import compact
from payung.perkasa import choices, policies
from payung.perkasa.models import Disbursement, DuplicateFlag, Registrant, Score

LIST_FIELDS = (
    "pk",
    "name",
    "status",
    "prioritised",
    "source",
    "created_at",
    "region_code",
    "tracking_code",
    "kelurahan__name",
    "kelurahan__code",
    "current_score__category",
    "current_score__total",
)


def registrant_list(
    user: Any, *, query: str = "", status: str = "", kelurahan: str = ""
) -> QuerySet[Registrant]:
    """The registry list. A 16-digit query is a NIK and is looked up through its blind index
    (never decrypted or compared in clear); a tracking code is matched as typed."""
    # Only what a list row shows: the encrypted identity, housing and breakdown columns of a
    # province's registry are most of its bytes (docs/performance.md#perkasa-at-province-scale).
    qs = (
        policies.visible_registrants(user)
        .select_related("kelurahan", "current_score")
        .only(*LIST_FIELDS)
    )
    text = query.strip()
    if text:
        digits = compact(text)
        if digits.isdigit() and len(digits) == 16:
            qs = qs.filter(
                Q(nik_index=blind_index.nik_index(digits))
                | Q(kk_index=blind_index.kk_index(digits))
            )
        elif text.lstrip("#").isdigit():
            qs = qs.filter(pk=int(text.lstrip("#")))
        else:
            qs = qs.filter(tracking_code=text.replace("-", "").upper())
    if status in choices.Status.values:
        qs = qs.filter(status=status)
    if kelurahan:
        qs = qs.filter(region_code=kelurahan)
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class WorkCounts:
    pre_registered: int
    verified: int
    duplicates: int
    prioritised: int


def work_counts(user: Any) -> WorkCounts:
    counts = policies.visible_registrants(user).aggregate(
        pre=Count("pk", filter=Q(status=choices.Status.PRE_REGISTERED)),
        verified=Count("pk", filter=Q(status=choices.Status.VERIFIED)),
        prioritised=Count("pk", filter=Q(prioritised=True, status=choices.Status.PRE_REGISTERED)),
    )
    return WorkCounts(
        pre_registered=counts["pre"],
        verified=counts["verified"],
        duplicates=open_duplicates(user).count(),
        prioritised=counts["prioritised"],
    )


def open_duplicates(user: Any) -> QuerySet[DuplicateFlag]:
    if not policies.is_officer(user):
        return DuplicateFlag.objects.none()
    return (
        DuplicateFlag.objects.filter(
            user.region_q("region_code"), status=choices.DuplicateStatus.OPEN
        )
        .select_related("first__kelurahan", "second__kelurahan")
        .order_by("created_at")
    )


def get_duplicate_for(user: Any, pk: int) -> DuplicateFlag:
    from django.http import Http404

    flag = open_duplicates(user).filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


def score_history(registrant: Registrant) -> list[Score]:
    return list(registrant.scores.select_related("model").order_by("-model__version"))


def category_changes(model_version: int, user: Any) -> dict[str, int]:
    """How many registrations in scope moved up, down or stayed between the previous version
    and ``model_version`` (for the model page)."""
    scores = (
        Score.objects.filter(
            registrant__in=policies.visible_registrants(user).values("pk"),
            model__version__lte=model_version,
        )
        .order_by("registrant_id", "model__version")
        .values_list("registrant_id", "model__version", "category")
    )
    order = {str(c): i for i, c in enumerate(choices.CATEGORY_ORDER)}
    last: dict[int, list[tuple[int, str]]] = {}
    for registrant_id, version, category in scores:
        last.setdefault(registrant_id, []).append((version, category))
    out = {"naik": 0, "turun": 0, "tetap": 0}
    for history in last.values():
        if len(history) < 2 or history[-1][0] != model_version:
            continue
        before, after = order[history[-2][1]], order[history[-1][1]]
        out["tetap" if before == after else ("naik" if after > before else "turun")] += 1
    return out


FUNNEL_CACHE_SECONDS = 60


def funnel(user: Any) -> dict[str, int]:
    """Registered → verified → eligible → participant → graduated, in scope (counts only).

    Kept for a minute per scope: at province scale the grouped count reads the whole
    registry (~0.2 s), and the funnel is a trend, not a work queue."""
    key = f"perkasa:funnel:{user.scope_code}"
    cached = cache.get(key)
    if cached is None:
        cached = _funnel(user)
        cache.set(key, cached, FUNNEL_CACHE_SECONDS)
    return dict(cached)


def _funnel(user: Any) -> dict[str, int]:
    counts = dict(
        policies.visible_registrants(user)
        .exclude(status=choices.Status.MERGED)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    reached = {
        "terdaftar": sum(counts.values()),
        "terverifikasi": sum(
            counts.get(s, 0) for s in ("terverifikasi", "layak", "tidak_layak", "peserta", "lulus")
        ),
        "layak": sum(counts.get(s, 0) for s in ("layak", "peserta", "lulus")),
        "peserta": sum(counts.get(s, 0) for s in ("peserta", "lulus")),
        "lulus": counts.get("lulus", 0),
    }
    return reached


@dataclass(frozen=True)
class CycleSummary:
    """A cycle with quota used and budget absorbed (approved tranches) against its budget."""

    cycle: Any
    enrolled: int
    absorbed: int
    pending: int

    @property
    def quota_percent(self) -> int:
        return min(100, round(100 * self.enrolled / self.cycle.quota)) if self.cycle.quota else 0

    @property
    def budget_percent(self) -> int:
        return min(100, round(100 * self.absorbed / self.cycle.budget)) if self.cycle.budget else 0

    @property
    def remaining(self) -> int:
        return max(0, self.cycle.budget - self.absorbed)


def cycle_summaries(cycles: QuerySet[Any], user: Any) -> list[CycleSummary]:
    """Counts are of the whole cycle (quota and budget are the cycle's), two aggregate
    queries whatever the number of cycles."""
    rows = list(
        cycles.select_related("programme")
        .annotate(n_enrolled=Count("enrolments", distinct=True))
        .order_by("-id")
    )
    money: dict[tuple[int, str], int] = {}
    for cycle_id, state, total in (
        Disbursement.objects.filter(cycle_id__in=[c.pk for c in rows])
        .values_list("cycle_id", "state")
        .annotate(total=Sum("amount"))
        .values_list("cycle_id", "state", "total")
    ):
        money[(cycle_id, state)] = int(total or 0)
    return [
        CycleSummary(
            cycle=c,
            enrolled=c.n_enrolled,
            absorbed=money.get((c.pk, Disbursement.State.APPROVED), 0),
            pending=money.get((c.pk, Disbursement.State.PROPOSED), 0),
        )
        for c in rows
    ]
