"""Data of care: the safe house and its stays, referrals and the provider's reports,
delivered services and the visum letter, accompaniment, reintegration, home visits and tasks.
The service catalogue and partner organisations are ``payung.partners.models``.

Everything here is data and invariants; every write goes through ``payung.care.services``.

Modules: ``shelters`` (shelters, stays), ``referrals``,
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
from payung.care.models.referrals import (  # noqa: F401
    Referral,
    ReferralEvent,
    ReferralReport,
)
from payung.care.models.shelters import (  # noqa: F401
    Shelter,
    Stay,
)
