"""What care does when a data subject withdraws consent, or when a case is anonymised
under the retention schedule (called through ``cases.extensions`` inside the cases
service's transaction, which authorised the actor; each function checks again)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from payung.audit.services import audit_event
from payung.care.choices import ReferralStatus
from payung.care.models import (
    Accompaniment,
    ClosureServiceNote,
    HomeVisit,
    Referral,
    ReferralEvent,
    ReferralReport,
    Reintegration,
    ServiceRecord,
    Stay,
    Task,
    VisumLetter,
)
from payung.cases import policies as case_policies
from payung.cases.choices import ConsentPurpose
from payung.cases.consent import consent_allows
from payung.cases.models import Case, Consent
from payung.cases.services.privacy import blank_encrypted
from payung.core.actors import is_system, require_actor

# A referral whose data the provider has or had in hand: sent, accepted, scheduled, done.
_SHARED_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.SCHEDULED,
    ReferralStatus.COMPLETED,
)


def _authorize(actor: Any, case: Case) -> None:
    """A case worker (withdrawal recorded on the case page), the DPO of the case's region
    (a request in the privacy register) or the retention command."""
    require_actor(actor)
    if is_system(actor) or case_policies.is_privacy_officer(actor):
        case_policies.authorize_privacy_officer(actor, case)
        return
    case_policies.authorize_case(actor, case, "edit")


@transaction.atomic
def referrals_consent_withdrawn(*, actor: Any, case: Case, consent: Consent) -> int:
    """The provider loses the snapshot of every open or completed referral of that victim
    to that organisation that rested on the withdrawn consent (not on a supervisor's
    override), unless another consent to that organisation is still in force. Returns how
    many referrals were stopped; each is audited."""
    _authorize(actor, case)
    if consent.purpose != ConsentPurpose.SHARING or consent.withdrawn_at is None:
        return 0
    victim = consent.subject
    referrals = Referral.objects.select_for_update().filter(
        case=case,
        victim=victim,
        consent_override__isnull=True,
        consent_withdrawn_at__isnull=True,
        status__in=_SHARED_STATUSES,
    )
    if consent.organisation_id is not None:
        referrals = referrals.filter(organisation_id=consent.organisation_id)
    else:
        referrals = referrals.filter(organisation__name__iexact=consent.organisation_name)
    stopped = 0
    now = timezone.now()
    for referral in referrals.select_related("organisation"):
        assert victim.person is not None
        if consent_allows(
            case,
            victim.person,
            ConsentPurpose.SHARING,
            organisation=referral.organisation,
            include_overrides=False,
        ):
            continue
        referral.consent_withdrawn_at = now
        referral.save(update_fields=["consent_withdrawn_at", "updated_at"])
        audit_event(
            actor=actor,
            action="referral.consent_withdrawn",
            target=referral,
            target_label=case.number,
            changes={"consent_withdrawn": [False, True]},
        )
        stopped += 1
    return stopped


@transaction.atomic
def care_anonymise(*, actor: Any, case: Case) -> dict[str, int]:
    """Blank care's encrypted values of an anonymised case; keep services, outcomes, dates.
    A referral's snapshot becomes an empty record: the provider's copy is gone too."""
    case_policies.authorize_privacy_officer(actor, case)
    referrals = Referral.objects.filter(case=case)
    counts = {
        "referrals": blank_encrypted(referrals, keep=("snapshot",)),
        "referral_events": blank_encrypted(ReferralEvent.objects.filter(referral__case=case)),
        "referral_reports": blank_encrypted(ReferralReport.objects.filter(referral__case=case)),
        "service_records": blank_encrypted(ServiceRecord.objects.filter(case=case)),
        "visum_letters": blank_encrypted(VisumLetter.objects.filter(case=case)),
        "accompaniments": blank_encrypted(Accompaniment.objects.filter(case=case)),
        "reintegrations": blank_encrypted(Reintegration.objects.filter(case=case)),
        "home_visits": blank_encrypted(HomeVisit.objects.filter(case=case)),
        "tasks": blank_encrypted(Task.objects.filter(case=case)),
        "stays": blank_encrypted(Stay.objects.filter(case=case)),
        "closure_service_notes": blank_encrypted(
            ClosureServiceNote.objects.filter(Q(closure_request__case=case))
        ),
    }
    referrals.update(snapshot="{}", shared_fields=[])
    audit_event(
        actor=actor,
        action="care.anonymise",
        target=case,
        target_label=case.number,
        changes={"rows": [None, counts]},
    )
    return counts
