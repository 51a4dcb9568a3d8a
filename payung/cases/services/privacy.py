"""Writes that the privacy register (``payung.privacy``) asks of a case: restricting its
processing at the data subject's request, and anonymising it when the retention schedule
says it is due.

The DPO is not a case worker and never reads case content: each service authorises the
actor with ``policies.authorize_privacy_officer`` (the DPO of the case's region, or the
retention command's ``SystemActor``), locks the case, writes and audits in one transaction.

Anonymisation (UU 27/2022 PDP Pasal 16 ayat 2, 43–44) blanks every encrypted value of the
case and of its reports (names, NIK, No. KK, phone, addresses, chronology, notes, free
text), empties the sealed attachments, deletes the blind indexes and name-word tokens of the
people who appear in no other live case, and reduces a birth date to the lower bound of the
victim's age group at the time of the report. It keeps the statistical facts: forms of
violence, places, relationships, sex, disability, age group, kelurahan, dates and the
services given, so the SIMFONI-PPA counts do not change. Apps above add their part through
``extensions`` (care blanks referral snapshots, notes and provider reports).

The audit trail keeps only neutral references (the case number, row ids): nothing in it has
to be erased, so ``verify_audit`` still passes afterwards (tests/privacy/test_retention.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from payung.audit.services import audit_event
from payung.cases import extensions, policies
from payung.cases.choices import age_group_for
from payung.cases.models import (
    Assessment,
    Case,
    CaseDeadline,
    CaseDocument,
    CaseNameToken,
    CaseNote,
    CaseParty,
    CasePlan,
    CaseRevision,
    CaseStatusChange,
    ClosureRequest,
    Consent,
    ConsentOverride,
    Incident,
    Person,
    PersonNameToken,
    PlanItem,
    Report,
    ReportAttachment,
    ReportEvent,
)
from payung.cases.services.editing import _lock_case
from payung.core.fields import EncryptedTextField

ANONYMISED = "[dianonimkan]"

# Lower bound of each age group: a person's age is kept only as the group it fell in.
_GROUP_FLOOR = {"0-5": 0, "6-12": 6, "13-17": 13, "18-24": 18, "25-44": 25, "45-59": 45, "60+": 60}


def encrypted_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def blank_encrypted(queryset: QuerySet[Any], *, keep: tuple[str, ...] = ()) -> int:
    """Every encrypted column of the rows to "" (non-blank columns get a marker); sealed
    attachments lose their bytes. One UPDATE; returns the number of rows."""
    model = queryset.model
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in keep:
            continue
        if isinstance(field, EncryptedTextField):
            values[field.name] = "" if field.blank else ANONYMISED
    if getattr(model, "SEALED", None):
        values["sealed"] = ""
        values["size"] = 0
    if not values:
        return 0
    return int(queryset.update(**values))


def _age_floor(person: Person, on: date) -> tuple[int | None, date | None]:
    age = person.age(on)
    if age is None:
        return None, None
    return _GROUP_FLOOR[str(age_group_for(age))], on


def _blank_person(person: Person, on: date) -> None:
    estimate, estimated_on = _age_floor(person, on)
    Person.objects.filter(pk=person.pk).update(
        name="",
        name_index="",
        nik="",
        nik_index="",
        kk="",
        kk_index="",
        phone="",
        phone_index="",
        alias="",
        address="",
        birth_date=None,
        birth_year=None,  # the clear year goes too: what is left is the age floor
        age_estimate=estimate,
        age_estimated_on=estimated_on,
    )
    PersonNameToken.objects.filter(person=person).delete()
    CaseNameToken.objects.refresh_for_people([person.pk])


@transaction.atomic
def case_processing_restrict(*, actor: Any, case: Case, restricted: bool, reference: str) -> Case:
    """Restrict (or lift the restriction of) a case's processing at the data subject's
    request (UU 27/2022 PDP Pasal 11 and 41): only supervisors see it while restricted.
    ``reference`` names the request in the privacy register."""
    policies.authorize_privacy_officer(actor, case)
    case = _lock_case(case)
    before = case.processing_restricted
    if before != restricted:
        case.processing_restricted = restricted
        case.save(update_fields=["processing_restricted", "updated_at"])
        audit_event(
            actor=actor,
            action="case.processing_restrict" if restricted else "case.processing_unrestrict",
            target=case,
            target_label=case.number,
            changes={"processing_restricted": [before, restricted]},
            note=reference[:200],
        )
    return case


def _report_rows(report_ids: QuerySet[Any]) -> dict[str, int]:
    return {
        "reports": blank_encrypted(Report.objects.filter(pk__in=report_ids)),
        "report_events": blank_encrypted(ReportEvent.objects.filter(report__in=report_ids)),
        "report_attachments": blank_encrypted(
            ReportAttachment.objects.filter(report__in=report_ids)
        ),
    }


@transaction.atomic
def report_anonymise(*, actor: Any, report: Report) -> dict[str, int]:
    """A report judged "not a case" whose retention ran out: its identifying values go, its
    categories (forms of violence, age group, sex, place, kelurahan, dates) stay."""
    policies.authorize_privacy_region(actor, report.region_code)
    report = Report.objects.select_for_update().get(pk=report.pk)
    counts = _report_rows(Report.objects.filter(pk=report.pk).values("pk"))
    Report.objects.filter(pk=report.pk).update(
        reporter_phone_index="",
        victim_age=None,
        idempotency_fingerprint="",
        anonymised_at=timezone.now(),
    )
    audit_event(
        actor=actor,
        action="report.anonymise",
        target=report,
        target_label=report.label,
        changes={"anonymised": [False, True]},
    )
    return counts


@transaction.atomic
def case_anonymise(*, actor: Any, case: Case) -> dict[str, int]:
    """Anonymise a closed case (see the module's docstring). Returns row counts per kind."""
    policies.authorize_privacy_officer(actor, case)
    case = _lock_case(case)
    if not case.is_closed:
        raise ValidationError("only a closed case is anonymised", code="not_closed")
    on = timezone.localdate(case.reported_at or case.created_at)
    counts: dict[str, int] = {}

    # People: blanked when no other case that is not anonymised still needs them.
    person_ids = list(
        CaseParty.objects.filter(case=case, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    shared = set(
        CaseParty.objects.filter(person_id__in=person_ids)
        .exclude(case=case)
        .filter(case__anonymised_at__isnull=True)
        .values_list("person_id", flat=True)
    )
    people = Person.objects.filter(pk__in=[p for p in person_ids if p not in shared])
    counts["people"] = 0
    for person in people:
        _blank_person(person, on)
        counts["people"] += 1
    counts["people_kept_for_other_cases"] = len(shared)
    CaseParty.objects.filter(case=case).update(organisation_name="", guardian_relation="")

    for key, qs in (
        ("incidents", Incident.objects.filter(case=case)),
        ("assessments", Assessment.objects.filter(case=case)),
        ("plans", CasePlan.objects.filter(case=case)),
        ("plan_items", PlanItem.objects.filter(plan__case=case)),
        ("consents", Consent.objects.filter(case=case)),
        ("consent_overrides", ConsentOverride.objects.filter(case=case)),
        ("deadlines", CaseDeadline.objects.filter(case=case)),
        ("documents", CaseDocument.objects.filter(case=case)),
        ("notes", CaseNote.objects.filter(case=case)),
        ("status_changes", CaseStatusChange.objects.filter(case=case)),
        ("closure_requests", ClosureRequest.objects.filter(case=case)),
    ):
        counts[key] = blank_encrypted(qs)
    # The encrypted before/after of each edit: only the conflict message of a stale save
    # reads them, and a closed, anonymised case is not edited.
    counts["revisions"] = CaseRevision.objects.filter(case=case).delete()[0]

    reports = Report.objects.filter(Q(case=case) | Q(pk=case.created_from_id)).values("pk")
    counts.update(_report_rows(reports))
    Report.objects.filter(pk__in=reports).update(
        reporter_phone_index="",
        victim_age=None,
        idempotency_fingerprint="",
        anonymised_at=timezone.now(),
    )

    for extension in extensions.registered():
        counts.update(extension.case_anonymised(actor=actor, case=case))

    case.anonymised_at = timezone.now()
    case.save(update_fields=["anonymised_at", "updated_at"])
    audit_event(
        actor=actor,
        action="case.anonymise",
        target=case,
        target_label=case.number,
        changes={"anonymised": [False, True], "rows": [None, counts]},
    )
    return counts
