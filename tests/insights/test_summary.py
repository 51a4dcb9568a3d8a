"""Every number of the dashboard, served from the summary tables, equals the same number
counted from the live records — after a full refresh, and after changes made through the
services once the incremental refresh has run (SQLite, and PostgreSQL with DATABASE_URL).

The reference for the KPIs is ``selectors.kpis_from_records`` (the cases and care
statistics selectors over the records) and for the charts a slow recount, below, of
``victim_case_facts`` over every case in Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from payung.care import services as care_services
from payung.cases import services as case_services
from payung.cases.models import CaseDeadline, Report
from payung.cases.selectors.statistics import case_ids_in, victim_case_facts
from payung.core.actors import command_actor
from payung.insights import selectors
from payung.insights import services as insights_services
from payung.insights.models import DeadlineFact, ReportFact
from payung.insights.selectors import Filters, Period
from payung.partners.models import Service
from tests.care.builders import send_referral
from tests.cases.casework import victim_of
from tests.cases.helpers import make_report
from tests.factories import BUGUL_LOR, GENTONG
from tests.insights.builders import case_on

ACTOR = command_actor("test")


def _reference_tables(user_scope: str, filters: Filters) -> dict[str, dict[str, int]]:
    """The non-zero rows of each fact-based chart, recounted from the records."""
    scope = filters.scope(user_scope)
    live = [f for f in victim_case_facts(case_ids_in()) if f["region_code"].startswith(scope)]
    chosen = [
        f
        for f in live
        if (not filters.form or filters.form in f["violence_forms"])
        and (not filters.age_group or f["victim_age_group"] == filters.age_group)
        and (not filters.sex or f["victim_sex"] == filters.sex)
    ]
    start, end = filters.period.start, filters.period.end
    in_period = [f for f in chosen if start <= f["opened_on"] < end]
    first = date(end.year - 3, end.month, 1)
    months: dict[str, set[int]] = defaultdict(set)
    for f in chosen:
        if first <= f["opened_on"] < end:
            months[f"{f['opened_on'].year}-{f['opened_on'].month:02d}"].add(f["case_id"])
    forms: dict[str, set[int]] = defaultdict(set)
    regions: dict[str, set[int]] = defaultdict(set)
    level = selectors.child_level(scope)
    # The chart lists the regions one level below the scope (none below a kelurahan).
    listed = set(selectors.child_regions(scope).values_list("code", flat=True))
    for f in in_period:
        for form in f["violence_forms"]:
            forms[form].add(f["case_id"])
        code = f["region_code"][:level]
        if len(code) != level:
            regions["-"].add(f["case_id"])
        elif code in listed:
            regions[code].add(f["case_id"])
    age_sex = Counter(f"{f['victim_age_group'] or '-'}|{f['victim_sex'] or '-'}" for f in in_period)
    places = Counter(f["place_category"] or "-" for f in in_period)
    relationships = Counter(f["relationship"] or "-" for f in in_period)

    def nonzero(counts: dict[str, Any]) -> dict[str, int]:
        out = {k: (len(v) if isinstance(v, set) else v) for k, v in counts.items()}
        return {k: v for k, v in out.items() if v}

    services = selectors.services_table_from_records(user_scope, filters)
    return {
        "bulan": nonzero(months),
        "bentuk": nonzero(forms),
        "umur-jk": nonzero(age_sex),
        "tempat": nonzero(places),
        "hubungan": nonzero(relationships),
        "wilayah": nonzero(regions),
        "layanan": {r.key: r.value for r in services.rows if r.value},
    }


def _scenarios() -> list[tuple[str, Filters]]:
    today = timezone.localdate()
    this_year, this_month = Period(today.year), Period(today.year, today.month)
    return [
        ("35.75", Filters(this_year)),
        ("35.75", Filters(this_month)),
        ("35.75", Filters(Period(2026, 1))),
        ("35.75", Filters(Period(2025))),
        ("35", Filters(this_year)),
        ("35.75", Filters(this_year, region=GENTONG)),
        ("35.75", Filters(this_year, form="seksual")),
        ("35.75", Filters(this_year, sex="p", age_group="18-24")),
        ("35.75", Filters(this_year, age_group="13-17")),
        ("35", Filters(this_year, form="fisik", sex="p")),
    ]


def _assert_summary_matches_records() -> int:
    """Compares every scenario; returns how many non-zero numbers were compared (so a test
    can show it compared something)."""
    compared = 0
    for scope, filters in _scenarios():
        served = selectors.kpis(scope, filters)
        reference = selectors.kpis_from_records(scope, filters)
        assert served == reference, (scope, filters)
        compared += sum(bool(k.value) + bool(k.previous) for k in served)
        expected = _reference_tables(scope, filters)
        for table in selectors.all_tables(scope, filters):
            shown = {r.key: r.value for r in table.rows if r.value}
            assert shown == expected[table.slug], (scope, filters, table.slug)
            compared += len(shown)
    return compared


@pytest.fixture
def world(personas):
    """Reports, cases, TPKS deadlines, referrals and services, all through the services."""
    today = timezone.localdate()
    manager = personas.case_manager
    made = {
        "sexual": case_on(personas, today, violence_forms=["seksual"], victim_age=15),
        "physical": case_on(
            personas,
            today - timedelta(days=40),
            kelurahan=BUGUL_LOR,
            violence_forms=["fisik", "mental"],
            victim_age=34,
            kdrt=True,
        ),
        "last_year": case_on(
            personas, date(today.year - 1, 6, 1), violence_forms=["seksual"], victim_age=9
        ),
        "january": case_on(personas, date(2026, 1, 5), violence_forms=["psikis"], victim_age=20),
    }
    # A report nobody has triaged yet, and one closed as not a case (triaged).
    make_report()
    case_services.report_close_not_case(
        actor=personas.supervisor, report=make_report(), reason="bukan_kekerasan"
    )
    # The police report deadline of the sexual violence case met now.
    police = made["sexual"].deadlines.get(rule__code="tpks-laporan-polisi")
    case_services.deadline_record(actor=manager, case=made["sexual"], deadline=police)
    # A referral completed (its delivery is a service record) and a service given by us.
    referral = send_referral(personas, case=made["physical"])
    care_services.referral_accept(actor=personas.provider, referral=referral)
    care_services.referral_complete(
        actor=personas.provider, referral=referral, delivered_on=today, outcome="terlaksana"
    )
    care_services.service_record_add(
        actor=manager,
        case=made["sexual"],
        victim=victim_of(made["sexual"]),
        service=Service.objects.get(code="psikososial"),
        delivered_on=today,
        outcome="terlaksana",
        internal_unit="uptd_ppa",
    )
    return made


def test_every_dashboard_number_from_the_summary_equals_the_records(personas, world) -> None:
    insights_services.facts_refresh(actor=ACTOR, full=True)
    assert _assert_summary_matches_records() > 40
    kota = {k.key: k for k in selectors.kpis("35.75", Filters(Period(timezone.localdate().year)))}
    # The world is really in the numbers (not a comparison of two empty tables).
    assert (kota["reports_received"].value, kota["reports_received"].previous) == (5, 1)
    assert kota["triage_met_share"].value is not None
    assert kota["referrals_completed"].value == 1
    assert kota["tpks_met_share"].value is not None


def test_each_chart_counted_alone_in_sql_equals_the_dashboard_s_single_read(
    personas, world
) -> None:
    """``all_tables`` counts five charts from one read of the rows (``chart_counts``); each
    chart's function alone counts in SQL (GROUP BY, COUNT DISTINCT). Both, every scenario."""
    insights_services.facts_refresh(actor=ACTOR, full=True)
    compared = 0
    for scope, filters in _scenarios():
        together = {
            t.slug: [(r.key, r.label, r.value, r.drill) for r in t.rows]
            for t in selectors.all_tables(scope, filters)
        }
        assert list(together) == list(selectors.CHARTS)
        for slug, build in selectors.CHARTS.items():
            alone = [(r.key, r.label, r.value, r.drill) for r in build(scope, filters).rows]
            assert alone == together[slug], (scope, filters, slug)
            compared += sum(1 for row in alone if row[2])
    assert compared > 40


