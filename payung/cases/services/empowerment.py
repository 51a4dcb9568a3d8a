"""Referring a victim to economic empowerment (the case plan's "Pemberdayaan ekonomi"), and
what a withdrawn consent stops (docs/perkasa.md#the-bridge-from-protection)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.services import audit_event
from payung.cases import empowerment, policies
from payung.cases.choices import ConsentPurpose, PartyRole
from payung.cases.consent import _fold, consent_allows
from payung.cases.models import Case, CaseParty, Consent, EmpowermentReferral
from payung.cases.services.editing import _lock_case, _require_open
from payung.core.actors import is_system


def _sharing_consent(case: Case, subject: CaseParty, unit: str) -> Consent | None:
    """The victim's own live consent to share with ``unit`` — never a supervisor's override:
    economic empowerment is never urgent enough to share without her."""
    if subject.person is None or not consent_allows(
        case, subject.person, ConsentPurpose.SHARING, unit, include_overrides=False
    ):
        return None
    live = Consent.objects.filter(
        case=case, subject=subject, purpose=ConsentPurpose.SHARING, withdrawn_at__isnull=True
    ).order_by("-given_on", "-pk")
    return next((c for c in live if _fold(c.organisation_name) == _fold(unit)), None)


@transaction.atomic
def empowerment_refer(*, actor: Any, case: Case, subject: CaseParty) -> EmpowermentReferral:
    """Refer ``subject`` (a victim of ``case``) to the economic-empowerment registry.

    Refused without her recorded consent to share with the registry's unit (a sharing consent
    naming it, not withdrawn). The registry receives only name, NIK, contact, kelurahan and
    birth date; its registration's id is kept here. A second live referral of the same victim
    is refused."""
    policies.authorize_case(actor, case, "edit")
    receiver = empowerment.receiver()
    if receiver is None:
        raise ValidationError(_("Layanan pemberdayaan ekonomi belum tersedia."))
    case = _lock_case(case)
    _require_open(case)
    if subject.case_id != case.pk or subject.role != PartyRole.VICTIM:
        raise ValidationError({"subject": _("Pilih korban dari kasus ini.")})
    person = subject.person
    consent = _sharing_consent(case, subject, receiver.organisation_name)
    if consent is None:
        raise ValidationError(
            _(
                "Belum ada persetujuan korban untuk berbagi data dengan %(unit)s. Catat "
                "persetujuannya dulu di bagian Persetujuan (untuk: berbagi data, lembaga "
                "penerima: %(unit)s)."
            )
            % {"unit": receiver.organisation_name},
            code="no_consent",
        )
    assert person is not None  # consent exists only for a recorded person
    if EmpowermentReferral.objects.filter(subject=subject, stopped_at__isnull=True).exists():
        raise ValidationError(_("Korban ini sudah dirujuk ke pemberdayaan ekonomi."))
    missing = [
        label
        for label, value in ((_("nama"), person.name), (_("NIK"), person.nik))
        if not (value or "").strip()
    ]
    kelurahan = person.kelurahan
    if kelurahan is None:
        missing.append(_("kelurahan domisili"))
    elif not missing and not is_system(actor) and not actor.in_scope(kelurahan.code):
        raise ValidationError(
            _("Kelurahan domisili korban di luar wilayah Anda: rujuk melalui dinas setempat."),
            code="out_of_region",
        )
    if missing:
        raise ValidationError(
            _("Lengkapi data korban dulu: %(fields)s.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    received = receiver.refer(
        actor=actor,
        person=empowerment.ReferredPerson(
            name=person.name,
            nik=person.nik,
            phone=person.phone,
            kelurahan=kelurahan,
            birth_date=person.birth_date,
        ),
    )
    referral = EmpowermentReferral.objects.create(
        case=case,
        subject=subject,
        consent=consent,
        reference=received.reference,
        linked_existing=received.existing,
        referred_by=actor,
    )
    audit_event(
        actor=actor,
        action="case.empowerment_refer",
        target=referral,
        target_label=case.number,
        changes={"consent": [None, consent.pk], "linked_existing": [None, received.existing]},
    )
    return referral


def empowerment_consent_withdrawn(*, actor: Any, case: Case, consent: Consent) -> int:
    """Inside the withdrawal's transaction: the referrals that rested on ``consent`` stop —
    the case no longer reads the registration's status, and the registry drops its
    prioritised-referral marker. Her registration itself stays hers (she may keep it with
    the registry directly). Returns how many stopped."""
    stopped = 0
    receiver = empowerment.receiver()
    for referral in EmpowermentReferral.objects.select_for_update().filter(
        consent=consent, stopped_at__isnull=True
    ):
        referral.stopped_at = timezone.now()
        referral.save(update_fields=["stopped_at"])
        if receiver is not None:
            receiver.consent_withdrawn(actor=actor, reference=referral.reference)
        audit_event(
            actor=actor,
            action="case.empowerment_stop",
            target=referral,
            target_label=case.number,
            note="persetujuan berbagi dicabut",
        )
        stopped += 1
    return stopped
