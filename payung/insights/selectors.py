"""Reads of the insights app: the dashboard's numbers, counted from the fact table inside a
region scope, and the KPIs counted from the records through the cases/care statistics
selectors. Aggregates only: nothing here returns a person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Substr
from django.utils import timezone

from payung.care import statistics as care_statistics
from payung.cases import selectors as case_selectors
from payung.cases.choices import (
    AgeGroup,
    DeadlineState,
    PlaceCategory,
    Relationship,
    Sex,
    ViolenceForm,
)
from payung.cases.selectors import statistics as case_statistics
from payung.insights.models import (
    MONTH_AREA,
    CaseFact,
    DeadlineFact,
    MonthFact,
    ReferralFact,
    RefreshState,
    ReportFact,
    ServiceFact,
    VictimCaseFact,
)
from payung.partners.choices import SimfoniCategory
from payung.regions.models import Region, RegionLevel

MONTHS_SHOWN = 36
# What the counts count: a NOT NULL column at the head of every summary table's covering
# index, so that COUNT(region_code) equals COUNT(*) and is read from the index alone (Django
# refuses a filtered COUNT(*), and COUNT(id) would visit the table for every row).
ROWS = "region_code"
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass(frozen=True)
class Period:
    """[start, end) in local days: a calendar year, or one month of it."""

    year: int
    month: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        if self.month is None:
            return date(self.year + 1, 1, 1)
        return date(self.year + (self.month == 12), self.month % 12 + 1, 1)

    @property
    def previous(self) -> Period:
        if self.month is None:
            return Period(self.year - 1)
        if self.month == 1:
            return Period(self.year - 1, 12)
        return Period(self.year, self.month - 1)

    @property
    def label(self) -> str:
        if self.month is None:
            return str(self.year)
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    def bounds(self) -> tuple[datetime, datetime]:
        return _aware(self.start), _aware(self.end)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Filters:
    """What the dashboard is asked for; ``region`` is a code prefix within the user's scope
    (validated by the form), empty for the whole scope."""

    period: Period
    region: str = ""
    form: str = ""
    age_group: str = ""
    sex: str = ""

    def scope(self, user_scope: str) -> str:
        return self.region or user_scope


@dataclass(frozen=True)
class Row:
    """One bar of a chart and one row of its table."""

    key: str
    label: str
    value: int
    # Query parameters of the case list that show the cases behind the bar ({} = no link).
    drill: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    unit: str
    column: str  # header of the label column
    rows: Sequence[Row]
    kind: str = "bar"  # "bar" (horizontal) or "column" (months)

    @property
    def total(self) -> int:
        return sum(r.value for r in self.rows)


def facts(user_scope: str, filters: Filters, *, period: bool = True) -> QuerySet[VictimCaseFact]:
    """Fact rows in the scope (and the filters), opened in the period unless ``period`` is
    False. The scope is one indexed prefix predicate on ``region_code``."""
    qs = VictimCaseFact.objects.filter(region_code__startswith=filters.scope(user_scope))
    if period:
        qs = qs.filter(opened_on__gte=filters.period.start, opened_on__lt=filters.period.end)
    if filters.form in ViolenceForm.values:
        qs = qs.filter(violence_tags__contains=f",{filters.form},")
    if filters.age_group in AgeGroup.values:
        qs = qs.filter(victim_age_group=filters.age_group)
    if filters.sex in Sex.values:
        qs = qs.filter(victim_sex=filters.sex)
    return qs


def _drill(filters: Filters, **extra: str) -> dict[str, str]:
    """Case-list parameters for the cases opened in the period with the dashboard's filters
    that the case list supports (form, kelurahan, sex) plus ``extra``."""
    params = {
        "opened_from": filters.period.start.isoformat(),
        "opened_to": (filters.period.end - timedelta(days=1)).isoformat(),
    }
    if filters.form:
        params["violence_form"] = filters.form
    if filters.sex:
        params["victim_sex"] = filters.sex
    if len(filters.region) == 13:
        params["kelurahan"] = filters.region
    params.update(extra)
    return params


def months_table(user_scope: str, filters: Filters) -> Table:
    """Cases opened per month, for the 36 months (at most) ending with the period."""
    end = filters.period.end
    first = date(end.year - MONTHS_SHOWN // 12, end.month, 1)
    scope = filters.scope(user_scope)
    counts: dict[tuple[int, int], int]
    if len(scope) <= MONTH_AREA and not (filters.form or filters.age_group or filters.sex):
        # A kota, a province or the country, unfiltered: from the cases counted per kota and
        # month (MonthFact, kept with the victim rows by the refresh) — 36 rows per kota.
        counts = {
            (row["month"].year, row["month"].month): row["n"]
            for row in MonthFact.objects.filter(
                area_code__startswith=scope, month__gte=first, month__lt=end
            )
            .values("month")
            .annotate(n=Sum("cases"))
            .order_by()
        }
    else:
        # Counted in the database: every victim row of a case has the case's opening date,
        # so a distinct count of cases per month is exact.
        counts = {
            (row["y"], row["m"]): row["n"]
            for row in facts(user_scope, filters, period=False)
            .filter(opened_on__gte=first, opened_on__lt=end)
            .annotate(y=ExtractYear("opened_on"), m=ExtractMonth("opened_on"))
            .values("y", "m")
            .annotate(n=Count("case_id", distinct=True))
            .order_by()
        }
    rows = []
    y, m = first.year, first.month
    while date(y, m, 1) < end:
        month_start = date(y, m, 1)
        month_end = date(y + (m == 12), m % 12 + 1, 1)
        drill = _drill(
            replace(filters, period=Period(y, m)),
            opened_from=month_start.isoformat(),
            opened_to=(month_end - timedelta(days=1)).isoformat(),
        )
        rows.append(Row(f"{y}-{m:02d}", f"{MONTH_NAMES[m - 1]} {y}", counts.get((y, m), 0), drill))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    # Leading empty months before the first recorded case add nothing but width.
    while len(rows) > 12 and rows[0].value == 0:
        rows.pop(0)
    return Table("bulan", "Kasus per bulan", "kasus", "Bulan", rows, kind="column")


@dataclass
class ChartCounts:
    """The counts behind the five charts of the period's victim–case rows, read in one pass
    (``chart_counts``): cases per form and per area (distinct cases), victims per age group
    and sex, per place and per relationship (rows)."""

    forms: dict[str, int]
    age_sex: dict[tuple[str, str], int]
    place: dict[str, int]
    relationship: dict[str, int]
    areas: dict[str, int]


def chart_counts(user_scope: str, filters: Filters) -> ChartCounts:
    """The five charts' counts from one read of the period's rows (their columns are in the
    covering index): at the national million a province's year is ~25,000 rows, and five
    grouped queries read them five times (~45 ms each); one read and counting here is about
    as long as one of them. Each table function below counts the same thing on its own in
    SQL when called alone; tests/insights compare the two."""
    level = child_level(filters.scope(user_scope))
    form_cases: dict[str, set[int]] = {f.value: set() for f in ViolenceForm}
    area_cases: dict[str, set[int]] = {}
    age_sex: dict[tuple[str, str], int] = {}
    place: dict[str, int] = {}
    relationship: dict[str, int] = {}
    rows = facts(user_scope, filters).values_list(
        "case_id",
        "violence_tags",
        "victim_age_group",
        "victim_sex",
        "place_category",
        "relationship",
        "region_code",
    )
    for case_id, tags, age, sex, where, related, region in rows.iterator(chunk_size=5000):
        age_sex[(age, sex)] = age_sex.get((age, sex), 0) + 1
        place[where] = place.get(where, 0) + 1
        relationship[related] = relationship.get(related, 0) + 1
        area_cases.setdefault(region[:level], set()).add(case_id)
        for tag in tags.strip(",").split(",") if tags else ():
            if tag in form_cases:
                form_cases[tag].add(case_id)
    return ChartCounts(
        forms={k: len(v) for k, v in form_cases.items()},
        age_sex=age_sex,
        place=place,
        relationship=relationship,
        areas={k: len(v) for k, v in area_cases.items()},
    )


def forms_table(user_scope: str, filters: Filters, counted: ChartCounts | None = None) -> Table:
    """Cases per form of violence (a case with two forms counts under each); "mental" is its
    own bar, as the city names it (the SIMFONI export maps it to psikis)."""
    if counted is not None:
        counts: dict[str, Any] = dict(counted.forms)
    else:
        counts = facts(user_scope, filters).aggregate(
            **{
                f.value: Count(
                    "case_id", distinct=True, filter=Q(violence_tags__contains=f",{f.value},")
                )
                for f in ViolenceForm
            }
        )
    rows = [
        Row(f.value, str(f.label), counts[f.value] or 0, _drill(filters, violence_form=f.value))
        for f in ViolenceForm
    ]
    return Table("bentuk", "Kasus menurut bentuk kekerasan", "kasus", "Bentuk kekerasan", rows)


def _grouped(qs: QuerySet[Any], column: str) -> dict[str, int]:
    return {row[column]: row["n"] for row in qs.values(column).annotate(n=Count("*")).order_by()}


def age_sex_table(user_scope: str, filters: Filters, counted: ChartCounts | None = None) -> Table:
    """Victims per age group and sex (rows "13–17 tahun · Perempuan")."""
    counts: dict[tuple[str, str], int] = {}
    if counted is not None:
        counts = counted.age_sex
    else:
        for row in (
            facts(user_scope, filters)
            .values("victim_age_group", "victim_sex")
            .annotate(n=Count("*"))
            .order_by()
        ):
            counts[(row["victim_age_group"], row["victim_sex"])] = row["n"]
    rows = []
    groups = [(g.value, str(g.label)) for g in AgeGroup] + [("", "Umur tidak diketahui")]
    sexes = [(s.value, str(s.label)) for s in Sex] + [("", "Tidak dicatat")]
    for g, g_label in groups:
        for s, s_label in sexes:
            n = counts.get((g, s), 0)
            if n or (g and s in (Sex.FEMALE, Sex.MALE)):
                # Age groups have no case-list filter: the bars do not link.
                rows.append(Row(f"{g or '-'}|{s or '-'}", f"{g_label} · {s_label}", n))
    return Table(
        "umur-jk",
        "Korban menurut kelompok umur dan jenis kelamin",
        "korban",
        "Kelompok umur · jenis kelamin",
        rows,
    )


def place_table(user_scope: str, filters: Filters, counted: ChartCounts | None = None) -> Table:
    counts = (
        counted.place
        if counted is not None
        else _grouped(facts(user_scope, filters), "place_category")
    )
    rows = [
        Row(p.value, str(p.label), counts.get(p.value, 0), _drill(filters, place=p.value))
        for p in PlaceCategory
    ]
    if counts.get(""):
        rows.append(Row("-", "Belum dicatat", counts[""]))
    return Table("tempat", "Korban menurut tempat kejadian", "korban", "Tempat kejadian", rows)


def relationship_table(
    user_scope: str, filters: Filters, counted: ChartCounts | None = None
) -> Table:
    counts = (
        counted.relationship
        if counted is not None
        else _grouped(facts(user_scope, filters), "relationship")
    )
    rows = [
        Row(r.value, str(r.label), counts.get(r.value, 0), _drill(filters, relationship=r.value))
        for r in Relationship
    ]
    if counts.get(""):
        rows.append(Row("-", "Belum dicatat", counts[""]))
    return Table(
        "hubungan",
        "Korban menurut hubungan pelaku dengan korban",
        "korban",
        "Hubungan pelaku",
        rows,
    )


def child_level(scope: str) -> int:
    """Length of the codes one level below ``scope`` that the region chart groups by: the
    kota/kabupaten of a province, the kelurahan of a kota or kecamatan."""
    return 5 if len(scope) == 2 else 13


def region_counts(user_scope: str, filters: Filters) -> dict[str, int]:
    """Cases per region one level below the scope (a case opened at city level, without a
    kelurahan, counts under the city's own code)."""
    scope = filters.scope(user_scope)
    qs = facts(user_scope, filters).annotate(area=Substr("region_code", 1, child_level(scope)))
    return {
        row["area"]: row["n"]
        for row in qs.values("area").annotate(n=Count("case_id", distinct=True)).order_by()
    }


def region_table(user_scope: str, filters: Filters, counted: ChartCounts | None = None) -> Table:
    scope = filters.scope(user_scope)
    counts = counted.areas if counted is not None else region_counts(user_scope, filters)
    names = dict(child_regions(scope).values_list("code", "name"))
    level = len(scope) == 2
    rows = []
    for code, name in sorted(names.items(), key=lambda kv: kv[1]):
        if len(code) != child_level(scope):
            continue
        drill = {} if level else _drill(filters, kelurahan=code)
        rows.append(Row(code, name, counts.get(code, 0), drill))
    rest = sum(n for code, n in counts.items() if len(code) != child_level(scope))
    if rest:
        rows.append(Row("-", "Tanpa kelurahan (tingkat kota)", rest))
    title = "Kasus menurut kota/kabupaten" if level else "Kasus menurut kelurahan"
    column = "Kota/kabupaten" if level else "Kelurahan"
    return Table("wilayah", title, "kasus", column, rows)


def child_regions(scope: str) -> QuerySet[Region]:
    qs = Region.objects.filter(code__startswith=f"{scope}.")
    if len(scope) == 2:
        return qs.filter(level__in=[RegionLevel.CITY, RegionLevel.REGENCY])
    return qs.villages()


def services_table(user_scope: str, filters: Filters) -> Table:
    """Services delivered in the period per SIMFONI-PPA category (from the summary table;
    with a form, age or sex filter, only the services of the cases that match it)."""
    qs = ServiceFact.objects.filter(
        region_code__startswith=filters.scope(user_scope),
        delivered_on__gte=filters.period.start,
        delivered_on__lt=filters.period.end,
    )
    if filters.form or filters.age_group or filters.sex:
        qs = qs.filter(case_id__in=facts(user_scope, filters, period=False).values("case_id"))
    counts = _grouped(qs, "simfoni_category")
    return _services_table(counts)


def services_table_from_records(user_scope: str, filters: Filters) -> Table:
    """The same table counted from the service records: the test reference."""
    narrowed = bool(filters.form or filters.age_group or filters.sex)
    case_ids = facts(user_scope, filters, period=False).values("case_id") if narrowed else None
    counts = care_statistics.services_by_simfoni_category(
        filters.scope(user_scope), filters.period.start, filters.period.end, case_ids=case_ids
    )
    return _services_table(counts)


def _services_table(counts: dict[str, int]) -> Table:
    rows = [Row(c.value, str(c.label), counts.get(c.value, 0)) for c in SimfoniCategory]
    return Table(
        "layanan",
        "Layanan diberikan menurut kategori SIMFONI-PPA",
        "layanan",
        "Kategori SIMFONI-PPA",
        rows,
    )


CHARTS: dict[str, Callable[[str, Filters], Table]] = {
    "bulan": months_table,
    "bentuk": forms_table,
    "umur-jk": age_sex_table,
    "tempat": place_table,
    "hubungan": relationship_table,
    "wilayah": region_table,
    "layanan": services_table,
}


def all_tables(user_scope: str, filters: Filters) -> list[Table]:
    """Every chart's table: the five over the period's victim–case rows from one read."""
    counted = chart_counts(user_scope, filters)
    return [
        months_table(user_scope, filters),
        forms_table(user_scope, filters, counted),
        age_sex_table(user_scope, filters, counted),
        place_table(user_scope, filters, counted),
        relationship_table(user_scope, filters, counted),
        region_table(user_scope, filters, counted),
        services_table(user_scope, filters),
    ]


# --- KPIs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: float | None
    previous: float | None
    unit: str = ""


KPI_LABELS = {
    "reports_received": ("Laporan diterima", ""),
    "cases_opened": ("Kasus dibuka", ""),
    "cases_open": ("Kasus masih terbuka (akhir periode)", ""),
    "cases_closed": ("Kasus ditutup", ""),
    "median_hours_to_triage": ("Median waktu laporan sampai triase", "jam"),
    "triage_met_share": ("Triase tepat waktu", "%"),
    "tpks_met_share": ("Tenggat TPKS 3×24 jam dan perlindungan terpenuhi", "%"),
    "referrals_completed": ("Rujukan selesai", ""),
    "median_days_referral": ("Median lama rujukan sampai selesai", "hari"),
    "shelter_occupancy": ("Keterisian rumah aman (akhir periode)", "%"),
}


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class _Median(Aggregate):
    """The median in the database (PostgreSQL's ``percentile_cont(0.5)``: for an even count
    the mean of the two middle values, as ``statistics.median``). A province's two years of
    reports are ~100,000 rows: fetching them to take a median in Python cost over a second."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _rounded(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _tag(prefix: str, i: int) -> str:
    """The name of one period's aggregate in a query that counts several periods."""
    return f"{prefix}_{i}"


def _kpi_values(scope: str, periods: Sequence[Period]) -> list[dict[str, Any]]:
    """The KPIs of each of ``periods`` (adjacent, oldest first), counted from the summary
    tables with one query per table for all of them; the same definitions as
    ``cases.selectors.statistics.report_kpis``/``case_kpis`` and
    ``care.statistics.referral_kpis`` on the records (tests/insights/test_summary.py
    compares the two). Shelter occupancy is read from the shelters themselves: two small
    queries at one moment."""
    bounds = [p.bounds() for p in periods]
    first, last = bounds[0][0], bounds[-1][1]
    now = timezone.now()
    values: list[dict[str, Any]] = [{} for _ in periods]

    # Reports: received, triaged (with the hours) and triaged in time. PostgreSQL counts and
    # takes the medians itself; SQLite (the embedded, city-sized install) gets the rows.
    in_sql = connection.vendor == "postgresql"
    reports = ReportFact.objects.filter(
        region_code__startswith=scope, received_at__gte=first, received_at__lt=last
    )
    report_counts: dict[str, Any] = {}
    for i, (a, b) in enumerate(bounds):
        period = Q(received_at__gte=a, received_at__lt=b)
        report_counts[_tag("n", i)] = Count(ROWS, filter=period)
        if in_sql:
            done = period & Q(triaged=True)
            report_counts[_tag("triaged", i)] = Count(ROWS, filter=done)
            report_counts[_tag("met", i)] = Count(ROWS, filter=done & Q(triage_met=True))
            # Never None once triaged; 0 as the loop below counts it, should one be.
            report_counts[_tag("hours", i)] = _Median(
                Coalesce("triage_hours", Value(0.0)), filter=done
            )
    received = reports.aggregate(**report_counts)
    if in_sql:
        for i in range(len(periods)):
            values[i]["reports_received"] = received[_tag("n", i)]
            values[i]["median_hours_to_triage"] = _rounded(received[_tag("hours", i)])
            values[i]["triage_met_share"] = _share(
                received[_tag("met", i)], received[_tag("triaged", i)]
            )
    else:
        hours: list[list[float]] = [[] for _ in periods]
        triaged = [0] * len(periods)
        met = [0] * len(periods)
        for at, h, ok in reports.filter(triaged=True).values_list(
            "received_at", "triage_hours", "triage_met"
        ):
            for i, (a, b) in enumerate(bounds):
                if a <= at < b:
                    hours[i].append(h or 0.0)  # never None once triaged
                    triaged[i] += 1
                    met[i] += bool(ok)
        for i in range(len(periods)):
            values[i]["reports_received"] = received[_tag("n", i)]
            values[i]["median_hours_to_triage"] = _median(hours[i])
            values[i]["triage_met_share"] = _share(met[i], triaged[i])

    # Cases opened, closed, and still open at the end of each period.
    if len(scope) <= MONTH_AREA:
        # A kota, a province or the country: from the cases counted per kota and month
        # (MonthFact). Still open at a period's end: every case opened before it, less
        # every closed case whose later month (opened, closed) is before it.
        month_counts: dict[str, Any] = {}
        for i, p in enumerate(periods):
            during = Q(month__gte=p.start, month__lt=p.end)
            month_counts[_tag("opened", i)] = Sum("opened", filter=during)
            month_counts[_tag("closed", i)] = Sum("closed", filter=during)
            month_counts[_tag("begun", i)] = Sum("opened", filter=Q(month__lt=p.end))
            month_counts[_tag("settled", i)] = Sum("settled", filter=Q(month__lt=p.end))
        summed = MonthFact.objects.filter(
            area_code__startswith=scope, month__lt=periods[-1].end
        ).aggregate(**month_counts)
        for i in range(len(periods)):
            values[i]["cases_opened"] = summed[_tag("opened", i)] or 0
            values[i]["cases_closed"] = summed[_tag("closed", i)] or 0
            values[i]["cases_open"] = (summed[_tag("begun", i)] or 0) - (
                summed[_tag("settled", i)] or 0
            )
    else:
        _case_counts(scope, periods, values)

    # TPKS deadlines due in each period: settled (met, or past due) and met in time.
    deadline_counts: dict[str, Any] = {}
    settled = Q(state=DeadlineState.MET) | Q(due_at__lte=now)
    in_time = Q(state=DeadlineState.MET, met_at__lte=F("due_at"))
    for i, (a, b) in enumerate(bounds):
        period = Q(due_at__gte=a, due_at__lt=b)
        deadline_counts[_tag("settled", i)] = Count(ROWS, filter=period & settled)
        deadline_counts[_tag("met", i)] = Count(ROWS, filter=period & in_time)
    due = (
        DeadlineFact.objects.filter(
            region_code__startswith=scope, due_at__gte=first, due_at__lt=last
        )
        .exclude(state__in=[DeadlineState.NOT_APPLICABLE, DeadlineState.WAITING])
        .aggregate(**deadline_counts)
    )
    for i in range(len(periods)):
        values[i]["tpks_met_share"] = _share(due[_tag("met", i)], due[_tag("settled", i)])

    # Referrals completed, and the median days from sending to completion.
    referrals = ReferralFact.objects.filter(
        region_code__startswith=scope, completed_at__gte=first, completed_at__lt=last
    )
    if in_sql:
        referral_counts: dict[str, Any] = {}
        for i, (a, b) in enumerate(bounds):
            period = Q(completed_at__gte=a, completed_at__lt=b)
            referral_counts[_tag("n", i)] = Count(ROWS, filter=period)
            referral_counts[_tag("days", i)] = _Median("days", filter=period)
        completed = referrals.aggregate(**referral_counts)
        for i in range(len(periods)):
            values[i]["referrals_completed"] = completed[_tag("n", i)]
            values[i]["median_days_referral"] = _rounded(completed[_tag("days", i)])
    else:
        days: list[list[float]] = [[] for _ in periods]
        for at, d in referrals.values_list("completed_at", "days"):
            for i, (a, b) in enumerate(bounds):
                if a <= at < b:
                    days[i].append(d)
        for i in range(len(periods)):
            values[i]["referrals_completed"] = len(days[i])
            values[i]["median_days_referral"] = _median(days[i])
    for i in range(len(periods)):
        values[i].update(care_statistics.shelter_occupancy(scope, min(bounds[i][1], now)))
    return values


def _case_counts(scope: str, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Cases opened, closed and still open at the end of each period, counted from the case
    rows (for a kecamatan or a kelurahan: narrower than MonthFact's kota)."""

    counts: dict[str, Any] = {}
    for i, p in enumerate(periods):
        counts[_tag("opened", i)] = Count(
            ROWS, filter=Q(opened_on__gte=p.start, opened_on__lt=p.end)
        )
        counts[_tag("closed", i)] = Count(
            ROWS, filter=Q(closed_on__gte=p.start, closed_on__lt=p.end)
        )
        counts[_tag("open", i)] = Count(
            ROWS,
            filter=Q(opened_on__lt=p.end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=p.end)),
        )
    # A case closed before the first period is neither opened, closed nor open in any.
    cases = CaseFact.objects.filter(region_code__startswith=scope).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=periods[0].start)
    )
    case_counts = cases.aggregate(**counts)
    for i in range(len(periods)):
        values[i]["cases_opened"] = case_counts[_tag("opened", i)]
        values[i]["cases_closed"] = case_counts[_tag("closed", i)]
        values[i]["cases_open"] = case_counts[_tag("open", i)]