def test_changes_through_the_services_reach_the_summary_on_the_next_refresh(
    personas, world, monkeypatch
) -> None:
    insights_services.facts_refresh(actor=ACTOR, full=True)
    # Without the look-back, so that only what the detection finds is rebuilt.
    monkeypatch.setattr(insights_services, "OVERLAP", timedelta(0))
    today = timezone.localdate()
    manager = personas.case_manager
    sexual = world["sexual"]
    # A deadline met (the case row does not change), a report triaged, a case closed,
    # a new case, a service delivered.
    protection = sexual.deadlines.get(rule__code="tpks-perlindungan-sementara")
    case_services.deadline_record(actor=manager, case=sexual, deadline=protection, granted_on=today)
    pending = Report.objects.filter(triaged_at__isnull=True).first()
    assert pending is not None
    case_services.report_close_not_case(
        actor=personas.supervisor, report=pending, reason="bukan_kekerasan"
    )
    physical = world["physical"]
    request = case_services.closure_request(actor=manager, case=physical, reason="korban_menolak")
    case_services.closure_decide(
        actor=personas.supervisor, request=request, approve=True, note="Setuju."
    )
    new = case_on(personas, today, kelurahan=GENTONG, violence_forms=["fisik"], victim_age=19)
    care_services.service_record_add(
        actor=manager,
        case=world["january"],
        victim=victim_of(world["january"]),
        service=Service.objects.get(code="psikososial"),
        delivered_on=today,
        outcome="berlanjut",
        internal_unit="uptd_ppa",
    )
    stale = DeadlineFact.objects.get(deadline_id=protection.pk)
    assert stale.state != CaseDeadline.objects.get(pk=protection.pk).state
    result = insights_services.facts_refresh(actor=ACTOR)
    assert not result.full
    # Incremental: the changed cases only (not the untouched last-year case).
    assert world["last_year"].pk not in _rebuilt_cases(result)
    assert result.cases == 4 and result.reports >= 2
    assert _assert_summary_matches_records() > 40
    assert ReportFact.objects.get(report_id=pending.pk).triaged
    assert DeadlineFact.objects.get(deadline_id=protection.pk).state == "terpenuhi"
    kpis = {k.key: k for k in selectors.kpis("35.75", Filters(Period(today.year)))}
    assert kpis["cases_closed"].value == 1
    assert new.pk in set(
        selectors.facts("35.75", Filters(Period(today.year))).values_list("case_id", flat=True)
    )


