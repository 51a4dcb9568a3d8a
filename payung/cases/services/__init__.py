"""Every write to reports and cases.

Each function is keyword-only, runs in one transaction, authorises its ``actor`` through
``payung.cases.policies`` (a ``SystemActor`` for commands; ``None`` is refused), records
what it did in the report's history (``ReportEvent``) and in the audit trail, and defers
notifications until the transaction has committed. Views, the API, commands and tests all
call these.

Identification (docs/domain.md#flow, step 2) is a small state machine: a report is ``baru`` until a
triager opens a case, attaches it to one, refers it out of the city, or closes it as not a
case. None of them deletes the report; the reporter's coarse status follows the move.

Modules, one per sub-domain: ``report_states`` (the report's state machine), ``reports``
(recording a report), ``triage``, ``report_status`` (the reporter's status check),
``triage_rules``, ``editing`` (case lock, versions, conflicts), ``people``, ``case_record``
(the case and its incidents), ``transitions`` (status, closure, reopening), ``team``,
``assessment`` (and the plan), ``deadlines``, ``consent``, ``documents`` (and notes), and
``notify``.
"""

from __future__ import annotations

from payung.cases.services.assessment import (  # noqa: F401
    PLAN_FIELDS,
    assessment_record,
    plan_item_add,
    plan_item_set_status,
    plan_save,
)
from payung.cases.services.case_record import (  # noqa: F401
    CASE_EDIT_FIELDS,
    INCIDENT_FIELDS,
    IncidentInput,
    _clean_incident,
    case_seed_from_report,
    case_update,
    incident_add,
    incident_update,
)
from payung.cases.services.consent import (  # noqa: F401
    _organisation_ref,
    consent_override_record,
    consent_record,
    consent_withdraw,
    consent_withdraw_on_request,
)
from payung.cases.services.deadlines import (  # noqa: F401
    RISK_TRIGGERS,
    _meet_rules,
    _monitoring_started,
    _rule_anchor,
    case_deadline_rule_update,
    deadline_followup_add,
    deadline_record,
    deadline_sync,
)
from payung.cases.services.documents import (  # noqa: F401
    document_upload,
    handling_document_issue,
    note_add,
)
from payung.cases.services.editing import (  # noqa: F401
    ConflictChange,
    EditConflict,
    _audit_changes,
    _changes,
    _check_version,
    _display,
    _lock_case,
    _require_open,
    _revise,
    _snapshot,
)
from payung.cases.services.empowerment import (  # noqa: F401
    empowerment_consent_withdrawn,
    empowerment_refer,
)
from payung.cases.services.notify import (  # noqa: F401
    _notify_on_commit,
)
from payung.cases.services.people import (  # noqa: F401
    PERSON_FIELDS,
    PartyResult,
    PersonInput,
    _apply_person,
    _check_choice,
    _clean_person,
    _index_person_names,
    _refresh_case_flags,
    party_add,
    person_update,
)
from payung.cases.services.privacy import (  # noqa: F401
    case_anonymise,
    case_processing_restrict,
    report_anonymise,
)
from payung.cases.services.report_states import (  # noqa: F401
    PUBLIC_STATUS_FOR,
    TRANSITIONS,
    IdempotencyConflict,
    TransitionError,
    _check_transition,
    _move,
    _record,
)
from payung.cases.services.report_status import (  # noqa: F401
    _DUMMY_HASH,
    PinCheck,
    _dummy_check,
    max_pin_failures,
    report_pin_check,
    report_pin_unlock,
)
from payung.cases.services.reports import (  # noqa: F401
    ReportInput,
    ReportSubmission,
    _attachment_store,
    _build_report,
    _initial_risk,
    _notify_high_risk_on_commit,
    _replay,
    _validate_input,
    _victim_is_child,
    attachment_read,
    city_code,
    report_add_information,
    report_create,
)
from payung.cases.services.team import (  # noqa: F401
    _check_case_worker,
    case_assign,
    case_lawful_basis_set,
    case_restrict,
    case_team_add,
    case_team_remove,
    case_transfer,
)
from payung.cases.services.transitions import (  # noqa: F401
    _apply_status,
    case_reopen,
    case_transition,
    closure_decide,
    closure_request,
)
from payung.cases.services.triage import (  # noqa: F401
    _default_owner,
    _lock,
    _next_case_number,
    case_open,
    report_attach_to_case,
    report_close_not_case,
    report_open_case,
    report_refer_out,
    report_set_public_message,
    report_set_risk,
)
from payung.cases.services.triage_rules import (  # noqa: F401
    triage_rule_update,
)
