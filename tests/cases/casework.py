"""Builders for the casework tests (and the authorisation table): cases opened through the
services from a report, with obviously fictional people."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from payung.cases import services
from payung.cases.choices import CaseStatus, PartyRole
from payung.cases.models import Case, CaseParty
from tests.cases.helpers import make_report

VICTIM = "Mawar Contohsari"
CHILD_VICTIM = "Melati Anakcontoh"
PERPETRATOR = "Bambang Pelakuwan"
REPORTER = "Sumiati Pelaporwati"
GUARDIAN = "Kartini Walicontoh"
# A woman born 1 January 1990, first registered in kecamatan 35.75.01 (day 01 + 40 = 41).
NIK_WOMAN = "3575014101900001"
KK = "3575010101200003"
PHONE = "081234567890"
CHRONOLOGY = "Kronologi rahasia: korban dipukul di dapur pada malam hari."
ADDRESS = "Jl. Contoh Rahasia No. 7, RT 01 RW 02"


def open_case(
    personas: Any,
    *,
    owner: Any = None,
    child: bool = False,
    actor: Any = None,
    **report: Any,
) -> Case:
    """A Gentong case opened by a case manager from a report, owned by ``owner``."""
    values: dict[str, Any] = {
        "victim_name": CHILD_VICTIM if child else VICTIM,
        "victim_age": 12 if child else 34,
        "reporter_anonymous": False,
        "reporter_name": REPORTER,
        "reporter_relation": "tetangga",
        "contact_channel": "telepon",
        "reporter_phone": PHONE,
        "description": CHRONOLOGY,
        "address_detail": ADDRESS,
    }
    values.update(report)
    source = make_report(**values)
    return services.report_open_case(
        actor=actor or personas.case_manager,
        report=source,
        owner=owner or personas.case_manager,
    )


def victim_of(case: Case) -> CaseParty:
    return case.parties.select_related("person").filter(role=PartyRole.VICTIM).order_by("pk")[0]


def add_perpetrator(case: Case, actor: Any, name: str = PERPETRATOR) -> CaseParty:
    return services.party_add(
        actor=actor,
        case=case,
        role=PartyRole.PERPETRATOR,
        person=services.PersonInput(name=name, sex="l"),
        relationship="suami_istri",
    ).party


def add_guardian(case: Case, actor: Any, victim: CaseParty) -> CaseParty:
    return services.party_add(
        actor=actor,
        case=case,
        role=PartyRole.GUARDIAN,
        person=services.PersonInput(name=GUARDIAN, sex="p"),
        guardian_for=victim,
        guardian_relation="ibu kandung",
    ).party


def assess(case: Case, actor: Any, *, economic: bool = False) -> Any:
    return services.assessment_record(
        actor=actor,
        case=case,
        victim=victim_of(case),
        assessed_on=timezone.localdate(),
        levels=dict.fromkeys(("fisik", "psikologis", "sosial", "ekonomi", "pendidikan"), "sedang"),
        notes={"psikologis": "Trauma, butuh konseling."},
        economic_empowerment_need=economic,
    )


def run_to_services(case: Case, actor: Any) -> Case:
    """baru → asesmen → rencana → layanan, with what each step needs."""
    services.case_transition(actor=actor, case=case, to=CaseStatus.ASSESSMENT)
    assess(case, actor)
    services.case_transition(actor=actor, case=case, to=CaseStatus.PLAN)
    services.plan_item_add(actor=actor, case=case, service="psikososial", goal="Konseling")
    services.plan_save(
        actor=actor,
        case=case,
        version=None,
        goals="Pulih dan aman",
        agreed=True,
        agreed_on=date.today(),
        agreed_by=victim_of(case),
    )
    services.case_transition(actor=actor, case=case, to=CaseStatus.SERVICES)
    case.refresh_from_db()
    return case
