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
)
from payung.cases.models import (
    Case,
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
