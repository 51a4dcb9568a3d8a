"""Pages of care: the partner directory and reference data, shelters, and a case's care —
referrals, delivered services and the visum letter, accompaniment and reintegration, home
visits, tasks — and the provider's referral inbox. Thin: parse, fetch through a policy,
call a service or selector, render.

Modules: ``access`` (decorators), ``organisation_pages``, ``shelter_pages``, ``case_care``
(helpers), ``referral_pages``, ``service_pages``, ``followup_pages``, ``visit_pages``,
``task_pages``, ``inbox_pages``.
"""

from __future__ import annotations

from payung.care.views.access import (  # noqa: F401
    PAGE_SIZE,
    View,
    _form_failed,
    _signed_in,
    allowed_if,
    login_required_staff,
)
from payung.care.views.case_care import (  # noqa: F401
    _case_page,
    _case_url,
    _flash_errors,
    _log_case,
)
from payung.care.views.followup_pages import (  # noqa: F401
    accompaniment_add,
    accompaniment_outcome,
    reintegration_add,
    reintegration_handover,
)
from payung.care.views.inbox_pages import (  # noqa: F401
    _inbox_context,
    _provider_step,
    referral_accept,
    referral_complete,
    referral_decline,
    referral_inbox,
    referral_inbox_detail,
    referral_report_upload,
    referral_schedule,
)
from payung.care.views.organisation_pages import (  # noqa: F401
    directory,
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
    service_edit,
    service_list,
)
from payung.care.views.referral_pages import (  # noqa: F401
    referral_cancel,
    referral_create,
    referral_detail,
    referral_list,
    referral_report_download,
)
from payung.care.views.service_pages import (  # noqa: F401
    service_record_add,
    visum_letter_create,
    visum_letter_pdf,
)
from payung.care.views.shelter_pages import (  # noqa: F401
    _shelter_context,
    shelter_detail,
    shelter_edit,
    shelter_list,
    shelter_residents,
    stay_admit,
    stay_discharge,
)
from payung.care.views.task_pages import (  # noqa: F401
    my_tasks,
    task_add,
    task_done,
)
from payung.care.views.visit_pages import (  # noqa: F401
    _visit_context,
    _week_from,
    home_visit_add,
    home_visit_cancel,
    home_visit_detail,
    home_visit_record,
    my_visits,
)
