"""The case record's summary (issue #15): status, risk, overdue and next deadlines and next
steps lead the page, a jump list names every section, and confirmations after an action
come back in a focusable message region."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from payung.cases.choices import DeadlineState
from payung.cases.models import CaseDeadline
from payung.cases.templatetags.case_badges import deadline_summary
from tests.accounts.conftest import signed_in
from tests.cases.casework import open_case


def _deadline(title: str, state: str, hours: float) -> SimpleNamespace:
    return SimpleNamespace(title=title, state=state, due_at=timezone.now() + timedelta(hours=hours))


def test_deadline_summary_splits_overdue_from_the_next_open_ones() -> None:
    now = timezone.now()
    deadlines = [
        _deadline("later", DeadlineState.OPEN, 72),
        _deadline("late by a day", DeadlineState.OPEN, -24),
        _deadline("met long ago", "terpenuhi", -100),
        _deadline("soon", DeadlineState.OPEN, 2),
        _deadline("late by a week", DeadlineState.OPEN, -168),
        _deadline("next week", DeadlineState.OPEN, 168),
        _deadline("in two weeks", DeadlineState.OPEN, 336),
        _deadline("waiting", "menunggu", 5),
    ]
    summary = deadline_summary(deadlines, now)
    assert [d.title for d in summary["overdue"]] == ["late by a week", "late by a day"]
    assert [d.title for d in summary["upcoming"]] == ["soon", "later", "next week"]


@pytest.mark.django_db
def test_case_page_leads_with_the_summary_then_the_jump_list(personas) -> None:
    case = open_case(personas)
    first = case.deadlines.filter(state=DeadlineState.OPEN).order_by("due_at").first()
    assert first is not None
    CaseDeadline.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(hours=3))
    body = (
        signed_in(personas.case_manager)
        .get(reverse("cases:case_detail", args=[case.pk]))
        .content.decode()
    )
    summary = body.index('id="ringkasan"')
    overdue = body.index('class="case-due__overdue"')
    steps = body.index('id="h-tindakan"')
    jump = body.index('class="case-tabs"')
    sections = body.index('id="pihak"')
    assert summary < overdue < steps < jump < sections
    assert first.title in body[overdue:steps]
    # Every jump link has its section on the page, once.
    nav = body[jump : body.index("</nav>", jump)]
    anchors = re.findall(r'href="#([a-z-]+)"', nav)
    assert {"ringkasan", "tenggat", "rencana", "rujukan", "catatan", "dokumen", "riwayat"} <= set(
        anchors
    )
    for anchor in anchors:
        assert body.count(f'id="{anchor}"') == 1, anchor
    # The printed copy is headed RAHASIA with the case number.
    header = re.search(r'<p class="print-header">(.*?)</p>', body, re.S)
    assert header is not None
    assert "RAHASIA" in header.group(1) and case.number in header.group(1)


@pytest.mark.django_db
def test_a_case_with_nothing_due_shows_no_deadline_box(personas) -> None:
    case = open_case(personas)
    case.deadlines.update(state="terpenuhi", met_at=timezone.now())
    body = (
        signed_in(personas.case_manager)
        .get(reverse("cases:case_detail", args=[case.pk]))
        .content.decode()
    )
    assert 'id="case-due"' not in body


@pytest.mark.django_db
def test_confirmation_is_a_status_and_a_refusal_an_alert_in_the_focusable_region(
    personas,
) -> None:
    case = open_case(personas)
    client = signed_in(personas.case_manager)
    url = reverse("cases:note_add", args=[case.pk])
    saved = client.post(url, {"note-body": "Korban aman di rumah saudara."}, follow=True)
    body = saved.content.decode()
    region = re.search(
        r'<div class="messages" id="messages" tabindex="-1">(.*?)</div>\s*</div>', body, re.S
    )
    assert region is not None
    assert 'role="status">Catatan disimpan.' in region.group(1)
    assert "payung/messages-focus" in body
    refused = client.post(url, {"note-body": ""}, follow=True).content.decode()
    assert re.search(r'role="alert">Belum disimpan', refused)
    # A page without a message loads no focus script.
    quiet = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert 'id="messages"' not in quiet and "messages-focus" not in quiet
