"""Clearly fictional demo reports and cases for Kota Pasuruan, made through the services.

Idempotent: each report has a fixed idempotency key, so running ``load_demo`` twice finds the
same reports; a case is opened (and filled in) only when its report is still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from payung.accounts.models import User
from payung.cases import services
from payung.cases.choices import CaseStatus, Channel, ReportStatus
from payung.cases.models import Case
from payung.regions.models import Region


@dataclass(frozen=True)
class DemoReport:
    key: str
    kelurahan: str
    victim_name: str
    victim_age: int
    victim_sex: str
    violence_forms: list[str]
    place_category: str
    description: str
    reporter_relation: str = "keluarga"
    channel: str = Channel.WALK_IN
    risk_level: str = "sedang"
    extra: dict[str, Any] = field(default_factory=dict)


REPORTS = [
    DemoReport(
        key="demo-bunga",
        kelurahan="35.75.01.1002",  # Gentong
        victim_name="Bunga (nama samaran)",
        victim_age=13,
        victim_sex="p",
        violence_forms=["seksual", "psikis"],
        place_category="fasilitas_umum",
        description="CONTOH FIKTIF. Anak perempuan diganggu secara seksual oleh orang dewasa "
        "di sekitar rumah. Ibunya datang ke PPT.",
        risk_level="tinggi",
    ),
    DemoReport(
        key="demo-mawar",
        kelurahan="35.75.04.1010",  # Bugul Lor
        victim_name="Mawar Contoh",
        victim_age=31,
        victim_sex="p",
        violence_forms=["fisik", "psikis"],
        place_category="rumah_tangga",
        description="CONTOH FIKTIF. Istri dipukul suami berulang kali; datang sendiri ke pusat "
        "layanan.",
        reporter_relation="korban",
    ),
    DemoReport(
        key="demo-melati",
        kelurahan="35.75.02.1001",  # Pohjentrek
        victim_name="Melati Percobaan",
        victim_age=9,
        victim_sex="p",
        violence_forms=["penelantaran"],
        place_category="rumah_tangga",
        description="CONTOH FIKTIF. Tetangga melaporkan anak sering ditinggal sendirian tanpa "
        "makan.",
        reporter_relation="tetangga",
        channel=Channel.PHONE,
    ),
]


def _report(item: DemoReport, actor: User) -> Any:
    region = Region.objects.get(code=item.kelurahan)
    data = services.ReportInput(
        channel=item.channel,
        reporter_relation=item.reporter_relation,
        violence_forms=item.violence_forms,
        description=item.description,
        place_category=item.place_category,
        victim_sex=item.victim_sex,
        contact_channel="jangan",
        kelurahan=region,
        victim_name=item.victim_name,
        victim_age=item.victim_age,
        risk_level=item.risk_level,
        consent=True,
        consent_text="Demo",
        received_at=timezone.now() - timedelta(days=3),
    )
    return services.report_create(
        actor=actor, data=data, idempotency_namespace="demo", idempotency_key=item.key
    ).report


def _victim(case: Case) -> Any:
    return case.parties.filter(role="korban").order_by("pk").first()


def load(*, users: dict[str, User]) -> dict[str, int]:
    """Create what is missing; returns counts for the command's output."""
    manager, manager2, supervisor = users["manajer"], users["manajer2"], users["supervisor"]
    ppt = users["ppt.gentong"]
    reports = {
        item.key: _report(item, ppt if item.key == "demo-bunga" else manager) for item in REPORTS
    }
    opened = 0

    bunga = reports["demo-bunga"]
    if bunga.status == ReportStatus.NEW:
        case = services.report_open_case(actor=manager, report=bunga, owner=manager)
        victim = _victim(case)
        guardian = services.party_add(
            actor=manager,
            case=case,
            role="wali",
            person=services.PersonInput(name="Kenanga Contohwati (fiktif)", sex="p"),
            guardian_for=victim,
            guardian_relation="ibu kandung",
        ).party
        services.consent_record(
            actor=manager,
            case=case,
            subject=victim,
            given_by=guardian,
            purpose="pemrosesan",
            method="tertulis",
            given_on=timezone.localdate(),
        )
        services.case_transition(actor=manager, case=case, to=CaseStatus.ASSESSMENT)
        services.assessment_record(
            actor=manager,
            case=case,
            victim=victim,
            assessed_on=timezone.localdate(),
            levels={
                "fisik": "ringan",
                "psikologis": "berat",
                "sosial": "sedang",
                "ekonomi": "ringan",
                "pendidikan": "sedang",
            },
            notes={"psikologis": "Contoh: cemas, sulit tidur. Perlu konseling psikolog."},
        )
        services.case_transition(actor=manager, case=case, to=CaseStatus.PLAN)
        services.plan_item_add(actor=manager, case=case, service="psikososial", goal="Konseling")
        services.plan_item_add(actor=manager, case=case, service="visum", goal="Visum gratis")
        opened += 1

    mawar = reports["demo-mawar"]
    if mawar.status == ReportStatus.NEW:
        case = services.report_open_case(actor=manager, report=mawar, owner=manager2)
        victim = _victim(case)
        perpetrator = services.party_add(
            actor=manager2,
            case=case,
            role="pelaku",
            person=services.PersonInput(name="Pelaku Contoh (fiktif)", sex="l"),
            relationship="suami_istri",
        ).party
        incident = case.incidents.get()
        services.incident_update(
            actor=manager2,
            case=case,
            incident=incident,
            version=None,
            data=services.IncidentInput(
                place_category="rumah_tangga",
                violence_forms=["fisik", "psikis"],
                relationship="suami_istri",
                kdrt=True,
                chronology=incident.chronology,
                kelurahan=incident.kelurahan,
                victims=[victim],
                perpetrators=[perpetrator],
            ),
        )
        services.case_transition(actor=manager2, case=case, to=CaseStatus.ASSESSMENT)
        services.assessment_record(
            actor=manager2,
            case=case,
            victim=victim,
            assessed_on=timezone.localdate(),
            levels=dict.fromkeys(
                ("fisik", "psikologis", "sosial", "ekonomi", "pendidikan"), "sedang"
            ),
            notes={"ekonomi": "Contoh: tidak berpenghasilan sendiri."},
            economic_empowerment_need=True,
        )
        services.case_transition(actor=manager2, case=case, to=CaseStatus.PLAN)
        legal_aid = services.plan_item_add(actor=manager2, case=case, service="hukum")
        services.plan_save(
            actor=manager2,
            case=case,
            version=None,
            goals="Aman dari kekerasan; mandiri secara ekonomi.",
            agreed=True,
            agreed_on=timezone.localdate(),
            agreed_by=victim,
        )
        services.case_transition(actor=manager2, case=case, to=CaseStatus.SERVICES)
        services.case_transition(actor=manager2, case=case, to=CaseStatus.MONITORING)
        services.closure_request(
            actor=manager2,
            case=case,
            reason="tujuan_tercapai",
            note="Contoh permintaan.",
            undelivered_reasons={
                legal_aid.pk: "Contoh: korban memilih tidak menempuh jalur hukum saat ini."
            },
        )
        opened += 1
    del supervisor  # the supervisor approves in the demo, by hand
    return {"reports": len(reports), "cases_opened": opened}