def kpis(user_scope: str, filters: Filters) -> list[Kpi]:
    """The KPIs of the period and of the one before it, from the summary tables (the
    dashboard's category filters do not apply to them; the region does)."""
    scope = filters.scope(user_scope)
    before, now = _kpi_values(scope, [filters.period.previous, filters.period])
    return [
        Kpi(key, label, now.get(key), before.get(key), unit)
        for key, (label, unit) in KPI_LABELS.items()
    ]


def kpis_from_records(user_scope: str, filters: Filters) -> list[Kpi]:
    """The same KPIs counted from the live records (slow at scale): the reference the
    summary tables are tested against."""
    scope = filters.scope(user_scope)

    def live(period: Period) -> dict[str, Any]:
        start, end = period.bounds()
        values: dict[str, Any] = {}
        values.update(case_statistics.report_kpis(scope, start, end))
        values.update(case_statistics.case_kpis(scope, start, end))
        values.update(care_statistics.referral_kpis(scope, start, end))
        values.update(care_statistics.shelter_occupancy(scope, min(end, timezone.now())))
        return values

    now, before = live(filters.period), live(filters.period.previous)
    return [
        Kpi(key, label, now.get(key), before.get(key), unit)
        for key, (label, unit) in KPI_LABELS.items()
    ]


