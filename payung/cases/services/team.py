"""Ownership: assignment, the case team, transfer between case managers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.accounts.roles import Role
from payung.audit.services import audit_event
from payung.cases import policies
from payung.cases.choices import (
    CaseUnit,
    LawfulBasis,
)
from payung.cases.models import (
    Case,
    CaseNameToken,
    CaseNote,
)
from payung.cases.services.editing import _lock_case, _require_open
from payung.cases.services.notify import _notify_on_commit

# --- ownership, team, and who holds the case -------------------------------------------------


def _check_case_worker(user: User, case: Case, field_name: str) -> None:
    if (
        not user.is_active
        or user.role not in (Role.CASE_MANAGER, Role.SUPERVISOR)
        or not user.in_scope(case.region_code)
    ):
        raise ValidationError(
            {
                field_name: _(
                    "Pilih manajer kasus atau supervisor aktif yang wilayahnya mencakup kasus ini."
                )
            }
        )


def _kept_note(actor: User, case: Case, note: str, what: str) -> dict[str, list[Any]]:
    """The worker's free-text reason is kept as an encrypted case note, not in the audit
    trail: it may name someone, and the chain cannot be edited when the case is anonymised
    (docs/dpia.md). The trail records only that a note was written."""
    text = note.strip()[:500]
    if not text:
        return {}
    CaseNote.objects.create(case=case, author=actor, at=timezone.now(), body=f"{what}: {text}")
    return {"note": [None, "[disamarkan]"]}


@transaction.atomic
def case_assign(*, actor: User, case: Case, owner: User, note: str = "") -> Case:
    """A supervisor gives the case to a case manager (transfer between case managers)."""
    policies.authorize_case(actor, case, "assign")
    case = _lock_case(case)
    _require_open(case)
    _check_case_worker(owner, case, "owner")
    before = case.owner_id
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
    case.team.remove(owner)
    audit_event(
        actor=actor,
        action="case.assign",
        target=case,
        target_label=case.number,
        changes={"owner": [before, owner.pk], **_kept_note(actor, case, note, "Penugasan")},
    )
    _notify_on_commit(
        case,
        topic="case.assigned",
        title_text=_("Kasus %(number)s ditugaskan kepada Anda"),
        to=[owner],
    )
    return case


@transaction.atomic
def case_team_add(*, actor: User, case: Case, member: User) -> Case:
    policies.authorize_case(actor, case, "team")
    case = _lock_case(case)
    _require_open(case)
    _check_case_worker(member, case, "member")
    if member.pk == case.owner_id:
        raise ValidationError({"member": _("Orang ini sudah manajer kasusnya.")})
    case.team.add(member)
    audit_event(
        actor=actor,
        action="case.team_add",
        target=case,
        target_label=case.number,
        changes={"team": [None, member.pk]},
    )
    return case


@transaction.atomic
def case_team_remove(*, actor: User, case: Case, member: User) -> Case:
    policies.authorize_case(actor, case, "team")
    case = _lock_case(case)
    case.team.remove(member)
    audit_event(
        actor=actor,
        action="case.team_remove",
        target=case,
        target_label=case.number,
        changes={"team": [member.pk, None]},
    )
    return case


@transaction.atomic
def case_transfer(*, actor: User, case: Case, unit: str, note: str = "") -> Case:
    """Move the handling of the case between its kelurahan's PPT and the centre.

    A PPT always sees its kelurahan's cases (docs/domain.md#roles), so moving to the centre keeps
    the scope; moving to the PPT narrows the scope to the kelurahan (a case the centre
    opened at city level becomes visible to that PPT)."""
    policies.authorize_case(actor, case, "transfer")
    case = _lock_case(case)
    _require_open(case)
    if unit not in CaseUnit.values:
        raise ValidationError({"unit": _("Pilih PPT atau pusat.")})
    if unit == case.unit:
        raise ValidationError({"unit": _("Kasus sudah ditangani unit ini.")})
    region_code = case.region_code
    if unit == CaseUnit.PPT:
        if case.kelurahan is None:
            raise ValidationError(
                {"unit": _("Isi kelurahan kasus dulu: kasus dipindah ke PPT kelurahan itu.")}
            )
        region_code = case.kelurahan.code
    before = (case.unit, case.region_code)
    case.unit = unit
    case.region_code = region_code
    case.save(update_fields=["unit", "region_code", "updated_at"])
    CaseNameToken.objects.filter(case=case).update(region_code=region_code)
    audit_event(
        actor=actor,
        action="case.transfer",
        target=case,
        target_label=case.number,
        changes={
            "unit": [before[0], unit],
            "region_code": [before[1], region_code],
            **_kept_note(actor, case, note, "Pemindahan"),
        },
    )
    return case


@transaction.atomic
def case_restrict(
    *, actor: User, case: Case, restricted: bool, staff: list[User], note: str = ""
) -> Case:
    """Limit the case to named staff (a staff member's relative, a local conflict of
    interest), or lift the limit. The supervisor who restricts it and the case's owner are
    always named, so the case is never left without anyone to work it. Audited with the
    staff ids and the reason."""
    policies.authorize_case(actor, case, "restrict")
    case = _lock_case(case)
    if restricted and not note.strip():
        raise ValidationError({"note": _("Tulis alasan pembatasan.")})
    named = {u.pk: u for u in staff if u.role in policies.CASE_ROLES and u.is_active}
    if restricted:
        named[actor.pk] = actor
        if case.owner is not None:
            named[case.owner.pk] = case.owner
    before = sorted(case.restricted_to.values_list("pk", flat=True))
    case.restricted = restricted
    case.save(update_fields=["restricted", "updated_at"])
    case.restricted_to.set(list(named.values()) if restricted else [])
    audit_event(
        actor=actor,
        action="case.restrict" if restricted else "case.unrestrict",
        target=case,
        target_label=case.number,
        changes={"restricted_to": [before, sorted(named) if restricted else []]},
        note=note[:500],
    )
    return case


@transaction.atomic
def case_lawful_basis_set(*, actor: User, case: Case, basis: str, note: str = "") -> Case:
    """Record why the case's data is processed (UU PDP Pasal 20): a legal obligation (UU TPKS
    Pasal 41, Perpres 55/2024), a vital interest, a public task, or consent — which then
    gates the work past the assessment (``case_transition``). Audited with the reason."""
    policies.authorize_case(actor, case, "edit")
    case = _lock_case(case)
    if basis not in LawfulBasis.values:
        raise ValidationError({"basis": _("Dasar pemrosesan tidak dikenal.")})
    if basis == case.lawful_basis:
        return case
    before = case.lawful_basis
    case.lawful_basis = basis
    case.save(update_fields=["lawful_basis", "updated_at"])
    audit_event(
        actor=actor,
        action="case.lawful_basis",
        target=case,
        target_label=case.number,
        changes={"lawful_basis": [before, basis]},
        note=note[:500],
    )
    return case
