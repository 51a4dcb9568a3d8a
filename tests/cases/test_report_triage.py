"""Triage services: risk, open a case, attach, refer out, close — and what the reporter sees."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.cases import services
from payung.cases.choices import PublicStatus, ReportEventKind, ReportStatus, RiskLevel
from payung.cases.models import Case, CaseNumberCounter, Report
from payung.notifications.models import Notification
from tests.cases.helpers import make_report, reseed_reference_data

pytestmark = pytest.mark.django_db

# Real concurrency needs a server database: SQLite serialises writers (the race itself is
# covered on both databases by forcing the losing path). Decided at collection, so SQLite
# does not even set up (and flush) a transactional database for it.
needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="true concurrency needs PostgreSQL",
)


@pytest.fixture(autouse=True, scope="module")
def _restore_reference_data_after_module(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        reseed_reference_data()


def test_setting_the_risk_recomputes_the_deadline_and_is_no_longer_provisional(personas) -> None:
    report = make_report()
    updated = services.report_set_risk(
        actor=personas.case_manager, report=report, risk_level=RiskLevel.HIGH, note="anak sendirian"
    )
    assert updated.risk_level == RiskLevel.HIGH and not updated.risk_provisional
    assert updated.due_at == updated.received_at + timedelta(hours=1)
    event = updated.events.get(kind=ReportEventKind.RISK_SET)
    assert event.data == {"from": "sedang", "to": "tinggi"} and event.note == "anak sendirian"
    assert AuditEvent.objects.filter(action="report.set_risk", target_id=str(report.pk)).exists()


def test_raising_risk_to_high_notifies_the_on_duty_case_manager(
    personas, django_capture_on_commit_callbacks
) -> None:
    personas.case_manager2.on_duty = True
    personas.case_manager2.save()
    report = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_set_risk(
            actor=personas.case_manager, report=report, risk_level=RiskLevel.HIGH
        )
    assert Notification.objects.filter(recipient=personas.case_manager2).count() == 1


def test_opening_a_case_numbers_it_per_year_and_moves_the_reporter_status(personas) -> None:
    first = make_report()
    second = make_report()
    case1 = services.report_open_case(
        actor=personas.case_manager, report=first, message="Petugas akan menghubungi Anda."
    )
    case2 = services.report_open_case(actor=personas.case_manager, report=second)
    year = timezone.localdate().year
    assert (case1.number, case2.number) == (f"PPA/{year}/0001", f"PPA/{year}/0002")
    assert case1.owner == personas.case_manager and case1.status == "baru"
    assert case1.region_code == first.region_code and case1.created_from == first
    first.refresh_from_db()
    assert first.status == ReportStatus.IN_CASE and first.case == case1
    assert first.public_status == PublicStatus.IN_PROGRESS
    assert first.public_message == "Petugas akan menghubungi Anda."
    assert first.triaged_by == personas.case_manager
    assert [e.kind for e in first.events.all()] == [
        ReportEventKind.RECEIVED,
        ReportEventKind.CASE_OPENED,
    ]


def test_a_case_can_be_given_to_another_case_manager(personas) -> None:
    case = services.report_open_case(
        actor=personas.supervisor, report=make_report(), owner=personas.case_manager2
    )
    assert case.owner == personas.case_manager2


def test_only_a_case_manager_or_supervisor_owns_a_case(personas) -> None:
    with pytest.raises(ValidationError):
        services.report_open_case(
            actor=personas.case_manager, report=make_report(), owner=personas.ppt_gentong
        )


def test_attaching_a_report_to_an_existing_case(personas) -> None:
    case = services.report_open_case(actor=personas.case_manager, report=make_report())
    duplicate = make_report()
    services.report_attach_to_case(
        actor=personas.case_manager, report=duplicate, case=case, note="laporan kedua"
    )
    duplicate.refresh_from_db()
    assert duplicate.case == case and duplicate.status == ReportStatus.IN_CASE
    assert duplicate.public_status == PublicStatus.IN_PROGRESS
    assert list(case.reports.order_by("pk")) == [
        Report.objects.get(case=case, pk=case.created_from_id),
        duplicate,
    ]


def test_referring_out_of_the_city_records_where_and_finishes_for_the_reporter(personas) -> None:
    report = make_report()
    services.report_refer_out(
        actor=personas.case_manager, report=report, destination="UPTD PPA Kabupaten Pasuruan"
    )
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.REFERRED_OUT
        and report.referred_to == "UPTD PPA Kabupaten Pasuruan"
    )
    assert report.public_status == PublicStatus.DONE


def test_closing_as_not_a_case_needs_a_reason_from_the_list(personas) -> None:
    report = make_report()
    with pytest.raises(ValidationError):
        services.report_close_not_case(actor=personas.case_manager, report=report, reason="bosan")
    services.report_close_not_case(
        actor=personas.case_manager,
        report=report,
        reason="bukan_kekerasan",
        message="Terima kasih.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.NOT_A_CASE and report.public_status == PublicStatus.DONE
    assert report.not_case_reason == "bukan_kekerasan" and report.public_message == "Terima kasih."


@pytest.mark.parametrize("first", ["open", "refer", "close"])
def test_a_triaged_report_cannot_be_triaged_again(personas, first: str) -> None:
    report = make_report()
    actions = {
        "open": lambda r: services.report_open_case(actor=personas.case_manager, report=r),
        "refer": lambda r: services.report_refer_out(
            actor=personas.case_manager, report=r, destination="Kab. Probolinggo"
        ),
        "close": lambda r: services.report_close_not_case(
            actor=personas.case_manager, report=r, reason="duplikat"
        ),
    }
    actions[first](report)
    for name, action in actions.items():
        with pytest.raises(services.TransitionError):
            action(report)
        assert name
    with pytest.raises(services.TransitionError):
        services.report_set_risk(
            actor=personas.case_manager, report=report, risk_level=RiskLevel.LOW
        )
    assert Report.objects.filter(pk=report.pk).exists()  # never deleted


def test_the_message_for_the_reporter_can_be_written_at_any_time(personas) -> None:
    report = make_report()
    services.report_set_public_message(
        actor=personas.ppt_gentong, report=report, message="Kami sudah membaca laporan Anda."
    )
    report.refresh_from_db()
    assert report.public_message == "Kami sudah membaca laporan Anda."
    event = AuditEvent.objects.get(action="report.set_public_message")
    assert "membaca" not in str(event.changes)


def test_case_numbers_restart_each_year(personas) -> None:
    CaseNumberCounter.objects.create(year=timezone.localdate().year - 1, last=41)
    case = services.report_open_case(actor=personas.case_manager, report=make_report())
    assert case.number.endswith("/0001")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_case_openings_get_distinct_consecutive_numbers(personas) -> None:
    reports = [make_report() for _ in range(4)]
    barrier = threading.Barrier(len(reports))
    errors: list[BaseException] = []

    def open_case(report: Report) -> None:
        try:
            barrier.wait()
            services.report_open_case(actor=personas.case_manager, report=report)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_case, args=(r,)) for r in reports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(Case.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_changing_a_deadline_rule_recomputes_waiting_reports(personas) -> None:
    from payung.cases.models import TriageDeadlineRule

    waiting = make_report()
    triaged = make_report()
    services.report_open_case(actor=personas.case_manager, report=triaged)
    before = Report.objects.get(pk=triaged.pk).due_at
    rule = TriageDeadlineRule.objects.get(risk_level="sedang")
    services.triage_rule_update(
        actor=personas.sysadmin, rule=rule, hours=2, working_days=False, basis="SOP baru"
    )
    assert Report.objects.get(pk=waiting.pk).due_at - waiting.received_at == timedelta(hours=2)
    assert Report.objects.get(pk=triaged.pk).due_at == before
    assert AuditEvent.objects.filter(action="triage_rule.update").exists()
