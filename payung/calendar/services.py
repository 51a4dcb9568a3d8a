"""Writes to the holiday calendar (system admin). Each one authorises its actor, audits
itself in its own transaction, and recounts the open due times the change may move."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from payung.audit.services import audit_event, diff
from payung.calendar import policies, workdays
from payung.calendar.models import Holiday, HolidayKind


def _values(holiday: Holiday) -> dict[str, Any]:
    return {
        "date": holiday.date.isoformat(),
        "name": holiday.name,
        "kind": holiday.kind,
        "provisional": holiday.provisional,
    }


def _check(*, day: date, name: str, kind: str, exclude: int | None = None) -> str:
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = _("Tulis nama hari libur.")
    if kind not in HolidayKind.values:
        errors["kind"] = _("Pilih jenis hari libur.")
    taken = Holiday.objects.filter(date=day)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        errors["date"] = _("Tanggal ini sudah tercatat sebagai hari libur.")
    if errors:
        raise ValidationError(errors)
    return name


def _label(holiday: Holiday) -> str:
    return f"holiday:{holiday.date.isoformat()}"


@transaction.atomic
def holiday_add(
    *, actor: Any, day: date, name: str, kind: str, provisional: bool = False
) -> Holiday:
    """Record a holiday; open due times counted in working days across it move later."""
    policies.authorize_holidays(actor)
    name = _check(day=day, name=name, kind=kind)
    holiday = Holiday.objects.create(date=day, name=name, kind=kind, provisional=provisional)
    recounted = workdays.holidays_changed(actor=actor, days=[day])
    audit_event(
        actor=actor,
        action="holiday.add",
        target=holiday,
        target_label=_label(holiday),
        changes=diff({}, _values(holiday)),
        note=f"{recounted} tenggat dihitung ulang",
    )
    return holiday


@transaction.atomic
def holiday_update(
    *, actor: Any, holiday: Holiday, day: date, name: str, kind: str, provisional: bool
) -> Holiday:
    """Correct a holiday (a decree moved it, an estimate was confirmed)."""
    policies.authorize_holidays(actor)
    current = Holiday.objects.select_for_update().get(pk=holiday.pk)
    name = _check(day=day, name=name, kind=kind, exclude=current.pk)
    before = _values(current)
    moved_from = current.date
    current.date, current.name, current.kind, current.provisional = day, name, kind, provisional
    changes = diff(before, _values(current))
    if not changes:
        return current
    current.save()
    recounted = (
        workdays.holidays_changed(actor=actor, days=[moved_from, day]) if moved_from != day else 0
    )
    audit_event(
        actor=actor,
        action="holiday.update",
        target=current,
        target_label=_label(current),
        changes=changes,
        note=f"{recounted} tenggat dihitung ulang",
    )
    return current


@transaction.atomic
def holiday_delete(*, actor: Any, holiday: Holiday) -> None:
    """Remove a holiday (the office works that day after all)."""
    policies.authorize_holidays(actor)
    current = Holiday.objects.select_for_update().get(pk=holiday.pk)
    # A queryset delete keeps ``current.pk``, so the audit event still names the row.
    Holiday.objects.filter(pk=current.pk).delete()
    recounted = workdays.holidays_changed(actor=actor, days=[current.date])
    audit_event(
        actor=actor,
        action="holiday.delete",
        target=current,
        target_label=_label(current),
        changes=diff(_values(current), {}),
        note=f"{recounted} tenggat dihitung ulang",
    )
