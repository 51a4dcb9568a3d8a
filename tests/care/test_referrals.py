"""Referrals through the services: consent before sharing, the state machine, the snapshot
the provider reads, overdue answers, notifications and the audit trail."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from payung.audit.models import AuditEvent
from payung.care import services
from payung.care.models import Referral, ReferralEvent, ServiceRecord
from payung.cases.models import ConsentOverride, PlanItem
from payung.cases.services import plan_item_add
from payung.cases.uploads import check_bytes
from payung.notifications.models import Notification, OutboxMessage
from payung.partners.models import Service
from tests.care.builders import consent_to_share, hospital, send_referral
from tests.care.factories import make_organisation, make_user
from tests.cases.casework import NIK_WOMAN, VICTIM, open_case, victim_of
from tests.cases.helpers import PDF_BYTES

pytestmark = pytest.mark.django_db

visum = lambda: Service.objects.get(code="visum")  # noqa: E731


def _send(personas, case, **kwargs):
    values = {
        "actor": personas.case_manager,
        "case": case,
        "victim": victim_of(case),
        "service": visum(),
        "organisation": hospital(personas),
        "urgency": "segera",
    }
    values.update(kwargs)
    return services.referral_send(**values)


def test_a_visum_referral_goes_from_sent_to_completed_with_the_providers_report(
    personas, django_capture_on_commit_callbacks
) -> None:
    manager, provider = personas.case_manager, personas.provider
    case = open_case(personas)
    item = plan_item_add(actor=manager, case=case, service="visum", goal="Visum gratis")
    with django_capture_on_commit_callbacks(execute=True):
        referral = send_referral(personas, case=case)
    assert referral.status == "dikirim"
    # The provider's staff hear about it (in the app and by e-mail), without a name.
    note = Notification.objects.get(recipient=provider, topic="referral.new")
    assert case.number in note.title and "segera" in note.title and VICTIM not in note.title
    assert OutboxMessage.objects.filter(recipient=provider, topic="referral.new").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.referral_accept(actor=provider, referral=referral, note="Siap")
        services.referral_schedule(
            actor=provider, referral=referral, scheduled_for=timezone.now() + timedelta(hours=2)
        )
        report = services.referral_report_upload(
            actor=provider,
            referral=referral,
            attachment=check_bytes(PDF_BYTES, "hasil-visum.pdf"),
            description="Hasil visum et repertum",
        )
        services.referral_complete(
            actor=provider,
            referral=referral,
            delivered_on=timezone.localdate(),
            outcome="terlaksana",
            description="Visum dilakukan oleh dokter forensik.",
        )
    referral.refresh_from_db()
    assert referral.status == "selesai" and referral.outcome == "terlaksana"
    assert referral.completed_by == provider and referral.responded_by == provider
    assert report.unseal() == PDF_BYTES and report.content_type == "application/pdf"
    kinds = list(referral.events.values_list("kind", flat=True))
    assert kinds == ["dikirim", "diterima", "dijadwalkan", "laporan", "selesai"]

    # The delivery is a service record of the case, from the provider organisation, and the
    # planned visum is ticked off.
    record = ServiceRecord.objects.get(referral=referral)
    assert record.organisation == hospital(personas) and record.service.code == "visum"
    assert record.simfoni_category == "kesehatan" and record.recorded_by == provider
    assert PlanItem.objects.get(pk=item.pk).status == "selesai"

    # The case manager saw every step in the app.
    topics = set(Notification.objects.filter(recipient=manager).values_list("topic", flat=True))
    assert {
        "referral.accepted",
        "referral.scheduled",
        "referral.report",
        "referral.completed",
    } <= topics
    actions = set(
        AuditEvent.objects.filter(target_type="care.referral").values_list("action", flat=True)
    )
    assert {
        "referral.send",
        "referral.accept",
        "referral.schedule",
        "referral.complete",
    } <= actions
    assert AuditEvent.objects.filter(action="referral.report_upload").exists()


def test_without_consent_the_referral_is_refused_with_a_clear_message(personas) -> None:
    case = open_case(personas)
    with pytest.raises(services.ConsentRequired) as refused:
        _send(personas, case)
    message = " ".join(refused.value.messages)
    assert "belum ada persetujuan korban" in message and "RSUD Uji" in message
    assert not Referral.objects.exists()
    # A case manager cannot override, even with a reason.
    with pytest.raises(services.ConsentRequired) as refused:
        _send(personas, case, override_reason="Anak dalam bahaya, perlu visum segera.")
    assert "Hanya supervisor" in " ".join(refused.value.messages)
    assert not ConsentOverride.objects.exists()


def test_a_supervisor_overrides_missing_consent_with_a_reason_and_it_is_audited(
    personas,
) -> None:
    case = open_case(personas)
    referral = _send(
        personas,
        case,
        actor=personas.supervisor,
        override_reason="Anak dalam bahaya, perlu visum segera.",
    )
    override = ConsentOverride.objects.get()
    assert referral.consent_override == override and override.actor == personas.supervisor
    assert override.organisation_id == hospital(personas).pk
    event = AuditEvent.objects.get(action="case.consent_override")
    assert event.actor == personas.supervisor
    sent = AuditEvent.objects.get(action="referral.send")
    assert sent.changes["consent"] == [None, "pengecualian"]
    # The override counts for the next referral to the same organisation too.
    assert _send(personas, case, actor=personas.supervisor).consent_override is None


def test_consent_for_another_organisation_does_not_count(personas) -> None:
    case = open_case(personas)
    consent_to_share(
        case, make_organisation("Puskesmas Lain", kind="puskesmas"), personas.case_manager
    )
    with pytest.raises(services.ConsentRequired):
        _send(personas, case)


def test_the_provider_must_offer_the_service_and_be_active(personas) -> None:
    case = open_case(personas)
    lbh = make_organisation("LBH Uji", kind="lbh", services=("hukum",))
    consent_to_share(case, lbh, personas.case_manager)
    with pytest.raises(ValidationError) as wrong:
        _send(personas, case, organisation=lbh)
    assert "tidak memberikan" in str(wrong.value)
    inactive = make_organisation("RSUD Tutup", is_active=False)
    with pytest.raises(ValidationError):
        _send(personas, case, organisation=inactive)


def test_only_case_workers_with_the_capability_refer(personas) -> None:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    for outsider in (personas.case_manager2, personas.ppt_gentong, personas.provider):
        with pytest.raises(PermissionDenied):
            _send(personas, case, actor=outsider)


def test_the_provider_reads_a_snapshot_of_the_minimal_data_set(personas) -> None:
    case = open_case(personas)
    victim = victim_of(case)
    victim.person.alias = "Bunga"
    victim.person.save()
    referral = send_referral(personas, case=case)
    shared = referral.shared()
    assert shared["case_number"] == case.number and shared["service"] == "visum"
    assert shared["alias"] == "Bunga" and shared["age_group"] == "25-44"
    assert shared["sex"] == "p" and shared["urgency"] == "segera"
    assert shared["note"] == "Mohon visum hari ini."
    for absent in ("name", "phone", "address", "nik", "chronology", "assessment"):
        assert absent not in shared
    assert VICTIM not in referral.snapshot
    # Encrypted at rest: the column holds no plaintext at all.
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM care_referral WHERE id = %s", [referral.pk])
        raw = cursor.fetchone()[0]
    assert "Bunga" not in raw and case.number not in raw


def test_extra_fields_are_shared_only_when_chosen_and_never_follow_later_edits(personas) -> None:
    from payung.cases import services as case_services

    case = open_case(personas)
    referral = send_referral(personas, case=case, share=("nama", "telepon", "nik", "kronologi"))
    shared = referral.shared()
    assert shared["name"] == VICTIM
    assert "phone" in shared  # chosen, even if this victim has no number
    assert "Kronologi rahasia" in shared["chronology"]
    assert "address" not in shared and "assessment" not in shared
    victim = victim_of(case)
    case_services.person_update(
        actor=personas.case_manager,
        case=case,
        party=victim,
        version=None,
        data=case_services.PersonInput(name="Nama Baru Sekali", nik=NIK_WOMAN, sex="p"),
    )
    referral.refresh_from_db()
    assert referral.shared()["name"] == VICTIM  # the snapshot, not the live case


def test_unknown_share_codes_are_refused(personas) -> None:
    case = open_case(personas)
    consent_to_share(case, hospital(personas), personas.case_manager)
    with pytest.raises(ValidationError):
        _send(personas, case, share=("nama", "golongan_darah"))


def test_overdue_when_the_provider_has_not_answered_in_time(personas) -> None:
    urgent = send_referral(personas, urgency="segera")
    normal = send_referral(personas, urgency="biasa")
    assert urgent.due_at == urgent.sent_at + timedelta(hours=24)
    assert normal.due_at == normal.sent_at + timedelta(hours=72)
    later = urgent.sent_at + timedelta(hours=25)
    assert urgent.is_overdue(later) and not normal.is_overdue(later)
    services.referral_accept(actor=personas.provider, referral=urgent)
    urgent.refresh_from_db()
    assert not urgent.is_overdue(later)  # answered


@override_settings(REFERRAL_RESPONSE_HOURS_URGENT=4, REFERRAL_RESPONSE_HOURS_NORMAL=8)
def test_the_expected_response_time_is_configurable(personas) -> None:
    urgent = send_referral(personas, urgency="segera")
    assert urgent.due_at == urgent.sent_at + timedelta(hours=4)


def test_moves_the_state_machine_does_not_allow_are_refused(personas) -> None:
    provider = personas.provider
    referral = send_referral(personas)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=provider, referral=referral, reason="")
    services.referral_decline(actor=provider, referral=referral, reason="Dokter forensik cuti")
    referral.refresh_from_db()
    assert referral.status == "ditolak" and referral.decline_reason == "Dokter forensik cuti"
    assert not referral.shows_shared_data
    with pytest.raises(services.ReferralTransitionError):
        services.referral_accept(actor=provider, referral=referral)
    with pytest.raises(services.ReferralTransitionError):
        services.referral_complete(
            actor=provider,
            referral=referral,
            delivered_on=timezone.localdate(),
            outcome="terlaksana",
        )
    assert not ServiceRecord.objects.exists()
    with pytest.raises(services.ReferralTransitionError):
        services.referral_report_upload(
            actor=provider, referral=referral, attachment=check_bytes(PDF_BYTES, "x.pdf")
        )


def test_the_case_worker_cancels_an_open_referral_and_the_provider_is_told(
    personas, django_capture_on_commit_callbacks
) -> None:
    referral = send_referral(personas)
    with pytest.raises(ValidationError):
        services.referral_cancel(actor=personas.case_manager, referral=referral, reason="")
    with pytest.raises(PermissionDenied):
        services.referral_cancel(
            actor=personas.case_manager2, referral=referral, reason="Bukan kasus saya"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_cancel(
            actor=personas.case_manager, referral=referral, reason="Korban memilih RS lain"
        )
    referral.refresh_from_db()
    assert referral.status == "dibatalkan" and referral.cancelled_by == personas.case_manager
    assert Notification.objects.filter(
        recipient=personas.provider, topic="referral.cancelled"
    ).exists()
    with pytest.raises(services.ReferralTransitionError):
        services.referral_cancel(actor=personas.case_manager, referral=referral, reason="lagi dong")


def test_staff_of_another_organisation_cannot_act_on_the_referral(personas) -> None:
    other = make_organisation("RS Lain Uji", services=("medis", "visum"))
    stranger = make_user(username="rs_lain", role="provider_staff", organisation=other)
    referral = send_referral(personas)
    for step in (
        lambda: services.referral_accept(actor=stranger, referral=referral),
        lambda: services.referral_decline(actor=stranger, referral=referral, reason="bukan kami"),
        lambda: services.referral_report_upload(
            actor=stranger, referral=referral, attachment=check_bytes(PDF_BYTES, "x.pdf")
        ),
    ):
        with pytest.raises(PermissionDenied):
            step()
    assert ReferralEvent.objects.filter(referral=referral).count() == 1


def test_a_completed_referral_keeps_the_service_record_in_one_transaction(personas) -> None:
    referral = send_referral(personas)
    services.referral_accept(actor=personas.provider, referral=referral)
    with pytest.raises(ValidationError):
        services.referral_complete(
            actor=personas.provider,
            referral=referral,
            delivered_on=timezone.localdate() + timedelta(days=2),
            outcome="terlaksana",
        )
    referral.refresh_from_db()
    assert referral.status == "diterima" and not ServiceRecord.objects.exists()


def test_the_audit_trail_never_holds_the_shared_values(personas) -> None:
    send_referral(personas, share=("nama", "nik"))
    changes = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert VICTIM not in changes


def test_rescheduling_keeps_each_appointment_in_the_history(personas) -> None:
    referral = send_referral(personas)
    first = timezone.now() + timedelta(days=1)
    second = first + timedelta(days=2)
    services.referral_schedule(actor=personas.provider, referral=referral, scheduled_for=first)
    services.referral_schedule(
        actor=personas.provider, referral=referral, scheduled_for=second, note="Dokter cuti"
    )
    referral.refresh_from_db()
    assert referral.status == "dijadwalkan" and referral.scheduled_for == second
    notes = list(referral.events.filter(kind="dijadwalkan").values_list("note", flat=True))
    fmt = "%d-%m-%Y %H:%M"
    assert notes[0] == f"Jadwal: {timezone.localtime(first).strftime(fmt)}"
    assert notes[1] == f"Jadwal: {timezone.localtime(second).strftime(fmt)}\nDokter cuti"
    with pytest.raises(ValidationError):
        services.referral_schedule(
            actor=personas.provider,
            referral=referral,
            scheduled_for=timezone.now() - timedelta(days=2),
        )
