"""``/api/v1/cases/`` and ``/api/v1/people/``: the case record for integrations, scoped like
the staff pages.

- Only roles that work cases (PPT officer, case manager, supervisor) may call these; others
  get 403. A case outside the caller's scope answers 404, the same as one that does not exist.
- Edits carry ``version`` (optimistic locking): a stale edit answers 409 ``edit_conflict``
  with the other person's changes in ``details``, and nothing is overwritten.
- A move the state machine does not allow answers 409 ``invalid_transition``.
- Reading a case, its people or a document is recorded in the access log.

Modules: ``common`` (routers, helpers), ``schemas``, ``endpoints``, ``people``.
"""

from payung.cases.api_cases.common import (  # noqa: F401
    MAX_LIMIT,
    _case,
    _case_version,
    _detail,
    _kelurahan,
    _party,
    _person_input,
    _person_patch,
    _run,
    _user,
    _validation,
    people_router,
    router,
)
from payung.cases.api_cases.endpoints import (  # noqa: F401
    assessment_add,
    assessment_list,
    case_detail,
    case_list,
    case_update,
    closure_decide,
    closure_request,
    consent_add,
    consent_list,
    consent_withdraw,
    deadline_list,
    document_download,
    document_list,
    document_upload,
    incident_add,
    incident_list,
    party_add,
    party_list,
    person_update,
    transition,
    transition_list,
)
from payung.cases.api_cases.people import (  # noqa: F401
    people_search,
)
from payung.cases.api_cases.schemas import (  # noqa: F401
    KELURAHAN_PATTERN,
    AssessmentIn,
    AssessmentOut,
    CaseDetailOut,
    CaseEditIn,
    CaseOut,
    ClosureDecisionIn,
    ClosureOut,
    ClosureRequestIn,
    ConsentIn,
    ConsentOut,
    DeadlineOut,
    DocumentOut,
    IncidentIn,
    IncidentOut,
    PartyCreatedOut,
    PartyIn,
    PartyOut,
    PersonIn,
    PersonMatchOut,
    PersonOut,
    PersonUpdateIn,
    StatusChangeOut,
    TransitionIn,
    UndeliveredReasonIn,
    WithdrawIn,
)
