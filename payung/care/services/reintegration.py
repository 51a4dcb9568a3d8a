"""Return and reintegration after a shelter stay."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.audit.services import audit_event
from payung.care.choices import ReturnDestination, ServiceOutcome
from payung.care.models import (
    Reintegration,
)
from payung.care.services.service_records import _internal_unit_of, _record_service, _service
from payung.care.services.sharing import _require_case_work, _require_victim, _stored
from payung.cases.models import (
    Case,
    CaseParty,
)
from payung.partners.choices import ServiceCode, SimfoniCategory
from payung.regions.models import Region, RegionLevel

# --- return and reintegration ----------------------------------------------------------------


def _is_city_kelurahan(region: Region | None) -> bool:
    return (
        region is not None
        and region.code.startswith(f"{settings.PAYUNG_CITY_CODE}.")
        and region.level in (RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE)
    )


@transaction.atomic
def reintegration_plan(
    *,
    actor: User,
    case: Case,
    victim: CaseParty,
    destination: str,
    planned_on: date,
    kelurahan: Region | None = None,
    outside_place: str = "",
    receiving_unit: str = "",
    receiving_party: str = "",
    note: str = "",
) -> Reintegration:
    """Plan the victim's return: to a kelurahan of the city, or outside it (a place, and
    possibly the UPTD PPA of that region who takes over)."""
    case = _require_case_work(actor, case)
    errors: dict[str, Any] = {}
    _require_victim(errors, case, victim)
    if destination == ReturnDestination.IN_CITY:
        if not _is_city_kelurahan(kelurahan):
            errors["kelurahan"] = _("Pilih kelurahan tujuan di Kota Pasuruan.")
        outside_place = ""
    elif destination == ReturnDestination.OUTSIDE:
        if not outside_place.strip():
            errors["outside_place"] = _("Tulis tempat tujuan di luar kota.")
        kelurahan = None
    else:
        errors["destination"] = _("Pilih tujuan kepulangan.")
    if errors:
        raise ValidationError(errors)
    item = Reintegration.objects.create(
        case=case,
        victim=victim,
        destination=destination,
        kelurahan=kelurahan,
        outside_place=outside_place.strip()[:500],
        receiving_unit=receiving_unit.strip()[:200],
        planned_on=planned_on,
        receiving_party=receiving_party.strip()[:500],
        note=note.strip()[:2000],
        created_by=actor,
    )
    audit_event(
        actor=actor,
        action="reintegration.plan",
        target=item,
        target_label=case.number,
        changes={
            "destination": [None, destination],
            "kelurahan": [None, kelurahan.code if kelurahan else None],
            "receiving_unit": [None, item.receiving_unit or None],
            "planned_on": [None, planned_on.isoformat()],
        },
    )
    return item


@transaction.atomic
def reintegration_handover(
    *,
    actor: User,
    reintegration: Reintegration,
    handed_over_on: date,
    receiving_party: str,
    note: str = "",
) -> Reintegration:
    """Record the handover: the date and who received the victim. The return is a delivered
    service (reintegrasi, counted by SIMFONI-PPA as pemulangan)."""
    item = (
        Reintegration.objects.select_for_update()
        .select_related("case", "victim")
        .get(pk=reintegration.pk)
    )
    case = _require_case_work(actor, item.case)
    errors: dict[str, Any] = {}
    if item.handed_over_on is not None:
        errors["handed_over_on"] = _("Serah terima sudah dicatat.")
    elif handed_over_on > timezone.localdate():
        errors["handed_over_on"] = _("Tanggal tidak boleh di masa depan.")
    if not receiving_party.strip():
        errors["receiving_party"] = _("Tulis pihak yang menerima korban.")
    if errors:
        raise ValidationError(errors)
    item.handed_over_on = handed_over_on
    item.receiving_party = receiving_party.strip()[:500]
    if note.strip():
        item.note = note.strip()[:2000]
    item.save(update_fields=["handed_over_on", "receiving_party", "note", "updated_at"])
    audit_event(
        actor=actor,
        action="reintegration.handover",
        target=item,
        target_label=case.number,
        changes={"handed_over_on": [None, handed_over_on.isoformat()], "receiving_party": ["", ""]},
    )
    service = _service(ServiceCode.REINTEGRATION)
    _record_service(
        actor=actor,
        case=case,
        victim=item.victim,
        service=service,
        delivered_on=handed_over_on,
        outcome=ServiceOutcome.DELIVERED,
        description=_stored("Serah terima kepulangan korban."),
        internal_unit=_internal_unit_of(actor),
        simfoni_category=(
            SimfoniCategory.RETURN_HOME
            if SimfoniCategory.RETURN_HOME in service.simfoni_categories
            else ""
        ),
    )
    return item
