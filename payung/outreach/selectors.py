"""Reads of the outreach app: scoped lists, the coverage board, the public calendar, quiz
scores. Scope is in the query (policies' querysets), aggregates in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models import Min as models_min
from django.db.models.functions import ExtractQuarter
from django.utils import timezone

from payung.outreach import policies
from payung.outreach.choices import ActivityStatus, QuizPhase
from payung.outreach.models import Activity, AnnualTarget, Leader, Quiz
from payung.regions.models import Region

REACHED = (ActivityStatus.HELD, ActivityStatus.REPORTED)


def city_code() -> str:
    from payung.cases.services import city_code as _city

    return _city()


def current_quarter(today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.min, tzinfo=tz),
    )


def year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


def kelurahan_in_scope(user: Any) -> QuerySet[Region]:
    """The city's kelurahan within ``user``'s scope (34 for the city, one for a PPT)."""
    return (
        Region.objects.within(city_code())
        .villages()
        .filter(user.region_q("code"))
        .select_related("parent")
        .order_by("name")
    )


def activity_list(
    user: Any, *, status: str = "", region_code: str = "", past_only: bool = False
) -> QuerySet[Activity]:
    """``past_only``: sessions whose start has passed (with ``status=rencana``: planned
    sessions nobody marked as held — the outreach home counts them)."""
    qs = policies.visible_activities(user)
    if status in ActivityStatus.values:
        qs = qs.filter(status=status)
    if past_only:
        qs = qs.filter(starts_at__lt=timezone.now())
    if region_code:
        qs = qs.filter(region_code=region_code)
    return qs.select_related("type", "region").order_by("-starts_at", "-pk")


def activity_detail(user: Any, pk: int) -> Activity:
    activity = policies.get_activity_for(user, pk)
    return (
        Activity.objects.select_related("type", "region", "forum")
        .prefetch_related("topics", "partners", "speakers", "photos")
        .annotate(disclosure_count=Count("disclosures", distinct=True))
        .get(pk=activity.pk)
    )


@dataclass
class CoverageRow:
    region: Region
    quarters: list[int]
    religious: int
    sessions: int
    attendance: int
    min_sessions: int
    min_religious: int
    planned_this_quarter: int = 0

    @property
    def target_met(self) -> bool:
        return self.sessions >= self.min_sessions and self.religious >= self.min_religious


@dataclass
class CoverageBoard:
    year: int
    rows: list[CoverageRow]
    current: tuple[int, int]
    totals: list[int] = field(default_factory=list)

    @property
    def reached_count(self) -> int:
        return sum(1 for r in self.rows if r.sessions)

    @property
    def target_met_count(self) -> int:
        return sum(1 for r in self.rows if r.target_met)


DEFAULT_TARGET = (2, 1)


def coverage_board(user: Any, year: int) -> CoverageBoard:
    """Kelurahan × quarters: how many sessions were held (held or reported) in each, with
    the year's target. Two grouped queries, whatever the number of kelurahan."""
    start, end = year_bounds(year)
    regions = list(kelurahan_in_scope(user))
    codes = [r.code for r in regions]
    counts = (
        Activity.objects.filter(user.region_q("region_code"))
        .filter(region_code__in=codes, status__in=REACHED, starts_at__gte=start, starts_at__lt=end)
        .annotate(quarter=ExtractQuarter("starts_at"))
        .values("region_code", "quarter")
        .annotate(
            n=Count("pk"),
            religious=Count("pk", filter=Q(type__religious=True)),
            people=Sum("total"),
        )
    )
    by_code: dict[str, dict[str, Any]] = {
        c: {"q": [0, 0, 0, 0], "rel": 0, "people": 0} for c in codes
    }
    for row in counts:
        entry = by_code[row["region_code"]]
        entry["q"][row["quarter"] - 1] += row["n"]
        entry["rel"] += row["religious"]
        entry["people"] += row["people"] or 0
    targets = {
        t["region_code"]: (t["min_sessions"], t["min_religious"])
        for t in AnnualTarget.objects.filter(year=year, region_code__in=codes).values(
            "region_code", "min_sessions", "min_religious"
        )
    }
    current = current_quarter()
    planned: dict[str, int] = {}
    if current[0] == year:
        q_start, q_end = quarter_bounds(*current)
        planned = dict(
            Activity.objects.filter(user.region_q("region_code"))
            .filter(
                region_code__in=codes,
                status=ActivityStatus.PLANNED,
                starts_at__gte=q_start,
                starts_at__lt=q_end,
            )
            .values_list("region_code")
            .annotate(n=Count("pk"))
        )
    rows = []
    for region in regions:
        entry = by_code[region.code]
        min_sessions, min_religious = targets.get(region.code, DEFAULT_TARGET)
        rows.append(
            CoverageRow(
                region=region,
                quarters=entry["q"],
                religious=entry["rel"],
                sessions=sum(entry["q"]),
                attendance=entry["people"],
                min_sessions=min_sessions,
                min_religious=min_religious,
                planned_this_quarter=planned.get(region.code, 0),
            )
        )
    totals = [sum(r.quarters[i] for r in rows) for i in range(4)]
    return CoverageBoard(year=year, rows=rows, current=current, totals=totals)


