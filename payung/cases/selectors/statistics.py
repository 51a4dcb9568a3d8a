"""Statistical facts of cases for the insights app: attributes and counts, never a name.

Everything here reads categorical columns (sex, codes, dates, flags) through ``values()``;
no identifying field (name, alias, NIK, address, chronology) is selected, so none is even
decrypted. The one exception is the birth date (encrypted at rest): it is decrypted only to
compute an age in whole years and an age group, and never returned. The insights app keeps its fact table
from ``victim_case_facts`` and checks it against the same function (docs/insights.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from payung.cases.choices import (
    DeadlineState,
    PartyRole,
    Relationship,
    ReportStatus,
    age_group_for,
)
from payung.cases.models import Case, CaseDeadline, CaseParty, Incident, Person, Report

# Deadline rules whose share met is a KPI (docs/domain.md#case-deadlines).
TPKS_RULES = ("tpks-laporan-polisi", "tpks-perlindungan-sementara")


def _age(
    birth: date | None, estimate: int | None, estimated_on: date | None, on: date
) -> int | None:
    if birth:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if estimate is not None:
        since = estimated_on or on
        return estimate + max(0, (on - since).days // 365)
    return None


def _local_date(value: datetime | None) -> date | None:
    return timezone.localdate(value) if value else None


def case_ids_in(region_code: str = "") -> QuerySet[Any]:
    """Ids of every case (of ``region_code``'s scope when given), for a full rebuild."""
    qs = Case.objects.all()
    if region_code:
        qs = qs.filter(region_code__startswith=region_code)
    return qs.order_by("pk").values_list("pk", flat=True)


def cases_changed_since(since: datetime) -> set[int]:
    """Cases whose statistical facts may have changed since ``since``: the case row, one of
    its incidents, a party added, or a victim's person record edited."""
    ids: set[int] = set(Case.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    ids |= set(Incident.objects.filter(updated_at__gte=since).values_list("case_id", flat=True))
    ids |= set(CaseParty.objects.filter(created_at__gte=since).values_list("case_id", flat=True))
    people = Person.objects.filter(updated_at__gte=since).values("pk")
    ids |= set(CaseParty.objects.filter(person_id__in=people).values_list("case_id", flat=True))
    return ids


def victim_case_facts(case_ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """One dict per victim of each case in ``case_ids``: the statistical facts of the
    SIMFONI-PPA register, without a name or an identifying number.

    A victim's incident is the first incident that names them as a victim, else the case's
    first incident. The perpetrator is the first perpetrator of that incident, else of the
    case. Ages are in whole years on the day the case was reported (opened when no report).
    """
    ids = list(case_ids)
    if not ids:
        return
    cases: dict[int, dict[str, Any]] = {
        row["pk"]: dict(row)
        for row in Case.objects.filter(pk__in=ids).values(
            "pk",
            "number",
            "region_code",
            "kelurahan__code",
            "status",
            "created_at",
            "reported_at",
            "closed_at",
            "flag_kdrt",
            "flag_tpks",
            "risk_level",
            "unit",
        )
    }
    person_fields = (
        "person__sex",
        "person__birth_date",
        "person__age_estimate",
        "person__age_estimated_on",
        "person__education",
        "person__occupation",
        "person__marital_status",
        "person__religion",
        "person__disability",
        "person__kelurahan__code",
    )
    parties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        CaseParty.objects.filter(
            case_id__in=ids, role__in=[PartyRole.VICTIM, PartyRole.PERPETRATOR]
        )
        .order_by("pk")
        .values("pk", "case_id", "role", "relationship", "perpetrator_kind", *person_fields)
    ):
        parties[row["case_id"]].append(dict(row))
    incidents: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Incident.objects.filter(case_id__in=ids)
        .order_by("occurred_on", "pk")
        .values(
            "pk",
            "case_id",
            "occurred_on",
            "place_category",
            "violence_forms",
            "gbv_core_type",
            "relationship",
            "kdrt",
            "tpks",
            "kelurahan__code",
        )
    ):
        incidents[row["case_id"]].append(dict(row))
    victims_of: dict[int, list[int]] = defaultdict(list)
    perpetrators_of: dict[int, list[int]] = defaultdict(list)
    for incident_id, party_id in Incident.victims.through.objects.filter(
        incident__case_id__in=ids
    ).values_list("incident_id", "caseparty_id"):
        victims_of[incident_id].append(party_id)
    for incident_id, party_id in Incident.perpetrators.through.objects.filter(
        incident__case_id__in=ids
    ).values_list("incident_id", "caseparty_id"):
        perpetrators_of[incident_id].append(party_id)

    for case_id in ids:
        case = cases.get(case_id)
        if case is None:
            continue
        opened = _local_date(case["created_at"])
        reported = _local_date(case["reported_at"]) or opened
        assert opened is not None and reported is not None
        by_id = {p["pk"]: p for p in parties[case_id]}
        perpetrators = [p for p in parties[case_id] if p["role"] == PartyRole.PERPETRATOR]
        for victim in (p for p in parties[case_id] if p["role"] == PartyRole.VICTIM):
            case_incidents = incidents[case_id]
            own = [i for i in case_incidents if victim["pk"] in victims_of[i["pk"]]]
            chosen = own or case_incidents
            incident: dict[str, Any] | None = chosen[0] if chosen else None
            forms: set[str] = set()
            for i in own or case_incidents:
                forms.update(i["violence_forms"] or [])
            perpetrator: dict[str, Any] | None = None
            if incident is not None:
                named = [by_id[p] for p in perpetrators_of[incident["pk"]] if p in by_id]
                perpetrator = (named or perpetrators or [None])[0]  # type: ignore[list-item]
            elif perpetrators:
                perpetrator = perpetrators[0]
            age = _age(
                victim["person__birth_date"],
                victim["person__age_estimate"],
                victim["person__age_estimated_on"],
                reported,
            )
            p_age = (
                _age(
                    perpetrator["person__birth_date"],
                    perpetrator["person__age_estimate"],
                    perpetrator["person__age_estimated_on"],
                    reported,
                )
                if perpetrator
                else None
            )
            # The incident's relationship (SIMFONI records it per incident); the
            # perpetrator's own when the incident does not know it.
            relationship = (incident or {}).get("relationship") or ""
            if (
                relationship in ("", Relationship.UNKNOWN)
                and perpetrator
                and perpetrator["relationship"]
            ):
                relationship = perpetrator["relationship"]
            yield {
                "party_id": victim["pk"],
                "case_id": case_id,
                "case_number": case["number"],
                "region_code": case["region_code"],
                "kelurahan_code": case["kelurahan__code"] or "",
                "status": case["status"],
                "opened_on": opened,
                "reported_on": reported,
                "closed_on": _local_date(case["closed_at"]),
                "occurred_on": incident["occurred_on"] if incident else None,
                "place_category": incident["place_category"] if incident else "",
                "violence_forms": sorted(forms),
                "gbv_core_type": (incident or {}).get("gbv_core_type") or "",
                "kdrt": bool(case["flag_kdrt"] or (incident and incident["kdrt"])),
                "tpks": bool(case["flag_tpks"] or (incident and incident["tpks"])),
                "relationship": relationship,
                "victim_sex": victim["person__sex"] or "",
                "victim_age": age,
                "victim_age_group": age_group_for(age) if age is not None else "",
                "victim_education": victim["person__education"] or "",
                "victim_occupation": victim["person__occupation"] or "",
                "victim_marital_status": victim["person__marital_status"] or "",
                "victim_religion": victim["person__religion"] or "",
                "victim_disability": victim["person__disability"] or "",
                "perpetrator_kind": perpetrator["perpetrator_kind"] if perpetrator else "",
                "perpetrator_sex": (perpetrator or {}).get("person__sex") or "",
                "perpetrator_age": p_age,
                "perpetrator_education": (perpetrator or {}).get("person__education") or "",
                "perpetrator_occupation": (perpetrator or {}).get("person__occupation") or "",
            }


# --- KPI inputs for the insights summary tables (one row per record, no person) ----------


def case_rows(case_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Per case: scope code and the local days it was opened and closed."""
    rows = []
    for row in Case.objects.filter(pk__in=list(case_ids)).values(
        "pk", "region_code", "created_at", "closed_at"
    ):
        rows.append(
            {
                "case_id": row["pk"],
                "region_code": row["region_code"],
                "opened_on": _local_date(row["created_at"]),
                "closed_on": _local_date(row["closed_at"]),
            }
        )
    return rows


def tpks_deadline_rows(case_ids: Iterable[int] | QuerySet[Any]) -> list[dict[str, Any]]:
    """The TPKS police-report and protection deadlines of ``case_ids`` (a list or a
    subquery): due, met and state — what ``case_kpis`` counts."""
    if not isinstance(case_ids, QuerySet):
        case_ids = list(case_ids)
    return [
        {
            "deadline_id": row["pk"],
            "case_id": row["case_id"],
            "region_code": row["case__region_code"],
            "state": row["state"],
            "due_at": row["due_at"],
            "met_at": row["met_at"],
        }
        for row in CaseDeadline.objects.filter(case_id__in=case_ids, rule__code__in=TPKS_RULES)
        .order_by()
        .values("pk", "case_id", "case__region_code", "state", "due_at", "met_at")
    ]


def unclosed_case_ids() -> QuerySet[Any]:
    """Ids of the cases not closed (a subquery): the only cases whose deadlines can change
    without the case row changing (a closed case's items are set aside when it closes, and
    reopening it changes the case row)."""
    from payung.cases.choices import CaseStatus

    return Case.objects.exclude(status=CaseStatus.CLOSED).order_by().values("pk")


def report_ids_in() -> QuerySet[Any]:
    return Report.objects.order_by("pk").values_list("pk", flat=True)


def reports_changed_since(since: datetime) -> set[int]:
    return set(Report.objects.filter(updated_at__gte=since).values_list("pk", flat=True))


def report_rows(report_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Per report: scope code, local day received, and — once triaged — the hours from
    receipt to triage and whether that was within its response deadline (as ``report_kpis``
    computes them)."""
    rows = []
    for pk, region, received, triaged_at, due, status in Report.objects.filter(
        pk__in=list(report_ids)
    ).values_list("pk", "region_code", "received_at", "triaged_at", "due_at", "status"):
        triaged = triaged_at is not None and status != ReportStatus.NEW
        hours = (triaged_at - received).total_seconds() / 3600 if triaged_at else None
        rows.append(
            {
                "report_id": pk,
                "region_code": region,
                "received_at": received,
                "triaged": triaged,
                "triage_hours": hours if triaged else None,
                "triage_met": bool(triaged and triaged_at and due and triaged_at <= due),
            }
        )
    return rows


# --- KPIs: counts and durations over a period, scoped by a region code prefix ------------


def _in(scope: str, field: str = "region_code") -> Q:
    return Q(**{f"{field}__startswith": scope})


def report_kpis(scope: str, start: datetime, end: datetime) -> dict[str, Any]:
    """Reports received in [start, end), the median hours from receipt to triage and the
    share triaged within their response deadline (of those triaged)."""
    reports = Report.objects.filter(_in(scope), received_at__gte=start, received_at__lt=end)
    received = reports.count()
    triaged: list[tuple[Any, Any, Any]] = list(
        reports.filter(triaged_at__isnull=False)
        .exclude(status=ReportStatus.NEW)
        .values_list("received_at", "triaged_at", "due_at")
    )
    hours = [(t - r).total_seconds() / 3600 for r, t, _due in triaged]
    met = len([1 for _r, t, due in triaged if t <= due])
    return {
        "reports_received": received,
        "median_hours_to_triage": round(median(hours), 1) if hours else None,
        "triage_met_share": round(100 * met / len(triaged), 1) if triaged else None,
    }


def case_kpis(scope: str, start: datetime, end: datetime) -> dict[str, Any]:
    """Cases opened and closed in [start, end), open at ``end``, and the share of TPKS
    police-report and protection deadlines due in the period that were met in time."""
    cases = Case.objects.filter(_in(scope))
    opened = cases.filter(created_at__gte=start, created_at__lt=end).count()
    closed = cases.filter(closed_at__gte=start, closed_at__lt=end).count()
    open_now = (
        cases.filter(created_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        .count()
    )
    due = CaseDeadline.objects.filter(
        _in(scope, "case__region_code"),
        rule__code__in=TPKS_RULES,
        due_at__gte=start,
        due_at__lt=end,
    ).exclude(state__in=[DeadlineState.NOT_APPLICABLE, DeadlineState.WAITING])
    now = timezone.now()
    rows: list[tuple[str, Any, Any]] = list(due.values_list("state", "met_at", "due_at"))
    settled = [r for r in rows if r[0] == DeadlineState.MET or (r[2] and r[2] <= now)]
    met = len(
        [
            1
            for state, met_at, due_at in settled
            if state == DeadlineState.MET and met_at and due_at and met_at <= due_at
        ]
    )
    return {
        "cases_opened": opened,
        "cases_closed": closed,
        "cases_open": open_now,
        "tpks_met_share": round(100 * met / len(settled), 1) if settled else None,
    }


def monthly_case_counts(scope: str, start: datetime, end: datetime) -> dict[tuple[int, int], int]:
    """Cases opened per (year, month) in [start, end), straight from the records (the
    insights fact table is compared with this in the tests)."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for created in Case.objects.filter(
        _in(scope), created_at__gte=start, created_at__lt=end
    ).values_list("created_at", flat=True):
        day = timezone.localdate(created)
        counts[(day.year, day.month)] += 1
    return dict(counts)


def case_count(scope: str) -> int:
    return Case.objects.filter(_in(scope)).aggregate(n=Count("pk"))["n"]


def case_ids_opened(scope: str, start: datetime, end: datetime) -> list[int]:
    """Ids of the cases of ``scope`` opened in [start, end), oldest first."""
    return list(
        Case.objects.filter(_in(scope), created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def openable_case_ids(user: Any, case_ids: Iterable[int]) -> set[int]:
    """Which of ``case_ids`` ``user`` may open (``policies.visible_cases``): the insights
    pages link only those."""
    from payung.cases.policies import visible_cases

    return set(visible_cases(user).filter(pk__in=list(case_ids)).values_list("pk", flat=True))


def case_export_values(case_ids: list[int]) -> list[list[Any]]:
    """Rows of the case-list export for ``case_ids`` (already scoped by the caller through
    ``case_list``), in that order: number, dates and categories — no person."""
    from payung.cases.choices import CaseStatus, CaseUnit, RiskLevel, ViolenceForm

    status = dict(CaseStatus.choices)
    risk = dict(RiskLevel.choices)
    unit = dict(CaseUnit.choices)
    forms = dict(ViolenceForm.choices)
    by_id = {
        row["pk"]: row
        for row in Case.objects.filter(pk__in=case_ids).values(
            "pk",
            "number",
            "created_at",
            "status",
            "risk_level",
            "kelurahan__name",
            "unit",
            "violence_tags",
            "flag_kdrt",
            "flag_tpks",
            "flag_child",
            "closed_at",
        )
    }
    rows: list[list[Any]] = []
    for pk in case_ids:
        row = by_id.get(pk)
        if row is None:
            continue
        tags = [t for t in (row["violence_tags"] or "").split(",") if t]
        rows.append(
            [
                row["number"],
                row["created_at"],
                str(status.get(row["status"], row["status"])),
                str(risk.get(row["risk_level"], row["risk_level"])),
                row["kelurahan__name"] or "",
                str(unit.get(row["unit"], row["unit"])),
                ", ".join(str(forms.get(t, t)) for t in tags),
                "Ya" if row["flag_kdrt"] else "Tidak",
                "Ya" if row["flag_tpks"] else "Tidak",
                "Ya" if row["flag_child"] else "Tidak",
                row["closed_at"],
            ]
        )
    return rows
