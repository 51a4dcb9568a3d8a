"""Aggregates of care for the insights app: counts, durations and the service rows of the
SIMFONI-PPA register — organisations and categories, never a person's name.

Scope is a region code prefix on the case (``case__region_code``), the same predicate the
policies use; the insights app decides who may ask for which prefix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from statistics import median
from typing import Any

from django.db.models import Count, Q, Sum

from payung.care.choices import DELIVERED_OUTCOMES, ReferralStatus
from payung.care.models import Referral, ServiceRecord, Shelter, Stay


def _in(scope: str, field: str = "case__region_code") -> Q:
    return Q(**{f"{field}__startswith": scope})


def referral_kpis(scope: str, start: datetime, end: datetime) -> dict[str, Any]:
    """Referrals completed in [start, end) and the median days from sending to completion."""
    done: list[tuple[Any, Any]] = list(
        Referral.objects.filter(
            _in(scope),
            status=ReferralStatus.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
        ).values_list("sent_at", "completed_at")
    )
    days = [(c - s).total_seconds() / 86400 for s, c in done if c]
    return {
        "referrals_completed": len(done),
        "median_days_referral": round(median(days), 1) if days else None,
    }


def shelter_occupancy(scope: str, at: datetime) -> dict[str, Any]:
    """Residents at ``at`` against the capacity of the shelters in scope (percent)."""
    shelters = Shelter.objects.filter(_in(scope, "organisation__region_code"))
    capacity = shelters.aggregate(n=Sum("capacity"))["n"] or 0
    residents = (
        Stay.objects.filter(shelter__in=shelters, admitted_at__lt=at)
        .filter(Q(discharged_at__isnull=True) | Q(discharged_at__gte=at))
        .count()
    )
    return {
        "shelter_residents": residents,
        "shelter_capacity": capacity,
        "shelter_occupancy": round(100 * residents / capacity, 1) if capacity else None,
    }


def services_by_simfoni_category(
    scope: str, start: date, end: date, *, case_ids: Any = None
) -> dict[str, int]:
    """Services delivered (outcome counted as given) per SIMFONI-PPA category, delivered
    on days in [start, end); ``case_ids`` (a subquery) narrows to some cases."""
    qs = ServiceRecord.objects.filter(
        _in(scope),
        delivered_on__gte=start,
        delivered_on__lt=end,
        outcome__in=DELIVERED_OUTCOMES,
    )
    if case_ids is not None:
        qs = qs.filter(case_id__in=case_ids)
    return {
        row["simfoni_category"]: row["n"]
        for row in qs.values("simfoni_category").annotate(n=Count("pk")).order_by()
    }


def service_rows(party_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """The delivered services of each victim (by party id), oldest first, for the register:
    date, service code, SIMFONI category, institution (an organisation's name or our own
    unit) and outcome. The free-text description is not read."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    ids = list(party_ids)
    if not ids:
        return rows
    for row in (
        ServiceRecord.objects.filter(victim_id__in=ids)
        .order_by("delivered_on", "pk")
        .values(
            "victim_id",
            "delivered_on",
            "service__code",
            "simfoni_category",
            "organisation__name",
            "internal_unit",
            "outcome",
        )
    ):
        rows[row["victim_id"]].append(dict(row))
    return rows


# --- inputs of the insights summary tables (per case; organisations and dates only) -------


def cases_with_care_changed_since(since: datetime) -> set[int]:
    """Cases with a referral or a service record created or changed since ``since``."""
    ids = set(Referral.objects.filter(updated_at__gte=since).values_list("case_id", flat=True))
    ids |= set(
        ServiceRecord.objects.filter(updated_at__gte=since).values_list("case_id", flat=True)
    )
    return ids


def completed_referral_rows(case_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The completed referrals of ``case_ids``: when completed and the days from sending to
    completion (as ``referral_kpis`` computes them)."""
    rows: list[tuple[int, int, str, datetime, datetime]] = list(
        Referral.objects.filter(
            case_id__in=list(case_ids),
            status=ReferralStatus.COMPLETED,
            completed_at__isnull=False,
        ).values_list("pk", "case_id", "case__region_code", "sent_at", "completed_at")  # type: ignore[arg-type]
    )
    return [
        {
            "referral_id": pk,
            "case_id": case_id,
            "region_code": region,
            "completed_at": completed,
            "days": (completed - sent).total_seconds() / 86400,
        }
        for pk, case_id, region, sent, completed in rows
    ]


def delivered_service_rows(case_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The services of ``case_ids`` counted as given: day and SIMFONI-PPA category."""
    return [
        {
            "service_record_id": pk,
            "case_id": case_id,
            "region_code": region,
            "delivered_on": delivered,
            "simfoni_category": category,
        }
        for pk, case_id, region, delivered, category in ServiceRecord.objects.filter(
            case_id__in=list(case_ids), outcome__in=DELIVERED_OUTCOMES
        ).values_list("pk", "case_id", "case__region_code", "delivered_on", "simfoni_category")
    ]
