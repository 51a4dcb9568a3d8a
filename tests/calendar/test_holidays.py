"""The holiday calendar: seeded from the SKB 3 Menteri, edited by the system admin through
audited services, read once per process, and moving the open working-day due times it
crosses (docs/domain.md#working-days)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.calendar import services, workdays
from payung.calendar.models import Holiday, HolidayKind
from payung.cases.models import DeadlineRule
from payung.core.actors import command_actor
from tests.cases.casework import open_case
from tests.cases.helpers import make_report

pytestmark = pytest.mark.django_db


def _days(year: int, kind: str) -> set[date]:
    return set(Holiday.objects.filter(date__year=year, kind=kind).values_list("date", flat=True))


def test_the_decreed_holidays_of_2025_and_2026_are_seeded() -> None:
    assert len(_days(2025, HolidayKind.NATIONAL)) == 17
    # SKB 1017/2024 (10 days) and its amendment for 18 August 2025.
    assert len(_days(2025, HolidayKind.CUTI_BERSAMA)) == 11
    assert date(2025, 8, 18) in _days(2025, HolidayKind.CUTI_BERSAMA)
    assert len(_days(2026, HolidayKind.NATIONAL)) == 17
    assert _days(2026, HolidayKind.CUTI_BERSAMA) == {
        date(2026, 2, 16),
        date(2026, 3, 18),
        date(2026, 3, 20),
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 5, 15),
        date(2026, 5, 28),
        date(2026, 12, 24),
    }
    assert not Holiday.objects.filter(date__year__lte=2026, provisional=True).exists()


def test_2027_is_seeded_as_provisional_until_its_decree() -> None:
    year = Holiday.objects.filter(date__year=2027)
    assert year.count() == 17 and all(h.provisional for h in year)
    assert not year.filter(kind=HolidayKind.CUTI_BERSAMA).exists()


def test_working_days_skip_weekends_and_holidays() -> None:
    assert not workdays.is_working_day(date(2026, 3, 20))  # cuti bersama Idul Fitri
    assert not workdays.is_working_day(date(2026, 3, 21))  # Idul Fitri, a Saturday
    assert workdays.is_working_day(date(2026, 3, 25))


def test_the_holidays_are_read_once_for_many_counts(django_assert_num_queries) -> None:
    start = timezone.now()
    with django_assert_num_queries(1):
        for hours in range(0, 24 * 40, 24):
            workdays.add_hours(start, hours, working_days=True)


def test_the_system_admin_adds_a_holiday_and_open_working_day_deadlines_move(personas) -> None:
    # A low-risk report and a case: three working days to follow up and to assess.
    report = make_report(risk_level="rendah")
    case = open_case(personas)
    assessment = case.deadlines.get(rule__code="asesmen")
    before = (report.due_at, assessment.due_at)
    day = timezone.localdate(report.received_at) + timedelta(days=1)
    while not workdays.is_working_day(day):
        day += timedelta(days=1)

    holiday = services.holiday_add(
        actor=personas.sysadmin, day=day, name="Libur daerah uji", kind=HolidayKind.NATIONAL
    )

    report.refresh_from_db()
    assessment.refresh_from_db()
    assert report.due_at > before[0] and assessment.due_at > before[1]
    assert timezone.localdate(report.due_at) != day
    event = AuditEvent.objects.get(action="holiday.add", target_id=str(holiday.pk))
    assert event.actor == personas.sysadmin
    assert event.changes["date"] == [None, day.isoformat()]
    assert "dihitung ulang" in event.note

    # Removing it puts the due times back.
    services.holiday_delete(actor=personas.sysadmin, holiday=holiday)
    report.refresh_from_db()
    assessment.refresh_from_db()
    assert (report.due_at, assessment.due_at) == before
    assert AuditEvent.objects.filter(action="holiday.delete", target_id=str(holiday.pk)).exists()


def test_moving_a_holiday_is_audited(personas) -> None:
    holiday = Holiday.objects.get(date=date(2027, 3, 10))
    moved = services.holiday_update(
        actor=personas.sysadmin,
        holiday=holiday,
        day=date(2027, 3, 9),
        name=holiday.name,
        kind=holiday.kind,
        provisional=False,
    )
    assert (moved.date, moved.provisional) == (date(2027, 3, 9), False)
    event = AuditEvent.objects.get(action="holiday.update", target_id=str(holiday.pk))
    assert event.changes["date"] == ["2027-03-10", "2027-03-09"]
    assert not workdays.is_working_day(date(2027, 3, 9))
    assert workdays.is_working_day(date(2027, 3, 12))


def test_one_holiday_per_date_and_a_name_is_required(personas) -> None:
    with pytest.raises(ValidationError) as error:
        services.holiday_add(
            actor=personas.sysadmin, day=date(2026, 8, 17), name="Lagi", kind="nasional"
        )
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.holiday_add(actor=personas.sysadmin, day=date(2026, 8, 18), name=" ", kind="x")
    assert set(error.value.message_dict) == {"name", "kind"}


def test_only_the_system_admin_or_a_loader_edits_holidays(personas) -> None:
    for user in (personas.supervisor, personas.case_manager, personas.dpo):
        with pytest.raises(PermissionDenied):
            services.holiday_add(actor=user, day=date(2026, 8, 18), name="Uji", kind="nasional")
    with pytest.raises(PermissionDenied):
        services.holiday_add(actor=None, day=date(2026, 8, 18), name="Uji", kind="nasional")
    loaded = services.holiday_add(
        actor=command_actor("load_holidays"), day=date(2026, 8, 18), name="Uji", kind="nasional"
    )
    assert AuditEvent.objects.filter(action="holiday.add", target_id=str(loaded.pk)).exists()


def test_the_pkdrt_rules_keep_counting_calendar_hours() -> None:
    # Legal "×24 jam" limits run through holidays; only the city's standards count working days.
    working = set(DeadlineRule.objects.filter(working_days=True).values_list("code", flat=True))
    assert working == {"respons-risiko-rendah", "asesmen"}
