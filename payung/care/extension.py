"""What care adds to a case and to a partner organisation, plugged in through
``payung.cases.extensions`` and ``payung.partners.extensions``.

``cases`` knows nothing of referrals, services, visits or tasks; ``CareExtension`` tells it
what to show and what to do at the case's turning points. ``partners`` knows nothing of the
safe house; ``ShelterOfOrganisation`` keeps a shelter row (capacity; the confidential address
comes later) beside every organisation of kind ``rumah_aman``. Both are registered in
``CareConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from payung.accounts.models import User
from payung.care import selectors
from payung.care.choices import DELIVERED_OUTCOMES
from payung.care.models import ServiceRecord, Shelter
from payung.care.services.closure import closure_checklist_record
from payung.care.services.privacy import care_anonymise, referrals_consent_withdrawn
from payung.care.services.shelters import _shelter_capacity_set
from payung.care.services.tasks import (
    tasks_cancel_at_closure,
    tasks_from_plan,
    tasks_restore_at_reopen,
)
from payung.care.timeline import case_timeline_entries
from payung.cases.extensions import CaseExtension, DeliveredService
from payung.cases.models import Case, CaseParty, ClosureRequest, Consent
from payung.core.actors import SystemActor
from payung.partners.extensions import OrganisationExtension
from payung.partners.models import Organisation


class CareExtension(CaseExtension):
    key = "care"
    page_template = "care/_case_care.html"

    def page_data(
        self, user: User, case: Case, *, record: Any, parties: Mapping[int, CaseParty]
    ) -> selectors.CaseCare:
        return selectors.case_care(
            user,
            case,
            plan_items=record.plan_items,
            present=record.present,
            parties=dict(parties),
        )

    def timeline_entries(self, case: Case, data: Any = None) -> list[Any]:
        return case_timeline_entries(case, data)

    def closure_checklist(self, case: Case, data: Any = None) -> list[Any]:
        if data is not None:
            return list(data.checklist)
        return selectors.closure_checklist(case)

    def closure_checklists(self, requests: Iterable[ClosureRequest]) -> dict[int, list[Any]]:
        return selectors.closure_checklists(requests)

    def closure_requested(
        self, *, actor: User, request: ClosureRequest, reasons: Mapping[int, str]
    ) -> None:
        closure_checklist_record(actor=actor, request=request, reasons=reasons)

    def case_closed(self, *, actor: User, case: Case, reason: str) -> None:
        tasks_cancel_at_closure(actor=actor, case=case)

    def case_reopened(self, *, actor: User, case: Case, restore: bool = False) -> None:
        if restore:
            tasks_restore_at_reopen(actor=actor, case=case)

    def plan_agreed(self, *, actor: User | SystemActor, case: Case) -> None:
        tasks_from_plan(actor=actor, case=case)

    def consent_withdrawn(self, *, actor: User, case: Case, consent: Consent) -> None:
        referrals_consent_withdrawn(actor=actor, case=case, consent=consent)

    def case_anonymised(self, *, actor: User | SystemActor, case: Case) -> dict[str, int]:
        return care_anonymise(actor=actor, case=case)

    def handling_document_services(self, case: Case, victim: CaseParty) -> list[DeliveredService]:
        """The victim's delivered services, each credited to whoever gave it: the partner
        organisation (the RSUD that did the visum), or our own unit. A safe house is not
        named: the document goes home with the victim, and the shelter is confidential."""
        records = (
            ServiceRecord.objects.filter(case=case, victim=victim, outcome__in=DELIVERED_OUTCOMES)
            .select_related("service", "organisation")
            .order_by("delivered_on", "pk")
        )
        rows = []
        for record in records:
            provider = record.provider_label
            if record.organisation is not None and record.organisation.is_shelter:
                provider = str(_("Rumah aman (nama dan alamat dirahasiakan)"))
            rows.append(
                DeliveredService(
                    delivered_on=record.delivered_on,
                    service=record.service.code,
                    label=record.service.name,
                    provider=provider,
                )
            )
        return rows


class ShelterOfOrganisation(OrganisationExtension):
    """The safe house behind an organisation of kind ``rumah_aman``: created with it (its
    capacity is required), and its capacity changed from the organisation's form. Runs inside
    ``partners.services``' transaction, after it authorised the actor."""

    def check_create(self, *, organisation: Organisation, capacity: int | None) -> None:
        if organisation.is_shelter and capacity is None:
            raise ValidationError(
                {"capacity": _("Isi kapasitas rumah aman (jumlah tempat tidur).")}
            )

    def organisation_created(
        self, *, actor: User | SystemActor, organisation: Organisation, capacity: int | None
    ) -> dict[str, list[Any]]:
        if not organisation.is_shelter:
            return {}
        assert capacity is not None  # check_create refused it before the organisation was saved
        shelter = Shelter(organisation=organisation, capacity=capacity)
        shelter.full_clean()
        shelter.save()
        return {"capacity": [None, capacity]}

    def organisation_updated(
        self, *, actor: User | SystemActor, organisation: Organisation, capacity: int | None
    ) -> dict[str, list[Any]]:
        if capacity is None or not organisation.is_shelter:
            return {}
        changed = _shelter_capacity_set(organisation.shelter, capacity)
        return {"capacity": changed} if changed is not None else {}
