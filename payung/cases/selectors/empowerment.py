"""The case page's "Pemberdayaan ekonomi" panel: per victim, whether she may be referred
(her sharing consent with the registry's unit) and, once referred, one line of status that
the registry answers through ``cases.empowerment`` — nothing else of her registration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from payung.cases import empowerment
from payung.cases.choices import ConsentPurpose
from payung.cases.consent import _fold
from payung.cases.models import EmpowermentReferral


@dataclass(frozen=True)
class VictimRow:
    party: Any
    has_consent: bool
    referral: EmpowermentReferral | None
    status: str = ""


@dataclass(frozen=True)
class EmpowermentPanel:
    unit: str
    label: str
    rows: list[VictimRow]
    needed: bool  # the latest assessment of a victim found an economic-empowerment need


def empowerment_panel(record: Any) -> EmpowermentPanel | None:
    """The panel for a loaded ``CaseRecord``: one query for the referrals, one call to the
    registry for the status of the live ones (none when there are none)."""
    receiver = empowerment.receiver()
    if receiver is None:
        return None
    victims = record.victims
    unit = _fold(receiver.organisation_name)
    consented = {
        c.subject_id
        for c in record.consents
        if c.purpose == ConsentPurpose.SHARING
        and c.withdrawn_at is None
        and _fold(c.organisation_name) == unit
    }
    latest: dict[int, EmpowermentReferral] = {}
    if victims and "empowerment_referrals" in record.present:
        for referral in EmpowermentReferral.objects.filter(case=record.case).order_by(
            "referred_at", "pk"
        ):
            latest[referral.subject_id] = referral  # the newest per victim wins
    live = [r.reference for r in latest.values() if r.stopped_at is None]
    statuses = receiver.statuses(live) if live else {}
    rows = [
        VictimRow(
            party=v,
            has_consent=v.pk in consented,
            referral=latest.get(v.pk),
            status=statuses.get(latest[v.pk].reference, "")
            if v.pk in latest and latest[v.pk].stopped_at is None
            else "",
        )
        for v in victims
    ]
    needed = any(a.economic_empowerment_need for a in record.latest_assessments)
    return EmpowermentPanel(
        unit=receiver.organisation_name, label=receiver.label, rows=rows, needed=needed
    )
