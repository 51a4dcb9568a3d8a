"""The referral state machine and what a referral shares.

``TRANSITIONS`` is the whole table; each service in ``services.py`` applies one move, writes a
``ReferralEvent`` and an audit event, and tells the other side::

    dikirim ──► diterima ──► dijadwalkan ──► selesai
       │  │         └─────────────────────────▲
       │  └──────────────────► dijadwalkan (scheduling is accepting)
       ├──► ditolak
       └──► dibatalkan   (also from diterima and dijadwalkan; by the case worker)

The provider answers (accept or decline), schedules (and may reschedule), and completes with
an outcome. The case worker may cancel while the referral is open.

What the provider reads is a *snapshot* taken when the referral is sent (``build_snapshot``):
the minimal data set — case number, service, urgency, the victim's alias, age group and sex,
and the note for the provider — plus only the fields the case worker ticked. It is stored
encrypted on the referral and never re-read from the live case.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from payung.care.choices import ReferralStatus, SharedField, Urgency
from payung.cases.choices import AgeGroup, PartyRole, age_group_for
from payung.core.statemachine import StateMachine

S = ReferralStatus

TRANSITIONS: dict[str, frozenset[str]] = {
    # Scheduling straight away is accepting with an appointment.
    S.SENT: frozenset({S.ACCEPTED, S.SCHEDULED, S.DECLINED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.SCHEDULED, S.COMPLETED, S.CANCELLED}),
    # Rescheduling is a move to the same status.
    S.SCHEDULED: frozenset({S.SCHEDULED, S.COMPLETED, S.CANCELLED}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Statuses in which the provider may attach a report.
REPORT_STATUSES = frozenset({S.ACCEPTED, S.SCHEDULED, S.COMPLETED})

# Longest texts copied into a snapshot: a summary, not the file.
SUMMARY_CHARS = 2000


MACHINE = StateMachine(TRANSITIONS, states=S.values)


def can_move(from_status: str, to_status: str) -> bool:
    return MACHINE.allows(from_status, to_status)


def response_hours(urgency: str) -> int:
    """Hours the provider has to answer a referral of this urgency (settings, configurable)."""
    if urgency == Urgency.URGENT:
        return int(getattr(settings, "REFERRAL_RESPONSE_HOURS_URGENT", 24))
    return int(getattr(settings, "REFERRAL_RESPONSE_HOURS_NORMAL", 72))


def response_due(urgency: str, sent_at: datetime) -> datetime:
    return sent_at + timedelta(hours=response_hours(urgency))


def _clip(text: str) -> str:
    text = (text or "").strip()
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def build_snapshot(
    *,
    case: Any,
    victim: Any,
    service: Any,
    urgency: str,
    note: str,
    shared: Iterable[str],
) -> dict[str, Any]:
    """What the provider will see, as plain JSON-able values.

    ``victim`` is a victim ``CaseParty`` with its person. Extra fields appear only when chosen.
    """
    person = victim.person
    age = person.age() if person is not None else None
    age_group = age_group_for(age) if age is not None else ""
    labels = dict(AgeGroup.choices)
    data: dict[str, Any] = {
        "case_number": case.number,
        "service": service.code,
        "service_name": str(service.name),
        "urgency": urgency,
        "alias": (person.alias if person is not None else "") or "",
        "age_group": age_group,
        "age_group_label": str(labels.get(age_group, "")) if age_group else "",
        "sex": person.sex if person is not None else "",
        "sex_label": str(person.get_sex_display()) if person is not None else "",
        "note": note.strip(),
    }
    chosen = set(shared)
    if SharedField.FULL_NAME in chosen:
        data["name"] = (person.name if person is not None else "") or ""
    if SharedField.PHONE in chosen:
        data["phone"] = (person.phone if person is not None else "") or ""
    if SharedField.ADDRESS in chosen:
        address = (person.address if person is not None else "") or ""
        if person is not None and person.kelurahan_id is not None:
            address = ", ".join(p for p in (address, f"Kel. {person.kelurahan.name}") if p)
        data["address"] = address
    if SharedField.NIK in chosen:
        data["nik"] = (person.nik if person is not None else "") or ""
    if SharedField.CHRONOLOGY in chosen:
        incidents = case.incidents.filter(victims=victim).order_by("occurred_on", "pk")
        if not incidents.exists():
            incidents = case.incidents.order_by("occurred_on", "pk")
        parts = []
        for incident in incidents:
            when = incident.occurred_on.strftime("%d-%m-%Y") if incident.occurred_on else ""
            forms = ", ".join(incident.get_violence_forms_display())
            head = " · ".join(p for p in (when, forms) if p)
            parts.append(f"{head}: {incident.chronology}" if incident.chronology else head)
        data["chronology"] = _clip("\n".join(p for p in parts if p))
    if SharedField.ASSESSMENT in chosen:
        assessment = victim.assessments.order_by("-assessed_on", "-pk").first()
        if assessment is None:
            data["assessment"] = ""
        else:
            levels = "; ".join(f"{d['label']}: {d['level_label']}" for d in assessment.domains())
            data["assessment"] = _clip("\n".join(p for p in (levels, assessment.summary) if p))
    return data


def is_victim(party: Any, case: Any) -> bool:
    return bool(
        party is not None
        and party.case_id == case.pk
        and party.role == PartyRole.VICTIM
        and party.person_id is not None
    )
