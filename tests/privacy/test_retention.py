"""Retention and anonymisation: a closed case past its date and not on hold keeps no
identifying plaintext or blind index, the audit chain still verifies, and the SIMFONI
counts do not change."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from payung.audit.models import AccessLog, AuditEvent
from payung.audit.verify import verify_audit
from payung.cases import services as case_services
from payung.cases.choices import PartyRole
from payung.cases.models import (
    Case,
    CaseDocument,
    CaseNameToken,
    Incident,
    Person,
    PersonNameToken,
    Report,
)
from payung.cases.services.privacy import ANONYMISED
from payung.cases.uploads import check_bytes
from payung.privacy import retention, services
from payung.privacy.models import DestructionRecord
from payung.privacy.selectors import statistical_counts
from tests.care import builders as care_builders
from tests.cases.casework import (
    ADDRESS,
    CHRONOLOGY,
    NIK_WOMAN,
    PERPETRATOR,
    PHONE,
    REPORTER,
    VICTIM,
    add_perpetrator,
    open_case,
    victim_of,
)
from tests.cases.helpers import PDF_BYTES

SECRETS = (VICTIM, PERPETRATOR, REPORTER, CHRONOLOGY, ADDRESS, NIK_WOMAN, PHONE)


def _close(case: Case, personas, *, years_ago: int = 6) -> Case:
    manager = personas.case_manager
    request = case_services.closure_request(
        actor=manager, case=case, reason="korban_menolak", note="Korban tidak melanjutkan."
    )
    case_services.closure_decide(actor=personas.supervisor, request=request, approve=True)
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - timedelta(days=365 * years_ago)
    )
    case.refresh_from_db()
    return case


def _full_case(personas) -> Case:
    manager = personas.case_manager
    case = open_case(personas)
    victim = victim_of(case)
    case_services.person_update(
        actor=manager,
        case=case,
        party=victim,
        version=None,
        data=case_services.PersonInput(
            name=VICTIM,
            nik=NIK_WOMAN,
            phone=PHONE,
            sex="p",
            address=ADDRESS,
            birth_date=date(1990, 1, 1),
        ),
    )
    add_perpetrator(case, manager)
    case_services.document_upload(
        actor=manager, case=case, kind="ktp", attachment=check_bytes(PDF_BYTES, "visum.pdf")
    )
    care_builders.send_referral(personas, case=case)
    return case


def test_retention_anonymises_a_closed_case_and_keeps_the_counts(personas) -> None:
    case = _close(_full_case(personas), personas)
    kept = _close(_full_case(personas), personas, years_ago=1)  # not due yet
    before = statistical_counts()
    person_ids = list(case.parties.filter(person__isnull=False).values_list("person_id", flat=True))
    assert Person.objects.filter(pk__in=person_ids).exclude(name_index="").exists()
    assert PersonNameToken.objects.filter(person__in=person_ids).exists()
    assert CaseNameToken.objects.filter(case=case).exists()

    preview = retention.preview()
    assert (preview.cases, preview.held) == (1, 0)
    assert preview.case_numbers == [case.number]

    record = services.retention_run(actor=services.RETENTION_ACTOR)
    assert record is not None and record.case_numbers == [case.number]
    assert record.statistics_unchanged

    # No identifying value, no blind index, no name token left on the anonymised case.
    for person in Person.objects.filter(pk__in=person_ids):
        assert (person.name, person.nik, person.kk, person.phone, person.alias, person.address) == (
            "",
            "",
            "",
            "",
            "",
            "",
        )
        assert (person.name_index, person.nik_index, person.kk_index, person.phone_index) == (
            "",
            "",
            "",
            "",
        )
        assert person.birth_date is None
    assert not PersonNameToken.objects.filter(person__in=person_ids).exists()
    assert not CaseNameToken.objects.filter(case=case).exists()  # nor its name rows
    assert CaseNameToken.objects.filter(case=kept).exists()
    report = Report.objects.get(pk=case.created_from_id)
    assert (
        report.victim_name,
        report.reporter_name,
        report.description,
        report.reporter_phone,
    ) == ("", "", ANONYMISED, "")
    assert report.reporter_phone_index == ""
    for incident in Incident.objects.filter(case=case):
        assert incident.chronology == "" and incident.address == ""
        assert incident.violence_forms  # the statistical fact stays
    document = CaseDocument.objects.get(case=case)
    assert document.sealed == "" and document.original_name == ""
    referral = case.referrals.get()
    assert referral.shared() == {}

    # The other, newer case is untouched.
    assert Person.objects.filter(parties__case=kept).exclude(name="").exists()

    assert verify_audit().ok
    after = statistical_counts()
    assert after == before
    # Counts per form of violence, age group and services are there, not empty.
    assert after["violence_forms"] and after["age_groups"] and after["referrals"]
    assert "?" not in after["age_groups"]


def test_the_audit_trail_never_holds_the_names_it_would_have_to_erase(personas) -> None:
    case = _full_case(personas)
    # A worker's free-text reason may name someone: it is kept as an encrypted case note,
    # and the chain records only that a note was written.
    case_services.case_assign(
        actor=personas.supervisor,
        case=case,
        owner=personas.case_manager2,
        note=f"Permintaan keluarga {VICTIM}",
    )
    case_services.case_assign(actor=personas.supervisor, case=case, owner=personas.case_manager)
    case = _close(case, personas)
    services.retention_run(actor=services.RETENTION_ACTOR)
    trail = "\n".join(
        str(v)
        for row in AuditEvent.objects.values_list("target_label", "changes", "note")
        for v in row
    ) + "\n".join(
        str(v)
        for row in AccessLog.objects.values_list("target_label", "path", "reason")
        for v in row
    )
    for secret in SECRETS:
        assert secret not in trail, secret
    assert case.number in trail  # referenced by a pseudonymous number


def test_a_case_on_legal_hold_is_not_anonymised(personas) -> None:
    case = _close(_full_case(personas), personas)
    hold = services.legal_hold_place(actor=personas.dpo, case=case, reason="Perkara 12/Pid/2026")
    assert retention.preview().held == 1
    assert services.retention_run(actor=services.RETENTION_ACTOR) is None
    assert (
        Person.objects.filter(parties__case=case, parties__role=PartyRole.VICTIM)
        .exclude(name="")
        .exists()
    )
    services.legal_hold_release(actor=personas.dpo, hold=hold)
    assert services.retention_run(actor=services.RETENTION_ACTOR) is not None


def test_command_preview_changes_nothing_and_the_dpo_signs_off(personas) -> None:
    case = _close(_full_case(personas), personas)
    out = StringIO()
    call_command("apply_retention", "--preview", stdout=out)
    assert "Due: 1 closed cases" in out.getvalue() and case.number in out.getvalue()
    assert not DestructionRecord.objects.exists()
    call_command("apply_retention", stdout=StringIO())
    record = DestructionRecord.objects.get()
    assert record.signed_off_at is None
    services.destruction_sign_off(actor=personas.dpo, record=record)
    record.refresh_from_db()
    assert record.signed_off_by == personas.dpo
    assert AuditEvent.objects.filter(action="privacy.destruction_sign_off").exists()
    case.refresh_from_db()
    assert case.anonymised_at is not None


def test_not_a_case_reports_are_anonymised_after_their_time(personas) -> None:
    from tests.cases.helpers import make_report

    report = make_report(victim_name=VICTIM, description=CHRONOLOGY)
    case_services.report_close_not_case(
        actor=personas.case_manager, report=report, reason="bukan_kekerasan"
    )
    Report.objects.filter(pk=report.pk).update(triaged_at=timezone.now() - timedelta(days=800))
    record = services.retention_run(actor=services.RETENTION_ACTOR)
    assert record is not None and record.report_ids == [report.pk]
    report.refresh_from_db()
    assert report.victim_name == "" and report.description == ANONYMISED
    assert report.violence_forms  # the categories stay
