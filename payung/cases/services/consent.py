"""Consent to share information with partner organisations, withdrawal and overrides."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Cap
from payung.audit.services import audit_event
from payung.cases import extensions, policies
from payung.cases.choices import (
    ConsentMethod,
    ConsentPurpose,
    PartyRole,
)
from payung.cases.models import (
    Case,
    CaseParty,
    Consent,
    ConsentOverride,
)
from payung.cases.services.editing import _lock_case, _require_open
from payung.cases.services.empowerment import empowerment_consent_withdrawn
from payung.cases.services.people import (
    PERPETRATOR_GUARDIAN_REFUSED,
    guardian_override_check,
    perpetrator_party_like,
)
from payung.cases.services.report_states import TransitionError
from payung.core.actors import is_system
from payung.partners.models import Organisation
from payung.partners.policies import organisations_visible_to

# --- consent -------------------------------------------------------------------------------


def _organisation_ref(actor: Any, organisation: Any, name: str = "") -> tuple[int | None, str]:
    """(id, name) of a consent's recipient: a partner organisation (or its id) the actor may
    see — ``None`` for one they may not — or only a name. ``name`` overrides the shown name
    (a unit of the organisation, say)."""
    if organisation is None or isinstance(organisation, str):
        return None, (name or organisation or "").strip()
    pk = organisation if isinstance(organisation, int) else getattr(organisation, "pk", None)
    visible = Organisation.objects.all() if is_system(actor) else organisations_visible_to(actor)
    found = visible.filter(pk=pk).first() if isinstance(pk, int) else None
    if found is None:
        raise ValidationError({"organisation": _("Lembaga penerima tidak ditemukan.")})
    return found.pk, (name.strip() or found.name)


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    subject: CaseParty,
    given_by: CaseParty,
    purpose: str,
    method: str,
    given_on: date,
    organisation: Any = None,
    organisation_name: str = "",
    note: str = "",
    perpetrator_override: str = "",
) -> Consent:
    """Record consent. A child's consent comes from a guardian party of the case (UU PDP
    Pasal 25); an adult consents for themself or through their guardian. A guardian who is
    also a perpetrator of the case (same person, NIK or name) is refused unless a
    supervisor overrides with a reason (``perpetrator_override``, audited)."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    _require_open(case)
    errors: dict[str, str] = {}
    if subject.case_id != case.pk or subject.role != PartyRole.VICTIM:
        errors["subject"] = _("Pilih korban dari kasus ini.")
    if given_by.case_id != case.pk:
        errors["given_by"] = _("Pilih orang dari kasus ini.")
    elif not errors:
        child = subject.person is not None and subject.person.is_child
        if given_by.role == PartyRole.GUARDIAN:
            if given_by.guardian_for_id != subject.pk:
                errors["given_by"] = _("Wali ini bukan wali dari korban tersebut.")
        elif given_by.pk != subject.pk:
            errors["given_by"] = _("Persetujuan diberikan oleh korban sendiri atau walinya.")
        elif child:
            errors["given_by"] = _(
                "Korban anak: persetujuan harus diberikan oleh orang tua atau wali (UU PDP Pasal 25)."
            )
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = _("Tujuan tidak dikenal.")
    if method not in ConsentMethod.values:
        errors["method"] = _("Cara tidak dikenal.")
    if given_on > timezone.localdate():
        errors["given_on"] = _("Tanggal tidak boleh di masa depan.")
    organisation_id, organisation_name = _organisation_ref(actor, organisation, organisation_name)
    if purpose == ConsentPurpose.SHARING and not (organisation_name or organisation_id):
        errors["organisation"] = _("Sebutkan lembaga penerima data.")
    if errors:
        raise ValidationError(errors)
    if given_by.role == PartyRole.GUARDIAN:
        perpetrator = perpetrator_party_like(case, given_by.person)
        if perpetrator is not None:
            try:
                guardian_override_check(
                    actor=actor,
                    case=case,
                    perpetrator=perpetrator,
                    override_reason=perpetrator_override,
                    action="case.consent_perpetrator_override",
                )
            except ValidationError:
                raise ValidationError({"given_by": PERPETRATOR_GUARDIAN_REFUSED}) from None
    consent = Consent.objects.create(
        case=case,
        subject=subject,
        given_by=given_by,
        purpose=purpose,
        organisation_id=organisation_id,
        organisation_name=(organisation_name or f"#{organisation_id}")
        if purpose == ConsentPurpose.SHARING
        else "",
        method=method,
        given_on=given_on,
        note=note.strip(),
        recorded_by=actor,
    )
    audit_event(
        actor=actor,
        action="case.consent_record",
        target=consent,
        target_label=case.number,
        changes={
            "purpose": [None, purpose],
            "organisation": [None, consent.organisation_id],
            "organisation_name": [None, consent.organisation_name or None],
            "given_by_role": [None, given_by.role],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, case: Case, consent: Consent, note: str = "") -> Consent:
    policies.authorize_case(actor, case, "edit")
    return _withdraw(actor=actor, case=case, consent=consent, note=note)


@transaction.atomic
def consent_withdraw_on_request(
    *, actor: User, case: Case, consent: Consent, note: str = ""
) -> Consent:
    """The DPO carries out a data subject's withdrawal of consent (UU 27/2022 PDP Pasal 9
    and 40), recorded in the privacy register, without being a case worker."""
    policies.authorize_privacy_officer(actor, case)
    return _withdraw(actor=actor, case=case, consent=consent, note=note)


def _withdraw(*, actor: User, case: Case, consent: Consent, note: str) -> Consent:
    case = _lock_case(case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.case_id != case.pk:
        raise ValidationError(_("Persetujuan ini bukan bagian dari kasus ini."))
    if consent.withdrawn_at is not None:
        raise TransitionError(_("Persetujuan ini sudah dicabut."), code="withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    audit_event(
        actor=actor,
        action="case.consent_withdraw",
        target=consent,
        target_label=case.number,
        changes={"withdrawn": [False, True]},
    )
    # What rested on the consent stops in the same transaction (care: the provider loses the
    # referral's snapshot).
    extensions.consent_withdrawn(actor=actor, case=case, consent=consent)
    empowerment_consent_withdrawn(actor=actor, case=case, consent=consent)
    return consent


@transaction.atomic
def consent_override_record(
    *,
    actor: User,
    case: Case,
    subject: CaseParty,
    organisation: Any,
    reason: str,
    purpose: str = ConsentPurpose.SHARING,
) -> ConsentOverride:
    """A supervisor allows sharing without consent, with a reason (audited)."""
    policies.authorize_case(actor, case, "override_consent")
    if not actor.can(Cap.CASE_APPROVE_CLOSURE):
        raise PermissionDenied
    case = _lock_case(case)
    organisation_id, organisation_name = _organisation_ref(actor, organisation)
    errors: dict[str, str] = {}
    if subject.case_id != case.pk or subject.role != PartyRole.VICTIM:
        errors["subject"] = _("Pilih korban dari kasus ini.")
    if not (organisation_id or organisation_name):
        errors["organisation"] = _("Sebutkan lembaga penerima data.")
    if len(reason.strip()) < 10:
        errors["reason"] = _("Tulis alasan pengecualian (paling sedikit 10 karakter).")
    if errors:
        raise ValidationError(errors)
    override = ConsentOverride.objects.create(
        case=case,
        subject=subject,
        purpose=purpose,
        organisation_id=organisation_id,
        organisation_name=organisation_name or f"#{organisation_id}",
        reason=reason.strip(),
        actor=actor,
        at=timezone.now(),
    )
    audit_event(
        actor=actor,
        action="case.consent_override",
        target=override,
        target_label=case.number,
        changes={"organisation_name": [None, override.organisation_name]},
        note="berbagi data tanpa persetujuan, dengan alasan tercatat",
    )
    return override
