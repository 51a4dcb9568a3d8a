"""Response deadlines: calendar hours, or working days that skip weekends and holidays;
"immediately" as a short explicit window (docs/domain.md#deadlines)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from payung.cases import deadlines, services
from payung.cases.choices import CaseStatus, DeadlineState
from payung.cases.forms import DeadlineRuleForm
from payung.cases.models import DeadlineRule, Report, TriageDeadlineRule
from tests.cases.casework import open_case
from tests.cases.helpers import make_report

pytestmark = pytest.mark.django_db

JKT = ZoneInfo("Asia/Jakarta")


def at(day: int, hour: int, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=JKT)  # 2 March 2026 is a Monday


def test_calendar_hours() -> None:
    assert deadlines.add_hours(at(6, 22), 6, working_days=False) == at(7, 4)


def test_three_working_days_from_friday_afternoon_end_on_wednesday() -> None:
    assert deadlines.add_hours(at(6, 15), 72, working_days=True) == at(11, 15)


def test_working_days_from_a_saturday_start_counting_on_monday() -> None:
    assert deadlines.add_hours(at(7, 10), 72, working_days=True) == at(12, 0)


def test_three_working_days_across_nyepi_and_idul_fitri_2026_land_after_the_holidays() -> None:
    # Tue 17 March 2026: then cuti bersama Nyepi (18), Nyepi (19), cuti bersama Idul Fitri
    # (20), Idul Fitri (21–22, a weekend), cuti bersama (23, 24): counting resumes on the 25th.
    assert deadlines.add_hours(at(17, 10), 72, working_days=True) == at(27, 10)


def test_three_working_days_across_the_2025_lebaran_land_after_the_cuti_bersama() -> None:
    # Thu 27 March 2025: cuti bersama Nyepi (28), Nyepi (29), Idul Fitri (31 March, 1 April),
    # cuti bersama 2–4 and 7 April: the three working days are 8, 9 and 10 April.
    start = at(27, 9, year=2025)
    assert deadlines.add_hours(start, 72, working_days=True) == at(10, 9, month=4, year=2025)


def test_a_report_received_on_a_holiday_counts_from_the_next_working_day() -> None:
    # Idul Adha 27 May 2026 (Wed), cuti bersama 28 May: Friday 29 is the first working day.
    # Then the weekend, Waisak (Sun 31 May) and Pancasila (Mon 1 June): one working day later
    # is Tuesday 2 June.
    assert deadlines.add_hours(at(27, 14, month=5), 24, working_days=True) == at(2, 0, month=6)


def test_the_seeded_rules_match_the_domain_defaults() -> None:
    rules = {r.risk_level: (r.hours, r.working_days) for r in TriageDeadlineRule.objects.all()}
    assert rules == {"tinggi": (1, False), "sedang": (6, False), "rendah": (72, True)}
    assert all(r.basis for r in TriageDeadlineRule.objects.all())
    assert "1 jam" in TriageDeadlineRule.objects.get(risk_level="tinggi").basis
    assert deadlines.due_at(at(6, 15), "rendah") == at(11, 15)


# --- "immediately" is one hour, not zero (issue #17, item 20) ---------------------------------


def test_a_high_risk_report_is_not_late_when_it_arrives(client, personas) -> None:
    report = make_report(danger_now=True)
    assert report.due_at == report.received_at + timedelta(hours=1)
    client.force_login(personas.case_manager)
    html = client.get(reverse("cases:triage_queue")).content.decode()
    assert "Segera — tanggapi dalam" in html
    assert "Lewat batas" not in html


def test_late_is_shown_only_after_the_window() -> None:
    report = make_report(danger_now=True)
    tag = Template("{% load case_badges %}{% response_window report now %}")

    def shown(minutes: int) -> str:
        now = report.received_at + timedelta(minutes=minutes)
        return tag.render(Context({"report": report, "now": now})).replace("\xa0", " ")

    assert "Segera — tanggapi dalam 1 jam" in shown(0)
    assert "Segera — tanggapi dalam 30 menit" in shown(30)
    assert "Lewat batas" not in shown(59)
    assert "Lewat batas" in shown(61) and "Segera" not in shown(61)


def test_a_first_response_within_a_minute_is_not_late(personas) -> None:
    case = open_case(personas, danger_now=True)
    assert case.risk_level == "tinggi"
    services.case_transition(actor=personas.case_manager, case=case, to=CaseStatus.ASSESSMENT)
    item = case.deadlines.get(rule__code="respons-risiko-tinggi")
    assert item.state == DeadlineState.MET
    assert item.due_at == case.reported_at + timedelta(hours=1)
    assert not item.met_late


def test_a_zero_hour_window_is_refused_by_the_service_and_the_form(personas) -> None:
    rule = TriageDeadlineRule.objects.get(risk_level="tinggi")
    with pytest.raises(ValidationError):
        services.triage_rule_update(
            actor=personas.sysadmin, rule=rule, hours=0, working_days=False, basis="segera"
        )
    rule.refresh_from_db()
    assert rule.hours == 1
    form = DeadlineRuleForm({"hours": "0", "basis": "segera"})
    assert not form.is_valid() and "hours" in form.errors
    case_rule = DeadlineRule.objects.get(code="respons-risiko-tinggi")
    with pytest.raises(ValidationError):
        services.case_deadline_rule_update(
            actor=personas.sysadmin,
            rule=case_rule,
            hours=0,
            working_days=False,
            basis="segera",
            active=True,
        )


def test_the_admin_can_widen_the_window_and_waiting_reports_follow(personas) -> None:
    report = make_report(danger_now=True)
    rule = TriageDeadlineRule.objects.get(risk_level="tinggi")
    services.triage_rule_update(
        actor=personas.sysadmin, rule=rule, hours=2, working_days=False, basis="dua jam"
    )
    report.refresh_from_db()
    assert report.due_at == report.received_at + timedelta(hours=2)


def test_the_data_migration_turns_a_zero_window_into_one_hour(personas) -> None:
    from importlib import import_module

    forward = import_module(
        "payung.cases.migrations.0010_response_window_and_pkdrt_anchors"
    ).forward
    TriageDeadlineRule.objects.filter(risk_level="tinggi").update(hours=0)
    DeadlineRule.objects.filter(code="respons-risiko-tinggi").update(hours=0)
    report = make_report(danger_now=True)
    Report.objects.filter(pk=report.pk).update(due_at=report.received_at)
    case = open_case(personas, danger_now=True)
    assert case.deadlines.get(rule__code="respons-risiko-tinggi").due_at == case.reported_at

    forward(apps, None)

    assert TriageDeadlineRule.objects.get(risk_level="tinggi").hours == 1
    assert DeadlineRule.objects.get(code="respons-risiko-tinggi").hours == 1
    report.refresh_from_db()
    assert report.due_at == report.received_at + timedelta(hours=1)
    item = case.deadlines.get(rule__code="respons-risiko-tinggi")
    assert item.due_at == case.reported_at + timedelta(hours=1)
    # Run again (as the test reseed does): nothing moves twice.
    forward(apps, None)
    item.refresh_from_db()
    assert item.due_at == case.reported_at + timedelta(hours=1)
    assert timezone.is_aware(item.due_at)
