"""What referrals and services share: consent checks before data leaves the centre, case-work guards."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.care import policies, referrals
from payung.cases.choices import ConsentPurpose
from payung.cases.consent import consent_allows
from payung.cases.models import (
    Case,
    CaseParty,
    ConsentOverride,
)
from payung.cases.services import consent_override_record
from payung.partners.models import Organisation

# =========================================================================================
# Phase B: referrals, delivered services, visum letters, accompaniment, home visits,
# return and reintegration, tasks, and the closure checklist.
# =========================================================================================


def _stored(text: str, **values: Any) -> str:
    """Text the system writes into a record is data, not interface: it stays in Bahasa
    Indonesia whatever language the officer reads the pages in (so it is not marked for
    translation)."""
    return text % values if values else text


class ConsentRequired(ValidationError):
    """Sharing with this organisation has no consent (and no supervisor's override)."""


class ReferralTransitionError(ValidationError):
    """The referral is not in a status that allows this step."""


def _consent_message(organisation: Organisation, *, placement: bool = False) -> str:
    if placement:
        return _(
            "Korban tidak ditempatkan: belum ada persetujuan korban (atau wali, untuk korban "
            "anak) untuk berbagi data dengan %(organisation)s. Catat persetujuan berbagi data "
            "di bagian Persetujuan pada halaman kasus, atau minta supervisor mengizinkan "
            "dengan alasan."
        ) % {"organisation": organisation.name}
    return _(
        "Rujukan tidak dikirim: belum ada persetujuan korban (atau wali, untuk korban anak) "
        "untuk berbagi data dengan %(organisation)s. Catat persetujuan berbagi data di bagian "
        "Persetujuan pada halaman kasus, atau minta supervisor mengizinkan dengan alasan."
    ) % {"organisation": organisation.name}


def _sharing_basis(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    organisation: Organisation,
    override_reason: str,
    placement: bool = False,
) -> ConsentOverride | None:
    """Check consent to share ``victim``'s data with ``organisation`` (docs/domain.md#confidentiality): before
    a referral, and before a shelter placement (``placement``: the safe house learns who
    the victim is and why they are there).

    Without consent a supervisor may record an override with a reason (audited by
    ``consent_override_record``); anyone else is refused with a clear message.
    """
    assert victim.person is not None
    if consent_allows(case, victim.person, ConsentPurpose.SHARING, organisation=organisation):
        return None
    refused = _consent_message(organisation, placement=placement)
    if not override_reason.strip():
        raise ConsentRequired(refused, code="consent_required")
    if not policies.is_supervisor(actor):
        raise ConsentRequired(
            refused
            + " "
            + _("Hanya supervisor yang dapat mengizinkan berbagi data tanpa persetujuan."),
            code="consent_required",
        )
    return consent_override_record(
        actor=actor,
        case=case,
        subject=victim,
        organisation=organisation,
        reason=override_reason,
    )


def _require_case_work(actor: User, case: Case, *, refer: bool = False) -> Case:
    """The case, re-read, if ``actor`` may record its care (or send referrals for it)."""
    current = policies.care_cases(actor).filter(pk=case.pk).select_related("owner").first()
    if current is None:
        raise PermissionDenied
    allowed = (
        policies.may_refer_on(actor, current) if refer else policies.may_work_case(actor, current)
    )
    if not allowed:
        if current.is_closed:
            raise ValidationError(
                _("Kasus %(number)s sudah ditutup: buka kembali kasusnya lebih dulu.")
                % {"number": current.number},
                code="case_closed",
            )
        raise PermissionDenied
    return current


def _require_victim(errors: dict[str, Any], case: Case, victim: CaseParty | None) -> None:
    if victim is None or not referrals.is_victim(victim, case):
        errors["victim"] = _("Pilih korban dari kasus ini.")
