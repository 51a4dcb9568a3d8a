"""Forms of intake, triage and casework.

They only validate input and turn it into service inputs (``ReportInput``,
``PersonInput``…); the services decide and write. Limits are enforced here (and again by
the API schemas) so a very long value gets a clear message instead of a stored blob.

Modules: ``widgets`` (renderer, widgets, kelurahan choices), ``report_forms`` (public and
staff intake), ``triage_forms``, ``case_forms`` (filters, the case, people and parties,
incidents), ``action_forms`` (the case page's actions).
"""

from __future__ import annotations

from payung.cases.forms.action_forms import (  # noqa: F401
    AssessmentForm,
    CaseDeadlineRuleForm,
    ClosureDecisionForm,
    ClosureRequestForm,
    ConsentForm,
    ConsentOverrideForm,
    DeadlineRecordForm,
    DocumentForm,
    FollowupForm,
    LawfulBasisForm,
    NoteForm,
    PlanForm,
    PlanItemForm,
    PlanItemStatusForm,
    ReopenForm,
    RestrictForm,
    TransferForm,
    TransitionForm,
    UserChoiceForm,
    WithdrawForm,
)
from payung.cases.forms.case_forms import (  # noqa: F401
    NEW_PERSON,
    PARTY_KINDS,
    CaseEditForm,
    CaseFilterForm,
    IncidentForm,
    PartyForm,
    PartyKind,
    PersonEditForm,
    PersonForm,
    VersionedForm,
    _date_field,
    nik_match_label,
    party_choices,
    party_kind,
    party_label,
    party_numbers,
)
from payung.cases.forms.report_forms import (  # noqa: F401
    ReportFieldsForm,
    StaffReportForm,
    _clean_token,
    _token_field,
)
from payung.cases.forms.triage_forms import (  # noqa: F401
    AttachForm,
    DeadlineRuleForm,
    NotCaseForm,
    OpenCaseForm,
    OwnerChoiceField,
    PublicMessageForm,
    ReferOutForm,
    RiskForm,
    TriageForm,
    _message_field,
    _note_field,
    allowed_types_label,
)
from payung.cases.forms.widgets import (  # noqa: F401
    DESCRIPTION_MAX,
    INTAKE_RENDERER,
    OUTSIDE_CITY,
    SHORT_MAX,
    Checkboxes,
    IntakeFormRenderer,
    Radios,
    _city_regions,
    kelurahan_choices,
    set_required_messages,
)
