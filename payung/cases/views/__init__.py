"""Staff pages of intake, triage and casework. Thin: parse, fetch through a policy (404 for
outsiders), call a selector or service, render.

Modules: ``report_pages`` (lists, intake, one report, triage actions), ``case_pages`` (case
lists and the case page), ``edit_pages`` (forms carrying the version), ``case_actions``
(small POSTs on the case page, downloads), ``queues`` (deadlines, breaches, closure
approvals), ``triage_rule_admin`` and ``case_rule_admin`` (deadline rules for the system
admin).
"""

from __future__ import annotations

from payung.cases.views.case_actions import (  # noqa: F401
    case_assign,
    case_lawful_basis,
    case_reopen,
    case_restrict,
    case_transfer,
    case_transition,
    closure_request,
    consent_add,
    consent_override,
    consent_withdraw,
    deadline_record,
    document_download,
    document_upload,
    empowerment_refer,
    followup_add,
    handling_document,
    note_add,
    plan_item_add,
    plan_item_status,
    team_add,
    team_remove,
)
from payung.cases.views.case_pages import (  # noqa: F401
    CASE_PAGE_SIZE,
    _act,
    _back,
    _case_context,
    _case_list,
    _filters,
    _invalid,
    _lazy,
    case_by_number,
    case_detail,
    case_list,
    case_timeline,
    cases_required,
    my_cases,
)
from payung.cases.views.case_rule_admin import (  # noqa: F401
    _rule_form,
    case_deadline_rule_update,
    case_deadline_rules,
)
from payung.cases.views.edit_pages import (  # noqa: F401
    _conflict_form,
    _form_page,
    _incident_form,
    _init,
    assessment_add,
    case_edit,
    incident_add,
    incident_edit,
    party_add,
    person_edit,
    plan_edit,
)
from payung.cases.views.queues import (  # noqa: F401
    closure_decide,
    closure_queue,
    deadlines,
)
from payung.cases.views.report_pages import (  # noqa: F401
    PAGE_SIZE,
    RECEIPT_KEY,
    RECEIPT_LABEL,
    _action_failed,
    _detail_context,
    _run,
    report_attach,
    report_attachment,
    report_close_not_case,
    report_create,
    report_detail,
    report_list,
    report_message,
    report_open_case,
    report_refer_out,
    report_set_risk,
    report_unlock,
    reports_required,
    triage_queue,
)
from payung.cases.views.triage_rule_admin import (  # noqa: F401
    deadline_rule_update,
    deadline_rules,
)
