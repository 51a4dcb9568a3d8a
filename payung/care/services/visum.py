"""The free-visum request letter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care.models import Referral, VisumLetter, VisumNumberCounter
from payung.care.services.service_records import _service
from payung.care.services.sharing import _require_case_work, _require_victim, _sharing_basis
from payung.cases.models import (
    Case,
    CaseParty,
)
from payung.cases.policies import may_see_case
from payung.partners.choices import ServiceCode
from payung.partners.models import Organisation

# --- the free-visum request letter ---------------------------------------------------------


def _next_visum_number(year: int) -> tuple[int, str]:
    VisumNumberCounter.objects.get_or_create(year=year)
    counter = VisumNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    pattern = str(getattr(settings, "VISUM_NUMBER_PATTERN", "VER/{year}/{seq:04d}"))
    return counter.last, pattern.format(year=year, seq=counter.last)


@transaction.atomic
def visum_letter_issue(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    organisation: Organisation,
    police_report_number: str = "",
    purpose: str = "",
    referral: Referral | None = None,
    override_reason: str = "",
) -> VisumLetter:
    """Issue a numbered letter asking ``organisation`` for a free visum et repertum.

    The letter names the victim, so it is sharing: the same consent check as a referral.
    Numbers come from a per-year counter row locked while the number is taken, so two
    letters never share a number and a number is never reused.
    """
    case = _require_case_work(actor, case, refer=True)
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    visum = _service(ServiceCode.VISUM)
    if not organisation.is_active or not organisation.services.filter(pk=visum.pk).exists():
        errors["organisation"] = _("Pilih lembaga aktif yang memberikan visum.")
    if referral is not None and referral.case_id != case.pk:
        errors["referral"] = _("Rujukan ini bukan bagian dari kasus ini.")
    if errors:
        raise ValidationError(errors)
    _sharing_basis(
        actor=actor,
        case=case,
        victim=victim,
        organisation=organisation,
        override_reason=override_reason,
    )
    now = timezone.now()
    year = timezone.localtime(now).year
    sequence, number = _next_visum_number(year)
    letter = VisumLetter.objects.create(
        case=case,
        victim=victim,
        organisation=organisation,
        referral=referral,
        number=number,
        year=year,
        sequence=sequence,
        police_report_number=police_report_number.strip()[:100],
        purpose=purpose.strip()[:2000],
        issued_at=now,
        issued_by=actor,
    )
    audit_event(
        actor=actor,
        action="visum.issue",
        target=letter,
        target_label=case.number,
        changes={"number": [None, number], "organisation": [None, organisation.pk]},
    )
    return letter


@transaction.atomic
def visum_letter_print(*, actor: User, letter: VisumLetter) -> bytes:
    """The letter as a PDF (each print is in the audit trail)."""
    if not may_see_case(actor, letter.case):
        raise PermissionDenied
    from payung.care.visum_letter import build_visum_letter

    pdf = build_visum_letter(letter)
    audit_event(actor=actor, action="visum.print", target=letter, target_label=letter.case.number)
    return pdf
