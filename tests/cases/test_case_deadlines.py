"""Deadlines derived from rules (docs/domain.md#deadlines): TPKS, PKDRT, risk, rule edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from payung.cases import deadlines, services
from payung.cases.choices import DeadlineState
from payung.cases.models import DeadlineRule
from tests.accounts.conftest import signed_in
from tests.cases.casework import open_case, victim_of

pytestmark = pytest.mark.django_db


def _incident(case, **flags):
    return services.IncidentInput(
        place_category="rumah_tangga",
        violence_forms=["fisik"],
        victims=[victim_of(case)],
        **flags,
    )


def test_every_rule_is_seeded_with_its_legal_basis() -> None:
    rules = {r.code: r for r in DeadlineRule.objects.all()}
    assert rules["tpks-laporan-polisi"].hours == 72
    assert "Pasal 41" in rules["tpks-laporan-polisi"].basis
    assert rules["tpks-perlindungan-sementara"].protection_days == 14
    assert rules["kdrt-perlindungan-sementara"].protection_days == 7
    assert "Pasal 16" in rules["kdrt-permohonan-perintah-perlindungan"].basis
    assert rules["respons-risiko-rendah"].working_days


def test_a_sexual_violence_report_brings_the_tpks_deadlines(personas) -> None:
    case = open_case(personas, violence_forms=["seksual"])
    assert case.flag_tpks
    police = case.deadlines.get(rule__code="tpks-laporan-polisi")
    assert police.due_at == case.reported_at + timedelta(hours=72)
    lpsk = case.deadlines.get(rule__code="tpks-permintaan-lpsk")
    assert lpsk.state == DeadlineState.WAITING


def test_kdrt_flag_adds_and_removing_it_sets_aside_the_pkdrt_steps(personas) -> None:
    case = open_case(personas)
    manager = personas.case_manager
    incident = services.incident_add(actor=manager, case=case, data=_incident(case, kdrt=True))
    case.refresh_from_db()
    assert case.flag_kdrt
    item = case.deadlines.get(rule__code="kdrt-perlindungan-sementara")
    assert item.state == DeadlineState.OPEN
    services.incident_update(
        actor=manager, case=case, incident=incident, version=None, data=_incident(case)
    )
    item.refresh_from_db()
    assert item.state == DeadlineState.NOT_APPLICABLE


def test_recording_protection_requested_and_granted(personas) -> None:
    case = open_case(personas, violence_forms=["seksual"])
    item = case.deadlines.get(rule__code="tpks-perlindungan-sementara")
    today = timezone.localdate()
    services.deadline_record(
        actor=personas.case_manager,
        case=case,
        deadline=item,
        requested_on=today - timedelta(days=1),
        granted_on=today,
    )
    item.refresh_from_db()
    assert item.state == DeadlineState.MET and item.protection_until == today + timedelta(days=14)
    with pytest.raises(ValidationError):
        services.deadline_record(
            actor=personas.case_manager,
            case=case,
            deadline=item,
            requested_on=today,
            granted_on=today - timedelta(days=3),
        )


def test_raising_the_risk_replaces_the_response_deadline(personas) -> None:
    case = open_case(personas)
    services.case_update(
        actor=personas.case_manager,
        case=case,
        version=case.version,
        risk_level="tinggi",
        kelurahan=case.kelurahan,
    )
    states = dict(case.deadlines.values_list("rule__code", "state"))
    assert states["respons-risiko-sedang"] == DeadlineState.NOT_APPLICABLE
    assert states["respons-risiko-tinggi"] == DeadlineState.OPEN


def test_editing_a_rule_recomputes_open_items(personas) -> None:
    case = open_case(personas)
    rule = DeadlineRule.objects.get(code="asesmen")
    services.case_deadline_rule_update(
        actor=personas.sysadmin,
        rule=rule,
        hours=24,
        working_days=False,
        basis="Standar kota baru",
        active=True,
    )
    item = case.deadlines.get(rule=rule)
    assert item.due_at == case.created_at + timedelta(hours=24)


def test_working_day_rules_skip_weekends() -> None:
    friday = timezone.make_aware(timezone.datetime(2026, 1, 9, 10, 0))
    assert deadlines.add_hours(friday, 72, working_days=True).weekday() == 2  # Wednesday


def test_the_admin_edits_rules_on_a_small_page(personas) -> None:
    rule = DeadlineRule.objects.get(code="tpks-laporan-polisi")
    client = signed_in(personas.sysadmin)
    page = client.get(reverse("cases:case_deadline_rules")).content.decode()
    assert "Pasal 41" in page
    response = client.post(
        reverse("cases:case_deadline_rule_update", args=[rule.pk]),
        {f"r{rule.pk}-hours": "48", f"r{rule.pk}-active": "on", f"r{rule.pk}-basis": "Uji"},
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.hours, rule.basis) == (48, "Uji")
    # Case workers may not.
    assert (
        signed_in(personas.supervisor).get(reverse("cases:case_deadline_rules")).status_code == 403
    )


def test_follow_ups_are_due_items_too(personas) -> None:
    case = open_case(personas)
    due = timezone.now() + timedelta(days=3)
    item = services.deadline_followup_add(
        actor=personas.case_manager, case=case, title="Kunjungan rumah", due_at=due
    )
    assert item.rule is None and item.state == DeadlineState.OPEN


# --- PKDRT: the court-order request counts from temporary protection (issue #17, item 17) ----


def _kdrt_case(personas):
    case = open_case(personas)
    services.incident_add(actor=personas.case_manager, case=case, data=_incident(case, kdrt=True))
    case.refresh_from_db()
    assert case.flag_kdrt
    return case


def test_the_pkdrt_rules_are_anchored_on_the_earlier_steps() -> None:
    rules = {r.code: r for r in DeadlineRule.objects.select_related("anchor_rule")}
    request = rules["kdrt-permohonan-perintah-perlindungan"]
    assert request.anchor_rule.code == "kdrt-perlindungan-sementara"
    assert request.anchor_field == "granted_on" and request.hours == 24
    court = rules["kdrt-penetapan-perintah-perlindungan"]
    assert court.anchor_rule == request and court.anchor_field == "requested_on"
    assert court.hours == 168 and "Pasal 28" in court.basis
    assert court.order > request.order
    # UU 12/2022 Pasal 43 ayat (1): the request to LPSK likewise follows temporary protection.
    lpsk = rules["tpks-permintaan-lpsk"]
    assert lpsk.anchor_rule.code == "tpks-perlindungan-sementara"
    assert lpsk.anchor_field == "granted_on" and "sejak pemberian" in lpsk.basis


def test_the_court_order_request_waits_for_temporary_protection(personas) -> None:
    case = _kdrt_case(personas)
    request = case.deadlines.get(rule__code="kdrt-permohonan-perintah-perlindungan")
    # Not counted from the report: it waits until temporary protection is recorded.
    assert request.state == DeadlineState.WAITING and request.due_at is None
    assert not request.is_overdue()
    court = case.deadlines.get(rule__code="kdrt-penetapan-perintah-perlindungan")
    assert court.state == DeadlineState.WAITING
    page = signed_in(personas.case_manager).get(reverse("cases:case_detail", args=[case.pk]))
    assert "Menunggu — dihitung sejak langkah" in page.content.decode()


def test_recording_temporary_protection_starts_the_court_order_clock(personas) -> None:
    case = _kdrt_case(personas)
    temporary = case.deadlines.get(rule__code="kdrt-perlindungan-sementara")
    granted = timezone.localdate() - timedelta(days=2)
    services.deadline_record(
        actor=personas.case_manager, case=case, deadline=temporary, granted_on=granted
    )
    request = case.deadlines.get(rule__code="kdrt-permohonan-perintah-perlindungan")
    start = timezone.make_aware(timezone.datetime.combine(granted, timezone.datetime.min.time()))
    # 1×24 hours from the day temporary protection was given (UU 23/2004 Pasal 16 ayat 3).
    assert request.state == DeadlineState.OPEN
    assert request.due_at == start + timedelta(hours=24)
    assert request.due_at != case.reported_at + timedelta(hours=24)
    # The court then decides within 7 days of the request (Pasal 28).
    requested = timezone.localdate()
    services.deadline_record(
        actor=personas.case_manager, case=case, deadline=request, requested_on=requested
    )
    request.refresh_from_db()
    court = case.deadlines.get(rule__code="kdrt-penetapan-perintah-perlindungan")
    assert court.state == DeadlineState.OPEN
    # Recorded the same day: the clock runs from the moment the request was recorded.
    assert court.due_at == request.met_at + timedelta(hours=168)


def test_protection_given_today_counts_from_when_it_was_recorded(personas) -> None:
    case = _kdrt_case(personas)
    temporary = case.deadlines.get(rule__code="kdrt-perlindungan-sementara")
    services.deadline_record(
        actor=personas.case_manager,
        case=case,
        deadline=temporary,
        granted_on=timezone.localdate(),
    )
    temporary.refresh_from_db()
    request = case.deadlines.get(rule__code="kdrt-permohonan-perintah-perlindungan")
    assert request.due_at == temporary.met_at + timedelta(hours=24)


def test_editing_an_anchored_rule_keeps_waiting_items_waiting(personas) -> None:
    case = _kdrt_case(personas)
    rule = DeadlineRule.objects.get(code="kdrt-permohonan-perintah-perlindungan")
    services.case_deadline_rule_update(
        actor=personas.sysadmin,
        rule=rule,
        hours=48,
        working_days=False,
        basis=rule.basis,
        active=True,
    )
    request = case.deadlines.get(rule=rule)
    assert request.state == DeadlineState.WAITING and request.due_at is None


def test_the_waiting_items_are_listed_by_the_api(personas) -> None:
    case = _kdrt_case(personas)
    client = signed_in(personas.case_manager)
    response = client.get(f"/api/v1/cases/{case.pk}/deadlines")
    assert response.status_code == 200
    rows = {row["rule"]: row for row in response.json()}
    waiting = rows["kdrt-permohonan-perintah-perlindungan"]
    assert waiting["state"] == "menunggu" and waiting["due_at"] is None
    assert waiting["overdue"] is False
