"""Data of intake and casework: reports and the cases they become, people and parties,
incidents, the status history, assessment and plan, deadlines, consent, documents and notes.

Identifying values (names, NIK and No. KK, contacts, the chronology, address details,
attachments) are ``EncryptedTextField``s or sealed blobs: the database holds AES-GCM
ciphertext only; exact lookups go through keyed blind indexes.

Everything here is data and invariants; every write goes through ``payung.cases.services``.

Modules: ``records`` (the report and the case, triage rules, case numbers), ``people``
(people, name tokens, parties, incidents), ``status`` (status changes, closure requests,
revisions), ``assessment`` (assessment, plan, plan items), ``deadlines``, ``consent``,
``documents`` (and notes).
"""

from __future__ import annotations

from payung.cases.models.assessment import (  # noqa: F401
    Assessment,
    CasePlan,
    PlanItem,
)
from payung.cases.models.consent import (  # noqa: F401
    Consent,
    ConsentOverride,
)
from payung.cases.models.deadlines import (  # noqa: F401
    CaseDeadline,
    DeadlineRule,
)
from payung.cases.models.documents import (  # noqa: F401
    CaseDocument,
    CaseNote,
)
from payung.cases.models.empowerment import EmpowermentReferral  # noqa: F401
from payung.cases.models.people import (  # noqa: F401
    CaseNameToken,
    CaseParty,
    Incident,
    Person,
    PersonNameToken,
)
from payung.cases.models.records import (  # noqa: F401
    Case,
    CaseNumberCounter,
    Report,
    ReportAttachment,
    ReportEvent,
    TriageDeadlineRule,
    _attachment_ref,
)
from payung.cases.models.status import (  # noqa: F401
    CaseRevision,
    CaseStatusChange,
    ClosureRequest,
)
