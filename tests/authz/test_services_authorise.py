"""Every write service authorises its own actor (issue #10).

Views and the API fetch records through the policies (404 for outsiders); the services check
again, so a command, a job or any caller that skips the fetch cannot act past the policy.
This walks every public function of ``payung.cases.services``, ``payung.care.services`` and
``payung.partners.services`` that takes an ``actor`` and calls it

* with a person who may not act (the analyst, who holds only ``stats.read``, and the PPT
  officer of another kelurahan for services bound to a Gentong record), expecting
  ``PermissionDenied``, and
* with ``actor=None``, expecting ``PermissionDenied`` too: a caller that forgot to say who
  acts gets no free pass (commands pass a ``SystemActor``).

A service added later and missing from ``CALLS`` (or from ``NOT_A_WRITE`` with its reason)
fails ``test_every_write_service_is_in_the_table``.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from payung.care import services as care_services
from payung.cases import services as case_services
from payung.cases.choices import PartyRole
from payung.cases.models import CaseDeadline, DeadlineRule, Incident, PlanItem, TriageDeadlineRule
from payung.cases.uploads import check_bytes
from payung.insights import services as insights_services
from payung.outreach import services as outreach_services
from payung.outreach.models import ActivityType, Leader, Topic
from payung.partners import services as partner_services
from payung.partners.models import Service
from payung.perkasa import monitoring as perkasa_monitoring
from payung.perkasa import programmes as perkasa_programmes
from payung.perkasa import services as perkasa_services
from payung.perkasa.scoring import DEFAULT_V1
from payung.privacy import services as privacy_services
from payung.privacy.models import DestructionRecord, RetentionRule
from tests.care import builders
from tests.care.factories import make_stay
from tests.cases.casework import open_case, victim_of
from tests.cases.helpers import JPEG_BYTES, PDF_BYTES, make_report, report_input
from tests.factories import GENTONG, region
from tests.perkasa import helpers as perkasa_helpers
from tests.privacy import builders as privacy_builders

# Public functions with an ``actor`` that are not writes a caller chooses to make.
NOT_A_WRITE = {
    "deadline_sync": "an internal step of the services that change a case (they authorise)",
    "empowerment_consent_withdrawn": "an internal step of consent_withdraw (which authorises)",
}


def _world(personas: Any) -> SimpleNamespace:
    case = open_case(personas)
    victim = victim_of(case)
    referral = builders.send_referral(personas, case=case)
    shelter = personas.shelter.organisation.shelter
    manager = personas.case_manager
    request = case_services.closure_request(
        actor=manager,
        case=open_case(personas),
        reason="korban_menolak",
        note="Korban tidak melanjutkan.",
    )
    return SimpleNamespace(
        personas=personas,
        case=case,
        victim=victim,
        report=make_report(),
        referral=referral,
        visit=builders.home_visit(personas, case=case),
        task=builders.task(personas, case=case),
        accompaniment=builders.accompaniment(personas),
        reintegration=builders.reintegration(personas, case=case),
        letter=builders.visum_letter(personas),
        shelter=shelter,
        stay=make_stay(shelter, case),
        organisation=personas.provider.organisation,
        service=Service.objects.get(code="visum"),
        closure=request,
        incident=Incident.objects.filter(case=case).first(),
        deadline=CaseDeadline.objects.filter(case=case).first(),
        item=PlanItem.objects.filter(plan__case=case).first(),
        rule=DeadlineRule.objects.first(),
        triage_rule=TriageDeadlineRule.objects.first(),
        consent=case.consents.first(),
        breach=privacy_builders.breach(personas),
        dsr=privacy_builders.access_request(personas, case=case),
        hold=privacy_services.legal_hold_place(
            actor=personas.dpo, case=open_case(personas), reason="Perkara 2/2026"
        ),
        destruction=DestructionRecord.objects.create(run_at=timezone.now(), run_by="uji"),
        retention_rule=RetentionRule.objects.first(),
        pdf=check_bytes(PDF_BYTES, "surat.pdf"),
        jpeg=check_bytes(JPEG_BYTES, "foto.jpg"),
        **_outreach_world(),
        manager=manager,
        today=timezone.localdate(),
        now=timezone.now(),
    )


def _outreach_world() -> dict[str, Any]:
    from tests.outreach import builders

    activity = builders.make_activity()
    reported = builders.held(builders.make_activity())
    forum = outreach_services.forum_create(
        actor=builders.LOADER, name="Forum Anak Gentong", kelurahan=region(GENTONG)
    )
    voice = outreach_services.voice_add(
        actor=builders.LOADER,
        forum=forum,
        title="Taman bermain",
        body="",
        agency="Bappeda",
        submitted_on=timezone.localdate(),
    )
    return {
        "activity": activity,
        "held_activity": reported,
        "leader": builders.make_leader(),
        "forum": forum,
        "voice": voice,
        "gentong": region(GENTONG),
        "quiz": builders.make_quiz(),
    }


W = SimpleNamespace
Kwargs = Callable[[W], dict[str, Any]]

CALLS: dict[str, Kwargs] = {
    # --- cases: reports and triage ---------------------------------------------------
    "report_create": lambda w: {
        "data": report_input(),
        "idempotency_namespace": "t",
        "idempotency_key": "authz-key-1",
    },
    "report_set_risk": lambda w: {"report": w.report, "risk_level": "tinggi"},
    "report_open_case": lambda w: {"report": w.report},
    "report_attach_to_case": lambda w: {"report": w.report, "case": w.case},
    "report_refer_out": lambda w: {"report": w.report, "destination": "Polres"},
    "report_close_not_case": lambda w: {"report": w.report, "reason": "bukan_kekerasan"},
    "report_set_public_message": lambda w: {"report": w.report, "message": "Halo"},
    "report_pin_unlock": lambda w: {"report": w.report},
    "report_add_information": lambda w: {"report": w.report, "message": "Tambahan"},
    "case_open": lambda w: {"region_code": w.case.region_code, "risk_level": "sedang"},
    "case_seed_from_report": lambda w: {"case": w.case, "report": w.report},
    "triage_rule_update": lambda w: {
        "rule": w.triage_rule,
        "hours": 1,
        "working_days": False,
        "basis": "uji",
    },
    # --- cases: the record ---------------------------------------------------------------
    "case_update": lambda w: {
        "case": w.case,
        "version": w.case.version,
        "risk_level": "tinggi",
        "kelurahan": None,
    },
    "incident_add": lambda w: {
        "case": w.case,
        "data": case_services.IncidentInput(
            place_category="rumah_tangga", violence_forms=["fisik"]
        ),
    },
    "incident_update": lambda w: {
        "case": w.case,
        "incident": w.incident,
        "version": 1,
        "data": case_services.IncidentInput(
            place_category="rumah_tangga", violence_forms=["fisik"]
        ),
    },
    "party_add": lambda w: {"case": w.case, "role": PartyRole.REPORTER, "anonymous": True},
    "person_update": lambda w: {
        "case": w.case,
        "party": w.victim,
        "version": 1,
        "data": case_services.PersonInput(name="Siapa Saja"),
    },
    "assessment_record": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "assessed_on": w.today,
        "levels": {},
        "notes": {},
    },
    "plan_save": lambda w: {
        "case": w.case,
        "version": None,
        "goals": "x",
        "agreed": False,
        "agreed_on": None,
        "agreed_by": None,
    },
    "plan_item_add": lambda w: {"case": w.case, "service": "psikososial"},
    "empowerment_refer": lambda w: {"case": w.case, "subject": w.victim},
    "plan_item_set_status": lambda w: {"case": w.case, "item": w.item, "status": "selesai"},
    "consent_record": lambda w: {
        "case": w.case,
        "subject": w.victim,
        "given_by": w.victim,
        "purpose": "berbagi",
        "method": "tertulis",
        "given_on": w.today,
        "organisation": w.organisation,
    },
    "consent_withdraw": lambda w: {"case": w.case, "consent": w.consent},
    "consent_override_record": lambda w: {
        "case": w.case,
        "subject": w.victim,
        "organisation": w.organisation,
        "reason": "darurat",
    },
    "deadline_record": lambda w: {"case": w.case, "deadline": w.deadline},
    "deadline_followup_add": lambda w: {
        "case": w.case,
        "title": "Tindak lanjut",
        "due_at": w.now + timedelta(days=2),
    },
    "case_deadline_rule_update": lambda w: {
        "rule": w.rule,
        "hours": 24,
        "working_days": False,
        "basis": "uji",
        "active": True,
    },
    "document_upload": lambda w: {"case": w.case, "kind": "lain", "attachment": w.pdf},
    "note_add": lambda w: {"case": w.case, "body": "Catatan"},
    "handling_document_issue": lambda w: {"case": w.case, "victim": w.victim},
    "case_assign": lambda w: {"case": w.case, "owner": w.manager},
    "case_team_add": lambda w: {"case": w.case, "member": w.manager},
    "case_team_remove": lambda w: {"case": w.case, "member": w.manager},
    "case_transfer": lambda w: {"case": w.case, "unit": "ppt"},
    "case_lawful_basis_set": lambda w: {"case": w.case, "basis": "persetujuan"},
    "case_restrict": lambda w: {"case": w.case, "restricted": True, "staff": [], "note": "x"},
    "case_transition": lambda w: {"case": w.case, "to": "asesmen"},
    "closure_request": lambda w: {"case": w.case, "reason": "selesai"},
    "closure_decide": lambda w: {"request": w.closure, "approve": True},
    "case_reopen": lambda w: {"case": w.case, "note": "buka"},
    # --- partners (the catalogue and organisations) ----------------------------------------
    "service_update": lambda w: {"service": w.service, "description": "x"},
    "organisation_create": lambda w: {
        "kind": "layanan",
        "name": "Lembaga Uji Lain",
        "region": w.case.kelurahan,
    },
    "organisation_update": lambda w: {"organisation": w.organisation, "name": "Ganti"},
    # --- care ------------------------------------------------------------------------------
    "shelter_update": lambda w: {"shelter": w.shelter, "capacity": 3},
    "stay_admit": lambda w: {
        "shelter": w.shelter,
        "case": w.case,
        "victim": w.victim,
        "alias": "Melati",
    },
    "stay_discharge": lambda w: {"stay": w.stay, "reason": "pulang"},
    "referral_send": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "service": "visum",
        "organisation": w.organisation,
        "urgency": "segera",
    },
    "referral_accept": lambda w: {"referral": w.referral},
    "referral_decline": lambda w: {"referral": w.referral, "reason": "penuh"},
    "referral_schedule": lambda w: {"referral": w.referral, "scheduled_for": w.now},
    "referral_complete": lambda w: {
        "referral": w.referral,
        "delivered_on": w.today,
        "outcome": "diberikan",
    },
    "referral_report_upload": lambda w: {"referral": w.referral, "attachment": w.pdf},
    "referral_cancel": lambda w: {"referral": w.referral, "reason": "batal"},
    "service_record_add": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "service": "psikososial",
        "delivered_on": w.today,
        "outcome": "diberikan",
    },
    "visum_letter_issue": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "organisation": w.organisation,
    },
    "visum_letter_print": lambda w: {"letter": w.letter},
    "accompaniment_plan": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "destination": "polisi",
        "scheduled_on": w.today,
        "officer": w.manager,
    },
    "accompaniment_record_outcome": lambda w: {
        "accompaniment": w.accompaniment,
        "completed_on": w.today,
        "outcome": "selesai",
    },
    "reintegration_plan": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "destination": "keluarga",
        "planned_on": w.today,
    },
    "reintegration_handover": lambda w: {
        "reintegration": w.reintegration,
        "handed_over_on": w.today,
        "receiving_party": "Ibu",
    },
    "home_visit_schedule": lambda w: {
        "case": w.case,
        "victim": w.victim,
        "scheduled_at": w.now + timedelta(days=1),
        "officer": w.manager,
    },
    "home_visit_record": lambda w: {
        "visit": w.visit,
        "visited_at": w.now,
        "findings": "Aman",
    },
    "home_visit_cancel": lambda w: {"visit": w.visit, "reason": "batal"},
    "task_add": lambda w: {
        "case": w.case,
        "title": "Telepon korban",
        "due_at": w.now + timedelta(days=1),
        "assignee": w.manager,
    },
    "task_complete": lambda w: {"task": w.task},
    "tasks_from_plan": lambda w: {"case": w.case},
    "tasks_cancel_at_closure": lambda w: {"case": w.case},
    "tasks_restore_at_reopen": lambda w: {"case": w.case},
    "closure_checklist_record": lambda w: {"request": w.closure, "reasons": {}},
    # --- outreach ---------------------------------------------------------------------------
    "activity_plan": lambda w: {
        "type": ActivityType.objects.get(code="pengajian"),
        "title": "Pengajian",
        "region": w.gentong,
        "venue": "Masjid",
        "starts_at": w.now,
        "topics": Topic.objects.filter(code="kdrt"),
    },
    "activity_hold": lambda w: {"activity": w.activity},
    "activity_cancel": lambda w: {"activity": w.activity, "reason": "Hujan"},
    "activity_report": lambda w: {
        "activity": w.held_activity,
        "attendance": outreach_services.Attendance(1, 1, 0, 0, 2),
        "photos": [("kegiatan", w.jpeg)],
    },
    "disclosure_record": lambda w: {
        "activity": w.activity,
        "data": report_input(),
        "idempotency_key": "authz-sesi",
    },
    "target_set": lambda w: {
        "year": 2026,
        "kelurahan": w.gentong,
        "min_sessions": 2,
        "min_religious": 1,
    },
    "quiz_open": lambda w: {"activity": w.activity},
    "quiz_submit": lambda w: {
        "quiz": w.quiz,
        "phase": "sebelum",
        "browser": "b",
        "answers": {},
    },
    "catalogue_save": lambda w: {"instance": Topic(code="baru", name="Baru")},
    "leader_save": lambda w: {
        "leader": Leader(name="Pak RT", kind="ketua_rt_rw", kelurahan=w.gentong)
    },
    "leader_withdraw_consent": lambda w: {"leader": w.leader},
    "leader_referral_record": lambda w: {"leader": w.leader, "report": w.report},
    "forum_create": lambda w: {"name": "Forum", "kelurahan": w.gentong},
    "member_add": lambda w: {
        "forum": w.forum,
        "nickname": "Bunga",
        "birth_year": 2012,
        "sex": "p",
        "kelurahan": w.gentong,
        "school_level": "smp",
        "guardian_consent_on": w.today,
    },
    "facilitator_add": lambda w: {"forum": w.forum, "name": "Kak Uji"},
    "voice_add": lambda w: {
        "forum": w.forum,
        "title": "Usulan",
        "body": "",
        "agency": "Dinas",
        "submitted_on": w.today,
    },
    "recap_start": lambda w: {"year": 2026},
    "voice_respond": lambda w: {"voice": w.voice, "response": "Ya", "status": "diterima"},
    # insights (issue #13): writes only its own tables and starts export jobs
    "facts_refresh": lambda w: {},
    "simfoni_export_start": lambda w: {"year": 2026},
    "case_list_export_start": lambda w: {"params": {}, "fmt": "csv"},
    "report_start": lambda w: {"year": 2026},
    # perkasa (issue #12)
    "registrant_register": lambda w: {"data": perkasa_helpers.registration()},
    "registrant_refer": lambda w: {
        "name": "Mawar Contohsari",
        "nik": perkasa_helpers.WOMAN_NIK,
        "phone": "",
        "kelurahan": perkasa_helpers.kelurahan(),
        "birth_date": None,
    },
    "referral_marker_clear": lambda w: {"registrant_id": _perkasa_registrant(w).pk},
    "registrant_verify": lambda w: {
        "registrant": _perkasa_registrant(w),
        "data": perkasa_helpers.verification(),
    },
    "registrant_decide": lambda w: {"registrant": _perkasa_registrant(w), "eligible": True},
    "registrant_move": lambda w: {
        "registrant": _perkasa_registrant(w),
        "to": "keluar",
        "reason": "x",
    },
    "duplicate_decide": lambda w: {"flag": _perkasa_flag(w), "merge": False},
    "scoring_model_draft": lambda w: {
        "name": "v2",
        "indicators": DEFAULT_V1["indicators"],
        "thresholds": DEFAULT_V1["thresholds"],
    },
    "scoring_model_publish": lambda w: {"model": _perkasa_draft()},
    "rescore_start": lambda w: {"model": _perkasa_draft()},
    "programme_create": lambda w: {"name": "P", "agency": "Diskop", "kind": "hibah"},
    "cycle_open": lambda w: {
        "programme": _perkasa_cycle().programme,
        "label": "x",
        "quota": 1,
        "budget": 1,
    },
    "enrol": lambda w: {"cycle": _perkasa_cycle(), "registrant": _perkasa_registrant(w)},
    "disbursement_propose": lambda w: {"enrolment": _perkasa_enrolment(w), "amount": 1},
    "disbursement_decide": lambda w: {"disbursement": _perkasa_disbursement(w), "approve": True},
    "programme_update": lambda w: {
        "programme": _perkasa_cycle().programme,
        "name": "Hibah uji",
        "agency": "Diskop UMKM",
        "kind": "hibah",
    },
    "session_create": lambda w: {"cycle": _perkasa_cycle(), "held_on": w.today, "topic": "x"},
    "attendance_record": lambda w: {
        "session": _perkasa_session(),
        "marks": {_perkasa_enrolment(w).pk: "hadir"},
    },
    "mentoring_visit_add": lambda w: {
        "enrolment": _perkasa_enrolment(w),
        "visited_on": w.today,
        "mentor": "Ibu Pendamping",
    },
    "business_record": lambda w: {
        "enrolment": _perkasa_enrolment(w),
        "kind": "warung",
        "revenue_band": "lt1jt",
        "status": "berjalan",
    },
    "participants_export": lambda w: {"programme": _perkasa_cycle().programme},
    # perkasa monitoring (issue #12 parts 4 and 6)
    "override_propose": lambda w: {
        "registrant": _perkasa_registrant(w),
        "category": "miskin",
        "reason": "x",
    },
    "override_decide": lambda w: {"override": _perkasa_override(w), "approve": True},
    "appeal_record": lambda w: {
        "registrant": _perkasa_registrant(w),
        "received_on": dt.date(2026, 1, 5),
        "grounds": "x",
    },
    "appeal_decide": lambda w: {"appeal": _perkasa_appeal(w), "upheld": False, "reason": "x"},
    "reassessment_record": lambda w: {
        "registrant": _perkasa_registrant(w),
        "data": _perkasa_assessment_input(),
    },
    "graduate": lambda w: {"registrant": _perkasa_registrant(w), "reason": "x"},
    "followup_record": lambda w: {
        "followup": _perkasa_followup(w),
        "data": _perkasa_assessment_input(),
    },
    "facts_refresh_start": lambda w: {},
    # --- cases/care/partners: what the privacy register asks of them (issue #14) -------
    "case_processing_restrict": lambda w: {"case": w.case, "restricted": True, "reference": "x"},
    "case_anonymise": lambda w: {"case": w.case},
    "report_anonymise": lambda w: {"report": w.report},
    "consent_withdraw_on_request": lambda w: {"case": w.case, "consent": w.consent},
    "referrals_consent_withdrawn": lambda w: {"case": w.case, "consent": w.consent},
    "care_anonymise": lambda w: {"case": w.case},
    "organisation_agreement_record": lambda w: {
        "organisation": w.organisation,
        "reference": "PKS/1",
        "valid_until": w.today,
    },
    # --- privacy (the DPO's registers) ----------------------------------------------------
    "breach_record": lambda w: {
        "data": privacy_services.BreachInput(
            discovered_at=w.now,
            discovered_by="x",
            aware_at=w.now,
            systems=[],
            tables=[],
            categories=["identitas"],
            severity="rendah",
            description="uji uji uji uji",
        )
    },
    "breach_update": lambda w: {
        "breach": w.breach,
        "containment": "x",
        "severity": "rendah",
        "subject_count": 1,
        "public_notice": False,
    },
    "breach_notice": lambda w: {"breach": w.breach, "audience": "subjek"},
    "breach_contact_plan_send": lambda w: {"breach": w.breach},
    "breach_mark_notified": lambda w: {
        "breach": w.breach,
        "subjects_at": w.now,
        "authority_at": w.now,
    },
    "breach_close": lambda w: {"breach": w.breach},
    "request_record": lambda w: {
        "kind": "akses",
        "requester": "subjek",
        "received_at": w.now,
        "case": w.case,
        "party": w.victim,
        "identity_document": "KTP",
        "identity_verified_by": w.manager,
        "identity_verified_at": w.now,
    },
    "request_decide": lambda w: {"request": w.dsr, "status": "dipenuhi"},
    "request_access_export": lambda w: {"request": w.dsr},
    "request_restriction_lift": lambda w: {"request": w.dsr},
    "legal_hold_place": lambda w: {"case": w.case, "reason": "Perkara 3/2026"},
    "legal_hold_release": lambda w: {"hold": w.hold},
    "retention_rule_update": lambda w: {"rule": w.retention_rule, "months": 1, "basis": "x"},
    "retention_run": lambda w: {},
    "destruction_sign_off": lambda w: {"record": w.destruction},
}


def _perkasa_registrant(w: Any) -> Any:
    from payung.perkasa.models import Registrant

    return Registrant.objects.first() or perkasa_helpers.register(w.personas.perkasa)


def _perkasa_flag(w: Any) -> Any:
    from payung.perkasa.models import DuplicateFlag

    flag = DuplicateFlag.objects.first()
    if flag is None:
        _perkasa_registrant(w)
        perkasa_helpers.register(w.personas.perkasa, nik="3575016108900003", name="Ibu Kedua")
        flag = DuplicateFlag.objects.get()
    return flag


def _perkasa_cycle() -> Any:
    from payung.perkasa.models import Programme, ProgrammeCycle

    programme, _created = Programme.objects.get_or_create(
        name="Hibah uji", defaults={"agency": "Diskop UMKM", "kind": "hibah"}
    )
    cycle, _created = ProgrammeCycle.objects.get_or_create(
        programme=programme, label="2026", defaults={"quota": 5, "budget": 1000}
    )
    return cycle


def _perkasa_session() -> Any:
    from payung.perkasa.models import ProgrammeSession

    session, _created = ProgrammeSession.objects.get_or_create(
        cycle=_perkasa_cycle(), topic="Pembukuan", defaults={"held_on": timezone.localdate()}
    )
    return session


def _perkasa_enrolment(w: Any) -> Any:
    from payung.perkasa.models import Enrolment

    enrolment, _created = Enrolment.objects.get_or_create(
        cycle=_perkasa_cycle(), registrant=_perkasa_registrant(w)
    )
    return enrolment


def _perkasa_disbursement(w: Any) -> Any:
    from payung.perkasa.models import Disbursement

    enrolment = _perkasa_enrolment(w)
    return Disbursement.objects.filter(enrolment=enrolment).first() or Disbursement.objects.create(
        enrolment=enrolment, cycle_id=enrolment.cycle_id, tranche=1, amount=1, proof_note="x"
    )


def _perkasa_override(w: Any) -> Any:
    from payung.perkasa.models import CategoryOverride

    registrant = _perkasa_registrant(w)
    return CategoryOverride.objects.filter(
        registrant=registrant, state="diusulkan"
    ).first() or CategoryOverride.objects.create(
        registrant=registrant, category="miskin", reason="x"
    )


def _perkasa_appeal(w: Any) -> Any:
    from payung.perkasa.models import Appeal

    registrant = _perkasa_registrant(w)
    return Appeal.objects.create(
        registrant=registrant,
        region_code=registrant.region_code,
        received_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 1, 19),
        grounds="x",
    )


def _perkasa_followup(w: Any) -> Any:
    from payung.perkasa.models import FollowUp, Graduation, MonitoringPolicy

    registrant = _perkasa_registrant(w)
    existing = FollowUp.objects.filter(registrant=registrant).first()
    if existing is not None:
        return existing
    graduation = Graduation.objects.create(
        registrant=registrant,
        policy=MonitoringPolicy.objects.get(version=1),
        graduated_on=dt.date(2026, 1, 5),
        reason="x",
    )
    return FollowUp.objects.create(
        graduation=graduation,
        registrant=registrant,
        region_code=registrant.region_code,
        months=6,
        due_on=dt.date(2026, 7, 5),
    )


def _perkasa_assessment_input() -> Any:
    return perkasa_monitoring.AssessmentInput(
        livelihood="buruh_harian",
        income_band="lt500",
        has_business=False,
        housing={},
        assistance=[],
        dtsen_decile=None,
    )


def _perkasa_draft() -> Any:
    from payung.perkasa.models import ScoringModel

    model, _created = ScoringModel.objects.get_or_create(
        version=99,
        defaults={
            "name": "draf",
            "indicators": DEFAULT_V1["indicators"],
            "thresholds": DEFAULT_V1["thresholds"],
        },
    )
    return model


# Services the analyst may use (aggregates only): refused to a role without stats.read instead.
REFUSED: dict[str, Callable[[Any], list[Any]]] = {
    "report_start": lambda p: [p.provider, p.shelter, None],
}

# Services acting on a Gentong record: an out-of-scope PPT officer is refused too.
RECORD_BOUND = {
    name
    for name in CALLS
    if name
    not in {
        "report_create",
        "case_open",
        "triage_rule_update",
        "case_deadline_rule_update",
        "service_update",
        "organisation_create",
        "facts_refresh",
        "simfoni_export_start",
        "case_list_export_start",
        "report_start",
        # Scoped by the actor's own region, not bound to a Gentong record.
        "recap_start",
        "facts_refresh_start",
    }
}


def _write_services() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for package in (
        case_services,
        care_services,
        partner_services,
        outreach_services,
        insights_services,
        perkasa_services,
        perkasa_programmes,
        perkasa_monitoring,
        privacy_services,
    ):
        for name, function in vars(package).items():
            if (
                inspect.isfunction(function)
                and not name.startswith("_")
                and function.__module__.startswith(package.__name__)
                and "actor" in inspect.signature(function).parameters
            ):
                found[name] = function
    return found


SERVICES = _write_services()


def test_every_write_service_is_in_the_table() -> None:
    missing = sorted(set(SERVICES) - set(CALLS) - set(NOT_A_WRITE))
    assert missing == [], f"add these services to CALLS (or NOT_A_WRITE with a reason): {missing}"
    assert set(CALLS) <= set(SERVICES), sorted(set(CALLS) - set(SERVICES))


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_write_service_refuses_an_actor_who_may_not_act(personas: Any, name: str) -> None:
    world = _world(personas)
    refused = REFUSED.get(name, lambda p: [p.analyst, None])(personas)
    if name in RECORD_BOUND:
        refused.append(personas.ppt_bugullor)
    for actor in refused:
        with pytest.raises(PermissionDenied):
            SERVICES[name](actor=actor, **CALLS[name](world))