def last_refresh() -> RefreshState | None:
    return RefreshState.objects.filter(key="facts").first()


def data_version(state: RefreshState | None = None) -> str | None:
    """The key of every cached table: the version every refresh that rebuilt rows raises,
    with the time that refresh finished (so that a database rebuilt from scratch — a
    restore, a test — never meets its predecessor's cache). None before the first refresh:
    then nothing is cached."""
    state = state or last_refresh()
    if state is None:
        return None
    return f"{state.version}.{state.finished_at.timestamp():.6f}"


# The dashboard's numbers are a function of the summary tables (keyed by their version),
# except for what moves with the clock: a TPKS deadline becoming overdue and the shelter
# residents now. Those may lag by this much at most.
DASHBOARD_CACHE_SECONDS = 300


def dashboard_numbers(
    user_scope: str, filters: Filters, *, state: RefreshState | None = None
) -> tuple[list[Kpi], list[Table]]:
    """The KPIs and every chart's table, cached per scope and filters until the summary
    changes (``data_version``) or ``DASHBOARD_CACHE_SECONDS`` pass."""
    version = data_version(state)
    if version is None:
        return kpis(user_scope, filters), all_tables(user_scope, filters)
    key = "insights:dashboard:" + ":".join(
        str(part)
        for part in (
            version,
            filters.scope(user_scope),
            filters.period.year,
            filters.period.month or "",
            filters.form,
            filters.age_group,
            filters.sex,
        )
    )
    found = cache.get(key)
    if found is None:
        found = (kpis(user_scope, filters), all_tables(user_scope, filters))
        cache.set(key, found, DASHBOARD_CACHE_SECONDS)
    return found


def region_choices(user_scope: str) -> list[tuple[str, str]]:
    """The regions a user may narrow to: the kelurahan of a kota, the kota/kabupaten of a
    province."""
    return list(child_regions(user_scope).order_by("name").values_list("code", "name"))


def year_choices() -> list[int]:
    this_year = timezone.localdate().year
    first = VictimCaseFact.objects.order_by("opened_on").values_list("opened_on", flat=True).first()
    start = min(first.year if first else this_year, this_year)
    return list(range(this_year, max(start, this_year - 10) - 1, -1))


def case_list_filters_supported() -> frozenset[str]:
    """The case-list parameters the drill-down links use (kept in step with
    ``cases.selectors.CaseFilters``)."""
    names = set(case_selectors.CaseFilters.__dataclass_fields__)
    return frozenset(
        {
            "opened_from",
            "opened_to",
            "violence_form",
            "kelurahan",
            "victim_sex",
            "place",
            "relationship",
        }
        & names
    )
