"""The services catalogue, partner organisations and the safe house (rumah aman).

- ``Service``: the ten city services (DOMAIN.md §1), one row each, seeded by a data migration
  and keyed by a stable ``code``; each maps to a SIMFONI-PPA service category so the national
  register is one export. The admin edits the description (and, because the mapping of some
  services is a judgement call, the category).
- ``Organisation``: a partner that delivers services (puskesmas, RSUD, police PPA unit, LBH,
  …). Scoped like everything else by its region's Kemendagri code (``region_code``, a prefix
  filter). Provider and shelter staff accounts belong to exactly one organisation.
- ``Shelter``: the safe-house side of an organisation of kind ``rumah_aman``: capacity and the
  confidential address (encrypted; only the shelter's own staff and supervisors read it).
- ``Stay``: a victim's admission to a shelter: the case, the victim party, the "rumah aman"
  service record it made, and an encrypted alias ("nama samaran") for the shelter's staff.

Everything here is data and invariants; every write goes through ``services.py``.

Modules: ``partners``, ``referrals``, ``delivered``, ``followup``.
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
