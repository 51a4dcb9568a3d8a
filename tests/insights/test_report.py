"""The PDF report: on demand as a job, and by the scheduled command that e-mails a link."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from payung.core.actors import command_actor
from payung.insights.report import _svg_for_pdf, build_pdf
from payung.insights.selectors import Period
from payung.insights.services import facts_refresh, report_start
from payung.jobs.models import Job
from payung.notifications.models import OutboxMessage
from tests.cases.casework import VICTIM
from tests.insights.builders import case_on


@pytest.fixture
def facts(personas):
    case_on(personas, date(2026, 3, 2), violence_forms=["seksual"], victim_age=15)
    case_on(personas, date(2026, 3, 9), violence_forms=["mental"], victim_age=40)
    facts_refresh(actor=command_actor("test"), full=True)


def test_pdf_has_the_period_the_date_and_the_charts(personas, facts) -> None:
    data = build_pdf("35.75", Period(2026, 3))
    assert data.startswith(b"%PDF")
    assert len(data) > 5000
    assert VICTIM.encode() not in data


def test_svg_is_prepared_for_fpdf() -> None:
    svg = '<svg viewBox="0 0 360 84" width="100%"><title>a</title><desc>b – c</desc><a href="/x"><rect/></a></svg>'
    out = _svg_for_pdf(svg).decode()
    assert "<title" not in out and "<desc" not in out and "<a " not in out
    assert 'width="360" height="84"' in out


def test_report_job_on_demand(personas, facts) -> None:
    job = report_start(actor=personas.analyst, year=2026, month=3)
    job.refresh_from_db()
    assert job.status == "done" and job.result_name == "laporan-bulanan-Mar-2026.pdf"
    assert job.result_bytes().startswith(b"%PDF")
    assert not OutboxMessage.objects.exists()


def test_scheduled_command_emails_a_link_to_each_recipient(personas, facts) -> None:
    out = StringIO()
    call_command(
        "send_insights_report",
        to=f"{personas.analyst.username},{personas.supervisor.username}",
        year=2026,
        month=3,
        stdout=out,
    )
    assert Job.objects.filter(kind="insights.report_pdf", status="done").count() == 2
    messages = OutboxMessage.objects.order_by("pk")
    assert [m.recipient for m in messages] == [personas.analyst, personas.supervisor]
    job = Job.objects.get(owner=personas.analyst)
    assert f"/proses/{job.pk}/unduh/" in messages[0].body
    assert messages[0].subject == "Laporan bulanan Payung: Mar 2026"
    assert VICTIM not in messages[0].body


def test_command_refuses_a_recipient_without_statistics(personas) -> None:
    with pytest.raises(CommandError):
        call_command("send_insights_report", to=personas.provider.username)


def test_dashboard_button_starts_the_report(personas, facts) -> None:
    from tests.accounts.conftest import signed_in

    response = signed_in(personas.analyst).post("/dasbor/laporan/", {"tahun": 2026, "bulan": 3})
    job = Job.objects.get(kind="insights.report_pdf")
    assert response["Location"] == job.get_absolute_url()
    assert job.params == {"year": 2026, "month": 3, "notify": False}
