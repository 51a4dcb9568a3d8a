"""Every write to the care app: shelters and stays, referrals, delivered services and the
rest of a case's care. The service catalogue and partner organisations are written by
``payung.partners.services`` (care adds a safe house's row through
``partners.extensions``).

Each function is keyword-only, runs in one transaction, checks that the actor may do it, and
writes its audit event in the same transaction. A management command passes a
``SystemActor`` (payung/core/actors.py); ``None`` is refused.

Modules, one per sub-domain: ``shelters`` (capacity, confidential address, stays),
``sharing`` (consent checks before data leaves the centre), ``referrals`` (send, accept,
decline, schedule, complete), ``service_records``, ``visum`` (the free-visum letter),
``accompaniment``, ``reintegration``, ``visits`` (home visits), ``tasks`` and ``closure``
(the checklist).
"""

from __future__ import annotations

from payung.care.services.accompaniment import (  # noqa: F401
    _check_officer,
    accompaniment_plan,
    accompaniment_record_outcome,
)
from payung.care.services.closure import (  # noqa: F401
    closure_checklist_record,
)
from payung.care.services.privacy import (  # noqa: F401
    care_anonymise,
    referrals_consent_withdrawn,
)
from payung.care.services.referrals import (  # noqa: F401
    _check_move,
    _lock_referral,
    _move_referral,
    _referral_event,
    _require_inbox,
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_decline,
    referral_report_read,
    referral_report_upload,
    referral_schedule,
    referral_send,
)
from payung.care.services.reintegration import (  # noqa: F401
    _is_city_kelurahan,
    reintegration_handover,
    reintegration_plan,
)
from payung.care.services.service_records import (  # noqa: F401
    _internal_unit_of,
    _planned_service_delivered,
    _record_service,
    _service,
    service_record_add,
)
from payung.care.services.sharing import (  # noqa: F401
    ConsentRequired,
    ReferralTransitionError,
    _consent_message,
    _require_case_work,
    _require_victim,
    _sharing_basis,
    _stored,
)
from payung.care.services.shelters import (  # noqa: F401
    ShelterFull,
    _lock_shelter,
    _shelter_capacity_set,
    occupancy,
    shelter_update,
    stay_admit,
    stay_discharge,
)
from payung.care.services.tasks import (  # noqa: F401
    _task_due,
    task_add,
    task_complete,
    task_reminders_enqueue,
    tasks_cancel_at_closure,
    tasks_from_plan,
    tasks_restore_at_reopen,
)
from payung.care.services.visits import (  # noqa: F401
    _lock_visit,
    home_visit_cancel,
    home_visit_record,
    home_visit_schedule,
)
from payung.care.services.visum import (  # noqa: F401
    _next_visum_number,
    visum_letter_issue,
    visum_letter_print,
)
