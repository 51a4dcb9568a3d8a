"""Data of care: the service catalogue, partner organisations, the safe house and its stays,
referrals and the provider's reports, delivered services and the visum letter,
accompaniment, reintegration, home visits and tasks.

Everything here is data and invariants; every write goes through ``payung.care.services``.

Modules: ``partners`` (services, organisations, shelters, stays), ``referrals``,
``delivered`` (service records, visum letters), ``followup`` (accompaniment, reintegration,
home visits, tasks, the closure checklist's notes).
"""

from __future__ import annotations

from payung.care.models.delivered import (  # noqa: F401
    ServiceRecord,
    VisumLetter,
    VisumNumberCounter,
)
from payung.care.models.followup import (  # noqa: F401
    Accompaniment,
    ClosureServiceNote,
    HomeVisit,
    Reintegration,
    Task,
)
from payung.care.models.partners import (  # noqa: F401
    Organisation,
    Service,
    Shelter,
    Stay,
)
from payung.care.models.referrals import (  # noqa: F401
    Referral,
    ReferralEvent,
    ReferralReport,
)
