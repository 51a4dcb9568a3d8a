"""Builders for the referral and care tests (and the authorisation table): everything goes
through the services, with obviously fictional people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from payung.care import services
from payung.care.models import (
    Accompaniment,
    HomeVisit,
    Referral,
    ReferralReport,
    Reintegration,
    Task,
    VisumLetter,
)
from payung.cases import services as case_services
from payung.cases.models import Case
from payung.cases.uploads import check_bytes
from payung.partners.models import Organisation, Service
from tests.cases.casework import open_case, victim_of
from tests.cases.helpers import PDF_BYTES


def consent_to_share(case: Case, organisation: Organisation, actor: Any) -> None:
    """The victim consents to sharing their data with ``organisation``."""
    victim = victim_of(case)
    case_services.consent_record(
        actor=actor,
        case=case,
        subject=victim,
        given_by=victim,
        purpose="berbagi",
        method="tertulis",
        given_on=timezone.localdate(),
        organisation=organisation,
    )


def hospital(personas: Any) -> Organisation:
    """The provider persona's organisation ("RSUD Uji": medis and visum)."""
    return personas.provider.organisation


def send_referral(
    personas: Any,
    *,
    case: Case | None = None,
    organisation: Organisation | None = None,
    service: str = "visum",
    urgency: str = "segera",
    share: tuple[str, ...] = (),
    note: str = "Mohon visum hari ini.",
    actor: Any = None,
) -> Referral:
    """A referral from the first case manager's Gentong case, with the victim's consent."""
    actor = actor or personas.case_manager
    case = case or open_case(personas)
    organisation = organisation or hospital(personas)
    consent_to_share(case, organisation, actor)
    return services.referral_send(
        actor=actor,
        case=case,
        victim=victim_of(case),
        service=Service.objects.get(code=service),
        organisation=organisation,
        urgency=urgency,
        note=note,
        share=share,
    )


def referral_with_report(personas: Any) -> tuple[Referral, ReferralReport]:
    referral = send_referral(personas)
    services.referral_accept(actor=personas.provider, referral=referral)
    report = services.referral_report_upload(
        actor=personas.provider,
        referral=referral,
        attachment=check_bytes(PDF_BYTES, "visum.pdf"),
        description="Hasil visum",
    )
    return referral, report


def visum_letter(personas: Any) -> VisumLetter:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    return services.visum_letter_issue(
        actor=personas.case_manager,
        case=case,
        victim=victim_of(case),
        organisation=hospital(personas),
        police_report_number="LP/B/12/I/2026/SPKT",
    )


def accompaniment(personas: Any) -> Accompaniment:
    case = open_case(personas)
    return services.accompaniment_plan(
        actor=personas.case_manager,
        case=case,
        victim=victim_of(case),
        destination="kepolisian",
        place="Unit PPA Polres Uji",
        scheduled_on=timezone.localdate(),
        officer=personas.case_manager,
    )


def reintegration(personas: Any, case: Case | None = None) -> Reintegration:
    from payung.regions.models import Region
    from tests.factories import GENTONG

    case = case or open_case(personas)
    return services.reintegration_plan(
        actor=personas.case_manager,
        case=case,
        victim=victim_of(case),
        destination="dalam_kota",
        kelurahan=Region.objects.get(code=GENTONG),
        planned_on=timezone.localdate(),
        receiving_party="Ibu kandung",
    )


def home_visit(personas: Any, case: Case | None = None, **fields: Any) -> HomeVisit:
    case = case or open_case(personas)
    values: dict[str, Any] = {
        "scheduled_at": timezone.now() + timedelta(days=1),
        "officer": personas.case_manager,
        "purpose": "Memantau keamanan",
    }
    values.update(fields)
    return services.home_visit_schedule(
        actor=personas.case_manager, case=case, victim=victim_of(case), **values
    )


def task(personas: Any, case: Case | None = None, **fields: Any) -> Task:
    case = case or open_case(personas)
    values: dict[str, Any] = {
        "title": "Telepon korban",
        "due_at": timezone.now() + timedelta(hours=3),
        "assignee": personas.case_manager,
    }
    values.update(fields)
    return services.task_add(actor=personas.case_manager, case=case, **values)