def _rebuilt_cases(result: Any) -> set[int]:
    from payung.insights.models import CaseFact

    # Every rebuilt case's rows carry the refresh's time; the untouched ones an older one.
    newest = CaseFact.objects.order_by("-pk").values_list("case_id", flat=True)
    return set(newest[: result.cases])


def test_the_data_version_moves_only_when_something_was_rebuilt(personas, world) -> None:
    from payung.insights.models import RefreshState

    insights_services.facts_refresh(actor=ACTOR, full=True)
    first = RefreshState.objects.get().version
    assert first >= 1
    case_on(personas, timezone.localdate(), violence_forms=["fisik"])
    insights_services.facts_refresh(actor=ACTOR)
    assert RefreshState.objects.get().version == first + 1


def test_cached_dashboard_and_public_tables_follow_the_next_refresh(personas, world) -> None:
    from payung.insights import public_stats

    insights_services.facts_refresh(actor=ACTOR, full=True)
    filters = Filters(Period(timezone.localdate().year))
    before_kpis, before_tables = selectors.dashboard_numbers("35.75", filters)
    before_public = public_stats.cached()
    assert selectors.dashboard_numbers("35.75", filters) == (before_kpis, before_tables)
    case_on(personas, timezone.localdate(), violence_forms=["fisik"], victim_age=30)
    # Not refreshed yet: the cached numbers are the summary's, which has not changed.
    assert selectors.dashboard_numbers("35.75", filters)[0] == before_kpis
    insights_services.facts_refresh(actor=ACTOR)
    after_kpis, _tables = selectors.dashboard_numbers("35.75", filters)
    opened = {k.key: k.value for k in after_kpis}["cases_opened"]
    assert opened == {k.key: k.value for k in before_kpis}["cases_opened"] + 1
    after_public = public_stats.cached()
    assert after_public is not before_public
    assert after_public.tables[-1].values != before_public.tables[-1].values or (
        after_public.tables[0].values != before_public.tables[0].values
    )


def test_the_months_summary_follows_cases_that_move_month_or_lose_their_victim(
    personas, world
) -> None:
    """The months chart and the case KPIs of a kota, a province or the country read
    MonthFact: a rebuilt case is taken out of the (kota, month) pairs it counted in and put
    into its new ones; a case left without a victim leaves the chart but not the cases
    opened; a case closed moves to "closed" and "settled". Compared with a recount of every
    row and with the records."""
    from payung.cases.choices import PartyRole
    from payung.cases.models import Case, CaseParty
    from payung.insights.models import MonthFact

    def stored() -> dict[tuple[str, date], list[int]]:
        return {
            (m.area_code, m.month): [m.cases, m.opened, m.closed, m.settled]
            for m in MonthFact.objects.all()
        }

    def recounted() -> dict[tuple[str, date], list[int]]:
        return {k: v for k, v in insights_services._month_counts().items() if any(v)}

    insights_services.facts_refresh(actor=ACTOR, full=True)
    assert stored() == recounted()
    january = date(2026, 1, 1)
    assert stored()[("35.75", january)] == [1, 1, 0, 0]
    moved, emptied, closing = world["january"], world["physical"], world["last_year"]
    emptied_month = timezone.localtime(emptied.created_at).date().replace(day=1)
    this_month = timezone.localdate().replace(day=1)
    before = stored()
    Case.objects.filter(pk=moved.pk).update(created_at=world["sexual"].created_at)
    # (A victim with referrals cannot be deleted; recorded as a witness instead, the case
    # has no victim left.)
    CaseParty.objects.filter(case=emptied, role=PartyRole.VICTIM).update(role=PartyRole.WITNESS)
    request = case_services.closure_request(
        actor=personas.case_manager, case=closing, reason="korban_menolak"
    )
    case_services.closure_decide(
        actor=personas.supervisor, request=request, approve=True, note="Setuju."
    )
    insights_services.facts_refresh(actor=ACTOR, case_ids=[moved.pk, emptied.pk, closing.pk])
    after = stored()
    assert ("35.75", january) not in after  # its only case moved out
    cases, opened, closed, settled = after[("35.75", this_month)]
    was = before[("35.75", this_month)]
    assert (cases, opened, closed, settled) == (was[0] + 1, was[1] + 1, was[2] + 1, was[3] + 1)
    # Left without a victim: out of the chart, still a case opened.
    assert after[("35.75", emptied_month)][:2] == [
        before[("35.75", emptied_month)][0] - 1,
        before[("35.75", emptied_month)][1],
    ]
    assert after == recounted()
    assert _assert_summary_matches_records() > 40
