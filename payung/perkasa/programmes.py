"""Programmes, enrolment and grants in tranches (issue #12, docs/perkasa.md#programmes).

Every write authorises its actor (the Perkasa officer, within the registrant's region),
runs in one transaction and leaves an audit event. A disbursement is proposed by one officer
and approved by another (maker-checker); approval locks the cycle row so that concurrent
approvals can never take the approved total past the cycle's budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.audit.services import audit_event
from payung.perkasa import choices, policies
from payung.perkasa.models import (
    Disbursement,
    Enrolment,
    Programme,
    ProgrammeCycle,
    Registrant,
)

ENROLLABLE = (choices.Status.ELIGIBLE, choices.Status.PARTICIPANT)


@dataclass(frozen=True)
class RuleCheck:
    """One eligibility rule as applied to one woman, in plain Indonesian."""

    ok: bool
    text: str


def eligibility(
    programme: Programme, registrant: Registrant, *, today: dt.date | None = None
) -> list[RuleCheck]:
    """Each of the programme's rules, whether she meets it and why (shown before enrolment)."""
    rules = programme.eligibility or {}
    checks: list[RuleCheck] = []
    categories = rules.get("categories") or []
    if categories:
        score = registrant.current_score
        labels = ", ".join(str(choices.Category(c).label) for c in categories)
        if score is None:
            checks.append(
                RuleCheck(False, _("Kategori harus %(c)s; belum ada skor.") % {"c": labels})
            )
        else:
            ok = score.category in categories
            checks.append(
                RuleCheck(
                    ok,
                    _("Kategori harus %(c)s; kategorinya %(own)s.")
                    % {"c": labels, "own": score.get_category_display()},
                )
            )
    year = (today or timezone.localdate()).year
    age = year - registrant.birth_year if registrant.birth_year else None
    for key, compare, text in (
        ("min_age", lambda a, limit: a >= limit, _("Umur paling rendah %(n)s tahun")),
        ("max_age", lambda a, limit: a <= limit, _("Umur paling tinggi %(n)s tahun")),
    ):
        limit = rules.get(key)
        if limit is None:
            continue
        if age is None:
            checks.append(RuleCheck(False, f"{text % {'n': limit}}; " + _("umur tidak diketahui.")))
        else:
            checks.append(
                RuleCheck(
                    compare(age, limit),
                    f"{text % {'n': limit}}; " + _("umurnya %(a)s tahun.") % {"a": age},
                )
            )
    if rules.get("needs_business"):
        checks.append(
            RuleCheck(
                registrant.has_business,
                _("Harus sudah punya usaha; ")
                + (_("sudah punya usaha.") if registrant.has_business else _("belum punya usaha.")),
            )
        )
    return checks


@transaction.atomic
def programme_create(
    *, actor: Any, name: str, agency: str, kind: str, eligibility: dict[str, Any] | None = None
) -> Programme:
    policies.authorize_scoring(actor)  # catalogue = reference data: Perkasa officer or admin
    programme = Programme.objects.create(
        name=name, agency=agency, kind=kind, eligibility=eligibility or {}
    )
    audit_event(
        actor=actor,
        action="perkasa.programme_create",
        target=programme,
        target_label=f"Program {programme.name}",
    )
    return programme


@transaction.atomic
def cycle_open(
    *, actor: Any, programme: Programme, label: str, quota: int, budget: int
) -> ProgrammeCycle:
    policies.authorize_scoring(actor)
    cycle = ProgrammeCycle.objects.create(
        programme=programme, label=label, quota=quota, budget=budget
    )
    audit_event(
        actor=actor,
        action="perkasa.cycle_open",
        target=cycle,
        target_label=f"{programme.name} {label}",
        note=f"kuota {quota}, anggaran Rp {budget}",
    )
    return cycle


