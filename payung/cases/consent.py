"""The one consent check other apps call before they use or share a victim's data.

    from payung.cases.consent import consent_allows

    if not consent_allows(case, person, ConsentPurpose.SHARING, organisation=provider):
        ...  # refuse the referral, or ask a supervisor for an override

Sharing is allowed when the victim (or, for a child, their guardian) consented to sharing
with that organisation and has not withdrawn it, or when a supervisor recorded an override
with a reason (``services.consent_override_record``). Processing needs a processing consent.
``organisation`` may be the care app's organisation (matched by id, else by name), an id, or a
name (matched ignoring case and spacing).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from payung.cases.choices import ConsentPurpose, PartyRole
from payung.cases.models import Case, Consent, ConsentOverride, Person


def _fold(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def _organisation_q(organisation: Any) -> Q | None:
    if organisation is None:
        return None
    if isinstance(organisation, int):
        return Q(organisation_id=organisation)
    if isinstance(organisation, str):
        return None  # names are compared in Python (folded), below
    pk = getattr(organisation, "pk", None)
    return Q(organisation_id=pk) if pk is not None else None


def _organisation_matches(row: Any, organisation: Any) -> bool:
    if organisation is None:
        return True
    if isinstance(organisation, int):
        return row.organisation_id == organisation
    if isinstance(organisation, str):
        return _fold(row.organisation_name) == _fold(organisation)
    pk = getattr(organisation, "pk", None)
    if pk is not None and row.organisation_id is not None:
        return bool(row.organisation_id == pk)
    return _fold(row.organisation_name) == _fold(str(getattr(organisation, "name", "")))


def consent_allows(
    case: Case,
    person: Person,
    purpose: str,
    organisation: Any = None,
    *,
    include_overrides: bool = True,
) -> bool:
    """True when ``person`` (a victim of ``case``) may have their data used for ``purpose``
    (and, for sharing, with ``organisation``)."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    if purpose == ConsentPurpose.SHARING and organisation is None:
        raise ValueError("sharing consent is always for a named organisation")
    subject = Q(subject__case=case, subject__person=person, subject__role=PartyRole.VICTIM)
    consents = Consent.objects.filter(subject, purpose=purpose, withdrawn_at__isnull=True)
    if not person.is_child:
        # A guardian consents for a child only while the child is one: at 18 the consent
        # is sought again from the young adult (issue #14). An adult's own consent, or a
        # guardian's for an adult who needs one (given when they were already adult), stands.
        turned_18 = person.adult_since()
        if turned_18 is not None:
            consents = consents.exclude(given_by__role=PartyRole.GUARDIAN, given_on__lt=turned_18)
    if purpose == ConsentPurpose.SHARING:
        by_id = _organisation_q(organisation)
        candidates = list(consents.filter(by_id) if by_id is not None else consents)
        if not candidates and by_id is not None:
            candidates = list(consents.filter(organisation_id__isnull=True))
        if any(_organisation_matches(c, organisation) for c in candidates):
            return True
        if not include_overrides:
            return False
        overrides = ConsentOverride.objects.filter(subject, purpose=purpose)
        return any(_organisation_matches(o, organisation) for o in overrides)
    return consents.exists()
