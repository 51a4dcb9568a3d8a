"""The DPO's start page says what needs doing: failed chain checks not yet recorded as a
breach, open and overdue breaches, waiting and overdue requests — each a count over the
list it links to, in one query (issue #15)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from payung.accounts.home import home_for
from payung.audit import services as audit_services
from payung.audit.models import AuditEvent
from payung.audit.services import audit_chain_verify
from payung.audit.verify import ChainProblem, ProblemKind
from payung.privacy import services
from payung.privacy.home import PrivacyHome
from payung.privacy.models import DataSubjectRequest
from tests.accounts.conftest import signed_in
from tests.privacy.builders import access_request, breach

pytestmark = pytest.mark.django_db


def _counts(user: Any) -> dict[str, Any]:
    return {str(c.label): c for c in home_for(user)["counts"]}


def _failed_verification(personas: Any, monkeypatch: Any) -> AuditEvent:
    real = audit_services.verify_audit

    def broken(**kwargs: Any) -> Any:
        result = real(**kwargs)
        result.chains[0].problems.append(ChainProblem(ProblemKind.HASH_MISMATCH, 1, "edited"))
        return result

    monkeypatch.setattr(audit_services, "verify_audit", broken)
    result = audit_chain_verify(actor=personas.dpo)
    monkeypatch.setattr(audit_services, "verify_audit", real)
    return AuditEvent.objects.get(pk=result.event_id)


def _rows(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_dpo_counts_match_the_lists_they_link_to(personas, monkeypatch) -> None:
    failed = _failed_verification(personas, monkeypatch)
    audit_chain_verify(actor=personas.dpo)  # a clean run is not counted
    late = breach(
        personas,
        discovered_at=timezone.now() - timedelta(days=5),
        aware_at=timezone.now() - timedelta(days=4),
    )
    fresh = breach(personas)
    waiting = access_request(personas)
    overdue = access_request(personas)
    DataSubjectRequest.objects.filter(pk=overdue.pk).update(
        due_at=timezone.now() - timedelta(days=1)
    )
    counts = _counts(personas.dpo)
    verification = counts["Verifikasi rantai audit gagal, belum dicatat sebagai insiden"]
    open_breaches = counts["Insiden kebocoran belum ditutup"]
    late_breaches = counts["Insiden lewat batas pemberitahuan 3×24 jam"]
    open_requests = counts["Permintaan subjek data menunggu keputusan"]
    late_requests = counts["Permintaan subjek data lewat batas waktu"]
    assert verification.value == 1 and verification.urgent
    assert (open_breaches.value, late_breaches.value) == (2, 1)
    assert (open_requests.value, late_requests.value) == (2, 1)

    client = signed_in(personas.dpo)
    home = _rows(client, "/akun/").replace("&amp;", "&")
    assert all(f'href="{c.url}"' in home for c in counts.values())
    events = _rows(client, verification.url)
    assert f'<td class="text-nowrap" data-label="#">{failed.position}</td>' in events
    assert events.count("FAILED") == 1
    late_list = _rows(client, late_breaches.url)
    assert late.reference in late_list and fresh.reference not in late_list
    assert fresh.reference in _rows(client, open_breaches.url)
    late_req = _rows(client, late_requests.url)
    assert overdue.reference in late_req and waiting.reference not in late_req


def test_recorded_verification_and_closed_breach_leave_the_counts(personas, monkeypatch) -> None:
    failed = _failed_verification(personas, monkeypatch)
    item = breach(personas, verification_event=failed, tables=["audit"])
    now = timezone.now()
    services.breach_mark_notified(
        actor=personas.dpo, breach=item, subjects_at=now, authority_at=now
    )
    services.breach_close(actor=personas.dpo, breach=item)
    counts = _counts(personas.dpo)
    assert counts["Verifikasi rantai audit gagal, belum dicatat sebagai insiden"].value == 0
    assert counts["Insiden kebocoran belum ditutup"].value == 0


def test_dpo_counts_take_one_query(personas) -> None:
    breach(personas)
    access_request(personas)
    with CaptureQueriesContext(connection) as ctx:
        counts = PrivacyHome().counts(personas.dpo)
    assert len(counts) == 5
    assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]


def test_only_the_dpo_gets_privacy_counts(personas) -> None:
    breach(personas)
    for user in (personas.supervisor, personas.sysadmin, personas.analyst, personas.provider):
        assert PrivacyHome().counts(user) == []
