"""Reports (pengaduan), the minimal Case they become, and the triage rules.

Identifying values (names, contacts, the chronology, address details, attachments) are
``EncryptedTextField``s: the database holds AES-GCM ciphertext only. The reporter's phone
also has a keyed blind index so duplicates can be matched without the plaintext.

Everything here is data and invariants; every write goes through ``services.py``.

Modules: ``records``, ``people``, ``status``, ``assessment``, ``deadlines``, ``consent``, ``documents``.
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
from payung.cases.models.people import (  # noqa: F401
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