@transaction.atomic
def enrol(*, actor: Any, cycle: ProgrammeCycle, registrant: Registrant) -> Enrolment:
    """Enrol an eligible woman; refuses an unmet rule, a full quota or a second enrolment in
    the same cycle. She becomes a participant."""
    policies.authorize_officer(actor, registrant)
    cycle = ProgrammeCycle.objects.select_for_update().select_related("programme").get(pk=cycle.pk)
    if registrant.status not in ENROLLABLE:
        raise ValidationError(
            _("Hanya pendaftar berstatus Layak atau Peserta yang dapat didaftarkan ke program.")
        )
    unmet = [check.text for check in eligibility(cycle.programme, registrant) if not check.ok]
    if unmet:
        raise ValidationError(_("Tidak memenuhi syarat program: %(r)s") % {"r": " ".join(unmet)})
    if Enrolment.objects.filter(cycle=cycle, registrant=registrant).exists():
        raise ValidationError(_("Ia sudah terdaftar di siklus program ini."))
    if cycle.enrolments.count() >= cycle.quota:
        raise ValidationError(_("Kuota siklus ini sudah penuh."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                cycle=cycle, registrant=registrant, enrolled_by=_user(actor)
            )
    except IntegrityError as exc:  # a concurrent enrolment of the same woman won
        raise ValidationError(_("Ia sudah terdaftar di siklus program ini.")) from exc
    if registrant.status != choices.Status.PARTICIPANT:
        Registrant.objects.filter(pk=registrant.pk).update(status=choices.Status.PARTICIPANT)
        registrant.status = choices.Status.PARTICIPANT
    audit_event(
        actor=actor,
        action="perkasa.enrol",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note=str(cycle),
    )
    return enrolment


def absorbed(cycle: ProgrammeCycle) -> int:
    """Rupiah approved so far in the cycle."""
    total = cycle.disbursements.filter(state=Disbursement.State.APPROVED).aggregate(
        total=Sum("amount")
    )["total"]
    return int(total or 0)


@transaction.atomic
def disbursement_propose(
    *, actor: Any, enrolment: Enrolment, amount: int, proof_note: str = ""
) -> Disbursement:
    policies.authorize_officer(actor, enrolment.registrant)
    if amount <= 0:
        raise ValidationError(_("Jumlah harus lebih dari nol."))
    tranche = enrolment.disbursements.count() + 1
    disbursement = Disbursement.objects.create(
        enrolment=enrolment,
        cycle_id=enrolment.cycle_id,
        tranche=tranche,
        amount=amount,
        proof_note=proof_note,
        proposed_by=_user(actor),
    )
    audit_event(
        actor=actor,
        action="perkasa.disbursement_propose",
        target=enrolment.registrant,
        target_label=f"Perkasa #{enrolment.registrant_id}",
        note=f"tahap {tranche}: Rp {amount}",
    )
    return disbursement


@transaction.atomic
def disbursement_decide(
    *, actor: Any, disbursement: Disbursement, approve: bool, proof_note: str = ""
) -> Disbursement:
    """The checker's decision. Approval needs proof and a person other than the proposer,
    and is refused when the cycle's approved total would exceed its budget — checked under a
    lock on the cycle row, so two approvals at the same moment cannot both slip through."""
    registrant = disbursement.enrolment.registrant
    policies.authorize_officer(actor, registrant)
    if getattr(actor, "pk", None) is not None and actor.pk == disbursement.proposed_by_id:
        raise PermissionDenied(_("Pengusul tidak boleh menyetujui usulannya sendiri."))
    cycle = ProgrammeCycle.objects.select_for_update().get(pk=disbursement.cycle_id)
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    if disbursement.state != Disbursement.State.PROPOSED:
        raise ValidationError(_("Usulan ini sudah diputuskan."))
    proof_note = proof_note or disbursement.proof_note
    if approve:
        if not proof_note.strip():
            raise ValidationError(_("Lampirkan bukti sebelum menyetujui pencairan."))
        used = absorbed(cycle)
        if used + disbursement.amount > cycle.budget:
            raise ValidationError(
                _(
                    "Pencairan ditolak: melebihi anggaran siklus. Anggaran Rp %(b)s, sudah "
                    "disetujui Rp %(u)s, sisa Rp %(r)s, diusulkan Rp %(a)s."
                )
                % {
                    "b": f"{cycle.budget:,}".replace(",", "."),
                    "u": f"{used:,}".replace(",", "."),
                    "r": f"{cycle.budget - used:,}".replace(",", "."),
                    "a": f"{disbursement.amount:,}".replace(",", "."),
                }
            )
    disbursement.state = Disbursement.State.APPROVED if approve else Disbursement.State.REJECTED
    disbursement.decided_by = _user(actor)
    disbursement.decided_at = timezone.now()
    disbursement.proof_note = proof_note
    disbursement.save(update_fields=["state", "decided_by", "decided_at", "proof_note"])
    audit_event(
        actor=actor,
        action="perkasa.disbursement_approve" if approve else "perkasa.disbursement_reject",
        target=registrant,
        target_label=f"Perkasa #{registrant.pk}",
        note=f"tahap {disbursement.tranche}: Rp {disbursement.amount}",
    )
    return disbursement


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) is not None and hasattr(actor, "role") else None