def not_reached_this_quarter(user: Any) -> list[CoverageRow]:
    """Kelurahan with no session held yet in the current quarter, for the officer's home."""
    year, quarter = current_quarter()
    board = coverage_board(user, year)
    return [row for row in board.rows if row.quarters[quarter - 1] == 0]


def upcoming_public(*, region_code: str = "", limit: int = 100) -> QuerySet[Activity]:
    """The public calendar: planned sessions from today (what, where, when; no names)."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    qs = Activity.objects.filter(
        status=ActivityStatus.PLANNED,
        starts_at__gte=datetime.combine(today, time.min, tzinfo=tz),
        region_code__startswith=city_code(),
    )
    if region_code:
        qs = qs.filter(Q(region_code=region_code) | Q(region_code=city_code()))
    return qs.select_related("type", "region").order_by("starts_at", "pk")[:limit]


@dataclass(frozen=True)
class QuizScores:
    before_sheets: int
    before_share: float | None
    after_sheets: int
    after_share: float | None


def quiz_scores(quiz: Quiz) -> QuizScores:
    rows = {
        r["phase"]: r
        for r in quiz.responses.values("phase").annotate(
            sheets=Count("pk"), correct=Sum("correct"), asked=Sum("asked")
        )
    }

    def share(phase: str) -> tuple[int, float | None]:
        r = rows.get(phase)
        if not r or not r["asked"]:
            return 0, None
        return r["sheets"], r["correct"] / r["asked"]

    b = share(QuizPhase.BEFORE)
    a = share(QuizPhase.AFTER)
    return QuizScores(b[0], b[1], a[0], a[1])


def listed_leaders(region_code: str) -> QuerySet[Leader]:
    """Leaders who agreed to be listed and have not withdrawn: the contact sheet."""
    return Leader.objects.filter(
        region_code=region_code, consent_listed=True, withdrawn_on__isnull=True
    ).order_by("kind", "name")


# --- did reporting follow? -----------------------------------------------------------------

WINDOW_DAYS = 90


@dataclass
class PreventionRow:
    region: Region
    population: int | None
    first_session: date | None
    before: int | None  # reports in the 90 days before the first session of the year
    after: int | None  # … and in the 90 days from it
    year_reports: int

    def _rate(self, n: int | None) -> float | None:
        if n is None or not self.population:
            return None
        return round(n / self.population * 10_000, 2)

    @property
    def before_rate(self) -> float | None:
        return self._rate(self.before)

    @property
    def after_rate(self) -> float | None:
        return self._rate(self.after)

    @property
    def year_rate(self) -> float | None:
        return self._rate(self.year_reports)


@dataclass
class Prevention:
    year: int
    rows: list[PreventionRow]
    online_reports: int
    reached_before: int = 0
    reached_after: int = 0


def prevention(user: Any, year: int) -> Prevention:
    """Per kelurahan: reports received (all channels) in the 90 days before and after its
    first session of the year, and over the year, per 10,000 residents. An association in
    time, not an effect: reporting also moves with seasons, news and the other work of the
    centre. Counts come from ``cases.selectors.report_daily_counts`` (aggregates only)."""
    from datetime import timedelta

    from payung.cases.selectors import online_report_count, report_daily_counts

    start, end = year_bounds(year)
    regions = list(kelurahan_in_scope(user))
    codes = [r.code for r in regions]
    firsts: dict[str, datetime] = {}
    for code, starts_at in (
        Activity.objects.filter(user.region_q("region_code"))
        .filter(region_code__in=codes, status__in=REACHED, starts_at__gte=start, starts_at__lt=end)
        .values_list("region_code")
        .annotate(first=models_min("starts_at"))
    ):
        firsts[code] = starts_at
    window = timedelta(days=WINDOW_DAYS)
    # The city for city staff; a PPT officer's own kelurahan (the query stays in scope).
    prefix = city_code() if user.in_scope(city_code()) else user.scope_code
    daily = report_daily_counts(region_prefix=prefix, start=start - window, end=end + window)
    rows = []
    for region in regions:
        days = daily.get(region.code, {})
        year_reports = sum(n for d, n in days.items() if start.date() <= d < end.date())
        first = firsts.get(region.code)
        before = after = None
        if first is not None:
            first_day = timezone.localdate(first)
            before = sum(n for d, n in days.items() if first_day - window <= d < first_day)
            after = sum(n for d, n in days.items() if first_day <= d < first_day + window)
        rows.append(
            PreventionRow(
                region=region,
                population=region.population,
                first_session=timezone.localdate(first) if first else None,
                before=before,
                after=after,
                year_reports=year_reports,
            )
        )
    return Prevention(
        year=year,
        rows=rows,
        online_reports=online_report_count(region_prefix=prefix, start=start, end=end),
        reached_before=sum(r.before or 0 for r in rows),
        reached_after=sum(r.after or 0 for r in rows),
    )
